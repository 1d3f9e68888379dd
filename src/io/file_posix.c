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

#include "io/reader.h"

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

/* What a path that is not an image file is, in words. */
static const char *
kind(mode_t m)
{
	if (S_ISDIR(m))
		return "is a folder (use -r to inspect the images below it)";
	if (S_ISFIFO(m))
		return "is a FIFO (named pipe), not a file: not opened";
	if (S_ISSOCK(m))
		return "is a socket, not a file: not opened";
	if (S_ISCHR(m))
		return "is a character device, not a file or a disk: not opened";
	return "is not a regular file or a block device: not opened";
}

struct reader *
rd_file_open(const char *path, struct err *e)
{
	struct reader *r;
	struct file *f;
	struct stat st;
	uint64_t size;
	int fd;

	/*
	 * Only a regular file or a block device is ever read: anything else is
	 * refused before it is opened for reading (a FIFO would block open and
	 * read, a character device could act), then checked again on what was
	 * opened, non-blocking, in case the name changed in between.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		err_set(e, ERR_IO, "%s", kind(st.st_mode));
		return NULL;
	}
	/* O_NOATIME keeps even the access time of evidence files unchanged when we own them. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME | O_NONBLOCK);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
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
		err_set(e, ERR_IO, "%s", kind(st.st_mode));
		goto fail;
	}
	/* Reads of a regular file or a disk never block; back to the ordinary mode all the same. */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
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
