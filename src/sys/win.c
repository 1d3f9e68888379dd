/* SPDX-License-Identifier: MIT */
/*
 * plat_win.c: plat.h on Windows (mingw-w64).  There is no fork: a child is
 * this same program, started with the parent's own arguments and
 * `--x-child IMAGE` (main.c then runs job_one on that image alone), its
 * standard output a pipe that a thread drains; the parent waits on the
 * process handles.  A child that dies of an exception (an access violation
 * inside a library) ends with its NTSTATUS as exit code: that is the crash.
 */
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/sys.h"

struct sys {
	HANDLE proc;
	HANDLE thread[2], rd[2]; /* the threads draining our ends of its stdout and stderr */
	struct proc *p;
};

/* What one drain thread fills. */
struct drain_arg {
	HANDLE       rd;
	struct pbuf *b;
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
plat_init(int argc, char **argv)
{
	JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;

	g_argc = argc;
	g_argv = argv;
	memset(&li, 0, sizeof li);
	li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
	if ((g_job = CreateJobObjectA(NULL, NULL)) != NULL &&
	    !SetInformationJobObject(g_job, JobObjectExtendedLimitInformation, &li, sizeof li)) {
		CloseHandle(g_job);
		g_job = NULL;
	}
	/* records are bytes: no \n -> \r\n, so they equal the POSIX build's */
	_setmode(_fileno(stdout), _O_BINARY);
}

double
plat_now(void)
{
	LARGE_INTEGER f, c;

	QueryPerformanceFrequency(&f);
	QueryPerformanceCounter(&c);
	return (double)c.QuadPart / (double)f.QuadPart;
}

int plat_stderr_tty(void) { return _isatty(_fileno(stderr)); }

int
plat_file_id(const char *path, struct plat_id *id)
{
	BY_HANDLE_FILE_INFORMATION fi;
	HANDLE h = CreateFileA(path, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
	    NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	int ok;

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	ok = GetFileInformationByHandle(h, &fi);
	CloseHandle(h);
	if (!ok)
		return -1;
	id->dev = fi.dwVolumeSerialNumber;
	id->ino = (uint64_t)fi.nFileIndexHigh << 32 | fi.nFileIndexLow;
	return 0;
}

int
plat_is_file(const char *path)
{
	DWORD attr = GetFileAttributesA(path), type;
	HANDLE h;

	if (attr == INVALID_FILE_ATTRIBUTES)
		return -1;
	if (attr & FILE_ATTRIBUTE_DIRECTORY)
		return 0;
	/* No access asked for: opens nothing for reading, only asks what it is. */
	h = CreateFileA(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return -1;
	type = GetFileType(h);
	CloseHandle(h);
	return type == FILE_TYPE_DISK;
}

const char *
plat_native_path(const char *path, char *buf, size_t cap)
{
	size_t i;

	for (i = 0; path[i] != '\0' && i + 1 < cap; i++)
		buf[i] = path[i] == '/' ? '\\' : path[i];
	buf[i] = '\0';
	return path[i] == '\0' ? buf : path; /* too long: as given (it will fail by name) */
}

const char *
plat_last_sep(const char *path)
{
	const char *a = strrchr(path, '/'), *b = strrchr(path, '\\');

	return a > b ? a : b;
}

int
plat_ncpus(void)
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
		proc_append(d->b, b, got);
	free(d);
	return 0;
}

static HANDLE
drain_start(HANDLE rd, struct pbuf *b)
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

int
plat_start(struct proc *p, plat_child_fn fn, void *arg, const char *child_arg)
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
	ok = ok && quote(cmd, cap, &n, "--x-child") == 0 && quote(cmd, cap, &n, child_arg) == 0;
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
	/* Suspended until it is in the job: it never runs outside it. */
	ok = CreateProcessA(exe, cmd, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi);
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
	p->start = plat_now();
	return 0;
}

/* The child ended: gather the rest of its output, say how it ended. */
static void
reap(struct proc *p, int killed)
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
	else if (code != 0 && code != 1 && code != 3)
		snprintf(p->why, sizeof p->why, "its inspection stopped with exit status %lu: contained",
		    (unsigned long)code);
	else
		p->code = (int)code;
}

void
plat_wait(struct proc **ps, int n, int ms)
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
plat_kill(struct proc *p)
{
	struct sys *s = p->sys;

	if (s == NULL)
		return;
	TerminateProcess(s->proc, 3);
	WaitForSingleObject(s->proc, INFINITE);
	reap(p, 1);
}
