/* SPDX-License-Identifier: MIT */
/* sources.c: the list of sources (sources.h), from sources.def. */
#include "facts/sources.h"

static const struct source list[] = {
#define SOURCE(n, title, publisher, date, url, supports) {n, title, publisher, date, url, supports},
#include "facts/sources.def"
#undef SOURCE
};

const struct source *
source_get(long n)
{
	/* numbered 1, 2, 3... in order (tests/docs/sources.sh) */
	if (n < 1 || (size_t)n > sizeof list / sizeof list[0] || list[n - 1].n != n)
		return NULL;
	return &list[n - 1];
}

void
source_print_all(FILE *f)
{
	size_t i;

	fputs("Sources the verdicts and the catalogue cite by number; [K] marks a fact widely known\n"
	    "and confirmed by none of them.\n", f);
	for (i = 0; i < sizeof list / sizeof list[0]; i++) {
		const struct source *s = &list[i];
		fprintf(f, "\n[%d] %s. %s%s%s.\n", s->n, s->title, s->publisher, s->date[0] ? ", " : "", s->date);
		fprintf(f, "    %s\n", s->url[0] ? s->url : "(no stable public copy located)");
		fprintf(f, "    Cited for: %s.\n", s->supports);
	}
}
