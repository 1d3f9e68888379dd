/* SPDX-License-Identifier: MIT */
/*
 * xcheck.c: the --cross-check's comparison (xcheck.h).  Each fact is named
 * as the JSON report names it ("kvp.guest_parameters.values.HostName"), and
 * each reading is shown as text ("REG_SZ \"6\""): the emitters escape it,
 * as every text from an image.  Values are compared whole (type, how the
 * data decoded, every decoded byte, the anomaly flags), in stored order.
 *
 * The one known difference of the two hive readers (tests/hivecmp.sh): a
 * compressed (one byte a character) name byte 0x80-0x9f is widened to
 * U+0080-U+009F by Windows, as by us, and decoded as Windows-1252 by
 * libregf ("\x9f" -> U+0178).  A name that differs only so is "explained".
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "facts/xcheck.h"
#include "reg/hive.h"

#define SHOW_BYTES 32   /* bytes of binary data shown in a reading */
#define SHOW_STR   200  /* bytes of a string shown */
#define SHOW_MAX   1024 /* bytes of a reading */

/* Append one fact to a list: 0, or -1 on no memory. */
static int
add(struct xfact **v, size_t *n, const char *fact, const char *ours, const char *lib, const char *why)
{
	struct xfact *nv = realloc(*v, (*n + 1) * sizeof *nv), *x;

	if (nv == NULL)
		return -1;
	*v = nv;
	x = &nv[*n];
	memset(x, 0, sizeof *x);
	x->fact = strdup(fact);
	x->ours = ours ? strdup(ours) : NULL;
	x->libyal = lib ? strdup(lib) : NULL;
	x->why = why ? strdup(why) : NULL;
	(*n)++;
	if (x->fact == NULL || (ours && !x->ours) || (lib && !x->libyal) || (why && !x->why))
		return -1;
	return 0;
}

int
xcheck_not_checked(struct cross_check *xc, const char *fact, const char *why)
{
	return add(&xc->not_checked, &xc->nnot_checked, fact, NULL, NULL, why);
}

/* One fact as two texts (NULL: absent or unknown on that side). */
static int
fact_str(struct cross_check *xc, const char *fact, const char *ours, const char *lib)
{
	if ((ours == NULL && lib == NULL) || (ours != NULL && lib != NULL && strcmp(ours, lib) == 0)) {
		xc->agreed++;
		return 0;
	}
	return add(&xc->disagreed, &xc->ndisagreed, fact, ours, lib, NULL);
}

int
xcheck_fact(struct cross_check *xc, const char *fact, const char *ours, const char *lib)
{
	return fact_str(xc, fact, ours, lib);
}

/* A number fact; unknown (< 0) shows as absent. */
static int
fact_num(struct cross_check *xc, const char *fact, long long ours, long long lib)
{
	char a[32], b[32];

	snprintf(a, sizeof a, "%lld", ours);
	snprintf(b, sizeof b, "%lld", lib);
	return fact_str(xc, fact, ours < 0 ? NULL : a, lib < 0 ? NULL : b);
}

/* A reading as text, built in a fixed buffer (long data is cut: equality is same_data's). */
struct text {
	char   s[SHOW_MAX];
	size_t n;
};

static void
put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (t->n >= sizeof t->s - 1)
		return;
	va_start(ap, fmt);
	k = vsnprintf(t->s + t->n, sizeof t->s - t->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		t->n = t->n + (size_t)k < sizeof t->s ? t->n + (size_t)k : sizeof t->s - 1;
}

/* A string, quoted, cut at SHOW_STR bytes (on a UTF-8 boundary). */
static void
put_str(struct text *t, const char *s)
{
	size_t n = strlen(s), cut = n > SHOW_STR ? SHOW_STR : n;

	while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	put(t, "\"%.*s\"%s", (int)cut, s, cut < n ? "..." : "");
}

