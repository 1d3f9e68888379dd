/* SPDX-License-Identifier: MIT */
/*
 * ext.h: our reader of ext2, ext3 and ext4 file systems, for the few paths
 * a Linux guest's facts need (/etc/os-release, /var/lib/hyperv/.kvp_pool_3):
 * the superblock and group descriptors, inodes, extent trees and block maps,
 * linear and hash-tree directories (read linearly: a tree's index hides in
 * entries of inode 0), inline data held in the inode, symbolic links.  Per
 * the kernel's Documentation/filesystems/ext4 (the on-disk layout).  Every
 * size and count from the volume is checked, every walk capped.  Offers
 * files as readers, as ntfs.h does.
 */
#ifndef HV_EXT_H
#define HV_EXT_H

#include <stdint.h>

#include "io/reader.h"

#define EXT_MAX_DIR      (64u << 20) /* bytes of one directory read */
#define EXT_MAX_SYMLINKS 8u     /* symbolic links followed in one lookup */

struct ext;

/* What the superblock says (for the report and tests). */
struct ext_info {
	uint32_t block_size, inode_size, inodes_per_group, groups;
	uint64_t blocks;
	uint32_t incompat, ro_compat, compat;
	int      needs_recovery;  /* the journal was not replayed (INCOMPAT_RECOVER) */
	char     label[17];       /* s_volume_name, "" none */
	char     uuid[37];
};

/* Is buf[0..len) (a volume's first 2 KiB) an ext file system's start? */
int ext_probe(const uint8_t *buf, size_t len);
/* Open the ext volume in vol (borrowed, must outlive it).  Owned, or NULL with e set. */
struct ext *ext_open(struct reader *vol, struct err *e);
const struct ext_info *ext_info(const struct ext *x);
/*
 * Look up path ('/'-separated, from the root, case-sensitive; symbolic links
 * followed, at most EXT_MAX_SYMLINKS) and open the regular file there as a
 * reader named name.  1 with *out owned (close it before ext_close), 0 when
 * the path does not exist, -1 with e set (a damaged structure, a directory).
 */
int ext_open_file(struct ext *x, const char *path, const char *name, struct reader **out, struct err *e);
/* Close; NULL is a no-op. */
void ext_close(struct ext *x);

#endif
