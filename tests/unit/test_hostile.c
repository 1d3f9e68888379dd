/* SPDX-License-Identifier: MIT */
/*
 * test_hostile.c: the hive reader on hives built in memory to hit each cap
 * at cap and cap+1, and hostile cell layouts: offsets outside the bins,
 * sizes that wrap, lists that point at themselves, an index root inside an
 * index root, keys that are their own subkeys (a cycle walked by a path).
 * Each must end in a clear error or a bounded answer, never a hang.
 */
#include <stdio.h>

#include "testutil.h"
#include "base/bytes.h"
#include "reg/hive.h"

/* --- a tiny hive builder: base block, one hive bin, cells allocated in order --- */

struct hb {
	uint8_t *b;
	uint32_t bins, next; /* hive-bins bytes, next free cell offset */
};

static void w16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void w32(uint8_t *p, uint32_t v) { put_le32(p, v); }

static uint8_t *at(struct hb *h, uint32_t off) { return h->b + 4096 + off + 4; }

static uint32_t
cell(struct hb *h, uint32_t len)
{
	uint32_t sz = (len + 4 + 7) & ~7u, off = h->next;

	assert_true(off + sz <= h->bins);
	w32(h->b + 4096 + off, (uint32_t)-(int32_t)sz);
	h->next += sz;
	return off;
}

static uint32_t
nk(struct hb *h, const char *name, uint32_t nsub, uint32_t list, uint32_t nval, uint32_t vals)
{
	uint32_t n = (uint32_t)strlen(name), off = cell(h, 0x4c + n);
	uint8_t *p = at(h, off);

	memcpy(p, "nk", 2);
	w16(p + 2, 0x20); /* compressed name */
	w32(p + 0x14, nsub);
	w32(p + 0x1c, list);
	w32(p + 0x24, nval);
	w32(p + 0x28, vals);
	w16(p + 0x48, n);
	memcpy(p + 0x4c, name, n);
	return off;
}

static uint32_t
vk(struct hb *h, const char *name, uint32_t type, uint32_t size, uint32_t data)
{
	uint32_t n = (uint32_t)strlen(name), off = cell(h, 0x14 + n);
	uint8_t *p = at(h, off);

	memcpy(p, "vk", 2);
	w16(p + 2, n);
	w32(p + 4, size);
	w32(p + 8, data);
	w32(p + 0xc, type);
	w16(p + 0x10, 1);
	memcpy(p + 0x14, name, n);
	return off;
}

/* A list cell ("lf", "li", "ri") of n entries all pointing at target. */
static uint32_t
list(struct hb *h, const char *sig, uint32_t n, uint32_t target)
{
	uint32_t stride = sig[1] == 'f' || sig[1] == 'h' ? 8 : 4, off = cell(h, 4 + n * stride), i;
	uint8_t *p = at(h, off);

	memcpy(p, sig, 2);
	w16(p + 2, n);
	for (i = 0; i < n; i++)
		w32(p + 4 + i * stride, target);
	return off;
}

static void
hb_init(struct hb *h, uint32_t bins)
{
	h->bins = bins;
	h->next = 0x20;
	assert_non_null(h->b = calloc(1, 4096 + (size_t)bins));
	memcpy(h->b, "regf", 4);
	w32(h->b + 4, 1);
	w32(h->b + 8, 1);
	w32(h->b + 0x14, 1);
	w32(h->b + 0x18, 5);
	w32(h->b + 0x28, bins);
	memcpy(h->b + 4096, "hbin", 4);
	w32(h->b + 4096 + 8, bins);
}

static void hb_root(struct hb *h, uint32_t root) { w32(h->b + 0x24, root); }

static struct hive *
hb_open(struct hb *h, struct reader **r, struct err *e)
{
	assert_non_null(*r = reader_mem_open(h->b, 4096 + (size_t)h->bins, "hive", e));
	return hive_open(*r, e);
}

static void
hb_done(struct hb *h, struct hive *hv, struct reader *r)
{
	hive_close(hv);
	reader_close(r);
	free(h->b);
}

/* Open `path` in a hive whose root has one subkey "k" with nval values at vals. */
static int
key_with_values(uint32_t nval, uint32_t vals, struct hb *h, struct hkey **k, struct hive **hv,
    struct reader **r, struct err *e)
{
	uint32_t kk = nk(h, "k", 0, 0xffffffff, nval, vals);
	hb_root(h, nk(h, "root", 1, list(h, "lf", 1, kk), 0, 0xffffffff));
	assert_non_null(*hv = hb_open(h, r, e));
	return hive_key_open(*hv, "k", k, e);
}

