/* SPDX-License-Identifier: MIT */
/*
 * test_ntfs.c: our $I30 index walk (src/ntfs_index.c) against libfsntfs, a
 * reader we did not write.  On every NTFS volume of the fixture images and
 * of the corpus (when present), every file and directory libfsntfs lists
 * (recursively) is looked up by path with ntidx_lookup, as stored and
 * upper-cased; both must name the same MFT entry.  Names that do not exist
 * must come back 0.  Then ntfs_open_file must have taken the fast path.
 */
#include <stdio.h>
#include <unistd.h>
#include <libfsntfs.h>

#include "testutil.h"
#include "base/bytes.h"
#include "io/bfio.h"
#include "img/img.h"
#include "fs/ntfs.h"
#include "fs/ntfs_index.h"
#include "fs/volume.h"
#include "vs/part.h"

#define OUT "fixtures/out/"
#define MAX_ENTRIES 20000

static unsigned total_checked;

struct walk {
	struct ntidx *x;
	unsigned      checked, upper, dirs;
};

/* ASCII upper case of s, in place. */
static void
upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 32);
}

static void
walk(struct walk *w, libfsntfs_file_entry_t *fe, const char *path, int depth)
{
	libfsntfs_error_t *le = NULL;
	int n = 0, i;

	if (depth > 12 || libfsntfs_file_entry_get_number_of_sub_file_entries(fe, &n, &le) != 1) {
		libfsntfs_error_free(&le);
		return;
	}
	w->dirs += n > 0;
	for (i = 0; i < n && w->checked < MAX_ENTRIES; i++) {
		libfsntfs_file_entry_t *sub = NULL;
		uint64_t ref = 0, mft = 0;
		char name[1024], p[4096];
		struct err e ERR_AUTO = ERR_INIT;
		int rc;

		assert_int_equal(libfsntfs_file_entry_get_sub_file_entry_by_index(fe, i, &sub, &le), 1);
		assert_int_equal(libfsntfs_file_entry_get_utf8_name(sub, (uint8_t *)name, sizeof name, &le), 1);
		assert_int_equal(libfsntfs_file_entry_get_file_reference(sub, &ref, &le), 1);
		snprintf(p, sizeof p, "%s\\%s", path, name);
		rc = ntidx_lookup(w->x, p, &mft, &e);
		if (rc != 1 || mft != (ref & 0xffffffffffffull))
			fail_msg("%s: ours rc %d entry %llu (%s), libfsntfs entry %llu", p, rc,
			    (unsigned long long)mft, rc < 0 ? err_msg(&e) : "", (unsigned long long)(ref & 0xffffffffffffull));
		w->checked++;
		upper(p);
		if (ntidx_lookup(w->x, p, &mft, &e) == 1 && mft == (ref & 0xffffffffffffull))
			w->upper++;
		else if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_$ ") == strlen(name))
			fail_msg("%s: not found upper-cased", p); /* ASCII names must fold */
		snprintf(p, sizeof p, "%s\\%s", path, name);
		if (name[0] != '$' || depth > 0)
			walk(w, sub, p, depth + 1);
		libfsntfs_file_entry_free(&sub, &le);
	}
}

/* Check every NTFS volume of image path; returns volumes checked. */
static unsigned
check_image(const char *path)
{
	struct image_info info;
	struct part_table t;
	struct image *im;
	struct err e ERR_AUTO = ERR_INIT;
	unsigned vols = 0;
	size_t i;

	if ((im = image_open(path, NULL, &info, &e)) == NULL)
		fail_msg("%s: %s", path, err_msg(&e));
	assert_int_equal(part_scan(image_reader(im), volume_probe_buf, &t, &e), 0);
	for (i = 0; i < t.n; i++) {
		libfsntfs_error_t *le = NULL;
		libfsntfs_volume_t *v = NULL;
		libfsntfs_file_entry_t *root = NULL;
		struct reader *vol;
		struct bfio *b;
		struct walk w = {0};
		uint64_t mft;
		char sig[8];

		if (t.v[i].problem[0] || (vol = reader_sub_open(image_reader(im), t.v[i].first_byte,
		    t.v[i].nbytes, "vol", &e)) == NULL)
			continue;
		if (reader_read_full(vol, sig, 8, 3, &e) != 0 || memcmp(sig, "NTFS    ", 8) != 0) {
			reader_close(vol);
			continue;
		}
		assert_non_null(w.x = ntidx_open(vol, &e));
		assert_non_null(b = bfio_open(vol, &e));
		assert_int_equal(libfsntfs_volume_initialize(&v, &le), 1);
		assert_int_equal(libfsntfs_volume_open_file_io_handle(v, bfio_handle(b), LIBFSNTFS_OPEN_READ, &le), 1);
		assert_int_equal(libfsntfs_volume_get_root_directory(v, &root, &le), 1);
		walk(&w, root, "", 0);
		assert_int_equal(ntidx_lookup(w.x, "\\no such file", &mft, &e), 0);
		assert_int_equal(ntidx_lookup(w.x, "\\Windows\\no such dir\\x", &mft, &e), 0);
		total_checked += w.checked;
		printf("%s: partition %u: %u names agree with libfsntfs (%u upper-cased too), %u directories\n",
		    path, t.v[i].idx, w.checked, w.upper, w.dirs);
		vols++;
		libfsntfs_file_entry_free(&root, &le);
		libfsntfs_volume_close(v, &le);
		libfsntfs_volume_free(&v, &le);
		bfio_close(b);
		ntidx_close(w.x);
		reader_close(vol);
	}
	part_table_free(&t);
	image_close(im);
	image_info_free(&info);
	return vols;
}

