/* SPDX-License-Identifier: MIT */
/* pass_cross_check.h: --cross-check, the pass that reads every reported fact again through the libyal stack. */
#ifndef HV_INSPECT_PASS_CROSS_CHECK_H
#define HV_INSPECT_PASS_CROSS_CHECK_H

#include "inspect/stack.h"
#include "report/report.h"

/* Each installation of r (found on ours, the main pass's stack) read again and compared into its xc. */
void pass_cross_check(struct stack *ours, const struct opts *o, struct image_report *r);
/* --hive: the hive of s (open) read again by libregf, every key compared into r->xc. */
void pass_cross_check_hive(struct hive_stack *s, const struct opts *o, struct image_report *r);

#endif
