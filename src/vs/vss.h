/* SPDX-License-Identifier: MIT */
/*
 * vss.h: the volume shadow copies of an NTFS volume (Windows' Volume
 * Shadow Copy Service, "Microsoft Software Shadow Copy provider 1.0"), each
 * store offered as a reader of the volume as it was when the copy was made:
 * our check of the on-disk structures first (vss_check.c), then libvshadow
 * (vss.c, the only file that knows it).
 */
#ifndef HV_VSS_H
#define HV_VSS_H

#include "base/bytes.h"
#include "io/reader.h"

#define VSS_MAX_STORES          64       /* stores listed in one catalog */
#define VSS_MAX_CATALOG_BLOCKS  64       /* 16 KiB catalog blocks followed */
#define VSS_MAX_LIST_BLOCKS     (1u << 16) /* 16 KiB block-list blocks of one store */

struct vss;

struct vss_store_info {
	char     id[GUID_STR_LEN];  /* the store's identifier */
	uint64_t created;           /* FILETIME the shadow copy was made */
	uint64_t volume_size;
};

/*
 * Our own check of vol's VSS structures (libyal's "Volume Shadow Snapshot
 * (VSS) format": the volume header at 0x1e00, the catalog's blocks and
 * entries, each store's header and block lists, every offset inside the
 * volume, every chain bounded): 1 with the number of stores, 0 none (no
 * VSS header, or no catalog), -1 with e set (damaged: libvshadow is then
 * not given it).
 */
int vss_check(struct reader *vol, size_t *nstores, struct err *e);
/* vol's shadow copies through libvshadow, after vss_check: 1 with *out owned, 0 none, -1 with e set. */
int vss_open(struct reader *vol, struct vss **out, struct err *e);
size_t vss_count(const struct vss *v);
/* Store i, as libvshadow lists them (oldest first): the volume as it was, owned (close before vss_close). */
struct reader *vss_store_open(struct vss *v, size_t i, struct vss_store_info *info, struct err *e);
void vss_close(struct vss *v);
/* libvshadow's version string (static), or NULL: a build without it. */
const char *vss_lib_version(void);

#endif
