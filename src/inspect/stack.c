/* SPDX-License-Identifier: MIT */
/*
 * stack.c: the stack for one image (stack.h), opened once, closed in
 * reverse: image -> partition table -> volumes -> NTFS -> hives.  The image
 * and table are opened at once (they are what every pass needs), a volume's
 * file system and its hives on first need, so a pass that asks for nothing
 * costs nothing; whatever was opened is kept for the passes after it.
 */
#include <stdlib.h>
#include <string.h>

#include "inspect/stack.h"
#include "vs/vslvm.h"
#include "reg/regf.h"

/* The partition layer probes volumes with the file-system layer's probe: it must get the bytes it needs. */
_Static_assert(PART_PROBE_LEN >= VOLUME_PROBE_LEN, "part_scan reads enough for volume_probe_buf");

/*
 * A fully decrypted BitLocker volume: plain NTFS but for its first sectors,
 * which BitLocker keeps at the metadata's volume header offset (libyal's
 * BDE format, "Virtual sectors"): put back over an overlay and probed
 * again.  What fails leaves the volume as it was (its state says why).
 */
static void
open_decrypted(struct stack_volume *v)
{
	struct err e ERR_AUTO = ERR_INIT;
	uint64_t len = (uint64_t)v->bde->header_sectors * 512u;
	struct reader *ov;
	uint8_t *buf;
	enum fs_kind fs;

	if (v->bde->header_sectors == 0 || v->bde->header_sectors > 256 || v->bde->header_off == 0 ||
	    v->bde->header_off > v->rd->size || len > v->rd->size - v->bde->header_off || (buf = malloc(len)) == NULL)
		return;
	if (reader_read_full(v->rd, buf, (size_t)len, v->bde->header_off, &e) != 0 ||
	    (ov = rd_overlay_open(v->rd, v->rd->size, v->name, &e)) == NULL) {
		free(buf);
		return;
	}
	if (overlay_write(ov, 0, buf, (size_t)len, &e) != 0 || volume_probe(ov, &fs, &e) != 0 || fs == FS_BITLOCKER) {
		reader_close(ov);
		free(buf);
		return;
	}
	free(buf);
	v->bde_base = v->rd;
	v->rd = ov;
	v->fs = fs;
}

/*
 * Can a key of type t open a volume with bi's protectors?  A passphrase
 * needs a password protector, a recovery password its own, a .BEK file a
 * startup key; the FVEK opens any.  The passphrase and recovery password
 * cost a million SHA-256 rounds each try (docs/usage.md): none is spent on
 * a volume they cannot open.
 */
static int
has_protector(const struct bde_info *bi, enum bde_key_type t)
{
	uint16_t want = t == BDE_KEY_PASSPHRASE ? 0x2000 : t == BDE_KEY_RECOVERY ? 0x0800 : 0x0200;
	size_t i;

	if (t == BDE_KEY_RAW)
		return 1;
	for (i = 0; i < bi->nprot; i++)
		if (bi->prot[i].protection == want)
			return 1;
	return 0;
}

/*
 * A locked (or suspended) BitLocker volume unlocked with the first key of
 * keys that is for it (its volume identifier, or any) and opens it: the
 * volume read through libbde from here, probed again.  Each key that did
 * not is said in v->bde_tried (by its kind, never its value).
 */
static void
unlock(struct stack_volume *v, const struct bde_keys *keys)
{
	size_t i, at = 0;
	struct reader *ul;
	enum fs_kind fs;

	v->bde_tried[0] = '\0';
	for (i = 0; keys != NULL && i < keys->n; i++) {
		const struct bde_key *k = &keys->v[i];
		struct err e ERR_AUTO = ERR_INIT;
		if ((k->volume_id[0] && strcmp(k->volume_id, v->bde->volume_id) != 0) || !has_protector(v->bde, k->type))
			continue;
		if ((ul = bdelib_open(v->rd, k, &e)) != NULL && volume_probe(ul, &fs, &e) == 0) {
			v->bde_base = v->rd;
			v->rd = ul;
			v->fs = fs;
			v->bde_unlocked_with = bde_key_type_name(k->type);
			return;
		}
		reader_close(ul);
		if (at < sizeof v->bde_tried)
			at += (size_t)snprintf(v->bde_tried + at, sizeof v->bde_tried - at, "%s%.120s", at ? "; " : "",
			    err_msg(&e));
	}
	if (at == 0 && keys != NULL && keys->n > 0)
		snprintf(v->bde_tried, sizeof v->bde_tried, "none of the %zu key%s given is for this volume or its "
		    "protectors", keys->n, keys->n == 1 ? "" : "s");
}

/* A BitLocker volume's FVE metadata (what it tells without a key), or why not; unlocked if a key fits. */
static void
open_bitlocker(struct stack_volume *v, const struct bde_keys *keys)
{
	err_clear(&v->bde_err);
	if ((v->bde = malloc(sizeof *v->bde)) == NULL) {
		err_set(&v->bde_err, ERR_NOMEM, "out of memory");
		return;
	}
	if (bde_read(v->rd, v->bde, &v->bde_err) != 0) {
		free(v->bde);
		v->bde = NULL;
		return;
	}
	if (strcmp(bde_state(v->bde), "decrypted") == 0)
		open_decrypted(v);
	else if (keys != NULL && keys->n > 0)
		unlock(v, keys);
}

