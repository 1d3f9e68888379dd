/* SPDX-License-Identifier: MIT */
/*
 * out_csv.c: one row per Windows installation (an image without one still
 * gets a row), RFC 4180 quoting.  The columns are a stable contract,
 * documented in README.md; add new ones only at the end.
 */
#include <string.h>

#include "out.h"

static const char *const columns[] = {
	"path", "error", "format", "disk_type", "virtual_size", "partition", "os_name", "os_nt", "os_build",
	"arch", "kvp_state", "host_nt", "host_name", "ic_installed", "ic_status", "wu_offered", "wu_package",
	"wu_reason", "spoof_rules", "warnings", "gates_failed",
};

/* A field, quoted when it holds a comma, a quote or a line break. */
static void
field(FILE *f, int first, const char *s)
{
	if (!first)
		fputc(',', f);
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
num(FILE *f, long long v)
{
	fputc(',', f);
	if (v >= 0)
		fprintf(f, "%lld", v);
}

void
out_csv_header(FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof columns / sizeof columns[0]; i++)
		field(f, i == 0, columns[i]);
	fputc('\n', f);
}

static void
row(FILE *f, const struct image_report *r, const struct install *in)
{
	char nt[16], rules[512] = "", warn[1024] = "", gates[512] = "";
	size_t i, n;

	field(f, 1, r->path);
	field(f, 0, r->error);
	field(f, 0, r->have_image ? r->image.format : NULL);
	field(f, 0, r->have_image ? r->image.disk_type : NULL);
	num(f, r->have_image ? (long long)r->image.virtual_size : -1);
	num(f, in ? (long long)in->partition : -1);
	field(f, 0, in ? (in->os.name ? in->os.name : in->os.product_name) : NULL);
	snprintf(nt, sizeof nt, "%d.%d", in ? in->os.nt_major : 0, in ? in->os.nt_minor : 0);
	field(f, 0, in && in->os.nt_major >= 0 ? nt : NULL);
	num(f, in ? in->os.build : -1);
	field(f, 0, in ? in->os.arch : NULL);
	field(f, 0, in ? in->kvp.state : NULL);
	snprintf(nt, sizeof nt, "%d.%d", in ? in->host.major : 0, in ? in->host.minor : 0);
	field(f, 0, in && in->host.major >= 0 && in->host.minor >= 0 ? nt : NULL);
	field(f, 0, in ? in->host.name : NULL);
	field(f, 0, in ? in->ic.installed : NULL);
	field(f, 0, in ? in->ic.status : NULL);
	field(f, 0, in ? (in->wu.offered > 0 ? "true" : in->wu.offered == 0 ? "false" : "unknown") : NULL);
	field(f, 0, in ? in->wu.package : NULL);
	field(f, 0, in ? in->wu.reason : NULL);
	for (i = 0; in && i < in->nspoof; i++) {
		n = strlen(rules);
		snprintf(rules + n, sizeof rules - n, "%s%s", i ? ";" : "", in->spoof[i].rule);
	}
	field(f, 0, rules);
	for (i = 0; i < r->nwarnings + (in ? in->nwarnings : 0); i++) {
		const char *w = i < r->nwarnings ? r->warnings[i] : in->warnings[i - r->nwarnings];
		n = strlen(warn);
		snprintf(warn + n, sizeof warn - n, "%s%s", i ? " | " : "", w);
	}
	field(f, 0, warn);
	for (i = 0; i < r->ngates; i++) {
		if (r->gates[i].passed)
			continue;
		n = strlen(gates);
		snprintf(gates + n, sizeof gates - n, "%s%s", n ? ";" : "", r->gates[i].rule);
	}
	field(f, 0, gates);
	fputc('\n', f);
}

void
out_csv(FILE *f, const struct image_report *r)
{
	size_t i;

	if (r->ninst == 0)
		row(f, r, NULL);
	for (i = 0; i < r->ninst; i++)
		row(f, r, &r->inst[i]);
	fflush(f);
}
