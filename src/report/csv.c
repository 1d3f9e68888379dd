/* SPDX-License-Identifier: MIT */
/*
 * csv.c: one row per Windows installation (an image without one still
 * gets a row), RFC 4180 quoting.  Every cell goes through csv_cell (safe.h):
 * escaped like text output (so no cell spans lines), and neutralised for
 * spreadsheets (a leading ' before = + - @ TAB or CR).  The columns are a
 * stable contract, documented in docs/output.md; add new ones only at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "base/strv.h"
#include "facts/history.h"
#include "report/out.h"
#include "base/safe.h"
#include "base/sbuf.h"

static const char *const columns[] = {
	"path", "error", "format", "disk_type", "virtual_size", "partition", "os_name", "os_nt", "os_build",
	"arch", "kvp_state", "host_nt", "host_os_name", "ic_installed", "ic_status", "wu_offered", "wu_package",
	"wu_reason", "spoof_rules", "warnings", "gates_failed", "kvp_host_name", "kvp_vm_name", "subformat",
	"cross_check_agreed", "cross_check_disagreed", "cross_check_not_checked",
	/* 2026-12: what an audit sheet needs beside them (docs/output.md) */
	"vm_id", "computer_name", "kvp_last_written", "partition_scheme", "vm_generation", "sector_size",
	"os_edition", "os_ubr", "assumed_host",
	/* 2026-12: Linux guests (docs/output.md) */
	"os_family", "host_build", "kernel", "kernels_installed",
	/* 2026-12: BitLocker volumes (docs/output.md) */
	"encrypted_volumes",
};

/*
 * One more column per --key, "key:PATH" as asked, in the order asked: the
 * run's command line says which (every record of a run has the same),
 * read from the first record's run.
 */
static char **keycols;
static size_t nkeycols;

static void
keycols_of(const struct run_info *ri)
{
	size_t i;

	strv_free(keycols, nkeycols);
	keycols = NULL;
	nkeycols = 0;
	for (i = 1; ri != NULL && i < ri->ncommand; i++) {
		const char *a = ri->command[i], *k = NULL;
		if (strcmp(a, "--") == 0)
			break;
		if ((strcmp(a, "-k") == 0 || strcmp(a, "--key") == 0) && i + 1 < ri->ncommand)
			k = ri->command[++i];
		else if (strncmp(a, "--key=", 6) == 0)
			k = a + 6;
		else if (strncmp(a, "-k", 2) == 0 && a[2] != '\0')
			k = a + 2;
		if (k != NULL && strv_addf(&keycols, &nkeycols, "%s", k) != 0)
			return;
	}
}

/*
 * What a row holds of --key k: its values, "NAME=DATA" joined by " | " (text's
 * forms), written into one growing buffer (a key of many values costs its
 * length, not its length squared); owned or NULL.
 */
static char *
key_cell(const struct keydump *d)
{
	struct sbuf m = SBUF_MEM;
	size_t i, k;

	if (d == NULL || (!d->found && d->error == NULL))
		return NULL;
	if (d->error != NULL)
		return str_printf("error: %s", d->error);
	for (i = 0; i < d->nvalues; i++) {
		const struct regval *v = &d->values[i];
		sb_printf(&m, "%s%s=", i ? " | " : "", v->name[0] ? v->name : "(default)");
		switch (v->kind) {
		case RV_STRING: sb_puts(&m, v->str ? v->str : ""); break;
		case RV_INT: sb_printf(&m, "%llu", (unsigned long long)v->num); break;
		case RV_MULTI:
			for (k = 0; k < v->nmulti; k++)
				sb_printf(&m, "%s%s", k ? ";" : "", v->multi[k]);
			break;
		default:
			for (k = 0; k < v->nbin && k < 64; k++)
				sb_printf(&m, "%02x", v->bin[k]);
		}
	}
	return sb_take(&m, NULL);
}

static void
field(FILE *f, int first, const char *s)
{
	char *c;

	if (!first)
		fputc(',', f);
	if (s == NULL)
		return;
	if ((c = csv_cell(s)) != NULL) {
		fputs(c, f);
		free(c);
	}
}

/* The kernels dpkg has installed, one cell, separated by blanks; empty when not read. */
static void
kernels_cell(FILE *f, const struct install *in)
{
	struct sbuf m = SBUF_MEM;
	size_t i;
	char *c;

	if (in == NULL || in->os.packages == NULL || strcmp(in->os.packages, "dpkg") != 0) {
		field(f, 0, NULL);
		return;
	}
	for (i = 0; i < in->os.nkernels; i++)
		sb_printf(&m, "%s%s", i ? " " : "", in->os.kernels[i]);
	c = sb_take(&m, NULL);
	field(f, 0, c != NULL ? c : "");
	free(c);
}

