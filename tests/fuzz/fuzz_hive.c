/* SPDX-License-Identifier: MIT */
/*
 * fuzz_hive.c: libFuzzer harness: the hive reader (src/hive.c).  The input
 * is a hive file.  Every key is walked (depth and count bounded here, as
 * the callers bound theirs), every value read, and the paths the facts
 * layer looks up are opened by name; then its free cells are scanned for
 * KVP values (--history, reg/freecells.c).
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/utf.h"
#include "reg/freecells.h"
#include "reg/hive.h"

static int want(const char *name) { return utf8_casecmp(name, "HostName") == 0 || name[0] == 'V'; }

#define WALK_DEPTH 8
#define WALK_KEYS  256
#define WALK_NAMES 1024
#define WALK_SUBS  16

static const char *const paths[] = {
	"Microsoft\\Virtual Machine\\Guest\\Parameters",
	"Microsoft\\Windows NT\\CurrentVersion",
	"Select",
	"ControlSet001\\Services\\vmickvpexchange",
	"a\\b\\c\\d\\e\\f\\g\\h\\i\\j",
};

static void
walk(struct hkey *k, int depth, unsigned *keys)
{
	struct regval *v, one;
	size_t nv, ns, nn, i;
	char **names;
	struct err e ERR_AUTO = ERR_INIT;

	if (++*keys > WALK_KEYS || depth > WALK_DEPTH)
		return;
	(void)hive_key_filetime(k);
	if (hive_key_values(k, &v, &nv, &e) == 0)
		regvals_free(v, nv);
	if (hive_key_value(k, "HostingSystemOsMajor", &one, &e) == 1)
		regval_free(&one);
	if (hive_key_nsubkeys(k, &ns, &e) != 0)
		return;
	/* Bounded per key, so one input of 65,536 subkeys cannot take seconds. */
	if (ns <= WALK_NAMES && hive_key_subkeys(k, &names, &nn, &e) == 0)
		strv_free(names, nn);
	for (i = 0; i < ns && i < WALK_SUBS; i++) {
		struct hkey *sub;
		char *name;
		if (hive_key_open_sub(k, i, &sub, &name, &e) != 0)
			continue;
		walk(sub, depth + 1, keys);
		free(name);
		hive_key_close(sub);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader *r;
	struct hive *h;
	struct hkey *k;
	struct err e ERR_AUTO = ERR_INIT;
	unsigned keys = 0;
	size_t i;

	if ((r = reader_mem_open(data, size, "hive", &e)) == NULL)
		return 0;
	if ((h = hive_open(r, &e)) != NULL) {
		if (hive_key_open(h, "", &k, &e) == 1) {
			walk(k, 0, &keys);
			hive_key_close(k);
		}
		for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
			if (hive_key_open(h, paths[i], &k, &e) == 1)
				hive_key_close(k);
		hive_close(h);
	}
	{
		struct free_value *fv;
		size_t nfv;
		if (hive_free_values(r, want, &fv, &nfv, &e) == 0)
			free_values_free(fv, nfv);
	}
	reader_close(r);
	return 0;
}
