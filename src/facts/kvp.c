/* SPDX-License-Identifier: MIT */
/*
 * kvp.c: KVP facts.  No I/O but through the hive layer.
 * Pool <-> key mapping from Microsoft's Data Exchange documentation and the
 * Linux hv_kvp_daemon [2], [21], [23]: pool 0 External, 2 Auto,
 * 3 Guest\Parameters.  KVP data is strings only (ibid. §0.1).
 */
#include <stdlib.h>
#include <string.h>

#include "facts/kvp.h"
#include "base/utf.h"

/*
 * Every value of the key at path: *has 1 when it exists.  Values that
 * cannot be read cost themselves only (the rest are kept): -1 with e set
 * when anything could not be read, else 0.
 */
static int
read_key(struct hive *sw, const char *path, int *has, uint64_t *ft, struct regval **v,
    size_t *n, struct err *e)
{
	struct hkey *k;
	size_t bad = 0;
	int rc;

	if ((rc = hive_key_open(sw, path, &k, e)) < 0)
		return -1;
	*has = rc;
	if (rc == 0)
		return 0;
	if (ft != NULL)
		*ft = hive_key_filetime(k);
	rc = hive_key_values_partial(k, v, n, &bad, e);
	hive_key_close(k);
	if (rc == 0 && bad > 0)
		return err_ctx(e, "%s: %zu value%s unreadable", path, bad, bad == 1 ? "" : "s");
	return rc == 0 ? 0 : err_ctx(e, "%s", path);
}

int
kvp_collect_params(struct hive *sw, struct kvp_facts *k, struct err *e)
{
	if (read_key(sw, KVP_PARAMS, &k->has_params, &k->params_filetime, &k->params, &k->nparams, e) == 0)
		return 0;
	if (!k->has_params)
		k->unread |= KVP_UNREAD_PARAMS;
	return -1;
}

int
kvp_collect_auto(struct hive *sw, struct kvp_facts *k, struct err *e)
{
	if (read_key(sw, KVP_AUTO, &k->has_auto, NULL, &k->autov, &k->nauto, e) == 0)
		return 0;
	if (!k->has_auto)
		k->unread |= KVP_UNREAD_AUTO;
	return -1;
}

/* External: host users push items here; list what is there, subkeys and values. */
int
kvp_collect_external(struct hive *sw, struct kvp_facts *kf, struct err *e)
{
	struct regval *v = NULL;
	struct hkey *k;
	size_t nv = 0, i, bad = 0, bad2 = 0;
	int rc;

	if ((rc = hive_key_open(sw, KVP_EXTERNAL, &k, e)) < 0) {
		kf->unread |= KVP_UNREAD_EXTERNAL;
		return -1;
	}
	kf->has_external = rc;
	if (rc == 0)
		return 0;
	rc = hive_key_subkeys_partial(k, &kf->external, &kf->nexternal, &bad, e);
	if (rc == 0)
		rc = hive_key_values_partial(k, &v, &nv, &bad2, bad ? &(struct err){0} : e);
	hive_key_close(k);
	for (i = 0; rc == 0 && i < nv; i++)
		if (strv_addf(&kf->external, &kf->nexternal, "%s", v[i].name) != 0)
			rc = err_set(e, ERR_NOMEM, "out of memory");
	regvals_free(v, nv);
	if (rc == 0 && bad + bad2 > 0)
		return err_ctx(e, "%s: %zu name%s unreadable", KVP_EXTERNAL, bad + bad2, bad + bad2 == 1 ? "" : "s");
	return rc == 0 ? 0 : err_ctx(e, "%s", KVP_EXTERNAL);
}

int
kvp_collect(struct hive *sw, struct kvp_facts *k, struct err *e)
{
	struct err e2 ERR_AUTO = ERR_INIT, e3 ERR_AUTO = ERR_INIT;
	int a, b, c;

	err_clear(&e2);
	err_clear(&e3);
	k->service_start = -1;
	a = kvp_collect_params(sw, k, e);
	b = kvp_collect_auto(sw, k, a ? &e2 : e);
	c = kvp_collect_external(sw, k, a || b ? &e3 : e);
	kvp_set_state(k);
	err_clear(&e2);
	err_clear(&e3);
	return a || b || c ? -1 : 0;
}

void
kvp_set_state(struct kvp_facts *k)
{
	if (k->service_start == 4)
		k->state = KVP_DISABLED;
	else if (k->unread & (KVP_UNREAD_SERVICE | KVP_UNREAD_SOFTWARE))
		k->state = KVP_UNKNOWN; /* disabled or not, never-ran or not: cannot be told */
	else if (k->has_params || k->has_auto)
		k->state = KVP_ACTIVE;
	else if (k->unread & (KVP_UNREAD_PARAMS | KVP_UNREAD_AUTO))
		k->state = KVP_UNKNOWN;
	else
		k->state = KVP_NEVER_RAN;
}

int
kvp_value_number(const struct regval *v, int *out)
{
	uint64_t n;

	if (v == NULL)
		return 0;
	if (v->kind == RV_INT)
		n = v->num;
	else if (v->kind != RV_STRING || !parse_decimal(v->str, &n))
		return 0;
	if (n > 99)
		return 0;
	*out = (int)n;
	return 1;
}

/* How many values of Guest\Parameters have this name (any case): more than one only in an edited hive. */
static size_t
times(const struct kvp_facts *k, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < k->nparams; i++)
		n += utf8_casecmp(k->params[i].name, name) == 0;
	return n;
}

void
kvp_host(const struct kvp_facts *k, struct host_facts *h)
{
	const struct regval *maj, *min;

	h->major = h->minor = -1;
	h->nsource = 0;
	maj = regval_find(k->params, k->nparams, KVP_HOSTING_MAJOR);
	min = regval_find(k->params, k->nparams, KVP_HOSTING_MINOR);
	/* Only when neither real-host value is there does the post's spelling count. */
	if (maj == NULL && min == NULL) {
		maj = regval_find(k->params, k->nparams, KVP_POST_MAJOR);
		min = regval_find(k->params, k->nparams, KVP_POST_MINOR);
	}
	if (maj != NULL) {
		h->stored[h->nsource] = times(k, maj->name);
		h->source[h->nsource++] = maj->name;
		if (!kvp_value_number(maj, &h->major))
			h->major = -1;
	}
	if (min != NULL) {
		h->stored[h->nsource] = times(k, min->name);
		h->source[h->nsource++] = min->name;
		if (!kvp_value_number(min, &h->minor))
			h->minor = -1;
	}
}
