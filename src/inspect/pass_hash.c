/* SPDX-License-Identifier: MIT */
/*
 * pass_hash.c: --hash sha256 (pass_hash.h).  An examiner fingerprints the
 * evidence as it is read: every file the image reads, sequentially, in
 * blocks of HASH_BLOCK, straight from the host file (no cache: each byte
 * once).  It costs a whole read of every file (the bench measures it), so it
 * is a pass of its own, with a --timeout of its own (cli/batch.c).
 */
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "base/strv.h"
#include "inspect/pass_hash.h"
#include "sys/sys.h"

#define HASH_BLOCK (1u << 20)

/* path's SHA-256 into hex: 0, or -1 with why (a sentence fragment) in why[0..n). */
static int
hash_file(const char *path, char hex[65], uint8_t *buf, char *why, size_t n)
{
	struct sys_file *f;
	struct sha256 s;
	uint64_t size, off = 0;
	long long got;

	if ((f = sys_file_open(path, &size, why, n)) == NULL)
		return -1;
	sha256_init(&s);
	while ((got = sys_file_read(f, buf, HASH_BLOCK, off, why, n)) > 0) {
		sha256_add(&s, buf, (size_t)got);
		off += (uint64_t)got;
	}
	sys_file_close(f);
	if (got < 0)
		return -1;
	if (off != size) {
		snprintf(why, n, "read %llu of its %llu bytes (it changed while being read)", (unsigned long long)off,
		    (unsigned long long)size);
		return -1;
	}
	sha256_hex(&s, hex);
	return 0;
}

void
pass_hash(const struct opts *o, struct image_report *r)
{
	uint8_t *buf;
	char why[256];
	size_t i;

	if (o->hash_failed != NULL) {
		warn_add(&r->warn, W_HASH_FAILED, "%s", o->hash_failed);
		return;
	}
	if ((buf = malloc(HASH_BLOCK)) == NULL) {
		warn_add(&r->warn, W_NO_MEMORY, "--hash: out of memory");
		return;
	}
	/* a file that is no image we read (refused, unreadable) is still evidence: itself */
	if (r->image.nfiles == 0 && (r->image.files = calloc(1, sizeof *r->image.files)) != NULL &&
	    (r->image.files[0].path = strdup(r->path)) != NULL) {
		r->image.nfiles = 1;
		if (sys_file_stat(r->path, &r->image.files[0].size, &r->image.files[0].mtime) != 0) {
			r->image.files[0].size = -1;
			r->image.files[0].mtime = INT64_MIN;
		}
	}
	for (i = 0; i < r->image.nfiles; i++) {
		struct disk_file *df = &r->image.files[i];
		if (hash_file(df->path, df->sha256, buf, why, sizeof why) != 0) {
			df->sha256[0] = '\0';
			warn_add(&r->warn, W_HASH_FAILED, "--hash: %s: %s", df->path, why);
		}
	}
	free(buf);
}
