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

/* A window on the disk for each partition, its file system probed; a volume that fails keeps its error. */
static int
open_volumes(struct stack *s, struct err *e)
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
	return open_volumes(s, e);
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
		err_clear(&v->ntfs_err);
		err_clear(&v->lvm_lib_err);
		err_clear(&v->error);
	}
	free(s->vols);
	part_table_free(&s->table);
	image_info_free(&s->info);
	image_close(s->im);
	memset(s, 0, sizeof *s);
}