/* "REG_SZ \"text\"", "REG_DWORD 3", "REG_BINARY 4 bytes: 01020304", named when asked: owned. */
static char *
show(const struct regval *v, int named)
{
	struct text t;
	char tb[16];
	size_t i;

	t.n = 0;
	t.s[0] = '\0';
	if (named) {
		put_str(&t, v->name);
		put(&t, " ");
	}
	put(&t, "%s", regval_type_of(v, tb));
	switch (v->kind) {
	case RV_STRING:
		put(&t, " ");
		put_str(&t, v->str ? v->str : "");
		break;
	case RV_INT:
		put(&t, " %" PRIu64, v->num);
		break;
	case RV_MULTI:
		put(&t, " [");
		for (i = 0; i < v->nmulti; i++) {
			put(&t, "%s", i ? ", " : "");
			put_str(&t, v->multi[i]);
		}
		put(&t, "]");
		break;
	default:
		put(&t, " %zu bytes", v->nbin);
		for (i = 0; i < v->nbin && i < SHOW_BYTES; i++)
			put(&t, "%s%02x", i ? "" : ": ", v->bin[i]);
		put(&t, "%s", v->nbin > SHOW_BYTES ? "..." : "");
	}
	if (v->flags & RVF_DATA_FLAGS) {
		const char *an[8];
		size_t k, na = regval_anomalies(v, an, 8);
		for (k = 0; k < na; k++)
			put(&t, "%s%s", k ? ", " : " (", an[k]);
		put(&t, "%s", na ? ")" : "");
	}
	return strdup(t.s);
}

/* Same type, same decoding, same data, same anomalies. */
static int
same_data(const struct regval *a, const struct regval *b)
{
	size_t i;

	if (a->type != b->type || a->kind != b->kind || (a->flags & RVF_DATA_FLAGS) != (b->flags & RVF_DATA_FLAGS))
		return 0;
	if (a->nbin != b->nbin || (a->nbin && memcmp(a->bin, b->bin, a->nbin) != 0))
		return 0;
	switch (a->kind) {
	case RV_STRING:
		return strcmp(a->str ? a->str : "", b->str ? b->str : "") == 0;
	case RV_INT:
		return a->num == b->num;
	case RV_MULTI:
		if (a->nmulti != b->nmulti)
			return 0;
		for (i = 0; i < a->nmulti; i++)
			if (strcmp(a->multi[i], b->multi[i]) != 0)
				return 0;
		return 1;
	default:
		return 1;
	}
}

/* Windows-1252's characters for the bytes 0x80-0x9f (0: the byte is undefined there). */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
	0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
	0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* Is lib what libregf makes of a name we read as ours (U+0080-U+009F as Windows-1252)? */
static int
cp1252_of(const char *ours, const char *lib)
{
	char buf[4 * 1024 + 8];
	size_t at = 0;
	const unsigned char *p = (const unsigned char *)ours;
	int changed = 0;

	while (*p && at + 4 < sizeof buf) {
		/* U+0080-U+009F are C2 80 - C2 9F in UTF-8 */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f && cp1252[p[1] - 0x80] != 0) {
			unsigned c = cp1252[p[1] - 0x80]; /* U+0152-U+2122: two or three bytes */
			if (c < 0x800) {
				buf[at++] = (char)(0xc0 | (c >> 6));
			} else {
				buf[at++] = (char)(0xe0 | (c >> 12));
				buf[at++] = (char)(0x80 | ((c >> 6) & 0x3f));
			}
			buf[at++] = (char)(0x80 | (c & 0x3f));
			p += 2;
			changed = 1;
			continue;
		}
		buf[at++] = (char)*p++;
	}
	if (*p)
		return 0;
	buf[at] = '\0';
	return changed && strcmp(buf, lib) == 0;
}

/*
 * libregf 20201007 gives a string value's data only up to its terminating
 * NUL: what is stored after it (data-after-nul; an odd last byte) only our
 * reader sees.  The same text, with ours flagging only that, is explained.
 */
