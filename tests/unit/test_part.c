/* SPDX-License-Identifier: MIT */
/*
 * test_part.c: MBR and GPT on disks built in memory.  Each test corrupts
 * one thing and checks what comes out, and the message.
 */
#include <stdio.h>

#include "testutil.h"
#include "base/bytes.h"
#include "base/crc.h"
#include "fs/volume.h"
#include "vs/part.h"

#define DISK_MAX (8u * 1024 * 1024)
static uint8_t disk[DISK_MAX];

static void w16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void w32(uint8_t *p, uint32_t v) { put_le32(p, v); }
static void w64(uint8_t *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32(p + 4, (uint32_t)(v >> 32)); }

static void
mbr_slot(uint8_t *sec, int i, uint8_t type, uint32_t lba, uint32_t count)
{
	uint8_t *p = sec + 446 + 16 * i;
	p[4] = type;
	w32(p + 8, lba);
	w32(p + 12, count);
	sec[510] = 0x55;
	sec[511] = 0xAA;
}

/* GUID text -> mixed-endian bytes, as GPT stores them. */
static void
guid_bytes(const char *s, uint8_t g[16])
{
	unsigned v[16];
	sscanf(s, "%2x%2x%2x%2x-%2x%2x-%2x%2x-%2x%2x-%2x%2x%2x%2x%2x%2x", &v[3], &v[2], &v[1], &v[0],
	    &v[5], &v[4], &v[7], &v[6], &v[8], &v[9], &v[10], &v[11], &v[12], &v[13], &v[14], &v[15]);
	for (int i = 0; i < 16; i++)
		g[i] = (uint8_t)v[i];
}

#define T_DATA "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7"
#define T_ESP  "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"

struct gp { const char *type; uint64_t first, last; const char *name; };

static void
gpt_header(uint32_t ss, uint64_t my, uint64_t alt, uint64_t entries, uint64_t nlba, uint32_t arr_crc)
{
	uint8_t *h = disk + my * ss;
	memset(h, 0, ss);
	memcpy(h, "EFI PART", 8);
	w32(h + 8, 0x00010000);
	w32(h + 12, 92);
	w64(h + 24, my);
	w64(h + 32, alt);
	w64(h + 40, 34);
	w64(h + 48, nlba - 34);
	guid_bytes("11111111-2222-3333-4444-555555555555", h + 56);
	w64(h + 72, entries);
	w32(h + 80, 128);
	w32(h + 84, 128);
	w32(h + 88, arr_crc);
	w32(h + 16, crc32_ieee(h, 92));
}

/* A GPT disk of `size` bytes, protective MBR, primary and backup. */
static size_t
make_gpt(uint32_t ss, size_t size, const struct gp *p, int n)
{
	uint64_t nlba = size / ss;
	uint8_t arr[128 * 128];
	uint32_t crc;
	int i;

	memset(disk, 0, size);
	memset(arr, 0, sizeof arr);
	for (i = 0; i < n; i++) {
		uint8_t *e = arr + 128 * i;
		guid_bytes(p[i].type, e);
		guid_bytes("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", e + 16);
		e[16] = (uint8_t)i;
		w64(e + 32, p[i].first);
		w64(e + 40, p[i].last);
		for (size_t k = 0; p[i].name[k]; k++)
			w16(e + 56 + 2 * k, (uint8_t)p[i].name[k]);
	}
	crc = crc32_ieee(arr, sizeof arr);
	mbr_slot(disk, 0, 0xEE, 1, (uint32_t)(nlba - 1));
	memcpy(disk + 2 * ss, arr, sizeof arr);
	gpt_header(ss, 1, nlba - 1, 2, nlba, crc);
	memcpy(disk + (nlba - 1) * ss - sizeof arr, arr, sizeof arr);
	gpt_header(ss, nlba - 1, 1, nlba - 1 - sizeof arr / ss, nlba, crc);
	return size;
}

static const struct gp three[] = {
	{T_ESP, 2048, 10239, "EFI system partition"},
	{"e3c9e316-0b5c-4db8-817d-f92df00215ae", 10240, 12287, "MSR"},
	{T_DATA, 12288, 14000, "Basic data partition"},
};

