/* SPDX-License-Identifier: MIT */
/*
 * sweep: damage an image every way the hardening issue lists and inspect
 * each copy in-process (the whole pipeline, inspect_image), from a memfd:
 *
 *   sweep [-t 4K-STEP] [-b BYTE-STEP] [-f FLIPS] [-s SEED] IMAGE...
 *
 *   truncation at every 4 KiB boundary (every STEP-th with -t), at every
 *   byte of the first 64 KiB (every STEP-th with -b), and FLIPS single-bit
 *   flips (default 2,000) at seeded random bits of the image's non-blank
 *   sectors (where the structures are; a flip in zeros of free space tests
 *   nothing), each undone before the next.
 *
 * Each run must end with the report either clean or holding one error: a
 * single line that starts with the image name and then names a layer
 * (sweep_layer below); and the record, with two --key paths, must print in
 * every output mode without a control byte in text or CSV (emit_check.h).  A run over SWEEP_TIMEOUT seconds is a hang; a
 * crash or sanitizer report kills the sweep: in all three cases the image
 * and the damage are printed first.  Exit 0 when every run was clean.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit_check.h"
#include "inspect/inspect.h"

#define SWEEP_TIMEOUT 20
#define BLANK 512

static char current[512];  /* what the run in progress does, for the handlers */
static char scratch[] = "/tmp/hvsweep-XXXXXX"; /* VMDK, E01: they name their own files */

static void
on_signal(int sig)
{
	char msg[600];
	int n = snprintf(msg, sizeof msg, "sweep: %s during %s\n",
	    sig == SIGALRM ? "HANG (timeout)" : "CRASH (signal)", current);

	if (n > 0 && write(2, msg, (size_t)n) < 0)
		_exit(3);
	_exit(sig == SIGALRM ? 4 : 5);
}

/* The layer names an error may start with (after "IMAGE: "). */
static int
sweep_layer(const char *s)
{
	static const char *const layers[] = {
		"VHDX", "VHD", "vhdx", "vhd", "raw", "image", "partition ", "GPT", "MBR", "NTFS",
		"disk", "differencing", "chain", "parent", "regf", "\\Windows", "QCOW", "VMDK", "EWF", "LVM volume",
	};
	size_t i;

	for (i = 0; i < sizeof layers / sizeof layers[0]; i++)
		if (strncmp(s, layers[i], strlen(layers[i])) == 0)
			return 1;
	/* "%llu bytes: too small to be a disk image" */
	return strstr(s, "too small to be a disk image") != NULL;
}

struct tally {
	unsigned long runs, ok, errors, bad;
};

static int
one(int fd, const char *path, const char *name, struct tally *t)
{
	struct image_report r;
	struct opts o;
	size_t pl = strlen(path);
	const char *bad;
	int good = 1;

	memset(&o, 0, sizeof o);
	o.assume_major = o.assume_minor = -1;
	/* --key too: the query path and its output are part of every run */
	o.keys[o.nkeys++] = "SOFTWARE\\Microsoft\\Virtual Machine\\Guest\\Parameters";
	o.keys[o.nkeys++] = "SYSTEM\\CurrentControlSet\\Services\\vmickvpexchange";
	/* every fourth run also cross-checked (libvhdi, libfsntfs and libregf read the damage too),
	 * another fourth with --history (logs, RegBack, shadow copies, free cells, chain levels) */
	o.cross_check = t->runs % 4 == 0;
	o.history = t->runs % 4 == 2;
	memset(&r, 0, sizeof r);
	alarm(SWEEP_TIMEOUT);
	inspect_image(path, &o, &r);
	/* every output mode, as the CLI would print this record */
	if ((bad = emit_check(&r, 1)) != NULL) {
		fprintf(stderr, "sweep: %s: %s: %s\n", name, current, bad);
		t->bad++;
		good = 0;
	}
	alarm(0);
	t->runs++;
	if (r.error == NULL) {
		t->ok++;
	} else {
		t->errors++;
		good = strchr(r.error, '\n') == NULL && strncmp(r.error, path, pl) == 0 &&
		    r.error[pl] == ':' && sweep_layer(r.error + pl + 2);
		if (!good) {
			t->bad++;
			fprintf(stderr, "sweep: %s: %s: error does not name a layer: %s\n", name, current, r.error);
		}
	}
	report_free(&r);
	(void)fd;
	return good;
}