static int
cut_at_nul(const struct regval *ours, const struct regval *lib)
{
	const unsigned tail = RVF_AFTER_NUL | RVF_ODD_LENGTH;

	return ours->type == lib->type && ours->kind == RV_STRING && lib->kind == RV_STRING &&
	    strcmp(ours->str ? ours->str : "", lib->str ? lib->str : "") == 0 &&
	    (ours->flags & RVF_DATA_FLAGS & ~tail) == (lib->flags & RVF_DATA_FLAGS) &&
	    (lib->flags & tail) == 0 && (ours->flags & tail) != 0;
}

static const char WHY_NUL[] = "libregf gives a string's data only up to its terminating NUL: "
    "the bytes stored after it (flagged by ours) it does not show";

/* libregf's known misreadings the adapter saw in the value's cell (regval.h RVF_LIB_*). */
static const char *
lib_defect(const struct regval *ours, const struct regval *lib)
{
	if (ours->type != lib->type)
		return NULL;
	if ((lib->flags & RVF_LIB_TAIL) && ours->nbin == lib->nbin)
		return "1-3 bytes kept in the value cell itself: libregf 20201007 gives the field's "
		    "last bytes, Windows and ours its first (the value's cell checked)";
	if (lib->flags & RVF_LIB_SIZE) {
		int prefix = ours->kind == RV_STRING && lib->kind == RV_STRING ?
		    strncmp(ours->str ? ours->str : "", lib->str ? lib->str : "", strlen(ours->str ? ours->str : "")) == 0 :
		    ours->nbin <= lib->nbin && (ours->nbin == 0 || memcmp(ours->bin, lib->bin, ours->nbin) == 0);
		if (prefix)
			return "libregf 20201007 gives the whole data cell, past the size the value "
			    "declares: the bytes after it are the cell's slack (the value's cell checked)";
	}
	return NULL;
}

static const char WHY_NAME_NUL[] = "a name holding U+0000: every code unit kept by us, cut there by "
    "libregf 20201007, which cannot tell it from the shorter name";

/* Is lib ours cut at ours's first U+0000 (base/utf.h: a name is a counted string, libregf stops there)? */
static int
name_cut(const char *ours, const char *lib)
{
	const char *nul = strstr(ours, UTF_NUL);

	return nul != NULL && strlen(lib) == (size_t)(nul - ours) && strncmp(ours, lib, strlen(lib)) == 0;
}

static const char WHY_CP1252[] = "a compressed name with a byte 0x80-0x9f: widened to U+0080-U+009F "
    "by Windows and by us, decoded as Windows-1252 by libregf";

/* The values a[0..na) and b[0..nb) of one key, in stored order, as facts PREFIX.NAME. */
static int
values(struct cross_check *xc, const char *prefix, const struct regval *a, size_t na,
    const struct regval *b, size_t nb)
{
	size_t i, n = na > nb ? na : nb;
	char fact[1200];
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const struct regval *x = i < na ? &a[i] : NULL, *y = i < nb ? &b[i] : NULL;
		int named = x == NULL || y == NULL || strcmp(x->name, y->name) != 0;
		char *sx = x ? show(x, named) : NULL, *sy = y ? show(y, named) : NULL;
		snprintf(fact, sizeof fact, "%s.%s", prefix, x ? x->name : y->name);
		if ((x && !sx) || (y && !sy))
			rc = -1;
		else if (x && y && !named && same_data(x, y))
			xc->agreed++;
		else if (x && y && cp1252_of(x->name, y->name) && same_data(x, y))
			rc = add(&xc->explained, &xc->nexplained, fact, sx, sy, WHY_CP1252);
		else if (x && y && name_cut(x->name, y->name) && same_data(x, y))
			rc = add(&xc->explained, &xc->nexplained, fact, sx, sy, WHY_NAME_NUL);
		else if (x && y && !named && cut_at_nul(x, y))
			rc = add(&xc->explained, &xc->nexplained, fact, sx, sy, WHY_NUL);
		else if (x && y && !named && lib_defect(x, y) != NULL)
			rc = add(&xc->explained, &xc->nexplained, fact, sx, sy, lib_defect(x, y));
		else
			rc = add(&xc->disagreed, &xc->ndisagreed, fact, sx, sy, NULL);
		free(sx);
		free(sy);
	}
	return rc;
}

