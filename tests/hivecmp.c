/* SPDX-License-Identifier: MIT */
/*
 * hivecmp: read every key and value of a hive twice, with our reader
 * (src/hive.c) and with libregf, a reader we did not write, and compare.
 *
 *   hivecmp HIVE...   exit 0 when every hive reads the same both ways
 *
 * Each reader writes a dump: one line per key (path, last-written time,
 * subkey and value counts) and per value (name, type, decoded data); a
 * subtree that fails to read becomes one "!error" line.  The dumps must be
 * equal byte for byte.  -b: the hive is known to be damaged; print whether
 * the dumps agree but do not fail (the readers may stop at different cells).
 */
#define _GNU_SOURCE /* asprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libregf.h>

#include "reg/hive.h"

#define MAX_DEPTH 64
#define MAX_KEYS  200000

struct dump {
	char  *s;
	size_t n, cap;
	size_t keys, values;
};

static void
add(struct dump *d, const char *fmt, ...)
{
	va_list ap;
	char line[8192];
	int len;

	va_start(ap, fmt);
	len = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof line)
		len = sizeof line - 1;
	if (d->n + (size_t)len + 1 > d->cap) {
		d->cap = (d->n + (size_t)len + 1) * 2;
		if ((d->s = realloc(d->s, d->cap)) == NULL) {
			perror("hivecmp");
			exit(2);
		}
	}
	memcpy(d->s + d->n, line, (size_t)len + 1);
	d->n += (size_t)len;
}

static void
add_value(struct dump *d, const struct regval *v)
{
	char tb[16];
	size_t i;

	add(d, "  \"%s\" %s", v->name ? v->name : "", regval_type_name(v->type, tb));
	switch (v->kind) {
	case RV_STRING: add(d, " \"%s\"", v->str); break;
	case RV_INT: add(d, " %llu", (unsigned long long)v->num); break;
	case RV_MULTI:
		for (i = 0; i < v->nmulti; i++)
			add(d, " \"%s\"", v->multi[i]);
		break;
	default:
		add(d, " %zu:", v->nbin);
		for (i = 0; i < v->nbin; i++)
			add(d, "%02x", v->bin[i]);
	}
	add(d, "\n");
	d->values++;
}

/* ---- ours ---- */

static void
ours_key(struct dump *d, struct hkey *k, const char *path, int depth)
{
	struct regval *v = NULL;
	size_t nv = 0, ns = 0, i;
	struct err e;

	if (++d->keys > MAX_KEYS || depth > MAX_DEPTH)
		return add(d, "!cap\n");
	if (hive_key_nsubkeys(k, &ns, &e) != 0 || hive_key_values(k, &v, &nv, &e) != 0)
		return add(d, "[%s] !error\n", path);
	add(d, "[%s] %llx %zu %zu\n", path, (unsigned long long)hive_key_filetime(k), ns, nv);
	for (i = 0; i < nv; i++)
		add_value(d, &v[i]);
	regvals_free(v, nv);
	for (i = 0; i < ns; i++) {
		struct hkey *sub;
		char *name, *p;
		if (hive_key_open_sub(k, i, &sub, &name, &e) != 0) {
			add(d, "[%s\\#%zu] !error\n", path, i);
			continue;
		}
		if (asprintf(&p, "%s\\%s", path, name ? name : "") < 0)
			exit(2);
		ours_key(d, sub, p, depth + 1);
		free(p);
		free(name);
		hive_key_close(sub);
	}
}

static int
ours(const char *path, struct dump *d)
{
	struct reader *f;
	struct hive *h;
	struct hkey *root;
	struct err e;

	if ((f = rd_file_open(path, &e)) == NULL || (h = hive_open(f, &e)) == NULL) {
		reader_close(f);
		add(d, "!open\n");
		return -1;
	}
	if (hive_key_open(h, "", &root, &e) != 1) {
		add(d, "!root\n");
	} else {
		ours_key(d, root, "", 0);
		hive_key_close(root);
	}
	hive_close(h);
	reader_close(f);
	return 0;
}

/* ---- libregf ---- */

static char *
lr_name(int (*sz)(void *, size_t *, libregf_error_t **),
    int (*get)(void *, uint8_t *, size_t, libregf_error_t **), void *o)
{
	libregf_error_t *le = NULL;
	size_t n = 0;
	char *s;

	if (sz(o, &n, &le) != 1 || n > 65536) {
		libregf_error_free(&le);
		return NULL;
	}
	if ((s = calloc(1, n + 1)) == NULL)
		exit(2);
	if (n > 0 && get(o, (uint8_t *)s, n, &le) != 1) {
		libregf_error_free(&le);
		free(s);
		return NULL;
	}
	return s;
}

