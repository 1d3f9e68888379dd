/* SPDX-License-Identifier: MIT */
/*
 * volume.c: file-system signatures at the start of a volume.
 * NTFS and BitLocker share the boot-sector layout; BitLocker replaces the
 * OEM id "NTFS    " at offset 3 with "-FVE-FS-" (docs/sources.md L6).
 * ReFS has "ReFS\0\0\0\0" there; exFAT "EXFAT   "; FAT has its type string
 * at 54 (FAT12/16) or 82 (FAT32); ext2/3/4 the magic 0xEF53 at 1080; XFS
 * "XFSB" at 0; an LVM2 physical volume "LABELONE" and "LVM2 001" in one of
 * its first four sectors (vs/lvm.h reads it).  Btrfs keeps "_BHRfS_M" at
 * 64 KiB + 64, past the bytes probed: it is named only when a caller gives
 * that much.
 */
#include <string.h>

#include "base/bytes.h"
#include "fs/ext.h"
#include "fs/volume.h"
#include "fs/xfs.h"

enum fs_kind
volume_kind_buf(const uint8_t *b, size_t len)
{
	size_t s;

	if (len >= 11) {
		if (memcmp(b + 3, "NTFS    ", 8) == 0)
			return FS_NTFS;
		if (memcmp(b + 3, "-FVE-FS-", 8) == 0)
			return FS_BITLOCKER;
		if (memcmp(b + 3, "ReFS\0\0\0\0", 8) == 0)
			return FS_REFS;
		if (memcmp(b + 3, "EXFAT   ", 8) == 0)
			return FS_EXFAT;
	}
	if (len >= 512 && b[510] == 0x55 && b[511] == 0xAA) {
		if (memcmp(b + 54, "FAT1", 4) == 0 || memcmp(b + 82, "FAT32   ", 8) == 0)
			return FS_FAT;
	}
	if (len >= 6 && memcmp(b, "LUKS\xba\xbe", 6) == 0)
		return FS_LUKS;
	if (ext_probe(b, len))
		return FS_EXT;
	if (xfs_probe(b, len))
		return FS_XFS;
	if (len >= 0x10048 && memcmp(b + 0x10040, "_BHRfS_M", 8) == 0)
		return FS_BTRFS;
	for (s = 0; s < 4 && (s + 1) * 512 <= len; s++)
		if (memcmp(b + s * 512, "LABELONE", 8) == 0 && memcmp(b + s * 512 + 24, "LVM2 001", 8) == 0)
			return FS_LVM;
	if (is_zero(b, len < 512 ? len : 512))
		return FS_EMPTY;
	return FS_UNKNOWN;
}

const char *
volume_probe_buf(const uint8_t *b, size_t len)
{
	return fs_kind_name(volume_kind_buf(b, len));
}

int
volume_probe(struct reader *vol, enum fs_kind *kind, struct err *e)
{
	uint8_t b[VOLUME_PROBE_LEN];
	ssize_t n;

	if ((n = reader_read(vol, b, sizeof b, 0, e)) < 0)
		return -1;
	*kind = volume_kind_buf(b, (size_t)n);
	return 0;
}
