/* SPDX-License-Identifier: MIT */
/*
 * walk.c: folder walking for -r (sys_list).  A checkpoint chain
 * (vm.avhdx -> ... -> vm.vhdx) is one disk: it is reported once, from its
 * newest child; the parents it consumes are not reported again.  A file is
 * a consumed parent when it (same device and inode) appears in the chain of
 * another file found (QCOW2 backing files and VMDK parents too).  Likewise a
 * VMDK's extent files (split-s001.vmdk, disk-flat.vmdk) belong to the
 * descriptor that names them, and .E02 and on to their .E01 (only .E01 is
 * listed).  Which files those are, image_files says without opening images.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strv.h"
#include "cli/walk.h"
#include "sys/sys.h"


#define WORDS_(x) #x
#define WORDS(x)  WORDS_(x)

struct list {
	char        **v;
	int           n, cap;
	int           hives;    /* --hive: the hive files below a folder, by their signature */
	unsigned long left_out; /* image files found past WALK_MAX_FILES: counted, not listed */
	struct walk_notes *notes;
};

/* A note for stderr, at its length (no memory: the note is lost, the walk goes on). */
static void
note(struct list *l, const char *fmt, const char *path)
{
	if (l->notes->n < WALK_MAX_NOTES)
		strv_addf(&l->notes->v, &l->notes->n, fmt, path);
	else
		l->notes->more++;
}

