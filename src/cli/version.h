/* SPDX-License-Identifier: MIT */
/* version.h: -V, hvinspect's version and each layer's libraries (version.c). */
#ifndef HV_CLI_VERSION_H
#define HV_CLI_VERSION_H

#include <stdio.h>

#define HVINSPECT_VERSION "0.1.0"

/* One line: hvinspect's version, then the libraries each layer links, as each layer says. */
void print_versions(FILE *f);

#endif
