/* SPDX-License-Identifier: MIT */
/* linux.c: see linux.h. */
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "facts/linux.h"

/* s[0..n) as well-formed UTF-8, cut to LINUX_MAX_VALUE bytes: owned, or NULL. */
static char *
clean(const char *s, size_t n)
{
	char *o = malloc(LINUX_MAX_VALUE + 4);
	size_t i = 0, w = 0, k;

	if (o == NULL)
		return NULL;
	while (i < n && w < LINUX_MAX_VALUE) {
		if ((k = utf8_seq_len(s + i, n - i)) == 0 || s[i] == '\0') {
			memcpy(o + w, "\xef\xbf\xbd", 3);
			w += 3;
			i++;
			continue;
		}
		if (w + k > LINUX_MAX_VALUE)
			break;
		memcpy(o + w, s + i, k);
		w += k;
		i += k;
	}
	o[w] = '\0';
	return o;
}

/* A value as os-release writes it (quotes and escapes undone), from v[0..n): owned (*un bytes), or NULL. */
static char *
unquote(const char *v, size_t n, size_t *un)
{
	char *u, q = 0;
	size_t i, w = 0;

	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		q = v[0];
		v++;
		n -= 2;
	}
	if ((u = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (q != '\'' && v[i] == '\\' && i + 1 < n && strchr("\"\\$`", v[i + 1]) != NULL)
			i++;
		u[w++] = v[i];
	}
	u[w] = '\0';
	*un = w;
	return u;
}

int
linux_os_release(const char *text, size_t len, struct linux_release *lr)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{"PRETTY_NAME", offsetof(struct linux_release, pretty_name)},
		{"NAME", offsetof(struct linux_release, name)},
		{"ID", offsetof(struct linux_release, id)},
		{"ID_LIKE", offsetof(struct linux_release, id_like)},
		{"VERSION_ID", offsetof(struct linux_release, version_id)},
		{"VERSION", offsetof(struct linux_release, version)},
	};
	size_t at = 0, i;

	memset(lr, 0, sizeof *lr);
	while (at < len) {
		const char *line = text + at, *nl = memchr(line, '\n', len - at), *eq;
		size_t ll = nl ? (size_t)(nl - line) : len - at;
		at += ll + 1;
		while (ll > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			ll--;
		}
		if (ll == 0 || *line == '#' || (eq = memchr(line, '=', ll)) == NULL)
			continue;
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			char **slot = (char **)((char *)lr + keys[i].off), *raw;
			size_t rn;
			if ((size_t)(eq - line) != strlen(keys[i].key) || memcmp(line, keys[i].key, (size_t)(eq - line)) != 0)
				continue;
			if ((raw = unquote(eq + 1, ll - (size_t)(eq - line) - 1, &rn)) == NULL)
				goto nomem;
			free(*slot); /* a later assignment wins, as a shell reading it would have it */
			*slot = clean(raw, rn);
			free(raw);
			if (*slot == NULL)
				goto nomem;
		}
	}
	return 0;
nomem:
	linux_release_free(lr);
	return -1;
}

void
linux_release_free(struct linux_release *lr)
{
	free(lr->pretty_name);
	free(lr->name);
	free(lr->id);
	free(lr->id_like);
	free(lr->version_id);
	free(lr->version);
	memset(lr, 0, sizeof *lr);
}

/* The value of field name (n bytes) in stanza s[0..len), or NULL; *vl its length. */
static const char *
field(const char *s, size_t len, const char *name, size_t *vl)
{
	size_t at = 0, n = strlen(name);

	while (at < len) {
		const char *line = s + at, *nl = memchr(line, '\n', len - at);
		size_t ll = nl ? (size_t)(nl - line) : len - at;
		at += ll + 1;
		if (ll > n && memcmp(line, name, n) == 0 && line[n] == ':') {
			line += n + 1;
			ll -= n + 1;
			while (ll > 0 && *line == ' ') {
				line++;
				ll--;
			}
			while (ll > 0 && (line[ll - 1] == ' ' || line[ll - 1] == '\r'))
				ll--;
			*vl = ll;
			return line;
		}
	}
	return NULL;
}

