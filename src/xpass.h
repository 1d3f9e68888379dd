/* SPDX-License-Identifier: MIT */
/* xpass.h: --cross-check, the pipeline's second pass through the libyal stack (xpass.c). */
#ifndef HV_XPASS_H
#define HV_XPASS_H

#include "hstack.h"
#include "report/report.h"
#include "vs/part.h"

/* Each installation of r (found on the partitions of t) read again and compared into its xc. */
void xpass_image(const char *path, const struct opts *o, const struct part_table *t, struct image_report *r);
/* --hive: the hive of s (open) read again by libregf, every key compared into r->xc. */
void xpass_hive(struct hstack *s, const struct opts *o, struct image_report *r);

#endif
