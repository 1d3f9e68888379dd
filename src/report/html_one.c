/* SPDX-License-Identifier: MIT */
/*
 * html_one.c: -o html for one image, a page an analyst attaches to a case:
 * where it comes from (the run, the image's files and their fingerprints),
 * then per Windows installation the verdicts with their sources, the facts
 * they rest on, the spoof indicators, the history (--history) and the
 * cross-check (--cross-check), each installation's warnings; then the
 * partitions, the requirements, the image's warnings, and the sources the
 * page cites, in full.  Plain sections and tables, no script.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/history.h"
#include "facts/sources.h"
#include "report/html.h"

/* One row of a facts table: <tr><th>label</th><td>text</td></tr> (text escaped; NULL: no row). */
static void
fact(struct sbuf *f, const char *label, const char *text)
{
	if (text == NULL)
		return;
	sb_printf(f, "<tr><th scope=\"row\">%s</th>", label);
	html_cell(f, text);
	sb_puts(f, "</tr>\n");
}

/* The same, formatted (only numbers and our own words: never image text). */
static void factf(struct sbuf *f, const char *label, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
factf(struct sbuf *f, const char *label, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fact(f, label, buf);
}

static void
image_section(struct sbuf *f, const struct image_report *r)
{
	char a[32], iso[32];
	size_t i;

	sb_puts(f, "<section id=\"image\"><h2>Image</h2>\n<table class=\"facts\">\n");
	fact(f, "file", r->path);
	if (r->have_image) {
		fact(f, "format", r->image.format);
		fact(f, "disk type", r->image.disk_type);
		fact(f, "subformat", r->image.subformat);
		factf(f, "virtual size", "%s (%llu bytes)", report_human(r->image.virtual_size, a),
		    (unsigned long long)r->image.virtual_size);
		if (r->image.sector_size)
			factf(f, "sector size", "%u bytes", r->image.sector_size);
	}
	if (r->scheme != SCHEME_UNREAD)
		fact(f, "partition table", r->scheme == SCHEME_NONE ? "none" : part_scheme_name(r->scheme));
	for (i = 1; i < r->image.nchain; i++) {
		const struct disk_level *l = &r->image.chain[i];
		sb_printf(f, "<tr><th scope=\"row\">%s</th><td>", i == 1 ? "parent" : "then");
		html_esc(f, l->path ? l->path : "?");
		sb_puts(f, " (");
		html_esc(f, l->format);
		sb_puts(f, l->disk_type ? ", " : "");
		html_esc(f, l->disk_type);
		sb_puts(f, ")</td></tr>\n");
	}
	sb_puts(f, "</table>\n");
	if (r->image.nfiles > 0) {
		sb_puts(f, "<h3>Files</h3>\n<table class=\"files\"><thead><tr><th>file</th><th>bytes</th><th>modified (UTC)</th>"
		    "<th>SHA-256</th></tr></thead><tbody>\n");
		for (i = 0; i < r->image.nfiles; i++) {
			const struct disk_file *df = &r->image.files[i];
			iso[0] = '\0';
			if (df->mtime != INT64_MIN && df->mtime > -11644473600)
				filetime_iso(((uint64_t)(df->mtime + 11644473600)) * 10000000u, iso);
			sb_puts(f, "<tr>");
			html_cell(f, df->path);
			if (df->size >= 0)
				sb_printf(f, "<td>%lld</td>", (long long)df->size);
			else
				sb_puts(f, "<td>not known</td>");
			html_cell(f, iso[0] ? iso : "not known");
			sb_puts(f, "<td class=\"hash\">");
			html_esc(f, df->sha256[0] ? df->sha256 : "(not computed: --hash sha256)"); /* a record read back: any text */
			sb_puts(f, "</td></tr>\n");
		}
		sb_puts(f, "</tbody></table>\n");
	}
	if (r->error != NULL) {
		sb_puts(f, "<p class=\"error\"><b>Error</b>: ");
		html_esc(f, r->error);
		sb_puts(f, r->ninst > 0 ? " (the image was read in part: what could be read is below)</p>\n" : "</p>\n");
	}
	sb_puts(f, "</section>\n");
}

static void
warnings_list(struct sbuf *f, const struct warnings *w)
{
	size_t i;

	sb_puts(f, "<ul class=\"warnings\">\n");
	for (i = 0; i < w->n; i++) {
		sb_printf(f, "<li data-kind=\"%s\">", warn_id(w->kind[i]));
		html_esc(f, w->text[i]);
		sb_printf(f, " <span class=\"kind\">(%s)</span></li>\n", warn_id(w->kind[i]));
	}
	sb_puts(f, "</ul>\n");
}

static void
verdicts(struct sbuf *f, const struct install *in, unsigned char *cited)
{
	sb_puts(f, "<div class=\"verdict\">\n");
	if (in->host.assumed_major >= 0)
		sb_printf(f, "<p>The verdicts assume host NT %d.%d (--assume-host).</p>\n", in->host.assumed_major,
		    in->host.assumed_minor);
	sb_puts(f, "<p><b>Windows Update</b>: ");
	if (in->wu.offered > 0) {
		sb_puts(f, "<b class=\"offered\">offered ");
		html_esc(f, in->wu.package ? in->wu.package : "(package not named)");
		sb_puts(f, "</b>: ");
	} else if (in->wu.offered == 0) {
		sb_puts(f, "<b>not offered</b>: ");
	} else {
		sb_puts(f, "<b>unknown</b>: ");
	}
	html_cite(f, in->wu.reason, cited);
	sb_puts(f, "</p>\n<p><b>Integration components</b>: <b>");
	html_esc(f, ic_status_name(in->ic.status));
	sb_puts(f, "</b>: ");
	html_cite(f, in->ic.reason, cited);
	sb_puts(f, "</p>\n</div>\n");
}

static void
facts_table(struct sbuf *f, const struct install *in)
{
	const struct os_facts *os = &in->os;
	char buf[256], nt[96], w[40];
	const char *s;
	size_t i, at;

	sb_puts(f, "<table class=\"facts\">\n");
	fact(f, "product", os->product_name);
	fact(f, "catalogue name", os->name);
	at = 0;
	at += (size_t)snprintf(buf + at, sizeof buf - at, os->nt_major >= 0 ? "NT %d.%d" : "NT version unknown",
	    os->nt_major, os->nt_minor);
	if (os->build >= 0)
		at += (size_t)snprintf(buf + at, sizeof buf - at, ", build %ld", os->build);
	if (os->ubr >= 0)
		snprintf(buf + at, sizeof buf - at, ".%ld", os->ubr);
	fact(f, "guest version", buf);
	fact(f, "edition", os->edition);
	fact(f, "installation type", os->installation_type);
	fact(f, "architecture", os->arch);
	fact(f, "computer name", os->computer_name);
	snprintf(buf, sizeof buf, "%s", kvp_state_name(in->kvp.state));
	if (in->kvp.service_start >= 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " (vmickvpexchange Start=%ld)", in->kvp.service_start);
	fact(f, "KVP", buf);
	if (os->family != NULL && strcmp(os->family, "linux") == 0) {
		fact(f, "kernel booted", in->os.kernel[0] ? in->os.kernel : NULL);
		fact(f, "kernel booted, from", in->os.kernel_from[0] ? in->os.kernel_from : NULL);
		at = (size_t)snprintf(buf, sizeof buf, "%s", in->os.packages == NULL ? "no package database found" :
		    strcmp(in->os.packages, "dpkg") != 0 ? "not read (an RPM database)" : in->os.nkernels ? "" : "none (dpkg)");
		for (i = 0; i < in->os.nkernels && at < sizeof buf; i++)
			at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%.72s", i ? ", " : "", in->os.kernels[i]);
		fact(f, "kernels installed", buf);
	}
	if (in->kvp.daemon.known) {
		snprintf(buf, sizeof buf, "%.96s%s%.48s%s%.80s; %s", in->kvp.daemon.package[0] ? in->kvp.daemon.package : "no package",
		    in->kvp.daemon.binary[0] ? ", " : "", in->kvp.daemon.binary, in->kvp.daemon.unit[0] ? ", " : "",
		    in->kvp.daemon.unit, in->kvp.daemon.enabled ? "starts at boot" : "not started at boot");
		fact(f, "KVP daemon", buf);
	}
	s = html_host_nt(in, nt, sizeof nt);
	fact(f, "host version", in->host.nsource == 0 ? "not recorded" : s ? s : "unreadable");
	if (in->host.nsource > 0) {
		sb_puts(f, "<tr><th scope=\"row\">recorded in</th><td>");
		for (i = 0; i < in->host.nsource; i++) {
			sb_puts(f, i ? ", " : "");
			html_esc(f, in->host.source[i]);
			sb_puts(f, in->host.stored[i] > 1 ? " (the first of those stored)" : "");
		}
		sb_puts(f, "</td></tr>\n");
	}
	fact(f, "host edition", in->host.edition);
	if (in->host.build.found) {
		snprintf(buf, sizeof buf, "%u.%u.%u.%u%s%s%s, as the guest's kernel logged it (%.96s)", in->host.build.major,
		    in->host.build.minor, in->host.build.build, in->host.build.number, in->host.build.product ? " (" : "",
		    in->host.build.product ? in->host.build.product : "", in->host.build.product ? ")" : "",
		    in->host.build.from);
		fact(f, "host build", buf);
	}
	fact(f, "host name", html_param(in, "HostName"));
	fact(f, "physical host name", html_param(in, "PhysicalHostName"));
	fact(f, "physical host name (FQDN)", html_param(in, "PhysicalHostNameFullyQualified"));
	fact(f, "VM name", html_param(in, "VirtualMachineName"));
	fact(f, "VM id", html_param(in, "VirtualMachineId"));
	if (in->kvp.has_params) {
		report_when(in->kvp.params_filetime, w);
		factf(f, "Guest\\Parameters", "%zu values, last written %s", in->kvp.nparams, w);
	}
	if (in->nservices > 0) {
		sb_puts(f, "<tr><th scope=\"row\">IC services (Start)</th><td>");
		for (i = 0; i < in->nservices; i++) {
			if (!in->services[i].unread && in->services[i].start < 0)
				continue;
			sb_puts(f, i ? " " : "");
			html_esc(f, in->services[i].name); /* read back from a record: any text */
			if (in->services[i].unread)
				sb_puts(f, "=unreadable");
			else
				sb_printf(f, "=%ld", in->services[i].start);
		}
		sb_puts(f, " (2 auto, 3 manual, 4 disabled)</td></tr>\n");
	}
	fact(f, "control set", in->control_set[0] ? in->control_set : NULL);
	sb_puts(f, "</table>\n");
}

static void
spoof_section(struct sbuf *f, const struct install *in)
{
	size_t i;

	sb_printf(f, "<h3>Spoof indicators</h3>\n");
	if (in->nspoof == 0) {
		sb_puts(f, "<p>none</p>\n");
		return;
	}
	sb_puts(f, "<table class=\"spoof\"><thead><tr><th>rule</th><th>strength</th><th>detail</th></tr></thead><tbody>\n");
	for (i = 0; i < in->nspoof; i++) {
		sb_puts(f, "<tr>");
		html_cell(f, in->spoof[i].rule);
		html_cell(f, strength_name(in->spoof[i].severity));
		html_cell(f, in->spoof[i].detail);
		sb_puts(f, "</tr>\n");
	}
	sb_puts(f, "</tbody></table>\n");
}

static void
keys_section(struct sbuf *f, const struct keydump *d, size_t n)
{
	char w[40], tb[16];
	size_t i, k;

	if (n == 0)
		return;
	sb_puts(f, "<h3>Keys asked for (--key)</h3>\n");
	for (i = 0; i < n; i++) {
		sb_puts(f, "<h4>");
		html_esc(f, d[i].request[0] ? d[i].request : "(root key)");
		sb_puts(f, "</h4>\n");
		if (d[i].error || !d[i].found) {
			sb_puts(f, "<p>");
			html_esc(f, d[i].error ? d[i].error : "not present");
			sb_puts(f, "</p>\n");
			continue;
		}
		report_when(d[i].filetime, w);
		sb_printf(f, "<p>last written %s; %zu values, %zu subkeys</p>\n", w, d[i].nvalues, d[i].nsubkeys);
		if (d[i].nvalues == 0)
			continue;
		sb_puts(f, "<table class=\"values\"><thead><tr><th>value</th><th>type</th><th>data</th></tr></thead><tbody>\n");
		for (k = 0; k < d[i].nvalues; k++) {
			const struct regval *v = &d[i].values[k];
			char num[48];
			sb_puts(f, "<tr>");
			html_cell(f, v->name[0] ? v->name : "(default)");
			html_cell(f, regval_type_of(v, tb));
			if (v->kind == RV_STRING) {
				html_cell(f, v->str);
			} else if (v->kind == RV_INT) {
				snprintf(num, sizeof num, "%llu", (unsigned long long)v->num);
				html_cell(f, num);
			} else {
				sb_printf(f, "<td>%zu bytes (-o json or -o text for the data)</td>", v->kind == RV_MULTI ? v->nmulti : v->nbin);
			}
			sb_puts(f, "</tr>\n");
		}
		sb_puts(f, "</tbody></table>\n");
	}
}

/* --history: the hosts seen, the timeline oldest first, the notes. */
static void
history_section(struct sbuf *f, const struct install *in)
{
	const struct history *h = &in->hist;
	size_t i, strong, weak;
	char w[40], nt[48];

	if (!h->ran)
		return;
	history_counts(h, &strong, &weak);
	sb_printf(f, "<section class=\"history\" id=\"history-p%u\" data-observations=\"%zu\"><h3>History</h3>\n"
	    "<p>%zu host%s seen (strong evidence)", in->partition, h->nobs, strong, strong == 1 ? "" : "s");
	if (weak)
		sb_printf(f, ", %zu more in free hive cells only (weak evidence)", weak);
	sb_puts(f, "; oldest first.</p>\n");
	if (h->nobs > 0)
		sb_puts(f, "<table class=\"timeline\"><thead><tr><th>as of (UTC)</th><th>source</th><th>where</th>"
		    "<th>evidence</th><th>host</th><th>physical host</th><th>NT</th><th>VM</th></tr></thead><tbody>\n");
	for (i = 0; i < h->nobs; i++) {
		const struct host_obs *o = &h->obs[i];
		if (o->as_of)
			report_when(o->as_of, w);
		else
			snprintf(w, sizeof w, "undated");
		sb_printf(f, "<tr class=\"%s\">", strength_name(o->evidence));
		html_cell(f, w);
		html_cell(f, hist_source_name(o->source));
		sb_puts(f, "<td>");
		html_esc(f, o->where ? o->where : "the live key");
		if (o->nmerged)
			sb_printf(f, " (and %zu earlier identical observation%s)", o->nmerged, o->nmerged == 1 ? "" : "s");
		sb_puts(f, "</td>");
		html_cell(f, strength_name(o->evidence));
		html_cell(f, o->name);
		html_cell(f, o->physical_name);
		if (o->build != NULL)
			snprintf(nt, sizeof nt, "%d.%d (build %.24s)", o->nt_major, o->nt_minor, o->build);
		else
			snprintf(nt, sizeof nt, "%d.%d", o->nt_major, o->nt_minor);
		html_cell(f, o->nt_major >= 0 ? nt : NULL);
		html_cell(f, o->vm_name);
		sb_puts(f, "</tr>\n");
	}
	if (h->nobs > 0)
		sb_puts(f, "</tbody></table>\n");
	for (i = 0; i < h->nnotes; i++) {
		sb_puts(f, "<p class=\"note\">note: ");
		html_esc(f, h->notes[i]);
		sb_puts(f, "</p>\n");
	}
	sb_puts(f, "</section>\n");
}

static void
xfacts(struct sbuf *f, const char *what, const struct xfact *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sb_printf(f, "<tr class=\"%s\"><td>%s</td>", what, what);
		html_cell(f, x[i].fact);
		html_cell(f, x[i].ours ? x[i].ours : "(absent)");
		html_cell(f, x[i].libyal ? x[i].libyal : "(absent)");
		html_cell(f, x[i].why);
		sb_puts(f, "</tr>\n");
	}
}

