/* SPDX-License-Identifier: MIT */
/* test_reader.c: windows, the memory reader, read_full, the cache. */
#include <stdio.h>

#include "testutil.h"

static uint8_t data[300000];

static void
fill(void)
{
	size_t i;
	uint32_t x = 12345;

	for (i = 0; i < sizeof data; i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (uint8_t)(x >> 16);
	}
}

static void
test_sub_bounds(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *m = reader_mem_open(data, 1000, "disk", &e), *s;
	uint8_t b[16];

	(void)state;
	assert_non_null(m);
	assert_null(reader_sub_open(m, 900, 101, "partition 2", &e));
	assert_non_null(strstr(err_msg(&e), "partition 2: window 0x384+0x65 lies outside disk"));
	assert_null(reader_sub_open(m, 1001, 0, "p", &e));
	/* A window of offset near UINT64_MAX must not wrap around. */
	assert_null(reader_sub_open(m, UINT64_MAX - 5, 10, "p", &e));
	s = reader_sub_open(m, 900, 100, "partition 2", &e);
	assert_non_null(s);
	assert_int_equal(reader_read_full(s, b, 16, 84, &e), 0);
	assert_memory_equal(b, data + 984, 16);
	/* Reads past the window: clipped by reader_read, an error for read_full. */
	assert_int_equal(reader_read(s, b, 16, 90, &e), 10);
	assert_int_equal(reader_read(s, b, 16, 100, &e), 0);
	assert_int_equal(reader_read_full(s, b, 16, 90, &e), -1);
	assert_non_null(strstr(err_msg(&e), "past the end"));
	reader_close(s);
	reader_close(m);
}

static void
test_fail_propagates(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *m = reader_mem_open(data, 1000, "disk", &e);
	struct reader *f = fail_reader_open(m, 2);
	uint8_t b[8];

	(void)state;
	assert_int_equal(reader_read_full(f, b, 8, 0, &e), 0);
	assert_int_equal(reader_read_full(f, b, 8, 8, &e), -1);
	assert_string_equal(err_msg(&e), "injected failure at read 2 (0x8)");
	reader_close(f);
	reader_close(m);
}

/* The budget passes the parent's bytes through up to its total, then refuses every read, naming what it bounds. */
static void
test_budget(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *m = reader_mem_open(data, 1u << 16, "disk", &e), *b;
	uint8_t buf[4096];
	int i;

	(void)state;
	b = reader_budget_open(m, 3u << 20, "LVM volume vg/root", &e);
	assert_non_null(b);
	assert_int_equal(b->size, m->size);
	for (i = 0; i < 768; i++) { /* 3 MiB in 4 KiB reads, the same bytes again and again */
		assert_int_equal(reader_read_full(b, buf, sizeof buf, (uint64_t)(i % 16) * sizeof buf, &e), 0);
		assert_memory_equal(buf, data + (i % 16) * sizeof buf, sizeof buf);
	}
	assert_int_equal(reader_read_full(b, buf, 1, 0, &e), -1);
	assert_int_equal(e.code, ERR_LIMIT);
	assert_string_equal(err_msg(&e), "LVM volume vg/root: its read budget of 3 MiB is spent");
	assert_int_equal(reader_read_full(b, buf, 1, 0, &e), -1);
	reader_close(b);
	reader_close(m);
}

/* The cache must return exactly the parent's bytes for any read pattern. */
static void
test_cache_equals_parent(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *m = reader_mem_open(data, sizeof data, "disk", &e);
	struct reader *c = rd_cache_open(m, 4096, 3, &e);
	uint8_t b[20000];
	uint32_t x = 7;
	int i;

	(void)state;
	assert_non_null(c);
	for (i = 0; i < 5000; i++) {
		uint64_t off;
		size_t len;
		ssize_t n;
		x = x * 1664525u + 1013904223u;
		off = x % (sizeof data + 100);
		len = (x >> 8) % sizeof b;
		n = reader_read(c, b, len, off, &e);
		assert_true(n >= 0);
		if (off >= sizeof data) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal((size_t)n, len < sizeof data - off ? len : sizeof data - off);
		assert_memory_equal(b, data + off, (size_t)n);
	}
	/* 4 KiB blocks: 5000 random reads cost far fewer parent reads than bytes. */
	assert_true(m->nreads > 0);
	reader_close(c);
	reader_close(m);
}

