/* SPDX-License-Identifier: MIT */
/* bat.c: see vdisk.h (struct bat). */
#include <stdlib.h>

#include "img/vdisk.h"

#define BAT_PAGE 8192u /* entries decoded at a time, on first use */

int
bat_init(struct bat *b, struct reader *file, uint64_t off, uint64_t avail, uint64_t n,
    unsigned esize, const char *label, struct err *e)
{
	b->file = file;
	b->off = off;
	b->avail = avail;
	b->n = n;
	b->esize = esize;
	b->label = label;
	if ((b->pg = calloc((n + BAT_PAGE - 1) / BAT_PAGE, sizeof *b->pg)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	return 0;
}

int
bat_get(struct bat *b, uint64_t i, uint64_t *v, struct err *e)
{
	uint64_t pg = i / BAT_PAGE, first = pg * BAT_PAGE, k, want;
	uint64_t *p;
	uint8_t *raw;

	if (i >= b->n)
		return err_set(e, ERR_FORMAT, "%s: entry %llu of %llu", b->label, (unsigned long long)i,
		    (unsigned long long)b->n);
	if ((p = b->pg[pg]) == NULL) {
		if ((p = calloc(BAT_PAGE, sizeof *p)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		raw = (uint8_t *)p; /* decoded in place, back to front, so 4-byte entries never overlap */
		want = first * b->esize >= b->avail ? 0 : b->avail - first * b->esize;
		if (want > (uint64_t)BAT_PAGE * b->esize)
			want = (uint64_t)BAT_PAGE * b->esize;
		if (want > 0 && reader_read_full(b->file, raw, (size_t)want, b->off + first * b->esize, e) != 0) {
			free(p);
			return err_ctx(e, "%s", b->label);
		}
		for (k = BAT_PAGE; k-- > 0;)
			p[k] = k * b->esize >= want ? 0 : b->esize == 4 ? be32(raw + k * 4) : le64(raw + k * 8);
		b->pg[pg] = p;
	}
	*v = p[i - first];
	return 0;
}

void
bat_free(struct bat *b)
{
	uint64_t i;

	for (i = 0; b->pg != NULL && i < (b->n + BAT_PAGE - 1) / BAT_PAGE; i++)
		free(b->pg[i]);
	free(b->pg);
	b->pg = NULL;
}
