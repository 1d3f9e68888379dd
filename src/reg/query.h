/* SPDX-License-Identifier: MIT */
/* query.h: one registry key, whole: its values, subkey names and time. */
#ifndef HV_QUERY_H
#define HV_QUERY_H

#include "reg/hive.h"

#define QUERY_MAX_KEYS 64 /* --key options per run */


/* Split "HKLM\SOFTWARE\Microsoft" into the hive ("SOFTWARE", static) and the rest; NULL if no known hive. */
const char *query_hive_of(const char *path, const char **rest);
/* Read key `path` of h into d (d->request set by the caller): 0, or -1 with e set. */
int query_key(struct hive *h, const char *path, struct keydump *d, struct err *e);

#endif
