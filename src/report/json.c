/* SPDX-License-Identifier: MIT */
/*
 * json.c: the JSON contract, built with jansson (nobody escapes by hand).
 * Every key is always present; absent facts are null.  Key order is fixed
 * (jansson >= 2.8 keeps insertion order).  docs/output.md documents each key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/strv.h"
#include "base/utf.h"
#include "facts/history.h"
#include "report/out.h"

/*
 * A JSON string from text that should be UTF-8 but may not be (a path from
 * argv, a message quoting on-disk bytes, a truncated string): it never costs
 * the record (below).
 */
/*
 * s as JSON text, when it is not plain UTF-8: a name's U+0000 (base/utf.h's
 * UTF_NUL) as the character itself (JSON \u0000), each byte of no
 * well-formed sequence as text shows it (\xNN: a file name's bytes), every
 * well-formed one kept, so distinct names stay distinct.  Owned, its length
 * in *n; NULL on no memory.
 */
static char *
json_text(const char *s, size_t *len)
{
	size_t i, k, n = strlen(s);
	char *c, *o;

	if ((c = o = malloc(4 * n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i += k) {
		if (s[i] == UTF_NUL[0] && s[i + 1] == UTF_NUL[1]) {
			*o++ = '\0';
			k = 2;
		} else if ((k = utf8_seq_len(s + i, n - i)) > 0) {
			memcpy(o, s + i, k);
			o += k;
		} else {
			snprintf(o, 5, "\\x%02x", (unsigned char)s[i]);
			o += 4;
			k = 1;
		}
	}
	*o = '\0';
	*len = (size_t)(o - c);
	return c;
}

static json_t *
jstr(const char *s)
{
	json_t *j;
	char *c;
	size_t n;

	if (s == NULL)
		s = ""; /* never in a record we made; a record read back may lack it */
	if ((j = json_string(s)) != NULL)
		return j;
	/* a record's path that is not UTF-8 also gets its bytes (path_bytes) */
	if ((c = json_text(s, &n)) == NULL)
		return json_null();
	j = json_stringn(c, n);
	free(c);
	return j != NULL ? j : json_null();
}

/* o[key] = v (v taken), key as jstr writes a string (a value's name may hold U+0000). */
static void
jset(json_t *o, const char *key, json_t *v)
{
	size_t i, k, n = strlen(key);
	char *c;

	for (i = 0; i < n && (k = utf8_seq_len(key + i, n - i)) > 0; i += k)
		;
	if (i == n) { /* well-formed UTF-8 (jansson would refuse anything else, and drop v) */
		json_object_set_new(o, key, v);
		return;
	}
	if ((c = json_text(key, &n)) == NULL) {
		json_decref(v);
		return;
	}
	json_object_setn_new(o, c, n, v);
	free(c);
}

/* A record's path: in "path" as jstr gives it and, when it is not UTF-8, its bytes in hex in "path_bytes". */
static void
set_path(json_t *rec, const char *path)
{
	static const char hex[] = "0123456789abcdef";
	json_t *t;
	char *h;
	size_t i, n;

	if (path == NULL)
		return;
	if ((t = json_string(path)) != NULL) {
		json_decref(t);
		return;
	}
	n = strlen(path);
	if ((h = malloc(2 * n + 1)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		h[2 * i] = hex[(unsigned char)path[i] >> 4];
		h[2 * i + 1] = hex[(unsigned char)path[i] & 15];
	}
	h[2 * n] = '\0';
	json_object_set_new(rec, "path_bytes", json_string(h));
	free(h);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? jstr(s) : json_null();
}

static json_t *
int_or_null(long long v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

static json_t *
strv(char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

/* Each warning's kind, by its id (warn.def), in the order of the warnings. */
static json_t *
kinds_json(const struct warnings *w)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < w->n; i++)
		json_array_append_new(a, json_string(warn_id(w->kind[i])));
	return a;
}

static json_t *
value_data(const struct regval *v)
{
	static const char hex[] = "0123456789abcdef";
	json_t *j;
	char *s;
	size_t i;

	switch (v->kind) {
	case RV_STRING:
		return jstr(v->str ? v->str : "");
	case RV_INT:
		if (v->num <= (uint64_t)INT64_MAX)
			return json_integer((json_int_t)v->num);
		s = malloc(24);
		snprintf(s, 24, "%llu", (unsigned long long)v->num);
		j = json_string(s);
		free(s);
		return j;
	case RV_MULTI:
		return strv(v->multi, v->nmulti);
	default:
		if ((s = malloc(v->nbin * 2 + 1)) == NULL)
			return json_null();
		for (i = 0; i < v->nbin; i++) {
			s[2 * i] = hex[v->bin[i] >> 4];
			s[2 * i + 1] = hex[v->bin[i] & 15];
		}
		s[2 * v->nbin] = '\0';
		j = json_string(s);
		free(s);
		return j;
	}
}

static json_t *
hex_or_null(const uint8_t *b, size_t n, int want)
{
	static const char hexd[] = "0123456789abcdef";
	json_t *j;
	char *s;
	size_t i;

	if (!want || (s = malloc(n * 2 + 1)) == NULL)
		return json_null();
	for (i = 0; i < n; i++) {
		s[2 * i] = hexd[b[i] >> 4];
		s[2 * i + 1] = hexd[b[i] & 15];
	}
	s[2 * n] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

/*
 * One value: {"type", "data", "anomalies", "raw"}: anomalies names what did
 * not decode cleanly, and then raw holds every stored byte in hex (else null).
 */
static json_t *
value_obj(const struct regval *v, int with_name)
{
	json_t *an = json_array(), *o;
	const char *a[8];
	char tb[16];
	size_t i, na = regval_anomalies(v, a, 8);

	for (i = 0; i < na; i++)
		json_array_append_new(an, json_string(a[i]));
	o = json_pack("{s:s,s:o,s:o,s:o}", "type", regval_type_of(v, tb), "data", value_data(v),
	    "anomalies", an, "raw", hex_or_null(v->bin, v->nbin, v->kind != RV_BINARY && (v->flags & RVF_DATA_FLAGS)));
	if (o != NULL && with_name)
		json_object_set_new(o, "name", jstr(v->name));
	return o;
}

/*
 * {NAME: {"type", "data", "anomalies", "raw", "duplicates"}}, in stored
 * order.  A name stored more than once (any case) is one key: the first
 * value, which every lookup (Windows' too) finds, and in "duplicates" the
 * later ones, each with its "name" as stored.
 */
static json_t *
values(const struct regval *v, size_t n)
{
	json_t *o = json_object();
	size_t i, j, *next = regvals_next_same(v, n);

	for (i = 0; next != NULL && i < n; i++) {
		json_t *one, *dups;
		if (v[i].flags & RVF_DUPLICATE)
			continue;
		one = value_obj(&v[i], 0);
		dups = json_array();
		for (j = next[i]; j != (size_t)-1; j = next[j])
			json_array_append_new(dups, value_obj(&v[j], 1));
		json_object_set_new(one, "duplicates", dups);
		jset(o, v[i].name, one);
	}
	free(next);
	return o;
}

static json_t *
os_json(const struct os_facts *os)
{
	char nt[16];

	json_t *kernel = json_null();

	snprintf(nt, sizeof nt, "%d.%d", os->nt_major, os->nt_minor);
	if (os->family != NULL && strcmp(os->family, "linux") == 0)
		kernel = json_pack("{s:o,s:o,s:o}", "booted", str_or_null(os->kernel[0] ? os->kernel : NULL),
		    "booted_from", str_or_null(os->kernel_from[0] ? os->kernel_from : NULL),
		    "installed", os->packages != NULL && strcmp(os->packages, "dpkg") == 0 ?
		    strv(os->kernels, os->nkernels) : json_null());
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "family", str_or_null(os->family),
	    "product_name", str_or_null(os->product_name),
	    "name", str_or_null(os->name),
	    "nt", os->nt_major >= 0 ? json_string(nt) : json_null(),
	    "build", int_or_null(os->build),
	    "ubr", int_or_null(os->ubr),
	    "edition", str_or_null(os->edition),
	    "installation_type", str_or_null(os->installation_type),
	    "arch", str_or_null(os->arch),
	    "computer_name", str_or_null(os->computer_name),
	    "packages", str_or_null(os->packages),
	    "kernel", kernel);
}

static json_t *
kvp_json(const struct kvp_facts *k)
{
	json_t *gp = json_null(), *au = json_null(), *dm = json_null();
	char iso[32];

	if (k->has_params) {
		filetime_iso(k->params_filetime, iso);
		gp = json_pack("{s:o,s:o}", "last_written", iso[0] ? json_string(iso) : json_null(),
		    "values", values(k->params, k->nparams));
	}
	if (k->has_auto)
		au = values(k->autov, k->nauto);
	if (k->daemon.known)
		dm = json_pack("{s:o,s:o,s:o,s:b}", "package", str_or_null(k->daemon.package[0] ? k->daemon.package : NULL),
		    "program", str_or_null(k->daemon.binary[0] ? k->daemon.binary : NULL),
		    "unit", str_or_null(k->daemon.unit[0] ? k->daemon.unit : NULL), "enabled", k->daemon.enabled);
	return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}",
	    "state", kvp_state_name(k->state),
	    "service_start", int_or_null(k->service_start),
	    "guest_parameters", gp,
	    "auto", au,
	    "external", k->has_external ? strv(k->external, k->nexternal) : json_null(), "daemon", dm);
}

static json_t *
host_json(const struct host_facts *h)
{
	json_t *src = json_array();
	char nt[16];
	size_t i;

	for (i = 0; i < h->nsource; i++)
		json_array_append_new(src, json_string(h->source[i]));
	char as[16];

	char bv[48];
	json_t *build = json_null();

	snprintf(nt, sizeof nt, "%d.%d", h->major, h->minor);
	snprintf(as, sizeof as, "%d.%d", h->assumed_major, h->assumed_minor);
	if (h->build.found) {
		snprintf(bv, sizeof bv, "%u.%u.%u.%u", h->build.major, h->build.minor, h->build.build, h->build.number);
		build = json_pack("{s:s,s:I,s:I,s:I,s:o,s:o}", "version", bv, "major", (json_int_t)h->build.major,
		    "minor", (json_int_t)h->build.minor, "build", (json_int_t)h->build.build,
		    "product", str_or_null(h->build.product), "from", jstr(h->build.from));
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:o,s:o}",
	    "nt", h->major >= 0 && h->minor >= 0 ? json_string(nt) : json_null(),
	    "major", int_or_null(h->major),
	    "minor", int_or_null(h->minor),
	    "source", src,
	    "name", str_or_null(h->name),
	    "edition_id", int_or_null(h->edition_id),
	    "edition", str_or_null(h->edition),
	    "nested_level", int_or_null(h->nested_level),
	    "processor_arch", str_or_null(h->processor_arch),
	    "legacy_values_only", h->legacy_values_only,
	    "assumed", h->assumed_major >= 0 ? json_string(as) : json_null(), "build", build);
}

