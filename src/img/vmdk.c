/* SPDX-License-Identifier: MIT */
/*
 * vmdk.c: libvmdk -> struct reader.  The only file that knows libvmdk.
 * Linked isolated (Makefile), like libvhdi.  libvmdk opens extent files by
 * the names its descriptor gives, relative to the descriptor's folder: we
 * read those names first and refuse any that is not a plain file name (a
 * descriptor must not make us open files elsewhere).  A VMDK with a parent
 * (a snapshot delta) names it, with the content ids that tie the two; the
 * parent is found by the one parent walk (img_open.c) from what our own
 * reading of the descriptor (vmdk_peek) says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libvmdk.h>

#include "base/strv.h"
#include "sys/sys.h"
#include "img/driver.h"
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
			return err_set(e, ERR_UNSUPPORTED, "VMDK: extent \"%s\" is not a plain file name "
			    "in the descriptor's folder: not opened", name);
		snprintf(full, sizeof full, "%.*s%s", sep ? (int)(sep - path + 1) : 0, path, name);
		if (sys_kind_of(full, 1) != SYS_FILE && sys_kind_of(full, 1) != SYS_NONE)
			return err_set(e, ERR_UNSUPPORTED, "VMDK: extent \"%s\" is not a regular file: not "
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
	struct vmdk *c, *p;
	libvmdk_error_t *le = NULL;

	if (child == NULL || parent == NULL || child->close != vmdk_close || parent->close != vmdk_close)
		return err_set(e, ERR_UNSUPPORTED, "VMDK: a parent not read by libvmdk");
	c = child->ctx;
	p = parent->ctx;
	if (libvmdk_handle_set_parent_handle(c->h, p->h, &le) != 1)
		return vfail(e, "VMDK: parent", &le);
	return 0;
}

const char *rd_vmdk_version(void) { return libvmdk_get_version(); }

/* --- the VMDK row of the driver table: the descriptor read by our code --- */

#define DESC_MAX 65536u /* bytes of a VMDK descriptor read */

static int
vmdk_bid(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize)
{
	(void)tail, (void)ntail, (void)fsize;
	if (nhead >= 4 && (memcmp(head, "KDMV", 4) == 0 || memcmp(head, "COWD", 4) == 0))
		return 100; /* a sparse extent (VMware, ESX) */
	if (nhead >= 21 && memcmp(head, "# Disk DescriptorFile", 21) == 0)
		return 100; /* a descriptor naming its extents */
	return 0;
}

