/* SPDX-License-Identifier: MIT */
/* pass_facts.h: the main pass over an image's stack: what the disk is, and every installation the OS finders find. */
#ifndef HV_INSPECT_PASS_FACTS_H
#define HV_INSPECT_PASS_FACTS_H

#include "inspect/stack.h"
#include "report/report.h"

/* Keep the first error of the image in r; later ones become warnings. */
void pass_record(struct image_report *r, const struct err *e);
/*
 * The image, its partitions and each volume's installations into r, from s
 * as stack_open left it (opened: 0; failed: -1 with e its error).  Returns
 * 0 when the other passes may run over s, -1 when the image is no disk to
 * read (its error is in r).
 */
int pass_facts(struct stack *s, int opened, const struct err *e, const struct opts *o, struct image_report *r);

#endif
