/* SPDX-License-Identifier: MIT */
/*
 * err.h: the one error type, passed explicitly through every layer.
 *
 * The innermost layer says what went wrong (err_set); each layer above adds
 * its own name once, at its boundary (err_ctx), so the message reads outer to
 * inner on one line: "vm.vhdx: partition 2: NTFS: ...".  Library backtraces
 * (libyal) are kept apart in `trace` and printed only with -v.
 */
#ifndef HV_ERR_H
#define HV_ERR_H

#include <stddef.h>

enum err_code {
	ERR_NONE = 0,
	ERR_IO,          /* the host could not read */
	ERR_FORMAT,      /* the bytes are not what the format says */
	ERR_UNSUPPORTED, /* valid, but not something we read (yet) */
	ERR_LIMIT,       /* a size or count is over one of our caps */
	ERR_NOMEM,
	ERR_USAGE
};

#define ERR_MSG_MAX   1024
#define ERR_TRACE_MAX 4096

struct err {
	int  code;
	char msg[ERR_MSG_MAX];
	char trace[ERR_TRACE_MAX]; /* full library backtrace, innermost last; may be empty */
};

/* Clear e. */
void err_clear(struct err *e);
/* Set the innermost message (replaces any old one, clears trace); returns -1. */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prepend "ctx: " to the message; returns -1. */
int err_ctx(struct err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Set e from a libyal backtrace (as lib*_error_backtrace_sprint writes it:
 * one message per line, innermost first).  The message becomes
 * "what: <root cause>" with the "function: " prefixes dropped; `cause`, when
 * not NULL, is an error we kept from inside one of our own I/O callbacks
 * and is the real root cause.  Returns -1.
 */
int err_set_yal(struct err *e, int code, const char *what, const char *backtrace,
    const char *cause);

#endif
