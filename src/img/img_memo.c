/* SPDX-License-Identifier: MIT */
/*
 * img_memo.c: the files a run's peek walks have been through (img.h,
 * image_files), by identity, each with whether its chain held.  -r walks
 * every image's chain in the parent process; with the memo, a walk stops at
 * the first parent walked before, so each file's header is read a bounded
 * number of times (as itself, as its child's candidate) however many
 * children name it: n images of a chain cost n walks of one level, not n
 * walks of n.  An open-addressing table on (device, inode), grown at half
 * full.
 */
#include <stdlib.h>

#include "img/driver.h"
#include "img/img.h"

struct memo_slot {
	struct sys_id id;
	unsigned char used, whole;
	unsigned short levels; /* whole: the levels of its chain, itself included */
};

struct image_memo {
	struct memo_slot *v;
	size_t            n, cap; /* cap: a power of two */
};

struct image_memo *
image_memo_new(void)
{
	return calloc(1, sizeof(struct image_memo));
}

void
image_memo_free(struct image_memo *m)
{
	if (m == NULL)
		return;
	free(m->v);
	free(m);
}

static size_t
slot_of(const struct image_memo *m, const struct sys_id *id)
{
	uint64_t h = id->ino * 0x9e3779b97f4a7c15ull ^ id->dev * 0xc2b2ae3d27d4eb4full;
	size_t i = (size_t)(h ^ h >> 29) & (m->cap - 1);

	/* never full (grown at half): the loop ends at an unused slot */
	while (m->v[i].used && !sys_same_id(&m->v[i].id, id))
		i = (i + 1) & (m->cap - 1);
	return i;
}

int
img_memo_get(const struct image_memo *m, const struct sys_id *id, int *whole, size_t *levels)
{
	size_t i;

	if (m == NULL || m->cap == 0)
		return 0;
	i = slot_of(m, id);
	if (!m->v[i].used)
		return 0;
	*whole = m->v[i].whole;
	*levels = m->v[i].levels;
	return 1;
}

/* Room for one more at half full at most: 0, or -1 (no memory: the memo stays as it is). */
static int
grow(struct image_memo *m)
{
	struct image_memo big = {NULL, 0, m->cap ? m->cap * 2 : 64};
	size_t i;

	if (2 * (m->n + 1) <= m->cap)
		return 0;
	if ((big.v = calloc(big.cap, sizeof *big.v)) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++)
		if (m->v[i].used)
			big.v[slot_of(&big, &m->v[i].id)] = m->v[i];
	free(m->v);
	m->v = big.v;
	m->cap = big.cap;
	return 0;
}

void
img_memo_put(struct image_memo *m, const struct sys_id *id, int whole, size_t levels)
{
	size_t i;

	/* no memory: not remembered, the next walk reads the file again (slower, as right) */
	if (m == NULL || grow(m) != 0)
		return;
	i = slot_of(m, id);
	if (!m->v[i].used) {
		m->v[i].used = 1;
		m->v[i].id = *id;
		m->n++;
	}
	m->v[i].whole = whole != 0;
	m->v[i].levels = (unsigned short)(levels < 0xffff ? levels : 0xffff);
}
