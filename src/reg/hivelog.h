/* SPDX-License-Identifier: MIT */
/*
 * hivelog.h: registry transaction-log replay, in memory.  A dirty hive
 * (base block checksum bad, or primary != secondary sequence number) is
 * recovered from <HIVE>.LOG1/.LOG2 (new format, Windows 8.1+: HvLE log
 * entries) or <HIVE>.LOG1/.LOG2/.LOG (old format: DIRT dirty vector), the
 * way Windows and yarp do, into an overlay: the hive file is never changed
 * and never copied.
 */
#ifndef HV_HIVELOG_H
#define HV_HIVELOG_H

#include <stdint.h>

#include "io/reader.h"

#define HIVELOG_MAX_ENTRIES   (1u << 20)           /* log entries followed per log */
#define HIVELOG_MAX_HBINS     (2048ull << 20)      /* hive bins data size accepted */
#define HIVELOG_MAX_PAGE      (16u << 20)          /* one dirty page reference */

struct hive_logs {
	struct reader *log1, *log2, *log;          /* borrowed; any may be NULL */
};

struct replay {
	int         dirty;           /* the primary needed recovery */
	int         base_block_bad;  /* its base block was unusable (signature/checksum) */
	int         stale;           /* dirty, and no log could be applied */
	int         new_format;      /* HvLE logs (else DIRT) */
	const char *recovered_from[3]; /* "LOG1", "LOG2", "LOG", in the order applied */
	size_t      nrecovered;
	unsigned    entries_applied;
	unsigned    pages_applied;
	uint32_t    seq1, seq2;      /* the primary's sequence numbers as found */
	char        note[400];       /* why stale, or what was left out */
};

/*
 * Replay logs over primary (borrowed).  Returns 0 with *out = NULL when the
 * hive is clean or could not be recovered (rp says which), or *out = an
 * owned overlay reader over primary holding the recovered hive (close it
 * before primary).  -1 only when the primary itself cannot be read.
 */
int hivelog_replay(struct reader *primary, const struct hive_logs *logs, struct reader **out,
    struct replay *rp, struct err *e);

/*
 * --history: every state of the hive the logs hold, new format only.  For
 * each log (LOG1, LOG2, LOG) and each of its valid entries in sequence
 * order, the primary with that entry and the log's entries before it
 * applied, and a base block of that sequence: w->state(ctx, hive, log,
 * sequence), the hive a reader valid during the call; a non-zero return
 * stops.  Entries older than the primary's sequence hold pages as they
 * were at an earlier flush; newer ones, what the primary does not have
 * yet.  0, or -1 with e set (the primary or a log unreadable).
 */
struct hivelog_watch {
	int (*state)(void *ctx, struct reader *hive, const char *log, uint32_t seq);
	void *ctx;
};
int hivelog_states(struct reader *primary, const struct hive_logs *logs, const struct hivelog_watch *w,
    struct err *e);

/* 1 when the hive in primary is dirty (bad base block, or sequence numbers differ), 0 clean, -1 read error. */
int hivelog_is_dirty(struct reader *primary, struct err *e);
/* XOR-32 checksum of the first 508 bytes of a base block, as Windows stores it. */
uint32_t regf_checksum(const uint8_t bb[512]);

#endif
