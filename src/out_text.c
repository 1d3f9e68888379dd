/* SPDX-License-Identifier: MIT */
/*
 * out_text.c: the report for people.  Per image one header line; per
 * Windows installation the Windows Update verdict first, then aligned
 * facts, warnings last.  Sizes in binary units, times in UTC.
 */
#include <string.h>

#include "out.h"

static const char *
human(uint64_t n, char buf[32])
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

static void
when(uint64_t ft, char out[40])
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

static const char *
param_str(const struct kvp_facts *k, const char *name)
{
	const struct regval *v = regval_find(k->params, k->nparams, name);

	return v != NULL && v->kind == RV_STRING ? v->str : NULL;
}

#define ROW(f, label) fprintf(f, "    %-16s ", label)

static void
value_text(FILE *f, const struct regval *v)
{
	char tb[16];
	size_t i;

	fprintf(f, "      %-32s %-14s ", v->name[0] ? v->name : "(default)", regval_type_name(v->type, tb));
	switch (v->kind) {
	case RV_STRING: fprintf(f, "%s", v->str); break;
	case RV_INT: fprintf(f, "%llu (0x%llx)", (unsigned long long)v->num, (unsigned long long)v->num); break;
	case RV_MULTI:
		for (i = 0; i < v->nmulti; i++)
			fprintf(f, "%s\"%s\"", i ? ", " : "", v->multi[i]);
		break;
	default:
		for (i = 0; i < v->nbin && i < 64; i++)
			fprintf(f, "%02x", v->bin[i]);
		if (v->nbin > 64)
			fprintf(f, "... (%zu bytes)", v->nbin);
	}
	fputc('\n', f);
}

static void
keys_text(FILE *f, const struct keydump *d, size_t n, const char *indent)
{
	char w[40];
	size_t i, k;

	for (i = 0; i < n; i++) {
		fprintf(f, "%s%s\n", indent, d[i].request[0] ? d[i].request : "(root key)");
		if (d[i].error) {
			fprintf(f, "%s  error: %s\n", indent, d[i].error);
			continue;
		}
		if (!d[i].found) {
			fprintf(f, "%s  not present\n", indent);
			continue;
		}
		when(d[i].filetime, w);
		fprintf(f, "%s  last written %s; %zu value%s, %zu subkey%s\n", indent, w, d[i].nvalues,
		    d[i].nvalues == 1 ? "" : "s", d[i].nsubkeys, d[i].nsubkeys == 1 ? "" : "s");
		for (k = 0; k < d[i].nvalues; k++)
			value_text(f, &d[i].values[k]);
		for (k = 0; k < d[i].nsubkeys; k++)
			fprintf(f, "%s    %s\\\n", indent, d[i].subkeys[k]);
	}
}

