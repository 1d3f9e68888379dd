/* SPDX-License-Identifier: MIT */
/* hpass.h: --history, the pipeline's pass over every place an older host may still be recorded (hpass.c). */
#ifndef HV_HPASS_H
#define HV_HPASS_H

#include "hstack.h"
#include "img/img.h"
#include "report/report.h"
#include "vs/part.h"

/* The sources on the installation's own volume vol (NTFS n, its SOFTWARE stack sw): into in->hist. */
void hpass_volume(struct reader *vol, struct ntfs *n, const struct hstack *sw, const struct opts *o,
    struct install *in);
/* Each parent level of the image's chain (info), read as that level's own disk: into every installation. */
void hpass_chain(const struct image_info *info, const struct opts *o, struct image_report *r);
/* Time order, merging, the hosts seen: each installation's history finished. */
void hpass_finish(struct image_report *r);

#endif