static int
scan(size_t size, uint32_t ss, struct part_table *t, struct err *e)
{
	struct reader *r = reader_mem_open(disk, size, "disk", e);
	int rc;

	r->sector_size = ss;
	rc = part_scan(r, volume_probe_buf, t, e);
	reader_close(r);
	return rc;
}

static void
test_gpt_ok(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;

	(void)state;
	make_gpt(512, 8 << 20, three, 3);
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_string_equal(part_scheme_name(t.scheme), "gpt");
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[2].idx, 3);
	assert_int_equal(t.v[2].first_byte, 12288ull * 512);
	assert_int_equal(t.v[2].nbytes, (14000ull - 12288 + 1) * 512);
	assert_string_equal(t.v[2].type, T_DATA);
	assert_string_equal(t.v[0].name, "EFI system partition");
	assert_string_equal(t.warning, "");
	part_table_free(&t);
}

static void
test_gpt_backup_used(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;

	(void)state;
	make_gpt(512, 8 << 20, three, 3);
	disk[512 + 40] ^= 1; /* FirstUsableLBA: the header CRC no longer matches */
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 3);
	assert_non_null(strstr(t.warning, "primary GPT damaged (GPT header at LBA 1: bad CRC-32"));
	assert_non_null(strstr(t.warning, "backup at LBA 16383 used"));
	part_table_free(&t);

	make_gpt(512, 8 << 20, three, 3);
	disk[1024 + 60] ^= 0x80; /* inside the primary entry array */
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 3);
	assert_non_null(strstr(t.warning, "GPT entries at LBA 2: bad CRC-32"));
	part_table_free(&t);
}

static void
test_gpt_both_bad(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;

	(void)state;
	make_gpt(512, 8 << 20, three, 3);
	disk[512 + 40] ^= 1;
	disk[(size_t)(8 << 20) - 512 + 40] ^= 1;
	assert_int_equal(scan(8 << 20, 512, &t, &e), -1);
	assert_non_null(strstr(err_msg(&e), "GPT: primary: GPT header at LBA 1: bad CRC-32"));
	assert_non_null(strstr(err_msg(&e), "backup at LBA 16383: GPT header at LBA 16383: bad CRC-32"));
	part_table_free(&t);

	/* A protective MBR with no GPT at all is an error, not a fall back to the MBR. */
	memset(disk, 0, 8 << 20);
	mbr_slot(disk, 0, 0xEE, 1, 16383);
	assert_int_equal(scan(8 << 20, 512, &t, &e), -1);
	assert_non_null(strstr(err_msg(&e), "no \"EFI PART\" signature"));
	part_table_free(&t);
}

static void
test_gpt_caps_and_bounds(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;
	const struct gp past[] = {{T_DATA, 2048, 99999, "too big"}, {T_DATA, 500, 400, "backwards"}};
	uint8_t *h;

	(void)state;
	make_gpt(512, 8 << 20, past, 2);
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 2);
	assert_non_null(strstr(t.v[0].problem, "extends past the end of the disk (last LBA 99999, disk has 16384)"));
	assert_non_null(strstr(t.v[1].problem, "ending LBA 400 is before starting LBA 500"));
	part_table_free(&t);

	/* NumberOfPartitionEntries over the cap, in both headers (CRCs made valid). */
	make_gpt(512, 8 << 20, three, 3);
	h = disk + 512;
	w32(h + 80, GPT_MAX_ENTRIES + 1);
	w32(h + 16, 0);
	w32(h + 16, crc32_ieee(h, 92));
	h = disk + (8 << 20) - 512;
	w32(h + 80, GPT_MAX_ENTRIES + 1);
	w32(h + 16, 0);
	w32(h + 16, crc32_ieee(h, 92));
	assert_int_equal(scan(8 << 20, 512, &t, &e), -1);
	assert_non_null(strstr(err_msg(&e), "4097 entries of 128 bytes (cap 4096"));
	part_table_free(&t);
}

