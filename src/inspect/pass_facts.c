/* SPDX-License-Identifier: MIT */
/*
 * pass_facts.c: the main pass over an image's stack (pass_facts.h).  The
 * image layer's description and the partition table become the report's
 * plain data; each volume is handed to the OS finder of its file system
 * (a table: today Windows on NTFS), so another OS or file system is a row.
 * Keep going where it is safe: one volume failing does not stop the next;
 * the first failure is kept as the image's error (exit 3).
 */
#include <stdlib.h>
#include <string.h>

#include "inspect/pass_facts.h"
#include "inspect/find_linux.h"
#include "inspect/find_windows.h"

/* Where an OS is found: the file system it lives on, and the finder that reads it. */
static const struct os_finder {
	enum fs_kind fs;
	int        (*find)(struct stack *, struct stack_volume *, const struct opts *, struct image_report *,
	    struct err *);
} finders[] = {
	{FS_NTFS, windows_find},
	{FS_EXT, linux_find},
	{FS_XFS, linux_find},
};

/* File systems that may hold an installation we cannot read: said once per volume. */
static const struct {
	enum fs_kind fs;
	const char  *note;
} unread[] = {
	{FS_REFS, "ReFS volume: not read"},
};

void
pass_record(struct image_report *r, const struct err *e)
{
	if (r->error == NULL) {
		r->error = strdup(err_msg(e));
		if (e->trace != NULL)
			r->trace = strdup(e->trace);
	} else {
		warn_add(&r->warn, warn_of_err(e->code), "%s", err_msg(e));
	}
}

/* A BitLocker volume's facts as the report's plain data (docs/output.md "encryption"), or NULL. */
static struct rep_encryption *
encryption_of(const struct stack_volume *v)
{
	const struct bde_info *bi = v->bde;
	struct rep_encryption *x;
	const char *m, *t;
	size_t i;

	if ((bi == NULL && v->bde_err.code == ERR_NONE) || (x = calloc(1, sizeof *x)) == NULL)
		return NULL;
	if (bi == NULL) {
		snprintf(x->state, sizeof x->state, "failed");
		x->reason = strdup(err_msg(&v->bde_err));
		return x;
	}
	snprintf(x->state, sizeof x->state, "%s", v->bde_unlocked_with ? "unlocked" : bde_state(bi));
	if (v->bde_unlocked_with)
		snprintf(x->unlocked_with, sizeof x->unlocked_with, "%s", v->bde_unlocked_with);
	memcpy(x->volume_id, bi->volume_id, sizeof x->volume_id);
	if ((m = bde_method_name(bi->method)) != NULL)
		snprintf(x->method, sizeof x->method, "%s", m);
	x->created = bi->created;
	x->description = bi->description[0] ? strdup(bi->description) : NULL;
	for (i = 0; i < bi->nprot && i < REP_MAX_PROTECTORS; i++) {
		t = bde_protection_name(bi->prot[i].protection);
		snprintf(x->prot[i].type, sizeof x->prot[i].type, "%s", t ? t : "other");
		memcpy(x->prot[i].id, bi->prot[i].id, sizeof x->prot[i].id);
	}
	x->nprot = i;
	if (strcmp(x->state, "locked") == 0 && v->bde_tried[0])
		x->reason = str_printf("no key given fits: %s", v->bde_tried);
	else if (strcmp(x->state, "locked") == 0)
		x->reason = strdup("no key given");
	else if (strcmp(x->state, "suspended") == 0)
		x->reason = strdup("protection suspended (a clear key is stored): not opened by this version");
	else if (strcmp(x->state, "decrypted") == 0 && v->bde_base == NULL)
		x->reason = strdup("fully decrypted (the FVE metadata remains), but its first sectors could not be put back");
	return x;
}

