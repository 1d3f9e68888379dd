/* SPDX-License-Identifier: MIT */
/*
 * hive.c: the registry hive reader.  Our own lazy cell walker: it reads the
 * base block, then only the cells a lookup touches (nk, lf/lh/li/ri, the
 * value list, vk, data, db), each through the reader below (an NTFS file).
 *
 * Why not libregf (which the first version used, and which the tests still
 * use as a second reader to check this one, tests/hivecmp.c): libregf's
 * open reads every hive-bin header, one 32-byte read per 4 KiB bin, so a
 * 70 MB SOFTWARE hive costs 17,083 reads and every page of the file before
 * the first key is looked up (docs/sources.md L4).  The walk
 * below touches a few dozen cells whatever the hive's size.
 *
 * Format (libyal's "Windows NT Registry File (REGF) format", §2 base block,
 * §3 hive bins and cells, §4 keys: nk, lf/lh/li/ri; §5 values: vk, db):
 * cells live at 4096 + offset; a cell starts with an int32 size (negative
 * when allocated) that includes itself; offset 0xffffffff is "none".
 * Every offset, size and count below is checked against the hive bins'
 * extent and our caps before it is used; nothing recurses except the one
 * level of index root (ri) the format allows, so a cycle cannot loop.
 * The base block's sequence numbers differ when the hive was not flushed
 * cleanly (its newest data may be only in .LOG1/.LOG2; hivelog.c replays).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "reg/hive_ops.h"
#include "base/utf.h"

#define REGF_BASE      4096u       /* hive bins start after the base block */
#define REGF_NONE      0xffffffffu /* "no cell" */
#define REGF_OFF_SEQ1  4
#define REGF_OFF_SEQ2  8
#define REGF_OFF_MAJOR 0x14
#define REGF_OFF_MINOR 0x18
#define REGF_OFF_ROOT  0x24
#define REGF_OFF_BINS  0x28
#define CELL_PEEK      256u        /* first read of a cell: most nk/vk fit */
#define BIG_SEGMENT    16344u      /* data bytes per db segment (format 1.4+) */

/* nk (key) cell, offsets after the size field */
#define NK_FLAGS    0x02
#define NK_TIME     0x04
#define NK_NSUB     0x14
#define NK_SUBLIST  0x1c
#define NK_NVAL     0x24
#define NK_VALLIST  0x28
#define NK_NAMELEN  0x48
#define NK_NAME     0x4c
#define NK_COMPNAME 0x0020
/* vk (value) cell */
#define VK_NAMELEN  0x02
#define VK_SIZE     0x04
#define VK_DATA     0x08
#define VK_TYPE     0x0c
#define VK_FLAGS    0x10
#define VK_NAME     0x14
#define VK_COMPNAME 0x0001
#define VK_INLINE   0x80000000u

struct ohive {
	struct hive    pub;    /* first: hive.h's handle */
	struct reader *f;      /* borrowed */
	uint32_t       bins;   /* bytes of hive bins we may address (clipped to the file) */
	uint32_t       claimed; /* what the base block says */
	uint32_t       root;
	uint32_t       minor;
	uint32_t       seq1, seq2;
	uint64_t       decoded; /* value data bytes decoded so far (HIVE_MAX_HIVE_DATA) */
};

/* One cell's data, after its size field: owned. */
struct cell {
	uint8_t  *p;
	uint32_t  n;
};

struct okey {
	struct hkey  pub;      /* first: hive.h's handle */
	struct ohive *h;       /* borrowed */
	uint32_t     off;
	struct cell  nk;
	uint32_t    *subs;     /* nk offsets of the subkeys, loaded on first use */
	size_t       nsubs, capsubs;
	int          subs_loaded;
	uint32_t     lists_again; /* an index root's entries naming a list an earlier one names (read once) */
};

static void
cell_free(struct cell *c)
{
	free(c->p);
	c->p = NULL;
	c->n = 0;
}

