/* SPDX-License-Identifier: MIT */
/*
 * test_verdict.c: the verdicts, table-driven.  One case per catalogue row
 * (catalogue.def: every package, every host's IC version, the silent
 * corner), per spoof rule, per host detail, and --assume-host; each case
 * asserts the verdict and words of the reason.
 */
#include <stdio.h>

#include "testutil.h"
#include "facts/catalogue.h"
#include "facts/kvp.h"
#include "facts/verdict.h"

#define NV 12

struct val { const char *name; uint32_t type; const char *str; uint64_t num; unsigned flags; };

struct vcase {
	const char *what;
	int         gmaj, gmin;        /* guest NT; -1 unknown */
	const char *arch;              /* guest arch */
	const char *ic;                /* Auto\IntegrationServicesVersion, or NULL */
	struct val  vals[NV];
	int         am, an;            /* --assume-host, -1 none */
	long        kvp_start;         /* vmickvpexchange Start, -1 absent */
	int         newer_than_svc;    /* Guest\Parameters written after the service key */
	int         offered;           /* 1, 0, -1 unknown */
	const char *package;
	const char *last_check;
	const char *reason;
	const char *ic_status;
	const char *spoof[4];
};

#define SZ(n, s) {n, REG_SZ, s, 0, 0}
#define DW(n, v) {n, REG_DWORD, NULL, v, 0}
#define SZF(n, s, f) {n, REG_SZ, s, 0, f}
/* What a real host writes with its version (kvp-ic-facts §1). */
#define REAL SZ("HostName", "h.example"), SZ("PhysicalHostName", "H"), \
	SZ("PhysicalHostNameFullyQualified", "h.example"), SZ("VirtualMachineName", "vm")
#define HOST(a, b) SZ("HostingSystemOsMajor", a), SZ("HostingSystemOsMinor", b)

