/* SPDX-License-Identifier: MIT */
/* fuzz_xfs.c: libFuzzer harness: our XFS reader (fs/xfs.c); the body is unixfs_body.h's. */
#define FUZZ_FS FS_XFS
#include "unixfs_body.h"
