/* SPDX-License-Identifier: MIT */
/* strv.c: see strv.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strv.h"

char *
str_vprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int len;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0 || (s = malloc((size_t)len + 1)) == NULL)
		return NULL;
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

char *
str_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = str_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

int
str_setf(char **dst, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = str_vprintf(fmt, ap);
	va_end(ap);
	if (s == NULL)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

int
strv_addv(char ***v, size_t *n, const char *fmt, va_list ap)
{
	char **nv, *s;

	if ((s = str_vprintf(fmt, ap)) == NULL)
		return -1;
	if ((nv = realloc(*v, (*n + 1) * sizeof *nv)) == NULL) {
		free(s);
		return -1;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

int
strv_addf(char ***v, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = strv_addv(v, n, fmt, ap);
	va_end(ap);
	return rc;
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
