/* SPDX-License-Identifier: MIT */
/* report.c: ownership helpers for the report model. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "report/report.h"

void
install_init(struct install *in)
{
	memset(in, 0, sizeof *in);
	in->os.nt_major = in->os.nt_minor = -1;
	in->os.build = in->os.ubr = -1;
	in->kvp.state = "unknown";
	in->kvp.service_start = -1;
	in->host.major = in->host.minor = -1;
	in->host.edition_id = in->host.nested_level = -1;
	in->host.assumed_major = in->host.assumed_minor = -1;
	in->ic.status = "unknown";
	snprintf(in->ic.reason, sizeof in->ic.reason, "not judged");
	in->wu.offered = -1;
	snprintf(in->wu.reason, sizeof in->wu.reason, "unknown: not judged");
}

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
keydumps_free(struct keydump *d, size_t n)
{
	size_t i;

	for (i = 0; d != NULL && i < n; i++)
		keydump_free(&d[i]);
	free(d);
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
	regvals_free(in->kvp.params, in->kvp.nparams);
	regvals_free(in->kvp.autov, in->kvp.nauto);
	strv_free(in->kvp.external, in->kvp.nexternal);
	free(in->spoof);
	strv_free(in->warnings, in->nwarnings);
	keydumps_free(in->keys, in->nkeys);
	memset(in, 0, sizeof *in);
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
	part_table_free(&r->parts);
	strv_free(r->warnings, r->nwarnings);
	keydumps_free(r->keys, r->nkeys);
	image_info_free(&r->image);
	free(r->gates);
	memset(r, 0, sizeof *r);
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

const struct regval *
regval_find(const struct regval *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}
