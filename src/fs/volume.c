/* SPDX-License-Identifier: MIT */
/*
 * volume.c: file-system signatures at the start of a volume.
 * NTFS and BitLocker share the boot-sector layout; BitLocker replaces the
 * OEM id "NTFS    " at offset 3 with "-FVE-FS-" (libyal-findings §6).
 * ReFS has "ReFS\0\0\0\0" there; exFAT "EXFAT   "; FAT has its type string
 * at 54 (FAT12/16) or 82 (FAT32); ext2/3/4 the magic 0xEF53 at 1080.
 */
#include <string.h>

#include "base/bytes.h"
#include "fs/volume.h"

const char *
volume_probe_buf(const uint8_t *b, size_t len)
{
	if (len >= 11) {
		if (memcmp(b + 3, "NTFS    ", 8) == 0)
			return "ntfs";
		if (memcmp(b + 3, "-FVE-FS-", 8) == 0)
			return "bitlocker";
		if (memcmp(b + 3, "ReFS\0\0\0\0", 8) == 0)
			return "refs";
		if (memcmp(b + 3, "EXFAT   ", 8) == 0)
			return "exfat";
	}
	if (len >= 512 && b[510] == 0x55 && b[511] == 0xAA) {
		if (memcmp(b + 54, "FAT1", 4) == 0 || memcmp(b + 82, "FAT32   ", 8) == 0)
			return "fat";
	}
	if (len >= 6 && memcmp(b, "LUKS\xba\xbe", 6) == 0)
		return "luks";
	if (len >= 1082 && le16(b + 1080) == 0xEF53)
		return "ext";
	if (is_zero(b, len < 512 ? len : 512))
		return "empty";
	return "unknown";
}

const char *
volume_probe(struct reader *vol, struct err *e)
{
	uint8_t b[VOLUME_PROBE_LEN];
	ssize_t n;

	n = reader_read(vol, b, sizeof b, 0, e);
	if (n < 0)
		return NULL;
	return volume_probe_buf(b, (size_t)n);
}
