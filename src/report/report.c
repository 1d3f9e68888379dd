/* SPDX-License-Identifier: MIT */
/* report.c: the report model's ownership, the batch summary's counts, and what the emitters share (sizes, times, host names). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "report/report.h"

struct install *
report_add_install(struct image_report *r)
{
	struct install *v;

	if ((v = realloc(r->inst, (r->ninst + 1) * sizeof *v)) == NULL)
		return NULL;
	r->inst = v;
	install_init(&v[r->ninst]);
	return &v[r->ninst++];
}

void
rep_encryption_free(struct rep_encryption *x)
{
	if (x == NULL)
		return;
	free(x->description);
	free(x->reason);
	free(x);
}

void
report_free(struct image_report *r)
{
	size_t i;

	for (i = 0; i < r->ninst; i++)
		install_free(&r->inst[i]);
	free(r->inst);
	free(r->error);
	free(r->trace);
	for (i = 0; i < r->nparts; i++)
		rep_encryption_free(r->parts[i].enc);
	free(r->parts);
	warnings_free(&r->warn);
	keydumps_free(r->keys, r->nkeys);
	cross_check_free(&r->xc);
	disk_desc_free(&r->image);
	for (i = 0; r->gates != NULL && i < r->ngates; i++)
		free(r->gates[i].why);
	free(r->gates);
	run_info_free(r->run_owned);
	free(r->run_owned);
	strv_free(r->arena, r->narena);
	memset(r, 0, sizeof *r);
}

void
run_info_free(struct run_info *ri)
{
	if (ri == NULL)
		return;
	free(ri->tool);
	free(ri->started);
	strv_free(ri->libraries, ri->nlibraries);
	strv_free(ri->command, ri->ncommand);
	memset(ri, 0, sizeof *ri);
}

char *
run_describe(const struct run_info *ri, int with_libraries)
{
	char *s = NULL;
	size_t i;

	if (str_setf(&s, "%s", with_libraries ? ri->tool : "run started") != 0)
		goto fail;
	for (i = 0; with_libraries && i < ri->nlibraries; i++)
		if (str_setf(&s, "%s%s%s", s, i ? ", " : " (", ri->libraries[i]) != 0)
			goto fail;
	if (with_libraries)
		return ri->nlibraries > 0 && str_setf(&s, "%s)", s) != 0 ? (free(s), NULL) : s;
	if (str_setf(&s, "%s %s:", s, ri->started ? ri->started : "(time not known)") != 0)
		goto fail;
	for (i = 0; i < ri->ncommand; i++) {
		const char *a = ri->command[i];
		int quote = a[0] == '\0' || strpbrk(a, " \t'\"\\$`*?[]{}()<>|&;#~") != NULL;
		if (str_setf(&s, "%s %s%s%s", s, quote ? "'" : "", a, quote ? "'" : "") != 0)
			goto fail;
	}
	return s;
fail:
	free(s);
	return NULL;
}

void
summary_add(struct summary *s, const struct image_report *r, int code)
{
	size_t i;

	s->images++;
	s->errors += code == 3;
	for (i = 0; i < r->ninst; i++) {
		const struct install *in = &r->inst[i];
		s->inst++;
		s->kvp[(unsigned)in->kvp.state < KVP_NSTATES ? in->kvp.state : KVP_UNKNOWN]++;
		if (in->wu.offered > 0)
			s->wu_offered++;
		else if (in->wu.offered == 0)
			s->wu_not++;
		else
			s->wu_unknown++;
	}
}

#define FILETIME_UNIX_EPOCH 116444736000000000ULL /* 1970-01-01 in FILETIME units */

void
filetime_iso(uint64_t ft, char buf[32])
{
	struct tm tm;
	time_t t;

	buf[0] = '\0';
	if (ft < FILETIME_UNIX_EPOCH)
		return; /* 0 means "never"; earlier dates are not plausible for a registry key */
	t = (time_t)((ft - FILETIME_UNIX_EPOCH) / 10000000ULL);
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year > 8099)
		return;
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *
report_human(uint64_t n, char buf[32])
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	double v = (double)n;
	int u = 0;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, 32, "%llu B", (unsigned long long)n);
	else
		snprintf(buf, 32, "%.1f %s", v, unit[u]);
	return buf;
}

void
report_when(uint64_t ft, char out[40])
{
	char iso[32];

	filetime_iso(ft, iso);
	if (iso[0] == '\0') {
		strcpy(out, "unknown");
		return;
	}
	/* 2014-11-20T10:22:31Z -> 2014-11-20 10:22:31 UTC */
	iso[10] = ' ';
	iso[19] = '\0';
	snprintf(out, 40, "%s UTC", iso);
}

/*
 * One host's two names, as far as names tell: equal in any case, or one a
 * short name that is the other's first DNS label (tphost, tphost.lab.example).
 */
int
one_host_name(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return 0;
	if (strcasecmp(a, b) == 0)
		return 1;
	la = strcspn(a, ".");
	lb = strcspn(b, ".");
	return (a[la] == '\0') != (b[lb] == '\0') && la == lb && strncasecmp(a, b, la) == 0;
}

/* Is the host named name one of the names an observation of evidence ev gives (its host or physical name)? */
static int
named_by(const struct history *h, const char *name, enum strength ev)
{
	size_t i;

	for (i = 0; i < h->nobs; i++)
		if (h->obs[i].evidence == ev &&
		    (one_host_name(name, h->obs[i].name) || one_host_name(name, h->obs[i].physical_name)))
			return 1;
	return 0;
}

/*
 * The summary's counts: hosts seen strongly, and hosts seen only in free
 * cells (weak), each host once: the names one observation gives together,
 * and names that are one host's (one_host_name), are one host; a host seen
 * both ways counts as strong only.
 */
void
history_counts(const struct history *h, size_t *strong, size_t *weak)
{
	size_t i, k;

	*strong = *weak = 0;
	for (i = 0; i < h->nseen; i++) {
		const struct host_seen *s = &h->seen[i];
		int again = 0;
		for (k = 0; k < i && !again; k++)
			if (h->seen[k].evidence == s->evidence && one_host_name(h->seen[k].name, s->name))
				again = 1; /* one host, counted at its first entry */
		if (again)
			continue;
		if (s->evidence == STRENGTH_STRONG)
			(*strong)++;
		else if (!named_by(h, s->name, STRENGTH_STRONG))
			(*weak)++;
	}
}
