/* SPDX-License-Identifier: MIT */
/*
 * verdict.c: verdicts by the catalogue.
 *
 * Windows Update (Microsoft's Virtualization blog, 24 Nov 2014 [3], and
 * 11 Nov 2014 [41]): an IC package "checks the OS version, the HostSystemOSMajor,
 * then the HostSystemOSMinor"; "if KVP has never been enabled, these keys
 * will not exist ... the integration components will not be offered".  For
 * each package of catalogue.def whose guest is this guest we make those
 * checks in that order, then whether the ICs installed are already as new;
 * the package offered, or the one that got furthest, is reported, with
 * every check made.  Where the sources are silent the answer is unknown.
 *
 * Spoof indicators: our rules on what the sources say [3] ("these registry
 * keys are all modifiable and thus easy to spoof") and what hosts write [1], [12], each rule with a severity: strong when
 * no genuine host writes that, weak when a genuine host is unlikely to.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strv.h"
#include "facts/catalogue.h"
#include "facts/kvp.h"
#include "facts/verdict.h"

/* Hyper-V host values and the values real hosts write with them [1], [10], [12]. */
static const char *const legacy[] = {"HostName", "PhysicalHostName", "PhysicalHostNameFullyQualified",
    "VirtualMachineName"};

/* 6.4 became 10.0 at build 9926, January 2015 [42]: the last day a TP host was 6.4. */
#define TP_END_FILETIME 130672224000000000ULL /* 2015-02-01T00:00:00Z */

static const struct regval *
param(const struct install *in, const char *name)
{
	return regval_find(in->kvp.params, in->kvp.nparams, name);
}

static long
param_num(const struct install *in, const char *name)
{
	const struct regval *v = param(in, name);
	uint64_t n;

	if (v == NULL)
		return -1;
	if (v->kind == RV_INT)
		return v->num <= 0x7FFFFFFF ? (long)v->num : -1;
	if (v->kind == RV_STRING && parse_decimal(v->str, &n) && n <= 0x7FFFFFFF)
		return (long)n;
	return -1;
}

static int
is_server(const struct os_facts *os)
{
	if (os->installation_type != NULL)
		return strncasecmp(os->installation_type, "Server", 6) == 0 ||
		    strcasecmp(os->installation_type, "Nano Server") == 0;
	return (os->edition && strncasecmp(os->edition, "Server", 6) == 0) ||
	    (os->product_name && strstr(os->product_name, "Server") != NULL);
}

static const char *
arch_name(long a)
{
	switch (a) {
	case 0: return "x86";
	case 5: return "arm";
	case 6: return "ia64";
	case 9: return "x64";
	case 12: return "arm64";
	default: return NULL;
	}
}

void
verdict_host(struct install *in)
{
	struct host_facts *h = &in->host;
	size_t i, k;

	h->name = h->major >= 0 && h->minor >= 0 && cat_host(h->major, h->minor) ?
	    cat_host(h->major, h->minor)->name : NULL;
	h->edition_id = param_num(in, "HostingSystemEditionId");
	h->edition = h->edition_id >= 0 ? cat_edition((unsigned)h->edition_id) : NULL;
	h->nested_level = param_num(in, "HostingSystemNestedLevel");
	h->processor_arch = arch_name(param_num(in, "HostingSystemProcessorArchitecture"));
	h->legacy_values_only = in->kvp.nparams > 0;
	for (i = 0; i < in->kvp.nparams; i++) {
		int known = 0;
		for (k = 0; k < sizeof legacy / sizeof legacy[0]; k++)
			known |= strcasecmp(in->kvp.params[i].name, legacy[k]) == 0;
		if (!known)
			h->legacy_values_only = 0;
	}
	in->os.name = in->os.nt_major >= 0 ?
	    cat_product(in->os.nt_major, in->os.nt_minor, is_server(&in->os), in->os.build) : NULL;
}

