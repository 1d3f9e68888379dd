/* SPDX-License-Identifier: MIT */
/*
 * tree.h: the checks test_ext and test_xfs make on a file system that
 * fixtures/build.sh filled from fixtures/out/linux/tree: every file read
 * back equals the tree's byte for byte, links relative and absolute are
 * followed, a loop is refused, absent paths are absent (case counts), a
 * directory is not a file, names among 3,000 and among 60 are found.
 */
#ifndef HV_TEST_TREE_H
#define HV_TEST_TREE_H

#include "fs/unixfs.h"

#define TREE "fixtures/out/linux/tree"

static void
tree_same(struct unixfs *u, const char *path, const char *tree)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *r;

	if (unixfs_open_file(u, path, path, &r, &e) != 1)
		fail_msg("%s: %s", path, err_msg(&e));
	same_as_file(r, path, tree);
}

static void
tree_checks(struct reader *vol, enum fs_kind kind, int second)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct unixfs *u;
	struct reader *r;

	if ((u = unixfs_open(vol, kind, second, &e)) == NULL)
		fail_msg("%s", err_msg(&e));
	tree_same(u, "/usr/lib/os-release", TREE "/usr/lib/os-release");
	tree_same(u, "/etc/os-release", TREE "/usr/lib/os-release");       /* ../usr/lib/os-release */
	tree_same(u, "etc/abs-release", TREE "/usr/lib/os-release");       /* /usr/lib/os-release */
	tree_same(u, "/var/lib/hyperv/.kvp_pool_3", TREE "/var/lib/hyperv/.kvp_pool_3");
	tree_same(u, "/var/lib/hyperv/.kvp_pool_0", TREE "/var/lib/hyperv/.kvp_pool_0");
	tree_same(u, "/var/log/kern.log", TREE "/var/log/kern.log");
	tree_same(u, "/var/log/sparse", TREE "/var/log/sparse");
	tree_same(u, "/var/lib/many/file-2999", TREE "/var/lib/many/file-2999");
	tree_same(u, "/var/lib/many/file-0", TREE "/var/lib/many/file-0");
	tree_same(u, "/usr/share/doc/package-59", TREE "/usr/share/doc/package-59");
	tree_same(u, "/etc/../usr/./lib//os-release", TREE "/usr/lib/os-release");
	assert_int_equal(unixfs_open_file(u, "/var/lib/many/file-3000", "x", &r, &e), 0);
	assert_int_equal(unixfs_open_file(u, "/var/lib/hyperv/.kvp_pool_9", "x", &r, &e), 0);
	assert_int_equal(unixfs_open_file(u, "/usr/lib/os-release/x", "x", &r, &e), 0);
	assert_int_equal(unixfs_open_file(u, "/USR/lib/os-release", "x", &r, &e), 0); /* case counts */
	assert_int_equal(unixfs_open_file(u, "/etc/loop1", "x", &r, &e), -1);
	assert_non_null(strstr(err_msg(&e), "symbolic links"));
	err_clear(&e);
	assert_int_equal(unixfs_open_file(u, "/var/lib", "x", &r, &e), -1);
	assert_non_null(strstr(err_msg(&e), "is a directory"));
	unixfs_close(u);
}

#endif
