/* SPDX-License-Identifier: MIT */
/*
 * bfio.h: a struct reader as a libbfio handle, for libfsntfs and libregf.
 * bfio.c is the only file that calls libbfio; others only pass the handle.
 */
#ifndef HV_BFIO_H
#define HV_BFIO_H

#include <libbfio.h>

#include "io/reader.h"

struct bfio;

/* Wrap r (borrowed; must outlive the handle).  Owned result, or NULL with e set. */
struct bfio *bfio_open(struct reader *r, struct err *e);
/*
 * The libbfio a handle is made by: the system's (bfio_open), or a copy a
 * library carries inside it (libvslvm's, src/vs/vslvm.c), whose functions
 * the build renames so that the two never meet (Makefile).
 */
struct bfio_lib {
	__typeof__(libbfio_handle_initialize) *handle_initialize;
	__typeof__(libbfio_handle_free)       *handle_free;
	void (*error_free)(libbfio_error_t **error);
	int  (*error_backtrace_sprint)(libbfio_error_t *error, char *string, size_t size);
};
struct bfio *bfio_open_in(const struct bfio_lib *lib, struct reader *r, struct err *e);
/*
 * The handle now belongs to what it was given to (a libbfio pool frees its
 * handles): bfio_close then frees only our side, after that owner is gone.
 */
void bfio_release(struct bfio *b);
/* The handle to give a libyal library; borrowed, valid until bfio_close. */
libbfio_handle_t *bfio_handle(struct bfio *b);
/*
 * The error our read callback hit last, or NULL: libyal cannot carry it in
 * its own error chain (docs/sources.md L3), so we keep it to report as the
 * root cause.  Borrowed.
 */
const char *bfio_cause(const struct bfio *b);
void bfio_clear_cause(struct bfio *b);
/* Free; NULL is a no-op.  Close the library's object that uses it first. */
void bfio_close(struct bfio *b);
/* libbfio's version string (static). */
const char *bfio_lib_version(void);

#endif
