/* SPDX-License-Identifier: MIT */
/*
 * budget.c: a reader that passes its parent's bytes through until a number
 * of bytes has been asked of it, then refuses (reader.h).  Work that grows
 * with what a hostile file system says (directory blocks walked, files
 * followed) is capped piece by piece by each reader; the budget caps the
 * sum, for one installation's reading.
 */
#include <stdio.h>

#include "io/reader.h"

struct budget {
	struct reader *parent; /* borrowed */
	uint64_t       left, max;
	char           what[64];
};

static ssize_t
budget_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct budget *b = r->ctx;

	if (len > b->left)
		return err_set(e, ERR_LIMIT, "%s: its read budget of %llu MiB is spent", b->what,
		    (unsigned long long)(b->max >> 20));
	b->left -= len;
	return reader_read(b->parent, buf, len, off, e);
}

struct reader *
reader_budget_open(struct reader *parent, uint64_t max, const char *what, struct err *e)
{
	struct reader *r;
	struct budget *b;

	if ((r = reader_alloc(sizeof *b, parent->name, e)) == NULL)
		return NULL;
	b = r->ctx;
	b->parent = parent;
	b->left = b->max = max;
	snprintf(b->what, sizeof b->what, "%s", what);
	r->size = parent->size;
	r->sector_size = parent->sector_size;
	r->read_at = budget_read;
	return r;
}