static json_t *
wu_json(const struct wu_verdict *wu)
{
	json_t *checks = json_array();
	size_t i;

	for (i = 0; i < wu->nchecks; i++)
		json_array_append_new(checks, json_pack("{s:s,s:o,s:b}", "check", wu_check_name(wu->checks[i].check),
		    "value", jstr(wu->checks[i].value), "passed", wu->checks[i].passed));
	return json_pack("{s:o,s:o,s:o,s:o,s:o}",
	    "offered", wu->offered < 0 ? json_null() : json_boolean(wu->offered),
	    "package", str_or_null(wu->package), "installs", str_or_null(wu->installs),
	    "reason", jstr(wu->reason), "checks", checks);
}

static json_t *
ic_json(const struct ic_verdict *ic)
{
	return json_pack("{s:o,s:o,s:s,s:o}", "installed", str_or_null(ic->installed),
	    "host_ships", str_or_null(ic->host_ships), "status", ic_status_name(ic->status), "reason", jstr(ic->reason));
}

static json_t *
hive_json(const struct hive_read *st)
{
	const struct hive_read *rp = st;
	json_t *from;
	size_t i;

	if (!st->present)
		return json_null();
	from = json_array();
	for (i = 0; i < rp->nrecovered; i++)
		json_array_append_new(from, json_string(rp->recovered_from[i]));
	return json_pack("{s:b,s:b,s:o,s:I,s:I,s:b,s:b,s:o}",
	    "dirty", rp->dirty, "base_block_bad", rp->base_block_bad, "recovered_from", from,
	    "entries_applied", (json_int_t)rp->entries_applied,
	    "pages_applied", (json_int_t)rp->pages_applied,
	    "stale", rp->dirty && rp->nrecovered == 0, "replay_disabled", st->replay_off,
	    "note", rp->note[0] ? jstr(rp->note) : json_null());
}

