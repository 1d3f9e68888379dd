/* SPDX-License-Identifier: MIT */
/*
 * test_folders.c: -r's walk (cli/walk.c) at its file cap.  100,002 empty
 * .raw files beside a real image: the first WALK_MAX_FILES in name order are
 * kept (the image among them), and the rest are counted in a note, never
 * the whole walk refused (it once reported nothing at all).  No image is
 * inspected here: 100,000 children would take minutes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "cli/walk.h"

static char dir[64];

static void
make_files(void)
{
	char p[128];
	int i, fd;

	snprintf(dir, sizeof dir, "/tmp/hvinspect-walk.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/a.raw", dir);
	assert_true((fd = open(p, O_WRONLY | O_CREAT, 0644)) >= 0);
	close(fd);
	for (i = 0; i < WALK_MAX_FILES + 1; i++) {
		snprintf(p, sizeof p, "%s/f%06d.raw", dir, i);
		assert_true((fd = open(p, O_WRONLY | O_CREAT, 0644)) >= 0);
		close(fd);
	}
}

/* The group's teardown: runs when the test failed too (cmocka). */
static int
remove_files(void **state)
{
	char p[128];
	int i;

	(void)state;
	if (dir[0] == '\0')
		return 0;
	snprintf(p, sizeof p, "%s/a.raw", dir);
	unlink(p);
	for (i = 0; i < WALK_MAX_FILES + 1; i++) {
		snprintf(p, sizeof p, "%s/f%06d.raw", dir, i);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

static void
test_file_cap_keeps_the_first(void **state)
{
	struct image_opts io;
	struct walk_notes notes = {NULL, 0, 0};
	struct err e ERR_AUTO = ERR_INIT;
	char *args[1] = {dir}, **out = NULL, want[256];
	int n = 0;

	(void)state;
	memset(&io, 0, sizeof io);
	make_files();
	assert_int_equal(walk_paths(args, 1, 1, 0, &io, &out, &n, &notes, &e), 0);
	assert_int_equal(n, WALK_MAX_FILES);
	snprintf(want, sizeof want, "%s/a.raw", dir);
	assert_string_equal(out[0], want);
	snprintf(want, sizeof want, "%s/f%06d.raw", dir, WALK_MAX_FILES - 2);
	assert_string_equal(out[n - 1], want);
	assert_int_equal(notes.n, 1);
	assert_string_equal(notes.v[0], "more than 100000 image files: the first 100000 found (in name order) are "
	    "inspected, 2 left out");
	walk_free(out, n);
	walk_notes_free(&notes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_cap_keeps_the_first),
	};

	return cmocka_run_group_tests(tests, NULL, remove_files);
}
