/* SPDX-License-Identifier: MIT */
/*
 * pass_history.c: --history's pass (pass_history.h): every place the disk still holds an
 * older Guest\Parameters, read as it is and handed to facts/history.c.
 * Each source costs only itself: one that cannot be read is a note of the
 * history, never an error of the image or a warning of the installation
 * (--history changes nothing else in the record).
 *   live         the installation's own facts (the main pass's)
 *   checkpoint   each parent level of the image's chain, read as that
 *                level's own disk (the chain cut there: a stack of its own)
 *   hive-log     SOFTWARE as on disk before its logs, and each state its
 *                .LOG1/.LOG2 entries hold (reg/hivelog.c hivelog_states)
 *   regback      System32\config\RegBack\SOFTWARE, its logs replayed
 *   shadow-copy  SOFTWARE in each volume shadow copy (vs/vss.h)
 *   free-cell    KVP values left in SOFTWARE's free cells (weak)
 */
#include <stdlib.h>
#include <string.h>

#include "facts/history.h"
#include "facts/kvp.h"
#include "inspect/find_linux.h"
#include "fs/unixfs.h"
#include "fs/volume.h"
#include "inspect/pass_history.h"
#include "reg/freecells.h"
#include "reg/hivelog.h"
#include "sys/sys.h"
#include "vs/vss.h"

#define BASIS_KEY "key last written"

/* Guest\Parameters of the hive h, as an observation of src: 0, or -1 with e set. */
static int
observe(struct history *hist, struct hive *h, enum hist_source src, const char *where, uint64_t as_of,
    const char *basis, long rank, struct err *e)
{
	struct kvp_facts k;
	int rc;

	memset(&k, 0, sizeof k);
	if ((rc = kvp_collect_params(h, &k, e)) == 0 && k.has_params)
		rc = hist_add_params(hist, src, where, as_of ? as_of : k.params_filetime,
		    as_of ? basis : BASIS_KEY, rank, k.params, k.nparams) == 0 ? 0 :
		    err_set(e, ERR_NOMEM, "out of memory");
	regvals_free(k.params, k.nparams);
	return rc;
}

/* One state of the hive a log holds. */
struct logstate {
	struct history *hist;
	unsigned        seen;
};

static int
on_state(void *ctx, struct reader *hive, const char *log, uint32_t seq)
{
	struct logstate *ls = ctx;
	struct hive *h;
	struct err e ERR_AUTO = ERR_INIT;
	char where[64];

	err_clear(&e);
	if (++ls->seen > HIST_MAX_OBS)
		return 1;
	snprintf(where, sizeof where, "SOFTWARE.%s sequence %u", log, seq);
	if ((h = hive_open(hive, &e)) == NULL || observe(ls->hist, h, HS_HIVE_LOG, where, 0, NULL, (long)seq, &e) != 0)
		hist_note(ls->hist, "%s: %s", where, err_msg(&e));
	hive_close(h);
	return 0;
}

/* The states of SOFTWARE its logs hold, and the hive as on disk when the logs were replayed. */
static void
from_logs(struct ntfs *n, const struct hive_stack *sw, const struct install *in, struct history *hist)
{
	static const char *const ext[3] = {"LOG1", "LOG2", "LOG"};
	struct reader *own[3] = {NULL, NULL, NULL};
	struct hive_logs logs;
	struct logstate ls = {hist, 0};
	struct hivelog_watch w = {on_state, &ls};
	struct hive *h;
	struct err e ERR_AUTO = ERR_INIT;
	char path[128], name[32];
	int i;

	err_clear(&e);
	if (in->software.dirty && sw->ov != NULL) {
		snprintf(path, sizeof path, "SOFTWARE as on disk (sequence %u), before its logs", in->software.seq1);
		if ((h = hive_open(sw->file, &e)) == NULL ||
		    observe(hist, h, HS_HIVE_LOG, path, 0, NULL, (long)in->software.seq2, &e) != 0)
			hist_note(hist, "%s: %s", path, err_msg(&e));
		hive_close(h);
	}
	/* the logs: those the main pass opened (a dirty hive), else looked up now */
	for (i = 0; i < 3; i++) {
		if (sw->logs[i] != NULL)
			continue;
		snprintf(path, sizeof path, CONFIG_DIR "SOFTWARE.%s", ext[i]);
		snprintf(name, sizeof name, "SOFTWARE.%s", ext[i]);
		if (ntfs_open_file(n, path, name, &own[i], &e) < 0) {
			own[i] = NULL;
			err_clear(&e);
		}
	}
	logs.log1 = sw->logs[0] ? sw->logs[0] : own[0];
	logs.log2 = sw->logs[1] ? sw->logs[1] : own[1];
	logs.log = sw->logs[2] ? sw->logs[2] : own[2];
	if (hivelog_states(sw->file, &logs, &w, &e) != 0)
		hist_note(hist, "SOFTWARE's logs: %s", err_msg(&e));
	for (i = 2; i >= 0; i--)
		reader_close(own[i]);
}

