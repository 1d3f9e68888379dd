/* SPDX-License-Identifier: MIT */
/*
 * gpt.c: GUID partition table (UEFI 2.x §5.3).  Checks what The Sleuth
 * Kit does not: the header CRC-32, MyLBA, and the entry-array CRC-32; a
 * damaged primary falls back to the backup header at AlternateLBA or at the
 * last LBA.  The LBA size is the disk's logical sector size, never assumed.
 */
#include <stdlib.h>
#include <string.h>

#include "base/crc.h"
#include "vs/gpt.h"
#include "base/utf.h"

#define GPT_SIG                "EFI PART"
#define GPT_HDR_OFF_HDRSIZE    12
#define GPT_HDR_OFF_HDRCRC     16
#define GPT_HDR_OFF_MYLBA      24
#define GPT_HDR_OFF_ALTLBA     32
#define GPT_HDR_OFF_FIRSTUSE   40
#define GPT_HDR_OFF_LASTUSE    48
#define GPT_HDR_OFF_DISKGUID   56
#define GPT_HDR_OFF_ENTRIES_LBA 72
#define GPT_HDR_OFF_NENTRIES   80
#define GPT_HDR_OFF_ENTRY_SIZE 84
#define GPT_HDR_OFF_ARRAY_CRC  88
#define GPT_HDR_MIN_SIZE       92

#define GPT_ENT_OFF_TYPE  0
#define GPT_ENT_OFF_FIRST 32
#define GPT_ENT_OFF_LAST  40
#define GPT_ENT_OFF_NAME  56
#define GPT_ENT_NAME_LEN  72 /* bytes of UTF-16LE */
#define GPT_ENT_MIN_SIZE  128

int
gpt_parse_header(const uint8_t *buf, size_t len, uint64_t lba, struct gpt_header *h,
    struct err *e)
{
	uint8_t tmp[4096];
	uint32_t hsize, crc;

	if (len < GPT_HDR_MIN_SIZE || len > sizeof tmp)
		return err_set(e, ERR_FORMAT, "GPT header: sector of %zu bytes", len);
	if (memcmp(buf, GPT_SIG, 8) != 0)
		return err_set(e, ERR_FORMAT, "GPT header at LBA %llu: no \"EFI PART\" signature",
		    (unsigned long long)lba);
	hsize = le32(buf + GPT_HDR_OFF_HDRSIZE);
	if (hsize < GPT_HDR_MIN_SIZE || hsize > len)
		return err_set(e, ERR_FORMAT, "GPT header at LBA %llu: header size %u out of range",
		    (unsigned long long)lba, hsize);
	memcpy(tmp, buf, hsize);
	memset(tmp + GPT_HDR_OFF_HDRCRC, 0, 4);
	crc = crc32_ieee(tmp, hsize);
	if (crc != le32(buf + GPT_HDR_OFF_HDRCRC))
		return err_set(e, ERR_FORMAT, "GPT header at LBA %llu: bad CRC-32 (0x%08x != 0x%08x)",
		    (unsigned long long)lba, crc, le32(buf + GPT_HDR_OFF_HDRCRC));
	h->my_lba = le64(buf + GPT_HDR_OFF_MYLBA);
	h->alt_lba = le64(buf + GPT_HDR_OFF_ALTLBA);
	h->first_usable = le64(buf + GPT_HDR_OFF_FIRSTUSE);
	h->last_usable = le64(buf + GPT_HDR_OFF_LASTUSE);
	h->entries_lba = le64(buf + GPT_HDR_OFF_ENTRIES_LBA);
	h->nentries = le32(buf + GPT_HDR_OFF_NENTRIES);
	h->entry_size = le32(buf + GPT_HDR_OFF_ENTRY_SIZE);
	h->entries_crc = le32(buf + GPT_HDR_OFF_ARRAY_CRC);
	guid_le_str(buf + GPT_HDR_OFF_DISKGUID, h->disk_guid);
	if (h->my_lba != lba)
		return err_set(e, ERR_FORMAT, "GPT header at LBA %llu: MyLBA says %llu",
		    (unsigned long long)lba, (unsigned long long)h->my_lba);
	/* UEFI: entry size is 128 * 2^n. */
	if (h->entry_size < GPT_ENT_MIN_SIZE || h->entry_size > 4096 ||
	    (h->entry_size & (h->entry_size - 1)) != 0)
		return err_set(e, ERR_FORMAT, "GPT header at LBA %llu: entry size %u is not 128 * 2^n",
		    (unsigned long long)lba, h->entry_size);
	if (h->nentries > GPT_MAX_ENTRIES ||
	    (uint64_t)h->nentries * h->entry_size > GPT_MAX_ARRAY)
		return err_set(e, ERR_LIMIT, "GPT header at LBA %llu: %u entries of %u bytes (cap %u, %u bytes)",
		    (unsigned long long)lba, h->nentries, h->entry_size, GPT_MAX_ENTRIES, GPT_MAX_ARRAY);
	return 0;
}

