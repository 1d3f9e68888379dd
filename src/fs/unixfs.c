/* SPDX-License-Identifier: MIT */
/* unixfs.c: ext and XFS behind one interface (unixfs.h): a row per file system and reader. */
#include <stdlib.h>

#include "fs/ext.h"
#include "fs/unixfs.h"
#include "fs/xfs.h"
#include "fs/yalfs.h"

static void *open_ext(struct reader *v, struct err *e) { return ext_open(v, e); }
static void *open_xfs(struct reader *v, struct err *e) { return xfs_open(v, e); }
static int file_ext(void *fs, const char *p, const char *n, struct reader **o, struct err *e) { return ext_open_file(fs, p, n, o, e); }
static int file_xfs(void *fs, const char *p, const char *n, struct reader **o, struct err *e) { return xfs_open_file(fs, p, n, o, e); }
static void close_ext(void *fs) { ext_close(fs); }
static void close_xfs(void *fs) { xfs_close(fs); }
static void *open_fsext(struct reader *v, struct err *e) { return fsext_open(v, e); }
static void *open_fsxfs(struct reader *v, struct err *e) { return fsxfs_open(v, e); }
static int file_fsext(void *fs, const char *p, const char *n, struct reader **o, struct err *e) { return fsext_open_file(fs, p, n, o, e); }
static int file_fsxfs(void *fs, const char *p, const char *n, struct reader **o, struct err *e) { return fsxfs_open_file(fs, p, n, o, e); }
static void close_fsext(void *fs) { fsext_close(fs); }
static void close_fsxfs(void *fs) { fsxfs_close(fs); }

static const struct row {
	enum fs_kind kind;
	int          second;          /* the libyal reader: the cross-check's */
	const char  *reader;
	void *(*open)(struct reader *vol, struct err *e);
	int (*file)(void *fs, const char *path, const char *name, struct reader **out, struct err *e);
	void (*close)(void *fs);
	const char *(*version)(void);
} rows[] = {
	{FS_EXT, 0, "ours", open_ext, file_ext, close_ext, NULL},
	{FS_XFS, 0, "ours", open_xfs, file_xfs, close_xfs, NULL},
	{FS_EXT, 1, "libfsext", open_fsext, file_fsext, close_fsext, fsext_lib_version},
	{FS_XFS, 1, "libfsxfs", open_fsxfs, file_fsxfs, close_fsxfs, fsxfs_lib_version},
};

struct unixfs {
	const struct row *row;
	void             *fs;
};

static const struct row *
row_of(enum fs_kind kind, int second)
{
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (rows[i].kind == kind && rows[i].second == second)
			return &rows[i];
	return NULL;
}

int
unixfs_reads(enum fs_kind kind)
{
	return row_of(kind, 0) != NULL;
}

const char *
unixfs_second_reader(enum fs_kind kind, const char **version)
{
	const struct row *r = row_of(kind, 1);

	*version = r != NULL ? r->version() : NULL;
	return r != NULL ? r->reader : NULL;
}

struct unixfs *
unixfs_open(struct reader *vol, enum fs_kind kind, int second, struct err *e)
{
	const struct row *r = row_of(kind, second);
	struct unixfs *u;

	if (r == NULL) {
		err_set(e, ERR_UNSUPPORTED, "%s: not a file system we read", fs_kind_name(kind));
		return NULL;
	}
	if ((u = calloc(1, sizeof *u)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	u->row = r;
	if ((u->fs = r->open(vol, e)) == NULL) {
		free(u);
		return NULL;
	}
	return u;
}

int
unixfs_open_file(struct unixfs *u, const char *path, const char *name, struct reader **out, struct err *e)
{
	return u->row->file(u->fs, path, name, out, e);
}

void
unixfs_close(struct unixfs *u)
{
	if (u == NULL)
		return;
	u->row->close(u->fs);
	free(u);
}