/* RegBack\SOFTWARE (Windows 8.1, Server 2012 R2, Windows 10 before 1803 keep it). */
static void
from_regback(struct stack *s, struct stack_volume *v, struct ntfs *n, const struct opts *o, struct history *hist)
{
	struct hive_stack *hs;
	struct hive_read st;
	struct reader *f = NULL;
	struct err e ERR_AUTO = ERR_INIT;
	int rc;

	err_clear(&e);
	memset(&st, 0, sizeof st);
	if ((rc = ntfs_open_file(n, CONFIG_DIR "RegBack\\SOFTWARE", "RegBack\\SOFTWARE", &f, &e)) <= 0) {
		if (rc < 0)
			hist_note(hist, "RegBack\\SOFTWARE: %s", err_msg(&e));
		return;
	}
	if (f->size == 0) {
		hist_note(hist, "RegBack\\SOFTWARE is an empty file (Windows 10 1803 and later keep it so)");
		reader_close(f);
		return;
	}
	reader_close(f);
	if ((rc = stack_hive(s, v, "RegBack\\SOFTWARE", o, &hs, &st, &e)) == 1) {
		if (observe(hist, hs->h, HS_REGBACK, "RegBack\\SOFTWARE", 0, NULL, 0, &e) != 0)
			hist_note(hist, "RegBack\\SOFTWARE: %s", err_msg(&e));
	} else if (rc < 0) {
		hist_note(hist, "RegBack\\SOFTWARE: %s", err_msg(&e));
	}
}

/* SOFTWARE in each shadow copy of the volume, dated by the copy's creation. */
static void
from_shadow_copies(struct reader *vol, const struct opts *o, struct history *hist)
{
	struct vss *v = NULL;
	struct err e ERR_AUTO = ERR_INIT;
	size_t i;
	int rc;

	err_clear(&e);
	if ((rc = vss_open(vol, &v, &e)) <= 0) {
		if (rc < 0)
			hist_note(hist, "shadow copies: %s", err_msg(&e));
		return;
	}
	for (i = 0; i < vss_count(v); i++) {
		struct vss_store_info info;
		struct reader *sr;
		struct ntfs *n = NULL;
		struct hive_stack s;
		struct hive_read st;
		char where[80];

		err_clear(&e);
		memset(&s, 0, sizeof s);
		memset(&st, 0, sizeof st);
		snprintf(where, sizeof where, "shadow copy %zu", i + 1);
		if ((sr = vss_store_open(v, i, &info, &e)) == NULL) {
			hist_note(hist, "%s: %s", where, err_msg(&e));
			continue;
		}
		snprintf(where, sizeof where, "shadow copy {%s}", info.id);
		if ((n = ntfs_open(sr, &e)) == NULL || (rc = hive_stack_open(n, "SOFTWARE", o, &s, &st, &e)) < 0)
			hist_note(hist, "%s: %s", where, err_msg(&e));
		else if (rc == 1 && observe(hist, s.h, HS_SHADOW_COPY, where, info.created, "shadow copy created",
		    (long)i, &e) != 0)
			hist_note(hist, "%s: %s", where, err_msg(&e));
		hive_stack_close(&s);
		ntfs_close(n);
		reader_close(sr);
	}
	vss_close(v);
}

/* KVP values in SOFTWARE's free cells that the live key no longer holds (weak). */
static void
from_free_cells(const struct hive_stack *sw, const struct install *in, struct history *hist)
{
	struct free_value *fv = NULL;
	size_t n = 0, i;
	struct err e ERR_AUTO = ERR_INIT;
	char where[48];

	err_clear(&e);
	if (hive_free_values(sw->ov ? sw->ov : sw->file, hist_wanted_name, &fv, &n, &e) != 0) {
		hist_note(hist, "SOFTWARE's free cells: %s", err_msg(&e));
		return;
	}
	for (i = 0; i < n; i++) {
		const struct regval *live = regval_find(in->kvp.params, in->kvp.nparams, fv[i].v.name);
		if (live != NULL && live->kind == RV_STRING && fv[i].v.kind == RV_STRING && live->str && fv[i].v.str &&
		    strcmp(live->str, fv[i].v.str) == 0)
			continue; /* an old copy of what is still there says nothing new */
		snprintf(where, sizeof where, "cell at 0x%x", fv[i].cell);
		if (hist_add_free_value(hist, where, &fv[i].v) != 0)
			break;
	}
	free_values_free(fv, n);
}

/* The sources on the installation's own volume v: its SOFTWARE as the main pass opened it, and what is older. */
static void
from_volume(struct stack *s, struct stack_volume *v, const struct opts *o, struct install *in)
{
	struct history *hist = &in->hist;
	struct hive_stack *sw = NULL;
	struct hive_read st;
	struct ntfs *n;
	struct err e ERR_AUTO = ERR_INIT;

	hist->ran = 1;
	if (in->kvp.has_params &&
	    hist_add_params(hist, HS_LIVE, NULL, in->kvp.params_filetime, BASIS_KEY, 0, in->kvp.params,
	    in->kvp.nparams) != 0)
		hist_note(hist, "out of memory");
	if (o->history_failed != NULL) {
		/* the run that read the older sources died: the live values only, and why */
		hist_note(hist, "%s", o->history_failed);
		return;
	}
	err_clear(&e);
	if ((n = stack_ntfs(s, v, &e)) == NULL || stack_hive(s, v, "SOFTWARE", o, &sw, &st, &e) != 1)
		return; /* SOFTWARE could not be read: nothing older either */
	from_logs(n, sw, in, hist);
	from_regback(s, v, n, o, hist);
	from_shadow_copies(v->rd, o, hist);
	if (sw->h != NULL)
		from_free_cells(sw, in, hist);
}

