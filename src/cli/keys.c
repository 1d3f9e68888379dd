/* SPDX-License-Identifier: MIT */
/*
 * keys.c: --keys FILE, a keychain as analysts keep them for forensic tools
 * (keys.h): CSV (RFC 4180 quoting), '#' comment lines, no header; each
 * line provider,key_type,identifier,value.  Lines of another provider are
 * left alone.  A value is a secret: no message here quotes it, and every
 * copy is wiped when it is freed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/safe.h"
#include "cli/keys.h"

#define KEYS_MAX      256u          /* keys kept */
#define KEY_VALUE_MAX 1024u         /* bytes of one value (a path, a passphrase, 64 bytes in hex) */
#define BEK_MAX       (64u << 10)   /* bytes of a .BEK file read (Windows writes 156) */

/* The next field of line[*at..n) into out (cap bytes), CSV quoting undone: 0, or -1 (too long, bad quotes). */
static int
field(const char *line, size_t n, size_t *at, char *out, size_t cap, int *last)
{
	size_t w = 0, i = *at;
	int quoted = i < n && line[i] == '"';

	if (quoted)
		i++;
	for (; i < n; i++) {
		char c = line[i];
		if (quoted && c == '"') {
			if (i + 1 < n && line[i + 1] == '"') {
				c = '"';
				i++;
			} else {
				quoted = 0;
				continue;
			}
		} else if (!quoted && c == ',') {
			break;
		}
		if (w + 1 >= cap)
			return -1;
		out[w++] = c;
	}
	if (quoted)
		return -1;
	out[w] = '\0';
	*last = i >= n;
	*at = i + 1;
	return 0;
}

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A GUID as text, any case, with or without braces, into the form we print: 0, or -1. */
static int
guid_norm(const char *s, char out[GUID_STR_LEN])
{
	size_t n = strlen(s), i;

	if (n == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		n = 36;
	}
	if (n != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : hexval((unsigned char)s[i]) < 0)
			return -1;
		out[i] = dash ? '-' : (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 'a' : s[i]);
	}
	out[36] = '\0';
	return 0;
}

/* One key of type t from value v into k: 0, or -1 with e set (never quoting v). */
static int
key_value(struct bde_key *k, const char *v, const char *where, struct err *e)
{
	size_t n = strlen(v), i;

	if (k->type == BDE_KEY_RAW) { /* the FVEK in hex (and a tweak key after it) */
		if (n == 0 || n % 2 != 0 || (n != 32 && n != 64 && n != 128))
			return err_set(e, ERR_USAGE, "%s: a raw key is 32, 64 or 128 hex digits (this one has %zu)", where, n);
		if ((k->value = malloc(n / 2)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		for (i = 0; i < n; i += 2) {
			int hi = hexval((unsigned char)v[i]), lo = hexval((unsigned char)v[i + 1]);
			if (hi < 0 || lo < 0)
				return err_set(e, ERR_USAGE, "%s: a raw key holds a character that is not a hex digit", where);
			k->value[i / 2] = (uint8_t)(hi << 4 | lo);
		}
		k->len = n / 2;
		return 0;
	}
	if (k->type == BDE_KEY_FILE) { /* the .BEK file's bytes, read now */
		struct reader *f;
		if ((f = rd_file_open(v, e)) == NULL)
			return err_ctx(e, "%s: the .BEK file", where);
		if (f->size == 0 || f->size > BEK_MAX) {
			err_set(e, ERR_USAGE, "%s: a .BEK file of %llu bytes", where, (unsigned long long)f->size);
			reader_close(f);
			return -1;
		}
		if ((k->value = malloc((size_t)f->size)) == NULL) {
			reader_close(f);
			return err_set(e, ERR_NOMEM, "out of memory");
		}
		k->len = (size_t)f->size;
		if (reader_read_full(f, k->value, k->len, 0, e) != 0) {
			reader_close(f);
			return err_ctx(e, "%s: the .BEK file", where);
		}
		reader_close(f);
		return 0;
	}
	if (n == 0)
		return err_set(e, ERR_USAGE, "%s: an empty %s", where, bde_key_type_name(k->type));
	if ((k->value = malloc(n)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	memcpy(k->value, v, n);
	k->len = n;
	return 0;
}

int
keys_parse(const char *text, size_t len, const char *name, struct bde_keys *out, struct err *e)
{
	static const struct { const char *word; enum bde_key_type type; } kinds[] = {
		{"passphrase", BDE_KEY_PASSPHRASE}, {"password", BDE_KEY_PASSPHRASE}, {"recovery_key", BDE_KEY_RECOVERY},
		{"recovery_password", BDE_KEY_RECOVERY}, {"file", BDE_KEY_FILE}, {"raw", BDE_KEY_RAW},
	};
	char f[4][KEY_VALUE_MAX + 1], where[300];
	size_t at = 0, lineno = 0, i;
	int rc = 0;

	memset(out, 0, sizeof *out);
	while (at < len && rc == 0) {
		const char *line = text + at, *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at, p = 0;
		int last = 0, k;
		struct bde_key *key, *v;
		at += n + 1;
		lineno++;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		while (n > 0 && (line[0] == ' ' || line[0] == '\t')) {
			line++;
			n--;
		}
		if (n == 0 || line[0] == '#')
			continue;
		snprintf(where, sizeof where, "%.200s: line %zu", name, lineno);
		for (k = 0; k < 4; k++) {
			if (last || field(line, n, &p, f[k], sizeof f[k], &last) != 0) {
				rc = err_set(e, ERR_USAGE, "%s: not provider,key_type,identifier,value (or a field over %u bytes)",
				    where, KEY_VALUE_MAX);
				break;
			}
		}
		if (rc != 0)
			break;
		if (f[0][0] != '\0' && strcmp(f[0], "bitlocker") != 0 && strcmp(f[0], "BitLocker") != 0)
			continue; /* another tool's key */
		for (i = 0; i < sizeof kinds / sizeof kinds[0] && strcmp(f[1], kinds[i].word) != 0; i++)
			;
		if (i == sizeof kinds / sizeof kinds[0]) {
			rc = err_set(e, ERR_USAGE, "%s: key type \"%.40s\" (passphrase, recovery_key, file, raw)", where, f[1]);
			break;
		}
		if (out->n == KEYS_MAX) {
			rc = err_set(e, ERR_USAGE, "%s: more than %u keys", where, KEYS_MAX);
			break;
		}
		if ((v = realloc(out->v, (out->n + 1) * sizeof *v)) == NULL) {
			rc = err_set(e, ERR_NOMEM, "out of memory");
			break;
		}
		out->v = v;
		key = &out->v[out->n++];
		memset(key, 0, sizeof *key);
		key->type = kinds[i].type;
		if (f[2][0] != '\0' && guid_norm(f[2], key->volume_id) != 0)
			rc = err_set(e, ERR_USAGE, "%s: the identifier is not a volume GUID", where);
		else
			rc = key_value(key, f[3], where, e);
	}
	safe_wipe(f, sizeof f);
	if (rc != 0)
		bde_keys_free(out);
	return rc;
}
