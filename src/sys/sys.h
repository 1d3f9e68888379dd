/* SPDX-License-Identifier: MIT */
/*
 * sys.h: the system layer, a leaf: the only code that knows which system it
 * runs on (posix.c: fork, pipes, poll, POSIX files and folders; win.c:
 * CreateProcess of this very program, threads, Win32 files).  It starts a
 * child with a callback and knows nothing of what the child does; it lists
 * folders, tells file identity and kind, finds a name in a folder in any
 * case, and reads host files by offset.  Nothing above it includes a
 * system header for these (tests/build/layers.sh).
 */
#ifndef HV_SYS_H
#define HV_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- child processes -------------------------------------------------- */

#define SYS_MAX_CHILDREN 64

/* What a child printed on one of its streams. */
struct sys_buf {
	char   *buf;
	size_t  len, cap;
	size_t  max;   /* 0: no bound; else bytes kept at most (the rest dropped, over set) */
	int     over;
};

/* One child process, as the caller sees it. */
struct sys_proc {
	struct sys_buf out;  /* its standard output */
	struct sys_buf err;  /* its standard error */
	int     ended;       /* it exited or died: code or why is final */
	int     code;        /* its exit status when why[0] == '\0' */
	char    why[128];    /* how it died, when it did not simply exit */
	double  start;       /* sys_now() when started */
	void   *sys;         /* the system's own state */
};

/* The work of a child: fn(arg, its stdout, its stderr) returns its exit status. */
typedef int (*sys_child_fn)(void *arg, FILE *out, FILE *err);

/* Add n bytes to b (past b->max, or memory short: dropped, and b->over set). */
void sys_buf_add(struct sys_buf *b, const char *buf, size_t n);
/* Remember the command line (Windows starts children with it); console set-up. */
void sys_init(int argc, char **argv);
/*
 * Start a child that runs fn(arg, ...) and dies with this process, however
 * it dies.  With fork (POSIX) the child runs fn itself; without (Windows)
 * it is this program run again with its own arguments and, in its
 * environment only, child_env (NULL-terminated NAME, VALUE, NAME, VALUE...):
 * what tells main to do the same work.  Never an argument: a file name
 * can look like any option.  0, or -1.
 */
int sys_start(struct sys_proc *p, sys_child_fn fn, void *arg, const char *const *child_env);
/*
 * The most memory each child started from now on may take, in bytes (0: no
 * limit of ours): POSIX, its address space (RLIMIT_AS, or the limit it
 * already had if lower); Windows, its committed memory (the job object's
 * per-process limit).  Past it an allocation fails, as when the machine is
 * out of memory.  Not applied in a sanitizer build (ASan reserves terabytes
 * of address space): 0 then, else 1.
 */
int sys_child_memory(uint64_t bytes);
/* The exit status of a child that could not finish for lack of memory: sys_wait says "ran out of memory". */
#define SYS_EXIT_NO_MEMORY 5
/* The names a batch's child is told by (sys_child_env). */
#define SYS_ENV_CHILD   "HVINSPECT_X_CHILD"    /* the one image to inspect */
#define SYS_ENV_CROSS_CHECK_LEFT_OUT "HVINSPECT_X_CROSS_CHECK_LEFT_OUT" /* why it runs without --cross-check */
#define SYS_ENV_HISTORY_LEFT_OUT     "HVINSPECT_X_HISTORY_LEFT_OUT"     /* why it runs without --history */
#define SYS_ENV_HASH_LEFT_OUT        "HVINSPECT_X_HASH_LEFT_OUT"        /* why it runs without --hash */
/*
 * In a child sys_start started without fork: the value its parent set for
 * name (a copy), else NULL.  Always NULL with fork, whatever the environment.
 */
const char *sys_child_env(const char *name);
/*
 * Wait at most ms (-1: no limit) until one of ps[0..n) printed or ended;
 * gather what they printed; set ended (and code or why) on those that
 * ended.  Never returns with every one still running unless ms passed.
 */
void sys_wait(struct sys_proc **ps, int n, int ms);
/* End p now (a timeout): it is ended afterwards, why says nothing (the caller says). */
void sys_kill(struct sys_proc *p);

/* --- files and folders ------------------------------------------------ */

