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
 * With it: hstack.c (a hive and what it stands on), collect.c (an
 * installation's facts from its hives), xpass.c (--cross-check's pass).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect.h"
#include "fs/volume.h"
#include "hpass.h"
#include "img/img.h"
#include "reg/query.h"
#include "run.h"
#include "sys/sys.h"
#include "vs/part.h"
#include "xpass.h"

/* The partition layer probes volumes with the file-system layer's probe: it must get the bytes it needs. */
_Static_assert(PART_PROBE_LEN >= VOLUME_PROBE_LEN, "part_scan reads enough for volume_probe_buf");

#define PATH_SYSTEM CONFIG_DIR "SYSTEM"

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
	struct sink k = {r, NULL, 0, NULL};
	struct install *in;
	struct ntfs *n;
	struct err he;
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
	if (found == HIVE_UNREADABLE) {
		fact_failed(r, in, &he);
		k.failed |= XC_SOFTWARE;
	}
	in->software = swst;
	err_clear(&he);
	if ((found = hstack_open_ntfs(n, "SYSTEM", o, &sys, &sysst, &he)) < 0) {
		/* SOFTWARE alone still answers the KVP question; say what is missing. */
		sys_bad = 1;
		k.failed |= XC_SYSTEM;
		fact_failed(r, in, &he);
		in->kvp.unread |= KVP_UNREAD_SERVICE;
	} else if (found == 0) {
		strv_addf(&in->warnings, &in->nwarnings, "no %s: services and architecture unknown",
		    PATH_SYSTEM);
	}
	in->system = sysst;
	warn_replay(&in->warnings, &in->nwarnings, "SOFTWARE", &in->software);
	warn_replay(&in->warnings, &in->nwarnings, "SYSTEM", &in->system);
	collect(sw.h, sys.h, o, in, in->control_set, &k);
	run_queries(n, sw.h, sys.h, sw.h == NULL, sys_bad, in->control_set, o, in, &k);
	in->parts_unread = k.failed;
	if (o->history)
		hpass_volume(vol, n, &sw, o, in);
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
	if (o->cross_check)
		xpass_image(path, o, &t, r);
	if (o->history) {
		hpass_chain(&info, o, r);
		hpass_finish(r);
	}
out:
	report_parts(r, &t);
	part_table_free(&t);
	image_info_free(&info);
	image_close(im);
	prefix_error(r, path);
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
		hstack_host_logs(path, s.logs);
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
	if (o->cross_check)
		xpass_hive(&s, o, r);
out:
	hstack_close(&s);
	prefix_error(r, path);
}
