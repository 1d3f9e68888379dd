/* SPDX-License-Identifier: MIT */
/* fsext.c: libfsext, the second opinion on our ext reader (yalfs.h; the body is yalfs_tmpl.h's). */
#include <libfsext.h>

#include "fs/yalfs.h"

#define YAL(x)  libfsext_##x
#define NAME    "libfsext"
#define INO_T   uint32_t
#define PFX(x)  fsext_##x
#include "fs/yalfs_tmpl.h"
