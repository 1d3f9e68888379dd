/* SPDX-License-Identifier: MIT */
/*
 * fuzz_jsonl.c: libFuzzer harness: --from-jsonl's reader (report/json_in.c).
 * The input is one line of a JSONL file, which may come from anywhere; when
 * it reads as a record, it is printed in every output mode and checked as
 * the sweeps check an inspection's record (emit_check.h: no control byte,
 * no markup, and JSONL that reads back into itself).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "emit_check.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_report r;
	struct err e ERR_AUTO = ERR_INIT;
	const char *bad;
	int asked;

	if (report_from_json((const char *)data, size, &r, &asked, &e) != 0)
		return 0;
	if ((bad = emit_check(&r, asked)) != NULL) {
		fprintf(stderr, "fuzz_jsonl: %s\n", bad);
		abort();
	}
	report_free(&r);
	return 0;
}