/* The package for this host and guest, if the catalogue has one. */
static const struct cat_package *
package_for(int hmaj, int hmin, int gmaj, int gmin)
{
	const struct cat_package *p;
	size_t i;

	for (i = 0; (p = cat_package(i)) != NULL; i++)
		if (p->host_major == hmaj && p->host_minor == hmin && p->guest_major == gmaj &&
		    p->guest_minor == gmin)
			return p;
	return NULL;
}

void
verdict_ic(struct install *in, int hmaj, int hmin)
{
	struct ic_verdict *ic = &in->ic;
	const struct os_facts *os = &in->os;
	const struct regval *v = regval_find(in->kvp.autov, in->kvp.nauto, "IntegrationServicesVersion");
	const struct cat_host *h = hmaj >= 0 && hmin >= 0 ? cat_host(hmaj, hmin) : NULL;
	const struct cat_package *p;
	char newest[48];
	int c, chk, hv;

	free(ic->reason);
	memset(ic, 0, sizeof *ic);
	ic->installed = v && v->kind == RV_STRING && v->str[0] ? v->str : NULL;
	ic->host_ships = h ? h->ic : NULL;
	chk = ic->installed ? cat_ic_check(ic->installed, newest, &hv) : CAT_IC_KNOWN;
	if (os->nt_major >= 10) {
		ic->status = IC_IN_BOX;
		str_setf(&ic->reason, "NT %d.%d guests carry in-box ICs, updated with the "
		    "guest's own updates [6], [44]", os->nt_major, os->nt_minor);
		return;
	}
	if (h != NULL && os->nt_major >= 0 && (p = package_for(hmaj, hmin, os->nt_major, os->nt_minor)) != NULL)
		ic->host_ships = p->installs; /* what Windows Update brings this guest on this host */
	ic->status = IC_UNKNOWN;
	if (ic->installed == NULL) {
		if (v != NULL && v->kind != RV_STRING)
			str_setf(&ic->reason, "Auto\\IntegrationServicesVersion is not a string");
		else if (in->kvp.unread & (KVP_UNREAD_AUTO | KVP_UNREAD_SOFTWARE))
			str_setf(&ic->reason, "Auto\\IntegrationServicesVersion could not be read");
		else
			str_setf(&ic->reason, "Auto\\IntegrationServicesVersion is not recorded (KVP "
			    "never ran, or the host was Windows Server 2008, which does not report it [5])");
		return;
	}
	/* A version is four decimal numbers of an IC release: anything else is never "current". */
	if (chk == CAT_IC_MALFORMED) {
		str_setf(&ic->reason, "IntegrationServicesVersion \"%s\" is not a version "
		    "(four decimal numbers): not judged", ic->installed);
		return;
	}
	if (chk == CAT_IC_NO_LINE) {
		str_setf(&ic->reason, "ICs %s are of no IC release known (%s): not judged",
		    ic->installed, hv ? "no such build of that Hyper-V version" : "no Hyper-V version has that number");
		return;
	}
	if (h == NULL) {
		str_setf(&ic->reason, "the host version is not recorded");
		return;
	}
	c = cat_vercmp(ic->installed, ic->host_ships);
	if (c < 0) {
		ic->status = IC_OUTDATED;
		str_setf(&ic->reason, "ICs %s are older than %s, what %s guests should hold "
		    "(%s)", ic->installed, ic->host_ships, h->name, h->source);
	} else if (c > 0 && (hmaj < 6 || (hmaj == 6 && hmin <= 3)) &&
	    cat_vercmp(ic->installed, h->ic) > 0 && strncmp(ic->installed, h->ic, 4) != 0) {
		ic->status = IC_NEWER_THAN_HOST;
		str_setf(&ic->reason, "ICs %s are of a newer Hyper-V than the host's (%s ships "
		    "%s): the VM was moved from a newer host, or the values are not what they seem",
		    ic->installed, h->name, h->ic);
	} else if (chk == CAT_IC_NEWER) {
		str_setf(&ic->reason, "ICs %s are newer than any release known (the newest, %s): "
		    "not judged", ic->installed, newest);
	} else {
		ic->status = IC_CURRENT;
		str_setf(&ic->reason, "ICs %s are at least %s, what %s guests should hold",
		    ic->installed, ic->host_ships, h->name);
	}
}

