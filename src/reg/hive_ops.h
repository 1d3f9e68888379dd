/* SPDX-License-Identifier: MIT */
/*
 * hive_ops.h: what a hive reader implements (inside reg/ only).  hive.h's
 * functions are one interface over two readers: ours (hive.c, the default
 * path) and libregf (regf.c, the --cross-check's second opinion), so the
 * facts are collected by the same code from either.  Each reader's hive and
 * key structs begin with the struct below; hive_api.c dispatches, and holds
 * what is built on the operations (all values, all names, a string, a number).
 */
#ifndef HV_HIVE_OPS_H
#define HV_HIVE_OPS_H

#include "reg/hive.h"

struct hive_ops {
	const char *name; /* "ours", "libregf" */
	void (*close)(struct hive *h);
	/* base block facts: as hive_is_dirty, hive_is_truncated */
	int  (*is_dirty)(const struct hive *h, uint32_t *primary, uint32_t *secondary);
	int  (*is_truncated)(const struct hive *h, uint64_t *claimed, uint64_t *present);
	int  (*key_open)(struct hive *h, const char *path, struct hkey **out, struct err *e);
	void (*key_close)(struct hkey *k);
	uint64_t (*key_filetime)(struct hkey *k);
	int  (*key_values_partial)(struct hkey *k, struct regval **v, size_t *n, size_t *nbad, struct err *e);
	int  (*key_value)(struct hkey *k, const char *name, struct regval *out, struct err *e);
	int  (*key_nsubkeys)(struct hkey *k, size_t *n, struct err *e);
	int  (*key_open_sub)(struct hkey *k, size_t i, struct hkey **out, char **name, struct err *e);
	int  (*key_subkeys_partial)(struct hkey *k, char ***names, size_t *n, size_t *nbad, struct err *e);
};

struct hive {
	const struct hive_ops *ops;
};

struct hkey {
	const struct hive_ops *ops;
};

#endif