/* The image's BitLocker volumes, one cell: "2:locked 3:suspended" (partition:state); empty when none. */
static void
encrypted_cell(FILE *f, const struct image_report *r)
{
	struct sbuf m = SBUF_MEM;
	size_t i, n = 0;
	char *c;

	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].enc != NULL)
			sb_printf(&m, "%s%u:%s", n++ ? " " : "", r->parts[i].idx, r->parts[i].enc->state);
	c = sb_take(&m, NULL);
	field(f, 0, n > 0 && c != NULL ? c : NULL);
	free(c);
}

static void
num(FILE *f, long long v)
{
	fputc(',', f);
	if (v >= 0)
		fprintf(f, "%lld", v);
}

void
out_csv_header(FILE *f, const struct image_report *first)
{
	size_t i;

	keycols_of(first != NULL ? first->run : NULL);
	for (i = 0; i < sizeof columns / sizeof columns[0]; i++)
		field(f, i == 0, columns[i]);
	for (i = 0; i < nkeycols; i++) {
		char *h = str_printf("key:%s", keycols[i]);
		field(f, 0, h ? h : "key:");
		free(h);
	}
	fputc('\n', f);
}

static const char *
param_str(const struct install *in, const char *name)
{
	const struct regval *v = regval_find(in->kvp.params, in->kvp.nparams, name);

	return v != NULL && v->kind == RV_STRING ? v->str : NULL;
}

/* Joined with sep; owned ("" when n is 0), or NULL. */
static char *
join(char *const *v, size_t n, char *const *w, size_t nw, const char *sep)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < n + nw; i++)
		len += strlen(i < n ? v[i] : w[i - n]) + strlen(sep);
	if ((s = malloc(len)) == NULL)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n + nw; i++) {
		if (i)
			strcat(s, sep);
		strcat(s, i < n ? v[i] : w[i - n]);
	}
	return s;
}

