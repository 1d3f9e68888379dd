/* SPDX-License-Identifier: MIT */
/*
 * test_output.c: the output-safety rule (safe.c) and the emitters fed text
 * an attacker wrote into an image: every escape exactly, the CSV cells a
 * spreadsheet would evaluate neutralised, no line the data did not earn,
 * JSON keeping the exact bytes; and an installation whose facts are all
 * unknown printed by every emitter (nothing NULL reaches a formatter).
 */
#define _GNU_SOURCE
#include <stdio.h>

#include <jansson.h>

#include "testutil.h"
#include "report/out.h"
#include "base/safe.h"
#include "base/utf.h"
#include "base/sha256.h"

static char *
esc(const char *s, unsigned flags)
{
	static char buf[512];

	assert_true(safe_escape(s, strlen(s), flags, buf, sizeof buf) < sizeof buf);
	return buf;
}

static void
test_escape(void **state)
{
	static const struct {
		const char *in, *text, *csv;
	} t[] = {
		{"plain text, é, 日本, \xf0\x9f\x98\x80, \xef\xbf\xbd", NULL, NULL}, /* printable: as is */
		{"evil\x1b]52;c;ZXZpbA==\x07host", "evil\\x1b]52;c;ZXZpbA==\\x07host", NULL},
		{"\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H", NULL},
		{"one\ntwo\r", "one\\x0atwo\\x0d", NULL},
		{"a\tb", "a\\x09b", "a\tb"},
		{"\x7f\x01", "\\x7f\\x01", NULL},
		{"\xc2\x9b" "31m", "\\u009b31m", NULL},                      /* C1 CSI */
		{"\xc2\x80\xc2\x9f\xc2\xa0", "\\u0080\\u009f\xc2\xa0", NULL},  /* C1 bounds; U+00A0 prints */
		{"\xe2\x80\xae" "gpj.exe", "\\u202egpj.exe", NULL},           /* RLO */
		{"\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9", "\\u202a\\u2066\\u2069", NULL},
		{"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c", NULL},
		{"\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029", NULL},
		{"\x9b" "31m", "\\x9b31m", NULL},                             /* a lone 8-bit CSI byte */
		{"\xc0\xaf", "\\xc0\\xaf", NULL},                              /* overlong '/' */
		{"\xed\xa0\x80", "\\xed\\xa0\\x80", NULL},                     /* an encoded surrogate */
		{"\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80", NULL},            /* past U+10FFFF */
		{"ok\xe2\x80", "ok\\xe2\\x80", NULL},                          /* cut short */
		{"zero\xc0\x80key", "zero\\x00key", NULL},                      /* a name's U+0000 (base/utf.h) */
	};
	char buf[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_string_equal(esc(t[i].in, 0), t[i].text ? t[i].text : t[i].in);
		assert_string_equal(esc(t[i].in, SAFE_KEEP_TAB), t[i].csv ? t[i].csv : t[i].text ? t[i].text : t[i].in);
		assert_int_equal(safe_is_clean(t[i].in, 0), t[i].text == NULL);
	}
	/* Cut only between whole escapes; the length needed is returned whole. */
	assert_int_equal(safe_escape("a\x1b" "bc", 4, 0, buf, 7), 7);
	assert_string_equal(buf, "a\\x1bb");
	assert_int_equal(safe_escape("a\x1b" "bc", 4, 0, buf, 6), 7);
	assert_string_equal(buf, "a\\x1b");
	assert_int_equal(safe_escape("a\x1b" "bc", 4, 0, buf, 5), 7);
	assert_string_equal(buf, "a");
	assert_int_equal(safe_escape("\x1b", 1, 0, NULL, 0), 4);
}

static void
test_csv_cell(void **state)
{
	static const struct {
		const char *in, *cell;
	} t[] = {
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+cmd", "'+cmd"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "\"'\tx\""},
		{"\r=1", "\\x0d=1"},                       /* escaped first: no longer starts with CR */
		{"-1", "-1"},                              /* plain numbers stay numbers */
		{"+2.5", "+2.5"},
		{"-", "'-"},
		{"6.3.9600.16384", "6.3.9600.16384"},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"=HYPERLINK(\"http:x\")+1.vhdx", "\"'=HYPERLINK(\"\"http:x\"\")+1.vhdx\""},
		{"line\nbreak", "line\\x0abreak"},
		/* a semicolon quotes, and a formula after any separator is neutralised too */
		{"R2-HOST-07;=cmd|' /C calc'!A0", "\"R2-HOST-07;'=cmd|' /C calc'!A0\""},
		{"a,@SUM(A1)", "\"a,'@SUM(A1)\""},
		{"a;-1;+2.5", "\"a;-1;+2.5\""},            /* numbers after a separator stay numbers */
		{"a;-", "\"a;'-\""},
		{"x\t+y", "\"x\t'+y\""},
		{"", ""},
	};
	size_t i;
	char *c;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		c = csv_cell(t[i].in);
		assert_non_null(c);
		assert_string_equal(c, t[i].cell);
		free(c);
	}
	c = csv_cell(NULL);
	assert_string_equal(c, "");
	free(c);
}