/* Hostile layouts: overlapping partitions, an entry array that covers its own header. */
static void
test_hostile_layouts(void **state)
{
	const struct gp over[] = {
		{T_DATA, 2048, 10239, "a"}, {T_DATA, 8192, 12287, "overlaps a"},
		{T_DATA, 2048, 10239, "same as a"}, {T_DATA, 12288, 14000, "fine"},
	};
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t *h;
	uint64_t nlba = (8u << 20) / 512;

	(void)state;
	make_gpt(512, 8 << 20, over, 4);
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 4);
	assert_string_equal(t.v[0].problem, "");
	assert_non_null(strstr(t.v[1].problem, "overlaps partition 1"));
	assert_non_null(strstr(t.v[2].problem, "overlaps partition 1"));
	assert_string_equal(t.v[3].problem, "");
	part_table_free(&t);

	/* MBR: two primaries sharing sectors. */
	memset(disk, 0, 1 << 20);
	mbr_slot(disk, 0, 0x07, 2048, 1000);
	mbr_slot(disk, 1, 0x07, 2500, 100);
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 2);
	assert_non_null(strstr(t.v[1].problem, "overlaps partition 1"));
	part_table_free(&t);

	/* Both headers' PartitionEntryLBA pointing at themselves (CRCs valid). */
	make_gpt(512, 8 << 20, three, 3);
	h = disk + 512;
	w64(h + 72, 1);
	w32(h + 16, 0);
	w32(h + 16, crc32_ieee(h, 92));
	h = disk + (nlba - 1) * 512;
	w64(h + 72, nlba - 2); /* 32 sectors of array from nlba-2 would run past the disk */
	w32(h + 16, 0);
	w32(h + 16, crc32_ieee(h, 92));
	assert_int_equal(scan(8 << 20, 512, &t, &e), -1);
	assert_non_null(strstr(err_msg(&e), "overlaps its own header at LBA 1"));
	assert_non_null(strstr(err_msg(&e), "lies outside the disk"));
	part_table_free(&t);
	w64(h + 72, nlba - 10); /* backup array over the backup header */
	w32(h + 16, 0);
	w32(h + 16, crc32_ieee(h, 92));
	assert_int_equal(scan(8 << 20, 512, &t, &e), -1);
	assert_non_null(strstr(err_msg(&e), "overlaps its own header"));
	part_table_free(&t);
}

/* MBR_MAX_LOGICAL and PART_MAX at cap and cap+1. */
static void
test_partition_caps(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;
	uint32_t n, k, ext = 2048;

	(void)state;
	for (n = MBR_MAX_LOGICAL; n <= MBR_MAX_LOGICAL + 1; n++) {
		/* An extended partition holding n EBRs, 4 sectors apart, each with one logical. */
		memset(disk, 0, 8u << 20);
		mbr_slot(disk, 0, 0x05, ext, 4 * n + 8);
		for (k = 0; k < n; k++) {
			uint8_t *ebr = disk + (size_t)(ext + 4 * k) * 512;
			mbr_slot(ebr, 0, 0x07, 1, 2);
			if (k + 1 < n)
				mbr_slot(ebr, 1, 0x05, 4 * (k + 1), 4);
		}
		assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
		if (n == MBR_MAX_LOGICAL) {
			assert_int_equal(t.n, MBR_MAX_LOGICAL); /* logicals 5..132; the container is not listed */
			assert_int_equal(t.v[t.n - 1].idx, 4 + MBR_MAX_LOGICAL);
			assert_string_equal(t.warning, "");
		} else {
			assert_int_equal(t.n, MBR_MAX_LOGICAL);
			assert_non_null(strstr(t.warning, "more than 128 logical partitions; stopped"));
		}
		part_table_free(&t);
	}
	for (n = PART_MAX; n <= PART_MAX + 1; n++) {
		/* A GPT of n used entries (array at LBA 2, 8 sectors each from LBA 2048). */
		uint8_t *h = disk + 512, *arr = disk + 1024;
		uint64_t nlba = (8u << 20) / 512;
		memset(disk, 0, 8u << 20);
		mbr_slot(disk, 0, 0xEE, 1, (uint32_t)(nlba - 1));
		for (k = 0; k < n; k++) {
			guid_bytes(T_DATA, arr + 128 * k);
			guid_bytes("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", arr + 128 * k + 16);
			w32(arr + 128 * k + 16, k);
			w64(arr + 128 * k + 32, 2048 + 8 * (uint64_t)k);
			w64(arr + 128 * k + 40, 2048 + 8 * (uint64_t)k + 7);
		}
		memcpy(h, "EFI PART", 8);
		w32(h + 8, 0x00010000);
		w32(h + 12, 92);
		w64(h + 24, 1);
		w64(h + 32, nlba - 1);
		w64(h + 40, 2048);
		w64(h + 48, nlba - 34);
		w64(h + 72, 2);
		w32(h + 80, n);
		w32(h + 84, 128);
		w32(h + 88, crc32_ieee(arr, 128 * n));
		w32(h + 16, crc32_ieee(h, 92));
		if (n == PART_MAX) {
			assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
			assert_int_equal(t.n, PART_MAX);
		} else {
			assert_int_equal(scan(8 << 20, 512, &t, &e), -1);
			assert_non_null(strstr(err_msg(&e), "more than 256 partitions"));
		}
		part_table_free(&t);
	}
}

