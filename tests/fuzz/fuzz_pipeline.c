/* SPDX-License-Identifier: MIT */
/*
 * fuzz_pipeline.c: libFuzzer harness: the whole inspection (inspect_image:
 * image sniffing, libvhdi or our VHD/VHDX readers, partitions, NTFS,
 * hives, facts, verdict, --key, --cross-check for inputs of odd size,
 * --history for a third of them, and every output mode: emit_check.h) on
 * and first -r's peek at the files that go with it (image_files: headers only,
 * what the parent may do), on an image given in the sparse format
 * (sparse.h), written to a memfd and opened by its /proc/self/fd path,
 * since libvhdi opens images by name.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "emit_check.h"
#include "img/img.h"
#include "inspect/inspect.h"
#include "sparse.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sparse s;
	static int fd = -1;
	struct image_report r;
	struct opts o;
	char path[64];
	const char *bad;
	size_t i;

	if (sparse_parse(data, size, &s) != 0)
		return 0;
	if (fd < 0 && (fd = memfd_create("hvfuzz", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) != 0 || ftruncate(fd, s.size) != 0)
		abort();
	for (i = 0; i < s.n; i++)
		if (pwrite(fd, s.c[i].p, s.c[i].len, s.c[i].off) != (ssize_t)s.c[i].len)
			abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	memset(&o, 0, sizeof o);
	{
		/* -r's walk, in the parent: never more than headers (img_open.c's peek) */
		struct err e ERR_AUTO = ERR_INIT;
		struct image_memo *memo = image_memo_new();
		char **files;
		size_t nf;
		int k;
		for (k = 0; k < 2; k++) /* the second time through the memo the first filled */
			if (image_files(path, &o.img, memo, &files, &nf, &e) == 0)
				image_files_free(files, nf);
		image_memo_free(memo);
	}
	o.assume_major = o.assume_minor = -1;
	o.keys[o.nkeys++] = "SOFTWARE\\Microsoft\\Virtual Machine\\Guest\\Parameters";
	o.keys[o.nkeys++] = "SYSTEM\\CurrentControlSet\\Services\\vmickvpexchange";
	/* inputs of odd size also cross-checked: libregf and the libraries read the same damage */
	o.cross_check = size % 2 == 1;
	o.history = size % 3 == 1;
	memset(&r, 0, sizeof r);
	inspect_image(path, &o, &r);
	/* every output mode: a crash or an unescaped byte in text or CSV is a finding too */
	if ((bad = emit_check(&r, 1)) != NULL) {
		fprintf(stderr, "fuzz_pipeline: %s\n", bad);
		abort();
	}
	report_free(&r);
	return 0;
}