/*
 * Each stanza of dpkg's status text[0..len) (up to an empty line) to fn
 * with its Package and whether its Status is "install ok installed", until
 * fn returns other than 0: that, or 0 at the end.
 */
static int
each_stanza(const char *text, size_t len, int (*fn)(void *ctx, const char *st, size_t sl, const char *pkg,
    size_t pl, int installed), void *ctx)
{
	size_t at = 0;
	int rc;

	while (at < len) {
		const char *st = text + at, *end = st, *p, *q;
		size_t sl, pl, ql;
		while (end < text + len) {
			const char *nl = memchr(end, '\n', (size_t)(text + len - end));
			if (nl == NULL) {
				end = text + len;
				break;
			}
			if (nl == end) /* an empty line ends it */
				break;
			end = nl + 1;
		}
		sl = (size_t)(end - st);
		at += sl + 1;
		if ((p = field(st, sl, "Package", &pl)) == NULL)
			continue;
		q = field(st, sl, "Status", &ql);
		if ((rc = fn(ctx, st, sl, p, pl, q != NULL && ql == 20 && memcmp(q, "install ok installed", 20) == 0)) != 0)
			return rc;
	}
	return 0;
}

struct want_pkg {
	const char *pkg;
	char       *ver;
	size_t      vn;
};

static int
want_pkg(void *ctx, const char *st, size_t sl, const char *pkg, size_t pl, int installed)
{
	struct want_pkg *w = ctx;
	const char *v;
	size_t vl;

	if (pl != strlen(w->pkg) || memcmp(pkg, w->pkg, pl) != 0)
		return 0;
	if (!installed)
		return 2; /* found, another status */
	if ((v = field(st, sl, "Version", &vl)) != NULL && w->vn > 0) {
		char *c = clean(v, vl);
		size_t at = 0, k, n;
		if (c == NULL)
			return -1;
		/* whole characters only: a cut one would not be UTF-8 (found by fuzz_linuxtext) */
		for (n = strlen(c); at < n && (k = utf8_seq_len(c + at, n - at)) > 0 && at + k < w->vn; at += k)
			;
		memcpy(w->ver, c, at);
		w->ver[at] = '\0';
		free(c);
	}
	return 1;
}

int
linux_dpkg_installed(const char *text, size_t len, const char *pkg, char *ver, size_t vn)
{
	struct want_pkg w = {pkg, ver, vn};
	int rc;

	if (vn > 0)
		ver[0] = '\0';
	rc = each_stanza(text, len, want_pkg, &w);
	return rc == 2 ? 0 : rc;
}

struct strs {
	char **v;
	size_t n;
};

/* A kernel package's release ("linux-image-6.1.0-28-amd64", Ubuntu's "linux-image-unsigned-..."), else 0. */
static int
kernel_pkg(void *ctx, const char *st, size_t sl, const char *pkg, size_t pl, int installed)
{
	struct strs *k = ctx;
	static const char *const pfx[] = {"linux-image-unsigned-", "linux-image-"};
	size_t i, n;
	char *c, **nv;

	(void)st, (void)sl;
	if (!installed || k->n >= LINUX_MAX_KERNELS)
		return 0;
	for (i = 0; i < 2; i++) {
		n = strlen(pfx[i]);
		if (pl > n && memcmp(pkg, pfx[i], n) == 0 && pkg[n] >= '0' && pkg[n] <= '9')
			break; /* a release, not a metapackage (linux-image-amd64, -generic) */
	}
	if (i == 2)
		return 0;
	if ((c = clean(pkg + n, pl - n)) == NULL || (nv = realloc(k->v, (k->n + 1) * sizeof *nv)) == NULL) {
		free(c);
		return -1;
	}
	k->v = nv;
	k->v[k->n++] = c;
	return 0;
}

int
linux_dpkg_kernels(const char *text, size_t len, char ***out, size_t *n)
{
	struct strs k = {NULL, 0};

	if (each_stanza(text, len, kernel_pkg, &k) < 0) {
		while (k.n > 0)
			free(k.v[--k.n]);
		free(k.v);
		*out = NULL;
		*n = 0;
		return -1;
	}
	*out = k.v;
	*n = k.n;
	return 0;
}

