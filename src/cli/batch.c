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
 *
 * The optional passes (--cross-check, --history) read what the user did not
 * ask about (libyal's stack, old hive states, shadow copies): the child says
 * as each starts (job.h's pass marks), each gets a --timeout of its own, and
 * a child that dies in one (crash, kill, timeout, out of memory) is run
 * again without that pass: the record keeps every fact and says why.
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

/* The optional passes, as job.h's marks name them; a child is run again without the one it died in. */
static const char *const optional[3] = {"--cross-check", "--history", "--hash"};
#define NOPTIONAL (sizeof optional / sizeof optional[0])

/* What a child process runs: one image's job. */
struct child {
	const struct job *j;
	const char       *path;
	char              left[NOPTIONAL][300]; /* why optional[k] is left out: it died in an earlier run ("": it runs) */
	int               pass;         /* the optional pass it said it started (optional[pass]), -1: the main one */
	size_t            marks;        /* the bytes of pass marks at the start of its output */
	double            since;        /* when its current pass started: each has its own --timeout */
};

static int
run_child(void *arg, FILE *out, FILE *err)
{
	const struct child *c = arg;
	struct job_left_out left = {c->left[0][0] ? c->left[0] : NULL, c->left[1][0] ? c->left[1] : NULL,
	    c->left[2][0] ? c->left[2] : NULL};

	json_mem_private();
	return job_one(c->j, c->path, &left, out, err);
}

/* Start c's job (Windows: the child's environment names its image, sys_start). */
static int
start(struct sys_proc *p, struct child *c)
{
	static const char *const names[NOPTIONAL] = {SYS_ENV_CROSS_CHECK_LEFT_OUT, SYS_ENV_HISTORY_LEFT_OUT,
	    SYS_ENV_HASH_LEFT_OUT};
	const char *env[3 + 2 * NOPTIONAL];
	size_t k;
	int n = 0;

	env[n++] = SYS_ENV_CHILD;
	env[n++] = c->path;
	for (k = 0; k < NOPTIONAL; k++)
		if (c->left[k][0]) {
			env[n++] = names[k];
			env[n++] = c->left[k];
		}
	env[n] = NULL;
	/* what a child may send is bounded: its pass marks and a record (out_jsonl keeps to it), its messages */
	p->out.max = JOB_PASS_MARKS_MAX + REPORT_MAX_RECORD + 1;
	p->err.max = BATCH_MESSAGES_MAX;
	c->pass = -1;
	c->marks = 0;
	if (sys_start(p, run_child, c, env) != 0)
		return -1;
	c->since = p->start;
	return 0;
}

/* The pass marks x sent since last looked (job.h): the pass it names starts its own --timeout. */
static void
read_marks(const struct sys_proc *x, struct child *c)
{
	while (c->marks < x->out.len && x->out.buf[c->marks] == JOB_PASS_MARK && c->marks < JOB_PASS_MARKS_MAX) {
		const char *s = x->out.buf + c->marks + 1, *nl = memchr(s, '\n', x->out.len - c->marks - 1);
		int k;
		if (nl == NULL)
			return; /* the rest of the line comes later */
		for (k = 0; k < (int)NOPTIONAL; k++)
			if ((size_t)(nl - s) == strlen(optional[k]) && memcmp(s, optional[k], (size_t)(nl - s)) == 0)
				c->pass = k;
		c->marks = (size_t)(nl + 1 - x->out.buf);
		c->since = sys_now();
	}
}

/*
 * A job that died (crashed, was killed, ran out of memory or out of its
 * --timeout) in an optional pass: that pass may be what a hostile source
 * broke (libyal's stack, an old hive state, a shadow copy), and it must not
 * cost the image's record.  Start it once more without that pass, which
 * the record then says; 1 when restarted.  A death in the main pass is the
 * image's error, as without the options.
 */
static int
retry(struct sys_proc *x, struct child *c)
{
	char why[sizeof x->why];
	int k = c->pass;

	if (k < 0 || c->left[k][0] || x->why[0] == '\0')
		return 0;
	snprintf(why, sizeof why, "%s", x->why);
	snprintf(c->left[k], sizeof c->left[k], "the %s pass %s; inspected again without it", optional[k], why);
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
print_record(const struct job *j, const struct sys_proc *x, const struct child *c, struct render *rd)
{
	struct err e ERR_AUTO = ERR_INIT;
	const char *path = c->path;
	int code;

	if ((code = render_json(rd, x->out.buf ? x->out.buf + c->marks : "", x->out.len - c->marks, &e)) < 0) {
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
	/*
	 * Text on the terminal that shows stderr too: a child's messages (its
	 * error, its failed gates) are in its record already; said once, there
	 * (-v keeps them: the backtraces are only on stderr).
	 */
	int echo = !(j->em == &emit_text && !j->verbose && sys_one_screen());
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
	rd.run = j->run;
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
			int left = (int)((cs[run[i] - s].since + timeout - t) * 1000);
			if (left < 0)
				left = 0;
			if (wait_ms < 0 || left < wait_ms)
				wait_ms = left;
		}
		if (running > 0)
			sys_wait(run, running, wait_ms);
		for (i = 0; i < running; i++) {
			struct sys_proc *x = run[i];
			struct child *c = &cs[x - s];
			read_marks(x, c);
			if (!x->ended && timeout > 0 && sys_now() - c->since >= timeout) {
				char why[64];
				sys_kill(x);
				snprintf(why, sizeof why, "timed out after %d s: killed", timeout);
				failed(x, why);
			}
			if (x->ended && retry(x, c))
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
			if (x->err.len && echo)
				fwrite(x->err.buf, 1, x->err.len, stderr);
			if (x->err.over)
				fprintf(stderr, "\nhvinspect: (the messages of one image cut at %u KiB)\n", BATCH_MESSAGES_MAX >> 10);
			if (x->why[0] != '\0') {
				char *esc = safe_dup(paths[printed], 0);
				if (echo)
					fprintf(stderr, "hvinspect: %s: %s\n", esc ? esc : "?", x->why);
				free(esc);
				x->code = job_failed(j, paths[printed], x->why, &rd);
			} else if (x->out.over) {
				x->code = job_failed(j, paths[printed], "its record is over the size a record may hold: not kept", &rd);
			} else {
				read_marks(x, &cs[printed]);
				x->code = print_record(j, x, &cs[printed], &rd);
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
