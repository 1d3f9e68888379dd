/* SPDX-License-Identifier: MIT */
/* utf.c: see utf.h. */
#include "base/bytes.h"
#include "base/utf.h"

static size_t
put(char *out, size_t o, size_t outlen, uint32_t c)
{
	char b[4];
	size_t n, i;

	if (c < 0x80) {
		b[0] = (char)c; n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6); b[1] = (char)(0x80 | (c & 0x3F)); n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | c >> 12); b[1] = (char)(0x80 | (c >> 6 & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F)); n = 3;
	} else {
		b[0] = (char)(0xF0 | c >> 18); b[1] = (char)(0x80 | (c >> 12 & 0x3F));
		b[2] = (char)(0x80 | (c >> 6 & 0x3F)); b[3] = (char)(0x80 | (c & 0x3F)); n = 4;
	}
	if (o + n >= outlen)
		return o; /* no room: drop whole characters only */
	for (i = 0; i < n; i++)
		out[o + i] = b[i];
	return o + n;
}

/* A name's U+0000 (UTF_NUL), whole or not at all. */
static size_t
put_nul(char *out, size_t o, size_t outlen)
{
	if (o + 2 >= outlen)
		return o;
	out[o] = UTF_NUL[0];
	out[o + 1] = UTF_NUL[1];
	return o + 2;
}

size_t
utf16le_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen)
{
	return utf16le_to_utf8_lone(in, inlen, out, outlen, NULL);
}

size_t
utf16le_to_utf8_lone(const uint8_t *in, size_t inlen, char *out, size_t outlen, unsigned *lone)
{
	size_t i = 0, o = 0;

	if (lone != NULL)
		*lone = 0;
	if (outlen == 0)
		return 0;
	while (i + 1 < inlen) {
		uint32_t c = le16(in + i);
		i += 2;
		if (c == 0)
			break;
		if (c >= 0xD800 && c < 0xDC00 && i + 1 < inlen) {
			uint32_t d = le16(in + i);
			if (d >= 0xDC00 && d < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			}
		}
		if (c >= 0xD800 && c < 0xE000) {
			c = 0xFFFD;
			if (lone != NULL)
				(*lone)++;
		}
		o = put(out, o, outlen, c);
	}
	out[o] = '\0';
	return i;
}

size_t
utf16le_name_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen)
{
	size_t i = 0, o = 0, k;

	if (outlen == 0)
		return 0;
	while (i + 1 < inlen) {
		uint32_t c = le16(in + i);
		i += 2;
		if (c >= 0xD800 && c < 0xDC00 && i + 1 < inlen) {
			uint32_t d = le16(in + i);
			if (d >= 0xDC00 && d < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			}
		}
		if (c >= 0xD800 && c < 0xE000)
			c = 0xFFFD;
		k = c == 0 ? put_nul(out, o, outlen) : put(out, o, outlen, c);
		if (k == o)
			break; /* no room: a name is cut whole characters short, never spliced */
		o = k;
	}
	out[o] = '\0';
	return o;
}

size_t
latin1_name_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen)
{
	size_t i, o = 0, k;

	if (outlen == 0)
		return 0;
	for (i = 0; i < inlen; i++) {
		k = in[i] == 0 ? put_nul(out, o, outlen) : put(out, o, outlen, in[i]);
		if (k == o)
			break; /* no room: cut, never spliced */
		o = k;
	}
	out[o] = '\0';
	return o;
}

size_t
latin1_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen)
{
	size_t i, o = 0;

	if (outlen == 0)
		return 0;
	for (i = 0; i < inlen && in[i] != 0; i++)
		o = put(out, o, outlen, in[i]);
	out[o] = '\0';
	return o;
}

/* Next code point of s at *i (invalid bytes stand for themselves). */
static uint32_t
next_cp(const unsigned char *s, size_t *i)
{
	uint32_t c = s[*i];
	size_t n, k;

	if (c == 0xC0 && s[*i + 1] == 0x80) { /* a name's U+0000 (UTF_NUL): never equal to U+00C0 U+0080 */
		*i += 2;
		return 0;
	}
	if (c < 0x80 || c < 0xC2 || c > 0xF4) {
		(*i)++;
		return c;
	}
	n = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
	c &= 0x3Fu >> n;
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			c = s[(*i)++];
			return c;
		}
		c = c << 6 | (s[*i + k] & 0x3F);
	}
	*i += n + 1;
	return c;
}

static uint32_t
upcase(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 0x20;
	if ((c >= 0xE0 && c <= 0xFE && c != 0xF7))
		return c - 0x20;
	if (c == 0xFF)
		return 0x178;
	if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
	    c != 0x17F) {
		/* Latin Extended-A pairs: even upper/odd lower, except 0x139..0x148 and 0x179..0x17E. */
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c : c - 1;
		return (c & 1) ? c - 1 : c;
	}
	if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
		return c - 0x20;
	if (c >= 0x430 && c <= 0x44F)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45F)
		return c - 0x50;
	return c;
}

int
utf8_casecmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t i = 0, j = 0;

	for (;;) {
		uint32_t c, d;
		if (x[i] == 0 || y[j] == 0)
			return (int)x[i] - (int)y[j];
		c = upcase(next_cp(x, &i));
		d = upcase(next_cp(y, &j));
		if (c != d)
			return c < d ? -1 : 1;
	}
}

long
utf8_to_utf16(const char *s, uint16_t *out, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0, k, len;
	uint32_t c;

	while (p[i] != 0) {
		c = p[i];
		len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (len == 0 || (len > 1 && c < 0xC2))
			return -1;
		c &= len == 1 ? 0x7Fu : 0x3Fu >> (len - 1);
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return -1;
			c = c << 6 | (p[i + k] & 0x3F);
		}
		i += len;
		if (c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
			return -1;
		if (c >= 0x10000) {
			if (n + 2 > max)
				return -1;
			out[n++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
			out[n++] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
		} else {
			if (n + 1 > max)
				return -1;
			out[n++] = (uint16_t)c;
		}
	}
	return (long)n;
}

size_t
utf8_seq_len(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t len, k;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (len > n)
		return 0;
	c = s[0] & (0x7Fu >> len);
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[k] & 0x3Fu);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return len;
}
