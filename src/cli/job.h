/* SPDX-License-Identifier: MIT */
/* job.h: one image, start to finish: inspect, judge the gates, print its record. */
#ifndef HV_JOB_H
#define HV_JOB_H

#include <stdio.h>

#include "cli/gate.h"
#include "cli/render.h"
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
 * Inspect path; write to out its record as one JSON line (-o jsonl's: the
 * batch reads it back and prints it in the run's form, render.h), to err
 * its diagnostics.  Returns the exit code for this image: 0, 1 (a --require
 * failed) or 3 (not inspected).  optional_died: an earlier run of this job
 * with --cross-check or --history died so (crashed, was killed, timed out);
 * this one runs without their costly parts and the record says why.
 */
int job_one(const struct job *j, const char *path, const char *optional_died, FILE *out, FILE *err);
/* The record of an image whose job died (crash, timeout), printed with rd: why says how.  Returns 3. */
int job_failed(const struct job *j, const char *path, const char *why, struct render *rd);

#endif
