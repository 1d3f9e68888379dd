/* SPDX-License-Identifier: MIT */
/*
 * fuzz_kvppool.c: libFuzzer harness: a Linux guest's KVP pool file
 * (reg/kvppool.c).  Any bytes are a pool: every name and value must come
 * out as well-formed UTF-8 with what was odd flagged, and as a guest's
 * Guest\Parameters (the host's version read from them as from a Windows
 * guest's) in every output, read back from JSONL the same (emit_check.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "emit_check.h"
#include "facts/kvp.h"
#include "facts/verdict.h"
#include "reg/kvppool.h"

static void
well_formed(const char *s)
{
	size_t n = strlen(s), i, k;

	for (i = 0; i < n; i += k)
		if ((k = utf8_seq_len(s + i, n - i)) == 0) {
			fprintf(stderr, "fuzz_kvppool: not UTF-8 at byte %zu\n", i);
			abort();
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvp_pool p;
	struct image_report r;
	struct install *in;
	struct err e ERR_AUTO = ERR_INIT;
	const char *bad;
	size_t i;

	if (kvp_pool_parse(data, size, &p, &e) != 0)
		return 0;
	if (p.n > p.records || p.records * KVP_POOL_RECORD + p.tail != size) {
		fprintf(stderr, "fuzz_kvppool: %zu values of %zu records, tail %zu, of %zu bytes\n", p.n, p.records, p.tail, size);
		abort();
	}
	for (i = 0; i < p.n; i++) {
		well_formed(p.v[i].name);
		well_formed(p.v[i].str);
	}
	memset(&r, 0, sizeof r);
	r.path = "pool";
	if ((in = report_add_install(&r)) != NULL) {
		in->kvp.has_params = 1;
		in->kvp.params = p.v;
		in->kvp.nparams = p.n;
		p.v = NULL;
		p.n = 0;
		kvp_host(&in->kvp, &in->host);
		verdict_host(in);
		if ((bad = emit_check(&r, 0)) != NULL) {
			fprintf(stderr, "fuzz_kvppool: %s\n", bad);
			abort();
		}
	}
	report_free(&r);
	kvp_pool_free(&p);
	return 0;
}
