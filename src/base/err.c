/* SPDX-License-Identifier: MIT */
/* err.c: building one-line error chains at their length; see err.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strv.h"

/* What a message says when there was no memory to build it (never freed). */
static char no_memory[] = "out of memory (building an error message)";

static void
release(char *s)
{
	if (s != no_memory)
		free(s);
}

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	release(e->msg);
	release(e->trace);
	e->code = ERR_NONE;
	e->msg = NULL;
	e->trace = NULL;
}

void
err_move(struct err *dst, struct err *src)
{
	if (dst == src)
		return;
	err_clear(dst);
	*dst = *src;
	src->code = ERR_NONE;
	src->msg = NULL;
	src->trace = NULL;
}

static char *
dup_or_no_memory(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	if (s == no_memory || (d = strdup(s)) == NULL)
		return no_memory;
	return d;
}

int
err_copy(struct err *dst, const struct err *src)
{
	if (dst == src)
		return 0;
	err_clear(dst);
	dst->code = src->code;
	dst->msg = dup_or_no_memory(src->msg);
	dst->trace = dup_or_no_memory(src->trace);
	return dst->msg == no_memory || dst->trace == no_memory ? -1 : 0;
}

const char *
err_msg(const struct err *e)
{
	return e != NULL && e->msg != NULL ? e->msg : "";
}

const char *
err_trace(const struct err *e)
{
	return e != NULL && e->trace != NULL ? e->trace : "";
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	m = str_vprintf(fmt, ap);
	va_end(ap);
	err_clear(e);
	e->code = code;
	e->msg = m != NULL ? m : no_memory;
	return -1;
}

int
err_ctx(struct err *e, const char *fmt, ...)
{
	va_list ap;
	char *ctx, *m;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	ctx = str_vprintf(fmt, ap);
	va_end(ap);
	m = ctx != NULL ? str_printf("%s: %s", ctx, err_msg(e)) : NULL;
	free(ctx);
	release(e->msg);
	e->msg = m != NULL ? m : no_memory;
	if (e->code == ERR_NONE)
		e->code = ERR_FORMAT;
	return -1;
}

/*
 * libyal messages look like "libfoo_bar_baz: unable to read header." with
 * the innermost (root cause) on the first line.  We keep its text, drop the
 * function name and the final period, so the one-liner reads like ours:
 * the span [*start, *start + return) of bt.
 */
static size_t
root_cause(const char *bt, const char **start)
{
	const char *end, *colon;
	size_t n;

	*start = bt;
	if (bt == NULL || *bt == '\0')
		return 0;
	end = strpbrk(bt, "\r\n");
	n = end ? (size_t)(end - bt) : strlen(bt);
	colon = memchr(bt, ':', n);
	if (colon != NULL && colon[1] == ' ' && strncmp(bt, "lib", 3) == 0) {
		n -= (size_t)(colon + 2 - bt);
		bt = colon + 2;
	}
	while (n > 0 && (bt[n - 1] == '.' || bt[n - 1] == ' '))
		n--;
	*start = bt;
	return n;
}

int
err_set_yal(struct err *e, int code, const char *what, const char *backtrace,
    const char *cause)
{
	const char *rc;
	size_t n;

	if (e == NULL)
		return -1;
	if (cause != NULL && *cause != '\0') {
		rc = cause;
		n = strlen(cause);
	} else
		n = root_cause(backtrace, &rc);
	if (n > 0 && n <= (size_t)0x7fffffff)
		err_set(e, code, "%s: %.*s", what, (int)n, rc);
	else
		err_set(e, code, "%s", what);
	if (backtrace != NULL && *backtrace != '\0')
		e->trace = dup_or_no_memory(backtrace);
	return -1;
}