/* An MBR disk with 4096-byte sectors, read as 512 (a raw file): the volumes say which is right. */
static void
test_mbr_4kn_on_raw(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t *v;

	(void)state;
	memset(disk, 0, 8u << 20);
	mbr_slot(disk, 0, 0x07, 256, 1024);  /* 4 KiB sectors: bytes 1 MiB..5 MiB */
	v = disk + 256 * 4096;
	memcpy(v + 3, "NTFS    ", 8);
	v[510] = 0x55;
	v[511] = 0xAA;
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.lba_size, 4096);
	assert_int_equal(t.v[0].first_byte, 256 * 4096);
	assert_int_equal(t.v[0].nbytes, 1024 * 4096);
	assert_non_null(strstr(t.warning, "MBR read with 4096-byte sectors"));
	part_table_free(&t);
	/* The same table with the volume where 512-byte sectors put it: read as 512, no warning. */
	memset(v, 0, 4096);
	v = disk + 256 * 512;
	memcpy(v + 3, "NTFS    ", 8);
	v[510] = 0x55;
	v[511] = 0xAA;
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.lba_size, 512);
	assert_int_equal(t.v[0].first_byte, 256 * 512);
	assert_string_equal(t.warning, "");
	part_table_free(&t);
	/* Nothing anywhere: 512, as the container said. */
	memset(v, 0, 4096);
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.lba_size, 512);
	part_table_free(&t);
}

static void
test_gpt_4kn_on_raw(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;
	const struct gp k[] = {{T_DATA, 256, 1500, "Basic data partition"}};

	(void)state;
	make_gpt(4096, 8 << 20, k, 1);
	/* A raw image says 512; the GPT is at byte 4096: 4Kn. */
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.lba_size, 4096);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.v[0].first_byte, 256ull * 4096);
	part_table_free(&t);
}

static void
test_mbr_extended(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t *ebr1, *ebr2;

	(void)state;
	memset(disk, 0, 8 << 20);
	mbr_slot(disk, 0, 0x07, 2048, 2048);
	mbr_slot(disk, 1, 0x05, 4096, 8192);
	ebr1 = disk + 4096 * 512;
	mbr_slot(ebr1, 0, 0x07, 63, 1000);      /* logical 5, relative to this EBR */
	mbr_slot(ebr1, 1, 0x05, 2048, 2048);    /* next EBR, relative to the extended start */
	ebr2 = disk + (4096 + 2048) * 512;
	mbr_slot(ebr2, 0, 0x27, 63, 500);       /* logical 6 */
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_string_equal(part_scheme_name(t.scheme), "mbr");
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[0].idx, 1);
	assert_int_equal(t.v[1].idx, 5);
	assert_int_equal(t.v[1].first_byte, (4096ull + 63) * 512);
	assert_int_equal(t.v[2].idx, 6);
	assert_string_equal(t.v[2].type, "0x27");
	assert_int_equal(t.v[2].first_byte, (4096ull + 2048 + 63) * 512);
	part_table_free(&t);

	/* The second EBR points back at the first: stop with a warning, keep what was found. */
	mbr_slot(ebr2, 1, 0x05, 0, 1);
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 3);
	assert_non_null(strstr(t.warning, "EBR chain loops back to LBA 4096"));
	part_table_free(&t);

	/* An EBR outside its extended partition is an error. */
	mbr_slot(ebr2, 1, 0x05, 9000, 1);
	assert_int_equal(scan(8 << 20, 512, &t, &e), -1);
	assert_non_null(strstr(err_msg(&e), "EBR at LBA 13096 lies outside the extended partition"));
	part_table_free(&t);
}

