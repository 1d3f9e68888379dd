/* SPDX-License-Identifier: MIT */
/* render.h: --from-jsonl, the records of an earlier run printed again in any output form (render.c). */
#ifndef HV_RENDER_H
#define HV_RENDER_H

#include "report/out.h"

/*
 * Read path ("-": standard input), one JSON record a line (-o jsonl's
 * output; blank lines skipped), and print each with em, framed by its
 * begin and end.  A line that is no record is one stderr line naming the
 * file and line, the rest still printed.  Returns the exit code the run
 * that made them would have had (0, 1 a gate failed, 3 an image not
 * inspected or a bad line), or 4 when the output could not be written.
 */
int render_jsonl(const char *path, const struct emitter *em);

#endif