static const struct vcase cases[] = {
	/* Every package row. */
	{"KB3004908: 7 on TP", 6, 1, "x64", NULL, {REAL, HOST("6", "4")}, -1, -1, 3, 0,
	    1, "KB3004908", "ic-version", "NT 6.1 guest on an NT 6.4", "unknown", {NULL}},
	{"KB3004908: 2012 on TP", 6, 2, "x64", "6.2.9200.16384", {REAL, HOST("6", "4")}, -1, -1, 3, 0,
	    1, "KB3004908", "ic-version", "KB3004908 installs ICs 6.3.9600.16384", "outdated", {NULL}},
	{"KB3063109: 2012 on 10.0", 6, 2, "x64", "6.3.9600.16384", {REAL, HOST("10", "0")}, -1, -1, 3, 0,
	    1, "KB3063109", "ic-version", "installs ICs 6.3.9600.18080", "outdated", {NULL}},
	{"KB4072650: 7 on 10.0", 6, 1, "x64", "6.3.9600.18080", {REAL, HOST("10", "0")}, -1, -1, 3, 0,
	    1, "KB4072650", "ic-version", "installs ICs 6.3.9600.18907", "outdated", {NULL}},
	{"KB4072650: 2012 R2 on 10.0, already current", 6, 3, "x64", "6.3.9600.18907", {REAL, HOST("10", "0")},
	    -1, -1, 3, 0, 0, NULL, "ic-version", "already at least 6.3.9600.18907", "current", {NULL}},
	/* The silent corner: no package named, none denied. */
	{"2008 SP2 on 10.0: unknown", 6, 0, "x64", NULL, {REAL, HOST("10", "0")}, -1, -1, 3, 0,
	    -1, NULL, "kvp-present", "unknown: Vista SP2 / Server 2008 SP2", "unknown", {NULL}},
	/* Every host row's IC version. */
	{"2008 host, 2008 ICs", 6, 0, "x86", "6.0.6001.18016", {REAL, HOST("6", "0")}, -1, -1, 3, 0,
	    0, NULL, "guest-os", "no IC package was delivered", "current", {NULL}},
	{"2008 R2 host, 7 SP1 ICs", 6, 1, "x64", "6.1.7601.17514", {REAL, HOST("6", "1")}, -1, -1, 3, 0,
	    0, NULL, "host-minor", "host is NT 6.1", "current", {NULL}},
	{"2012 host, 2008 R2 ICs: outdated", 6, 1, "x64", "6.1.7601.17514", {REAL, HOST("6", "2")}, -1, -1, 3, 0,
	    0, NULL, "host-minor", "host is NT 6.2", "outdated", {NULL}},
	{"2012 R2 host, later 2012 R2 ICs: current", 6, 2, "x64", "6.3.9600.18907", {REAL, HOST("6", "3")},
	    -1, -1, 3, 0, 0, NULL, "host-minor", "host is NT 6.3 (Windows Server 2012 R2 / Windows 8.1), not 6.4",
	    "current", {NULL}},
	{"2012 host, 2012 R2 ICs: newer than host", 6, 2, "x64", "6.3.9600.16384", {REAL, HOST("6", "2")},
	    -1, -1, 3, 0, 0, NULL, "host-minor", "host is NT 6.2", "newer-than-host", {NULL}},
	{"10.0 guest: in-box", 10, 0, "x64", "10.0.17763.1", {REAL, HOST("10", "0")}, -1, -1, 3, 0,
	    0, NULL, "guest-os", "its ICs are in-box", "in-box", {NULL}},
	/* The seed scenario's other exits. */
	{"KVP never ran", 6, 2, "x64", NULL, {{NULL, 0, NULL, 0, 0}}, -1, -1, -1, 0,
	    0, NULL, "kvp-present", "no Guest\\Parameters key (KVP never ran)", "unknown", {NULL}},
	{"params without host values", 6, 2, "x64", NULL, {REAL}, -1, -1, 3, 0,
	    0, NULL, "kvp-present", "holds no host OS version values", "unknown", {NULL}},
	{"unknown guest", -1, -1, NULL, NULL, {REAL, HOST("6", "4")}, -1, -1, 3, 0,
	    -1, NULL, "guest-os", "unknown: the guest's Windows version", "unknown", {NULL}},
	{"hex host major: unknown, not 'not offered'", 6, 2, "x64", NULL, {REAL, SZ("HostingSystemOsMajor", "0x6"),
	    SZ("HostingSystemOsMinor", "4")}, -1, -1, 3, 0, -1, NULL, "host-major",
	    "unknown: the host major version is missing or not a plain decimal", "unknown", {"non-decimal"}},
	/* Hostile evidence: duplicates, junk, anomalies. */
	{"host major stored twice (6, then 10): the first counts", 6, 2, "x64", NULL, {REAL, SZ("HostingSystemOsMajor", "6"),
	    SZ("HostingSystemOsMinor", "4"), SZ("hostingsystemosmajor", "10")}, -1, -1, 3, 0,
	    1, "KB3004908", "ic-version", "NT 6.2 guest on an NT 6.4", "unknown", {"duplicate-value"}},
	{"host major with data after its NUL", 6, 2, "x64", NULL, {REAL, SZF("HostingSystemOsMajor", "6", RVF_AFTER_NUL),
	    SZ("HostingSystemOsMinor", "4")}, -1, -1, 3, 0,
	    1, "KB3004908", "ic-version", "NT 6.2 guest on an NT 6.4", "unknown", {"malformed-string"}},
	{"IC version with junk after it: never current", 6, 3, "x64", "6.3.9600.18907junk", {REAL, HOST("10", "0")},
	    -1, -1, 3, 0, -1, NULL, "ic-version", "unknown: IntegrationServicesVersion \"6.3.9600.18907junk\"", "unknown",
	    {"ic-version-malformed"}},
	{"IC version 99.0.0.0: no such release", 6, 2, "x64", "99.0.0.0", {REAL, HOST("6", "3")}, -1, -1, 3, 0,
	    0, NULL, "host-minor", "host is NT 6.3", "unknown", {"impossible-ic-version"}},
	{"IC version of an unknown build of 6.3", 6, 2, "x64", "6.3.9700.1", {REAL, HOST("6", "3")}, -1, -1, 3, 0,
	    0, NULL, "host-minor", "host is NT 6.3", "unknown", {"unknown-ic-version"}},
	{"IC version newer than any known: not current", 6, 3, "x64", "6.3.9600.20000", {REAL, HOST("10", "0")}, -1, -1,
	    3, 0, 0, NULL, "ic-version", "already at least 6.3.9600.18907", "unknown", {"ic-newer-than-known"}},
	{"IC version 6.3.9600.19456, the newest known: current", 6, 3, "x64", "6.3.9600.19456", {REAL, HOST("10", "0")},
	    -1, -1, 3, 0, 0, NULL, "ic-version", "already at least 6.3.9600.18907", "current", {NULL}},
	/* Every spoof rule. */
	{"post's spelling only, odd case", 6, 2, "x64", NULL, {REAL, SZ("HOSTSYSTEMOSMAJOR", "6"), SZ("hostsystemosminor", "4")},
	    -1, -1, 3, 0, 1, "KB3004908", "ic-version", "NT 6.2 guest", "unknown", {"post-spelling-only"}},
	{"spellings disagree", 6, 2, "x64", NULL, {REAL, HOST("6", "3"), SZ("HostSystemOSMajor", "6"), SZ("HostSystemOSMinor", "4")},
	    -1, -1, 3, 0, 0, NULL, "host-minor", "host is NT 6.3", "unknown", {"spellings-disagree"}},
	{"DWORD host values", 6, 2, "x64", NULL, {REAL, DW("HostingSystemOsMajor", 6), DW("HostingSystemOsMinor", 4)},
	    -1, -1, 3, 0, 1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"not-reg-sz", "not-reg-sz"}},
	{"impossible version 7.1", 6, 2, "x64", NULL, {REAL, HOST("7", "1")}, -1, -1, 3, 0,
	    0, NULL, "host-major", "host is NT 7.1", "unknown", {"impossible-version"}},
	{"host values without the names a host writes", 6, 2, "x64", NULL, {HOST("6", "4")}, -1, -1, 3, 0,
	    1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"incomplete-host-values"}},
	{"unknown edition", 6, 2, "x64", NULL, {REAL, HOST("6", "4"), SZ("HostingSystemEditionId", "9999")}, -1, -1, 3, 0,
	    1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"unknown-edition"}},
	{"x86 host", 6, 2, "x64", NULL, {REAL, HOST("6", "4"), SZ("HostingSystemProcessorArchitecture", "0")}, -1, -1, 3, 0,
	    1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"host-arch"}},
	{"arm64 guest on x64 host", 10, 0, "arm64", NULL, {REAL, HOST("10", "0"), SZ("HostingSystemProcessorArchitecture", "9")},
	    -1, -1, 3, 0, 0, NULL, "guest-os", "in-box", "in-box", {"arch-mismatch"}},
	{"FQDN not of the short name", 6, 2, "x64", NULL, {SZ("HostName", "a"), SZ("PhysicalHostName", "HOSTA"),
	    SZ("PhysicalHostNameFullyQualified", "hostb.example"), SZ("VirtualMachineName", "vm"), HOST("6", "4")},
	    -1, -1, 3, 0, 1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"fqdn-mismatch"}},
	{"VirtualMachineId not a GUID", 6, 2, "x64", NULL, {REAL, HOST("6", "4"), SZ("VirtualMachineId", "vm-42")},
	    -1, -1, 3, 0, 1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"vmid-not-guid"}},
	{"KVP disabled, values newer", 6, 2, "x64", NULL, {REAL, HOST("6", "4")}, -1, -1, 4, 1,
	    1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"kvp-disabled-newer"}},
	{"6.4 recorded in 2016", 6, 2, "x64", NULL, {REAL, HOST("6", "4")}, -1, -1, 3, 2,
	    1, "KB3004908", "ic-version", "NT 6.2", "unknown", {"tp-after-preview"}},
	/* --assume-host: verdicts as if moved; the KVP values are assumed to follow. */
	{"assume 10.0 for a 2012 guest on 6.3", 6, 2, "x64", "6.3.9600.16384", {REAL, HOST("6", "3")}, 10, 0, 3, 0,
	    1, "KB3063109", "ic-version", "NT 10.0", "outdated", {NULL}},
	{"assume 6.4 without KVP", 6, 2, "x64", NULL, {{NULL, 0, NULL, 0, 0}}, 6, 4, -1, 0,
	    1, "KB3004908", "ic-version", "NT 6.4", "unknown", {NULL}},
};

