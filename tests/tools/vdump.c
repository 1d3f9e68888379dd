/* SPDX-License-Identifier: MIT */
/*
 * vdump: write the whole virtual disk of IMAGE, read through hvinspect's
 * image layer (chains and all), to stdout, so tests can compare it byte for
 * byte with the disk it must be.   usage: vdump [-P DIR]... IMAGE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "img/img.h"

int
main(int argc, char **argv)
{
	static uint8_t buf[1 << 20];
	struct image_opts io;
	struct image_info info;
	struct image *im;
	struct reader *r;
	struct err e ERR_AUTO = ERR_INIT;
	uint64_t off;
	int i;

	memset(&io, 0, sizeof io);
	for (i = 1; i + 1 < argc && strcmp(argv[i], "-P") == 0 && io.nparent_dirs < IMG_MAX_DIRS; i += 2)
		io.parent_dirs[io.nparent_dirs++] = argv[i + 1];
	if (i != argc - 1) {
		fprintf(stderr, "usage: vdump [-P DIR]... IMAGE\n");
		return 2;
	}
	if ((im = image_open(argv[i], &io, &info, &e)) == NULL) {
		fprintf(stderr, "vdump: %s: %s\n", argv[i], err_msg(&e));
		return 3;
	}
	r = image_reader(im);
	for (off = 0; off < r->size; off += sizeof buf) {
		size_t n = r->size - off < sizeof buf ? (size_t)(r->size - off) : sizeof buf;
		if (reader_read_full(r, buf, n, off, &e) != 0) {
			fprintf(stderr, "vdump: %s: %s\n", argv[i], err_msg(&e));
			return 3;
		}
		if (fwrite(buf, 1, n, stdout) != n)
			return 1;
	}
	image_close(im);
	image_info_free(&info);
	return 0;
}
