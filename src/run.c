/* SPDX-License-Identifier: MIT */
/*
 * run.c: the pipeline.  image -> partitions -> NTFS -> hive -> facts ->
 * verdict.  Each layer is opened here, in order, and closed here in reverse
 * (the TSK tool pattern); layers never reach past the one below.  Errors
 * get each layer's name once, on the way out, so r->error reads
 * "vm.vhdx: partition 4: NTFS: \Windows\System32\config\SOFTWARE: regf: ...".
 *
 * Keep going where it is safe: one partition failing does not stop the
 * next; the first failure is kept as the image's error (exit 3 in main.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reg/hive.h"
#include "reg/hivelog.h"
#include "img/img.h"
#include "facts/kvp.h"
#include "fs/ntfs.h"
#include "facts/os.h"
#include "vs/part.h"
#include "reg/query.h"
#include "run.h"
#include "facts/services.h"
#include "facts/verdict.h"
#include "fs/volume.h"
#include "sys/sys.h"

/* The partition layer probes volumes with the file-system layer's probe: it must get the bytes it needs. */
_Static_assert(PART_PROBE_LEN >= VOLUME_PROBE_LEN, "part_scan reads enough for volume_probe_buf");

#define CONFIG_DIR "\\Windows\\System32\\config\\"
#define PATH_SOFTWARE CONFIG_DIR "SOFTWARE"
#define PATH_SYSTEM   CONFIG_DIR "SYSTEM"

static const char *const log_ext[3] = {"LOG1", "LOG2", "LOG"};

/*
 * One hive and what it stands on, opened in order and closed in reverse:
 * the file, its transaction logs, the replay overlay, the hive reader.
 */
struct hstack {
	struct reader *file, *logs[3], *ov;
	struct hive   *h;
};

static void
hstack_close(struct hstack *s)
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

/* Replay (unless --no-log-replay) and open the hive; s->file and s->logs are set. */
static int
hstack_finish(struct hstack *s, const struct opts *o, struct hive_read *st, struct err *e)
{
	struct hive_logs logs = {s->logs[0], s->logs[1], s->logs[2]};
	struct replay rp;
	int rc;

	memset(&rp, 0, sizeof rp);
	st->present = 1;
	st->replay_off = o->no_replay;
	rc = hivelog_replay(s->file, o->no_replay ? NULL : &logs, &s->ov, &rp, e);
	hive_read_of(st, &rp);
	if (rc != 0)
		return -1;
	if ((s->h = hive_open(s->ov ? s->ov : s->file, e)) == NULL)
		return -1;
	hive_is_truncated(s->h, &st->bins_claimed, &st->bins_present);
	return 0;
}

/*
 * Open CONFIG_DIR\name (and its logs) on an NTFS volume: 1, 0 absent, -1
 * the file could not be found or opened, HIVE_UNREADABLE the file is there
 * but is no hive we can read (e says why in each case).
 */
#define HIVE_UNREADABLE (-2)
static int
hstack_open_ntfs(struct ntfs *n, const char *name, const struct opts *o, struct hstack *s,
    struct hive_read *st, struct err *e)
{
	char path[128], lname[32];
	int rc, i, dirty;

	memset(s, 0, sizeof *s);
	snprintf(path, sizeof path, CONFIG_DIR "%s", name);
	if ((rc = ntfs_open_file(n, path, name, &s->file, e)) <= 0)
		return rc == 0 ? 0 : err_ctx(e, "%s", path);
	/* The logs only matter for a dirty hive: each NTFS lookup reads whole directory indexes. */
	if ((dirty = hivelog_is_dirty(s->file, e)) < 0) {
		err_ctx(e, CONFIG_DIR "%s", name);
		hstack_close(s);
		return HIVE_UNREADABLE;
	}
	for (i = 0; i < 3 && dirty && !o->no_replay; i++) {
		snprintf(path, sizeof path, CONFIG_DIR "%s.%s", name, log_ext[i]);
		snprintf(lname, sizeof lname, "%s.%s", name, log_ext[i]);
		/* A log that cannot be opened is as good as absent; replay says so. */
		if (ntfs_open_file(n, path, lname, &s->logs[i], e) < 0)
			s->logs[i] = NULL;
	}
	if (hstack_finish(s, o, st, e) != 0) {
		err_ctx(e, CONFIG_DIR "%s", name);
		hstack_close(s);
		return HIVE_UNREADABLE;
	}
	return 1;
}

