/* SPDX-License-Identifier: MIT */
/*
 * render.h: records printed as a run prints them (render.c).  Every record
 * of every run goes through here: a batch's children each send one JSON
 * line, read back and printed in the parent; --from-jsonl reads the lines
 * of a file the same way.  The framing, the separators, the -o csv history
 * form and the summary's counts all come from the records themselves.
 */
#ifndef HV_RENDER_H
#define HV_RENDER_H

#include <stdio.h>

#include "base/err.h"
#include "report/out.h"

struct render {
	const struct emitter *em;
	FILE                 *out;
	unsigned long         printed;
	struct summary        sum;
	int                   begun;
	unsigned long         history_left_out; /* records whose observations the CSV's plain form could not hold */
	const struct run_info *run;  /* this run, for records that bring none (a child's); NULL: none */
};

void render_start(struct render *rd, const struct emitter *em, FILE *out);
/*
 * One record as -o jsonl prints it (text[0..len)): printed with the
 * emitter and counted.  Returns its exit code (0; 1 a gate failed; 3 not
 * inspected, or not printed for want of memory), or -1 with e set when the
 * text is no record (nothing printed).
 */
int render_json(struct render *rd, const char *text, size_t len, struct err *e);
/* A record made in this process (an image whose job died): printed and counted with code. */
int render_report(struct render *rd, const struct image_report *r, int asked, int code);
/*
 * Did standard output take everything so far?  A write error (a full disk,
 * a closed pipe when SIGPIPE is ignored) is said on stderr, and the caller
 * exits 4: a report cut short must not look complete.  EPIPE is the reader
 * having gone (`| head` with SIGPIPE ignored): said nowhere, as a SIGPIPE
 * death would be.  1 when it did.
 */
int render_out_ok(void);
/* The framing after the last record (and before it, if none came). */
void render_finish(struct render *rd);

/*
 * --from-jsonl: read path ("-": standard input), one JSON record a line
 * (-o jsonl's output; blank lines skipped), and print each with em.  A line
 * that is no record is one stderr line naming the file and line, the rest
 * still printed.  Returns the exit code the run that made them would have
 * had (0, 1 a gate failed, 3 an image not inspected or a bad line), or 4
 * when the output could not be written.
 */
int render_jsonl(const char *path, const struct emitter *em);

#endif
