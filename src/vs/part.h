/* SPDX-License-Identifier: MIT */
/*
 * part.h: the partition layer.  MBR (primary, extended and logical), GPT
 * (header and entry-array CRC-32 checked, backup used when the primary is
 * damaged), protective MBR, or a bare volume with no table.
 * The parsers are pure (bytes in, entries out); part_scan() does the reads.
 */
#ifndef HV_PART_H
#define HV_PART_H

#include "base/bytes.h"
#include "io/reader.h"

#define PART_MAX          256u    /* partitions kept per disk */
#define MBR_MAX_LOGICAL   128u    /* EBRs followed in one extended partition */
#define GPT_MAX_ENTRIES   4096u   /* NumberOfPartitionEntries cap (UEFI minimum is 128) */
#define GPT_MAX_ARRAY     (1024u * 1024) /* entry array bytes cap */

struct part {
	unsigned    idx;              /* 1-based, as numbered in the table (logicals from 5) */
	const char *scheme;           /* "mbr" | "gpt" | "none" */
	uint64_t    first_byte, nbytes;
	char        type[GUID_STR_LEN]; /* GPT type GUID, or "0x07" for MBR, "" for none */
	uint8_t     mbr_type;
	char        name[220];        /* GPT partition name in UTF-8, else "" */
	char        problem[200];     /* non-empty: listed, but not read (why) */
	const char *fs;               /* volume_probe() name; NULL when not probed */
};

struct part_table {
	const char  *scheme;          /* "mbr" | "gpt" | "none" */
	uint32_t     lba_size;        /* sector size the table was read with */
	struct part *v;
	size_t       n;
	char         warning[300];    /* e.g. "primary GPT header damaged; backup used" */
};

/* One MBR slot, as stored (LBA units). */
struct mbr_entry {
	uint8_t  status, type;
	uint32_t lba, count;
};

/* Parse the 4 slots of an MBR/EBR sector; 0, or -1 (no 0x55AA) with e set. */
int mbr_parse(const uint8_t *sec, size_t len, struct mbr_entry out[4], struct err *e);

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

/*
 * What the first PART_PROBE_LEN bytes of a volume hold: a file system's
 * name ("ntfs", ...), "empty" (zeros) or "unknown".  The partition layer
 * is given one (the file-system layer's volume_probe_buf) to tell a bare
 * volume and a 4Kn disk; it knows no file system itself.
 */
#define PART_PROBE_LEN 2048
typedef const char *(*part_probe_fn)(const uint8_t *buf, size_t len);
/* Read the partition table of disk into t (owned; free with part_table_free). */
int part_scan(struct reader *disk, part_probe_fn probe, struct part_table *t, struct err *e);
void part_table_free(struct part_table *t);

/* A short human name for a partition type ("EFI system", "Microsoft basic data"), or NULL. */
const char *part_type_name(const struct part *p);

/* Internal to part_*.c. */
int mbr_is_extended(uint8_t type);
int mbr_scan(struct reader *disk, const struct mbr_entry m[4], struct part_table *t, struct err *e);
int gpt_scan(struct reader *disk, uint32_t lba_size, struct part_table *t, struct err *e);
/* Append a zeroed partition to t; NULL when PART_MAX is reached. */
struct part *part_add(struct part_table *t, struct err *e);

#endif
