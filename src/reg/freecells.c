/* SPDX-License-Identifier: MIT */
/*
 * freecells.c: values left in the free cells of a hive (freecells.h).
 * Windows (and hivex) free a cell by making its size positive; the bytes
 * stay until the cell is reused, so an old "vk" record may still name a
 * value and point at its data.  Each hive bin is read once and its cells
 * walked in order (libyal's REGF format document, §3 hive bins and cells,
 * §5 vk); a free cell that holds a whole vk record of a wanted name, whose
 * data lies inside the bins in a cell big enough for it, is decoded like
 * any value.  Nothing is guessed: a record that does not hold together is
 * passed over.  Every bin and cell is visited at most once; the caps below
 * bound the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/utf.h"
#include "reg/freecells.h"

#define REGF_BASE  4096u
#define BIN_MAX    (16u << 20) /* bytes in one hive bin read whole */
#define VK_HDR     0x14u

static void
fv_free(struct free_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		regval_free(&v[i].v);
	free(v);
}

void free_values_free(struct free_value *v, size_t n) { fv_free(v, n); }

/* The vk record in free cell p[0..len) (bins offset at), if it is whole and wanted: 1 found, 0 not, -1. */
static int
examine(struct reader *f, uint64_t limit, const uint8_t *p, size_t len, uint32_t at,
    int (*want)(const char *), struct free_value *out, struct err *e)
{
	uint32_t nlen, raw, size, doff, type;
	uint8_t cs[4], *data = NULL;
	char name[4 * 256 + 1];
	int32_t csz;
	int rc;

	if (len < VK_HDR || memcmp(p, "vk", 2) != 0)
		return 0;
	nlen = le16(p + 2);
	raw = le32(p + 4);
	doff = le32(p + 8);
	type = le32(p + 0x0c);
	if (nlen == 0 || nlen > 256 || VK_HDR + nlen > len)
		return 0;
	if (le16(p + 0x10) & 1)
		latin1_name_to_utf8(p + VK_HDR, nlen, name, sizeof name);
	else
		utf16le_name_to_utf8(p + VK_HDR, nlen, name, sizeof name);
	if (!want(name))
		return 0;
	size = raw & 0x7fffffffu;
	if (size == 0 || size > FREECELL_MAX_DATA)
		return 0;
	if (raw & 0x80000000u) {
		if (size > 4)
			return 0;
		if ((data = malloc(4)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		memcpy(data, p + 8, size);
	} else {
		/* the data cell: inside the bins, at least as big as the data */
		if ((uint64_t)doff + 4 + size > limit ||
		    reader_read_full(f, cs, 4, REGF_BASE + (uint64_t)doff, e) != 0)
			return 0;
		csz = (int32_t)le32(cs);
		if (csz == INT32_MIN || (uint32_t)(csz < 0 ? -csz : csz) < size + 4)
			return 0;
		if ((data = malloc(size)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		if (reader_read_full(f, data, size, REGF_BASE + (uint64_t)doff + 4, e) != 0) {
			free(data);
			return 0;
		}
	}
	memset(out, 0, sizeof *out);
	out->cell = at;
	rc = regval_decode(&out->v, type, data, size);
	free(data);
	if (rc != 0 || (out->v.name = strdup(name)) == NULL) {
		regval_free(&out->v);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	return 1;
}

int
hive_free_values(struct reader *f, int (*want)(const char *name), struct free_value **out, size_t *n,
    struct err *e)
{
	uint8_t bb[512], *bin = NULL;
	uint64_t limit, off = 0, cells = 0;
	struct free_value *v = NULL, fv;
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (f->size < REGF_BASE + 32)
		return 0;
	if (reader_read_full(f, bb, sizeof bb, 0, e) != 0)
		return -1;
	if (memcmp(bb, "regf", 4) != 0)
		return 0;
	limit = le32(bb + 0x28);
	if (limit > f->size - REGF_BASE)
		limit = f->size - REGF_BASE;
	while (off + 32 <= limit && rc == 0) {
		uint8_t h[32];
		uint32_t bsz, pos = 32;
		if (reader_read_full(f, h, sizeof h, REGF_BASE + off, e) != 0)
			break;
		bsz = le32(h + 8);
		if (memcmp(h, "hbin", 4) != 0 || bsz < 4096 || bsz % 4096 != 0 || bsz > BIN_MAX || off + bsz > limit)
			break; /* past the bins that hold together */
		if ((bin = malloc(bsz)) == NULL) {
			rc = err_set(e, ERR_NOMEM, "out of memory");
			break;
		}
		if (reader_read_full(f, bin, bsz, REGF_BASE + off, e) != 0) {
			free(bin);
			break;
		}
		while (pos + 4 <= bsz && rc == 0) {
			int32_t csz = (int32_t)le32(bin + pos);
			uint32_t asz = csz == INT32_MIN ? 0 : (uint32_t)(csz < 0 ? -csz : csz);
			if (asz < 8 || asz % 8 != 0 || asz > bsz - pos || ++cells > FREECELL_MAX_CELLS)
				break; /* the rest of this bin does not hold together */
			if (csz > 0) {
				int got = examine(f, limit, bin + pos + 4, asz - 4, (uint32_t)(off + pos), want, &fv, e);
				if (got < 0) {
					rc = -1;
				} else if (got > 0) {
					if (*n == cap) {
						struct free_value *nv;
						cap = cap ? 2 * cap : 8;
						if ((nv = realloc(v, cap * sizeof *nv)) == NULL) {
							regval_free(&fv.v);
							rc = err_set(e, ERR_NOMEM, "out of memory");
							break;
						}
						v = nv;
					}
					v[(*n)++] = fv;
					if (*n >= FREECELL_MAX_FOUND) {
						free(bin);
						goto done;
					}
				}
			}
			pos += asz;
		}
		free(bin);
		off += bsz;
	}
done:
	if (rc != 0) {
		fv_free(v, *n);
		*n = 0;
		return -1;
	}
	*out = v;
	return 0;
}