/* A BitLocker volume's facts, under the partitions: a table of its own. */
static void
encryption_table(struct sbuf *f, unsigned idx, const struct rep_encryption *x)
{
	char w[40];
	size_t i;

	sb_printf(f, "<h3 id=\"encryption-p%u\">Partition %u: BitLocker</h3>\n<table class=\"facts\">\n", idx, idx);
	fact(f, "state", x->state);
	fact(f, "encryption method", x->method[0] ? x->method : NULL);
	fact(f, "volume identifier", x->volume_id[0] ? x->volume_id : NULL);
	if (x->created)
		report_when(x->created, w);
	fact(f, "created", x->created ? w : NULL);
	fact(f, "description", x->description);
	fact(f, "unlocked with", x->unlocked_with[0] ? x->unlocked_with : NULL);
	fact(f, "why not read", x->reason);
	for (i = 0; i < x->nprot; i++) {
		sb_puts(f, "<tr><th scope=\"row\">key protector</th><td>");
		html_esc(f, x->prot[i].type);
		sb_puts(f, " ");
		html_esc(f, x->prot[i].id);
		sb_puts(f, "</td></tr>\n");
	}
	sb_puts(f, "</table>\n");
}

/* --cross-check: who read it the second time, the counts, every fact not agreed. */
static void
xcheck_section(struct sbuf *f, const struct cross_check *xc, const char *id)
{
	size_t i;

	if (!xc->ran)
		return;
	sb_printf(f, "<section class=\"cross-check\" id=\"%s\" data-agreed=\"%u\" data-disagreed=\"%zu\"><h3>Cross-check</h3>\n",
	    id, xc->agreed, xc->ndisagreed);
	if (xc->error != NULL) {
		sb_puts(f, "<p>Not done: ");
		html_esc(f, xc->error);
		sb_puts(f, "</p>\n</section>\n");
		return;
	}
	sb_puts(f, "<p>Read a second time by ");
	for (i = 0; i < xc->nstack; i++) {
		sb_puts(f, i ? ", " : "");
		html_esc(f, xc->stack[i]);
	}
	sb_puts(f, " (the disk: ");
	html_esc(f, xc->image);
	sb_printf(f, "): <b>%u agreed</b>, <b>%zu disagreed</b>, %zu differ as known, %zu not checked.</p>\n", xc->agreed,
	    xc->ndisagreed, xc->nexplained, xc->nnot_checked);
	if (xc->ndisagreed + xc->nexplained + xc->nnot_checked > 0) {
		sb_puts(f, "<table class=\"xfacts\"><thead><tr><th></th><th>fact</th><th>ours</th><th>libyal</th><th>why</th>"
		    "</tr></thead><tbody>\n");
		xfacts(f, "disagreed", xc->disagreed, xc->ndisagreed);
		xfacts(f, "known", xc->explained, xc->nexplained);
		xfacts(f, "not-checked", xc->not_checked, xc->nnot_checked);
		sb_puts(f, "</tbody></table>\n");
	}
	sb_puts(f, "</section>\n");
}

