/* SPDX-License-Identifier: MIT */
/*
 * main.c: the command line.  Options -> run each image -> print -> exit code.
 * No format knowledge here.  stdout carries only the report; diagnostics go
 * to stderr as "hvinspect: <context chain>".
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/bfio.h"
#include "facts/catalogue.h"
#include "reg/hive.h"
#include "fs/ntfs.h"
#include "cli/batch.h"
#include "cli/walk.h"
#include "cli/gate.h"
#include "cli/render.h"
#include "report/out.h"
#include "sys/sys.h"
#include "reg/query.h"
#include "reg/regf.h"
#include "vs/vss.h"
#include "img/img.h"
#include "inspect/inspect.h"
#include "base/safe.h"

#define PROG "hvinspect"
#define HVINSPECT_VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_GATE = 1, EXIT_USAGE = 2, EXIT_IMAGE = 3 };

#define USAGE \
	"usage: " PROG " [-o text|json|jsonl|csv] [--json] [-r] [-j N] [--timeout S] [-q]\n" \
	"                 [-R RULE]... [-A X.Y] [-k PATH]... [-n] [-P DIR]... [-C] [--history] [-v] IMAGE...\n" \
	"       " PROG " --hive [-o text|json|jsonl] [--json] [-k PATH]... [-n] [-C] [-v] HIVEFILE...\n" \
	"       " PROG " --from-jsonl FILE [-o text|json|jsonl|csv|html]\n" \
	"       " PROG " -V | -h\n"

static void
help(FILE *f)
{
	fprintf(f, USAGE
	    "\n"
	    "Look inside Windows VM disk images (raw, VHD, VHDX, VMDK, QCOW2, E01), offline and\n"
	    "read-only, and report what Hyper-V's Data Exchange (KVP) service recorded about the\n"
	    "host, the guest's Windows version and IC services, and whether Windows Update would\n"
	    "offer the Nov 2014 integration-components update (KB3004908).\n"
	    "\n"
	    "      --json      print a JSON array, one object per image (keys in README.md)\n"
	    "  -o, --output FMT  text (default), json (= --json), jsonl (one object per line, as\n"
	    "                  each image is done), csv (one row per Windows installation) or\n"
	    "                  html (one self-contained page: counts, charts, a row per installation)\n"
	    "      --from-jsonl FILE  print the records of an earlier -o jsonl run (FILE, or -\n"
	    "                  for standard input) in the -o form: no image is read\n"
	    "  -j, --jobs N    inspect N images at once (default: the number of CPUs); each image\n"
	    "                  runs in its own process, so a crash costs that image only\n"
	    "      --timeout S  give up on an image after S seconds (default 60; 0: never)\n"
	    "  -r, --recursive  a folder means the .vhd .vhdx .avhd .avhdx .img .raw .qcow2 .qcow .vmdk .E01\n"
	    "                  files below it (a VMDK's extents go with their descriptor);\n"
	    "                  a checkpoint chain is reported once, from its newest child\n"
	    "  -q, --quiet     no progress line (it shows only when stderr is a terminal)\n"
	    "  -k, --key PATH  also print this registry key of each Windows installation, e.g.\n"
	    "                  'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' (hives: SOFTWARE,\n"
	    "                  SYSTEM, SAM, SECURITY, DEFAULT; CurrentControlSet is resolved);\n"
	    "                  with --hive, PATH is relative to the hive's root (repeatable)\n"
	    "  -H, --hive      the arguments are bare hive files, not disk images; their\n"
	    "                  .LOG1/.LOG2/.LOG beside them are replayed when the hive is dirty\n"
	    "  -n, --no-log-replay  read dirty hives as they are on disk (no log replay)\n"
	    "  -A, --assume-host X.Y  judge ICs and Windows Update as if the VM ran on host NT X.Y\n"
	    "                  (6.0, 6.1, 6.2, 6.3, 6.4 = Technical Preview, 10.0 = 2016 and later)\n"
	    "  -R, --require RULE  exit 1 unless every Windows installation meets RULE: kvp,\n"
	    "                  host>=X.Y, host=X.Y, offered, not-offered, ic-current, no-spoof,\n"
	    "                  clean (no warnings), cross-check (with -C: every fact agreed)\n"
	    "                  (repeatable)\n"
	    "  -P, --parent-dir DIR  where parents of differencing disks (.avhdx, .avhd) may be,\n"
	    "                  besides the child's own folder; only file names are taken from\n"
	    "                  the disk's parent locators (repeatable)\n"
	    "  -C, --cross-check  read every reported fact a second time through the libyal stack\n"
	    "                  (libvhdi where it is sound, libfsntfs's own path lookup, libregf)\n"
	    "                  and compare: agreed, disagreed (a warning), not checked\n"
	    "      --history   also every host the disk still shows, oldest first: checkpoint\n"
	    "                  levels, hive-log states, RegBack, shadow copies, free hive cells\n"
	    "  -v, --verbose   on errors, also print the libraries' full backtraces\n"
	    "  -V, --version   print versions (hvinspect and the libraries) and exit\n"
	    "  -h, --help      print this help and exit\n"
	    "\n"
	    "Text and CSV output show control, C1 and bidi characters read from an image\n"
	    "escaped (\\x1b, \\u202e); JSON keeps the exact data.\n"
	    "\n"
	    "exit status: 0 every image inspected (and every --require met); 1 a --require failed;\n"
	    "             2 usage error;\n"
	    "             3 at least one image could not be inspected, or part of one could not\n"
	    "               be read (the others, and every fact that could be read, still reported)\n"
	    "             4 the report could not be written (standard output: write error)\n");
}

static int
usage(const char *fmt, ...)
{
	char why[600], *esc;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	esc = safe_dup(why, 0);
	fprintf(stderr, PROG ": %s\n", esc ? esc : why);
	free(esc);
	fputs(USAGE "(" PROG " --help for more)\n", stderr);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	static const struct option lopts[] = {
		/* not for users: the image a child process inspects (sys/win.c starts children so) */
		{"x-child", required_argument, NULL, 'X'},
		{"x-cross-check-died", required_argument, NULL, 'Y'},
		{"json", no_argument, NULL, 'J'},
		{"output", required_argument, NULL, 'o'},
		{"jobs", required_argument, NULL, 'j'},
		{"recursive", no_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"timeout", required_argument, NULL, 'T'},
		{"key", required_argument, NULL, 'k'},
		{"hive", no_argument, NULL, 'H'},
		{"no-log-replay", no_argument, NULL, 'n'},
		{"parent-dir", required_argument, NULL, 'P'},
		{"assume-host", required_argument, NULL, 'A'},
		{"require", required_argument, NULL, 'R'},
		{"cross-check", no_argument, NULL, 'C'},
		{"history", no_argument, NULL, 'I'},
		{"from-jsonl", required_argument, NULL, 'F'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static struct job j;
	int cpus = sys_ncpus();
	int c, i, jobs = cpus > BATCH_MAX_JOBS ? BATCH_MAX_JOBS : cpus, timeout = 60;
	struct err e;
	char tail, **paths;
	int recurse = 0, np, rc, gates = 0, assume = 0;
	const char *child = NULL, *xc_died = NULL, *from = NULL;

	sys_init(argc, argv);
	j.em = &emit_text;
	j.o.assume_major = j.o.assume_minor = -1;
	opterr = 0; /* our usage() says it, once */
	while ((c = getopt_long(argc, argv, ":o:j:rqk:HnP:A:R:CvVh", lopts, NULL)) != -1) {
		switch (c) {
		case 'J': j.em = &emit_json; break;
		case 'o':
			if ((j.em = emitter_named(optarg)) == NULL)
				return usage("-o takes text, json, jsonl, csv or html");
			break;
		case 'j':
			if (sscanf(optarg, "%d%c", &jobs, &tail) != 1 || jobs < 1 || jobs > BATCH_MAX_JOBS)
				return usage("-j takes a number of jobs from 1 to 64");
			break;
		case 'r': recurse = 1; break;
		case 'q': j.quiet = 1; break;
		case 'T':
			if (sscanf(optarg, "%d%c", &timeout, &tail) != 1 || timeout < 0 || timeout > 86400)
				return usage("--timeout takes seconds from 0 (none) to 86400");
			break;
		case 'k':
			if (j.o.nkeys == QUERY_MAX_KEYS)
				return usage("too many --key options");
			j.o.keys[j.o.nkeys++] = optarg;
			break;
		case 'H': j.hive = 1; break;
		case 'n': j.o.no_replay = 1; break;
		case 'A': {
			int a, b;
			if (sscanf(optarg, "%d.%d%c", &a, &b, &tail) != 2 || a < 0 || a > 99 || b < 0 || b > 99 ||
			    cat_host(a, b) == NULL)
				return usage("--assume-host %s: not a Hyper-V host version (6.0, 6.1, 6.2, 6.3, 6.4, 10.0)",
				    optarg);
			j.o.assume_major = a;
			j.o.assume_minor = b;
			assume = 1;
			break;
		}
		case 'R':
			if (j.ngates == GATE_MAX)
				return usage("too many --require options");
			if (gate_parse(optarg, &j.gates[j.ngates], &e) != 0)
				return usage("%s", e.msg);
			j.ngates++;
			gates = 1;
			break;
		case 'P':
			if (j.o.img.nparent_dirs == IMG_MAX_DIRS)
				return usage("too many --parent-dir options");
			j.o.img.parent_dirs[j.o.img.nparent_dirs++] = optarg;
			break;
		case 'v': j.verbose = 1; break;
		case 'V': {
			char libs[256];
			image_lib_versions(libs, sizeof libs);
			printf(PROG " %s (%s, libregf %s, %s%s linked in; libfsntfs %s, libbfio %s, jansson %s; hive and "
			    "NTFS index readers: our own, libregf for --cross-check)\n", HVINSPECT_VERSION, libs,
			    regf_lib_version(), vss_lib_version() ? "libvshadow " : "no libvshadow",
			    vss_lib_version() ? vss_lib_version() : "", ntfs_lib_version(), bfio_lib_version(),
			    out_json_lib_version());
			return EXIT_OK;
		}
		case 'h': help(stdout); return EXIT_OK;
		case 'X': child = optarg; break;
		case 'Y': xc_died = optarg; break;
		case 'C': j.o.cross_check = 1; break;
		case 'I': j.o.history = 1; break;
		case 'F': from = optarg; break;
		case ':':
			return usage("option %s needs a value", argv[optind - 1]);
		default:
			if (optopt != 0)
				return usage("unknown option -%c", optopt);
			return usage("unknown option %s", argv[optind - 1]);
		}
	}
	if (j.o.history && j.em == &emit_csv)
		j.em = &emit_csv_history;
	for (i = 0; i < (int)j.ngates; i++)
		if (j.gates[i].needs_cross_check && !j.o.cross_check)
			return usage("--require %s judges --cross-check's findings: give --cross-check too",
			    j.gates[i].text);
	if (j.hive && (gates || recurse || assume || j.o.history))
		return usage("--hive reads bare hive files: %s does not apply to them",
		    gates ? "--require" : recurse ? "-r" : assume ? "--assume-host" : "--history");
	if (child != NULL) {
		/* an emitter that needs whole reports gets them from the children as JSON lines */
		if (j.em->from_json)
			j.em = &emit_jsonl;
		return job_one(&j, child, xc_died, stdout, stderr);
	}
	if (from != NULL) {
		if (argc - optind > 0 || recurse || gates || assume || j.hive || j.o.nkeys || j.o.cross_check ||
		    j.o.history || j.o.img.nparent_dirs || j.o.no_replay)
			return usage("--from-jsonl prints the records of an earlier run: give it no image and no "
			    "option that inspects (-r, -k, -R, -A, -C, --history, -P, -n, --hive)");
		return render_jsonl(from, j.em);
	}
	if (argc - optind <= 0)
		return usage("no image given");
	for (i = 0; !j.hive && i < (int)j.o.nkeys; i++) {
		const char *rest;
		if (query_hive_of(j.o.keys[i], &rest) == NULL)
			return usage("--key PATH must start with a hive: SOFTWARE, SYSTEM, SAM, SECURITY "
			    "or DEFAULT (optionally after HKLM\\)");
	}
	if (j.hive && !j.em->hive_ok)
		return usage("-o %s describes disk images, not --hive files", j.em->name);
	if (walk_paths(argv + optind, argc - optind, recurse && !j.hive, &j.o.img, &paths, &np, &e) != 0) {
		char *esc = safe_dup(e.msg, 0);
		fprintf(stderr, PROG ": %s\n", esc ? esc : e.msg);
		free(esc);
		return EXIT_IMAGE;
	}
	if (np == 0) {
		walk_free(paths, np);
		return usage("no image found");
	}
	rc = batch_run(&j, paths, np, jobs, timeout);
	walk_free(paths, np);
	return rc;
}
