/* SPDX-License-Identifier: MIT */
/*
 * rd_more.h: the other containers, each read by its own libyal library
 * through its own adapter (rd_vmdk.c: libvmdk), linked isolated like
 * libvhdi (Makefile), so images are opened only by path.  QCOW is detected
 * but not read (image.c says why).
 */
#ifndef HV_RD_MORE_H
#define HV_RD_MORE_H

#include "reader.h"

struct more_info {
	const char *disk_type;   /* static: "monolithicSparse", "streamOptimized", ... */
	uint64_t    media_size;
};

/*
 * A VMDK: a descriptor file or a sparse extent; its extent files must be
 * plain names in the descriptor's folder.  One with a parent is refused.
 */
struct reader *rd_vmdk_open(const char *path, struct more_info *info, struct err *e);

const char *rd_vmdk_version(void);

#endif
