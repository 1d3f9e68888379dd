/* SPDX-License-Identifier: MIT */
/*
 * reader.c: helpers shared by every reader, windows over a parent, and the
 * memory reader.  The concrete readers live in rd_*.c.
 */
#include <stdlib.h>
#include <string.h>

#include "io/reader.h"

struct reader *
reader_alloc(size_t ctxsize, const char *name, struct err *e)
{
	size_t nlen = strlen(name) + 1;
	struct reader *r;
	char *p;

	/* One block: the reader, its context (aligned), then the name. */
	ctxsize = (ctxsize + 15) & ~(size_t)15;
	r = calloc(1, sizeof *r + 16 + ctxsize + nlen);
	if (r == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	p = (char *)r + ((sizeof *r + 15) & ~(size_t)15);
	r->ctx = ctxsize ? p : NULL;
	memcpy(p + ctxsize, name, nlen);
	r->name = p + ctxsize;
	r->sector_size = 512;
	return r;
}

void
reader_close(struct reader *r)
{
	if (r == NULL)
		return;
	if (r->close != NULL)
		r->close(r);
	free(r);
}

ssize_t
reader_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	ssize_t n;

	if (off >= r->size)
		return 0;
	if (len > r->size - off)
		len = (size_t)(r->size - off);
	if (len == 0)
		return 0;
	n = r->read_at(r, buf, len, off, e);
	if (n > 0) {
		r->nreads++;
		r->nbytes += (uint64_t)n;
	}
	return n;
}

int
reader_read_full(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	size_t done = 0;
	ssize_t n;

	if (off > r->size || len > r->size - off)
		return err_set(e, ERR_FORMAT,
		    "read of %zu bytes at 0x%llx is past the end (size 0x%llx)",
		    len, (unsigned long long)off, (unsigned long long)r->size);
	/* Loop: a reader may return less than asked before its end (e.g. a pipe-like host file). */
	while (done < len) {
		n = reader_read(r, (uint8_t *)buf + done, len - done, off + done, e);
		if (n < 0)
			return -1;
		if (n == 0)
			return err_set(e, ERR_IO, "short read at 0x%llx",
			    (unsigned long long)(off + done));
		done += (size_t)n;
	}
	return 0;
}

/* Windows. */

struct sub {
	struct reader *parent; /* borrowed */
	uint64_t       off;
};

static ssize_t
sub_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct sub *s = r->ctx;

	/* reader_read() already clipped to our size; the parent clips to its own. */
	return reader_read(s->parent, buf, len, s->off + off, e);
}

struct reader *
reader_sub_open(struct reader *parent, uint64_t off, uint64_t len, const char *name,
    struct err *e)
{
	struct reader *r;
	struct sub *s;

	if (off > parent->size || len > parent->size - off) {
		err_set(e, ERR_FORMAT,
		    "%s: window 0x%llx+0x%llx lies outside %s (size 0x%llx)", name,
		    (unsigned long long)off, (unsigned long long)len, parent->name,
		    (unsigned long long)parent->size);
		return NULL;
	}
	if ((r = reader_alloc(sizeof *s, name, e)) == NULL)
		return NULL;
	s = r->ctx;
	s->parent = parent;
	s->off = off;
	r->size = len;
	r->sector_size = parent->sector_size;
	r->read_at = sub_read;
	return r;
}

/* Memory. */

struct mem {
	const uint8_t *buf;
};

static ssize_t
mem_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct mem *m = r->ctx;

	(void)e;
	memcpy(buf, m->buf + off, len);
	return (ssize_t)len;
}

struct reader *
reader_mem_open(const void *buf, size_t len, const char *name, struct err *e)
{
	struct reader *r;

	if ((r = reader_alloc(sizeof(struct mem), name, e)) == NULL)
		return NULL;
	((struct mem *)r->ctx)->buf = buf;
	r->size = len;
	r->read_at = mem_read;
	return r;
}

/* Zeros. */

static ssize_t
zero_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	(void)r; (void)off; (void)e;
	memset(buf, 0, len);
	return (ssize_t)len;
}

struct reader *
reader_zero_open(uint64_t size, const char *name, struct err *e)
{
	struct reader *r;

	if ((r = reader_alloc(0, name, e)) == NULL)
		return NULL;
	r->size = size;
	r->read_at = zero_read;
	return r;
}
