/* SPDX-License-Identifier: MIT */
/*
 * regf.c: libregf behind hive.h (hive_ops.h), for --cross-check: the same
 * facts collected by the same code, read by a hive reader we did not write.
 * The only file that knows libregf.
 *
 * libregf reads through a libbfio handle on our reader (io/bfio.c): the
 * NTFS file as libfsntfs reads it, or the log-replay overlay over it.  It
 * is linked isolated like the other libyal libraries (Makefile: every
 * symbol but libregf_* made local; its libbfio_* calls go to the one libbfio
 * our handle comes from, docs/sources.md L1, L3).
 *
 * Keys are walked a component at a time from the root with libregf's own
 * name lookup (libregf_key_get_sub_key_by_utf8_name, case-insensitive), so
 * the path rules are ours and every match is libregf's.  A value's data
 * comes from libregf_value_get_value_data and is decoded by the same
 * regval_decode as ours: only the reading differs.  The caps are ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libregf.h>

#include "base/bytes.h"
#include "io/bfio.h"
#include "reg/hive_ops.h"
#include "reg/regf.h"

struct lhive {
	struct hive     pub;  /* first: hive.h's handle */
	struct reader  *f;    /* borrowed */
	struct bfio    *io;
	libregf_file_t *rf;
	uint32_t        seq1, seq2;
	uint64_t        claimed, present;
};

struct lkey {
	struct hkey    pub;   /* first */
	struct lhive  *h;     /* borrowed */
	libregf_key_t *k;
};

static const struct hive_ops regf_ops;

static void
drop(libregf_error_t **le)
{
	if (*le != NULL)
		libregf_error_free(le);
}

/* libregf's error (and our reader's, the root cause) into e: -1. */
static int
fail(struct err *e, struct lhive *h, const char *what, libregf_error_t **le)
{
	char bt[ERR_TRACE_MAX];

	bt[0] = '\0';
	if (*le != NULL && libregf_error_backtrace_sprint(*le, bt, sizeof bt) < 0)
		libregf_error_sprint(*le, bt, sizeof bt);
	drop(le);
	return err_set_yal(e, ERR_FORMAT, what, bt, h ? bfio_cause(h->io) : NULL);
}

/* A UTF-8 name of libregf's, owned ("" when it has none), or NULL with e set. */
static char *
name_of(struct lhive *h, int (*size)(void *, size_t *, libregf_error_t **),
    int (*get)(void *, uint8_t *, size_t, libregf_error_t **), void *o, struct err *e)
{
	libregf_error_t *le = NULL;
	size_t n = 0;
	char *s;

	if (size(o, &n, &le) != 1)
		return fail(e, h, "libregf: name size", &le), NULL;
	if (n > 4 * HIVE_MAX_NAME + 1)
		return err_set(e, ERR_LIMIT, "libregf: name of %zu bytes (cap %u)", n, 4 * HIVE_MAX_NAME), NULL;
	if ((s = calloc(1, n + 1)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	if (n > 0 && get(o, (uint8_t *)s, n, &le) != 1) {
		free(s);
		return fail(e, h, "libregf: name", &le), NULL;
	}
	return s;
}

/* The casts libregf's name getters need (their first argument is the object type). */
typedef int (*size_fn)(void *, size_t *, libregf_error_t **);
typedef int (*get_fn)(void *, uint8_t *, size_t, libregf_error_t **);
#define KEY_NAME(h, k, e) name_of(h, (size_fn)libregf_key_get_utf8_name_size, \
    (get_fn)libregf_key_get_utf8_name, k, e)
#define VALUE_NAME(h, v, e) name_of(h, (size_fn)libregf_value_get_utf8_name_size, \
    (get_fn)libregf_value_get_utf8_name, v, e)

