/* SPDX-License-Identifier: MIT */
/*
 * image.h: the image layer.  Detects the container by signature (never by
 * file name), opens it, and offers the virtual disk as one reader.
 */
#ifndef HV_IMAGE_H
#define HV_IMAGE_H

#include "base/bytes.h"
#include "img/chain.h"
#include "io/reader.h"

struct image_info {
	const char *format;      /* "raw" | "vhd" | "vhdx" | "qcow" | "vmdk" | "ewf" */
	const char *disk_type;   /* "fixed" | "dynamic" | "differencing" | NULL (raw, E01) */
	const char *subformat;   /* the container's own word ("monolithicSparse", "version 3", "EnCase"), or NULL */
	/*
	 * The file's name claims a container its signature does not show
	 * (static strings, NULL when the name agrees or claims nothing):
	 * "named .vhd", what was expected ("VHD"), what is missing ("no
	 * \"conectix\" footer or header").  Detection is by signature; the
	 * name only decides how loudly the mismatch is reported.
	 */
	const char *claim_ext, *claim_label, *claim_missing;
	uint64_t    virtual_size;
	uint32_t    sector_size;
	char        identifier[GUID_STR_LEN]; /* "" when none */
	int         log_pending; /* VHDX: the active header names a log (LogGuid != 0) */
	char        log_guid[GUID_STR_LEN];
	struct chain_link *chain; /* every file of the disk, child first (owned: image_info_free) */
	size_t      nchain;
};

/* Where parents of differencing disks may be, besides the child's own folder. */
struct image_opts {
	const char *parent_dirs[CHAIN_MAX_DIRS];
	size_t      nparent_dirs;
};

struct image;

/*
 * Open path read-only and fill *info (as far as it got, even on failure: a
 * refused differencing disk still reports its format).  Returns an owned
 * image or NULL with e set.
 */
struct image *image_open(const char *path, const struct image_opts *io, struct image_info *info,
    struct err *e);
void image_info_free(struct image_info *info);
/*
 * The container in f, by signature: "raw", "vhd", "vhdx", "qcow", "vmdk",
 * "ewf"; NULL with e set on a read error.
 */
const char *image_sniff(struct reader *f, struct err *e);
/*
 * The other files the image at path reads, found without any container
 * library (image_files.c): parents of a chain that holds together, a VMDK's
 * extent files.  *out owned (image_files_free).  0, or -1 with e set (no
 * memory); an image that cannot be read has none.
 */
int image_files(const char *path, const struct image_opts *io, char ***out, size_t *n, struct err *e);
void image_files_free(char **v, size_t n);
/* The virtual disk (cached); borrowed, valid until image_close. */
struct reader *image_reader(struct image *im);
/* Close; NULL is a no-op. */
void image_close(struct image *im);

#endif