/* A list of names as one text, "a, b, c" (cut at SHOW_MAX): owned. */
static char *
joined(char **v, size_t n)
{
	struct text t;
	size_t i;

	t.n = 0;
	t.s[0] = '\0';
	for (i = 0; i < n; i++)
		put(&t, "%s%s", i ? ", " : "", v[i]);
	return strdup(t.s);
}

/* Two name lists, in stored order, as one fact. */
static int
names(struct cross_check *xc, const char *fact, char **a, size_t na, char **b, size_t nb)
{
	char *sa = joined(a, na), *sb = joined(b, nb);
	size_t i;
	int rc, same = na == nb;

	for (i = 0; same && i < na; i++)
		same = strcmp(a[i], b[i]) == 0;
	if (sa == NULL || sb == NULL)
		rc = -1;
	else if (same)
		rc = (xc->agreed++, 0);
	else
		rc = add(&xc->disagreed, &xc->ndisagreed, fact, sa, sb, NULL);
	free(sa);
	free(sb);
	return rc;
}

/* A FILETIME fact (0: unknown). */
static int
fact_time(struct cross_check *xc, const char *fact, uint64_t a, uint64_t b)
{
	char x[32], y[32];

	snprintf(x, sizeof x, "%" PRIu64, a);
	snprintf(y, sizeof y, "%" PRIu64, b);
	return fact_str(xc, fact, a ? x : NULL, b ? y : NULL);
}

/* A part our reader could not read: not checked (it is already an error of the image). */
static int
ours_failed(struct cross_check *xc, unsigned failed, unsigned part, const char *fact)
{
	if (!(failed & part))
		return 0;
	return xcheck_not_checked(xc, fact, "our reader could not read it (the image's error says why)");
}

static int
os_facts(struct cross_check *xc, const struct os_facts *a, const struct os_facts *b)
{
	char x[16], y[16];
	int rc = 0;

	snprintf(x, sizeof x, "%d.%d", a->nt_major, a->nt_minor);
	snprintf(y, sizeof y, "%d.%d", b->nt_major, b->nt_minor);
	rc |= fact_str(xc, "os.product_name", a->product_name, b->product_name);
	rc |= fact_str(xc, "os.edition", a->edition, b->edition);
	rc |= fact_str(xc, "os.installation_type", a->installation_type, b->installation_type);
	rc |= fact_str(xc, "os.current_version", a->current_version, b->current_version);
	rc |= fact_str(xc, "os.nt", a->nt_major < 0 ? NULL : x, b->nt_major < 0 ? NULL : y);
	rc |= fact_num(xc, "os.build", a->build, b->build);
	rc |= fact_num(xc, "os.ubr", a->ubr, b->ubr);
	return rc;
}

/* A Linux guest's own facts: the host build its kernel logged, the KVP daemon as installed. */
static int
linux_facts(struct cross_check *xc, const struct install *a, const struct install *b)
{
	char va[160] = "", vb[160] = "";
	int rc = 0;

	if (!a->kvp.daemon.known && !b->kvp.daemon.known)
		return 0;
	if (a->host.build.found)
		snprintf(va, sizeof va, "%u.%u.%u.%u %s", a->host.build.major, a->host.build.minor, a->host.build.build,
		    a->host.build.number, a->host.build.from);
	if (b->host.build.found)
		snprintf(vb, sizeof vb, "%u.%u.%u.%u %s", b->host.build.major, b->host.build.minor, b->host.build.build,
		    b->host.build.number, b->host.build.from);
	rc |= fact_str(xc, "host.build", va[0] ? va : NULL, vb[0] ? vb : NULL);
	rc |= fact_str(xc, "kvp.daemon.package", a->kvp.daemon.package, b->kvp.daemon.package);
	rc |= fact_str(xc, "kvp.daemon.program", a->kvp.daemon.binary, b->kvp.daemon.binary);
	rc |= fact_str(xc, "kvp.daemon.unit", a->kvp.daemon.unit, b->kvp.daemon.unit);
	rc |= fact_num(xc, "kvp.daemon.enabled", a->kvp.daemon.enabled, b->kvp.daemon.enabled);
	rc |= fact_str(xc, "os.packages", a->os.packages, b->os.packages);
	rc |= fact_str(xc, "os.kernel.booted", a->os.kernel[0] ? a->os.kernel : NULL, b->os.kernel[0] ? b->os.kernel : NULL);
	rc |= fact_num(xc, "os.kernel.installed (count)", (long)a->os.nkernels, (long)b->os.nkernels);
	for (size_t i = 0; i < a->os.nkernels && i < b->os.nkernels; i++)
		rc |= fact_str(xc, "os.kernel.installed", a->os.kernels[i], b->os.kernels[i]);
	return rc;
}

