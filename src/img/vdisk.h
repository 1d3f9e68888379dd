/* SPDX-License-Identifier: MIT */
/*
 * vdisk.h: what our own VHD and VHDX readers (vhd.c, vhdx.c) learn
 * from a file's headers, for the VHD and VHDX rows of the driver table
 * (vdisk.c: the walk's identity check and parent link) and the report.
 * We read these formats ourselves where libvhdi 20210425 is wrong
 * (docs/sources.md L2, L8): differencing disks and VHDX files with a log.
 */
#ifndef HV_VDISK_H
#define HV_VDISK_H

#include <stddef.h>

#include "base/bytes.h"
#include "img/driver.h" /* the caps on parent names: one set for every driver */
#include "io/reader.h"


struct vdisk_info {
	const char *format;        /* "vhd" | "vhdx" */
	const char *disk_type;     /* "fixed" | "dynamic" | "differencing" */
	int         differencing;
	uint64_t    size;          /* virtual size */
	uint32_t    sector_size;   /* logical */
	char        id[GUID_STR_LEN];       /* VHD unique id; VHDX DataWriteGuid */
	/* Differencing only: who the parent must be and where it might be. */
	char        parent_id[2][GUID_STR_LEN]; /* VHD: [0]; VHDX: parent_linkage, parent_linkage2 */
	char        parent_names[IMG_MAX_NAMES][IMG_NAME_MAX]; /* as stored, UTF-8 */
	size_t      nparent_names;
	/* VHDX only. */
	int         log_pending;
	char        log_guid[GUID_STR_LEN];
	uint8_t     log_guid_raw[16];       /* as stored, for matching log entries */
	uint64_t    log_offset;
	uint32_t    log_length;
};

/*
 * A block allocation table (VHD: big-endian 4-byte entries; VHDX: little-
 * endian 8-byte ones), decoded a page at a time on first use: a 127 GiB disk
 * has a 1 MiB VHDX BAT, and one inspection touches a few dozen entries.
 * Entries past the `avail` bytes the file holds read as 0.
 */
struct bat {
	struct reader *file;      /* borrowed */
	uint64_t       off, avail, n;
	unsigned       esize;     /* 4 or 8 */
	const char    *label;     /* "VHD: block table", "VHDX: BAT" */
	uint64_t     **pg;        /* decoded pages, NULL until read */
};
int bat_init(struct bat *b, struct reader *file, uint64_t off, uint64_t avail, uint64_t n,
    unsigned esize, const char *label, struct err *e);
/* Entry i: 0 and *v, or -1 (past the table, read error, no memory). */
int bat_get(struct bat *b, uint64_t i, uint64_t *v, struct err *e);
void bat_free(struct bat *b);

/* The kind (reader.kind) of our VHD and VHDX readers, whose context starts with a vdisk_link. */
extern const char vdisk_reader_kind[];

/* The first member of both readers' context: how a child reaches its parent. */
struct vdisk_link {
	struct reader *file;      /* borrowed: the file (or its log-replay overlay) */
	struct reader *parent;    /* borrowed: differencing only */
};

/* MS-VHDX §2.2: pick the current of the two headers (signature, CRC-32C, sequence). */
int vhdx_pick_header(const uint8_t h1[4096], const uint8_t h2[4096], int *which, struct err *e);

/*
 * VHD (MS-VHD / "Virtual Hard Disk Image Format Specification" v1.0):
 * fixed, dynamic and differencing, over file (borrowed).  A differencing
 * disk reads its parent through rd_vdisk_set_parent.  Owned, or NULL.
 */
struct reader *rd_vhd_open(struct reader *file, struct vdisk_info *info, struct err *e);
/* VHDX (MS-VHDX): fixed, dynamic and differencing, over file (borrowed). */
struct reader *rd_vhdx_open(struct reader *file, struct vdisk_info *info, struct err *e);
/*
 * Attach the parent (borrowed; must outlive r) of a differencing disk: r
 * must be one of our VHD or VHDX readers (checked).  0, or -1.
 */
int rd_vdisk_set_parent(struct reader *r, struct reader *parent, struct err *e);

/* The glue the VHD and VHDX rows share (vdisk.c). */
struct img_level;
void vdisk_fill(struct img_level *lv, const struct vdisk_info *in);
int vdisk_is_parent(const struct img_level *child, const struct img_level *cand, char **why);

#endif
