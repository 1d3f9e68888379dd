/* SPDX-License-Identifier: MIT */
/*
 * part.c: which partition scheme a disk has, and the shared bits.
 *
 * Rules, in order (UEFI 2.x §5.2.3 for the protective MBR):
 *  - a file system at LBA 0 (NTFS boot sector, ...) means a bare volume;
 *  - a protective MBR (a 0xEE slot) means GPT: primary, else the backup; if
 *    neither is valid that is an error, never a silent fallback to the MBR;
 *  - an MBR without 0xEE is authoritative, even with a stale GPT header left
 *    at LBA 1 (a warning says so); no 0x55AA but a valid GPT: GPT;
 *  - otherwise no table.
 * Then an LVM2 physical volume among the partitions (or the whole disk)
 * adds its volume group's logical volumes (lvm.h).
 * The LBA size is the image's logical sector size.  A raw image has none, so
 * a GPT found only at byte 4096 means 4096-byte sectors (4Kn).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs/part.h"

static int
has_gpt_sig(struct reader *disk, uint32_t lba_size)
{
	uint8_t b[8];
	struct err e ERR_AUTO = ERR_INIT;

	return reader_read_full(disk, b, 8, lba_size, &e) == 0 && memcmp(b, "EFI PART", 8) == 0;
}

/* Sort by index: GPT entries come in table order already, MBR logicals after primaries. */
static int
by_idx(const void *a, const void *b)
{
	const struct part *x = a, *y = b;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static int
is_container(const struct part *p)
{
	return p->mbr_type == 0x05 || p->mbr_type == 0x0f || p->mbr_type == 0x85;
}

/*
 * Two partitions of one table sharing bytes: a damaged or hostile table
 * (an extended container holds its logicals by design and is skipped).
 * The later one is listed with a problem and not read, so one volume is
 * never inspected, or reported, twice.
 */
static void
mark_overlaps(struct part_table *t)
{
	size_t i, j;

	for (j = 0; j < t->n; j++) {
		struct part *b = &t->v[j];
		if (b->problem[0] || is_container(b) || b->nbytes == 0)
			continue;
		for (i = 0; i < j; i++) {
			const struct part *a = &t->v[i];
			if (a->problem[0] || is_container(a) || a->nbytes == 0)
				continue;
			if (a->first_byte < b->first_byte + b->nbytes && b->first_byte < a->first_byte + a->nbytes) {
				snprintf(b->problem, sizeof b->problem,
				    "overlaps partition %u (bytes 0x%llx..0x%llx): not read", a->idx,
				    (unsigned long long)a->first_byte,
				    (unsigned long long)(a->first_byte + a->nbytes - 1));
				break;
			}
		}
	}
}

/* How many partitions of t (not containers, not refused) start with a known file system. */
static unsigned
known_volumes(struct reader *disk, part_probe_fn probe, const struct part_table *t)
{
	uint8_t buf[PART_PROBE_LEN];
	const char *fs;
	unsigned n = 0;
	size_t i;
	ssize_t got;
	struct err e ERR_AUTO = ERR_INIT;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].problem[0] || is_container(&t->v[i]))
			continue;
		if ((got = reader_read(disk, buf, sizeof buf, t->v[i].first_byte, &e)) <= 0)
			continue;
		fs = probe(buf, (size_t)got);
		n += strcmp(fs, "empty") != 0 && strcmp(fs, "unknown") != 0;
	}
	return n;
}

/* The first partition of t that lies past the end of the disk (an impossible table), or NULL. */
static const struct part *
past_end(const struct part_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strncmp(t->v[i].problem, "extends past the end", 20) == 0)
			return &t->v[i];
	return NULL;
}

/*
 * An MBR says nothing of the sector size, and a raw file neither.  Read
 * with 512-byte sectors, a 4Kn disk's table is impossible (an EBR without
 * its signature, a partition past the end: why512 says which) or points at
 * no volume.  The 4096 reading is the disk's when it is possible and
 * either the 512 one was not, or only the 4096 one finds known file
 * systems.  Then t holds it and the warning says so; else t is unchanged
 * and 0 is returned.
 */
static int
try_4kn_mbr(struct reader *disk, part_probe_fn probe, const struct mbr_entry m[4], struct part_table *t,
    const char *why512)
{
	struct part_table k;
	struct err e ERR_AUTO = ERR_INIT;

	memset(&k, 0, sizeof k);
	k.lba_size = 4096;
	if (mbr_scan(disk, m, &k, &e) == 0 && past_end(&k) == NULL &&
	    (why512 != NULL || known_volumes(disk, probe, &k) > 0)) {
		part_table_free(t);
		*t = k;
		if (why512 != NULL)
			snprintf(t->warning, sizeof t->warning, "MBR read with 4096-byte sectors: with 512 the "
			    "table is impossible (%.200s)", why512);
		else
			snprintf(t->warning, sizeof t->warning,
			    "MBR read with 4096-byte sectors: with 512 no partition holds a known file system "
			    "(a 4Kn disk in a container that does not say so)");
		return 1;
	}
	part_table_free(&k);
	return 0;
}

