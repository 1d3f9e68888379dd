/* SPDX-License-Identifier: MIT */
/*
 * fuzz_vss.c: libFuzzer harness: volume shadow copies (--history).  The
 * input is an NTFS volume in the sparse format (sparse.h).  Our check of
 * the VSS structures (vss_check.c), then, when it accepts them, libvshadow
 * through our libbfio handle (vss.c): every store opened and its first
 * blocks and those past its 1 MiB read (where the generated seed's
 * changed blocks are), as inspect/pass_history.c reads them.
 */
#include <stdint.h>
#include <stdlib.h>

#include "sparse.h"
#include "vs/vss.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sparse s;
	static uint8_t buf[16384];
	struct vss_store_info info;
	struct reader *v, *sr;
	struct vss *vs;
	struct err e ERR_AUTO = ERR_INIT;
	size_t i, n;

	if (sparse_parse(data, size, &s) != 0 || (v = sparse_reader(&s, "volume", &e)) == NULL)
		return 0;
	(void)vss_check(v, &n, &e);
	if (vss_open(v, &vs, &e) == 1) {
		for (i = 0; i < vss_count(vs); i++) {
			if ((sr = vss_store_open(vs, i, &info, &e)) == NULL)
				continue;
			reader_read(sr, buf, sizeof buf, 0, &e);
			reader_read(sr, buf, sizeof buf, 1u << 20, &e);
			reader_close(sr);
		}
		vss_close(vs);
	}
	reader_close(v);
	return 0;
}
