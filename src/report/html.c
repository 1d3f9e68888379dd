/* SPDX-License-Identifier: MIT */
/*
 * html.c: -o html, one self-contained, offline page for a fleet: headline
 * counts and bar charts (inline SVG, each bar a link that shows only the
 * rows behind it, each number also text), one table row per installation,
 * one per image that could not be inspected.
 *
 * Streamed: a row is written as each record arrives; what the summary needs
 * is kept as counts (one per distinct key of each chart) and the failures as
 * their path and error, and the summary is written at the end, placed at
 * the top by the layout (CSS order).  A bar links to #f-X, and the page's
 * one small script hides the rows without class X (FILTER_JS).  The
 * Content-Security-Policy allows nothing but the page's own styles and that
 * one script, by its hash.
 *
 * Every string from an image is first escaped as the text output escapes it
 * (base/safe.h: no control, C1 or bidi character), then HTML-escaped: a host
 * name of <img src=x onerror=alert(1)> is text.  Class names and ids are
 * made of hashes, never of image text.  The emitter's state is this
 * process's (one report per run).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/safe.h"
#include "report/out.h"

/*
 * The filter: a bar links to #f-CLASS; this script, on every change of the
 * address's fragment, hides the rows without that class (and shows all for
 * any other fragment).  It is the page's only script, and the CSP lets only
 * it run, by its SHA-256 (tests/e2e/html.sh recomputes it).  (A CSS-only filter,
 * body:has(#f-X:target) tr:not(.X), made Chromium take minutes on 10,000
 * rows.)  Without scripts the page is whole, the bars just do not filter.
 */
#define FILTER_JS "function f(){var m=/^#f-([a-z]+-[0-9a-f]{8})$/.exec(location.hash)," \
	"r=document.querySelectorAll('#installations tbody tr'),i;for(i=0;i<r.length;i++)" \
	"r[i].style.display=m&&!r[i].classList.contains(m[1])?'none':'';}addEventListener('hashchange',f);if(location.hash)f();"
#define FILTER_JS_SHA256 "sha256-Mt8StZ7JKpOJeKS1SAHLGwV12Y4xJ/BLtAWOqIjqNyI="

enum { C_HOSTNT, C_HOSTNAME, C_KVP, C_WU, C_IC, C_SPOOF, C_WARN, C_OS, NCHARTS };

static const struct {
	const char *id, *title;
	size_t      top; /* bars shown (0: all) */
} charts[NCHARTS] = {
	{"hostnt", "Host version (NT)", 0},
	{"hostname", "Host name (top 20)", 20},
	{"kvp", "KVP state", 0},
	{"wu", "Windows Update: IC package offered", 0},
	{"ic", "Integration components", 0},
	{"spoof", "Spoof indicators, by rule", 0},
	{"warn", "Warnings, by kind", 30},
	{"os", "Guest OS", 20},
};

#define ROWS_PER_BODY 1000 /* rows a <tbody> holds */
/*
 * Blocks of rows always laid out: the rest are laid out only when in view,
 * and until then Chromium leaves them out of the accessibility tree too
 * (tests/tools/axtree.py): a fleet of up to this many blocks stays whole for a
 * screen reader.
 */
#define NEAR_BODIES 3

struct count {
	int      chart;
	uint32_t hash;
	char    *key;
	unsigned long n;
};

static struct {
	struct count *slot;   /* open addressing on (chart, hash) */
	size_t        cap, used;
	char        **fail;   /* "path\0error" of each image not inspected (a path may hold a TAB, never a NUL) */
	char         *run_tool, *run_line; /* the first record's run, in words (provenance) */
	unsigned long runs;   /* distinct runs the records come from */
	size_t        nfail;
	unsigned long images, inst;
	int           started, rows_begun;
} st;

