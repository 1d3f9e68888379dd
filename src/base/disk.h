/* SPDX-License-Identifier: MIT */
/*
 * disk.h: one description of a virtual disk, as plain data.  The image
 * layer fills it (each level of a chain as its walk reads the headers,
 * img/driver.h), the pipeline hands it to the report whole (disk_desc_copy),
 * the report prints it and reads it back: one struct per level, one set of
 * sizes, no copy field by field.
 */
#ifndef HV_DISK_H
#define HV_DISK_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

#define DISK_NOTE_MAX 200 /* bytes of a level's log note */

/* One file of the disk, child first: what its headers say. */
struct disk_level {
	char       *path;              /* owned */
	const char *format;            /* static: "raw" | "vhd" | "vhdx" | "qcow" | "vmdk" | "ewf" */
	const char *disk_type;         /* static: "fixed" | "dynamic" | "differencing", or NULL */
	char        id[GUID_STR_LEN];  /* VHD unique id, VHDX DataWriteGuid, VMDK CID ("" none) */
	char        parent_id[GUID_STR_LEN]; /* what its parent's id must be ("" none) */
	/* A log of pending writes (VHDX). */
	int         log_pending;       /* the header names one */
	int         log_torn;          /* named, but no valid sequence: read as it is */
	unsigned    log_entries;       /* replayed in memory */
	char        log_guid[GUID_STR_LEN];
	char        log_note[DISK_NOTE_MAX]; /* why torn, or what was left out */
};

/* The disk as a whole: its container (the child's), and every file of it. */
/* One file of the image (a chain level, an extent, a segment): its facts on the host (provenance). */
struct disk_file {
	char       *path;              /* owned */
	int64_t     size;              /* bytes; -1: not known */
	int64_t     mtime;             /* last modified, seconds since 1970 UTC; INT64_MIN: not known */
	char        sha256[65];        /* --hash sha256: lower-case hex ("" not computed) */
};

struct disk_desc {
	const char        *format, *disk_type, *subformat; /* static, or NULL */
	uint64_t           virtual_size;
	uint32_t           sector_size;
	int                has_log;    /* the container may hold a log: the report says what it held */
	struct disk_level *chain;      /* owned, child first */
	size_t             nchain;
	struct disk_file  *files;      /* owned: every file it reads, child first, each level's extents after it */
	size_t             nfiles;
};

/* A deep copy of from into *to (zeroed first): 0, or -1 (no memory; *to then empty). */
int disk_desc_copy(struct disk_desc *to, const struct disk_desc *from);
void disk_desc_free(struct disk_desc *d);

#endif
