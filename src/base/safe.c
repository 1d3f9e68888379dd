/* SPDX-License-Identifier: MIT */
/*
 * safe.c: see safe.h.  The code points escaped are those that act on a
 * terminal or a text view rather than print: C0/C1 controls (ECMA-48: ESC
 * starts CSI and OSC sequences, 0x9B is CSI on its own in 8-bit terminals),
 * DEL, the Unicode bidi embedding, override and isolate controls and the
 * bidi marks (Unicode UAX #9; the "Trojan Source" attacks, CVE-2021-42574),
 * and U+2028/U+2029, which some viewers break lines at.  UTF-8 is decoded
 * strictly (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF): every byte of an invalid sequence is escaped on its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/safe.h"

/* Length of the valid UTF-8 sequence at s[0..n) and its code point, or 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Does code point c print escaped? */
static int
unsafe(unsigned long c, unsigned flags)
{
	if (c == '\t')
		return !(flags & SAFE_KEEP_TAB);
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
	    (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x200E || c == 0x200F || c == 0x061C || c == 0x2028 || c == 0x2029;
}

size_t
safe_escape(const char *s, size_t len, unsigned flags, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, n;
	unsigned long c;
	char esc[8];

	while (i < len) {
		const char *piece = (const char *)p + i;
		size_t plen;
		if (i + 1 < len && p[i] == 0xC0 && p[i + 1] == 0x80) {
			/* a name's U+0000 (base/utf.h): the character it is */
			piece = "\\x00";
			plen = 4;
			n = 2;
		} else if ((n = utf8_seq(p + i, len - i, &c)) == 0) {
			snprintf(esc, sizeof esc, "\\x%02x", p[i]);
			piece = esc;
			plen = 4;
			n = 1;
		} else if (unsafe(c, flags)) {
			if (c < 0x80)
				snprintf(esc, sizeof esc, "\\x%02lx", c);
			else
				snprintf(esc, sizeof esc, "\\u%04lx", c);
			piece = esc;
			plen = strlen(esc);
		} else {
			plen = n;
		}
		if (cap > 0 && o + plen < cap)
			memcpy(out + o, piece, plen);
		else if (cap > 0 && o < cap)
			cap = o + 1; /* cut here: nothing after a partial escape */
		o += plen;
		i += n;
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	return o;
}

char *
safe_dup(const char *s, unsigned flags)
{
	size_t len = strlen(s), need = safe_escape(s, len, flags, NULL, 0);
	char *out = malloc(need + 1);

	if (out != NULL)
		safe_escape(s, len, flags, out, need + 1);
	return out;
}

int
safe_is_clean(const char *s, unsigned flags)
{
	size_t len = strlen(s);

	return safe_escape(s, len, flags, NULL, 0) == len;
}

/* A plain number in s[0..n): an optional sign, digits, an optional fraction. */
static int
plain_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.' && digits > 0)
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return digits > 0 && i == n;
}

/* The separators a spreadsheet may split a row at (comma, semicolon in many locales, TAB). */
#define CSV_SEPARATORS ",;\t"

/*
 * Does the field that starts at s (up to the next separator) start a
 * formula: = + - @ (TAB and CR at a cell's start too), not a plain number?
 */
static int
formula_start(const char *s, int at_cell_start)
{
	if (*s == '\0' || strchr(at_cell_start ? "=+-@\t\r" : "=+-@", *s) == NULL)
		return 0;
	return !plain_number(s, strcspn(s, CSV_SEPARATORS));
}

char *
csv_cell(const char *s)
{
	char *t, *out, *o;
	size_t n, i, extra = 0;
	int quote;

	if ((t = safe_dup(s ? s : "", SAFE_KEEP_TAB)) == NULL)
		return NULL;
	/*
	 * A CR was escaped already; the others would make a spreadsheet
	 * evaluate the cell, and so would one after a separator inside it for
	 * an importer that splits at that separator and ignores our quotes
	 * (";" in many locales): each such start gets a ' too.
	 */
	quote = strpbrk(t, ",;\"\t") != NULL;
	n = strlen(t);
	extra += (size_t)formula_start(t, 1);
	for (i = 0; i < n; i++)
		extra += (size_t)(t[i] == '"' || (strchr(CSV_SEPARATORS, t[i]) != NULL && formula_start(t + i + 1, 0)));
	if ((out = malloc(n + extra + 3)) == NULL) {
		free(t);
		return NULL;
	}
	o = out;
	if (quote)
		*o++ = '"';
	if (formula_start(t, 1))
		*o++ = '\'';
	for (i = 0; t[i]; i++) {
		if (t[i] == '"')
			*o++ = '"';
		*o++ = t[i];
		if (strchr(CSV_SEPARATORS, t[i]) != NULL && formula_start(t + i + 1, 0))
			*o++ = '\'';
	}
	if (quote)
		*o++ = '"';
	*o = '\0';
	free(t);
	return out;
}

void
safe_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
}
