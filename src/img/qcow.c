/* SPDX-License-Identifier: MIT */
/*
 * qcow.c: libqcow -> struct reader.  The only file that knows libqcow.
 * Linked isolated (Makefile), like libvhdi: libqcow carries its own copies
 * of libbfio and friends.  Encrypted images are refused with a message
 * that says so; a backing file is named (qcow_check reads its name), found
 * by the one parent walk (img_open.c) and attached by the QCOW row below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libqcow.h>

#include "img/driver.h"
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
	struct qcow *c, *p;
	libqcow_error_t *le = NULL;

	if (child == NULL || parent == NULL || child->close != qcow_close || parent->close != qcow_close)
		return err_set(e, ERR_UNSUPPORTED, "QCOW: a backing file not read by libqcow");
	c = child->ctx;
	p = parent->ctx;
	if (libqcow_file_set_parent_file(c->f, p->f, &le) != 1)
		return qfail(e, "QCOW: backing file", &le);
	return 0;
}

const char *rd_qcow_version(void) { return libqcow_get_version(); }

/* --- the QCOW row of the driver table ----------------------------------- */

/* A QCOW level: what our check found, and the zero clusters laid over the chain (top level). */
struct qcow_level {
	struct qcow_map map;
	struct reader  *zero;  /* owned */
};

static int
qcow_bid(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize)
{
	(void)tail, (void)ntail, (void)fsize;
	return nhead >= 4 && memcmp(head, "QFI\xfb", 4) == 0 ? 100 : 0; /* QEMU image format, any version */
}

/*
 * The header only (-r's walk peeks in the parent: its work must not grow
 * with a file's tables); the tables are checked when the level is opened.
 */
static int
qcow_peek(struct img_level *lv, struct err *e)
{
	struct qcow_level *q;
	struct qcow_head h;

	if ((q = calloc(1, sizeof *q)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	lv->priv = q;
	if (qcow_head_read(lv->file, &h, e) != 0)
		return -1;
	lv->size = h.size;
	lv->sector_size = 512;
	lv->subformat = h.version == 2 ? "version 2" : "version 3";
	lv->d.disk_type = h.backing[0] ? "differencing" : "dynamic";
	if (h.backing[0]) {
		snprintf(lv->parent_names[0], IMG_NAME_MAX, "%s", h.backing);
		lv->nparent_names = 1;
	}
	return 0;
}

/* Our own check of the tables first: libqcow 20201213 copies past its buffer on a truncated file. */
static int
qcow_open(struct img_level *lv, struct err *e)
{
	struct qcow_level *q = lv->priv;
	struct more_info mi;
	struct qcow_head h;
	char nb[4096];

	if (qcow_check(lv->file, &q->map, &h, e) != 0)
		return -1;
	memset(&mi, 0, sizeof mi);
	if ((lv->disk = rd_qcow_open(sys_native_path(lv->path, nb, sizeof nb), &mi, e)) == NULL)
		return -1;
	lv->size = mi.media_size;
	return 0;
}

/* QCOW2 has no identity to check: the backing file is the one named. */
static int
qcow_is_parent(const struct img_level *child, const struct img_level *cand, char **why)
{
	(void)child, (void)cand, (void)why;
	return 1;
}

static int
qcow_set_parent_level(struct img_level *child, struct img_level *parent, struct err *e)
{
	return rd_qcow_set_parent(child->disk, parent->disk, e);
}

/* libqcow reads a version-3 zero cluster from its offset (the file's header): zeros laid over it. */
static int
qcow_finish(struct img_level *v, size_t n, struct reader **top, struct err *e)
{
	struct qcow_map maps[IMG_MAX_DEPTH];
	struct qcow_level *q = v[0].priv;
	size_t i;

	for (i = 0; i < n; i++)
		maps[i] = ((struct qcow_level *)v[i].priv)->map;
	if ((q->zero = qcow_zero_open(v[0].disk, maps, n, e)) == NULL)
		return -1;
	*top = q->zero;
	return 0;
}

static void
qcow_level_close(struct img_level *lv)
{
	struct qcow_level *q = lv->priv;

	if (q == NULL)
		return;
	reader_close(q->zero);
	qcow_map_free(&q->map);
	free(q);
	lv->priv = NULL;
}

const struct img_driver img_qcow = {
	.name = "qcow", .exts = ".qcow2 .qcow", .label = "QCOW2", .missing = "no \"QFI\\xfb\" header",
	.flags = IMG_LIBRARY,
	.bid = qcow_bid, .peek = qcow_peek, .open = qcow_open, .is_parent = qcow_is_parent,
	.set_parent = qcow_set_parent_level, .finish = qcow_finish, .close = qcow_level_close,
	.lib = "libqcow", .lib_version = rd_qcow_version,
};
