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
#include <stdio.h>

#ifdef _WIN32
/* No symbolic links to skip, no lstat. */
#define lstat stat
#define S_ISLNK(m) 0
#endif

#define PLAT_MAX_CHILDREN 64

/* What a child printed on one of its streams. */
struct pbuf {
	char   *buf;
	size_t  len, cap;
};

/* One child process, as the caller sees it. */
struct proc {
	struct pbuf out;    /* its standard output (the record) */
	struct pbuf err;    /* its standard error (diagnostics, relayed by the caller) */
	int     ended;      /* it exited or died: code or why is final */
	int     code;       /* its exit status when why[0] == '\0' */
	char    why[128];   /* how it died, when it did not simply exit */
	double  start;      /* plat_now() when started */
	void   *sys;        /* the platform's own state */
};

/* The work of a child: fn(arg, its stdout, its stderr) returns its exit status. */
typedef int (*plat_child_fn)(void *arg, FILE *out, FILE *err);

/* Add n bytes to b (memory short: dropped). */
void proc_append(struct pbuf *b, const char *buf, size_t n);
/* Remember the command line (Windows starts children with it). */
void plat_init(int argc, char **argv);
/*
 * Start a child that runs fn(arg, ...) and dies with this process.  With
 * fork (POSIX) the child runs fn itself; without (Windows) it is this
 * program run again with its own arguments and `--x-child child_arg`, and
 * main calls the same work.  0, or -1.
 */
int plat_start(struct proc *p, plat_child_fn fn, void *arg, const char *child_arg);
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
/*
 * 1 when path (symbolic links followed) is a regular file or a block
 * device, 0 when it is anything else (a folder, a FIFO, a socket, a
 * character device: opening one could block or act), -1 when it cannot be
 * reached.  Nothing is opened.
 */
int plat_is_file(const char *path);
/* Seconds on a monotonic clock. */
double plat_now(void);
/* Is standard error a terminal (progress line)? */
int plat_stderr_tty(void);
/* Processors online (default -j). */
int plat_ncpus(void);

#endif