/* A value as the hive reader would give it. */
static void
val(struct regval *v, const char *name, const char *str)
{
	memset(v, 0, sizeof *v);
	v->name = strdup(name);
	v->type = REG_SZ;
	v->kind = RV_STRING;
	v->str = strdup(str);
}

#define EVIL_HOST "evil\x1b]52;c;ZXZpbA==\x07host"
#define FAKE_LINE "tphost\n      FakeValue                        REG_SZ         spoofed"
#define FORMULA   "=HYPERLINK(\"http:x\")+1.vhdx"

/* An image report holding hostile text everywhere an image can put it. */
static void
hostile_report(struct image_report *r, int with_keys)
{
	struct install *in;

	memset(r, 0, sizeof *r);
	r->path = FORMULA;
	r->have_image = 1;
	r->image.format = "vhdx";
	r->image.disk_type = "dynamic";
	r->image.virtual_size = 1 << 20;
	r->image.sector_size = 512;
	warn_add(&r->warn, W_OTHER, "parent \"a\x1b[2Jb\" not found");
	assert_non_null(in = report_add_install(r));
	in->partition = 3;
	in->os.product_name = strdup("Windows\x1b]0;pwned\x07");
	in->kvp.params = calloc(3, sizeof *in->kvp.params);
	val(&in->kvp.params[0], "HostName", EVIL_HOST);
	val(&in->kvp.params[1], "PhysicalHostNameFullyQualified", FAKE_LINE);
	val(&in->kvp.params[2], "VirtualMachineName", "\xe2\x80\xae" "gpj.exe");
	in->kvp.nparams = 3;
	in->kvp.has_params = 1;
	in->kvp.autov = calloc(1, sizeof *in->kvp.autov);
	val(&in->kvp.autov[0], "IntegrationServicesVersion", "=1+1");
	in->kvp.nauto = 1;
	in->kvp.has_auto = 1;
	in->ic.installed = in->kvp.autov[0].str;
	warn_add(&in->warn, W_FACT_UNREAD, "SYSTEM: a\nb");
	if (with_keys) {
		in->keys = calloc(1, sizeof *in->keys);
		in->keys[0].request = strdup("SOFTWARE\\X");
		in->keys[0].found = 1;
		in->keys[0].values = calloc(1, sizeof *in->keys[0].values);
		val(&in->keys[0].values[0], "\x1b[2J\x1b[HEvilName", "x\ny");
		in->keys[0].nvalues = 1;
		strv_addf(&in->keys[0].subkeys, &in->keys[0].nsubkeys, "Evil\x1b[31mKey");
		in->nkeys = 1;
	}
}

/* Every byte printable or a line break; returns the number of lines. */
static size_t
only_text(const char *s)
{
	size_t lines = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			lines++;
		else
			assert_true(c >= 0x20 && c != 0x7f);
	}
	return lines;
}

static char *
render(int fmt, const struct image_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (fmt == 't')
		out_text(f, r, 1);
	else if (fmt == 'c')
		out_csv(f, r);
	else
		assert_int_equal(out_jsonl(f, r, r->ninst && r->inst[0].nkeys), 0);
	fclose(f);
	return buf;
}

static void
test_text(void **state)
{
	struct image_report r;
	char *t;

	(void)state;
	hostile_report(&r, 1);
	t = render('t', &r);
	only_text(t);
	assert_non_null(strstr(t, "\n    Host name        tphost\\x0a      FakeValue  "));
	assert_null(strstr(t, "\n      FakeValue"));  /* the value did not start a line of its own */
	assert_non_null(strstr(t, "\n    VM name          \\u202egpj.exe\n"));
	assert_non_null(strstr(t, "\n  partition 3: Windows\\x1b]0;pwned\\x07\n"));
	assert_non_null(strstr(t, "\n        \\x1b[2J\\x1b[HEvilName"));
	assert_non_null(strstr(t, "REG_SZ         x\\x0ay\n"));
	assert_non_null(strstr(t, "\n        Evil\\x1b[31mKey\\\n"));
	assert_non_null(strstr(t, "\n    warning: SYSTEM: a\\x0ab\n"));
	assert_non_null(strstr(t, "\n  warning: parent \"a\\x1b[2Jb\" not found\n"));
	assert_true(strncmp(t, FORMULA ": vhdx dynamic", strlen(FORMULA) + 14) == 0);
	free(t);
	report_free(&r);
}