static void
build(const struct vcase *c, struct install *in)
{
	size_t i;

	memset(in, 0, sizeof *in);
	in->os.nt_major = c->gmaj;
	in->os.nt_minor = c->gmin;
	in->os.build = -1;
	in->os.arch = c->arch ? strdup(c->arch) : NULL;
	in->kvp.service_start = c->kvp_start;
	in->services[0].name = "vmickvpexchange";
	in->services[0].start = c->kvp_start;
	in->services[0].filetime = 130600000000000000ull;
	in->nservices = 1;
	for (i = 0; i < NV && c->vals[i].name; i++) {
		struct regval *v;
		in->kvp.params = realloc(in->kvp.params, (i + 1) * sizeof *v);
		v = &in->kvp.params[i];
		memset(v, 0, sizeof *v);
		v->name = strdup(c->vals[i].name);
		v->type = c->vals[i].type;
		v->flags = c->vals[i].flags;
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
	/* Within the Technical Preview period, unless the case says newer than the service. */
	in->kvp.params_filetime = c->newer_than_svc == 2 ? 131000000000000000ull : /* 2016-02 */
	    c->newer_than_svc ? 130610000000000000ull : 130590000000000000ull;      /* 2014-11, 2014-10 */
	if (c->ic != NULL) {
		in->kvp.autov = calloc(1, sizeof *in->kvp.autov);
		in->kvp.autov[0].name = strdup("IntegrationServicesVersion");
		in->kvp.autov[0].type = REG_SZ;
		in->kvp.autov[0].kind = RV_STRING;
		in->kvp.autov[0].str = strdup(c->ic);
		in->kvp.nauto = 1;
		in->kvp.has_auto = 1;
	}
	regvals_mark_duplicates(in->kvp.params, in->kvp.nparams);
	kvp_set_state(&in->kvp);
	kvp_host(&in->kvp, &in->host);
	assert_int_equal(verdict_all(in, c->am, c->an), 0);
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
		print_message("%-45s %s\n", c->what, in.wu.reason);
		assert_int_equal(in.wu.offered, c->offered);
		if (c->package)
			assert_string_equal(in.wu.package, c->package);
		else
			assert_null(in.wu.package);
		assert_true(in.wu.nchecks >= 1);
		assert_string_equal(wu_check_name(in.wu.checks[in.wu.nchecks - 1].check), c->last_check);
		assert_non_null(strstr(in.wu.reason, c->reason));
		assert_string_equal(ic_status_name(in.ic.status), c->ic_status);
		for (k = 0; k < 4 && c->spoof[k]; k++) {
			if (k >= in.nspoof)
				print_message("  missing spoof rule %s\n", c->spoof[k]);
			assert_true(k < in.nspoof);
			assert_string_equal(in.spoof[k].rule, c->spoof[k]);
		}
		if (in.nspoof != k)
			print_message("  extra spoof rule %s: %s\n", in.spoof[k].rule, in.spoof[k].detail);
		assert_int_equal(in.nspoof, k);
		install_free(&in);
	}
}

