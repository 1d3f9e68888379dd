/* SPDX-License-Identifier: MIT */
/*
 * json_in.c: a JSON record back into a report (json_in.h), for
 * --from-jsonl and for -o html (whose counts need the report, in the batch's
 * parent: the children print JSON lines, the parent reads them back).  The
 * inverse of json.c, key for key: what the JSON holds comes back so that
 * json.c prints it again byte for byte (tests/e2e/html.sh checks); what it does
 * not hold (a hive's sequence numbers, an IC service's key time, the
 * library backtrace) stays unknown.  A value's data goes back through
 * regval_decode from its bytes (raw, or the data re-encoded), so its kind
 * and anomalies are what the original decoding gave.  Strings the report
 * holds as static (labels, names from the catalogue) live in the report's
 * arena, freed with it.  Untrusted input too: every field is type-checked,
 * a record of the wrong shape is an error, never a crash.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "base/strv.h"
#include "base/utf.h"
#include "facts/history.h"
#include "report/json_in.h"

struct ctx {
	struct image_report *r;
	struct err          *e;
	int                  bad;
};

/* A static-lifetime copy, in the report's arena. */
static const char *
keep(struct ctx *c, const char *s)
{
	if (s == NULL)
		return NULL;
	if (strv_addf(&c->r->arena, &c->r->narena, "%s", s) != 0) {
		c->bad = 1;
		return NULL;
	}
	return c->r->arena[c->r->narena - 1];
}

static const char *
str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *kstr(struct ctx *c, json_t *o, const char *k) { return keep(c, str(o, k)); }

/* A closed set's word at o's key into *out (named: the set's lookup, facts.h); absent: dflt.  0, or -1 when no word of the set. */
#define WORD(named, o, key, dflt, out) (str(o, key) != NULL ? named(str(o, key), out) : (*(out) = (dflt), 0))

static char *
dstr(struct ctx *c, json_t *o, const char *k)
{
	const char *s = str(o, k);
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		c->bad = 1;
	return d;
}

/* s into dst[0..n), cut on a character boundary (never half a UTF-8 sequence: printed again, the same). */
static void
cpy(char *dst, size_t n, const char *s)
{
	size_t k;

	snprintf(dst, n, "%s", s ? s : "");
	k = strlen(dst);
	if (s != NULL && k < strlen(s))
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			dst[--k] = '\0';
}

/* *dst (owned, freed first) as a copy of s at its length, "" for none: 0, or -1 (no memory). */
static int
text(char **dst, const char *s)
{
	return str_setf(dst, "%s", s ? s : "");
}

