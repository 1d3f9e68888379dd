/* SPDX-License-Identifier: MIT */
/*
 * lvm.h: LVM2 volume groups as a volume system.  A physical volume (a
 * partition, or the whole disk) carries a label in one of its first four
 * 512-byte sectors, a metadata area holding the volume group's text
 * metadata, and the extents the logical volumes are made of.  Each logical
 * volume becomes a partition of the table (scheme "lvm2"), its extents
 * mapped onto the disk; the kinds we do not read (striped over several
 * stripes, mirrored, RAID, thin, cached, snapshots) are listed with the
 * reason.  Layout per libvslvm's "Logical Volume Manager (LVM) format" and
 * LVM2's lib/format_text (docs/sources.md F1).
 */
#ifndef HV_VS_LVM_H
#define HV_VS_LVM_H

#include "io/reader.h"
#include "vs/table.h"

#define LVM_LABEL_SCAN     2048u          /* the label lies in the first four 512-byte sectors */
#define LVM_MAX_TEXT       (4u << 20)     /* bytes of one metadata text read */
#define LVM_MAX_PVS        64u            /* physical volumes of one volume group */
#define LVM_MAX_LVS        PART_MAX       /* logical volumes of one volume group */
#define LVM_MAX_SEGS       4096u          /* segments of one logical volume */
#define LVM_NAME_MAX       128u
#define LVM_UUID_LEN       39u            /* 38 characters (6-4-4-4-4-4-6) and a NUL */

/* What a label says: the PV's identifier and its metadata areas. */
struct lvm_label {
	uint32_t sector;              /* 0..3: the sector it was found in */
	char     pv_uuid[LVM_UUID_LEN]; /* formatted with dashes, as the metadata writes it */
	uint64_t dev_size;
	uint64_t mda_off[2], mda_size[2]; /* bytes from the PV's start; size 0 = none */
};

struct lvm_seg {
	uint64_t start_extent, extent_count;
	char     type[24];            /* "striped", "thin", "mirror", ... as written */
	uint32_t stripe_count;
	uint32_t pv;                  /* the first stripe: index in lvm_vg.pvs */
	uint64_t pv_extent;
};

struct lvm_lv {
	char            name[LVM_NAME_MAX], uuid[LVM_UUID_LEN];
	int             visible;
	struct lvm_seg *segs;
	size_t          nsegs;
};

struct lvm_pv {
	char     name[LVM_NAME_MAX], uuid[LVM_UUID_LEN];
	uint64_t pe_start, pe_count, dev_size; /* 512-byte sectors, extents, sectors */
};

struct lvm_vg {
	char           name[LVM_NAME_MAX], uuid[LVM_UUID_LEN];
	uint64_t       seqno, extent_size; /* extent_size in 512-byte sectors */
	struct lvm_pv *pvs;
	size_t         npvs;
	struct lvm_lv *lvs;
	size_t         nlvs;
};

/* Pure: is there an LVM2 label in buf[0..len) (a volume's first bytes)? 1 with *l filled, else 0. */
int lvm_label_find(const uint8_t *buf, size_t len, struct lvm_label *l);
/* Pure: the LVM CRC-32 (the IEEE polynomial, initial value 0xf597a6cf, no final inversion). */
uint32_t lvm_crc(const void *buf, size_t len);
/*
 * Pure: parse a volume group's metadata text (lvm_meta.c).  0 with vg
 * filled (free it with lvm_vg_free), or -1 with e set.
 */
int lvm_meta_parse(const char *text, size_t len, struct lvm_vg *vg, struct err *e);
void lvm_vg_free(struct lvm_vg *vg);

/*
 * Read the metadata of the PV at [first_byte, first_byte+nbytes) of disk,
 * whose label is l: 0 with vg filled, or -1 with e set.
 */
int lvm_read_vg(struct reader *disk, uint64_t first_byte, uint64_t nbytes, const struct lvm_label *l,
    struct lvm_vg *vg, struct err *e);

/*
 * Append the logical volumes of the volume groups whose PVs are partitions
 * of t (or the whole disk) to t, numbered after its last partition.  A PV
 * that cannot be read gets its problem; a volume group with a missing PV
 * lists the volumes it cannot map with theirs.  0, or -1 (memory) with e set.
 */
int lvm_scan(struct reader *disk, struct part_table *t, struct err *e);

#endif
