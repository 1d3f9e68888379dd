/* SPDX-License-Identifier: MIT */
/*
 * faults.c: the faults of the test build, build/hvinspect-faults (never
 * installed).  The product holds no hook for them: the test build is linked
 * with ld's --wrap at four edges of the program, so a call from one module
 * to another goes through a function here first.
 *
 *   HVINSPECT_FAULT=crash:TEXT  the job of an image whose path holds TEXT crashes   (job_one)
 *   HVINSPECT_FAULT=hang:TEXT   ... hangs                                           (job_one)
 *   HVINSPECT_FAULT=xcrash:TEXT its --cross-check pass crashes, once                (pass_cross_check)
 *   HVINSPECT_FAULT=xhang:TEXT  ... hangs, once                                     (pass_cross_check)
 *   HVINSPECT_FAULT=hhang:TEXT  its --history pass hangs, once                      (pass_history)
 *   HVINSPECT_FAULT=slow:TEXT   each of its optional passes takes 2 s more           (both)
 *   HVINSPECT_FAULT=hhog:TEXT   its --history pass takes all the memory it may and keeps it
 *                               (a leak), once; only under an address-space limit (POSIX) (pass_history)
 *   HVINSPECT_FAULT=value:NAME  our hive reader misreads every value called NAME:
 *                               a hive it opens is wrapped in one that changes the
 *                               value's first character, number or byte          (hive_open)
 *
 * so tests can see a crash and a hang contained (cli/batch.c), a dead cross-check
 * retried without it, and a misread caught by --cross-check.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "reg/hive_ops.h"
#include "cli/job.h"
#include "inspect/pass_cross_check.h"
#include "inspect/pass_history.h"
/* last: windows.h defines REG_SZ and the rest as macros, which base/regval.h declares as an enum */
#ifdef _WIN32
#include <windows.h>
#else
#include <sys/resource.h>
#include <unistd.h>
#endif

/* ARG of HVINSPECT_FAULT=KIND:ARG, or NULL. */
static const char *
fault_arg(const char *kind)
{
	const char *f = getenv("HVINSPECT_FAULT");
	size_t n = strlen(kind);

	return f != NULL && strncmp(f, kind, n) == 0 && f[n] == ':' ? f + n + 1 : NULL;
}

static int
fault_on(const char *kind, const char *path)
{
	const char *a = fault_arg(kind);

	return a != NULL && path != NULL && strstr(path, a) != NULL;
}

/* Crash as a bad memory access in a library does; hang for ever. */
static void
crash(void)
{
#ifdef _WIN32
	RaiseException(EXCEPTION_ACCESS_VIOLATION, EXCEPTION_NONCONTINUABLE, 0, NULL); /* unhandled */
#else
	raise(SIGSEGV);
#endif
}

static void
hang(void)
{
	for (;;)
#ifdef _WIN32
		Sleep(INFINITE);
#else
		pause();
#endif
}

/* A pass that takes its time (2 s): within --timeout 3 alone, over it with another such. */
static void
slow(void)
{
#ifdef _WIN32
	Sleep(2000);
#else
	sleep(2);
#endif
}

/* Take every MiB malloc gives, touched, and keep it (a leak in a pass): only where a limit stops it. */
static void
hog(void)
{
#ifndef _WIN32
	struct rlimit rl;
	static void *held; /* a chain of blocks: reachable, as a pass's leaked state would be */
	void **b;

	if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return;
	for (size_t n = 1 << 20; n >= sizeof *b; n /= 16)
		while ((b = malloc(n)) != NULL) {
			memset(b, 1, n);
			*b = held;
			held = b;
		}
#endif
}

/* --- an image's job crashes or hangs ------------------------------------------ */

int __real_job_one(const struct job *j, const char *path, const struct job_left_out *left, FILE *out, FILE *err);
int __wrap_job_one(const struct job *j, const char *path, const struct job_left_out *left, FILE *out, FILE *err);

int
__wrap_job_one(const struct job *j, const char *path, const struct job_left_out *left, FILE *out, FILE *err)
{
	if (fault_on("crash", path))
		crash();
	if (fault_on("hang", path))
		hang();
	return __real_job_one(j, path, left, out, err);
}

/* --- the cross-check's pass crashes (the batch runs the image again without it) --- */

void __real_pass_cross_check(struct stack *ours, const struct opts *o, struct image_report *r);
void __wrap_pass_cross_check(struct stack *ours, const struct opts *o, struct image_report *r);

void
__wrap_pass_cross_check(struct stack *ours, const struct opts *o, struct image_report *r)
{
	if (o->cross_check_failed == NULL && r->ninst > 0 && fault_on("xcrash", ours->path))
		crash();
	if (o->cross_check_failed == NULL && r->ninst > 0 && fault_on("xhang", ours->path))
		hang();
	if (fault_on("slow", ours->path))
		slow();
	__real_pass_cross_check(ours, o, r);
}

