/* SPDX-License-Identifier: MIT */
/* strv.h: vectors of owned strings (value names, warnings, paths). */
#ifndef HV_STRV_H
#define HV_STRV_H

#include <stddef.h>

/* Append a formatted string to v (n entries): 0, or -1 on no memory. */
int strv_addf(char ***v, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Free every string and the vector; NULL is a no-op. */
void strv_free(char **v, size_t n);

#endif
