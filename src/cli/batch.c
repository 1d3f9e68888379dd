/* SPDX-License-Identifier: MIT */
/*
 * batch.c: every image in its own process (sys.h: fork on POSIX, a child
 * process of this program on Windows), the records printed in input order.
 *
 * Design note.  libfsntfs and the container libraries parse untrusted
 * images in our address space; a bug in them on one hostile image must not
 * end a batch of a thousand.  So each image's job runs in a child process
 * that sends its record (one JSON line) and exits with its code.  The
 * parent keeps up to `jobs` children, gathers what they send, kills any
 * that outlive the timeout, turns a death or a timeout into that image's
 * error record, and prints the records in input order as soon as they are
 * complete, every one through render.h in the run's form.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/batch.h"
#include "report/json_mem.h"
#include "report/out.h"
#include "sys/sys.h"
#include "base/safe.h"
#include "base/strv.h"

/* What a child process runs: one image's job. */
struct child {
	const struct job *j;
	const char       *path;
	char              optional_died[300]; /* its run with the optional passes died so: run again without them */
	int               timed_out;
};

static int
run_child(void *arg, FILE *out, FILE *err)
{
	const struct child *c = arg;

	json_mem_private();
	return job_one(c->j, c->path, c->optional_died[0] ? c->optional_died : NULL, out, err);
}

/* Start c's job (Windows: the child's environment names its image, sys_start). */
static int
start(struct sys_proc *p, struct child *c)
{
	const char *env[5];
	int n = 0;

	env[n++] = SYS_ENV_CHILD;
	env[n++] = c->path;
	if (c->optional_died[0]) {
		env[n++] = SYS_ENV_OPTIONAL_DIED;
		env[n++] = c->optional_died;
	}
	env[n] = NULL;
	/* what a child may send is bounded: a record (out_jsonl keeps to it) and its messages */
	p->out.max = REPORT_MAX_RECORD + 1;
	p->err.max = BATCH_MESSAGES_MAX;
	return sys_start(p, run_child, c, env);
}

/*
 * A job with --cross-check or --history that died (crashed, was killed,
 * ran out of memory or out of --timeout): the optional pass may be what a
 * hostile source broke (libyal's stack, an old hive state, a shadow copy),
 * and it must not cost the image's record.  Start it once more without
 * their costly parts, which the record then says; 1 when restarted.
 */
static int
retry(const struct job *j, struct sys_proc *x, struct child *c)
{
	const char *what = j->o.cross_check && j->o.history ? "--cross-check and --history" :
	    j->o.cross_check ? "--cross-check" : "--history";
	char why[sizeof x->why];

	if (!(j->o.cross_check || j->o.history) || c->optional_died[0] || x->why[0] == '\0')
		return 0;
	snprintf(why, sizeof why, "%s", x->why);
	snprintf(c->optional_died, sizeof c->optional_died, "the inspection with %s %s; inspected again "
	    "without %s", what, why, j->o.cross_check && j->o.history ? "them" : "it");
	c->timed_out = 0;
	free(x->out.buf);
	free(x->err.buf);
	memset(x, 0, sizeof *x);
	if (start(x, c) == 0)
		return 1;
	snprintf(x->why, sizeof x->why, "%s", why);
	x->ended = 1;
	return 0;
}

/* Bytes of the records of images [from, to) held until their turn to print. */
static size_t
held(const struct sys_proc *s, int from, int to)
{
	size_t b = 0;
	int i;

	for (i = from; i < to; i++)
		b += s[i].out.len + s[i].err.len;
	return b;
}

/* A job that could not run or was killed: its record says why (formatted in the parent). */
static void
failed(struct sys_proc *p, const char *why)
{
	snprintf(p->why, sizeof p->why, "%s", why);
	p->ended = 1;
}

/* On a terminal only: done/total, rate, ETA, the image being printed (escaped: a file name is data). */
static void
progress(int done, int n, double t0, const char *path)
{
	double el = sys_now() - t0, rate = el > 0 ? done / el : 0;
	char name[64], *esc = safe_dup(path, 0);

	snprintf(name, sizeof name, "%.60s", esc ? esc : "?");
	free(esc);
	fprintf(stderr, "\r\033[K[%d/%d] %.1f images/s, ETA %.0f s  %s", done, n, rate,
	    rate > 0 ? (n - done) / rate : 0.0, name);
	fflush(stderr);
}


/*
 * The child's record, its one JSON line, read back and printed in the run's
 * form (render.h).  A record that does not read back is the image's error.
 * Returns the image's exit code: the child's, or worse if its record says so.
 */
static int
print_record(const struct job *j, const struct sys_proc *x, const char *path, struct render *rd)
{
	struct err e ERR_AUTO = ERR_INIT;
	int code;

	if ((code = render_json(rd, x->out.buf ? x->out.buf : "", x->out.len, &e)) < 0) {
		char *why = str_printf("its record could not be read back: %s", err_msg(&e));
		code = job_failed(j, path, why ? why : "its record could not be read back (out of memory)", rd);
		free(why);
		err_clear(&e);
		return code;
	}
	return x->code == 3 || code == 3 ? 3 : x->code == 1 || code == 1 ? 1 : x->code;
}

