/* SPDX-License-Identifier: MIT */
/*
 * options.c: every option of the command line, once.  getopt's tables, the
 * usage lines and --help are made from this table; tests/docs/options.sh
 * holds the man page and the bash completion to it.
 */
#include <string.h>

#include "cli/options.h"

#define PROG "hvinspect"

#define F_IMG  CLI_IMAGES
#define F_BOTH (CLI_IMAGES | CLI_HIVES)

const struct cli_option cli_options[] = {
	{'o', "output", "FMT", "text|json|jsonl|csv|html", "text|json|jsonl", F_BOTH | CLI_FROM, 0,
	    "text (default), json (= --json), jsonl (one object per line, as each image is done), csv "
	    "(one row per Windows installation) or html (one self-contained page: one image's report, "
	    "or with several images a fleet's: counts, charts, a row per installation)"},
	{OPT_JSON, "json", NULL, NULL, NULL, F_BOTH, 0,
	    "print a JSON array, one object per image (the keys: docs/output.md)"},
	{OPT_FROM_JSONL, "from-jsonl", "FILE", NULL, NULL, CLI_FROM, 0,
	    "print the records of an earlier -o jsonl run (FILE, or - for standard input) in the -o "
	    "form: no image is read"},
	{'r', "recursive", NULL, NULL, NULL, F_BOTH, 0,
	    "a folder means the .vhd .vhdx .avhd .avhdx .img .raw .dd .qcow2 .qcow .vmdk .E01 files below "
	    "it (a VMDK's extents go with their descriptor); a checkpoint chain is reported once, from "
	    "its newest child; with --hive, the files below it that start with a hive's signature (not "
	    "their logs)"},
	{'j', "jobs", "N", NULL, NULL, F_IMG, 0,
	    "inspect N images at once (default: the number of CPUs); each image runs in its own "
	    "process, so a crash costs that image only"},
	{OPT_TIMEOUT, "timeout", "S", NULL, NULL, F_IMG, 0,
	    "give up on an image after S seconds (default 60; 0: never); --cross-check and --history get S "
	    "seconds each of their own, from their start"},
	{OPT_MEMORY, "memory-limit", "MIB", NULL, NULL, F_IMG, 0,
	    "let an image's process take at most MIB mebibytes (default 4096; 0: no limit of ours): past "
	    "it the image is out of memory, said in its record, and an optional pass that ran out is "
	    "left out"},
	{'q', "quiet", NULL, NULL, NULL, F_IMG, 0,
	    "no progress line (it shows only when stderr is a terminal)"},
	{'R', "require", "RULE", NULL, NULL, F_IMG, 1,
	    "exit 1 unless every Windows installation meets RULE: kvp, host>=X.Y, host=X.Y, offered, "
	    "not-offered, ic-current, no-spoof, clean (no warnings), cross-check (with -C: every fact "
	    "agreed) (repeatable)"},
	{'A', "assume-host", "X.Y", NULL, NULL, F_IMG, 0,
	    "judge ICs and Windows Update as if the VM ran on host NT X.Y (6.0, 6.1, 6.2, 6.3, 6.4 = "
	    "Technical Preview, 10.0 = 2016 and later)"},
	{'k', "key", "PATH", NULL, NULL, F_BOTH, 1,
	    "also print this registry key of each Windows installation, e.g. 'SOFTWARE\\Microsoft\\"
	    "Windows NT\\CurrentVersion' (hives: SOFTWARE, SYSTEM, SAM, SECURITY, DEFAULT; "
	    "CurrentControlSet is resolved); with --hive, PATH is relative to the hive's root; keys "
	    "are separated by \\ (repeatable, up to 64)"},
	{'H', "hive", NULL, NULL, NULL, CLI_HIVES, 0,
	    "the arguments are bare hive files, not disk images; their .LOG1/.LOG2/.LOG beside them "
	    "are replayed when the hive is dirty"},
	{'n', "no-log-replay", NULL, NULL, NULL, F_BOTH, 0,
	    "read dirty hives as they are on disk (no log replay)"},
	{'P', "parent-dir", "DIR", NULL, NULL, F_IMG, 1,
	    "where parents of differencing disks (.avhdx, .avhd) may be, besides the child's own "
	    "folder; only file names are taken from the disk's parent locators (repeatable)"},
	{'C', "cross-check", NULL, NULL, NULL, F_BOTH, 0,
	    "read every reported fact a second time through the libyal stack (libvhdi where it is "
	    "sound, libfsntfs's own path lookup, libregf) and compare: agreed, disagreed (a warning), "
	    "not checked"},
	{OPT_HASH, "hash", "ALG", "sha256", NULL, F_IMG, 0,
	    "also the SHA-256 of every file of each image (each checkpoint level, extent and segment), "
	    "read once from start to end, with its size and time: a pass with a --timeout of its own"},
	{OPT_KEYS, "keys", "FILE", NULL, NULL, F_IMG, 0,
	    "BitLocker keys to unlock volumes with: a keychain file (- for standard input), one key a "
	    "line: provider,key_type,identifier,value (CSV; key_type passphrase, recovery_key, file, "
	    "raw; identifier a volume GUID or empty); no option takes a key itself"},
	{OPT_HISTORY, "history", NULL, NULL, NULL, F_IMG, 0,
	    "also every host the disk still shows, oldest first: checkpoint levels, hive-log states, "
	    "RegBack, shadow copies, free hive cells"},
	{'v', "verbose", NULL, NULL, NULL, F_BOTH, 0,
	    "on errors, also print the libraries' full backtraces"},
	{'V', "version", NULL, NULL, NULL, CLI_ALONE, 0,
	    "print versions (hvinspect and the libraries) and exit"},
	{OPT_SOURCES, "sources", NULL, NULL, NULL, CLI_ALONE, 0,
	    "print the sources the verdicts cite by number ([3], [41]): title, publisher, date, where to "
	    "find it, what it is cited for; and exit"},
	{'h', "help", NULL, NULL, NULL, CLI_ALONE, 0, "print this help and exit"},
};
const size_t cli_noptions = sizeof cli_options / sizeof cli_options[0];

