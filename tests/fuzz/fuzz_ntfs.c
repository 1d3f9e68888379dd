/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ntfs.c: libFuzzer harness: the NTFS layer on a volume given in the
 * sparse format (sparse.h): our $I30 index walk (ntfs_index.c) and the
 * libfsntfs adapter through our libbfio handle (bfio.c, ntfs.c), then the
 * hive reader on the file found.
 */
#include <stdint.h>
#include <stdlib.h>

#include "reg/hive.h"
#include "fs/ntfs.h"
#include "fs/ntfs_index.h"
#include "sparse.h"

static const char *const paths[] = {
	"\\Windows\\System32\\config\\SOFTWARE",
	"\\Windows\\System32\\config\\SYSTEM",
	"\\Windows\\System32\\config\\SOFTWARE.LOG1",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sparse s;
	static uint8_t buf[4096];
	struct reader *v, *f;
	struct ntidx *x;
	struct ntfs *n;
	struct hive *h;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;
	uint64_t mft;
	size_t i;

	if (sparse_parse(data, size, &s) != 0 || (v = sparse_reader(&s, "volume", &e)) == NULL)
		return 0;
	if ((x = ntidx_open(v, &e)) != NULL) {
		for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
			ntidx_lookup(x, paths[i], &mft, &e);
		ntidx_close(x);
	}
	if ((n = ntfs_open(v, &e)) != NULL) {
		for (i = 0; i < 2; i++) {
			if (ntfs_open_file(n, paths[i], "hive", &f, &e) != 1)
				continue;
			reader_read(f, buf, sizeof buf, 0, &e);
			if ((h = hive_open(f, &e)) != NULL) {
				if (hive_key_open(h, "Microsoft\\Virtual Machine\\Guest\\Parameters", &k, &e) == 1)
					hive_key_close(k);
				hive_close(h);
			}
			reader_close(f);
		}
		ntfs_close(n);
	}
	reader_close(v);
	return 0;
}
