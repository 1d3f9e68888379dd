/* SPDX-License-Identifier: MIT */
/*
 * plat_posix.c: plat.h on POSIX.  A child is a fork that runs job_one and
 * prints its record into a pipe; poll gathers what children print; a child
 * is reaped when its pipe closes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sys/sys.h"

#ifdef __linux__
#include <sys/prctl.h>
#else
#include <pthread.h>
#endif

struct sys {
	pid_t pid;
	int   fd[2];  /* its stdout (the record) and its stderr (its diagnostics); -1 once closed */
};

void plat_init(int argc, char **argv) { (void)argc; (void)argv; }

double
plat_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int plat_stderr_tty(void) { return isatty(2); }

const char *plat_last_sep(const char *path) { return strrchr(path, '/'); }

int
plat_file_id(const char *path, struct plat_id *id)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	id->dev = (uint64_t)st.st_dev;
	id->ino = (uint64_t)st.st_ino;
	return 0;
}

int
plat_is_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	return S_ISREG(st.st_mode) || S_ISBLK(st.st_mode);
}

const char *
plat_native_path(const char *path, char *buf, size_t cap)
{
	(void)buf;
	(void)cap;
	return path;
}

int
plat_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4096 ? 4096 : (int)n;
}

/*
 * The child dies with its parent: whatever ends the parent (SIGKILL, a CI
 * runner's timeout, a closed terminal), no child keeps running, holding the
 * caller's pipes.  Linux: PR_SET_PDEATHSIG, then a check that the parent
 * that forked us is still the one (it may have died before the prctl).
 * Elsewhere: a thread that notices the parent has gone.
 */
#ifndef __linux__
static void *
watch_parent(void *arg)
{
	pid_t parent = *(pid_t *)arg;

	while (getppid() == parent)
		sleep(1);
	_exit(3);
	return NULL;
}
#endif

static void
die_with(pid_t parent)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#else
	static pid_t p;
	pthread_t t;

	p = parent;
	if (pthread_create(&t, NULL, watch_parent, &p) == 0)
		pthread_detach(t);
#endif
	if (getppid() != parent)
		_exit(3);
}

int
plat_start(struct proc *p, plat_child_fn fn, void *arg, const char *child_arg)
{
	struct sys *s = calloc(1, sizeof *s);
	pid_t parent = getpid();
	int out[2], err[2];

	(void)child_arg; /* fork: the child runs fn itself */
	if (s == NULL || pipe(out) != 0) {
		free(s);
		return -1;
	}
	if (pipe(err) != 0) {
		close(out[0]);
		close(out[1]);
		free(s);
		return -1;
	}
	fflush(NULL); /* nothing buffered may be printed twice */
	if ((s->pid = fork()) < 0) {
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		free(s);
		return -1;
	}
	if (s->pid == 0) {
		FILE *o, *ef;
		int code;
		die_with(parent);
		free(s); /* the parent's bookkeeping: the child's exit checks for leaks */
		close(out[0]);
		close(err[0]);
		o = fdopen(out[1], "w");
		ef = fdopen(err[1], "w");
		code = o && ef ? fn(arg, o, ef) : 3;
		if (o == NULL || fclose(o) != 0)
			code = 3;
		if (ef != NULL)
			fclose(ef);
		exit(code); /* exit, not _exit: sanitizers check leaks at exit */
	}
	close(out[1]);
	close(err[1]);
	s->fd[0] = out[0];
	s->fd[1] = err[0];
	p->sys = s;
	p->start = plat_now();
	return 0;
}

/* Both of the child's pipes closed (or failed): wait for it, say how it ended. */
static void
reap(struct proc *p)
{
	struct sys *s = p->sys;
	int st = 0;

	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	free(s);
	p->sys = NULL;
	p->ended = 1;
	if (WIFSIGNALED(st))
		snprintf(p->why, sizeof p->why, "crashed (signal %d, %s) while being inspected: contained",
		    WTERMSIG(st), strsignal(WTERMSIG(st)));
	else if (!WIFEXITED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 1 && WEXITSTATUS(st) != 3))
		/* Not one of ours: an abort inside a library, a sanitizer, exit() from a dependency. */
		snprintf(p->why, sizeof p->why, "its inspection stopped with exit status %d: contained",
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	else
		p->code = WEXITSTATUS(st);
}

void
plat_wait(struct proc **ps, int n, int ms)
{
	struct pollfd pf[2 * PLAT_MAX_CHILDREN];
	int who[2 * PLAT_MAX_CHILDREN], which[2 * PLAT_MAX_CHILDREN], np = 0, i, k;

	for (i = 0; i < n && np + 2 <= 2 * PLAT_MAX_CHILDREN; i++) {
		struct sys *s = ps[i]->sys;
		if (ps[i]->ended || s == NULL)
			continue;
		for (k = 0; k < 2; k++)
			if (s->fd[k] >= 0) {
				pf[np].fd = s->fd[k];
				pf[np].events = POLLIN;
				who[np] = i;
				which[np++] = k;
			}
	}
	if (np == 0 || poll(pf, (nfds_t)np, ms) <= 0)
		return;
	for (i = 0; i < np; i++) {
		struct proc *p = ps[who[i]];
		struct sys *s = p->sys;
		char b[65536];
		ssize_t r;
		if (s == NULL || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		r = read(s->fd[which[i]], b, sizeof b);
		if (r > 0) {
			proc_append(which[i] == 0 ? &p->out : &p->err, b, (size_t)r);
		} else if (r == 0 || errno != EINTR) {
			close(s->fd[which[i]]);
			s->fd[which[i]] = -1;
			if (s->fd[0] < 0 && s->fd[1] < 0)
				reap(p);
		}
	}
}

void
plat_kill(struct proc *p)
{
	struct sys *s = p->sys;
	int k;

	if (s == NULL)
		return;
	kill(s->pid, SIGKILL);
	while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
		;
	for (k = 0; k < 2; k++)
		if (s->fd[k] >= 0)
			close(s->fd[k]);
	free(s);
	p->sys = NULL;
	p->ended = 1;
}
