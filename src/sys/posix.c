/* SPDX-License-Identifier: MIT */
/*
 * posix.c: sys.h on POSIX.  A child is a fork that runs its callback and
 * prints into two pipes (its record, its diagnostics); poll gathers them; a
 * child is reaped when both close.  Host files are read with pread; only
 * regular files and block devices are ever opened (a FIFO would block).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

#ifndef O_NOATIME
#define O_NOATIME 0 /* Linux only; elsewhere the access time is the system's business */
#endif

struct sys {
	pid_t pid;
	int   fd[2];  /* its stdout (the record) and its stderr (its diagnostics); -1 once closed */
};

void sys_init(int argc, char **argv) { (void)argc; (void)argv; }

double
sys_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int sys_stderr_tty(void) { return isatty(2); }

int
sys_one_screen(void)
{
	struct stat a, b;

	return isatty(1) && isatty(2) && fstat(1, &a) == 0 && fstat(2, &b) == 0 && a.st_rdev == b.st_rdev;
}

void *
sys_shared_alloc(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

const char *sys_last_sep(const char *path) { return strrchr(path, '/'); }

const char *
sys_native_path(const char *path, char *buf, size_t cap)
{
	(void)buf;
	(void)cap;
	return path;
}

int
sys_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4096 ? 4096 : (int)n;
}

/* --- files and folders ------------------------------------------------ */

int
sys_file_id(const char *path, struct sys_id *id)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	id->dev = (uint64_t)st.st_dev;
	id->ino = (uint64_t)st.st_ino;
	return 0;
}

int
sys_file_stat(const char *path, int64_t *size, int64_t *mtime)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	*size = (int64_t)st.st_size;
	*mtime = (int64_t)st.st_mtime;
	return 0;
}

static enum sys_kind
kind(mode_t m)
{
	if (S_ISREG(m) || S_ISBLK(m))
		return SYS_FILE;
	if (S_ISDIR(m))
		return SYS_DIR;
	if (S_ISLNK(m))
		return SYS_LINK;
	return SYS_OTHER;
}

enum sys_kind
sys_kind_of(const char *path, int follow)
{
	struct stat st;

	if ((follow ? stat(path, &st) : lstat(path, &st)) != 0)
		return SYS_NONE;
	return kind(st.st_mode);
}

int
sys_list(const char *dir, struct sys_entry **out, size_t *nout)
{
	struct sys_entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd;

	*out = NULL;
	*nout = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	fd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (sys_list_add(&v, &n, &cap, de->d_name, fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ?
		    kind(st.st_mode) : SYS_NONE) != 0)
			goto fail;
	}
	closedir(d);
	sys_list_sort(v, n);
	*out = v;
	*nout = n;
	return 0;
fail:
	closedir(d);
	sys_list_free(v, n);
	return -1;
}

struct sys_file {
	int fd;
};

/* What a path that is no file to read is, in words. */
static const char *
not_a_file(mode_t m)
{
	if (S_ISFIFO(m))
		return "is a FIFO (named pipe), not a file: not opened";
	if (S_ISSOCK(m))
		return "is a socket, not a file: not opened";
	if (S_ISCHR(m))
		return "is a character device, not a file or a disk: not opened";
	return sys_kind_words(kind(m));
}

struct sys_file *
sys_file_open(const char *path, uint64_t *size, char *why, size_t n)
{
	struct sys_file *f;
	enum sys_kind k;
	struct stat st;
	int fd;

	/*
	 * Only a regular file or a block device is ever read: anything else is
	 * refused before it is opened for reading (a FIFO would block open and
	 * read, a character device could act), then checked again on what was
	 * opened, non-blocking, in case the name changed in between.
	 */
	if ((k = sys_kind_of(path, 1)) != SYS_FILE && k != SYS_NONE && stat(path, &st) == 0) {
		snprintf(why, n, "%s", not_a_file(st.st_mode));
		return NULL;
	}
	/* O_NOATIME keeps even the access time of evidence files unchanged when we own them. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME | O_NONBLOCK);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		snprintf(why, n, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(why, n, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	if (kind(st.st_mode) != SYS_FILE) {
		snprintf(why, n, "%s", not_a_file(st.st_mode));
		close(fd);
		return NULL;
	}
	if (S_ISBLK(st.st_mode)) {
		/* A block device (an evidence disk behind a write blocker): its size by seeking. */
		off_t end = lseek(fd, 0, SEEK_END);
		if (end < 0) {
			snprintf(why, n, "%s", strerror(errno));
			close(fd);
			return NULL;
		}
		*size = (uint64_t)end;
	} else {
		*size = (uint64_t)st.st_size;
	}
	/* Reads of a regular file or a disk never block; back to the ordinary mode all the same. */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if ((f = malloc(sizeof *f)) == NULL) {
		snprintf(why, n, "out of memory");
		close(fd);
		return NULL;
	}
	f->fd = fd;
	return f;
}

