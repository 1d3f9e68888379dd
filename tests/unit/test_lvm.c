/* SPDX-License-Identifier: MIT */
/*
 * test_lvm.c: LVM2 volume groups (vs/lvm.c, vs/lvm_meta.c) and the map
 * reader (io/map.c).  The metadata text as LVM2 writes it (comments, quoted
 * escapes, lists, the sections we skip), texts that are damaged (a section
 * not closed, a list not closed, nesting past the cap, no volume group, no
 * extent size); a PV built here byte by byte per libvslvm's format document
 * (label, PV header, metadata area header, the text wrapping its ring): its
 * logical volumes become partitions mapped onto the disk, segment by
 * segment, out of order; kinds not read (striped, thin) are listed with the
 * reason; a damaged label checksum is no label, a damaged text checksum is
 * the PV's problem.
 */
#include <stdio.h>

#include "testutil.h"
#include "base/bytes.h"
#include "fs/volume.h"
#include "vs/part.h"

static const char meta[] =
    "# a comment\n"
    "vg0 {\n"
    "id = \"aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg\"\n"
    "seqno = 9\n"
    "status = [\"RESIZEABLE\", \"READ\", \"WRITE\"]\n"
    "extent_size = 2048 # 1 MiB\n"
    "physical_volumes {\n"
    "pv0 {\n id = \"PVPVPV-0000-1111-2222-3333-4444-555555\"\n pe_start = 2048\n pe_count = 20\n}\n"
    "}\n"
    "logical_volumes {\n"
    "root {\n id = \"LVLVLV-0000-1111-2222-3333-4444-555555\"\n status = [\"READ\", \"VISIBLE\"]\n"
    " segment_count = 2\n"
    " segment1 {\n start_extent = 0\n extent_count = 2\n type = \"striped\"\n stripe_count = 1\n"
    "  stripes = [\n\"pv0\", 5\n]\n }\n"
    " segment2 {\n start_extent = 2\n extent_count = 1\n type = \"striped\"\n stripe_count = 1\n"
    "  stripes = [\"pv0\", 0]\n }\n"
    "}\n"
    "hidden_tmeta {\n id = \"x\"\n status = [\"READ\"]\n segment1 { start_extent = 0 extent_count = 1"
    " type = \"striped\" stripe_count = 1 stripes = [\"pv0\", 9] }\n}\n"
    "thin {\n id = \"y\"\n status = [\"VISIBLE\"]\n segment1 { start_extent = 0 extent_count = 4"
    " type = \"thin\" thin_pool = \"pool\" }\n}\n"
    "}\n"
    "historical_logical_volumes { gone { name = \"z\" } }\n"
    "}\n"
    "contents = \"Text Format Volume Group\"\nversion = 1\ndescription = \"a \\\"quoted\\\" word\"\n";

static void
test_meta(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct lvm_vg vg;

	(void)state;
	assert_int_equal(lvm_meta_parse(meta, sizeof meta - 1, &vg, &e), 0);
	assert_string_equal(vg.name, "vg0");
	assert_int_equal(vg.seqno, 9);
	assert_int_equal(vg.extent_size, 2048);
	assert_int_equal(vg.npvs, 1);
	assert_string_equal(vg.pvs[0].uuid, "PVPVPV-0000-1111-2222-3333-4444-555555");
	assert_int_equal(vg.pvs[0].pe_start, 2048);
	assert_int_equal(vg.nlvs, 3);
	assert_string_equal(vg.lvs[0].name, "root");
	assert_true(vg.lvs[0].visible);
	assert_int_equal(vg.lvs[0].nsegs, 2);
	assert_int_equal(vg.lvs[0].segs[0].pv_extent, 5);
	assert_int_equal(vg.lvs[0].segs[0].pv, 0);
	assert_int_equal(vg.lvs[0].segs[1].start_extent, 2);
	assert_false(vg.lvs[1].visible);
	assert_string_equal(vg.lvs[2].segs[0].type, "thin");
	lvm_vg_free(&vg);
	/* a name with bytes LVM never writes (not UTF-8, an escape): kept as plain ASCII */
	{
		static const char odd[] = "v\xff\x1bg { extent_size = 8 }";
		struct err e2 ERR_AUTO = ERR_INIT;
		assert_int_equal(lvm_meta_parse(odd, sizeof odd - 1, &vg, &e2), 0);
		assert_string_equal(vg.name, "v??g");
		lvm_vg_free(&vg);
	}
}

