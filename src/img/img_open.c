/* SPDX-License-Identifier: MIT */
/*
 * img_open.c: the driver table, detection, and the one parent walk that
 * every chained container goes through: VHD and VHDX checkpoints, QCOW2
 * backing files, VMDK snapshot deltas.  image_open runs it in open mode
 * (in the per-image process, libraries allowed); image_files runs it in
 * peek mode for -r (in the parent process, where no library is ever
 * called: only our own header parsers).  One policy for every format:
 *
 *  - where: each name the child stores for its parent, cut to its last
 *    component (a locator's "..", absolute, UNC or device path never leads
 *    anywhere else), looked for in the child's folder, then in each
 *    --parent-dir, exactly, then in any case;
 *  - who: a candidate must be of the child's family (the drivers that can
 *    parent each other: VHD and VHDX) and pass the driver's identity check
 *    (VHD unique id, VHDX DataWriteGuid, VMDK content id); a candidate that
 *    fails is skipped with a note and the next one tried;
 *  - a file met twice is a loop; at most IMG_MAX_DEPTH levels; a parent
 *    smaller than its child is refused (we would read past its end);
 *  - every level, accepted or not, is closed by level_close, whatever its
 *    driver opened (a VHDX log's replay overlay included).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strv.h"
#include "img/driver.h"
#include "img/img.h"

/* Cache geometry over the virtual disk; see io/cache.c. */
#define IMAGE_CACHE_BLOCK  (32u * 1024)
#define IMAGE_CACHE_BLOCKS 64u

static const struct img_driver *const builtin[] = {
	&img_vhdx, &img_vhd, &img_qcow, &img_vmdk, &img_ewf, &img_notdisk, &img_raw, NULL,
};

struct image {
	struct img_chain c;
	struct reader   *top;  /* cache over the chain's disk; owned */
};

/* --- the host's files ---------------------------------------------------- */

static char *host_find(void *ctx, const char *dir, const char *name) { (void)ctx; return sys_find_name(dir, name); }
static int host_id(void *ctx, const char *path, struct sys_id *id) { (void)ctx; return sys_file_id(path, id); }
static struct reader *host_open(void *ctx, const char *path, struct err *e) { (void)ctx; return rd_file_open(path, e); }
static const struct img_fs host_fs = {host_find, host_id, host_open, NULL};

/* --- detection ---------------------------------------------------------- */

const struct img_driver *
img_detect(const struct img_driver *const *drivers, struct reader *r, struct err *e)
{
	uint8_t head[IMG_HEAD], tail[IMG_TAIL];
	size_t nh = r->size < IMG_HEAD ? (size_t)r->size : IMG_HEAD, nt = r->size < IMG_TAIL ? (size_t)r->size : IMG_TAIL;
	const struct img_driver *best = NULL;
	int bid, top = 0;
	size_t i;

	if (reader_read_full(r, head, nh, 0, e) != 0 || reader_read_full(r, tail, nt, r->size - nt, e) != 0)
		return NULL;
	for (i = 0; drivers[i] != NULL; i++)
		if ((bid = drivers[i]->bid(head, nh, tail, nt, r->size)) > top) {
			top = bid;
			best = drivers[i];
		}
	if (best == NULL)
		err_set(e, ERR_FORMAT, "no image driver takes this file");
	return best;
}

/* 1 when name ends in one of exts (space-separated endings), any case. */
static int
ends_in(const char *name, const char *exts)
{
	size_t ln = strlen(name);

	while (*exts) {
		size_t l = strcspn(exts, " ");
		if (l > 0 && l <= ln && strncasecmp(name + ln - l, exts, l) == 0)
			return 1;
		exts += l;
		exts += strspn(exts, " ");
	}
	return 0;
}

/* The driver whose file-name endings name ends in, or NULL. */
static const struct img_driver *
by_name(const char *name)
{
	size_t i;

	for (i = 0; builtin[i] != NULL; i++)
		if (ends_in(name, builtin[i]->exts))
			return builtin[i];
	return NULL;
}

void
image_name_exts(char *buf, size_t n)
{
	size_t i, at = 0;

	if (n > 0)
		buf[0] = '\0';
	for (i = 0; builtin[i] != NULL && at < n; i++)
		if (builtin[i]->exts[0] != '\0')
			at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? " " : "", builtin[i]->exts);
}