static long long
num(json_t *o, const char *k, long long dflt)
{
	json_t *v = json_object_get(o, k);

	return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

static int
flag(json_t *o, const char *k)
{
	return json_is_true(json_object_get(o, k));
}

/* "6.2" -> 6, 2 (both -1 when absent or malformed). */
static void
nt(json_t *o, const char *k, int *major, int *minor)
{
	const char *s = str(o, k);
	int a, b;
	char tail;

	*major = *minor = -1;
	if (s != NULL && sscanf(s, "%d.%d%c", &a, &b, &tail) == 2 && a >= 0 && b >= 0) {
		*major = a;
		*minor = b;
	}
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "2014-11-20T10:22:31Z" -> FILETIME, 0 when absent or not that shape. */
static uint64_t
iso_ftime(json_t *o, const char *k)
{
	const char *s = str(o, k);
	int y, mo, d, h, mi, se;
	char z;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 || z != 'Z' ||
	    mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1970)
		return 0;
	return (uint64_t)((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 10000000LL) +
	    116444736000000000ULL;
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Hex text into bytes: owned (NULL for ""), *n; -1 when not hex. */
static int
unhex(const char *s, uint8_t **out, size_t *n)
{
	size_t len = strlen(s), i;

	*out = NULL;
	*n = 0;
	if (len % 2)
		return -1;
	if (len == 0)
		return 0;
	if ((*out = malloc(len / 2)) == NULL)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int a = hexval(s[2 * i]), b = hexval(s[2 * i + 1]);
		if (a < 0 || b < 0) {
			free(*out);
			*out = NULL;
			return -1;
		}
		(*out)[i] = (uint8_t)(a << 4 | b);
	}
	*n = len / 2;
	return 0;
}

/* "REG_SZ", "REG_0x1234": the type number; 0 for what is neither. */
static uint32_t
regtype(const char *s)
{
	char tb[16];
	uint32_t t;

	for (t = 0; s != NULL && t <= REG_QWORD; t++)
		if (strcmp(regval_type_name(t, tb), s) == 0)
			return t;
	if (s != NULL && strncmp(s, "REG_0x", 6) == 0)
		return (uint32_t)strtoul(s + 6, NULL, 16);
	return REG_NONE;
}

/* UTF-8 s as UTF-16LE with its NUL, appended to *b. */
static int
put_utf16(uint8_t **b, size_t *n, const char *s)
{
	size_t len = strlen(s) + 1;
	uint16_t *u = malloc(len * 2 * sizeof *u);
	uint8_t *nb;
	long k;
	long i;

	if (u == NULL)
		return -1;
	if ((k = utf8_to_utf16(s, u, len * 2)) < 0)
		k = 0;
	if ((nb = realloc(*b, *n + (size_t)(k + 1) * 2)) == NULL) {
		free(u);
		return -1;
	}
	*b = nb;
	for (i = 0; i <= k; i++) {
		uint16_t c = i < k ? u[i] : 0;
		nb[*n + 2 * (size_t)i] = (uint8_t)c;
		nb[*n + 2 * (size_t)i + 1] = (uint8_t)(c >> 8);
	}
	*n += (size_t)(k + 1) * 2;
	free(u);
	return 0;
}

/* Is name among the value's anomalies? */
static int
anomaly(json_t *o, const char *name)
{
	json_t *a = json_object_get(o, "anomalies");
	size_t i;

	for (i = 0; json_is_array(a) && i < json_array_size(a); i++)
		if (json_is_string(json_array_get(a, i)) && strcmp(json_string_value(json_array_get(a, i)), name) == 0)
			return 1;
	return 0;
}

/* An integer as the type stores it: 4 bytes (little- or big-endian) or 8. */
static int
put_int(uint8_t **b, size_t *n, uint32_t type, uint64_t x)
{
	size_t w = type == REG_QWORD ? 8 : 4, i;

	if ((*b = malloc(8)) == NULL)
		return -1;
	for (i = 0; i < w; i++)
		(*b)[i] = (uint8_t)(type == REG_DWORD_BIG_ENDIAN ? x >> (8 * (w - 1 - i)) : x >> (8 * i));
	*n = w;
	return 0;
}

/*
 * One value object ({type, data, anomalies, raw}) named name, into v: its
 * stored bytes (raw, else the data as the type stores it), decoded again.
 */
static int
value(const char *name, json_t *o, struct regval *v)
{
	uint32_t type = regtype(str(o, "type"));
	int pool = str(o, "type") != NULL && strcmp(str(o, "type"), "KVP_SZ") == 0; /* a Linux KVP pool's UTF-8 */
	json_t *data = json_object_get(o, "data");
	const char *raw = str(o, "raw"), *ds = json_is_string(data) ? json_string_value(data) : NULL;
	int is_str = type == REG_SZ || type == REG_EXPAND_SZ || type == REG_LINK;
	int is_int = type == REG_DWORD || type == REG_DWORD_BIG_ENDIAN || type == REG_QWORD;
	uint8_t *b = NULL;
	size_t n = 0, i;
	int rc = 0;

	memset(v, 0, sizeof *v);
	if (pool) {
		/* the field's bytes (raw), else the string itself: decoded again as the pool's */
		if (raw != NULL)
			rc = unhex(raw, &b, &n);
		else if (ds != NULL && (b = (uint8_t *)strdup(ds)) != NULL)
			n = strlen(ds) + 1;
		else
			rc = -1;
		if (rc == 0)
			rc = regval_decode_utf8(v, b, n);
		if (rc == 0 && anomaly(o, "key-not-clean"))
			v->flags |= RVF_KEY_ODD;
		free(b);
		if (rc != 0 || (v->name = strdup(name)) == NULL) {
			regval_free(v);
			return -1;
		}
		return 0;
	}
	if (raw != NULL)
		rc = unhex(raw, &b, &n);
	else if (is_int && json_is_integer(data))
		rc = put_int(&b, &n, type, (uint64_t)json_integer_value(data));
	else if (is_int && ds != NULL && !anomaly(o, "wrong-size") && *ds && strspn(ds, "0123456789") == strlen(ds))
		rc = put_int(&b, &n, type, strtoull(ds, NULL, 10)); /* past INT64_MAX, printed as digits */
	else if (is_str && ds != NULL)
		rc = put_utf16(&b, &n, ds);
	else if (type == REG_MULTI_SZ && json_is_array(data)) {
		for (i = 0; rc == 0 && i < json_array_size(data); i++)
			rc = json_is_string(json_array_get(data, i)) ?
			    put_utf16(&b, &n, json_string_value(json_array_get(data, i))) : -1;
		if (rc == 0)
			rc = put_utf16(&b, &n, "");
	} else if (ds != NULL)
		rc = unhex(ds, &b, &n);
	else
		rc = -1;
	if (rc == 0)
		rc = regval_decode(v, type, b, n);
	free(b);
	if (rc != 0 || (v->name = strdup(name)) == NULL) {
		regval_free(v);
		return -1;
	}
	return 0;
}

/* {NAME: {value, duplicates: [{name, value...}]}} into a value list, stored order approximated. */
static int
values(json_t *o, struct regval **out, size_t *n)
{
	const char *k;
	json_t *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!json_is_object(o))
		return 0;
	json_object_foreach(o, k, v) {
		json_t *d = json_object_get(v, "duplicates");
		size_t nd = json_is_array(d) ? json_array_size(d) : 0;
		struct regval *nv = realloc(*out, (*n + 1 + nd) * sizeof *nv);
		if (nv == NULL)
			return -1;
		*out = nv;
		if (!json_is_object(v) || value(k, v, &nv[*n]) != 0)
			return -1;
		(*n)++;
		for (i = 0; i < nd; i++) {
			json_t *x = json_array_get(d, i);
			if (!json_is_object(x) || str(x, "name") == NULL || value(str(x, "name"), x, &nv[*n]) != 0)
				return -1;
			(*n)++;
		}
	}
	regvals_mark_duplicates(*out, *n);
	return 0;
}

static int
strings(json_t *a, char ***out, size_t *n)
{
	size_t i;

	*out = NULL;
	*n = 0;
	for (i = 0; json_is_array(a) && i < json_array_size(a); i++)
		if (!json_is_string(json_array_get(a, i)) ||
		    strv_addf(out, n, "%s", json_string_value(json_array_get(a, i))) != 0)
			return -1;
	return 0;
}

/*
 * A record's warnings and their kinds (a record of an older run has no
 * "warning_kinds", a newer one may name a kind this build does not know:
 * "other").  0, or -1: a field of the wrong shape, or no memory.
 */
static int
warnings(json_t *o, struct warnings *w)
{
	json_t *a = json_object_get(o, "warnings"), *k = json_object_get(o, "warning_kinds");
	enum warn_kind kind;
	size_t i;

	if (a != NULL && !json_is_array(a))
		return -1;
	if (k != NULL && !json_is_null(k) && !json_is_array(k))
		return -1;
	for (i = 0; json_is_array(a) && i < json_array_size(a); i++) {
		json_t *s = json_array_get(a, i), *id = json_array_get(k, i);
		if (!json_is_string(s))
			return -1;
		if (!json_is_string(id) || warn_named(json_string_value(id), &kind) != 0)
			kind = W_OTHER;
		if (warn_add(w, kind, "%s", json_string_value(s)) != 0)
			return -1;
	}
	return 0;
}

static void
hive_state(struct ctx *c, json_t *o, struct hive_read *st)
{
	json_t *from = json_object_get(o, "recovered_from");
	size_t i;

	memset(st, 0, sizeof *st);
	if (!json_is_object(o))
		return;
	st->present = 1;
	st->dirty = flag(o, "dirty");
	st->base_block_bad = flag(o, "base_block_bad");
	st->replay_off = flag(o, "replay_disabled");
	for (i = 0; json_is_array(from) && i < json_array_size(from) && i < 3; i++)
		st->recovered_from[st->nrecovered++] = keep(c, json_string_value(json_array_get(from, i)));
	st->entries_applied = (unsigned)num(o, "entries_applied", 0);
	st->pages_applied = (unsigned)num(o, "pages_applied", 0);
	cpy(st->note, sizeof st->note, str(o, "note"));
}

/* The installations on the partitions listed failed the gate of bit (and none other did). */
static void
gate_partitions(struct image_report *r, const json_t *list, uint32_t bit)
{
	size_t i, k;

	for (i = 0; i < json_array_size(list); i++) {
		json_t *p = json_array_get(list, i);
		for (k = 0; json_is_integer(p) && k < r->ninst; k++)
			if (r->inst[k].partition == json_integer_value(p))
				r->inst[k].gates_failed |= bit;
	}
}

/* {"PATH": null | {key, error} | {key, last_written, values, subkeys}} */
static int
keys(struct ctx *c, json_t *o, struct keydump **out, size_t *n)
{
	const char *k;
	json_t *v;

	*out = NULL;
	*n = 0;
	if (!json_is_object(o))
		return 0;
	if ((*out = calloc(json_object_size(o) + 1, sizeof **out)) == NULL)
		return -1;
	json_object_foreach(o, k, v) {
		struct keydump *d = &(*out)[(*n)++];
		if ((d->request = strdup(k)) == NULL)
			return -1;
		if (json_is_null(v))
			continue;
		if (!json_is_object(v))
			return -1;
		if (json_object_get(v, "error") != NULL) {
			d->error = dstr(c, v, "error");
			continue;
		}
		d->found = 1;
		d->filetime = iso_ftime(v, "last_written");
		if (values(json_object_get(v, "values"), &d->values, &d->nvalues) != 0 ||
		    strings(json_object_get(v, "subkeys"), &d->subkeys, &d->nsubkeys) != 0)
			return -1;
	}
	return 0;
}

static int
xfacts(struct ctx *c, json_t *a, struct xfact **out, size_t *n)
{
	size_t i;

	*out = NULL;
	*n = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return 0;
	if ((*out = calloc(json_array_size(a), sizeof **out)) == NULL)
		return -1;
	for (i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i);
		struct xfact *f = &(*out)[(*n)++];
		if ((f->fact = dstr(c, x, "fact")) == NULL)
			return -1;
		f->ours = dstr(c, x, "ours");
		f->libyal = dstr(c, x, "libyal");
		f->why = dstr(c, x, "why");
	}
	return 0;
}

