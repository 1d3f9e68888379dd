/* SPDX-License-Identifier: MIT */
/*
 * vslvm.c: libvslvm 20181227 over our readers (vslvm.h).  The library
 * carries its own libbfio; the build keeps five of its functions global as
 * libvslvm_libbfio_* (Makefile) and we make its handles with them through
 * io/bfio.c's callbacks, so it reads our disk, never a path.  Measured
 * (docs/sources.md L9): the metadata must be opened from one physical
 * volume, then every physical volume given in a pool in the metadata's
 * order; a logical volume of two segments on one physical volume fails
 * ("invalid physical volume value already set").
 *
 * Built with HV_NO_LIBVSLVM (the third-party recipe's builds: Windows,
 * native), vslvm_open says the library is not in this build.
 */
#include <stdlib.h>
#include <string.h>

#include "vs/vslvm.h"
#include "vs/lvm.h"
#include "vs/mbr.h"

#ifdef HV_NO_LIBVSLVM
struct reader *
vslvm_open(struct reader *disk, const struct part_table *t, const struct part *p, struct err *e)
{
	(void)disk, (void)t, (void)p;
	err_set(e, ERR_UNSUPPORTED, "libvslvm is not in this build");
	return NULL;
}

const char *vslvm_lib_version(void) { return NULL; }
#else
#ifndef HAVE_LIBBFIO
#define HAVE_LIBBFIO 1 /* the declarations that take libbfio handles (its features.h hides them otherwise) */
#endif
#include <libvslvm.h>

#include "io/bfio.h"

#define VSLVM_MAX_LVS 1024 /* logical volumes of one group looked through for ours */

/* libvslvm's own libbfio, kept global under these names by the build (Makefile). */
extern __typeof__(libbfio_handle_initialize) libvslvm_libbfio_handle_initialize;
extern __typeof__(libbfio_handle_free) libvslvm_libbfio_handle_free;
extern __typeof__(libbfio_pool_initialize) libvslvm_libbfio_pool_initialize;
extern __typeof__(libbfio_pool_append_handle) libvslvm_libbfio_pool_append_handle;
extern __typeof__(libbfio_pool_free) libvslvm_libbfio_pool_free;

/* Its errors are libvslvm's (one libcerror inside the library). */
static void
own_error_free(libbfio_error_t **le)
{
	libvslvm_error_free((libvslvm_error_t **)le);
}

static int
own_backtrace(libbfio_error_t *le, char *s, size_t size)
{
	return libvslvm_error_backtrace_sprint((libvslvm_error_t *)le, s, size);
}

static const struct bfio_lib own_bfio = {
	libvslvm_libbfio_handle_initialize, libvslvm_libbfio_handle_free, own_error_free, own_backtrace
};

/* A physical volume of the disk: where it is, and what its label names it. */
struct pv_at {
	const struct part *part;
	char uuid[LVM_UUID_LEN];
};

struct vlv {
	libvslvm_handle_t         *h;
	libvslvm_volume_group_t   *vg;
	libvslvm_logical_volume_t *lv;
	libbfio_pool_t            *pool;
	struct reader             *meta_rd;      /* the PV the metadata was opened from */
	struct bfio               *meta_io;
	struct reader             *rd[LVM_MAX_PVS];  /* the pool's PVs, in the metadata's order */
	struct bfio               *io[LVM_MAX_PVS];
	size_t                     npv, npooled;     /* io[0..npooled) belong to the pool */
	int                        opened;
};

/* The library's error as ours ("libvslvm: what: its root cause"), freed. */
static int
yal_err(struct err *e, libvslvm_error_t **le, const char *what, const struct bfio *io)
{
	char bt[ERR_TRACE_MAX] = "";

	if (*le != NULL)
		libvslvm_error_backtrace_sprint(*le, bt, sizeof bt);
	libvslvm_error_free(le);
	err_set_yal(e, ERR_FORMAT, what, bt, io != NULL ? bfio_cause(io) : NULL);
	return err_ctx(e, "libvslvm");
}

static void
vlv_free(struct vlv *v)
{
	size_t i;

	libvslvm_logical_volume_free(&v->lv, NULL);
	libvslvm_volume_group_free(&v->vg, NULL);
	if (v->opened)
		libvslvm_handle_close(v->h, NULL);
	libvslvm_handle_free(&v->h, NULL);
	/* the pool frees its handles, which call back into our side: ours go after it */
	if (v->pool != NULL)
		libvslvm_libbfio_pool_free(&v->pool, NULL);
	for (i = 0; i < v->npv; i++) {
		if (i < v->npooled)
			bfio_release(v->io[i]);
		bfio_close(v->io[i]);
		reader_close(v->rd[i]);
	}
	bfio_close(v->meta_io);
	reader_close(v->meta_rd);
	free(v);
}

