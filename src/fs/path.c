/* SPDX-License-Identifier: MIT */
/* path.c: a path looked up from a file system's root, links followed (path.h). */
#include <stdlib.h>
#include <string.h>

#include "fs/path.h"

#define S_TYPE(m) ((m) & 0xF000u)
#define S_DIR     0x4000u
#define S_REG     0x8000u
#define S_LNK     0xA000u

int
fs_path_walk(const struct fs_path_ops *ops, void *fs, uint64_t root, const char *path, unsigned max_links,
    void *node, struct err *e)
{
	char todo[FS_PATH_MAX], target[FS_PATH_MAX];
	unsigned hops = 0;
	size_t at = 0, n, depth = 0;
	uint64_t ino = 0, up[FS_PATH_DEPTH]; /* the directories walked down through: ".." goes back up */
	void *next;
	int rc = -1;

	if (strlen(path) >= sizeof todo)
		return err_set(e, ERR_LIMIT, "a path of %zu bytes", strlen(path));
	strcpy(todo, path);
	if ((next = malloc(ops->node_size)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	up[0] = root;
	if (ops->load(fs, root, node, e) != 0)
		goto out;
	for (;;) {
		while (todo[at] == '/')
			at++;
		if (todo[at] == '\0')
			break;
		n = strcspn(todo + at, "/");
		if (S_TYPE(ops->mode(node)) != S_DIR) {
			rc = 0; /* a path through a file: not there */
			goto out;
		}
		if (n == 1 && todo[at] == '.') {
			at += n;
			continue;
		}
		if (n == 2 && todo[at] == '.' && todo[at + 1] == '.') {
			at += n;
			if (depth > 0)
				depth--;
			if (ops->load(fs, up[depth], node, e) != 0)
				goto out;
			continue;
		}
		if ((rc = ops->lookup(fs, node, todo + at, n, &ino, e)) <= 0) {
			if (rc < 0)
				err_ctx(e, "%.*s", (int)at, todo);
			goto out;
		}
		rc = -1;
		if (ops->load(fs, ino, next, e) != 0)
			goto out;
		at += n;
		if (S_TYPE(ops->mode(next)) == S_LNK) {
			size_t tl, rl = strlen(todo + at);
			if (++hops > max_links) {
				err_set(e, ERR_LIMIT, "%s: more than %u symbolic links", path, max_links);
				goto out;
			}
			if (ops->link(fs, next, target, sizeof target, e) != 0)
				goto out;
			tl = strlen(target);
			if (tl + rl + 2 > sizeof todo) {
				err_set(e, ERR_LIMIT, "%s: a path of more than %zu bytes", path, sizeof todo);
				goto out;
			}
			/* what is left of the path, after the target: from the root, or from where the link is */
			memmove(todo + tl + 1, todo + at, rl + 1);
			memcpy(todo, target, tl);
			todo[tl] = '/';
			at = 0;
			if (target[0] == '/') {
				depth = 0;
				if (ops->load(fs, root, node, e) != 0)
					goto out;
			}
			continue;
		}
		if (S_TYPE(ops->mode(next)) == S_DIR) {
			if (depth + 1 >= FS_PATH_DEPTH) {
				err_set(e, ERR_LIMIT, "%s: more than %u folders deep", path, FS_PATH_DEPTH);
				goto out;
			}
			up[++depth] = ino;
		}
		memcpy(node, next, ops->node_size);
	}
	if (S_TYPE(ops->mode(node)) == S_DIR)
		err_set(e, ERR_FORMAT, "%s is a directory", path);
	else if (S_TYPE(ops->mode(node)) != S_REG)
		err_set(e, ERR_UNSUPPORTED, "%s is not a regular file", path);
	else
		rc = 1;
out:
	free(next);
	return rc;
}
