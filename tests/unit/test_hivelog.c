/* SPDX-License-Identifier: MIT */
/*
 * test_hivelog.c: transaction-log replay.  The overlay reader on its own;
 * Marvin32 against hashes Windows wrote; and the oracle: for every dirty
 * hive in ../shared/corpus/yarp that comes with the hive Windows itself
 * recovered, every key and value read through our replay equals the
 * recovered hive's (both trees walked).  Corrupt and truncated logs give
 * a stale or partial result, never a crash.  Also the generated fixture
 * (fixtures/out/hives/sw-dirty-log + .LOG1), so replay is tested without
 * ../shared too.
 */
#include <stdio.h>

#include "testutil.h"
#include "base/bytes.h"
#include "reg/hive.h"
#include "reg/hivelog.h"
#include "base/marvin.h"

#define YARP CORPUS "yarp/"

/* --- a growable text buffer for tree dumps --- */
struct sbuf {
	char  *s;
	size_t n, cap;
};

static void
sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->n + (size_t)len + 1 > b->cap) {
		b->cap = (b->n + (size_t)len + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)len;
}

/* Every key (path, time) and value (name, type, data) below k, depth first. */
static void
dump_key(struct hkey *k, const char *path, struct sbuf *b, int depth)
{
	struct regval *v;
	struct hkey *sub;
	struct err e ERR_AUTO = ERR_INIT;
	char *name, child[4096];
	size_t nv, ns, i, j;

	assert_true(depth < 64);
	sb_add(b, "[%s] %llx\n", path, (unsigned long long)hive_key_filetime(k));
	assert_int_equal(hive_key_values(k, &v, &nv, &e), 0);
	for (i = 0; i < nv; i++) {
		sb_add(b, "  \"%s\" %u %d:", v[i].name, v[i].type, v[i].kind);
		if (v[i].kind == RV_STRING)
			sb_add(b, "%s", v[i].str);
		else if (v[i].kind == RV_INT)
			sb_add(b, "%llu", (unsigned long long)v[i].num);
		else if (v[i].kind == RV_MULTI)
			for (j = 0; j < v[i].nmulti; j++)
				sb_add(b, "%s|", v[i].multi[j]);
		else
			for (j = 0; j < v[i].nbin; j++)
				sb_add(b, "%02x", v[i].bin[j]);
		sb_add(b, "\n");
	}
	regvals_free(v, nv);
	assert_int_equal(hive_key_nsubkeys(k, &ns, &e), 0);
	for (i = 0; i < ns; i++) {
		assert_int_equal(hive_key_open_sub(k, i, &sub, &name, &e), 0);
		assert_non_null(name);
		snprintf(child, sizeof child, "%s\\%s", path, name);
		dump_key(sub, child, b, depth + 1);
		hive_key_close(sub);
		free(name);
	}
}

/* Open dir/name with its logs, replay, dump.  Returns the dump (caller frees) and rp. */
static char *
dump_file(const char *dir, const char *name, int with_logs, struct replay *rp)
{
	char path[512];
	struct reader *f, *ov = NULL, *l[3] = {NULL, NULL, NULL};
	static const char *const ext[3] = {"LOG1", "LOG2", "LOG"};
	struct hive_logs logs;
	struct hive *h;
	struct sbuf b = {NULL, 0, 0};
	struct err e ERR_AUTO = ERR_INIT;
	int i;

	snprintf(path, sizeof path, "%s%s", dir, name);
	f = rd_file_open(path, &e);
	assert_non_null(f);
	for (i = 0; i < 3 && with_logs; i++) {
		snprintf(path, sizeof path, "%s%s.%s", dir, name, ext[i]);
		l[i] = rd_file_open(path, &e);
	}
	logs = (struct hive_logs){l[0], l[1], l[2]};
	assert_int_equal(hivelog_replay(f, &logs, &ov, rp, &e), 0);
	h = hive_open(ov ? ov : f, &e);
	if (h == NULL)
		print_message("%s: %s\n", name, err_msg(&e));
	assert_non_null(h);
	{
		struct hkey *root;
		assert_int_equal(hive_key_open(h, "", &root, &e), 1);
		dump_key(root, "", &b, 0);
		hive_key_close(root);
	}
	hive_close(h);
	reader_close(ov);
	for (i = 0; i < 3; i++)
		reader_close(l[i]);
	reader_close(f);
	return b.s;
}

static int
have_corpus(void)
{
	FILE *f = fopen(YARP "NewDirtyHive1/NewDirtyHive", "rb");

	if (f == NULL)
		return 0;
	fclose(f);
	return 1;
}

