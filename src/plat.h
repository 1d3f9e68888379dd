/* SPDX-License-Identifier: MIT */
/*
 * plat.h: what differs between POSIX and Windows, behind one interface:
 * the per-image child process, the clock, the console, the CPU count
 * (plat_posix.c: fork, pipe, poll; plat_win.c: CreateProcess of this very
 * program with --x-child, pipes, threads).  Host file reads are rd_file.c
 * and rd_file_win.c.  Nothing else in src/ knows which system it runs on.
 */
#ifndef HV_PLAT_H
#define HV_PLAT_H

#include <stddef.h>
#include <stdint.h>

struct job;

#ifdef _WIN32
/* No symbolic links to skip, no lstat. */
#define lstat stat
#define S_ISLNK(m) 0
#endif

/* One image's child process, as the batch sees it. */
struct proc {
	char   *buf;        /* everything it printed (its record) */
	size_t  len, cap;
	int     ended;      /* it exited or died: code or why is final */
	int     code;       /* its exit status when why[0] == '\0' */
	char    why[128];   /* how it died, when it did not simply exit */
	double  start;      /* plat_now() when started */
	void   *sys;        /* the platform's own state */
};

/* Add n bytes to what p printed (batch.c: the same on every system). */
void proc_append(struct proc *p, const char *buf, size_t n);
/* Remember the command line (Windows starts children with it). */
void plat_init(int argc, char **argv);
/* Start inspecting path in a child process: 0, or -1. */
int plat_start(struct proc *p, const struct job *j, const char *path);
/*
 * Wait at most ms (-1: no limit) until one of ps[0..n) printed or ended;
 * gather what they printed; set ended (and code or why) on those that
 * ended.  Never returns with every one still running unless ms passed.
 */
void plat_wait(struct proc **ps, int n, int ms);
/* End p now (a timeout): it is ended afterwards, why says nothing (the caller says). */
void plat_kill(struct proc *p);
/*
 * path as the libyal libraries must be given it: on Windows with '\\' for
 * '/' (libcfile prefixes \\?\, which takes no '/'), in buf; elsewhere path.
 */
const char *plat_native_path(const char *path, char *buf, size_t cap);
/* The last separator in path ('/'; on Windows '\\' too), or NULL. */
const char *plat_last_sep(const char *path);
/* A file's identity: the same file, by whatever name, has the same one. */
struct plat_id {
	uint64_t dev, ino; /* POSIX: st_dev, st_ino; Windows: volume serial, file index */
};
/* path's identity into *id: 0, or -1 (it cannot be reached). */
int plat_file_id(const char *path, struct plat_id *id);
/* Seconds on a monotonic clock. */
double plat_now(void);
/* Is standard error a terminal (progress line)? */
int plat_stderr_tty(void);
/* Processors online (default -j). */
int plat_ncpus(void);

#endif
