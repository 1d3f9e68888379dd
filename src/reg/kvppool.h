/* SPDX-License-Identifier: MIT */
/*
 * kvppool.h: a Linux guest's KVP pool file (/var/lib/hyperv/.kvp_pool_N), as
 * the Hyper-V KVP daemon writes it (Linux tools/hv/hv_kvp_daemon.c; the
 * record's sizes in include/uapi/linux/hyperv.h): no header and no count, an
 * array of records of a 512-byte key and a 2,048-byte value, each UTF-8 (the
 * kernel's conversion of what the host sent as UTF-16) and NUL-terminated,
 * integers as decimal strings.  The daemon grows its array without clearing
 * it, so the bytes after a NUL may be left over from an older, longer value:
 * they are kept as evidence (the value's bytes, flagged RVF_AFTER_NUL, the
 * key's RVF_KEY_AFTER_NUL), never read as part of it.
 *
 * Pure: bytes in, registry-shaped values out (a record is a REG_SZ value
 * named by its key), so that the facts a pool holds are read by the rules
 * that read Guest\Parameters.
 */
#ifndef HV_KVPPOOL_H
#define HV_KVPPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/regval.h"

#define KVP_POOL_KEY         512u
#define KVP_POOL_VALUE       2048u
#define KVP_POOL_RECORD      (KVP_POOL_KEY + KVP_POOL_VALUE)
#define KVP_POOL_MAX_RECORDS 4096u /* records read from one file (a host writes a few dozen) */

/* What a pool file holds that the daemon would not have written (kvp_pool.flags). */
#define KVP_POOL_TAIL      0x1u /* its size is not a whole number of records: the tail is not read */
#define KVP_POOL_CAPPED    0x2u /* more than KVP_POOL_MAX_RECORDS records: the first are read */
#define KVP_POOL_NAMELESS  0x4u /* a record with an empty key but a value */

struct kvp_pool {
	struct regval *v;        /* one per record with a key, in file order (owned) */
	size_t         n;
	size_t         records;  /* whole records in the file */
	size_t         empty;    /* records all zeros (skipped) */
	size_t         tail;     /* bytes after the last whole record */
	unsigned       flags;    /* KVP_POOL_* */
};

/*
 * Parse a pool file's bytes b[0..len) into *p (zeroed first).  0, or -1
 * (no memory: e says so; *p then empty).  Any bytes are a pool: what is odd
 * is flagged, never refused.
 */
int kvp_pool_parse(const uint8_t *b, size_t len, struct kvp_pool *p, struct err *e);
void kvp_pool_free(struct kvp_pool *p);
/* The pool's flags in words ("size-not-whole-records", ...): up to max into out; how many. */
size_t kvp_pool_anomalies(unsigned flags, const char **out, size_t max);

#endif
