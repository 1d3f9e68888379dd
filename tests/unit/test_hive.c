/* SPDX-License-Identifier: MIT */
/*
 * test_hive.c: value decoding (pure), the hive layer over generated hives
 * (fixtures/out/hives, made by fixtures/build.sh), error causes from the
 * reader below, truncation, and real hives from ../shared/corpus when
 * present (skipped otherwise).
 */
#include <stdio.h>

#include "testutil.h"
#include "reg/hive.h"
#include "facts/kvp.h"
#include "report/report.h"

#define HIVES "fixtures/out/hives/"

static void
test_decode(void **state)
{
	struct regval v;
	char tb[16];
	static const uint8_t sz[] = {'6', 0, 0, 0};
	static const uint8_t sz_odd[] = {'1', 0, '0', 0, 'x'};
	static const uint8_t sz_nonul[] = {'a', 0, 'b', 0};
	static const uint8_t sz_pair[] = {0x3d, 0xd8, 0x00, 0xde, 0, 0};     /* U+1F600 */
	static const uint8_t sz_lone[] = {0x00, 0xd8, 'a', 0};               /* lone high surrogate */
	static const uint8_t dw[] = {0x0a, 0, 0, 0};
	static const uint8_t dwbe[] = {0, 0, 1, 2};
	static const uint8_t qw[] = {1, 0, 0, 0, 0, 0, 0, 0x80};
	static const uint8_t multi[] = {'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0, 0, 0};

	(void)state;
	memset(&v, 0, sizeof v);
	assert_int_equal(regval_decode(&v, REG_SZ, sz, sizeof sz), 0);
	assert_int_equal(v.kind, RV_STRING);
	assert_string_equal(v.str, "6");
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_SZ, sz_odd, sizeof sz_odd), 0);
	assert_string_equal(v.str, "10");
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_EXPAND_SZ, sz_nonul, sizeof sz_nonul), 0);
	assert_string_equal(v.str, "ab");
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_SZ, sz_pair, sizeof sz_pair), 0);
	assert_string_equal(v.str, "\xf0\x9f\x98\x80");
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_SZ, sz_lone, sizeof sz_lone), 0);
	assert_string_equal(v.str, "\xef\xbf\xbd" "a");
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_SZ, NULL, 0), 0);
	assert_string_equal(v.str, "");
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_DWORD, dw, 4), 0);
	assert_int_equal(v.kind, RV_INT);
	assert_int_equal(v.num, 10);
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_DWORD, dw, 3), 0); /* wrong size: kept as bytes */
	assert_int_equal(v.kind, RV_BINARY);
	assert_int_equal(v.nbin, 3);
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_DWORD_BIG_ENDIAN, dwbe, 4), 0);
	assert_int_equal(v.num, 0x102);
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_QWORD, qw, 8), 0);
	assert_int_equal(v.num, 0x8000000000000001ull);
	regval_free(&v);
	assert_int_equal(regval_decode(&v, REG_MULTI_SZ, multi, sizeof multi), 0);
	assert_int_equal(v.kind, RV_MULTI);
	assert_int_equal(v.nmulti, 2);
	assert_string_equal(v.multi[0], "a");
	assert_string_equal(v.multi[1], "bc");
	regval_free(&v);
	assert_int_equal(regval_decode(&v, 0x1234, dw, 4), 0);
	assert_int_equal(v.kind, RV_BINARY);
	assert_string_equal(regval_type_name(0x1234, tb), "REG_0x1234");
	assert_string_equal(regval_type_name(REG_MULTI_SZ, tb), "REG_MULTI_SZ");
	regval_free(&v);
}

