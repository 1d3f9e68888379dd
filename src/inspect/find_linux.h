/* SPDX-License-Identifier: MIT */
/*
 * find_linux.h: Linux on an ext volume, the OS finders' second row
 * (pass_facts.c): an installation is a volume with an os-release file; the
 * host it recorded comes from the Hyper-V KVP daemon's pool 3 file, read by
 * the rules that read a Windows guest's Guest\Parameters.
 */
#ifndef HV_INSPECT_FIND_LINUX_H
#define HV_INSPECT_FIND_LINUX_H

#include "inspect/stack.h"
#include "report/report.h"

/*
 * The Linux installation on volume v (ext2/3/4), if it has /etc/os-release
 * or /usr/lib/os-release, added to r.  0 (found or not), or -1 with e set:
 * the file system could not be read.
 */
int linux_find(struct stack *s, struct stack_volume *v, const struct opts *o, struct image_report *r,
    struct err *e);
/*
 * The facts of the Linux installation on the file system x (opened with
 * either reader: the cross-check collects them again with libfsext or
 * libfsxfs) into in: its os-release, /etc/hostname, the KVP pool 3 and the
 * host it names.  1, 0 when x has no os-release, -1 with e set.
 */
struct unixfs;
int linux_collect(struct unixfs *x, struct install *in, struct err *e);
/*
 * The bytes one reading of a Linux installation may ask of its volume, in
 * all (each reader's own caps bound each piece: a directory's blocks, a
 * log's tail, dpkg's database; this bounds their sum, whatever a hostile
 * file system makes the path walks do).  Our reading and the
 * cross-check's each get one.  The fixtures' guests ask 56-361 KB of our
 * readers, 1.1-1.3 MB of libfsext and libfsxfs (measured 2026-12-08).
 */
#define LINUX_READ_BUDGET (256ull << 20)
/*
 * The volume v as either reading of a Linux installation sees it: v's
 * reader under LINUX_READ_BUDGET.  Owned, or NULL with e set.
 */
struct reader *linux_volume(struct stack_volume *v, struct err *e);
/*
 * --history: each boot the log that gave in's host build holds (the host's
 * build and the kernel that booted, as its kernel logged them), added to
 * in's history, oldest first.  0, or -1 with e set (the log could not be
 * read again).
 */
int linux_boots(struct stack_volume *v, struct install *in, struct err *e);
/* Is in a Linux installation (the passes that read Windows only skip it, and say so)? */
int install_is_linux(const struct install *in);

#endif