const char *
linux_elf_arch(const uint8_t *h, size_t len)
{
	static const struct {
		unsigned    machine;
		const char *name;
	} m[] = {
		{3, "x86"}, {62, "x64"}, {40, "arm"}, {183, "arm64"}, {243, "riscv"}, {21, "ppc64"}, {22, "s390"},
	};
	unsigned mach;
	size_t i;

	if (len < 20 || memcmp(h, "\x7f" "ELF", 4) != 0 || (h[5] != 1 && h[5] != 2))
		return NULL;
	mach = h[5] == 1 ? (unsigned)h[18] | (unsigned)h[19] << 8 : (unsigned)h[19] | (unsigned)h[18] << 8;
	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		if (m[i].machine == mach)
			return m[i].name;
	return "other";
}

/* A decimal number at *p (at most 9 digits), the pointer moved past it: 0, or -1. */
static int
dec(const char **p, const char *end, unsigned *out)
{
	unsigned v = 0, n = 0;

	while (*p < end && **p >= '0' && **p <= '9' && n < 9) {
		v = v * 10 + (unsigned)(**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0)
		return -1;
	*out = v;
	return 0;
}

/* The first tag[0..tl) in [at, end), or NULL (memmem is not everywhere we build). */
static const char *
find(const char *at, const char *end, const char *tag, size_t tl)
{
	while ((size_t)(end - at) >= tl) {
		const char *c = memchr(at, tag[0], (size_t)(end - at) - tl + 1);
		if (c == NULL)
			return NULL;
		if (memcmp(c, tag, tl) == 0)
			return c;
		at = c + 1;
	}
	return NULL;
}

/* Is *p c (then past it)? */
static int
is_ch(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return 0;
	(*p)++;
	return 1;
}

/* The forms of the host build line (linux.h). */
static const struct {
	const char *tag;
	int         old;  /* build-major.minor-sp-branch.number */
} forms[] = {
	{"Hyper-V Host Build:", 1},
	{"Hyper-V: Host Build ", 0},
	{"Hyper-V: Hypervisor Build ", 0},
};

/* The numbers after a form's tag, at p (up to end), into *x: 0, or -1 when they are not all there. */
static int
build_at(const char *p, const char *end, int old, struct linux_build *x)
{
	unsigned sp, branch;

	memset(x, 0, sizeof *x);
	if (old ? dec(&p, end, &x->build) || !is_ch(&p, end, '-') || dec(&p, end, &x->major) ||
	    !is_ch(&p, end, '.') || dec(&p, end, &x->minor) || !is_ch(&p, end, '-') || dec(&p, end, &sp) ||
	    !is_ch(&p, end, '-') || dec(&p, end, &branch) || !is_ch(&p, end, '.') || dec(&p, end, &x->number) :
	    dec(&p, end, &x->major) || !is_ch(&p, end, '.') || dec(&p, end, &x->minor) || !is_ch(&p, end, '.') ||
	    dec(&p, end, &x->build) || !is_ch(&p, end, '.') || dec(&p, end, &x->number))
		return -1;
	return 0;
}

int
linux_host_build(const char *text, size_t len, struct linux_build *b)
{
	const char *end = text + len, *at, *last = NULL;
	size_t i;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		size_t tl = strlen(forms[i].tag);
		for (at = text; (size_t)(end - at) >= tl; at++) {
			struct linux_build x;
			if ((at = find(at, end, forms[i].tag, tl)) == NULL)
				break;
			if (build_at(at + tl, end, forms[i].old, &x) != 0)
				continue;
			/* the last in the text is the newest boot's, whichever form it has */
			if (last == NULL || at > last) {
				*b = x;
				last = at;
			}
		}
	}
	if (last != NULL)
		linux_kernel_release(text, (size_t)(last - text), b->kernel);
	return last != NULL;
}

#define KV_LEN (sizeof "Linux version " - 1)