/* {"PATH": {"key", "last_written", "values", "subkeys"} | null}; null as a whole when not asked. */
static json_t *
keys_json(const struct keydump *d, size_t n, int asked)
{
	json_t *o;
	char iso[32];
	size_t i;

	if (!asked)
		return json_null();
	o = json_object();
	for (i = 0; i < n; i++) {
		json_t *k;
		if (d[i].error != NULL) {
			k = json_pack("{s:o,s:o}", "key", jstr(d[i].request), "error", jstr(d[i].error));
		} else if (!d[i].found) {
			k = json_null();
		} else {
			filetime_iso(d[i].filetime, iso);
			k = json_pack("{s:o,s:o,s:o,s:o}", "key", jstr(d[i].request),
			    "last_written", iso[0] ? json_string(iso) : json_null(),
			    "values", values(d[i].values, d[i].nvalues),
			    "subkeys", strv(d[i].subkeys, d[i].nsubkeys));
		}
		jset(o, d[i].request, k);
	}
	return o;
}

static json_t *
xfacts_json(const struct xfact *v, size_t n, int readings)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = json_pack("{s:o}", "fact", jstr(v[i].fact));
		if (readings) {
			json_object_set_new(o, "ours", str_or_null(v[i].ours));
			json_object_set_new(o, "libyal", str_or_null(v[i].libyal));
		}
		if (v[i].why != NULL || !readings)
			json_object_set_new(o, "why", str_or_null(v[i].why));
		json_array_append_new(a, o);
	}
	return a;
}

