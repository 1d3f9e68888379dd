/* SPDX-License-Identifier: MIT */
/*
 * history.c: --history's observations (history.h).  An observation is the
 * host as one source records it: from Guest\Parameters, the host name
 * (HostName), the physical host (PhysicalHostNameFullyQualified, else
 * PhysicalHostName), the version (kvp_host: HostingSystemOsMajor/Minor or
 * the post's spelling), HostingSystemEditionId, the VM's name and id.
 * Time order: by as_of, undated first (free cells), equal times by source
 * then rank; consecutive identical observations are folded into the later
 * one (which keeps its own source: the live one stays live), the earlier
 * listed in merged[] with their times.  Strong and weak never merge, and
 * the hosts seen keep them apart.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "facts/history.h"
#include "facts/kvp.h"

static const char *const source_names[HIST_NSOURCES] = {
	"free-cell", "boot-log", "checkpoint", "shadow-copy", "regback", "hive-log", "live",
};

const char *
hist_source_name(enum hist_source s)
{
	return (unsigned)s < sizeof source_names / sizeof source_names[0] ? source_names[s] : "?";
}

/* A string value of v[0..n) called name (any case), or NULL. */
static const char *
str_of(const struct regval *v, size_t n, const char *name)
{
	const struct regval *x = regval_find(v, n, name);

	return x != NULL && x->kind == RV_STRING && x->str != NULL && x->str[0] ? x->str : NULL;
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Append a blank observation (every fact unknown): NULL when full or out of memory. */
static struct host_obs *
obs_new(struct history *h, enum hist_source src, const char *where, uint64_t as_of, const char *basis,
    long rank, enum strength evidence)
{
	struct host_obs *v, *o;

	if (h->nobs >= HIST_MAX_OBS)
		return NULL;
	if ((v = realloc(h->obs, (h->nobs + 1) * sizeof *v)) == NULL)
		return NULL;
	h->obs = v;
	o = &v[h->nobs];
	memset(o, 0, sizeof *o);
	o->source = src;
	o->as_of = as_of;
	o->first_seen = as_of;
	o->as_of_basis = basis;
	o->rank = rank;
	o->evidence = evidence;
	o->nt_major = o->nt_minor = -1;
	o->edition_id = -1;
	o->seq = h->nobs;
	if (where != NULL && (o->where = strdup(where)) == NULL)
		return NULL;
	h->nobs++;
	return o;
}

int
hist_add_params(struct history *h, enum hist_source src, const char *where, uint64_t as_of,
    const char *basis, long rank, const struct regval *v, size_t n)
{
	struct kvp_facts k;
	struct host_facts hf;
	const struct regval *ed;
	const char *name = str_of(v, n, "HostName"), *phys = str_of(v, n, "PhysicalHostNameFullyQualified");
	const char *vmn = str_of(v, n, "VirtualMachineName"), *vmid = str_of(v, n, "VirtualMachineId");
	struct host_obs *o;
	uint64_t num;

	if (phys == NULL)
		phys = str_of(v, n, "PhysicalHostName");
	memset(&k, 0, sizeof k);
	memset(&hf, 0, sizeof hf);
	k.params = (struct regval *)v;
	k.nparams = n;
	kvp_host(&k, &hf);
	if (name == NULL && phys == NULL && vmn == NULL && vmid == NULL && hf.major < 0)
		return 0; /* nothing about the host here */
	if ((o = obs_new(h, src, where, as_of, basis, rank, STRENGTH_STRONG)) == NULL)
		return h->nobs >= HIST_MAX_OBS ? 0 : -1;
	o->nt_major = hf.major >= 0 && hf.minor >= 0 ? hf.major : -1;
	o->nt_minor = hf.major >= 0 && hf.minor >= 0 ? hf.minor : -1;
	if ((ed = regval_find(v, n, "HostingSystemEditionId")) != NULL) {
		int ok = 0;
		if (ed->kind == RV_INT) {
			num = ed->num;
			ok = 1;
		} else if (ed->kind == RV_STRING && ed->str != NULL) {
			ok = parse_decimal(ed->str, &num) == 1;
		}
		if (ok && num <= 0xffff)
			o->edition_id = (long)num;
	}
	o->name = dup_or_null(name);
	o->physical_name = dup_or_null(phys);
	o->vm_name = dup_or_null(vmn);
	o->vm_id = dup_or_null(vmid);
	if ((name && !o->name) || (phys && !o->physical_name) || (vmn && !o->vm_name) || (vmid && !o->vm_id))
		return -1;
	return 0;
}

int
hist_add_boot(struct history *h, const char *where, long rank, unsigned major, unsigned minor, unsigned build,
    unsigned number, const char *kernel)
{
	struct host_obs *o;
	char b[48];

	if ((o = obs_new(h, HS_BOOT_LOG, where, 0, NULL, rank, STRENGTH_STRONG)) == NULL)
		return h->nobs >= HIST_MAX_OBS ? 0 : -1;
	if (major <= 0xffff && minor <= 0xffff) {
		o->nt_major = (int)major;
		o->nt_minor = (int)minor;
	}
	snprintf(b, sizeof b, "%u.%u.%u.%u", major, minor, build, number);
	if ((o->build = strdup(b)) == NULL || (kernel[0] && (o->kernel = strdup(kernel)) == NULL))
		return -1;
	return 0;
}

/* The string values a free-cell scan can place; numbers alone would have to be paired: not done. */
static const struct {
	const char *name;
	size_t      field; /* offsetof the char * in struct host_obs */
} placed[] = {
	{"HostName", offsetof(struct host_obs, name)},
	{"PhysicalHostNameFullyQualified", offsetof(struct host_obs, physical_name)},
	{"PhysicalHostName", offsetof(struct host_obs, physical_name)},
	{"VirtualMachineName", offsetof(struct host_obs, vm_name)},
	{"VirtualMachineId", offsetof(struct host_obs, vm_id)},
};

int
hist_wanted_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof placed / sizeof placed[0]; i++)
		if (utf8_casecmp(name, placed[i].name) == 0)
			return 1;
	return 0;
}