static int
cross_check(struct ctx *c, json_t *o, struct cross_check *xc)
{
	json_t *st = json_object_get(o, "stack"), *lv = json_object_get(o, "levels");
	size_t i;

	memset(xc, 0, sizeof *xc);
	if (!json_is_object(o))
		return 0;
	xc->ran = 1;
	for (i = 0; json_is_array(st) && i < json_array_size(st) && i < sizeof xc->stack / sizeof xc->stack[0]; i++)
		cpy(xc->stack[xc->nstack++], sizeof xc->stack[0], json_string_value(json_array_get(st, i)));
	cpy(xc->image, sizeof xc->image, str(lv, "image"));
	cpy(xc->ntfs, sizeof xc->ntfs, str(lv, "ntfs"));
	cpy(xc->hive, sizeof xc->hive, str(lv, "hive"));
	xc->agreed = (unsigned)num(o, "agreed", 0);
	xc->error = dstr(c, o, "error");
	return xfacts(c, json_object_get(o, "disagreed"), &xc->disagreed, &xc->ndisagreed) |
	    xfacts(c, json_object_get(o, "explained"), &xc->explained, &xc->nexplained) |
	    xfacts(c, json_object_get(o, "not_checked"), &xc->not_checked, &xc->nnot_checked);
}

/* A partition's "encryption" object back into its report form: owned, or NULL on no memory. */
static struct rep_encryption *
encryption_in(struct ctx *c, json_t *o)
{
	struct rep_encryption *x = calloc(1, sizeof *x);
	json_t *prot = json_object_get(o, "protectors");
	size_t i;

	if (x == NULL)
		return NULL;
	cpy(x->state, sizeof x->state, str(o, "state"));
	cpy(x->volume_id, sizeof x->volume_id, str(o, "volume_id"));
	cpy(x->method, sizeof x->method, str(o, "method"));
	x->created = iso_ftime(o, "created");
	x->description = dstr(c, o, "description");
	x->reason = dstr(c, o, "reason");
	cpy(x->unlocked_with, sizeof x->unlocked_with, str(o, "unlocked_with"));
	for (i = 0; json_is_array(prot) && i < json_array_size(prot) && i < REP_MAX_PROTECTORS; i++) {
		cpy(x->prot[i].type, sizeof x->prot[i].type, str(json_array_get(prot, i), "type"));
		cpy(x->prot[i].id, sizeof x->prot[i].id, str(json_array_get(prot, i), "id"));
		x->nprot++;
	}
	return x;
}