/* --cross-check's findings, or null when it was not asked for. */
static json_t *
xcheck_json(const struct cross_check *xc)
{
	json_t *stack;
	size_t i;

	if (!xc->ran)
		return json_null();
	stack = json_array();
	for (i = 0; i < xc->nstack; i++)
		json_array_append_new(stack, json_string(xc->stack[i]));
	return json_pack("{s:o,s:{s:o,s:o,s:o},s:I,s:o,s:o,s:o,s:o}", "stack", stack,
	    "levels", "image", jstr(xc->image), "ntfs", jstr(xc->ntfs), "hive", jstr(xc->hive),
	    "agreed", (json_int_t)xc->agreed,
	    "disagreed", xfacts_json(xc->disagreed, xc->ndisagreed, 1),
	    "explained", xfacts_json(xc->explained, xc->nexplained, 1),
	    "not_checked", xfacts_json(xc->not_checked, xc->nnot_checked, 0),
	    "error", str_or_null(xc->error));
}

static json_t *
time_or_null(uint64_t ft)
{
	char iso[32];

	filetime_iso(ft, iso);
	return iso[0] ? json_string(iso) : json_null();
}

static json_t *
nt_or_null(int major, int minor)
{
	char nt[16];

	if (major < 0 || minor < 0)
		return json_null();
	snprintf(nt, sizeof nt, "%d.%d", major, minor);
	return json_string(nt);
}