static void
test_meta_damaged(void **state)
{
	static const char *bad[] = {
		"vg0 { extent_size = 8 ",                 /* not closed */
		"vg0 { extent_size = 8 x = [\"a\", }",    /* a list not closed */
		"vg0 { extent_size = 8 } }",              /* closes nothing */
		"vg0 { id = \"abc }",                     /* a string not closed */
		"contents = \"x\"",                       /* no volume group */
		"vg0 { seqno = 1 }",                      /* no extent size */
		"vg0 { = 1 }",                            /* no name */
		"vg0 { a b }",                            /* neither { nor = */
		"vg0 { extent_size = 99999999999999999999999 }", /* not a number: no extent size */
		"vg0 { \"quoted\" { } }",                  /* a string where a name goes */
	};
	char deep[200];
	struct lvm_vg vg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e ERR_AUTO = ERR_INIT;
		assert_int_equal(lvm_meta_parse(bad[i], strlen(bad[i]), &vg, &e), -1);
		assert_non_null(strstr(err_msg(&e), i == 4 ? "no volume group" : i == 5 || i == 8 ? "no extent size" : "metadata line"));
		assert_null(vg.lvs);
	}
	for (i = 0; i < 40; i++)
		memcpy(deep + i * 4, "a { ", 4);
	{
		struct err e ERR_AUTO = ERR_INIT;
		assert_int_equal(lvm_meta_parse(deep, 160, &vg, &e), -1);
		assert_non_null(strstr(err_msg(&e), "nest too deep"));
	}
}

static uint32_t
lcrc(const uint8_t *p, size_t n)
{
	return lvm_crc(p, n);
}

/*
 * A disk: MBR partition 1 (type 0x8e) at 1 MiB, 24 MiB, one PV: label in
 * its sector 1, a metadata area at 4 KiB of 64 KiB whose text starts 100
 * bytes before the area's end (so it wraps), extents of 1 MiB from 1 MiB.
 */
#define DISK (26u << 20)
#define PV   (1u << 20)
static uint8_t *
make_disk(int wrap, int break_label, int break_text)
{
	uint8_t *d = calloc(1, DISK), *sec, *h;
	size_t n = sizeof meta, area = 64 << 10, off = wrap ? area - 100 : 512, first;
	uint32_t k;

	/* MBR: one slot, type 0x8e */
	d[446 + 4] = 0x8e;
	put_le32(d + 446 + 8, PV / 512);
	put_le32(d + 446 + 12, (DISK - PV) / 512);
	d[510] = 0x55, d[511] = 0xAA;
	sec = d + PV + 512;
	memcpy(sec, "LABELONE", 8);
	sec[8] = 1;
	put_le32(sec + 20, 32);
	memcpy(sec + 24, "LVM2 001", 8);
	memcpy(sec + 32, "PVPVPV0000111122223333444455555", 31);
	sec[32 + 31] = '5';
	put_le32(sec + 72, 0), sec[72 + 2] = 0x10; /* data area at 1 MiB (0x100000) */
	/* metadata area list after the data list's zero pair: at 4096, 64 KiB */
	sec[104 + 1] = 0x10;
	put_le32(sec + 112, (uint32_t)area);
	put_le32(sec + 16, lcrc(sec + 20, 512 - 20));
	if (break_label)
		sec[300] ^= 1;
	/* the area: its header, then the text in the ring */
	h = d + PV + 4096;
	memcpy(h + 4, " LVM2 x[5A%r0N*>", 16);
	put_le32(h + 20, 1);
	h[24 + 1] = 0x10;
	put_le32(h + 32, (uint32_t)area);
	put_le32(h + 40, (uint32_t)off);
	put_le32(h + 48, (uint32_t)n);
	first = n < area - off ? n : area - off;
	memcpy(h + off, meta, first);
	memcpy(h + 512, meta + first, n - first);
	k = lcrc((const uint8_t *)meta, n);
	put_le32(h + 56, break_text ? k ^ 1 : k);
	put_le32(h, lcrc(h + 4, 508));
	/* extents: "A" at pv extent 5 and 6 (LV extents 0-1), "B" at pv extent 0 (LV extent 2) */
	memset(d + PV + (1u << 20) + 5 * (1u << 20), 'A', 2u << 20);
	memset(d + PV + (1u << 20), 'B', 1u << 20);
	return d;
}