/* The last tag in text[0..len), or NULL. */
static char *
last_of(const char *text, size_t len, const char *tag)
{
	const char *end = text + len, *at, *last = NULL;

	for (at = text; (at = find(at, end, tag, strlen(tag))) != NULL; at++)
		last = at;
	return (char *)last;
}

static int release_at(const char *p, const char *end, char out[LINUX_RELEASE_MAX + 1]);

int
linux_kernel_release(const char *text, size_t len, char out[LINUX_RELEASE_MAX + 1])
{
	static const char tag[] = "Linux version ";
	const char *end = text + len, *at, *last = NULL;

	out[0] = '\0';
	for (at = text; (at = find(at, end, tag, sizeof tag - 1)) != NULL; at++)
		last = at;
	return last != NULL ? release_at(last + sizeof tag - 1, end, out) : 0;
}

/* The release at p (up to end), after a "Linux version " tag, into out: 1, or 0 (out ""). */
static int
release_at(const char *p, const char *end, char out[LINUX_RELEASE_MAX + 1])
{
	size_t n;

	out[0] = '\0';
	/* the release: what uname -r prints, up to the blank before the builder */
	for (n = 0; p + n < end && n < LINUX_RELEASE_MAX && (p[n] >= '!' && p[n] <= '~'); n++)
		;
	if (n == 0 || (p + n < end && p[n] != ' '))
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

int
linux_log_host_build(struct reader *f, struct linux_build *b, struct err *e)
{
	uint64_t pos = f->size, start, end, done = 0;
	char *buf;
	int rc = 0;

	if ((buf = malloc(LINUX_LOG_CHUNK + LINUX_LOG_LINE)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	while (pos > 0 && done < LINUX_LOG_TAIL && rc == 0) {
		start = pos > LINUX_LOG_CHUNK ? pos - LINUX_LOG_CHUNK : 0;
		end = f->size - pos > LINUX_LOG_LINE ? pos + LINUX_LOG_LINE : f->size;
		if (reader_read_full(f, buf, (size_t)(end - start), start, e) != 0)
			rc = -1;
		else
			rc = linux_host_build(buf, (size_t)(end - start), b);
		done += pos - start;
		pos = start;
	}
	/* the boot's first line, the kernel's release: further back when it is not in this piece, up to
	 * LINUX_LOG_BOOT bytes, never past another boot's host build line */
	for (done = 0; rc == 1 && b->kernel[0] == '\0' && pos > 0 && done < LINUX_LOG_BOOT; pos = start) {
		struct linux_build older;
		char *k;
		start = pos > LINUX_LOG_CHUNK ? pos - LINUX_LOG_CHUNK : 0;
		end = f->size - pos > LINUX_LOG_LINE ? pos + LINUX_LOG_LINE : f->size;
		done += pos - start;
		if (reader_read_full(f, buf, (size_t)(end - start), start, e) != 0) {
			err_clear(e); /* the build stands; the release is unknown */
			break;
		}
		/* a line starting before pos (the piece after it was read already), read whole */
		if ((k = last_of(buf, (size_t)(end - start < pos - start + KV_LEN - 1 ? end - start : pos - start + KV_LEN - 1),
		    "Linux version ")) != NULL) {
			if (linux_host_build(k, (size_t)(buf + (pos - start) - k), &older) != 1) /* else another boot's */
				release_at(k + KV_LEN, buf + (end - start), b->kernel);
			break;
		}
		if (linux_host_build(buf, (size_t)(pos - start), &older) == 1)
			break; /* the boot before: this boot's line is not in the log */
	}
	free(buf);
	return rc;
}

/* The time stamp the line holding at begins with (after the last newline before it in [text, at)), or "". */
static void
stamp_of(const char *text, const char *at, char out[LINUX_STAMP_MAX + 1])
{
	const char *ls = at, *p;
	size_t n;

	out[0] = '\0';
	while (ls > text && ls[-1] != '\n' && at - ls < (ptrdiff_t)LINUX_LOG_LINE)
		ls--;
	if (ls > text && ls[-1] != '\n')
		return; /* the line starts before what we hold */
	if (at - ls >= 19 && ls[4] == '-' && ls[7] == '-' && ls[10] == 'T' && ls[13] == ':') {
		/* RFC 3339, as rsyslog writes it (Debian 12): up to the blank */
		for (p = ls, n = 0; p < at && *p != ' ' && n < LINUX_STAMP_MAX && *p > ' ' && *p <= '~'; p++, n++)
			;
		if (n >= 19 && (p == at || *p == ' ')) {
			memcpy(out, ls, n);
			out[n] = '\0';
		}
	} else if (at - ls >= 15 && ls[3] == ' ' && ls[9] == ':' && ls[12] == ':') {
		/* RFC 3164, as syslog writes it ("Dec  1 09:00:00": no year) */
		for (n = 0; n < 15 && ls[n] >= ' ' && ls[n] <= '~'; n++)
			;
		if (n == 15) {
			memcpy(out, ls, 15);
			out[15] = '\0';
		}
	}
}

/* Append boot b to out[0..cap), the oldest dropped when full. */
static void
boot_add(struct linux_boot *out, size_t cap, size_t *n, const struct linux_boot *b)
{
	if (*n == cap) {
		memmove(out, out + 1, (cap - 1) * sizeof *out);
		(*n)--;
	}
	out[(*n)++] = *b;
}

int
linux_log_boots(struct reader *f, struct linux_boot *out, size_t cap, size_t *n, struct err *e)
{
	static const char kv[] = "Linux version ";
	uint64_t ps = f->size > LINUX_LOG_TAIL ? f->size - LINUX_LOG_TAIL : 0, last_boot = 0;
	char kernel[LINUX_RELEASE_MAX + 1] = "";
	int booted = 0;
	char *buf;

	*n = 0;
	if (cap == 0)
		return 0;
	if ((buf = malloc(LINUX_LOG_CHUNK + 2 * LINUX_LOG_LINE)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* forwards, in pieces holding the LINUX_LOG_LINE bytes on either side: a line is taken in the
	 * piece it starts in, whole */
	while (ps < f->size) {
		uint64_t pe = f->size - ps > LINUX_LOG_CHUNK ? ps + LINUX_LOG_CHUNK : f->size;
		uint64_t bs = ps > LINUX_LOG_LINE ? ps - LINUX_LOG_LINE : 0;
		uint64_t be = f->size - pe > LINUX_LOG_LINE ? pe + LINUX_LOG_LINE : f->size;
		const char *end = buf + (be - bs), *lo = buf + (ps - bs), *hi = buf + (pe - bs), *next[4], *at;
		size_t k, tl[4];
		if (reader_read_full(f, buf, (size_t)(be - bs), bs, e) != 0) {
			free(buf);
			return -1;
		}
		for (k = 0; k < 4; k++) {
			const char *tag = k == 0 ? kv : forms[k - 1].tag;
			tl[k] = strlen(tag);
			next[k] = find(lo, end, tag, tl[k]);
		}
		for (;;) {
			size_t w = 4;
			for (k = 0; k < 4; k++)
				if (next[k] != NULL && next[k] < hi && (w == 4 || next[k] < next[w]))
					w = k;
			if (w == 4)
				break;
			at = next[w];
			next[w] = find(at + 1, end, w == 0 ? kv : forms[w - 1].tag, tl[w]);
			if (w == 0) { /* a boot begins: its kernel */
				release_at(at + tl[0], end, kernel);
				booted = 0;
				continue;
			}
			{
				struct linux_boot b;
				uint64_t pos = bs + (uint64_t)(at - buf);
				if (build_at(at + tl[w], end, forms[w - 1].old, &b.b) != 0)
					continue;
				/* the same boot saying it twice (two forms), no new kernel line between: once */
				if (booted && pos - last_boot < 4096)
					continue;
				memcpy(b.b.kernel, kernel, sizeof b.b.kernel);
				stamp_of(buf, at, b.stamp);
				b.at = pos;
				boot_add(out, cap, n, &b);
				kernel[0] = '\0';
				booted = 1;
				last_boot = pos;
			}
		}
		ps = pe;
	}
	free(buf);
	return 0;
}