int
image_name_known(const char *name)
{
	return by_name(name) != NULL;
}

int
image_name_may_chain(const char *name)
{
	const struct img_driver *d = by_name(name);

	return d == NULL || d->is_parent != NULL; /* a name no driver claims: its signature will tell */
}

void
image_lib_versions(char *buf, size_t n)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; builtin[i] != NULL && at < n; i++) {
		size_t k;
		for (k = 0; k < i && (builtin[k]->lib == NULL || builtin[i]->lib == NULL ||
		    strcmp(builtin[k]->lib, builtin[i]->lib) != 0); k++)
			;
		if (builtin[i]->lib != NULL && k == i)
			at += (size_t)snprintf(buf + at, n - at, "%s%s %s", at ? ", " : "", builtin[i]->lib,
			    builtin[i]->lib_version());
	}
}

/* --- levels ------------------------------------------------------------- */

static void
level_close(struct img_level *lv)
{
	size_t i;

	if (lv->drv != NULL && lv->drv->close != NULL)
		lv->drv->close(lv);
	reader_close(lv->disk);
	reader_close(lv->file);
	for (i = 0; i < lv->nextra; i++)
		free(lv->extra[i]);
	strv_free(lv->segments, lv->nsegments);
	free(lv->path);
	memset(lv, 0, sizeof *lv);
}

void
img_chain_close(struct img_chain *c)
{
	size_t i;

	/* Children first: each borrows its parent. */
	for (i = 0; i < c->n; i++)
		level_close(&c->lv[i]);
	free(c->lv);
	c->lv = NULL;
	c->n = c->cap = 0;
}