static void
test_overlay(void **state)
{
	static uint8_t base[10000], b[20000];
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *m, *ov;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof base; i++)
		base[i] = (uint8_t)i;
	m = reader_mem_open(base, sizeof base, "base", &e);
	ov = rd_overlay_open(m, 16384, "ov", &e);
	assert_non_null(ov);
	assert_int_equal(reader_read_full(ov, b, 16384, 0, &e), 0);
	assert_memory_equal(b, base, sizeof base);
	for (i = sizeof base; i < 16384; i++)
		assert_int_equal(b[i], 0); /* past the base: zeros */
	memset(b, 0xAB, 100);
	assert_int_equal(overlay_write(ov, 4090, b, 100, &e), 0); /* straddles two pages */
	assert_int_equal(overlay_pages(ov), 2);
	assert_int_equal(overlay_write(ov, 12000, b, 100, &e), 0); /* past the base */
	assert_int_equal(reader_read_full(ov, b, 16384, 0, &e), 0);
	assert_memory_equal(b, base, 4090);
	for (i = 4090; i < 4190; i++)
		assert_int_equal(b[i], 0xAB);
	assert_memory_equal(b + 4190, base + 4190, sizeof base - 4190);
	for (i = 12000; i < 12100; i++)
		assert_int_equal(b[i], 0xAB);
	assert_int_equal(b[12100], 0);
	assert_int_equal(overlay_write(ov, 16300, b, 100, &e), -1); /* past the overlay */
	assert_non_null(strstr(err_msg(&e), "past its end"));
	/* Many pages: the table grows and every page is still found. */
	for (i = 0; i < 3; i++)
		assert_int_equal(overlay_write(ov, i * 4096, &i, 1, &e), 0);
	assert_int_equal(reader_read_full(ov, b, 9000, 0, &e), 0);
	assert_int_equal(b[4096], 1);
	assert_int_equal(b[8192], 2);
	assert_int_equal(b[1], base[1]); /* the rest of a partly written page is the base's */
	reader_close(ov);
	reader_close(m);
}

static void
test_marvin_on_windows_logs(void **state)
{
	size_t n = 0, off = 512;
	uint8_t *b;
	int entries = 0;

	(void)state;
	if ((b = slurp(CORPUS "DFIRArtifactMuseum/Registry/Win11/DEFAULT.LOG1", &n)) == NULL)
		skip();
	while (off + 40 <= n && memcmp(b + off, "HvLE", 4) == 0) {
		uint32_t sz = le32(b + off + 4);
		assert_true(sz >= 512 && off + sz <= n);
		assert_true(marvin32(MARVIN_REGF_SEED, b + off, 32) == le64(b + off + 32));
		assert_true(marvin32(MARVIN_REGF_SEED, b + off + 40, sz - 40) == le64(b + off + 24));
		off += sz;
		entries++;
	}
	assert_true(entries >= 2);
	free(b);
	/* The tail handling (0-3 bytes after the last word) changes the hash. */
	assert_true(marvin32(1, (const uint8_t *)"abcde", 5) != marvin32(1, (const uint8_t *)"abcd", 4));
	assert_true(marvin32(1, (const uint8_t *)"", 0) != marvin32(2, (const uint8_t *)"", 0));
}

/* The oracle: replay == what Windows recovered, key by key, value by value. */
static void
test_yarp_recovered(void **state)
{
	struct replay rp;
	char *ours, *theirs, *raw;

	(void)state;
	if (!have_corpus())
		skip();
	ours = dump_file(YARP "NewDirtyHive1/", "NewDirtyHive", 1, &rp);
	assert_int_equal(rp.dirty, 1);
	assert_int_equal(rp.new_format, 1);
	assert_int_equal(rp.nrecovered, 2);
	assert_string_equal(rp.recovered_from[0], "LOG1");
	assert_string_equal(rp.recovered_from[1], "LOG2");
	assert_int_equal(rp.entries_applied, 4);
	theirs = dump_file(YARP "NewDirtyHive1/", "RecoveredHive_Windows10", 0, &rp);
	assert_int_equal(rp.dirty, 0);
	raw = dump_file(YARP "NewDirtyHive1/", "NewDirtyHive", 0, &rp);
	assert_int_equal(rp.stale, 1);
	assert_string_equal(ours, theirs);
	assert_string_not_equal(raw, theirs); /* the logs really carried data */
	print_message("NewDirtyHive1: %zu bytes of dump equal\n", strlen(ours));
	free(ours);
	free(theirs);
	free(raw);

	ours = dump_file(YARP "OldDirtyHive/", "OldDirtyHive", 1, &rp);
	assert_int_equal(rp.new_format, 0);
	assert_int_equal(rp.nrecovered, 1);
	assert_string_equal(rp.recovered_from[0], "LOG1");
	assert_true(rp.pages_applied > 0);
	theirs = dump_file(YARP "OldDirtyHive/", "RecoveredHive_Windows7", 0, &rp);
	raw = dump_file(YARP "OldDirtyHive/", "OldDirtyHive", 0, &rp);
	assert_string_equal(ours, theirs);
	assert_string_not_equal(raw, theirs);
	print_message("OldDirtyHive: %zu bytes of dump equal\n", strlen(ours));
	free(ours);
	free(theirs);
	free(raw);
}

