/* SPDX-License-Identifier: MIT */
/*
 * win.c: sys.h on Windows (mingw-w64).  There is no fork: a child is
 * this same program, started with the parent's own arguments and, in its
 * environment, the caller's HVINSPECT_X_CHILD=IMAGE (main.c then runs
 * job_one on that image alone; never an argument, which a file name could
 * be), its
 * standard output a pipe that a thread drains; the parent waits on the
 * process handles.  A child that dies of an exception (an access violation
 * inside a library) ends with its NTSTATUS as exit code: that is the crash.
 */
#include <windows.h>
#include <winioctl.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/sys.h"

struct sys {
	HANDLE proc;
	HANDLE thread[2], rd[2]; /* the threads draining our ends of its stdout and stderr */
	struct sys_proc *p;
};

/* What one drain thread fills. */
struct drain_arg {
	HANDLE       rd;
	struct sys_buf *b;
};

static int    g_argc;
static char **g_argv;
/*
 * Every child is in one job object that kills its processes when the last
 * handle to it closes: when this process ends, however it ends, so do they
 * (the POSIX build's PR_SET_PDEATHSIG).
 */
static HANDLE g_job;

void
sys_init(int argc, char **argv)
{
	JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;
	DWORD mode;

	g_argc = argc;
	g_argv = argv;
	/*
	 * The manifest makes UTF-8 the active code page (argv, file names); a
	 * console shows what we print as UTF-8 too (text from an image is escaped
	 * before it gets there: base/safe.c).
	 */
	if (GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) || GetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), &mode))
		SetConsoleOutputCP(CP_UTF8);
	/*
	 * A child that crashes ends at once with its exception code, no error
	 * dialog waiting for a click (the mode is inherited; the job's flag says
	 * it again for every process in it).
	 */
	SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
	memset(&li, 0, sizeof li);
	li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE |
	    JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
	if ((g_job = CreateJobObjectA(NULL, NULL)) != NULL &&
	    !SetInformationJobObject(g_job, JobObjectExtendedLimitInformation, &li, sizeof li)) {
		CloseHandle(g_job);
		g_job = NULL;
	}
	/* records are bytes: no \n -> \r\n, so they equal the POSIX build's */
	_setmode(_fileno(stdout), _O_BINARY);
}

int
sys_child_memory(uint64_t bytes)
{
	JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;

	if (g_job == NULL || !QueryInformationJobObject(g_job, JobObjectExtendedLimitInformation, &li, sizeof li, NULL))
		return 0;
	if (bytes == 0 || bytes > (uint64_t)(SIZE_T)-1) {
		li.BasicLimitInformation.LimitFlags &= ~(DWORD)JOB_OBJECT_LIMIT_PROCESS_MEMORY;
		li.ProcessMemoryLimit = 0;
	} else {
		li.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_MEMORY;
		li.ProcessMemoryLimit = (SIZE_T)bytes;
	}
	return SetInformationJobObject(g_job, JobObjectExtendedLimitInformation, &li, sizeof li) ? 1 : 0;
}

double
sys_now(void)
{
	LARGE_INTEGER f, c;

	QueryPerformanceFrequency(&f);
	QueryPerformanceCounter(&c);
	return (double)c.QuadPart / (double)f.QuadPart;
}

int sys_stderr_tty(void) { return _isatty(_fileno(stderr)); }
int sys_one_screen(void) { return _isatty(_fileno(stdout)) && _isatty(_fileno(stderr)); }

/* Children are processes of their own here, not forks: nothing to share. */
void *sys_shared_alloc(size_t n) { (void)n; return NULL; }

