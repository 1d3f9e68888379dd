/* SPDX-License-Identifier: MIT */
/*
 * kvp.h: what Hyper-V's Data Exchange (KVP) service left in the guest's
 * SOFTWARE hive [1], [2]: Guest\Parameters (host -> guest),
 * Auto (the guest's intrinsic items), External (pushed by host users).
 */
#ifndef HV_KVP_H
#define HV_KVP_H

#include "reg/hive.h"
#include "facts/facts.h"

#define KVP_ROOT     "Microsoft\\Virtual Machine"
#define KVP_PARAMS   KVP_ROOT "\\Guest\\Parameters"
#define KVP_AUTO     KVP_ROOT "\\Auto"
#define KVP_EXTERNAL KVP_ROOT "\\External"

/*
 * Read one of the three keys into k (every value, decoded).  Each costs
 * only itself: a value that cannot be read is left out and the rest kept;
 * -1 with e set when anything could not be read (k->unread says when the
 * key itself could not), else 0.
 */
int kvp_collect_params(struct hive *software, struct kvp_facts *k, struct err *e);
int kvp_collect_auto(struct hive *software, struct kvp_facts *k, struct err *e);
int kvp_collect_external(struct hive *software, struct kvp_facts *k, struct err *e);
/* All three (the first failure in e): 0, or -1. */
int kvp_collect(struct hive *software, struct kvp_facts *k, struct err *e);
/*
 * k->state from k->service_start and the keys: "disabled" when the service's
 * Start is 4, else "active" when Guest\Parameters or Auto exist, else
 * "never-ran"; "unknown" when what decides could not be read (k->unread).
 */
void kvp_set_state(struct kvp_facts *k);
/*
 * The host version from Guest\Parameters: HostingSystemOsMajor/Minor (what
 * real hosts write), else HostSystemOSMajor/Minor (the spelling in Microsoft's
 * 2014 post); names compared case-insensitively; data plain decimal, or a
 * DWORD (which a genuine host never writes: see verdict.c).
 */
void kvp_host(const struct kvp_facts *k, struct host_facts *h);

/* Value names, both families: Microsoft's post [3] and what real hosts write [12]. */
#define KVP_HOSTING_MAJOR "HostingSystemOsMajor"
#define KVP_HOSTING_MINOR "HostingSystemOsMinor"
#define KVP_POST_MAJOR    "HostSystemOSMajor"
#define KVP_POST_MINOR    "HostSystemOSMinor"

/* A host version number from a value: 1 and *out, else 0 (absent, not decimal, > 99). */
int kvp_value_number(const struct regval *v, int *out);

#endif