static uint32_t
fnv(int chart, const char *s)
{
	uint32_t h = 2166136261u ^ (uint32_t)chart;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* Count key under chart (its hash, for the row's class): 0, or -1 on no memory. */
static int
count(int chart, const char *key, uint32_t *hash)
{
	uint32_t h = fnv(chart, key);
	size_t i;

	*hash = h;
	if (st.used * 2 >= st.cap) {
		size_t ncap = st.cap ? st.cap * 2 : 256, k;
		struct count *ns = calloc(ncap, sizeof *ns);
		if (ns == NULL)
			return -1;
		for (k = 0; k < st.cap; k++)
			if (st.slot[k].key != NULL) {
				for (i = st.slot[k].hash % ncap; ns[i].key != NULL; i = (i + 1) % ncap)
					;
				ns[i] = st.slot[k];
			}
		free(st.slot);
		st.slot = ns;
		st.cap = ncap;
	}
	for (i = h % st.cap; st.slot[i].key != NULL; i = (i + 1) % st.cap)
		if (st.slot[i].chart == chart && st.slot[i].hash == h && strcmp(st.slot[i].key, key) == 0) {
			st.slot[i].n++;
			return 0;
		}
	if ((st.slot[i].key = strdup(key)) == NULL)
		return -1;
	st.slot[i].chart = chart;
	st.slot[i].hash = h;
	st.slot[i].n = 1;
	st.used++;
	return 0;
}

/* s as HTML text: escaped as text output escapes it, then &<>"' as entities. */
static void
esc(FILE *f, const char *s)
{
	char *e = safe_dup(s ? s : "", 0), *p;

	for (p = e ? e : ""; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*p, f);
		}
	}
	free(e);
}

static const char *
param_str(const struct install *in, const char *name)
{
	const struct regval *v = regval_find(in->kvp.params, in->kvp.nparams, name);

	return v != NULL && v->kind == RV_STRING ? v->str : NULL;
}

/* A warning's kind: the text before its first ':' (an image path taken off), digits as N. */
static void
warn_kind(const char *w, const char *path, char *out, size_t n)
{
	size_t i = 0, pl = strlen(path);

	if (strncmp(w, path, pl) == 0 && w[pl] == ':' && w[pl + 1] == ' ')
		w += pl + 2;
	for (; *w && *w != ':' && *w != '(' && i + 1 < n && i < 60; w++) {
		if (*w == '{') { /* an identifier: {...} */
			while (*w && *w != '}')
				w++;
			if (*w == '\0')
				break;
			if (i + 3 < n) {
				out[i++] = '{';
				out[i++] = '}';
			}
			continue;
		}
		if (*w >= '0' && *w <= '9') {
			if (i == 0 || out[i - 1] != 'N')
				out[i++] = 'N';
			continue;
		}
		out[i++] = *w;
	}
	while (i > 0 && out[i - 1] == ' ')
		i--;
	out[i] = '\0';
}

static void
cell(FILE *f, const char *s)
{
	fputs("<td>", f);
	esc(f, s);
	fputs("</td>", f);
}

static void
html_begin(FILE *f, const struct image_report *first)
{
	(void)first;
	memset(&st, 0, sizeof st);
	st.started = 1;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src '" FILTER_JS_SHA256 "'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>hvinspect: fleet report</title>\n<style>\n"
	    "body{font:14px system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}\n"
	    "#page{display:flex;flex-direction:column;padding:1em 2em}\n"
	    "#summary{order:-1}\n"
	    "h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}\n"
	    ".counts{display:flex;gap:1.5em;margin:.6em 0 1em}\n"
	    ".counts div{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5em 1em}\n"
	    ".counts b{display:block;font-size:1.6em}\n"
	    ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1em}\n"
	    "figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em}\n"
	    "figcaption{font-weight:600;margin-bottom:.3em}\n"
	    "svg a text{fill:#1b1b1b}svg a rect{fill:#4a7ab5}svg a:hover rect{fill:#d06a1b}\n"
	    "table{border-collapse:collapse;background:#fff;width:100%;table-layout:fixed}\n"
	    "th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}\n"
	    "th{background:#eef1f5}\n"
	    /*
	     * Both tables (class rows): each row its own fixed-layout table inside block
	     * row groups, so that a browser lays out only the blocks of rows in
	     * view (content-visibility does nothing to a table's own row groups:
	     * 100,000 rows took 45 to 66 s to show in Chromium here, 6.0 to 6.7 s
	     * so).  The columns' widths are the cells'.  The first NEAR_BODIES
	     * blocks are always laid out, then blocks of class "far"; every block
	     * but the last holds ROWS_PER_BODY rows, which its guessed height is
	     * for, and the last (perhaps short) is always laid out.
	     */
	    ".rows,.rows thead,.rows tbody{display:block}\n"
	    ".rows tr{display:table;table-layout:fixed;width:100%}\n"
	    ".rows td{border-top:0}\n"
	    ".rows tbody.far:not(:last-child){content-visibility:auto;contain-intrinsic-size:auto 40000px}\n"
	    "#errors tr>:nth-child(1){width:30%}\n"
	    "#installations tr>:nth-child(1){width:14%}#installations tr>:nth-child(2){width:6%}"
	    "#installations tr>:nth-child(3){width:10%}#installations tr>:nth-child(4){width:6%}"
	    "#installations tr>:nth-child(5){width:6%}#installations tr>:nth-child(6){width:12%}"
	    "#installations tr>:nth-child(7){width:8%}#installations tr>:nth-child(8){width:8%}"
	    "#installations tr>:nth-child(9){width:7%}#installations tr>:nth-child(10){width:10%}"
	    "#installations tr>:nth-child(11){width:13%}\n"
	    "td.w{color:#8a4b00;font-size:.9em}\n"
	    ".filter{margin:.5em 0}\n", f);
}

