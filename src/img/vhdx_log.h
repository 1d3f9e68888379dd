/* SPDX-License-Identifier: MIT */
/*
 * vhdx_log.h: VHDX log replay, in memory (MS-VHDX §2.3 "Log").  A VHDX from a
 * running or crashed VM has writes (BAT, metadata, payload) still in its log;
 * libvhdi ignores them.  We replay them into an overlay over the file, never
 * writing it, so every read sees the state Hyper-V would see.
 */
#ifndef HV_VHDXLOG_H
#define HV_VHDXLOG_H

#include "img/vdisk.h"

#define VHDXLOG_MAX_LEN      (256u << 20)  /* log region bytes read */
#define VHDXLOG_MAX_ENTRIES  (VHDXLOG_MAX_LEN / 4096u) /* so at most 65,536 entries (4 KiB each) */

struct vhdxlog_result {
	unsigned entries_replayed;
	uint64_t sequence;        /* head sequence number of the replayed sequence */
	int      torn;            /* a log was named but no valid sequence was found */
	char     note[DISK_NOTE_MAX];
};

/*
 * Replay the log that info (from rd_vhdx_open on file) names.  0 with *out an
 * owned overlay over file (borrowed) holding the replayed file, or *out NULL
 * when there is nothing valid to replay (res->torn says so); -1 on a read error.
 */
int vhdxlog_replay(struct reader *file, const struct vdisk_info *info, struct reader **out,
    struct vhdxlog_result *res, struct err *e);

#endif
