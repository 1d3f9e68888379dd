/* SPDX-License-Identifier: MIT */
/* fuzz_ext.c: libFuzzer harness: our ext2/3/4 reader (fs/ext.c); the body is unixfs_body.h's. */
#define FUZZ_FS FS_EXT
#include "unixfs_body.h"
