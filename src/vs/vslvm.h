/* SPDX-License-Identifier: MIT */
/*
 * vslvm.h: libvslvm, the second opinion on our LVM2 mapping (lvm.c) in the
 * cross-check: the library reads the label, metadata and segments itself
 * and maps the logical volume's bytes; only where the physical volumes lie
 * on the disk comes from our table (no libyal library reads partition
 * tables here).  vslvm.c is the only file that knows the library.
 */
#ifndef HV_VS_VSLVM_H
#define HV_VS_VSLVM_H

#include "io/reader.h"
#include "vs/table.h"

/*
 * The logical volume p (scheme SCHEME_LVM) of table t, read by libvslvm
 * over disk (borrowed, must outlive it): the volume group's physical
 * volumes are the partitions of t (or the whole disk) whose LVM label
 * names them, in the order the group's metadata lists them.  Owned
 * reader, or NULL with e set ("libvslvm: ..."; ERR_UNSUPPORTED in a build
 * without the library).
 */
struct reader *vslvm_open(struct reader *disk, const struct part_table *t, const struct part *p,
    struct err *e);
/* The library's version ("20181227"), or NULL in a build without it. */
const char *vslvm_lib_version(void);

#endif
