/* SPDX-License-Identifier: MIT */
/*
 * fuzz_vdisk.c: libFuzzer harness: our VHD and VHDX readers (and VHDX log
 * replay) on a file given in the sparse format (sparse.h), over an
 * all-zero parent, reading the start, the end and a few blocks of the
 * virtual disk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sparse.h"
#include "img/vdisk.h"
#include "img/vhdx_log.h"

static void
exercise(struct reader *d)
{
	static uint8_t buf[1 << 16];
	struct reader *z;
	struct err e ERR_AUTO = ERR_INIT;
	uint64_t offs[4];
	int i;

	if ((z = reader_zero_open(d->size, "parent", &e)) == NULL)
		return;
	rd_vdisk_set_parent(d, z, &e);
	offs[0] = 0;
	offs[1] = d->size > sizeof buf ? d->size - sizeof buf : 0;
	offs[2] = d->size / 2;
	offs[3] = d->size / 3;
	for (i = 0; i < 4; i++)
		reader_read(d, buf, sizeof buf, offs[i], &e);
	reader_close(z);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sparse s;
	struct vdisk_info info;
	struct vhdxlog_result res;
	struct reader *f, *d, *ov = NULL;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t sig[8];

	if (sparse_parse(data, size, &s) != 0 || (f = sparse_reader(&s, "file", &e)) == NULL)
		return 0;
	if (reader_read(f, sig, 8, 0, &e) == 8 && memcmp(sig, "vhdxfile", 8) == 0) {
		if ((d = rd_vhdx_open(f, &info, &e)) != NULL) {
			exercise(d);
			if (info.log_pending && vhdxlog_replay(f, &info, &ov, &res, &e) == 0 && ov != NULL) {
				struct reader *d2 = rd_vhdx_open(ov, &info, &e);
				if (d2 != NULL) {
					exercise(d2);
					reader_close(d2);
				}
				reader_close(ov);
			}
			reader_close(d);
		}
	} else if ((d = rd_vhd_open(f, &info, &e)) != NULL) {
		exercise(d);
		reader_close(d);
	}
	reader_close(f);
	return 0;
}
