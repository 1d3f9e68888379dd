/* SPDX-License-Identifier: MIT */
/*
 * vssdump: the shadow copies of an NTFS volume, as hvinspect reads them
 * (src/vs/vss.h: our check, then libvshadow), for the tests to set beside
 * libvshadow's own vshadowinfo and The Sleuth Kit's icat.
 *
 *   vssdump IMAGE OFFSET            one line per store: "N {id} created size"
 *   vssdump IMAGE OFFSET N PATH     store N's file PATH (NTFS, '\'-separated) to stdout;
 *                                   exit 1 when the store has no such file
 *
 * IMAGE is any image hvinspect opens; OFFSET the volume's byte offset in it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fs/ntfs.h"
#include "img/img.h"
#include "report/report.h"
#include "vs/vss.h"

static int
die(const char *what, const struct err *e)
{
	fprintf(stderr, "vssdump: %s: %s\n", what, err_msg(e));
	return 2;
}

/* Close what both paths opened; 0. */
static int
done(struct vss *v, struct reader *vol, struct image *im, struct image_info *info)
{
	vss_close(v);
	reader_close(vol);
	image_close(im);
	image_info_free(info);
	return 0;
}

int
main(int argc, char **argv)
{
	struct image_info info;
	struct image *im;
	struct reader *vol, *sr, *f = NULL;
	struct vss *v = NULL;
	struct vss_store_info si;
	struct ntfs *n;
	struct err e ERR_AUTO = ERR_INIT;
	char iso[32];
	uint8_t buf[65536];
	uint64_t off;
	size_t i, want;
	int rc;

	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: vssdump IMAGE OFFSET [N PATH]\n");
		return 2;
	}
	err_clear(&e);
	off = strtoull(argv[2], NULL, 0);
	if ((im = image_open(argv[1], NULL, &info, &e)) == NULL)
		return die(argv[1], &e);
	if ((vol = reader_sub_open(image_reader(im), off, image_reader(im)->size - off, "volume", &e)) == NULL)
		return die("volume", &e);
	if ((rc = vss_open(vol, &v, &e)) < 0)
		return die("shadow copies", &e);
	if (argc == 3) {
		printf("stores %zu\n", rc ? vss_count(v) : 0);
		for (i = 0; rc && i < vss_count(v); i++) {
			if ((sr = vss_store_open(v, i, &si, &e)) == NULL)
				return die("store", &e);
			filetime_iso(si.created, iso);
			printf("store %zu {%s} %s %llu\n", i + 1, si.id, iso, (unsigned long long)si.volume_size);
			reader_close(sr);
		}
		return done(v, vol, im, &info);
	}
	want = strtoul(argv[3], NULL, 10);
	if (rc == 0 || want < 1 || want > vss_count(v) || (sr = vss_store_open(v, want - 1, &si, &e)) == NULL)
		return die("store", &e);
	if ((n = ntfs_open(sr, &e)) == NULL)
		return die("NTFS in the store", &e);
	ntfs_library_lookups(n);
	if ((rc = ntfs_open_file(n, argv[4], "file", &f, &e)) <= 0)
		return rc == 0 ? 1 : die(argv[4], &e);
	for (off = 0; off < f->size; off += want) {
		want = f->size - off < sizeof buf ? (size_t)(f->size - off) : sizeof buf;
		if (reader_read_full(f, buf, want, off, &e) != 0)
			return die(argv[4], &e);
		fwrite(buf, 1, want, stdout);
	}
	reader_close(f);
	ntfs_close(n);
	reader_close(sr);
	return done(v, vol, im, &info);
}
