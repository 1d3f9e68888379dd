/* SPDX-License-Identifier: MIT */
/*
 * ntfs.h: the NTFS layer (libfsntfs over a libbfio handle on a partition
 * window).  Offers files as readers, for the hive layer.
 */
#ifndef HV_NTFS_H
#define HV_NTFS_H

#include "io/reader.h"

struct ntfs;

/* Open the NTFS volume in vol (borrowed, must outlive it).  Owned, or NULL with e set. */
struct ntfs *ntfs_open(struct reader *vol, struct err *e);
/*
 * Look up path (components separated by '\', case-insensitive as NTFS is)
 * and open its default data stream as a reader named `name`.
 * Returns 1 with *out owned (close it before ntfs_close), 0 when the path
 * does not exist, -1 with e set on error (including "is a directory").
 */
int ntfs_open_file(struct ntfs *n, const char *path, const char *name, struct reader **out,
    struct err *e);
/*
 * From now on, every ntfs_open_file is libfsntfs's own path lookup, never
 * our index walk (--cross-check: the second opinion finds the file itself).
 */
void ntfs_library_lookups(struct ntfs *n);
/* How many ntfs_open_file lookups took our index walk, and how many libfsntfs's path lookup. */
void ntfs_lookups(const struct ntfs *n, unsigned *fast, unsigned *slow);
/* Close; NULL is a no-op. */
void ntfs_close(struct ntfs *n);
/* libfsntfs's version string (static). */
const char *ntfs_lib_version(void);

#endif
