/* SPDX-License-Identifier: MIT */
/*
 * unixfs_body.h: the body of fuzz_ext.c and fuzz_xfs.c: one of our Linux
 * file-system readers (FUZZ_FS, through fs/unixfs.h) on a volume given in
 * the sparse format (sparse.h): the paths a Linux guest's facts need
 * looked up (links followed), each file found read whole in pieces (at
 * most 1 MiB of it), then parsed as a KVP pool.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fs/unixfs.h"
#include "reg/kvppool.h"
#include "sparse.h"

static const char *const paths[] = {
	"/etc/os-release",
	"/var/lib/hyperv/.kvp_pool_3",
	"/var/log/kern.log",
	"/var/lib/many/file-2999",
	"/usr/share/doc/package-59",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sparse s;
	static uint8_t buf[65536];
	struct reader *v, *f;
	struct unixfs *x;
	struct kvp_pool p;
	struct err e ERR_AUTO = ERR_INIT;
	uint64_t off;
	size_t i;

	if (sparse_parse(data, size, &s) != 0 || (v = sparse_reader(&s, "volume", &e)) == NULL)
		return 0;
	if ((x = unixfs_open(v, FUZZ_FS, 0, &e)) != NULL) {
		for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
			if (unixfs_open_file(x, paths[i], "file", &f, &e) != 1) {
				err_clear(&e);
				continue;
			}
			for (off = 0; off < f->size && off < (1u << 20); off += sizeof buf)
				if (reader_read(f, buf, sizeof buf, off, &e) < 0)
					break;
			if (i == 1 && f->size <= sizeof buf && reader_read_full(f, buf, (size_t)f->size, 0, &e) == 0 &&
			    kvp_pool_parse(buf, (size_t)f->size, &p, &e) == 0)
				kvp_pool_free(&p);
			err_clear(&e);
			reader_close(f);
		}
		unixfs_close(x);
	}
	reader_close(v);
	return 0;
}
