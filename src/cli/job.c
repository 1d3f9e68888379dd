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

/* Where a job says its passes. */
struct marks {
	FILE *out;
	int   starved; /* an optional pass ended with no room left */
};

/* Is there room left in this process (its --memory-limit)? */
static int
room_left(void)
{
	void *p = malloc(JOB_ROOM);

	free(p);
	return p != NULL;
}

/*
 * An optional pass starts: said on out, before the record (job.h).  One
 * ends: if it left no room (a hostile source's tables held, a leak), what
 * it recorded may be short of what it could not even note: no other pass
 * runs, and no record goes out (the batch runs the job again without it).
 */
static int
on_pass(void *ctx, const char *pass)
{
	struct marks *m = ctx;

	if (pass == NULL)
		return m->starved = !room_left();
	fprintf(m->out, "%c%s\n", JOB_PASS_MARK, pass);
	fflush(m->out);
	return 0;
}

int
job_one(const struct job *j, const char *path, const struct job_left_out *left, FILE *out, FILE *err)
{
	struct opts o = j->o;
	struct marks m = {out, 0};
	struct image_report r;
	int code = 0;
	size_t k;

	o.cross_check_failed = left ? left->cross_check : NULL;
	o.history_failed = left ? left->history : NULL;
	o.hash_failed = left ? left->hash : NULL;
	o.pass_event = on_pass;
	o.pass_ctx = &m;
	if (j->hive)
		inspect_hive(path, &o, &r);
	else
		inspect_image(path, &o, &r);
	/* out of memory after an optional pass: no record; the batch runs it again without that pass */
	if (m.starved) {
		report_free(&r);
		return SYS_EXIT_NO_MEMORY;
	}
	/* out of memory within our budget: the error says which budget */
	if (r.error != NULL && j->memory_mib > 0 && strstr(r.error, "out of memory") != NULL) {
		char *more = str_printf("%s (this image's process may take --memory-limit %d MiB)", r.error, j->memory_mib);
		if (more != NULL) {
			free(r.error);
			r.error = more;
		}
	}
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
	/*
	 * The record goes to the batch as one JSON line; the batch prints it in
	 * the run's form.  None for lack of memory: the batch is told so (and
	 * runs the job again without the optional pass it was in, batch.c).
	 */
	switch (out_jsonl(out, &r, j->o.nkeys > 0)) {
	case 0:
		break;
	case OUT_OVER:
		diag(err, "%s: its record is over the %u MiB a record may hold: not kept", path, REPORT_MAX_RECORD >> 20);
		code = 3;
		break;
	default:
		if (ferror(out)) {
			diag(err, "%s: its record could not be written", path);
			code = 3;
		} else {
			code = SYS_EXIT_NO_MEMORY;
		}
		break;
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
