/* SPDX-License-Identifier: MIT */
/* run.h: the pipeline for one image (or one bare hive): opens every layer in order, owns them. */
#ifndef HV_RUN_H
#define HV_RUN_H

#include "img/img.h"
#include "reg/query.h"
#include "report/report.h"

struct opts {
	struct image_opts img;              /* --parent-dir */
	int         no_replay;              /* --no-log-replay */
	int         assume_major, assume_minor; /* --assume-host X.Y; -1 when not given */
	const char *keys[QUERY_MAX_KEYS];   /* --key, as given */
	size_t      nkeys;
	int         cross_check;            /* --cross-check */
	const char *cross_check_failed;     /* set: its earlier run died (why); run without it, say so */
};

/*
 * Inspect the image at path into r (which the caller frees with
 * report_free).  Never fails as a whole: what could not be read is in
 * r->error (the first failure, as one line) and r->warnings; the rest of
 * the image is still inspected where that is safe.
 */
void run_image(const char *path, const struct opts *o, struct image_report *r);
/* The same for a bare hive file (--hive); its logs are looked for beside it. */
void run_hive(const char *path, const struct opts *o, struct image_report *r);

#endif
