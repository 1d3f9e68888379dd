/* SPDX-License-Identifier: MIT */
/*
 * cache.c: the one read cache, an adapter over any reader.
 *
 * Design note.  The libraries above us read in tiny pieces: libregf's open
 * reads one 32-byte header per 4 KiB hive bin (17,083 reads for a 70 MB
 * hive, docs/sources.md L4), libfsntfs reads index records one by one, and
 * libvhdi turns each of those into an lseek and a read.  Rather than teach
 * each layer to batch, we put one cache directly over the image: reads are
 * rounded out to aligned blocks and the last few blocks are kept.  Layers
 * above stay simple and unaware.  Memory is bounded: block_size * nblocks.
 */
#include <stdlib.h>
#include <string.h>

#include "io/reader.h"

#define CACHE_MIN_BLOCK (4u * 1024)
#define CACHE_MAX_BLOCK (1024u * 1024)
#define CACHE_MAX_NBLOCKS 256u

struct slot {
	uint64_t blk;   /* block number */
	uint64_t used;  /* LRU clock; 0 = empty */
	size_t   len;   /* valid bytes (short at the end of the parent) */
	uint8_t *data;
};

struct cache {
	struct reader *parent; /* borrowed */
	uint32_t       bsize;
	uint32_t       n;
	uint64_t       clock;
	struct slot   *slots;
	uint8_t       *mem;
};

static struct slot *
get_block(struct reader *r, uint64_t blk, struct err *e)
{
	struct cache *c = r->ctx;
	struct slot *s, *victim = NULL;
	uint32_t i;
	ssize_t got;

	for (i = 0; i < c->n; i++) {
		s = &c->slots[i];
		if (s->used && s->blk == blk) {
			s->used = ++c->clock;
			return s;
		}
		if (victim == NULL || s->used < victim->used)
			victim = s;
	}
	victim->used = 0;
	got = reader_read(c->parent, victim->data, c->bsize, blk * c->bsize, e);
	if (got < 0)
		return NULL;
	victim->blk = blk;
	victim->len = (size_t)got;
	victim->used = ++c->clock;
	return victim;
}

static ssize_t
cache_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct cache *c = r->ctx;
	size_t done = 0, in, n;
	struct slot *s;

	while (done < len) {
		uint64_t pos = off + done;
		if ((s = get_block(r, pos / c->bsize, e)) == NULL)
			return -1;
		in = (size_t)(pos % c->bsize);
		if (in >= s->len)
			break; /* end of the parent */
		n = s->len - in;
		if (n > len - done)
			n = len - done;
		memcpy((uint8_t *)buf + done, s->data + in, n);
		done += n;
	}
	return (ssize_t)done;
}

static void
cache_close(struct reader *r)
{
	struct cache *c = r->ctx;

	free(c->slots);
	free(c->mem);
}

struct reader *
rd_cache_open(struct reader *parent, uint32_t block_size, uint32_t nblocks, struct err *e)
{
	struct reader *r;
	struct cache *c;
	uint32_t i;

	if (block_size < CACHE_MIN_BLOCK || block_size > CACHE_MAX_BLOCK ||
	    (block_size & (block_size - 1)) != 0 || nblocks == 0 || nblocks > CACHE_MAX_NBLOCKS) {
		err_set(e, ERR_USAGE, "cache: bad geometry %u x %u", block_size, nblocks);
		return NULL;
	}
	if ((r = reader_alloc(sizeof *c, parent->name, e)) == NULL)
		return NULL;
	c = r->ctx;
	c->parent = parent;
	c->bsize = block_size;
	c->n = nblocks;
	c->slots = calloc(nblocks, sizeof *c->slots);
	/* Allocated lazily by the kernel: untouched slots cost no RSS. */
	c->mem = malloc((size_t)block_size * nblocks);
	r->close = cache_close;
	if (c->slots == NULL || c->mem == NULL) {
		reader_close(r);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < nblocks; i++)
		c->slots[i].data = c->mem + (size_t)i * block_size;
	r->size = parent->size;
	r->sector_size = parent->sector_size;
	r->read_at = cache_read;
	return r;
}
