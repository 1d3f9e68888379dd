/* SPDX-License-Identifier: MIT */
/*
 * batch.c: process isolation (POSIX: fork, pipe, poll).  The only file that
 * knows about processes.
 *
 * Design note.  libfsntfs and libregf parse untrusted images in our address
 * space; a bug in them on one hostile image must not end a batch of a
 * thousand.  So each image's job runs in a child process that prints its
 * record into a pipe and exits with its code.  The parent keeps up to
 * `jobs` children, reads their pipes, kills any that outlive the timeout,
 * turns a death by signal or a timeout into that image's error record, and
 * prints the records in input order as soon as they are complete.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "out.h"

struct slot {
	pid_t  pid;
	int    fd;
	char  *buf;
	size_t len, cap;
	int    state;             /* 0 waiting, 1 running, 2 done */
	int    code;
	double start;
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
append(struct slot *s, const char *p, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = (s->len + n + 1) * 2;
		char *b = realloc(s->buf, cap);
		if (b == NULL)
			return;
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

/* The record of a job that died, formatted by the parent. */
static void
failed(const struct job *j, const char *path, struct slot *s, const char *why)
{
	char *mem = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&mem, &n);

	s->len = 0;
	if (f != NULL) {
		job_failed(j, path, why, f);
		fclose(f);
		append(s, mem, n);
		free(mem);
	}
	fprintf(stderr, "hvinspect: %s: %s\n", path, why);
	s->code = 3;
}