/* The warning of a BitLocker volume left unread: what it is and why. */
static void
warn_bitlocker(struct image_report *r, const struct stack_volume *v)
{
	struct rep_encryption *x = encryption_of(v);

	if (v->bde != NULL && v->bde->problem[0])
		warn_add(&r->warn, W_DAMAGED, "%s: BitLocker: %s; copy %u read", v->name, v->bde->problem, v->bde->block);
	if (x == NULL)
		warn_add(&r->warn, W_VOLUME_LOCKED, "%s: BitLocker volume: not read", v->name);
	else if (strcmp(x->state, "unlocked") == 0)
		; /* read: nothing to warn of */
	else if (strcmp(x->state, "decrypted") == 0 && x->reason == NULL)
		warn_add(&r->warn, W_OTHER, "%s: a decrypted BitLocker volume, read as the %s it holds", v->name,
		    fs_kind_name(v->fs));
	else if (strcmp(x->state, "failed") == 0)
		warn_add(&r->warn, W_VOLUME_LOCKED, "%s: %s", v->name, x->reason ? x->reason : "BitLocker: failed");
	else {
		char types[REP_MAX_PROTECTORS * 26] = "";
		size_t i, at = 0;
		for (i = 0; i < x->nprot; i++)
			at += (size_t)snprintf(types + at, sizeof types - at, "%s%s", i ? ", " : "", x->prot[i].type);
		if (x->method[0] || x->nprot)
			warn_add(&r->warn, W_VOLUME_LOCKED, "%s: BitLocker volume %s (%s; protectors: %s): %s", v->name,
			    x->state, x->method[0] ? x->method : "method unknown", x->nprot ? types : "none",
			    x->reason ? x->reason : "");
		else
			warn_add(&r->warn, W_VOLUME_LOCKED, "%s: BitLocker volume %s: %s", v->name, x->state,
			    x->reason ? x->reason : "");
	}
	rep_encryption_free(x);
}

static void
find_installations(struct stack *s, struct stack_volume *v, const struct opts *o, struct image_report *r)
{
	struct err e ERR_AUTO = ERR_INIT;
	size_t i;

	if (v->error.code != ERR_NONE || v->rd == NULL) {
		/* a kind of volume we name and do not read is said, as an encrypted one is; damage is an error */
		if (v->part->unsupported)
			warn_add(&r->warn, W_FS_NOT_READ, "%s", err_msg(&v->error));
		else
			pass_record(r, &v->error);
		return;
	}
	for (i = 0; i < sizeof finders / sizeof finders[0]; i++) {
		if (finders[i].fs != v->fs)
			continue;
		err_clear(&e);
		if (finders[i].find(s, v, o, r, &e) != 0) {
			err_ctx(&e, "%s", v->name);
			pass_record(r, &e);
		}
	}
	for (i = 0; i < sizeof unread / sizeof unread[0]; i++)
		if (unread[i].fs == v->fs)
			warn_add(&r->warn, W_FS_NOT_READ, "%s: %s", v->name, unread[i].note);
	if (v->bde != NULL || v->bde_err.code != ERR_NONE)
		warn_bitlocker(r, v);
}

/* The image layer's description of the disk and its chain, as the report's plain data. */
static void
report_image(struct image_report *r, const struct image_info *info)
{
	size_t i;

	r->have_image = info->disk.format != NULL;
	if (disk_desc_copy(&r->image, &info->disk) != 0)
		return;
	for (i = 0; i < r->image.nchain; i++) {
		const struct disk_level *l = &r->image.chain[i];
		if (!l->log_pending)
			continue;
		if (l->log_torn)
			warn_add(&r->warn, W_VHDX_LOG_UNUSABLE,
			    "%s: VHDX log {%s} is pending but could not be replayed (%s): read as it is, so "
			    "recent writes may be missing", l->path, l->log_guid, l->log_note);
		else
			warn_add(&r->warn, W_VHDX_LOG_REPLAYED,
			    "%s: VHDX log was pending (the VM was not shut down cleanly): %u entr%s replayed "
			    "in memory", l->path, l->log_entries, l->log_entries == 1 ? "y" : "ies");
	}
}