/* --history: the observations, oldest first; null without --history. */
static json_t *
history_json(const struct history *h)
{
	json_t *a;
	size_t i, k;

	if (!h->ran)
		return json_null();
	a = json_array();
	for (i = 0; i < h->nobs; i++) {
		const struct host_obs *o = &h->obs[i];
		json_t *m = json_array();
		for (k = 0; k < o->nmerged; k++)
			json_array_append_new(m, json_pack("{s:s,s:o,s:o}", "source", hist_source_name(o->merged[k].source),
			    "where", str_or_null(o->merged[k].where), "as_of", time_or_null(o->merged[k].as_of)));
		json_array_append_new(a, json_pack("{s:s,s:o,s:o,s:o,s:s,s:{s:o,s:o,s:o,s:o,s:o,s:o,s:o},s:o,s:o,s:o}",
		    "source", hist_source_name(o->source), "where", str_or_null(o->where),
		    "as_of", time_or_null(o->as_of), "as_of_basis", str_or_null(o->as_of_basis),
		    "evidence", strength_name(o->evidence),
		    "host", "name", str_or_null(o->name), "physical_name", str_or_null(o->physical_name),
		    "nt", nt_or_null(o->nt_major, o->nt_minor), "edition_id", int_or_null(o->edition_id),
		    "vm_name", str_or_null(o->vm_name), "vm_id", str_or_null(o->vm_id), "build", str_or_null(o->build),
		    "guest_kernel", str_or_null(o->kernel), "first_seen", time_or_null(o->first_seen), "merged", m));
	}
	return a;
}

static json_t *
hosts_seen_json(const struct history *h)
{
	json_t *a;
	size_t i, k;

	if (!h->ran)
		return json_null();
	a = json_array();
	for (i = 0; i < h->nseen; i++) {
		const struct host_seen *s = &h->seen[i];
		json_t *src = json_array();
		for (k = 0; k < s->nsources; k++)
			json_array_append_new(src, json_string(hist_source_name(s->sources[k])));
		json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:I}", "name", str_or_null(s->name),
		    "build", str_or_null(s->build),
		    "nt", nt_or_null(s->nt_major, s->nt_minor), "evidence", strength_name(s->evidence),
		    "first_seen", time_or_null(s->first_seen), "last_seen", time_or_null(s->last_seen),
		    "sources", src, "observations", (json_int_t)s->observations));
	}
	return a;
}

static json_t *
install_json(const struct install *in, int asked)
{
	json_t *sp = json_array(), *svc = json_object();
	size_t i;

	for (i = 0; i < in->nspoof; i++)
		json_array_append_new(sp, json_pack("{s:s,s:s,s:o}", "rule", in->spoof[i].rule,
		    "severity", strength_name(in->spoof[i].severity), "detail", jstr(in->spoof[i].detail)));
	for (i = 0; i < in->nservices; i++)
		json_object_set_new(svc, in->services[i].name, in->services[i].unread ? json_string("unreadable") :
		    int_or_null(in->services[i].start));
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "partition", (json_int_t)in->partition,
	    "hives", json_pack("{s:o,s:o}", "SOFTWARE", hive_json(&in->software),
		"SYSTEM", hive_json(&in->system)),
	    "keys", keys_json(in->keys, in->nkeys, asked),
	    "os", os_json(&in->os),
	    "kvp", kvp_json(&in->kvp),
	    "host", host_json(&in->host),
	    "ic", ic_json(&in->ic),
	    "windows_update", wu_json(&in->wu),
	    "spoof_indicators", sp,
	    "services", in->nservices ? svc : (json_decref(svc), json_null()),
	    "cross_check", xcheck_json(&in->xc),
	    "history", history_json(&in->hist), "hosts_seen", hosts_seen_json(&in->hist),
	    "history_notes", in->hist.ran ? strv(in->hist.notes, in->hist.nnotes) : json_null(),
	    "warnings", strv(in->warn.text, in->warn.n), "warning_kinds", kinds_json(&in->warn));
}

/* The run a record comes from: {"tool", "libraries": {name: version}, "started", "command": [...]}, or null. */
static json_t *
run_json(const struct run_info *ri)
{
	json_t *libs, *o;
	size_t i;

	if (ri == NULL)
		return json_null();
	libs = json_object();
	for (i = 0; i < ri->nlibraries; i++) {
		const char *sp = strchr(ri->libraries[i], ' ');
		char *name = sp ? str_printf("%.*s", (int)(sp - ri->libraries[i]), ri->libraries[i]) : NULL;
		if (name != NULL)
			jset(libs, name, jstr(sp + 1));
		free(name);
	}
	o = json_pack("{s:o,s:o,s:o,s:o}", "tool", jstr(ri->tool), "libraries", libs,
	    "started", str_or_null(ri->started), "command", strv(ri->command, ri->ncommand));
	return o != NULL ? o : json_null();
}