/* Read the cell at off (hive-bins relative) whole: 0, or -1 with e set. */
static int
cell_get(struct ohive *h, uint32_t off, const char *what, struct cell *c, struct err *e)
{
	uint8_t pk[CELL_PEEK];
	uint32_t n, got, have;
	int32_t sz;

	c->p = NULL;
	c->n = 0;
	if (off == REGF_NONE || h->bins < 8 || off > h->bins - 8)
		return err_set(e, ERR_FORMAT, "regf: %s: cell offset 0x%x outside the hive bins "
		    "(0x%x bytes)", what, off, h->bins);
	got = h->bins - off < CELL_PEEK ? h->bins - off : CELL_PEEK;
	if (reader_read_full(h->f, pk, got, (uint64_t)REGF_BASE + off, e) != 0)
		return err_ctx(e, "regf: %s: cell 0x%x", what, off);
	sz = (int32_t)le32(pk);
	n = sz < 0 ? (uint32_t)0 - (uint32_t)sz : (uint32_t)sz;
	if (n < 8 || n > h->bins - off)
		return err_set(e, ERR_FORMAT, "regf: %s: cell 0x%x has a bad size (%d)", what, off, sz);
	if (n - 4 > HIVE_MAX_CELL)
		return err_set(e, ERR_LIMIT, "regf: %s: cell 0x%x of %u bytes (cap %u)", what, off, n,
		    HIVE_MAX_CELL);
	c->n = n - 4;
	if ((c->p = malloc(c->n)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	have = got - 4 < c->n ? got - 4 : c->n;
	memcpy(c->p, pk + 4, have);
	if (have < c->n &&
	    reader_read_full(h->f, c->p + have, c->n - have, (uint64_t)REGF_BASE + off + 4 + have, e) != 0) {
		cell_free(c);
		return err_ctx(e, "regf: %s: cell 0x%x", what, off);
	}
	return 0;
}

/* Read the nk cell at off and check its shape: 0, or -1. */
static int
nk_get(struct ohive *h, uint32_t off, struct cell *c, struct err *e)
{
	if (cell_get(h, off, "key", c, e) != 0)
		return -1;
	if (c->n < NK_NAME || memcmp(c->p, "nk", 2) != 0 ||
	    le16(c->p + NK_NAMELEN) > c->n - NK_NAME) {
		cell_free(c);
		return err_set(e, ERR_FORMAT, "regf: cell 0x%x is not a key (nk) cell", off);
	}
	return 0;
}

/* A stored name (Latin-1 when compressed, else UTF-16LE) as UTF-8: owned or NULL. */
static char *
name_dup(const uint8_t *p, size_t len, int compressed)
{
	size_t cap = compressed ? len * 2 + 1 : len / 2 * 3 + 1;
	char *s = malloc(cap);

	if (s == NULL)
		return NULL;
	/* every code unit kept: a U+0000 inside a name is part of it (base/utf.h) */
	if (compressed)
		latin1_name_to_utf8(p, len, s, cap);
	else
		utf16le_name_to_utf8(p, len, s, cap);
	return s;
}

static char *
nk_name(const struct cell *nk)
{
	return name_dup(nk->p + NK_NAME, le16(nk->p + NK_NAMELEN),
	    (le16(nk->p + NK_FLAGS) & NK_COMPNAME) != 0);
}

static const struct hive_ops ours_ops;
static void ours_key_close(struct okey *k);

struct hive *
hive_open(struct reader *file, struct err *e)
{
	uint8_t bb[512];
	struct ohive *h;
	struct cell root;
	uint64_t bins;

	if (file->size < REGF_BASE + 32)
		return err_set(e, ERR_FORMAT, "regf: %llu bytes is too small for a hive",
		    (unsigned long long)file->size), NULL;
	if (file->size > HIVE_MAX_SIZE)
		return err_set(e, ERR_LIMIT, "regf: hive of %llu bytes (cap %llu)",
		    (unsigned long long)file->size, (unsigned long long)HIVE_MAX_SIZE), NULL;
	if (reader_read_full(file, bb, sizeof bb, 0, e) != 0)
		return err_ctx(e, "regf: base block"), NULL;
	if (memcmp(bb, "regf", 4) != 0)
		return err_set(e, ERR_FORMAT, "regf: not a registry hive (signature %02x%02x%02x%02x)",
		    bb[0], bb[1], bb[2], bb[3]), NULL;
	if (le32(bb + REGF_OFF_MAJOR) != 1)
		return err_set(e, ERR_UNSUPPORTED, "regf: format version %u.%u",
		    le32(bb + REGF_OFF_MAJOR), le32(bb + REGF_OFF_MINOR)), NULL;
	if ((h = calloc(1, sizeof *h)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	h->pub.ops = &ours_ops;
	h->f = file;
	h->seq1 = le32(bb + REGF_OFF_SEQ1);
	h->seq2 = le32(bb + REGF_OFF_SEQ2);
	h->minor = le32(bb + REGF_OFF_MINOR);
	h->root = le32(bb + REGF_OFF_ROOT);
	/* The base block's extent, but never past the file (a truncated hive reads what is there). */
	bins = h->claimed = le32(bb + REGF_OFF_BINS);
	if (bins > file->size - REGF_BASE)
		bins = file->size - REGF_BASE;
	h->bins = (uint32_t)bins;
	if (nk_get(h, h->root, &root, e) != 0) {
		free(h);
		return err_ctx(e, "root key"), NULL;
	}
	cell_free(&root);
	return &h->pub;
}

static int
ours_is_dirty(const struct ohive *h, uint32_t *primary, uint32_t *secondary)
{
	if (primary)
		*primary = h->seq1;
	if (secondary)
		*secondary = h->seq2;
	return h->seq1 != h->seq2;
}

static int
ours_is_truncated(const struct ohive *h, uint64_t *claimed, uint64_t *present)
{
	*claimed = h->claimed;
	*present = h->bins;
	return h->bins < h->claimed;
}

static void
ours_close(struct ohive *h)
{
	free(h);
}

/* Append the subkey offsets of the list cell at off (one ri level allowed): 0, or -1. */
/* Order of (offset, index) pairs: by offset, then by index. */
static int
by_offset(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * again[i] = 1 for each of count offsets (32-bit, little-endian) that names
 * a cell an earlier one names: an edited hive can list one vk cell a
 * million times, each asking for its data again, or one subkey list in an
 * index root again and again.  Owned, or NULL on no memory.
 */
static uint8_t *
listed_again(const uint8_t *offsets, uint32_t count)
{
	uint64_t *p = malloc((size_t)count * sizeof *p);
	uint8_t *again = calloc(count, 1);
	uint32_t i;

	if (p == NULL || again == NULL) {
		free(p);
		free(again);
		return NULL;
	}
	for (i = 0; i < count; i++)
		p[i] = (uint64_t)le32(offsets + i * 4) << 32 | i;
	qsort(p, count, sizeof *p, by_offset);
	for (i = 1; i < count; i++)
		if (p[i] >> 32 == p[i - 1] >> 32)
			again[(uint32_t)p[i]] = 1;
	free(p);
	return again;
}

static int
list_add(struct ohive *h, uint32_t off, int in_ri, struct okey *k, struct err *e)
{
	struct cell c;
	uint32_t cnt, stride, i, *v;
	uint8_t *again = NULL;
	int ri, rc = -1;

	if (cell_get(h, off, "subkey list", &c, e) != 0)
		return -1;
	if (c.n < 4) {
		err_set(e, ERR_FORMAT, "regf: subkey list 0x%x: too short", off);
		goto out;
	}
	cnt = le16(c.p + 2);
	ri = memcmp(c.p, "ri", 2) == 0;
	if (memcmp(c.p, "lf", 2) == 0 || memcmp(c.p, "lh", 2) == 0) {
		stride = 8;
	} else if (memcmp(c.p, "li", 2) == 0 || (ri && !in_ri)) {
		stride = 4;
	} else {
		err_set(e, ERR_FORMAT, "regf: subkey list 0x%x: not a list (%02x%02x)%s", off, c.p[0],
		    c.p[1], ri ? " (index root inside an index root)" : "");
		goto out;
	}
	if (4 + (uint64_t)cnt * stride > c.n) {
		err_set(e, ERR_FORMAT, "regf: subkey list 0x%x: %u entries overrun the cell", off, cnt);
		goto out;
	}
	if (ri && cnt > 0 && (again = listed_again(c.p + 4, cnt)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < cnt; i++) {
		uint32_t at = le32(c.p + 4 + i * stride);
		if (ri) {
			if (again[i]) {
				k->lists_again++; /* each list read once: the rest said (subkeys_partial) */
				continue;
			}
			if (list_add(h, at, 1, k, e) != 0)
				goto out;
			continue;
		}
		if (k->nsubs >= HIVE_MAX_SUBKEYS) {
			err_set(e, ERR_LIMIT, "regf: more than %u subkeys in one key", HIVE_MAX_SUBKEYS);
			goto out;
		}
		if (k->nsubs == k->capsubs) {
			size_t ncap = k->capsubs ? k->capsubs * 2 : 16;
			if ((v = realloc(k->subs, ncap * sizeof *v)) == NULL) {
				err_set(e, ERR_NOMEM, "out of memory");
				goto out;
			}
			k->subs = v;
			k->capsubs = ncap;
		}
		k->subs[k->nsubs++] = at;
	}
	rc = 0;
out:
	free(again);
	cell_free(&c);
	return rc;
}

static int
load_subs(struct okey *k, struct err *e)
{
	if (k->subs_loaded)
		return 0;
	if (le32(k->nk.p + NK_NSUB) != 0 && list_add(k->h, le32(k->nk.p + NK_SUBLIST), 0, k, e) != 0) {
		free(k->subs);
		k->subs = NULL;
		k->nsubs = k->capsubs = 0;
		return -1;
	}
	k->subs_loaded = 1;
	return 0;
}

static struct okey *
key_new(struct ohive *h, uint32_t off, struct cell *nk, struct err *e)
{
	struct okey *k = calloc(1, sizeof *k);

	if (k == NULL) {
		cell_free(nk);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	k->pub.ops = &ours_ops;
	k->h = h;
	k->off = off;
	k->nk = *nk;
	return k;
}

/* The subkey of k named name (UTF-8, any case): 1 with *out owned, 0 absent, -1. */
static int
find_sub(struct okey *k, const char *name, struct okey **out, struct err *e)
{
	struct cell nk;
	size_t i;
	char *s;
	int eq;

	*out = NULL;
	if (load_subs(k, e) != 0)
		return -1;
	for (i = 0; i < k->nsubs; i++) {
		if (nk_get(k->h, k->subs[i], &nk, e) != 0)
			return -1;
		if ((s = nk_name(&nk)) == NULL) {
			cell_free(&nk);
			return err_set(e, ERR_NOMEM, "out of memory");
		}
		eq = utf8_casecmp(s, name) == 0;
		free(s);
		if (eq)
			return (*out = key_new(k->h, k->subs[i], &nk, e)) != NULL ? 1 : -1;
		cell_free(&nk);
	}
	return 0;
}

static int
ours_key_open(struct ohive *h, const char *path, struct okey **out, struct err *e)
{
	struct okey *k, *sub;
	struct cell nk;
	char comp[HIVE_MAX_NAME + 1];
	const char *p = path;
	unsigned depth = 0;
	long len;
	int rc;

	*out = NULL;
	if (nk_get(h, h->root, &nk, e) != 0)
		return err_ctx(e, "root key");
	if ((k = key_new(h, h->root, &nk, e)) == NULL)
		return -1;
	while ((len = path_next(&p, comp, sizeof comp)) != 0) {
		if (len < 0 || ++depth > HIVE_MAX_DEPTH) {
			ours_key_close(k);
			return err_set(e, ERR_LIMIT, "regf: key path \"%s\" too long (caps: %u levels, "
			    "%u bytes a name)", path, HIVE_MAX_DEPTH, HIVE_MAX_NAME);
		}
		rc = find_sub(k, comp, &sub, e);
		ours_key_close(k);
		if (rc != 1)
			return rc < 0 ? err_ctx(e, "%s", path) : 0;
		k = sub;
	}
	*out = k;
	return 1;
}

static void
ours_key_close(struct okey *k)
{
	if (k == NULL)
		return;
	cell_free(&k->nk);
	free(k->subs);
	free(k);
}

static uint64_t
ours_key_filetime(struct okey *k)
{
	return le64(k->nk.p + NK_TIME);
}

/* The data of value vk (a checked vk cell): 0 with *out owned (NULL when empty), or -1. */
static int
vk_data(struct ohive *h, const struct cell *vk, const char *vname, uint8_t **out, size_t *len,
    struct err *e)
{
	uint32_t raw = le32(vk->p + VK_SIZE), size = raw & ~VK_INLINE, at = le32(vk->p + VK_DATA);
	uint32_t nseg, i, done = 0;
	struct cell c, list, seg;
	int rc = -1;

	*out = NULL;
	*len = 0;
	if (raw & VK_INLINE) {
		/* Up to 4 bytes kept in the offset field itself. */
		if (size > 4)
			return err_set(e, ERR_FORMAT, "regf: value \"%s\": %u bytes of inline data", vname,
			    size);
		if (size == 0)
			return 0;
		if ((*out = malloc(size)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		memcpy(*out, vk->p + VK_DATA, size);
		*len = size;
		return 0;
	}
	if (size == 0)
		return 0;
	if (size > HIVE_MAX_VALUE_LEN)
		return err_set(e, ERR_LIMIT, "regf: value \"%s\": %u bytes of data (cap %u)", vname, size,
		    HIVE_MAX_VALUE_LEN);
	if (cell_get(h, at, "value data", &c, e) != 0)
		return err_ctx(e, "value \"%s\"", vname);
	if (!(size > BIG_SEGMENT && h->minor >= 4 && c.n >= 8 && memcmp(c.p, "db", 2) == 0)) {
		if (size > c.n) {
			cell_free(&c);
			return err_set(e, ERR_FORMAT, "regf: value \"%s\": %u bytes of data in a cell of %u",
			    vname, size, c.n);
		}
		*out = c.p; /* the cell is at least as big; keep it, first size bytes */
		*len = size;
		return 0;
	}
	/* Big data (format 1.4+): db -> list of segment cells of up to 16,344 bytes each. */
	nseg = le16(c.p + 2);
	if (nseg != (size + BIG_SEGMENT - 1) / BIG_SEGMENT) {
		err_set(e, ERR_FORMAT, "regf: value \"%s\": %u segments for %u bytes", vname, nseg, size);
		goto out_c;
	}
	if (cell_get(h, le32(c.p + 4), "big data list", &list, e) != 0)
		goto out_c;
	if ((uint64_t)nseg * 4 > list.n) {
		err_set(e, ERR_FORMAT, "regf: value \"%s\": segment list overruns its cell", vname);
		goto out_list;
	}
	if ((*out = malloc(size)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out_list;
	}
	for (i = 0; i < nseg; i++) {
		uint32_t want = size - done < BIG_SEGMENT ? size - done : BIG_SEGMENT;
		if (cell_get(h, le32(list.p + i * 4), "big data segment", &seg, e) != 0)
			goto out_list;
		if (seg.n < want) {
			cell_free(&seg);
			err_set(e, ERR_FORMAT, "regf: value \"%s\": segment %u is short", vname, i);
			goto out_list;
		}
		memcpy(*out + done, seg.p, want);
		done += want;
		cell_free(&seg);
	}
	*len = size;
	rc = 0;
out_list:
	cell_free(&list);
out_c:
	cell_free(&c);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		err_ctx(e, "value \"%s\"", vname);
	}
	return rc;
}

/* The value list of k: 0 with *list (owned; NULL when none) and *n, or -1. */
static int
value_list(struct okey *k, struct cell *list, uint32_t *n, struct err *e)
{
	*n = le32(k->nk.p + NK_NVAL);
	list->p = NULL;
	list->n = 0;
	if (*n == 0)
		return 0;
	if (*n > HIVE_MAX_VALUES)
		return err_set(e, ERR_LIMIT, "regf: %u values in one key (cap %u)", *n, HIVE_MAX_VALUES);
	if (cell_get(k->h, le32(k->nk.p + NK_VALLIST), "value list", list, e) != 0)
		return -1;
	if ((uint64_t)*n * 4 > list->n) {
		cell_free(list);
		return err_set(e, ERR_FORMAT, "regf: value list of %u entries overruns its cell", *n);
	}
	return 0;
}

/* Value i of the list: the vk cell (checked) and its name (owned): 0, or -1. */
static int
vk_get(struct okey *k, const struct cell *list, uint32_t i, struct cell *vk, char **name,
    struct err *e)
{
	uint32_t off = le32(list->p + i * 4);

	*name = NULL;
	if (cell_get(k->h, off, "value", vk, e) != 0)
		return -1;
	if (vk->n < VK_NAME || memcmp(vk->p, "vk", 2) != 0 ||
	    le16(vk->p + VK_NAMELEN) > vk->n - VK_NAME) {
		cell_free(vk);
		return err_set(e, ERR_FORMAT, "regf: cell 0x%x is not a value (vk) cell", off);
	}
	if ((*name = name_dup(vk->p + VK_NAME, le16(vk->p + VK_NAMELEN),
	    (le16(vk->p + VK_FLAGS) & VK_COMPNAME) != 0)) == NULL) {
		cell_free(vk);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	return 0;
}

/* Decode value vk, named name (ownership passes to out): 0, or -1. */
static int
read_value(struct okey *k, const struct cell *vk, char *name, struct regval *out, struct err *e)
{
	uint8_t *data;
	size_t len;
	int rc;

	memset(out, 0, sizeof *out);
	out->name = name;
	if (vk_data(k->h, vk, name, &data, &len, e) != 0) {
		regval_free(out);
		return -1;
	}
	rc = regval_decode(out, le32(vk->p + VK_TYPE), data, len);
	free(data);
	if (rc != 0) {
		regval_free(out);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	return 0;
}

/*
 * The budgets on value data: HIVE_MAX_KEY_DATA for one key's values and
 * HIVE_MAX_HIVE_DATA for the hive, each value's declared size counted
 * before it is read.  0, or -1 with e set (the value is not read).
 */
static int
data_budget(struct okey *k, const struct cell *vk, const char *name, uint64_t *key_bytes, struct err *e)
{
	uint32_t raw = le32(vk->p + VK_SIZE), size = raw & VK_INLINE ? 0 : raw;

	if (*key_bytes + size > HIVE_MAX_KEY_DATA)
		return err_set(e, ERR_LIMIT, "regf: value \"%s\" not read: this key's values hold more than "
		    "%u MiB of data", name, HIVE_MAX_KEY_DATA >> 20);
	if (k->h->decoded + size > HIVE_MAX_HIVE_DATA)
		return err_set(e, ERR_LIMIT, "regf: value \"%s\" not read: more than %llu MiB of value data "
		    "read from this hive", name, (unsigned long long)(HIVE_MAX_HIVE_DATA >> 20));
	*key_bytes += size;
	k->h->decoded += size;
	return 0;
}

static int
ours_key_values_partial(struct okey *k, struct regval **v, size_t *n, size_t *nbad, struct err *e)
{
	struct cell list, vk;
	uint32_t count, i, repeats = 0;
	uint64_t key_bytes = 0;
	struct err ve ERR_AUTO = ERR_INIT;
	uint8_t *again = NULL;
	char *name;

	*v = NULL;
	*n = 0;
	*nbad = 0;
	if (value_list(k, &list, &count, e) != 0)
		return -1;
	if (count == 0)
		return 0;
	if ((*v = calloc(count, sizeof **v)) == NULL || (again = listed_again(list.p, count)) == NULL) {
		cell_free(&list);
		free(*v);
		*v = NULL;
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	for (i = 0; i < count; i++) {
		/* One unreadable value costs that value only; the first one's reason is kept. */
		err_clear(&ve);
		if (again[i]) {
			repeats++;
			continue;
		}
		if (vk_get(k, &list, i, &vk, &name, &ve) == 0) {
			if (data_budget(k, &vk, name, &key_bytes, &ve) != 0)
				free(name);
			else if (read_value(k, &vk, name, &(*v)[*n], &ve) == 0)
				(*n)++;
			cell_free(&vk);
		}
		if (ve.code != ERR_NONE) {
			if (ve.code == ERR_NOMEM) {
				err_move(e, &ve);
				goto fail;
			}
			if ((*nbad)++ == 0)
				err_move(e, &ve);
		}
	}
	if (repeats > 0) {
		/* each cell read once; the listing said, as one unreadable value */
		err_set(&ve, ERR_FORMAT, "regf: value list 0x%x names a value cell an earlier entry names, %u "
		    "times (an edited hive): each cell read once", le32(k->nk.p + NK_VALLIST), repeats);
		if ((*nbad)++ == 0)
			err_move(e, &ve);
	}
	cell_free(&list);
	free(again);
	err_clear(&ve);
	regvals_mark_duplicates(*v, *n);
	return 0;
fail:
	free(again);
	cell_free(&list);
	regvals_free(*v, *n);
	*v = NULL;
	*n = 0;
	return -1;
}


static int
ours_key_value(struct okey *k, const char *name, struct regval *out, struct err *e)
{
	struct cell list, vk;
	uint32_t count, i;
	char *vname;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (value_list(k, &list, &count, e) != 0)
		return -1;
	for (i = 0; i < count && rc == 0; i++) {
		if (vk_get(k, &list, i, &vk, &vname, e) != 0) {
			rc = -1;
			break;
		}
		if (utf8_casecmp(vname, name) == 0)
			rc = read_value(k, &vk, vname, out, e) == 0 ? 1 : -1;
		else
			free(vname);
		cell_free(&vk);
	}
	cell_free(&list);
	return rc;
}

static int
ours_key_nsubkeys(struct okey *k, size_t *n, struct err *e)
{
	if (load_subs(k, e) != 0)
		return -1;
	*n = k->nsubs;
	return 0;
}

static int
ours_key_open_sub(struct okey *k, size_t i, struct okey **out, char **name, struct err *e)
{
	struct cell nk;

	*out = NULL;
	if (name != NULL)
		*name = NULL;
	if (load_subs(k, e) != 0)
		return -1;
	if (i >= k->nsubs)
		return err_set(e, ERR_FORMAT, "regf: subkey %zu of %zu", i, k->nsubs);
	if (nk_get(k->h, k->subs[i], &nk, e) != 0)
		return -1;
	if (name != NULL && (*name = nk_name(&nk)) == NULL) {
		cell_free(&nk);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	if ((*out = key_new(k->h, k->subs[i], &nk, e)) == NULL) {
		if (name != NULL) {
			free(*name);
			*name = NULL;
		}
		return -1;
	}
	return 0;
}

static int
ours_key_subkeys_partial(struct okey *k, char ***names, size_t *n, size_t *nbad, struct err *e)
{
	struct cell nk;
	struct err se ERR_AUTO = ERR_INIT;
	size_t i;

	*names = NULL;
	*n = 0;
	*nbad = 0;
	if (load_subs(k, e) != 0)
		return -1;
	if (k->nsubs > 0 && (*names = calloc(k->nsubs, sizeof **names)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < k->nsubs; i++) {
		err_clear(&se);
		if (nk_get(k->h, k->subs[i], &nk, &se) != 0) {
			if ((*nbad)++ == 0)
				err_move(e, &se);
			continue;
		}
		(*names)[*n] = nk_name(&nk);
		cell_free(&nk);
		if ((*names)[*n] == NULL) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		(*n)++;
	}
	if (k->lists_again > 0) {
		err_set(&se, ERR_FORMAT, "regf: subkey index root of key 0x%x names a subkey list an earlier "
		    "entry names, %u times (an edited hive): each list read once", k->off, k->lists_again);
		if ((*nbad)++ == 0)
			err_move(e, &se);
	}
	err_clear(&se);
	return 0;
fail:
	err_clear(&se);
	strv_free(*names, *n);
	*names = NULL;
	*n = 0;
	return -1;
}

/* hive.h's handles are the first members of ours: the casts of the operations. */
#define H(h) ((struct ohive *)(h))
#define K(k) ((struct okey *)(k))
static void o_close(struct hive *h) { ours_close(H(h)); }
static int o_dirty(const struct hive *h, uint32_t *a, uint32_t *b) { return ours_is_dirty((const struct ohive *)h, a, b); }
static int o_trunc(const struct hive *h, uint64_t *a, uint64_t *b) { return ours_is_truncated((const struct ohive *)h, a, b); }
static void o_kclose(struct hkey *k) { ours_key_close(K(k)); }
static uint64_t o_ftime(struct hkey *k) { return ours_key_filetime(K(k)); }

static int
o_kopen(struct hive *h, const char *path, struct hkey **out, struct err *e)
{
	struct okey *k = NULL;
	int rc = ours_key_open(H(h), path, &k, e);

	*out = k ? &k->pub : NULL;
	return rc;
}

static int
o_values(struct hkey *k, struct regval **v, size_t *n, size_t *nbad, struct err *e)
{
	return ours_key_values_partial(K(k), v, n, nbad, e);
}

static int
o_value(struct hkey *k, const char *name, struct regval *out, struct err *e)
{
	return ours_key_value(K(k), name, out, e);
}

static int o_nsubs(struct hkey *k, size_t *n, struct err *e) { return ours_key_nsubkeys(K(k), n, e); }

static int
o_sub(struct hkey *k, size_t i, struct hkey **out, char **name, struct err *e)
{
	struct okey *s = NULL;
	int rc = ours_key_open_sub(K(k), i, &s, name, e);

	*out = s ? &s->pub : NULL;
	return rc;
}

static int
o_names(struct hkey *k, char ***names, size_t *n, size_t *nbad, struct err *e)
{
	return ours_key_subkeys_partial(K(k), names, n, nbad, e);
}

static const struct hive_ops ours_ops = {
	"ours", o_close, o_dirty, o_trunc, o_kopen, o_kclose, o_ftime, o_values, o_value, o_nsubs, o_sub,
	o_names,
};