int
xcheck_install(const struct xc_side *ours, const struct xc_side *lib, struct cross_check *xc)
{
	const struct install *a = ours->in, *b = lib->in;
	unsigned skip = lib->failed | ours->failed;
	/* a part neither could read is listed once, with libregf's error (ours is the image's) */
	struct xc_side o = *ours;

	o.failed &= ~lib->failed;
	ours = &o;
	int rc = 0;
	size_t i, k;

	if (ours_failed(xc, ours->failed, XC_SOFTWARE, "SOFTWARE") != 0 ||
	    ours_failed(xc, ours->failed, XC_SYSTEM, "SYSTEM") != 0)
		return -1;
	if (skip & (XC_SOFTWARE | XC_OS))
		rc |= ours_failed(xc, ours->failed & ~XC_SOFTWARE, XC_OS, "os");
	else
		rc |= os_facts(xc, &a->os, &b->os);
	if (skip & (XC_SYSTEM | XC_SELECT | XC_ARCH))
		rc |= ours_failed(xc, ours->failed & ~XC_SYSTEM, XC_ARCH, "os.arch");
	else
		rc |= fact_str(xc, "os.arch", a->os.arch, b->os.arch);
	if (skip & (XC_SOFTWARE | XC_PARAMS)) {
		rc |= ours_failed(xc, ours->failed & ~XC_SOFTWARE, XC_PARAMS, "kvp.guest_parameters");
	} else {
		rc |= fact_num(xc, "kvp.guest_parameters (present)", a->kvp.has_params, b->kvp.has_params);
		rc |= fact_time(xc, "kvp.guest_parameters.last_written", a->kvp.params_filetime,
		    b->kvp.params_filetime);
		rc |= values(xc, "kvp.guest_parameters.values", a->kvp.params, a->kvp.nparams, b->kvp.params,
		    b->kvp.nparams);
	}
	if (skip & (XC_SOFTWARE | XC_AUTO)) {
		rc |= ours_failed(xc, ours->failed & ~XC_SOFTWARE, XC_AUTO, "kvp.auto");
	} else {
		rc |= fact_num(xc, "kvp.auto (present)", a->kvp.has_auto, b->kvp.has_auto);
		rc |= values(xc, "kvp.auto", a->kvp.autov, a->kvp.nauto, b->kvp.autov, b->kvp.nauto);
	}
	if (skip & (XC_SOFTWARE | XC_EXTERNAL))
		rc |= ours_failed(xc, ours->failed & ~XC_SOFTWARE, XC_EXTERNAL, "kvp.external");
	else
		rc |= names(xc, "kvp.external", a->kvp.external, a->kvp.nexternal, b->kvp.external,
		    b->kvp.nexternal);
	if (skip & (XC_SYSTEM | XC_SELECT)) {
		rc |= ours_failed(xc, ours->failed & ~XC_SYSTEM, XC_SELECT, "SYSTEM\\Select\\Current");
	} else if (!(skip & XC_SYSTEM)) {
		rc |= fact_str(xc, "SYSTEM\\Select\\Current", ours->cs[0] ? ours->cs : NULL,
		    lib->cs[0] ? lib->cs : NULL);
		if (skip & XC_SERVICES) {
			rc |= ours_failed(xc, ours->failed & ~XC_SYSTEM, XC_SERVICES, "services");
		} else {
			for (i = 0; i < a->nservices; i++) {
				const struct service *s = &a->services[i], *t = NULL;
				char fact[96];
				for (k = 0; k < b->nservices && t == NULL; k++)
					if (strcmp(b->services[k].name, s->name) == 0)
						t = &b->services[k];
				snprintf(fact, sizeof fact, "services.%s.start", s->name);
				if (s->unread || (t && t->unread))
					rc |= xcheck_not_checked(xc, fact, s->unread ? "our reader could not read "
					    "its key" : "libregf could not read its key");
				else
					rc |= fact_num(xc, fact, s->start, t ? t->start : -1);
			}
		}
	}
	rc |= fact_num(xc, "kvp.service_start", a->kvp.service_start, b->kvp.service_start);
	rc |= linux_facts(xc, a, b);
	return rc ? -1 : 0;
}

