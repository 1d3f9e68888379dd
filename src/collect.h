/* SPDX-License-Identifier: MIT */
/* collect.h: an installation's facts from its hives, for the pipeline's two passes. */
#ifndef HV_COLLECT_H
#define HV_COLLECT_H

#include "facts/xcheck.h"
#include "hstack.h"
#include "report/report.h"

/*
 * Where an installation's unread facts go.  The main pass makes each an
 * error of the image (fact_failed); the cross-check's pass lists it as not
 * checked, with libyal's error.  Either way the part is remembered (XC_*).
 */
struct sink {
	struct image_report *r;      /* the main pass; NULL in the cross-check's */
	struct cross_check  *xc;     /* the cross-check's pass */
	unsigned             failed; /* XC_* parts not read */
	struct hive *(*open)(struct reader *file, struct err *e); /* the hive reader (NULL: ours) */
};

/* A fact that could not be read: the installation's warning, the image's first error. */
void fact_failed(struct image_report *r, struct install *in, const struct err *e);
/* Facts from the open hives (either may be NULL) into in; cs gets the control set. */
void collect(struct hive *sw, struct hive *sys, const struct opts *o, struct install *in, char cs[16],
    struct sink *k);
/* Each --key of o into in->keys, from sw, sys, or another hive opened on n with k->open. */
void run_queries(struct ntfs *n, struct hive *sw, struct hive *sys, int sw_bad, int sys_bad, const char *cs,
    const struct opts *o, struct install *in, struct sink *k);

#endif
