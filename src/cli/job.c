/* SPDX-License-Identifier: MIT */
/*
 * job.c: one image's job, as batch.c runs it in its own process (the test
 * build makes it crash or hang on demand: tests/faults/faults.c).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/job.h"
#include "report/out.h"
#include "base/safe.h"
#include "base/strv.h"
#include "sys/sys.h"

#define PROG "hvinspect"

/* One diagnostic line on err: "hvinspect: " and the text, escaped (it quotes the image). */
static void
diag(FILE *err, const char *fmt, ...)
{
	char *line, *esc;
	va_list ap;

	va_start(ap, fmt);
	line = str_vprintf(fmt, ap); /* at its length: it may quote a hostile path whole */
	va_end(ap);
	esc = line != NULL ? safe_dup(line, 0) : NULL;
	fprintf(err, PROG ": %s\n", esc ? esc : "(out of memory)");
	free(esc);
	free(line);
}

/* An optional pass starts: said on out, before the record (job.h). */
static void
mark_pass(void *ctx, const char *pass)
{
	FILE *out = ctx;

	fprintf(out, "%c%s\n", JOB_PASS_MARK, pass);
	fflush(out);
}

int
job_one(const struct job *j, const char *path, const struct job_left_out *left, FILE *out, FILE *err)
{
	struct opts o = j->o;
	struct image_report r;
	int code = 0;
	size_t k;

	o.cross_check_failed = left ? left->cross_check : NULL;
	o.history_failed = left ? left->history : NULL;
	o.pass_start = mark_pass;
	o.pass_ctx = out;
	if (j->hive)
		inspect_hive(path, &o, &r);
	else
		inspect_image(path, &o, &r);
	if (r.error != NULL) {
		diag(err, "%s", r.error);
		if (j->verbose && r.trace) {
			char *esc = safe_dup(r.trace, 0);
			/* a backtrace is lines of its own: each line escaped, the line breaks kept */
			for (char *l = esc, *nl; l != NULL && *l; l = nl) {
				if ((nl = strstr(l, "\\x0a")) != NULL) {
					*nl = '\0';
					nl += 4;
				}
				fprintf(err, "%s\n", l);
				if (nl == NULL)
					break;
			}
			free(esc);
		}
		code = 3;
	}
	/* Gates judge what was read; an image that could not be read is exit 3 already. */
	if (j->ngates > 0 && !j->hive && r.error == NULL) {
		if (gate_eval(j->gates, j->ngates, &r) != 0)
			code = 1;
		for (k = 0; k < r.ngates; k++)
			if (!r.gates[k].passed)
				diag(err, "%s: --require %s failed: %s", path, r.gates[k].rule, r.gates[k].why);
	}
	/* The record goes to the batch as one JSON line; the batch prints it in the run's form. */
	if (out_jsonl(out, &r, j->o.nkeys > 0) != 0) {
		diag(err, "%s: its record could not be kept whole (over %u MiB, or out of memory)", path,
		    REPORT_MAX_RECORD >> 20);
		code = 3;
	}
	report_free(&r);
	return code;
}

int
job_failed(const struct job *j, const char *path, const char *why, struct render *rd)
{
	struct image_report r;

	memset(&r, 0, sizeof r);
	r.path = path;
	r.is_hive = j->hive;
	if ((r.error = malloc(strlen(path) + strlen(why) + 3)) != NULL)
		sprintf(r.error, "%s: %s", path, why);
	render_report(rd, &r, j->o.nkeys > 0, 3);
	free(r.error);
	return 3;
}