static ssize_t
vlv_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct vlv *v = *(struct vlv **)r->ctx;
	libvslvm_error_t *le = NULL;
	ssize_t n;

	if (off > INT64_MAX)
		return err_set(e, ERR_LIMIT, "offset %llu", (unsigned long long)off);
	n = libvslvm_logical_volume_read_buffer_at_offset(v->lv, buf, len, (off64_t)off, &le);
	if (n < 0) {
		size_t i;
		const struct bfio *cause = NULL;
		for (i = 0; i < v->npv && cause == NULL; i++)
			if (bfio_cause(v->io[i]) != NULL)
				cause = v->io[i];
		yal_err(e, &le, "read", cause);
		return -1;
	}
	libvslvm_error_free(&le);
	return n;
}

static void
vlv_close(struct reader *r)
{
	vlv_free(*(struct vlv **)r->ctx);
}

/* The partitions of t (or the whole disk) carrying an LVM label: n of them in out[0..cap). */
static size_t
find_pvs(struct reader *disk, const struct part_table *t, struct pv_at *out, size_t cap)
{
	uint8_t buf[LVM_LABEL_SCAN];
	struct lvm_label l;
	size_t i, n = 0;

	for (i = 0; i < t->n && n < cap; i++) {
		const struct part *q = &t->v[i];
		struct err pe ERR_AUTO = ERR_INIT;
		if (q->scheme == SCHEME_LVM || mbr_is_extended(q->mbr_type) || q->nbytes < sizeof buf ||
		    reader_read_full(disk, buf, sizeof buf, q->first_byte, &pe) != 0 ||
		    !lvm_label_find(buf, sizeof buf, &l))
			continue;
		out[n].part = q;
		memcpy(out[n].uuid, l.pv_uuid, sizeof out[n].uuid);
		n++;
	}
	return n;
}

/* A window on disk for physical volume q, with a handle of libvslvm's libbfio over it. */
static int
pv_open(struct reader *disk, const struct part *q, struct reader **rd, struct bfio **io, struct err *e)
{
	char name[64];

	snprintf(name, sizeof name, "partition %u", q->idx);
	if ((*rd = reader_sub_open(disk, q->first_byte, q->nbytes, name, e)) == NULL)
		return -1;
	if ((*io = bfio_open_in(&own_bfio, *rd, e)) == NULL)
		return -1;
	return 0;
}

/* Open the group's metadata from the first of pvs[0..n) that is of group `vg` by libvslvm's reading. */
static int
open_group(struct vlv *v, struct reader *disk, const struct pv_at *pvs, size_t n, const char *vg,
    struct err *e)
{
	libvslvm_error_t *le = NULL;
	char name[LVM_NAME_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		err_clear(e);
		if (pv_open(disk, pvs[i].part, &v->meta_rd, &v->meta_io, e) != 0)
			return -1;
		if (libvslvm_handle_open_file_io_handle(v->h, bfio_handle(v->meta_io), LIBVSLVM_OPEN_READ, &le) != 1) {
			yal_err(e, &le, "physical volume", v->meta_io);
			err_ctx(e, "partition %u", pvs[i].part->idx);
		} else {
			v->opened = 1;
			if (libvslvm_handle_get_volume_group(v->h, &v->vg, &le) != 1 ||
			    libvslvm_volume_group_get_name(v->vg, name, sizeof name, &le) != 1)
				return yal_err(e, &le, "volume group", v->meta_io);
			if (strcmp(name, vg) == 0)
				return 0;
			libvslvm_volume_group_free(&v->vg, NULL);
			libvslvm_handle_close(v->h, NULL);
			v->opened = 0;
			err_set(e, ERR_FORMAT, "no physical volume of volume group %.100s", vg);
		}
		bfio_close(v->meta_io);
		reader_close(v->meta_rd);
		v->meta_io = NULL;
		v->meta_rd = NULL;
	}
	if (n == 0)
		err_set(e, ERR_FORMAT, "no LVM physical volume on this disk");
	return -1;
}

