/* SPDX-License-Identifier: MIT */
/*
 * fuzz_bde.c: libFuzzer harness: a BitLocker volume's FVE metadata
 * (vs/bde.c).  The input is a volume: its header's offsets, the three
 * copies, every entry.  What must hold: the facts kept are within their
 * caps, the description well-formed UTF-8, the copy read one of the three.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "vs/bde.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct bde_info bi;
	struct reader *r;
	size_t n, i, k;

	if ((r = reader_mem_open(data, size, "volume", &e)) == NULL)
		return 0;
	if (bde_read(r, &bi, &e) == 0) {
		if (bi.nprot > BDE_MAX_PROTECTORS || bi.block < 1 || bi.block > 3 || bi.version < 1 || bi.version > 2)
			abort();
		for (n = strlen(bi.description), i = 0; i < n; i += k)
			if ((k = utf8_seq_len(bi.description + i, n - i)) == 0)
				abort();
		(void)bde_state(&bi);
		for (i = 0; i < bi.nprot; i++)
			(void)bde_protection_name(bi.prot[i].protection);
	}
	/* the input as one block, too */
	(void)bde_parse_block(data, size, &bi, &e);
	reader_close(r);
	return 0;
}
