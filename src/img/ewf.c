/* SPDX-License-Identifier: MIT */
/*
 * ewf.c: libewf -> struct reader.  The only file that knows libewf.
 * Linked isolated (Makefile), like libvhdi: libewf carries its own copies
 * of libbfio and friends.  An Expert Witness (EnCase, FTK, linen) image is
 * a set of segment files: NAME.E01, .E02, ... found by libewf_glob from
 * the first one's name, in its folder only.
 *
 * Every chunk carries an Adler-32 checksum; libewf counts a mismatch and
 * hands the bytes over anyway (20140813).  Evidence whose bytes fail their
 * checksum must not be read as if it were good: a read that adds to the
 * count fails, naming the sectors.  Likewise a read of sectors the
 * acquiring tool could not read (stored as zeros, listed in the image), and
 * a set whose segment files are incomplete (libewf opens a set with a
 * segment missing and reads zeros there) is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libewf.h>

#include "base/strv.h"
#include "sys/sys.h"
#include "img/driver.h"
#include "img/more.h"

#define EWF_MAX_SEGMENTS 16384 /* E01..EZZ and beyond: 14,971 names exist */
#define EWF_MAX_ACQ_ERRORS 65536

struct ewf {
	libewf_handle_t *h;
	uint32_t         bad; /* checksum errors seen so far */
	uint32_t         nacq;
	uint64_t        *acq; /* acquiry errors: first sector, count, pairs */
	uint32_t         bps;
};

static int
efail(struct err *e, const char *what, libewf_error_t **le)
{
	char bt[ERR_TRACE_MAX] = "";

	if (*le != NULL && libewf_error_backtrace_sprint(*le, bt, sizeof bt) < 0)
		libewf_error_sprint(*le, bt, sizeof bt);
	if (*le != NULL)
		libewf_error_free(le);
	return err_set_yal(e, ERR_FORMAT, what, bt, NULL);
}

static ssize_t
ewf_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct ewf *w = r->ctx;
	libewf_error_t *le = NULL;
	uint64_t first = 0, count = 0;
	uint32_t bad = 0;
	ssize_t n;
	uint32_t i;

	for (i = 0; i < w->nacq && len > 0; i++) {
		/* sectors a..b read; f, c from the file: compared without overflow */
		uint64_t a = off / w->bps, b = (off + len - 1) / w->bps, f = w->acq[2 * i], c = w->acq[2 * i + 1];
		if (c > 0 && f <= b && (a < f || a - f < c))
			return err_set(e, ERR_FORMAT, "EWF: %llu sectors from sector %llu were not read at "
			    "acquisition (the image holds zeros there)", (unsigned long long)c,
			    (unsigned long long)f);
	}
	n = libewf_handle_read_random(w->h, buf, len, (off64_t)off, &le);
	if (n < 0) {
		char what[64];
		snprintf(what, sizeof what, "EWF: read at 0x%llx", (unsigned long long)off);
		return efail(e, what, &le);
	}
	if (le != NULL)
		libewf_error_free(&le);
	if (libewf_handle_get_number_of_checksum_errors(w->h, &bad, &le) != 1)
		return efail(e, "EWF: checksum errors", &le);
	if (bad > w->bad) {
		libewf_handle_get_checksum_error(w->h, bad - 1, &first, &count, &le);
		if (le != NULL)
			libewf_error_free(&le);
		w->bad = bad;
		return err_set(e, ERR_FORMAT, "EWF: sectors %llu-%llu fail their chunk checksum: "
		    "the evidence file is damaged there", (unsigned long long)first,
		    (unsigned long long)(first + (count ? count - 1 : 0)));
	}
	return n;
}

static void
ewf_close(struct reader *r)
{
	struct ewf *w = r->ctx;
	libewf_error_t *le = NULL;

	if (w->h == NULL)
		return;
	libewf_handle_close(w->h, &le);
	if (le != NULL)
		libewf_error_free(&le);
	libewf_handle_free(&w->h, &le);
	if (le != NULL)
		libewf_error_free(&le);
	free(w->acq);
}

