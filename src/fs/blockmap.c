/* SPDX-License-Identifier: MIT */
/* blockmap.c: a file's runs of blocks, and the file as a reader (blockmap.h). */
#include <stdlib.h>
#include <string.h>

#include "fs/blockmap.h"

int
fs_map_add(struct fs_map *m, uint64_t lblk, uint64_t pblk, uint64_t len, int zero, struct err *e)
{
	struct fs_run *last = m->n ? &m->r[m->n - 1] : NULL;

	if (len == 0)
		return 0;
	if (last != NULL && lblk < last->lblk + last->len)
		return err_set(e, ERR_FORMAT, "the block map goes back (logical block %llu after %llu)",
		    (unsigned long long)lblk, (unsigned long long)(last->lblk + last->len));
	if (last != NULL && !zero && !last->zero && lblk == last->lblk + last->len && pblk == last->pblk + last->len) {
		last->len += len;
		return 0;
	}
	if (m->n == m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 16;
		struct fs_run *nr;
		if (m->n >= FS_MAX_RUNS)
			return err_set(e, ERR_LIMIT, "a file of more than %u runs of blocks", FS_MAX_RUNS);
		if ((nr = realloc(m->r, ncap * sizeof *nr)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		m->r = nr;
		m->cap = ncap;
	}
	m->r[m->n++] = (struct fs_run){lblk, pblk, len, zero};
	return 0;
}

void
fs_map_free(struct fs_map *m)
{
	free(m->r);
	memset(m, 0, sizeof *m);
}

struct mapped {
	struct reader *vol;
	uint32_t       bs;
	struct fs_map  m;
};

static ssize_t
mapped_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct mapped *f = r->ctx;
	uint64_t bs = f->bs;
	uint8_t *out = buf;
	size_t done = 0, lo, hi;

	while (done < len) {
		uint64_t at = off + done, lb = at / bs, within = at % bs;
		size_t n = len - done;
		const struct fs_run *run = NULL;
		/* the run holding lb, or the first after it */
		for (lo = 0, hi = f->m.n; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;
			if (f->m.r[mid].lblk + f->m.r[mid].len <= lb)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < f->m.n && f->m.r[lo].lblk <= lb)
			run = &f->m.r[lo];
		if (run == NULL || run->zero) {
			uint64_t to = lo < f->m.n ? (run ? run->lblk + run->len : f->m.r[lo].lblk) * bs : UINT64_MAX;
			if (to - at < n)
				n = (size_t)(to - at);
			memset(out + done, 0, n);
		} else {
			uint64_t left = (run->lblk + run->len - lb) * bs - within;
			if (left < n)
				n = (size_t)left;
			if (reader_read_full(f->vol, out + done, n, (run->pblk + (lb - run->lblk)) * bs + within, e) != 0)
				return -1;
		}
		done += n;
	}
	return (ssize_t)done;
}

static void
mapped_close(struct reader *r)
{
	struct mapped *f = r->ctx;

	fs_map_free(&f->m);
}

struct reader *
fs_map_reader(struct reader *vol, uint32_t block_size, struct fs_map *m, uint64_t size, const char *name,
    struct err *e)
{
	struct reader *r;
	struct mapped *f;

	if ((r = reader_alloc(sizeof *f, name, e)) == NULL)
		return NULL;
	f = r->ctx;
	f->vol = vol;
	f->bs = block_size;
	f->m = *m;
	memset(m, 0, sizeof *m);
	r->size = size;
	r->sector_size = vol->sector_size;
	r->read_at = mapped_read;
	r->close = mapped_close;
	return r;
}

static ssize_t
inline_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	(void)e;
	memcpy(buf, (const uint8_t *)r->ctx + off, len);
	return (ssize_t)len;
}

struct reader *
fs_inline_reader(const void *buf, size_t len, uint32_t sector_size, const char *name, struct err *e)
{
	struct reader *r;

	if ((r = reader_alloc(len ? len : 1, name, e)) == NULL)
		return NULL;
	memcpy(r->ctx, buf, len);
	r->size = len;
	r->sector_size = sector_size;
	r->read_at = inline_read;
	return r;
}
