/* SPDX-License-Identifier: MIT */
/*
 * history.h: --history, every host the disk still shows: observations of
 * the host (from a Guest\Parameters key as some source holds it, or one
 * value of a free hive cell), put in time order, consecutive identical ones
 * merged, and the hosts seen.  Pure: the sources are read by the pipeline
 * (src/inspect/pass_history.c) and handed in here as values.
 */
#ifndef HV_HISTORY_H
#define HV_HISTORY_H

#include "facts/facts.h"

#define HIST_MAX_OBS 4096u /* observations kept per installation */

/* The sources, in the order they are listed when their times are equal. */
enum hist_source { HS_FREE_CELL, HS_BOOT_LOG, HS_CHECKPOINT, HS_SHADOW_COPY, HS_REGBACK, HS_HIVE_LOG, HS_LIVE };
#define HIST_NSOURCES 7

/*
 * One Guest\Parameters key as a source holds it (v[0..n), its last-written
 * time kt): an observation of the host, if the values name one (a host name,
 * version, VM name or id).  as_of: the time the source is dated by (0:
 * unknown) and basis says what it is ("key last written", "shadow copy
 * created").  rank orders observations of one source with equal times (a
 * chain level, a log sequence).  0, or -1 on no memory.
 */
int hist_add_params(struct history *h, enum hist_source src, const char *where, uint64_t as_of,
    const char *basis, long rank, const struct regval *v, size_t n);
/*
 * One boot of a Linux guest, as its kernel logged it (where: the log and
 * the line's time stamp as written; rank: its order in the log): the host's
 * build (major.minor.build.number) and the kernel release that booted ("":
 * unknown).  Undated (a syslog stamp has no year; the journal's are not
 * read), strong.  0, or -1 on no memory.
 */
int hist_add_boot(struct history *h, const char *where, long rank, unsigned major, unsigned minor, unsigned build,
    unsigned number, const char *kernel);
/* One value found in a free cell (weak): 0, or -1 on no memory.  Names it cannot place are ignored. */
int hist_add_free_value(struct history *h, const char *where, const struct regval *v);
/* Is name one of the KVP values a free-cell scan looks for? */
int hist_wanted_name(const char *name);
/* A note on a source that could not be read, or said nothing (e.g. "RegBack\SOFTWARE is empty"). */
int hist_note(struct history *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sort, merge consecutive identical observations, list the hosts seen: 0, or -1 on no memory. */
int hist_finish(struct history *h);
/* The source's name in the report ("checkpoint", ...). */
const char *hist_source_name(enum hist_source s);

#endif