_Static_assert(sizeof cli_options / sizeof cli_options[0] + 2 <= CLI_MAX_OPTIONS, "room in getopt's tables");

void
cli_getopt_tables(struct cli_getopt *g)
{
	size_t i, n = 0, s = 0;

	memset(g, 0, sizeof *g);
	g->shorts[s++] = ':'; /* a missing value is told apart from an unknown option */
	for (i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_options[i];
		g->lopts[n++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->code};
		if (o->code < 256) {
			g->shorts[s++] = (char)o->code;
			if (o->arg)
				g->shorts[s++] = ':';
		}
	}
}

/* Print text's words (a [bracketed group] is one), each after a space, wrapped at width; a new line starts indent spaces in. col: where we are. */
static void
wrap(FILE *f, const char *text, size_t col, size_t indent, size_t width)
{
	const char *p = text;

	while (*p) {
		size_t len = 0;
		int depth = 0;
		for (; p[len] && (p[len] != ' ' || depth > 0); len++) /* "[-R RULE]" is one word */
			depth += p[len] == '[' ? 1 : p[len] == ']' ? -1 : 0;
		if (col > indent && col + 1 + len > width) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, len, f);
		col += len;
		p += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

/* One usage line: form's options, as [-x VALUE]..., lead (the option that selects the form) first. */
static void
usage_line(FILE *f, const char *start, unsigned form, const char *lead, const char *last)
{
	char words[1024];
	size_t i, n = 0;

	words[0] = '\0';
	if (lead)
		n += (size_t)snprintf(words + n, sizeof words - n, "%s", lead);
	for (i = 0; i < cli_noptions && n < sizeof words; i++) {
		const struct cli_option *o = &cli_options[i];
		const char *v = form == CLI_HIVES && o->hive_words ? o->hive_words : o->words ? o->words : o->arg;
		char name[32];
		if (!(o->forms & form) || (lead && strstr(lead, o->name)))
			continue;
		if (o->code < 256)
			snprintf(name, sizeof name, "-%c", o->code);
		else
			snprintf(name, sizeof name, "--%s", o->name);
		n += (size_t)snprintf(words + n, sizeof words - n, "%s[%s%s%s]%s", n ? " " : "", name,
		    v ? " " : "", v ? v : "", o->repeat ? "..." : "");
	}
	if (last && n < sizeof words)
		snprintf(words + n, sizeof words - n, " %s", last);
	fputs(start, f);
	wrap(f, words, strlen(start), 17, 96);
}

void
cli_usage(FILE *f)
{
	usage_line(f, "usage: " PROG, CLI_IMAGES, NULL, "IMAGE...");
	usage_line(f, "       " PROG, CLI_HIVES, "--hive", "HIVEFILE...");
	usage_line(f, "       " PROG, CLI_FROM, "--from-jsonl FILE", NULL);
	fprintf(f, "       " PROG " -V | --sources | -h\n");
}

void
cli_help(FILE *f)
{
	size_t i;

	cli_usage(f);
	fputs("\n"
	    "Look inside Windows VM disk images (raw, VHD, VHDX, VMDK, QCOW2, E01), offline and\n"
	    "read-only, and report what Hyper-V's Data Exchange (KVP) service recorded about the\n"
	    "host, the guest's Windows version and IC services, and whether Windows Update would\n"
	    "offer the Nov 2014 integration-components update (KB3004908).\n"
	    "\n", f);
	for (i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_options[i];
		char head[64];
		int n;
		if (o->code < 256)
			n = snprintf(head, sizeof head, "  -%c, --%s%s%s", o->code, o->name, o->arg ? " " : "",
			    o->arg ? o->arg : "");
		else
			n = snprintf(head, sizeof head, "      --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "%-17s%s", head, n < 17 ? "" : " "); /* after a long head, two spaces */
		wrap(f, o->help, n < 17 ? 17 : (size_t)n + 1, 18, 92);
	}
	fputs("\n"
	    "Text and CSV output show control, C1 and bidi characters read from an image\n"
	    "escaped (\\x1b, \\u202e); JSON keeps the exact data.\n"
	    "\n"
	    "exit status: 0 every image inspected (and every --require met); 1 a --require failed;\n"
	    "             2 usage error;\n"
	    "             3 at least one image could not be inspected, or part of one could not\n"
	    "               be read (the others, and every fact that could be read, still reported)\n"
	    "             4 the report could not be written (standard output: write error)\n", f);
}