static void
test_fixtures(void **state)
{
	static const char *const imgs[] = {
		OUT "sample.vhdx", OUT "mbr-gen1.vhd", OUT "mbr-ext.vhd", OUT "gpt-fixed.vhdx",
		OUT "gpt-4k.vhdx", OUT "gpt-64k.vhd", OUT "h10-old-ic.vhdx", OUT "bare-ntfs.raw", OUT "mbr-4k.raw",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof imgs / sizeof imgs[0]; i++)
		assert_true(check_image(imgs[i]) > 0);
	assert_true(total_checked > 2600);
}

static void
test_corpus(void **state)
{
	static const char *const imgs[] = {
		"ntfs/testfs1", "dfir_ntfs/ntfs_index.raw.gz", "dfir_ntfs/ntfs3.raw.gz",
		"dissect.hypervisor/dynamic.vhdx.gz", "dissect.hypervisor/dynamic.vhd.gz",
		"dfir_ntfs/gpt-512-3p.raw.gz", "plaso/image.vhd",
	};
	char dir[] = "/tmp/hvtest-ntfs-XXXXXX", src[512], dst[600], cmd[1400];
	size_t i;
	unsigned n = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < sizeof imgs / sizeof imgs[0]; i++) {
		const char *base = strrchr(imgs[i], '/') + 1;
		size_t bl = strlen(base);
		snprintf(src, sizeof src, "../shared/corpus/%s", imgs[i]);
		if (access(src, R_OK) != 0)
			continue;
		if (bl > 3 && strcmp(base + bl - 3, ".gz") == 0) {
			snprintf(dst, sizeof dst, "%s/%.*s", dir, (int)(bl - 3), base);
			snprintf(cmd, sizeof cmd, "gzip -dc '%s' > '%s'", src, dst);
			assert_int_equal(system(cmd), 0);
		} else {
			snprintf(dst, sizeof dst, "%s", src);
		}
		n += check_image(dst);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	if (n == 0)
		skip();
}

/* The pipeline's lookups take the index walk (no fallback) on a fixture. */
static void
test_fast_path(void **state)
{
	struct image_info info;
	struct part_table t;
	struct image *im;
	struct reader *vol, *f;
	struct ntfs *n;
	struct err e ERR_AUTO = ERR_INIT;
	unsigned fast, slow;

	(void)state;
	assert_non_null(im = image_open(OUT "h10-old-ic.vhdx", NULL, &info, &e));
	assert_int_equal(part_scan(image_reader(im), volume_probe_buf, &t, &e), 0);
	assert_non_null(vol = reader_sub_open(image_reader(im), t.v[0].first_byte, t.v[0].nbytes, "v", &e));
	assert_non_null(n = ntfs_open(vol, &e));
	assert_int_equal(ntfs_open_file(n, "\\Windows\\System32\\config\\SOFTWARE", "SOFTWARE", &f, &e), 1);
	reader_close(f);
	assert_int_equal(ntfs_open_file(n, "\\WINDOWS\\system32\\CONFIG\\system", "SYSTEM", &f, &e), 1);
	reader_close(f);
	assert_int_equal(ntfs_open_file(n, "\\Windows\\System32\\config\\NOPE", "x", &f, &e), 0);
	{
		/* NTIDX_MAX_PATH at cap (absent: 0) and cap+1 (ERR_LIMIT). */
		struct ntidx *x = ntidx_open(vol, &e);
		char path[4 * (NTIDX_MAX_PATH + 1) + 1] = "";
		uint64_t mft;
		unsigned i;
		assert_non_null(x);
		for (i = 0; i < NTIDX_MAX_PATH; i++)
			strcat(path, "\\zz");
		assert_int_equal(ntidx_lookup(x, path, &mft, &e), 0);
		strcat(path, "\\zz");
		assert_int_equal(ntidx_lookup(x, path, &mft, &e), -1);
		assert_int_equal(e.code, ERR_LIMIT);
		ntidx_close(x);
	}
	ntfs_lookups(n, &fast, &slow);
	assert_int_equal(fast, 2);
	assert_int_equal(slow, 1); /* an absence is confirmed by libfsntfs */
	ntfs_close(n);
	reader_close(vol);
	part_table_free(&t);
	image_close(im);
	image_info_free(&info);
}

