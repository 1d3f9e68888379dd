/* SPDX-License-Identifier: MIT */
/* err.c: building one-line error chains; see err.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

void
err_clear(struct err *e)
{
	e->code = ERR_NONE;
	e->msg[0] = '\0';
	e->trace[0] = '\0';
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->code = code;
	e->trace[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_ctx(struct err *e, const char *fmt, ...)
{
	char ctx[ERR_MSG_MAX], old[ERR_MSG_MAX];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	/* Truncation keeps the outer context and cuts the inner end: both are said. */
	{
		size_t a = strlen(ctx), b = strlen(old);
		if (a > sizeof e->msg - 3)
			a = sizeof e->msg - 3;
		memcpy(e->msg, ctx, a);
		memcpy(e->msg + a, ": ", 2);
		if (b > sizeof e->msg - a - 3)
			b = sizeof e->msg - a - 3;
		memcpy(e->msg + a + 2, old, b);
		e->msg[a + 2 + b] = '\0';
	}
	if (e->code == ERR_NONE)
		e->code = ERR_FORMAT;
	return -1;
}

/*
 * libyal messages look like "libfoo_bar_baz: unable to read header." with
 * the innermost (root cause) on the first line.  We keep its text, drop the
 * function name and the final period, so the one-liner reads like ours.
 */
static void
root_cause(const char *bt, char *out, size_t outlen)
{
	const char *end, *colon;
	size_t n;

	out[0] = '\0';
	if (bt == NULL || *bt == '\0')
		return;
	end = strpbrk(bt, "\r\n");
	n = end ? (size_t)(end - bt) : strlen(bt);
	colon = memchr(bt, ':', n);
	if (colon != NULL && colon[1] == ' ' && strncmp(bt, "lib", 3) == 0) {
		n -= (size_t)(colon + 2 - bt);
		bt = colon + 2;
	}
	while (n > 0 && (bt[n - 1] == '.' || bt[n - 1] == ' '))
		n--;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, bt, n);
	out[n] = '\0';
}

int
err_set_yal(struct err *e, int code, const char *what, const char *backtrace,
    const char *cause)
{
	char rc[ERR_MSG_MAX];

	if (e == NULL)
		return -1;
	if (cause != NULL && *cause != '\0')
		snprintf(rc, sizeof rc, "%s", cause);
	else
		root_cause(backtrace, rc, sizeof rc);
	if (rc[0] != '\0')
		err_set(e, code, "%s: %s", what, rc);
	else
		err_set(e, code, "%s", what);
	if (backtrace != NULL)
		snprintf(e->trace, sizeof e->trace, "%s", backtrace);
	return -1;
}
