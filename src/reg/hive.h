/* SPDX-License-Identifier: MIT */
/*
 * hive.h: the hive layer.  A registry hive (regf) read by our own lazy cell
 * walker (hive.c) from a reader (an NTFS file, or a host file for tests),
 * or by libregf (regf.h: the cross-check), behind the same calls.
 * Values come out decoded (struct regval); absent keys/values are 0, not errors.
 */
#ifndef HV_HIVE_H
#define HV_HIVE_H

#include <stdint.h>

#include "base/regval.h"
#include "base/strv.h"
#include "io/reader.h"

#define HIVE_MAX_VALUE_LEN (1024u * 1024) /* data bytes decoded per value */
#define HIVE_MAX_KEY_DATA  (64u << 20)    /* data bytes decoded for one key's values, all of them */
#define HIVE_MAX_HIVE_DATA (1ull << 30)   /* data bytes decoded from one opened hive, in all */
#define HIVE_MAX_VALUES    (1u << 20)     /* values read per key (real SharedDLLs keys hold 10,000+) */
#define HIVE_MAX_SUBKEYS   (1u << 20)     /* subkeys per key (Installer\UserData\...\Components: 100,000+) */
#define HIVE_MAX_SIZE      (2ull << 30)   /* bytes in a hive file (Windows' own limit) */
#define HIVE_MAX_CELL      (4u * HIVE_MAX_VALUES + 4096u) /* bytes in one cell: a list of HIVE_MAX_VALUES */
#define HIVE_MAX_NAME      1024u          /* bytes in one key-path component */
#define HIVE_MAX_DEPTH     512u           /* components in one key path */

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
/* Which reader reads it: "ours" (hive_open) or "libregf" (regf.h). */
const char *hive_reader_name(const struct hive *h);

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

/* Conveniences over hive_key_value. */
/* A string value (REG_SZ/EXPAND_SZ): 1 with *out owned, 0 absent or of another type, -1. */
int hive_key_str(struct hkey *k, const char *name, char **out, struct err *e);
/* A number: REG_DWORD/QWORD, or a REG_SZ of plain decimal digits: 1, 0 absent/not a number, -1. */
int hive_key_num(struct hkey *k, const char *name, uint64_t *out, struct err *e);

#endif
