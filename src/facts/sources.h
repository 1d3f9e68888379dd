/* SPDX-License-Identifier: MIT */
/* sources.h: the sources the product cites by number (sources.def: the list, in our words). */
#ifndef HV_SOURCES_H
#define HV_SOURCES_H

#include <stdio.h>

struct source {
	int         n;
	const char *title, *publisher, *date, *url, *supports; /* date, url: "" when none */
};
/* Source number n, or NULL (no such source). */
const struct source *source_get(long n);
/* The list as `hvinspect --sources` prints it (docs/sources.md holds the same text). */
void source_print_all(FILE *f);

#endif