static void
test_cache_error_not_cached(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *m = reader_mem_open(data, sizeof data, "disk", &e);
	struct reader *f = fail_reader_open(m, 1);
	struct reader *c = rd_cache_open(f, 4096, 2, &e);
	uint8_t b[8];

	(void)state;
	assert_int_equal(reader_read_full(c, b, 8, 0, &e), -1);
	assert_non_null(strstr(err_msg(&e), "injected failure"));
	/* The failed block is not kept: the next read goes to the parent and succeeds. */
	assert_int_equal(reader_read_full(c, b, 8, 0, &e), 0);
	assert_memory_equal(b, data, 8);
	assert_null(rd_cache_open(m, 3000, 2, &e)); /* not a power of two */
	reader_close(c);
	reader_close(f);
	reader_close(m);
}

static void
test_err_ctx_chain(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;

	(void)state;
	err_clear(&e);
	err_set(&e, ERR_FORMAT, "bad header checksum (0x%08x != 0x%08x)", 0x1a2b3c4du, 0u);
	err_ctx(&e, "regf");
	err_ctx(&e, "NTFS: %s", "\\Windows\\System32\\config\\SYSTEM");
	err_ctx(&e, "partition %d", 2);
	assert_string_equal(err_msg(&e), "partition 2: NTFS: \\Windows\\System32\\config\\SYSTEM: regf: "
	    "bad header checksum (0x1a2b3c4d != 0x00000000)");
	err_set_yal(&e, ERR_FORMAT, "cannot open volume",
	    "libfsntfs_volume_header_read_data: invalid volume system signature.\n"
	    "libfsntfs_volume_open_read: unable to read volume header.", NULL);
	assert_string_equal(err_msg(&e), "cannot open volume: invalid volume system signature");
	assert_non_null(strstr(err_trace(&e), "libfsntfs_volume_open_read"));
	err_set_yal(&e, ERR_FORMAT, "regf", "libregf_x: unable to read.", "VHDX: read at 0x0: boom");
	assert_string_equal(err_msg(&e), "regf: VHDX: read at 0x0: boom");
}

/* Messages at their length: a 5,000-byte name survives two contexts; move and copy own their strings. */
static void
test_err_no_budget(void **state)
{
	struct err e ERR_AUTO = ERR_INIT, f ERR_AUTO = ERR_INIT, g ERR_AUTO = ERR_INIT;
	char name[5001];

	(void)state;
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	assert_string_equal(err_msg(&e), "");
	err_set(&e, ERR_IO, "%s: no such file", name);
	err_ctx(&e, "parent %s", name);
	assert_int_equal(strlen(err_msg(&e)), 7 + 5000 + 2 + 5000 + 14);
	assert_memory_equal(err_msg(&e) + 7 + 5000 + 2 + 5000, ": no such file", 14);
	assert_int_equal(err_copy(&f, &e), 0);
	err_move(&g, &e);
	assert_int_equal(e.code, ERR_NONE);
	assert_string_equal(err_msg(&e), "");
	assert_string_equal(err_msg(&g), err_msg(&f));
	assert_int_equal(g.code, ERR_IO);
	/* a message may quote the one it replaces */
	err_set(&g, ERR_FORMAT, "again: %s", err_msg(&g));
	assert_int_equal(strlen(err_msg(&g)), 7 + strlen(err_msg(&f)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sub_bounds),
		cmocka_unit_test(test_fail_propagates),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_cache_equals_parent),
		cmocka_unit_test(test_cache_error_not_cached),
		cmocka_unit_test(test_err_ctx_chain),
		cmocka_unit_test(test_err_no_budget),
	};

	fill();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
