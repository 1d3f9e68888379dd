/* SPDX-License-Identifier: MIT */
/*
 * test_ext.c: our ext2/3/4 reader (fs/ext.c) over the file systems
 * fixtures/build.sh makes with mkfs -d from one tree (fixtures/out/linux/):
 * ext4 (extents, 64-bit descriptors, checksums), ext4 with 1 KiB blocks and
 * 32-bit descriptors, ext4 with inline data, ext2 (block maps with double
 * indirect blocks).  Every file read back is compared byte for byte with
 * the tree's; links relative and absolute are followed, a loop is refused,
 * absent paths are absent, a name among 3,000 (a hash-tree directory) is
 * found; damaged superblocks and inodes are errors, never crashes.
 */
#include <stdio.h>

#include "testutil.h"
#include "fs/ext.h"

#define L "fixtures/out/linux/"
#define ROOT_INO_FOR_TEST 2 /* the root directory's inode */

/* path in the image equals the tree's file (tree: its path there). */
static void
same(struct ext *x, const char *path, const char *tree)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *r;
	size_t n = 0;
	uint8_t *want = slurp(tree, &n), *got;

	assert_non_null(want);
	if (ext_open_file(x, path, path, &r, &e) != 1)
		fail_msg("%s: %s", path, err_msg(&e));
	if (r->size != n)
		fail_msg("%s: %llu bytes, want %zu", path, (unsigned long long)r->size, n);
	assert_non_null(got = malloc(n + 1));
	assert_int_equal(reader_read_full(r, got, n, 0, &e), 0);
	assert_memory_equal(got, want, n);
	/* and a read across blocks from an odd offset */
	if (n > 10000) {
		assert_int_equal(reader_read_full(r, got, 9000, n / 3 + 1, &e), 0);
		assert_memory_equal(got, want + n / 3 + 1, 9000);
	}
	reader_close(r);
	free(got);
	free(want);
}

static void
one_image(const char *img)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *vol, *r;
	struct ext *x;

	assert_non_null(vol = rd_file_open(img, &e));
	if ((x = ext_open(vol, &e)) == NULL)
		fail_msg("%s: %s", img, err_msg(&e));
	same(x, "/usr/lib/os-release", L "tree/usr/lib/os-release");
	same(x, "/etc/os-release", L "tree/usr/lib/os-release");       /* ../usr/lib/os-release */
	same(x, "etc/abs-release", L "tree/usr/lib/os-release");       /* /usr/lib/os-release */
	same(x, "/var/lib/hyperv/.kvp_pool_3", L "tree/var/lib/hyperv/.kvp_pool_3");
	same(x, "/var/lib/hyperv/.kvp_pool_0", L "tree/var/lib/hyperv/.kvp_pool_0");
	same(x, "/var/log/kern.log", L "tree/var/log/kern.log");
	same(x, "/var/log/sparse", L "tree/var/log/sparse");
	same(x, "/var/lib/many/file-2999", L "tree/var/lib/many/file-2999");
	same(x, "/etc/../usr/./lib//os-release", L "tree/usr/lib/os-release");
	assert_int_equal(ext_open_file(x, "/var/lib/many/file-3000", "x", &r, &e), 0);
	assert_int_equal(ext_open_file(x, "/var/lib/hyperv/.kvp_pool_9", "x", &r, &e), 0);
	assert_int_equal(ext_open_file(x, "/usr/lib/os-release/x", "x", &r, &e), 0);
	assert_int_equal(ext_open_file(x, "/USR/lib/os-release", "x", &r, &e), 0); /* case counts */
	assert_int_equal(ext_open_file(x, "/etc/loop1", "x", &r, &e), -1);
	assert_non_null(strstr(err_msg(&e), "symbolic links"));
	err_clear(&e);
	assert_int_equal(ext_open_file(x, "/var/lib", "x", &r, &e), -1);
	assert_non_null(strstr(err_msg(&e), "is a directory"));
	ext_close(x);
	reader_close(vol);
}

static void test_ext4(void **state) { (void)state; one_image(L "ext4.img"); }
static void test_ext4_1k(void **state) { (void)state; one_image(L "ext4-1k.img"); }
static void test_ext4_inline(void **state) { (void)state; one_image(L "ext4-inline.img"); }
static void test_ext2(void **state) { (void)state; one_image(L "ext2.img"); }

/* Damaged: the superblock's sizes, then an inode's extent header; errors, never a crash. */
static void
test_damaged(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *vol, *r;
	struct ext *x;
	size_t n = 0;
	uint8_t *img = slurp(L "ext4.img", &n), save;

	(void)state;
	assert_non_null(img);
	assert_true(ext_probe(img, n));
	save = img[1024 + 0x18];
	img[1024 + 0x18] = 40; /* s_log_block_size */
	assert_non_null(vol = reader_mem_open(img, n, "ext4", &e));
	assert_null(ext_open(vol, &e));
	assert_non_null(strstr(err_msg(&e), "impossible sizes"));
	err_clear(&e);
	img[1024 + 0x18] = save;
	img[1024 + 0x38] = 0; /* the magic */
	assert_null(ext_open(vol, &e));
	assert_false(ext_probe(img, n));
	err_clear(&e);
	img[1024 + 0x38] = 0x53;
	assert_non_null(x = ext_open(vol, &e));
	assert_int_equal(ext_info(x)->block_size, 4096);
	assert_string_equal(ext_info(x)->label, "linuxroot");
	/* every byte of the root's inode in turn set to 0xff: each lookup an answer or an error */
	{
		uint32_t ipg = ext_info(x)->inodes_per_group, isz = ext_info(x)->inode_size;
		uint8_t *gd = img + 4096, *ino;
		uint64_t table = (uint64_t)(gd[8] | gd[9] << 8 | gd[10] << 16 | (uint32_t)gd[11] << 24);
		unsigned k;
		(void)ipg;
		ino = img + table * 4096 + (ROOT_INO_FOR_TEST - 1) * isz;
		for (k = 0; k < 160; k++) {
			uint8_t was = ino[k];
			int rc;
			ino[k] = 0xff;
			rc = ext_open_file(x, "/etc/os-release", "x", &r, &e);
			if (rc == 1)
				reader_close(r);
			err_clear(&e);
			ino[k] = was;
		}
	}
	ext_close(x);
	reader_close(vol);
	free(img);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ext4),
		cmocka_unit_test(test_ext4_1k),
		cmocka_unit_test(test_ext4_inline),
		cmocka_unit_test(test_ext2),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