/* A file's identity: the same file, by whatever name, has the same one. */
struct sys_id {
	uint64_t dev, ino; /* POSIX: st_dev, st_ino; Windows: volume serial, file index */
};

/* What a path is. */
enum sys_kind {
	SYS_NONE,    /* it cannot be reached */
	SYS_FILE,    /* a regular file or a block device: something to read */
	SYS_DIR,     /* a folder */
	SYS_LINK,    /* a symbolic link (only when not following links) */
	SYS_OTHER,   /* a FIFO, a socket, a character device: opening it could block or act */
};

/* path's identity into *id (links followed): 0, or -1 (it cannot be reached). */
int sys_file_id(const char *path, struct sys_id *id);
/* path's size in bytes and last-modified time (seconds since 1970 UTC), links followed: 0, or -1. */
int sys_file_stat(const char *path, int64_t *size, int64_t *mtime);
/* 1 when a and b are the same file. */
int sys_same_id(const struct sys_id *a, const struct sys_id *b);
/* What path is (follow: symbolic links followed).  Nothing is opened. */
enum sys_kind sys_kind_of(const char *path, int follow);
/* What path is, in words, when it is not a file ("is a FIFO (named pipe), not a file: not opened"). */
const char *sys_kind_words(enum sys_kind k);

/* One entry of a folder. */
struct sys_entry {
	char         *name;  /* owned */
	enum sys_kind kind;  /* symbolic links not followed: SYS_LINK */
};
/*
 * The entries of folder dir (not "." and ".."), in name order (bytes), so
 * every system lists alike: 0 with *v owned (sys_list_free), or -1 (dir
 * cannot be read: nothing listed).
 */
int sys_list(const char *dir, struct sys_entry **v, size_t *n);
void sys_list_free(struct sys_entry *v, size_t n);
/* For posix.c and win.c: add one entry to a listing growing in *v (cap *cap): 0, or -1; sort it. */
int sys_list_add(struct sys_entry **v, size_t *n, size_t *cap, const char *name, enum sys_kind kind);
void sys_list_sort(struct sys_entry *v, size_t n);
/* dir + separator + name: owned, or NULL on no memory. */
char *sys_join(const char *dir, const char *name);
/*
 * The path of the entry called name in folder dir: exactly so if there is
 * one, else the first (in name order) equal to it in any case (ASCII);
 * owned, or NULL when there is none.  Nothing is opened.
 */
char *sys_find_name(const char *dir, const char *name);
/* The folder part of path ("." when none): owned, or NULL on no memory. */
char *sys_dir_of(const char *path);
/* The last separator in path ('/'; on Windows '\\' too), or NULL. */
const char *sys_last_sep(const char *path);
/*
 * path as the libyal libraries must be given it: on Windows with '\\' for
 * '/' (libcfile prefixes \\?\, which takes no '/'), in buf; elsewhere path.
 */
const char *sys_native_path(const char *path, char *buf, size_t cap);

/* A host file open for reading. */
struct sys_file;
/*
 * Open path read-only (never written; the access time left alone where the
 * system allows).  Only a regular file or a block device: anything else is
 * refused before it is opened for reading (sys_kind_words says why), then
 * checked again on what was opened.  *size: its bytes.  Owned, or NULL with
 * why (a sentence fragment: "No such file or directory") in why[0..n).
 */
struct sys_file *sys_file_open(const char *path, uint64_t *size, char *why, size_t n);
/* Read up to len bytes at off: the bytes read (0 at the end), or -1 with why. */
long long sys_file_read(struct sys_file *f, void *buf, size_t len, uint64_t off, char *why, size_t n);
void sys_file_close(struct sys_file *f);

/* --- clock, console, machine ------------------------------------------ */

/* Seconds on a monotonic clock. */
double sys_now(void);
/* Is standard error a terminal (progress line)? */
int sys_stderr_tty(void);
/* Are standard output and standard error both a terminal (one screen: say a thing once)? */
int sys_one_screen(void);
/* Processors online (default -j). */
int sys_ncpus(void);
/*
 * n bytes of zeroed memory that a child started later by sys_start shares
 * rather than copies (POSIX: an anonymous shared mapping, reserved, not
 * committed), so the parent writing there costs no copy-on-write fault in
 * either process; NULL where children are not forked (Windows) or on failure.
 */
void *sys_shared_alloc(size_t n);

#endif
