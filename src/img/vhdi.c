/* SPDX-License-Identifier: MIT */
/*
 * vhdi.c: libvhdi -> struct reader.  The only file that knows libvhdi.
 *
 * libvhdi is linked isolated (Makefile: one relocatable object, every symbol
 * but libvhdi_* made local) because it carries private copies of libbfio and
 * friends that differ in ABI from the system libbfio used by libfsntfs and
 * libregf (docs/sources.md L1, L7).  So we only open images by path.
 * Known libvhdi 20210425 defects (§2, §8) that this adapter does NOT fix:
 * VHD differencing bitmaps, VHDX chunks without a sector bitmap, the VHDX log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvhdi.h>

#include "img/vhdi.h"

struct vhdi {
	libvhdi_file_t *f;
	int             is_vhdx;
};

/* Free a libyal error object if one is set (a success can leave one, docs/sources.md L5). */
static void
drop(libvhdi_error_t **ve)
{
	if (*ve != NULL)
		libvhdi_error_free(ve);
}

/* Flatten a libvhdi error into e, once, and free it. */
static int
vhdi_fail(struct err *e, const char *what, libvhdi_error_t **ve)
{
	char bt[ERR_TRACE_MAX];

	bt[0] = '\0';
	if (*ve != NULL && libvhdi_error_backtrace_sprint(*ve, bt, sizeof bt) < 0)
		libvhdi_error_sprint(*ve, bt, sizeof bt);
	libvhdi_error_free(ve);
	return err_set_yal(e, ERR_FORMAT, what, bt, NULL);
}

static ssize_t
vhdi_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct vhdi *v = r->ctx;
	libvhdi_error_t *ve = NULL;
	ssize_t n;

	n = libvhdi_file_read_buffer_at_offset(v->f, buf, len, (off64_t)off, &ve);
	if (n < 0) {
		char what[64];
		snprintf(what, sizeof what, "%s: read at 0x%llx", v->is_vhdx ? "VHDX" : "VHD",
		    (unsigned long long)off);
		return vhdi_fail(e, what, &ve);
	}
	drop(&ve);
	return n;
}

static void
vhdi_close(struct reader *r)
{
	struct vhdi *v = r->ctx;
	libvhdi_error_t *ve = NULL;

	if (v->f == NULL)
		return;
	libvhdi_file_close(v->f, &ve); /* returns 0 on success (§2 f) */
	drop(&ve);
	libvhdi_file_free(&v->f, &ve);
	drop(&ve);
}

static const char *
disk_type_name(uint32_t t)
{
	switch (t) {
	case LIBVHDI_DISK_TYPE_FIXED: return "fixed";
	case LIBVHDI_DISK_TYPE_DYNAMIC: return "dynamic";
	case LIBVHDI_DISK_TYPE_DIFFERENTIAL: return "differencing";
	default: return "unknown";
	}
}

struct reader *
rd_vhdi_open(const char *path, struct vhdi_info *info, struct err *e)
{
	libvhdi_error_t *ve = NULL;
	struct reader *r;
	struct vhdi *v;
	uint8_t guid[16];
	uint32_t dtype = 0, bps = 0;
	size64_t msize = 0;
	int ftype = 0, rc;

	memset(info, 0, sizeof *info);
	if ((r = reader_alloc(sizeof *v, path, e)) == NULL)
		return NULL;
	v = r->ctx;
	r->read_at = vhdi_read;
	r->close = vhdi_close;
	if (libvhdi_file_initialize(&v->f, &ve) != 1) {
		vhdi_fail(e, "libvhdi", &ve);
		goto fail;
	}
	if (libvhdi_file_open(v->f, path, LIBVHDI_OPEN_READ, &ve) != 1) {
		vhdi_fail(e, "cannot open", &ve);
		goto fail;
	}
	/* A success can leave an error set (§2 c: upper-case parent GUID). Keep going. */
	drop(&ve);
	if (libvhdi_file_get_file_type(v->f, &ftype, &ve) != 1 ||
	    libvhdi_file_get_disk_type(v->f, &dtype, &ve) != 1 ||
	    libvhdi_file_get_media_size(v->f, &msize, &ve) != 1 ||
	    libvhdi_file_get_bytes_per_sector(v->f, &bps, &ve) != 1) {
		vhdi_fail(e, "cannot read header", &ve);
		goto fail;
	}
	info->is_vhdx = v->is_vhdx = ftype == LIBVHDI_FILE_TYPE_VHDX;
	info->disk_type = disk_type_name(dtype);
	info->media_size = msize;
	info->bytes_per_sector = bps;
	if (bps != 512 && bps != 4096) {
		err_set(e, ERR_FORMAT, "logical sector size %u is neither 512 nor 4096", bps);
		goto fail;
	}
	if (libvhdi_file_get_identifier(v->f, guid, sizeof guid, &ve) == 1 && !is_zero(guid, 16))
		guid_be_str(guid, info->identifier);
	drop(&ve);
	if (dtype == LIBVHDI_DISK_TYPE_DIFFERENTIAL) {
		size_t sz = 0;
		rc = libvhdi_file_get_parent_identifier(v->f, guid, sizeof guid, &ve);
		if (rc == 1)
			guid_be_str(guid, info->parent_identifier);
		drop(&ve);
		rc = libvhdi_file_get_utf8_parent_filename_size(v->f, &sz, &ve);
		if (rc == 1 && sz > 0 && sz <= sizeof info->parent_name)
			libvhdi_file_get_utf8_parent_filename(v->f, (uint8_t *)info->parent_name,
			    sizeof info->parent_name, &ve);
		drop(&ve);
	}
	r->size = msize;
	r->sector_size = bps;
	return r;
fail:
	reader_close(r);
	return NULL;
}

const char *
rd_vhdi_version(void)
{
	return libvhdi_get_version();
}
