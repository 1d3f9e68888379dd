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

int
part_add_runs(struct part_table *t, const struct reader_run *r, size_t n, struct err *e)
{
	struct reader_run *v;

	if (n > READER_MAP_MAX_RUNS || t->nruns > READER_MAP_MAX_RUNS * 4 - n)
		return err_set(e, ERR_LIMIT, "more than %u runs of logical volumes", READER_MAP_MAX_RUNS * 4);
	if ((v = realloc(t->runs, (t->nruns + n) * sizeof *v)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	memcpy(v + t->nruns, r, n * sizeof *v);
	t->runs = v;
	t->nruns += n;
	return 0;
}

int
part_table_copy(struct part_table *t, const struct part_table *from, struct err *e)
{
	*t = *from;
	t->v = NULL;
	t->runs = NULL;
	t->n = t->nruns = 0;
	if (from->n > 0 && (t->v = calloc(from->n, sizeof *t->v)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (from->nruns > 0 && (t->runs = calloc(from->nruns, sizeof *t->runs)) == NULL) {
		part_table_free(t);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	if (from->n > 0)
		memcpy(t->v, from->v, from->n * sizeof *t->v);
	if (from->nruns > 0)
		memcpy(t->runs, from->runs, from->nruns * sizeof *t->runs);
	t->n = from->n;
	t->nruns = from->nruns;
	return 0;
}

void
part_table_free(struct part_table *t)
{
	free(t->v);
	free(t->runs);
	t->v = NULL;
	t->runs = NULL;
	t->n = t->nruns = 0;
}