/* What Windows tells of the file at path (links followed, nothing read): 0, or -1. */
static int
file_info(const char *path, BY_HANDLE_FILE_INFORMATION *fi)
{
	HANDLE h = CreateFileA(path, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
	    NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	int ok;

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	ok = GetFileInformationByHandle(h, fi);
	CloseHandle(h);
	return ok ? 0 : -1;
}

int
sys_file_id(const char *path, struct sys_id *id)
{
	BY_HANDLE_FILE_INFORMATION fi;

	if (file_info(path, &fi) != 0)
		return -1;
	id->dev = fi.dwVolumeSerialNumber;
	id->ino = (uint64_t)fi.nFileIndexHigh << 32 | fi.nFileIndexLow;
	return 0;
}

int
sys_file_stat(const char *path, int64_t *size, int64_t *mtime)
{
	BY_HANDLE_FILE_INFORMATION fi;
	uint64_t ft;

	if (file_info(path, &fi) != 0)
		return -1;
	*size = (int64_t)((uint64_t)fi.nFileSizeHigh << 32 | fi.nFileSizeLow);
	/* FILETIME: 100 ns since 1601 */
	ft = (uint64_t)fi.ftLastWriteTime.dwHighDateTime << 32 | fi.ftLastWriteTime.dwLowDateTime;
	*mtime = (int64_t)(ft / 10000000u) - 11644473600;
	return 0;
}

const char *
sys_native_path(const char *path, char *buf, size_t cap)
{
	size_t i;

	for (i = 0; path[i] != '\0' && i + 1 < cap; i++)
		buf[i] = path[i] == '/' ? '\\' : path[i];
	buf[i] = '\0';
	return path[i] == '\0' ? buf : path; /* too long: as given (it will fail by name) */
}

const char *
sys_last_sep(const char *path)
{
	const char *a = strrchr(path, '/'), *b = strrchr(path, '\\');

	return a > b ? a : b;
}

/* --- files and folders ------------------------------------------------ */

/* The system's message for the last error, without its line break, in buf. */
static const char *
why_last(char *buf, size_t cap)
{
	DWORD err = GetLastError(), n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
	    NULL, err, 0, buf, (DWORD)cap, NULL);

	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	if (n == 0)
		snprintf(buf, cap, "error %lu", (unsigned long)err);
	return buf;
}

