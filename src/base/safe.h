/* SPDX-License-Identifier: MIT */
/*
 * safe.h: the output-safety rule, in one place.  Text read from an image
 * (names, values, parent locators, file names in a -r folder) is written by
 * whoever controls the VM: before it reaches a terminal, a log or a
 * spreadsheet, every character that could act instead of being read is
 * shown escaped, visibly:
 *
 *   C0 controls U+0000-U+001F (TAB too, except in CSV) and DEL   \xHH
 *   a byte that is not part of valid UTF-8                        \xHH
 *   C1 controls U+0080-U+009F                                     \u0080
 *   bidi controls U+202A-U+202E, U+2066-U+2069, and the marks
 *   U+200E, U+200F, U+061C; line/paragraph separators U+2028/9    \u202e
 *
 * So a value never spans lines and never moves the cursor, sets a title,
 * writes the clipboard (OSC 52) or reorders what follows it.  \xHH is a
 * byte, \uHHHH a code point; a backslash in the data is printed as it is
 * (registry paths are full of them), so the escaped form is for reading:
 * JSON keeps the exact data.  CSV cells are also neutralised for
 * spreadsheets (csv_cell).  Pure: no I/O.
 */
#ifndef HV_SAFE_H
#define HV_SAFE_H

#include <stddef.h>

#define SAFE_KEEP_TAB 1u /* CSV: a TAB inside a quoted cell is harmless */

/*
 * Escape s[0..len) into out (cap bytes, always NUL-terminated when cap > 0,
 * cut only between whole escapes).  Returns the length the whole escaped
 * text needs (excluding the NUL), like snprintf.
 */
size_t safe_escape(const char *s, size_t len, unsigned flags, char *out, size_t cap);
/* The escaped copy of the C string s: owned, or NULL on no memory. */
char *safe_dup(const char *s, unsigned flags);
/* 1 when s needs no escaping at all. */
int safe_is_clean(const char *s, unsigned flags);

/*
 * A CSV cell for s (NULL: empty): escaped (TAB kept), neutralised for
 * spreadsheets as OWASP recommends (a cell starting with = + - @ TAB or CR
 * gets a leading ', unless it is a plain number such as -1 or +2.5), and so
 * is a formula start after a comma, semicolon or TAB inside the cell (an
 * importer that splits at ";" would make it a cell of its own); then quoted
 * per RFC 4180 when it holds a comma, a semicolon, a quote or a TAB.  Owned,
 * or NULL on no memory.
 */
char *csv_cell(const char *s);

/* Overwrite p[0..n) with zeros in a way the compiler keeps (a secret's last use). */
void safe_wipe(void *p, size_t n);

#endif
