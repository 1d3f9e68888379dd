/* SPDX-License-Identifier: MIT */
/* mbr.h: MBR slots (pure) and the extended/logical chain walk (mbr.c). */
#ifndef HV_VS_MBR_H
#define HV_VS_MBR_H

#include "io/reader.h"
#include "vs/table.h"

#define MBR_MAX_LOGICAL 128u /* EBRs followed in one extended partition */

/* One MBR slot, as stored (LBA units). */
struct mbr_entry {
	uint8_t  status, type;
	uint32_t lba, count;
};

/* Parse the 4 slots of an MBR/EBR sector; 0, or -1 (no 0x55AA) with e set. */
int mbr_parse(const uint8_t *sec, size_t len, struct mbr_entry out[4], struct err *e);

/* Is an MBR type an extended partition (a container of logicals)? */
int mbr_is_extended(uint8_t type);
/* Append the partitions of the MBR whose slots are m (the primaries, and the logicals of its extended one) to t. */
int mbr_scan(struct reader *disk, const struct mbr_entry m[4], struct part_table *t, struct err *e);

#endif
