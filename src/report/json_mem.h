/* SPDX-License-Identifier: MIT */
/*
 * json_mem.h: where jansson's memory comes from in a batch's parent
 * (json_mem.c).  The parent reads back and prints every child's record
 * while it forks more children; memory it writes on the ordinary heap is
 * shared copy-on-write with each new child, so every record cost page
 * faults in both (measured: +23% wall on a 1,000-image fleet).  Records are
 * read and printed one at a time, so jansson's values live only while one
 * is: they are taken from one shared mapping the caller gives
 * (sys_shared_alloc), reset after each record.
 */
#ifndef HV_JSON_MEM_H
#define HV_JSON_MEM_H

#include <stddef.h>

/* From now on jansson allocates from mem[0..n) (shared with children; NULL: the heap stays). */
void json_mem_shared(void *mem, size_t n);
/* No jansson value is alive: the arena is empty again. */
void json_mem_reset(void);
/* In a child: jansson back on the ordinary heap (the arena is the parent's). */
void json_mem_private(void);

#endif