long long
sys_file_read(struct sys_file *f, void *buf, size_t len, uint64_t off, char *why, size_t n)
{
	ssize_t got;

	do
		got = pread(f->fd, buf, len, (off_t)off);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		snprintf(why, n, "%s", strerror(errno));
	return got;
}

void
sys_file_close(struct sys_file *f)
{
	if (f == NULL)
		return;
	close(f->fd);
	free(f);
}

/* --- child processes -------------------------------------------------- */

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

/* A sanitizer's runtime maps terabytes of shadow: an address-space limit would stop it at once. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define SANITIZED 1
#endif
#endif

static uint64_t child_memory; /* bytes of address space each child may have; 0: no limit of ours */

int
sys_child_memory(uint64_t bytes)
{
#ifdef SANITIZED
	(void)bytes;
	return 0;
#else
	child_memory = bytes;
	return 1;
#endif
}

/* In a child: its address space bounded (a lower limit it inherited stays). */
static void
limit_memory(void)
{
	struct rlimit rl;

	if (child_memory == 0 || getrlimit(RLIMIT_AS, &rl) != 0)
		return;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > child_memory)
		rl.rlim_max = (rlim_t)child_memory;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_AS, &rl);
}

/* Fork tells a child everything: nothing is read from the environment. */
const char *
sys_child_env(const char *name)
{
	(void)name;
	return NULL;
}

int
sys_start(struct sys_proc *p, sys_child_fn fn, void *arg, const char *const *child_env)
{
	struct sys *s = calloc(1, sizeof *s);
	pid_t parent = getpid();
	int out[2], err[2];

	(void)child_env; /* fork: the child runs fn itself */
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
		limit_memory();
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
	p->start = sys_now();
	return 0;
}

/* Both of the child's pipes closed (or failed): wait for it, say how it ended. */
static void
reap(struct sys_proc *p)
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
	else if (WIFEXITED(st) && WEXITSTATUS(st) == SYS_EXIT_NO_MEMORY)
		snprintf(p->why, sizeof p->why, "ran out of memory while being inspected: contained");
	else if (!WIFEXITED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 1 && WEXITSTATUS(st) != 3))
		/* Not one of ours: an abort inside a library, a sanitizer, exit() from a dependency. */
		snprintf(p->why, sizeof p->why, "its inspection stopped with exit status %d: contained",
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	else
		p->code = WEXITSTATUS(st);
}

void
sys_wait(struct sys_proc **ps, int n, int ms)
{
	struct pollfd pf[2 * SYS_MAX_CHILDREN];
	int who[2 * SYS_MAX_CHILDREN], which[2 * SYS_MAX_CHILDREN], np = 0, i, k;

	for (i = 0; i < n && np + 2 <= 2 * SYS_MAX_CHILDREN; i++) {
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
		struct sys_proc *p = ps[who[i]];
		struct sys *s = p->sys;
		char b[65536];
		ssize_t r;
		if (s == NULL || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		r = read(s->fd[which[i]], b, sizeof b);
		if (r > 0) {
			sys_buf_add(which[i] == 0 ? &p->out : &p->err, b, (size_t)r);
		} else if (r == 0 || errno != EINTR) {
			close(s->fd[which[i]]);
			s->fd[which[i]] = -1;
			if (s->fd[0] < 0 && s->fd[1] < 0)
				reap(p);
		}
	}
}

void
sys_kill(struct sys_proc *p)
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
