/* SPDX-License-Identifier: MIT */
/*
 * verdict.c: the seed scenario of Windows Update applicability.
 *
 * Source: Microsoft's Virtualization blog, 24 Nov 2014, "Integration
 * components: how we determine Windows Update applicability" (kvp-ic-facts
 * [3], [41]).  KB3004908 (Nov 2014 ICs) was offered to Windows 7 / Server
 * 2008 R2 (NT 6.1) and Windows 8 / Server 2012 (NT 6.2) guests running on a
 * Windows Technical Preview host (NT 6.4).  Windows Update "checks the OS
 * version, the HostSystemOSMajor, then the HostSystemOSMinor"; "if KVP has
 * never been enabled, these keys will not exist ... the integration
 * components will not be offered".  We make the checks in that order and the
 * first that fails is the reason.
 *
 * Spoof indicators (kvp-ic-facts §6): "these registry keys are all modifiable
 * and thus easy to spoof".  Checked here: the two spellings disagree; only the
 * post's spelling exists (no real host writes it); a host value is not REG_SZ
 * (KVP is strings only); a REG_SZ host value is not plain decimal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvp.h"
#include "verdict.h"

#define SEED_PACKAGE "KB3004908"

static struct check *
add_check(struct wu_verdict *wu, const char *name, int passed, const char *fmt, const char *s)
{
	struct check *c = &wu->checks[wu->nchecks++];

	c->check = name;
	c->passed = passed;
	snprintf(c->value, sizeof c->value, fmt, s);
	return c;
}

/* One part of the host version: 1 passed, else 0 with the check and reason written. */
static int
host_check(struct wu_verdict *wu, const struct host_facts *h, const char *check, const char *part,
    int got, int want)
{
	char v[16];

	if (got < 0) {
		add_check(wu, check, 0, "%s", "unreadable");
		snprintf(wu->reason, sizeof wu->reason, "host %s version missing or not a number", part);
		return 0;
	}
	snprintf(v, sizeof v, "%d", got);
	add_check(wu, check, got == want, "%s", v);
	if (got != want) {
		if (h->minor >= 0)
			snprintf(wu->reason, sizeof wu->reason,
			    "host is NT %d.%d, not 6.4 (Windows Technical Preview)", h->major, h->minor);
		else
			snprintf(wu->reason, sizeof wu->reason,
			    "host major version is %d, not 6 (Windows Technical Preview is 6.4)", h->major);
		return 0;
	}
	return 1;
}

void
verdict_windows_update(struct install *in)
{
	struct wu_verdict *wu = &in->wu;
	const struct os_facts *os = &in->os;
	const struct host_facts *h = &in->host;
	char v[48];

	memset(wu, 0, sizeof *wu);
	wu->offered = 0;
	wu->package = NULL;

	/* 1. The guest OS: NT 6.1 or 6.2. */
	if (os->nt_major < 0) {
		add_check(wu, "guest-os", 0, "%s", "unknown");
		snprintf(wu->reason, sizeof wu->reason,
		    "guest Windows version unknown (no CurrentVersion in SOFTWARE)");
		return;
	}
	snprintf(v, sizeof v, "%d.%d", os->nt_major, os->nt_minor);
	if (!(os->nt_major == 6 && (os->nt_minor == 1 || os->nt_minor == 2))) {
		add_check(wu, "guest-os", 0, "%s", v);
		snprintf(wu->reason, sizeof wu->reason,
		    "guest is NT %s; %s was offered only to NT 6.1 and 6.2 guests "
		    "(Windows 7 / Server 2008 R2, Windows 8 / Server 2012)", v, SEED_PACKAGE);
		return;
	}
	add_check(wu, "guest-os", 1, "%s", v);

	/* 2. KVP's host values exist. */
	if (h->nsource == 0) {
		add_check(wu, "kvp-present", 0, "%s", in->kvp.has_params ? "no host values" : "absent");
		snprintf(wu->reason, sizeof wu->reason, "%s; Windows Update needs the host version "
		    "that the Data Exchange (KVP) service records there",
		    in->kvp.has_params ? "Guest\\Parameters holds no host OS version values" :
		    "no Guest\\Parameters key (KVP never ran)");
		return;
	}
	add_check(wu, "kvp-present", 1, "%s", h->source[0]);

	/* 3. Host major, then 4. host minor: 6.4 is Windows Technical Preview. */
	if (!host_check(wu, h, "host-major", "major", h->major, 6) ||
	    !host_check(wu, h, "host-minor", "minor", h->minor, 4))
		return;
	wu->offered = 1;
	wu->package = SEED_PACKAGE;
	snprintf(wu->reason, sizeof wu->reason,
	    "NT %d.%d guest on an NT 6.4 (Windows Technical Preview) host",
	    os->nt_major, os->nt_minor);
}

static int
add(struct install *in, const char *rule, const char *detail)
{
	struct finding *f;

	if ((f = realloc(in->spoof, (in->nspoof + 1) * sizeof *f)) == NULL)
		return -1;
	in->spoof = f;
	f = &in->spoof[in->nspoof++];
	snprintf(f->rule, sizeof f->rule, "%s", rule);
	snprintf(f->detail, sizeof f->detail, "%s", detail);
	return 0;
}

static int
check_type(struct install *in, const struct regval *v)
{
	char d[320], tb[16];

	if (v == NULL)
		return 0;
	if (v->type != REG_SZ) {
		snprintf(d, sizeof d, "%s is %s; the KVP service writes only REG_SZ strings", v->name,
		    regval_type_name(v->type, tb));
		return add(in, "not-reg-sz", d);
	}
	if (!kvp_value_number(v, &(int){0})) {
		snprintf(d, sizeof d, "%s is \"%.200s\", not a plain decimal number", v->name,
		    v->str ? v->str : "");
		return add(in, "non-decimal", d);
	}
	return 0;
}

int
verdict_spoof(struct install *in)
{
	const struct kvp_facts *k = &in->kvp;
	const struct regval *hmaj, *hmin, *pmaj, *pmin;
	int a1 = -1, b1 = -1, a2 = -1, b2 = -1;
	char d[320];

	hmaj = regval_find(k->params, k->nparams, KVP_HOSTING_MAJOR);
	hmin = regval_find(k->params, k->nparams, KVP_HOSTING_MINOR);
	pmaj = regval_find(k->params, k->nparams, KVP_POST_MAJOR);
	pmin = regval_find(k->params, k->nparams, KVP_POST_MINOR);
	if (check_type(in, hmaj) || check_type(in, hmin) || check_type(in, pmaj) ||
	    check_type(in, pmin))
		return -1;
	if ((pmaj || pmin) && !hmaj && !hmin &&
	    add(in, "post-spelling-only", "only HostSystemOSMajor/HostSystemOSMinor exist: the "
	    "spelling of Microsoft's 2014 post, which no observed host writes "
	    "(real hosts write HostingSystemOsMajor/HostingSystemOsMinor)") != 0)
		return -1;
	if ((hmaj || hmin) && (pmaj || pmin)) {
		kvp_value_number(hmaj, &a1);
		kvp_value_number(hmin, &b1);
		kvp_value_number(pmaj, &a2);
		kvp_value_number(pmin, &b2);
		if (a1 != a2 || b1 != b2) {
			snprintf(d, sizeof d, "HostingSystemOs* say %d.%d but HostSystemOS* say %d.%d: "
			    "one pair was written by hand", a1, b1, a2, b2);
			if (add(in, "spellings-disagree", d) != 0)
				return -1;
		}
	}
	return 0;
}
