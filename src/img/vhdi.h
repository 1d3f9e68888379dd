/* SPDX-License-Identifier: MIT */
/* rd_vhdi.h: a VHD or VHDX file opened by libvhdi, as a reader. */
#ifndef HV_RD_VHDI_H
#define HV_RD_VHDI_H

#include "base/bytes.h"
#include "io/reader.h"

struct vhdi_info {
	int         is_vhdx;
	const char *disk_type;          /* "fixed" | "dynamic" | "differencing" | "unknown" */
	uint64_t    media_size;
	uint32_t    bytes_per_sector;
	char        identifier[GUID_STR_LEN];        /* "" when libvhdi has none */
	char        parent_identifier[GUID_STR_LEN]; /* differencing only */
	char        parent_name[512];                /* as stored, UTF-8; differencing only */
};

/*
 * Open path with libvhdi_file_open (never a handle of ours: libvhdi carries
 * its own libbfio, docs/sources.md L1) and fill info.  A differencing image
 * is opened but reads zeros where the parent holds data: the caller must
 * refuse or attach the parent.  Returns an owned reader or NULL with e set.
 */
struct reader *rd_vhdi_open(const char *path, struct vhdi_info *info, struct err *e);

/* libvhdi's version string (static). */
const char *rd_vhdi_version(void);

#endif
