/* SPDX-License-Identifier: MIT */
/* gpt.h: GUID partition tables (gpt.c): header and entry-array CRC-32 checked, the backup used when the primary is damaged. */
#ifndef HV_VS_GPT_H
#define HV_VS_GPT_H

#include "io/reader.h"
#include "vs/table.h"

#define GPT_MAX_ENTRIES 4096u          /* NumberOfPartitionEntries cap (UEFI minimum is 128) */
#define GPT_MAX_ARRAY   (1024u * 1024) /* entry array bytes cap */

struct gpt_header {
	uint64_t my_lba, alt_lba, first_usable, last_usable, entries_lba;
	uint32_t nentries, entry_size, entries_crc;
	char     disk_guid[GUID_STR_LEN];
};

/* Parse and check a GPT header read from LBA `lba` (signature, size, CRC-32, MyLBA). */
int gpt_parse_header(const uint8_t *buf, size_t len, uint64_t lba, struct gpt_header *h,
    struct err *e);
/*
 * Check the entry array's CRC-32 and append the used entries to t as
 * partitions (byte offsets from lba_size; bounds checked against disk_size).
 */
int gpt_parse_entries(const uint8_t *buf, size_t len, const struct gpt_header *h,
    uint32_t lba_size, uint64_t disk_size, struct part_table *t, struct err *e);

/* The GPT of disk, from its header at lba_size (or its backup), into t. */
int gpt_scan(struct reader *disk, uint32_t lba_size, struct part_table *t, struct err *e);

#endif