/* Keep the first error of the image; later ones become warnings. */
static void
record(struct image_report *r, const struct err *e)
{
	if (r->error == NULL) {
		r->error = strdup(e->msg);
		if (e->trace[0])
			r->trace = strdup(e->trace);
	} else {
		strv_addf(&r->warnings, &r->nwarnings, "%s", e->msg);
	}
}

/* What replay did (or could not do) to a hive, as a warning line. */
static void
warn_replay(char ***w, size_t *nw, const char *name, const struct hive_read *st)
{
	const struct hive_read *rp = st;
	char from[64] = "";
	size_t i;

	if (st->present && st->bins_present < st->bins_claimed)
		strv_addf(w, nw, "%s hive is truncated: its base block claims %llu bytes of hive bins, "
		    "the file holds %llu; keys past the end cannot be read", name,
		    (unsigned long long)st->bins_claimed, (unsigned long long)st->bins_present);
	if (!st->present || !rp->dirty)
		return;
	for (i = 0; i < rp->nrecovered; i++) {
		size_t n = strlen(from);
		snprintf(from + n, sizeof from - n, "%s%s.%s", i ? ", " : "", name, rp->recovered_from[i]);
	}
	if (st->replay_off)
		strv_addf(w, nw, "%s hive is dirty (sequence numbers %u != %u%s): logs not replayed "
		    "(--no-log-replay), so the newest values may be missing", name, rp->seq1, rp->seq2,
		    rp->base_block_bad ? ", bad base block" : "");
	else if (rp->nrecovered > 0)
		strv_addf(w, nw, "%s hive was dirty (sequence numbers %u != %u%s): %u log entr%s "
		    "(%u pages) replayed from %s%s%s", name, rp->seq1, rp->seq2,
		    rp->base_block_bad ? ", bad base block" : "", rp->entries_applied,
		    rp->entries_applied == 1 ? "y" : "ies", rp->pages_applied, from,
		    rp->note[0] ? "; " : "", rp->note);
	else
		strv_addf(w, nw, "%s hive is dirty (sequence numbers %u != %u%s) and its logs could not "
		    "be used (%s): the data shown may be stale", name, rp->seq1, rp->seq2,
		    rp->base_block_bad ? ", bad base block" : "", rp->note);
}

/*
 * A fact of one installation that could not be read (e: "SYSTEM:
 * ControlSet001\Services: regf: ..."): the installation's warnings say so,
 * and the image's error (the first failure: exit 3) names the partition.
 * The facts that could be read stand.
 */
static void
fact_failed(struct image_report *r, struct install *in, const struct err *e)
{
	struct err full = *e;

	strv_addf(&in->warnings, &in->nwarnings, "%s", e->msg);
	if (r->error == NULL) {
		err_ctx(&full, "partition %u: NTFS", in->partition);
		r->error = strdup(full.msg);
	}
}

/* --key on an installation: each path read from the hive it names. */
static void
run_queries(struct ntfs *n, struct hive *sw, struct hive *sys, int sw_bad, int sys_bad, const char *cs,
    const struct opts *o, struct install *in, struct image_report *r)
{
	size_t i;

	if (o->nkeys == 0 || (in->keys = calloc(o->nkeys, sizeof *in->keys)) == NULL)
		return;
	for (i = 0; i < o->nkeys; i++) {
		struct keydump *d = &in->keys[in->nkeys++];
		struct hstack other;
		struct hive_read st;
		struct hive *h = NULL;
		const char *hv, *rest;
		char path[1024];
		struct err e;
		int rc = 0;

		err_clear(&e);
		d->request = strdup(o->keys[i]);
		if ((hv = query_hive_of(o->keys[i], &rest)) == NULL) {
			d->error = strdup("no hive named (SOFTWARE, SYSTEM, SAM, SECURITY, DEFAULT)");
			continue;
		}
		memset(&other, 0, sizeof other);
		memset(&st, 0, sizeof st);
		snprintf(path, sizeof path, "%s", rest);
		if (strcmp(hv, "SOFTWARE") == 0) {
			h = sw;
		} else if (strcmp(hv, "SYSTEM") == 0) {
			h = sys;
			/* CurrentControlSet exists only in a running system: map it. */
			if (cs[0] && strncasecmp(rest, "CurrentControlSet", 17) == 0 &&
			    (rest[17] == '\\' || rest[17] == '\0'))
				snprintf(path, sizeof path, "%s%s", cs, rest + 17);
		} else if ((rc = hstack_open_ntfs(n, hv, o, &other, &st, &e)) == 1) {
			h = other.h;
			warn_replay(&in->warnings, &in->nwarnings, hv, &st);
		}
		if (rc == 0 && h == NULL && (strcmp(hv, "SOFTWARE") == 0 ? sw_bad : strcmp(hv, "SYSTEM") == 0 && sys_bad))
			rc = err_set(&e, ERR_FORMAT, "the %s hive could not be read", hv);
		if (rc != 0 || (h != NULL && query_key(h, path, d, &e) != 0)) {
			/* A key asked for and not read is an error of the image (exit 3), not just a line. */
			d->error = strdup(e.msg);
			err_ctx(&e, "--key %s", o->keys[i]);
			fact_failed(r, in, &e);
		}
		hstack_close(&other);
	}
}

