/* SPDX-License-Identifier: MIT */
/*
 * render.c: --from-jsonl (render.h).  Inspect once, render many ways: each
 * line is read back into a report (report/json_in.c) and printed as a run
 * would have printed it.  Lines of any length; a file of any length is
 * read a line at a time, so memory stays that of one record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/safe.h"
#include "cli/render.h"
#include "report/json_in.h"

#define LINE_MAX_BYTES (256u << 20) /* one record, at most */

/* The next line of f into *buf (grown), without its newline: its length, or -1 at the end or too long. */
static long
next_line(FILE *f, char **buf, size_t *cap, int *too_long)
{
	size_t n = 0;
	int c;

	*too_long = 0;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (n + 1 >= *cap) {
			size_t ncap = *cap ? *cap * 2 : 65536;
			char *nb;
			if (ncap > LINE_MAX_BYTES || (nb = realloc(*buf, ncap)) == NULL) {
				*too_long = 1;
				while ((c = getc(f)) != EOF && c != '\n')
					;
				return (long)n;
			}
			*buf = nb;
			*cap = ncap;
		}
		(*buf)[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return -1;
	if (*buf != NULL)
		(*buf)[n] = '\0';
	return (long)n;
}

/*
 * Before the first record: the framing, and -o csv's history form when the
 * records hold --history's observations (the run that made them had it).
 * Returns 0.
 */
static int
line_one(const struct emitter **em, const struct image_report *r, int *begun)
{
	size_t i;

	if (*begun)
		return 0;
	for (i = 0; *em == &emit_csv && i < r->ninst; i++)
		if (r->inst[i].hist.ran)
			*em = &emit_csv_history;
	if ((*em)->begin)
		(*em)->begin(stdout);
	*begun = 1;
	return 0;
}

int
render_jsonl(const char *path, const struct emitter *em)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL, *esc;
	size_t cap = 0, i;
	unsigned long line = 0, printed = 0;
	struct summary sum;
	int rc = 0, too_long, begun = 0;
	long n;

	if (f == NULL) {
		esc = safe_dup(path, 0);
		fprintf(stderr, "hvinspect: %s: %s\n", esc ? esc : "?", strerror(errno));
		free(esc);
		return 3;
	}
	memset(&sum, 0, sizeof sum);
	while ((n = next_line(f, &buf, &cap, &too_long)) >= 0) {
		struct image_report r;
		struct err e;
		int asked, code = 0;

		line++;
		if (n == 0 || strspn(buf, " \t\r") == (size_t)n)
			continue;
		err_clear(&e);
		if (too_long)
			err_set(&e, ERR_LIMIT, "longer than %u bytes", LINE_MAX_BYTES);
		if (too_long || report_from_json(buf, (size_t)n, &r, &asked, &e) != 0) {
			esc = safe_dup(path, 0);
			fprintf(stderr, "hvinspect: %s: line %lu: %s\n", esc ? esc : "?", line, e.msg);
			free(esc);
			rc = 3;
			continue;
		}
		if (r.error != NULL)
			code = 3;
		for (i = 0; i < r.ngates && code == 0; i++)
			if (!r.gates[i].passed)
				code = 1;
		if (code == 3 || (code == 1 && rc == 0))
			rc = code;
		line_one(&em, &r, &begun);
		summary_add(&sum, &r, code);
		if (printed++ > 0 && em->sep)
			em->sep(stdout);
		if (em->record(stdout, &r, asked) != 0)
			rc = 3;
		report_free(&r);
	}
	if (!begun && em->begin)
		em->begin(stdout);
	if (em->end)
		em->end(stdout, &sum);
	free(buf);
	if (f != stdin)
		fclose(f);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "hvinspect: standard output: write error: %s: the report is incomplete\n",
			    strerror(errno));
		return 4;
	}
	return rc;
}