static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int
blank(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0 && p[i] != 0xff)
			return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	unsigned long tstep = 1, bstep = 1, flips = 2000, seed = 1;
	struct tally all = {0};
	int c, i, fail = 0;

	while ((c = getopt(argc, argv, "t:b:f:s:")) != -1) {
		switch (c) {
		case 't': tstep = strtoul(optarg, NULL, 10); break;
		case 'b': bstep = strtoul(optarg, NULL, 10); break;
		case 'f': flips = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: sweep [-t N] [-b N] [-f N] [-s SEED] IMAGE...\n");
			return 2;
		}
	}
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	signal(SIGALRM, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGABRT, on_signal);
	for (i = optind; i < argc; i++) {
		struct tally t = {0};
		struct stat st;
		uint8_t *img;
		size_t n, k, *sec, nsec = 0;
		uint64_t rng = seed * 0x9e3779b97f4a7c15ull + 1;
		char path[256];
		FILE *f;
		int fd;

		if ((f = fopen(argv[i], "rb")) == NULL || fstat(fileno(f), &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		n = (size_t)st.st_size;
		if ((img = malloc(n)) == NULL || fread(img, 1, n, f) != n) {
			perror(argv[i]);
			return 2;
		}
		fclose(f);
		/*
		 * A memfd, named by its /proc path; but a VMDK names its own extent
		 * files and an E01 set is found by name, so each gets a file of its
		 * own name in a scratch folder (a single-segment E01 only).
		 */
		if (strlen(argv[i]) > 5 && (strcmp(argv[i] + strlen(argv[i]) - 5, ".vmdk") == 0 ||
		    strcmp(argv[i] + strlen(argv[i]) - 4, ".E01") == 0)) {
			const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
			snprintf(path, sizeof path, "%s/%.100s", scratch, base);
			fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		} else {
			fd = memfd_create("sweep", 0);
			snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		}
		if (fd < 0) {
			perror(argv[i]);
			return 2;
		}
		/* Truncations: the whole image written once, then cut shorter and shorter. */
		if (pwrite(fd, img, n, 0) != (ssize_t)n)
			return 2;
		for (k = (n / 4096) * 4096 + 4096; k >= 4096; k -= 4096 * tstep) {
			size_t len = k > n ? n : k;
			snprintf(current, sizeof current, "%s cut at %zu bytes", argv[i], len);
			if (ftruncate(fd, (off_t)len) != 0)
				return 2;
			one(fd, path, argv[i], &t);
			if (k < 4096 * tstep)
				break;
		}
		for (k = 65536 < n ? 65536 : n; ; k -= k < bstep ? k : bstep) {
			snprintf(current, sizeof current, "%s cut at %zu bytes", argv[i], k);
			if (ftruncate(fd, (off_t)k) != 0)
				return 2;
			one(fd, path, argv[i], &t);
			if (k == 0)
				break;
		}
		/* Bit flips in the non-blank sectors. */
		if (ftruncate(fd, 0) != 0 || pwrite(fd, img, n, 0) != (ssize_t)n)
			return 2;
		if ((sec = malloc((n / BLANK + 1) * sizeof *sec)) == NULL)
			return 2;
		for (k = 0; k < n; k += BLANK)
			if (!blank(img + k, n - k < BLANK ? n - k : BLANK))
				sec[nsec++] = k;
		for (k = 0; k < flips && nsec > 0; k++) {
			size_t at = sec[xorshift(&rng) % nsec] + xorshift(&rng) % BLANK;
			uint8_t b, bit = (uint8_t)(1u << (xorshift(&rng) % 8));
			if (at >= n)
				at = n - 1;
			b = img[at] ^ bit;
			snprintf(current, sizeof current, "%s with byte 0x%zx xor 0x%02x", argv[i], at, bit);
			if (pwrite(fd, &b, 1, (off_t)at) != 1)
				return 2;
			one(fd, path, argv[i], &t);
			if (pwrite(fd, img + at, 1, (off_t)at) != 1)
				return 2;
		}
		printf("sweep: %s: %lu runs (%lu clean, %lu errors, %lu errors not naming a layer)\n",
		    argv[i], t.runs, t.ok, t.errors, t.bad);
		fflush(stdout);
		all.runs += t.runs;
		all.ok += t.ok;
		all.errors += t.errors;
		all.bad += t.bad;
		fail |= t.bad > 0;
		free(sec);
		free(img);
		close(fd);
		if (strncmp(path, scratch, strlen(scratch)) == 0)
			unlink(path);
	}
	rmdir(scratch);
	printf("sweep: all: %lu runs, %lu clean, %lu errors, %lu bad, 0 crashes, 0 hangs\n", all.runs,
	    all.ok, all.errors, all.bad);
	return fail;
}
