/* SPDX-License-Identifier: MIT */
/*
 * vss.c: libvshadow -> readers of a volume as it was (vss.h).  The only
 * file that knows libvshadow.  It reads the volume through a libbfio handle
 * on our reader (io/bfio.c), and only once vss_check has accepted the
 * structures.  Debian built libvshadow against the system libbfio, like
 * libfsntfs and libregf; it is linked isolated (Makefile, tests/build/link-isolation.sh).
 *
 * Built with HV_NO_LIBVSHADOW (the third-party recipe's builds: Windows,
 * macOS), shadow copies are found and checked (vss_check) but not read: the
 * recipe cannot fetch libvshadow's source (docs/windows.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs/vss.h"

#ifdef HV_NO_LIBVSHADOW

int
vss_open(struct reader *vol, struct vss **out, struct err *e)
{
	size_t n;
	int rc;

	*out = NULL;
	if ((rc = vss_check(vol, &n, e)) <= 0)
		return rc;
	return err_set(e, ERR_UNSUPPORTED, "%zu shadow cop%s found, not read: this build has no libvshadow",
	    n, n == 1 ? "y" : "ies");
}

size_t vss_count(const struct vss *v) { (void)v; return 0; }

struct reader *
vss_store_open(struct vss *v, size_t i, struct vss_store_info *info, struct err *e)
{
	(void)v, (void)i, (void)info;
	return err_set(e, ERR_UNSUPPORTED, "this build has no libvshadow"), NULL;
}

void vss_close(struct vss *v) { (void)v; }
const char *vss_lib_version(void) { return NULL; }

#else

#include <libvshadow.h>

#include "io/bfio.h"

struct vss {
	struct bfio        *io;
	libvshadow_volume_t *vol;
	int                  nstores;
};

struct vstore {
	struct vss         *v;   /* borrowed */
	libvshadow_store_t *s;
};

static void
drop(libvshadow_error_t **le)
{
	if (*le != NULL)
		libvshadow_error_free(le);
}

static int
fail(struct err *e, struct vss *v, const char *what, libvshadow_error_t **le)
{
	char bt[ERR_TRACE_MAX];

	bt[0] = '\0';
	if (*le != NULL && libvshadow_error_backtrace_sprint(*le, bt, sizeof bt) < 0)
		libvshadow_error_sprint(*le, bt, sizeof bt);
	drop(le);
	return err_set_yal(e, ERR_FORMAT, what, bt, v ? bfio_cause(v->io) : NULL);
}

int
vss_open(struct reader *vol, struct vss **out, struct err *e)
{
	libvshadow_error_t *le = NULL;
	struct vss *v;
	size_t n;
	int rc;

	*out = NULL;
	if ((rc = vss_check(vol, &n, e)) <= 0)
		return rc;
	if ((v = calloc(1, sizeof *v)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if ((v->io = bfio_open(vol, e)) == NULL)
		goto fail;
	if (libvshadow_volume_initialize(&v->vol, &le) != 1) {
		fail(e, v, "libvshadow: initialize", &le);
		goto fail;
	}
	if (libvshadow_volume_open_file_io_handle(v->vol, bfio_handle(v->io), LIBVSHADOW_OPEN_READ, &le) != 1) {
		fail(e, v, "libvshadow: open", &le);
		goto fail;
	}
	if (libvshadow_volume_get_number_of_stores(v->vol, &v->nstores, &le) != 1) {
		fail(e, v, "libvshadow: number of stores", &le);
		goto fail;
	}
	if (v->nstores < 0 || v->nstores > VSS_MAX_STORES) {
		err_set(e, ERR_LIMIT, "libvshadow: %d stores (cap %d)", v->nstores, VSS_MAX_STORES);
		goto fail;
	}
	drop(&le);
	*out = v;
	return 1;
fail:
	vss_close(v);
	return -1;
}

size_t vss_count(const struct vss *v) { return (size_t)v->nstores; }

static ssize_t
store_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct vstore *s = r->ctx;
	libvshadow_error_t *le = NULL;
	ssize_t n = libvshadow_store_read_buffer_at_offset(s->s, buf, len, (off64_t)off, &le);

	if (n < 0) {
		char what[64];
		snprintf(what, sizeof what, "libvshadow: read at 0x%llx", (unsigned long long)off);
		return fail(e, s->v, what, &le);
	}
	drop(&le);
	return n;
}

static void
store_close(struct reader *r)
{
	struct vstore *s = r->ctx;
	libvshadow_error_t *le = NULL;

	if (s->s != NULL)
		libvshadow_store_free(&s->s, &le);
	drop(&le);
}

struct reader *
vss_store_open(struct vss *v, size_t i, struct vss_store_info *info, struct err *e)
{
	libvshadow_error_t *le = NULL;
	libvshadow_store_t *st = NULL;
	uint8_t id[16];
	uint64_t t = 0;
	size64_t size = 0;
	struct reader *r;
	struct vstore *s;

	memset(info, 0, sizeof *info);
	if (i >= (size_t)v->nstores || libvshadow_volume_get_store(v->vol, (int)i, &st, &le) != 1)
		return fail(e, v, "libvshadow: store", &le), NULL;
	if (libvshadow_store_get_volume_size(st, &size, &le) != 1 ||
	    libvshadow_store_get_creation_time(st, &t, &le) != 1 ||
	    libvshadow_store_get_identifier(st, id, sizeof id, &le) != 1) {
		fail(e, v, "libvshadow: store facts", &le);
		libvshadow_store_free(&st, &le);
		drop(&le);
		return NULL;
	}
	guid_le_str(id, info->id);
	info->created = t;
	info->volume_size = size;
	if ((r = reader_alloc(sizeof *s, "shadow copy", e)) == NULL) {
		libvshadow_store_free(&st, &le);
		drop(&le);
		return NULL;
	}
	s = r->ctx;
	s->v = v;
	s->s = st;
	r->size = size;
	r->read_at = store_read;
	r->close = store_close;
	return r;
}

void
vss_close(struct vss *v)
{
	libvshadow_error_t *le = NULL;

	if (v == NULL)
		return;
	if (v->vol != NULL) {
		libvshadow_volume_close(v->vol, &le);
		drop(&le);
		libvshadow_volume_free(&v->vol, &le);
		drop(&le);
	}
	bfio_close(v->io);
	free(v);
}

const char *vss_lib_version(void) { return libvshadow_get_version(); }

#endif