/* The table of disk (MBR, GPT, or none), before LVM. */
static int
scan_table(struct reader *disk, part_probe_fn probe, struct part_table *t, struct err *e)
{
	uint8_t lba0[PART_PROBE_LEN];
	struct mbr_entry m[4];
	struct err me ERR_AUTO = ERR_INIT;
	const char *fs;
	uint32_t ss = disk->sector_size, other = ss == 512 ? 4096 : 512;
	ssize_t n;
	int mbr_ok, has_ee = 0, i;

	memset(t, 0, sizeof *t);
	t->lba_size = ss;
	if (ss != 512 && ss != 4096)
		return err_set(e, ERR_UNSUPPORTED, "logical sector size %u", ss);
	memset(lba0, 0, sizeof lba0);
	if ((n = reader_read(disk, lba0, sizeof lba0, 0, e)) < 0)
		return err_ctx(e, "LBA 0");
	fs = probe(lba0, (size_t)n);
	if (strcmp(fs, "empty") != 0 && strcmp(fs, "unknown") != 0) {
		struct part *p;
		t->scheme = SCHEME_NONE;
		if ((p = part_add(t, e)) == NULL)
			return -1;
		p->idx = 1;
		p->scheme = SCHEME_NONE;
		p->nbytes = disk->size;
		return 0;
	}
	err_clear(&me);
	mbr_ok = mbr_parse(lba0, (size_t)n, m, &me) == 0;
	for (i = 0; mbr_ok && i < 4; i++)
		if (m[i].type == 0xEE)
			has_ee = 1;
	if (has_ee || !mbr_ok) {
		uint32_t lba = ss;
		if (!has_gpt_sig(disk, ss) && has_gpt_sig(disk, other))
			lba = other; /* e.g. a raw 4Kn disk */
		if (gpt_scan(disk, lba, t, e) == 0)
			goto done;
		if (has_ee)
			return -1;
		part_table_free(t);
		memset(t, 0, sizeof *t);
		t->lba_size = ss;
	}
	if (!mbr_ok) {
		t->scheme = SCHEME_NONE;
		snprintf(t->warning, sizeof t->warning,
		    "no partition table and no known file system at LBA 0");
		return 0;
	}
	if (mbr_scan(disk, m, t, e) != 0) {
		if (ss != 512 || !try_4kn_mbr(disk, probe, m, t, err_msg(e)))
			return -1;
		err_clear(e);
	} else if (ss == 512) {
		const struct part *p = past_end(t);
		char why[160];
		if (p != NULL)
			snprintf(why, sizeof why, "partition %u %.120s", p->idx, p->problem);
		if (p != NULL || known_volumes(disk, probe, t) == 0)
			try_4kn_mbr(disk, probe, m, t, p != NULL ? why : NULL);
	}
	if (has_gpt_sig(disk, ss))
		snprintf(t->warning, sizeof t->warning,
		    "a GPT header at LBA 1 is ignored: the MBR has no protective (0xEE) entry");
done:
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, by_idx);
	mark_overlaps(t);
	return 0;
}

int
part_scan(struct reader *disk, part_probe_fn probe, struct part_table *t, struct err *e)
{
	if (scan_table(disk, probe, t, e) != 0)
		return -1;
	/* the logical volumes of the LVM physical volumes among the partitions (or the disk) */
	return lvm_scan(disk, t, e);
}

/* Types from UEFI 2.x Table 5-7 and Microsoft's partition type list. */
static const struct {
	const char *type, *name;
} types[] = {
	{"c12a7328-f81f-11d2-ba4b-00a0c93ec93b", "EFI system"},
	{"e3c9e316-0b5c-4db8-817d-f92df00215ae", "Microsoft reserved"},
	{"ebd0a0a2-b9e5-4433-87c0-68b6b72699c7", "Microsoft basic data"},
	{"de94bba4-06d1-4d40-a16a-bfd50179d6ac", "Windows recovery"},
	{"5808c8aa-7e8f-42e0-85d2-e1e90434cfb3", "Windows LDM metadata"},
	{"af9b60a0-1431-4f62-bc68-3311714a69ad", "Windows LDM data"},
	{"e75caf8f-f680-4cee-afa3-b001e56efc2d", "Windows storage spaces"},
	{"0fc63daf-8483-4772-8e79-3d69d8477de4", "Linux file system"},
	{"0657fd6d-a4ab-43c4-84e5-0933c84b4f4f", "Linux swap"},
	{"e6d6d379-f507-44c2-a23c-238f2a3df928", "Linux LVM"},
	{"21686148-6449-6e6f-744e-656564454649", "BIOS boot"},
	{"0x07", "NTFS/exFAT/IFS"},
	{"0x27", "Windows recovery"},
	{"0x0b", "FAT32"},
	{"0x0c", "FAT32 (LBA)"},
	{"0x06", "FAT16"},
	{"0x0e", "FAT16 (LBA)"},
	{"0x42", "Windows LDM (dynamic disk)"},
	{"0x83", "Linux"},
	{"0x82", "Linux swap"},
	{"0x8e", "Linux LVM"},
	{"0xee", "GPT protective"},
};

const char *
part_type_name(const struct part *p)
{
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i].type, p->type) == 0)
			return types[i].name;
	return NULL;
}
