/* SPDX-License-Identifier: MIT */
/*
 * gate.h: --require RULE, for CI pipelines checking golden images.  A gate
 * holds for an image when it holds for every Windows installation on it;
 * gates about an installation fail on an image that has none.
 */
#ifndef HV_GATE_H
#define HV_GATE_H

#include "base/err.h"
#include "report/report.h"

#define GATE_MAX 16

struct gate {
	char text[32];            /* as given */
	int  needs_cross_check;   /* the rule judges --cross-check's findings */
	int  kind;
	int  major, minor;        /* host>= / host= */
};

/*
 * Parse "kvp", "host>=6.3", "host=10.0", "offered", "not-offered",
 * "ic-current", "no-spoof", "clean", "cross-check" (--cross-check ran and
 * every fact agreed or differs as known: none disagreed or went unchecked): 0 or -1.
 */
int gate_parse(const char *s, struct gate *g, struct err *e);
/* Evaluate every gate on r, appending results to r->gates.  Returns the number that failed, -1 on no memory. */
int gate_eval(const struct gate *g, size_t n, struct image_report *r);

#endif
