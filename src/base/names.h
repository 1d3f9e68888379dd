/* SPDX-License-Identifier: MIT */
/*
 * names.h: the words of a closed set.  Each set is an enum whose values
 * index one table of words (the report's words: JSON, CSV, text); these
 * two look a value's word up and a word's value, so no layer compares the
 * words themselves.
 */
#ifndef HV_NAMES_H
#define HV_NAMES_H

#include <stddef.h>

/* names[v], or NULL when v is outside the table. */
const char *name_of(const char *const *names, size_t n, int v);
/* The value whose word is word (exact), or -1. */
int value_of(const char *const *names, size_t n, const char *word);

#define NAMES_N(a) (sizeof (a) / sizeof (a)[0])

#endif
