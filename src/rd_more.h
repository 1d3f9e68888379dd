/* SPDX-License-Identifier: MIT */
/*
 * rd_more.h: the other containers, each read by its own libyal library
 * through its own adapter (rd_vmdk.c: libvmdk, rd_qcow.c: libqcow,
 * rd_ewf.c: libewf), linked isolated like libvhdi (Makefile), so images
 * are opened only by path.
 */
#ifndef HV_RD_MORE_H
#define HV_RD_MORE_H

#include "reader.h"

struct more_info {
	const char *disk_type;   /* static: "monolithicSparse", "streamOptimized", "EnCase", ... */
	uint64_t    media_size;
	uint32_t    sector_size; /* as the container records it; 0: it does not (512) */
};

/*
 * A VMDK: a descriptor file or a sparse extent; its extent files must be
 * plain names in the descriptor's folder.  One with a parent is refused.
 */
struct reader *rd_vmdk_open(const char *path, struct more_info *info, struct err *e);
/* A QCOW (2, 3) image, after qcow_check on the same file has passed. */
struct reader *rd_qcow_open(const char *path, struct more_info *info, struct err *e);
/*
 * Our own check before libqcow sees the file (qcow_check.c): version 2 or 3,
 * no backing file, not encrypted, and every cluster its tables map inside
 * the file.  0, or -1 with e set.
 */
int qcow_check(struct reader *f, struct err *e);
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
