/* SPDX-License-Identifier: MIT */
/*
 * fuzz_lvm.c: libFuzzer harness: LVM2 (vs/lvm.c, vs/lvm_meta.c, io/map.c).
 * An input starting with 'M' is a volume group's metadata text, parsed
 * alone; any other is a disk in the sparse format (sparse.h): its table
 * and volume groups scanned, each logical volume mapped and its first and
 * last bytes read and probed.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fs/volume.h"
#include "sparse.h"
#include "vs/part.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sparse s;
	static uint8_t buf[4096];
	struct err e ERR_AUTO = ERR_INIT;
	struct part_table t;
	struct reader *d, *v;
	struct lvm_vg vg;
	enum fs_kind kind;
	size_t i;

	if (size > 0 && data[0] == 'M') {
		if (lvm_meta_parse((const char *)data + 1, size - 1, &vg, &e) == 0)
			lvm_vg_free(&vg);
		return 0;
	}
	if (sparse_parse(data, size, &s) != 0 || (d = sparse_reader(&s, "disk", &e)) == NULL)
		return 0;
	if (part_scan(d, volume_probe_buf, &t, &e) == 0) {
		for (i = 0; i < t.n; i++) {
			if (t.v[i].scheme != SCHEME_LVM || t.v[i].problem[0])
				continue;
			if ((v = reader_map_open(d, &t.runs[t.v[i].run_first], t.v[i].nruns, "lv", &e)) == NULL) {
				err_clear(&e);
				continue;
			}
			volume_probe(v, &kind, &e);
			if (v->size > sizeof buf)
				reader_read(v, buf, sizeof buf, v->size - sizeof buf + 1, &e);
			err_clear(&e);
			reader_close(v);
		}
	}
	part_table_free(&t);
	reader_close(d);
	return 0;
}
