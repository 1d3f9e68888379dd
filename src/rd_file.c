/* SPDX-License-Identifier: MIT */
/*
 * rd_file.c: a host file as a reader (pread).  The only place that touches
 * the host file system for image data.  Opened O_RDONLY: we never write.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader.h"

#ifndef O_NOATIME
#define O_NOATIME 0 /* Linux only; elsewhere the access time is the system's business */
#endif

struct file {
	int fd;
};

static ssize_t
file_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct file *f = r->ctx;
	ssize_t n;

	do
		n = pread(f->fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return err_set(e, ERR_IO, "read at 0x%llx: %s", (unsigned long long)off,
		    strerror(errno));
	return n;
}

static void
file_close(struct reader *r)
{
	struct file *f = r->ctx;

	if (f->fd >= 0)
		close(f->fd);
}

struct reader *
rd_file_open(const char *path, struct err *e)
{
	struct reader *r;
	struct file *f;
	struct stat st;
	uint64_t size;
	int fd;

	/* O_NOATIME keeps even the access time of evidence files unchanged when we own them. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, ERR_IO, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		err_set(e, ERR_IO, "%s", strerror(errno));
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		size = (uint64_t)st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		/* A block device (an evidence disk behind a write blocker): its size by seeking. */
		off_t end = lseek(fd, 0, SEEK_END);
		if (end < 0) {
			err_set(e, ERR_IO, "%s", strerror(errno));
			goto fail;
		}
		size = (uint64_t)end;
	} else {
		err_set(e, ERR_IO, "%s", S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		goto fail;
	}
	if ((r = reader_alloc(sizeof *f, path, e)) == NULL)
		goto fail;
	f = r->ctx;
	f->fd = fd;
	r->size = size;
	r->read_at = file_read;
	r->close = file_close;
	return r;
fail:
	close(fd);
	return NULL;
}
