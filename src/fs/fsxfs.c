/* SPDX-License-Identifier: MIT */
/* fsxfs.c: libfsxfs, the second opinion on our XFS reader (yalfs.h; the body is yalfs_tmpl.h's). */
#ifdef HV_NO_LIBFSXFS
#define YAL_ABSENT /* the third-party recipe's builds (Windows, native) have no libfsxfs yet */
#else
#include <libfsxfs.h>
#endif

#include "fs/yalfs.h"

#define YAL(x)  libfsxfs_##x
#define NAME    "libfsxfs"
#define INO_T   uint64_t
#define PFX(x)  fsxfs_##x
#include "fs/yalfs_tmpl.h"