static void
test_yarp_variants(void **state)
{
	struct replay rp;
	char *d;
	int i;

	(void)state;
	if (!have_corpus())
		skip();
	/* Sequence 4/3: LOG1 (from 2) is too old, only LOG2 applies, up to 5. */
	d = dump_file(YARP "NewDirtyHive2/", "NewDirtyHive", 1, &rp);
	assert_int_equal(rp.nrecovered, 1);
	assert_string_equal(rp.recovered_from[0], "LOG2");
	assert_int_equal(rp.entries_applied, 3);
	assert_non_null(strstr(rp.note, "LOG1 starts before the hive's sequence"));
	free(d);
	/* Corrupt logs: nothing applied, the hive is read as it is and said to be stale. */
	for (i = 0; i < 3; i++) {
		static const char *const bad[3] = {YARP "BadLogHive1/", YARP "BadLogHive2/", YARP "BadLogHive3/"};
		d = dump_file(bad[i], "BadLogHive", 1, &rp);
		assert_int_equal(rp.stale, 1);
		print_message("%s: %s\n", bad[i], rp.note);
		free(d);
	}
	/* A broken primary base block comes back from the old-format log's copy. */
	d = dump_file(YARP "BadBaseBlockHive/", "BadBaseBlockHive", 1, &rp);
	assert_int_equal(rp.base_block_bad, 1);
	assert_int_equal(rp.nrecovered, 1);
	free(d);
}

/* Windows 11 hives with their logs: replay applies and the result walks cleanly. */
static void
test_win11(void **state)
{
	static const char *const names[] = {"DEFAULT", "SECURITY", "SAM"};
	struct replay rp;
	size_t i;
	char *d;

	(void)state;
	if (!have_corpus())
		skip();
	for (i = 0; i < 3; i++) {
		d = dump_file(CORPUS "DFIRArtifactMuseum/Registry/Win11/", names[i], 1, &rp);
		print_message("%s: dirty %d, %u entries, %u pages from %zu log(s) %s\n", names[i], rp.dirty,
		    rp.entries_applied, rp.pages_applied, rp.nrecovered, rp.note);
		if (strcmp(names[i], "SAM") == 0)
			assert_int_equal(rp.dirty, 0); /* clean (36/36), SOURCES.md */
		else
			assert_true(rp.entries_applied > 0);
		free(d);
	}
}

/* Truncated logs, at every 512 bytes: replay succeeds or stops early, never crashes. */
static void
test_truncated_logs(void **state)
{
	size_t n1 = 0, n2 = 0, hn = 0, len;
	uint8_t *h, *l1, *l2;
	struct err e ERR_AUTO = ERR_INIT;
	int applied_some = 0;

	(void)state;
	if (!have_corpus())
		skip();
	h = slurp(YARP "NewDirtyHive1/NewDirtyHive", &hn);
	l1 = slurp(YARP "NewDirtyHive1/NewDirtyHive.LOG1", &n1);
	l2 = slurp(YARP "NewDirtyHive1/NewDirtyHive.LOG2", &n2);
	assert_non_null(h);
	for (len = 0; len <= n2; len += 512) {
		struct reader *p = reader_mem_open(h, hn, "h", &e), *a = reader_mem_open(l1, n1, "1", &e);
		struct reader *b = reader_mem_open(l2, len, "2", &e), *ov = NULL;
		struct hive_logs logs = {a, b, NULL};
		struct replay rp;
		struct hive *hv;

		assert_int_equal(hivelog_replay(p, &logs, &ov, &rp, &e), 0);
		if (ov != NULL)
			applied_some++;
		if ((hv = hive_open(ov ? ov : p, &e)) != NULL)
			hive_close(hv);
		reader_close(ov);
		reader_close(b);
		reader_close(a);
		reader_close(p);
	}
	assert_true(applied_some > 0);
	free(h);
	free(l1);
	free(l2);
}

