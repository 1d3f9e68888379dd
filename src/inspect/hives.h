/* SPDX-License-Identifier: MIT */
/*
 * hives.h: one hive and what it stands on: the file (found on NTFS, or a
 * host file for --hive), its transaction logs, the replay overlay, the hive
 * reader; opened in that order, closed in reverse.  The stack (stack.h)
 * keeps the hives of each volume it opened; the history pass opens those of
 * a shadow copy directly.
 */
#ifndef HV_INSPECT_HIVES_H
#define HV_INSPECT_HIVES_H

#include "facts/facts.h"
#include "fs/ntfs.h"
#include "reg/hive.h"
#include "inspect/options.h"

#define CONFIG_DIR "\\Windows\\System32\\config\\"
#define HIVE_UNREADABLE (-2)

struct hive_stack {
	struct reader *file, *logs[3], *ov;
	struct hive   *h;
	/* the hive reader: ours (hive_open, when NULL), or libregf (regf_open) for the cross-check */
	struct hive *(*open)(struct reader *file, struct err *e);
};

/* Close what is open, in reverse; the struct is cleared (open too). */
void hive_stack_close(struct hive_stack *s);
/* Replay (unless --no-log-replay) and open the hive; s->file and s->logs are set.  0, or -1. */
int hive_stack_finish(struct hive_stack *s, const struct opts *o, struct hive_read *st, struct err *e);
/*
 * Open CONFIG_DIR\name (and its logs, when dirty) on an NTFS volume with
 * s->open's reader: 1, 0 absent, -1 the file could not be found or opened,
 * HIVE_UNREADABLE the file is there but is no hive we can read (e says why).
 */
int hive_stack_open(struct ntfs *n, const char *name, const struct opts *o, struct hive_stack *s,
    struct hive_read *st, struct err *e);
/* The logs of a bare hive file: FILE.LOG1, .LOG2, .LOG beside it, any case. */
void hive_stack_host_logs(const char *path, struct reader *logs[3]);
/* What replay did (or could not do) to a hive, as a warning line. */
void hive_replay_warning(struct warnings *w, const char *name, const struct hive_read *st);

#endif