static void
test_parse_decimal(void **state)
{
	uint64_t n = 99;

	(void)state;
	assert_int_equal(parse_decimal("6", &n), 1);
	assert_int_equal(n, 6);
	assert_int_equal(parse_decimal("10", &n), 1);
	assert_int_equal(n, 10);
	assert_int_equal(parse_decimal("", &n), 0);
	assert_int_equal(parse_decimal(" 6", &n), 0);
	assert_int_equal(parse_decimal("6 ", &n), 0);
	assert_int_equal(parse_decimal("-6", &n), 0);
	assert_int_equal(parse_decimal("0x6", &n), 0);
	assert_int_equal(parse_decimal("1234567890123456789", &n), 0);
	assert_int_equal(parse_decimal(NULL, &n), 0);
}

static struct reader *
open_file(const char *path, void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *r = rd_file_open(path, &e);

	if (r == NULL) {
		print_message("missing %s (run make fixtures): %s\n", path, err_msg(&e));
		fail();
	}
	(void)state;
	return r;
}

static void
test_fixture_hive(void **state)
{
	struct reader *f = open_file(HIVES "sw-62-tp", state);
	struct err e ERR_AUTO = ERR_INIT;
	struct hive *h = hive_open(f, &e);
	struct hkey *k;
	struct regval v, *vals;
	size_t n;
	char **names, iso[32];

	assert_non_null(h);
	assert_int_equal(hive_is_dirty(h, NULL, NULL), 0);
	/* Key paths and value names are case-insensitive. */
	assert_int_equal(hive_key_open(h, "microsoft\\VIRTUAL MACHINE\\guest\\parameters", &k, &e), 1);
	filetime_iso(hive_key_filetime(k), iso);
	assert_string_equal(iso, "2014-11-20T00:37:31Z");
	assert_int_equal(hive_key_value(k, "hostingsystemosminor", &v, &e), 1);
	assert_string_equal(v.name, "HostingSystemOsMinor");
	assert_int_equal(v.type, REG_SZ);
	assert_string_equal(v.str, "4");
	regval_free(&v);
	assert_int_equal(hive_key_value(k, "NoSuchValue", &v, &e), 0);
	assert_int_equal(hive_key_values(k, &vals, &n, &e), 0);
	assert_int_equal(n, 11);
	assert_string_equal(vals[0].name, "HostName");
	assert_string_equal(vals[0].str, "tphost.lab.example");
	regvals_free(vals, n);
	hive_key_close(k);
	assert_int_equal(hive_key_open(h, "Microsoft\\Virtual Machine\\Nope", &k, &e), 0);
	assert_null(k);
	assert_int_equal(hive_key_open(h, "Microsoft\\Virtual Machine", &k, &e), 1);
	assert_int_equal(hive_key_subkeys(k, &names, &n, &e), 0);
	assert_int_equal(n, 3);
	strv_free(names, n);
	hive_key_close(k);
	hive_close(h);
	reader_close(f);
}

static void
test_dirty_and_bad(void **state)
{
	struct reader *f = open_file(HIVES "sw-61-tp-dirty", state), *m;
	struct err e ERR_AUTO = ERR_INIT;
	struct hive *h = hive_open(f, &e);
	uint32_t a, b;
	static uint8_t zeros[8192];

	assert_non_null(h);
	assert_int_equal(hive_is_dirty(h, &a, &b), 1);
	assert_int_equal(a, 7);
	assert_int_equal(b, 6);
	hive_close(h);
	reader_close(f);

	m = reader_mem_open(zeros, sizeof zeros, "SOFTWARE", &e);
	assert_null(hive_open(m, &e));
	assert_string_equal(err_msg(&e), "regf: not a registry hive (signature 00000000)");
	reader_close(m);
	m = reader_mem_open(zeros, 100, "SOFTWARE", &e);
	assert_null(hive_open(m, &e));
	assert_string_equal(err_msg(&e), "regf: 100 bytes is too small for a hive");
	reader_close(m);
}

