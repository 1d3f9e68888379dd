/* SPDX-License-Identifier: MIT */
/*
 * warn.h: a record's warnings, each a line of text and its kind (warn.def):
 * the text says what happened to this image, the kind says which of a
 * closed set of things it is, so that a fleet's warnings are grouped by
 * what they are, never by masking numbers out of their text.
 */
#ifndef HV_WARN_H
#define HV_WARN_H

#include <stddef.h>
#include <stdint.h>

enum warn_kind {
#define WARN(e, id, title) e,
#include "base/warn.def"
#undef WARN
	W_NKINDS
};

struct warnings {
	char    **text;  /* owned, each at its length */
	uint8_t  *kind;  /* enum warn_kind of each */
	size_t    n;
};

/* Append a warning of kind k: 0, or -1 on no memory (w unchanged). */
int warn_add(struct warnings *w, enum warn_kind k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The kind of an error of code (err.h's ERR_*) given as a warning. */
enum warn_kind warn_of_err(int code);
/* The kind's id ("hive-replayed") and title; an unknown kind is W_OTHER's. */
const char *warn_id(unsigned k);
const char *warn_title(unsigned k);
/* The kind whose id is word: 0 with *out set, or -1. */
int warn_named(const char *word, enum warn_kind *out);
void warnings_free(struct warnings *w);

#endif
