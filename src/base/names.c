/* SPDX-License-Identifier: MIT */
/* names.c: names.h. */
#include <string.h>

#include "base/names.h"

const char *
name_of(const char *const *names, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? names[v] : NULL;
}

int
value_of(const char *const *names, size_t n, const char *word)
{
	size_t i;

	for (i = 0; word != NULL && i < n; i++)
		if (names[i] != NULL && strcmp(names[i], word) == 0)
			return (int)i;
	return -1;
}
