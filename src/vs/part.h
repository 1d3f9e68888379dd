/* SPDX-License-Identifier: MIT */
/*
 * part.h: the partition layer.  MBR (primary, extended and logical: mbr.h),
 * GPT (gpt.h), protective MBR, or a bare volume with no table; the table
 * they fill is table.h.  The parsers are pure (bytes in, entries out);
 * part_scan() does the reads and decides which scheme the disk has.
 */
#ifndef HV_PART_H
#define HV_PART_H

#include "io/reader.h"
#include "vs/gpt.h"
#include "vs/lvm.h"
#include "vs/mbr.h"
#include "vs/table.h"

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

/* A short human name for a partition type ("EFI system", "Microsoft basic data"), or NULL. */
const char *part_type_name(const struct part *p);

#endif
