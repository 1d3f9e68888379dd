/* SPDX-License-Identifier: MIT */
/*
 * testutil.h: helpers shared by the unit tests.  fail_reader wraps a reader
 * and fails the Nth read (1-based; 0 = never), to test error paths and the
 * context chains they build.  Header-only: each test is one binary.
 */
#ifndef HV_TESTUTIL_H
#define HV_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "io/reader.h"

struct failctx {
	struct reader *parent;
	unsigned       fail_at, count;
};

static ssize_t
fail_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct failctx *f = r->ctx;

	if (++f->count == f->fail_at)
		return err_set(e, ERR_IO, "injected failure at read %u (0x%llx)", f->count,
		    (unsigned long long)off);
	return reader_read(f->parent, buf, len, off, e);
}

static inline struct reader *
fail_reader_open(struct reader *parent, unsigned fail_at)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *r = reader_alloc(sizeof(struct failctx), "fail", &e);
	struct failctx *f;

	assert_non_null(r);
	f = r->ctx;
	f->parent = parent;
	f->fail_at = fail_at;
	r->size = parent->size;
	r->sector_size = parent->sector_size;
	r->read_at = fail_read;
	return r;
}

/* Read a whole host file into memory (tests only); NULL when absent. */
static inline uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (b = malloc((size_t)n + 1)) != NULL && fread(b, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

/*
 * The file r (closed here) holds exactly the host file tree (path names it
 * in failures): read whole, and once more across blocks from an odd offset.
 */
static inline void
same_as_file(struct reader *r, const char *path, const char *tree)
{
	struct err e ERR_AUTO = ERR_INIT;
	size_t n = 0;
	uint8_t *want = slurp(tree, &n), *got;

	assert_non_null(want);
	if (r->size != n)
		fail_msg("%s: %llu bytes, want %zu", path, (unsigned long long)r->size, n);
	assert_non_null(got = malloc(n + 1));
	assert_int_equal(reader_read_full(r, got, n, 0, &e), 0);
	assert_memory_equal(got, want, n);
	if (n > 10000) {
		assert_int_equal(reader_read_full(r, got, 9000, n / 3 + 1, &e), 0);
		assert_memory_equal(got, want + n / 3 + 1, 9000);
	}
	reader_close(r);
	free(got);
	free(want);
}

/* The shared corpus, when present (CI has it at ../shared). */
#define CORPUS "../shared/corpus/"

#endif
