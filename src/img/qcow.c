/* SPDX-License-Identifier: MIT */
/*
 * rd_qcow.c: libqcow -> struct reader.  The only file that knows libqcow.
 * Linked isolated (Makefile), like libvhdi: libqcow carries its own copies
 * of libbfio and friends.  Encrypted images are refused with a message
 * that says so; a backing file is named, and found and opened by image.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libqcow.h>

#include "img/more.h"

struct qcow {
	libqcow_file_t *f;
};

static int
qfail(struct err *e, const char *what, libqcow_error_t **le)
{
	char bt[ERR_TRACE_MAX] = "";

	if (*le != NULL && libqcow_error_backtrace_sprint(*le, bt, sizeof bt) < 0)
		libqcow_error_sprint(*le, bt, sizeof bt);
	if (*le != NULL)
		libqcow_error_free(le);
	return err_set_yal(e, ERR_FORMAT, what, bt, NULL);
}

static ssize_t
qcow_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct qcow *q = r->ctx;
	libqcow_error_t *le = NULL;
	ssize_t n;

	n = libqcow_file_read_buffer_at_offset(q->f, buf, len, (off64_t)off, &le);
	if (n < 0) {
		char what[64];
		snprintf(what, sizeof what, "QCOW: read at 0x%llx", (unsigned long long)off);
		return qfail(e, what, &le);
	}
	if (le != NULL)
		libqcow_error_free(&le);
	return n;
}

static void
qcow_close(struct reader *r)
{
	struct qcow *q = r->ctx;
	libqcow_error_t *le = NULL;

	if (q->f == NULL)
		return;
	libqcow_file_close(q->f, &le);
	if (le != NULL)
		libqcow_error_free(&le);
	libqcow_file_free(&q->f, &le);
	if (le != NULL)
		libqcow_error_free(&le);
}

struct reader *
rd_qcow_open(const char *path, struct more_info *info, struct err *e)
{
	libqcow_error_t *le = NULL;
	struct reader *r;
	struct qcow *q;
	size64_t size = 0;
	size_t blen = 0;
	uint32_t enc = 0, ver = 0;

	if ((r = reader_alloc(sizeof *q, path, e)) == NULL)
		return NULL;
	q = r->ctx;
	r->read_at = qcow_read;
	r->close = qcow_close;
	if (libqcow_file_initialize(&q->f, &le) != 1) {
		qfail(e, "QCOW", &le);
		goto fail;
	}
	if (libqcow_file_open(q->f, path, LIBQCOW_OPEN_READ, &le) != 1) {
		qfail(e, "QCOW: cannot open", &le);
		goto fail;
	}
	info->parent[0] = '\0';
	if (libqcow_file_get_utf8_backing_filename_size(q->f, &blen, &le) == 1 && blen > 1 &&
	    (blen > sizeof info->parent || libqcow_file_get_utf8_backing_filename(q->f,
	    (uint8_t *)info->parent, sizeof info->parent, &le) != 1)) {
		qfail(e, "QCOW: backing file name", &le);
		goto fail;
	}
	if (le != NULL)
		libqcow_error_free(&le);
	if (libqcow_file_get_encryption_method(q->f, &enc, &le) == 1 && enc != 0) {
		err_set(e, ERR_UNSUPPORTED, "QCOW: encrypted");
		goto fail;
	}
	if (le != NULL)
		libqcow_error_free(&le);
	if (libqcow_file_get_media_size(q->f, &size, &le) != 1) {
		qfail(e, "QCOW: media size", &le);
		goto fail;
	}
	if (libqcow_file_get_format_version(q->f, &ver, &le) != 1)
		ver = 0;
	if (le != NULL)
		libqcow_error_free(&le);
	r->size = size;
	r->sector_size = 512;
	info->subformat = ver == 1 ? "version 1" : ver == 2 ? "version 2" : ver == 3 ? "version 3" : "unknown";
	info->disk_type = info->parent[0] ? "differencing" : "dynamic";
	info->media_size = size;
	return r;
fail:
	reader_close(r);
	return NULL;
}

int
rd_qcow_set_parent(struct reader *child, struct reader *parent, struct err *e)
{
	struct qcow *c = child->ctx, *p = parent->ctx;
	libqcow_error_t *le = NULL;

	if (libqcow_file_set_parent_file(c->f, p->f, &le) != 1)
		return qfail(e, "QCOW: backing file", &le);
	return 0;
}

const char *rd_qcow_version(void) { return libqcow_get_version(); }