static void
row(FILE *f, const struct image_report *r, const struct install *in)
{
	char nt[16], bld[48], when[32], rules[512] = "", gates[512] = "", *warn;
	const char *s;
	uint32_t failed = r->gates_failed | (in ? in->gates_failed : 0);
	size_t i, n;
	int xc_ok;

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
	field(f, 0, in ? kvp_state_name(in->kvp.state) : NULL);
	snprintf(nt, sizeof nt, "%d.%d", in ? in->host.major : 0, in ? in->host.minor : 0);
	field(f, 0, in && in->host.major >= 0 && in->host.minor >= 0 ? nt : NULL);
	field(f, 0, in ? in->host.name : NULL);
	field(f, 0, in ? in->ic.installed : NULL);
	field(f, 0, in ? ic_status_name(in->ic.status) : NULL);
	field(f, 0, in ? (in->wu.offered > 0 ? "true" : in->wu.offered == 0 ? "false" : "unknown") : NULL);
	field(f, 0, in ? in->wu.package : NULL);
	field(f, 0, in ? in->wu.reason : NULL);
	for (i = 0; in && i < in->nspoof; i++) {
		size_t k;
		for (k = 0; k < i && strcmp(in->spoof[k].rule, in->spoof[i].rule) != 0; k++)
			;
		if (k < i)
			continue; /* each rule once: the JSON has every finding */
		n = strlen(rules);
		snprintf(rules + n, sizeof rules - n, "%s%s", n ? ";" : "", in->spoof[i].rule);
	}
	field(f, 0, rules);
	warn = join(r->warn.text, r->warn.n, in ? in->warn.text : NULL, in ? in->warn.n : 0, " | ");
	field(f, 0, warn ? warn : "");
	free(warn);
	/* The rules this installation (or the image as a whole) failed. */
	for (i = 0; i < r->ngates; i++) {
		if (!(failed & (1u << i)))
			continue;
		n = strlen(gates);
		snprintf(gates + n, sizeof gates - n, "%s%s", n ? ";" : "", r->gates[i].rule);
	}
	field(f, 0, gates);
	if (in && ((s = param_str(in, "PhysicalHostNameFullyQualified")) != NULL ||
	    (s = param_str(in, "PhysicalHostName")) != NULL))
		field(f, 0, s);
	else
		field(f, 0, in ? param_str(in, "HostName") : NULL);
	field(f, 0, in ? param_str(in, "VirtualMachineName") : NULL);
	field(f, 0, r->have_image ? r->image.subformat : NULL);
	/* --cross-check: empty without it, or when it could not be done (warnings say why) */
	xc_ok = in != NULL && in->xc.ran && in->xc.error == NULL;
	num(f, xc_ok ? (long long)in->xc.agreed : -1);
	num(f, xc_ok ? (long long)in->xc.ndisagreed : -1);
	num(f, xc_ok ? (long long)in->xc.nnot_checked : -1);
	field(f, 0, in ? param_str(in, "VirtualMachineId") : NULL);
	field(f, 0, in ? in->os.computer_name : NULL);
	filetime_iso(in && in->kvp.has_params ? in->kvp.params_filetime : 0, when);
	field(f, 0, when[0] ? when : NULL);
	field(f, 0, r->scheme == SCHEME_GPT ? "gpt" : r->scheme == SCHEME_MBR ? "mbr" : r->scheme == SCHEME_NONE ? "none" : NULL);
	/* Hyper-V boots a generation 2 VM from GPT (UEFI) only, a generation 1 VM from MBR (BIOS) only */
	field(f, 0, r->scheme == SCHEME_GPT ? "2" : r->scheme == SCHEME_MBR ? "1" : NULL);
	num(f, r->have_image ? (long long)r->image.sector_size : -1);
	field(f, 0, in ? in->os.edition : NULL);
	num(f, in ? (long long)in->os.ubr : -1);
	snprintf(nt, sizeof nt, "%d.%d", in ? in->host.assumed_major : 0, in ? in->host.assumed_minor : 0);
	field(f, 0, in && in->host.assumed_major >= 0 ? nt : NULL);
	field(f, 0, in ? in->os.family : NULL);
	if (in != NULL && in->host.build.found)
		snprintf(bld, sizeof bld, "%u.%u.%u.%u", in->host.build.major, in->host.build.minor, in->host.build.build,
		    in->host.build.number);
	field(f, 0, in != NULL && in->host.build.found ? bld : NULL);
	field(f, 0, in != NULL && in->os.kernel[0] ? in->os.kernel : NULL);
	kernels_cell(f, in);
	encrypted_cell(f, r);
	for (i = 0; i < nkeycols; i++) {
		const struct keydump *d = NULL;
		char *c;
		size_t k;
		for (k = 0; in != NULL && k < in->nkeys && d == NULL; k++)
			if (in->keys[k].request != NULL && strcmp(in->keys[k].request, keycols[i]) == 0)
				d = &in->keys[k];
		c = key_cell(d);
		field(f, 0, c);
		free(c);
	}
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

/* --- -o csv --history: one row per observation of the host ------------------ */

static const char *const hcolumns[] = {
	"path", "error", "partition", "source", "where", "as_of", "as_of_basis", "evidence", "host_name",
	"physical_name", "host_nt", "edition_id", "vm_name", "vm_id", "first_seen", "merged",
	/* 2026-12: a Linux guest's boots (docs/history.md) */
	"host_build", "guest_kernel",
};

static void
iso(FILE *f, uint64_t ft)
{
	char b[32];

	filetime_iso(ft, b);
	field(f, 0, b[0] ? b : NULL);
}

static void
hrow(FILE *f, const struct image_report *r, const struct install *in, const struct host_obs *o)
{
	char nt[16];

	field(f, 1, r->path);
	field(f, 0, r->error);
	num(f, in ? (long long)in->partition : -1);
	field(f, 0, o ? hist_source_name(o->source) : NULL);
	field(f, 0, o ? o->where : NULL);
	iso(f, o ? o->as_of : 0);
	field(f, 0, o ? o->as_of_basis : NULL);
	field(f, 0, o ? strength_name(o->evidence) : NULL);
	field(f, 0, o ? o->name : NULL);
	field(f, 0, o ? o->physical_name : NULL);
	snprintf(nt, sizeof nt, "%d.%d", o ? o->nt_major : 0, o ? o->nt_minor : 0);
	field(f, 0, o && o->nt_major >= 0 ? nt : NULL);
	num(f, o ? o->edition_id : -1);
	field(f, 0, o ? o->vm_name : NULL);
	field(f, 0, o ? o->vm_id : NULL);
	iso(f, o ? o->first_seen : 0);
	num(f, o ? (long long)o->nmerged : -1);
	field(f, 0, o ? o->build : NULL);
	field(f, 0, o ? o->kernel : NULL);
	fputc('\n', f);
}

static void
hcsv_begin(FILE *f, const struct image_report *first)
{
	size_t i;

	(void)first;
	for (i = 0; i < sizeof hcolumns / sizeof hcolumns[0]; i++)
		field(f, i == 0, hcolumns[i]);
	fputc('\n', f);
}

/* Every observation of every installation; an image with none still gets one row. */
static int
hcsv_record(FILE *f, const struct image_report *r, int asked)
{
	size_t i, k, rows = 0;

	(void)asked;
	for (i = 0; i < r->ninst; i++)
		for (k = 0; k < r->inst[i].hist.nobs; k++, rows++)
			hrow(f, r, &r->inst[i], &r->inst[i].hist.obs[k]);
	if (rows == 0)
		hrow(f, r, NULL, NULL);
	fflush(f);
	return 0;
}

const struct emitter emit_csv_history = {"csv", hcsv_begin, NULL, hcsv_record, NULL, 0};

static void csv_begin(FILE *f, const struct image_report *first) { out_csv_header(f, first); }
static int csv_record(FILE *f, const struct image_report *r, int asked) { (void)asked; out_csv(f, r); return 0; }

const struct emitter emit_csv = {"csv", csv_begin, NULL, csv_record, NULL, 0};
