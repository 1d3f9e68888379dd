/* SPDX-License-Identifier: MIT */
/*
 * test_vhdxlog.c: the VHDX log sequence search (img/vhdx_log.c) on logs built in
 * memory per MS-VHDX §2.3: a 4,096-entry run (one pass, where following
 * every run from every entry was cubic), the newest of two runs, a run
 * whose head names another tail, a wrapped run, and the log length at its
 * cap + 1 MiB.  The fixtures (vlog.vhdx, log-replay.vhdx) test the data
 * replay itself end to end.
 */
#include <stdio.h>

#include "testutil.h"
#include "base/bytes.h"
#include "base/crc.h"
#include "img/vhdx_log.h"

#define SECTOR  4096u
#define LOGOFF  (1u << 20)

static const uint8_t guid[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static void put_le64(uint8_t *p, uint64_t v) { put_le32(p, (uint32_t)v); put_le32(p + 4, (uint32_t)(v >> 32)); }

/* A 4 KiB entry with no descriptors at log offset off (a flush entry). */
static void
entry(uint8_t *log, uint32_t off, uint32_t tail, uint64_t seq, uint64_t file_size)
{
	uint8_t *h = log + off;

	memset(h, 0, SECTOR);
	memcpy(h, "loge", 4);
	put_le32(h + 8, SECTOR);
	put_le32(h + 12, tail);
	put_le64(h + 16, seq);
	memcpy(h + 32, guid, 16);
	put_le64(h + 48, file_size);
	put_le64(h + 56, file_size);
	put_le32(h + 4, crc32c(h, SECTOR));
}

struct fixture {
	uint8_t *file;
	size_t size;
	struct vdisk_info info;
};

static void
setup_log(struct fixture *f, uint32_t loglen)
{
	f->size = LOGOFF + (size_t)loglen;
	assert_non_null(f->file = calloc(1, f->size));
	memset(&f->info, 0, sizeof f->info);
	f->info.log_pending = 1;
	memcpy(f->info.log_guid_raw, guid, 16);
	f->info.log_offset = LOGOFF;
	f->info.log_length = loglen;
}

static int
replay(struct fixture *f, struct vhdxlog_result *res)
{
	struct reader *r, *ov = NULL;
	struct err e ERR_AUTO = ERR_INIT;
	int rc;

	assert_non_null(r = reader_mem_open(f->file, f->size, "t.vhdx", &e));
	rc = vhdxlog_replay(r, &f->info, &ov, res, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(res->torn, ov == NULL);
	reader_close(ov);
	reader_close(r);
	return rc;
}

static void
test_long_run(void **state)
{
	const uint32_t n = 4096, loglen = n * SECTOR;
	struct vhdxlog_result res;
	struct fixture f;
	uint32_t i;

	(void)state;
	setup_log(&f, loglen);
	for (i = 0; i < n; i++)
		entry(f.file + LOGOFF, i * SECTOR, 0, 1000 + i, f.size);
	replay(&f, &res);
	assert_int_equal(res.torn, 0);
	assert_int_equal(res.entries_replayed, n);
	assert_true(res.sequence == 1000 + n - 1);
	free(f.file);
}

static void
test_newest_run(void **state)
{
	struct vhdxlog_result res;
	struct fixture f;
	uint8_t *log;

	(void)state;
	setup_log(&f, 1u << 20);
	log = f.file + LOGOFF;
	/* An old run at 0..2 (seq 10..12), a newer one at 64 KiB.. (seq 50..53). */
	entry(log, 0, 0, 10, f.size);
	entry(log, SECTOR, 0, 11, f.size);
	entry(log, 2 * SECTOR, 0, 12, f.size);
	entry(log, 16 * SECTOR, 16 * SECTOR, 50, f.size);
	entry(log, 17 * SECTOR, 16 * SECTOR, 51, f.size);
	entry(log, 18 * SECTOR, 16 * SECTOR, 52, f.size);
	entry(log, 19 * SECTOR, 16 * SECTOR, 53, f.size);
	replay(&f, &res);
	assert_int_equal(res.entries_replayed, 4);
	assert_true(res.sequence == 53);
	/* The newer run's head names a tail that is not in its run: the old run wins. */
	entry(log, 19 * SECTOR, 5 * SECTOR, 53, f.size);
	entry(log, 18 * SECTOR, 5 * SECTOR, 52, f.size);
	entry(log, 17 * SECTOR, 5 * SECTOR, 51, f.size);
	entry(log, 16 * SECTOR, 5 * SECTOR, 50, f.size);
	replay(&f, &res);
	assert_int_equal(res.entries_replayed, 3);
	assert_true(res.sequence == 12);
	/* A gap in the sequence numbers ends a run: 50, 51, then 60. */
	entry(log, 16 * SECTOR, 16 * SECTOR, 50, f.size);
	entry(log, 17 * SECTOR, 16 * SECTOR, 51, f.size);
	entry(log, 18 * SECTOR, 16 * SECTOR, 60, f.size);
	entry(log, 19 * SECTOR, 16 * SECTOR, 61, f.size);
	replay(&f, &res);
	assert_int_equal(res.entries_replayed, 2);
	assert_true(res.sequence == 51);
	free(f.file);
}

static void
test_wrapped_run(void **state)
{
	const uint32_t loglen = 1u << 20, last = loglen - SECTOR;
	struct vhdxlog_result res;
	struct fixture f;
	uint8_t *log;

	(void)state;
	setup_log(&f, loglen);
	log = f.file + LOGOFF;
	/* The run starts in the last sector of the ring and goes on at its start. */
	entry(log, last - SECTOR, last - SECTOR, 7, f.size);
	entry(log, last, last - SECTOR, 8, f.size);
	entry(log, 0, last - SECTOR, 9, f.size);
	entry(log, SECTOR, last - SECTOR, 10, f.size);
	replay(&f, &res);
	assert_int_equal(res.entries_replayed, 4);
	assert_true(res.sequence == 10);
	free(f.file);
}

static void
test_log_length_cap(void **state)
{
	struct vhdxlog_result res;
	struct fixture f;

	(void)state;
	/* VHDXLOG_MAX_LEN + 1 MiB, all inside the file: refused before it is read. */
	setup_log(&f, VHDXLOG_MAX_LEN + (1u << 20));
	entry(f.file + LOGOFF, 0, 0, 1, f.size);
	replay(&f, &res);
	assert_int_equal(res.torn, 1);
	assert_non_null(strstr(res.note, "out of range"));
	/* 256 MiB of 4 KiB entries is the most a sequence can hold. */
	assert_int_equal(VHDXLOG_MAX_ENTRIES, VHDXLOG_MAX_LEN / SECTOR);
	free(f.file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_run),
		cmocka_unit_test(test_newest_run),
		cmocka_unit_test(test_wrapped_run),
		cmocka_unit_test(test_log_length_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
