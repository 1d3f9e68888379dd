/* SPDX-License-Identifier: MIT */
/* table.c: a partition table's entries (table.h). */
#include <stdlib.h>
#include <string.h>

#include "vs/table.h"

struct part *
part_add(struct part_table *t, struct err *e)
{
	struct part *v;

	if (t->n >= PART_MAX) {
		err_set(e, ERR_LIMIT, "more than %u partitions", PART_MAX);
		return NULL;
	}
	if ((v = realloc(t->v, (t->n + 1) * sizeof *v)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	t->v = v;
	memset(&v[t->n], 0, sizeof v[t->n]);
	return &v[t->n++];
}

void
part_table_free(struct part_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