/* A name stored twice: the verdict says which value it used (the first), and the indicator lists both. */
static void
test_duplicate_used(void **state)
{
	struct install in;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strncmp(cases[i].what, "host major stored twice", 23) == 0)
			break;
	assert_true(i < sizeof cases / sizeof cases[0]);
	build(&cases[i], &in);
	assert_string_equal(wu_check_name(in.wu.checks[2].check), "host-major");
	assert_string_equal(in.wu.checks[2].value, "6 (the first of those stored)");
	assert_int_equal(in.host.stored[0], 2);
	assert_non_null(strstr(in.spoof[0].detail, "is stored 2 times (\"6\", \"10\")"));
	install_free(&in);
}

static void
test_host_details(void **state)
{
	const struct vcase legacy = {"legacy", 6, 2, "x64", NULL, {REAL}, -1, -1, 3, 0, 0, NULL, NULL, NULL, NULL, {NULL}};
	const struct vcase full = {"full", 6, 3, "x64", NULL, {REAL, HOST("10", "0"), SZ("HostingSystemEditionId", "8"),
	    SZ("HostingSystemNestedLevel", "1"), SZ("HostingSystemProcessorArchitecture", "9")},
	    -1, -1, 3, 0, 0, NULL, NULL, NULL, NULL, {NULL}};
	struct install in;

	(void)state;
	build(&legacy, &in);
	assert_int_equal(in.host.legacy_values_only, 1);
	assert_null(in.host.name);
	install_free(&in);
	build(&full, &in);
	assert_int_equal(in.host.legacy_values_only, 0);
	assert_string_equal(in.host.name, "Windows Server 2016 or later / Windows 10 or later");
	assert_int_equal(in.host.edition_id, 8);
	assert_string_equal(in.host.edition, "Server Datacenter");
	assert_int_equal(in.host.nested_level, 1);
	assert_string_equal(in.host.processor_arch, "x64");
	install_free(&in);
}

