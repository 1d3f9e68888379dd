/* SPDX-License-Identifier: MIT */
/*
 * ntfs_index.h: find a file's MFT entry by path, reading only the $I30
 * B-tree nodes on the way (part of the NTFS layer; ntfs.c then opens the
 * entry with libfsntfs, whose own path lookup reads every directory's whole
 * index: 5,000 entries of System32 for one file).
 */
#ifndef HV_NTFS_INDEX_H
#define HV_NTFS_INDEX_H

#include <stdint.h>

#include "io/reader.h"

#define NTIDX_MAX_DEPTH  32u     /* B-tree levels walked in one directory */
#define NTIDX_MAX_NODES  256u    /* index nodes read for one path */
#define NTIDX_MAX_RUNS   65536u  /* data runs kept for one attribute */
#define NTIDX_MAX_ATTRS  512u    /* attributes looked at in one MFT record */
#define NTIDX_MAX_PATH   64u     /* components in one path */

struct ntidx;

/*
 * Read the boot sector, $MFT's runlist and $UpCase of vol (borrowed): owned,
 * or NULL with e set.  e->code says which failure it is (both functions):
 * ERR_UNSUPPORTED or ERR_LIMIT: valid as far as we can tell, but beyond this
 * reader (an $ATTRIBUTE_LIST, an extent in another record, a cap): another
 * reader may try.  ERR_FORMAT: damaged (fixups, attribute or runlist bounds,
 * index nodes, a stale entry): no reader should be trusted with it.
 */
struct ntidx *ntidx_open(struct reader *vol, struct err *e);
/*
 * Look up path ('\'-separated, from the root; NTFS case rules via $UpCase):
 * 1 with *mft (entry number) set, 0 when a component does not exist, -1
 * with e set (codes as above).
 */
int ntidx_lookup(struct ntidx *x, const char *path, uint64_t *mft, struct err *e);
void ntidx_close(struct ntidx *x);

#endif