int
batch_run(const struct job *j, char *const *paths, int n, int jobs, int timeout)
{
	struct render rd;
	int tty = !j->quiet && sys_stderr_tty();
	double t0 = sys_now();
	struct sys_proc *s = calloc((size_t)n, sizeof *s), **run = calloc((size_t)jobs, sizeof *run);
	struct child *cs = calloc((size_t)n, sizeof *cs);
	int next = 0, running = 0, printed = 0, i, rc = 0;

	if (s == NULL || run == NULL || cs == NULL) {
		fprintf(stderr, "hvinspect: out of memory\n");
		free(s);
		free(run);
		free(cs);
		return 3;
	}
	render_start(&rd, j->em, stdout);
	/* the records read back here cost the children no copy-on-write (json_mem.h); reserved, touched as records reach */
	json_mem_shared(sys_shared_alloc(BATCH_RECORD_MEM), BATCH_RECORD_MEM);
	while (printed < n) {
		int wait_ms = -1;
		double t = sys_now();

		/*
		 * Records print in input order: while the oldest image is still
		 * running, the ones after it wait in memory.  Bounded: no image
		 * starts more than BATCH_AHEAD times -j past the oldest not
		 * printed, nor while the records held reach BATCH_HELD_MAX.
		 */
		while (running < jobs && next < n && next - printed < BATCH_AHEAD * jobs &&
		    held(s, printed, next) < BATCH_HELD_MAX) {
			cs[next].j = j;
			cs[next].path = paths[next];
			if (start(&s[next], &cs[next]) == 0) {
				run[running++] = &s[next++];
				continue;
			}
			/* out of descriptors or processes: wait for a running child to free its own */
			if (running > 0)
				break;
			failed(&s[next++], "cannot start a process for it");
		}
		for (i = 0; timeout > 0 && i < running; i++) {
			int left = (int)((run[i]->start + timeout - t) * 1000);
			if (left < 0)
				left = 0;
			if (wait_ms < 0 || left < wait_ms)
				wait_ms = left;
		}
		if (running > 0)
			sys_wait(run, running, wait_ms);
		for (i = 0; i < running; i++) {
			struct sys_proc *x = run[i];
			if (!x->ended && timeout > 0 && sys_now() - x->start >= timeout) {
				char why[64];
				sys_kill(x);
				snprintf(why, sizeof why, "timed out after %d s: killed", timeout);
				failed(x, why);
				cs[x - s].timed_out = 1;
			}
			if (x->ended && retry(j, x, &cs[x - s]))
				continue;
			if (x->ended) {
				if (x->why[0] == '\0' && x->code != 0 && x->code != 1 && x->code != 3)
					x->code = 3;
				run[i--] = run[--running];
			}
		}
		/*
		 * Print, in input order, every record that is complete: first what
		 * the child said on stderr (never in the middle of the progress
		 * line: it is cleared first), then the record.
		 */
		while (printed < n && s[printed].ended) {
			struct sys_proc *x = &s[printed];
			if (tty)
				fputs("\r\033[K", stderr);
			if (x->err.len)
				fwrite(x->err.buf, 1, x->err.len, stderr);
			if (x->err.over)
				fprintf(stderr, "\nhvinspect: (the messages of one image cut at %u KiB)\n", BATCH_MESSAGES_MAX >> 10);
			if (x->why[0] != '\0') {
				char *esc = safe_dup(paths[printed], 0);
				fprintf(stderr, "hvinspect: %s: %s\n", esc ? esc : "?", x->why);
				free(esc);
				x->code = job_failed(j, paths[printed], x->why, &rd);
			} else if (x->out.over) {
				x->code = job_failed(j, paths[printed], "its record is over the size a record may hold: not kept", &rd);
			} else {
				x->code = print_record(j, x, paths[printed], &rd);
			}
			if (x->code == 3 || (x->code == 1 && rc == 0))
				rc = x->code;
			json_mem_reset();
			free(x->out.buf);
			free(x->err.buf);
			x->out.buf = x->err.buf = NULL;
			printed++;
			if (!render_out_ok()) {
				rc = EXIT_OUTPUT;
				goto out;
			}
			if (tty && printed < n)
				progress(printed, n, t0, paths[printed]);
		}
	}
	if (tty)
		fputs("\r\033[K", stderr);
	render_finish(&rd);
	json_mem_private();
	if (!render_out_ok())
		rc = EXIT_OUTPUT;
out:
	for (i = 0; i < running; i++)
		sys_kill(run[i]);
	for (i = 0; i < n; i++) {
		free(s[i].out.buf);
		free(s[i].err.buf);
	}
	if (tty && rc == EXIT_OUTPUT)
		fputs("\r\033[K", stderr);
	free(s);
	free(run);
	free(cs);
	return rc;
}
