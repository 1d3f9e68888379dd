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
/* Compare dotted versions "6.3.9600.18907": <0, 0, >0; non-numeric parts compare as 0. */
int cat_vercmp(const char *a, const char *b);

#endif