/* The partition table, after each volume was probed, as the report's plain data. */
static void
report_parts(struct image_report *r, const struct stack *s)
{
	const struct part_table *t = &s->table;
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
		q->has_name = p->scheme == SCHEME_GPT || p->scheme == SCHEME_LVM;
		snprintf(q->name, sizeof q->name, "%s", p->name);
		if (p->scheme == SCHEME_LVM) {
			q->type_name = "LVM logical volume";
			snprintf(q->vg, sizeof q->vg, "%s", p->vg);
			snprintf(q->lv, sizeof q->lv, "%s", p->lv);
			snprintf(q->uuid, sizeof q->uuid, "%s", p->uuid);
		}
		/* probed by the stack (its kind), or by the table's scan only (a volume that could not be opened) */
		q->probed = p->fs != NULL;
		if (i < s->nvols && s->vols[i].rd != NULL)
			q->fs = s->vols[i].fs;
		if (i < s->nvols)
			q->enc = encryption_of(&s->vols[i]);
		else if (q->probed && fs_kind_named(p->fs, &q->fs) != 0)
			q->fs = FS_UNKNOWN;
	}
}

/*
 * A name that claims a container the signature does not show: a file
 * that, read raw, holds a partition table or a file system is read so (and
 * the mismatch said); one that holds neither is no image at all (a
 * corrupted golden image must not pass a CI gate as "no Windows").
 */
static int
check_claim(const struct stack *s, struct image_report *r)
{
	const struct image_info *info = &s->info;
	struct err e ERR_AUTO = ERR_INIT;

	if (info->claim_ext != NULL && info->no_signature) {
		if (s->table.n == 0 && s->table.scheme == SCHEME_NONE) {
			err_set(&e, ERR_FORMAT, "not a %s: %s, and no partition table or file system",
			    info->claim_label, info->claim_missing);
			pass_record(r, &e);
			return -1;
		}
		warn_add(&r->warn, W_NAME_MISMATCH, "named %s but has %s: read as a raw disk",
		    info->claim_ext, info->claim_missing);
	} else if (info->claim_ext != NULL) {
		warn_add(&r->warn, W_NAME_MISMATCH, "named %s but is a %s image by its signature: read as one",
		    info->claim_ext, info->disk.format);
	}
	return 0;
}

/* Is the disk's first MiB (or all of a smaller one) zeros?  A read error: no. */
static int
blank_start(struct reader *disk)
{
	static const uint8_t zero[4096];
	uint8_t b[4096];
	uint64_t off, end = disk->size < (1u << 20) ? disk->size : (1u << 20);
	struct err e ERR_AUTO = ERR_INIT;

	for (off = 0; off < end; off += sizeof b) {
		size_t n = end - off < sizeof b ? (size_t)(end - off) : sizeof b;
		if (reader_read_full(disk, b, n, off, &e) != 0 || memcmp(b, zero, n) != 0)
			return 0;
	}
	return 1;
}

/*
 * No partition table and no file system we know at its start.  A raw file
 * (no container's signature either) is then no disk image we can read, and
 * an error (never a clean disk that passes -R not-offered); a container's
 * disk is blank or of a kind we do not read: a warning.  0, or -1 (the
 * image's error set).
 */
static int
check_empty(const struct stack *s, struct image_report *r)
{
	struct err e ERR_AUTO = ERR_INIT;

	if (s->table.n != 0 || s->table.scheme != SCHEME_NONE)
		return 0;
	if (s->info.no_signature) {
		err_set(&e, ERR_FORMAT, "raw: no container signature, no partition table and no file system we know at "
		    "its start: not a disk image we can read");
		pass_record(r, &e);
		return -1;
	}
	if (blank_start(s->disk))
		warn_add(&r->warn, W_BLANK_DISK, "a blank disk: its first MiB is zeros (no partition table, "
		    "no file system)");
	else
		warn_add(&r->warn, W_PARTITION_TABLE, "%s", s->table.warning);
	return 0;
}

int
pass_facts(struct stack *s, int opened, const struct err *e, const struct opts *o, struct image_report *r)
{
	size_t i;
	int rc = -1;

	report_image(r, &s->info);
	if (!opened) {
		pass_record(r, e);
		goto out;
	}
	if (s->info.sector_guessed)
		r->image.sector_size = s->table.lba_size;
	if (check_claim(s, r) != 0 || check_empty(s, r) != 0)
		goto out;
	if (s->table.warning[0] && !(s->table.n == 0 && s->table.scheme == SCHEME_NONE))
		warn_add(&r->warn, W_PARTITION_TABLE, "%s", s->table.warning);
	for (i = 0; i < s->nvols; i++)
		find_installations(s, &s->vols[i], o, r);
	rc = 0;
out:
	report_parts(r, s);
	return rc;
}
