/* SPDX-License-Identifier: MIT */
/*
 * text.c: the report for people.  Per image one header line; per
 * Windows installation the Windows Update verdict first, then aligned
 * facts, warnings last.  Sizes in binary units, times in UTC.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/catalogue.h"
#include "facts/history.h"
#include "report/out.h"
#include "base/safe.h"

/*
 * Every line goes through pr(): formatted, then escaped whole by the one
 * rule of safe.h, so no string from the image (a value, a name, a reason
 * quoting one, a file name) can put a control character on the terminal
 * or start a line of its own.  Only the newlines written here end lines.
 */
static void pr(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
pr(FILE *f, const char *fmt, ...)
{
	char small[512], *big = NULL, *t = small, *esc;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof small) {
		if ((big = malloc((size_t)n + 1)) == NULL)
			return;
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		t = big;
	}
	if (safe_is_clean(t, 0)) {
		fputs(t, f);
	} else if ((esc = safe_dup(t, 0)) != NULL) {
		fputs(esc, f);
		free(esc);
	}
	free(big);
}

static void nl(FILE *f) { fputc('\n', f); }

static const char *
param_str(const struct kvp_facts *k, const char *name)
{
	const struct regval *v = regval_find(k->params, k->nparams, name);

	return v != NULL && v->kind == RV_STRING ? v->str : NULL;
}

#define ROW(f, label) pr(f, "    %-16s ", label)

static void
hex(FILE *f, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		pr(f, "%02x", b[i]);
	if (n > 64)
		pr(f, "... (%zu bytes)", n);
}

/*
 * s as it is shown (escaped), then spaces to width columns: counted in
 * characters of the escaped text, so a name holding escapes or non-ASCII
 * letters lines up with the others.
 */
