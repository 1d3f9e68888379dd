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

#include "job.h"
#include "plat.h"

struct sys {
	pid_t pid;
	int   fd;
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

int
plat_start(struct proc *p, const struct job *j, const char *path)
{
	struct sys *s = calloc(1, sizeof *s);
	int fd[2];

	if (s == NULL || pipe(fd) != 0) {
		free(s);
		return -1;
	}
	fflush(NULL); /* nothing buffered may be printed twice */
	if ((s->pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		free(s);
		return -1;
	}
	if (s->pid == 0) {
		FILE *out = fdopen(fd[1], "w");
		int code;
		free(s); /* the parent's bookkeeping: the child's exit checks for leaks */
		close(fd[0]);
		code = out ? job_one(j, path, out, stderr) : 3;
		if (out == NULL || fclose(out) != 0)
			code = 3;
		exit(code); /* exit, not _exit: sanitizers check leaks at exit */
	}
	close(fd[1]);
	s->fd = fd[0];
	p->sys = s;
	p->start = plat_now();
	return 0;
}

/* The child's pipe closed (or failed): wait for it, say how it ended. */
static void
reap(struct proc *p)
{
	struct sys *s = p->sys;
	int st = 0;

	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	close(s->fd);
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
	struct pollfd pf[64];
	int who[64], np = 0, i;

	for (i = 0; i < n && np < 64; i++)
		if (!ps[i]->ended && ps[i]->sys != NULL) {
			pf[np].fd = ((struct sys *)ps[i]->sys)->fd;
			pf[np].events = POLLIN;
			who[np++] = i;
		}
	if (np == 0 || poll(pf, (nfds_t)np, ms) <= 0)
		return;
	for (i = 0; i < np; i++) {
		struct proc *p = ps[who[i]];
		char b[65536];
		ssize_t r;
		if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		r = read(((struct sys *)p->sys)->fd, b, sizeof b);
		if (r > 0)
			proc_append(p, b, (size_t)r);
		else if (r == 0 || errno != EINTR)
			reap(p);
	}
}

void
plat_kill(struct proc *p)
{
	struct sys *s = p->sys;

	if (s == NULL)
		return;
	kill(s->pid, SIGKILL);
	while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(s->fd);
	free(s);
	p->sys = NULL;
	p->ended = 1;
}
