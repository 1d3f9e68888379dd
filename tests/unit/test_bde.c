/* SPDX-License-Identifier: MIT */
/*
 * test_bde.c: a BitLocker volume's FVE metadata (vs/bde.c), built here byte
 * by byte per libyal's BDE format: the facts of a block; every entry size
 * that does not fit; signatures and versions; the three copies (the first
 * damaged, the second read; none); the cap on protectors; the states.
 */
#include <stdio.h>

#include "testutil.h"
#include "vs/bde.h"

static const uint8_t vid[16] = {0x43, 0xf5, 0x4c, 0xbf, 0xab, 0xfd, 0xcd, 0x4d, 0x84, 0x09, 0x71, 0x8f, 0x33, 0x34, 0xc6, 0xbd};

/* An entry of type et, value type vt, data d[0..n) at p: its size. */
static size_t
put_entry(uint8_t *p, uint16_t et, uint16_t vt, const uint8_t *d, size_t n)
{
	uint16_t size = (uint16_t)(8 + n);

	p[0] = (uint8_t)size, p[1] = (uint8_t)(size >> 8);
	p[2] = (uint8_t)et, p[3] = (uint8_t)(et >> 8);
	p[4] = (uint8_t)vt, p[5] = (uint8_t)(vt >> 8);
	p[6] = 1, p[7] = 0;
	memcpy(p + 8, d, n);
	return size;
}

/* A block at b: a description "PC C:" and nvmk protectors (types from types[]): its length. */
static size_t
make_block(uint8_t *b, size_t nvmk, const uint16_t *types, uint64_t encrypted)
{
	uint8_t *m = b + 64, d[28];
	size_t at = 48, i;
	static const uint8_t desc[] = {'P', 0, 'C', 0, ' ', 0, 'C', 0, ':', 0, 0, 0};

	memset(b, 0, 64 + 48);
	memcpy(b, "-FVE-FS-", 8);
	b[10] = 2;
	memcpy(b + 16, &encrypted, 8); /* little-endian hosts only: the tests run on x86-64 */
	b[28] = 16;
	at += put_entry(m + at, 7, 2, desc, sizeof desc);
	for (i = 0; i < nvmk; i++) {
		memset(d, 0, sizeof d);
		d[0] = (uint8_t)(0x10 + i);
		d[26] = (uint8_t)types[i % 3], d[27] = (uint8_t)(types[i % 3] >> 8);
		at += put_entry(m + at, 2, 8, d, sizeof d);
	}
	m[0] = (uint8_t)at, m[1] = (uint8_t)(at >> 8);
	m[4] = 1;
	m[8] = 48;
	memcpy(m + 16, vid, 16);
	m[36] = 0x04, m[37] = 0x80; /* AES-XTS 128 */
	m[40] = 0x01;
	return 64 + at;
}

static void
test_block(void **state)
{
	static const uint16_t types[3] = {0x0800, 0x2000, 0x0100};
	struct err e ERR_AUTO = ERR_INIT;
	struct bde_info bi;
	uint8_t b[4096];
	size_t n = make_block(b, 2, types, 1 << 20);

	(void)state;
	memset(&bi, 0, sizeof bi);
	assert_int_equal(bde_parse_block(b, n, &bi, &e), 0);
	assert_int_equal(bi.version, 2);
	assert_string_equal(bi.volume_id, "bf4cf543-fdab-4dcd-8409-718f3334c6bd");
	assert_string_equal(bde_method_name(bi.method), "AES-XTS 128");
	assert_string_equal(bi.description, "PC C:");
	assert_int_equal(bi.nprot, 2);
	assert_string_equal(bde_protection_name(bi.prot[0].protection), "recovery-password");
	assert_string_equal(bde_protection_name(bi.prot[1].protection), "password");
	assert_string_equal(bi.prot[1].id, "00000011-0000-0000-0000-000000000000");
	assert_int_equal(bi.created, 1);
	assert_int_equal(bi.header_sectors, 16);
	assert_string_equal(bde_state(&bi), "locked");
	assert_null(bde_protection_name(0x1234));
	/* 40 protectors: 32 kept */
	n = make_block(b, 40, types, 1);
	assert_int_equal(bde_parse_block(b, n, &bi, &e), 0);
	assert_int_equal(bi.nprot, BDE_MAX_PROTECTORS);
	/* a clear key: suspended; nothing left encrypted and no method: decrypted */
	{
		static const uint16_t clear[3] = {0x0000, 0x0100, 0x0100};
		n = make_block(b, 2, clear, 1);
		assert_int_equal(bde_parse_block(b, n, &bi, &e), 0);
		assert_string_equal(bde_state(&bi), "suspended");
		n = make_block(b, 0, types, 0);
		b[64 + 36] = 0, b[64 + 37] = 0;
		assert_int_equal(bde_parse_block(b, n, &bi, &e), 0);
		assert_string_equal(bde_state(&bi), "decrypted");
	}
}

