/* SPDX-License-Identifier: MIT */
/* strv.c: see strv.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strv.h"

int
strv_addf(char ***v, size_t *n, const char *fmt, ...)
{
	char **nv, *s;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (s = malloc((size_t)len + 1)) == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	if ((nv = realloc(*v, (*n + 1) * sizeof *nv)) == NULL) {
		free(s);
		return -1;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

long
path_next(const char **p, char *comp, size_t cap)
{
	const char *s = *p, *q;

	while (*s == '\\')
		s++;
	if (*s == '\0') {
		*p = s;
		return 0;
	}
	if ((q = strchr(s, '\\')) == NULL)
		q = s + strlen(s);
	if ((size_t)(q - s) >= cap)
		return -1;
	memcpy(comp, s, (size_t)(q - s));
	comp[q - s] = '\0';
	*p = q;
	return (long)(q - s);
}
