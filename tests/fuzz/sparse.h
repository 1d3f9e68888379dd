/* SPDX-License-Identifier: MIT */
/*
 * sparse.h: a compact input format for the harnesses whose files are big
 * but mostly zeros (VHD/VHDX, NTFS volumes, whole disks): a little-endian
 * u32 virtual size, then chunks of (u32 offset, u16 length, bytes).  The
 * file is zeros except where a chunk puts bytes (later chunks win).  A
 * 40 MiB VHDX becomes a seed of a few hundred KiB; libFuzzer mutates the
 * bytes that matter.  tests/fuzz/sparsify.py writes seeds in this format.
 */
#ifndef HV_FUZZ_SPARSE_H
#define HV_FUZZ_SPARSE_H

#include <stdint.h>
#include <string.h>

#include "base/bytes.h"
#include "io/reader.h"

#define SPARSE_MAX_SIZE   (64u << 20)
#define SPARSE_MAX_CHUNKS 4096u

struct sparse_chunk {
	uint32_t       off, len;
	const uint8_t *p;
};

struct sparse {
	uint32_t            size;
	size_t              n;
	struct sparse_chunk c[SPARSE_MAX_CHUNKS];
};

/* Parse data into s (chunks clipped to the size): 0, or -1 when too short. */
static inline int
sparse_parse(const uint8_t *data, size_t size, struct sparse *s)
{
	size_t i = 4;

	if (size < 4)
		return -1;
	s->size = le32(data) % (SPARSE_MAX_SIZE + 1);
	s->n = 0;
	while (i + 6 <= size && s->n < SPARSE_MAX_CHUNKS) {
		uint32_t off = le32(data + i), len = le16(data + i + 4);
		i += 6;
		if (len > size - i)
			len = (uint32_t)(size - i);
		if (off < s->size) {
			s->c[s->n].off = off;
			s->c[s->n].len = len > s->size - off ? s->size - off : len;
			s->c[s->n].p = data + i;
			s->n++;
		}
		i += len;
	}
	return 0;
}

static ssize_t
sparse_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	const struct sparse *s = *(const struct sparse **)r->ctx;
	uint8_t *out = buf;
	size_t i;

	(void)e;
	if (off >= s->size)
		return 0;
	if (len > s->size - off)
		len = (size_t)(s->size - off);
	memset(out, 0, len);
	for (i = 0; i < s->n; i++) {
		uint64_t a = s->c[i].off, b = a + s->c[i].len;
		if (b <= off || a >= off + len)
			continue;
		if (a < off)
			a = off;
		if (b > off + len)
			b = off + len;
		memcpy(out + (a - off), s->c[i].p + (a - s->c[i].off), (size_t)(b - a));
	}
	return (ssize_t)len;
}

/* A reader over s (borrowed). */
static inline struct reader *
sparse_reader(const struct sparse *s, const char *name, struct err *e)
{
	struct reader *r = reader_alloc(sizeof s, name, e);

	if (r == NULL)
		return NULL;
	*(const struct sparse **)r->ctx = s;
	r->size = s->size;
	r->sector_size = 512;
	r->read_at = sparse_read;
	return r;
}

#endif
