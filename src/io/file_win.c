/* SPDX-License-Identifier: MIT */
/*
 * rd_file_win.c: rd_file.c on Windows: a host file (or a disk device such as
 * \\.\PhysicalDrive1) as a reader, opened for reading only, shared with
 * writers (a VM host may have it open), read at offsets (ReadFile with an
 * OVERLAPPED offset on a synchronous handle).
 */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>

#include "io/reader.h"

struct file {
	HANDLE h;
};

/* The system's message for the last error, without its line break. */
static const char *
why(char *buf, size_t cap)
{
	DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, GetLastError(),
	    0, buf, (DWORD)cap, NULL);

	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	if (n == 0)
		snprintf(buf, cap, "error %lu", (unsigned long)GetLastError());
	return buf;
}

static ssize_t
file_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct file *f = r->ctx;
	OVERLAPPED ov;
	DWORD got = 0;
	char m[256];

	if (len > 0x40000000u)
		len = 0x40000000u;
	memset(&ov, 0, sizeof ov);
	ov.Offset = (DWORD)off;
	ov.OffsetHigh = (DWORD)(off >> 32);
	if (!ReadFile(f->h, buf, (DWORD)len, &got, &ov)) {
		if (GetLastError() == ERROR_HANDLE_EOF)
			return 0;
		return err_set(e, ERR_IO, "read at 0x%llx: %s", (unsigned long long)off, why(m, sizeof m));
	}
	return (ssize_t)got;
}

static void
file_close(struct reader *r)
{
	struct file *f = r->ctx;

	if (f->h != INVALID_HANDLE_VALUE)
		CloseHandle(f->h);
}

struct reader *
rd_file_open(const char *path, struct err *e)
{
	struct reader *r;
	struct file *f;
	LARGE_INTEGER sz;
	GET_LENGTH_INFORMATION gl;
	DWORD attr = GetFileAttributesA(path), got;
	HANDLE h;
	char m[256];

	if (attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY)) {
		err_set(e, ERR_IO, "is a folder (use -r to inspect the images below it)");
		return NULL;
	}
	h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	    OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		err_set(e, ERR_IO, "%s", why(m, sizeof m));
		return NULL;
	}
	if (GetFileType(h) != FILE_TYPE_DISK) {
		err_set(e, ERR_IO, "not a regular file");
		goto fail;
	}
	if (DeviceIoControl(h, IOCTL_DISK_GET_LENGTH_INFO, NULL, 0, &gl, sizeof gl, &got, NULL))
		sz = gl.Length; /* a disk device */
	else if (!GetFileSizeEx(h, &sz)) {
		err_set(e, ERR_IO, "%s", why(m, sizeof m));
		goto fail;
	}
	if ((r = reader_alloc(sizeof *f, path, e)) == NULL)
		goto fail;
	f = r->ctx;
	f->h = h;
	r->size = (uint64_t)sz.QuadPart;
	r->read_at = file_read;
	r->close = file_close;
	return r;
fail:
	CloseHandle(h);
	return NULL;
}