/*
 * Facts from the open hives into in; either hive may be NULL (absent, or
 * not readable: in->kvp.unread says which).  Each fact costs only itself:
 * what cannot be read is a warning of the installation (fact_failed) and
 * the rest is still collected and judged.  cs gets the control set.
 */
static void
collect(struct hive *sw, struct hive *sys, const struct opts *o, struct install *in, char cs[16],
    struct image_report *r)
{
	int rc, unread = 0;
	struct err e;

	cs[0] = '\0';
	if (sys != NULL) {
		err_clear(&e);
		if ((rc = services_control_set(sys, cs, &e)) < 0) {
			err_ctx(&e, "SYSTEM: Select");
			fact_failed(r, in, &e);
			in->kvp.unread |= KVP_UNREAD_SERVICE;
		} else if (rc == 0) {
			strv_addf(&in->warnings, &in->nwarnings,
			    "SYSTEM hive has no usable Select\\Current: services and architecture unknown");
		} else {
			if (services_collect(sys, cs, in, &e) != 0) {
				err_ctx(&e, "SYSTEM");
				fact_failed(r, in, &e);
			}
			err_clear(&e);
			if (os_collect_arch(sys, cs, &in->os, &e) != 0) {
				err_ctx(&e, "SYSTEM");
				fact_failed(r, in, &e);
			}
		}
	}
	if (sw != NULL) {
		int (*const part[])(struct hive *, struct kvp_facts *, struct err *) = {
			kvp_collect_params, kvp_collect_auto, kvp_collect_external,
		};
		size_t i;
		err_clear(&e);
		if (os_collect(sw, &in->os, &e) != 0) {
			err_ctx(&e, "SOFTWARE");
			fact_failed(r, in, &e);
		}
		for (i = 0; i < sizeof part / sizeof part[0]; i++) {
			err_clear(&e);
			if (part[i](sw, &in->kvp, &e) != 0) {
				err_ctx(&e, "SOFTWARE");
				fact_failed(r, in, &e);
			}
		}
	} else {
		in->kvp.unread |= KVP_UNREAD_SOFTWARE;
	}
	in->kvp.service_start = services_start(in, "vmickvpexchange", &unread);
	if (unread)
		in->kvp.unread |= KVP_UNREAD_SERVICE;
	kvp_set_state(&in->kvp);
	kvp_host(&in->kvp, &in->host);
	if (verdict_all(in, o->assume_major, o->assume_minor) != 0) {
		err_set(&e, ERR_NOMEM, "out of memory");
		fact_failed(r, in, &e);
	}
}

/*
 * One NTFS volume: a Windows installation if it has a SOFTWARE hive file.
 * The installation is reported with whatever its hives still give: a
 * SOFTWARE that is no readable hive leaves the SYSTEM facts, and the other
 * way round.
 */
static int
inspect_ntfs(struct reader *vol, unsigned idx, const struct opts *o, struct image_report *r,
    struct err *e)
{
	struct hstack sw, sys;
	struct hive_read swst, sysst;
	struct install *in;
	struct ntfs *n;
	struct err he;
	char cs[16];
	int rc = -1, found, sys_bad = 0;

