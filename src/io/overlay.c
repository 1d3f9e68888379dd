/* SPDX-License-Identifier: MIT */
/*
 * overlay.c: a copy-on-write view of a reader, in memory.
 *
 * Design note.  Replaying a registry log must never touch the hive file and
 * must not copy it either (a SOFTWARE hive can be 200 MB).  So the replayed
 * hive is the primary file seen through this overlay: the pages the log
 * entries write live in a hash table of 4 KiB pages; every other byte is
 * read from the primary as it is.  The overlay can also be larger than the
 * primary (a log entry may grow the hive), where unwritten bytes read as 0.
 */
#include <stdlib.h>
#include <string.h>

#include "io/reader.h"

#define OV_PAGE 4096u

struct ovpage {
	uint64_t idx1;   /* page index + 1; 0 = empty slot */
	uint8_t *data;
};

struct overlay {
	struct reader *base; /* borrowed */
	struct ovpage *tab;
	size_t         cap, n;
};

static size_t
slot(const struct overlay *o, uint64_t idx)
{
	uint64_t h = (idx + 1) * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 17) & (o->cap - 1);

	while (o->tab[i].idx1 != 0 && o->tab[i].idx1 != idx + 1)
		i = (i + 1) & (o->cap - 1);
	return i;
}

static uint8_t *
find(const struct overlay *o, uint64_t idx)
{
	size_t i;

	if (o->n == 0)
		return NULL;
	i = slot(o, idx);
	return o->tab[i].idx1 ? o->tab[i].data : NULL;
}

static int
grow(struct overlay *o)
{
	struct ovpage *old = o->tab;
	size_t oldcap = o->cap, i;

	o->cap = oldcap ? oldcap * 2 : 64;
	if ((o->tab = calloc(o->cap, sizeof *o->tab)) == NULL) {
		o->tab = old;
		o->cap = oldcap;
		return -1;
	}
	for (i = 0; i < oldcap; i++)
		if (old[i].idx1)
			o->tab[slot(o, old[i].idx1 - 1)] = old[i];
	free(old);
	return 0;
}

/* Base bytes of [off, off+len), zeros past the end of base. */
static int
base_read(struct overlay *o, uint8_t *buf, size_t len, uint64_t off, struct err *e)
{
	ssize_t n = 0;

	if (off < o->base->size && (n = reader_read(o->base, buf, len, off, e)) < 0)
		return -1;
	memset(buf + n, 0, len - (size_t)n);
	return 0;
}

static ssize_t
ov_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct overlay *o = r->ctx;
	uint8_t *out = buf;
	size_t done = 0;

	while (done < len) {
		uint64_t pos = off + done, idx = pos / OV_PAGE;
		size_t in = (size_t)(pos % OV_PAGE), n = OV_PAGE - in;
		const uint8_t *pg;

		if (n > len - done)
			n = len - done;
		if ((pg = find(o, idx)) != NULL) {
			memcpy(out + done, pg + in, n);
		} else {
			/* Coalesce the run of pages the overlay does not hold into one base read. */
			while (done + n < len && find(o, (pos + n) / OV_PAGE) == NULL)
				n += len - done - n < OV_PAGE ? len - done - n : OV_PAGE;
			if (base_read(o, out + done, n, pos, e) != 0)
				return -1;
		}
		done += n;
	}
	return (ssize_t)done;
}

int
overlay_write(struct reader *r, uint64_t off, const void *buf, size_t len, struct err *e)
{
	struct overlay *o = r->ctx;
	const uint8_t *src = buf;
	size_t done = 0;

	if (off > r->size || len > r->size - off)
		return err_set(e, ERR_FORMAT, "overlay write of %zu bytes at 0x%llx past its end",
		    len, (unsigned long long)off);
	while (done < len) {
		uint64_t pos = off + done, idx = pos / OV_PAGE;
		size_t in = (size_t)(pos % OV_PAGE), n = OV_PAGE - in;
		uint8_t *pg;

		if (n > len - done)
			n = len - done;
		if ((pg = find(o, idx)) == NULL) {
			size_t i;
			if ((uint64_t)(o->n + 1) * OV_PAGE > OVERLAY_MAX_BYTES)
				return err_set(e, ERR_LIMIT, "log replay would change more than %llu MiB",
				    (unsigned long long)(OVERLAY_MAX_BYTES >> 20));
			if ((o->n + 1) * 2 > o->cap && grow(o) != 0)
				return err_set(e, ERR_NOMEM, "out of memory");
			if ((pg = malloc(OV_PAGE)) == NULL)
				return err_set(e, ERR_NOMEM, "out of memory");
			/* A partial page starts as the base's bytes. */
			if ((in != 0 || n != OV_PAGE) && base_read(o, pg, OV_PAGE, idx * OV_PAGE, e) != 0) {
				free(pg);
				return -1;
			}
			i = slot(o, idx);
			o->tab[i].idx1 = idx + 1;
			o->tab[i].data = pg;
			o->n++;
		}
		memcpy(pg + in, src + done, n);
		done += n;
	}
	return 0;
}

size_t
overlay_pages(const struct reader *r)
{
	return ((const struct overlay *)r->ctx)->n;
}

static void
ov_close(struct reader *r)
{
	struct overlay *o = r->ctx;
	size_t i;

	for (i = 0; i < o->cap; i++)
		free(o->tab[i].data);
	free(o->tab);
}

struct reader *
rd_overlay_open(struct reader *base, uint64_t size, const char *name, struct err *e)
{
	struct reader *r;

	if ((r = reader_alloc(sizeof(struct overlay), name, e)) == NULL)
		return NULL;
	((struct overlay *)r->ctx)->base = base;
	r->size = size;
	r->sector_size = base->sector_size;
	r->read_at = ov_read;
	r->close = ov_close;
	return r;
}
