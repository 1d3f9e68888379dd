/* SPDX-License-Identifier: MIT */
/*
 * chain.c: differencing chains, resolved by us.
 *
 * libvhdi reads a missing parent as zeros, silently, trusts whatever path a
 * locator names, checks parent_linkage only in lower case and never tries
 * relative_path (libyal-findings §2, §8).  Here: every name a locator gives
 * (VHD: parent unicode name, W2ru, W2ku; VHDX: relative_path, volume_path,
 * absolute_win32_path) is cut to its last component, and that file name
 * alone is looked for in the child's own folder, then in each --parent-dir
 * (exact name first, then any case).  An image is untrusted: "..", absolute
 * paths, UNC or device paths in a locator never lead anywhere else.
 * Identity: VHD parent unique id; VHDX parent_linkage or parent_linkage2
 * against the parent's DataWriteGuid, case-insensitively.  Depth is capped
 * and a file met twice (same device and inode) is a loop.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "img/chain.h"
#include "img/vhdx_log.h"
#include "sys/sys.h"

struct level {
	struct reader *file, *ov, *disk;   /* owned; ov: the file after VHDX log replay */
	struct vhdxlog_result log;
	struct sys_id id;
};

struct chain {
	struct level lv[CHAIN_MAX_DEPTH];
	size_t       n;
};

void
chain_links_free(struct chain_link *l, size_t n)
{
	size_t i;

	for (i = 0; l != NULL && i < n; i++)
		free(l[i].path);
	free(l);
}

void
chain_close(struct chain *c)
{
	size_t i;

	if (c == NULL)
		return;
	/* Children first: each borrows its parent. */
	for (i = 0; i < c->n; i++) {
		reader_close(c->lv[i].disk);
		c->lv[i].disk = NULL;
	}
	for (i = 0; i < c->n; i++) {
		reader_close(c->lv[i].ov);
		reader_close(c->lv[i].file);
	}
	free(c);
}

struct reader *chain_reader(struct chain *c) { return c->lv[0].disk; }

/* The last component of a Windows or POSIX path; NULL if it is no usable file name. */
static const char *
file_name(const char *p)
{
	const char *b = p, *s;

	for (s = p; *s; s++)
		if (*s == '\\' || *s == '/' || *s == ':')
			b = s + 1;
	if (*b == '\0' || strcmp(b, ".") == 0 || strcmp(b, "..") == 0)
		return NULL;
	return b;
}

#define find_in_dir sys_find_name

/* Open one level: file, format sniffed from the identifier, our reader. */
static int
open_level(const char *path, struct level *lv, struct vdisk_info *info, struct err *e)
{
	uint8_t sig[8];

	memset(lv, 0, sizeof *lv);
	if (sys_file_id(path, &lv->id) != 0)
		return err_set(e, ERR_IO, "%s: cannot stat", path);
	if ((lv->file = rd_file_open(path, e)) == NULL)
		return -1;
	if (reader_read_full(lv->file, sig, 8, 0, e) == 0 && memcmp(sig, "vhdxfile", 8) == 0) {
		lv->disk = rd_vhdx_open(lv->file, info, e);
		/* A pending log: replay it in memory, then read the file through it. */
		if (lv->disk != NULL && info->log_pending) {
			struct vdisk_info logged = *info;
			if (vhdxlog_replay(lv->file, &logged, &lv->ov, &lv->log, e) != 0)
				goto fail;
			if (lv->ov != NULL) {
				reader_close(lv->disk);
				if ((lv->disk = rd_vhdx_open(lv->ov, info, e)) == NULL)
					goto fail;
				info->log_pending = 1;
				memcpy(info->log_guid, logged.log_guid, GUID_STR_LEN);
			}
		}
	} else {
		lv->disk = rd_vhd_open(lv->file, info, e);
	}
	if (lv->disk != NULL)
		return 0;
fail:
	reader_close(lv->disk);
	reader_close(lv->ov);
	reader_close(lv->file);
	memset(lv, 0, sizeof *lv);
	return -1;
}

static void
link_from(struct chain_link *l, const char *path, const struct vdisk_info *in, const struct level *lv)
{
	memset(l, 0, sizeof *l);
	l->path = strdup(path);
	l->format = in->format;
	l->disk_type = in->disk_type;
	memcpy(l->id, in->id, GUID_STR_LEN);
	memcpy(l->parent_id, in->parent_id[0][0] ? in->parent_id[0] : in->parent_id[1], GUID_STR_LEN);
	l->log_pending = in->log_pending;
	memcpy(l->log_guid, in->log_guid, GUID_STR_LEN);
	l->log_entries = lv->log.entries_replayed;
	l->log_torn = in->log_pending && lv->ov == NULL;
	snprintf(l->log_note, sizeof l->log_note, "%s", lv->log.note);
}

static int
same_id(const struct vdisk_info *child, const struct vdisk_info *parent)
{
	return (child->parent_id[0][0] && strcasecmp(child->parent_id[0], parent->id) == 0) ||
	    (child->parent_id[1][0] && strcasecmp(child->parent_id[1], parent->id) == 0);
}

/*
 * Find and open the parent of the child described by ci, living in cdir.
 * 0 with *lv open and *pi filled, or -1 with e naming what was searched.
 */