/* A window on the disk for each partition, its file system probed; a volume that fails keeps its error. */
static int
open_volumes(struct stack *s, const struct opts *o, struct err *e)
{
	size_t i;

	if (s->table.n == 0)
		return 0;
	if ((s->vols = calloc(s->table.n, sizeof *s->vols)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < s->table.n; i++) {
		struct stack_volume *v = &s->vols[s->nvols++];
		struct part *p = &s->table.v[i];

		v->part = p;
		err_clear(&v->error);
		if (p->scheme == SCHEME_LVM)
			snprintf(v->name, sizeof v->name, "LVM volume %.120s/%.120s", p->vg, p->lv);
		else
			snprintf(v->name, sizeof v->name, "partition %u", p->idx);
		if (p->problem[0]) {
			err_set(&v->error, p->unsupported ? ERR_UNSUPPORTED : ERR_FORMAT, "%s: %s", v->name, p->problem);
			continue;
		}
		err_clear(&v->lvm_lib_err);
		if (p->nruns > 0 && s->readers == STACK_LIBYAL &&
		    (v->rd = vslvm_open(s->disk, &s->table, p, &v->lvm_lib_err)) != NULL)
			v->lvm_by_lib = 1;
		else if (p->nruns > 0) /* ours, and in the libyal stack where libvslvm could not: it says why */
			v->rd = reader_map_open(s->disk, &s->table.runs[p->run_first], p->nruns, v->name, &v->error);
		else
			v->rd = reader_sub_open(s->disk, p->first_byte, p->nbytes, v->name, &v->error);
		if (v->rd == NULL)
			continue;
		if (volume_probe(v->rd, &v->fs, &v->error) != 0) {
			err_ctx(&v->error, "%s", v->name);
			reader_close(v->rd);
			v->rd = NULL;
			continue;
		}
		if (v->fs == FS_BITLOCKER)
			open_bitlocker(v, o->bde_keys); /* an unlocked or decrypted one reads as what it holds from here */
		p->fs = fs_kind_name(v->fs);
	}
	return 0;
}

int
stack_open(struct stack *s, const char *path, const struct opts *o, enum stack_readers readers,
    const struct stack *locate_by, struct err *e)
{
	struct image_opts io = o->img;

	memset(s, 0, sizeof *s);
	s->path = path;
	s->readers = readers;
	io.libraries = readers == STACK_LIBYAL;
	if ((s->im = image_open(path, &io, &s->info, e)) == NULL)
		return -1;
	s->disk = image_reader(s->im);
	if (locate_by != NULL) {
		if (part_table_copy(&s->table, &locate_by->table, e) != 0)
			return -1;
	} else if (part_scan(s->disk, volume_probe_buf, &s->table, e) != 0) {
		return err_ctx(e, "partition table");
	}
	return open_volumes(s, o, e);
}

struct stack_volume *
stack_volume(struct stack *s, unsigned idx)
{
	size_t i;

	for (i = 0; i < s->nvols; i++)
		if (s->vols[i].part->idx == idx)
			return &s->vols[i];
	return NULL;
}

struct ntfs *
stack_ntfs(struct stack *s, struct stack_volume *v, struct err *e)
{
	if (v->rd == NULL) {
		err_copy(e, &v->error);
		return NULL;
	}
	if (!v->ntfs_tried) {
		v->ntfs_tried = 1;
		err_clear(&v->ntfs_err);
		if ((v->ntfs = ntfs_open(v->rd, &v->ntfs_err)) != NULL && s->readers == STACK_LIBYAL)
			ntfs_library_lookups(v->ntfs);
	}
	if (v->ntfs == NULL)
		err_copy(e, &v->ntfs_err);
	return v->ntfs;
}

int
stack_hive(struct stack *s, struct stack_volume *v, const char *name, const struct opts *o,
    struct hive_stack **out, struct hive_read *st, struct err *e)
{
	struct stack_hive *h = NULL;
	struct ntfs *n;
	size_t i;

	*out = NULL;
	for (i = 0; i < v->nhives && h == NULL; i++)
		if (strcmp(v->hives[i].name, name) == 0)
			h = &v->hives[i];
	if (h == NULL) {
		if (v->nhives == STACK_MAX_HIVES || strlen(name) >= sizeof h->name)
			return err_set(e, ERR_LIMIT, "%s: more hives than the %d kept per volume", name,
			    STACK_MAX_HIVES);
		if ((n = stack_ntfs(s, v, e)) == NULL)
			return -1;
		h = &v->hives[v->nhives++];
		memset(h, 0, sizeof *h);
		snprintf(h->name, sizeof h->name, "%s", name);
		err_clear(&h->err);
		h->hs.open = s->readers == STACK_LIBYAL ? regf_open : NULL;
		h->rc = hive_stack_open(n, name, o, &h->hs, &h->st, &h->err);
	}
	*st = h->st;
	if (h->rc < 0)
		err_copy(e, &h->err);
	if (h->rc == 1)
		*out = &h->hs;
	return h->rc;
}

void
stack_close(struct stack *s)
{
	size_t i, k;

	for (i = s->nvols; i-- > 0;) {
		struct stack_volume *v = &s->vols[i];
		for (k = v->nhives; k-- > 0;)
			hive_stack_close(&v->hives[k].hs);
		for (k = v->nhives; k-- > 0;)
			err_clear(&v->hives[k].err);
		ntfs_close(v->ntfs);
		reader_close(v->rd);
		reader_close(v->bde_base);
		err_clear(&v->ntfs_err);
		err_clear(&v->lvm_lib_err);
		free(v->bde);
		err_clear(&v->bde_err);
		err_clear(&v->error);
	}
	free(s->vols);
	part_table_free(&s->table);
	image_info_free(&s->info);
	image_close(s->im);
	memset(s, 0, sizeof *s);
}
