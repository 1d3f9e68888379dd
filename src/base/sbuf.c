/* SPDX-License-Identifier: MIT */
/* sbuf.c: see sbuf.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/sbuf.h"

void
sb_write(struct sbuf *b, const char *s, size_t n)
{
	if (b->f != NULL) {
		fwrite(s, 1, n, b->f);
		return;
	}
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		char *ns;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((ns = realloc(b->s, ncap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_puts(struct sbuf *b, const char *s)
{
	sb_write(b, s, strlen(s));
}

void
sb_putc(struct sbuf *b, int c)
{
	char ch = (char)c;

	sb_write(b, &ch, 1);
}

void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		sb_write(b, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		b->failed |= b->f == NULL;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_write(b, big, (size_t)n);
	free(big);
}

char *
sb_take(struct sbuf *b, size_t *len)
{
	char *s = b->failed ? NULL : b->s;

	if (s == NULL && !b->failed)
		s = calloc(1, 1); /* nothing written: "" */
	if (b->failed)
		free(b->s);
	if (len != NULL)
		*len = s ? b->len : 0;
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
	return s;
}