static void
install_section(struct sbuf *f, const struct install *in, unsigned char *cited)
{
	char id[32];

	sb_printf(f, "<section class=\"installation\" id=\"p%u\"><h2>Partition %u: ", in->partition, in->partition);
	html_esc(f, in->os.product_name ? in->os.product_name : "Windows (product name unknown)");
	sb_puts(f, "</h2>\n");
	verdicts(f, in, cited);
	facts_table(f, in);
	spoof_section(f, in);
	keys_section(f, in->keys, in->nkeys);
	history_section(f, in);
	snprintf(id, sizeof id, "cross-check-p%u", in->partition);
	xcheck_section(f, &in->xc, id);
	if (in->warn.n > 0) {
		sb_puts(f, "<h3>Warnings</h3>\n");
		warnings_list(f, &in->warn);
	}
	sb_puts(f, "</section>\n");
}

static void
partitions_section(struct sbuf *f, const struct image_report *r)
{
	char a[32], b[32];
	size_t i;

	if (r->nparts == 0)
		return;
	sb_puts(f, "<section id=\"partitions\"><h2>Partitions</h2>\n<table><thead><tr><th>#</th><th>table</th>"
	    "<th>file system</th><th>size</th><th>offset</th><th>type</th><th>name</th></tr></thead><tbody>\n");
	for (i = 0; i < r->nparts; i++) {
		const struct rep_part *p = &r->parts[i];
		sb_printf(f, "<tr><td>%u</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>", p->idx, part_scheme_name(p->scheme),
		    p->probed ? fs_kind_name(p->fs) : "-", report_human(p->size, a), report_human(p->offset, b));
		html_cell(f, p->type_name ? p->type_name : p->type);
		html_cell(f, p->has_name ? p->name : NULL);
		sb_puts(f, "</tr>\n");
	}
	sb_puts(f, "</tbody></table>\n");
	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].enc != NULL)
			encryption_table(f, r->parts[i].idx, r->parts[i].enc);
	sb_puts(f, "</section>\n");
}

