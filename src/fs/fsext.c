/* SPDX-License-Identifier: MIT */
/* fsext.c: libfsext, the second opinion on our ext reader (yalfs.h; the body is yalfs_tmpl.h's). */
#ifdef HV_NO_LIBFSEXT
#define YAL_ABSENT /* the third-party recipe's builds (Windows, native) have no libfsext yet */
#else
#include <libfsext.h>
#endif

#include "fs/yalfs.h"

#define YAL(x)  libfsext_##x
#define NAME    "libfsext"
#define INO_T   uint32_t
#define PFX(x)  fsext_##x
#include "fs/yalfs_tmpl.h"
