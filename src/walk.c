/* SPDX-License-Identifier: MIT */
/*
 * walk.c: folder walking for -r (POSIX opendir).  A checkpoint chain
 * (vm.avhdx -> ... -> vm.vhdx) is one disk: it is reported once, from its
 * newest child; the parents it consumes are not reported again.  A file is
 * a consumed parent when it (same device and inode) appears in the chain of
 * another file found.  Likewise a VMDK's extent files (split-s001.vmdk,
 * disk-flat.vmdk) belong to the descriptor that names them.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "strv.h"
#include "walk.h"

/* .E01 stands for its whole set: .E02 and on are its segments, read through it. */
static const char *const exts[] = {".vhd", ".vhdx", ".avhd", ".avhdx", ".img", ".raw", ".qcow2",
    ".qcow", ".vmdk", ".e01"};

#define VMDK_DESC_MAX 65536 /* bytes of a VMDK descriptor read for its extent names */

struct list {
	char **v;
	int    n;
};

static int
add(struct list *l, const char *p, struct err *e)
{
	char **v;

	if (l->n >= WALK_MAX_FILES)
		return err_set(e, ERR_LIMIT, "more than %d image files", WALK_MAX_FILES);
	if ((v = realloc(l->v, (size_t)(l->n + 1) * sizeof *v)) == NULL || (v[l->n] = strdup(p)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	l->v = v;
	l->n++;
	return 0;
}

static int
is_image_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

static void
add_id(struct stat **ids, int *nid, const char *path)
{
	struct stat st, *v;

	if (stat(path, &st) != 0 || (v = realloc(*ids, (size_t)(*nid + 1) * sizeof *v)) == NULL)
		return;
	*ids = v;
	(*ids)[(*nid)++] = st;
}

/*
 * If path is a VMDK descriptor ("# Disk DescriptorFile"), the files its
 * extent lines name (RW 83886080 SPARSE "disk-s001.vmdk"), in its folder.
 */
static void
vmdk_extents(const char *path, struct stat **ids, int *nid)
{
	char *buf, *line, *save = NULL, *q, *r, dir[4096], ext[4096];
	const char *slash = strrchr(path, '/');
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return;
	if ((buf = malloc(VMDK_DESC_MAX + 1)) == NULL) {
		fclose(f);
		return;
	}
	n = fread(buf, 1, VMDK_DESC_MAX, f);
	fclose(f);
	buf[n] = '\0';
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (strncmp(buf, "# Disk DescriptorFile", 21) == 0) {
		for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
			if (strncmp(line, "RW ", 3) != 0 && strncmp(line, "RDONLY ", 7) != 0)
				continue;
			if ((q = strchr(line, '"')) == NULL || (r = strchr(q + 1, '"')) == NULL)
				continue;
			*r = '\0';
			if (strchr(q + 1, '/') != NULL || q[1] == '\0')
				continue; /* only plain names in the same folder, as rd_vmdk.c allows */
			if ((size_t)snprintf(ext, sizeof ext, "%s/%s", dir, q + 1) < sizeof ext)
				add_id(ids, nid, ext);
		}
	}
	free(buf);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk_dir(const char *dir, int depth, struct list *l, struct err *e)
{
	struct list here = {NULL, 0};
	struct dirent *de;
	struct stat st;
	char *p;
	DIR *d;
	int i, rc = 0;

	if (depth > WALK_MAX_DEPTH || (d = opendir(dir)) == NULL)
		return 0; /* unreadable or too deep: nothing to add */
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (asprintf(&p, "%s/%s", dir, de->d_name) < 0) {
			rc = err_set(e, ERR_NOMEM, "out of memory");
			break;
		}
		if (lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk_dir(p, depth + 1, l, e);
			else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && is_image_name(de->d_name))
				rc = add(&here, p, e);
		}
		free(p);
	}
	closedir(d);
	if (here.n > 1)
		qsort(here.v, (size_t)here.n, sizeof *here.v, cmp);
	for (i = 0; i < here.n; i++) {
		if (rc == 0)
			rc = add(l, here.v[i], e);
		free(here.v[i]);
	}
	free(here.v);
	return rc;
}

void
walk_free(char **v, int n)
{
	strv_free(v, n > 0 ? (size_t)n : 0);
}

int
walk_paths(char *const *paths, int n, int recurse, const struct image_opts *io, char ***out, int *nout,
    struct err *e)
{
	struct list l = {NULL, 0};
	struct stat *ids = NULL;
	char *walked = NULL; /* walked[i]: found by walking (only those may be dropped) */
	int i, k, nid = 0, m = 0;
	struct stat st;

	for (i = 0; i < n; i++) {
		int before = l.n, isdir = recurse && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode);
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
	/* Every parent of a differencing disk found: identities to drop (only if a folder was walked). */
	for (i = 0, k = 0; i < l.n; i++)
		k |= walked[i];
	for (i = 0; k && i < l.n; i++) {
		struct image_info info;
		struct image *im;
		struct err ie;
		size_t c;

		const char *dot = strrchr(l.v[i], '.');
		if (dot && (strcasecmp(dot, ".img") == 0 || strcasecmp(dot, ".raw") == 0))
			continue; /* no chains in raw disks */
		if (dot && strcasecmp(dot, ".vmdk") == 0) {
			vmdk_extents(l.v[i], &ids, &nid);
			continue; /* parents (snapshot deltas) are refused; extents are consumed */
		}
		/* Only a chain that opens consumes its parents: a broken one must still be reported. */
		if ((im = image_open(l.v[i], io, &info, &ie)) == NULL) {
			image_info_free(&info);
			continue;
		}
		image_close(im);
		for (c = 1; c < info.nchain; c++) {
			struct stat *v;
			if (stat(info.chain[c].path, &st) != 0 || (v = realloc(ids, (size_t)(nid + 1) * sizeof *v)) == NULL)
				continue;
			ids = v;
			ids[nid++] = st;
		}
		image_info_free(&info);
	}
	for (i = 0; i < l.n; i++) {
		int consumed = 0;
		if (walked[i] && stat(l.v[i], &st) == 0)
			for (k = 0; k < nid; k++)
				consumed |= ids[k].st_dev == st.st_dev && ids[k].st_ino == st.st_ino;
		if (consumed)
			free(l.v[i]);
		else
			l.v[m++] = l.v[i];
	}
	free(ids);
	free(walked);
	*out = l.v;
	*nout = m;
	return 0;
fail:
	walk_free(l.v, l.n);
	free(ids);
	free(walked);
	return -1;
}