static void
sources_section(struct sbuf *f, const unsigned char *cited)
{
	const struct source *s;
	int n, any = 0;

	for (n = 1; n < HTML_MAX_SOURCE; n++) {
		if (!cited[n] || (s = source_get(n)) == NULL)
			continue;
		if (!any++)
			sb_puts(f, "<section id=\"sources\"><h2>Sources cited</h2>\n<ul class=\"sources\">\n");
		sb_printf(f, "<li id=\"src-%d\">[%d] ", n, n);
		html_esc(f, s->title);
		sb_puts(f, ". ");
		html_esc(f, s->publisher);
		if (s->date[0]) {
			sb_puts(f, ", ");
			html_esc(f, s->date);
		}
		sb_puts(f, ".<br><span class=\"url\">");
		html_esc(f, s->url[0] ? s->url : "(no stable public copy located)");
		sb_puts(f, "</span><br>Cited for: ");
		html_esc(f, s->supports);
		sb_puts(f, ".</li>\n");
	}
	if (any)
		sb_puts(f, "</ul>\n<p>[K] marks a fact widely known and confirmed by none of them (hvinspect --sources).</p>\n"
		    "</section>\n");
}

void
html_one_image(struct sbuf *f, const struct image_report *r)
{
	unsigned char cited[HTML_MAX_SOURCE] = {0};
	size_t i;

	sb_puts(f, "<main>\n");
	image_section(f, r);
	for (i = 0; i < r->ninst; i++)
		install_section(f, &r->inst[i], cited);
	if (r->ninst == 0 && r->error == NULL)
		sb_puts(f, "<p class=\"nowin\">No Windows installation found.</p>\n");
	partitions_section(f, r);
	if (r->ngates > 0) {
		sb_puts(f, "<section id=\"requirements\"><h2>Requirements (--require)</h2>\n<ul>\n");
		for (i = 0; i < r->ngates; i++) {
			sb_puts(f, "<li>");
			html_esc(f, r->gates[i].rule);
			sb_puts(f, r->gates[i].passed ? ": passed" : ": <b>FAILED</b>: ");
			if (!r->gates[i].passed)
				html_esc(f, r->gates[i].why);
			sb_puts(f, "</li>\n");
		}
		sb_puts(f, "</ul>\n</section>\n");
	}
	if (r->warn.n > 0) {
		sb_puts(f, "<section id=\"warnings\"><h2>Warnings on the image</h2>\n");
		warnings_list(f, &r->warn);
		sb_puts(f, "</section>\n");
	}
	sources_section(f, cited);
	sb_puts(f, "</main>\n");
}
