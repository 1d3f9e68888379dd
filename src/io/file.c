/* SPDX-License-Identifier: MIT */
/*
 * file.c: a host file as a reader, over the system layer's reads by offset
 * (sys_file_read: pread on POSIX, ReadFile with an offset on Windows).  The
 * only place image data enters from the host.  Read-only: nothing is ever
 * written; only regular files and block devices are opened (sys.h).
 */
#include "io/reader.h"
#include "sys/sys.h"

struct file {
	struct sys_file *f;
};

static ssize_t
file_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct file *f = r->ctx;
	char why[256];
	long long n = sys_file_read(f->f, buf, len, off, why, sizeof why);

	if (n < 0)
		return err_set(e, ERR_IO, "read at 0x%llx: %s", (unsigned long long)off, why);
	return (ssize_t)n;
}

static void
file_close(struct reader *r)
{
	struct file *f = r->ctx;

	sys_file_close(f->f);
}

struct reader *
rd_file_open(const char *path, struct err *e)
{
	struct sys_file *sf;
	struct reader *r;
	uint64_t size = 0;
	char why[256];

	if ((sf = sys_file_open(path, &size, why, sizeof why)) == NULL) {
		err_set(e, ERR_IO, "%s", why);
		return NULL;
	}
	if ((r = reader_alloc(sizeof(struct file), path, e)) == NULL) {
		sys_file_close(sf);
		return NULL;
	}
	((struct file *)r->ctx)->f = sf;
	r->size = size;
	r->read_at = file_read;
	r->close = file_close;
	return r;
}
