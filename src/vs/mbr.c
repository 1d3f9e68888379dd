/* SPDX-License-Identifier: MIT */
/*
 * mbr.c: MBR slots (pure) and the extended/logical chain walk.
 * Layout: 4 x 16-byte entries at 446, signature 0x55 0xAA at 510.  An EBR
 * holds the logical partition in slot 0 (start relative to this EBR) and the
 * next EBR in slot 1 (start relative to the extended partition).
 * Not handled: LDM dynamic disks (type 0x42), named as such by part.c.
 */
#include <stdio.h>
#include <string.h>

#include "vs/mbr.h"

#define MBR_OFF_ENTRIES 446
#define MBR_ENTRY_SIZE  16
#define MBR_OFF_SIG     510

int
mbr_parse(const uint8_t *sec, size_t len, struct mbr_entry out[4], struct err *e)
{
	int i;

	if (len < 512)
		return err_set(e, ERR_FORMAT, "MBR: sector is %zu bytes", len);
	if (sec[MBR_OFF_SIG] != 0x55 || sec[MBR_OFF_SIG + 1] != 0xAA)
		return err_set(e, ERR_FORMAT, "MBR: no 0x55AA signature (%02x%02x)",
		    sec[MBR_OFF_SIG], sec[MBR_OFF_SIG + 1]);
	for (i = 0; i < 4; i++) {
		const uint8_t *p = sec + MBR_OFF_ENTRIES + i * MBR_ENTRY_SIZE;
		out[i].status = p[0];
		out[i].type = p[4];
		out[i].lba = le32(p + 8);
		out[i].count = le32(p + 12);
	}
	return 0;
}

int
mbr_is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

/* Fill p from an entry whose start is `base + lba` sectors. */
static void
set_part(struct part *p, unsigned idx, uint64_t base, const struct mbr_entry *m,
    uint32_t lba_size, uint64_t disk_size)
{
	uint64_t first = (base + m->lba) * lba_size, n = (uint64_t)m->count * lba_size;

	p->idx = idx;
	p->scheme = SCHEME_MBR;
	p->mbr_type = m->type;
	snprintf(p->type, sizeof p->type, "0x%02x", m->type);
	p->first_byte = first;
	p->nbytes = n;
	if (first > disk_size || n > disk_size - first)
		snprintf(p->problem, sizeof p->problem,
		    "extends past the end of the disk (ends at 0x%llx, disk size 0x%llx)",
		    (unsigned long long)(first + n), (unsigned long long)disk_size);
}

/*
 * Walk the EBR chain of the extended partition at ext_lba (ext_count
 * sectors).  Every EBR must lie inside the extended partition, each is
 * visited once, and at most MBR_MAX_LOGICAL are followed: a chain that
 * loops or runs on ends with a warning, keeping what was found.
 */
static int
walk_ebr(struct reader *disk, struct part_table *t, uint32_t ext_lba, uint32_t ext_count,
    struct err *e)
{
	uint8_t sec[4096];
	uint32_t seen[MBR_MAX_LOGICAL];
	uint32_t rel = 0, nseen = 0, i;
	unsigned idx = 5;
	struct mbr_entry m[4];
	struct part *p;

	for (;;) {
		for (i = 0; i < nseen; i++)
			if (seen[i] == rel) {
				snprintf(t->warning, sizeof t->warning,
				    "extended partition: EBR chain loops back to LBA %u; stopped",
				    ext_lba + rel);
				return 0;
			}
		if (nseen == MBR_MAX_LOGICAL) {
			snprintf(t->warning, sizeof t->warning,
			    "extended partition: more than %u logical partitions; stopped", MBR_MAX_LOGICAL);
			return 0;
		}
		seen[nseen++] = rel;
		if (rel >= ext_count)
			return err_set(e, ERR_FORMAT, "EBR at LBA %llu lies outside the extended partition",
			    (unsigned long long)ext_lba + rel);
		if (reader_read_full(disk, sec, t->lba_size, ((uint64_t)ext_lba + rel) * t->lba_size, e) != 0 ||
		    mbr_parse(sec, t->lba_size, m, e) != 0)
			return err_ctx(e, "EBR at LBA %llu", (unsigned long long)ext_lba + rel);
		if (m[0].type != 0 && m[0].count != 0) {
			if ((p = part_add(t, e)) == NULL)
				return -1;
			set_part(p, idx, (uint64_t)ext_lba + rel, &m[0], t->lba_size, disk->size);
		}
		idx++;
		if (!mbr_is_extended(m[1].type) || m[1].count == 0)
			return 0;
		rel = m[1].lba;
	}
}

/* Read the MBR partitions of disk, whose LBA0 `sec` was already parsed into m. */
int
mbr_scan(struct reader *disk, const struct mbr_entry m[4], struct part_table *t, struct err *e)
{
	struct part *p;
	int i, next = 0;

	t->scheme = SCHEME_MBR;
	for (i = 0; i < 4; i++) {
		if (m[i].type == 0 || m[i].count == 0)
			continue;
		if (mbr_is_extended(m[i].type)) {
			if (next++ > 0) {
				snprintf(t->warning, sizeof t->warning,
				    "more than one extended partition; slot %d ignored", i + 1);
				continue;
			}
			if (walk_ebr(disk, t, m[i].lba, m[i].count, e) != 0)
				return err_ctx(e, "extended partition %d", i + 1);
			continue;
		}
		if ((p = part_add(t, e)) == NULL)
			return -1;
		set_part(p, (unsigned)i + 1, 0, &m[i], t->lba_size, disk->size);
	}
	return 0;
}
