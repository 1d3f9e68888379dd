/* SPDX-License-Identifier: MIT */
/* out.h: the emitters.  They only format; they never inspect or decide. */
#ifndef HV_OUT_H
#define HV_OUT_H

#include <stdio.h>

#include "report/report.h"

/* JSON array, one object per image (contract in README.md); asked: --key was given.  0 or -1. */
int out_json(FILE *f, const struct image_report *r, size_t n, int asked);
/* One image as one indented JSON object, no newline after it (an element of the array). 0 or -1. */
int out_json_one(FILE *f, const struct image_report *r, int asked);
/* One image as one line of JSON (the same object as in the array), for -o jsonl.  0 or -1. */
int out_jsonl(FILE *f, const struct image_report *r, int asked);
/* CSV: the header line, then one row per installation (an image without Windows: one row). */
void out_csv_header(FILE *f);
void out_csv(FILE *f, const struct image_report *r);
/* Text for people: per image, per installation the verdict first, warnings last. */
void out_text(FILE *f, const struct image_report *r, size_t n);
/* jansson's version string (static). */
const char *out_json_lib_version(void);

#endif
