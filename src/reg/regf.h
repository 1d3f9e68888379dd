/* SPDX-License-Identifier: MIT */
/* regf.h: a hive read by libregf, behind hive.h's calls (regf.c): the --cross-check's hive reader. */
#ifndef HV_REGF_H
#define HV_REGF_H

#include "reg/hive.h"

/*
 * Open the hive in file (borrowed, must outlive the hive) with libregf,
 * through a libbfio handle on it.  Owned result (hive_close), or NULL with e
 * set (libregf's own error in e's trace).
 */
struct hive *regf_open(struct reader *file, struct err *e);
/* libregf's version string (static). */
const char *regf_lib_version(void);

#endif