static int
source_of(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < HIST_NSOURCES; i++)
		if (strcmp(s, hist_source_name((enum hist_source)i)) == 0)
			return i;
	return HS_LIVE;
}

static int
history(struct ctx *c, json_t *in, struct history *h)
{
	json_t *a = json_object_get(in, "history"), *seen = json_object_get(in, "hosts_seen");
	size_t i, k;

	memset(h, 0, sizeof *h);
	if (!json_is_array(a))
		return 0;
	h->ran = 1;
	if (json_array_size(a) > 0 && (h->obs = calloc(json_array_size(a), sizeof *h->obs)) == NULL)
		return -1;
	for (i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i), *host = json_object_get(x, "host"), *m = json_object_get(x, "merged");
		struct host_obs *o = &h->obs[h->nobs++];
		o->source = source_of(str(x, "source"));
		o->where = dstr(c, x, "where");
		o->as_of = iso_ftime(x, "as_of");
		o->as_of_basis = kstr(c, x, "as_of_basis");
		if (WORD(strength_named, x, "evidence", STRENGTH_STRONG, &o->evidence) != 0)
			return -1;
		o->name = dstr(c, host, "name");
		o->physical_name = dstr(c, host, "physical_name");
		o->vm_name = dstr(c, host, "vm_name");
		o->vm_id = dstr(c, host, "vm_id");
		o->build = dstr(c, host, "build");
		o->kernel = dstr(c, x, "guest_kernel");
		nt(host, "nt", &o->nt_major, &o->nt_minor);
		o->edition_id = (long)num(host, "edition_id", -1);
		o->first_seen = iso_ftime(x, "first_seen");
		if (json_is_array(m) && json_array_size(m) > 0) {
			if ((o->merged = calloc(json_array_size(m), sizeof *o->merged)) == NULL)
				return -1;
			for (k = 0; k < json_array_size(m); k++) {
				json_t *y = json_array_get(m, k);
				o->merged[o->nmerged].source = source_of(str(y, "source"));
				o->merged[o->nmerged].where = dstr(c, y, "where");
				o->merged[o->nmerged++].as_of = iso_ftime(y, "as_of");
			}
		}
	}
	if (json_is_array(seen) && json_array_size(seen) > 0 &&
	    (h->seen = calloc(json_array_size(seen), sizeof *h->seen)) == NULL)
		return -1;
	for (i = 0; json_is_array(seen) && i < json_array_size(seen); i++) {
		json_t *x = json_array_get(seen, i), *src = json_object_get(x, "sources");
		struct host_seen *s = &h->seen[h->nseen++];
		s->name = dstr(c, x, "name");
		s->build = dstr(c, x, "build");
		nt(x, "nt", &s->nt_major, &s->nt_minor);
		if (WORD(strength_named, x, "evidence", STRENGTH_STRONG, &s->evidence) != 0)
			return -1;
		s->first_seen = iso_ftime(x, "first_seen");
		s->last_seen = iso_ftime(x, "last_seen");
		for (k = 0; json_is_array(src) && k < json_array_size(src) && k < HIST_NSOURCES; k++)
			s->sources[s->nsources++] = source_of(json_string_value(json_array_get(src, k)));
		s->observations = (size_t)num(x, "observations", 0);
	}
	return strings(json_object_get(in, "history_notes"), &h->notes, &h->nnotes);
}

