/* SPDX-License-Identifier: MIT */
/* catalogue.c: the rows of catalogue.def as C arrays, and look-ups. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/catalogue.h"

static const struct cat_host hosts[] = {
#define HOST(a, b, n, ic, note, src) {a, b, n, ic, note, src},
#include "facts/catalogue.def"
#undef HOST
};

static const struct cat_package packages[] = {
#define PACKAGE(kb, hm, hn, gm, gn, ins, note, src) {kb, hm, hn, gm, gn, ins, note, src},
#include "facts/catalogue.def"
#undef PACKAGE
};

static const struct { int hm, hn, gm, gn; const char *why; } silent[] = {
#define SILENT(hm, hn, gm, gn, why) {hm, hn, gm, gn, why},
#include "facts/catalogue.def"
#undef SILENT
};

static const struct { int major, minor; long build, newest; const char *source; } iclines[] = {
#define ICLINE(a, b, bl, nw, src) {a, b, bl, nw, src},
#include "facts/catalogue.def"
#undef ICLINE
};

static const struct { unsigned code; const char *name; } editions[] = {
#define EDITION(c, n) {c, n},
#include "facts/catalogue.def"
#undef EDITION
};

static const struct { int major, minor, server; long build; const char *name; } products[] = {
#define PRODUCT(a, b, s, bl, n) {a, b, s, bl, n},
#include "facts/catalogue.def"
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

/* "6.3.9600.16384": exactly four parts, each 1-5 decimal digits, at most 65535 (a file version). */
static int
ic_parts(const char *v, long p[4])
{
	int i, d;

	for (i = 0; i < 4; i++) {
		p[i] = 0;
		for (d = 0; *v >= '0' && *v <= '9'; v++, d++) {
			if (d == 5)
				return 0;
			p[i] = p[i] * 10 + (*v - '0');
		}
		if (d == 0 || p[i] > 65535 || *v != (i < 3 ? '.' : '\0'))
			return 0;
		v++;
	}
	return 1;
}

int
cat_ic_check(const char *v, char *newest, int *hyperv)
{
	long p[4];
	size_t i;

	if (newest != NULL)
		newest[0] = '\0';
	if (hyperv != NULL)
		*hyperv = 0;
	if (v == NULL || !ic_parts(v, p))
		return CAT_IC_MALFORMED;
	for (i = 0; i < N(iclines); i++) {
		if (iclines[i].major != p[0] || iclines[i].minor != p[1])
			continue;
		if (hyperv != NULL)
			*hyperv = 1;
		if (iclines[i].build >= 0 && iclines[i].build != p[2])
			continue;
		if (iclines[i].newest >= 0 && p[3] > iclines[i].newest) {
			if (newest != NULL)
				snprintf(newest, 32, "%u.%u.%u.%u", (unsigned)(p[0] & 0xffff), (unsigned)(p[1] & 0xffff),
				    (unsigned)(p[2] & 0xffff), (unsigned)(iclines[i].newest & 0xffff));
			return CAT_IC_NEWER;
		}
		return CAT_IC_KNOWN;
	}
	return CAT_IC_NO_LINE;
}
