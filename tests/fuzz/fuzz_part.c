/* SPDX-License-Identifier: MIT */
/* fuzz_part.c: libFuzzer harness: partition tables and file-system probes on a disk in memory. */
#include <stddef.h>
#include <stdint.h>

#include "vs/part.h"
#include "fs/volume.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct part_table t;
	struct reader *r;
	struct err e ERR_AUTO = ERR_INIT;
	size_t i;

	if ((r = reader_mem_open(data, size, "disk", &e)) == NULL)
		return 0;
	r->sector_size = size > 0 && (data[0] & 1) ? 4096 : 512;
	if (part_scan(r, volume_probe_buf, &t, &e) == 0) {
		for (i = 0; i < t.n; i++) {
			struct reader *v;
			enum fs_kind kind;
			if (t.v[i].problem[0])
				continue;
			if ((v = reader_sub_open(r, t.v[i].first_byte, t.v[i].nbytes, "p", &e)) != NULL) {
				volume_probe(v, &kind, &e);
				reader_close(v);
			}
		}
	}
	part_table_free(&t);
	reader_close(r);
	return 0;
}