static int
start(const struct job *j, const char *path, struct slot *s)
{
	int p[2];

	if (pipe(p) != 0)
		return -1;
	fflush(NULL); /* nothing buffered may be printed twice */
	if ((s->pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (s->pid == 0) {
		FILE *out = fdopen(p[1], "w");
		int code;
		close(p[0]);
		code = out ? job_one(j, path, out, stderr) : 3;
		if (out == NULL || fclose(out) != 0)
			code = 3;
		exit(code); /* exit, not _exit: sanitizers check leaks at exit */
	}
	close(p[1]);
	s->fd = p[0];
	s->state = 1;
	s->start = now();
	return 0;
}

static void
reap(const struct job *j, const char *path, struct slot *s, int timed_out, int timeout)
{
	int st = 0;
	char why[96];

	if (timed_out)
		kill(s->pid, SIGKILL);
	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	close(s->fd);
	s->state = 2;
	if (timed_out) {
		snprintf(why, sizeof why, "timed out after %d s: killed", timeout);
		failed(j, path, s, why);
	} else if (WIFSIGNALED(st)) {
		snprintf(why, sizeof why, "crashed (signal %d, %s) while being inspected: contained",
		    WTERMSIG(st), strsignal(WTERMSIG(st)));
		failed(j, path, s, why);
	} else if (!WIFEXITED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 1 && WEXITSTATUS(st) != 3)) {
		/* Not one of ours: an abort inside a library, a sanitizer, exit() from a dependency. */
		snprintf(why, sizeof why, "its inspection stopped with exit status %d: contained",
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		failed(j, path, s, why);
	} else {
		s->code = WEXITSTATUS(st);
	}
}

/* The summary line a text job starts with: take it out, add it up. */
static void
stats(struct slot *x, long sum[7])
{
	long v[7];
	char *nl;
	int i;

	if (x->len == 0 || x->buf[0] != JOB_STATS_MARK || (nl = strchr(x->buf, '\n')) == NULL)
		return;
	if (sscanf(x->buf + 1, "S %ld %ld %ld %ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]) == 7)
		for (i = 0; i < 7; i++)
			sum[i] += v[i];
	x->len -= (size_t)(nl + 1 - x->buf);
	memmove(x->buf, nl + 1, x->len + 1);
}

/* On a terminal only: done/total, rate, ETA, the image being printed. */
static void
progress(int done, int n, double t0, const char *path)
{
	double el = now() - t0, rate = el > 0 ? done / el : 0;

	fprintf(stderr, "\r\033[K[%d/%d] %.1f images/s, ETA %.0f s  %.60s", done, n, rate,
	    rate > 0 ? (n - done) / rate : 0.0, path);
	fflush(stderr);
}

int
batch_run(const struct job *j, char *const *paths, int n, int jobs, int timeout)
{
	long sum[7] = {0, 0, 0, 0, 0, 0, 0}, errors = 0;
	int tty = !j->quiet && isatty(2);
	double t0 = now();
	struct slot *s = calloc((size_t)n, sizeof *s);
	struct pollfd *pf = calloc((size_t)jobs, sizeof *pf);
	int *who = calloc((size_t)jobs, sizeof *who);
	int next = 0, running = 0, printed = 0, i, rc = 0;

	if (s == NULL || pf == NULL || who == NULL) {
		fprintf(stderr, "hvinspect: out of memory\n");
		free(s);
		free(pf);
		free(who);
		return 3;
	}
	if (j->fmt == OUT_CSV)
		out_csv_header(stdout);
	if (j->fmt == OUT_JSON)
		fputs("[\n", stdout);
	while (printed < n) {
		int np = 0, wait_ms = -1;
		double t = now();

		while (running < jobs && next < n) {
			if (start(j, paths[next], &s[next]) != 0) {
				failed(j, paths[next], &s[next], "cannot start a process for it");
				s[next].state = 2;
			} else {
				running++;
			}
			next++;
		}
		for (i = 0; i < n && np < jobs; i++) {
			if (s[i].state != 1)
				continue;
			if (timeout > 0) {
				int left = (int)((s[i].start + timeout - t) * 1000);
				if (left < 0)
					left = 0;
				if (wait_ms < 0 || left < wait_ms)
					wait_ms = left;
			}
			pf[np].fd = s[i].fd;
			pf[np].events = POLLIN;
			who[np++] = i;
		}
		if (np > 0 && poll(pf, (nfds_t)np, wait_ms) < 0 && errno != EINTR)
			break;
		for (i = 0; i < np; i++) {
			struct slot *x = &s[who[i]];
			if (pf[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				char b[65536];
				ssize_t r = read(x->fd, b, sizeof b);
				if (r > 0)
					append(x, b, (size_t)r);
				else if (r == 0 || errno != EINTR) {
					reap(j, paths[who[i]], x, 0, timeout);
					running--;
				}
			} else if (timeout > 0 && now() - x->start >= timeout) {
				reap(j, paths[who[i]], x, 1, timeout);
				running--;
			}
		}
		/* Print, in input order, every record that is complete. */
		while (printed < n && s[printed].state == 2) {
			struct slot *x = &s[printed];
			if (j->fmt == OUT_TEXT)
				stats(x, sum);
			if (tty)
				fputs("\r\033[K", stderr);
			if (j->fmt == OUT_JSON && printed > 0)
				fputs(",\n", stdout);
			else if (j->fmt == OUT_TEXT && printed > 0)
				fputc('\n', stdout);
			if (x->len)
				fwrite(x->buf, 1, x->len, stdout);
			fflush(stdout);
			if (x->code == 3 || (x->code == 1 && rc == 0))
				rc = x->code;
			errors += x->code == 3;
			free(x->buf);
			x->buf = NULL;
			printed++;
			if (tty && printed < n)
				progress(printed, n, t0, paths[printed]);
		}
	}
	if (tty)
		fputs("\r\033[K", stderr);
	if (j->fmt == OUT_TEXT && n > 1)
		printf("\n%d images, %ld Windows installations; KVP: %ld active, %ld disabled, %ld never ran; "
		    "IC update offered: %ld, not offered: %ld, unknown: %ld; %ld image%s not inspected\n",
		    n, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], errors, errors == 1 ? "" : "s");
	if (j->fmt == OUT_JSON)
		fputs("\n]\n", stdout);
	free(s);
	free(pf);
	free(who);
	return rc;
}
