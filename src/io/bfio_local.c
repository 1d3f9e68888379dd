/* SPDX-License-Identifier: MIT */
/*
 * bfio_local.c: third_party builds only (make windows).  There libfsntfs
 * is built with its own copy of libbfio, which leaves out the three API
 * functions that report on libbfio itself (its errors are libcerror's);
 * bfio.c calls them, so here they are, over that same libcerror.
 */
#include <stddef.h>

#include <libbfio.h>

typedef intptr_t libcerror_error_t;

extern void libcerror_error_free(libcerror_error_t **error);
extern int libcerror_error_backtrace_sprint(libcerror_error_t *error, char *string, size_t size);

void
libbfio_error_free(libbfio_error_t **error)
{
	libcerror_error_free((libcerror_error_t **)error);
}

int
libbfio_error_backtrace_sprint(libbfio_error_t *error, char *string, size_t size)
{
	return libcerror_error_backtrace_sprint((libcerror_error_t *)error, string, size);
}

const char *
libbfio_get_version(void)
{
	return "libfsntfs's own copy";
}
