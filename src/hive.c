/* SPDX-License-Identifier: MIT */
/*
 * hive.c: libregf adapter.  The only file that knows libregf.
 *
 * Base block (regf format, libyal's "Windows NT Registry File (REGF) format"
 * §2.1): "regf" at 0, primary sequence at 4, secondary at 8; they differ
 * when the hive was not flushed cleanly (a dirty hive whose newest data may
 * be only in .LOG1/.LOG2).  libregf opens such a hive silently, so we look
 * first.  Value data is fetched raw and decoded here (regval_decode), so a
 * malformed REG_SZ becomes bytes in the report instead of an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libregf.h>

#include "bfio.h"
#include "bytes.h"
#include "hive.h"
#include "utf.h"

#define REGF_OFF_SEQ1 4
#define REGF_OFF_SEQ2 8

struct hive {
	struct bfio    *io;  /* owned, over the borrowed file reader */
	libregf_file_t *rf;
	uint32_t        seq1, seq2;
};

struct hkey {
	struct hive   *h;    /* borrowed */
	libregf_key_t *k;
};

/* Free a libyal error object if one is set (a success can leave one, libyal-findings §5). */
static void
drop(libregf_error_t **le)
{
	if (*le != NULL)
		libregf_error_free(le);
}

static int
fail(struct err *e, struct hive *h, const char *what, libregf_error_t **le)
{
	char bt[ERR_TRACE_MAX] = "";

	if (*le != NULL && libregf_error_backtrace_sprint(*le, bt, sizeof bt) < 0)
		libregf_error_sprint(*le, bt, sizeof bt);
	libregf_error_free(le);
	err_set_yal(e, ERR_FORMAT, what, bt, h ? bfio_cause(h->io) : NULL);
	if (h != NULL)
		bfio_clear_cause(h->io);
	return -1;
}

