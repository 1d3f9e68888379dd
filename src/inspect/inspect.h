/* SPDX-License-Identifier: MIT */
/*
 * inspect.h: the pipeline for one image (or one bare hive): its stack
 * opened once, the passes run over it, the stack closed in reverse.
 */
#ifndef HV_INSPECT_H
#define HV_INSPECT_H

#include "inspect/options.h"
#include "report/report.h"

/*
 * Inspect the image at path into r (which the caller frees with
 * report_free).  Never fails as a whole: what could not be read is in
 * r->error (the first failure, as one line) and r->warnings; the rest of
 * the image is still inspected where that is safe.
 */
void inspect_image(const char *path, const struct opts *o, struct image_report *r);
/* The same for a bare hive file (--hive); its logs are looked for beside it. */
void inspect_hive(const char *path, const struct opts *o, struct image_report *r);

#endif