int
hist_add_free_value(struct history *h, const char *where, const struct regval *v)
{
	struct host_obs *o;
	size_t i;

	if (v->kind != RV_STRING || v->str == NULL || v->str[0] == '\0' || (v->flags & RVF_DATA_FLAGS))
		return 0; /* never a field from a half-valid record */
	for (i = 0; i < sizeof placed / sizeof placed[0]; i++) {
		if (utf8_casecmp(v->name, placed[i].name) != 0)
			continue;
		if ((o = obs_new(h, HS_FREE_CELL, where, 0, NULL, 0, STRENGTH_WEAK)) == NULL)
			return h->nobs >= HIST_MAX_OBS ? 0 : -1;
		return (*(char **)((char *)o + placed[i].field) = strdup(v->str)) != NULL ? 0 : -1;
	}
	return 0;
}

int
hist_note(struct history *h, const char *fmt, ...)
{
	char line[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	return strv_addf(&h->notes, &h->nnotes, "%s", line);
}

/* Time order: undated first, then by as_of; equal: by source, rank, then the order found. */
static int
cmp_obs(const void *pa, const void *pb)
{
	const struct host_obs *a = pa, *b = pb;

	if ((a->as_of == 0) != (b->as_of == 0))
		return a->as_of == 0 ? -1 : 1;
	if (a->as_of != b->as_of)
		return a->as_of < b->as_of ? -1 : 1;
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The same host, as far as both observations say, with the same weight. */
static int
same_host(const struct host_obs *a, const struct host_obs *b)
{
	return same_str(a->name, b->name) && same_str(a->physical_name, b->physical_name) &&
	    same_str(a->vm_name, b->vm_name) && same_str(a->vm_id, b->vm_id) && a->nt_major == b->nt_major &&
	    a->nt_minor == b->nt_minor && a->edition_id == b->edition_id && a->evidence == b->evidence &&
	    same_str(a->build, b->build) && same_str(a->kernel, b->kernel);
}

/* Fold o (earlier) into later: its own merged list first, then itself. */
static int
fold(struct host_obs *later, struct host_obs *o)
{
	struct merged_obs *m = realloc(later->merged, (later->nmerged + o->nmerged + 1) * sizeof *m);
	size_t i;

	if (m == NULL)
		return -1;
	later->merged = m;
	memmove(m + o->nmerged + 1, m, later->nmerged * sizeof *m);
	for (i = 0; i < o->nmerged; i++)
		m[i] = o->merged[i];
	m[o->nmerged].source = o->source;
	m[o->nmerged].where = o->where;
	m[o->nmerged].as_of = o->as_of;
	later->nmerged += o->nmerged + 1;
	if (o->first_seen != 0 && (later->first_seen == 0 || o->first_seen < later->first_seen))
		later->first_seen = o->first_seen;
	free(o->merged);
	o->merged = NULL;
	o->nmerged = 0;
	o->where = NULL;
	host_obs_free(o);
	return 0;
}

static int
seen_add(struct history *h, const struct host_obs *o)
{
	const char *name = o->physical_name ? o->physical_name : o->name;
	struct host_seen *s = NULL, *v;
	size_t i;

	for (i = 0; i < h->nseen && s == NULL; i++)
		if (same_str(h->seen[i].name, name) && same_str(h->seen[i].build, name ? NULL : o->build) &&
		    h->seen[i].nt_major == o->nt_major &&
		    h->seen[i].nt_minor == o->nt_minor && h->seen[i].evidence == o->evidence)
			s = &h->seen[i];
	if (s == NULL) {
		if ((v = realloc(h->seen, (h->nseen + 1) * sizeof *v)) == NULL)
			return -1;
		h->seen = v;
		s = &v[h->nseen++];
		memset(s, 0, sizeof *s);
		if (name != NULL && (s->name = strdup(name)) == NULL)
			return -1;
		if (name == NULL && o->build != NULL && (s->build = strdup(o->build)) == NULL)
			return -1;
		s->nt_major = o->nt_major;
		s->nt_minor = o->nt_minor;
		s->evidence = o->evidence;
	}
	s->observations += 1 + o->nmerged;
	if (o->first_seen != 0 && (s->first_seen == 0 || o->first_seen < s->first_seen))
		s->first_seen = o->first_seen;
	if (o->as_of > s->last_seen)
		s->last_seen = o->as_of;
	for (i = 0; i < s->nsources && s->sources[i] != o->source; i++)
		;
	if (i == s->nsources && s->nsources < sizeof s->sources / sizeof s->sources[0])
		s->sources[s->nsources++] = o->source;
	for (i = 0; i < o->nmerged; i++) {
		size_t k;
		for (k = 0; k < s->nsources && s->sources[k] != o->merged[i].source; k++)
			;
		if (k == s->nsources && s->nsources < sizeof s->sources / sizeof s->sources[0])
			s->sources[s->nsources++] = o->merged[i].source;
	}
	return 0;
}

int
hist_finish(struct history *h)
{
	size_t i, n = 0;

	if (h->nobs > 1)
		qsort(h->obs, h->nobs, sizeof *h->obs, cmp_obs);
	/* fold each observation into the next when they are the same host */
	for (i = 0; i < h->nobs; i++) {
		if (i + 1 < h->nobs && same_host(&h->obs[i], &h->obs[i + 1])) {
			if (fold(&h->obs[i + 1], &h->obs[i]) != 0)
				return -1;
			continue;
		}
		h->obs[n++] = h->obs[i];
	}
	h->nobs = n;
	for (i = 0; i < h->nobs; i++)
		if (seen_add(h, &h->obs[i]) != 0)
			return -1;
	return 0;
}
