/* SPDX-License-Identifier: MIT */
/*
 * notdisk.c: a row for what is no disk image although it is often given as
 * one: compressed and archived files (the usual artifact is disk.vhdx.gz)
 * and a registry hive.  Read raw, each would be "a disk with no Windows"
 * and pass a CI gate such as -R not-offered; this row bids on their
 * signatures (above raw, below every container) and its peek refuses the
 * file, naming the format and what to do, so the image is an error (exit 3:
 * not judged).  Signatures: gzip RFC 1952, xz (its file format spec), zstd
 * RFC 8878, bzip2 "BZh" and a block size, lz4 frame, zip (APPNOTE: a local
 * file header, or the end record of an empty one), 7z, POSIX tar (ustar at
 * 257), and the regf base block.
 */
#include <string.h>

#include "img/driver.h"

struct magic {
	size_t      off, len;
	const char *bytes;
	const char *what, *todo;
};

static const struct magic magics[] = {
	{0, 2, "\x1f\x8b", "gzip-compressed data", "decompress it first (gunzip)"},
	{0, 6, "\xfd" "7zXZ\0", "xz-compressed data", "decompress it first (unxz)"},
	{0, 4, "\x28\xb5\x2f\xfd", "zstd-compressed data", "decompress it first (unzstd)"},
	{0, 4, "\x04\x22\x4d\x18", "lz4-compressed data", "decompress it first (unlz4)"},
	{0, 4, "PK\x03\x04", "a zip archive", "extract the image from it first (unzip)"},
	{0, 4, "PK\x05\x06", "a zip archive (empty)", "extract the image from it first (unzip)"},
	{0, 6, "7z\xbc\xaf\x27\x1c", "a 7z archive", "extract the image from it first (7z x)"},
	{257, 5, "ustar", "a tar archive", "extract the image from it first (tar -x)"},
	{0, 4, "regf", "a registry hive, not a disk image", "read it with --hive"},
};

static const struct magic *
magic_of(const uint8_t *head, size_t nhead)
{
	size_t i;

	for (i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (nhead >= magics[i].off + magics[i].len &&
		    memcmp(head + magics[i].off, magics[i].bytes, magics[i].len) == 0)
			return &magics[i];
	return NULL;
}

/* bzip2: "BZh" and a block size '1' to '9'. */
static int
bzip2(const uint8_t *head, size_t nhead)
{
	return nhead >= 4 && memcmp(head, "BZh", 3) == 0 && head[3] >= '1' && head[3] <= '9';
}

static int
notdisk_bid(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize)
{
	(void)tail, (void)ntail, (void)fsize;
	return magic_of(head, nhead) != NULL || bzip2(head, nhead) ? 2 : 0;
}

static int
notdisk_peek(struct img_level *lv, struct err *e)
{
	uint8_t head[IMG_HEAD];
	size_t n = lv->file->size < sizeof head ? (size_t)lv->file->size : sizeof head;
	const struct magic *m;

	if (reader_read_full(lv->file, head, n, 0, e) != 0)
		return -1;
	if ((m = magic_of(head, n)) != NULL)
		return err_set(e, ERR_UNSUPPORTED, "%s: %s", m->what, m->todo);
	return err_set(e, ERR_UNSUPPORTED, "bzip2-compressed data: decompress it first (bunzip2)");
}

const struct img_driver img_notdisk = {
	.name = "not-a-disk", .exts = "", .label = NULL, .missing = NULL,
	.flags = 0,
	.bid = notdisk_bid, .peek = notdisk_peek,
};