/* Collect KVP facts over a hive cut at len bytes: clean failure or success. */
static int
collect_at(const uint8_t *buf, size_t len, unsigned fail_at, struct err *e)
{
	struct reader *m = reader_mem_open(buf, len, "SOFTWARE", e), *r = m;
	struct kvp_facts k;
	struct hive *h;
	int rc = -1;

	memset(&k, 0, sizeof k);
	if (fail_at)
		r = fail_reader_open(m, fail_at);
	if ((h = hive_open(r, e)) != NULL) {
		rc = kvp_collect(h, &k, e);
		regvals_free(k.params, k.nparams);
		regvals_free(k.autov, k.nauto);
		strv_free(k.external, k.nexternal);
		hive_close(h);
	}
	if (r != m)
		reader_close(r);
	reader_close(m);
	return rc;
}

static void
test_truncated_and_failing(void **state)
{
	size_t len, n = 0;
	uint8_t *buf = slurp(HIVES "sw-62-tp", &n);
	struct err e ERR_AUTO = ERR_INIT;
	unsigned i, failures = 0;

	(void)state;
	assert_non_null(buf);
	for (len = 0; len <= n; len += 256)
		collect_at(buf, len, 0, &e);
	assert_int_equal(collect_at(buf, n, 0, &e), 0);
	/* A read failing under the hive reader surfaces as the root cause. */
	for (i = 1; i < 40; i++) {
		if (collect_at(buf, n, i, &e) != 0) {
			failures++;
			assert_non_null(strstr(err_msg(&e), "injected failure"));
		}
	}
	assert_true(failures > 0);
	free(buf);
}

/* Real hives by others: open and walk what the seed needs, never crash. */
static void
test_corpus(void **state)
{
	static const char *const files[] = {
		"hivex/minimal", "hivex/special", "hivex/rlenvalue_test_hive", "nt-hive/testhive",
		"plaso/regf/100_sub_keys.hiv", "plaso/regf/corrupt_sub_key_list.hiv",
		"DFIRArtifactMuseum/Registry/Win7/SAMBadHBinHeader",
		"DFIRArtifactMuseum/Registry/Win7/SECURITYNoRoot",
		"yarp/TruncatedHive", "yarp/GarbageHive", "yarp/BadListHive", "yarp/BadSubkeyHive",
		"yarp/InvalidParentHive", "yarp/TruncatedHiveBin", "yarp/EmptyHive", "yarp/BigDataHive",
	};
	struct reader *f;
	struct hive *h;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;
	char path[256], **names;
	size_t i, n, opened = 0;
	uint32_t a, b;

	(void)state;
	snprintf(path, sizeof path, CORPUS "%s", files[0]);
	if ((f = rd_file_open(path, &e)) == NULL)
		skip();
	reader_close(f);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, CORPUS "%s", files[i]);
		if ((f = rd_file_open(path, &e)) == NULL)
			continue;
		if ((h = hive_open(f, &e)) != NULL) {
			opened++;
			if (hive_key_open(h, "", &k, &e) == 1) {
				if (hive_key_subkeys(k, &names, &n, &e) == 0)
					strv_free(names, n);
				hive_key_close(k);
			}
			hive_close(h);
		} else {
			print_message("%s: %s\n", files[i], err_msg(&e));
		}
		reader_close(f);
	}
	assert_true(opened >= 4);

	/* A PE file is rejected by signature; Win7 SECURITY is dirty (347/346, SOURCES.md). */
	f = rd_file_open(CORPUS "DFIRArtifactMuseum/Registry/Win7/NotAHive", &e);
	assert_non_null(f);
	assert_null(hive_open(f, &e));
	assert_string_equal(err_msg(&e), "regf: not a registry hive (signature 4d5a9000)");
	reader_close(f);
	f = rd_file_open(CORPUS "DFIRArtifactMuseum/Registry/Win7/SECURITY", &e);
	assert_non_null(f);
	assert_non_null(h = hive_open(f, &e));
	assert_int_equal(hive_is_dirty(h, &a, &b), 1);
	assert_int_equal(a, 347);
	assert_int_equal(b, 346);
	hive_close(h);
	reader_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_parse_decimal),
		cmocka_unit_test(test_fixture_hive),
		cmocka_unit_test(test_dirty_and_bad),
		cmocka_unit_test(test_truncated_and_failing),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
