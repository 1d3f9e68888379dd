/* SPDX-License-Identifier: MIT */
/*
 * image.h: the image layer.  Detects raw / VHD / VHDX by signature (never by
 * file name), opens it, and offers the virtual disk as one reader.
 */
#ifndef HV_IMAGE_H
#define HV_IMAGE_H

#include "bytes.h"
#include "reader.h"

struct image_info {
	const char *format;      /* "raw" | "vhd" | "vhdx" */
	const char *disk_type;   /* "fixed" | "dynamic" | "differencing" | NULL (raw) */
	uint64_t    virtual_size;
	uint32_t    sector_size;
	char        identifier[GUID_STR_LEN]; /* "" when none */
	int         log_pending; /* VHDX: the active header names a log (LogGuid != 0) */
	char        log_guid[GUID_STR_LEN];
};

struct image;

/*
 * Open path read-only and fill *info (as far as it got, even on failure: a
 * refused differencing disk still reports its format).  Returns an owned
 * image or NULL with e set.
 */
struct image *image_open(const char *path, struct image_info *info, struct err *e);
/* The virtual disk (cached); borrowed, valid until image_close. */
struct reader *image_reader(struct image *im);
/* Close; NULL is a no-op. */
void image_close(struct image *im);

/*
 * Pure parser: pick the current VHDX header from the two 4 KiB headers at
 * 64 KiB and 128 KiB (MS-VHDX §2.2.2: valid signature and CRC-32C, highest
 * SequenceNumber).  Returns 0 (index 0 or 1 in *which) or -1 with e set.
 */
int vhdx_pick_header(const uint8_t h1[4096], const uint8_t h2[4096], int *which, struct err *e);

#endif
