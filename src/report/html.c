/* SPDX-License-Identifier: MIT */
/*
 * html.c: -o html.  One image gets its page (html_one.c); a fleet gets one
 * self-contained, offline page: headline counts and bar charts (inline SVG,
 * each bar a link that shows only the rows behind it, each number also
 * text), one table row per installation, one per image without Windows,
 * one per image that could not be inspected.  Every image is in exactly one
 * of those: an image read in part is among the installations (its error in
 * its rows), not among the images not inspected.
 *
 * Which page it is waits for a second record: the first is held, both as
 * its fleet rows and as its own page.  Then rows are streamed, what the
 * summary needs is kept as counts (one per distinct key of each chart), the
 * host names as a table of names (one host's names grouped at the end),
 * the images without Windows and the failures as their path and a line;
 * the summary is written at the end, placed at the top by the layout (CSS
 * order).  A bar links to #f-CHART-HASH[+HASH...], and the page's one small
 * script hides the rows with none of those classes (FILTER_JS).  The
 * Content-Security-Policy allows nothing but the page's own styles and that
 * one script, by its hash.  The emitter's state is this process's (one
 * report per run).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/safe.h"
#include "base/sbuf.h"
#include "base/strv.h"
#include "facts/sources.h"
#include "report/html.h"
#include "report/out.h"

/*
 * The filter: a bar links to #f-CHART-HASH, or #f-CHART-HASH+HASH... (one
 * host's names); this script, on every change of the address's fragment,
 * hides the rows with none of the classes CHART-HASH (and shows all for any
 * other fragment).  It is the page's only script, and the CSP lets only it
 * run, by its SHA-256 (tests/e2e/html.sh recomputes it).  (A CSS-only
 * filter, body:has(#f-X:target) tr:not(.X), made Chromium take minutes on
 * 10,000 rows.)  Without scripts the page is whole, the bars just do not
 * filter.
 */
#define FILTER_JS "function f(){var m=/^#f-([a-z]+)-([0-9a-f]{8}(?:\\+[0-9a-f]{8})*)$/.exec(location.hash)," \
	"c=m?m[2].split('+'):[],r=document.querySelectorAll('#installations tbody tr'),i,k,s;" \
	"for(i=0;i<r.length;i++){for(s=!m,k=0;!s&&k<c.length;k++)s=r[i].classList.contains(m[1]+'-'+c[k]);" \
	"r[i].style.display=s?'':'none';}}addEventListener('hashchange',f);if(location.hash)f();"
#define FILTER_JS_SHA256 "sha256-GUOfqAyFl6werf5q3YDmPp4GZS1H/C4f09UmqygJ+qc="

enum { C_HOSTNT, C_HOSTNAME, C_KVP, C_WU, C_IC, C_SPOOF, C_WARN, C_OS, NCHARTS };

