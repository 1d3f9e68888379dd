/* SPDX-License-Identifier: MIT */
/* utf.c: see utf.h. */
#include "bytes.h"
#include "utf.h"

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

size_t
utf16le_to_utf8(const uint8_t *in, size_t inlen, char *out, size_t outlen)
{
	size_t i = 0, o = 0;

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
		if (c >= 0xD800 && c < 0xE000)
			c = 0xFFFD;
		o = put(out, o, outlen, c);
	}
	out[o] = '\0';
	return i;
}
