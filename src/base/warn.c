/* SPDX-License-Identifier: MIT */
/* warn.c: see warn.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strv.h"
#include "base/warn.h"

static const struct {
	const char *id, *title;
} kinds[W_NKINDS] = {
#define WARN(e, id, title) {id, title},
#include "base/warn.def"
#undef WARN
};

int
warn_add(struct warnings *w, enum warn_kind k, const char *fmt, ...)
{
	uint8_t *nk;
	va_list ap;
	int rc;

	/* the kinds first: one more slot than the texts is harmless if the text then fails */
	if ((nk = realloc(w->kind, w->n + 1)) == NULL)
		return -1;
	w->kind = nk;
	va_start(ap, fmt);
	rc = strv_addv(&w->text, &w->n, fmt, ap);
	va_end(ap);
	if (rc == 0)
		nk[w->n - 1] = (uint8_t)((unsigned)k < W_NKINDS ? k : W_OTHER);
	return rc;
}

enum warn_kind
warn_of_err(int code)
{
	switch (code) {
	case ERR_IO: return W_READ_ERROR;
	case ERR_FORMAT: return W_DAMAGED;
	case ERR_UNSUPPORTED: return W_UNSUPPORTED;
	case ERR_LIMIT: return W_OVER_LIMIT;
	case ERR_NOMEM: return W_NO_MEMORY;
	default: return W_OTHER;
	}
}

const char *
warn_id(unsigned k)
{
	return kinds[k < W_NKINDS ? k : W_OTHER].id;
}

const char *
warn_title(unsigned k)
{
	return kinds[k < W_NKINDS ? k : W_OTHER].title;
}

int
warn_named(const char *word, enum warn_kind *out)
{
	unsigned k;

	for (k = 0; k < W_NKINDS; k++)
		if (strcmp(kinds[k].id, word) == 0) {
			*out = (enum warn_kind)k;
			return 0;
		}
	return -1;
}

void
warnings_free(struct warnings *w)
{
	strv_free(w->text, w->n);
	free(w->kind);
	memset(w, 0, sizeof *w);
}