static const struct {
	const char *id, *title;
	size_t      top; /* bars shown (0: all) */
} charts[NCHARTS] = {
	{"hostnt", "Host version (NT)", 0},
	{"hostname", "Host (top 20; one host's names together)", 20},
	{"kvp", "KVP state", 0},
	{"wu", "Windows Update: IC package offered", 0},
	{"ic", "Integration components", 0},
	{"spoof", "Spoof indicators, by rule", 0},
	{"warn", "Installations with warnings, by kind", 0},
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
/* Names of one host a bar's link filters by (a longer group's bar is not a link). */
#define HOST_LINK_NAMES 64
#define HOST_TITLE_NAMES 20 /* names a bar's tooltip lists */

struct count {
	int      chart;
	uint32_t hash;
	char    *key;
	unsigned long n;
};

/* A host name as the fleet gives it: one per name in any case; one host's names one set (up). */
struct hname {
	char         *key;    /* the name in lower case (ASCII); "" for "not recorded" */
	char         *shown;  /* as first seen */
	uint32_t      hash;   /* the class of rows whose host this is (rows > 0) */
	unsigned long rows;   /* installations whose first name (the row's host) it is */
	size_t        up;     /* union-find parent */
};

/* A bar: its label, count and link (NULL: no link). */
struct bar {
	const char   *label;
	char         *title;  /* the tooltip's text, NULL: label */
	unsigned long n;
	char         *href;
};

static struct {
	struct count *slot;   /* open addressing on (chart, hash) */
	size_t        cap, used;
	struct hname *hn;     /* the host names ... */
	size_t        nhn, hncap;
	size_t       *hidx;   /* ... and their index (open addressing, index + 1) */
	size_t        hidxcap;
	char        **fail;   /* "path\0error" of each image not inspected (a path may hold a TAB, never a NUL) */
	size_t        nfail;
	char        **nowin;  /* "path\0what it holds" of each image inspected without Windows */
	size_t        nnowin;
	char         *run_tool, *run_line; /* the first record's run, in words (provenance) */
	unsigned long runs;   /* distinct runs the records come from */
	unsigned long images, inst, partial;
	int           fleet;  /* the fleet's page was begun (a second record came) */
	char         *held_rows, *held_page, *held_title; /* the first record's, until the page is known */
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

/* --- the host names: one node per name (in any case), one host's names one set ------------------ */

static size_t
hn_root(size_t i)
{
	while (st.hn[i].up != i) {
		st.hn[i].up = st.hn[st.hn[i].up].up; /* path halving */
		i = st.hn[i].up;
	}
	return i;
}

static void
hn_join(size_t a, size_t b)
{
	a = hn_root(a);
	b = hn_root(b);
	if (a != b)
		st.hn[a > b ? a : b].up = a > b ? b : a; /* the older name is the root */
}

/* The node of name (NULL: "not recorded"), added if new: its index, or (size_t)-1 on no memory. */
static size_t
hn_node(const char *name)
{
	char *key = strdup(name ? name : ""), *p;
	uint32_t h;
	size_t i, k;

	if (key == NULL)
		return (size_t)-1;
	for (p = key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	h = fnv(C_HOSTNAME, key);
	if (st.nhn * 2 >= st.hidxcap) {
		size_t ncap = st.hidxcap ? st.hidxcap * 2 : 256, *ni = calloc(ncap, sizeof *ni);
		if (ni == NULL) {
			free(key);
			return (size_t)-1;
		}
		for (k = 0; k < st.nhn; k++) {
			for (i = st.hn[k].hash % ncap; ni[i] != 0; i = (i + 1) % ncap)
				;
			ni[i] = k + 1;
		}
		free(st.hidx);
		st.hidx = ni;
		st.hidxcap = ncap;
	}
	for (i = h % st.hidxcap; st.hidx[i] != 0; i = (i + 1) % st.hidxcap)
		if (st.hn[st.hidx[i] - 1].hash == h && strcmp(st.hn[st.hidx[i] - 1].key, key) == 0) {
			free(key);
			return st.hidx[i] - 1;
		}
	if (st.nhn == st.hncap) {
		size_t ncap = st.hncap ? st.hncap * 2 : 64;
		struct hname *nh = realloc(st.hn, ncap * sizeof *nh);
		if (nh == NULL) {
			free(key);
			return (size_t)-1;
		}
		st.hn = nh;
		st.hncap = ncap;
	}
	k = st.nhn++;
	st.hn[k].key = key;
	st.hn[k].shown = strdup(name ? name : "not recorded");
	st.hn[k].hash = h;
	st.hn[k].rows = 0;
	st.hn[k].up = k;
	st.hidx[i] = k + 1;
	return st.hn[k].shown ? k : (size_t)-1;
}

/* The host names an installation gives, the row's host first (NULL where not recorded). */
static void
host_names(const struct install *in, const char *name[3])
{
	name[0] = html_param(in, "PhysicalHostNameFullyQualified");
	name[1] = html_param(in, "PhysicalHostName");
	name[2] = html_param(in, "HostName");
	if (name[0] != NULL && name[0][0] == '\0')
		name[0] = NULL;
	if (name[0] == NULL) {
		name[0] = name[1] && name[1][0] ? name[1] : name[2] && name[2][0] ? name[2] : NULL;
		if (name[0] == name[1])
			name[1] = NULL;
	}
}

/* An installation's host: its names joined as one host's; the class of its row. */
static int
host_row(const struct install *in, uint32_t *hash)
{
	const char *name[3];
	size_t first, k, n;

	host_names(in, name);
	if ((first = hn_node(name[0])) == (size_t)-1)
		return -1;
	st.hn[first].rows++;
	*hash = st.hn[first].hash;
	for (k = 1; k < 3 && name[0] != NULL; k++) {
		if (name[k] == NULL || name[k][0] == '\0' || name[k] == name[0])
			continue;
		if ((n = hn_node(name[k])) == (size_t)-1)
			return -1;
		hn_join(first, n);
	}
	return 0;
}

struct label_of {
	const char *label; /* the first DNS label of a dotted name (in lower case), not NUL-ended */
	size_t      len, node;
};

static int
by_label(const void *a, const void *b)
{
	const struct label_of *x = a, *y = b;
	int c = strncmp(x->label, y->label, x->len < y->len ? x->len : y->len);

	return c ? c : x->len < y->len ? -1 : x->len > y->len;
}

/*
 * One host's names: a short name is the host of the one full name whose
 * first label it is (tphost, tphost.lab.example; one_host_name), never of
 * two (host1.a.example and host1.b.example are two hosts).
 */
static void
hn_join_short(void)
{
	struct label_of *l = calloc(st.nhn + 1, sizeof *l), want;
	size_t n = 0, i, lo, hi, mid;

	if (l == NULL)
		return;
	for (i = 0; i < st.nhn; i++) {
		const char *dot = strchr(st.hn[i].key, '.');
		if (dot != NULL && dot > st.hn[i].key) {
			l[n].label = st.hn[i].key;
			l[n].len = (size_t)(dot - st.hn[i].key);
			l[n++].node = i;
		}
	}
	qsort(l, n, sizeof *l, by_label);
	for (i = 0; i < st.nhn; i++) {
		if (st.hn[i].key[0] == '\0' || strchr(st.hn[i].key, '.') != NULL)
			continue;
		want.label = st.hn[i].key;
		want.len = strlen(st.hn[i].key);
		for (lo = 0, hi = n; lo < hi;) { /* the first label >= want */
			mid = lo + (hi - lo) / 2;
			if (by_label(&l[mid], &want) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && by_label(&l[lo], &want) == 0 && (lo + 1 == n || by_label(&l[lo + 1], &want) != 0))
			hn_join(i, l[lo].node);
	}
	free(l);
}

static int
bar_by_count(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->label, y->label);
}

/*
 * The hosts' bars: one per host (its names' rows added up), labelled by its
 * most used full name, its tooltip every name, linked to all its names'
 * rows.  *nb: how many; NULL on no memory.
 */
static struct bar *
host_bars(size_t *nb)
{
	struct bar *b = calloc(st.nhn + 1, sizeof *b);
	size_t *bar_of = calloc(st.nhn + 1, sizeof *bar_of), *best = calloc(st.nhn + 1, sizeof *best);
	size_t *links = calloc(st.nhn + 1, sizeof *links), *names = calloc(st.nhn + 1, sizeof *names);
	size_t i, r, n = 0;
	int ok = 0;

	*nb = 0;
	if (b == NULL || bar_of == NULL || best == NULL || links == NULL || names == NULL)
		goto fail;
	hn_join_short();
	for (i = 0; i < st.nhn; i++) {
		r = hn_root(i);
		if (bar_of[r] == 0) {
			bar_of[r] = ++n;
			best[n - 1] = i;
		}
		struct bar *x = &b[bar_of[r] - 1];
		const struct hname *h = &st.hn[i], *cur = &st.hn[best[bar_of[r] - 1]];
		x->n += h->rows;
		/* the label: a full name before a short one, then the most rows */
		if ((strchr(h->key, '.') != NULL) > (strchr(cur->key, '.') != NULL) ||
		    ((strchr(h->key, '.') != NULL) == (strchr(cur->key, '.') != NULL) && h->rows > cur->rows))
			best[bar_of[r] - 1] = i;
		if (h->rows > 0 && ++links[bar_of[r] - 1] <= HOST_LINK_NAMES) {
			char *nh = str_printf("%s%s%08x", x->href ? x->href : "#f-hostname-", x->href ? "+" : "", h->hash);
			if (nh == NULL)
				goto fail;
			free(x->href);
			x->href = nh;
		}
		/* the tooltip: the first HOST_TITLE_NAMES names (a longer one would be built in O(n^2)) */
		if (++names[bar_of[r] - 1] <= HOST_TITLE_NAMES &&
		    (x->title == NULL ? (x->title = strdup(h->shown)) == NULL :
		    str_setf(&x->title, "%s, %s", x->title, h->shown) != 0))
			goto fail;
	}
	for (i = 0; i < n; i++) {
		b[i].label = st.hn[best[i]].shown;
		if (names[i] > HOST_TITLE_NAMES && str_setf(&b[i].title, "%s and %zu more names", b[i].title,
		    names[i] - HOST_TITLE_NAMES) != 0)
			goto fail;
		if (links[i] > HOST_LINK_NAMES) {
			free(b[i].href);
			b[i].href = NULL;
		}
	}
	/* a host of no installation (a name only ever given beside another) has no bar of its own */
	for (i = r = 0; i < n; i++)
		if (b[i].n > 0)
			b[r++] = b[i];
		else {
			free(b[i].href);
			free(b[i].title);
		}
	n = r;
	ok = 1;
fail:
	for (i = 0; !ok && b != NULL && i < n; i++) {
		free(b[i].href);
		free(b[i].title);
	}
	if (!ok) {
		free(b);
		b = NULL;
	}
	free(bar_of);
	free(best);
	free(links);
	free(names);
	*nb = ok ? n : 0;
	return b;
}

/* --- what both pages share ------------------------------------------------------------------------- */

void
html_esc(struct sbuf *f, const char *s)
{
	char *e, *p;

	if (s == NULL)
		return;
	e = safe_dup(s, 0);
	for (p = e ? e : ""; *p; p++) {
		switch (*p) {
		case '&': sb_puts(f, "&amp;"); break;
		case '<': sb_puts(f, "&lt;"); break;
		case '>': sb_puts(f, "&gt;"); break;
		case '"': sb_puts(f, "&quot;"); break;
		case '\'': sb_puts(f, "&#39;"); break;
		default: sb_putc(f, *p);
		}
	}
	free(e);
}

void
html_cell(struct sbuf *f, const char *s)
{
	sb_puts(f, "<td>");
	html_esc(f, s);
	sb_puts(f, "</td>");
}

void
html_cite(struct sbuf *f, const char *s, unsigned char cited[HTML_MAX_SOURCE])
{
	const char *p, *q, *from;
	char *part;

	if (s == NULL)
		return;
	for (from = p = s; (p = strchr(p, '[')) != NULL; p = q) {
		long n = 0;
		for (q = p + 1; *q >= '0' && *q <= '9' && n < HTML_MAX_SOURCE; q++)
			n = n * 10 + (*q - '0');
		if (q == p + 1 || *q != ']' || n >= HTML_MAX_SOURCE || source_get(n) == NULL)
			continue;
		if ((part = malloc((size_t)(p - from) + 1)) != NULL) {
			memcpy(part, from, (size_t)(p - from));
			part[p - from] = '\0';
			html_esc(f, part);
			free(part);
		}
		sb_printf(f, "<a href=\"#src-%ld\">[%ld]</a>", n, n);
		cited[n] = 1;
		from = ++q;
	}
	html_esc(f, from);
}

const char *
html_param(const struct install *in, const char *name)
{
	const struct regval *v = regval_find(in->kvp.params, in->kvp.nparams, name);

	return v != NULL && v->kind == RV_STRING ? v->str : NULL;
}

const char *
html_host_nt(const struct install *in, char *buf, size_t n)
{
	if (in->host.major < 0 || in->host.minor < 0)
		return NULL;
	if (in->host.name != NULL)
		snprintf(buf, n, "%d.%d (%s)", in->host.major, in->host.minor, in->host.name);
	else
		snprintf(buf, n, "%d.%d", in->host.major, in->host.minor);
	return buf;
}

void
html_head(struct sbuf *f, const char *title, const char *script_hash, const char *extra_css)
{
	sb_puts(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'");
	if (script_hash != NULL)
		sb_printf(f, "; script-src '%s'", script_hash);
	sb_puts(f, "\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_esc(f, title);
	sb_puts(f, "</title>\n<style>\n"
	    "body{font:14px system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}\n"
	    "#page{display:flex;flex-direction:column;padding:1em 2em}\n"
	    "h1{font-size:1.4em;margin:.2em 0;overflow-wrap:anywhere}h2{font-size:1.15em;margin:1.2em 0 .4em}\n"
	    "h3{font-size:1em;margin:1em 0 .3em}\n"
	    "table{border-collapse:collapse;background:#fff;width:100%;table-layout:fixed}\n"
	    "th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}\n"
	    "th{background:#eef1f5}\n"
	    ".error{color:#a00000}\n");
	sb_puts(f, extra_css);
	sb_puts(f, "</style></head><body><div id=\"page\">\n");
}

void
html_run(struct sbuf *f, const char *tool, const char *line, unsigned long runs)
{
	if (line == NULL)
		return;
	sb_puts(f, "<p class=\"run\">");
	html_esc(f, tool);
	sb_puts(f, "<br>");
	html_esc(f, line);
	if (runs > 1)
		sb_printf(f, "<br>(the records come from %lu runs: this is the first)", runs);
	sb_puts(f, "</p>\n");
}

/* --- a fleet's page -------------------------------------------------------------------------------- */

static const char fleet_css[] =
    "#summary{order:-1}\n"
    ".counts{display:flex;flex-wrap:wrap;gap:1.5em;margin:.6em 0 1em}\n"
    ".counts div{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5em 1em}\n"
    ".counts b{display:block;font-size:1.6em}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1em}\n"
    "figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em}\n"
    "figcaption{font-weight:600;margin-bottom:.3em}\n"
    "svg a text{fill:#1b1b1b}svg a rect{fill:#4a7ab5}svg a:hover rect{fill:#d06a1b}svg rect{fill:#8aa4c8}\n"
    /*
     * The tables (class rows): each row its own fixed-layout table inside block
     * row groups, so that a browser lays out only the blocks of rows in view
     * (content-visibility does nothing to a table's own row groups: 100,000
     * rows took 45 to 66 s to show in Chromium here, 6.0 to 6.7 s so).  The
     * columns' widths are the cells'.  The first NEAR_BODIES blocks are always
     * laid out, then blocks of class "far"; every block but the last holds
     * ROWS_PER_BODY rows, which its guessed height is for, and the last
     * (perhaps short) is always laid out.
     */
    ".rows,.rows thead,.rows tbody{display:block}\n"
    ".rows tr{display:table;table-layout:fixed;width:100%}\n"
    ".rows td{border-top:0}\n"
    ".rows tbody.far:not(:last-child){content-visibility:auto;contain-intrinsic-size:auto 40000px}\n"
    "#errors tr>:nth-child(1),#nowindows tr>:nth-child(1){width:30%}\n"
    "#installations tr>:nth-child(1){width:14%}#installations tr>:nth-child(2){width:6%}"
    "#installations tr>:nth-child(3){width:10%}#installations tr>:nth-child(4){width:6%}"
    "#installations tr>:nth-child(5){width:8%}#installations tr>:nth-child(6){width:12%}"
    "#installations tr>:nth-child(7){width:8%}#installations tr>:nth-child(8){width:8%}"
    "#installations tr>:nth-child(9){width:7%}#installations tr>:nth-child(10){width:8%}"
    "#installations tr>:nth-child(11){width:13%}\n"
    "td.w{color:#8a4b00;font-size:.9em}\n"
    ".filter{margin:.5em 0}\n";

static const char one_css[] =
    "header{margin-bottom:.5em}\n"
    ".facts th{width:14em}\n"
    ".verdict{background:#fff;border:1px solid #ddd;border-left:4px solid #4a7ab5;padding:.2em 1em;margin:.5em 0}\n"
    ".offered{color:#8a4b00}.hash{font-family:monospace;font-size:.9em}\n"
    "section.installation{border-top:2px solid #4a7ab5;margin-top:1.5em}\n"
    "tr.weak td{color:#555;font-style:italic}tr.disagreed td{color:#a00000}\n"
    ".warnings li{color:#8a4b00}.kind{color:#555;font-size:.85em}.url{font-family:monospace;overflow-wrap:anywhere}\n";

/* The classes of one installation's row, counting each key. */
static int
row_keys(const struct image_report *r, const struct install *in, char *cls, size_t n)
{
	char nt[96];
	const char *key[NCHARTS], *s;
	uint64_t kinds = 0;
	uint32_t h;
	size_t at = 0, i, k;
	int c;

	s = html_host_nt(in, nt, sizeof nt);
	key[C_HOSTNT] = s ? s : "not recorded";
	key[C_KVP] = kvp_state_name(in->kvp.state);
	key[C_WU] = in->wu.offered > 0 ? (in->wu.package ? in->wu.package : "offered") :
	    in->wu.offered == 0 ? "not offered" : "unknown";
	key[C_IC] = ic_status_name(in->ic.status);
	key[C_OS] = in->os.name ? in->os.name : in->os.product_name ? in->os.product_name : "unknown";
	at += (size_t)snprintf(cls + at, n - at, "r%s", r->error ? " partial" : "");
	for (c = 0; c < NCHARTS; c++) {
		if (c == C_SPOOF || c == C_WARN)
			continue;
		if (c == C_HOSTNAME ? host_row(in, &h) != 0 : count(c, key[c], &h) != 0)
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
	/* each kind of warning the row shows (its own and its image's), once */
	for (i = 0; i < in->warn.n + r->warn.n; i++)
		kinds |= 1ull << (i < in->warn.n ? in->warn.kind[i] : r->warn.kind[i - in->warn.n]);
	for (k = 0; k < W_NKINDS; k++) {
		if (!(kinds & (1ull << k)))
			continue;
		if (count(C_WARN, warn_id((unsigned)k), &h) != 0)
			return -1;
		at += (size_t)snprintf(cls + at, at < n ? n - at : 0, " warn-%08x", h);
	}
	return 0;
}

/* Close a block of rows and open block n (0: the first). */
static void
body_next(struct sbuf *f, size_t n)
{
	sb_puts(f, n < NEAR_BODIES ? "</tbody><tbody>\n" : "</tbody><tbody class=\"far\">\n");
}

/* The fleet's page up to its installations' rows. */
static void
fleet_begin(struct sbuf *f)
{
	html_head(f, "hvinspect: fleet report", FILTER_JS_SHA256, fleet_css);
	sb_puts(f, "<main>\n<h2 id=\"rows\">Installations</h2>\n"
	    "<table id=\"installations\" class=\"rows\"><thead><tr><th>image</th><th>partition</th><th>guest OS</th>"
	    "<th>KVP</th><th>host version</th><th>host name</th><th>VM name</th><th>Windows Update</th>"
	    "<th>ICs</th><th>indicators</th><th>warnings</th></tr></thead><tbody>\n");
}

/* One installation's row. */
static int
row(struct sbuf *f, const struct image_report *r, const struct install *in)
{
	char cls[2048], nt[96];
	const char *name[3];
	size_t k, w = 0;

	if (st.inst++ > 0 && st.inst % ROWS_PER_BODY == 1)
		body_next(f, st.inst / ROWS_PER_BODY);
	if (row_keys(r, in, cls, sizeof cls) != 0)
		return -1;
	sb_printf(f, "<tr class=\"%s\">", cls);
	html_cell(f, r->path);
	sb_printf(f, "<td>%u</td>", in->partition);
	html_cell(f, in->os.name ? in->os.name : in->os.product_name);
	html_cell(f, kvp_state_name(in->kvp.state));
	html_cell(f, html_host_nt(in, nt, sizeof nt));
	host_names(in, name);
	sb_puts(f, "<td>");
	html_esc(f, name[0]);
	for (k = 1; k < 3; k++)
		if (name[k] != NULL && name[k][0] && name[0] != NULL && strcasecmp(name[k], name[0]) != 0 &&
		    (k == 1 || name[1] == NULL || strcasecmp(name[k], name[1]) != 0)) {
			sb_puts(f, w++ ? ", " : " (");
			html_esc(f, name[k]);
		}
	sb_puts(f, w ? ")</td>" : "</td>");
	html_cell(f, html_param(in, "VirtualMachineName"));
	html_cell(f, in->wu.offered > 0 ? (in->wu.package ? in->wu.package : "offered") :
	    in->wu.offered == 0 ? "not offered" : "unknown");
	html_cell(f, ic_status_name(in->ic.status));
	sb_puts(f, "<td>");
	for (k = 0; k < in->nspoof; k++) {
		sb_puts(f, k ? "<br>" : "");
		html_esc(f, in->spoof[k].rule);
	}
	sb_puts(f, "</td><td class=\"w\">");
	if (r->error != NULL) {
		sb_puts(f, "<span class=\"error\">read in part: ");
		html_esc(f, r->error);
		sb_puts(f, "</span>");
	}
	for (k = 0; k < in->warn.n + r->warn.n; k++) {
		sb_puts(f, k || r->error ? "<br>" : "");
		html_esc(f, k < in->warn.n ? in->warn.text[k] : r->warn.text[k - in->warn.n]);
	}
	sb_puts(f, "</td></tr>\n");
	return 0;
}

/* "path\0line" appended to *v: 0, or -1 on no memory. */
static int
keep_pair(char ***v, size_t *n, const char *path, const char *line)
{
	size_t lp = strlen(path), ll = strlen(line);
	char *s = malloc(lp + ll + 2);
	char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv != NULL)
		*v = nv;
	if (s == NULL || nv == NULL) {
		free(s);
		return -1;
	}
	memcpy(s, path, lp + 1);
	memcpy(s + lp + 1, line, ll + 1);
	nv[(*n)++] = s;
	return 0;
}

/* What an image without Windows holds, in a line: "vhdx, GPT; partitions: 1 ntfs, 2 fat". */
static char *
holds(const struct image_report *r)
{
	char *s = str_printf("%s%s%s", r->have_image ? r->image.format : "disk",
	    r->scheme == SCHEME_UNREAD ? "" : ", ",
	    r->scheme == SCHEME_UNREAD ? "" : r->scheme == SCHEME_NONE ? "no partition table" : part_scheme_name(r->scheme));
	size_t i;

	for (i = 0; s != NULL && i < r->nparts && i < 16; i++)
		if (str_setf(&s, "%s%s%u %s", s, i ? ", " : "; partitions: ", r->parts[i].idx,
		    r->parts[i].probed ? fs_kind_name(r->parts[i].fs) : "not read") != 0) {
			free(s);
			return NULL;
		}
	if (s != NULL && r->nparts > 16 && str_setf(&s, "%s, and %zu more", s, r->nparts - 16) != 0) {
		free(s);
		return NULL;
	}
	for (i = 0; s != NULL && i < r->warn.n && i < 8; i++)
		if (str_setf(&s, "%s; %s", s, r->warn.text[i]) != 0) {
			free(s);
			return NULL;
		}
	if (s != NULL && r->warn.n > 8 && str_setf(&s, "%s; and %zu more warnings", s, r->warn.n - 8) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* A record's fleet rows, or for an image without installations, its line in its table. */
static int
fleet_rows(struct sbuf *f, const struct image_report *r)
{
	size_t i;

	if (r->ninst == 0) {
		char *what = r->error ? NULL : holds(r);
		int rc = r->error ? keep_pair(&st.fail, &st.nfail, r->path, r->error) :
		    what ? keep_pair(&st.nowin, &st.nnowin, r->path, what) : -1;
		free(what);
		return rc;
	}
	st.partial += r->error != NULL;
	for (i = 0; i < r->ninst; i++)
		if (row(f, r, &r->inst[i]) != 0)
			return -1;
	return 0;
}

/* What fn writes of r, in memory: owned, or NULL. */
static char *
held(int (*fn)(struct sbuf *, const struct image_report *), const struct image_report *r)
{
	struct sbuf m = SBUF_MEM;
	char *s;

	if (fn(&m, r) != 0) {
		free(sb_take(&m, NULL));
		return NULL;
	}
	s = sb_take(&m, NULL);
	return s;
}

static int one_page(struct sbuf *f, const struct image_report *r) { html_one_image(f, r); return 0; }

static void
html_begin(FILE *f, const struct image_report *first)
{
	(void)f;
	(void)first;
	memset(&st, 0, sizeof st);
}

static int
html_record(FILE *out, const struct image_report *r, int asked)
{
	struct sbuf o = SBUF_FILE(out), *f = &o;

	(void)asked;
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
	if (st.images == 1) {
		/* the first: held as its rows and as its page, until a second comes or the end */
		if ((st.held_rows = held(fleet_rows, r)) == NULL || (st.held_page = held(one_page, r)) == NULL ||
		    (st.held_title = str_printf("hvinspect: %s", r->path)) == NULL)
			return -1;
		return 0;
	}
	if (!st.fleet) {
		st.fleet = 1;
		fleet_begin(f);
		sb_puts(f, st.held_rows);
		free(st.held_rows);
		free(st.held_page);
		free(st.held_title);
		st.held_rows = st.held_page = st.held_title = NULL;
	}
	if (fleet_rows(f, r) != 0)
		return -1;
	return ferror(out) ? -1 : 0;
}

/* The bars of a chart of counts, labelled by their keys (warnings: by their kind's title). */
static struct bar *
count_bars(int c, size_t *nb)
{
	struct bar *b = calloc(st.used + 1, sizeof *b);
	size_t i, n = 0;
	enum warn_kind k;

	*nb = 0;
	if (b == NULL)
		return NULL;
	for (i = 0; i < st.cap; i++) {
		if (st.slot[i].key == NULL || st.slot[i].chart != c)
			continue;
		b[n].label = c == C_WARN && warn_named(st.slot[i].key, &k) == 0 ? warn_title(k) : st.slot[i].key;
		b[n].n = st.slot[i].n;
		if ((b[n++].href = str_printf("#f-%s-%08x", charts[c].id, st.slot[i].hash)) == NULL)
			break;
	}
	*nb = n;
	return b;
}

/* A label for a bar: escaped, then cut to 26 bytes on a character boundary. */
static void
label(struct sbuf *f, const char *key)
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
	html_esc(f, e);
	free(e);
}

/* One chart: bars (links that filter the rows), each with its label and number as text. */
static void
chart(struct sbuf *f, int c)
{
	struct bar *v;
	size_t n = 0, i, shown;
	unsigned long max = 1, other = 0;

	v = c == C_HOSTNAME ? host_bars(&n) : count_bars(c, &n);
	if (v != NULL)
		qsort(v, n, sizeof *v, bar_by_count);
	shown = charts[c].top && n > charts[c].top ? charts[c].top : n;
	for (i = shown; i < n; i++)
		other += v[i].n;
	if (n > 0)
		max = v[0].n;
	sb_printf(f, "<figure id=\"chart-%s\"><figcaption>%s</figcaption>\n", charts[c].id, charts[c].title);
	if (n == 0)
		sb_puts(f, "<p>none</p>");
	else
		sb_printf(f, "<svg role=\"list\" width=\"400\" height=\"%zu\" viewBox=\"0 0 400 %zu\">\n",
		    (shown + (other > 0)) * 22 + 4, (shown + (other > 0)) * 22 + 4);
	for (i = 0; i < shown; i++) {
		/* bar at most 110 wide: a seven-digit count still fits after it */
		unsigned w = (unsigned)(110.0 * (double)v[i].n / (double)max + 0.5);
		if (w == 0)
			w = 1;
		if (v[i].href != NULL)
			sb_printf(f, "<a role=\"listitem\" href=\"%s\" data-chart=\"%s\" data-count=\"%lu\">", v[i].href,
			    charts[c].id, v[i].n);
		else
			sb_printf(f, "<g role=\"listitem\" data-count=\"%lu\">", v[i].n);
		sb_puts(f, "<title>");
		html_esc(f, v[i].title ? v[i].title : v[i].label);
		sb_printf(f, ": %lu</title><rect x=\"215\" y=\"%zu\" width=\"%u\" height=\"16\"/><text x=\"0\" y=\"%zu\">",
		    v[i].n, i * 22 + 4, w, i * 22 + 17);
		label(f, v[i].label);
		sb_printf(f, "</text><text x=\"%u\" y=\"%zu\">%lu</text>%s\n", 220 + w, i * 22 + 17, v[i].n,
		    v[i].href ? "</a>" : "</g>");
	}
	if (other > 0)
		sb_printf(f, "<text x=\"0\" y=\"%zu\">%zu others: %lu</text>\n", shown * 22 + 17, n - shown, other);
	sb_puts(f, n ? "</svg></figure>\n" : "</figure>\n");
	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].href);
		free(v[i].title);
	}
	free(v);
}

/* Images by path and a line, in a table of their own (id), then freed. */
static void
pairs_table(struct sbuf *f, const char *id, const char *cls, const char *head, char **v, size_t n)
{
	size_t i;

	sb_printf(f, "<table id=\"%s\" class=\"rows\"><thead><tr><th>image</th><th>%s</th></tr></thead><tbody>\n", id, head);
	for (i = 0; i < n; i++) {
		if (i > 0 && i % ROWS_PER_BODY == 0)
			body_next(f, i / ROWS_PER_BODY);
		sb_printf(f, "<tr class=\"%s\">", cls);
		html_cell(f, v[i]);
		html_cell(f, v[i] + strlen(v[i]) + 1);
		sb_puts(f, "</tr>\n");
		free(v[i]);
	}
	free(v);
	sb_puts(f, "</tbody></table>\n");
}

static void
html_end(FILE *out, const struct summary *s)
{
	struct sbuf o = SBUF_FILE(out), *f = &o;
	size_t i;
	int c;

	(void)s;
	if (st.images == 1) {
		/* one image: its own page */
		html_head(f, st.held_title ? st.held_title : "hvinspect", NULL, one_css);
		sb_puts(f, "<header><h1>");
		html_esc(f, st.held_title ? st.held_title : "hvinspect");
		sb_puts(f, "</h1>\n");
		html_run(f, st.run_tool, st.run_line, st.runs);
		sb_puts(f, "</header>\n");
		sb_puts(f, st.held_page ? st.held_page : "");
		sb_puts(f, "</div>\n</body></html>\n");
	} else {
		if (!st.fleet)
			fleet_begin(f); /* no image at all */
		sb_puts(f, "</tbody></table>\n<h2 id=\"nowin\">Inspected, no Windows installation found</h2>\n");
		pairs_table(f, "nowindows", "n", "what it holds", st.nowin, st.nnowin);
		sb_puts(f, "<h2 id=\"failed\">Not inspected</h2>\n");
		pairs_table(f, "errors", "e", "error", st.fail, st.nfail);
		st.nowin = st.fail = NULL;
		sb_puts(f, "</main>\n<header id=\"summary\">\n<h1>hvinspect: fleet report</h1>\n");
		html_run(f, st.run_tool, st.run_line, st.runs);
		/* each image is in one of the last four counts (one read in part: with the installations) */
		sb_printf(f, "<div class=\"counts\"><div><b data-count=\"images\">%lu</b>images</div>"
		    "<div><b data-count=\"installations\">%lu</b>Windows installations</div>"
		    "<div><b data-count=\"with-windows\">%lu</b>images with Windows</div>"
		    "<div><b data-count=\"partial\">%lu</b>of them read in part</div>"
		    "<div><b data-count=\"nowindows\">%zu</b>without Windows</div>"
		    "<div><b data-count=\"errors\">%zu</b>not inspected</div></div>\n",
		    st.images, st.inst, st.images - st.nnowin - st.nfail, st.partial, st.nnowin, st.nfail);
		sb_puts(f, "<p class=\"filter\">A bar shows only the installations behind it; "
		    "<a href=\"#rows\">show all</a>, <a href=\"#nowin\">the images without Windows</a>, "
		    "<a href=\"#failed\">the images not inspected</a>.</p>\n<div class=\"charts\">\n");
		for (c = 0; c < NCHARTS; c++)
			chart(f, c);
		sb_puts(f, "</div>\n</header>\n</div>\n<script>" FILTER_JS "</script>\n</body></html>\n");
	}
	for (i = 0; i < st.cap; i++)
		free(st.slot[i].key);
	free(st.slot);
	for (i = 0; i < st.nhn; i++) {
		free(st.hn[i].key);
		free(st.hn[i].shown);
	}
	free(st.hn);
	free(st.hidx);
	strv_free(st.fail, st.nfail);
	strv_free(st.nowin, st.nnowin);
	free(st.run_tool);
	free(st.run_line);
	free(st.held_rows);
	free(st.held_page);
	free(st.held_title);
	memset(&st, 0, sizeof st);
}

static int html_rec(FILE *f, const struct image_report *r, int asked) { return html_record(f, r, asked); }

const struct emitter emit_html = {"html", html_begin, NULL, html_rec, html_end, 0};