/* The classes of one installation's row, counting each key. */
static int
row_keys(const struct image_report *r, const struct install *in, char *cls, size_t n)
{
	char nt[16], kind[80];
	const char *key[NCHARTS], *s;
	uint32_t h;
	size_t at = 0, i, k;
	int c;

	snprintf(nt, sizeof nt, "%d.%d", in->host.major, in->host.minor);
	key[C_HOSTNT] = in->host.major >= 0 && in->host.minor >= 0 ? nt : "not recorded";
	s = param_str(in, "PhysicalHostNameFullyQualified");
	if (s == NULL)
		s = param_str(in, "PhysicalHostName");
	if (s == NULL)
		s = param_str(in, "HostName");
	key[C_HOSTNAME] = s ? s : "not recorded";
	key[C_KVP] = kvp_state_name(in->kvp.state);
	key[C_WU] = in->wu.offered > 0 ? (in->wu.package ? in->wu.package : "offered") :
	    in->wu.offered == 0 ? "not offered" : "unknown";
	key[C_IC] = ic_status_name(in->ic.status);
	key[C_OS] = in->os.name ? in->os.name : in->os.product_name ? in->os.product_name : "unknown";
	at += (size_t)snprintf(cls + at, n - at, "r");
	for (c = 0; c < NCHARTS; c++) {
		if (c == C_SPOOF || c == C_WARN)
			continue;
		if (count(c, key[c], &h) != 0)
			return -1;
		at += (size_t)snprintf(cls + at, at < n ? n - at : 0, " %s-%08x", charts[c].id, h);
	}
	for (i = 0; i < in->nspoof; i++) {
		for (k = 0; k < i && strcmp(in->spoof[k].rule, in->spoof[i].rule) != 0; k++)
			;
		if (k < i)
			continue;
		if (count(C_SPOOF, in->spoof[i].rule, &h) != 0)
			return -1;
		at += (size_t)snprintf(cls + at, at < n ? n - at : 0, " spoof-%08x", h);
	}
	for (i = 0; i < in->nwarnings + r->nwarnings; i++) {
		warn_kind(i < in->nwarnings ? in->warnings[i] : r->warnings[i - in->nwarnings], r->path, kind, sizeof kind);
		if (count(C_WARN, kind, &h) != 0)
			return -1;
		if (at + 20 < n && strstr(cls, kind) == NULL)
			at += (size_t)snprintf(cls + at, n - at, " warn-%08x", h);
	}
	return 0;
}

/* Close a block of rows and open block n (0: the first). */
static void
body_next(FILE *f, size_t n)
{
	fputs(n < NEAR_BODIES ? "</tbody><tbody>\n" : "</tbody><tbody class=\"far\">\n", f);
}

/* The page up to the installations' rows (once, before the first record or at the end). */
static void
rows_begin(FILE *f)
{
	if (st.rows_begun++)
		return;
	fputs("</style></head><body><div id=\"page\">\n<main>\n<h2 id=\"rows\">Installations</h2>\n"
	    "<table id=\"installations\" class=\"rows\"><thead><tr><th>image</th><th>partition</th><th>guest OS</th>"
	    "<th>KVP</th><th>host version</th><th>host name</th><th>VM name</th><th>Windows Update</th>"
	    "<th>ICs</th><th>indicators</th><th>warnings</th></tr></thead><tbody>\n", f);
}

