/* SPDX-License-Identifier: MIT */
/* job.h: one image, start to finish: inspect, judge the gates, print its record. */
#ifndef HV_JOB_H
#define HV_JOB_H

#include <stdio.h>

#include "cli/gate.h"
#include "report/out.h"
#include "inspect/inspect.h"

struct job {
	struct opts           o;
	struct gate           gates[GATE_MAX];
	size_t                ngates;
	const struct emitter *em;    /* the output format */
	int                   hive, verbose, quiet;
};

/*
 * Inspect path; write to out this image's summary counts (SUMMARY_WIRE
 * bytes: data for the batch's summary, never printed) and then its record
 * (j->em's record: one JSON object, CSV rows, text; no framing), to err its
 * diagnostics.  Returns the exit code for this image: 0, 1 (a --require
 * failed) or 3 (not inspected).  xc_died: an earlier run of this job with
 * --cross-check died so; this one runs without it and the record says why.
 */
int job_one(const struct job *j, const char *path, const char *xc_died, FILE *out, FILE *err);
/* The record of an image whose job died (crash, timeout): why says how; counted into s.  Returns 3. */
int job_failed(const struct job *j, const char *path, const char *why, FILE *out, struct summary *s);

#endif
