/* SPDX-License-Identifier: MIT */
/* pass_history.h: --history, the pass over every place an older host may still be recorded (pass_history.c). */
#ifndef HV_INSPECT_PASS_HISTORY_H
#define HV_INSPECT_PASS_HISTORY_H

#include "inspect/stack.h"
#include "report/report.h"

/*
 * Each installation of r (found on s by the main pass): the sources on its
 * own volume, then each parent level of the image's chain read as its own
 * disk, then time order, merging, the hosts seen: into its hist.
 */
void pass_history(struct stack *s, const struct opts *o, struct image_report *r);

#endif
