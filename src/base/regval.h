/* SPDX-License-Identifier: MIT */
/*
 * regval.h: registry values and keys as plain data, shared by the hive
 * reader that fills them (reg/), the facts made of them (facts/) and the
 * emitters that print them (report/).  What a value's bytes decode to, what
 * did not decode cleanly (kept, never dropped), names stored twice.  Pure.
 */
#ifndef HV_REGVAL_H
#define HV_REGVAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/strv.h"

#define REGVAL_MAX_MULTI 4096u /* strings kept from one REG_MULTI_SZ */

/* Registry value types (winnt.h REG_*). */
enum {
	REG_NONE = 0, REG_SZ = 1, REG_EXPAND_SZ = 2, REG_BINARY = 3, REG_DWORD = 4,
	REG_DWORD_BIG_ENDIAN = 5, REG_LINK = 6, REG_MULTI_SZ = 7, REG_RESOURCE_LIST = 8,
	REG_FULL_RESOURCE_DESCRIPTOR = 9, REG_RESOURCE_REQUIREMENTS_LIST = 10, REG_QWORD = 11
};

enum regval_kind { RV_STRING, RV_INT, RV_MULTI, RV_BINARY };

/*
 * What did not decode cleanly (regval.flags).  Such data is kept, never
 * dropped: for a string the text a program reading it as a C string sees
 * (up to the first NUL, lone surrogates as U+FFFD), plus every stored byte
 * in bin/nbin.  A value stored twice under one name (any case: only an
 * edited hive file can hold that) is flagged on the second and later ones.
 */
#define RVF_ODD_LENGTH     0x01u /* UTF-16 data of an odd number of bytes */
#define RVF_AFTER_NUL      0x02u /* non-zero data after the terminating NUL */
#define RVF_LONE_SURROGATE 0x04u /* a UTF-16 surrogate without its pair */
#define RVF_WRONG_SIZE     0x08u /* DWORD/QWORD data of another size (kept as bytes) */
#define RVF_DUPLICATE      0x10u /* an earlier value of the key has this name */
/* A Linux KVP pool's record (reg/kvppool.h): UTF-8 text in fixed fields. */
#define RVF_KEY_ODD        0x20u /* its key's field had bytes after the NUL, no NUL, or bytes not UTF-8 */
#define RVF_NO_NUL         0x40u /* the value's field has no NUL: the whole field read */
#define RVF_BAD_UTF8       0x80u /* bytes of the value that are not UTF-8, each read as U+FFFD */
#define RVF_DATA_FLAGS     (RVF_ODD_LENGTH | RVF_AFTER_NUL | RVF_LONE_SURROGATE | RVF_WRONG_SIZE | \
                            RVF_NO_NUL | RVF_BAD_UTF8)
/* Not an anomaly: the value is a pool's UTF-8 string (type REG_SZ; JSON's type "KVP_SZ"). */
#define RVF_UTF8           0x400u
/*
 * Set by the libregf adapter (reg/regf.c) on what libregf 20201007 gave, when
 * the value's own cell shows it read the data otherwise than the format says
 * (the cross-check then explains the difference instead of failing on it).
 */
#define RVF_LIB_TAIL       0x100u /* 1-3 bytes kept in the value cell: libregf gave the field's last bytes */
#define RVF_LIB_SIZE       0x200u /* libregf gave more bytes than the value's size: its data cell's slack */

/* A decoded value; every pointer owned (regval_free). */
struct regval {
	char     *name;    /* "" for the unnamed default value */
	uint32_t  type;    /* REG_* as stored */
	int       kind;    /* how the data was decoded */
	unsigned  flags;   /* RVF_* */
	char     *str;     /* RV_STRING */
	uint64_t  num;     /* RV_INT */
	char    **multi;   /* RV_MULTI */
	size_t    nmulti;
	uint8_t  *bin;     /* RV_BINARY; for a string with RVF_DATA_FLAGS, the stored bytes */
	size_t    nbin;
};

/* One registry key, whole, as a --key asked for it: owned, keydump_free. */
struct keydump {
	char          *request;   /* the path as asked (owned) */
	int            found;
	uint64_t       filetime;
	struct regval *values;
	size_t         nvalues;
	char         **subkeys;
	size_t         nsubkeys;
	char          *error;     /* set when reading it failed (owned) */
};

/* Decode raw value data of a type (pure; used by tests).  0, or -1 on no memory. */
int regval_decode(struct regval *v, uint32_t type, const uint8_t *data, size_t len);
void regval_free(struct regval *v);
/*
 * A Linux KVP pool's value field data[0..len) (UTF-8, NUL-terminated: reg/
 * kvppool.h) into v: a REG_SZ string flagged RVF_UTF8, up to the first NUL,
 * bytes that are not UTF-8 read as U+FFFD; what is odd (RVF_AFTER_NUL,
 * RVF_NO_NUL, RVF_BAD_UTF8) flagged and the field's bytes up to its last
 * non-zero one kept in bin.  0, or -1 on no memory.
 */
int regval_decode_utf8(struct regval *v, const uint8_t *data, size_t len);
/* A pool's key field b[0..len) as a name (the same reading); *flags gets RVF_KEY_ODD if odd.  Owned, or NULL. */
char *regval_utf8_name(const uint8_t *b, size_t len, unsigned *flags);
/* The type's name as the report gives it: "KVP_SZ" for a pool's string, else regval_type_name. */
const char *regval_type_of(const struct regval *v, char buf[16]);
/* Flag (RVF_DUPLICATE) every value of v[0..n) whose name, in any case, an earlier one has. */
void regvals_mark_duplicates(struct regval *v, size_t n);
/*
 * For each value, the index of the next one (in stored order) of the same
 * name in any case, or (size_t)-1: owned array of n, or NULL on no memory.
 */
size_t *regvals_next_same(const struct regval *v, size_t n);
/* The names of v's flags, in a fixed order ("odd-length", ...): up to max, returns how many. */
size_t regval_anomalies(const struct regval *v, const char **out, size_t max);
void regvals_free(struct regval *v, size_t n);
/* "REG_SZ" etc., or "REG_0x%x" in buf. */
const char *regval_type_name(uint32_t type, char buf[16]);




/* Plain decimal ("6", "10"; no sign, space or hex, at most 18 digits): 1 and *out, else 0. */
int parse_decimal(const char *s, uint64_t *out);
/* Find a value by name, in any case (the first of a name stored twice, as every lookup does). */
const struct regval *regval_find(const struct regval *v, size_t n, const char *name);
void keydump_free(struct keydump *d);

#endif
