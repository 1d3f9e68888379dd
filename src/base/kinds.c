/* SPDX-License-Identifier: MIT */
/* kinds.c: kinds.h's words. */
#include "base/kinds.h"
#include "base/names.h"

static const char *const scheme_words[SCHEME_N] = {NULL, "none", "mbr", "gpt", "lvm2"};

static const char *const fs_words[FS_NKINDS] = {
	[FS_UNKNOWN] = "unknown", [FS_EMPTY] = "empty", [FS_NTFS] = "ntfs", [FS_BITLOCKER] = "bitlocker",
	[FS_REFS] = "refs", [FS_EXFAT] = "exfat", [FS_FAT] = "fat", [FS_LUKS] = "luks", [FS_EXT] = "ext",
	[FS_LVM] = "lvm2-pv", [FS_XFS] = "xfs", [FS_BTRFS] = "btrfs",
};

const char *part_scheme_name(enum part_scheme s) { return name_of(scheme_words, SCHEME_N, (int)s); }

int
part_scheme_named(const char *word, enum part_scheme *out)
{
	int v = value_of(scheme_words, SCHEME_N, word);

	if (v <= SCHEME_UNREAD)
		return -1;
	*out = (enum part_scheme)v;
	return 0;
}

const char *
fs_kind_name(enum fs_kind k)
{
	return (unsigned)k < FS_NKINDS ? fs_words[k] : fs_words[FS_UNKNOWN];
}

int
fs_kind_named(const char *word, enum fs_kind *out)
{
	int v = value_of(fs_words, FS_NKINDS, word);

	if (v < 0)
		return -1;
	*out = (enum fs_kind)v;
	return 0;
}
