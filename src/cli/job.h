/* SPDX-License-Identifier: MIT */
/* job.h: one image, start to finish: inspect, judge the gates, print its record. */
#ifndef HV_JOB_H
#define HV_JOB_H

#include <stdio.h>

#include "cli/gate.h"
#include "run.h"

enum { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_CSV };

struct job {
	struct opts o;
	struct gate gates[GATE_MAX];
	size_t      ngates;
	int         fmt, hive, verbose, quiet;
};

/* In text mode a job's output starts with this line for batch.c's summary (never printed). */
#define JOB_STATS_MARK '\036'


/*
 * Inspect path and print its record to out in j->fmt (json: one object, no
 * array around it; csv: rows, no header), diagnostics to err.  Returns the
 * exit code for this image: 0, 1 (a --require failed) or 3 (not inspected).
 */
int job_one(const struct job *j, const char *path, FILE *out, FILE *err);
/* The record of an image whose job died (crash, timeout): why says how.  Returns 3. */
int job_failed(const struct job *j, const char *path, const char *why, FILE *out);

#endif
