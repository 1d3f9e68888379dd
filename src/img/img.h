/* SPDX-License-Identifier: MIT */
/*
 * img.h: the image layer.  Detects the container by signature (never by
 * file name: the drivers' bids), follows a chain of parents with one walk
 * (driver.h), and offers the virtual disk as one reader.  Formats are rows
 * of a driver table; nothing outside src/img/ compares their names.
 */
#ifndef HV_IMG_H
#define HV_IMG_H

#include "base/disk.h"
#include "io/reader.h"

#define IMG_MAX_DIRS 16 /* --parent-dir options */

struct image_info {
	/*
	 * The disk (base/disk.h): the container's driver name, disk type,
	 * subformat ("monolithicSparse", "version 3", "EnCase"), size, sector
	 * size, and every file of it, child first (owned: image_info_free).
	 */
	struct disk_desc disk;
	int         sector_guessed; /* the container records no sector size: the partition layer's word counts */
	int         no_signature; /* no container's signature: read as a raw disk */
	/*
	 * The file's name claims a container its signature does not show
	 * (static strings, NULL when the name agrees or claims nothing):
	 * ".vhd", what was expected ("VHD"), what is missing ("no \"conectix\"
	 * footer or header").  Detection is by signature; the name only decides
	 * how loudly the mismatch is reported.
	 */
	const char *claim_ext, *claim_label, *claim_missing;
	/*
	 * Who reads the virtual disk: a library ("libvhdi", "libqcow"...), "file"
	 * (a raw image is its own disk), or NULL: our own reader; and, when a
	 * library was asked for (image_opts.libraries) and not used, why.
	 */
	const char *read_by;
	const char *read_by_version; /* that library's version, or NULL */
	char        read_by_why[200];
};

/* Where parents of differencing disks may be, besides the child's own folder. */
struct image_opts {
	const char *parent_dirs[IMG_MAX_DIRS];
	size_t      nparent_dirs;
	int         libraries; /* --cross-check: each container read by its library where that is sound */
};

struct image;

/*
 * Open path read-only, with every parent it names, and fill *info (as far
 * as it got, even on failure: a refused differencing disk still reports
 * its format).  Returns an owned image or NULL with e set.
 */
struct image *image_open(const char *path, const struct image_opts *io, struct image_info *info,
    struct err *e);
void image_info_free(struct image_info *info);
/* The virtual disk (cached); borrowed, valid until image_close. */
struct reader *image_reader(struct image *im);
/* Close; NULL is a no-op. */
void image_close(struct image *im);

/*
 * The other files the image at path reads (-r drops them from its list):
 * the parents of a chain that holds, a VMDK's extent files; found by the
 * same walk as image_open, peeking at headers with our own code only: no
 * library ever reads a file here (the walk runs in the parent process).
 * With memo (one per run; NULL: none), the walk stops at the first parent
 * a walk of this memo went through: that parent is listed, what it reads
 * was listed when it was walked; each file walked is remembered.  *out
 * owned (image_files_free).  0, or -1 with e set (no memory); an image
 * that cannot be read has none.
 */
struct image_memo;
struct image_memo *image_memo_new(void);
void image_memo_free(struct image_memo *m);
int image_files(const char *path, const struct image_opts *io, struct image_memo *memo, char ***out, size_t *n,
    struct err *e);
void image_files_free(char **v, size_t n);
/* The endings -r looks for, ".vhd .avhd ...", into buf (cut to n). */
void image_name_exts(char *buf, size_t n);
/* 1 when a file of this name is an image for -r (the drivers' endings, any case). */
int image_name_known(const char *name);
/* 1 when a file of this name may read other files (a chain, extents): image_files has work to do. */
int image_name_may_chain(const char *name);
/* "libvhdi 20210425, libvmdk 20200926, ..." : the libraries the drivers read through, into buf. */
void image_lib_versions(char *buf, size_t n);

#endif
