/* SPDX-License-Identifier: MIT */
/*
 * test_verdict.c: the seed scenario and the minimal spoof rules, table-driven.
 * Each case: guest NT, Guest\Parameters values (name, type, data) ->
 * offered?, the failing check, words the reason must contain, spoof rules.
 */
#include <stdio.h>

#include "testutil.h"
#include "kvp.h"
#include "verdict.h"

struct val { const char *name; uint32_t type; const char *str; uint64_t num; };

struct vcase {
	const char *what;
	int         nt_major, nt_minor;
	struct val  vals[5];
	int         offered;
	const char *last_check;   /* name of the last check made */
	const char *reason;       /* substring */
	const char *spoof[3];     /* rules, in order */
	int         host_major, host_minor;
};

#define SZ(n, s) {n, REG_SZ, s, 0}
#define DW(n, v) {n, REG_DWORD, NULL, v}

static const struct vcase cases[] = {
	{"TP host, 2012 guest", 6, 2, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "4")},
	    1, "host-minor", "NT 6.2 guest on an NT 6.4", {NULL}, 6, 4},
	{"TP host, 2008 R2 guest", 6, 1, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "4")},
	    1, "host-minor", "NT 6.1 guest", {NULL}, 6, 4},
	{"2012 R2 host", 6, 2, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "3")},
	    0, "host-minor", "host is NT 6.3, not 6.4", {NULL}, 6, 3},
	{"2016+ host", 6, 2, {SZ("HostingSystemOsMajor", "10"), SZ("HostingSystemOsMinor", "0")},
	    0, "host-major", "host is NT 10.0, not 6.4", {NULL}, 10, 0},
	{"2012 R2 guest on TP", 6, 3, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "4")},
	    0, "guest-os", "guest is NT 6.3", {NULL}, 6, 4},
	{"Win10 guest", 10, 0, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "4")},
	    0, "guest-os", "guest is NT 10.0", {NULL}, 6, 4},
	{"unknown guest", -1, -1, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "4")},
	    0, "guest-os", "guest Windows version unknown", {NULL}, 6, 4},
	{"KVP never ran", 6, 2, {{NULL, 0, NULL, 0}},
	    0, "kvp-present", "no Guest\\Parameters key (KVP never ran)", {NULL}, -1, -1},
	{"params without host values", 6, 2, {SZ("HostName", "h")},
	    0, "kvp-present", "holds no host OS version values", {NULL}, -1, -1},
	{"post spelling, odd case", 6, 2, {SZ("HOSTSYSTEMOSMAJOR", "6"), SZ("hostsystemosminor", "4")},
	    1, "host-minor", "NT 6.2 guest", {"post-spelling-only"}, 6, 4},
	{"names in odd case", 6, 1, {SZ("hostingsystemosmajor", "6"), SZ("HOSTINGSYSTEMOSMINOR", "4")},
	    1, "host-minor", "NT 6.1", {NULL}, 6, 4},
	{"spellings disagree", 6, 2, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "3"),
	    SZ("HostSystemOSMajor", "6"), SZ("HostSystemOSMinor", "4")},
	    0, "host-minor", "host is NT 6.3", {"spellings-disagree"}, 6, 3},
	{"spellings agree", 6, 2, {SZ("HostingSystemOsMajor", "6"), SZ("HostingSystemOsMinor", "4"),
	    SZ("HostSystemOSMajor", "6"), SZ("HostSystemOSMinor", "4")},
	    1, "host-minor", "NT 6.2", {NULL}, 6, 4},
	{"DWORD host values", 6, 2, {DW("HostingSystemOsMajor", 6), DW("HostingSystemOsMinor", 4)},
	    1, "host-minor", "NT 6.2", {"not-reg-sz", "not-reg-sz"}, 6, 4},
	{"hex string", 6, 2, {SZ("HostingSystemOsMajor", "0x6"), SZ("HostingSystemOsMinor", "4")},
	    0, "host-major", "host major version missing or not a number", {"non-decimal"}, -1, 4},
	{"minor missing", 6, 2, {SZ("HostingSystemOsMajor", "6")},
	    0, "host-minor", "host minor version missing", {NULL}, 6, -1},
};

static void
build(const struct vcase *c, struct install *in)
{
	size_t i;

	memset(in, 0, sizeof *in);
	in->os.nt_major = c->nt_major;
	in->os.nt_minor = c->nt_minor;
	in->kvp.service_start = -1;
	for (i = 0; i < 5 && c->vals[i].name; i++) {
		struct regval *v;
		in->kvp.params = realloc(in->kvp.params, (i + 1) * sizeof *v);
		v = &in->kvp.params[i];
		memset(v, 0, sizeof *v);
		v->name = strdup(c->vals[i].name);
		v->type = c->vals[i].type;
		if (v->type == REG_SZ) {
			v->kind = RV_STRING;
			v->str = strdup(c->vals[i].str);
		} else {
			v->kind = RV_INT;
			v->num = c->vals[i].num;
		}
		in->kvp.nparams = i + 1;
		in->kvp.has_params = 1;
	}
	kvp_set_state(&in->kvp);
	kvp_host(&in->kvp, &in->host);
	verdict_windows_update(in);
	assert_int_equal(verdict_spoof(in), 0);
}

static void
test_cases(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct vcase *c = &cases[i];
		struct install in;

		build(c, &in);
		print_message("case: %s -> %s\n", c->what, in.wu.reason);
		assert_int_equal(in.wu.offered, c->offered);
		assert_true(in.wu.nchecks >= 1);
		assert_string_equal(in.wu.checks[in.wu.nchecks - 1].check, c->last_check);
		assert_int_equal(in.wu.checks[in.wu.nchecks - 1].passed, c->offered);
		assert_non_null(strstr(in.wu.reason, c->reason));
		if (c->offered)
			assert_string_equal(in.wu.package, "KB3004908");
		else
			assert_null(in.wu.package);
		assert_int_equal(in.host.major, c->host_major);
		assert_int_equal(in.host.minor, c->host_minor);
		for (k = 0; k < 3 && c->spoof[k]; k++) {
			assert_true(k < in.nspoof);
			assert_string_equal(in.spoof[k].rule, c->spoof[k]);
		}
		assert_int_equal(in.nspoof, k);
		install_free(&in);
	}
}

static void
test_kvp_state(void **state)
{
	struct kvp_facts k;

	(void)state;
	memset(&k, 0, sizeof k);
	k.service_start = -1;
	kvp_set_state(&k);
	assert_string_equal(k.state, "never-ran");
	k.has_auto = 1;
	kvp_set_state(&k);
	assert_string_equal(k.state, "active");
	k.service_start = 4;
	kvp_set_state(&k);
	assert_string_equal(k.state, "disabled");
	k.service_start = 3;
	k.has_auto = 0;
	k.has_params = 1;
	kvp_set_state(&k);
	assert_string_equal(k.state, "active");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_kvp_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
