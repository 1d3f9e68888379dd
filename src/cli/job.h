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
	int                   memory_mib; /* --memory-limit as applied (0: none of ours) */
	const struct run_info *run;       /* this run's provenance, put on every record */
};

/*
 * Before its record, a job's out says as each optional pass starts: one
 * line, JOB_PASS_MARK and the option ("\036--history\n"), so the batch can
 * give each pass its own --timeout and know which one a death was in.
 */
#define JOB_PASS_MARK '\036'
#define JOB_PASS_MARKS_MAX 64 /* bytes: at most three marks */
#define JOB_ROOM (1u << 20)   /* what a process must still be able to take after an optional pass */

/* Why each optional pass is left out: it died in an earlier run of the job (NULL: it runs). */
struct job_left_out {
	const char *cross_check, *history, *hash;
};

/*
 * Inspect path; write to out its pass marks and its record as one JSON
 * line (-o jsonl's: the batch reads it back and prints it in the run's
 * form, render.h), to err its diagnostics.  Returns the exit code for this
 * image: 0, 1 (a --require failed) or 3 (not inspected).  left (NULL: none
 * left out): the passes an earlier run of this job died in (crashed, was
 * killed, timed out); this one runs without them and the record says why.
 */
int job_one(const struct job *j, const char *path, const struct job_left_out *left, FILE *out, FILE *err);
/* The record of an image whose job died (crash, timeout), printed with rd: why says how.  Returns 3. */
int job_failed(const struct job *j, const char *path, const char *why, struct render *rd);

#endif