static int
html_record(FILE *f, const struct image_report *r, int asked)
{
	char cls[2048], nt[16];
	size_t i, k;

	(void)asked;
	rows_begin(f);
	st.images++;
	if (r->run != NULL) {
		char *line = run_describe(r->run, 0);
		if (line != NULL && (st.run_line == NULL || strcmp(line, st.run_line) != 0)) {
			st.runs++;
			if (st.run_line == NULL) {
				st.run_line = line;
				st.run_tool = run_describe(r->run, 1);
				line = NULL;
			}
		}
		free(line);
	}
	if (r->error != NULL || r->ninst == 0) {
		if (r->error != NULL) {
			size_t lp = strlen(r->path), le = strlen(r->error);
			char *s = malloc(lp + le + 2);
			char **nf = realloc(st.fail, (st.nfail + 1) * sizeof *nf);
			if (s == NULL || nf == NULL) {
				free(s);
				return -1;
			}
			memcpy(s, r->path, lp + 1);
			memcpy(s + lp + 1, r->error, le + 1);
			st.fail = nf;
			st.fail[st.nfail++] = s;
		}
	}
	for (i = 0; i < r->ninst; i++) {
		const struct install *in = &r->inst[i];
		const char *s;
		if (st.inst++ > 0 && st.inst % ROWS_PER_BODY == 1)
			body_next(f, st.inst / ROWS_PER_BODY);
		if (row_keys(r, in, cls, sizeof cls) != 0)
			return -1;
		fprintf(f, "<tr class=\"%s\">", cls);
		cell(f, r->path);
		fprintf(f, "<td>%u</td>", in->partition);
		cell(f, in->os.name ? in->os.name : in->os.product_name);
		cell(f, kvp_state_name(in->kvp.state));
		snprintf(nt, sizeof nt, "%d.%d", in->host.major, in->host.minor);
		cell(f, in->host.major >= 0 && in->host.minor >= 0 ? nt : "");
		s = param_str(in, "PhysicalHostNameFullyQualified");
		cell(f, s ? s : param_str(in, "HostName"));
		cell(f, param_str(in, "VirtualMachineName"));
		fputs("<td>", f);
		esc(f, in->wu.offered > 0 ? (in->wu.package ? in->wu.package : "offered") :
		    in->wu.offered == 0 ? "not offered" : "unknown");
		fputs("</td>", f);
		cell(f, ic_status_name(in->ic.status));
		fputs("<td>", f);
		for (k = 0; k < in->nspoof; k++) {
			fputs(k ? "<br>" : "", f);
			esc(f, in->spoof[k].rule);
		}
		fputs("</td><td class=\"w\">", f);
		for (k = 0; k < in->nwarnings + r->nwarnings; k++) {
			fputs(k ? "<br>" : "", f);
			esc(f, k < in->nwarnings ? in->warnings[k] : r->warnings[k - in->nwarnings]);
		}
		fputs("</td></tr>\n", f);
	}
	return ferror(f) ? -1 : 0;
}