/* Every size that does not fit its holder, a signature or version not BitLocker's: an error, no read past. */
static void
test_block_damage(void **state)
{
	static const uint16_t types[3] = {0x0800, 0x2000, 0x0100};
	struct err e ERR_AUTO = ERR_INIT;
	struct bde_info bi;
	uint8_t b[4096], c[4096];
	size_t n = make_block(b, 3, types, 1), cut, i;

	(void)state;
	for (cut = 0; cut < n; cut++) { /* every length short of the whole: a parse within it or an error */
		memcpy(c, b, cut);
		if (bde_parse_block(c, cut, &bi, &e) == 0)
			assert_true(bi.nprot < 3);
	}
	memcpy(c, b, n);
	c[64 + 48] = 4; /* the first entry's size under an entry header */
	c[64 + 49] = 0;
	assert_int_equal(bde_parse_block(c, n, &bi, &e), -1);
	assert_non_null(strstr(err_msg(&e), "FVE metadata entry 1"));
	memcpy(c, b, n);
	c[64 + 48] = 0xff, c[64 + 49] = 0xff; /* past the metadata */
	assert_int_equal(bde_parse_block(c, n, &bi, &e), -1);
	memcpy(c, b, n);
	c[64] = 0xff, c[65] = 0xff; /* metadata larger than the block */
	assert_int_equal(bde_parse_block(c, n, &bi, &e), -1);
	memcpy(c, b, n);
	c[10] = 3;
	assert_int_equal(bde_parse_block(c, n, &bi, &e), -1);
	assert_int_equal(e.code, ERR_UNSUPPORTED);
	memcpy(c, b, n);
	c[0] = 'x';
	assert_int_equal(bde_parse_block(c, n, &bi, &e), -1);
	for (i = 0; i < n; i++) { /* every byte flipped: parses or refuses, never reads past (ASan) */
		memcpy(c, b, n);
		c[i] ^= 0xff;
		(void)bde_parse_block(c, n, &bi, &e);
	}
}

/* The volume header's three copies: the first damaged, the second read, said; none: each one's reason. */
static void
test_read_copies(void **state)
{
	static const uint16_t types[3] = {0x0800, 0x2000, 0x0100};
	struct err e ERR_AUTO = ERR_INIT;
	size_t size = 1u << 20, n;
	uint8_t *vol = calloc(1, size);
	uint64_t off[3] = {0x40000, 0x80000, 0xc0000};
	struct bde_info bi;
	struct reader *r;
	int i;

	(void)state;
	assert_non_null(vol);
	vol[0] = 0xeb, vol[1] = 0x58, vol[2] = 0x90;
	memcpy(vol + 3, "-FVE-FS-", 8);
	for (i = 0; i < 3; i++) {
		memcpy(vol + 176 + 8 * i, &off[i], 8);
		n = make_block(vol + off[i], 1, types, 1);
	}
	(void)n;
	vol[off[0]] = 'x';
	assert_non_null(r = reader_mem_open(vol, size, "volume", &e));
	assert_int_equal(bde_read(r, &bi, &e), 0);
	assert_int_equal(bi.block, 2);
	assert_string_equal(bi.problem, "FVE metadata block 1: no FVE metadata block signature");
	vol[off[1]] = 'x';
	off[2] = size + 512; /* outside the volume */
	memcpy(vol + 192, &off[2], 8);
	assert_int_equal(bde_read(r, &bi, &e), -1);
	assert_string_equal(err_msg(&e), "BitLocker: no FVE metadata block could be read (1: no FVE metadata block "
	    "signature; 2: no FVE metadata block signature; 3: offset 1049088 outside the volume)");
	memset(vol + 3, 'x', 8);
	assert_int_equal(bde_read(r, &bi, &e), -1);
	reader_close(r);
	free(vol);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_block_damage),
		cmocka_unit_test(test_read_copies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
