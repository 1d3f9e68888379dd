/* SPDX-License-Identifier: MIT */
/* sources.c: the list of sources (sources.h), from sources.def. */
#include "facts/sources.h"

struct source {
	int         n;
	const char *title, *publisher, *date, *url, *supports; /* date, url: "" when none */
};

static const struct source list[] = {
#define SOURCE(n, title, publisher, date, url, supports) {n, title, publisher, date, url, supports},
#include "facts/sources.def"
#undef SOURCE
};

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