/* The group's physical volumes, in its metadata's order, as a pool of our windows. */
static int
open_pool(struct vlv *v, struct reader *disk, const struct pv_at *pvs, size_t n, struct err *e)
{
	libvslvm_error_t *le = NULL;
	libbfio_error_t *be = NULL;
	libvslvm_physical_volume_t *pv;
	char id[64];
	int count = 0, i, entry;
	size_t k;

	if (libvslvm_volume_group_get_number_of_physical_volumes(v->vg, &count, &le) != 1)
		return yal_err(e, &le, "physical volumes", NULL);
	if (count <= 0 || (unsigned)count > LVM_MAX_PVS)
		return err_set(e, ERR_LIMIT, "libvslvm: a volume group of %d physical volumes (cap %u)", count,
		    LVM_MAX_PVS);
	if (libvslvm_libbfio_pool_initialize(&v->pool, 0, 0, &be) != 1) {
		own_error_free(&be);
		return err_set(e, ERR_NOMEM, "libvslvm: pool: out of memory");
	}
	for (i = 0; i < count; i++) {
		pv = NULL;
		if (libvslvm_volume_group_get_physical_volume(v->vg, i, &pv, &le) != 1 ||
		    libvslvm_physical_volume_get_identifier(pv, id, sizeof id, &le) != 1) {
			libvslvm_physical_volume_free(&pv, NULL);
			return yal_err(e, &le, "physical volume", NULL);
		}
		libvslvm_physical_volume_free(&pv, NULL);
		for (k = 0; k < n && strcmp(pvs[k].uuid, id) != 0; k++)
			;
		if (k == n)
			return err_set(e, ERR_FORMAT, "libvslvm: physical volume %.40s of the group is not on this disk",
			    id);
		if (pv_open(disk, pvs[k].part, &v->rd[v->npv], &v->io[v->npv], e) != 0) {
			v->npv += v->rd[v->npv] != NULL;
			return -1;
		}
		v->npv++;
		if (libvslvm_libbfio_pool_append_handle(v->pool, &entry, bfio_handle(v->io[v->npv - 1]),
		    LIBBFIO_OPEN_READ, &be) != 1) {
			own_error_free(&be);
			return err_set(e, ERR_NOMEM, "libvslvm: pool: out of memory");
		}
		v->npooled = v->npv;
	}
	if (libvslvm_handle_open_physical_volume_files_file_io_pool(v->h, v->pool, &le) != 1) {
		/* its error path has freed a physical volume its metadata still holds: closing the
		 * handle would free it again (measured; docs/sources.md L9), so the handle is left */
		v->opened = 0;
		v->h = NULL;
		v->vg = NULL;
		return yal_err(e, &le, "physical volumes", NULL);
	}
	/* the group as the handle gives it now: the one got before holds no pool to read through */
	libvslvm_volume_group_free(&v->vg, NULL);
	if (libvslvm_handle_get_volume_group(v->h, &v->vg, &le) != 1)
		return yal_err(e, &le, "volume group", NULL);
	return 0;
}

/* The group's logical volume named lv (its identifier checked too). */
static int
find_lv(struct vlv *v, const struct part *p, uint64_t *size, struct err *e)
{
	libvslvm_error_t *le = NULL;
	char name[LVM_NAME_MAX], id[64];
	size64_t sz = 0;
	int count = 0, i;

	if (libvslvm_volume_group_get_number_of_logical_volumes(v->vg, &count, &le) != 1)
		return yal_err(e, &le, "logical volumes", NULL);
	if (count < 0 || count > VSLVM_MAX_LVS)
		return err_set(e, ERR_LIMIT, "libvslvm: %d logical volumes (cap %d)", count, VSLVM_MAX_LVS);
	for (i = 0; i < count; i++) {
		if (libvslvm_volume_group_get_logical_volume(v->vg, i, &v->lv, &le) != 1)
			return yal_err(e, &le, "logical volume", NULL);
		if (libvslvm_logical_volume_get_name(v->lv, name, sizeof name, &le) == 1 && strcmp(name, p->lv) == 0) {
			if (libvslvm_logical_volume_get_identifier(v->lv, id, sizeof id, &le) != 1 ||
			    libvslvm_logical_volume_get_size(v->lv, &sz, &le) != 1)
				return yal_err(e, &le, "logical volume", NULL);
			if (strcmp(id, p->uuid) != 0)
				return err_set(e, ERR_FORMAT, "libvslvm: logical volume %.100s has identifier %.40s, not %.40s",
				    p->lv, id, p->uuid);
			*size = sz;
			return 0;
		}
		libvslvm_error_free(&le);
		libvslvm_logical_volume_free(&v->lv, NULL);
	}
	return err_set(e, ERR_FORMAT, "libvslvm: no logical volume %.100s in volume group %.100s", p->lv, p->vg);
}

struct reader *
vslvm_open(struct reader *disk, const struct part_table *t, const struct part *p, struct err *e)
{
	libvslvm_error_t *le = NULL;
	struct pv_at pvs[LVM_MAX_PVS];
	struct reader *r;
	struct vlv *v;
	uint64_t size = 0;
	size_t n;

	if ((v = calloc(1, sizeof *v)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	n = find_pvs(disk, t, pvs, LVM_MAX_PVS);
	if (libvslvm_handle_initialize(&v->h, &le) != 1) {
		yal_err(e, &le, "handle", NULL);
		goto fail;
	}
	if (open_group(v, disk, pvs, n, p->vg, e) != 0 || open_pool(v, disk, pvs, n, e) != 0 ||
	    find_lv(v, p, &size, e) != 0)
		goto fail;
	if ((r = reader_alloc(sizeof v, p->name, e)) == NULL)
		goto fail;
	*(struct vlv **)r->ctx = v;
	r->size = size;
	r->sector_size = disk->sector_size;
	r->read_at = vlv_read;
	r->close = vlv_close;
	return r;
fail:
	vlv_free(v);
	return NULL;
}

const char *vslvm_lib_version(void) { return libvslvm_get_version(); }
#endif
