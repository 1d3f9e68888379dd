/* SPDX-License-Identifier: MIT */
/*
 * rd_vmdk.c: libvmdk -> struct reader.  The only file that knows libvmdk.
 * Linked isolated (Makefile), like libvhdi.  libvmdk opens extent files by
 * the names its descriptor gives, relative to the descriptor's folder: we
 * read those names first and refuse any that is not a plain file name (a
 * descriptor must not make us open files elsewhere).  A VMDK with a parent
 * (a snapshot delta) names it, with the content ids that tie the two; the
 * parent is found and opened by image.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvmdk.h>

#include "sys/sys.h"
#include "img/more.h"

#define VMDK_MAX_EXTENTS 4096

struct vmdk {
	libvmdk_handle_t *h;
};

static int
vfail(struct err *e, const char *what, libvmdk_error_t **le)
{
	char bt[ERR_TRACE_MAX] = "";

	if (*le != NULL && libvmdk_error_backtrace_sprint(*le, bt, sizeof bt) < 0)
		libvmdk_error_sprint(*le, bt, sizeof bt);
	if (*le != NULL)
		libvmdk_error_free(le);
	return err_set_yal(e, ERR_FORMAT, what, bt, NULL);
}

static ssize_t
vmdk_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct vmdk *v = r->ctx;
	libvmdk_error_t *le = NULL;
	ssize_t n;

	n = libvmdk_handle_read_buffer_at_offset(v->h, buf, len, (off64_t)off, &le);
	if (n < 0) {
		char what[64];
		snprintf(what, sizeof what, "VMDK: read at 0x%llx", (unsigned long long)off);
		return vfail(e, what, &le);
	}
	if (le != NULL)
		libvmdk_error_free(&le);
	return n;
}

static void
vmdk_close(struct reader *r)
{
	struct vmdk *v = r->ctx;
	libvmdk_error_t *le = NULL;

	if (v->h == NULL)
		return;
	libvmdk_handle_close(v->h, &le);
	if (le != NULL)
		libvmdk_error_free(&le);
	libvmdk_handle_free(&v->h, &le);
	if (le != NULL)
		libvmdk_error_free(&le);
}

static const char *
type_name(int t)
{
	switch (t) {
	case LIBVMDK_DISK_TYPE_MONOLITHIC_SPARSE: return "monolithicSparse";
	case LIBVMDK_DISK_TYPE_MONOLITHIC_FLAT: return "monolithicFlat";
	case LIBVMDK_DISK_TYPE_2GB_EXTENT_SPARSE: return "twoGbMaxExtentSparse";
	case LIBVMDK_DISK_TYPE_2GB_EXTENT_FLAT: return "twoGbMaxExtentFlat";
	case LIBVMDK_DISK_TYPE_STREAM_OPTIMIZED: return "streamOptimized";
	case LIBVMDK_DISK_TYPE_VMFS_FLAT: return "vmfs";
	case LIBVMDK_DISK_TYPE_VMFS_SPARSE: return "vmfsSparse";
	default: return "vmdk";
	}
}

/* Flat extents hold every sector (fixed); sparse and stream-optimized ones grow (dynamic). */
static int
is_flat(int t)
{
	return t == LIBVMDK_DISK_TYPE_MONOLITHIC_FLAT || t == LIBVMDK_DISK_TYPE_2GB_EXTENT_FLAT ||
	    t == LIBVMDK_DISK_TYPE_VMFS_FLAT;
}

/*
 * Every extent named by the descriptor must be a plain name, and a regular
 * file there (a FIFO or a device would block or act when libvmdk opens it):
 * 0, or -1.
 */
