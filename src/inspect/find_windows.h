/* SPDX-License-Identifier: MIT */
/*
 * find_windows.h: Windows on NTFS, the one row of the OS finders today
 * (pass_facts.c): an installation is a volume with a SOFTWARE hive; its
 * facts come from its hives, by the same code in the main pass and in the
 * cross-check's (over the libyal stack).
 */
#ifndef HV_INSPECT_FIND_WINDOWS_H
#define HV_INSPECT_FIND_WINDOWS_H

#include "facts/xcheck.h"
#include "inspect/stack.h"
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
};

/*
 * The OS finder: the Windows installation on volume v of s (NTFS), if it
 * has a SOFTWARE hive, added to r with every fact its hives still give.
 * 0 (found or not), or -1 with e set: the volume could not be read at all.
 */
int windows_find(struct stack *s, struct stack_volume *v, const struct opts *o, struct image_report *r,
    struct err *e);
/* A fact that could not be read: the installation's warning, the image's first error. */
void fact_failed(struct image_report *r, struct install *in, const struct err *e);
/* Facts from the open hives (either may be NULL) into in; cs gets the control set. */
void collect(struct hive *sw, struct hive *sys, const struct opts *o, struct install *in, char cs[16],
    struct sink *k);
/* Each --key of o into in->keys, from sw, sys, or another hive of the volume v of s. */
void run_queries(struct stack *s, struct stack_volume *v, struct hive *sw, struct hive *sys, int sw_bad,
    int sys_bad, const char *cs, const struct opts *o, struct install *in, struct sink *k);

#endif
