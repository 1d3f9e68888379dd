/* SPDX-License-Identifier: MIT */
/*
 * xcheck.h: the --cross-check's comparison.  The same facts collected twice
 * (our readers; the libyal stack), compared fact by fact into a struct
 * cross_check (facts.h): agreed, disagreed (both readings), explained (a
 * known difference of the readers, and why), not checked (and why).  Pure.
 */
#ifndef HV_XCHECK_H
#define HV_XCHECK_H

#include "facts/facts.h"

/* Parts of an installation's facts that one side could not read (collect's failures). */
#define XC_OS        0x001u /* SOFTWARE ...\CurrentVersion */
#define XC_PARAMS    0x002u /* Guest\Parameters */
#define XC_AUTO      0x004u /* Auto */
#define XC_EXTERNAL  0x008u /* External */
#define XC_SELECT    0x010u /* SYSTEM Select\Current */
#define XC_SERVICES  0x020u /* the vmic* service keys */
#define XC_ARCH      0x040u /* SYSTEM ...\Environment */
#define XC_SOFTWARE  0x080u /* the SOFTWARE hive as a whole */
#define XC_SYSTEM    0x100u /* the SYSTEM hive as a whole */

/* One side's reading. */
struct xc_side {
	const struct install *in;
	const char           *cs;     /* the control set Select\Current named ("" none) */
	unsigned              failed; /* XC_* parts it could not read */
};

/*
 * Compare every fact the report states of an installation (os, Guest\
 * Parameters and Auto values and times, External names, Select\Current,
 * each IC service's Start, every --key's values and subkey names) into xc.
 * Parts in lib->failed are skipped (the caller listed them as not checked,
 * with libyal's error); parts in ours->failed are listed here.  0, or -1 on
 * no memory.
 */
int xcheck_install(const struct xc_side *ours, const struct xc_side *lib, struct cross_check *xc);
/* The --key dumps d[0..n) and e[0..n) (the same requests): 0, or -1 on no memory. */
int xcheck_keys(const struct keydump *ours, const struct keydump *lib, size_t n, struct cross_check *xc);
/* One fact as two texts (NULL: absent on that side): agreed when equal.  0, or -1 on no memory. */
int xcheck_fact(struct cross_check *xc, const char *fact, const char *ours, const char *libyal);
struct hive;
/*
 * Two readings of one hive (--hive --cross-check), every key from the root
 * (capped: 2^21 keys, HIVE_MAX_DEPTH levels, 1,000 disagreements): each
 * key's time, values and subkeys, by stored index.  0, or -1 on no memory.
 */
int xcheck_hives(struct hive *ours, struct hive *lib, struct cross_check *xc);
/* Add a fact that could not be checked, and why: 0, or -1 on no memory. */
int xcheck_not_checked(struct cross_check *xc, const char *fact, const char *why);

#endif
