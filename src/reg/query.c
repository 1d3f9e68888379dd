/* SPDX-License-Identifier: MIT */
/*
 * query.c: --key.  Registry paths as people write them: an optional
 * HKLM\ or HKEY_LOCAL_MACHINE\, then the hive (SOFTWARE, SYSTEM, SAM,
 * SECURITY, DEFAULT), then the key, '\'-separated, any case.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reg/query.h"

static const char *const hives[] = {"SOFTWARE", "SYSTEM", "SAM", "SECURITY", "DEFAULT"};

static int
prefix(const char *s, const char *p)
{
	size_t n = strlen(p);
	return strncasecmp(s, p, n) == 0 && (s[n] == '\\' || s[n] == '\0');
}

const char *
query_hive_of(const char *path, const char **rest)
{
	size_t i;

	while (*path == '\\')
		path++;
	if (prefix(path, "HKLM"))
		path += 4;
	else if (prefix(path, "HKEY_LOCAL_MACHINE"))
		path += 18;
	while (*path == '\\')
		path++;
	for (i = 0; i < sizeof hives / sizeof hives[0]; i++) {
		if (prefix(path, hives[i])) {
			path += strlen(hives[i]);
			while (*path == '\\')
				path++;
			*rest = path;
			return hives[i];
		}
	}
	return NULL;
}

int
query_key(struct hive *h, const char *path, struct keydump *d, struct err *e)
{
	struct hkey *k;
	int rc;

	if ((rc = hive_key_open(h, path, &k, e)) < 0)
		return -1;
	d->found = rc;
	if (rc == 0)
		return 0;
	d->filetime = hive_key_filetime(k);
	rc = hive_key_values(k, &d->values, &d->nvalues, e);
	if (rc == 0)
		rc = hive_key_subkeys(k, &d->subkeys, &d->nsubkeys, e);
	hive_key_close(k);
	return rc;
}