	memset(&sw, 0, sizeof sw);
	memset(&sys, 0, sizeof sys);
	memset(&swst, 0, sizeof swst);
	memset(&sysst, 0, sizeof sysst);
	if ((n = ntfs_open(vol, e)) == NULL)
		return err_ctx(e, "NTFS");
	err_clear(&he);
	if ((found = hstack_open_ntfs(n, "SOFTWARE", o, &sw, &swst, &he)) == 0 || found == -1) {
		*e = he;
		rc = found == 0 ? 0 : err_ctx(e, "NTFS");
		goto out;
	}
	if ((in = report_add_install(r)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	in->partition = idx;
	if (found == HIVE_UNREADABLE)
		fact_failed(r, in, &he);
	in->software = swst;
	err_clear(&he);
	if ((found = hstack_open_ntfs(n, "SYSTEM", o, &sys, &sysst, &he)) < 0) {
		/* SOFTWARE alone still answers the KVP question; say what is missing. */
		sys_bad = 1;
		fact_failed(r, in, &he);
		in->kvp.unread |= KVP_UNREAD_SERVICE;
	} else if (found == 0) {
		strv_addf(&in->warnings, &in->nwarnings, "no %s: services and architecture unknown",
		    PATH_SYSTEM);
	}
	in->system = sysst;
	warn_replay(&in->warnings, &in->nwarnings, "SOFTWARE", &in->software);
	warn_replay(&in->warnings, &in->nwarnings, "SYSTEM", &in->system);
	collect(sw.h, sys.h, o, in, cs, r);
	run_queries(n, sw.h, sys.h, sw.h == NULL, sys_bad, cs, o, in, r);
	rc = 0;
out:
	hstack_close(&sys);
	hstack_close(&sw);
	ntfs_close(n);
	return rc;
}

static void
inspect_partition(struct reader *disk, struct part *p, const struct opts *o, struct image_report *r)
{
	struct reader *vol;
	struct err e;
	char name[32];

	err_clear(&e);
	snprintf(name, sizeof name, "partition %u", p->idx);
	if (p->problem[0]) {
		err_set(&e, ERR_FORMAT, "%s: %s", name, p->problem);
		record(r, &e);
		return;
	}
	if ((vol = reader_sub_open(disk, p->first_byte, p->nbytes, name, &e)) == NULL) {
		record(r, &e);
		return;
	}
	if ((p->fs = volume_probe(vol, &e)) == NULL) {
		err_ctx(&e, "%s", name);
		record(r, &e);
	} else if (strcmp(p->fs, "ntfs") == 0) {
		if (inspect_ntfs(vol, p->idx, o, r, &e) != 0) {
			err_ctx(&e, "%s", name);
			record(r, &e);
		}
	} else if (strcmp(p->fs, "bitlocker") == 0) {
		strv_addf(&r->warnings, &r->nwarnings,
		    "%s: BitLocker-encrypted volume: not readable offline without its key", name);
	} else if (strcmp(p->fs, "refs") == 0) {
		strv_addf(&r->warnings, &r->nwarnings, "%s: ReFS volume: not read", name);
	}
	reader_close(vol);
}

/* The image's own name goes first, once. */
static void
prefix_error(struct image_report *r, const char *path)
{
	char *full;

	if (r->error == NULL || (full = malloc(strlen(path) + strlen(r->error) + 3)) == NULL)
		return;
	sprintf(full, "%s: %s", path, r->error);
	free(r->error);
	r->error = full;
}

/* The image layer's findings as the report's plain data. */
static void
report_image(struct image_report *r, const struct image_info *info)
{
	size_t i;

	r->have_image = info->format != NULL;
	r->image.format = info->format;
	r->image.disk_type = info->disk_type;
	r->image.subformat = info->subformat;
	r->image.virtual_size = info->virtual_size;
	r->image.sector_size = info->sector_size;
	r->image.has_log = info->has_log;
	if (info->nchain == 0 || (r->image.chain = calloc(info->nchain, sizeof *r->image.chain)) == NULL)
		return;
	for (i = 0; i < info->nchain; i++) {
		const struct img_link *l = &info->chain[i];
		struct rep_link *k = &r->image.chain[r->image.nchain++];
		k->path = strdup(l->path);
		k->format = l->format;
		k->disk_type = l->disk_type;
		memcpy(k->id, l->id, GUID_STR_LEN);
		memcpy(k->parent_id, l->parent_id, GUID_STR_LEN);
		k->log_pending = l->log_pending;
		k->log_entries = l->log_entries;
		k->log_torn = l->log_torn;
		if (!l->log_pending)
			continue;
		if (l->log_torn)
			strv_addf(&r->warnings, &r->nwarnings,
			    "%s: VHDX log {%s} is pending but could not be replayed (%s): read as it is, so "
			    "recent writes may be missing", l->path, l->log_guid, l->log_note);
		else
			strv_addf(&r->warnings, &r->nwarnings,
			    "%s: VHDX log was pending (the VM was not shut down cleanly): %u entr%s replayed "
			    "in memory", l->path, l->log_entries, l->log_entries == 1 ? "y" : "ies");
	}
}

/* The partition layer's table, after each volume was probed, as the report's plain data. */
static void
report_parts(struct image_report *r, const struct part_table *t)
{
	size_t i;

	r->scheme = t->scheme;
	if (t->n == 0 || (r->parts = calloc(t->n, sizeof *r->parts)) == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		const struct part *p = &t->v[i];
		struct rep_part *q = &r->parts[r->nparts++];
		q->idx = p->idx;
		q->scheme = p->scheme;
		q->offset = p->first_byte;
		q->size = p->nbytes;
		memcpy(q->type, p->type, GUID_STR_LEN);
		q->type_name = part_type_name(p);
		q->has_name = strcmp(p->scheme, "gpt") == 0;
		snprintf(q->name, sizeof q->name, "%s", p->name);
		q->fs = p->fs;
	}
}

void
run_image(const char *path, const struct opts *o, struct image_report *r)
{
	struct part_table t;
	struct image_info info;
	struct image *im;
	struct reader *disk;
	struct err e;
	size_t i;

	memset(r, 0, sizeof *r);
	memset(&t, 0, sizeof t);
	r->path = path;
	err_clear(&e);
	im = image_open(path, &o->img, &info, &e);
	report_image(r, &info);
	if (im == NULL) {
		record(r, &e);
		goto out;
	}
	disk = image_reader(im);
	if (part_scan(disk, volume_probe_buf, &t, &e) != 0) {
		err_ctx(&e, "partition table");
		record(r, &e);
		goto out;
	}
	if (info.sector_guessed)
		r->image.sector_size = t.lba_size;
	/*
	 * A name that claims a container the signature does not show: a file
	 * that, read raw, holds a partition table or a file system is read so
	 * (and the mismatch said); one that holds neither is no image at all
	 * (a corrupted golden image must not pass a CI gate as "no Windows").
	 */
	if (info.claim_ext != NULL && info.no_signature) {
		if (t.n == 0 && strcmp(t.scheme, "none") == 0) {
			err_set(&e, ERR_FORMAT, "not a %s: %s, and no partition table or file system",
			    info.claim_label, info.claim_missing);
			record(r, &e);
			goto out;
		}
		strv_addf(&r->warnings, &r->nwarnings, "named %s but has %s: read as a raw disk",
		    info.claim_ext, info.claim_missing);
	} else if (info.claim_ext != NULL) {
		strv_addf(&r->warnings, &r->nwarnings, "named %s but is a %s image by its signature: read as one",
		    info.claim_ext, info.format);
	}
	if (t.warning[0])
		strv_addf(&r->warnings, &r->nwarnings, "%s", t.warning);
	for (i = 0; i < t.n; i++)
		inspect_partition(disk, &t.v[i], o, r);
out:
	report_parts(r, &t);
	part_table_free(&t);
	image_info_free(&info);
	image_close(im);
	prefix_error(r, path);
}

/*
 * The logs of a bare hive: FILE.LOG1, FILE.LOG2, FILE.LOG beside it, names
 * compared case-insensitively (Windows writes "ntuser.dat.LOG1" beside
 * "NTUSER.DAT").  Only that folder is read.
 */
static void
host_logs(const char *path, struct reader *logs[3])
{
	const char *slash = sys_last_sep(path), *base = slash ? slash + 1 : path;
	char want[512], *dir = sys_dir_of(path), *p;
	struct err e;
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

void
run_hive(const char *path, const struct opts *o, struct image_report *r)
{
	struct hstack s;
	struct err e;
	size_t i;

	memset(r, 0, sizeof *r);
	memset(&s, 0, sizeof s);
	r->path = path;
	r->is_hive = 1;
	err_clear(&e);
	if ((s.file = rd_file_open(path, &e)) == NULL) {
		record(r, &e);
		goto out;
	}
	if (!o->no_replay)
		host_logs(path, s.logs);
	if (hstack_finish(&s, o, &r->hive, &e) != 0) {
		record(r, &e);
		goto out;
	}
	r->hive_opened = 1;
	warn_replay(&r->warnings, &r->nwarnings, sys_last_sep(path) ? sys_last_sep(path) + 1 : path,
	    &r->hive);
	if ((r->keys = calloc(o->nkeys ? o->nkeys : 1, sizeof *r->keys)) == NULL)
		goto out;
	/* Without --key: the root key. */
	for (i = 0; i < (o->nkeys ? o->nkeys : 1); i++) {
		struct keydump *d = &r->keys[r->nkeys++];
		const char *k = o->nkeys ? o->keys[i] : "";
		d->request = strdup(k);
		if (query_key(s.h, k, d, &e) != 0) {
			/* A key asked for and not read: the hive's error (exit 3), not just a line. */
			d->error = strdup(e.msg);
			err_ctx(&e, "--key %s", k[0] ? k : "(root key)");
			record(r, &e);
		}
	}
out:
	hstack_close(&s);
	prefix_error(r, path);
}