static void
lr_key(struct dump *d, libregf_key_t *k, const char *path, int depth)
{
	libregf_error_t *le = NULL;
	int ns = 0, nv = 0, i;
	uint64_t ft = 0;

	if (++d->keys > MAX_KEYS || depth > MAX_DEPTH)
		return add(d, "!cap\n");
	if (libregf_key_get_number_of_sub_keys(k, &ns, &le) != 1 ||
	    libregf_key_get_number_of_values(k, &nv, &le) != 1) {
		libregf_error_free(&le);
		return add(d, "[%s] !error\n", path);
	}
	libregf_key_get_last_written_time(k, &ft, &le);
	libregf_error_free(&le);
	/* Values: all must read, as hive_key_values is all or nothing. */
	{
		struct regval *v = calloc((size_t)nv + 1, sizeof *v);
		int ok = 1;
		for (i = 0; ok && i < nv; i++) {
			libregf_value_t *lv = NULL;
			uint32_t type = 0;
			size_t dsz = 0;
			uint8_t *data = NULL;
			ok = libregf_key_get_value(k, i, &lv, &le) == 1 &&
			    (v[i].name = lr_name((void *)libregf_value_get_utf8_name_size,
			    (void *)libregf_value_get_utf8_name, lv)) != NULL &&
			    libregf_value_get_value_type(lv, &type, &le) == 1 &&
			    libregf_value_get_value_data_size(lv, &dsz, &le) == 1 &&
			    (dsz == 0 || ((data = malloc(dsz)) != NULL &&
			    libregf_value_get_value_data(lv, data, dsz, &le) == 1));
			libregf_error_free(&le);
			if (ok) {
				char *name = v[i].name;
				regval_decode(&v[i], type, data, dsz);
				v[i].name = name;
			}
			free(data);
			libregf_value_free(&lv, &le);
			libregf_error_free(&le);
		}
		if (!ok) {
			add(d, "[%s] !error\n", path);
			regvals_free(v, (size_t)nv);
			return;
		}
		add(d, "[%s] %llx %d %d\n", path, (unsigned long long)ft, ns, nv);
		for (i = 0; i < nv; i++)
			add_value(d, &v[i]);
		regvals_free(v, (size_t)nv);
	}
	for (i = 0; i < ns; i++) {
		libregf_key_t *sub = NULL;
		char *name, *p;
		if (libregf_key_get_sub_key(k, i, &sub, &le) != 1) {
			libregf_error_free(&le);
			add(d, "[%s\\#%d] !error\n", path, i);
			continue;
		}
		name = lr_name((void *)libregf_key_get_utf8_name_size, (void *)libregf_key_get_utf8_name, sub);
		if (asprintf(&p, "%s\\%s", path, name ? name : "") < 0)
			exit(2);
		lr_key(d, sub, p, depth + 1);
		free(p);
		free(name);
		libregf_key_free(&sub, &le);
		libregf_error_free(&le);
	}
}

static int
theirs(const char *path, struct dump *d)
{
	libregf_error_t *le = NULL;
	libregf_file_t *f = NULL;
	libregf_key_t *root = NULL;

	if (libregf_file_initialize(&f, &le) != 1 ||
	    libregf_file_open(f, path, LIBREGF_OPEN_READ, &le) != 1) {
		libregf_error_free(&le);
		libregf_file_free(&f, &le);
		libregf_error_free(&le);
		add(d, "!open\n");
		return -1;
	}
	if (libregf_file_get_root_key(f, &root, &le) != 1) {
		add(d, "!root\n");
	} else {
		lr_key(d, root, "", 0);
		libregf_key_free(&root, &le);
	}
	libregf_error_free(&le);
	libregf_file_close(f, &le);
	libregf_error_free(&le);
	libregf_file_free(&f, &le);
	libregf_error_free(&le);
	return 0;
}

/* First differing line of a and b, printed. */
static void
show_diff(const char *name, const char *a, const char *b)
{
	const char *a0 = a;
	size_t line = 1;

	while (*a && *a == *b) {
		line += *a == '\n';
		a++, b++;
	}
	while (a > a0 && a[-1] != '\n')
		a--, b--;
	printf("hivecmp: %s: line %zu differs:\n  ours:   %.*s\n  libregf: %.*s\n", name, line,
	    (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

int
main(int argc, char **argv)
{
	int i, bad = 0, damaged = 0;

	for (i = 1; i < argc; i++) {
		struct dump a = {0}, b = {0};
		int same;
		if (strcmp(argv[i], "-b") == 0) {
			damaged = 1;
			continue;
		}
		ours(argv[i], &a);
		theirs(argv[i], &b);
		same = a.n == b.n && (a.n == 0 || memcmp(a.s, b.s, a.n) == 0);
		if (same)
			printf("hivecmp: %s: same (%zu keys, %zu values)\n", argv[i], a.keys, a.values);
		else
			show_diff(argv[i], a.s ? a.s : "", b.s ? b.s : "");
		if (!same && damaged)
			printf("hivecmp: %s: damaged hive, differences allowed\n", argv[i]);
		bad |= !same && !damaged;
		damaged = 0;
		free(a.s);
		free(b.s);
	}
	return bad;
}
