/* SPDX-License-Identifier: MIT */
/*
 * hives.c: one hive and what it stands on (hives.h): the file (found on
 * NTFS, or a host file), its transaction logs, the replay overlay, the hive
 * reader; and what replay did, as a warning.
 */
#include <stdlib.h>
#include <string.h>

#include "inspect/hives.h"
#include "reg/hivelog.h"
#include "sys/sys.h"

static const char *const log_ext[3] = {"LOG1", "LOG2", "LOG"};

void
hive_stack_close(struct hive_stack *s)
{
	int i;

	hive_close(s->h);
	reader_close(s->ov);
	for (i = 2; i >= 0; i--)
		reader_close(s->logs[i]);
	reader_close(s->file);
	memset(s, 0, sizeof *s);
}

/* What replay did, as the report's plain data. */
static void
hive_read_of(struct hive_read *st, const struct replay *rp)
{
	size_t i;

	st->dirty = rp->dirty;
	st->base_block_bad = rp->base_block_bad;
	st->seq1 = rp->seq1;
	st->seq2 = rp->seq2;
	for (i = 0; i < rp->nrecovered && i < 3; i++)
		st->recovered_from[i] = rp->recovered_from[i];
	st->nrecovered = i;
	st->entries_applied = rp->entries_applied;
	st->pages_applied = rp->pages_applied;
	snprintf(st->note, sizeof st->note, "%s", rp->note);
}

int
hive_stack_finish(struct hive_stack *s, const struct opts *o, struct hive_read *st, struct err *e)
{
	struct hive_logs logs = {s->logs[0], s->logs[1], s->logs[2]};
	struct replay rp;
	int rc;

	memset(&rp, 0, sizeof rp);
	st->present = 1;
	st->replay_off = o->no_replay;
	rc = hivelog_replay(s->file, o->no_replay ? NULL : &logs, &s->ov, &rp, e);
	hive_read_of(st, &rp);
	/* the logs' names as the folder stores them ("ntuser.dat.LOG1" beside "NTUSER.DAT"), for the warnings */
	for (int i = 0; i < 3; i++)
		if (s->logs[i] != NULL && s->logs[i]->name != NULL) {
			const char *b = sys_last_sep(s->logs[i]->name);
			snprintf(st->log_file[i], sizeof st->log_file[i], "%s", b ? b + 1 : s->logs[i]->name);
		}
	if (rc != 0)
		return -1;
	if ((s->h = (s->open ? s->open : hive_open)(s->ov ? s->ov : s->file, e)) == NULL)
		return -1;
	hive_is_truncated(s->h, &st->bins_claimed, &st->bins_present);
	return 0;
}

int
hive_stack_open(struct ntfs *n, const char *name, const struct opts *o, struct hive_stack *s,
    struct hive_read *st, struct err *e)
{
	struct hive *(*open)(struct reader *, struct err *) = s->open;
	char path[128], lname[32];
	int rc, i, dirty;

	memset(s, 0, sizeof *s);
	s->open = open;
	snprintf(path, sizeof path, CONFIG_DIR "%s", name);
	if ((rc = ntfs_open_file(n, path, name, &s->file, e)) <= 0)
		return rc == 0 ? 0 : err_ctx(e, "%s", path);
	/* The logs only matter for a dirty hive: each NTFS lookup reads whole directory indexes. */
	if ((dirty = hivelog_is_dirty(s->file, e)) < 0) {
		err_ctx(e, CONFIG_DIR "%s", name);
		hive_stack_close(s);
		return HIVE_UNREADABLE;
	}
	for (i = 0; i < 3 && dirty && !o->no_replay; i++) {
		snprintf(path, sizeof path, CONFIG_DIR "%s.%s", name, log_ext[i]);
		snprintf(lname, sizeof lname, "%s.%s", name, log_ext[i]);
		/* A log that cannot be opened is as good as absent; replay says so. */
		if (ntfs_open_file(n, path, lname, &s->logs[i], e) < 0)
			s->logs[i] = NULL;
	}
	if (hive_stack_finish(s, o, st, e) != 0) {
		err_ctx(e, CONFIG_DIR "%s", name);
		hive_stack_close(s);
		return HIVE_UNREADABLE;
	}
	return 1;
}

/* What replay did (or could not do) to a hive, as a warning line. */
void
hive_replay_warning(struct warnings *w, const char *name, const struct hive_read *st)
{
	const struct hive_read *rp = st;
	char from[400] = "";
	size_t i;

	if (st->present && st->bins_present < st->bins_claimed)
		warn_add(w, W_HIVE_TRUNCATED, "%s hive is truncated: its base block claims %llu bytes of hive bins, "
		    "the file holds %llu; keys past the end cannot be read", name,
		    (unsigned long long)st->bins_claimed, (unsigned long long)st->bins_present);
	if (!st->present || !rp->dirty)
		return;
	for (i = 0; i < rp->nrecovered; i++) {
		size_t n = strlen(from), k;
		const char *stored = NULL;
		for (k = 0; k < 3; k++)
			if (strcmp(rp->recovered_from[i], log_ext[k]) == 0 && st->log_file[k][0])
				stored = st->log_file[k];
		/* the name as stored when known, else the hive's name and the log's ending */
		if (stored != NULL)
			snprintf(from + n, sizeof from - n, "%s%s", i ? ", " : "", stored);
		else
			snprintf(from + n, sizeof from - n, "%s%s.%s", i ? ", " : "", name, rp->recovered_from[i]);
	}
	if (st->replay_off)
		warn_add(w, W_HIVE_DIRTY, "%s hive is dirty (sequence numbers %u != %u%s): logs not replayed "
		    "(--no-log-replay), so the newest values may be missing", name, rp->seq1, rp->seq2,
		    rp->base_block_bad ? ", bad base block" : "");
	else if (rp->nrecovered > 0)
		warn_add(w, W_HIVE_REPLAYED, "%s hive was dirty (sequence numbers %u != %u%s): %u log entr%s "
		    "(%u pages) replayed from %s%s%s", name, rp->seq1, rp->seq2,
		    rp->base_block_bad ? ", bad base block" : "", rp->entries_applied,
		    rp->entries_applied == 1 ? "y" : "ies", rp->pages_applied, from,
		    rp->note[0] ? "; " : "", rp->note);
	else
		warn_add(w, W_HIVE_STALE, "%s hive is dirty (sequence numbers %u != %u%s) and its logs could not "
		    "be used (%s): the data shown may be stale", name, rp->seq1, rp->seq2,
		    rp->base_block_bad ? ", bad base block" : "", rp->note);
}

/*
 * The logs of a bare hive: FILE.LOG1, FILE.LOG2, FILE.LOG beside it, names
 * compared case-insensitively (Windows writes "ntuser.dat.LOG1" beside
 * "NTUSER.DAT").  Only that folder is read.
 */
void
hive_stack_host_logs(const char *path, struct reader *logs[3])
{
	const char *slash = sys_last_sep(path), *base = slash ? slash + 1 : path;
	char want[512], *dir = sys_dir_of(path), *p;
	struct err e ERR_AUTO = ERR_INIT;
	int i;

	for (i = 0; dir != NULL && i < 3; i++) {
		snprintf(want, sizeof want, "%s.%s", base, log_ext[i]);
		if ((p = sys_find_name(dir, want)) != NULL) {
			logs[i] = rd_file_open(p, &e);
			free(p);
		}
	}
	free(dir);
}