/* --- the history's pass hangs (the batch's --timeout kills it; run again without it) --- */
void __real_pass_history(struct stack *s, const struct opts *o, struct image_report *r);
void __wrap_pass_history(struct stack *s, const struct opts *o, struct image_report *r);
void
__wrap_pass_history(struct stack *s, const struct opts *o, struct image_report *r)
{
	if (o->history_failed == NULL && r->ninst > 0 && fault_on("hhang", s->path))
		hang();
	if (o->history_failed == NULL && r->ninst > 0 && fault_on("hhog", s->path))
		hog();
	if (fault_on("slow", s->path))
		slow();
	__real_pass_history(s, o, r);
}

/* --- a hive that misreads one value ------------------------------------------------ */

struct mhive {
	struct hive  base;
	struct hive *inner;
	const char  *name;
};

struct mkey {
	struct hkey         base;
	struct hkey        *inner;
	const struct mhive *h;
};

static const struct hive_ops misread_ops;

static void
misread(const struct mhive *h, struct regval *v)
{
	if (utf8_casecmp(v->name, h->name) != 0)
		return;
	if (v->kind == RV_STRING && v->str != NULL && v->str[0] != '\0')
		v->str[0] = v->str[0] == 'X' ? 'Y' : 'X';
	else if (v->kind == RV_INT)
		v->num ^= 1;
	else if (v->nbin > 0)
		v->bin[0] ^= 0xff;
}

#define INNER(k) (((const struct mkey *)(k))->inner)

static struct hkey *
wrap_key(const struct mhive *h, struct hkey *inner, struct err *e)
{
	struct mkey *k;

	if ((k = calloc(1, sizeof *k)) == NULL) {
		hive_key_close(inner);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	k->base.ops = &misread_ops;
	k->inner = inner;
	k->h = h;
	return &k->base;
}

static void
m_close(struct hive *hv)
{
	struct mhive *h = (struct mhive *)hv;

	hive_close(h->inner);
	free(h);
}

static int
m_is_dirty(const struct hive *hv, uint32_t *p, uint32_t *s)
{
	return hive_is_dirty(((const struct mhive *)hv)->inner, p, s);
}

static int
m_is_truncated(const struct hive *hv, uint64_t *c, uint64_t *p)
{
	return hive_is_truncated(((const struct mhive *)hv)->inner, c, p);
}

static int
m_key_open(struct hive *hv, const char *path, struct hkey **out, struct err *e)
{
	struct mhive *h = (struct mhive *)hv;
	struct hkey *in;
	int rc;

	if ((rc = hive_key_open(h->inner, path, &in, e)) != 1)
		return rc;
	return (*out = wrap_key(h, in, e)) == NULL ? -1 : 1;
}

static void
m_key_close(struct hkey *k)
{
	hive_key_close(INNER(k));
	free(k);
}

static uint64_t m_key_filetime(struct hkey *k) { return hive_key_filetime(INNER(k)); }

static int
m_key_values_partial(struct hkey *k, struct regval **v, size_t *n, size_t *nbad, struct err *e)
{
	size_t i;

	if (hive_key_values_partial(INNER(k), v, n, nbad, e) != 0)
		return -1;
	for (i = 0; i < *n; i++)
		misread(((struct mkey *)k)->h, &(*v)[i]);
	return 0;
}

static int
m_key_value(struct hkey *k, const char *name, struct regval *out, struct err *e)
{
	int rc = hive_key_value(INNER(k), name, out, e);

	if (rc == 1)
		misread(((struct mkey *)k)->h, out);
	return rc;
}

static int m_key_nsubkeys(struct hkey *k, size_t *n, struct err *e) { return hive_key_nsubkeys(INNER(k), n, e); }

static int
m_key_open_sub(struct hkey *k, size_t i, struct hkey **out, char **name, struct err *e)
{
	struct hkey *in;

	if (hive_key_open_sub(INNER(k), i, &in, name, e) != 0)
		return -1;
	if ((*out = wrap_key(((struct mkey *)k)->h, in, e)) == NULL) {
		free(*name);
		*name = NULL;
		return -1;
	}
	return 0;
}

static int
m_key_subkeys_partial(struct hkey *k, char ***names, size_t *n, size_t *nbad, struct err *e)
{
	return hive_key_subkeys_partial(INNER(k), names, n, nbad, e);
}

static const struct hive_ops misread_ops = {
	"ours", m_close, m_is_dirty, m_is_truncated, m_key_open, m_key_close, m_key_filetime,
	m_key_values_partial, m_key_value, m_key_nsubkeys, m_key_open_sub, m_key_subkeys_partial,
};

struct hive *__real_hive_open(struct reader *file, struct err *e);
struct hive *__wrap_hive_open(struct reader *file, struct err *e);

struct hive *
__wrap_hive_open(struct reader *file, struct err *e)
{
	struct hive *in = __real_hive_open(file, e);
	const char *name = fault_arg("value");
	struct mhive *h;

	if (in == NULL || name == NULL)
		return in;
	if ((h = calloc(1, sizeof *h)) == NULL) {
		hive_close(in);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	h->base.ops = &misread_ops;
	h->inner = in;
	h->name = name;
	return &h->base;
}
