/* SPDX-License-Identifier: MIT */
/* catalogue.h: look-ups in the catalogue (catalogue.def: data with sources). */
#ifndef HV_CATALOGUE_H
#define HV_CATALOGUE_H

struct cat_host {
	int         major, minor;
	const char *name, *ic, *note, *source;
};

struct cat_package {
	const char *kb;
	int         host_major, host_minor, guest_major, guest_minor;
	const char *installs, *note, *source;
};

/* The host row for NT major.minor, or NULL. */
const struct cat_host *cat_host(int major, int minor);
/* The i-th package row (NULL past the end). */
const struct cat_package *cat_package(size_t i);
/* Why the sources are silent on (host, guest), or NULL. */
const char *cat_silent(int hmaj, int hmin, int gmaj, int gmin);
/* The edition name of a PRODUCT_* code, or NULL. */
const char *cat_edition(unsigned code);
/* The product name of NT major.minor, server or client, build (-1 unknown); NULL if unknown. */
const char *cat_product(int major, int minor, int server, long build);
/* How an IC version string stands against the IC releases (cat_ic_check). */
enum {
	CAT_IC_KNOWN,      /* four decimal numbers, of a known release line, not newer than its newest */
	CAT_IC_MALFORMED,  /* not exactly D.D.D.D (1-5 digits each, at most 65535) */
	CAT_IC_NO_LINE,    /* well formed, but no IC release had this major.minor.build */
	CAT_IC_NEWER,      /* of a known line, newer than the newest revision the sources name */
};
/*
 * Check v against the ICLINE rows.  newest (NULL or 32 bytes) gets the
 * newest known version of v's line (CAT_IC_NEWER) or "".  *hyperv (may be
 * NULL): v's major.minor is an NT version Hyper-V ever had (6.0-6.3, 10.0).
 */
int cat_ic_check(const char *v, char *newest, int *hyperv);
/* Compare dotted versions "6.3.9600.18907": <0, 0, >0; non-numeric parts compare as 0. */
int cat_vercmp(const char *a, const char *b);

#endif