int
xcheck_keys(const struct keydump *a, const struct keydump *b, size_t n, struct cross_check *xc)
{
	char fact[1200];
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const char *req = a[i].request ? a[i].request : "";
		if (a[i].error || b[i].error) {
			snprintf(fact, sizeof fact, "keys[%zu] %s", i, req);
			rc |= xcheck_not_checked(xc, fact, a[i].error ? "our reader could not read it" : b[i].error);
			continue;
		}
		snprintf(fact, sizeof fact, "keys[%zu] %s (found)", i, req);
		rc |= fact_num(xc, fact, a[i].found, b[i].found);
		if (!a[i].found || !b[i].found)
			continue;
		snprintf(fact, sizeof fact, "keys[%zu] %s.last_written", i, req);
		rc |= fact_time(xc, fact, a[i].filetime, b[i].filetime);
		snprintf(fact, sizeof fact, "keys[%zu] %s.values", i, req);
		rc |= values(xc, fact, a[i].values, a[i].nvalues, b[i].values, b[i].nvalues);
		snprintf(fact, sizeof fact, "keys[%zu] %s.subkeys", i, req);
		rc |= names(xc, fact, a[i].subkeys, a[i].nsubkeys, b[i].subkeys, b[i].nsubkeys);
	}
	return rc ? -1 : 0;
}

/* --- a whole hive, key by key ------------------------------------------------ */

#define WALK_MAX_KEYS   (1u << 21) /* keys compared in one hive */
#define WALK_MAX_LISTED 1000u      /* disagreements listed before the walk gives up */

struct walk {
	struct cross_check *xc;
	size_t              keys;
	int                 stop;
	int                 nomem;
};

