/* SPDX-License-Identifier: MIT */
/*
 * regval.c: registry values as data (regval.h): decoding a value's stored
 * bytes by its type, what did not decode cleanly, names stored twice.
 * Pure: bytes in, a value out; the hive reader (reg/hive.c) finds the bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "base/regval.h"
#include "base/utf.h"

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

/* UTF-16LE p[0..len) up to its first NUL as UTF-8: owned, or NULL; *used: bytes read, NUL included. */
static char *
utf16_dup(const uint8_t *p, size_t len, size_t *used, unsigned *flags)
{
	size_t cap = len / 2 * 3 + 1;
	char *s = malloc(cap);
	unsigned lone;

	if (s == NULL)
		return NULL;
	*used = utf16le_to_utf8_lone(p, len, s, cap, &lone);
	if (lone > 0)
		*flags |= RVF_LONE_SURROGATE;
	return s;
}

static int
keep_bytes(struct regval *v, const uint8_t *data, size_t len)
{
	v->nbin = len;
	if (len == 0)
		return 0;
	if ((v->bin = malloc(len)) == NULL)
		return -1;
	memcpy(v->bin, data, len);
	return 0;
}

static int
as_binary(struct regval *v, const uint8_t *data, size_t len)
{
	v->kind = RV_BINARY;
	return keep_bytes(v, data, len);
}

/*
 * UTF-8 b[0..len) up to its first NUL, each byte that begins no well-formed
 * sequence as U+FFFD: owned, or NULL.  *flags gets bad if there was one,
 * nonul if the field has no NUL, after if non-zero bytes follow the NUL.
 */