/* A BitLocker volume's facts (docs/output.md), or null. */
static json_t *
encryption_json(const struct rep_encryption *x)
{
	json_t *prot;
	size_t i;

	if (x == NULL)
		return json_null();
	prot = json_array();
	for (i = 0; i < x->nprot; i++)
		json_array_append_new(prot, json_pack("{s:s,s:s}", "type", x->prot[i].type, "id", x->prot[i].id));
	return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "scheme", "bitlocker", "state", x->state,
	    "volume_id", str_or_null(x->volume_id[0] ? x->volume_id : NULL),
	    "method", str_or_null(x->method[0] ? x->method : NULL), "created", time_or_null(x->created),
	    "description", x->description ? jstr(x->description) : json_null(), "protectors", prot,
	    "unlocked_with", str_or_null(x->unlocked_with[0] ? x->unlocked_with : NULL),
	    "reason", x->reason ? jstr(x->reason) : json_null());
}

static json_t *
image_json(const struct image_report *r, int asked)
{
	json_t *img = json_null(), *parts = json_array(), *inst = json_array(), *gates, *rec;
	size_t i;

	if (r->have_image) {
		json_t *chain = json_array();
		for (i = 0; i < r->image.nchain; i++) {
			const struct disk_level *l = &r->image.chain[i];
			/* format as jstr writes it too: a record read back may hold any text there */
			json_array_append_new(chain, json_pack("{s:o,s:o,s:o,s:o,s:o}",
			    "path", jstr(l->path ? l->path : ""), "format", jstr(l->format ? l->format : ""),
			    "disk_type", str_or_null(l->disk_type),
			    "identifier", l->id[0] ? jstr(l->id) : json_null(),
			    "parent_identifier", l->parent_id[0] ? jstr(l->parent_id) : json_null()));
		}
		const struct disk_level *top = r->image.nchain ? &r->image.chain[0] : NULL;
		json_t *log = json_null(), *files = json_array();
		for (i = 0; i < r->image.nfiles; i++) {
			const struct disk_file *df = &r->image.files[i];
			char iso[32] = "";
			if (df->mtime != INT64_MIN && df->mtime > -11644473600)
				filetime_iso(((uint64_t)(df->mtime + 11644473600)) * 10000000u, iso);
			json_array_append_new(files, json_pack("{s:o,s:o,s:o,s:o}", "path", jstr(df->path),
			    "size", df->size >= 0 ? json_integer(df->size) : json_null(),
			    "modified", iso[0] ? json_string(iso) : json_null(),
			    "sha256", df->sha256[0] ? json_string(df->sha256) : json_null()));
		}
		if (top != NULL && r->image.has_log)
			log = json_pack("{s:b,s:I,s:b}", "pending", top->log_pending,
			    "entries_replayed", (json_int_t)top->log_entries, "torn", top->log_torn);
		img = json_pack("{s:o,s:o,s:o,s:I,s:I,s:o,s:o}", "format", jstr(r->image.format ? r->image.format : ""),
		    "disk_type", str_or_null(r->image.disk_type), "subformat", str_or_null(r->image.subformat),
		    "virtual_size", (json_int_t)r->image.virtual_size,
		    "sector_size", (json_int_t)r->image.sector_size, "chain", chain, "log", log);
		json_object_set_new(img, "files", files);
	}
	for (i = 0; i < r->nparts; i++) {
		const struct rep_part *p = &r->parts[i];
		json_t *lvm = json_null();
		if (p->scheme == SCHEME_LVM)
			lvm = json_pack("{s:o,s:o,s:o}", "volume_group", jstr(p->vg), "logical_volume", jstr(p->lv),
			    "uuid", jstr(p->uuid));
		json_array_append_new(parts, json_pack("{s:I,s:s,s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o}",
		    "index", (json_int_t)p->idx, "scheme", part_scheme_name(p->scheme),
		    "offset", (json_int_t)p->offset, "size", (json_int_t)p->size,
		    "type", jstr(p->type), "type_name", str_or_null(p->type_name),
		    "name", str_or_null(p->has_name ? p->name : NULL),
		    "filesystem", p->probed ? json_string(fs_kind_name(p->fs)) : json_null(), "lvm", lvm,
		    "encryption", encryption_json(p->enc)));
	}
	if (r->is_hive) {
		json_decref(parts);
		json_decref(inst);
		rec = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "path", jstr(r->path),
		    "error", str_or_null(r->error), "hive", hive_json(&r->hive),
		    "keys", keys_json(r->keys, r->nkeys, 1), "cross_check", xcheck_json(&r->xc),
		    "warnings", strv(r->warn.text, r->warn.n));
		json_object_set_new(rec, "warning_kinds", kinds_json(&r->warn));
		set_path(rec, r->path);
		json_object_set_new(rec, "run", run_json(r->run));
		return rec;
	}
	for (i = 0; i < r->ninst; i++)
		json_array_append_new(inst, install_json(&r->inst[i], asked));
	gates = json_array();
	for (i = 0; i < r->ngates; i++) {
		/* the installations that failed it, by partition (CSV's gates_failed, per row); one
		 * failed by the image as a whole (its warnings, for clean) fails each of them */
		json_t *failed = json_array();
		size_t k;
		for (k = 0; i < 32 && k < r->ninst; k++)
			if ((r->gates_failed | r->inst[k].gates_failed) & (1u << i))
				json_array_append_new(failed, json_integer(r->inst[k].partition));
		json_array_append_new(gates, json_pack("{s:s,s:b,s:o,s:o}", "rule", r->gates[i].rule,
		    "passed", r->gates[i].passed, "why", r->gates[i].passed ? json_null() : jstr(r->gates[i].why),
		    "partitions", failed));
	}
	rec = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "path", jstr(r->path), "error", str_or_null(r->error), "image", img,
	    "partitions", parts, "installations", inst,
	    "warnings", strv(r->warn.text, r->warn.n), "gates", gates);
	json_object_set_new(rec, "warning_kinds", kinds_json(&r->warn));
	set_path(rec, r->path);
	json_object_set_new(rec, "run", run_json(r->run));
	return rec;
}

