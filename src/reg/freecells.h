/* SPDX-License-Identifier: MIT */
/* freecells.h: values still held by the free cells of a hive (--history's weak evidence). */
#ifndef HV_FREECELLS_H
#define HV_FREECELLS_H

#include <stdint.h>

#include "base/regval.h"
#include "io/reader.h"

#define FREECELL_MAX_FOUND 1024u        /* values returned from one hive */
#define FREECELL_MAX_CELLS (1u << 24)   /* cells walked in one hive */
#define FREECELL_MAX_DATA  (64u * 1024) /* bytes of one value's data */

/* A value a free vk cell still names, at cell (the bins offset of the vk cell's size field). */
struct free_value {
	uint32_t      cell;
	struct regval v;
};

/*
 * Every free cell of the hive in f (the file, or its replayed state) that
 * holds a whole vk record whose name want() accepts, with its data decoded:
 * 0 with *out owned (free_values_free), or -1 with e set (no memory, or the
 * base block unreadable).  A hive that is no hive has none.
 */
int hive_free_values(struct reader *f, int (*want)(const char *name), struct free_value **out, size_t *n,
    struct err *e);
void free_values_free(struct free_value *v, size_t n);

#endif
