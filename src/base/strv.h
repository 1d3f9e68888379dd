/* SPDX-License-Identifier: MIT */
/* strv.h: vectors of owned strings (value names, warnings, paths), and path components. */
#ifndef HV_STRV_H
#define HV_STRV_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A formatted string at its own length (no budget: text read from an image
 * is never cut in the message that quotes it): owned, or NULL on no memory.
 */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *str_vprintf(const char *fmt, va_list ap);
/* *dst replaced (the old one freed) by a formatted string at its length: 0, or -1 (no memory; *dst kept). */
int str_setf(char **dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append a formatted string to v (n entries): 0, or -1 on no memory. */
int strv_addf(char ***v, size_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int strv_addv(char ***v, size_t *n, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/* Free every string and the vector; NULL is a no-op. */
void strv_free(char **v, size_t n);

/*
 * The next component of a '\'-separated path at *p (empty components
 * skipped), copied NUL-terminated into comp[0..cap) and *p moved past it:
 * its length, 0 at the end of the path, or -1 when it does not fit in cap.
 */
long path_next(const char **p, char *comp, size_t cap);

#endif