static void
padded(FILE *f, const char *s, size_t width)
{
	char *e = safe_dup(s, 0);
	size_t cols = 0;
	const char *p;

	if (e == NULL)
		return;
	for (p = e; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	pr(f, "%s%*s", e, cols < width ? (int)(width - cols) : 0, "");
	free(e);
}

/* One value: name, type, data; then what did not decode cleanly, with the stored bytes. */
static void
value_text(FILE *f, const struct regval *v, const char *indent)
{
	const char *an[8];
	char tb[16];
	size_t i, na;

	pr(f, "%s", indent);
	padded(f, v->name[0] ? v->name : "(default)", 32);
	pr(f, " %-14s ", regval_type_of(v, tb));
	switch (v->kind) {
	case RV_STRING: pr(f, "%s", v->str); break;
	case RV_INT: pr(f, "%llu (0x%llx)", (unsigned long long)v->num, (unsigned long long)v->num); break;
	case RV_MULTI:
		for (i = 0; i < v->nmulti; i++)
			pr(f, "%s\"%s\"", i ? ", " : "", v->multi[i]);
		break;
	default:
		hex(f, v->bin, v->nbin);
	}
	if ((na = regval_anomalies(v, an, 8)) > 0) {
		pr(f, "  [");
		for (i = 0; i < na; i++)
			pr(f, "%s%s", i ? ", " : "", an[i]);
		if (v->kind != RV_BINARY && (v->flags & RVF_DATA_FLAGS)) {
			pr(f, "; stored: ");
			hex(f, v->bin, v->nbin);
		}
		pr(f, "]");
	}
	nl(f);
}

/* "12 values" or "13 values, 1 stored under a repeated name". */
static void
count_values(FILE *f, const struct regval *v, size_t n)
{
	size_t i, dup = 0;

	for (i = 0; i < n; i++)
		dup += (v[i].flags & RVF_DUPLICATE) != 0;
	pr(f, "%zu value%s", n, n == 1 ? "" : "s");
	if (dup)
		pr(f, " (%zu under a name stored twice)", dup);
}

static void
keys_text(FILE *f, const struct keydump *d, size_t n, const char *indent)
{
	char w[40], in2[16];
	size_t i, k;

	snprintf(in2, sizeof in2, "%s    ", indent);
	for (i = 0; i < n; i++) {
		pr(f, "%s%s", indent, d[i].request[0] ? d[i].request : "(root key)");
		nl(f);
		if (d[i].error) {
			pr(f, "%s  error: %s", indent, d[i].error);
			nl(f);
			continue;
		}
		if (!d[i].found) {
			pr(f, "%s  not present", indent);
			nl(f);
			continue;
		}
		report_when(d[i].filetime, w);
		pr(f, "%s  last written %s; ", indent, w);
		count_values(f, d[i].values, d[i].nvalues);
		pr(f, ", %zu subkey%s", d[i].nsubkeys, d[i].nsubkeys == 1 ? "" : "s");
		nl(f);
		for (k = 0; k < d[i].nvalues; k++)
			value_text(f, &d[i].values[k], in2);
		for (k = 0; k < d[i].nsubkeys; k++) {
			pr(f, "%s    %s\\", indent, d[i].subkeys[k]);
			nl(f);
		}
	}
}

/* --cross-check: one line, then each disagreement, explanation and fact not checked. */
static void
xcheck_text(FILE *f, const struct cross_check *xc, const char *indent)
{
	const char *pad = "                     ";
	size_t i;

	if (!xc->ran)
		return;
	pr(f, "%s%-16s ", indent, "Cross-check");
	if (xc->error != NULL) {
		pr(f, "not done: %s", xc->error);
		nl(f);
		return;
	}
	for (i = 0; i < xc->nstack; i++) {
		const char *sp = strchr(xc->stack[i], ' ');
		pr(f, "%s%.*s", i ? "+" : "", sp ? (int)(sp - xc->stack[i]) : (int)strlen(xc->stack[i]),
		    xc->stack[i]);
	}
	if (strncmp(xc->image, "ours", 4) == 0)
		pr(f, " (the disk through our reader: %s)", xc->image + (xc->image[4] == ':' ? 6 : 4));
	pr(f, " agree on %u fact%s", xc->agreed, xc->agreed == 1 ? "" : "s");
	if (xc->ndisagreed)
		pr(f, ", DISAGREE on %zu", xc->ndisagreed);
	if (xc->nexplained)
		pr(f, ", %zu differ%s as known", xc->nexplained, xc->nexplained == 1 ? "s" : "");
	if (xc->nnot_checked)
		pr(f, ", %zu not checked", xc->nnot_checked);
	nl(f);
	for (i = 0; i < xc->ndisagreed; i++) {
		pr(f, "%s%sDISAGREE %s: ours %s, libyal %s", indent, pad + 4, xc->disagreed[i].fact,
		    xc->disagreed[i].ours ? xc->disagreed[i].ours : "(absent)",
		    xc->disagreed[i].libyal ? xc->disagreed[i].libyal : "(absent)");
		nl(f);
	}
	for (i = 0; i < xc->nexplained; i++) {
		pr(f, "%s%sknown: %s: ours %s, libyal %s: %s", indent, pad + 4, xc->explained[i].fact,
		    xc->explained[i].ours ? xc->explained[i].ours : "(absent)",
		    xc->explained[i].libyal ? xc->explained[i].libyal : "(absent)", xc->explained[i].why);
		nl(f);
	}
	for (i = 0; i < xc->nnot_checked; i++) {
		pr(f, "%s%snot checked: %s: %s", indent, pad + 4, xc->not_checked[i].fact, xc->not_checked[i].why);
		nl(f);
	}
}

/* One observation's host, in words: "tphost.lab.example (TPHOST), NT 6.4, VM guest-2012". */
static void
obs_host(FILE *f, const struct host_obs *o)
{
	const char *sep = "";

	if (o->name) {
		pr(f, "%s", o->name);
		sep = ", ";
	}
	if (o->physical_name && (o->name == NULL || strcmp(o->physical_name, o->name) != 0)) {
		pr(f, "%s%s%s", o->name ? " (physical " : "physical ", o->physical_name, o->name ? ")" : "");
		sep = ", ";
	}
	if (o->nt_major >= 0) {
		pr(f, "%sNT %d.%d", sep, o->nt_major, o->nt_minor);
		sep = ", ";
	}
	if (o->vm_name) {
		pr(f, "%sVM %s", sep, o->vm_name);
		sep = ", ";
	}
	if (o->vm_id) {
		pr(f, "%sVM id %s", sep, o->vm_id);
		sep = ", ";
	}
	if (o->build) {
		const char *p = NULL;
		unsigned mj, mn, b;
		if (sscanf(o->build, "%u.%u.%u", &mj, &mn, &b) == 3)
			p = cat_product((int)mj, (int)mn, 1, (long)b);
		pr(f, "%sbuild %s%s%s%s", sep, o->build, p ? " (" : "", p ? p : "", p ? ")" : "");
		sep = ", ";
	}
	if (o->kernel)
		pr(f, "%skernel %s", sep, o->kernel);
}

/* A BitLocker volume under its partition: its state, method, identifier, time, description, protectors. */
static void
encryption_text(FILE *f, const struct rep_encryption *x)
{
	char w[40];
	size_t i;

	pr(f, "        BitLocker %s", x->state);
	if (x->method[0])
		pr(f, ", %s", x->method);
	if (x->volume_id[0])
		pr(f, ", volume %s", x->volume_id);
	if (x->created) {
		report_when(x->created, w);
		pr(f, ", created %s", w);
	}
	if (x->description)
		pr(f, ", \"%s\"", x->description);
	if (x->unlocked_with[0])
		pr(f, ", unlocked with a %s", x->unlocked_with);
	if (x->reason)
		pr(f, ": %s", x->reason);
	nl(f);
	for (i = 0; i < x->nprot; i++) {
		pr(f, "          protector %-18s %s", x->prot[i].type, x->prot[i].id);
		nl(f);
	}
}

/* --history: a short timeline, oldest first, then the notes. */
static void
history_text(FILE *f, const struct history *h)
{
	size_t i, strong, weak;
	char w[40];

	if (!h->ran)
		return;
	history_counts(h, &strong, &weak);
	ROW(f, "History");
	pr(f, "%zu host%s seen (strong evidence)", strong, strong == 1 ? "" : "s");
	if (weak)
		pr(f, ", %zu more in free hive cells only (weak)", weak);
	pr(f, "; oldest first:");
	nl(f);
	for (i = 0; i < h->nobs; i++) {
		const struct host_obs *o = &h->obs[i];
		if (o->as_of)
			report_when(o->as_of, w);
		else
			snprintf(w, sizeof w, "(undated)");
		pr(f, "      %-23s %-11s %s%s: ", w, hist_source_name(o->source), o->where ? o->where : "the live key",
		    o->evidence == STRENGTH_WEAK ? " (weak)" : "");
		obs_host(f, o);
		if (o->nmerged)
			pr(f, " (and %zu earlier identical observation%s)", o->nmerged, o->nmerged == 1 ? "" : "s");
		nl(f);
	}
	for (i = 0; i < h->nnotes; i++) {
		pr(f, "      note: %s", h->notes[i]);
		nl(f);
	}
}

static void
install_text(FILE *f, const struct install *in, const struct image_report *r)
{
	const struct os_facts *os = &in->os;
	const struct kvp_facts *k = &in->kvp;
	const char *s, *lv = NULL;
	size_t i;

	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].idx == in->partition && r->parts[i].scheme == SCHEME_LVM)
			lv = r->parts[i].name;
	pr(f, "  partition %u%s%s%s: %s", in->partition, lv ? " (LVM volume " : "", lv ? lv : "", lv ? ")" : "",
	    os->product_name ? os->product_name : "Windows (product name unknown)");
	nl(f);
	if (in->host.assumed_major >= 0) {
		pr(f, "    (verdicts assume host NT %d.%d: --assume-host)", in->host.assumed_major, in->host.assumed_minor);
		nl(f);
	}
	ROW(f, "Windows Update");
	if (in->wu.offered > 0)
		pr(f, "OFFERED %s: %s", in->wu.package ? in->wu.package : "?", in->wu.reason);
	else if (in->wu.offered < 0)
		pr(f, "%s", in->wu.reason);
	else
		pr(f, "not offered: %s", in->wu.reason);
	nl(f);
	ROW(f, "ICs");
	pr(f, "%s: %s", ic_status_name(in->ic.status), in->ic.reason);
	nl(f);

	ROW(f, "Guest OS");
	if (os->family != NULL && strcmp(os->family, "linux") == 0)
		pr(f, "Linux");
	else if (os->nt_major >= 0)
		pr(f, "NT %d.%d", os->nt_major, os->nt_minor);
	else
		pr(f, "NT version unknown");
	if (os->build >= 0)
		pr(f, ", build %ld", os->build);
	if (os->ubr >= 0)
		pr(f, ".%ld", os->ubr);
	if (os->arch)
		pr(f, ", %s", os->arch);
	if (os->edition)
		pr(f, ", %s", os->edition);
	if (os->installation_type)
		pr(f, " (%s)", os->installation_type);
	nl(f);

	ROW(f, "KVP");
	pr(f, "%s", kvp_state_name(k->state));
	if (k->service_start >= 0)
		pr(f, " (vmickvpexchange Start=%ld)", k->service_start);
	nl(f);
	if (in->os.family != NULL && strcmp(in->os.family, "linux") == 0) {
		ROW(f, "Kernel");
		if (in->os.kernel[0])
			pr(f, "%s booted (%s)", in->os.kernel, in->os.kernel_from);
		else
			pr(f, "booted: not in the logs");
		if (in->os.packages != NULL && strcmp(in->os.packages, "dpkg") == 0) {
			pr(f, "; installed (dpkg):");
			for (i = 0; i < in->os.nkernels; i++)
				pr(f, "%s %s", i ? "," : "", in->os.kernels[i]);
			if (in->os.nkernels == 0)
				pr(f, " none");
		} else if (in->os.packages != NULL) {
			pr(f, "; installed: not read (an RPM database)");
		}
		nl(f);
	}
	if (k->daemon.known) {
		ROW(f, "KVP daemon");
		if (k->daemon.package[0] == '\0' && k->daemon.binary[0] == '\0' && k->daemon.unit[0] == '\0')
			pr(f, "not installed (no package, program or unit found)");
		else
			pr(f, "%s%s%s%s%s, %s", k->daemon.package[0] ? k->daemon.package : "installed",
			    k->daemon.binary[0] ? ", " : "", k->daemon.binary, k->daemon.unit[0] ? ", " : "", k->daemon.unit,
			    k->daemon.enabled ? "starts at boot" : "not started at boot");
		nl(f);
	}

	ROW(f, "Host version");
	if (in->host.nsource == 0) {
		pr(f, "not recorded");
	} else {
		if (in->host.major >= 0 && in->host.minor >= 0)
			pr(f, "NT %d.%d%s%s%s", in->host.major, in->host.minor, in->host.name ? " (" : "",
			    in->host.name ? in->host.name : "", in->host.name ? ")" : "");
		else
			pr(f, "unreadable");
		if (in->host.edition)
			pr(f, ", %s", in->host.edition);
		pr(f, " (from ");
		for (i = 0; i < in->host.nsource; i++)
			pr(f, "%s%s%s", i ? ", " : "", in->host.source[i],
			    in->host.stored[i] > 1 ? " [the first of those stored]" : "");
		pr(f, ")");
	}
	nl(f);
	if (in->host.build.found) {
		ROW(f, "Host build");
		pr(f, "%u.%u.%u.%u%s%s%s, as the guest's kernel logged it (%s) [53]", in->host.build.major,
		    in->host.build.minor, in->host.build.build, in->host.build.number, in->host.build.product ? " (" : "",
		    in->host.build.product ? in->host.build.product : "", in->host.build.product ? ")" : "",
		    in->host.build.from);
		nl(f);
	}
	if ((s = param_str(k, "PhysicalHostNameFullyQualified")) != NULL ||
	    (s = param_str(k, "PhysicalHostName")) != NULL || (s = param_str(k, "HostName")) != NULL) {
		ROW(f, "Host name");
		pr(f, "%s", s);
		nl(f);
	}
	if ((s = param_str(k, "VirtualMachineName")) != NULL) {
		ROW(f, "VM name");
		pr(f, "%s", s);
		nl(f);
	}
	if (k->has_params) {
		char w[40];
		report_when(k->params_filetime, w);
		ROW(f, "Guest\\Parameters");
		count_values(f, k->params, k->nparams);
		pr(f, ", last written %s", w);
		nl(f);
	}
	if (in->nservices) {
		const char *sep = "";
		ROW(f, "IC services");
		for (i = 0; i < in->nservices; i++) {
			if (in->services[i].unread) {
				pr(f, "%s%s=unreadable", sep, in->services[i].name);
				sep = " ";
			}
			if (in->services[i].start < 0)
				continue;
			pr(f, "%s%s=%ld", sep, in->services[i].name, in->services[i].start);
			sep = " ";
		}
		pr(f, "%s", *sep ? " (Start: 2 auto, 3 manual, 4 disabled)" : "none installed");
		nl(f);
	}
	ROW(f, "Spoof indicators");
	if (in->nspoof == 0) {
		pr(f, "none");
		nl(f);
	}
	for (i = 0; i < in->nspoof; i++) {
		pr(f, "%s%s (%s): %s", i ? "                     " : "", in->spoof[i].rule, strength_name(in->spoof[i].severity),
		    in->spoof[i].detail);
		nl(f);
	}
	keys_text(f, in->keys, in->nkeys, "    ");
	xcheck_text(f, &in->xc, "    ");
	history_text(f, &in->hist);
	for (i = 0; i < in->warn.n; i++) {
		pr(f, "    warning: %s", in->warn.text[i]);
		nl(f);
	}
}

