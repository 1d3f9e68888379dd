/* SPDX-License-Identifier: MIT */
/* facts.c: an installation's ownership: every fact unknown to begin with, all freed at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/names.h"
#include "base/strv.h"
#include "facts/facts.h"

static const char *const kvp_states[KVP_NSTATES] = {"unknown", "active", "disabled", "never-ran"};
static const char *const ic_statuses[IC_NSTATUSES] = {"unknown", "current", "outdated", "newer-than-host", "in-box"};
static const char *const wu_checks[CHECK_NKINDS] = {"guest-os", "kvp-present", "host-major", "host-minor", "ic-version"};
static const char *const strengths[STRENGTH_N] = {"strong", "weak"};

const char *kvp_state_name(enum kvp_state s) { return name_of(kvp_states, KVP_NSTATES, (int)s); }
const char *ic_status_name(enum ic_status s) { return name_of(ic_statuses, IC_NSTATUSES, (int)s); }
const char *wu_check_name(enum wu_check c) { return name_of(wu_checks, CHECK_NKINDS, (int)c); }
const char *strength_name(enum strength s) { return name_of(strengths, STRENGTH_N, (int)s); }

#define NAMED(fn, type, table, n) \
	int fn(const char *word, type *out) \
	{ \
		int v = value_of(table, n, word); \
		if (v < 0) \
			return -1; \
		*out = (type)v; \
		return 0; \
	}
NAMED(kvp_state_named, enum kvp_state, kvp_states, KVP_NSTATES)
NAMED(ic_status_named, enum ic_status, ic_statuses, IC_NSTATUSES)
NAMED(wu_check_named, enum wu_check, wu_checks, CHECK_NKINDS)
NAMED(strength_named, enum strength, strengths, STRENGTH_N)

void
install_init(struct install *in)
{
	memset(in, 0, sizeof *in);
	in->os.nt_major = in->os.nt_minor = -1;
	in->os.build = in->os.ubr = -1;
	in->kvp.state = KVP_UNKNOWN;
	in->kvp.service_start = -1;
	in->host.major = in->host.minor = -1;
	in->host.edition_id = in->host.nested_level = -1;
	in->host.assumed_major = in->host.assumed_minor = -1;
	in->ic.status = IC_UNKNOWN;
	in->ic.reason = str_printf("not judged");
	in->wu.offered = -1;
	in->wu.reason = str_printf("unknown: not judged");
}

void
keydumps_free(struct keydump *d, size_t n)
{
	size_t i;

	for (i = 0; d != NULL && i < n; i++)
		keydump_free(&d[i]);
	free(d);
}

static void
xfacts_free(struct xfact *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].fact);
		free(v[i].ours);
		free(v[i].libyal);
		free(v[i].why);
	}
	free(v);
}

void
cross_check_free(struct cross_check *xc)
{
	xfacts_free(xc->disagreed, xc->ndisagreed);
	xfacts_free(xc->explained, xc->nexplained);
	xfacts_free(xc->not_checked, xc->nnot_checked);
	free(xc->error);
	memset(xc, 0, sizeof *xc);
}

void
host_obs_free(struct host_obs *o)
{
	size_t i;

	free(o->where);
	free(o->name);
	free(o->physical_name);
	free(o->vm_name);
	free(o->vm_id);
	free(o->build);
	free(o->kernel);
	for (i = 0; i < o->nmerged; i++)
		free(o->merged[i].where);
	free(o->merged);
}

void
history_free(struct history *h)
{
	size_t i;

	for (i = 0; i < h->nobs; i++)
		host_obs_free(&h->obs[i]);
	free(h->obs);
	for (i = 0; i < h->nseen; i++) {
		free(h->seen[i].name);
		free(h->seen[i].build);
	}
	free(h->seen);
	strv_free(h->notes, h->nnotes);
	memset(h, 0, sizeof *h);
}

void
install_free(struct install *in)
{
	struct os_facts *os = &in->os;

	free(os->product_name);
	free(os->edition);
	free(os->installation_type);
	free(os->arch);
	free(os->current_version);
	free(os->computer_name);
	strv_free(os->kernels, os->nkernels);
	regvals_free(in->kvp.params, in->kvp.nparams);
	regvals_free(in->kvp.autov, in->kvp.nauto);
	strv_free(in->kvp.external, in->kvp.nexternal);
	for (size_t i = 0; i < in->nspoof; i++)
		free(in->spoof[i].detail);
	free(in->spoof);
	free(in->ic.reason);
	free(in->wu.reason);
	warnings_free(&in->warn);
	keydumps_free(in->keys, in->nkeys);
	cross_check_free(&in->xc);
	history_free(&in->hist);
	memset(in, 0, sizeof *in);
}