static int
install(struct ctx *c, json_t *o, struct install *in)
{
	json_t *os = json_object_get(o, "os"), *kvp = json_object_get(o, "kvp"), *host = json_object_get(o, "host");
	json_t *ic = json_object_get(o, "ic"), *wu = json_object_get(o, "windows_update");
	json_t *hives = json_object_get(o, "hives"), *gp = json_object_get(kvp, "guest_parameters");
	json_t *svc = json_object_get(o, "services"), *sp = json_object_get(o, "spoof_indicators");
	json_t *src = json_object_get(host, "source"), *checks = json_object_get(wu, "checks"), *v;
	const char *k;
	size_t i;

	if (!json_is_object(o) || !json_is_object(os) || !json_is_object(kvp) || !json_is_object(host) ||
	    !json_is_object(ic) || !json_is_object(wu))
		return -1;
	in->partition = (unsigned)num(o, "partition", 0);
	hive_state(c, json_object_get(hives, "SOFTWARE"), &in->software);
	hive_state(c, json_object_get(hives, "SYSTEM"), &in->system);
	if (keys(c, json_object_get(o, "keys"), &in->keys, &in->nkeys) != 0)
		return -1;
	in->os.product_name = dstr(c, os, "product_name");
	in->os.name = kstr(c, os, "name");
	nt(os, "nt", &in->os.nt_major, &in->os.nt_minor);
	in->os.build = (long)num(os, "build", -1);
	in->os.ubr = (long)num(os, "ubr", -1);
	in->os.edition = dstr(c, os, "edition");
	in->os.installation_type = dstr(c, os, "installation_type");
	in->os.arch = dstr(c, os, "arch");
	in->os.computer_name = dstr(c, os, "computer_name");
	in->os.family = str(os, "family") == NULL ? NULL : strcmp(str(os, "family"), "linux") == 0 ? "linux" :
	    strcmp(str(os, "family"), "windows") == 0 ? "windows" : NULL;
	in->os.packages = str(os, "packages") == NULL ? NULL : strcmp(str(os, "packages"), "dpkg") == 0 ? "dpkg" :
	    strcmp(str(os, "packages"), "rpm") == 0 ? "rpm" : NULL;
	{
		json_t *kn = json_object_get(os, "kernel");
		if (json_is_object(kn)) {
			cpy(in->os.kernel, sizeof in->os.kernel, str(kn, "booted"));
			cpy(in->os.kernel_from, sizeof in->os.kernel_from, str(kn, "booted_from"));
			if (json_is_array(json_object_get(kn, "installed")) &&
			    strings(json_object_get(kn, "installed"), &in->os.kernels, &in->os.nkernels) != 0)
				return -1;
		}
	}
	if (WORD(kvp_state_named, kvp, "state", KVP_UNKNOWN, &in->kvp.state) != 0)
		return -1;
	in->kvp.service_start = (long)num(kvp, "service_start", -1);
	{
		json_t *d = json_object_get(kvp, "daemon");
		if (json_is_object(d)) {
			in->kvp.daemon.known = 1;
			cpy(in->kvp.daemon.package, sizeof in->kvp.daemon.package, str(d, "package"));
			cpy(in->kvp.daemon.binary, sizeof in->kvp.daemon.binary, str(d, "program"));
			cpy(in->kvp.daemon.unit, sizeof in->kvp.daemon.unit, str(d, "unit"));
			in->kvp.daemon.enabled = flag(d, "enabled");
		}
	}
	if ((in->kvp.has_params = json_is_object(gp))) {
		in->kvp.params_filetime = iso_ftime(gp, "last_written");
		if (values(json_object_get(gp, "values"), &in->kvp.params, &in->kvp.nparams) != 0)
			return -1;
	}
	if ((in->kvp.has_auto = json_is_object(json_object_get(kvp, "auto"))) &&
	    values(json_object_get(kvp, "auto"), &in->kvp.autov, &in->kvp.nauto) != 0)
		return -1;
	if ((in->kvp.has_external = json_is_array(json_object_get(kvp, "external"))) &&
	    strings(json_object_get(kvp, "external"), &in->kvp.external, &in->kvp.nexternal) != 0)
		return -1;
	in->host.major = (int)num(host, "major", -1);
	in->host.minor = (int)num(host, "minor", -1);
	for (i = 0; json_is_array(src) && i < json_array_size(src) && i < 2; i++) {
		size_t k2, times = 0;
		in->host.source[in->host.nsource] = keep(c, json_string_value(json_array_get(src, i)));
		/* how many values carry that name, any case (a duplicate is listed under the first) */
		for (k2 = 0; in->host.source[in->host.nsource] && k2 < in->kvp.nparams; k2++)
			times += utf8_casecmp(in->kvp.params[k2].name, in->host.source[in->host.nsource]) == 0;
		in->host.stored[in->host.nsource++] = times ? times : 1;
	}
	in->host.name = kstr(c, host, "name");
	in->host.edition_id = (long)num(host, "edition_id", -1);
	in->host.edition = kstr(c, host, "edition");
	in->host.nested_level = (long)num(host, "nested_level", -1);
	in->host.processor_arch = kstr(c, host, "processor_arch");
	in->host.legacy_values_only = flag(host, "legacy_values_only");
	nt(host, "assumed", &in->host.assumed_major, &in->host.assumed_minor);
	{
		json_t *b = json_object_get(host, "build");
		const char *bv = str(b, "version");
		unsigned n4 = 0;
		if (bv != NULL && sscanf(bv, "%u.%u.%u.%u", &in->host.build.major, &in->host.build.minor,
		    &in->host.build.build, &n4) == 4) {
			in->host.build.found = 1;
			in->host.build.number = n4;
			in->host.build.product = kstr(c, b, "product");
			cpy(in->host.build.from, sizeof in->host.build.from, str(b, "from"));
		}
	}
	in->ic.installed = kstr(c, ic, "installed");
	in->ic.host_ships = kstr(c, ic, "host_ships");
	if (WORD(ic_status_named, ic, "status", IC_UNKNOWN, &in->ic.status) != 0)
		return -1;
	if (text(&in->ic.reason, str(ic, "reason")) != 0)
		return -1;
	v = json_object_get(wu, "offered");
	in->wu.offered = json_is_boolean(v) ? json_is_true(v) : -1;
	in->wu.package = kstr(c, wu, "package");
	in->wu.installs = kstr(c, wu, "installs");
	if (text(&in->wu.reason, str(wu, "reason")) != 0)
		return -1;
	for (i = 0; json_is_array(checks) && i < json_array_size(checks) && i < 5; i++) {
		json_t *x = json_array_get(checks, i);
		struct check *ck = &in->wu.checks[in->wu.nchecks++];
		if (wu_check_named(str(x, "check"), &ck->check) != 0)
			return -1;
		cpy(ck->value, sizeof ck->value, str(x, "value"));
		ck->passed = flag(x, "passed");
	}
	if (json_is_array(sp) && json_array_size(sp) > 0) {
		if ((in->spoof = calloc(json_array_size(sp), sizeof *in->spoof)) == NULL)
			return -1;
		for (i = 0; i < json_array_size(sp); i++) {
			json_t *x = json_array_get(sp, i);
			struct finding *f = &in->spoof[in->nspoof++];
			cpy(f->rule, sizeof f->rule, str(x, "rule"));
			if (WORD(strength_named, x, "severity", STRENGTH_WEAK, &f->severity) != 0)
				return -1;
			if (text(&f->detail, str(x, "detail")) != 0)
				return -1;
		}
	}
	if (json_is_object(svc)) {
		json_object_foreach(svc, k, v) {
			if (in->nservices == IC_SERVICES)
				break;
			in->services[in->nservices].name = keep(c, k);
			in->services[in->nservices].unread = json_is_string(v) && strcmp(json_string_value(v), "unreadable") == 0;
			in->services[in->nservices++].start = json_is_integer(v) ? (long)json_integer_value(v) : -1;
		}
	}
	if (cross_check(c, json_object_get(o, "cross_check"), &in->xc) != 0 || history(c, o, &in->hist) != 0)
		return -1;
	return warnings(o, &in->warn);
}

