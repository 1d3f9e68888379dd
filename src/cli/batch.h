/* SPDX-License-Identifier: MIT */
/*
 * batch.h: every image in its own process, so that a crash or a hang inside
 * a library on one hostile image costs that image only.
 */
#ifndef HV_BATCH_H
#define HV_BATCH_H

#include "cli/job.h"

#define BATCH_MAX_JOBS 64 /* = PLAT_MAX_CHILDREN */
#define EXIT_OUTPUT    4  /* the report could not be written whole (stdout write error) */
#define BATCH_RECORD_MEM (64u << 20) /* jansson's arena for one record read back (larger: the heap) */
#define BATCH_MEMORY_MIB 4096          /* --memory-limit's default: what one image's process may take */
#define BATCH_MESSAGES_MAX (1u << 20) /* stderr bytes a child's messages may take in the parent */
#define BATCH_AHEAD 4                 /* images started at most this many times -j past the oldest not printed */
#define BATCH_HELD_MAX (256u << 20)   /* bytes of records waiting for their turn, at most (then none starts) */

/*
 * Run job_one for paths[0..n), up to jobs at once, each killed after timeout
 * seconds (0: never); print the records in input order (json: as one array;
 * csv: after one header).  Returns the exit code: EXIT_OUTPUT if the report
 * could not be written, else 3 if any image was not inspected, else 1 if any
 * gate failed, else 0.
 */
int batch_run(const struct job *j, char *const *paths, int n, int jobs, int timeout);

#endif