/* Room in c for level i (no level holds a pointer to another: they may move).  0, or -1 with e set. */
static int
chain_room(struct img_chain *c, size_t i, struct err *e)
{
	struct img_level *v;
	size_t cap;

	if (i < c->cap)
		return 0;
	cap = c->cap ? c->cap * 2 : 4;
	if (cap > IMG_MAX_DEPTH)
		cap = IMG_MAX_DEPTH;
	if (i >= cap || (v = realloc(c->lv, cap * sizeof *v)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	c->lv = v;
	c->cap = cap;
	return 0;
}

/* The file at path as a level: opened, identified, its driver found, its headers read. 0 or -1. */
static int
level_peek(const struct img_driver *const *drivers, const struct img_fs *fs, const char *path,
    struct img_level *lv, struct err *e)
{
	memset(lv, 0, sizeof *lv);
	if ((lv->path = strdup(path)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if ((lv->file = fs->open(fs->ctx, path, e)) == NULL)
		return -1;
	if (fs->id(fs->ctx, path, &lv->fid) != 0)
		return err_set(e, ERR_IO, "%s: cannot be reached", path);
	if ((lv->drv = img_detect(drivers, lv->file, e)) == NULL)
		return -1;
	return lv->drv->peek(lv, e);
}

static int
level_open(struct img_level *lv, struct err *e)
{
	return lv->drv->open != NULL ? lv->drv->open(lv, e) : 0;
}

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

/* What to call a child's parent in a message: its first stored name and, if known, {its id}; owned. */
static char *
parent_words(const struct img_level *child, const char *name)
{
	const char *id = child->parent_id[0][0] ? child->parent_id[0] : child->parent_id[1];

	return str_printf("\"%s\"%s%s%s", name, id[0] ? " {" : "", id, id[0] ? "}" : "");
}

/*
 * Find, check and (open) the parent of c's last level into *p: 0, or -1
 * with e naming what was searched and why the last candidate was refused.
 * The message is built at its length: a hostile parent name is said whole.
 */
static int
find_parent(const struct img_env *env, const struct img_fs *fs, int open, struct img_chain *c,
    struct img_level *p, struct err *e)
{
	const struct img_level *child = &c->lv[c->n - 1];
	const struct img_driver *const *drivers = env && env->drivers ? env->drivers : builtin;
	const char *names[IMG_MAX_NAMES];
	char *searched = NULL, *refused = NULL, *who = NULL, *cdir = NULL;
	size_t nn = 0, i, k, d, ndirs = env ? env->ndirs : 0;
	int rc = -1;

	for (i = 0; i < child->nparent_names; i++) {
		const char *b = file_name(child->parent_names[i]);
		int dup = 0;
		if (b == NULL)
			continue;
		for (k = 0; k < nn; k++)
			dup |= strcasecmp(names[k], b) == 0;
		if (!dup)
			names[nn++] = b;
	}
	if ((who = parent_words(child, nn ? names[0] : child->parent_names[0])) == NULL ||
	    (cdir = sys_dir_of(child->path)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (nn == 0) {
		err_set(e, ERR_FORMAT, "parent %s is no file name", who);
		goto out;
	}
	for (d = 0; d <= ndirs; d++) {
		const char *dir = d == 0 ? cdir : env->dirs[d - 1];
		if (str_setf(&searched, "%s%s%s", searched ? searched : "", searched ? ", " : "", dir) != 0) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto out;
		}
		for (k = 0; k < nn; k++) {
			char *path = fs->find(fs->ctx, dir, names[k]), *why = NULL;
			struct err pe ERR_AUTO = ERR_INIT;
			if (path == NULL)
				continue;
			if (level_peek(drivers, fs, path, p, &pe) != 0) {
				why = str_printf("%s: %s", path, err_msg(&pe));
			} else {
				for (i = 0; i < c->n; i++)
					if (sys_same_id(&c->lv[i].fid, &p->fid)) {
						err_set(e, ERR_FORMAT, "parent \"%s\" is already in the chain: a loop", path);
						free(path);
						level_close(p);
						goto out;
					}
				if (p->drv != child->drv && p->drv->set_parent != child->drv->set_parent)
					why = str_printf("%s is %s, not %s", path, p->drv->name, child->drv->name);
				else if (!child->drv->is_parent(child, p, &why))
					; /* why says it */
				else if (open && level_open(p, &pe) != 0) {
					/* the right parent, but unreadable: that is the chain's error */
					err_move(e, &pe);
					err_ctx(e, "parent %s", path);
					free(path);
					c->n++; /* reported as a level */
					goto out;
				} else {
					free(path);
					rc = 0;
					goto out;
				}
			}
			err_clear(&pe);
			free(refused);
			refused = why != NULL ? why : str_printf("%s: out of memory", path);
			level_close(p);
			free(path);
		}
	}
	if (refused != NULL)
		err_set(e, ERR_FORMAT, "parent %s not found in %s (%s)", who, searched, refused);
	else
		err_set(e, ERR_IO, "parent %s not found in %s", who, searched);
out:
	free(searched);
	free(refused);
	free(who);
	free(cdir);
	return rc;
}

int
img_walk(const char *path, const struct img_env *env, int open, struct img_chain *c, struct err *e)
{
	const struct img_fs *fs = env && env->fs ? env->fs : &host_fs;
	const struct img_driver *const *drivers = env && env->drivers ? env->drivers : builtin;
	struct img_level *child, *parent;

	/* (level_peek clears each level it fills) */
	memset(c, 0, sizeof *c);
	if (chain_room(c, 0, e) != 0)
		return -1;
	c->n = 1;
	if (level_peek(drivers, fs, path, &c->lv[0], e) != 0 || (open && level_open(&c->lv[0], e) != 0)) {
		if (c->lv[0].drv == NULL)
			img_chain_close(c);
		return -1;
	}
	while (c->lv[c->n - 1].nparent_names > 0) {
		if (c->n == IMG_MAX_DEPTH)
			return err_set(e, ERR_LIMIT, "chain deeper than %d levels", IMG_MAX_DEPTH);
		if (chain_room(c, c->n, e) != 0)
			return -1;
		if (find_parent(env, fs, open, c, &c->lv[c->n], e) != 0) {
			c->lost = !open && e->code != ERR_NOMEM;
			return -1;
		}
		child = &c->lv[c->n - 1];
		parent = &c->lv[c->n];
		c->n++;
		if (parent->size != 0 && child->size != 0 && parent->size < child->size)
			return err_set(e, ERR_UNSUPPORTED, "parent %s (%llu bytes) is smaller than its child (%llu)",
			    parent->path, (unsigned long long)parent->size, (unsigned long long)child->size);
		if (open && child->drv->set_parent(child, parent, e) != 0)
			return -1;
		if (!open && env != NULL && img_memo_get(env->memo, &parent->fid, &c->memo_whole, &c->memo_levels)) {
			c->memo_hit = 1; /* walked before: what lies beyond it is known */
			break;
		}
	}
	return 0;
}

/* --- image_open, image_files ------------------------------------------- */

/* The name claims a container of another driver than the signature's: info->claim_*. */
static void
name_claim(const char *path, const struct img_driver *got, struct image_info *info)
{
	const char *sep = sys_last_sep(path), *base = sep ? sep + 1 : path;
	size_t i;

	for (i = 0; builtin[i] != NULL; i++)
		if (builtin[i] != got && builtin[i]->label != NULL && ends_in(base, builtin[i]->exts)) {
			info->claim_ext = strrchr(base, '.');
			info->claim_label = builtin[i]->label;
			info->claim_missing = builtin[i]->missing;
			return;
		}
}

static void
fill_info(const struct img_chain *c, struct image_info *info)
{
	const struct img_level *top = &c->lv[0];
	size_t i, k, n;

	info->disk.format = top->drv->name;
	info->disk.disk_type = top->d.disk_type;
	info->disk.subformat = top->subformat;
	info->disk.virtual_size = top->size;
	info->disk.sector_size = top->sector_size ? top->sector_size : 512;
	info->sector_guessed = (top->drv->flags & IMG_SECTOR_GUESSED) != 0;
	info->disk.has_log = (top->drv->flags & IMG_HAS_LOG) != 0;
	info->no_signature = (top->drv->flags & IMG_NO_SIGNATURE) != 0;
	if ((info->disk.chain = calloc(c->n, sizeof *info->disk.chain)) == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		const struct img_level *lv = &c->lv[i];
		struct disk_level *l = &info->disk.chain[info->disk.nchain++];
		*l = lv->d; /* what the walk read of its headers */
		l->path = strdup(lv->path ? lv->path : "");
		l->format = lv->drv ? lv->drv->name : "raw";
		memcpy(l->parent_id, lv->parent_id[0][0] ? lv->parent_id[0] : lv->parent_id[1], GUID_STR_LEN);
	}
	/* every file it reads, with its size and time on the host (provenance): each level, its extents after it */
	for (i = 0, n = 0; i < c->n; i++)
		n += 1 + c->lv[i].nextra + c->lv[i].nsegments;
	if ((info->disk.files = calloc(n, sizeof *info->disk.files)) == NULL)
		return;
	for (i = 0; i < c->n; i++)
		for (k = 0; k <= c->lv[i].nextra + c->lv[i].nsegments; k++) {
			struct disk_file *f = &info->disk.files[info->disk.nfiles];
			const struct img_level *lv = &c->lv[i];
			const char *p = k == 0 ? lv->path : k <= lv->nextra ? lv->extra[k - 1] : lv->segments[k - 1 - lv->nextra];
			if (p == NULL || (f->path = strdup(p)) == NULL)
				continue;
			if (sys_file_stat(p, &f->size, &f->mtime) != 0) {
				f->size = -1;
				f->mtime = INT64_MIN;
			}
			info->disk.nfiles++;
		}
}

/* The disk the whole chain reads as: the driver's word, else the child's disk (or file). */
static int
finish(struct img_chain *c, struct reader **top, struct err *e)
{
	const struct img_driver *d = c->lv[0].drv;

	if (d->finish != NULL)
		return d->finish(c->lv, c->n, top, e);
	*top = c->lv[0].disk != NULL ? c->lv[0].disk : c->lv[0].file;
	return 0;
}

/* Who reads the chain's disk: what finish said, else the driver's library, "file" or ours. */
static void
read_by(const struct img_level *top, struct image_info *info)
{
	const struct img_driver *d = top->drv;

	snprintf(info->read_by_why, sizeof info->read_by_why, "%s", top->read_by_why);
	if (top->read_by != NULL)
		info->read_by = top->read_by;
	else if (top->read_by_why[0] == '\0' && (d->flags & IMG_LIBRARY))
		info->read_by = d->lib;
	else if (top->read_by_why[0] == '\0' && (d->flags & IMG_NO_SIGNATURE))
		info->read_by = "file";
	if (info->read_by != NULL && d->lib != NULL && strcmp(info->read_by, d->lib) == 0 && d->lib_version)
		info->read_by_version = d->lib_version();
}

struct image *
image_open(const char *path, const struct image_opts *io, struct image_info *info, struct err *e)
{
	struct img_env env = {NULL, NULL, io ? io->parent_dirs : NULL, io ? io->nparent_dirs : 0, NULL};
	struct reader *disk = NULL;
	struct image *im;
	int rc;

	memset(info, 0, sizeof *info);
	if ((im = calloc(1, sizeof *im)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	rc = img_walk(path, &env, 1, &im->c, e);
	if (im->c.n > 0 && im->c.lv[0].drv != NULL) {
		/* what we learnt, even on failure, goes in the report */
		fill_info(&im->c, info);
		name_claim(path, im->c.lv[0].drv, info);
	}
	if (rc == 0)
		im->c.lv[0].prefer_lib = io != NULL && io->libraries;
	if (rc != 0 || finish(&im->c, &disk, e) != 0 ||
	    (im->top = rd_cache_open(disk, IMAGE_CACHE_BLOCK, IMAGE_CACHE_BLOCKS, e)) == NULL) {
		image_close(im);
		return NULL;
	}
	read_by(&im->c.lv[0], info);
	info->disk.virtual_size = disk->size;
	info->disk.sector_size = disk->sector_size ? disk->sector_size : 512;
	return im;
}

struct reader *image_reader(struct image *im) { return im->top; }

void
image_close(struct image *im)
{
	if (im == NULL)
		return;
	reader_close(im->top);
	img_chain_close(&im->c);
	free(im);
}

void
image_info_free(struct image_info *info)
{
	disk_desc_free(&info->disk);
}

static int
add(char ***v, size_t *n, const char *p, struct err *e)
{
	char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	*v = nv;
	if ((nv[*n] = strdup(p)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	(*n)++;
	return 0;
}

int
img_files(const char *path, const struct img_env *env, char ***out, size_t *nout, struct err *e)
{
	struct img_chain c;
	struct err we ERR_AUTO = ERR_INIT;
	size_t i, k, last;
	int whole, rc = 0;

	*out = NULL;
	*nout = 0;
	whole = img_walk(path, env, 0, &c, &we) == 0;
	err_clear(&we); /* a broken chain still lists the child's own files */
	/* a parent walked before: its chain's state is this one's (no deeper than a walk goes) */
	if (c.memo_hit)
		whole = c.memo_whole && c.n - 1 + c.memo_levels <= IMG_MAX_DEPTH;
	/*
	 * The child's own files always go with it; its parents only when the
	 * chain holds.  A parent walked before is listed itself, not what it
	 * reads: that was listed when it was walked.
	 */
	last = c.memo_hit ? c.n - 1 : c.n;
	for (i = 0; rc == 0 && i < c.n && (i == 0 || whole); i++) {
		if (i > 0)
			rc = add(out, nout, c.lv[i].path, e);
		for (k = 0; rc == 0 && i < last && k < c.lv[i].nextra; k++)
			rc = add(out, nout, c.lv[i].extra[k], e);
	}
	/*
	 * Remembered: every level of a chain that holds, with its levels
	 * counted from it; every level of one whose parent was lost (from
	 * any of them the walk meets the same end).  A chain cut for another
	 * reason (too deep, a parent smaller than its child) is not: from a
	 * later level it may hold.
	 */
	for (i = 0; i < last && (whole || c.lost || (c.memo_hit && !c.memo_whole)); i++)
		if (c.lv[i].drv != NULL)
			img_memo_put(env->memo, &c.lv[i].fid, whole, c.n - i - (c.memo_hit ? 1 : 0) + c.memo_levels);
	img_chain_close(&c);
	if (rc != 0) {
		image_files_free(*out, *nout);
		*out = NULL;
		*nout = 0;
	}
	return rc;
}

int
image_files(const char *path, const struct image_opts *io, struct image_memo *memo, char ***out, size_t *nout,
    struct err *e)
{
	struct img_env env = {NULL, NULL, io ? io->parent_dirs : NULL, io ? io->nparent_dirs : 0, memo};

	return img_files(path, &env, out, nout, e);
}

void
image_files_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