int
out_json_one(FILE *f, const struct image_report *r, int asked)
{
	json_t *o = image_json(r, asked);
	int rc;

	if (o == NULL)
		return -1;
	rc = json_dumpf(o, f, JSON_INDENT(2));
	json_decref(o);
	return rc;
}

int
out_jsonl(FILE *f, const struct image_report *r, int asked)
{
	json_t *o = image_json(r, asked);
	json_malloc_t jmalloc;
	json_free_t jfree; /* the string is jansson's: freed by its allocator (json_mem.h: an arena in a batch) */
	char *s;
	size_t n;
	int rc = 0;

	json_get_alloc_funcs(&jmalloc, &jfree);

	if (o == NULL)
		return -1;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		return -1;
	if ((n = strlen(s)) > REPORT_MAX_RECORD) {
		/* bounded: the parent holds a record whole; in its place, one that says why */
		struct image_report small;
		char *why = str_printf("the record is %zu bytes, over the %u MiB a record may hold: not kept "
		    "(ask for fewer --key values)", n, REPORT_MAX_RECORD >> 20);
		jfree(s);
		memset(&small, 0, sizeof small);
		small.path = r->path;
		small.error = why;
		o = image_json(&small, 0);
		free(why);
		if (o == NULL || (s = json_dumps(o, JSON_COMPACT)) == NULL) {
			json_decref(o);
			return -1;
		}
		json_decref(o);
		rc = OUT_OVER;
	}
	if (fputs(s, f) == EOF || fputc('\n', f) == EOF)
		rc = -1;
	fflush(f);
	jfree(s);
	return rc;
}

static void json_begin(FILE *f, const struct image_report *first) { (void)first; fputs("[\n", f); }
static void json_sep(FILE *f) { fputs(",\n", f); }
static void json_end(FILE *f, const struct summary *s) { (void)s; fputs("\n]\n", f); }

/* --json: an array, one object per image (contract in docs/output.md and docs/hvinspect.schema.json). */
const struct emitter emit_json = {"json", json_begin, json_sep, out_json_one, json_end, 1};
/* -o jsonl: one object per line, printed as each image is done. */
const struct emitter emit_jsonl = {"jsonl", NULL, NULL, out_jsonl, NULL, 1};

const char *out_json_lib_version(void) { return jansson_version_str(); }
