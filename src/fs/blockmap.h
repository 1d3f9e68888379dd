/* SPDX-License-Identifier: MIT */
/*
 * blockmap.h: a file's blocks as runs, and the file as a reader: what our
 * ext and XFS readers share.  A run maps logical blocks of the file onto
 * blocks of the volume, or is a hole (or an unwritten extent) that reads
 * as zeros; runs are added in order of logical block, never going back.
 */
#ifndef HV_FS_BLOCKMAP_H
#define HV_FS_BLOCKMAP_H

#include <stdint.h>

#include "io/reader.h"

#define FS_MAX_RUNS 65536u /* runs of blocks one file's map may have */

struct fs_run {
	uint64_t lblk, pblk, len;
	int      zero;           /* a hole, or unwritten: reads as zeros */
};

struct fs_map {
	struct fs_run *r;
	size_t         n, cap;
	unsigned       nodes;    /* tree or map blocks read for it (the reader's own cap) */
};

/* Add a run (merged with the last when contiguous): 0, or -1 (going back, the cap, memory) with e set. */
int fs_map_add(struct fs_map *m, uint64_t lblk, uint64_t pblk, uint64_t len, int zero, struct err *e);
void fs_map_free(struct fs_map *m);
/*
 * The file of size bytes whose blocks of block_size bytes m maps on vol
 * (borrowed), as a reader named name; beyond the runs it reads zeros.  m is
 * taken (emptied) on success.  Owned, or NULL with e set.
 */
struct reader *fs_map_reader(struct reader *vol, uint32_t block_size, struct fs_map *m, uint64_t size,
    const char *name, struct err *e);
/* A file held in its inode: len bytes of buf, copied.  Owned, or NULL with e set. */
struct reader *fs_inline_reader(const void *buf, size_t len, uint32_t sector_size, const char *name, struct err *e);

#endif
