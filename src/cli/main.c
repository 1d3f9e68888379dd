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

#include "facts/catalogue.h"
#include "facts/sources.h"
#include "cli/batch.h"
#include "cli/walk.h"
#include "cli/gate.h"
#include "cli/keys.h"
#include "cli/render.h"
#include "cli/options.h"
#include "cli/version.h"
#include "report/out.h"
#include "sys/sys.h"
#include "reg/query.h"
#include "img/img.h"
#include "inspect/inspect.h"
#include "base/safe.h"
#include "base/strv.h"

#define PROG "hvinspect"

enum { EXIT_OK = 0, EXIT_GATE = 1, EXIT_USAGE = 2, EXIT_IMAGE = 3 };

static int
usage(const char *fmt, ...)
{
	char *why, *esc;
	va_list ap;

	va_start(ap, fmt);
	why = str_vprintf(fmt, ap); /* at its length: it may quote an argument (a file name) */
	va_end(ap);
	esc = why != NULL ? safe_dup(why, 0) : NULL;
	fprintf(stderr, PROG ": %s\n", esc ? esc : "out of memory");
	free(esc);
	free(why);
	cli_usage(stderr);
	fputs("(" PROG " --help for more)\n", stderr);
	return EXIT_USAGE;
}

/* --keys: the keys, wiped when the program ends (atexit), whichever way it does. */
static struct bde_keys keys;
static void wipe_keys(void) { bde_keys_free(&keys); }

