/* SPDX-License-Identifier: MIT */
/*
 * xfs.h: our reader of XFS file systems (version 4 and 5), for the few
 * paths a Linux guest's facts need, as ext.h is for ext: the superblock,
 * inodes (version 1, 2 and 3), data forks held in the inode (short-form
 * directories, short symbolic links), as extent lists and as B+trees;
 * block, leaf and node directories (their data blocks read linearly: the
 * hash index is not needed to find a name).  Per the XFS Algorithms & Data
 * Structures document (docs/sources.md F2).  Every size and count from the
 * volume is checked, every walk capped.  Offers files as readers.
 */
#ifndef HV_XFS_H
#define HV_XFS_H

#include <stdint.h>

#include "io/reader.h"

#define XFS_MAX_DIR      (64u << 20) /* bytes of directory blocks read for one lookup */
#define XFS_MAX_SYMLINKS 8u

struct xfs;

struct xfs_info {
	uint32_t block_size, sector_size, inode_size, ag_blocks, ag_count, dir_block_size;
	uint64_t blocks;
	unsigned version;           /* 4 or 5 */
	int      ftype;             /* directory entries carry the file's type */
	int      needs_recovery;    /* the log is not clean (not known offline: always 0 here) */
	char     label[13];
	char     uuid[37];
};

/* Is buf[0..len) an XFS volume's first sector? */
int xfs_probe(const uint8_t *buf, size_t len);
/* Open the XFS volume in vol (borrowed, must outlive it).  Owned, or NULL with e set. */
struct xfs *xfs_open(struct reader *vol, struct err *e);
const struct xfs_info *xfs_info(const struct xfs *x);
/* As ext_open_file: 1 with *out owned, 0 absent, -1 with e set. */
int xfs_open_file(struct xfs *x, const char *path, const char *name, struct reader **out, struct err *e);
void xfs_close(struct xfs *x);

#endif