/* --- caps at cap and cap+1 --- */

static void
test_value_len_cap(void **state)
{
	struct hb h;
	struct hive *hv;
	struct reader *r;
	struct hkey *k;
	struct regval v;
	struct err e ERR_AUTO = ERR_INIT;
	uint32_t seg, segs, dl, db, i, n = (HIVE_MAX_VALUE_LEN + 16343) / 16344, vals;

	(void)state;
	hb_init(&h, HIVE_MAX_VALUE_LEN + (1u << 20));
	/* Big data (db) of exactly the cap: one segment cell reused n times. */
	seg = cell(&h, 16344);
	memset(at(&h, seg), 'x', 16344);
	segs = cell(&h, 4 * n);
	for (i = 0; i < n; i++)
		w32(at(&h, segs) + 4 * i, seg);
	db = cell(&h, 8);
	memcpy(at(&h, db), "db", 2);
	w16(at(&h, db) + 2, n);
	w32(at(&h, db) + 4, segs);
	dl = cell(&h, 8);
	w32(at(&h, dl), vk(&h, "atcap", REG_BINARY, HIVE_MAX_VALUE_LEN, db));
	w32(at(&h, dl) + 4, vk(&h, "over", REG_BINARY, HIVE_MAX_VALUE_LEN + 1, db));
	vals = dl;
	assert_int_equal(key_with_values(2, vals, &h, &k, &hv, &r, &e), 1);
	assert_int_equal(hive_key_value(k, "atcap", &v, &e), 1);
	assert_int_equal(v.nbin, HIVE_MAX_VALUE_LEN);
	assert_int_equal(v.bin[HIVE_MAX_VALUE_LEN - 1], 'x');
	regval_free(&v);
	assert_int_equal(hive_key_value(k, "over", &v, &e), -1);
	assert_int_equal(e.code, ERR_LIMIT);
	assert_non_null(strstr(err_msg(&e), "cap"));
	hive_key_close(k);
	hb_done(&h, hv, r);
}

