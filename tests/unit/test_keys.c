/* SPDX-License-Identifier: MIT */
/*
 * test_keys.c: --keys' keychain (cli/keys.c): CSV quoting, comments, other
 * providers left alone, the identifier's forms, raw keys in hex, a .BEK
 * file's bytes; every malformed line an error naming the line and never
 * the value.
 */
#include <stdio.h>

#include "testutil.h"
#include "cli/keys.h"

static void
test_parse(void **state)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "bitlocker,passphrase,,\"a, \"\"quoted\"\" one\"\r\n"
	    "other-tool,passphrase,,not ours\n"
	    ",recovery_key,{8E6909F1-6BA3-49EA-BF8D-EC83FAB656CD},284867-596541-514998-422114-660297-261613-215424-199408\n"
	    "  BitLocker,raw,,84c3a3157e5f21dee140005220bc940e";
	struct err e ERR_AUTO = ERR_INIT;
	struct bde_keys k;

	(void)state;
	assert_int_equal(keys_parse(text, sizeof text - 1, "keys.csv", &k, &e), 0);
	assert_int_equal(k.n, 3);
	assert_int_equal(k.v[0].type, BDE_KEY_PASSPHRASE);
	assert_int_equal(k.v[0].len, 15);
	assert_memory_equal(k.v[0].value, "a, \"quoted\" one", 15);
	assert_string_equal(k.v[0].volume_id, "");
	assert_int_equal(k.v[1].type, BDE_KEY_RECOVERY);
	assert_string_equal(k.v[1].volume_id, "8e6909f1-6ba3-49ea-bf8d-ec83fab656cd");
	assert_int_equal(k.v[2].type, BDE_KEY_RAW);
	assert_int_equal(k.v[2].len, 16);
	assert_int_equal(k.v[2].value[0], 0x84);
	assert_int_equal(k.v[2].value[15], 0x0e);
	bde_keys_free(&k);
	assert_int_equal(k.n, 0);
	assert_int_equal(keys_parse("", 0, "empty", &k, &e), 0);
	assert_int_equal(k.n, 0);
}

/* Each malformed line: an error naming the file and line, never the secret on it. */
static void
test_malformed(void **state)
{
	static const struct {
		const char *line, *says;
	} bad[] = {
		{"bitlocker,passphrase,SECRET1", "keys.csv: line 1: not provider,key_type,identifier,value"},
		{"bitlocker,pin,,SECRET2", "keys.csv: line 1: key type \"pin\""},
		{"bitlocker,passphrase,not-a-guid,SECRET3", "keys.csv: line 1: the identifier is not a volume GUID"},
		{"bitlocker,raw,,SECRET4", "keys.csv: line 1: a raw key is 32, 64 or 128 hex digits (this one has 7)"},
		{"bitlocker,raw,,84c3a3157e5f21dee140005220bc940g", "keys.csv: line 1: a raw key holds a character that is not a hex digit"},
		{"bitlocker,passphrase,,\"SECRET5", "keys.csv: line 1: not provider,key_type,identifier,value"},
		{"bitlocker,passphrase,,", "keys.csv: line 1: an empty passphrase"},
		{"bitlocker,file,,/nonexistent/SECRET6.BEK", "keys.csv: line 1: the .BEK file"},
	};
	struct err e ERR_AUTO = ERR_INIT;
	struct bde_keys k;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(keys_parse(bad[i].line, strlen(bad[i].line), "keys.csv", &k, &e), -1);
		assert_non_null(strstr(err_msg(&e), bad[i].says));
		assert_null(strstr(err_msg(&e), "SECRET"));
		assert_int_equal(k.n, 0);
	}
}

/* A .BEK file's bytes are read when the keychain is. */
static void
test_bek(void **state)
{
	char path[] = "build/test_keys.bek", line[128];
	struct err e ERR_AUTO = ERR_INIT;
	struct bde_keys k;
	FILE *f;

	(void)state;
	assert_non_null(f = fopen(path, "wb"));
	fwrite("\x9c\0\0\0BEK-bytes", 1, 13, f);
	fclose(f);
	snprintf(line, sizeof line, "bitlocker,file,,%s\n", path);
	assert_int_equal(keys_parse(line, strlen(line), "keys.csv", &k, &e), 0);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.v[0].type, BDE_KEY_FILE);
	assert_int_equal(k.v[0].len, 13);
	assert_memory_equal(k.v[0].value + 4, "BEK-bytes", 9);
	bde_keys_free(&k);
	remove(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bek),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
