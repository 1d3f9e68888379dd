/* SPDX-License-Identifier: MIT */
/*
 * fuzz_hivelog.c: libFuzzer harness: registry log replay.  The input is a
 * primary hive and up to two logs: 3 little-endian u32 lengths, then the
 * bytes.  The recovered hive is read (its first MiB: the replay itself is
 * what is under test; reading 64 MiB of overlay per input made 200 runs/s).
 * Then every state the logs hold (--history's hivelog_states), each opened
 * as a hive and its Guest\Parameters looked up, as inspect/pass_history.c does.
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/bytes.h"
#include "reg/hive.h"
#include "reg/hivelog.h"

static int
state(void *ctx, struct reader *r, const char *log, uint32_t seq)
{
	struct hive *h;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;

	(void)log, (void)seq;
	if (++*(unsigned *)ctx > 64)
		return 1;
	if ((h = hive_open(r, &e)) != NULL) {
		if (hive_key_open(h, "Microsoft\\Virtual Machine\\Guest\\Parameters", &k, &e) == 1)
			hive_key_close(k);
		hive_close(h);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[1 << 16];
	struct reader *p, *l1 = NULL, *l2 = NULL, *ov = NULL;
	struct hive_logs logs;
	struct replay rp;
	struct err e ERR_AUTO = ERR_INIT;
	uint64_t off;
	size_t a, b, c;

	if (size < 12)
		return 0;
	a = le32(data), b = le32(data + 4), c = le32(data + 8);
	data += 12;
	size -= 12;
	if (a > size)
		a = size;
	if (b > size - a)
		b = size - a;
	c = size - a - b;
	if ((p = reader_mem_open(data, a, "hive", &e)) == NULL)
		return 0;
	l1 = reader_mem_open(data + a, b, "LOG1", &e);
	l2 = reader_mem_open(data + a + b, c, "LOG2", &e);
	logs = (struct hive_logs){l1, l2, NULL};
	if (hivelog_replay(p, &logs, &ov, &rp, &e) == 0 && ov != NULL) {
		for (off = 0; off < ov->size && off < (1u << 20); off += sizeof buf)
			reader_read(ov, buf, sizeof buf, off, &e);
		reader_close(ov);
	}
	{
		unsigned n = 0;
		struct hivelog_watch w = {state, &n};
		hivelog_states(p, &logs, &w, &e);
	}
	reader_close(l2);
	reader_close(l1);
	reader_close(p);
	return 0;
}