/*
 * A Linux installation's pool 3 file on volume v (of a checkpoint level) as
 * an observation of its history: the pool file carries no time of its own,
 * so the order is the chain's.  0, or -1 with e set.
 */
static int
linux_observe(struct stack_volume *v, struct install *in, const char *where, long rank, struct err *e)
{
	struct unixfs *u;
	struct install again;
	int rc;

	if ((u = unixfs_open(v->rd, v->fs, 0, e)) == NULL)
		return -1;
	install_init(&again);
	rc = linux_collect(u, &again, e);
	unixfs_close(u);
	if (rc == 0)
		rc = err_set(e, ERR_FORMAT, "no os-release there");
	else if (rc == 1 && again.kvp.has_params &&
	    hist_add_params(&in->hist, HS_CHECKPOINT, where, 0, NULL, rank, again.kvp.params, again.kvp.nparams) != 0)
		rc = err_set(e, ERR_NOMEM, "out of memory");
	else if (rc == 1 && !again.kvp.has_params)
		hist_note(&in->hist, "checkpoint %s: no KVP pool file (the daemon had not written one)", where);
	install_free(&again);
	return rc < 0 ? -1 : 0;
}

/* One level of the chain (path), read as its own disk (a stack of its own), into each installation of r. */
static void
from_level(const char *path, long rank, const struct opts *o, struct image_report *r)
{
	const char *sep = sys_last_sep(path), *base = sep ? sep + 1 : path;
	struct stack lvl;
	struct err e ERR_AUTO = ERR_INIT;
	size_t i;

	err_clear(&e);
	if (stack_open(&lvl, path, o, STACK_OURS, NULL, &e) != 0) {
		for (i = 0; i < r->ninst; i++)
			hist_note(&r->inst[i].hist, "checkpoint %s: %s", base, err_msg(&e));
		goto out;
	}
	for (i = 0; i < r->ninst; i++) {
		struct install *in = &r->inst[i];
		struct stack_volume *v = stack_volume(&lvl, in->partition);
		struct hive_stack *sw = NULL;
		struct hive_read st;
		int rc = 0;

		err_clear(&e);
		if (install_is_linux(in)) {
			if (v == NULL || v->rd == NULL || linux_observe(v, in, base, rank, &e) != 0)
				hist_note(&in->hist, "checkpoint %s: partition %u: %s", base, in->partition,
				    v == NULL ? "not in its table" : err_msg(v->rd == NULL ? &v->error : &e));
			continue;
		}
		if (v == NULL)
			err_set(&e, ERR_FORMAT, "no partition %u", in->partition);
		else if (stack_ntfs(&lvl, v, &e) != NULL)
			rc = stack_hive(&lvl, v, "SOFTWARE", o, &sw, &st, &e);
		if (v == NULL || v->ntfs == NULL || rc < 0 ||
		    (rc == 1 && observe(&in->hist, sw->h, HS_CHECKPOINT, base, 0, NULL, rank, &e) != 0))
			hist_note(&in->hist, "checkpoint %s: partition %u: %s", base, in->partition, err_msg(&e));
	}
out:
	stack_close(&lvl);
}

void
pass_history(struct stack *s, const struct opts *o, struct image_report *r)
{
	size_t i;

	for (i = 0; i < r->ninst; i++) {
		struct stack_volume *v = stack_volume(s, r->inst[i].partition);
		if (install_is_linux(&r->inst[i])) {
			/* the boots its log holds, the live pool file, then each checkpoint level's (below) */
			struct install *in = &r->inst[i];
			struct err e ERR_AUTO = ERR_INIT;
			in->hist.ran = 1;
			if (v != NULL && v->rd != NULL && linux_boots(v, in, &e) != 0)
				hist_note(&in->hist, "%s: boots not read: %s", in->host.build.from, err_msg(&e));
			if (in->kvp.has_params &&
			    hist_add_params(&in->hist, HS_LIVE, NULL, 0, NULL, 0, in->kvp.params, in->kvp.nparams) != 0)
				hist_note(&in->hist, "out of memory");
		} else if (v != NULL) {
			from_volume(s, v, o, &r->inst[i]);
		}
	}
	/* the child (level 0) is the live disk; its parents, base last, are the disk as it was */
	for (i = 1; o->history_failed == NULL && i < s->info.disk.nchain && r->ninst > 0; i++)
		from_level(s->info.disk.chain[i].path, (long)(s->info.disk.nchain - 1 - i), o, r);
	for (i = 0; i < r->ninst; i++)
		if (r->inst[i].hist.ran && hist_finish(&r->inst[i].hist) != 0)
			hist_note(&r->inst[i].hist, "out of memory");
}