static void
test_catalogue(void **state)
{
	(void)state;
	/* Product names: server vs client by type; Windows 11 and Server releases by build. */
	assert_string_equal(cat_product(6, 3, 1, 9600), "Windows Server 2012 R2");
	assert_string_equal(cat_product(6, 3, 0, 9600), "Windows 8.1");
	assert_string_equal(cat_product(10, 0, 0, 19045), "Windows 10");
	assert_string_equal(cat_product(10, 0, 0, 22631), "Windows 11");
	assert_string_equal(cat_product(10, 0, 1, 17763), "Windows Server 2019");
	assert_string_equal(cat_product(10, 0, 1, 20348), "Windows Server 2022");
	assert_string_equal(cat_product(10, 0, 1, -1), "Windows Server (2016 or later)");
	assert_null(cat_product(5, 1, 0, 2600));
	assert_string_equal(cat_edition(0xA8), "Azure Server Core");
	assert_null(cat_edition(0x9999));
	assert_true(cat_vercmp("6.3.9600.18907", "6.3.9600.18080") > 0);
	assert_true(cat_vercmp("6.3.9600.16384", "6.3.9600.16384") == 0);
	assert_true(cat_vercmp("6.2.9200.16384", "6.3.9600.16384") < 0);
	assert_true(cat_vercmp("10.0.17763.1", "6.3.9600.18907") > 0);
	{
		char nw[48];
		int hv;
		assert_int_equal(cat_ic_check("6.3.9600.16384", nw, &hv), CAT_IC_KNOWN);
		assert_int_equal(cat_ic_check("6.3.9600.19456", nw, &hv), CAT_IC_KNOWN);
		assert_int_equal(cat_ic_check("6.3.9600.19457", nw, &hv), CAT_IC_NEWER);
		assert_string_equal(nw, "6.3.9600.19456");
		assert_int_equal(cat_ic_check("10.0.17763.1", nw, &hv), CAT_IC_KNOWN);
		assert_int_equal(cat_ic_check("6.3.9700.1", nw, &hv), CAT_IC_NO_LINE);
		assert_int_equal(hv, 1);
		assert_int_equal(cat_ic_check("99.0.0.0", nw, &hv), CAT_IC_NO_LINE);
		assert_int_equal(hv, 0);
		static const char *const bad[] = {"6.3.9600.16384junk", "6.3.9600", "6.3.9600.16384.1", " 6.3.9600.1",
		    "6.3.9600.+1", "6.3.9600.65536", "6.3.9600.000001", "6..9600.1", "", "6.3.9600.1 "};
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
			assert_int_equal(cat_ic_check(bad[i], nw, &hv), CAT_IC_MALFORMED);
	}
	assert_string_equal(cat_host(6, 4)->name, "Windows Technical Preview");
	assert_null(cat_host(7, 0));
}

static void
test_kvp_state(void **state)
{
	struct kvp_facts k;

	(void)state;
	memset(&k, 0, sizeof k);
	k.service_start = -1;
	kvp_set_state(&k);
	assert_string_equal(kvp_state_name(k.state), "never-ran");
	k.has_auto = 1;
	kvp_set_state(&k);
	assert_string_equal(kvp_state_name(k.state), "active");
	k.service_start = 4;
	kvp_set_state(&k);
	assert_string_equal(kvp_state_name(k.state), "disabled");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_duplicate_used),
		cmocka_unit_test(test_host_details),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_kvp_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
