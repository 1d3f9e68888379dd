/* SPDX-License-Identifier: MIT */
/* json_mem.c: json_mem.h.  A bump arena: free is a no-op inside it; what does not fit goes to the heap. */
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "report/json_mem.h"

static uint8_t *arena;
static size_t used, size;

static int
in_arena(const void *p)
{
	return arena != NULL && (const uint8_t *)p >= arena && (const uint8_t *)p < arena + size;
}

static void *
arena_malloc(size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (need < n || need > size - used)
		return malloc(n); /* a record larger than the arena: the heap, as before */
	p = arena + used;
	used += need;
	return p;
}

static void
arena_free(void *p)
{
	if (p != NULL && !in_arena(p))
		free(p);
}

void
json_mem_shared(void *mem, size_t n)
{
	if (mem == NULL)
		return;
	arena = mem;
	size = n;
	used = 0;
	json_set_alloc_funcs(arena_malloc, arena_free);
}

void json_mem_reset(void) { used = 0; }

void
json_mem_private(void)
{
	json_set_alloc_funcs(malloc, free);
}
