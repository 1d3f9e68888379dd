/* SPDX-License-Identifier: MIT */
/*
 * options.h: the command line's one option table (options.c).  getopt's
 * tables, the usage lines and --help are made from it; the man page's
 * SYNOPSIS and OPTIONS and the bash completion (docs/) are checked against
 * it by tests/docs/options.sh, so none of them can drift from the program.
 */
#ifndef HV_CLI_OPTIONS_H
#define HV_CLI_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

/* The forms of the command (the usage lines) an option belongs to. */
enum cli_form {
	CLI_IMAGES = 1 << 0, /* hvinspect [options] IMAGE... */
	CLI_HIVES  = 1 << 1, /* hvinspect --hive [options] HIVEFILE... */
	CLI_FROM   = 1 << 2, /* hvinspect --from-jsonl FILE [-o FORM] */
	CLI_ALONE  = 1 << 3, /* hvinspect -V | -h */
};

/* What getopt returns for an option without a letter. */
enum cli_long {
	OPT_JSON = 256, OPT_TIMEOUT, OPT_HISTORY, OPT_FROM_JSONL, OPT_MEMORY, OPT_SOURCES, OPT_HASH, OPT_KEYS,
};

struct cli_option {
	int         code;   /* getopt's value: the letter, or an OPT_* */
	const char *name;   /* the long name */
	const char *arg;    /* the value's name in --help; NULL: takes none */
	const char *words;  /* the values it takes, '|' between, per form; NULL: any */
	const char *hive_words; /* with --hive, when fewer than words */
	unsigned    forms;  /* CLI_* */
	int         repeat; /* may be given more than once */
	const char *help;   /* for --help */
};

extern const struct cli_option cli_options[];
extern const size_t cli_noptions;

/* getopt_long's tables, from cli_options. */
#define CLI_MAX_OPTIONS 24
struct cli_getopt {
	struct option lopts[CLI_MAX_OPTIONS + 1];
	char          shorts[3 * CLI_MAX_OPTIONS + 2];
};
void cli_getopt_tables(struct cli_getopt *g);

/* The usage lines; --help (usage, what it does, every option, exit codes). */
void cli_usage(FILE *f);
void cli_help(FILE *f);

#endif