enum sys_kind
sys_kind_of(const char *path, int follow)
{
	DWORD attr = GetFileAttributesA(path), type;
	HANDLE h;

	if (attr == INVALID_FILE_ATTRIBUTES)
		return SYS_NONE;
	if (!follow && (attr & FILE_ATTRIBUTE_REPARSE_POINT))
		return SYS_LINK;
	if (attr & FILE_ATTRIBUTE_DIRECTORY)
		return SYS_DIR;
	/* No access asked for: opens nothing for reading, only asks what it is. */
	h = CreateFileA(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return SYS_NONE;
	type = GetFileType(h);
	CloseHandle(h);
	return type == FILE_TYPE_DISK ? SYS_FILE : SYS_OTHER;
}

int
sys_list(const char *dir, struct sys_entry **out, size_t *nout)
{
	struct sys_entry *v = NULL;
	WIN32_FIND_DATAA fd;
	size_t n = 0, cap = 0;
	char *pat = sys_join(dir, "*");
	HANDLE h;

	*out = NULL;
	*nout = 0;
	if (pat == NULL)
		return -1;
	h = FindFirstFileA(pat, &fd);
	free(pat);
	if (h == INVALID_HANDLE_VALUE)
		return GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : -1;
	do {
		if (strcmp(fd.cFileName, ".") == 0 || strcmp(fd.cFileName, "..") == 0)
			continue;
		if (sys_list_add(&v, &n, &cap, fd.cFileName, (fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) ?
		    SYS_LINK : (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? SYS_DIR : SYS_FILE) != 0)
			goto fail;
	} while (FindNextFileA(h, &fd));
	FindClose(h);
	sys_list_sort(v, n);
	*out = v;
	*nout = n;
	return 0;
fail:
	FindClose(h);
	sys_list_free(v, n);
	return -1;
}

struct sys_file {
	HANDLE h;
};

struct sys_file *
sys_file_open(const char *path, uint64_t *size, char *why, size_t n)
{
	struct sys_file *f;
	LARGE_INTEGER sz;
	GET_LENGTH_INFORMATION gl;
	enum sys_kind k = sys_kind_of(path, 1);
	DWORD got;
	HANDLE h;

	if (k == SYS_DIR || k == SYS_OTHER) {
		snprintf(why, n, "%s", sys_kind_words(k));
		return NULL;
	}
	h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	    OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		why_last(why, n);
		return NULL;
	}
	if (GetFileType(h) != FILE_TYPE_DISK) {
		snprintf(why, n, "%s", sys_kind_words(SYS_OTHER));
		goto fail;
	}
	if (DeviceIoControl(h, IOCTL_DISK_GET_LENGTH_INFO, NULL, 0, &gl, sizeof gl, &got, NULL))
		sz = gl.Length; /* a disk device */
	else if (!GetFileSizeEx(h, &sz)) {
		why_last(why, n);
		goto fail;
	}
	if ((f = malloc(sizeof *f)) == NULL) {
		snprintf(why, n, "out of memory");
		goto fail;
	}
	f->h = h;
	*size = (uint64_t)sz.QuadPart;
	return f;
fail:
	CloseHandle(h);
	return NULL;
}

long long
sys_file_read(struct sys_file *f, void *buf, size_t len, uint64_t off, char *why, size_t n)
{
	OVERLAPPED ov;
	DWORD got = 0;

	if (len > 0x40000000u)
		len = 0x40000000u;
	memset(&ov, 0, sizeof ov);
	ov.Offset = (DWORD)off;
	ov.OffsetHigh = (DWORD)(off >> 32);
	if (!ReadFile(f->h, buf, (DWORD)len, &got, &ov)) {
		if (GetLastError() == ERROR_HANDLE_EOF)
			return 0;
		why_last(why, n);
		return -1;
	}
	return (long long)got;
}

void
sys_file_close(struct sys_file *f)
{
	if (f == NULL)
		return;
	CloseHandle(f->h);
	free(f);
}

int
sys_ncpus(void)
{
	SYSTEM_INFO si;

	GetSystemInfo(&si);
	return si.dwNumberOfProcessors < 1 ? 1 : (int)si.dwNumberOfProcessors;
}

/* Append arg to the command line in cmd, quoted as the C runtime splits it again. */
static int
quote(char *cmd, size_t cap, size_t *n, const char *arg)
{
	const char *s;
	size_t bs = 0;

#define PUT(c) do { if (*n + 1 >= cap) return -1; cmd[(*n)++] = (c); } while (0)
	if (*n > 0)
		PUT(' ');
	PUT('"');
	for (s = arg; *s; s++) {
		if (*s == '\\') {
			bs++;
			continue;
		}
		/* backslashes before a quote are doubled, and the quote escaped */
		for (; bs > 0; bs--) {
			PUT('\\');
			if (*s == '"')
				PUT('\\');
		}
		if (*s == '"')
			PUT('\\');
		PUT(*s);
	}
	for (; bs > 0; bs--) { /* before the closing quote: doubled */
		PUT('\\');
		PUT('\\');
	}
	PUT('"');
	cmd[*n] = '\0';
#undef PUT
	return 0;
}

/* A thread that drains one of a child's pipes into its buffer (read only after the thread ends). */
static DWORD WINAPI
drain(LPVOID arg)
{
	struct drain_arg *d = arg;
	char b[65536];
	DWORD got;

	while (ReadFile(d->rd, b, sizeof b, &got, NULL) && got > 0)
		sys_buf_add(d->b, b, got);
	free(d);
	return 0;
}

static HANDLE
drain_start(HANDLE rd, struct sys_buf *b)
{
	struct drain_arg *d = malloc(sizeof *d);
	HANDLE t;

	if (d == NULL)
		return NULL;
	d->rd = rd;
	d->b = b;
	if ((t = CreateThread(NULL, 0, drain, d, 0, NULL)) == NULL)
		free(d);
	return t;
}

const char *
sys_child_env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? strdup(v) : NULL;
}

/* Set (value) or remove (NULL) each NAME of env in this process's environment block: 0, or -1. */
static int
set_env(const char *const *env, int set)
{
	int i, ok = 1;

	for (i = 0; env[i] != NULL && env[i + 1] != NULL; i += 2)
		ok &= SetEnvironmentVariableA(env[i], set ? env[i + 1] : NULL) != 0;
	return ok || !set ? 0 : -1;
}

