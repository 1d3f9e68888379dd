/* SPDX-License-Identifier: MIT */
/*
 * table.h: a partition table as the partition layer's parsers fill it
 * (mbr.c, gpt.c) and part.c returns it.  Owned: part_table_free.
 */
#ifndef HV_VS_TABLE_H
#define HV_VS_TABLE_H

#include "base/bytes.h"
#include "base/err.h"
#include "base/kinds.h"
#include "io/reader.h"

#define PART_MAX 256u /* partitions kept per disk */

struct part {
	unsigned    idx;              /* 1-based, as numbered in the table (logicals from 5) */
	enum part_scheme scheme;
	uint64_t    first_byte, nbytes;
	char        type[GUID_STR_LEN]; /* GPT type GUID, or "0x07" for MBR, "" for none */
	uint8_t     mbr_type;
	char        name[220];        /* GPT partition name in UTF-8, else "" */
	char        problem[200];     /* non-empty: listed, but not read (why) */
	int         unsupported;      /* the problem is a kind we do not read (a thin LVM volume), not damage */
	const char *fs;               /* volume_probe() name; NULL when not probed */
	/* An LVM logical volume (scheme SCHEME_LVM): its names, and its runs in the table's runs[] */
	char        vg[128], lv[128], uuid[40];
	size_t      run_first, nruns;
};

struct part_table {
	enum part_scheme scheme;
	uint32_t     lba_size;        /* sector size the table was read with */
	struct part *v;
	size_t       n;
	struct reader_run *runs;      /* where the LVM volumes' bytes are on the disk */
	size_t       nruns;
	char         warning[300];    /* e.g. "primary GPT header damaged; backup used" */
};

/* Append a zeroed partition to t; NULL (e set) when PART_MAX is reached or memory is short. */
struct part *part_add(struct part_table *t, struct err *e);
/* Append n runs to t's runs (an LVM volume's): 0, or -1 with e set. */
int part_add_runs(struct part_table *t, const struct reader_run *r, size_t n, struct err *e);
/* Copy from into t (its partitions and runs): 0, or -1 with e set (t then empty). */
int part_table_copy(struct part_table *t, const struct part_table *from, struct err *e);
void part_table_free(struct part_table *t);

#endif