static int
add(struct list *l, const char *p, struct err *e)
{
	char **v;

	if (l->n >= WALK_MAX_FILES) {
		l->left_out++;
		return 0;
	}
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 64;
		if ((v = realloc(l->v, (size_t)cap * sizeof *v)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	if ((l->v[l->n] = strdup(p)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	l->n++;
	return 0;
}

/* The drivers' endings (img/): .E01 stands for its whole set, .E02 and on are read through it. */
#define is_image_name image_name_known

/* A growing set of file identities, sorted once filled (by_id), then searched. */
struct ids {
	struct sys_id *v;
	size_t         n, cap;
};

static void
add_id(struct ids *s, const char *path)
{
	struct sys_id id, *v;

	if (sys_file_id(path, &id) != 0)
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		if ((v = realloc(s->v, cap * sizeof *v)) == NULL)
			return;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = id;
}

static int
by_id(const void *a, const void *b)
{
	const struct sys_id *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* A listed file: its identity and where it stands in the list. */
struct seen {
	struct sys_id id;
	int           at, known;
};

static int
by_id_then_at(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = by_id(&x->id, &y->id);

	return c != 0 ? c : (x->at > y->at) - (x->at < y->at);
}

/*
 * --hive -r: a file that starts with a registry hive's signature ("regf")
 * and is not one of a hive's logs (NAME.LOG, .LOG1, .LOG2 start so too:
 * they go with their hive, found beside it).  Four bytes read.
 */
static int
is_hive_file(const char *path, const char *name)
{
	static const char *const logs[] = {".log", ".log1", ".log2"};
	size_t n = strlen(name), i;
	struct sys_file *f;
	uint64_t size;
	char head[4], why[64];
	long long got;

	for (i = 0; i < 3; i++)
		if (n > strlen(logs[i]) && strcasecmp(name + n - strlen(logs[i]), logs[i]) == 0)
			return 0;
	if ((f = sys_file_open(path, &size, why, sizeof why)) == NULL)
		return 0;
	got = sys_file_read(f, head, sizeof head, 0, why, sizeof why);
	sys_file_close(f);
	return got == 4 && memcmp(head, "regf", 4) == 0;
}

/* Folders and image files below dir, in one name order on every system (sys_list sorts). */
static int
walk_dir(const char *dir, int depth, struct list *l, struct err *e)
{
	struct sys_entry *v;
	size_t n, i;
	char *p;
	int rc = 0;

	/* a folder not walked is said (exit 3), never skipped without a word */
	if (depth > WALK_MAX_DEPTH) {
		note(l, "%s: not walked: deeper than " WORDS(WALK_MAX_DEPTH) " folders below the one given", dir);
		return 0;
	}
	if (sys_list(dir, &v, &n) != 0) {
		note(l, "%s: not walked: the folder cannot be read", dir);
		return 0;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		/* symbolic links to images are followed, to folders not (no loops) */
		int is_dir = v[i].kind == SYS_DIR;
		if (!is_dir && !((v[i].kind == SYS_FILE || v[i].kind == SYS_LINK) && (l->hives || is_image_name(v[i].name))))
			continue;
		if ((p = sys_join(dir, v[i].name)) == NULL) {
			rc = err_set(e, ERR_NOMEM, "out of memory");
			break;
		}
		if (!is_dir && l->hives && !is_hive_file(p, v[i].name)) {
			free(p);
			continue;
		}
		rc = is_dir ? walk_dir(p, depth + 1, l, e) : add(l, p, e);
		free(p);
	}
	sys_list_free(v, n);
	return rc;
}

void
walk_free(char **v, int n)
{
	strv_free(v, n > 0 ? (size_t)n : 0);
}

void
walk_notes_free(struct walk_notes *w)
{
	strv_free(w->v, w->n);
	memset(w, 0, sizeof *w);
}

int
walk_paths(char *const *paths, int n, int recurse, int hives, const struct image_opts *io, char ***out, int *nout,
    struct walk_notes *notes, struct err *e)
{
	struct list l = {NULL, 0, 0, hives, 0, notes};
	struct ids used = {NULL, 0, 0};
	struct image_memo *memo = NULL;
	struct seen *seen = NULL;
	char *walked = NULL, *drop = NULL; /* walked[i]: found by walking (only those may be dropped) */
	int i, m = 0, any = 0;

	for (i = 0; i < n; i++) {
		int before = l.n, isdir = recurse && sys_kind_of(paths[i], 1) == SYS_DIR;
		char *w;
		if (isdir ? walk_dir(paths[i], 0, &l, e) != 0 : add(&l, paths[i], e) != 0)
			goto fail;
		if ((w = realloc(walked, (size_t)l.n + 1)) == NULL) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		walked = w;
		memset(walked + before, isdir, (size_t)(l.n - before));
	}
	/*
	 * The files every image found reads besides itself (parents of a chain
	 * that holds, VMDK extents): identities to drop, only if a folder was
	 * walked.  No image is opened here (image_files reads headers and
	 * descriptors itself): a library crash must cost one image's process,
	 * not the walk.
	 */
	for (i = 0; !hives && i < l.n; i++)
		any |= walked[i];
	/* each file's chain is walked once: a later child stops at its parent (img.h) */
	if (any && (memo = image_memo_new()) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; any && i < l.n; i++) {
		char **files;
		size_t nf, c;
		struct err ie ERR_AUTO = ERR_INIT;

		if (!image_name_may_chain(l.v[i]))
			continue; /* a raw disk, an E01 set: no other file goes with it (and no header is read) */
		int bad = image_files(l.v[i], io, memo, &files, &nf, &ie) != 0;
		err_clear(&ie); /* a file that cannot be walked is said when it is inspected */
		if (bad)
			continue;
		for (c = 0; c < nf; c++)
			add_id(&used, files[c]);
		image_files_free(files, nf);
	}
	image_memo_free(memo);
	memo = NULL;
	/*
	 * A file found by walking is dropped when it is a consumed parent, or
	 * the same file as one listed before it (a second name for it through
	 * a symbolic link): each image is reported once.  Files named on the
	 * command line are always kept.
	 */
	if (any && l.n > 0) {
		/* sorted, so 100,000 files cost n log n in this parent, not n squared */
		if ((seen = calloc((size_t)l.n, sizeof *seen)) == NULL || (drop = calloc((size_t)l.n, 1)) == NULL) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		if (used.n > 1)
			qsort(used.v, used.n, sizeof *used.v, by_id);
		for (i = 0; i < l.n; i++) {
			seen[i].at = i;
			seen[i].known = sys_file_id(l.v[i], &seen[i].id) == 0;
			if (seen[i].known && walked[i] && used.n > 0 &&
			    bsearch(&seen[i].id, used.v, used.n, sizeof *used.v, by_id) != NULL)
				drop[i] = 1;
		}
		qsort(seen, (size_t)l.n, sizeof *seen, by_id_then_at);
		/* a later walked name of a file listed before (kept or dropped as a parent) goes */
		for (i = 1; i < l.n; i++)
			if (seen[i].known && seen[i - 1].known && by_id(&seen[i].id, &seen[i - 1].id) == 0 &&
			    walked[seen[i].at])
				drop[seen[i].at] = 1;
	}
	for (i = 0; i < l.n; i++) {
		if (drop != NULL && drop[i])
			free(l.v[i]);
		else
			l.v[m++] = l.v[i];
	}
	free(seen);
	free(drop);
	free(used.v);
	free(walked);
	if (l.left_out > 0) {
		char *s = str_printf("more than %d image files: the first %d found (in name order) are inspected, "
		    "%lu left out", WALK_MAX_FILES, WALK_MAX_FILES, l.left_out);
		if (s != NULL) {
			note(&l, "%s", s);
			free(s);
		}
	}
	*out = l.v;
	*nout = m;
	return 0;
fail:
	image_memo_free(memo);
	walk_free(l.v, l.n);
	free(seen);
	free(drop);
	free(used.v);
	free(walked);
	return -1;
}