static const char *
format_name(uint8_t f)
{
	switch (f) {
	case LIBEWF_FORMAT_ENCASE1: case LIBEWF_FORMAT_ENCASE2: case LIBEWF_FORMAT_ENCASE3:
	case LIBEWF_FORMAT_ENCASE4: case LIBEWF_FORMAT_ENCASE5: case LIBEWF_FORMAT_ENCASE6:
	case LIBEWF_FORMAT_ENCASE7: return "EnCase";
	case LIBEWF_FORMAT_SMART: return "SMART";
	case LIBEWF_FORMAT_FTK_IMAGER: return "FTK Imager";
	case LIBEWF_FORMAT_LINEN5: case LIBEWF_FORMAT_LINEN6: case LIBEWF_FORMAT_LINEN7: return "linen";
	case LIBEWF_FORMAT_EWF: case LIBEWF_FORMAT_EWFX: return "EWF";
	default: return "EWF (unknown writer)";
	}
}

/* The sectors the acquiring tool could not read, into w->acq: 0, or -1. */
static int
acq_errors(struct ewf *w, struct err *e)
{
	libewf_error_t *le = NULL;
	uint32_t n = 0, i;

	if (libewf_handle_get_number_of_acquiry_errors(w->h, &n, &le) != 1)
		return efail(e, "EWF: acquiry errors", &le);
	if (n > EWF_MAX_ACQ_ERRORS)
		return err_set(e, ERR_LIMIT, "EWF: %u acquiry error ranges (cap %u)", n, EWF_MAX_ACQ_ERRORS);
	if (n > 0 && (w->acq = calloc(n, 2 * sizeof *w->acq)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if (libewf_handle_get_acquiry_error(w->h, i, &w->acq[2 * i], &w->acq[2 * i + 1], &le) != 1)
			return efail(e, "EWF: acquiry error", &le);
	w->nacq = n;
	return 0;
}

struct reader *
rd_ewf_open(const char *path, struct more_info *info, struct err *e)
{
	libewf_error_t *le = NULL;
	struct reader *r;
	struct ewf *w;
	char **names = NULL;
	int n = 0, i;
	size64_t size = 0;
	uint32_t bps = 0;
	uint8_t fmt = 0, media = 0;

	if ((r = reader_alloc(sizeof *w, path, e)) == NULL)
		return NULL;
	w = r->ctx;
	r->read_at = ewf_read;
	r->close = ewf_close;
	if (libewf_glob(path, strlen(path), LIBEWF_FORMAT_UNKNOWN, &names, &n, &le) != 1) {
		efail(e, "EWF: segment files", &le);
		goto fail;
	}
	if (n < 1 || n > EWF_MAX_SEGMENTS) {
		err_set(e, ERR_LIMIT, "EWF: %d segment files (cap %d)", n, EWF_MAX_SEGMENTS);
		goto fail;
	}
	/* libewf opens each by name: a FIFO or a device among them would block or act. */
	for (i = 0; i < n; i++)
		if (sys_kind_of(names[i], 1) != SYS_FILE && sys_kind_of(names[i], 1) != SYS_NONE) {
			err_set(e, ERR_UNSUPPORTED, "EWF: segment file %s is not a regular file: not opened",
			    names[i]);
			goto fail;
		}
	if (libewf_handle_initialize(&w->h, &le) != 1) {
		efail(e, "EWF", &le);
		goto fail;
	}
	if (libewf_handle_open(w->h, names, n, LIBEWF_OPEN_READ, &le) != 1) {
		efail(e, "EWF: cannot open the segment files", &le);
		goto fail;
	}
	if (libewf_handle_segment_files_corrupted(w->h, &le) != 0) {
		if (le != NULL)
			libewf_error_free(&le);
		err_set(e, ERR_FORMAT, "EWF: the set of %d segment file%s is incomplete or damaged "
		    "(a segment missing, or the last one not closed)", n, n == 1 ? "" : "s");
		goto fail;
	}
	if (acq_errors(w, e) != 0)
		goto fail;
	if (libewf_handle_get_media_size(w->h, &size, &le) != 1 ||
	    libewf_handle_get_bytes_per_sector(w->h, &bps, &le) != 1) {
		efail(e, "EWF: media size", &le);
		goto fail;
	}
	if (bps < 512 || bps > 4096 || (bps & (bps - 1)) != 0) {
		err_set(e, ERR_UNSUPPORTED, "EWF: %u bytes per sector", bps);
		goto fail;
	}
	if (libewf_handle_get_media_type(w->h, &media, &le) == 1 && media == LIBEWF_MEDIA_TYPE_SINGLE_FILES) {
		err_set(e, ERR_UNSUPPORTED, "EWF: a logical evidence file (L01: files, not a disk)");
		goto fail;
	}
	if (le != NULL)
		libewf_error_free(&le);
	if (libewf_handle_get_format(w->h, &fmt, &le) != 1)
		fmt = 0;
	if (le != NULL)
		libewf_error_free(&le);
	/* the set's other segments, for the record's list of files (provenance, --hash) */
	for (i = 1; i < n; i++)
		if (strv_addf(&info->segments, &info->nsegments, "%s", names[i]) != 0)
			break;
	libewf_glob_free(names, n, NULL);
	w->bps = bps;
	r->size = size;
	r->sector_size = bps;
	info->subformat = format_name(fmt);
	info->disk_type = NULL; /* an acquired disk, neither fixed nor growing */
	info->media_size = size;
	info->sector_size = bps;
	return r;
fail:
	if (names != NULL)
		libewf_glob_free(names, n, NULL);
	reader_close(r);
	return NULL;
}

const char *rd_ewf_version(void) { return libewf_get_version(); }

/* --- the EWF row of the driver table ------------------------------------- */

static int
ewf_bid(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize)
{
	(void)tail, (void)ntail, (void)fsize;
	/* an Expert Witness segment file (E01); L01 (logical files) is refused by open */
	return nhead >= 8 && (memcmp(head, "EVF\x09\x0d\x0a\xff\x00", 8) == 0 ||
	    memcmp(head, "LVF\x09\x0d\x0a\xff\x00", 8) == 0) ? 100 : 0;
}

static int
ewf_peek(struct img_level *lv, struct err *e)
{
	(void)lv, (void)e;
	return 0; /* no parents; the set's other segments are found by libewf, beside this one */
}

static int
ewf_open(struct img_level *lv, struct err *e)
{
	struct more_info mi;
	char nb[4096];

	memset(&mi, 0, sizeof mi);
	if ((lv->disk = rd_ewf_open(sys_native_path(lv->path, nb, sizeof nb), &mi, e)) == NULL)
		return -1;
	lv->size = mi.media_size;
	lv->sector_size = mi.sector_size;
	lv->d.disk_type = mi.disk_type;
	lv->subformat = mi.subformat;
	/* the set's other names as this one is written (libewf gives them in the system's own form) */
	for (size_t i = 0; i < mi.nsegments; i++) {
		const char *sep = sys_last_sep(lv->path), *base = sys_last_sep(mi.segments[i]);
		char *same = str_printf("%.*s%s", sep ? (int)(sep + 1 - lv->path) : 0, lv->path,
		    base ? base + 1 : mi.segments[i]);
		if (same != NULL) {
			free(mi.segments[i]);
			mi.segments[i] = same;
		}
	}
	lv->segments = mi.segments;
	lv->nsegments = mi.nsegments;
	return 0;
}

const struct img_driver img_ewf = {
	.name = "ewf", .exts = ".e01", .label = "E01", .missing = "no \"EVF\" signature", .flags = IMG_LIBRARY,
	.bid = ewf_bid, .peek = ewf_peek, .open = ewf_open,
	.lib = "libewf", .lib_version = rd_ewf_version,
};
