/* SPDX-License-Identifier: MIT */
/*
 * path.h: a path looked up from a file system's root, symbolic links
 * followed (absolute from the root, relative from where the link is), at
 * most a given number of them; "." stays and ".." goes back up the folders
 * walked down through (at the root it stays), never asking the file
 * system.  One walk for every file system we read (ext, XFS, and the
 * libyal readers of both), each giving its nodes through fs_path_ops.
 */
#ifndef HV_FS_PATH_H
#define HV_FS_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define FS_PATH_MAX   4096u /* bytes of a path, links expanded */
#define FS_PATH_DEPTH 256u  /* folders deep */

struct fs_path_ops {
	size_t node_size;   /* bytes of one node (an inode as the file system keeps it) */
	/* Inode ino into node: 0, or -1 with e set. */
	int (*load)(void *fs, uint64_t ino, void *node, struct err *e);
	/* name (n bytes) in directory dir: 1 with *ino, 0 when absent, -1 with e set. */
	int (*lookup)(void *fs, const void *dir, const char *name, size_t n, uint64_t *ino, struct err *e);
	/* The node's POSIX mode (its type in the top four bits). */
	unsigned (*mode)(const void *node);
	/* A link's target into out (cap bytes, NUL-ended): 0, or -1 with e set. */
	int (*link)(void *fs, const void *node, char *out, size_t cap, struct err *e);
};

/*
 * Look up path in fs from the directory inode root: 1 with node
 * (ops->node_size bytes) the regular file there, 0 when the path does not
 * exist, -1 with e set (a directory, not a regular file, more than
 * max_links links, damage).
 */
int fs_path_walk(const struct fs_path_ops *ops, void *fs, uint64_t root, const char *path, unsigned max_links,
    void *node, struct err *e);

#endif
