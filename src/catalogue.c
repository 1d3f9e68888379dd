/* SPDX-License-Identifier: MIT */
/* catalogue.c: the rows of catalogue.def as C arrays, and look-ups. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"

static const struct cat_host hosts[] = {
#define HOST(a, b, n, ic, note, src) {a, b, n, ic, note, src},
#include "catalogue.def"
#undef HOST
};

static const struct cat_package packages[] = {
#define PACKAGE(kb, hm, hn, gm, gn, ins, note, src) {kb, hm, hn, gm, gn, ins, note, src},
#include "catalogue.def"
#undef PACKAGE
};

static const struct { int hm, hn, gm, gn; const char *why; } silent[] = {
#define SILENT(hm, hn, gm, gn, why) {hm, hn, gm, gn, why},
#include "catalogue.def"
#undef SILENT
};

static const struct { unsigned code; const char *name; } editions[] = {
#define EDITION(c, n) {c, n},
#include "catalogue.def"
#undef EDITION
};

static const struct { int major, minor, server; long build; const char *name; } products[] = {
#define PRODUCT(a, b, s, bl, n) {a, b, s, bl, n},
#include "catalogue.def"
#undef PRODUCT
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct cat_host *
cat_host(int major, int minor)
{
	size_t i;

	for (i = 0; i < N(hosts); i++)
		if (hosts[i].major == major && hosts[i].minor == minor)
			return &hosts[i];
	return NULL;
}

const struct cat_package *
cat_package(size_t i)
{
	return i < N(packages) ? &packages[i] : NULL;
}

const char *
cat_silent(int hm, int hn, int gm, int gn)
{
	size_t i;

	for (i = 0; i < N(silent); i++)
		if (silent[i].hm == hm && silent[i].hn == hn && silent[i].gm == gm && silent[i].gn == gn)
			return silent[i].why;
	return NULL;
}

const char *
cat_edition(unsigned code)
{
	size_t i;

	for (i = 0; i < N(editions); i++)
		if (editions[i].code == code)
			return editions[i].name;
	return NULL;
}

const char *
cat_product(int major, int minor, int server, long build)
{
	const char *best = NULL;
	long bestb = -1;
	size_t i;

	/* The row with the highest first build not above the guest's. */
	for (i = 0; i < N(products); i++)
		if (products[i].major == major && products[i].minor == minor && products[i].server == server &&
		    products[i].build <= (build < 0 ? 0 : build) && products[i].build > bestb) {
			best = products[i].name;
			bestb = products[i].build;
		}
	return best;
}

int
cat_vercmp(const char *a, const char *b)
{
	while (*a || *b) {
		long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		else if (*a)
			a += strlen(a);
		if (*b == '.')
			b++;
		else if (*b)
			b += strlen(b);
	}
	return 0;
}
