/* SPDX-License-Identifier: MIT */
/* fault.c: fault.h.  Built twice: plain (no faults, ever) and -DHV_FAULTS (the test build). */
#include <stdlib.h>
#include <string.h>

#include "base/fault.h"

const char *
fault_arg(const char *kind)
{
#ifdef HV_FAULTS
	const char *f = getenv("HVINSPECT_FAULT");
	size_t n = strlen(kind);

	if (f != NULL && strncmp(f, kind, n) == 0 && f[n] == ':')
		return f + n + 1;
#else
	(void)kind;
#endif
	return NULL;
}