static void
walk_key(struct walk *w, struct hkey *a, struct hkey *b, const char *path, unsigned depth)
{
	struct cross_check *xc = w->xc;
	struct regval *va = NULL, *vb = NULL;
	size_t na = 0, nb = 0, bad_a = 0, bad_b = 0, sa = 0, sb = 0, i;
	char fact[2048];
	struct err ea ERR_AUTO = ERR_INIT, eb ERR_AUTO = ERR_INIT;

	if (w->stop || w->nomem)
		return;
	if (++w->keys > WALK_MAX_KEYS || depth > HIVE_MAX_DEPTH || xc->ndisagreed >= WALK_MAX_LISTED) {
		w->stop = 1;
		snprintf(fact, sizeof fact, "%s and the keys after it", path[0] ? path : "\\");
		w->nomem |= xcheck_not_checked(xc, fact, xc->ndisagreed >= WALK_MAX_LISTED ?
		    "1000 facts disagree: the walk stopped" : "the walk's cap on keys or depth") != 0;
		return;
	}
	snprintf(fact, sizeof fact, "%s.last_written", path[0] ? path : "\\");
	w->nomem |= fact_time(xc, fact, hive_key_filetime(a), hive_key_filetime(b)) != 0;
	err_clear(&ea);
	err_clear(&eb);
	snprintf(fact, sizeof fact, "%s.values", path[0] ? path : "\\");
	if (hive_key_values_partial(a, &va, &na, &bad_a, &ea) != 0 || hive_key_values_partial(b, &vb, &nb, &bad_b, &eb) != 0 ||
	    bad_a || bad_b)
		w->nomem |= xcheck_not_checked(xc, fact, ea.code ? err_msg(&ea) : eb.code ? err_msg(&eb) :
		    "a value could not be read") != 0;
	else
		w->nomem |= values(xc, fact, va, na, vb, nb) != 0;
	regvals_free(va, na);
	regvals_free(vb, nb);
	err_clear(&ea);
	err_clear(&eb);
	if (hive_key_nsubkeys(a, &sa, &ea) != 0 || hive_key_nsubkeys(b, &sb, &eb) != 0) {
		snprintf(fact, sizeof fact, "%s.subkeys", path[0] ? path : "\\");
		w->nomem |= xcheck_not_checked(xc, fact, ea.code ? err_msg(&ea) : err_msg(&eb)) != 0;
		err_clear(&ea);
		err_clear(&eb);
		return;
	}
	for (i = 0; i < (sa > sb ? sa : sb) && !w->stop && !w->nomem; i++) {
		struct hkey *ka = NULL, *kb = NULL;
		char *an = NULL, *bn = NULL;
		err_clear(&ea);
		err_clear(&eb);
		snprintf(fact, sizeof fact, "%s\\#%zu", path, i);
		if (i >= sa || i >= sb) {
			if (i < sa && hive_key_open_sub(a, i, &ka, &an, &ea) == 0)
				snprintf(fact, sizeof fact, "%s\\%s", path, an);
			if (i < sb && hive_key_open_sub(b, i, &kb, &bn, &eb) == 0)
				snprintf(fact, sizeof fact, "%s\\%s", path, bn);
			w->nomem |= fact_str(xc, fact, an ? "present" : NULL, bn ? "present" : NULL) != 0;
		} else if (hive_key_open_sub(a, i, &ka, &an, &ea) != 0 || hive_key_open_sub(b, i, &kb, &bn, &eb) != 0) {
			w->nomem |= xcheck_not_checked(xc, fact, ea.code ? err_msg(&ea) : err_msg(&eb)) != 0;
		} else {
			snprintf(fact, sizeof fact, "%s\\%s", path, an ? an : "");
			if (strcmp(an ? an : "", bn ? bn : "") == 0) {
				walk_key(w, ka, kb, fact, depth + 1);
			} else if (cp1252_of(an ? an : "", bn ? bn : "")) {
				w->nomem |= add(&xc->explained, &xc->nexplained, fact, an, bn, WHY_CP1252) != 0;
				walk_key(w, ka, kb, fact, depth + 1);
			} else if (name_cut(an ? an : "", bn ? bn : "")) {
				w->nomem |= add(&xc->explained, &xc->nexplained, fact, an, bn, WHY_NAME_NUL) != 0;
				walk_key(w, ka, kb, fact, depth + 1);
			} else {
				w->nomem |= add(&xc->disagreed, &xc->ndisagreed, fact, an, bn, NULL) != 0;
			}
		}
		free(an);
		free(bn);
		hive_key_close(ka);
		hive_key_close(kb);
	}
	err_clear(&ea);
	err_clear(&eb);
}

int
xcheck_hives(struct hive *ours, struct hive *lib, struct cross_check *xc)
{
	struct walk w = {xc, 0, 0, 0};
	struct hkey *a = NULL, *b = NULL;
	struct err ea ERR_AUTO = ERR_INIT, eb ERR_AUTO = ERR_INIT;

	err_clear(&ea);
	err_clear(&eb);
	if (hive_key_open(ours, "", &a, &ea) != 1 || hive_key_open(lib, "", &b, &eb) != 1)
		w.nomem = xcheck_not_checked(xc, "\\ (the root key)", ea.code ? err_msg(&ea) : eb.code ? err_msg(&eb) :
		    "no root key") != 0;
	else
		walk_key(&w, a, b, "", 0);
	hive_key_close(a);
	hive_key_close(b);
	err_clear(&ea);
	err_clear(&eb);
	return w.nomem ? -1 : 0;
}
