/* SPDX-License-Identifier: MIT */
/*
 * report.h: what hvinspect found, per image, as plain data: the report
 * holds no parser's types.  The pipeline (src/inspect/) fills the image and
 * partition summaries from the layers below; the facts layer fills each installation
 * (facts/facts.h).  The emitters (text.c, json.c, csv.c) print a report,
 * one record at a time, between a begin and an end (out.h).  Everything is
 * owned by the report and freed by report_free().
 */
#ifndef HV_REPORT_H
#define HV_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"
#include "base/disk.h"
#include "base/kinds.h"
#include "facts/facts.h"

/* One partition of the table, in index order. */
/* A BitLocker volume's facts, locked or not (docs/output.md "encryption"). */
#define REP_MAX_PROTECTORS 32
struct rep_encryption {
	char        state[12];       /* "locked", "unlocked", "suspended", "decrypted", "failed" */
	char        volume_id[GUID_STR_LEN];
	char        method[32];      /* "AES-XTS 128", "" unknown */
	uint64_t    created;         /* FILETIME, 0 unknown */
	char       *description;     /* owned: Windows's (computer, drive, date: text of the image), or NULL */
	struct {
		char type[24];           /* "recovery-password", "tpm", ... "other" */
		char id[GUID_STR_LEN];
	}           prot[REP_MAX_PROTECTORS];
	size_t      nprot;
	char        unlocked_with[16]; /* "passphrase", "recovery_key", "file", "raw", "clear-key", "" none */
	char       *reason;          /* owned: why it stayed locked or failed, or NULL */
};

struct rep_part {
	unsigned    idx;             /* 1-based, as numbered in the table */
	enum part_scheme scheme;
	uint64_t    offset, size;    /* bytes */
	char        type[GUID_STR_LEN];
	const char *type_name;       /* static, or NULL */
	char        name[220];       /* the GPT name */
	int         has_name;        /* GPT: name is one */
	int         probed;          /* its first bytes were read: fs says what they hold */
	enum fs_kind fs;
	char        vg[128], lv[128], uuid[40]; /* an LVM logical volume (scheme SCHEME_LVM) */
	struct rep_encryption *enc;  /* owned: a BitLocker volume, else NULL */
};

/*
 * The run a record comes from (provenance): the tool and its libraries,
 * when the run started, and its command line with secrets and URL query
 * strings removed (cli/main.c).  Every record of a run shares one.
 */
struct run_info {
	char     *tool;        /* "hvinspect 0.1.0" */
	char    **libraries;   /* "libvhdi 20210425", each a name and a version */
	size_t    nlibraries;
	char     *started;     /* ISO 8601 UTC, "2026-12-07T18:30:00Z" */
	char    **command;     /* argv as given, cleaned */
	size_t    ncommand;
};
void run_info_free(struct run_info *ri);
/*
 * The run in words, for a header: with_libraries, "hvinspect 0.1.0 (libvhdi
 * 20210425, ...)"; else "run started 2026-12-07T18:30:00Z: hvinspect -o
 * text vm.vhdx" (an argument with a space or a shell character quoted).
 * Owned, or NULL (no memory).  Not escaped: the emitter escapes.
 */
char *run_describe(const struct run_info *ri, int with_libraries);

struct gate_result {
	const char *rule;             /* borrowed from the options */
	int         passed;
	char       *why;              /* for a failure: which installation and why (owned, at its length) */
};

struct image_report {
	const char        *path;      /* borrowed from argv */
	int                is_hive;   /* --hive: a bare hive file, not a disk image */
	int                hive_opened; /* --hive: the file was read as a hive */
	struct hive_read   hive;      /* --hive only */
	struct keydump    *keys;      /* --hive only */
	size_t             nkeys;
	struct cross_check xc;        /* --hive --cross-check only (an installation has its own) */
	char              *error;     /* first failure, as a one-line chain; NULL if none */
	char              *trace;     /* library backtrace of that failure, for -v */
	int                have_image;
	struct disk_desc   image;     /* the image layer's description (base/disk.h), copied whole */
	enum part_scheme   scheme;    /* the partition table's (SCHEME_UNREAD: none was read) */
	struct rep_part   *parts;     /* owned */
	size_t             nparts;
	struct install    *inst;
	size_t             ninst;
	struct warnings    warn;      /* of the image as a whole */
	struct gate_result *gates;    /* --require results, in the order given */
	size_t             ngates;
	uint32_t           gates_failed; /* bit i: --require i failed for the image as a whole */
#define REPORT_MAX_GATES 32              /* gates_failed's bits: a record holds at most this many */
	const struct run_info *run;   /* the run it comes from (the batch's, or read back); NULL: not known */
	struct run_info   *run_owned; /* read back with it (json_in.c): freed with it */
	char             **arena;     /* strings read back from JSON (json_in.c) that the above borrow */
	size_t             narena;
};

/* The counts a batch's summary line adds up, one image's worth at a time (summary_add). */
struct summary {
	unsigned long images, errors, inst;
	unsigned long kvp[KVP_NSTATES]; /* installations in each KVP state */
	unsigned long wu_offered, wu_not, wu_unknown;
};
/* Add r (code: its exit code; 3 counts as an error) to s. */
void summary_add(struct summary *s, const struct image_report *r, int code);

/* Append an installation with every fact unknown (install_init); NULL on no memory. */
struct install *report_add_install(struct image_report *r);
void report_free(struct image_report *r);
void rep_encryption_free(struct rep_encryption *x);

/* FILETIME (100 ns since 1601) as "YYYY-MM-DDTHH:MM:SSZ"; "" for 0 or out of range. */
void filetime_iso(uint64_t ft, char buf[32]);

/* n bytes in binary units ("1.5 GiB", "512 B"), into buf. */
const char *report_human(uint64_t n, char buf[32]);
/* FILETIME as "2014-11-20 10:22:31 UTC", or "unknown". */
void report_when(uint64_t ft, char out[40]);
/*
 * One host's two names, as far as names tell: equal in any case, or one a
 * short name that is the other's first DNS label (tphost, tphost.lab.example).
 */
int one_host_name(const char *a, const char *b);
/*
 * --history's hosts: seen strongly, and seen only in free cells (weak), each
 * host once (names one observation gives together, and names that are one
 * host's, are one host; a host seen both ways counts as strong only).
 */
void history_counts(const struct history *h, size_t *strong, size_t *weak);

#endif