/* HIVE_MAX_VALUES (2^20: real SharedDLLs keys hold 10,000+) at cap and cap+1. */
static void
test_values_cap(void **state)
{
	struct hb h;
	struct hive *hv;
	struct reader *r;
	struct hkey *k;
	struct regval *v;
	size_t n, bad;
	struct err e ERR_AUTO = ERR_INIT;
	uint32_t one, vl, i;
	int over;

	(void)state;
	for (over = 0; over <= 1; over++) {
		/* HIVE_MAX_VALUES distinct value cells (+1), all named "v" */
		hb_init(&h, 4 * (HIVE_MAX_VALUES + 2) + 32 * (HIVE_MAX_VALUES + 1) + (1u << 20));
		vl = cell(&h, 4 * (HIVE_MAX_VALUES + 1)); /* a value list is plain offsets, no header */
		for (i = 0; i < HIVE_MAX_VALUES + 1; i++)
			w32(at(&h, vl) + 4 * i, vk(&h, "v", REG_DWORD, 0x80000004u, 7));
		assert_int_equal(key_with_values(HIVE_MAX_VALUES + (uint32_t)over, vl, &h, &k, &hv, &r, &e), 1);
		if (!over) {
			assert_int_equal(hive_key_values(k, &v, &n, &e), 0);
			assert_int_equal(n, HIVE_MAX_VALUES);
			assert_int_equal(v[HIVE_MAX_VALUES - 1].num, 7);
			/* a million values of one name: every one after the first flagged, in O(n log n) */
			assert_int_equal(v[0].flags & RVF_DUPLICATE, 0);
			assert_int_equal(v[HIVE_MAX_VALUES - 1].flags & RVF_DUPLICATE, RVF_DUPLICATE);
			regvals_free(v, n);
		} else {
			assert_int_equal(hive_key_values(k, &v, &n, &e), -1);
			assert_int_equal(e.code, ERR_LIMIT);
		}
		hive_key_close(k);
		hb_done(&h, hv, r);
	}
	/* one value cell listed HIVE_MAX_VALUES times (an edited hive): read once, the repeats said */
	hb_init(&h, 4 * (HIVE_MAX_VALUES + 2) + (1u << 20));
	one = vk(&h, "v", REG_DWORD, 0x80000004u, 7);
	vl = list(&h, "li", HIVE_MAX_VALUES + 1, one);
	memmove(at(&h, vl), at(&h, vl) + 4, 4 * (HIVE_MAX_VALUES + 1));
	assert_int_equal(key_with_values(HIVE_MAX_VALUES, vl, &h, &k, &hv, &r, &e), 1);
	assert_int_equal(hive_key_values_partial(k, &v, &n, &bad, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(err_msg(&e), "names a value cell an earlier entry names, 1048575 times"));
	regvals_free(v, n);
	hive_key_close(k);
	hb_done(&h, hv, r);
}

/* An index root naming one subkey list 65,535 times (an edited hive): the list read once, said. */
static void
test_subkey_list_again(void **state)
{
	struct hb h;
	struct hive *hv;
	struct reader *r;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;
	char **names;
	size_t n, bad;
	uint32_t leaf, li, ri;

	(void)state;
	hb_init(&h, 4 * 65536 + (1u << 20));
	leaf = nk(&h, "leaf", 0, 0xffffffff, 0, 0xffffffff);
	li = list(&h, "li", 3, leaf);
	ri = list(&h, "ri", 65535, li);
	hb_root(&h, nk(&h, "root", 3, ri, 0, 0xffffffff));
	assert_non_null(hv = hb_open(&h, &r, &e));
	assert_int_equal(hive_key_open(hv, "", &k, &e), 1);
	assert_int_equal(hive_key_subkeys_partial(k, &names, &n, &bad, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(err_msg(&e), "names a subkey list an earlier entry names, 65534 times"));
	strv_free(names, n);
	hive_key_close(k);
	hb_done(&h, hv, r);
}

/* HIVE_MAX_SUBKEYS (2^20) at cap and cap+1, through an index root of li lists (65,535 a list). */
static void
test_subkeys_cap(void **state)
{
	struct hb h;
	struct hive *hv;
	struct reader *r;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;
	size_t n;
	uint32_t leaf, ri, total, nlists, i;

	(void)state;
	for (int over = 0; over <= 1; over++) {
		total = HIVE_MAX_SUBKEYS + (uint32_t)over;
		nlists = (total + 65534) / 65535;
		hb_init(&h, nlists * (4 + 4 * 65535 + 8) + (1u << 20));
		leaf = nk(&h, "leaf", 0, 0xffffffff, 0, 0xffffffff);
		ri = cell(&h, 4 + 4 * nlists);
		memcpy(at(&h, ri), "ri", 2);
		w16(at(&h, ri) + 2, nlists);
		for (i = 0; i < nlists; i++) {
			uint32_t cnt = total - i * 65535 < 65535 ? total - i * 65535 : 65535;
			w32(at(&h, ri) + 4 + 4 * i, list(&h, "li", cnt, leaf));
		}
		hb_root(&h, nk(&h, "root", total, ri, 0, 0xffffffff));
		assert_non_null(hv = hb_open(&h, &r, &e));
		assert_int_equal(hive_key_open(hv, "", &k, &e), 1);
		if (!over) {
			assert_int_equal(hive_key_nsubkeys(k, &n, &e), 0);
			assert_int_equal(n, HIVE_MAX_SUBKEYS);
		} else {
			assert_int_equal(hive_key_nsubkeys(k, &n, &e), -1);
			assert_int_equal(e.code, ERR_LIMIT);
		}
		hive_key_close(k);
		hb_done(&h, hv, r);
	}
}

/* A key that is its own only subkey: a path may walk the cycle, up to the depth cap. */
static void
test_path_depth_cap_and_cycle(void **state)
{
	struct hb h;
	struct hive *hv;
	struct reader *r;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;
	uint32_t self, l;
	char *path = malloc(2 * (HIVE_MAX_DEPTH + 1) + 1), *p;
	unsigned i;

	(void)state;
	hb_init(&h, 1u << 16);
	self = h.next;
	l = self + 0x58; /* nk "a" takes 0x4c + 1 + 4 rounded up: 0x58 */
	assert_int_equal(nk(&h, "a", 1, l, 0, 0xffffffff), self);
	assert_int_equal(list(&h, "lf", 1, self), l);
	hb_root(&h, self);
	assert_non_null(hv = hb_open(&h, &r, &e));
	for (p = path, i = 0; i < HIVE_MAX_DEPTH; i++)
		p += sprintf(p, "%sa", i ? "\\" : "");
	assert_int_equal(hive_key_open(hv, path, &k, &e), 1); /* 512 levels round the cycle */
	hive_key_close(k);
	strcat(path, "\\a");
	assert_int_equal(hive_key_open(hv, path, &k, &e), -1);
	assert_int_equal(e.code, ERR_LIMIT);
	/* One component longer than HIVE_MAX_NAME. */
	memset(path, 'a', HIVE_MAX_NAME + 1);
	path[HIVE_MAX_NAME + 1] = '\0';
	assert_int_equal(hive_key_open(hv, path, &k, &e), -1);
	assert_int_equal(e.code, ERR_LIMIT);
	path[HIVE_MAX_NAME] = '\0';
	assert_int_equal(hive_key_open(hv, path, &k, &e), 0); /* at the cap: looked up, absent */
	free(path);
	hb_done(&h, hv, r);
}

static void
test_cell_cap(void **state)
{
	struct hb h;
	struct hive *hv;
	struct reader *r;
	struct hkey *k;
	struct regval v;
	struct err e ERR_AUTO = ERR_INIT;
	uint32_t big, vals;

	(void)state;
	hb_init(&h, HIVE_MAX_CELL + (1u << 16));
	vals = cell(&h, 4);
	big = cell(&h, HIVE_MAX_CELL - 4); /* data HIVE_MAX_CELL - 4 + padding: over by the size field */
	w32(h.b + 4096 + big, (uint32_t)-(int32_t)(HIVE_MAX_CELL + 8));
	w32(at(&h, vals), vk(&h, "v", REG_BINARY, 100, big));
	assert_int_equal(key_with_values(1, vals, &h, &k, &hv, &r, &e), 1);
	assert_int_equal(hive_key_value(k, "v", &v, &e), -1);
	assert_int_equal(e.code, ERR_LIMIT);
	hive_key_close(k);
	hb_done(&h, hv, r);
}

/* A reader of `size` bytes whose first 4 KiB are a base block and the rest zeros. */
struct big { uint8_t bb[4096 + 256]; };
static ssize_t
big_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct big *b = r->ctx;
	size_t i;

	(void)e;
	for (i = 0; i < len; i++)
		((uint8_t *)buf)[i] = off + i < sizeof b->bb ? b->bb[off + i] : 0;
	return (ssize_t)len;
}

static void
test_hive_size_cap(void **state)
{
	struct hb h;
	struct reader *r;
	struct hive *hv;
	struct err e ERR_AUTO = ERR_INIT;
	struct big *b;

	(void)state;
	hb_init(&h, 4096);
	hb_root(&h, nk(&h, "root", 0, 0xffffffff, 0, 0xffffffff));
	for (int over = 0; over <= 1; over++) {
		assert_non_null(r = reader_alloc(sizeof *b, "big", &e));
		b = r->ctx;
		memcpy(b->bb, h.b, sizeof b->bb);
		r->size = HIVE_MAX_SIZE + (uint64_t)over;
		r->read_at = big_read;
		hv = hive_open(r, &e);
		if (!over) {
			assert_non_null(hv);
		} else {
			assert_null(hv);
			assert_int_equal(e.code, ERR_LIMIT);
		}
		hive_close(hv);
		reader_close(r);
	}
	free(h.b);
}

static void
test_multi_cap(void **state)
{
	uint8_t *d = calloc(REGVAL_MAX_MULTI + 2, 4);
	struct regval v;
	size_t i;

	(void)state;
	for (i = 0; i < REGVAL_MAX_MULTI + 1; i++)
		d[4 * i] = 'a'; /* "a\0" each, then the empty terminator */
	memset(&v, 0, sizeof v);
	assert_int_equal(regval_decode(&v, REG_MULTI_SZ, d, 4 * (REGVAL_MAX_MULTI + 2)), 0);
	assert_int_equal(v.nmulti, REGVAL_MAX_MULTI); /* the rest dropped, not an error */
	regval_free(&v);
	free(d);
}

/* --- hostile layouts --- */

static void
expect_key_error(struct hb *h, const char *path, const char *msg)
{
	struct reader *r;
	struct hive *hv;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;

	if ((hv = hb_open(h, &r, &e)) == NULL) {
		assert_non_null(strstr(err_msg(&e), msg));
		reader_close(r);
		free(h->b);
		return;
	}
	if (hive_key_open(hv, path, &k, &e) != -1)
		fail_msg("%s: no error (want \"%s\")", path, msg);
	if (strstr(err_msg(&e), msg) == NULL)
		fail_msg("got \"%s\", want \"%s\"", err_msg(&e), msg);
	hb_done(h, hv, r);
}

static void
test_hostile_cells(void **state)
{
	struct hb h;
	uint32_t l, self, ri;

	(void)state;
	/* A subkey list outside the hive bins. */
	hb_init(&h, 4096);
	hb_root(&h, nk(&h, "root", 1, 4096 + 64, 0, 0xffffffff));
	expect_key_error(&h, "x", "outside the hive bins");
	/* A list entry pointing at the list itself (not a key cell). */
	hb_init(&h, 4096);
	l = h.next + 0x58;
	hb_root(&h, nk(&h, "r", 1, l, 0, 0xffffffff));
	list(&h, "lf", 1, l);
	expect_key_error(&h, "x", "not a key (nk) cell");
	/* An index root whose entry is the index root itself. */
	hb_init(&h, 4096);
	ri = h.next + 0x58;
	hb_root(&h, nk(&h, "r", 1, ri, 0, 0xffffffff));
	list(&h, "ri", 1, ri);
	expect_key_error(&h, "x", "index root inside an index root");
	/* A cell whose size runs past the bins, and one of INT32_MIN. */
	hb_init(&h, 4096);
	self = nk(&h, "r", 0, 0xffffffff, 0, 0xffffffff);
	hb_root(&h, self);
	w32(h.b + 4096 + self, 0x7ffffff0);
	expect_key_error(&h, "", "bad size");
	hb_init(&h, 4096);
	self = nk(&h, "r", 0, 0xffffffff, 0, 0xffffffff);
	hb_root(&h, self);
	w32(h.b + 4096 + self, 0x80000000u);
	expect_key_error(&h, "", "bad size");
	/* A list claiming more entries than its cell holds. */
	hb_init(&h, 4096);
	l = h.next + 0x58;
	hb_root(&h, nk(&h, "r", 1, l, 0, 0xffffffff));
	list(&h, "lf", 1, 0x20);
	w16(at(&h, l) + 2, 5000);
	expect_key_error(&h, "x", "overrun the cell");
	/* The root offset pointing at a value cell. */
	hb_init(&h, 4096);
	hb_root(&h, vk(&h, "v", REG_SZ, 0, 0xffffffff));
	expect_key_error(&h, "", "not a key (nk) cell");
	/* A key name longer than its cell. */
	hb_init(&h, 4096);
	self = nk(&h, "r", 0, 0xffffffff, 0, 0xffffffff);
	w16(at(&h, self) + 0x48, 4000);
	hb_root(&h, self);
	expect_key_error(&h, "", "not a key (nk) cell");
}

static void
test_hostile_values(void **state)
{
	struct hb h;
	struct hive *hv;
	struct reader *r;
	struct hkey *k;
	struct regval v;
	struct err e ERR_AUTO = ERR_INIT;
	uint32_t vals, db;

	(void)state;
	/* Inline data of 5 bytes; data past its cell; big data with a wrong segment count. */
	hb_init(&h, 1u << 16);
	vals = cell(&h, 12);
	w32(at(&h, vals), vk(&h, "inl", REG_BINARY, 0x80000005u, 0));
	w32(at(&h, vals) + 4, vk(&h, "short", REG_BINARY, 64, cell(&h, 16)));
	db = cell(&h, 8);
	memcpy(at(&h, db), "db", 2);
	w16(at(&h, db) + 2, 1);
	w32(at(&h, db) + 4, cell(&h, 4));
	w32(at(&h, vals) + 8, vk(&h, "big", REG_BINARY, 40000, db));
	assert_int_equal(key_with_values(3, vals, &h, &k, &hv, &r, &e), 1);
	assert_int_equal(hive_key_value(k, "inl", &v, &e), -1);
	assert_non_null(strstr(err_msg(&e), "inline"));
	assert_int_equal(hive_key_value(k, "short", &v, &e), -1);
	assert_non_null(strstr(err_msg(&e), "in a cell of"));
	assert_int_equal(hive_key_value(k, "big", &v, &e), -1);
	assert_non_null(strstr(err_msg(&e), "segments"));
	hive_key_close(k);
	hb_done(&h, hv, r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_len_cap),
		cmocka_unit_test(test_values_cap),
		cmocka_unit_test(test_subkeys_cap),
		cmocka_unit_test(test_subkey_list_again),
		cmocka_unit_test(test_path_depth_cap_and_cycle),
		cmocka_unit_test(test_cell_cap),
		cmocka_unit_test(test_hive_size_cap),
		cmocka_unit_test(test_multi_cap),
		cmocka_unit_test(test_hostile_cells),
		cmocka_unit_test(test_hostile_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