static void
add_check(struct wu_verdict *wu, enum wu_check name, int passed, const char *value)
{
	struct check *c = &wu->checks[wu->nchecks++];

	c->check = name;
	c->passed = passed;
	snprintf(c->value, sizeof c->value, "%s", value);
}

/* Packages for NT g.x guests, as "KB3004908 (6.4 hosts), KB..." */
static int
candidates(int gmaj, int gmin, const struct cat_package **first, char *list, size_t n)
{
	const struct cat_package *p;
	size_t i;
	int count = 0;

	list[0] = '\0';
	*first = NULL;
	for (i = 0; (p = cat_package(i)) != NULL; i++) {
		size_t l = strlen(list);
		if (p->guest_major != gmaj || p->guest_minor != gmin)
			continue;
		if (*first == NULL)
			*first = p;
		snprintf(list + l, n - l, "%s%s (NT %d.%d hosts)", count ? ", " : "", p->kb, p->host_major,
		    p->host_minor);
		count++;
	}
	return count;
}

void
verdict_windows_update(struct install *in, int hmaj, int hmin)
{
	struct wu_verdict *wu = &in->wu;
	const struct os_facts *os = &in->os;
	const struct host_facts *h = &in->host;
	const struct cat_package *p, *pick = NULL;
	const char *why;
	char v[48], list[200];
	size_t i;

	free(wu->reason);
	memset(wu, 0, sizeof *wu);
	/* 1. The guest OS: is any package for it? */
	if (os->nt_major < 0) {
		add_check(wu, CHECK_GUEST_OS, 0, "unknown");
		wu->offered = -1;
		str_setf(&wu->reason,
		    "unknown: the guest's Windows version is not recorded (no CurrentVersion in SOFTWARE)");
		return;
	}
	snprintf(v, sizeof v, "%d.%d", os->nt_major, os->nt_minor);
	if (os->nt_major >= 10) {
		add_check(wu, CHECK_GUEST_OS, 0, v);
		str_setf(&wu->reason, "guest is NT %s: its ICs are in-box and come with its own "
		    "updates, no IC package is offered [6], [44]", v);
		return;
	}
	why = hmaj >= 0 ? cat_silent(hmaj, hmin, os->nt_major, os->nt_minor) : NULL;
	if (candidates(os->nt_major, os->nt_minor, &pick, list, sizeof list) == 0 && why == NULL) {
		add_check(wu, CHECK_GUEST_OS, 0, v);
		str_setf(&wu->reason, "guest is NT %s: no IC package was delivered through "
		    "Windows Update for it (KB3004908 went to NT 6.1 and 6.2 guests on 6.4 hosts; KB3063109 and "
		    "KB4072650 to NT 6.1, 6.2, 6.3 guests on 10.0 hosts)", v);
		return;
	}
	add_check(wu, CHECK_GUEST_OS, 1, v);

	/* 2. KVP's host values exist. */
	if (h->nsource == 0) {
		add_check(wu, CHECK_KVP_PRESENT, 0, in->kvp.has_params ? "no host values" : "absent");
		str_setf(&wu->reason, "%s; Windows Update needs the host version that the Data "
		    "Exchange (KVP) service records there",
		    in->kvp.has_params ? "Guest\\Parameters holds no host OS version values" :
		    "no Guest\\Parameters key (KVP never ran)");
		return;
	}
	add_check(wu, CHECK_KVP_PRESENT, 1, h->source[0]);

	/* 3. Host major, then 4. minor, against the package for this guest that fits best. */
	if (hmaj < 0 || hmin < 0) {
		/* Recorded but not a plain decimal number: what Windows Update makes of it is unknown. */
		add_check(wu, hmaj < 0 ? CHECK_HOST_MAJOR : CHECK_HOST_MINOR, 0, "unreadable");
		wu->offered = -1;
		str_setf(&wu->reason, "unknown: the host %s version is missing or not a plain "
		    "decimal number", hmaj < 0 ? "major" : "minor");
		return;
	}
	/* The sources are silent on this host and guest: neither yes nor no. */
	if (why != NULL && package_for(hmaj, hmin, os->nt_major, os->nt_minor) == NULL) {
		wu->offered = -1;
		str_setf(&wu->reason, "unknown: %s", why);
		return;
	}
	for (i = 0; (p = cat_package(i)) != NULL; i++)
		if (p->guest_major == os->nt_major && p->guest_minor == os->nt_minor && p->host_major == hmaj &&
		    (pick->host_major != hmaj || p->host_minor == hmin))
			pick = p;
	/* The value used is said; when a name is stored twice, which one (the first). */
	snprintf(v, sizeof v, "%d%s", hmaj, h->nsource > 0 && h->stored[0] > 1 && h->assumed_major < 0 ?
	    " (the first of those stored)" : "");
	add_check(wu, CHECK_HOST_MAJOR, pick->host_major == hmaj, v);
	if (pick->host_major == hmaj) {
		snprintf(v, sizeof v, "%d%s", hmin, h->nsource > 1 && h->stored[1] > 1 && h->assumed_major < 0 ?
		    " (the first of those stored)" : "");
		add_check(wu, CHECK_HOST_MINOR, pick->host_minor == hmin, v);
	}
	if (pick->host_major != hmaj || pick->host_minor != hmin) {
		const struct cat_host *hr = cat_host(hmaj, hmin), *need = cat_host(pick->host_major, pick->host_minor);
		str_setf(&wu->reason, "host is NT %d.%d%s%s%s, not %d.%d (%s): the IC packages for "
		    "NT %d.%d guests are %s", hmaj, hmin, hr ? " (" : "", hr ? hr->name : "", hr ? ")" : "",
		    pick->host_major, pick->host_minor, need ? need->name : "?", os->nt_major, os->nt_minor, list);
		return;
	}
	/* 5. Already as new as what the package installs? (Only a real version compares.) */
	if (in->ic.installed != NULL && cat_ic_check(in->ic.installed, NULL, NULL) != CAT_IC_KNOWN &&
	    cat_ic_check(in->ic.installed, NULL, NULL) != CAT_IC_NEWER) {
		add_check(wu, CHECK_IC_VERSION, 0, "not a version");
		wu->offered = -1;
		str_setf(&wu->reason, "unknown: IntegrationServicesVersion \"%s\" is not a "
		    "version of any IC release, so whether %s would install is unknown", in->ic.installed, pick->kb);
		return;
	}
	if (in->ic.installed != NULL && cat_vercmp(in->ic.installed, pick->installs) >= 0) {
		add_check(wu, CHECK_IC_VERSION, 0, in->ic.installed);
		str_setf(&wu->reason, "ICs %s are already at least %s, what %s installs: not offered",
		    in->ic.installed, pick->installs, pick->kb);
		return;
	}
	add_check(wu, CHECK_IC_VERSION, 1, in->ic.installed ? in->ic.installed : "not recorded");
	wu->offered = 1;
	wu->package = pick->kb;
	wu->installs = pick->installs;
	str_setf(&wu->reason, "NT %d.%d guest on an NT %d.%d (%s) host: %s installs ICs %s (%s)",
	    os->nt_major, os->nt_minor, hmaj, hmin, cat_host(hmaj, hmin)->name, pick->kb, pick->installs, pick->source);
}

