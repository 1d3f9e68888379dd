/* SPDX-License-Identifier: MIT */
/* version.h: -V, hvinspect's version and each layer's libraries (version.c). */
#ifndef HV_CLI_VERSION_H
#define HV_CLI_VERSION_H

#include <stdio.h>

#define HVINSPECT_VERSION "0.1.0"

/* One line: hvinspect's version, then the libraries each layer links, as each layer says. */
void print_versions(FILE *f);

struct run_info;
/*
 * This run's provenance (report.h): the tool, its libraries, the time it
 * started (SOURCE_DATE_EPOCH's when set: a reproducible report), and argv
 * with what must not be printed removed: a URL's user and password, query
 * and fragment (a signed URL's signature).  0, or -1 (no memory).
 */
int run_start(struct run_info *ri, int argc, char **argv);
/* arg as a record may show it: owned, or NULL (no memory). */
char *run_clean_arg(const char *arg);

#endif
