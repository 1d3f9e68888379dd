/* SPDX-License-Identifier: MIT */
/* strv.h: vectors of owned strings (value names, warnings, paths), and path components. */
#ifndef HV_STRV_H
#define HV_STRV_H

#include <stddef.h>

/* Append a formatted string to v (n entries): 0, or -1 on no memory. */
int strv_addf(char ***v, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Free every string and the vector; NULL is a no-op. */
void strv_free(char **v, size_t n);

/*
 * The next component of a '\'-separated path at *p (empty components
 * skipped), copied NUL-terminated into comp[0..cap) and *p moved past it:
 * its length, 0 at the end of the path, or -1 when it does not fit in cap.
 */
long path_next(const char **p, char *comp, size_t cap);

#endif
