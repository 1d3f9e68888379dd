/* SPDX-License-Identifier: MIT */
/*
 * image_files.c: the other files an image reads (the image layer's second
 * file), found without any container library, for -r: a folder walk runs
 * in the parent process, where a library crashing on a hostile image would
 * end the whole batch; images are opened by libraries only in the isolated
 * per-image processes (batch.c).
 *  - VHD/VHDX: the parents of a differencing disk (chain.c: our readers);
 *  - QCOW2: the backing file its header names, and that file's, ...;
 *  - VMDK: the extent files its descriptor names (plain names in its
 *    folder, as rd_vmdk.c allows) and its parentFileNameHint, and on up.
 * Parents are found by chain_locate's rule (file name only, the child's
 * folder, then --parent-dir), at most CHAIN_MAX_DEPTH levels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



#include "img/image.h"
#include "sys/sys.h"

#define DESC_MAX 65536u /* bytes of a VMDK descriptor read */

struct files {
	char  **v;
	size_t  n;
};

static int
add(struct files *f, const char *p, struct err *e)
{
	char **v = realloc(f->v, (f->n + 1) * sizeof *v);

	if (v == NULL || (v[f->n] = strdup(p)) == NULL) {
		if (v != NULL)
			f->v = v;
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	f->v = v;
	f->n++;
	return 0;
}

/* A VMDK's descriptor text (a descriptor file, or embedded in a sparse extent): owned, or NULL. */
static char *
vmdk_descriptor(struct reader *r)
{
	uint8_t h[64];
	uint64_t off = 0, len = r->size;
	char *buf;
	struct err e;

	if (reader_read_full(r, h, sizeof h, 0, &e) != 0)
		return NULL;
	if (memcmp(h, "KDMV", 4) == 0) {
		off = le64(h + 28) * 512; /* descriptorOffset, descriptorSize: in sectors */
		len = le64(h + 36) * 512;
		if (le64(h + 28) > r->size / 512 || le64(h + 36) > DESC_MAX / 512 || off > r->size ||
		    len > r->size - off)
			return NULL;
	} else if (memcmp(h, "# Disk DescriptorFile", 21) != 0) {
		return NULL;
	}
	if (len > DESC_MAX)
		len = DESC_MAX;
	if ((buf = malloc(len + 1)) == NULL)
		return NULL;
	if (reader_read_full(r, buf, (size_t)len, off, &e) != 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* The quoted value after key= on a line of a VMDK descriptor, in out; 1 found, 0 not. */
static int
quoted(const char *line, char *out, size_t cap)
{
	const char *q = strchr(line, '"'), *r;

	if (q == NULL || (r = strchr(q + 1, '"')) == NULL || r == q + 1 || (size_t)(r - q - 1) >= cap)
		return 0;
	memcpy(out, q + 1, (size_t)(r - q - 1));
	out[r - q - 1] = '\0';
	return 1;
}

/* Eight hex digits after key= on a descriptor line: 1 with *v, 0 not. */
static int
cid(const char *line, uint32_t *v)
{
	const char *q = strchr(line, '=');
	char *end;
	unsigned long x;

	if (q == NULL)
		return 0;
	x = strtoul(q + 1, &end, 16);
	*v = (uint32_t)x;
	return end != q + 1;
}

struct vmdk_desc {
	char     parent[1024]; /* parentFileNameHint, or "" */
	int      has_cid, has_parent_cid;
	uint32_t cid, parent_cid;
};

/* Extents of the VMDK at path into f; its parent hint and content ids into d. */
static int
vmdk_files(const char *path, struct reader *r, struct files *f, struct vmdk_desc *d, struct err *e)
{
	char *buf = vmdk_descriptor(r), *line, *save = NULL, name[1024], p[4600];
	const char *slash = sys_last_sep(path);
	int rc = 0;

	memset(d, 0, sizeof *d);
	if (buf == NULL)
		return 0;
	for (line = strtok_r(buf, "\r\n", &save); rc == 0 && line != NULL; line = strtok_r(NULL, "\r\n", &save)) {
		if (strncmp(line, "parentFileNameHint", 18) == 0) {
			if (!quoted(line, d->parent, sizeof d->parent))
				d->parent[0] = '\0';
			continue;
		}
		if (strncmp(line, "CID=", 4) == 0) {
			d->has_cid = cid(line, &d->cid);
			continue;
		}
		if (strncmp(line, "parentCID=", 10) == 0) {
			d->has_parent_cid = cid(line, &d->parent_cid);
			continue;
		}
		if (strncmp(line, "RW ", 3) != 0 && strncmp(line, "RDONLY ", 7) != 0 &&
		    strncmp(line, "NOACCESS ", 9) != 0)
			continue;
		if (!quoted(line, name, sizeof name) || strchr(name, '/') != NULL || strchr(name, '\\') != NULL)
			continue; /* only plain names in the same folder, as rd_vmdk.c allows */
		snprintf(p, sizeof p, "%.*s%s%s", slash ? (int)(slash - path) : 0, path, slash ? "/" : "", name);
		if (strcmp(p, path) != 0)
			rc = add(f, p, e);
	}
	free(buf);
	return rc;
}

/* A QCOW2's backing file name, from its header, into out (or ""). */
static void
qcow_backing(struct reader *r, char *out, size_t cap)
{
	uint8_t h[20];
	uint64_t off;
	uint32_t len;
	struct err e;

	out[0] = '\0';
	if (reader_read_full(r, h, sizeof h, 0, &e) != 0)
		return;
	off = be64(h + 8);
	len = be32(h + 16);
	if (off == 0 || len == 0 || len >= cap || off > r->size || len > r->size - off ||
	    reader_read_full(r, out, len, off, &e) != 0) {
		out[0] = '\0';
		return;
	}
	out[len] = '\0';
}

int
image_files(const char *path, const struct image_opts *io, char ***out, size_t *nout, struct err *e)
{
	struct files f = {NULL, 0}, up = {NULL, 0}; /* f: always consumed; up: if the chain holds */
	struct sys_id seen[CHAIN_MAX_DEPTH];
	struct vmdk_desc d, child;
	const char *fmt = NULL;
	char *cur = NULL;
	unsigned depth;
	int rc = 0, whole = 0;

	*out = NULL;
	*nout = 0;
	memset(&child, 0, sizeof child);
	for (depth = 0; rc == 0 && depth < CHAIN_MAX_DEPTH; depth++) {
		const char *at = cur ? cur : path;
		struct reader *r;
		const char *this;
		char *next;
		unsigned k;

		if (sys_file_id(at, &seen[depth]) != 0 || (r = rd_file_open(at, e)) == NULL)
			break; /* the image's own process will say why */
		for (k = 0; k < depth; k++)
			if (seen[k].dev == seen[depth].dev && seen[k].ino == seen[depth].ino)
				break;
		this = k == depth ? image_sniff(r, e) : NULL; /* a loop: the chain is broken */
		if (this == NULL || (fmt != NULL && strcmp(this, fmt) != 0)) {
			reader_close(r);
			break;
		}
		fmt = this;
		memset(&d, 0, sizeof d);
		if (strcmp(fmt, "vhd") == 0 || strcmp(fmt, "vhdx") == 0) {
			struct chain_link *l;
			size_t n, i;
			struct chain *c;
			reader_close(r);
			c = chain_open(at, fmt, io ? io->parent_dirs : NULL, io ? io->nparent_dirs : 0, &l, &n, e);
			/* only a chain that opens consumes its parents: a broken one is still reported */
			for (i = 1; c != NULL && rc == 0 && i < n; i++)
				rc = add(&f, l[i].path, e);
			chain_close(c);
			chain_links_free(l, n);
			break;
		}
		if (strcmp(fmt, "qcow") == 0)
			qcow_backing(r, d.parent, sizeof d.parent);
		else if (strcmp(fmt, "vmdk") == 0)
			rc = vmdk_files(at, r, depth == 0 ? &f : &up, &d, e);
		reader_close(r);
		/* a VMDK parent must carry the content id its child names */
		if (depth > 0 && child.has_parent_cid && (!d.has_cid || d.cid != child.parent_cid))
			break;
		if (rc != 0 || d.parent[0] == '\0') {
			whole = rc == 0;
			break;
		}
		if ((next = chain_locate(at, d.parent, io ? io->parent_dirs : NULL, io ? io->nparent_dirs : 0,
		    e)) == NULL)
			break;
		rc = add(&up, next, e);
		free(cur);
		cur = next;
		child = d;
	}
	free(cur);
	for (size_t i = 0; rc == 0 && whole && i < up.n; i++)
		rc = add(&f, up.v[i], e);
	image_files_free(up.v, up.n);
	if (rc != 0) {
		image_files_free(f.v, f.n);
		return -1;
	}
	*out = f.v;
	*nout = f.n;
	return 0;
}

void
image_files_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
