/* SPDX-License-Identifier: MIT */
/*
 * unixfs.h: the file systems a Linux guest's root may be (ext2/3/4, XFS),
 * each a row of one table, behind one interface: open the volume, open a
 * file by its path (links followed), close.  A kind has our reader and
 * the second opinion's (libfsext, libfsxfs: fs/yalfs.h).  A new kind, or a
 * new reader of one, is a new row.
 */
#ifndef HV_FS_UNIXFS_H
#define HV_FS_UNIXFS_H

#include "base/kinds.h"
#include "io/reader.h"

struct unixfs;

/* Does one of our readers read kind? */
int unixfs_reads(enum fs_kind kind);
/* The second opinion's reader of kind ("libfsext") and its version, or NULL. */
const char *unixfs_second_reader(enum fs_kind kind, const char **version);
/*
 * Open the volume vol (borrowed) holding kind with our reader, or the
 * second opinion's (second).  Owned, or NULL with e set (ERR_UNSUPPORTED:
 * valid, not read).
 */
struct unixfs *unixfs_open(struct reader *vol, enum fs_kind kind, int second, struct err *e);
/* As ext_open_file / xfs_open_file: 1 with *out owned, 0 absent, -1 with e set. */
int unixfs_open_file(struct unixfs *u, const char *path, const char *name, struct reader **out, struct err *e);
void unixfs_close(struct unixfs *u);

#endif