static void
install_text(FILE *f, const struct install *in)
{
	const struct os_facts *os = &in->os;
	const struct kvp_facts *k = &in->kvp;
	const struct regval *icv;
	const char *s;
	size_t i;

	fprintf(f, "  partition %u: %s\n", in->partition,
	    os->product_name ? os->product_name : "Windows (product name unknown)");
	if (in->host.assumed_major >= 0)
		fprintf(f, "    (verdicts assume host NT %d.%d: --assume-host)\n", in->host.assumed_major,
		    in->host.assumed_minor);
	ROW(f, "Windows Update");
	if (in->wu.offered > 0)
		fprintf(f, "OFFERED %s: %s\n", in->wu.package, in->wu.reason);
	else if (in->wu.offered < 0)
		fprintf(f, "%s\n", in->wu.reason);
	else
		fprintf(f, "not offered: %s\n", in->wu.reason);
	ROW(f, "ICs");
	fprintf(f, "%s: %s\n", in->ic.status, in->ic.reason);

	ROW(f, "Guest OS");
	if (os->nt_major >= 0)
		fprintf(f, "NT %d.%d", os->nt_major, os->nt_minor);
	else
		fprintf(f, "NT version unknown");
	if (os->build >= 0)
		fprintf(f, ", build %ld", os->build);
	if (os->ubr >= 0)
		fprintf(f, ".%ld", os->ubr);
	if (os->arch)
		fprintf(f, ", %s", os->arch);
	if (os->edition)
		fprintf(f, ", %s", os->edition);
	if (os->installation_type)
		fprintf(f, " (%s)", os->installation_type);
	fputc('\n', f);

	ROW(f, "KVP");
	fprintf(f, "%s", k->state);
	if (k->service_start >= 0)
		fprintf(f, " (vmickvpexchange Start=%ld)", k->service_start);
	fputc('\n', f);

	ROW(f, "Host version");
	if (in->host.nsource == 0)
		fprintf(f, "not recorded\n");
	else {
		if (in->host.major >= 0 && in->host.minor >= 0)
			fprintf(f, "NT %d.%d%s%s%s", in->host.major, in->host.minor, in->host.name ? " (" : "",
			    in->host.name ? in->host.name : "", in->host.name ? ")" : "");
		else
			fprintf(f, "unreadable");
		if (in->host.edition)
			fprintf(f, ", %s", in->host.edition);
		fprintf(f, " (from ");
		for (i = 0; i < in->host.nsource; i++)
			fprintf(f, "%s%s", i ? ", " : "", in->host.source[i]);
		fprintf(f, ")\n");
	}
	if ((s = param_str(k, "PhysicalHostNameFullyQualified")) != NULL ||
	    (s = param_str(k, "PhysicalHostName")) != NULL || (s = param_str(k, "HostName")) != NULL) {
		ROW(f, "Host name");
		fprintf(f, "%s\n", s);
	}
	if ((s = param_str(k, "VirtualMachineName")) != NULL) {
		ROW(f, "VM name");
		fprintf(f, "%s\n", s);
	}
	if (k->has_params) {
		char w[40];
		when(k->params_filetime, w);
		ROW(f, "Guest\\Parameters");
		fprintf(f, "%zu value%s, last written %s\n", k->nparams, k->nparams == 1 ? "" : "s", w);
	}
	(void)icv;
	if (in->nservices) {
		const char *sep = "";
		ROW(f, "IC services");
		for (i = 0; i < in->nservices; i++) {
			if (in->services[i].start < 0)
				continue;
			fprintf(f, "%s%s=%ld", sep, in->services[i].name, in->services[i].start);
			sep = " ";
		}
		fprintf(f, "%s\n", *sep ? " (Start: 2 auto, 3 manual, 4 disabled)" : "none installed");
	}
	ROW(f, "Spoof indicators");
	if (in->nspoof == 0)
		fprintf(f, "none\n");
	for (i = 0; i < in->nspoof; i++)
		fprintf(f, "%s%s (%s): %s\n", i ? "                     " : "", in->spoof[i].rule,
		    in->spoof[i].severity, in->spoof[i].detail);
	keys_text(f, in->keys, in->nkeys, "    ");
	for (i = 0; i < in->nwarnings; i++)
		fprintf(f, "    warning: %s\n", in->warnings[i]);
}

static void
image_text(FILE *f, const struct image_report *r)
{
	char a[32], b[32];
	size_t i;

	fprintf(f, "%s", r->path);
	if (r->is_hive) {
		fprintf(f, ": registry hive%s\n", r->hive.rp.dirty ? " (dirty)" : "");
		keys_text(f, r->keys, r->nkeys, "  ");
		if (r->error)
			fprintf(f, "  error: %s\n", r->error);
		for (i = 0; i < r->nwarnings; i++)
			fprintf(f, "  warning: %s\n", r->warnings[i]);
		return;
	}
	if (r->have_image) {
		fprintf(f, ": %s", r->image.format);
		if (r->image.disk_type)
			fprintf(f, " %s", r->image.disk_type);
		fprintf(f, ", %s", human(r->image.virtual_size, a));
		if (r->image.sector_size)
			fprintf(f, ", %u-byte sectors", r->image.sector_size);
		if (r->parts.scheme)
			fprintf(f, ", %s", strcmp(r->parts.scheme, "none") == 0 ? "no partition table" :
			    r->parts.scheme);
	}
	fputc('\n', f);
	for (i = 1; i < r->image.nchain; i++)
		fprintf(f, "  %s %s: %s (%s)\n", i == 1 ? "parent" : "  then", r->image.chain[i].path,
		    r->image.chain[i].format, r->image.chain[i].disk_type ? r->image.chain[i].disk_type : "?");
	for (i = 0; i < r->ninst; i++)
		install_text(f, &r->inst[i]);
	if (r->ninst == 0 && r->error == NULL)
		fprintf(f, "  no Windows installation found\n");
	if (r->parts.n > 0) {
		fprintf(f, "  partitions:\n");
		for (i = 0; i < r->parts.n; i++) {
			const struct part *p = &r->parts.v[i];
			const char *tn = part_type_name(p);
			fprintf(f, "    %-3u %-4s %-10s %10s at %-10s %s\n", p->idx, p->scheme,
			    p->fs ? p->fs : "-", human(p->nbytes, a), human(p->first_byte, b),
			    tn ? tn : p->type);
		}
	}
	if (r->error)
		fprintf(f, "  error: %s\n", r->error);
	for (i = 0; i < r->nwarnings; i++)
		fprintf(f, "  warning: %s\n", r->warnings[i]);
	for (i = 0; i < r->ngates; i++)
		fprintf(f, "  require %-14s %s%s%s\n", r->gates[i].rule, r->gates[i].passed ? "passed" : "FAILED",
		    r->gates[i].passed ? "" : ": ", r->gates[i].passed ? "" : r->gates[i].why);
}

void
out_text(FILE *f, const struct image_report *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', f);
		image_text(f, &r[i]);
	}
}