static int
image(struct ctx *c, json_t *o)
{
	struct image_report *r = c->r;
	json_t *img = json_object_get(o, "image"), *chain, *log, *files, *parts, *inst, *gates;
	size_t i;

	if (json_is_object(img)) {
		r->have_image = 1;
		if ((r->image.format = kstr(c, img, "format")) == NULL)
			return -1;
		r->image.disk_type = kstr(c, img, "disk_type");
		r->image.subformat = kstr(c, img, "subformat");
		r->image.virtual_size = (uint64_t)num(img, "virtual_size", 0);
		r->image.sector_size = (uint32_t)num(img, "sector_size", 0);
		log = json_object_get(img, "log");
		r->image.has_log = json_is_object(log);
		chain = json_object_get(img, "chain");
		if (json_is_array(chain) && json_array_size(chain) > 0) {
			if ((r->image.chain = calloc(json_array_size(chain), sizeof *r->image.chain)) == NULL)
				return -1;
			for (i = 0; i < json_array_size(chain); i++) {
				json_t *x = json_array_get(chain, i);
				struct disk_level *l = &r->image.chain[r->image.nchain++];
				l->path = dstr(c, x, "path");
				if ((l->format = kstr(c, x, "format")) == NULL)
					return -1;
				l->disk_type = kstr(c, x, "disk_type");
				cpy(l->id, sizeof l->id, str(x, "identifier"));
				cpy(l->parent_id, sizeof l->parent_id, str(x, "parent_identifier"));
				if (i == 0 && json_is_object(log)) {
					l->log_pending = flag(log, "pending");
					l->log_entries = (unsigned)num(log, "entries_replayed", 0);
					l->log_torn = flag(log, "torn");
				}
			}
		}
	}
	files = img != NULL ? json_object_get(img, "files") : NULL;
	if (json_is_array(files) && json_array_size(files) > 0) {
		if ((r->image.files = calloc(json_array_size(files), sizeof *r->image.files)) == NULL)
			return -1;
		for (i = 0; i < json_array_size(files); i++) {
			json_t *x = json_array_get(files, i);
			struct disk_file *df = &r->image.files[r->image.nfiles];
			uint64_t ft = iso_ftime(x, "modified");
			if ((df->path = dstr(c, x, "path")) == NULL)
				return -1;
			r->image.nfiles++;
			df->size = json_is_integer(json_object_get(x, "size")) ? (int64_t)json_integer_value(json_object_get(x, "size")) : -1;
			df->mtime = ft ? (int64_t)(ft / 10000000u) - 11644473600 : INT64_MIN;
			cpy(df->sha256, sizeof df->sha256, str(x, "sha256"));
		}
	}
	parts = json_object_get(o, "partitions");
	if (json_is_array(parts) && json_array_size(parts) > 0) {
		if ((r->parts = calloc(json_array_size(parts), sizeof *r->parts)) == NULL)
			return -1;
		for (i = 0; i < json_array_size(parts); i++) {
			json_t *x = json_array_get(parts, i);
			struct rep_part *p = &r->parts[r->nparts++];
			p->idx = (unsigned)num(x, "index", 0);
			if (WORD(part_scheme_named, x, "scheme", SCHEME_NONE, &p->scheme) != 0)
				return -1;
			p->offset = (uint64_t)num(x, "offset", 0);
			p->size = (uint64_t)num(x, "size", 0);
			cpy(p->type, sizeof p->type, str(x, "type"));
			p->type_name = kstr(c, x, "type_name");
			p->has_name = str(x, "name") != NULL;
			cpy(p->name, sizeof p->name, str(x, "name"));
			if ((p->probed = str(x, "filesystem") != NULL) && fs_kind_named(str(x, "filesystem"), &p->fs) != 0)
				return -1;
			if (json_is_object(json_object_get(x, "encryption")) &&
			    (p->enc = encryption_in(c, json_object_get(x, "encryption"))) == NULL)
				return -1;
			if (p->scheme == SCHEME_LVM) {
				json_t *l = json_object_get(x, "lvm");
				cpy(p->vg, sizeof p->vg, str(l, "volume_group"));
				cpy(p->lv, sizeof p->lv, str(l, "logical_volume"));
				cpy(p->uuid, sizeof p->uuid, str(l, "uuid"));
				p->type_name = "LVM logical volume";
			}
		}
		r->scheme = r->parts[0].scheme;
	}
	inst = json_object_get(o, "installations");
	for (i = 0; json_is_array(inst) && i < json_array_size(inst); i++) {
		struct install *in = report_add_install(r);
		if (in == NULL || install(c, json_array_get(inst, i), in) != 0)
			return -1;
	}
	gates = json_object_get(o, "gates");
	if (json_is_array(gates) && json_array_size(gates) > REPORT_MAX_GATES)
		/* more than any run writes (one more would have failed another gate's bit) */
		return err_set(c->e, ERR_LIMIT, "not an hvinspect record (more than %d gate results)", REPORT_MAX_GATES);
	if (json_is_array(gates) && json_array_size(gates) > 0) {
		if ((r->gates = calloc(json_array_size(gates), sizeof *r->gates)) == NULL)
			return -1;
		for (i = 0; i < json_array_size(gates); i++) {
			json_t *x = json_array_get(gates, i);
			struct gate_result *g = &r->gates[r->ngates];
			if ((g->rule = kstr(c, x, "rule")) == NULL)
				return -1;
			g->passed = flag(x, "passed");
			if (text(&g->why, str(x, "why")) != 0)
				return -1;
			/* failed by the image (no installation, or a record from before "partitions"), or by those listed */
			if (!g->passed && (r->ninst == 0 || !json_is_array(json_object_get(x, "partitions"))))
				r->gates_failed |= 1u << r->ngates;
			else if (!g->passed)
				gate_partitions(r, json_object_get(x, "partitions"), 1u << r->ngates);
			r->ngates++;
		}
	}
	return 0;
}

