/* SPDX-License-Identifier: MIT */
/*
 * test_ext.c: our ext2/3/4 reader (fs/ext.c) over the file systems
 * fixtures/build.sh makes with mkfs -d from one tree (fixtures/out/linux/):
 * ext4 (extents, 64-bit descriptors, checksums), ext4 with 1 KiB blocks and
 * 32-bit descriptors, ext4 with inline data, ext2 (block maps with double
 * indirect blocks); on each, tree.h's checks (every file byte for byte,
 * links, absent paths, a name among 3,000: a hash-tree directory); damaged
 * superblocks and inodes are errors, never crashes.
 */
#include <stdio.h>

#include "testutil.h"
#include "fs/ext.h"
#include "tree.h"

#define L "fixtures/out/linux/"
#define ROOT_INO_FOR_TEST 2 /* the root directory's inode */

static void
one_image(const char *img)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *vol;
	struct ext *x;

	assert_non_null(vol = rd_file_open(img, &e));
	if ((x = ext_open(vol, &e)) == NULL)
		fail_msg("%s: %s", img, err_msg(&e));
	ext_close(x);
	tree_checks(vol, FS_EXT, 0);
	tree_checks(vol, FS_EXT, 1); /* the second opinion reads the same */
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

/*
 * A real ext4 made by others (the corpus's dissect.extfs/ext4.bin.gz, when present): every file
 * of its root read by our reader equals what libfsext reads, byte for byte; a name it lacks is
 * absent to both.
 */
static void
test_corpus(void **state)
{
	static const char *const files[] = {"/test_file", "/xattr_cap"};
	struct err e ERR_AUTO = ERR_INIT;
	struct unixfs *ours, *lib;
	struct reader *vol, *a, *b;
	uint8_t *img, *da, *db;
	size_t n = 0, i;
	FILE *p;

	(void)state;
	if ((p = popen("gzip -dc " CORPUS "dissect.extfs/ext4.bin.gz 2>/dev/null", "r")) == NULL)
		skip();
	img = malloc(4u << 20);
	assert_non_null(img);
	n = fread(img, 1, 4u << 20, p);
	pclose(p);
	if (n == 0) {
		free(img);
		skip();
	}
	assert_non_null(vol = reader_mem_open(img, n, "ext4.bin", &e));
	assert_non_null(ours = unixfs_open(vol, FS_EXT, 0, &e));
	assert_non_null(lib = unixfs_open(vol, FS_EXT, 1, &e));
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (unixfs_open_file(ours, files[i], "ours", &a, &e) != 1 || unixfs_open_file(lib, files[i], "lib", &b, &e) != 1)
			fail_msg("%s: %s", files[i], err_msg(&e));
		assert_int_equal(a->size, b->size);
		da = malloc(a->size + 1);
		db = malloc(b->size + 1);
		assert_int_equal(reader_read_full(a, da, (size_t)a->size, 0, &e), 0);
		assert_int_equal(reader_read_full(b, db, (size_t)b->size, 0, &e), 0);
		assert_memory_equal(da, db, (size_t)a->size);
		free(da);
		free(db);
		reader_close(a);
		reader_close(b);
	}
	assert_int_equal(unixfs_open_file(ours, "/etc/os-release", "x", &a, &e), 0);
	assert_int_equal(unixfs_open_file(lib, "/etc/os-release", "x", &b, &e), 0);
	unixfs_close(ours);
	unixfs_close(lib);
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
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