static int
find_parent(const char *cdir, const struct vdisk_info *ci, const char *const *dirs, size_t ndirs,
    const struct chain *c, struct level *lv, struct vdisk_info *pi, char **ppath, struct err *e)
{
	const char *names[VDISK_MAX_PARENT_NAMES], *first = NULL;
	char searched[600] = "", mismatch[400] = "";
	size_t nn = 0, i, k, d;

	for (i = 0; i < ci->nparent_names; i++) {
		const char *b = file_name(ci->parent_names[i]);
		int dup = 0;
		if (b == NULL)
			continue;
		for (k = 0; k < nn; k++)
			dup |= strcasecmp(names[k], b) == 0;
		if (!dup)
			names[nn++] = b;
	}
	if (nn == 0)
		return err_set(e, ERR_FORMAT, "differencing disk names no parent file {%s}", ci->parent_id[0]);
	first = names[0];
	for (d = 0; d <= ndirs; d++) {
		const char *dir = d == 0 ? cdir : dirs[d - 1];
		size_t sl = strlen(searched);
		snprintf(searched + sl, sizeof searched - sl, "%s%.200s", sl ? ", " : "", dir);
		for (k = 0; k < nn; k++) {
			char *p = find_in_dir(dir, names[k]);
			struct err pe;
			if (p == NULL)
				continue;
			err_clear(&pe);
			if (open_level(p, lv, pi, &pe) != 0) {
				snprintf(mismatch, sizeof mismatch, "%.200s: %.180s", p, pe.msg);
				free(p);
				continue;
			}
			for (i = 0; i < c->n; i++)
				if (c->lv[i].id.dev == lv->id.dev && c->lv[i].id.ino == lv->id.ino) {
					err_set(e, ERR_FORMAT, "parent \"%s\" is already in the chain: a loop", p);
					reader_close(lv->disk);
					reader_close(lv->file);
					free(p);
					return -1;
				}
			if (!same_id(ci, pi)) {
				snprintf(mismatch, sizeof mismatch, "%.300s is {%s}, not the parent", p, pi->id);
				reader_close(lv->disk);
				reader_close(lv->file);
				memset(lv, 0, sizeof *lv);
				free(p);
				continue;
			}
			*ppath = p;
			return 0;
		}
	}
	if (mismatch[0])
		return err_set(e, ERR_FORMAT, "parent \"%s\" {%s} not found in %s (%s)", first,
		    ci->parent_id[0][0] ? ci->parent_id[0] : ci->parent_id[1], searched, mismatch);
	return err_set(e, ERR_IO, "parent \"%s\" {%s} not found in %s", first,
	    ci->parent_id[0][0] ? ci->parent_id[0] : ci->parent_id[1], searched);
}

#define dir_of sys_dir_of

char *
chain_locate(const char *child_path, const char *stored, const char *const *dirs, size_t ndirs,
    struct err *e)
{
	const char *name = file_name(stored);
	char searched[600] = "", *dir, *p = NULL;
	size_t d;

	if (name == NULL)
		return err_set(e, ERR_FORMAT, "parent \"%.200s\" is no file name", stored), NULL;
	if ((dir = dir_of(child_path)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	for (d = 0; d <= ndirs && p == NULL; d++) {
		const char *in = d == 0 ? dir : dirs[d - 1];
		size_t sl = strlen(searched);
		snprintf(searched + sl, sizeof searched - sl, "%s%.200s", sl ? ", " : "", in);
		p = find_in_dir(in, name);
	}
	free(dir);
	if (p == NULL)
		err_set(e, ERR_IO, "parent \"%s\" not found in %s", name, searched);
	return p;
}

struct chain *
chain_open(const char *path, const char *format, const char *const *dirs, size_t ndirs,
    struct chain_link **links, size_t *nlinks, struct err *e)
{
	struct vdisk_info info, pinfo;
	struct chain *c;
	char *cur = NULL, *dir = NULL;

	(void)format;
	*links = NULL;
	*nlinks = 0;
	if ((c = calloc(1, sizeof *c)) == NULL || (*links = calloc(CHAIN_MAX_DEPTH, sizeof **links)) == NULL) {
		free(c);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (open_level(path, &c->lv[0], &info, e) != 0)
		goto fail;
	c->n = 1;
	link_from(&(*links)[(*nlinks)++], path, &info, &c->lv[0]);
	cur = strdup(path);
	while (info.differencing) {
		char *ppath = NULL;
		if (c->n == CHAIN_MAX_DEPTH) {
			err_set(e, ERR_LIMIT, "chain deeper than %d levels", CHAIN_MAX_DEPTH);
			goto fail;
		}
		free(dir);
		dir = dir_of(cur);
		if (find_parent(dir, &info, dirs, ndirs, c, &c->lv[c->n], &pinfo, &ppath, e) != 0)
			goto fail;
		if (pinfo.size < info.size) {
			/* A parent smaller than its child: we would read past its end. */
			err_set(e, ERR_UNSUPPORTED, "parent %s (%llu bytes) is smaller than its child (%llu)", ppath,
			    (unsigned long long)pinfo.size, (unsigned long long)info.size);
			c->n++;
			free(ppath);
			goto fail;
		}
		rd_vdisk_set_parent(c->lv[c->n - 1].disk, c->lv[c->n].disk);
		c->n++;
		link_from(&(*links)[(*nlinks)++], ppath, &pinfo, &c->lv[c->n - 1]);
		free(cur);
		cur = ppath;
		info = pinfo;
	}
	free(cur);
	free(dir);
	return c;
fail:
	free(cur);
	free(dir);
	chain_close(c);
	return NULL;
}
