/* SPDX-License-Identifier: MIT */
/*
 * ntfs.c: libfsntfs adapter.  The only file that knows libfsntfs.
 *
 * libfsntfs (20200921) paths use '\' only, are case-insensitive (towupper
 * folding, so exact for ASCII) and a missing path returns 0, not -1
 * (docs/sources.md L3).  Its path lookup reads the whole $I30 index of each
 * directory on the way (5,000 System32 entries to reach one hive), so
 * ntfs_index.c finds the MFT entry first and libfsntfs opens it by number.
 *
 * Validate first: a volume whose $MFT, $UpCase or directory indexes our walk
 * finds damaged is refused before libfsntfs reads it (fuzzing found
 * libfsntfs 20200921 dereferencing NULL in its index-node search on such a
 * volume: tests/fuzz/regress/fuzz_ntfs/).  libfsntfs's own path lookup is
 * used only where ours stops short of something valid (an $ATTRIBUTE_LIST,
 * a cap) and to confirm an absence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfsntfs.h>

#include "io/bfio.h"
#include "fs/ntfs.h"
#include "fs/ntfs_index.h"

/* ours gave up on something it does not follow, not on damage: libfsntfs may try */
static int
beyond_us(const struct err *e)
{
	return e->code == ERR_UNSUPPORTED || e->code == ERR_LIMIT;
}

struct ntfs {
	struct bfio         *io;  /* owned, over the borrowed volume reader */
	libfsntfs_volume_t  *vol;
	struct ntidx        *idx; /* our index reader (fast path); NULL when it cannot read this volume */
	unsigned             fast, slow; /* lookups each way, for -v and the tests */
	int                  lib_only; /* every lookup is libfsntfs's (ntfs_library_lookups) */
};

struct nfile {
	struct ntfs             *n;  /* borrowed */
	libfsntfs_file_entry_t  *fe;
};

/* Free a libyal error object if one is set (a success can leave one, docs/sources.md L5). */
static void
drop(libfsntfs_error_t **le)
{
	if (*le != NULL)
		libfsntfs_error_free(le);
}

static int
fail(struct err *e, struct ntfs *n, const char *what, libfsntfs_error_t **le)
{
	char bt[ERR_TRACE_MAX] = "";

	if (*le != NULL && libfsntfs_error_backtrace_sprint(*le, bt, sizeof bt) < 0)
		libfsntfs_error_sprint(*le, bt, sizeof bt);
	libfsntfs_error_free(le);
	err_set_yal(e, ERR_FORMAT, what, bt, n ? bfio_cause(n->io) : NULL);
	if (n != NULL)
		bfio_clear_cause(n->io);
	return -1;
}

struct ntfs *
ntfs_open(struct reader *vol, struct err *e)
{
	libfsntfs_error_t *le = NULL;
	struct ntfs *n;
	struct err ie ERR_AUTO = ERR_INIT;

	if ((n = calloc(1, sizeof *n)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	if ((n->idx = ntidx_open(vol, &ie)) == NULL && !beyond_us(&ie)) {
		err_move(e, &ie);
		goto fail;
	}
	err_clear(&ie); /* beyond our index walk: libfsntfs reads the volume */
	if ((n->io = bfio_open(vol, e)) == NULL)
		goto fail;
	if (libfsntfs_volume_initialize(&n->vol, &le) != 1) {
		fail(e, n, "libfsntfs", &le);
		goto fail;
	}
	if (libfsntfs_volume_open_file_io_handle(n->vol, bfio_handle(n->io), LIBFSNTFS_OPEN_READ,
	    &le) != 1) {
		fail(e, n, "cannot open volume", &le);
		goto fail;
	}
	drop(&le);
	return n;
fail:
	ntfs_close(n);
	return NULL;
}

static ssize_t
nfile_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct nfile *f = r->ctx;
	libfsntfs_error_t *le = NULL;
	ssize_t got;

	got = libfsntfs_file_entry_read_buffer_at_offset(f->fe, buf, len, (off64_t)off, &le);
	if (got < 0) {
		char what[48];
		snprintf(what, sizeof what, "read at 0x%llx", (unsigned long long)off);
		return fail(e, f->n, what, &le);
	}
	drop(&le);
	return got;
}

static void
nfile_close(struct reader *r)
{
	struct nfile *f = r->ctx;
	libfsntfs_error_t *le = NULL;

	if (f->fe != NULL)
		libfsntfs_file_entry_free(&f->fe, &le);
	drop(&le);
}

int
ntfs_open_file(struct ntfs *n, const char *path, const char *name, struct reader **out,
    struct err *e)
{
	libfsntfs_error_t *le = NULL;
	libfsntfs_file_entry_t *fe = NULL;
	struct reader *r;
	struct nfile *f;
	size64_t size = 0;
	uint64_t mft;
	struct err ie ERR_AUTO = ERR_INIT;
	int rc;

	*out = NULL;
	/*
	 * Our index walk first (a few B-tree nodes); libfsntfs's path lookup
	 * (whole indexes) when ours cannot follow the volume or finds nothing,
	 * so an absence is always libfsntfs's word.
	 */
	rc = n->idx && !n->lib_only ? ntidx_lookup(n->idx, path, &mft, &ie) : -1;
	if (rc < 0 && n->idx != NULL && !n->lib_only && !beyond_us(&ie)) {
		err_move(e, &ie);
		return err_ctx(e, "%s", path);
	}
	err_clear(&ie);
	if (rc == 1 && libfsntfs_volume_get_file_entry_by_index(n->vol, mft, &fe, &le) == 1) {
		n->fast++;
	} else {
		drop(&le);
		fe = NULL;
		n->slow++;
		rc = libfsntfs_volume_get_file_entry_by_utf8_path(n->vol, (const uint8_t *)path,
		    strlen(path), &fe, &le);
		if (rc < 0)
			return fail(e, n, "lookup", &le);
		drop(&le);
		if (rc == 0)
			return 0;
	}
	rc = libfsntfs_file_entry_has_default_data_stream(fe, &le);
	if (rc != 1) {
		if (rc < 0)
			fail(e, n, "data stream", &le);
		else
			err_set(e, ERR_FORMAT, "is a directory, not a file");
		goto fail;
	}
	if (libfsntfs_file_entry_get_size(fe, &size, &le) != 1) {
		fail(e, n, "size", &le);
		goto fail;
	}
	if ((r = reader_alloc(sizeof *f, name, e)) == NULL)
		goto fail;
	f = r->ctx;
	f->n = n;
	f->fe = fe;
	r->size = size;
	r->read_at = nfile_read;
	r->close = nfile_close;
	*out = r;
	return 1;
fail:
	libfsntfs_file_entry_free(&fe, &le);
	drop(&le);
	return -1;
}

void ntfs_library_lookups(struct ntfs *n) { n->lib_only = 1; }

void
ntfs_close(struct ntfs *n)
{
	libfsntfs_error_t *le = NULL;

	if (n == NULL)
		return;
	if (n->vol != NULL) {
		libfsntfs_volume_close(n->vol, &le);
		drop(&le);
		libfsntfs_volume_free(&n->vol, &le);
		drop(&le);
	}
	ntidx_close(n->idx);
	bfio_close(n->io);
	free(n);
}

void
ntfs_lookups(const struct ntfs *n, unsigned *fast, unsigned *slow)
{
	*fast = n->fast;
	*slow = n->slow;
}

const char *ntfs_lib_version(void) { return libfsntfs_get_version(); }
