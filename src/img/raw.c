/* SPDX-License-Identifier: MIT */
/*
 * raw.c: the raw driver (a dd image, a block device): the file is the disk.
 * It bids 1 on anything, so it is what is left when no container's
 * signature is found.  A raw file records no sector size: 512 until the
 * partition layer finds a 4Kn table (IMG_SECTOR_GUESSED).
 */
#include "img/driver.h"

/* Smaller than one sector cannot hold a partition table or a boot sector. */
#define RAW_MIN_SIZE 512u

static int
raw_bid(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize)
{
	(void)head, (void)nhead, (void)tail, (void)ntail, (void)fsize;
	return 1;
}

static int
raw_peek(struct img_level *lv, struct err *e)
{
	lv->size = lv->file->size;
	if (lv->size < RAW_MIN_SIZE)
		return err_set(e, ERR_FORMAT, "%llu bytes: too small to be a disk image", (unsigned long long)lv->size);
	return 0;
}

const struct img_driver img_raw = {
	.name = "raw", .exts = ".img .raw .dd", .label = NULL, .missing = NULL,
	.flags = IMG_SECTOR_GUESSED | IMG_NO_SIGNATURE,
	.bid = raw_bid, .peek = raw_peek,
};