int
gpt_parse_entries(const uint8_t *buf, size_t len, const struct gpt_header *h,
    uint32_t lba_size, uint64_t disk_size, struct part_table *t, struct err *e)
{
	size_t need = (size_t)h->nentries * h->entry_size;
	uint64_t nlba = disk_size / lba_size;
	uint32_t i, crc;
	struct part *p;

	if (len < need)
		return err_set(e, ERR_FORMAT, "GPT entries: %zu bytes, header says %zu", len, need);
	crc = crc32_ieee(buf, need);
	if (crc != h->entries_crc)
		return err_set(e, ERR_FORMAT, "GPT entries at LBA %llu: bad CRC-32 (0x%08x != 0x%08x)",
		    (unsigned long long)h->entries_lba, crc, h->entries_crc);
	for (i = 0; i < h->nentries; i++) {
		const uint8_t *ent = buf + (size_t)i * h->entry_size;
		uint64_t first = le64(ent + GPT_ENT_OFF_FIRST), last = le64(ent + GPT_ENT_OFF_LAST);

		if (is_zero(ent + GPT_ENT_OFF_TYPE, 16))
			continue; /* unused entry */
		if ((p = part_add(t, e)) == NULL)
			return -1;
		p->idx = i + 1;
		p->scheme = SCHEME_GPT;
		guid_le_str(ent + GPT_ENT_OFF_TYPE, p->type);
		utf16le_to_utf8(ent + GPT_ENT_OFF_NAME, GPT_ENT_NAME_LEN, p->name, sizeof p->name);
		if (last < first) {
			snprintf(p->problem, sizeof p->problem, "ending LBA %llu is before starting LBA %llu",
			    (unsigned long long)last, (unsigned long long)first);
			continue;
		}
		if (last >= nlba) {
			p->first_byte = first < nlba ? first * lba_size : disk_size;
			snprintf(p->problem, sizeof p->problem,
			    "extends past the end of the disk (last LBA %llu, disk has %llu)",
			    (unsigned long long)last, (unsigned long long)nlba);
			continue;
		}
		p->first_byte = first * lba_size;
		p->nbytes = (last - first + 1) * lba_size;
	}
	return 0;
}

/* Read and check the header at lba and its entry array; append to t. */
static int
gpt_read_at(struct reader *disk, uint64_t lba, uint32_t lba_size, struct part_table *t,
    struct gpt_header *h, struct err *e)
{
	uint8_t hdr[4096];
	uint8_t *arr = NULL;
	size_t alen;
	uint64_t nlba = disk->size / lba_size;
	int rc = -1;

	if (lba >= nlba)
		return err_set(e, ERR_FORMAT, "GPT header LBA %llu is past the end of the disk",
		    (unsigned long long)lba);
	if (reader_read_full(disk, hdr, lba_size, lba * lba_size, e) != 0 ||
	    gpt_parse_header(hdr, lba_size, lba, h, e) != 0)
		return -1;
	alen = (size_t)h->nentries * h->entry_size;
	if (h->entries_lba >= nlba || (alen + lba_size - 1) / lba_size > nlba - h->entries_lba)
		return err_set(e, ERR_FORMAT, "GPT entry array at LBA %llu lies outside the disk",
		    (unsigned long long)h->entries_lba);
	/* An array that covers its own header (loops onto itself) is not a GPT. */
	if (h->entries_lba <= lba && lba - h->entries_lba < (alen + lba_size - 1) / lba_size)
		return err_set(e, ERR_FORMAT, "GPT entry array at LBA %llu overlaps its own header at LBA %llu",
		    (unsigned long long)h->entries_lba, (unsigned long long)lba);
	if (alen > 0 && (arr = malloc(alen)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (alen > 0 && reader_read_full(disk, arr, alen, h->entries_lba * lba_size, e) != 0)
		goto out;
	rc = gpt_parse_entries(arr, alen, h, lba_size, disk->size, t, e);
out:
	free(arr);
	return rc;
}

/*
 * GPT at LBA 1, else the backup.  On success t holds the partitions and,
 * if the backup was used, a warning naming what was wrong with the primary.
 */
int
gpt_scan(struct reader *disk, uint32_t lba_size, struct part_table *t, struct err *e)
{
	struct gpt_header h;
	struct err e1 ERR_AUTO = ERR_INIT;
	uint64_t alt;
	size_t n0 = t->n;

	t->scheme = SCHEME_GPT;
	t->lba_size = lba_size;
	if (gpt_read_at(disk, 1, lba_size, t, &h, &e1) == 0) {
		err_clear(&e1);
		return 0;
	}
	t->n = n0; /* drop anything half-read from the primary */
	/* The primary header may be fine and point at the backup; else use the last LBA. */
	alt = disk->size / lba_size - 1;
	if (gpt_read_at(disk, alt, lba_size, t, &h, e) != 0) {
		t->n = n0;
		err_set(&e1, ERR_FORMAT, "GPT: primary: %s; backup at LBA %llu: %s", err_msg(&e1),
		    (unsigned long long)alt, err_msg(e));
		err_move(e, &e1);
		return -1;
	}
	snprintf(t->warning, sizeof t->warning, "primary GPT damaged (%.200s); backup at LBA %llu used",
	    err_msg(&e1), (unsigned long long)alt);
	err_clear(&e1);
	return 0;
}
