/* SPDX-License-Identifier: MIT */
/*
 * map.c: a reader whose bytes are runs of its parent's, in any order (an
 * LVM logical volume's segments on the disk: reader.h).  The runs are
 * sorted by their offset in the map and must cover it with no gap and no
 * overlap; a lookup is a binary search, so a volume of many segments costs
 * no more per read than one of a few.
 */
#include <stdlib.h>
#include <string.h>

#include "io/reader.h"

struct map {
	struct reader     *parent; /* borrowed */
	struct reader_run *runs;   /* owned, sorted by off */
	size_t             n;
};

static int
by_off(const void *a, const void *b)
{
	const struct reader_run *x = a, *y = b;
	return (x->off > y->off) - (x->off < y->off);
}

static ssize_t
map_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct map *m = r->ctx;
	size_t lo = 0, hi = m->n, done = 0;

	/* the last run starting at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->runs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	while (done < len && lo < m->n) {
		const struct reader_run *u = &m->runs[lo];
		uint64_t in = off + done - u->off;
		size_t want = len - done;
		if (want > u->len - in)
			want = (size_t)(u->len - in);
		if (reader_read_full(m->parent, (uint8_t *)buf + done, want, u->parent_off + in, e) != 0)
			return -1;
		done += want;
		lo++;
	}
	return (ssize_t)done;
}

static void
map_close(struct reader *r)
{
	struct map *m = r->ctx;

	free(m->runs);
}

struct reader *
reader_map_open(struct reader *parent, const struct reader_run *runs, size_t n, const char *name,
    struct err *e)
{
	struct reader *r;
	struct map *m;
	uint64_t size = 0;
	size_t i;

	if (n == 0 || n > READER_MAP_MAX_RUNS) {
		err_set(e, ERR_LIMIT, "%s: %zu runs (1..%u)", name, n, READER_MAP_MAX_RUNS);
		return NULL;
	}
	if ((r = reader_alloc(sizeof *m, name, e)) == NULL)
		return NULL;
	m = r->ctx;
	m->parent = parent;
	r->read_at = map_read;
	r->close = map_close;
	r->sector_size = parent->sector_size;
	if ((m->runs = malloc(n * sizeof *runs)) == NULL) {
		reader_close(r);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	memcpy(m->runs, runs, n * sizeof *runs);
	m->n = n;
	qsort(m->runs, n, sizeof *m->runs, by_off);
	for (i = 0; i < n; i++) {
		const struct reader_run *u = &m->runs[i];
		if (u->off != size || u->len == 0 || u->parent_off > parent->size ||
		    u->len > parent->size - u->parent_off) {
			err_set(e, ERR_FORMAT, "%s: run %zu (0x%llx+0x%llx at 0x%llx of %s) %s", name, i,
			    (unsigned long long)u->off, (unsigned long long)u->len,
			    (unsigned long long)u->parent_off, parent->name,
			    u->off != size ? (u->off > size ? "leaves a gap" : "overlaps the one before") :
			    u->len == 0 ? "is empty" : "lies outside it");
			reader_close(r);
			return NULL;
		}
		size += u->len;
	}
	r->size = size;
	return r;
}