/* Our own generated log (fixtures/gen/mkhvle): the value exists only in the log. */
static void
test_generated(void **state)
{
	struct replay rp;
	char *with, *without;

	(void)state;
	with = dump_file("fixtures/out/hives/", "sw-dirty-log", 1, &rp);
	assert_int_equal(rp.dirty, 1);
	assert_int_equal(rp.entries_applied, 1);
	assert_string_equal(rp.recovered_from[0], "LOG1");
	assert_non_null(strstr(with, "\"HostName\" 1 0:logged-host.example"));
	assert_non_null(strstr(with, "\"HostingSystemOsMinor\" 1 0:4"));
	without = dump_file("fixtures/out/hives/", "sw-dirty-log", 0, &rp);
	assert_int_equal(rp.stale, 1);
	assert_null(strstr(without, "logged-host.example"));
	assert_non_null(strstr(without, "\"HostingSystemOsMinor\" 1 0:3"));
	free(with);
	free(without);
}


/*
 * HIVELOG_MAX_ENTRIES at cap and cap+1, on a log made up as it is read: the
 * base block of the generated sw-dirty-log.LOG1, then n 512-byte entries
 * with consecutive sequence numbers, each rewriting the first byte of the
 * hive bins with the 'h' already there (512 MiB of log, never in memory).
 */
struct synth {
	uint8_t  bb[512];
	uint32_t n, seq;
	uint64_t hash1;
};

static void
synth_entry(const struct synth *s, uint32_t k, uint8_t out[512])
{
	memset(out, 0, 512);
	memcpy(out, "HvLE", 4);
	put_le32(out + 4, 512);
	put_le32(out + 12, s->seq + k);
	put_le32(out + 16, le32(s->bb + 40)); /* hive bins size */
	put_le32(out + 20, 1);
	put_le32(out + 40, 0);   /* page offset */
	put_le32(out + 44, 1);   /* page size */
	out[48] = 'h';
	put_le32(out + 24, (uint32_t)s->hash1);
	put_le32(out + 28, (uint32_t)(s->hash1 >> 32));
	{
		uint64_t h2 = marvin32(MARVIN_REGF_SEED, out, 32);
		put_le32(out + 32, (uint32_t)h2);
		put_le32(out + 36, (uint32_t)(h2 >> 32));
	}
}

static ssize_t
synth_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct synth *s = r->ctx;
	uint8_t ent[512], *out = buf;
	size_t done = 0;

	(void)e;
	if (off >= r->size)
		return 0;
	if (len > r->size - off)
		len = (size_t)(r->size - off);
	while (done < len) {
		uint64_t o = off + done;
		size_t in = (size_t)(o % 512), n = 512 - in;
		if (n > len - done)
			n = len - done;
		if (o < 512)
			memcpy(out + done, s->bb + in, n);
		else {
			synth_entry(s, (uint32_t)(o / 512 - 1), ent);
			memcpy(out + done, ent + in, n);
		}
		done += n;
	}
	return (ssize_t)len;
}

static void
entries_cap(uint32_t n, struct replay *rp)
{
	struct reader *p, *log, *ov = NULL;
	struct hive_logs logs;
	struct synth *s;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t ent[512];
	FILE *f;

	assert_non_null(p = rd_file_open("fixtures/out/hives/sw-dirty-log", &e));
	assert_non_null(log = reader_alloc(sizeof *s, "LOG1", &e));
	s = log->ctx;
	assert_non_null(f = fopen("fixtures/out/hives/sw-dirty-log.LOG1", "rb"));
	assert_int_equal(fread(s->bb, 1, 512, f), 512);
	fclose(f);
	s->n = n;
	s->seq = le32(s->bb + 4);
	synth_entry(s, 0, ent);
	s->hash1 = marvin32(MARVIN_REGF_SEED, ent + 40, 512 - 40);
	log->size = 512 + (uint64_t)n * 512;
	log->read_at = synth_read;
	logs = (struct hive_logs){log, NULL, NULL};
	assert_int_equal(hivelog_replay(p, &logs, &ov, rp, &e), 0);
	assert_non_null(ov);
	reader_close(ov);
	reader_close(log);
	reader_close(p);
}

static void
test_entries_cap(void **state)
{
	struct replay rp;

	(void)state;
	entries_cap(HIVELOG_MAX_ENTRIES, &rp);
	assert_int_equal(rp.entries_applied, HIVELOG_MAX_ENTRIES);
	assert_null(strstr(rp.note, "entries; stopped"));
	entries_cap(HIVELOG_MAX_ENTRIES + 1, &rp);
	assert_int_equal(rp.entries_applied, HIVELOG_MAX_ENTRIES);
	if (strstr(rp.note, "LOG1: more than 1048576 entries; stopped") == NULL)
		fail_msg("%s", rp.note);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlay),
		cmocka_unit_test(test_marvin_on_windows_logs),
		cmocka_unit_test(test_yarp_recovered),
		cmocka_unit_test(test_yarp_variants),
		cmocka_unit_test(test_win11),
		cmocka_unit_test(test_truncated_logs),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_entries_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
