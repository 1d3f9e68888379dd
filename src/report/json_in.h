/* SPDX-License-Identifier: MIT */
/* json_in.h: one JSON record (as json.c prints it, any of the JSON forms) back into a report (json_in.c). */
#ifndef HV_JSON_IN_H
#define HV_JSON_IN_H

#include "base/err.h"
#include "report/report.h"

/*
 * Parse text[0..len) (one image's or hive's record) into r, which the
 * caller frees with report_free; *asked: the record has "keys" (--key was
 * given).  0, or -1 with e set (not JSON, or not a record of ours).
 */
int report_from_json(const char *text, size_t len, struct image_report *r, int *asked, struct err *e);

#endif