static void
test_scan(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct part_table t;
	struct reader *disk, *lv;
	uint8_t b[4];
	int wrap;

	(void)state;
	for (wrap = 0; wrap < 2; wrap++) {
		uint8_t *d = make_disk(wrap, 0, 0);
		disk = reader_mem_open(d, DISK, "disk", &e);
		assert_int_equal(part_scan(disk, volume_probe_buf, &t, &e), 0);
		assert_int_equal(t.n, 3); /* the PV, root, thin (the hidden volume is not listed) */
		assert_int_equal(t.v[0].scheme, SCHEME_MBR);
		assert_int_equal(t.v[1].scheme, SCHEME_LVM);
		assert_int_equal(t.v[1].idx, 2);
		assert_string_equal(t.v[1].name, "vg0/root");
		assert_string_equal(t.v[1].uuid, "LVLVLV-0000-1111-2222-3333-4444-555555");
		assert_int_equal(t.v[1].nbytes, 3u << 20);
		assert_int_equal(t.v[1].problem[0], 0);
		assert_string_equal(t.v[2].lv, "thin");
		assert_true(t.v[2].unsupported);
		assert_non_null(strstr(t.v[2].problem, "thin"));
		assert_int_equal(t.v[2].nbytes, 4u << 20);
		lv = reader_map_open(disk, &t.runs[t.v[1].run_first], t.v[1].nruns, "root", &e);
		assert_non_null(lv);
		assert_int_equal(lv->size, 3u << 20);
		assert_int_equal(reader_read_full(lv, b, 4, (2u << 20) - 2, &e), 0); /* across two segments */
		assert_memory_equal(b, "AABB", 4);
		reader_close(lv);
		part_table_free(&t);
		reader_close(disk);
		free(d);
	}
}

static void
test_scan_damaged(void **state)
{
	struct err e ERR_AUTO = ERR_INIT;
	struct part_table t;
	struct reader *disk;
	uint8_t *d;

	(void)state;
	d = make_disk(1, 1, 0); /* label checksum broken: no PV, so no volumes */
	disk = reader_mem_open(d, DISK, "disk", &e);
	assert_int_equal(part_scan(disk, volume_probe_buf, &t, &e), 0);
	assert_int_equal(t.n, 1);
	part_table_free(&t);
	reader_close(disk);
	free(d);
	d = make_disk(1, 0, 1); /* text checksum broken: the PV's problem */
	disk = reader_mem_open(d, DISK, "disk", &e);
	assert_int_equal(part_scan(disk, volume_probe_buf, &t, &e), 0);
	assert_int_equal(t.n, 1);
	assert_non_null(strstr(t.v[0].problem, "text checksum mismatch"));
	assert_false(t.v[0].unsupported);
	part_table_free(&t);
	reader_close(disk);
	free(d);
}

static void
test_map_reader(void **state)
{
	static const uint8_t base[16] = "0123456789abcdef";
	struct reader_run ok[] = {{4, 4, 0}, {0, 4, 12}}, gap[] = {{0, 4, 0}, {5, 4, 8}},
	    out[] = {{0, 4, 14}};
	struct err e ERR_AUTO = ERR_INIT;
	struct reader *p = reader_mem_open(base, sizeof base, "p", &e), *m;
	uint8_t b[8];

	(void)state;
	m = reader_map_open(p, ok, 2, "m", &e);
	assert_non_null(m);
	assert_int_equal(reader_read_full(m, b, 8, 0, &e), 0);
	assert_memory_equal(b, "cdef0123", 8);
	assert_int_equal(reader_read(m, b, 8, 6, &e), 2);
	reader_close(m);
	assert_null(reader_map_open(p, gap, 2, "m", &e));
	assert_non_null(strstr(err_msg(&e), "gap"));
	err_clear(&e);
	assert_null(reader_map_open(p, out, 1, "m", &e));
	assert_non_null(strstr(err_msg(&e), "outside"));
	reader_close(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_meta_damaged),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_scan_damaged),
		cmocka_unit_test(test_map_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