static void
image_text(FILE *f, const struct image_report *r)
{
	char a[32], b[32];
	size_t i;

	pr(f, "%s", r->path);
	if (r->is_hive) {
		if (r->hive_opened)
			pr(f, ": registry hive%s", r->hive.dirty ? " (dirty)" : "");
		else
			pr(f, ": not read as a registry hive");
		nl(f);
		keys_text(f, r->keys, r->nkeys, "  ");
		xcheck_text(f, &r->xc, "  ");
		if (r->error) {
			pr(f, "  error: %s", r->error);
			nl(f);
		}
		for (i = 0; i < r->warn.n; i++) {
			pr(f, "  warning: %s", r->warn.text[i]);
			nl(f);
		}
		return;
	}
	if (r->have_image) {
		pr(f, ": %s", r->image.format);
		if (r->image.disk_type)
			pr(f, " %s", r->image.disk_type);
		pr(f, ", %s", report_human(r->image.virtual_size, a));
		if (r->image.sector_size)
			pr(f, ", %u-byte sectors", r->image.sector_size);
		if (r->scheme != SCHEME_UNREAD)
			pr(f, ", %s", r->scheme == SCHEME_NONE ? "no partition table" : part_scheme_name(r->scheme));
	}
	nl(f);
	for (i = 1; i < r->image.nchain; i++) {
		pr(f, "  %s %s: %s (%s)", i == 1 ? "parent" : "  then", r->image.chain[i].path ? r->image.chain[i].path : "?",
		    r->image.chain[i].format, r->image.chain[i].disk_type ? r->image.chain[i].disk_type : "?");
		nl(f);
	}
	/* --hash: the evidence's fingerprints, each file with its size and time */
	for (i = 0; i < r->image.nfiles; i++) {
		const struct disk_file *df = &r->image.files[i];
		char iso[32] = "";
		if (!df->sha256[0])
			continue;
		if (df->mtime != INT64_MIN && df->mtime > -11644473600)
			filetime_iso(((uint64_t)(df->mtime + 11644473600)) * 10000000u, iso);
		pr(f, "  sha256 %s  %s (%lld bytes, modified %s)", df->sha256, df->path, (long long)df->size,
		    iso[0] ? iso : "when not known");
		nl(f);
	}
	for (i = 0; i < r->ninst; i++)
		install_text(f, &r->inst[i], r);
	if (r->ninst == 0 && r->error == NULL) {
		pr(f, "  no Windows installation found");
		nl(f);
	}
	if (r->nparts > 0) {
		pr(f, "  partitions:");
		nl(f);
		for (i = 0; i < r->nparts; i++) {
			const struct rep_part *p = &r->parts[i];
			pr(f, "    %-3u %-4s %-10s %10s at %-10s %s%s%s", p->idx, part_scheme_name(p->scheme), p->probed ? fs_kind_name(p->fs) : "-",
			    report_human(p->size, a), report_human(p->offset, b), p->type_name ? p->type_name : p->type,
			    p->scheme == SCHEME_LVM ? " " : "", p->scheme == SCHEME_LVM ? p->name : "");
			nl(f);
			if (p->enc != NULL)
				encryption_text(f, p->enc);
		}
	}
	if (r->error) {
		pr(f, "  error: %s", r->error);
		nl(f);
	}
	for (i = 0; i < r->warn.n; i++) {
		pr(f, "  warning: %s", r->warn.text[i]);
		nl(f);
	}
	for (i = 0; i < r->ngates; i++) {
		pr(f, "  require %-14s %s%s%s", r->gates[i].rule, r->gates[i].passed ? "passed" : "FAILED",
		    r->gates[i].passed ? "" : ": ", r->gates[i].passed ? "" : r->gates[i].why);
		nl(f);
	}
}