static void
test_csv(void **state)
{
	struct image_report r;
	char *c;
	size_t nl;

	(void)state;
	hostile_report(&r, 0);
	c = render('c', &r);
	assert_int_equal(only_text(c), 1); /* one installation, one line */
	assert_true(strncmp(c, "\"'=HYPERLINK(\"\"http:x\"\")+1.vhdx\",", strlen("\"'=HYPERLINK(\"\"http:x\"\")+1.vhdx\",")) == 0);
	assert_non_null(strstr(c, ",'=1+1,"));       /* ic_installed */
	assert_non_null(strstr(c, ",tphost\\x0a      FakeValue"));
	assert_non_null(strstr(c, ",\\u202egpj.exe,"));
	nl = strcspn(c, "\n");
	assert_true(c[nl] == '\n' && c[nl + 1] == '\0');
	free(c);
	report_free(&r);
}

static void
test_json_exact(void **state)
{
	struct image_report r;
	json_error_t je;
	json_t *j;
	char *s;

	(void)state;
	hostile_report(&r, 1);
	s = render('j', &r);
	assert_non_null(j = json_loads(s, 0, &je));
	assert_string_equal(json_string_value(json_object_get(j, "path")), FORMULA);
	{
		json_t *in = json_array_get(json_object_get(j, "installations"), 0);
		json_t *gp = json_object_get(json_object_get(json_object_get(in, "kvp"), "guest_parameters"), "values");
		assert_string_equal(json_string_value(json_object_get(json_object_get(gp, "HostName"), "data")), EVIL_HOST);
		assert_string_equal(json_string_value(json_object_get(json_object_get(gp, "PhysicalHostNameFullyQualified"),
		    "data")), FAKE_LINE);
	}
	assert_non_null(strcasestr(s, "evil\\u001b]52;c;ZXZpbA==\\u0007host"));
	assert_non_null(strstr(s, "tphost\\n      FakeValue"));
	json_decref(j);
	free(s);
	report_free(&r);
}

/* Nothing known: every emitter prints it, in every mode. */
static void
test_all_unknown(void **state)
{
	struct image_report r;
	char *s;
	int fmt[] = {'t', 'c', 'j'};
	size_t i;

	(void)state;
	memset(&r, 0, sizeof r);
	r.path = "x";
	assert_non_null(report_add_install(&r));
	for (i = 0; i < 3; i++) {
		s = render(fmt[i], &r);
		assert_true(strlen(s) > 0);
		free(s);
	}
	s = render('t', &r);
	assert_non_null(strstr(s, "    KVP              unknown\n"));
	free(s);
	report_free(&r);
}

/* SHA-256: FIPS 180-4's examples (and NIST's million a's), fed whole and in odd pieces. */
static void
test_sha256(void **state)
{
	static const struct {
		const char *in, *hex;
	} t[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	static char a[1000];
	struct sha256 s;
	char hex[65];
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		sha256_init(&s);
		sha256_add(&s, t[i].in, strlen(t[i].in));
		sha256_hex(&s, hex);
		assert_string_equal(hex, t[i].hex);
		sha256_init(&s);
		for (k = 0; k < strlen(t[i].in); k++)
			sha256_add(&s, t[i].in + k, 1);
		sha256_hex(&s, hex);
		assert_string_equal(hex, t[i].hex);
	}
	memset(a, 'a', sizeof a);
	sha256_init(&s);
	for (k = 0; k < 1000000; k += 7)
		sha256_add(&s, a, 1000000 - k < 7 ? 1000000 - k : 7);
	sha256_hex(&s, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* A registry name is a counted string: a U+0000 inside it is kept, as UTF_NUL, and matches only itself. */
static void
test_names_counted(void **state)
{
	static const uint8_t latin[] = {'z', 'e', 'r', 'o', 0, 'k', 'e', 'y'};
	static const uint8_t u16[] = {'z', 0, 'e', 0, 'r', 0, 'o', 0, 0, 0, 'k', 0, 'e', 0, 'y', 0};
	char out[64];

	(void)state;
	assert_int_equal(latin1_name_to_utf8(latin, sizeof latin, out, sizeof out), 9);
	assert_string_equal(out, "zero" UTF_NUL "key");
	assert_int_equal(utf16le_name_to_utf8(u16, sizeof u16, out, sizeof out), 9);
	assert_string_equal(out, "zero" UTF_NUL "key");
	/* room for "zero" and not the two bytes after it: whole characters only */
	assert_int_equal(latin1_name_to_utf8(latin, sizeof latin, out, 6), 4);
	/* data strings still end at the first NUL */
	latin1_to_utf8(latin, sizeof latin, out, sizeof out);
	assert_string_equal(out, "zero");
	assert_int_equal(utf8_casecmp("ZERO" UTF_NUL "KEY", "zero" UTF_NUL "key"), 0);
	assert_int_not_equal(utf8_casecmp("zero", "zero" UTF_NUL "key"), 0);
	/* U+00C0 U+0080 is another name, though its code points are C0 and 80 */
	assert_int_not_equal(utf8_casecmp("zero\xc3\x80\xc2\x80key", "zero" UTF_NUL "key"), 0);
	assert_int_not_equal(utf8_casecmp("zero\xc0\x80key", "zero\xc3\x80\xc2\x80key"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_csv_cell),
		cmocka_unit_test(test_names_counted),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_all_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
