/* SPDX-License-Identifier: MIT */
/*
 * bfio.c: struct reader -> libbfio_handle_t (system libbfio 20170123).
 *
 * Callback contract as measured (docs/sources.md L3): is_open is mandatory;
 * open returns 1 and close 0; read reads at the handle's own position and
 * advances it (libregf reads hbin cells right after the header without a
 * seek); seek handles SEEK_SET/CUR/END and returns the new offset; get_size
 * is called once.  The handle is NON_MANAGED: we free our context ourselves.
 */
#include <stdio.h>
#include <stdlib.h>

#include "io/bfio.h"

struct bfio {
	const struct bfio_lib *lib;
	struct reader    *r;      /* borrowed */
	libbfio_handle_t *h;
	uint64_t          pos;
	int               is_open;
	struct err        cause;
};

static int
cb_free(intptr_t **io, libbfio_error_t **le)
{
	(void)le;
	*io = NULL; /* NON_MANAGED: nothing to free here */
	return 1;
}

static int
cb_open(intptr_t *io, int flags, libbfio_error_t **le)
{
	struct bfio *b = (struct bfio *)io;

	(void)le;
	if ((flags & LIBBFIO_ACCESS_FLAG_WRITE) != 0)
		return -1; /* read-only, always */
	b->is_open = 1;
	return 1;
}

static int
cb_close(intptr_t *io, libbfio_error_t **le)
{
	(void)le;
	((struct bfio *)io)->is_open = 0;
	return 0;
}

static ssize_t
cb_read(intptr_t *io, uint8_t *buf, size_t len, libbfio_error_t **le)
{
	struct bfio *b = (struct bfio *)io;
	ssize_t n;

	(void)le;
	n = reader_read(b->r, buf, len, b->pos, &b->cause);
	if (n < 0)
		return -1;
	b->pos += (uint64_t)n;
	return n;
}

static off64_t
cb_seek(intptr_t *io, off64_t off, int whence, libbfio_error_t **le)
{
	struct bfio *b = (struct bfio *)io;
	int64_t base;

	(void)le;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)b->pos; break;
	case SEEK_END: base = (int64_t)b->r->size; break;
	default: return -1;
	}
	if (off < 0 ? base < -off : (uint64_t)off > INT64_MAX - (uint64_t)base)
		return -1;
	b->pos = (uint64_t)(base + off);
	return (off64_t)b->pos;
}

static int
cb_exists(intptr_t *io, libbfio_error_t **le)
{
	(void)io; (void)le;
	return 1;
}

static int
cb_is_open(intptr_t *io, libbfio_error_t **le)
{
	(void)le;
	return ((struct bfio *)io)->is_open;
}

static int
cb_get_size(intptr_t *io, size64_t *size, libbfio_error_t **le)
{
	(void)le;
	*size = ((struct bfio *)io)->r->size;
	return 1;
}

static const struct bfio_lib system_bfio = {
	libbfio_handle_initialize, libbfio_handle_free, libbfio_error_free, libbfio_error_backtrace_sprint
};

struct bfio *
bfio_open(struct reader *r, struct err *e)
{
	return bfio_open_in(&system_bfio, r, e);
}

struct bfio *
bfio_open_in(const struct bfio_lib *lib, struct reader *r, struct err *e)
{
	libbfio_error_t *le = NULL;
	struct bfio *b;

	if ((b = calloc(1, sizeof *b)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	b->lib = lib;
	b->r = r;
	if (lib->handle_initialize(&b->h, (intptr_t *)b, cb_free, NULL, cb_open, cb_close,
	    cb_read, NULL, cb_seek, cb_exists, cb_is_open, cb_get_size,
	    LIBBFIO_FLAG_IO_HANDLE_NON_MANAGED | LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_REFERENCE,
	    &le) != 1) {
		char bt[ERR_TRACE_MAX] = "";
		if (le != NULL)
			lib->error_backtrace_sprint(le, bt, sizeof bt);
		lib->error_free(&le);
		err_set_yal(e, ERR_NOMEM, "libbfio", bt, NULL);
		free(b);
		return NULL;
	}
	return b;
}

libbfio_handle_t *bfio_handle(struct bfio *b) { return b->h; }
void bfio_release(struct bfio *b) { b->h = NULL; }
const char *bfio_cause(const struct bfio *b) { return b->cause.code ? err_msg(&b->cause) : NULL; }
void bfio_clear_cause(struct bfio *b) { err_clear(&b->cause); }

void
bfio_close(struct bfio *b)
{
	libbfio_error_t *le = NULL;

	if (b == NULL)
		return;
	if (b->h != NULL)
		b->lib->handle_free(&b->h, &le);
	if (le != NULL)
		b->lib->error_free(&le);
	err_clear(&b->cause);
	free(b);
}

const char *bfio_lib_version(void) { return libbfio_get_version(); }
