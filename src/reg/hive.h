/* SPDX-License-Identifier: MIT */
/*
 * hive.h: the hive layer.  A registry hive (regf) read by our own lazy cell
 * walker (hive.c) from a reader (an NTFS file, or a host file for tests).
 * Values come out decoded (struct regval); absent keys/values are 0, not errors.
 */
#ifndef HV_HIVE_H
#define HV_HIVE_H

#include <stdint.h>

#include "io/reader.h"
#include "base/strv.h"

#define HIVE_MAX_VALUE_LEN (1024u * 1024) /* data bytes decoded per value */
#define HIVE_MAX_VALUES    (1u << 20)     /* values read per key (real SharedDLLs keys hold 10,000+) */
#define HIVE_MAX_SUBKEYS   (1u << 20)     /* subkeys per key (Installer\UserData\...\Components: 100,000+) */
#define HIVE_MAX_MULTI     4096u          /* strings kept from one REG_MULTI_SZ */
#define HIVE_MAX_SIZE      (2ull << 30)   /* bytes in a hive file (Windows' own limit) */
#define HIVE_MAX_CELL      (4u * HIVE_MAX_VALUES + 4096u) /* bytes in one cell: a list of HIVE_MAX_VALUES */
#define HIVE_MAX_NAME      1024u          /* bytes in one key-path component */
#define HIVE_MAX_DEPTH     512u           /* components in one key path */

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
#define RVF_DATA_FLAGS     (RVF_ODD_LENGTH | RVF_AFTER_NUL | RVF_LONE_SURROGATE | RVF_WRONG_SIZE)

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

struct hive;
struct hkey;

/*
 * Open the hive in file (borrowed, must outlive the hive): checks the base
 * block and the root key.  Owned result, or NULL with e set.
 */
struct hive *hive_open(struct reader *file, struct err *e);
/* 1 when the base block's primary and secondary sequence numbers differ. */
int hive_is_dirty(const struct hive *h, uint32_t *primary, uint32_t *secondary);
/* 1 when the file holds fewer bytes of hive bins than the base block claims (both returned). */
int hive_is_truncated(const struct hive *h, uint64_t *claimed, uint64_t *present);
void hive_close(struct hive *h);

/* Open key `path` (relative to the root, '\'-separated, case-insensitive): 1, 0 absent, -1. */
int hive_key_open(struct hive *h, const char *path, struct hkey **out, struct err *e);
void hive_key_close(struct hkey *k);
/* Last-written time as a FILETIME (0 when unknown). */
uint64_t hive_key_filetime(struct hkey *k);
/* All values of k, in stored order: 0 with *v owned (regvals_free), or -1. */
int hive_key_values(struct hkey *k, struct regval **v, size_t *n, struct err *e);
/*
 * The values of k that can be read, in stored order: 0 with *v owned and
 * *nbad values skipped (e then says why the first could not be read), or -1
 * when the value list itself cannot be read.
 */
int hive_key_values_partial(struct hkey *k, struct regval **v, size_t *n, size_t *nbad, struct err *e);
/* One value by name (case-insensitive): 1 with *out filled (regval_free), 0 absent, -1. */
int hive_key_value(struct hkey *k, const char *name, struct regval *out, struct err *e);
/* Number of subkeys: 0 and *n, or -1. */
int hive_key_nsubkeys(struct hkey *k, size_t *n, struct err *e);
/* Subkey i (0-based) of k, and its name (owned, may be NULL): 0 with *out owned, or -1. */
int hive_key_open_sub(struct hkey *k, size_t i, struct hkey **out, char **name, struct err *e);
/* Names of the subkeys: 0 with *names owned (strv_free), or -1. */
int hive_key_subkeys(struct hkey *k, char ***names, size_t *n, struct err *e);
/* The names of the subkeys that can be read: as hive_key_values_partial. */
int hive_key_subkeys_partial(struct hkey *k, char ***names, size_t *n, size_t *nbad, struct err *e);

/* Decode raw value data of a type (pure; used by tests).  0, or -1 on no memory. */
int regval_decode(struct regval *v, uint32_t type, const uint8_t *data, size_t len);
void regval_free(struct regval *v);
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




/* Conveniences over hive_key_value. */
/* A string value (REG_SZ/EXPAND_SZ): 1 with *out owned, 0 absent or of another type, -1. */
int hive_key_str(struct hkey *k, const char *name, char **out, struct err *e);
/* A number: REG_DWORD/QWORD, or a REG_SZ of plain decimal digits: 1, 0 absent/not a number, -1. */
int hive_key_num(struct hkey *k, const char *name, uint64_t *out, struct err *e);
/* Plain decimal ("6", "10"; no sign, space or hex, at most 18 digits): 1 and *out, else 0. */
int parse_decimal(const char *s, uint64_t *out);

#endif