/* $MFT's runlist pointing outside the volume: our reader refuses, the layer fails cleanly. */
static void
test_runlist_outside(void **state)
{
	struct reader *m, *f = NULL;
	struct ntidx *x;
	struct ntfs *n;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t *img, *rec, *a;
	uint64_t cs;
	size_t len = 0;
	FILE *fp;

	(void)state;
	assert_non_null(fp = fopen(OUT "bare-ntfs.raw", "rb"));
	fseek(fp, 0, SEEK_END);
	len = (size_t)ftell(fp);
	rewind(fp);
	assert_non_null(img = malloc(len));
	assert_int_equal(fread(img, 1, len, fp), len);
	fclose(fp);
	cs = (uint64_t)le16(img + 0x0b) * img[0x0d];
	rec = img + le64(img + 0x30) * cs;
	assert_memory_equal(rec, "FILE", 4);
	for (a = rec + le16(rec + 0x14); le32(a) != 0x80; a += le32(a + 4))
		assert_true(le32(a + 4) >= 16 && a < rec + 1024);
	a += le16(a + 0x20); /* the runlist */
	/* Rewrite the first run as length 0x30, LCN 0x7fffff (a 32 GiB offset in a 24 MiB volume). */
	assert_true(a + 6 <= rec + 510);
	memcpy(a, "\x31\x30\xff\xff\x7f\x00", 6);
	/* Found by fuzz_ntfs: a sectors-per-cluster byte of 0xcb meant a shift by 53. */
	img[0x0d] = 0xcb;
	assert_non_null(m = reader_mem_open(img, len, "bad", &e));
	assert_null(x = ntidx_open(m, &e));
	assert_non_null(strstr(err_msg(&e), "bad boot sector"));
	reader_close(m);
	img[0x0d] = (uint8_t)(cs / le16(img + 0x0b));
	assert_non_null(m = reader_mem_open(img, len, "bad", &e));
	assert_null(x = ntidx_open(m, &e));
	if (strstr(err_msg(&e), "outside the volume") == NULL)
		fail_msg("%s", err_msg(&e));
	/* The layer as a whole: refused before libfsntfs reads it (validate first). */
	assert_null(n = ntfs_open(m, &e));
	if (strstr(err_msg(&e), "$MFT: ") == NULL || strstr(err_msg(&e), "outside the volume") == NULL)
		fail_msg("%s", err_msg(&e));
	(void)f;
	reader_close(m);
	free(img);
}

/* Load bare-ntfs.raw and find MFT record idx: the image (caller frees), *rec set. */
static uint8_t *
load_bare(size_t *len, uint64_t idx, uint8_t **rec)
{
	uint8_t *img;
	uint64_t cs;
	FILE *fp;

	assert_non_null(fp = fopen(OUT "bare-ntfs.raw", "rb"));
	fseek(fp, 0, SEEK_END);
	*len = (size_t)ftell(fp);
	rewind(fp);
	assert_non_null(img = malloc(*len));
	assert_int_equal(fread(img, 1, *len, fp), *len);
	fclose(fp);
	cs = (uint64_t)le16(img + 0x0b) * img[0x0d];
	/* mkntfs's $MFT is contiguous from its first cluster: record idx is idx KiB in */
	*rec = img + le64(img + 0x30) * cs + idx * 1024;
	assert_memory_equal(*rec, "FILE", 4);
	return img;
}

/*
 * Validate first.  Found by fuzz_ntfs: libfsntfs 20200921 opened a volume
 * whose $UpCase record had a bad attribute length, then dereferenced NULL in
 * its index-node search.  Damage our walk sees is an error naming the
 * structure, and libfsntfs never gets the volume or the lookup.
 */
