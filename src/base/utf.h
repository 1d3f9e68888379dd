/* SPDX-License-Identifier: MIT */
/* utf.h: UTF-16LE to UTF-8 for on-disk names and registry strings. */
#ifndef HV_UTF_H
#define HV_UTF_H

#include <stddef.h>
#include <stdint.h>

/*
 * Convert UTF-16LE in[0..inlen) to UTF-8 in out (always NUL-terminated,
 * truncated to fit outlen), stopping after the first NUL code unit.  Lone
 * surrogates become U+FFFD.  Returns the input bytes consumed, NUL included.
 * out needs at most inlen / 2 * 3 + 1 bytes to hold everything.
 */
size_t utf16le_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen);
/* The same, counting in *lone the lone surrogates replaced by U+FFFD. */
size_t utf16le_to_utf8_lone(const uint8_t *in, size_t inlen, char *out, size_t outlen, unsigned *lone);

/* Latin-1 (a registry "compressed" name) in[0..inlen) to UTF-8, as above; returns bytes written. */
size_t latin1_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen);

/*
 * A registry name is a counted string: a U+0000 inside it is part of the
 * name (a known way to hide a key or value from tools that stop there).  In
 * our UTF-8 strings it is the two bytes UTF_NUL (C0 80, "modified UTF-8"),
 * which no well-formed UTF-8 holds, so a name keeps every code unit, stays a
 * C string, and never equals a shorter name or a name spelled otherwise.
 * Text shows it as \x00 (base/safe.h), JSON as \u0000 (report/json.c).
 */
#define UTF_NUL "\xc0\x80"
/* A name's UTF-16LE or Latin-1 bytes in[0..inlen) to UTF-8 as above, every code unit kept; returns bytes written. */
size_t utf16le_name_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen);
size_t latin1_name_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen);

/*
 * UTF-8 s to UTF-16 code units in out[0..max): the number of units, or -1
 * when s is not valid UTF-8 or does not fit.
 */
long utf8_to_utf16(const char *s, uint16_t *out, size_t max);

/*
 * Compare two UTF-8 strings ignoring case, as registry and NTFS names
 * compare: code points are upper-cased by a simple table (ASCII, Latin-1,
 * Latin Extended-A, Greek, Cyrillic) and compared one by one.  0 when equal.
 */
int utf8_casecmp(const char *a, const char *b);
/*
 * The length (1 to 4) of the well-formed UTF-8 sequence at s[0..n) (RFC
 * 3629: no overlong form, no surrogate, at most U+10FFFF), or 0 when the
 * bytes there are none.
 */
size_t utf8_seq_len(const char *s, size_t n);

#endif