static int
by_count(const void *a, const void *b)
{
	const struct count *x = *(const struct count *const *)a, *y = *(const struct count *const *)b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* A label for a bar: escaped, then cut to 30 bytes on a character boundary. */
static void
label(FILE *f, const char *key)
{
	char *e = safe_dup(key, 0);
	size_t n;

	if (e == NULL)
		return;
	if ((n = strlen(e)) > 26) { /* what fits before the bar */
		for (n = 23; n > 0 && ((unsigned char)e[n] & 0xc0) == 0x80; n--)
			;
		strcpy(e + n, "...");
	}
	esc(f, e);
	free(e);
}

/* One chart: bars (links that filter the rows), each with its label and number as text. */
static void
chart(FILE *f, int c, struct count *const *all, size_t nall)
{
	struct count **v = calloc(nall + 1, sizeof *v);
	size_t n = 0, i, shown;
	unsigned long max = 1, other = 0;

	if (v == NULL)
		return;
	for (i = 0; i < nall; i++)
		if (all[i]->chart == c)
			v[n++] = all[i];
	qsort(v, n, sizeof *v, by_count);
	shown = charts[c].top && n > charts[c].top ? charts[c].top : n;
	for (i = shown; i < n; i++)
		other += v[i]->n;
	if (n > 0)
		max = v[0]->n;
	fprintf(f, "<figure id=\"chart-%s\"><figcaption>%s</figcaption>\n", charts[c].id, charts[c].title);
	if (n == 0) {
		fputs("<p>none</p></figure>\n", f);
		free(v);
		return;
	}
	fprintf(f, "<svg role=\"list\" width=\"400\" height=\"%zu\" viewBox=\"0 0 400 %zu\">\n",
	    (shown + (other > 0)) * 22 + 4, (shown + (other > 0)) * 22 + 4);
	for (i = 0; i < shown; i++) {
		/* bar at most 110 wide: a seven-digit count still fits after it */
		unsigned w = (unsigned)(110.0 * (double)v[i]->n / (double)max + 0.5);
		if (w == 0)
			w = 1;
		fprintf(f, "<a role=\"listitem\" href=\"#f-%s-%08x\" data-chart=\"%s\" data-count=\"%lu\"><title>",
		    charts[c].id, v[i]->hash, charts[c].id, v[i]->n);
		esc(f, v[i]->key);
		fprintf(f, ": %lu</title><rect x=\"215\" y=\"%zu\" width=\"%u\" height=\"16\"/><text x=\"0\" y=\"%zu\">",
		    v[i]->n, i * 22 + 4, w, i * 22 + 17);
		label(f, v[i]->key);
		fprintf(f, "</text><text x=\"%u\" y=\"%zu\">%lu</text></a>\n", 220 + w, i * 22 + 17, v[i]->n);
	}
	if (other > 0)
		fprintf(f, "<text x=\"0\" y=\"%zu\">%zu others: %lu</text>\n", shown * 22 + 17, n - shown, other);
	fputs("</svg></figure>\n", f);
	free(v);
}

static void
html_end(FILE *f, const struct summary *s)
{
	struct count **v = NULL;
	size_t nv = 0, i;
	int c;

	rows_begin(f);
	fputs("</tbody></table>\n<h2 id=\"failed\">Not inspected</h2>\n"
	    "<table id=\"errors\" class=\"rows\"><thead><tr><th>image</th><th>error</th></tr></thead><tbody>\n", f);
	for (i = 0; i < st.nfail; i++) {
		const char *error = st.fail[i] + strlen(st.fail[i]) + 1;
		if (i > 0 && i % ROWS_PER_BODY == 0)
			body_next(f, i / ROWS_PER_BODY);
		fputs("<tr class=\"e\">", f);
		cell(f, st.fail[i]);
		cell(f, error);
		fputs("</tr>\n", f);
		free(st.fail[i]);
	}
	free(st.fail);
	fputs("</tbody></table>\n</main>\n<header id=\"summary\">\n<h1>hvinspect: fleet report</h1>\n", f);
	/* provenance: the tool, its libraries, the run (several merged: the first, and how many) */
	if (st.run_line != NULL) {
		fputs("<p class=\"run\">", f);
		esc(f, st.run_tool);
		fputs("<br>", f);
		esc(f, st.run_line);
		if (st.runs > 1)
			fprintf(f, "<br>(the records come from %lu runs: this is the first)", st.runs);
		fputs("</p>\n", f);
	}
	free(st.run_tool);
	free(st.run_line);
	fprintf(f, "<div class=\"counts\"><div><b data-count=\"images\">%lu</b>images</div>"
	    "<div><b data-count=\"installations\">%lu</b>Windows installations</div>"
	    "<div><b data-count=\"errors\">%lu</b>not inspected</div></div>\n",
	    s ? s->images : st.images, st.inst, s ? s->errors : (unsigned long)st.nfail);
	if ((v = calloc(st.used + 1, sizeof *v)) != NULL)
		for (i = 0; i < st.cap; i++)
			if (st.slot[i].key != NULL)
				v[nv++] = &st.slot[i];
	fputs("<p class=\"filter\">A bar shows only the installations behind it; "
	    "<a href=\"#rows\">show all</a>, <a href=\"#failed\">the images not inspected</a>.</p>\n"
	    "<div class=\"charts\">\n", f);
	for (c = 0; v != NULL && c < NCHARTS; c++)
		chart(f, c, v, nv);
	fputs("</div>\n</header>\n</div>\n<script>" FILTER_JS "</script>\n</body></html>\n", f);
	for (i = 0; i < st.cap; i++)
		free(st.slot[i].key);
	free(st.slot);
	free(v);
	memset(&st, 0, sizeof st);
}

static int html_rec(FILE *f, const struct image_report *r, int asked) { return html_record(f, r, asked); }

const struct emitter emit_html = {"html", html_begin, NULL, html_rec, html_end, 0};
