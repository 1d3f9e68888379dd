/* SPDX-License-Identifier: MIT */
/*
 * yalfs.h: libfsext and libfsxfs, the second opinion on our ext and XFS
 * readers (the cross-check): one adapter each (fsext.c, fsxfs.c), both
 * made from yalfs_tmpl.h, whose shape is theirs (their APIs are twins).
 * The library reads the volume through a libbfio handle on our reader
 * (io/bfio.h), looks up each name in a directory itself, and reads the
 * file; links are followed by fs/path.h's walk over its answers.
 */
#ifndef HV_FS_YALFS_H
#define HV_FS_YALFS_H

#include "io/reader.h"

struct yalfs;

struct yalfs *fsext_open(struct reader *vol, struct err *e);
int fsext_open_file(struct yalfs *y, const char *path, const char *name, struct reader **out, struct err *e);
void fsext_close(struct yalfs *y);
const char *fsext_lib_version(void);

struct yalfs *fsxfs_open(struct reader *vol, struct err *e);
int fsxfs_open_file(struct yalfs *y, const char *path, const char *name, struct reader **out, struct err *e);
void fsxfs_close(struct yalfs *y);
const char *fsxfs_lib_version(void);

#endif