int
sys_start(struct sys_proc *p, sys_child_fn fn, void *arg, const char *const *child_env)
{
	SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
	STARTUPINFOA si;
	PROCESS_INFORMATION pi;
	HANDLE wr[2] = {NULL, NULL};
	struct sys *s;
	char exe[MAX_PATH], *cmd;
	size_t cap = 32768, n = 0;
	int i, ok;

	(void)fn; /* no fork: the child parses the same arguments and runs the same work */
	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL || (cmd = malloc(cap)) == NULL) {
		free(s);
		return -1;
	}
	cmd[0] = '\0';
	ok = GetModuleFileNameA(NULL, exe, sizeof exe) > 0 && quote(cmd, cap, &n, exe) == 0;
	for (i = 1; ok && i < g_argc; i++)
		ok = quote(cmd, cap, &n, g_argv[i]) == 0;
	for (i = 0; ok && i < 2; i++)
		ok = CreatePipe(&s->rd[i], &wr[i], &sa, 0) && SetHandleInformation(s->rd[i], HANDLE_FLAG_INHERIT, 0);
	if (!ok) {
		for (i = 0; i < 2; i++) {
			if (s->rd[i])
				CloseHandle(s->rd[i]);
			if (wr[i])
				CloseHandle(wr[i]);
		}
		free(cmd);
		free(s);
		return -1;
	}
	memset(&si, 0, sizeof si);
	si.cb = sizeof si;
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	si.hStdOutput = wr[0];
	si.hStdError = wr[1];
	fflush(NULL);
	/*
	 * Suspended until it is in the job: it never runs outside it.  It
	 * inherits this process's environment block, child_env set in it for
	 * the call only (this thread alone starts children).
	 */
	ok = set_env(child_env, 1) == 0 &&
	    CreateProcessA(exe, cmd, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi);
	set_env(child_env, 0);
	CloseHandle(wr[0]);
	CloseHandle(wr[1]);
	free(cmd);
	if (!ok) {
		CloseHandle(s->rd[0]);
		CloseHandle(s->rd[1]);
		free(s);
		return -1;
	}
	if (g_job != NULL)
		AssignProcessToJobObject(g_job, pi.hProcess);
	ResumeThread(pi.hThread);
	CloseHandle(pi.hThread);
	s->proc = pi.hProcess;
	s->p = p;
	s->thread[0] = drain_start(s->rd[0], &p->out);
	s->thread[1] = drain_start(s->rd[1], &p->err);
	if (s->thread[0] == NULL || s->thread[1] == NULL) {
		TerminateProcess(s->proc, 3);
		for (i = 0; i < 2; i++)
			if (s->thread[i] != NULL)
				WaitForSingleObject(s->thread[i], INFINITE);
		CloseHandle(s->proc);
		CloseHandle(s->rd[0]);
		CloseHandle(s->rd[1]);
		free(s);
		return -1;
	}
	p->sys = s;
	p->start = sys_now();
	return 0;
}

/* The child ended: gather the rest of its output, say how it ended. */
static void
reap(struct sys_proc *p, int killed)
{
	struct sys *s = p->sys;
	DWORD code = 3;

	WaitForMultipleObjects(2, s->thread, TRUE, INFINITE);
	GetExitCodeProcess(s->proc, &code);
	CloseHandle(s->thread[0]);
	CloseHandle(s->thread[1]);
	CloseHandle(s->proc);
	CloseHandle(s->rd[0]);
	CloseHandle(s->rd[1]);
	free(s);
	p->sys = NULL;
	p->ended = 1;
	if (killed)
		return;
	if (code >= 0xC0000000u)
		snprintf(p->why, sizeof p->why, "crashed (exception 0x%08lx) while being inspected: contained",
		    (unsigned long)code);
	else if (code == SYS_EXIT_NO_MEMORY)
		snprintf(p->why, sizeof p->why, "ran out of memory while being inspected: contained");
	else if (code != 0 && code != 1 && code != 3)
		snprintf(p->why, sizeof p->why, "its inspection stopped with exit status %lu: contained",
		    (unsigned long)code);
	else
		p->code = (int)code;
}

void
sys_wait(struct sys_proc **ps, int n, int ms)
{
	HANDLE h[MAXIMUM_WAIT_OBJECTS];
	int who[MAXIMUM_WAIT_OBJECTS], nh = 0, i;

	for (i = 0; i < n && nh < MAXIMUM_WAIT_OBJECTS; i++)
		if (!ps[i]->ended && ps[i]->sys != NULL) {
			h[nh] = ((struct sys *)ps[i]->sys)->proc;
			who[nh++] = i;
		}
	if (nh == 0 || WaitForMultipleObjects((DWORD)nh, h, FALSE, ms < 0 ? INFINITE : (DWORD)ms) == WAIT_TIMEOUT)
		return;
	for (i = 0; i < nh; i++)
		if (WaitForSingleObject(h[i], 0) == WAIT_OBJECT_0)
			reap(ps[who[i]], 0);
}

void
sys_kill(struct sys_proc *p)
{
	struct sys *s = p->sys;

	if (s == NULL)
		return;
	TerminateProcess(s->proc, 3);
	WaitForSingleObject(s->proc, INFINITE);
	reap(p, 1);
}