struct hive *
hive_open(struct reader *file, struct err *e)
{
	libregf_error_t *le = NULL;
	uint8_t bb[512];
	struct hive *h;

	if (file->size < 4096 + 32)
		return err_set(e, ERR_FORMAT, "regf: %llu bytes is too small for a hive",
		    (unsigned long long)file->size), NULL;
	if (reader_read_full(file, bb, sizeof bb, 0, e) != 0)
		return err_ctx(e, "regf: base block"), NULL;
	if (memcmp(bb, "regf", 4) != 0)
		return err_set(e, ERR_FORMAT, "regf: not a registry hive (signature %02x%02x%02x%02x)",
		    bb[0], bb[1], bb[2], bb[3]), NULL;
	if ((h = calloc(1, sizeof *h)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	h->seq1 = le32(bb + REGF_OFF_SEQ1);
	h->seq2 = le32(bb + REGF_OFF_SEQ2);
	if ((h->io = bfio_open(file, e)) == NULL)
		goto fail;
	if (libregf_file_initialize(&h->rf, &le) != 1) {
		fail(e, h, "libregf", &le);
		goto fail;
	}
	if (libregf_file_open_file_io_handle(h->rf, bfio_handle(h->io), LIBREGF_OPEN_READ, &le) != 1) {
		fail(e, h, "regf", &le);
		goto fail;
	}
	drop(&le);
	return h;
fail:
	hive_close(h);
	return NULL;
}

int
hive_is_dirty(const struct hive *h, uint32_t *primary, uint32_t *secondary)
{
	if (primary)
		*primary = h->seq1;
	if (secondary)
		*secondary = h->seq2;
	return h->seq1 != h->seq2;
}

void
hive_close(struct hive *h)
{
	libregf_error_t *le = NULL;

	if (h == NULL)
		return;
	if (h->rf != NULL) {
		libregf_file_close(h->rf, &le);
		drop(&le);
		libregf_file_free(&h->rf, &le);
		drop(&le);
	}
	bfio_close(h->io);
	free(h);
}

int
hive_key_open(struct hive *h, const char *path, struct hkey **out, struct err *e)
{
	libregf_error_t *le = NULL;
	libregf_key_t *k = NULL;
	int rc;

	*out = NULL;
	rc = libregf_file_get_key_by_utf8_path(h->rf, (const uint8_t *)path, strlen(path), &k, &le);
	if (rc < 0)
		return fail(e, h, path, &le);
	drop(&le);
	if (rc == 0)
		return 0;
	if ((*out = calloc(1, sizeof **out)) == NULL) {
		libregf_key_free(&k, &le);
		drop(&le);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	(*out)->h = h;
	(*out)->k = k;
	return 1;
}

void
hive_key_close(struct hkey *k)
{
	libregf_error_t *le = NULL;

	if (k == NULL)
		return;
	libregf_key_free(&k->k, &le);
	drop(&le);
	free(k);
}

uint64_t
hive_key_filetime(struct hkey *k)
{
	libregf_error_t *le = NULL;
	uint64_t ft = 0;

	if (libregf_key_get_last_written_time(k->k, &ft, &le) != 1)
		ft = 0;
	drop(&le);
	return ft;
}

void
regval_free(struct regval *v)
{
	if (v == NULL)
		return;
	free(v->name);
	free(v->str);
	strv_free(v->multi, v->nmulti);
	free(v->bin);
	memset(v, 0, sizeof *v);
}

void
regvals_free(struct regval *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		regval_free(&v[i]);
	free(v);
}

static char *
utf16_dup(const uint8_t *p, size_t len, size_t *consumed)
{
	size_t cap = len / 2 * 3 + 1;
	char *s = malloc(cap);

	if (s == NULL)
		return NULL;
	*consumed = utf16le_to_utf8(p, len, s, cap);
	return s;
}

static int
as_binary(struct regval *v, const uint8_t *data, size_t len)
{
	v->kind = RV_BINARY;
	v->nbin = len;
	if (len == 0)
		return 0;
	if ((v->bin = malloc(len)) == NULL)
		return -1;
	memcpy(v->bin, data, len);
	return 0;
}

int
regval_decode(struct regval *v, uint32_t type, const uint8_t *data, size_t len)
{
	size_t used, off;

	v->type = type;
	switch (type) {
	case REG_SZ:
	case REG_EXPAND_SZ:
	case REG_LINK:
		v->kind = RV_STRING;
		return (v->str = utf16_dup(data, len, &used)) == NULL ? -1 : 0;
	case REG_DWORD:
	case REG_DWORD_BIG_ENDIAN:
		if (len != 4)
			return as_binary(v, data, len);
		v->kind = RV_INT;
		v->num = type == REG_DWORD ? le32(data) : be32(data);
		return 0;
	case REG_QWORD:
		if (len != 8)
			return as_binary(v, data, len);
		v->kind = RV_INT;
		v->num = le64(data);
		return 0;
	case REG_MULTI_SZ:
		v->kind = RV_MULTI;
		for (off = 0; off + 1 < len && v->nmulti < HIVE_MAX_MULTI; off += used) {
			char **m, *s;
			if (le16(data + off) == 0)
				break; /* the empty string that ends the list */
			if ((s = utf16_dup(data + off, len - off, &used)) == NULL)
				return -1;
			if ((m = realloc(v->multi, (v->nmulti + 1) * sizeof *m)) == NULL) {
				free(s);
				return -1;
			}
			v->multi = m;
			v->multi[v->nmulti++] = s;
		}
		return 0;
	default:
		return as_binary(v, data, len);
	}
}

static int
read_value(struct hkey *k, libregf_value_t *lv, struct regval *out, struct err *e)
{
	libregf_error_t *le = NULL;
	uint32_t type = 0;
	size_t nsz = 0, dsz = 0;
	uint8_t *data = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (libregf_value_get_utf8_name_size(lv, &nsz, &le) != 1 ||
	    libregf_value_get_value_type(lv, &type, &le) != 1 ||
	    libregf_value_get_value_data_size(lv, &dsz, &le) != 1)
		return fail(e, k->h, "value", &le);
	if (nsz > 16384)
		return err_set(e, ERR_LIMIT, "value name of %zu bytes", nsz);
	if ((out->name = calloc(1, nsz + 1)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (nsz > 0 && libregf_value_get_utf8_name(lv, (uint8_t *)out->name, nsz, &le) != 1) {
		fail(e, k->h, "value name", &le);
		goto out;
	}
	if (dsz > HIVE_MAX_VALUE_LEN) {
		err_set(e, ERR_LIMIT, "value \"%s\": %zu bytes of data (cap %u)", out->name, dsz,
		    HIVE_MAX_VALUE_LEN);
		goto out;
	}
	if (dsz > 0) {
		if ((data = malloc(dsz)) == NULL) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto out;
		}
		if (libregf_value_get_value_data(lv, data, dsz, &le) != 1) {
			fail(e, k->h, out->name, &le);
			goto out;
		}
	}
	if (regval_decode(out, type, data, dsz) != 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	drop(&le);
	free(data);
	if (rc != 0)
		regval_free(out);
	return rc;
}

int
hive_key_values(struct hkey *k, struct regval **v, size_t *n, struct err *e)
{
	libregf_error_t *le = NULL;
	libregf_value_t *lv;
	int count = 0, i;

	*v = NULL;
	*n = 0;
	if (libregf_key_get_number_of_values(k->k, &count, &le) != 1)
		return fail(e, k->h, "values", &le);
	if (count < 0 || (unsigned)count > HIVE_MAX_VALUES)
		return err_set(e, ERR_LIMIT, "%d values in one key (cap %u)", count, HIVE_MAX_VALUES);
	if (count == 0)
		return 0;
	if ((*v = calloc((size_t)count, sizeof **v)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < count; i++) {
		lv = NULL;
		if (libregf_key_get_value(k->k, i, &lv, &le) != 1) {
			fail(e, k->h, "value", &le);
			goto fail;
		}
		if (read_value(k, lv, &(*v)[*n], e) != 0) {
			libregf_value_free(&lv, &le);
			goto fail;
		}
		(*n)++;
		libregf_value_free(&lv, &le);
		drop(&le);
	}
	return 0;
fail:
	drop(&le);
	regvals_free(*v, *n);
	*v = NULL;
	*n = 0;
	return -1;
}

int
hive_key_value(struct hkey *k, const char *name, struct regval *out, struct err *e)
{
	libregf_error_t *le = NULL;
	libregf_value_t *lv = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	rc = libregf_key_get_value_by_utf8_name(k->k, (const uint8_t *)name, strlen(name), &lv, &le);
	if (rc < 0)
		return fail(e, k->h, name, &le);
	drop(&le);
	if (rc == 0)
		return 0;
	rc = read_value(k, lv, out, e) == 0 ? 1 : -1;
	libregf_value_free(&lv, &le);
	drop(&le);
	return rc;
}

int
hive_key_nsubkeys(struct hkey *k, size_t *n, struct err *e)
{
	libregf_error_t *le = NULL;
	int count = 0;

	if (libregf_key_get_number_of_sub_keys(k->k, &count, &le) != 1)
		return fail(e, k->h, "subkeys", &le);
	if (count < 0 || (unsigned)count > HIVE_MAX_SUBKEYS)
		return err_set(e, ERR_LIMIT, "%d subkeys (cap %u)", count, HIVE_MAX_SUBKEYS);
	*n = (size_t)count;
	return 0;
}

int
hive_key_open_sub(struct hkey *k, size_t i, struct hkey **out, char **name, struct err *e)
{
	libregf_error_t *le = NULL;
	libregf_key_t *sk = NULL;
	size_t sz = 0;

	*out = NULL;
	if (name != NULL)
		*name = NULL;
	if (i > HIVE_MAX_SUBKEYS || libregf_key_get_sub_key(k->k, (int)i, &sk, &le) != 1)
		return fail(e, k->h, "subkey", &le);
	if (name != NULL && libregf_key_get_utf8_name_size(sk, &sz, &le) == 1 && sz > 0 && sz <= 16384 &&
	    (*name = calloc(1, sz + 1)) != NULL &&
	    libregf_key_get_utf8_name(sk, (uint8_t *)*name, sz, &le) != 1) {
		free(*name);
		*name = NULL;
	}
	drop(&le);
	if ((*out = calloc(1, sizeof **out)) == NULL) {
		libregf_key_free(&sk, &le);
		drop(&le);
		free(name ? *name : NULL);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	(*out)->h = k->h;
	(*out)->k = sk;
	return 0;
}

int
hive_key_subkeys(struct hkey *k, char ***names, size_t *n, struct err *e)
{
	libregf_error_t *le = NULL;
	libregf_key_t *sk;
	int count = 0, i;
	size_t sz;

	*names = NULL;
	*n = 0;
	if (libregf_key_get_number_of_sub_keys(k->k, &count, &le) != 1)
		return fail(e, k->h, "subkeys", &le);
	if (count < 0 || (unsigned)count > HIVE_MAX_SUBKEYS)
		return err_set(e, ERR_LIMIT, "%d subkeys (cap %u)", count, HIVE_MAX_SUBKEYS);
	if (count > 0 && (*names = calloc((size_t)count, sizeof **names)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < count; i++) {
		sk = NULL;
		sz = 0;
		if (libregf_key_get_sub_key(k->k, i, &sk, &le) != 1 ||
		    libregf_key_get_utf8_name_size(sk, &sz, &le) != 1 || sz == 0 || sz > 16384) {
			if (le == NULL)
				err_set(e, ERR_FORMAT, "subkey %d: bad name", i);
			else
				fail(e, k->h, "subkey", &le);
			libregf_key_free(&sk, &le);
			goto fail;
		}
		if (((*names)[i] = calloc(1, sz + 1)) == NULL ||
		    libregf_key_get_utf8_name(sk, (uint8_t *)(*names)[i], sz, &le) != 1) {
			fail(e, k->h, "subkey name", &le);
			libregf_key_free(&sk, &le);
			(*n)++;
			goto fail;
		}
		(*n)++;
		libregf_key_free(&sk, &le);
		drop(&le);
	}
	return 0;
fail:
	drop(&le);
	strv_free(*names, *n);
	*names = NULL;
	*n = 0;
	return -1;
}

const char *
regval_type_name(uint32_t type, char buf[16])
{
	static const char *const names[] = {
		"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
		"REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
		"REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD"
	};

	if (type < sizeof names / sizeof names[0])
		return names[type];
	snprintf(buf, 16, "REG_0x%x", type);
	return buf;
}

const char *hive_lib_version(void) { return libregf_get_version(); }

int
parse_decimal(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 18)
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 1;
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