struct hive *
regf_open(struct reader *file, struct err *e)
{
	libregf_error_t *le = NULL;
	struct lhive *h;
	uint8_t bb[48];

	if (file->size > HIVE_MAX_SIZE)
		return err_set(e, ERR_LIMIT, "libregf: hive of %llu bytes (cap %llu)",
		    (unsigned long long)file->size, (unsigned long long)HIVE_MAX_SIZE), NULL;
	/* The base block's sequence numbers and extent, read here: libregf does not say them. */
	if (reader_read_full(file, bb, sizeof bb, 0, e) != 0)
		return err_ctx(e, "libregf: base block"), NULL;
	if ((h = calloc(1, sizeof *h)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	h->pub.ops = &regf_ops;
	h->f = file;
	h->seq1 = le32(bb + 4);
	h->seq2 = le32(bb + 8);
	h->claimed = le32(bb + 0x28);
	h->present = file->size > 4096 ? file->size - 4096 : 0;
	if (h->present > h->claimed)
		h->present = h->claimed;
	if ((h->io = bfio_open(file, e)) == NULL)
		goto fail;
	if (libregf_file_initialize(&h->rf, &le) != 1) {
		fail(e, h, "libregf: initialize", &le);
		goto fail;
	}
	if (libregf_file_open_file_io_handle(h->rf, bfio_handle(h->io), LIBREGF_OPEN_READ, &le) != 1) {
		fail(e, h, "libregf: open", &le);
		goto fail;
	}
	drop(&le);
	return &h->pub;
fail:
	if (h->rf != NULL)
		libregf_file_free(&h->rf, &le);
	drop(&le);
	bfio_close(h->io);
	free(h);
	return NULL;
}

static void
l_close(struct hive *hh)
{
	struct lhive *h = (struct lhive *)hh;
	libregf_error_t *le = NULL;

	libregf_file_close(h->rf, &le);
	drop(&le);
	libregf_file_free(&h->rf, &le);
	drop(&le);
	bfio_close(h->io);
	free(h);
}

static int
l_dirty(const struct hive *hh, uint32_t *a, uint32_t *b)
{
	const struct lhive *h = (const struct lhive *)hh;

	if (a)
		*a = h->seq1;
	if (b)
		*b = h->seq2;
	return h->seq1 != h->seq2;
}

static int
l_trunc(const struct hive *hh, uint64_t *claimed, uint64_t *present)
{
	const struct lhive *h = (const struct lhive *)hh;

	*claimed = h->claimed;
	*present = h->present;
	return h->present < h->claimed;
}

static struct hkey *
key_new(struct lhive *h, libregf_key_t *k, struct err *e)
{
	libregf_error_t *le = NULL;
	struct lkey *o = calloc(1, sizeof *o);

	if (o == NULL) {
		libregf_key_free(&k, &le);
		drop(&le);
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	}
	o->pub.ops = &regf_ops;
	o->h = h;
	o->k = k;
	return &o->pub;
}

static void
l_kclose(struct hkey *kk)
{
	struct lkey *k = (struct lkey *)kk;
	libregf_error_t *le = NULL;

	libregf_key_free(&k->k, &le);
	drop(&le);
	free(k);
}

static int
l_kopen(struct hive *hh, const char *path, struct hkey **out, struct err *e)
{
	struct lhive *h = (struct lhive *)hh;
	libregf_error_t *le = NULL;
	libregf_key_t *k = NULL, *sub = NULL;
	char comp[HIVE_MAX_NAME + 1];
	const char *p = path;
	unsigned depth = 0;
	long len;
	int rc;

	*out = NULL;
	if (libregf_file_get_root_key(h->rf, &k, &le) != 1)
		return fail(e, h, "libregf: root key", &le);
	while ((len = path_next(&p, comp, sizeof comp)) != 0) {
		if (len < 0 || ++depth > HIVE_MAX_DEPTH) {
			libregf_key_free(&k, &le);
			drop(&le);
			return err_set(e, ERR_LIMIT, "libregf: key path \"%s\" too long", path);
		}
		rc = libregf_key_get_sub_key_by_utf8_name(k, (const uint8_t *)comp, (size_t)len, &sub, &le);
		libregf_key_free(&k, &le);
		if (rc != 1) {
			if (rc < 0)
				return fail(e, h, "libregf: subkey lookup", &le), err_ctx(e, "%s", path);
			drop(&le);
			return 0;
		}
		k = sub;
		sub = NULL;
	}
	return (*out = key_new(h, k, e)) != NULL ? 1 : -1;
}

static uint64_t
l_ftime(struct hkey *kk)
{
	struct lkey *k = (struct lkey *)kk;
	libregf_error_t *le = NULL;
	uint64_t t = 0;

	if (libregf_key_get_last_written_time(k->k, &t, &le) != 1)
		t = 0;
	drop(&le);
	return t;
}

/*
 * What the value's own cell (vk) says of libregf's data, where libregf
 * 20201007 is known to read it otherwise than the format (libyal's REGF
 * document, §5: the data size's top bit marks up to 4 bytes kept in the
 * data-offset field itself, first bytes first):
 *  - 1-3 such bytes: libregf gives the field's last bytes (RVF_LIB_TAIL);
 *  - data in a cell: libregf gives more bytes than the size says, its data
 *    cell's slack after them (RVF_LIB_SIZE).
 * The vk is read through the same reader libregf reads (libregf_value_
 * get_offset: the vk's file offset).  0 when neither shows.
 */
static unsigned
known_defect(struct lhive *h, libregf_value_t *v, const uint8_t *data, size_t size)
{
	libregf_error_t *le = NULL;
	off64_t at = 0;
	uint8_t vk[12];
	uint32_t raw, n;
	struct err e ERR_AUTO = ERR_INIT;

	if (libregf_value_get_offset(v, &at, &le) != 1 || at < 0 ||
	    reader_read_full(h->f, vk, sizeof vk, (uint64_t)at, &e) != 0 || memcmp(vk, "vk", 2) != 0) {
		drop(&le);
		err_clear(&e);
		return 0;
	}
	raw = le32(vk + 4);
	n = raw & 0x7fffffffu;
	if ((raw & 0x80000000u) && n >= 1 && n <= 3 && size == n && memcmp(data, vk + 8 + 4 - n, n) == 0 &&
	    memcmp(data, vk + 8, n) != 0)
		return RVF_LIB_TAIL;
	if (!(raw & 0x80000000u) && size > n)
		return RVF_LIB_SIZE;
	return 0;
}

/* Value v of libregf's, whole, into out (name taken from name): 0, or -1. */
static int
read_value(struct lhive *h, libregf_value_t *v, char *name, struct regval *out, struct err *e)
{
	libregf_error_t *le = NULL;
	uint32_t type = 0;
	size_t size = 0;
	uint8_t *data = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	out->name = name;
	if (libregf_value_get_value_type(v, &type, &le) != 1 ||
	    libregf_value_get_value_data_size(v, &size, &le) != 1) {
		fail(e, h, "libregf: value type or size", &le);
		goto fail;
	}
	if (size > HIVE_MAX_VALUE_LEN) {
		err_set(e, ERR_LIMIT, "libregf: value \"%s\": %zu bytes of data (cap %u)", name, size,
		    HIVE_MAX_VALUE_LEN);
		goto fail;
	}
	if (size > 0) {
		if ((data = malloc(size)) == NULL) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		if (libregf_value_get_value_data(v, data, size, &le) != 1) {
			fail(e, h, "libregf: value data", &le);
			err_ctx(e, "value \"%s\"", name);
			goto fail;
		}
	}
	drop(&le);
	rc = regval_decode(out, type, data, size);
	if (rc == 0)
		out->flags |= known_defect(h, v, data, size);
	free(data);
	if (rc != 0) {
		regval_free(out);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	return 0;
fail:
	free(data);
	regval_free(out);
	return -1;
}

/* Value i of key k: 0 with *out filled, or -1. */
static int
value_at(struct lkey *k, int i, struct regval *out, struct err *e)
{
	libregf_error_t *le = NULL;
	libregf_value_t *v = NULL;
	char *name;
	int rc;

	memset(out, 0, sizeof *out);
	if (libregf_key_get_value(k->k, i, &v, &le) != 1)
		return fail(e, k->h, "libregf: value", &le);
	if ((name = VALUE_NAME(k->h, v, e)) == NULL)
		rc = -1;
	else
		rc = read_value(k->h, v, name, out, e);
	libregf_value_free(&v, &le);
	drop(&le);
	return rc;
}

static int
nvalues(struct lkey *k, int *n, struct err *e)
{
	libregf_error_t *le = NULL;

	if (libregf_key_get_number_of_values(k->k, n, &le) != 1)
		return fail(e, k->h, "libregf: number of values", &le);
	if (*n < 0 || (unsigned)*n > HIVE_MAX_VALUES)
		return err_set(e, ERR_LIMIT, "libregf: %d values in one key (cap %u)", *n, HIVE_MAX_VALUES);
	return 0;
}

static int
l_values(struct hkey *kk, struct regval **v, size_t *n, size_t *nbad, struct err *e)
{
	struct lkey *k = (struct lkey *)kk;
	struct err ve ERR_AUTO = ERR_INIT;
	int count, i;

	*v = NULL;
	*n = 0;
	*nbad = 0;
	if (nvalues(k, &count, e) != 0)
		return -1;
	if (count == 0)
		return 0;
	if ((*v = calloc((size_t)count, sizeof **v)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < count; i++) {
		err_clear(&ve);
		if (value_at(k, i, &(*v)[*n], &ve) == 0) {
			(*n)++;
			continue;
		}
		if (ve.code == ERR_NOMEM) {
			err_move(e, &ve);
			regvals_free(*v, *n);
			*v = NULL;
			*n = 0;
			return -1;
		}
		if ((*nbad)++ == 0)
			err_move(e, &ve);
	}
	err_clear(&ve);
	regvals_mark_duplicates(*v, *n);
	return 0;
}

static int
l_value(struct hkey *kk, const char *name, struct regval *out, struct err *e)
{
	struct lkey *k = (struct lkey *)kk;
	libregf_error_t *le = NULL;
	libregf_value_t *v = NULL;
	char *vname;
	int rc;

	memset(out, 0, sizeof *out);
	rc = libregf_key_get_value_by_utf8_name(k->k, (const uint8_t *)name, strlen(name), &v, &le);
	if (rc != 1)
		return rc < 0 ? fail(e, k->h, "libregf: value lookup", &le) : (drop(&le), 0);
	if ((vname = VALUE_NAME(k->h, v, e)) == NULL)
		rc = -1;
	else
		rc = read_value(k->h, v, vname, out, e) == 0 ? 1 : -1;
	libregf_value_free(&v, &le);
	drop(&le);
	return rc;
}

static int
l_nsubs(struct hkey *kk, size_t *n, struct err *e)
{
	struct lkey *k = (struct lkey *)kk;
	libregf_error_t *le = NULL;
	int c = 0;

	if (libregf_key_get_number_of_sub_keys(k->k, &c, &le) != 1)
		return fail(e, k->h, "libregf: number of subkeys", &le);
	if (c < 0 || (unsigned)c > HIVE_MAX_SUBKEYS)
		return err_set(e, ERR_LIMIT, "libregf: %d subkeys in one key (cap %u)", c, HIVE_MAX_SUBKEYS);
	*n = (size_t)c;
	return 0;
}

static int
l_sub(struct hkey *kk, size_t i, struct hkey **out, char **name, struct err *e)
{
	struct lkey *k = (struct lkey *)kk;
	libregf_error_t *le = NULL;
	libregf_key_t *sub = NULL;

	*out = NULL;
	if (name != NULL)
		*name = NULL;
	if (i > (size_t)HIVE_MAX_SUBKEYS || libregf_key_get_sub_key(k->k, (int)i, &sub, &le) != 1)
		return fail(e, k->h, "libregf: subkey", &le);
	if (name != NULL && (*name = KEY_NAME(k->h, sub, e)) == NULL) {
		libregf_key_free(&sub, &le);
		drop(&le);
		return -1;
	}
	if ((*out = key_new(k->h, sub, e)) == NULL) {
		if (name != NULL) {
			free(*name);
			*name = NULL;
		}
		return -1;
	}
	return 0;
}

static int
l_names(struct hkey *kk, char ***names, size_t *n, size_t *nbad, struct err *e)
{
	struct hkey *sub;
	struct err se ERR_AUTO = ERR_INIT;
	size_t count, i;

	*names = NULL;
	*n = 0;
	*nbad = 0;
	if (l_nsubs(kk, &count, e) != 0)
		return -1;
	if (count > 0 && (*names = calloc(count, sizeof **names)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < count; i++) {
		err_clear(&se);
		if (l_sub(kk, i, &sub, &(*names)[*n], &se) != 0) {
			if (se.code == ERR_NOMEM) {
				err_move(e, &se);
				strv_free(*names, *n);
				*names = NULL;
				*n = 0;
				return -1;
			}
			if ((*nbad)++ == 0)
				err_move(e, &se);
			continue;
		}
		l_kclose(sub);
		(*n)++;
	}
	err_clear(&se);
	return 0;
}

static const struct hive_ops regf_ops = {
	"libregf", l_close, l_dirty, l_trunc, l_kopen, l_kclose, l_ftime, l_values, l_value, l_nsubs, l_sub,
	l_names,
};

const char *regf_lib_version(void) { return libregf_get_version(); }