/* The keychain at path ("-": standard input), at most 1 MiB, parsed into *k; its text wiped. */
static int
load_keys(const char *path, struct bde_keys *k, struct err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 1u << 20, n = 0, got;
	char *buf;
	int rc;

	if (f == NULL)
		return err_set(e, ERR_USAGE, "%s: cannot be opened", path);
	if ((buf = malloc(cap)) == NULL) {
		if (f != stdin)
			fclose(f);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	while (n < cap && (got = fread(buf + n, 1, cap - n, f)) > 0)
		n += got;
	rc = n == cap ? err_set(e, ERR_USAGE, "%s: over 1 MiB", path) : ferror(f) ? err_set(e, ERR_IO, "%s: read error",
	    path) : keys_parse(buf, n, strcmp(path, "-") == 0 ? "standard input" : path, k, e);
	safe_wipe(buf, n);
	free(buf);
	if (f != stdin)
		fclose(f);
	return rc;
}

int
main(int argc, char **argv)
{
	static struct cli_getopt g;
	static struct job j;
	static struct run_info run;
	int cpus = sys_ncpus();
	int c, i, jobs = cpus > BATCH_MAX_JOBS ? BATCH_MAX_JOBS : cpus, timeout = 60, memory = BATCH_MEMORY_MIB;
	struct err e ERR_AUTO = ERR_INIT;
	char tail, **paths;
	int recurse = 0, np, rc, gates = 0, assume = 0, walked_short;
	struct walk_notes notes = {NULL, 0, 0};
	const char *child = NULL, *from = NULL, *keys_path = NULL;

	sys_init(argc, argv);
	atexit(wipe_keys);
	j.em = &emit_text;
	j.o.assume_major = j.o.assume_minor = -1;
	cli_getopt_tables(&g);
	opterr = 0; /* our usage() says it, once */
	while ((c = getopt_long(argc, argv, g.shorts, g.lopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: j.em = &emit_json; break;
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
		case OPT_TIMEOUT:
			if (sscanf(optarg, "%d%c", &timeout, &tail) != 1 || timeout < 0 || timeout > 86400)
				return usage("--timeout takes seconds from 0 (none) to 86400");
			break;
		case OPT_MEMORY:
			if (sscanf(optarg, "%d%c", &memory, &tail) != 1 || memory < 0 || memory > (1 << 20))
				return usage("--memory-limit takes mebibytes from 0 (no limit) to 1048576");
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
			if (gate_parse(optarg, &j.gates[j.ngates], &e) != 0) {
				rc = usage("%s", err_msg(&e));
				err_clear(&e);
				return rc;
			}
			j.ngates++;
			gates = 1;
			break;
		case 'P':
			if (j.o.img.nparent_dirs == IMG_MAX_DIRS)
				return usage("too many --parent-dir options");
			j.o.img.parent_dirs[j.o.img.nparent_dirs++] = optarg;
			break;
		case 'v': j.verbose = 1; break;
		case 'V': print_versions(stdout); return render_out_ok() ? EXIT_OK : EXIT_OUTPUT;
		case 'h': cli_help(stdout); return render_out_ok() ? EXIT_OK : EXIT_OUTPUT;
		case OPT_SOURCES: source_print_all(stdout); return render_out_ok() ? EXIT_OK : EXIT_OUTPUT;
		case 'C': j.o.cross_check = 1; break;
		case OPT_HISTORY: j.o.history = 1; break;
		case OPT_HASH:
			if (strcmp(optarg, "sha256") != 0)
				return usage("--hash takes sha256");
			j.o.hash = 1;
			break;
		case OPT_FROM_JSONL: from = optarg; break;
		case OPT_KEYS: keys_path = optarg; break;
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
	if (keys_path != NULL) {
		if (bdelib_version() == NULL)
			return usage("--keys: libbde is not in this build (BitLocker volumes are reported locked)");
		if (load_keys(keys_path, &keys, &e) != 0) {
			rc = usage("--keys %s", err_msg(&e));
			err_clear(&e);
			return rc;
		}
		j.o.bde_keys = &keys;
	}
	for (i = 0; i < (int)j.ngates; i++)
		if (j.gates[i].needs_cross_check && !j.o.cross_check)
			return usage("--require %s judges --cross-check's findings: give --cross-check too",
			    j.gates[i].text);
	if (j.hive && (gates || assume || j.o.history || keys_path))
		return usage("--hive reads bare hive files: %s does not apply to them",
		    gates ? "--require" : assume ? "--assume-host" : j.o.history ? "--history" : "--keys");
	/*
	 * A child started without fork (Windows) learns its image from its
	 * environment, which only its parent sets: never from an argument, which
	 * a file name in an evidence folder could be (sys_child_env).
	 */
	/* each child's memory budget, as applied (a Windows child is in the job its parent limited) */
	j.memory_mib = sys_child_memory((uint64_t)memory << 20) ? memory : 0;
	child = sys_child_env(SYS_ENV_CHILD);
	if (child != NULL) {
		struct job_left_out left = {sys_child_env(SYS_ENV_CROSS_CHECK_LEFT_OUT), sys_child_env(SYS_ENV_HISTORY_LEFT_OUT),
		    sys_child_env(SYS_ENV_HASH_LEFT_OUT)};
		return job_one(&j, child, &left, stdout, stderr);
	}
	if (from != NULL) {
		if (argc - optind > 0 || recurse || gates || assume || j.hive || j.o.nkeys || j.o.cross_check ||
		    j.o.history || j.o.img.nparent_dirs || j.o.no_replay || keys_path)
			return usage("--from-jsonl prints the records of an earlier run: give it no image and no "
			    "option that inspects (-r, -k, -R, -A, -C, --history, -P, -n, --hive, --keys)");
		return render_jsonl(from, j.em);
	}
	if (argc - optind <= 0)
		return usage("no image given");
	for (i = 0; i < (int)j.o.nkeys; i++) {
		const char *rest, *k = j.o.keys[i];
		/* a key's name may hold '/': a path written with '/' only is the user's slip, said, not guessed */
		if (strchr(k, '/') != NULL && strchr(k, '\\') == NULL && strchr(k, '/') != k + strlen(k) - 1) {
			char *bs = strdup(k);
			int rc2;
			for (char *q = bs; bs != NULL && *q; q++)
				if (*q == '/')
					*q = '\\';
			rc2 = usage("--key separates keys with \\ (a key's name may hold a /): did you mean '%s'?",
			    bs ? bs : "?");
			free(bs);
			return rc2;
		}
		if (j.hive)
			continue;
		if (query_hive_of(j.o.keys[i], &rest) == NULL)
			return usage("--key PATH must start with a hive: SOFTWARE, SYSTEM, SAM, SECURITY "
			    "or DEFAULT (optionally after HKLM\\)");
	}
	if (j.hive && !j.em->hive_ok)
		return usage("-o %s describes disk images, not --hive files", j.em->name);
	if (walk_paths(argv + optind, argc - optind, recurse, j.hive, &j.o.img, &paths, &np, &notes, &e) != 0) {
		char *esc = safe_dup(err_msg(&e), 0);
		fprintf(stderr, PROG ": %s\n", esc ? esc : "out of memory");
		free(esc);
		err_clear(&e);
		walk_notes_free(&notes);
		return EXIT_IMAGE;
	}
	/* what the walk left out is said first, and costs the run exit 3 (an image may be missing) */
	for (i = 0; i < (int)notes.n; i++) {
		char *esc = safe_dup(notes.v[i], 0);
		fprintf(stderr, PROG ": %s\n", esc ? esc : "out of memory");
		free(esc);
	}
	if (notes.more > 0)
		fprintf(stderr, PROG ": %lu more folders not walked\n", notes.more);
	walked_short = notes.n > 0 || notes.more > 0;
	walk_notes_free(&notes);
	if (np == 0) {
		/* an empty report all the same (a CSV keeps its header), and exit 3: an audit of nothing is no pass */
		struct render rd;
		char exts[200];
		walk_free(paths, np);
		image_name_exts(exts, sizeof exts);
		if (j.hive)
			fprintf(stderr, PROG ": no hive found (-r with --hive takes the files that start with a hive's "
			    "signature, regf, but not their .LOG, .LOG1, .LOG2)\n");
		else
			fprintf(stderr, PROG ": no image found (-r looks for files whose names end %s, in any case)\n", exts);
		render_start(&rd, j.em, stdout);
		render_finish(&rd);
		return render_out_ok() ? EXIT_IMAGE : EXIT_OUTPUT;
	}
	/* every record carries where it comes from: this run (provenance) */
	if (run_start(&run, argc, argv) != 0) {
		run_info_free(&run);
		walk_free(paths, np);
		fprintf(stderr, PROG ": out of memory\n");
		return EXIT_IMAGE;
	}
	j.run = &run;
	rc = batch_run(&j, paths, np, jobs, timeout);
	run_info_free(&run);
	walk_free(paths, np);
	return walked_short && (rc == EXIT_OK || rc == EXIT_GATE) ? EXIT_IMAGE : rc;
}
