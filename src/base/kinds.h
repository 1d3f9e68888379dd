/* SPDX-License-Identifier: MIT */
/*
 * kinds.h: the closed sets that cross layers as plain data: how a disk is
 * divided (the partition layer finds it) and what file system a volume
 * holds (the file-system layer finds it); the report prints both and reads
 * them back.  Each an enum with one table of its report words (kinds.c).
 */
#ifndef HV_KINDS_H
#define HV_KINDS_H

/* How a disk is divided. */
enum part_scheme {
	SCHEME_UNREAD, /* no table was read (the disk could not be): no word */
	SCHEME_NONE,   /* "none": a file system from LBA 0, no table */
	SCHEME_MBR,    /* "mbr" */
	SCHEME_GPT,    /* "gpt" */
	SCHEME_LVM,    /* "lvm2": a logical volume of an LVM2 volume group */
	SCHEME_N
};
/* Its word ("mbr", "gpt", "none"), or NULL for SCHEME_UNREAD. */
const char *part_scheme_name(enum part_scheme s);
/* The scheme a word names: 0 with *out set, or -1. */
int part_scheme_named(const char *word, enum part_scheme *out);

/* What a volume holds, by its first bytes. */
enum fs_kind {
	FS_UNKNOWN, FS_EMPTY, FS_NTFS, FS_BITLOCKER, FS_REFS, FS_EXFAT, FS_FAT, FS_LUKS, FS_EXT,
	FS_LVM, FS_XFS, FS_BTRFS,
	FS_NKINDS
};
/* Its word in reports and errors ("ntfs", "empty", "unknown", ...): static; "unknown" out of range. */
const char *fs_kind_name(enum fs_kind k);
/* The kind a word names: 0 with *out set, or -1. */
int fs_kind_named(const char *word, enum fs_kind *out);

#endif
