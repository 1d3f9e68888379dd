/* SPDX-License-Identifier: MIT */
/*
 * kvp.c: KVP facts.  No I/O but through the hive layer.
 * Pool <-> key mapping from Microsoft's Data Exchange documentation and the
 * Linux hv_kvp_daemon (kvp-ic-facts §2): pool 0 External, 2 Auto,
 * 3 Guest\Parameters.  KVP data is strings only (ibid. §0.1).
 */
#include <stdlib.h>
#include <string.h>

#include "kvp.h"

static int
read_key(struct hive *sw, const char *path, int *has, uint64_t *ft, struct regval **v,
    size_t *n, struct err *e)
{
	struct hkey *k;
	int rc;

	if ((rc = hive_key_open(sw, path, &k, e)) < 0)
		return err_ctx(e, "%s", path);
	*has = rc;
	if (rc == 0)
		return 0;
	if (ft != NULL)
		*ft = hive_key_filetime(k);
	rc = hive_key_values(k, v, n, e);
	hive_key_close(k);
	return rc == 0 ? 0 : err_ctx(e, "%s", path);
}

/* External: host users push items here; list what is there, subkeys and values. */
static int
read_external(struct hive *sw, struct kvp_facts *kf, struct err *e)
{
	struct regval *v = NULL;
	struct hkey *k;
	size_t nv = 0, i;
	int rc;

	if ((rc = hive_key_open(sw, KVP_EXTERNAL, &k, e)) < 0)
		return err_ctx(e, "%s", KVP_EXTERNAL);
	kf->has_external = rc;
	if (rc == 0)
		return 0;
	rc = hive_key_subkeys(k, &kf->external, &kf->nexternal, e);
	if (rc == 0)
		rc = hive_key_values(k, &v, &nv, e);
	hive_key_close(k);
	for (i = 0; rc == 0 && i < nv; i++)
		if (strv_addf(&kf->external, &kf->nexternal, "%s", v[i].name) != 0)
			rc = err_set(e, ERR_NOMEM, "out of memory");
	regvals_free(v, nv);
	return rc == 0 ? 0 : err_ctx(e, "%s", KVP_EXTERNAL);
}

int
kvp_collect(struct hive *sw, struct kvp_facts *k, struct err *e)
{
	k->service_start = -1;
	if (read_key(sw, KVP_PARAMS, &k->has_params, &k->params_filetime, &k->params, &k->nparams,
	    e) != 0 ||
	    read_key(sw, KVP_AUTO, &k->has_auto, NULL, &k->autov, &k->nauto, e) != 0 ||
	    read_external(sw, k, e) != 0)
		return -1;
	kvp_set_state(k);
	return 0;
}

void
kvp_set_state(struct kvp_facts *k)
{
	if (k->service_start == 4)
		k->state = "disabled";
	else if (k->has_params || k->has_auto)
		k->state = "active";
	else
		k->state = "never-ran";
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
		h->source[h->nsource++] = maj->name;
		if (!kvp_value_number(maj, &h->major))
			h->major = -1;
	}
	if (min != NULL) {
		h->source[h->nsource++] = min->name;
		if (!kvp_value_number(min, &h->minor))
			h->minor = -1;
	}
}