/* A VMDK's descriptor text (a descriptor file, or embedded in a sparse extent): owned, or NULL. */
static char *
vmdk_descriptor(struct reader *r)
{
	uint8_t h[64];
	uint64_t off = 0, len = r->size;
	char *buf;
	struct err e ERR_AUTO = ERR_INIT;

	if (reader_read_full(r, h, sizeof h, 0, &e) != 0) {
		err_clear(&e);
		return NULL;
	}
	if (memcmp(h, "KDMV", 4) == 0) {
		off = le64(h + 28) * 512; /* descriptorOffset, descriptorSize: in sectors */
		len = le64(h + 36) * 512;
		if (le64(h + 28) > r->size / 512 || le64(h + 36) > DESC_MAX / 512 || off > r->size ||
		    len > r->size - off)
			return NULL;
	} else if (memcmp(h, "# Disk DescriptorFile", 21) != 0) {
		return NULL;
	}
	if (len > DESC_MAX)
		len = DESC_MAX;
	if ((buf = malloc(len + 1)) == NULL)
		return NULL;
	if (reader_read_full(r, buf, (size_t)len, off, &e) != 0) {
		err_clear(&e);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* The quoted value on a line of a VMDK descriptor, in out; 1 found, 0 not. */
static int
quoted(const char *line, char *out, size_t cap)
{
	const char *q = strchr(line, '"'), *r;

	if (q == NULL || (r = strchr(q + 1, '"')) == NULL || r == q + 1 || (size_t)(r - q - 1) >= cap)
		return 0;
	memcpy(out, q + 1, (size_t)(r - q - 1));
	out[r - q - 1] = '\0';
	return 1;
}

/* A content id after key= on a descriptor line (hex): 1 with *v, 0 not. */
static int
cid(const char *line, uint32_t *v)
{
	const char *q = strchr(line, '=');
	char *end;
	unsigned long x;

	if (q == NULL)
		return 0;
	x = strtoul(q + 1, &end, 16);
	*v = (uint32_t)x;
	return end != q + 1;
}

/*
 * The descriptor, read by our code (no library here: -r peeks in the parent
 * process): the parent hint, the content ids that tie a delta to its parent,
 * the extent files (plain names in the descriptor's folder, as
 * check_extents allows), the create type, the size.
 */
static int
vmdk_peek(struct img_level *lv, struct err *e)
{
	char *buf = vmdk_descriptor(lv->file), *line, *save = NULL, name[1024], type[64] = "", *p;
	uint32_t c, pc = 0xffffffffu;
	uint64_t sectors = 0;
	int rc = 0;

	if (buf == NULL)
		return 0; /* what libvmdk makes of it is open's business */
	for (line = strtok_r(buf, "\r\n", &save); rc == 0 && line != NULL; line = strtok_r(NULL, "\r\n", &save)) {
		if (strncmp(line, "parentFileNameHint", 18) == 0) {
			if (quoted(line, lv->parent_names[0], IMG_NAME_MAX))
				lv->nparent_names = 1;
		} else if (strncmp(line, "CID=", 4) == 0 && cid(line, &c)) {
			snprintf(lv->d.id, GUID_STR_LEN, "%08x", c);
		} else if (strncmp(line, "parentCID=", 10) == 0 && cid(line, &pc)) {
			if (pc != 0xffffffffu)
				snprintf(lv->parent_id[0], GUID_STR_LEN, "%08x", pc);
		} else if (strncmp(line, "createType=", 11) == 0) {
			quoted(line, type, sizeof type);
		} else if (strncmp(line, "RW ", 3) == 0 || strncmp(line, "RDONLY ", 7) == 0 ||
		    strncmp(line, "NOACCESS ", 9) == 0) {
			sectors += strtoull(strchr(line, ' ') + 1, NULL, 10);
			if (!quoted(line, name, sizeof name) || strchr(name, '/') != NULL || strchr(name, '\\') != NULL)
				continue;
			if (lv->nextra == IMG_MAX_EXTRA) {
				rc = err_set(e, ERR_LIMIT, "VMDK: more than %d extent files", IMG_MAX_EXTRA);
				break;
			}
			if ((p = sys_dir_of(lv->path)) == NULL || (lv->extra[lv->nextra] = sys_join(p, name)) == NULL)
				rc = err_set(e, ERR_NOMEM, "out of memory");
			else if (strcmp(lv->extra[lv->nextra], lv->path) == 0)
				free(lv->extra[lv->nextra]); /* a monolithic sparse file names itself */
			else
				lv->nextra++;
			free(p);
		}
	}
	free(buf);
	if (sectors > 0 && sectors < (1ull << 54))
		lv->size = sectors * 512;
	lv->d.disk_type = lv->nparent_names ? "differencing" : strstr(type, "Flat") || strcmp(type, "vmfs") == 0 ?
	    "fixed" : "dynamic";
	return rc;
}

static int
vmdk_open(struct img_level *lv, struct err *e)
{
	struct more_info mi;
	char nb[4096];

	memset(&mi, 0, sizeof mi);
	if ((lv->disk = rd_vmdk_open(sys_native_path(lv->path, nb, sizeof nb), &mi, e)) == NULL)
		return -1;
	lv->size = mi.media_size;
	lv->d.disk_type = mi.disk_type;
	lv->subformat = mi.subformat;
	return 0;
}

/* A delta's parent must carry the content id the delta names. */
static int
vmdk_is_parent(const struct img_level *child, const struct img_level *cand, char **why)
{
	if (child->parent_id[0][0] == '\0' || strcasecmp(child->parent_id[0], cand->d.id) == 0)
		return 1;
	*why = str_printf("%s has content id %s, its child names %s", cand->path, cand->d.id[0] ? cand->d.id : "none",
	    child->parent_id[0]);
	return 0;
}

static int
vmdk_set_parent_level(struct img_level *child, struct img_level *parent, struct err *e)
{
	return rd_vmdk_set_parent(child->disk, parent->disk, e);
}

const struct img_driver img_vmdk = {
	.name = "vmdk", .exts = ".vmdk", .label = "VMDK",
	.missing = "no \"KDMV\" header and no \"# Disk DescriptorFile\"", .flags = IMG_LIBRARY,
	.bid = vmdk_bid, .peek = vmdk_peek, .open = vmdk_open, .is_parent = vmdk_is_parent,
	.set_parent = vmdk_set_parent_level, .lib = "libvmdk", .lib_version = rd_vmdk_version,
};