static char *
utf8_field(const uint8_t *b, size_t len, unsigned *flags, unsigned bad, unsigned nonul, unsigned after)
{
	char *s = malloc(len * 3 + 1);
	size_t i = 0, o = 0, k;

	if (s == NULL)
		return NULL;
	while (i < len && b[i] != 0) {
		k = utf8_seq_len((const char *)b + i, len - i);
		if (k == 0) {
			memcpy(s + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			*flags |= bad;
			continue;
		}
		memcpy(s + o, b + i, k);
		o += k;
		i += k;
	}
	s[o] = '\0';
	if (i == len)
		*flags |= nonul;
	else if (!is_zero(b + i, len - i))
		*flags |= after;
	return s;
}

int
regval_decode_utf8(struct regval *v, const uint8_t *data, size_t len)
{
	size_t last = len;

	v->type = REG_SZ;
	v->kind = RV_STRING;
	v->flags = RVF_UTF8;
	if ((v->str = utf8_field(data, len, &v->flags, RVF_BAD_UTF8, RVF_NO_NUL, RVF_AFTER_NUL)) == NULL)
		return -1;
	if (!(v->flags & RVF_DATA_FLAGS))
		return 0;
	while (last > 0 && data[last - 1] == 0)
		last--;
	/* up to the last non-zero byte and one NUL after it (if the field has one): read again, the same */
	return keep_bytes(v, data, last < len ? last + 1 : len);
}

char *
regval_utf8_name(const uint8_t *b, size_t len, unsigned *flags)
{
	return utf8_field(b, len, flags, RVF_KEY_ODD, RVF_KEY_ODD, RVF_KEY_ODD);
}

const char *
regval_type_of(const struct regval *v, char buf[16])
{
	return (v->flags & RVF_UTF8) && v->type == REG_SZ ? "KVP_SZ" : regval_type_name(v->type, buf);
}

/*
 * Strings: what a program reading the value as a C string sees, up to the
 * first NUL.  What Windows itself never writes is flagged and the stored
 * bytes kept: an odd length (the last byte is half a character), non-zero
 * data after the NUL ("6<NUL>junk" reads as "6"), a lone surrogate.
 */
int
regval_decode(struct regval *v, uint32_t type, const uint8_t *data, size_t len)
{
	size_t used, off;

	v->type = type;
	v->flags = 0;
	if ((type == REG_SZ || type == REG_EXPAND_SZ || type == REG_LINK || type == REG_MULTI_SZ) && len % 2)
		v->flags |= RVF_ODD_LENGTH;
	switch (type) {
	case REG_SZ:
	case REG_EXPAND_SZ:
	case REG_LINK:
		v->kind = RV_STRING;
		if ((v->str = utf16_dup(data, len, &used, &v->flags)) == NULL)
			return -1;
		if (used < len && !is_zero(data + used, len - used))
			v->flags |= RVF_AFTER_NUL;
		return v->flags ? keep_bytes(v, data, len) : 0;
	case REG_DWORD:
	case REG_DWORD_BIG_ENDIAN:
		if (len != 4) {
			v->flags |= RVF_WRONG_SIZE;
			return as_binary(v, data, len);
		}
		v->kind = RV_INT;
		v->num = type == REG_DWORD ? le32(data) : be32(data);
		return 0;
	case REG_QWORD:
		if (len != 8) {
			v->flags |= RVF_WRONG_SIZE;
			return as_binary(v, data, len);
		}
		v->kind = RV_INT;
		v->num = le64(data);
		return 0;
	case REG_MULTI_SZ:
		v->kind = RV_MULTI;
		for (off = 0; off + 1 < len && v->nmulti < REGVAL_MAX_MULTI; off += used) {
			char **m, *s;
			if (le16(data + off) == 0) {
				off += 2;
				break; /* the empty string that ends the list */
			}
			if ((s = utf16_dup(data + off, len - off, &used, &v->flags)) == NULL)
				return -1;
			if ((m = realloc(v->multi, (v->nmulti + 1) * sizeof *m)) == NULL) {
				free(s);
				return -1;
			}
			v->multi = m;
			v->multi[v->nmulti++] = s;
		}
		if (off < len && !is_zero(data + off, len - off))
			v->flags |= RVF_AFTER_NUL;
		return v->flags ? keep_bytes(v, data, len) : 0;
	default:
		return as_binary(v, data, len);
	}
}

size_t
regval_anomalies(const struct regval *v, const char **out, size_t max)
{
	static const struct { unsigned flag; const char *name; } names[] = {
		{RVF_ODD_LENGTH, "odd-length"}, {RVF_AFTER_NUL, "data-after-nul"},
		{RVF_LONE_SURROGATE, "lone-surrogate"}, {RVF_WRONG_SIZE, "wrong-size"},
		{RVF_DUPLICATE, "duplicate-name"}, {RVF_KEY_ODD, "key-not-clean"},
		{RVF_NO_NUL, "no-nul"}, {RVF_BAD_UTF8, "invalid-utf8"},
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((v->flags & names[i].flag) && n < max)
			out[n++] = names[i].name;
	return n;
}

struct byname {
	const char *name;
	size_t      idx;
};

static int
byname_cmp(const void *a, const void *b)
{
	const struct byname *x = a, *y = b;
	int c = utf8_casecmp(x->name, y->name);

	return c != 0 ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Sorted by name, any case, then stored order: a repeat follows its first.  O(n log n). */
size_t *
regvals_next_same(const struct regval *v, size_t n)
{
	struct byname *b;
	size_t i, *next;

	if ((next = malloc((n ? n : 1) * sizeof *next)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		next[i] = (size_t)-1;
	if (n < 2)
		return next;
	if ((b = malloc(n * sizeof *b)) == NULL) {
		free(next);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		b[i].name = v[i].name ? v[i].name : "";
		b[i].idx = i;
	}
	qsort(b, n, sizeof *b, byname_cmp);
	for (i = 1; i < n; i++)
		if (utf8_casecmp(b[i - 1].name, b[i].name) == 0)
			next[b[i - 1].idx] = b[i].idx;
	free(b);
	return next;
}

void
regvals_mark_duplicates(struct regval *v, size_t n)
{
	size_t i, *next = regvals_next_same(v, n);

	for (i = 0; next != NULL && i < n; i++)
		if (next[i] != (size_t)-1)
			v[next[i]].flags |= RVF_DUPLICATE;
	free(next);
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


const struct regval *
regval_find(const struct regval *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (utf8_casecmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

void
keydump_free(struct keydump *d)
{
	free(d->request);
	regvals_free(d->values, d->nvalues);
	strv_free(d->subkeys, d->nsubkeys);
	free(d->error);
	memset(d, 0, sizeof *d);
}