/*
 * A path that is not UTF-8, as its bytes in hex ("path_bytes"): the path is
 * those bytes again (the record's "path" shows them escaped).  0, or -1.
 */
static int
path_bytes(struct ctx *c, const char *hex)
{
	char *p;
	size_t i, n;

	if (hex == NULL || (n = strlen(hex)) == 0 || n % 2 != 0 || strspn(hex, "0123456789abcdef") != n ||
	    (p = malloc(n / 2 + 1)) == NULL)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10;
		int lo = hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10;
		p[i] = (char)(hi << 4 | lo);
	}
	p[n / 2] = '\0';
	if (strlen(p) != n / 2) { /* a NUL inside: no path */
		free(p);
		return -1;
	}
	c->r->path = keep(c, p);
	free(p);
	return c->r->path != NULL ? 0 : -1;
}

/*
 * A record holds a name's U+0000 as \u0000 (a registry name is a counted
 * string), in values' names too, which are object keys, and jansson reads
 * no NUL in a key.  So before parsing, each \u0000 becomes U+FFFF '0' and
 * each U+FFFF (raw or escaped) U+FFFF U+FFFF: no NUL reaches jansson, and
 * names_restored (after parsing) turns them back, U+0000 into the form our
 * C strings hold (base/utf.h's UTF_NUL), so nothing after it is lost.
 * Owned, its length in *n; NULL on no memory.
 */
static char *
nul_escaped(const char *s, size_t len, size_t *n)
{
	static const char ffff[] = "\xef\xbf\xbf";
	char *c = malloc(2 * len + 1), *o = c;
	size_t i = 0;

	if (c == NULL)
		return NULL;
	while (i < len) {
		if (s[i] == '\\' && i + 5 < len && s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0) {
			memcpy(o, "\\uffff0", 7);
			o += 7;
			i += 6;
		} else if (s[i] == '\\' && i + 5 < len && s[i + 1] == 'u' && strncasecmp(s + i + 2, "ffff", 4) == 0) {
			memcpy(o, "\\uffff\\uffff", 12);
			o += 12;
			i += 6;
		} else if (s[i] == '\\' && i + 1 < len) {
			*o++ = s[i++]; /* an escape: its second character is never the start of another */
			*o++ = s[i++];
		} else if (i + 2 < len && memcmp(s + i, ffff, 3) == 0) {
			memcpy(o, ffff, 3);
			memcpy(o + 3, ffff, 3);
			o += 6;
			i += 3;
		} else {
			*o++ = s[i++];
		}
	}
	*o = '\0';
	*n = (size_t)(o - c);
	return c;
}

