/* SPDX-License-Identifier: MIT */
/*
 * hive_api.c: hive.h over either hive reader (hive_ops.h): each call goes
 * to the reader the hive or key came from; what is built on the operations
 * (every value, every subkey name, a string, a number) is written once here.
 */
#include <stdlib.h>

#include "reg/hive_ops.h"

const char *hive_reader_name(const struct hive *h) { return h->ops->name; }
int hive_is_dirty(const struct hive *h, uint32_t *p, uint32_t *s) { return h->ops->is_dirty(h, p, s); }
int hive_is_truncated(const struct hive *h, uint64_t *c, uint64_t *p) { return h->ops->is_truncated(h, c, p); }

void
hive_close(struct hive *h)
{
	if (h != NULL)
		h->ops->close(h);
}

int
hive_key_open(struct hive *h, const char *path, struct hkey **out, struct err *e)
{
	return h->ops->key_open(h, path, out, e);
}

void
hive_key_close(struct hkey *k)
{
	if (k != NULL)
		k->ops->key_close(k);
}

uint64_t hive_key_filetime(struct hkey *k) { return k->ops->key_filetime(k); }

int
hive_key_values_partial(struct hkey *k, struct regval **v, size_t *n, size_t *nbad, struct err *e)
{
	return k->ops->key_values_partial(k, v, n, nbad, e);
}

int
hive_key_value(struct hkey *k, const char *name, struct regval *out, struct err *e)
{
	return k->ops->key_value(k, name, out, e);
}

int hive_key_nsubkeys(struct hkey *k, size_t *n, struct err *e) { return k->ops->key_nsubkeys(k, n, e); }

int
hive_key_open_sub(struct hkey *k, size_t i, struct hkey **out, char **name, struct err *e)
{
	return k->ops->key_open_sub(k, i, out, name, e);
}

int
hive_key_subkeys_partial(struct hkey *k, char ***names, size_t *n, size_t *nbad, struct err *e)
{
	return k->ops->key_subkeys_partial(k, names, n, nbad, e);
}

int
hive_key_values(struct hkey *k, struct regval **v, size_t *n, struct err *e)
{
	size_t bad;

	if (hive_key_values_partial(k, v, n, &bad, e) != 0)
		return -1;
	if (bad == 0)
		return 0;
	regvals_free(*v, *n);
	*v = NULL;
	*n = 0;
	return -1;
}

int
hive_key_subkeys(struct hkey *k, char ***names, size_t *n, struct err *e)
{
	size_t bad;

	if (hive_key_subkeys_partial(k, names, n, &bad, e) != 0)
		return -1;
	if (bad == 0)
		return 0;
	strv_free(*names, *n);
	*names = NULL;
	*n = 0;
	return -1;
}

int
hive_key_str(struct hkey *k, const char *name, char **out, struct err *e)
{
	struct regval v;
	int rc;

	*out = NULL;
	if ((rc = hive_key_value(k, name, &v, e)) != 1)
		return rc;
	if (v.kind == RV_STRING) {
		*out = v.str;
		v.str = NULL;
	}
	regval_free(&v);
	return *out != NULL;
}

int
hive_key_num(struct hkey *k, const char *name, uint64_t *out, struct err *e)
{
	struct regval v;
	int rc;

	if ((rc = hive_key_value(k, name, &v, e)) != 1)
		return rc;
	rc = 0;
	if (v.kind == RV_INT) {
		*out = v.num;
		rc = 1;
	} else if (v.kind == RV_STRING) {
		rc = parse_decimal(v.str, out);
	}
	regval_free(&v);
	return rc;
}
