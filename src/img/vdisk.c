/* SPDX-License-Identifier: MIT */
/*
 * vdisk.c: what the VHD and VHDX rows share (one family: a VHDX child may
 * name a VHD parent and the other way round, as our readers allow): a
 * level filled from what our parser read, the identity check, and a
 * differencing level reading through its parent.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/strv.h"
#include "img/driver.h"
#include "img/vdisk.h"

void
vdisk_fill(struct img_level *lv, const struct vdisk_info *in)
{
	size_t i;

	lv->d.disk_type = in->disk_type;
	lv->size = in->size;
	lv->sector_size = in->sector_size;
	memcpy(lv->d.id, in->id, GUID_STR_LEN);
	if (!in->differencing)
		return;
	memcpy(lv->parent_id[0], in->parent_id[0], GUID_STR_LEN);
	memcpy(lv->parent_id[1], in->parent_id[1], GUID_STR_LEN);
	for (i = 0; i < in->nparent_names && i < IMG_MAX_NAMES; i++)
		snprintf(lv->parent_names[i], IMG_NAME_MAX, "%s", in->parent_names[i]);
	lv->nparent_names = i;
	if (lv->nparent_names == 0) /* a differencing disk naming no file: the walk says so */
		snprintf(lv->parent_names[lv->nparent_names++], IMG_NAME_MAX, "%s", "");
}

/* VHD: the parent's unique id; VHDX: parent_linkage or parent_linkage2 = its DataWriteGuid; any case. */
int
vdisk_is_parent(const struct img_level *child, const struct img_level *cand, char **why)
{
	if ((child->parent_id[0][0] && strcasecmp(child->parent_id[0], cand->d.id) == 0) ||
	    (child->parent_id[1][0] && strcasecmp(child->parent_id[1], cand->d.id) == 0))
		return 1;
	*why = str_printf("%s is {%s}, not the parent", cand->path, cand->d.id);
	return 0;
}

const char vdisk_reader_kind[] = "vdisk";

int
rd_vdisk_set_parent(struct reader *r, struct reader *parent, struct err *e)
{
	/* Both our VHD and VHDX readers start their context with a vdisk_link; nothing else does. */
	if (r == NULL || r->kind != vdisk_reader_kind)
		return err_set(e, ERR_UNSUPPORTED, "a differencing disk read by anything but our VHD/VHDX readers");
	((struct vdisk_link *)r->ctx)->parent = parent;
	return 0;
}

int
vdisk_set_parent_level(struct img_level *child, struct img_level *parent, struct err *e)
{
	return rd_vdisk_set_parent(child->disk, parent->disk, e);
}
