/* SPDX-License-Identifier: MIT */
/*
 * out.h: the emitters.  They only format; they never inspect or decide.
 * Each is begin, then records (a separator between two), then end: a
 * batch prints whatever its format's framing is (a JSON array's brackets
 * and commas, a CSV header, the text summary) through these, never by
 * itself.  Every record they print is a report in this process: a child's
 * JSON line read back (json_in.h), as --from-jsonl reads a file's.
 */
#ifndef HV_OUT_H
#define HV_OUT_H

#include <stdio.h>

#include "report/report.h"

struct emitter {
	const char *name;                    /* "text", "json", "jsonl", "csv" */
	/* before the first record (NULL: nothing); first: that record, or NULL (none came) */
	void (*begin)(FILE *f, const struct image_report *first);
	void (*sep)(FILE *f);                /* between two records (NULL: nothing) */
	/* One image's record; asked: --key was given (JSON's "keys").  0, or -1 (no memory). */
	int  (*record)(FILE *f, const struct image_report *r, int asked);
	void (*end)(FILE *f, const struct summary *s); /* after the last (s: the batch's counts) */
	int  hive_ok;                        /* prints --hive records too (CSV describes disk images) */
};

extern const struct emitter emit_text, emit_json, emit_jsonl, emit_csv;
/* -o csv with --history: one row per observation of the host (docs/history.md). */
extern const struct emitter emit_csv_history;
/* -o html: one self-contained page, summary and charts at the top (html.c). */
extern const struct emitter emit_html;
/* The emitter called name, or NULL. */
const struct emitter *emitter_named(const char *name);

/* The record functions, for tests: one image as one indented JSON object (no newline after it). */
int out_json_one(FILE *f, const struct image_report *r, int asked);
/*
 * One image as one line of JSON (the same object as in the array), for -o
 * jsonl and for a batch's child.  A record longer than REPORT_MAX_RECORD
 * (values by the thousand with --key, say) is not written: a record with
 * the path and an error saying so is, in its place.  0; OUT_OVER, that
 * record written in its place; or -1, nothing whole written (no memory, a
 * write error).
 */
#define OUT_OVER (-2)
#define REPORT_MAX_RECORD (32u << 20)
int out_jsonl(FILE *f, const struct image_report *r, int asked);
/* CSV: the header line, then one row per installation (an image without Windows: one row). */
void out_csv_header(FILE *f, const struct image_report *first);
void out_csv(FILE *f, const struct image_report *r);
/* Text for people: per image, per installation the verdict first, warnings last. */
void out_text(FILE *f, const struct image_report *r, size_t n);
/* jansson's version string (static). */
const char *out_json_lib_version(void);

#endif
