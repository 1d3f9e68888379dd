/* SPDX-License-Identifier: MIT */
/*
 * more.h: the other containers, each read by its own libyal library
 * through its own adapter (vmdk.c: libvmdk, qcow.c: libqcow,
 * ewf.c: libewf), linked isolated like libvhdi (Makefile), so images
 * are opened only by path.
 */
#ifndef HV_RD_MORE_H
#define HV_RD_MORE_H

#include "img/driver.h" /* IMG_NAME_MAX */
#include "io/reader.h"

struct more_info {
	const char *disk_type;   /* "fixed" | "dynamic" | "differencing" | NULL (E01: an acquired disk) */
	const char *subformat;   /* static, the container's own word: "monolithicSparse", "version 3", "EnCase" */
	uint64_t    media_size;
	uint32_t    sector_size; /* as the container records it; 0: it does not (512) */
	char        parent[IMG_NAME_MAX]; /* QCOW2 backing file, VMDK parent, as stored; "" when none */
	int         has_cids;     /* VMDK: content ids, the parent's cid must be the child's parent_cid */
	uint32_t    cid, parent_cid;
	char      **segments;     /* E01: the set's other segment files (owned, strv), in order */
	size_t      nsegments;
};

/*
 * A VMDK: a descriptor file or a sparse extent; its extent files must be
 * plain names in the descriptor's folder.  One with a parent (a snapshot
 * delta) says so in info->parent and reads only once its parent is set.
 */
struct reader *rd_vmdk_open(const char *path, struct more_info *info, struct err *e);
/* Make parent (an rd_vmdk reader, outliving child) child's parent: 0, or -1. */
int rd_vmdk_set_parent(struct reader *child, struct reader *parent, struct err *e);
/*
 * A QCOW (2, 3) image, after qcow_check on the same file has passed.  One
 * with a backing file says so in info->parent.
 */
struct reader *rd_qcow_open(const char *path, struct more_info *info, struct err *e);
/* Make parent (an rd_qcow reader, outliving child) child's backing file: 0, or -1. */
int rd_qcow_set_parent(struct reader *child, struct reader *parent, struct err *e);
#define QCOW_MAX_RUNS (1u << 22) /* runs of zero or held clusters per file (64 MiB) */

/* Byte ranges of the virtual disk, sorted and merged: v[i][0] start, v[i][1] length. */
struct qcow_runs {
	uint64_t (*v)[2];
	size_t     n, cap;
};

/* What one QCOW2 file's tables say: zero clusters (v3), and every cluster it holds. */
struct qcow_map {
	struct qcow_runs zero, used;
};

/* What a QCOW2 header says. */
struct qcow_head {
	uint32_t version;
	uint64_t size;           /* virtual size */
	int      has_backing;
	char     backing[1024];  /* the backing file, as stored ("" none; QEMU: at most 1023 bytes) */
	uint32_t cluster_bits, l1_size;
	uint64_t l1_offset, l1_needed;
};

/*
 * The header alone (qcow_check.c): version 2 or 3, not encrypted, no
 * incompatible feature, the backing file name and the L1 table inside the
 * file.  A fixed number of bytes read, whatever the tables hold: what -r's
 * walk in the parent may do.  0 with *h filled, or -1 with e set.
 */
int qcow_head_read(struct reader *f, struct qcow_head *h, struct err *e);
/*
 * Our own check before libqcow sees the file: the header, then every
 * cluster the L1 and L2 tables map inside the file.  Its work grows with
 * the tables (a hostile file's L1 may name one L2 table a million times):
 * it runs only where the image is opened, in that image's own process.
 * 0 with *m filled (qcow_map_free) and *h, or -1 with e set.
 */
int qcow_check(struct reader *f, struct qcow_map *m, struct qcow_head *h, struct err *e);
void qcow_map_free(struct qcow_map *m);
/*
 * A reader over top (libqcow's, of the newest file; borrowed) that reads the
 * zero clusters of a chain's maps (newest first, n levels) as zeros, where
 * libqcow 20201213 reads the file's header.  Owned, or NULL with e set.
 */
struct reader *qcow_zero_open(struct reader *top, const struct qcow_map *maps, size_t n, struct err *e);
const char *rd_qcow_version(void);

const char *rd_vmdk_version(void);
/*
 * An Expert Witness image (E01, from EnCase, FTK Imager, ewfacquire): the
 * first segment file's path; the others are found by name beside it.  A
 * read touching a chunk whose checksum fails is an error.
 */
struct reader *rd_ewf_open(const char *path, struct more_info *info, struct err *e);
const char *rd_ewf_version(void);

#endif
