/* SPDX-License-Identifier: MIT */
/* report.c: the report model's ownership, and the batch summary's counts. */
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
report_free(struct image_report *r)
{
	size_t i;

	for (i = 0; i < r->ninst; i++)
		install_free(&r->inst[i]);
	free(r->inst);
	free(r->error);
	free(r->trace);
	free(r->parts);
	strv_free(r->warnings, r->nwarnings);
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