static void
test_validate_first(void **state)
{
	static const char sw[] = "\\Windows\\System32\\config\\SOFTWARE";
	struct reader *m, *f = NULL;
	struct ntfs *n;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t *img, *rec;
	unsigned fast, slow;
	size_t len;

	(void)state;
	img = load_bare(&len, 10, &rec); /* $UpCase */
	rec[le16(rec + 0x14) + 4] = 0x13; /* first attribute: length 0x13, not a multiple of 8 */
	assert_non_null(m = reader_mem_open(img, len, "bad", &e));
	assert_null(n = ntfs_open(m, &e));
	if (strcmp(err_msg(&e), "$UpCase: bad attribute length") != 0)
		fail_msg("%s", err_msg(&e));
	reader_close(m);
	free(img);

	img = load_bare(&len, 66, &rec); /* \Windows\System32 */
	rec[510] ^= 0xff; /* the first sector's update sequence check no longer matches */
	assert_non_null(m = reader_mem_open(img, len, "bad", &e));
	assert_non_null(n = ntfs_open(m, &e));
	assert_int_equal(ntfs_open_file(n, sw, "SOFTWARE", &f, &e), -1);
	if (strstr(err_msg(&e), "SOFTWARE: MFT entry 66: FILE record: torn write") == NULL)
		fail_msg("%s", err_msg(&e));
	ntfs_lookups(n, &fast, &slow);
	assert_int_equal(fast + slow, 0); /* neither path reached libfsntfs */
	ntfs_close(n);
	reader_close(m);
	free(img);
}

/*
 * An index node whose last entry points back at the node itself: the walk
 * stops at NTIDX_MAX_DEPTH with an error (a cycle or damage: no B-tree of a
 * real directory is 32 levels deep), and libfsntfs is not asked.
 */
static void
test_index_cycle(void **state)
{
	struct reader *m, *f = NULL;
	struct ntidx *x;
	struct ntfs *n;
	struct err e ERR_AUTO = ERR_INIT;
	uint8_t *img, *rec, *a, *node, *p, *end;
	uint64_t cs, mft;
	unsigned fast, slow;
	size_t len;

	(void)state;
	img = load_bare(&len, 5, &rec); /* the root directory */
	cs = (uint64_t)le16(img + 0x0b) * img[0x0d];
	for (a = rec + le16(rec + 0x14); le32(a) != 0xa0; a += le32(a + 4)) /* $INDEX_ALLOCATION */
		assert_true(le32(a) != 0xffffffff && le32(a + 4) >= 16 && a < rec + 1024);
	a += le16(a + 0x20); /* its runlist: one run, its LCN */
	assert_true((a[0] & 15) == 1 && (a[0] >> 4) >= 1 && (a[0] >> 4) <= 4);
	{
		uint64_t lcn = 0;
		unsigned i, nl = a[0] >> 4;
		for (i = 0; i < nl; i++)
			lcn |= (uint64_t)a[2 + i] << (8 * i);
		node = img + lcn * cs;
	}
	assert_memory_equal(node, "INDX", 4);
	p = node + 0x18 + le32(node + 0x18);
	end = node + 0x18 + le32(node + 0x1c);
	while (p < end && !(le16(p + 12) & 2)) /* to the last entry (IE_LAST) */
		p += le16(p + 8);
	/* the 8 more bytes must not reach a sector's last two (the update sequence) */
	assert_true(p < end && le16(p + 8) == 16 && (size_t)(p - node) % 512 + 24 <= 510);
	/* Give it a subnode: VCN 0, this very node. */
	put_le32(p + 8, 24);             /* entry length 24, key length 0 */
	put_le32(p + 12, 3);             /* IE_SUBNODE | IE_LAST */
	memset(p + 16, 0, 8);            /* VCN 0 */
	put_le32(node + 0x1c, le32(node + 0x1c) + 8);
	node[0x24] = 1;                  /* the node has children */
	assert_non_null(m = reader_mem_open(img, len, "cycle", &e));
	assert_non_null(x = ntidx_open(m, &e));
	assert_int_equal(ntidx_lookup(x, "\\Windows", &mft, &e), 1); /* found before the last entry */
	assert_int_equal(ntidx_lookup(x, "\\zzz", &mft, &e), -1);    /* after every name: down the cycle */
	assert_int_equal(e.code, ERR_FORMAT);
	if (strstr(err_msg(&e), "cannot be followed (depth 31") == NULL)
		fail_msg("%s", err_msg(&e));
	ntidx_close(x);
	assert_non_null(n = ntfs_open(m, &e));
	assert_int_equal(ntfs_open_file(n, "\\zzz", "z", &f, &e), -1);
	ntfs_lookups(n, &fast, &slow);
	assert_int_equal(fast + slow, 0);
	ntfs_close(n);
	reader_close(m);
	free(img);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_fast_path),
		cmocka_unit_test(test_runlist_outside),
		cmocka_unit_test(test_validate_first),
		cmocka_unit_test(test_index_cycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
