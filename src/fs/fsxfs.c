/* SPDX-License-Identifier: MIT */
/* fsxfs.c: libfsxfs, the second opinion on our XFS reader (yalfs.h; the body is yalfs_tmpl.h's). */
#include <libfsxfs.h>

#include "fs/yalfs.h"

#define YAL(x)  libfsxfs_##x
#define NAME    "libfsxfs"
#define INO_T   uint64_t
#define PFX(x)  fsxfs_##x
#include "fs/yalfs_tmpl.h"
