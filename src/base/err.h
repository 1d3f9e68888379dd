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

/* The size of a buffer a library's backtrace is printed into (libyal needs one): not a cap on our messages. */
#define ERR_TRACE_MAX 4096

/*
 * Messages are built at their length on the heap (no budget: a hostile path
 * is never cut in the very message that explains it).  A struct err starts
 * as ERR_INIT (or zeroed), owns its strings, and is released by err_clear
 * (a local declared ERR_AUTO: on leaving its scope);
 * err_move hands one on.  Read the message through err_msg ("" when none).
 */
struct err {
	int   code;
	char *msg;   /* NULL when none; owned */
	char *trace; /* full library backtrace, innermost last; NULL when none; owned */
};
#define ERR_INIT { ERR_NONE, NULL, NULL }
/*
 * A local error released on every way out of its scope (GCC and Clang's
 * cleanup attribute calls err_clear with its address):
 *	struct err e ERR_AUTO = ERR_INIT;
 */
#define ERR_AUTO __attribute__((cleanup(err_clear)))

/* Release e's strings and clear it (e must have been initialised). */
void err_clear(struct err *e);
/* *dst (cleared first) takes src's message; src is left clear. */
void err_move(struct err *dst, struct err *src);
/* *dst (cleared first) becomes a copy of src; -1 when out of memory (dst then says so). */
int err_copy(struct err *dst, const struct err *src);
/* The message, or "" when none. */
const char *err_msg(const struct err *e);
/* The library backtrace, or "" when none. */
const char *err_trace(const struct err *e);
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
