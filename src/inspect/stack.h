/* SPDX-License-Identifier: MIT */
/*
 * stack.h: the stack for one image, opened once by stack_open and closed in
 * reverse by stack_close: image (its chain) -> partition table -> volumes
 * (a window each, its file system probed) -> file system -> hives.  The
 * lower levels are opened at once; a volume's file system and its hives on
 * first need, and kept until the stack is closed, so every pass over the
 * stack (pass_facts.c, pass_cross_check.c, pass_history.c) reads the same
 * opened objects.  Which code reads each level is the stack's readers:
 * ours (the default), or the libyal stack for the cross-check (the
 * container's library where it is sound, libfsntfs's own path lookups,
 * libregf).  A history checkpoint level is a stack of its own, built by the
 * same function over the parent's path.
 */
#ifndef HV_INSPECT_STACK_H
#define HV_INSPECT_STACK_H

#include "fs/ntfs.h"
#include "fs/volume.h"
#include "img/img.h"
#include "inspect/hives.h"
#include "vs/bde.h"
#include "vs/part.h"

#define STACK_MAX_HIVES 8 /* hives kept open per volume: SOFTWARE, SYSTEM, --key's SAM, SECURITY, DEFAULT, RegBack */

enum stack_readers {
	STACK_OURS,   /* our readers: VHD/VHDX/..., the $I30 walk, our hive reader */
	STACK_LIBYAL, /* the second opinion: libvhdi/libqcow/libvmdk/libewf, libfsntfs, libregf */
};

/* One hive of a volume as the stack opened it (stack_hive), kept for the next pass. */
struct stack_hive {
	char              name[40];  /* "SOFTWARE", "RegBack\SOFTWARE": under CONFIG_DIR */
	int               rc;        /* hive_stack_open's answer: 1, 0, -1, HIVE_UNREADABLE */
	struct err        err;       /* why, when rc < 0 */
	struct hive_read  st;        /* what replay did */
	struct hive_stack hs;
};

/* One volume: a partition of the table (or the whole disk when it has none). */
struct stack_volume {
	struct part      *part;      /* borrowed from the stack's table */
	char              name[272]; /* "partition 3", "LVM volume vg/lv": the layer's name in errors */
	struct reader    *rd;        /* owned window on the disk; NULL when error is set */
	enum fs_kind      fs;        /* what its first bytes hold */
	struct err        error;     /* code != 0: the volume could not be opened or probed */
	/* A BitLocker volume (fs FS_BITLOCKER): its FVE metadata, or why it could not be read */
	struct bde_info  *bde;
	struct err        bde_err;
	struct reader    *bde_base;  /* a decrypted or unlocked volume: the window rd reads through */
	const char       *bde_unlocked_with; /* static: the kind of key that unlocked it, or NULL */
	char              bde_tried[400]; /* the keys that did not, by kind, and why ("" none tried) */
	/* An LVM volume of the libyal stack: mapped by libvslvm, or by ours when it could not (why) */
	int               lvm_by_lib;
	struct err        lvm_lib_err;
	struct ntfs      *ntfs;      /* opened on first need (stack_ntfs) */
	struct err        ntfs_err;  /* why it could not be, once tried */
	int               ntfs_tried;
	struct stack_hive hives[STACK_MAX_HIVES];
	size_t            nhives;
};

struct stack {
	const char          *path;   /* borrowed */
	enum stack_readers   readers;
	struct image_info    info;   /* the image layer's description of the disk and its chain */
	struct image        *im;
	struct reader       *disk;   /* borrowed from im */
	struct part_table    table;
	struct stack_volume *vols;   /* one per partition of the table, in its order */
	size_t               nvols;
};

/*
 * Open path with readers: the image and its chain, the partition table (or
 * the one of locate_by, when given: the cross-check reads no partition table
 * of its own, it reads the volumes found by ours), a window and a probe for
 * each volume (a volume that fails has its error; the others stand).  s is
 * filled as far as it got, even on failure (info tells the format of a
 * refused image).  0, or -1 with e set ("partition table: ..." when the
 * table could not be read); stack_close(s) either way.
 */
int stack_open(struct stack *s, const char *path, const struct opts *o, enum stack_readers readers,
    const struct stack *locate_by, struct err *e);
/* The volume of partition idx, or NULL. */
struct stack_volume *stack_volume(struct stack *s, unsigned idx);
/* The volume's NTFS, opened on first need with the stack's readers (borrowed): NULL with e set. */
struct ntfs *stack_ntfs(struct stack *s, struct stack_volume *v, struct err *e);
/*
 * The hive CONFIG_DIR\name of the volume's NTFS, opened (with its logs,
 * replayed unless --no-log-replay) on first need by the stack's hive reader,
 * then kept: *out is borrowed until stack_close, *st what replay did.
 * hive_stack_open's answers: 1, 0 absent, -1 not found or opened,
 * HIVE_UNREADABLE there but no hive we can read; e says why.
 */
int stack_hive(struct stack *s, struct stack_volume *v, const char *name, const struct opts *o,
    struct hive_stack **out, struct hive_read *st, struct err *e);
/* Close everything opened, in reverse order; s is cleared.  A cleared stack is a no-op. */
void stack_close(struct stack *s);

#endif
