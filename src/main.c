/* SPDX-License-Identifier: MIT */
/*
 * main.c: the command line.  Options -> run each image -> print -> exit code.
 * No format knowledge here.  stdout carries only the report; diagnostics go
 * to stderr as "hvinspect: <context chain>".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hive.h"
#include "ntfs.h"
#include "gate.h"
#include "out.h"
#include "query.h"
#include "rd_vhdi.h"
#include "run.h"

#define PROG "hvinspect"
#define HVINSPECT_VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_GATE = 1, EXIT_USAGE = 2, EXIT_IMAGE = 3 };

static void
help(FILE *f)
{
	fprintf(f,
	    "usage: " PROG " [--json] [-v] [--key PATH]... [--no-log-replay] IMAGE...\n"
	    "       " PROG " --hive [--json] [--key PATH]... [--no-log-replay] HIVEFILE...\n"
	    "\n"
	    "Look inside Windows VM disk images (raw, VHD, VHDX), offline and read-only, and\n"
	    "report what Hyper-V's Data Exchange (KVP) service recorded about the host, the\n"
	    "guest's Windows version and IC services, and whether Windows Update would offer\n"
	    "the Nov 2014 integration-components update (KB3004908).\n"
	    "\n"
	    "  -j, --json      print a JSON array, one object per image (keys in README.md)\n"
	    "  -o, --output FMT  text (default), json (= --json), jsonl (one object per line, as\n"
	    "                  each image is done) or csv (one row per Windows installation)\n"
	    "  -k, --key PATH  also print this registry key of each Windows installation, e.g.\n"
	    "                  'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' (hives: SOFTWARE,\n"
	    "                  SYSTEM, SAM, SECURITY, DEFAULT; CurrentControlSet is resolved);\n"
	    "                  with --hive, PATH is relative to the hive's root (repeatable)\n"
	    "  -H, --hive      the arguments are bare hive files, not disk images; their\n"
	    "                  .LOG1/.LOG2/.LOG beside them are replayed when the hive is dirty\n"
	    "  -n, --no-log-replay  read dirty hives as they are on disk (no log replay)\n"
	    "  -A, --assume-host X.Y  judge ICs and Windows Update as if the VM ran on host NT X.Y\n"
	    "                  (6.3 = 2012 R2, 6.4 = Technical Preview, 10.0 = 2016 and later)\n"
	    "  -R, --require RULE  exit 1 unless every Windows installation meets RULE: kvp,\n"
	    "                  host>=X.Y, host=X.Y, offered, not-offered, ic-current, no-spoof,\n"
	    "                  clean (no warnings) (repeatable)\n"
	    "  -P, --parent-dir DIR  where parents of differencing disks (.avhdx, .avhd) may be,\n"
	    "                  besides the child's own folder; only file names are taken from\n"
	    "                  the disk's parent locators (repeatable)\n"
	    "  -v, --verbose   on errors, also print the libraries' full backtraces\n"
	    "  -V, --version   print versions (hvinspect and the libraries) and exit\n"
	    "  -h, --help      print this help and exit\n"
	    "\n"
	    "exit status: 0 every image inspected (and every --require met); 1 a --require failed;\n"
	    "             2 usage error;\n"
	    "             3 at least one image could not be inspected (the others are still reported)\n");
}

static int
usage(const char *why)
{
	fprintf(stderr, PROG ": %s\n", why);
	fprintf(stderr, "usage: " PROG " [--json] [-v] [--key PATH] IMAGE...   (" PROG " --help for more)\n");
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"key", required_argument, NULL, 'k'},
		{"hive", no_argument, NULL, 'H'},
		{"no-log-replay", no_argument, NULL, 'n'},
		{"parent-dir", required_argument, NULL, 'P'},
		{"assume-host", required_argument, NULL, 'A'},
		{"require", required_argument, NULL, 'R'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct image_report *reps;
	struct gate gates[GATE_MAX];
	struct opts o;
	struct err e;
	size_t ngates = 0;
	int c, verbose = 0, hive = 0, rc = EXIT_OK, gate_failed = 0, i, n;
	enum { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_CSV } fmt = OUT_TEXT;

	memset(&o, 0, sizeof o);
	o.assume_major = o.assume_minor = -1;
	while ((c = getopt_long(argc, argv, "jo:k:HnP:A:R:vVh", lopts, NULL)) != -1) {
		switch (c) {
		case 'j': fmt = OUT_JSON; break;
		case 'o':
			if (strcmp(optarg, "json") == 0)
				fmt = OUT_JSON;
			else if (strcmp(optarg, "jsonl") == 0)
				fmt = OUT_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				fmt = OUT_CSV;
			else if (strcmp(optarg, "text") == 0)
				fmt = OUT_TEXT;
			else
				return usage("-o takes text, json, jsonl or csv");
			break;
		case 'k':
			if (o.nkeys == QUERY_MAX_KEYS)
				return usage("too many --key options");
			o.keys[o.nkeys++] = optarg;
			break;
		case 'H': hive = 1; break;
		case 'n': o.no_replay = 1; break;
		case 'A': {
			int a, b;
			char tail;
			if (sscanf(optarg, "%d.%d%c", &a, &b, &tail) != 2 || a < 0 || a > 99 || b < 0 || b > 99)
				return usage("--assume-host takes an NT version, e.g. 6.3 or 10.0");
			o.assume_major = a;
			o.assume_minor = b;
			break;
		}
		case 'R':
			if (ngates == GATE_MAX)
				return usage("too many --require options");
			if (gate_parse(optarg, &gates[ngates], &e) != 0)
				return usage(e.msg);
			ngates++;
			break;
		case 'P':
			if (o.img.nparent_dirs == CHAIN_MAX_DIRS)
				return usage("too many --parent-dir options");
			o.img.parent_dirs[o.img.nparent_dirs++] = optarg;
			break;
		case 'v': verbose = 1; break;
		case 'V':
			printf(PROG " %s (libvhdi %s, libfsntfs %s, libregf %s)\n", HVINSPECT_VERSION,
			    rd_vhdi_version(), ntfs_lib_version(), hive_lib_version());
			return EXIT_OK;
		case 'h': help(stdout); return EXIT_OK;
		default: return usage("unknown option");
		}
	}
	n = argc - optind;
	if (n <= 0)
		return usage("no image given");
	for (i = 0; !hive && i < (int)o.nkeys; i++) {
		const char *rest;
		if (query_hive_of(o.keys[i], &rest) == NULL)
			return usage("--key PATH must start with a hive: SOFTWARE, SYSTEM, SAM, SECURITY "
			    "or DEFAULT (optionally after HKLM\\)");
	}
	if ((reps = calloc((size_t)n, sizeof *reps)) == NULL) {
		fprintf(stderr, PROG ": out of memory\n");
		return EXIT_IMAGE;
	}
	if (fmt == OUT_CSV) {
		if (hive)
			return usage("-o csv describes disk images, not --hive files");
		out_csv_header(stdout);
	}
	for (i = 0; i < n; i++) {
		if (hive)
			run_hive(argv[optind + i], &o, &reps[i]);
		else
			run_image(argv[optind + i], &o, &reps[i]);
		if (reps[i].error != NULL) {
			fprintf(stderr, PROG ": %s\n", reps[i].error);
			if (verbose && reps[i].trace)
				fprintf(stderr, "%s\n", reps[i].trace);
			rc = EXIT_IMAGE;
		}
		/* Gates judge what was read; an image that could not be read is exit 3 already. */
		if (ngates > 0 && !hive && reps[i].error == NULL) {
			size_t k;
			if (gate_eval(gates, ngates, &reps[i]) != 0)
				gate_failed = 1;
			for (k = 0; k < reps[i].ngates; k++)
				if (!reps[i].gates[k].passed)
					fprintf(stderr, PROG ": %s: --require %s failed: %s\n", argv[optind + i],
					    reps[i].gates[k].rule, reps[i].gates[k].why);
		}
		/* Streams: each image as soon as it is done, then its memory goes. */
		if (fmt == OUT_JSONL || fmt == OUT_CSV) {
			if (fmt == OUT_JSONL && out_jsonl(stdout, &reps[i], o.nkeys > 0) != 0)
				rc = EXIT_IMAGE;
			if (fmt == OUT_CSV)
				out_csv(stdout, &reps[i]);
			report_free(&reps[i]);
		}
	}
	if (fmt == OUT_JSON) {
		if (out_json(stdout, reps, (size_t)n, o.nkeys > 0) != 0) {
			fprintf(stderr, PROG ": cannot write JSON\n");
			rc = EXIT_IMAGE;
		}
	} else if (fmt == OUT_TEXT) {
		out_text(stdout, reps, (size_t)n);
	}
	if (gate_failed && rc == EXIT_OK)
		rc = EXIT_GATE; /* an image that could not be read (3) wins */
	for (i = 0; i < n; i++)
		report_free(&reps[i]);
	free(reps);
	if (fflush(stdout) != 0)
		rc = EXIT_IMAGE;
	return rc;
}
