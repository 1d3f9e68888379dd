/* SPDX-License-Identifier: MIT */
/* gate.c: --require; see gate.h.  Pure: a report in, pass/fail with a reason out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strv.h"
#include "cli/gate.h"

_Static_assert(GATE_MAX <= REPORT_MAX_GATES, "a record holds at most REPORT_MAX_GATES gate results");

enum { G_KVP, G_HOST_GE, G_HOST_EQ, G_OFFERED, G_NOT_OFFERED, G_IC_CURRENT, G_NO_SPOOF, G_CLEAN, G_XCHECK, G_READABLE };

int
gate_parse(const char *s, struct gate *g, struct err *e)
{
	static const struct { const char *name; int kind; } simple[] = {
		{"kvp", G_KVP}, {"offered", G_OFFERED}, {"not-offered", G_NOT_OFFERED},
		{"ic-current", G_IC_CURRENT}, {"no-spoof", G_NO_SPOOF}, {"clean", G_CLEAN},
		{"cross-check", G_XCHECK}, {"readable", G_READABLE},
	};
	char tail;
	size_t i;

	memset(g, 0, sizeof *g);
	snprintf(g->text, sizeof g->text, "%s", s);
	for (i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(s, simple[i].name) == 0) {
			g->kind = simple[i].kind;
			g->needs_cross_check = g->kind == G_XCHECK;
			return 0;
		}
	if (sscanf(s, "host>=%d.%d%c", &g->major, &g->minor, &tail) == 2)
		g->kind = G_HOST_GE;
	else if (sscanf(s, "host=%d.%d%c", &g->major, &g->minor, &tail) == 2)
		g->kind = G_HOST_EQ;
	else
		return err_set(e, ERR_USAGE, "unknown --require rule \"%s\" (kvp, host>=X.Y, host=X.Y, offered, "
		    "not-offered, ic-current, no-spoof, clean, cross-check, readable)", s);
	if (g->major < 0 || g->major > 99 || g->minor < 0 || g->minor > 99)
		return err_set(e, ERR_USAGE, "--require %s: version out of range", s);
	return 0;
}

/* One installation: 1 passes, else 0 with *why (owned, at its length; NULL on no memory). */
static int
check(const struct gate *g, const struct install *in, char **why)
{
	const struct host_facts *h = &in->host;

	switch (g->kind) {
	case G_KVP:
		str_setf(why, "KVP is %s", kvp_state_name(in->kvp.state));
		return in->kvp.state == KVP_ACTIVE;
	case G_HOST_GE:
	case G_HOST_EQ:
		if (h->major < 0 || h->minor < 0) {
			str_setf(why, "host version not recorded");
			return 0;
		}
		str_setf(why, "host is NT %d.%d", h->major, h->minor);
		if (g->kind == G_HOST_EQ)
			return h->major == g->major && h->minor == g->minor;
		return h->major > g->major || (h->major == g->major && h->minor >= g->minor);
	case G_OFFERED:
	case G_NOT_OFFERED:
		str_setf(why, "%s", in->wu.reason);
		if (in->wu.offered < 0)
			return 0; /* unknown fails both: a gate wants an answer */
		return g->kind == G_OFFERED ? in->wu.offered == 1 : in->wu.offered == 0;
	case G_IC_CURRENT:
		str_setf(why, "ICs %s: %s", ic_status_name(in->ic.status), in->ic.reason);
		return in->ic.status == IC_CURRENT || in->ic.status == IC_IN_BOX;
	case G_NO_SPOOF:
		if (in->nspoof == 0)
			return 1;
		str_setf(why, "%zu spoof indicator%s, first %s (%s): %s", in->nspoof, in->nspoof == 1 ? "" : "s",
		    in->spoof[0].rule, strength_name(in->spoof[0].severity), in->spoof[0].detail);
		return 0;
	case G_CLEAN:
		if (in->warn.n == 0)
			return 1;
		str_setf(why, "%s", in->warn.text[0]);
		return 0;
	case G_XCHECK: {
		const struct cross_check *xc = &in->xc;
		if (!xc->ran || xc->error != NULL)
			str_setf(why, "cross-check not done%s%s", xc->error ? ": " : "", xc->error ? xc->error : "");
		else if (xc->ndisagreed > 0)
			str_setf(why, "%zu fact%s, first %s: ours %s, libyal %s", xc->ndisagreed,
			    xc->ndisagreed == 1 ? " disagrees" : "s disagree", xc->disagreed[0].fact,
			    xc->disagreed[0].ours ? xc->disagreed[0].ours : "(absent)",
			    xc->disagreed[0].libyal ? xc->disagreed[0].libyal : "(absent)");
		else if (xc->nnot_checked > 0)
			str_setf(why, "%zu fact%s not checked, first %s: %s", xc->nnot_checked,
			    xc->nnot_checked == 1 ? "" : "s", xc->not_checked[0].fact,
			    xc->not_checked[0].why ? xc->not_checked[0].why : "");
		else
			return 1;
		return 0;
	}
	}
	return 0;
}

/*
 * -R readable: every volume was read: none left locked (an encrypted one
 * without a key that fits, or whose metadata could not be read), and the
 * image was read without an error.  1, else 0 with *why.
 */
static int
readable(const struct image_report *r, char **why)
{
	size_t i;

	for (i = 0; i < r->nparts; i++) {
		const struct rep_encryption *x = r->parts[i].enc;
		if (x != NULL && strcmp(x->state, "unlocked") != 0 && strcmp(x->state, "decrypted") != 0) {
			str_setf(why, "partition %u: BitLocker volume %s%s%s", r->parts[i].idx, x->state,
			    x->reason ? ": " : "", x->reason ? x->reason : "");
			return 0;
		}
	}
	if (r->error != NULL) {
		str_setf(why, "%s", r->error);
		return 0;
	}
	return 1;
}

int
gate_eval(const struct gate *g, size_t n, struct image_report *r)
{
	size_t i, k;
	int failed = 0;

	for (i = 0; i < n; i++) {
		struct gate_result *res, *v;
		char *why = NULL;
		int pass = 1;

		if ((v = realloc(r->gates, (r->ngates + 1) * sizeof *v)) == NULL)
			return -1;
		r->gates = v;
		res = &r->gates[r->ngates++];
		memset(res, 0, sizeof *res);
		res->rule = g[i].text;
		if (g[i].kind == G_READABLE) { /* the image's volumes, not its installations */
			pass = readable(r, &why);
			if (!pass)
				r->gates_failed |= 1u << i;
		} else if (r->ninst == 0 && g[i].kind != G_NOT_OFFERED && g[i].kind != G_NO_SPOOF && g[i].kind != G_CLEAN) {
			pass = 0;
			r->gates_failed |= 1u << i;
			str_setf(&why, "no Windows installation found");
		}
		/* Every installation is judged (CSV names each one that failed); why: the first. */
		for (k = 0; k < r->ninst && g[i].kind != G_READABLE; k++) {
			char *w = NULL;
			if (!check(&g[i], &r->inst[k], &w)) {
				if (pass)
					str_setf(&why, "partition %u: %s", r->inst[k].partition, w ? w : "");
				pass = 0;
				r->inst[k].gates_failed |= 1u << i;
			}
			free(w);
		}
		if (g[i].kind == G_CLEAN && r->warn.n > 0) {
			if (pass)
				str_setf(&why, "%s", r->warn.text[0]);
			pass = 0;
			r->gates_failed |= 1u << i;
		}
		res->passed = pass;
		res->why = why;
		failed += !pass;
	}
	return failed;
}