/* s with nul_escaped's marks undone (U+FFFF '0' a name's U+0000, U+FFFF U+FFFF one U+FFFF): owned, or NULL. */
static char *
nul_restored(const char *s)
{
	char *c = malloc(strlen(s) + 1), *o = c;

	if (c == NULL)
		return NULL;
	while (*s) {
		/* strncmp: it stops at the string's end, never reading past it */
		if (strncmp(s, "\xef\xbf\xbf" "0", 4) == 0) {
			*o++ = UTF_NUL[0];
			*o++ = UTF_NUL[1];
			s += 4;
		} else if (strncmp(s, "\xef\xbf\xbf\xef\xbf\xbf", 6) == 0) {
			memcpy(o, s, 3);
			o += 3;
			s += 6;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return c;
}

/* Every string and object key of j given back its U+0000 and U+FFFF (nul_escaped): 0, or -1 (no memory). */
static int
names_restored(json_t *j)
{
	const char *k;
	size_t i = 0;
	json_t *v, *fixed;
	int rc = 0;

	if (json_is_string(j)) {
		char *c;
		if (strstr(json_string_value(j), "\xef\xbf\xbf") == NULL)
			return 0;
		if ((c = nul_restored(json_string_value(j))) == NULL)
			return -1;
		rc = json_string_set_nocheck(j, c);
		free(c);
		return rc;
	}
	if (json_is_array(j)) {
		for (i = 0; rc == 0 && i < json_array_size(j); i++)
			rc = names_restored(json_array_get(j, i));
		return rc;
	}
	if (!json_is_object(j))
		return 0;
	/*
	 * keys so marked take their restored spelling, each in its place: the
	 * object is built again in order (the values' order is the stored order)
	 */
	json_object_foreach(j, k, v) {
		if (rc == 0)
			rc = names_restored(v);
		if (strstr(k, "\xef\xbf\xbf") != NULL)
			i = 1;
	}
	if (rc != 0 || i != 1)
		return rc;
	if ((fixed = json_object()) == NULL)
		return -1;
	json_object_foreach(j, k, v) {
		char *c = strstr(k, "\xef\xbf\xbf") != NULL ? nul_restored(k) : NULL;
		if ((c == NULL && strstr(k, "\xef\xbf\xbf") != NULL) || json_object_set_nocheck(fixed, c ? c : k, v) != 0)
			rc = -1;
		free(c);
	}
	if (rc == 0 && json_object_clear(j) == 0) {
		json_object_foreach(fixed, k, v)
			if (json_object_set_nocheck(j, k, v) != 0)
				rc = -1;
	}
	json_decref(fixed);
	return rc;
}

/* The record's run (provenance), when it has one: r->run.  0, or -1 (not one, or no memory). */
static int
run_of(json_t *o, struct image_report *r)
{
	struct run_info *ri;
	json_t *libs = json_object_get(o, "libraries"), *v;
	const char *k;

	if (o == NULL || json_is_null(o))
		return 0;
	if (!json_is_object(o) || str(o, "tool") == NULL || (libs != NULL && !json_is_object(libs)))
		return -1;
	if ((ri = calloc(1, sizeof *ri)) == NULL)
		return -1;
	r->run_owned = ri;
	r->run = ri;
	if ((ri->tool = strdup(str(o, "tool"))) == NULL ||
	    (str(o, "started") != NULL && (ri->started = strdup(str(o, "started"))) == NULL) ||
	    strings(json_object_get(o, "command"), &ri->command, &ri->ncommand) != 0)
		return -1;
	json_object_foreach(libs, k, v)
		if (!json_is_string(v) || strv_addf(&ri->libraries, &ri->nlibraries, "%s %s", k, json_string_value(v)) != 0)
			return -1;
	return 0;
}

int
report_from_json(const char *text, size_t len, struct image_report *r, int *asked, struct err *e)
{
	struct ctx c = {r, e, 0};
	json_error_t je;
	json_t *o;
	char *esc;
	size_t elen;
	int rc = -1;

	memset(r, 0, sizeof *r);
	*asked = 0;
	if ((esc = nul_escaped(text, len, &elen)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	o = json_loadb(esc, elen, JSON_REJECT_DUPLICATES, &je);
	free(esc);
	if (o == NULL)
		return err_set(e, ERR_FORMAT, "not JSON: %s (column %d)", je.text, je.column);
	if (names_restored(o) != 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (!json_is_object(o) || str(o, "path") == NULL) {
		err_set(e, ERR_FORMAT, "not an hvinspect record (no \"path\")");
		goto out;
	}
	r->path = keep(&c, str(o, "path"));
	if (run_of(json_object_get(o, "run"), r) != 0) {
		err_set(e, ERR_FORMAT, "its \"run\" is not a run (or out of memory)");
		goto out;
	}
	if (json_object_get(o, "path_bytes") != NULL && path_bytes(&c, str(o, "path_bytes")) != 0)
		goto bad;
	r->error = dstr(&c, o, "error");
	if (json_object_get(o, "hive") != NULL) {
		r->is_hive = 1;
		hive_state(&c, json_object_get(o, "hive"), &r->hive);
		*asked = 1;
		if (keys(&c, json_object_get(o, "keys"), &r->keys, &r->nkeys) != 0 ||
		    cross_check(&c, json_object_get(o, "cross_check"), &r->xc) != 0)
			goto bad;
		/* a hive that was read has a key in its record (the root, without --key); one not read, none */
		r->hive_opened = r->nkeys > 0;
	} else if (image(&c, o) != 0) {
		goto bad;
	} else {
		size_t i;
		for (i = 0; i < r->ninst && !*asked; i++)
			*asked = json_is_object(json_object_get(json_array_get(json_object_get(o, "installations"), i), "keys"));
	}
	if (warnings(o, &r->warn) != 0 || c.bad)
		goto bad;
	rc = 0;
	goto out;
bad:
	if (e->code == ERR_NONE)
		err_set(e, ERR_FORMAT, "not an hvinspect record (a field of the wrong shape)");
out:
	json_decref(o);
	if (rc != 0)
		report_free(r);
	return rc;
}
