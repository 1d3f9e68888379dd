/* SPDX-License-Identifier: MIT */
/*
 * hstack.h: one hive and what it stands on, for the pipeline (run.c, its
 * collect.c and the cross-check's xpass.c): opened in order, closed in
 * reverse: the file, its transaction logs, the replay overlay, the hive.
 */
#ifndef HV_HSTACK_H
#define HV_HSTACK_H

#include "facts/facts.h"
#include "fs/ntfs.h"
#include "reg/hive.h"
#include "opts.h"

#define CONFIG_DIR "\\Windows\\System32\\config\\"
#define HIVE_UNREADABLE (-2)

struct hstack {
	struct reader *file, *logs[3], *ov;
	struct hive   *h;
	/* the hive reader: ours (hive_open, when NULL), or libregf (regf_open) for the cross-check */
	struct hive *(*open)(struct reader *file, struct err *e);
};

/* Close what is open, in reverse; the struct is cleared (open too). */
void hstack_close(struct hstack *s);
/* Replay (unless --no-log-replay) and open the hive; s->file and s->logs are set.  0, or -1. */
int hstack_finish(struct hstack *s, const struct opts *o, struct hive_read *st, struct err *e);
/*
 * Open CONFIG_DIR\name (and its logs, when dirty) on an NTFS volume with
 * s->open's reader: 1, 0 absent, -1 the file could not be found or opened,
 * HIVE_UNREADABLE the file is there but is no hive we can read (e says why).
 */
int hstack_open_ntfs(struct ntfs *n, const char *name, const struct opts *o, struct hstack *s,
    struct hive_read *st, struct err *e);
/* The logs of a bare hive file: FILE.LOG1, .LOG2, .LOG beside it, any case. */
void hstack_host_logs(const char *path, struct reader *logs[3]);
/* What replay did (or could not do) to a hive, as a warning line. */
void warn_replay(char ***w, size_t *nw, const char *name, const struct hive_read *st);

#endif