/* --- spoof indicators --------------------------------------------------- */

static int
add(struct install *in, const char *rule, enum strength severity, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
add(struct install *in, const char *rule, enum strength severity, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	if ((f = realloc(in->spoof, (in->nspoof + 1) * sizeof *f)) == NULL)
		return -1;
	in->spoof = f;
	f = &in->spoof[in->nspoof];
	memset(f, 0, sizeof *f);
	snprintf(f->rule, sizeof f->rule, "%s", rule);
	f->severity = severity;
	va_start(ap, fmt);
	f->detail = str_vprintf(fmt, ap);
	va_end(ap);
	if (f->detail == NULL)
		return -1;
	in->nspoof++;
	return 0;
}

static int
check_type(struct install *in, const struct regval *v)
{
	char tb[16];

	if (v == NULL)
		return 0;
	if (v->type != REG_SZ)
		return add(in, "not-reg-sz", STRENGTH_STRONG, "%s is %s; the KVP service writes only REG_SZ strings [1]",
		    v->name, regval_type_name(v->type, tb));
	if (!kvp_value_number(v, &(int){0}))
		return add(in, "non-decimal", STRENGTH_STRONG, "%s is \"%s\", not a plain decimal number", v->name,
		    v->str ? v->str : "");
	return 0;
}

static int
is_guid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

static const char *
str_of(const struct regval *v)
{
	return v && v->kind == RV_STRING ? v->str : NULL;
}

/* A value's data, for an indicator's detail: owned, at its length (NULL: no memory). */
static char *
show(const struct regval *v)
{
	if (v->kind == RV_STRING)
		return str_printf("\"%s\"", v->str);
	if (v->kind == RV_INT)
		return str_printf("%llu", (unsigned long long)v->num);
	return str_printf("%zu bytes", v->kind == RV_MULTI ? v->nmulti : v->nbin);
}

/* How many of a name's copies a duplicate's detail quotes (the count says them all). */
#define DUP_SHOWN 8

/*
 * A name stored twice in one key (any case): the registry API cannot make
 * that, only an edited hive file.  Every lookup, Windows' and ours, walks
 * the value list in stored order and finds the first: that one counts.
 */
static int
duplicates(struct install *in, const char *key, const struct regval *v, size_t n)
{
	size_t i, j, times, *next = regvals_next_same(v, n);
	char *list, *one;
	int rc = 0;

	if (next == NULL)
		return n > 0 ? -1 : 0;
	for (i = 0; rc == 0 && i < n; i++) {
		if ((v[i].flags & RVF_DUPLICATE) || next[i] == (size_t)-1)
			continue;
		list = show(&v[i]);
		for (times = 1, j = next[i]; j != (size_t)-1 && list != NULL; j = next[j], times++) {
			if (times == DUP_SHOWN) {
				rc = str_setf(&list, "%s, ...", list);
			} else if (times < DUP_SHOWN) {
				if ((one = show(&v[j])) == NULL || str_setf(&list, "%s, %s", list, one) != 0)
					rc = -1;
				free(one);
			}
			if (rc != 0)
				break;
		}
		if (list == NULL || rc != 0) {
			free(list);
			rc = -1;
			break;
		}
		rc = add(in, "duplicate-value", STRENGTH_STRONG, "%s\\%s is stored %zu times (%s): only an edited hive file "
		    "holds one name twice; the first counts, as every lookup finds it", key, v[i].name, times, list);
		free(list);
	}
	free(next);
	return rc;
}

/* Strings the KVP service never writes so: cut by a NUL with data after it, odd length, lone surrogates. */
static int
malformed(struct install *in, const char *key, const struct regval *v, size_t n)
{
	const char *an[8];
	size_t i, na;

	for (i = 0; i < n; i++) {
		if (v[i].kind == RV_BINARY || !(v[i].flags & RVF_DATA_FLAGS))
			continue;
		na = regval_anomalies(&v[i], an, 8);
		if ((v[i].flags & RVF_UTF8) && (v[i].flags & RVF_DATA_FLAGS) == RVF_AFTER_NUL) {
			/* a Linux pool: the daemon leaves an older, longer value's tail after the NUL */
			if (add(in, "leftover-bytes", STRENGTH_WEAK, "%s: %s: bytes left after its NUL (%zu bytes up to "
			    "the last): an older, longer value, which the KVP daemon does not clear", key, v[i].name,
			    v[i].nbin) != 0)
				return -1;
			continue;
		}
		if (add(in, "malformed-string", STRENGTH_STRONG, "%s\\%s: %s%s%s (%zu bytes stored): the KVP service "
		    "writes plain strings", key, v[i].name, an[0], na > 1 ? ", " : "", na > 1 ? an[1] : "",
		    v[i].nbin) != 0)
			return -1;
	}
	return 0;
}

/* Auto\IntegrationServicesVersion: the version of the guest's own IC binaries, four numbers. */
static int
ic_value(struct install *in)
{
	const struct regval *v = regval_find(in->kvp.autov, in->kvp.nauto, "IntegrationServicesVersion");
	char newest[48], tb[16];
	int hv;

	if (v == NULL)
		return 0;
	if (v->type != REG_SZ)
		return add(in, "not-reg-sz", STRENGTH_STRONG, "IntegrationServicesVersion is %s; the KVP service writes "
		    "only REG_SZ strings [1]", regval_type_name(v->type, tb));
	switch (cat_ic_check(v->str, newest, &hv)) {
	case CAT_IC_MALFORMED:
		return add(in, "ic-version-malformed", STRENGTH_STRONG, "IntegrationServicesVersion \"%s\" is not four "
		    "decimal numbers, as a file version is", v->str);
	case CAT_IC_NO_LINE:
		return hv ? add(in, "unknown-ic-version", STRENGTH_WEAK, "IntegrationServicesVersion %s: no IC release known has "
		    "this build", v->str) : add(in, "impossible-ic-version", STRENGTH_STRONG, "IntegrationServicesVersion %s: no "
		    "Hyper-V version has that number (ICs are 6.0-6.3 or 10.0)", v->str);
	case CAT_IC_NEWER:
		return add(in, "ic-newer-than-known", STRENGTH_WEAK, "IntegrationServicesVersion %s is newer than any IC release "
		    "known (the newest: %s)", v->str, newest);
	}
	return 0;
}

int
verdict_spoof(struct install *in)
{
	const struct kvp_facts *k = &in->kvp;
	const struct host_facts *h = &in->host;
	const struct regval *hmaj, *hmin, *pmaj, *pmin;
	const char *fq = str_of(param(in, "PhysicalHostNameFullyQualified")), *sh = str_of(param(in, "PhysicalHostName"));
	int a1 = -1, b1 = -1, a2 = -1, b2 = -1;
	long arch = param_num(in, "HostingSystemProcessorArchitecture");
	size_t i, missing = 0;
	char miss[200] = "";

	hmaj = param(in, KVP_HOSTING_MAJOR);
	hmin = param(in, KVP_HOSTING_MINOR);
	pmaj = param(in, KVP_POST_MAJOR);
	pmin = param(in, KVP_POST_MINOR);
	if (check_type(in, hmaj) || check_type(in, hmin) || check_type(in, pmaj) || check_type(in, pmin))
		return -1;
	if ((pmaj || pmin) && !hmaj && !hmin &&
	    add(in, "post-spelling-only", STRENGTH_STRONG, "only HostSystemOSMajor/HostSystemOSMinor exist: the spelling "
	    "of Microsoft's 2014 post [3], which no observed host writes (real hosts write "
	    "HostingSystemOsMajor/HostingSystemOsMinor [10]-[15])") != 0)
		return -1;
	if ((hmaj || hmin) && (pmaj || pmin)) {
		kvp_value_number(hmaj, &a1);
		kvp_value_number(hmin, &b1);
		kvp_value_number(pmaj, &a2);
		kvp_value_number(pmin, &b2);
		if ((a1 != a2 || b1 != b2) && add(in, "spellings-disagree", STRENGTH_STRONG, "HostingSystemOs* say %d.%d but "
		    "HostSystemOS* say %d.%d: one pair was written by hand", a1, b1, a2, b2) != 0)
			return -1;
	}
	if (h->major >= 0 && h->minor >= 0 && cat_host(h->major, h->minor) == NULL &&
	    add(in, "impossible-version", STRENGTH_STRONG, "host NT %d.%d is no Hyper-V host version (6.0-6.4, 10.0)",
	    h->major, h->minor) != 0)
		return -1;
	if (h->major == 6 && h->minor == 4 && k->params_filetime > TP_END_FILETIME &&
	    add(in, "tp-after-preview", STRENGTH_WEAK, "host 6.4 recorded after January 2015, when Technical Preview "
	    "hosts had become 10.0 (build 9926 [42])") != 0)
		return -1;
	/* Real hosts write the host-name values with the version [1], [10], [12]. */
	if (h->nsource > 0) {
		for (i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
			if (param(in, legacy[i]) == NULL) {
				size_t l = strlen(miss);
				snprintf(miss + l, sizeof miss - l, "%s%s", missing++ ? ", " : "", legacy[i]);
			}
		if (missing && add(in, "incomplete-host-values", STRENGTH_WEAK, "host version present without %s, which "
		    "a host writes with it", miss) != 0)
			return -1;
	}
	if (param(in, "HostingSystemEditionId") != NULL && h->edition == NULL &&
	    add(in, "unknown-edition", STRENGTH_WEAK, "HostingSystemEditionId %ld is no known PRODUCT_* code [18]",
	    h->edition_id) != 0)
		return -1;
	if (arch >= 0 && arch != 9 && arch != 12 &&
	    add(in, "host-arch", STRENGTH_STRONG, "host processor architecture %ld: Hyper-V hosts are x64 or ARM64", arch) != 0)
		return -1;
	if (h->processor_arch && in->os.arch && ((arch == 9 && strcmp(in->os.arch, "arm64") == 0) ||
	    (arch == 12 && strcmp(in->os.arch, "x64") == 0)) &&
	    add(in, "arch-mismatch", STRENGTH_WEAK, "an %s guest on an %s host", in->os.arch, h->processor_arch) != 0)
		return -1;
	if (fq && sh && strncasecmp(fq, sh, strlen(sh)) != 0 &&
	    add(in, "fqdn-mismatch", STRENGTH_WEAK, "PhysicalHostNameFullyQualified \"%s\" does not start with "
	    "PhysicalHostName \"%s\" [10]", fq, sh) != 0)
		return -1;
	if (param(in, "VirtualMachineId") && !is_guid(str_of(param(in, "VirtualMachineId"))) &&
	    add(in, "vmid-not-guid", STRENGTH_WEAK, "VirtualMachineId is not a GUID [10]") != 0)
		return -1;
	if (duplicates(in, "Guest\\Parameters", k->params, k->nparams) != 0 ||
	    duplicates(in, "Auto", k->autov, k->nauto) != 0 ||
	    malformed(in, "Guest\\Parameters", k->params, k->nparams) != 0 ||
	    malformed(in, "Auto", k->autov, k->nauto) != 0 || ic_value(in) != 0)
		return -1;
	for (i = 0; i < in->nservices; i++) {
		const struct service *s = &in->services[i];
		if (strcmp(s->name, "vmickvpexchange") == 0 && s->start == 4 && s->filetime && k->params_filetime > s->filetime &&
		    add(in, "kvp-disabled-newer", STRENGTH_WEAK, "the Data Exchange service is disabled, yet Guest\\Parameters "
		    "was written after the service was last changed") != 0)
			return -1;
	}
	return 0;
}

int
verdict_all(struct install *in, int amaj, int amin)
{
	int hmaj = amaj >= 0 ? amaj : in->host.major, hmin = amaj >= 0 ? amin : in->host.minor;

	in->host.assumed_major = amaj >= 0 ? amaj : -1;
	in->host.assumed_minor = amaj >= 0 ? amin : -1;
	verdict_host(in);
	verdict_ic(in, hmaj, hmin);
	verdict_windows_update(in, hmaj, hmin);
	if (amaj >= 0 && in->host.nsource == 0 && in->wu.nchecks >= 2 && !in->wu.checks[1].passed) {
		/* Assuming a host also assumes KVP will record it there: go on past kvp-present. */
		struct host_facts save = in->host;
		in->host.nsource = 1;
		in->host.source[0] = "--assume-host";
		verdict_windows_update(in, hmaj, hmin);
		in->host = save;
	}
	return verdict_spoof(in);
}