static void
test_no_table(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;

	(void)state;
	memset(disk, 0, 1 << 20);
	assert_int_equal(scan(1 << 20, 512, &t, &e), 0);
	assert_string_equal(part_scheme_name(t.scheme), "none");
	assert_int_equal(t.n, 0);
	assert_non_null(strstr(t.warning, "no partition table"));
	part_table_free(&t);

	/* An NTFS boot sector at LBA 0 (it too ends in 0x55AA): a bare volume. */
	memcpy(disk + 3, "NTFS    ", 8);
	disk[510] = 0x55;
	disk[511] = 0xAA;
	assert_int_equal(scan(1 << 20, 512, &t, &e), 0);
	assert_string_equal(part_scheme_name(t.scheme), "none");
	assert_int_equal(t.n, 1);
	assert_int_equal(t.v[0].nbytes, 1 << 20);
	part_table_free(&t);

	/* A stale GPT header behind an MBR without 0xEE: the MBR wins, with a warning. */
	make_gpt(512, 8 << 20, three, 3);
	memset(disk + 446, 0, 16);
	mbr_slot(disk, 0, 0x07, 2048, 4096);
	assert_int_equal(scan(8 << 20, 512, &t, &e), 0);
	assert_string_equal(part_scheme_name(t.scheme), "mbr");
	assert_int_equal(t.n, 1);
	assert_non_null(strstr(t.warning, "GPT header at LBA 1 is ignored"));
	part_table_free(&t);
}

/* Truncated anywhere, a GPT or MBR disk scans cleanly (0 or -1), never crashes. */
static void
test_truncation_sweep(void **state)
{
	struct part_table t;
	struct err e ERR_AUTO = ERR_INIT;
	size_t len;
	int ok = 0, bad = 0;

	(void)state;
	make_gpt(512, 1 << 20, three, 1);
	for (len = 0; len <= (1 << 20); len += len < 65536 ? 512 : 32768) {
		if (scan(len, 512, &t, &e) == 0)
			ok++;
		else
			bad++;
		part_table_free(&t);
	}
	assert_true(ok > 0 && bad > 0);
	assert_int_equal(scan(1 << 20, 512, &t, &e), 0);
	assert_int_equal(t.n, 1);
	part_table_free(&t);
}

static void
test_mbr_parse_pure(void **state)
{
	struct mbr_entry m[4];
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t sec[512];

	(void)state;
	memset(sec, 0, sizeof sec);
	assert_int_equal(mbr_parse(sec, sizeof sec, m, &e), -1);
	assert_string_equal(err_msg(&e), "MBR: no 0x55AA signature (0000)");
	mbr_slot(sec, 3, 0x42, 63, 1000);
	assert_int_equal(mbr_parse(sec, sizeof sec, m, &e), 0);
	assert_int_equal(m[3].type, 0x42);
	assert_int_equal(m[3].lba, 63);
	assert_int_equal(m[3].count, 1000);
	assert_int_equal(mbr_parse(sec, 100, m, &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpt_ok),
		cmocka_unit_test(test_gpt_backup_used),
		cmocka_unit_test(test_gpt_both_bad),
		cmocka_unit_test(test_gpt_caps_and_bounds),
		cmocka_unit_test(test_hostile_layouts),
		cmocka_unit_test(test_partition_caps),
		cmocka_unit_test(test_gpt_4kn_on_raw),
		cmocka_unit_test(test_mbr_4kn_on_raw),
		cmocka_unit_test(test_mbr_extended),
		cmocka_unit_test(test_no_table),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_mbr_parse_pure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