static int
check_extents(libvmdk_handle_t *h, const char *path, struct err *e)
{
	const char *sep = sys_last_sep(path);
	libvmdk_error_t *le = NULL;
	int n = 0, i;

	if (libvmdk_handle_get_number_of_extents(h, &n, &le) != 1)
		return vfail(e, "VMDK: extents", &le);
	if (n < 0 || n > VMDK_MAX_EXTENTS)
		return err_set(e, ERR_LIMIT, "VMDK: %d extents (cap %d)", n, VMDK_MAX_EXTENTS);
	for (i = 0; i < n; i++) {
		libvmdk_extent_descriptor_t *d = NULL;
		char name[1024] = "", full[4096];
		size_t sz = 0;
		int ok;
		if (libvmdk_handle_get_extent_descriptor(h, i, &d, &le) != 1)
			return vfail(e, "VMDK: extent descriptor", &le);
		ok = libvmdk_extent_descriptor_get_utf8_filename_size(d, &sz, &le) == 1 && sz > 1 &&
		    sz <= sizeof name &&
		    libvmdk_extent_descriptor_get_utf8_filename(d, (uint8_t *)name, sz, &le) == 1;
		libvmdk_extent_descriptor_free(&d, NULL);
		if (le != NULL)
			libvmdk_error_free(&le);
		if (!ok)
			return err_set(e, ERR_FORMAT, "VMDK: extent %d has no usable file name", i);
		if (strchr(name, '/') != NULL || strchr(name, '\\') != NULL || strcmp(name, "..") == 0)
			return err_set(e, ERR_UNSUPPORTED, "VMDK: extent \"%.200s\" is not a plain file name "
			    "in the descriptor's folder: not opened", name);
		snprintf(full, sizeof full, "%.*s%s", sep ? (int)(sep - path + 1) : 0, path, name);
		if (sys_kind_of(full, 1) != SYS_FILE && sys_kind_of(full, 1) != SYS_NONE)
			return err_set(e, ERR_UNSUPPORTED, "VMDK: extent \"%.200s\" is not a regular file: not "
			    "opened", name);
	}
	return 0;
}

struct reader *
rd_vmdk_open(const char *path, struct more_info *info, struct err *e)
{
	libvmdk_error_t *le = NULL;
	struct reader *r;
	struct vmdk *v;
	size64_t size = 0;
	size_t plen = 0;
	int type = 0;

	if ((r = reader_alloc(sizeof *v, path, e)) == NULL)
		return NULL;
	v = r->ctx;
	r->read_at = vmdk_read;
	r->close = vmdk_close;
	if (libvmdk_handle_initialize(&v->h, &le) != 1) {
		vfail(e, "VMDK", &le);
		goto fail;
	}
	if (libvmdk_handle_open(v->h, path, LIBVMDK_OPEN_READ, &le) != 1) {
		vfail(e, "VMDK: cannot open", &le);
		goto fail;
	}
	info->parent[0] = '\0';
	if (libvmdk_handle_get_utf8_parent_filename_size(v->h, &plen, &le) == 1 && plen > 1 &&
	    (plen > sizeof info->parent || libvmdk_handle_get_utf8_parent_filename(v->h,
	    (uint8_t *)info->parent, sizeof info->parent, &le) != 1)) {
		vfail(e, "VMDK: parent file name", &le);
		goto fail;
	}
	if (le != NULL)
		libvmdk_error_free(&le);
	info->has_cids = libvmdk_handle_get_content_identifier(v->h, &info->cid, &le) == 1 &&
	    libvmdk_handle_get_parent_content_identifier(v->h, &info->parent_cid, &le) == 1;
	if (le != NULL)
		libvmdk_error_free(&le);
	if (check_extents(v->h, path, e) != 0)
		goto fail;
	if (libvmdk_handle_open_extent_data_files(v->h, &le) != 1) {
		vfail(e, "VMDK: extent files", &le);
		goto fail;
	}
	if (libvmdk_handle_get_media_size(v->h, &size, &le) != 1) {
		vfail(e, "VMDK: media size", &le);
		goto fail;
	}
	if (libvmdk_handle_get_disk_type(v->h, &type, &le) != 1)
		type = 0;
	if (le != NULL)
		libvmdk_error_free(&le);
	r->size = size;
	r->sector_size = 512;
	info->subformat = type_name(type);
	info->disk_type = info->parent[0] ? "differencing" : is_flat(type) ? "fixed" : "dynamic";
	info->media_size = size;
	return r;
fail:
	reader_close(r);
	return NULL;
}

int
rd_vmdk_set_parent(struct reader *child, struct reader *parent, struct err *e)
{
	struct vmdk *c = child->ctx, *p = parent->ctx;
	libvmdk_error_t *le = NULL;

	if (libvmdk_handle_set_parent_handle(c->h, p->h, &le) != 1)
		return vfail(e, "VMDK: parent", &le);
	return 0;
}

const char *rd_vmdk_version(void) { return libvmdk_get_version(); }