void
out_text(FILE *f, const struct image_report *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			nl(f);
		image_text(f, &r[i]);
	}
}

static void text_sep(FILE *f) { fputc('\n', f); }
/*
 * Provenance, as a header: where the records below come from (the tool, its
 * libraries, when the run started, its command line), printed before the
 * first record and again before any record of another run (--from-jsonl
 * over records merged from several).
 */
static void
run_header(FILE *f, const struct run_info *ri)
{
	static char *last;
	char *tool, *run, *key;

	if (ri == NULL)
		return;
	tool = run_describe(ri, 1);
	run = run_describe(ri, 0);
	key = tool && run ? str_printf("%s\n%s", tool, run) : NULL;
	if (key != NULL && (last == NULL || strcmp(key, last) != 0)) {
		pr(f, "%s", tool);
		nl(f);
		pr(f, "%s", run);
		nl(f);
		fputc('\n', f);
		free(last);
		last = key;
		key = NULL;
	}
	free(key);
	free(tool);
	free(run);
}

static int
text_record(FILE *f, const struct image_report *r, int asked)
{
	(void)asked;
	run_header(f, r->run);
	out_text(f, r, 1);
	return 0;
}

/* With several images, a summary line at the end. */
static void
text_end(FILE *f, const struct summary *s)
{
	char unk[48] = "";

	if (s->images < 2)
		return;
	if (s->kvp[KVP_UNKNOWN] > 0)
		snprintf(unk, sizeof unk, ", %lu unknown", s->kvp[KVP_UNKNOWN]);
	fprintf(f, "\n%lu images, %lu Windows installations; KVP: %lu active, %lu disabled, %lu never ran%s; "
	    "IC update offered: %lu, not offered: %lu, unknown: %lu; %lu image%s not inspected\n",
	    s->images, s->inst, s->kvp[KVP_ACTIVE], s->kvp[KVP_DISABLED], s->kvp[KVP_NEVER_RAN], unk, s->wu_offered, s->wu_not,
	    s->wu_unknown, s->errors, s->errors == 1 ? "" : "s");
}

const struct emitter emit_text = {"text", NULL, text_sep, text_record, text_end, 1};

const struct emitter *
emitter_named(const char *name)
{
	static const struct emitter *const all[] = {&emit_text, &emit_json, &emit_jsonl, &emit_csv, &emit_html};
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}
