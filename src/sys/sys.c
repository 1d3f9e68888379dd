/* SPDX-License-Identifier: MIT */
/* sys.c: the parts of sys.h that are the same on every system. */
#include <stdlib.h>
#include <string.h>

#include "sys/sys.h"

void
sys_buf_add(struct sys_buf *p, const char *b, size_t n)
{
	if (p->max > 0 && n > p->max - (p->len < p->max ? p->len : p->max)) {
		p->over = 1; /* what a child sends past its bound is not held */
		n = p->len < p->max ? p->max - p->len : 0;
		if (n == 0)
			return;
	}
	if (p->len + n + 1 > p->cap) {
		size_t cap = (p->len + n + 1) * 2;
		char *nb = realloc(p->buf, cap);
		if (nb == NULL) {
			p->over = 1;
			return;
		}
		p->buf = nb;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, b, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

int
sys_same_id(const struct sys_id *a, const struct sys_id *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

const char *
sys_kind_words(enum sys_kind k)
{
	switch (k) {
	case SYS_NONE: return "cannot be reached";
	case SYS_FILE: return "is a file";
	case SYS_DIR: return "is a folder (use -r to inspect the images below it)";
	case SYS_LINK: return "is a symbolic link";
	default: return "is not a regular file or a disk (a FIFO, a socket or a character device): not opened";
	}
}

void
sys_list_free(struct sys_entry *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i].name);
	free(v);
}

int
sys_list_add(struct sys_entry **v, size_t *n, size_t *cap, const char *name, enum sys_kind kind)
{
	struct sys_entry *nv;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		if ((nv = realloc(*v, c * sizeof *nv)) == NULL)
			return -1;
		*v = nv;
		*cap = c;
	}
	if (((*v)[*n].name = strdup(name)) == NULL)
		return -1;
	(*v)[(*n)++].kind = kind;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct sys_entry *)a)->name, ((const struct sys_entry *)b)->name);
}

/* Byte order of the names: every system lists alike. */
void
sys_list_sort(struct sys_entry *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, by_name);
}

char *
sys_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

char *
sys_dir_of(const char *path)
{
	const char *s = sys_last_sep(path);
	char *d;

	if (s == NULL)
		return strdup(".");
	if (s == path)
		return strdup("/");
	if ((d = malloc((size_t)(s - path) + 1)) != NULL) {
		memcpy(d, path, (size_t)(s - path));
		d[s - path] = '\0';
	}
	return d;
}

/* ASCII case folding, as the parent and log file names we look up are compared. */
static int
ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y || x == 0)
			return x - y;
	}
}

char *
sys_find_name(const char *dir, const char *name)
{
	struct sys_entry *v;
	size_t n, i;
	char *p = NULL;

	/* The exact name first, without listing the folder (it may hold thousands of images). */
	if ((p = sys_join(dir, name)) == NULL || sys_kind_of(p, 0) != SYS_NONE)
		return p;
	free(p);
	p = NULL;
	if (sys_list(dir, &v, &n) != 0)
		return NULL;
	for (i = 0; i < n && p == NULL; i++)
		if (ascii_casecmp(v[i].name, name) == 0)
			p = sys_join(dir, v[i].name);
	sys_list_free(v, n);
	return p;
}
