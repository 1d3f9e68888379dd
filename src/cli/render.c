/* SPDX-License-Identifier: MIT */
/*
 * render.c: render.h.  A record is read back into a report
 * (report/json_in.c) and printed with the run's emitter, whether a child
 * sent it or a file holds it (--from-jsonl: lines of any length, a file of
 * any length read a line at a time, so memory stays that of one record).
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

int
render_out_ok(void)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);

	if (bad && errno != EPIPE)
		fprintf(stderr, "hvinspect: standard output: write error: %s: the report is incomplete\n",
		    strerror(errno));
	return !bad;
}

void
render_start(struct render *rd, const struct emitter *em, FILE *out)
{
	memset(rd, 0, sizeof *rd);
	rd->em = em;
	rd->out = out;
}

/*
 * Did the run ri had --history (as getopt took it: the option or a prefix
 * of it no other option shares, before a "--")?  A first record with no
 * installation holds no observation to tell by.
 */
static int
run_had_history(const struct run_info *ri)
{
	size_t i, n;

	for (i = 1; ri != NULL && i < ri->ncommand && strcmp(ri->command[i], "--") != 0; i++)
		if ((n = strlen(ri->command[i])) >= 5 && strncmp("--history", ri->command[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Before the first record: the framing, and -o csv's history form when the
 * records hold --history's observations (the run that made them had it).
 */
static void
begin(struct render *rd, const struct image_report *r)
{
	size_t i;

	if (rd->begun)
		return;
	for (i = 0; r != NULL && rd->em == &emit_csv && i < r->ninst; i++)
		if (r->inst[i].hist.ran)
			rd->em = &emit_csv_history;
	if (r != NULL && rd->em == &emit_csv && run_had_history(r->run))
		rd->em = &emit_csv_history;
	if (rd->em->begin)
		rd->em->begin(rd->out, r);
	rd->begun = 1;
}

int
render_report(struct render *rd, const struct image_report *r, int asked, int code)
{
	size_t i;

	struct image_report with_run;

	if (r->run == NULL && rd->run != NULL) {
		with_run = *r; /* a record made here (an image whose job died): this run's */
		with_run.run = rd->run;
		r = &with_run;
	}
	begin(rd, r);
	/* the form was chosen at the first record: a later one's history would be lost without a word */
	for (i = 0; rd->em == &emit_csv && i < r->ninst; i++)
		if (r->inst[i].hist.ran) {
			rd->history_left_out++;
			break;
		}
	summary_add(&rd->sum, r, code);
	if (rd->printed++ > 0 && rd->em->sep)
		rd->em->sep(rd->out);
	return rd->em->record(rd->out, r, asked) != 0 ? 3 : code;
}

int
render_json(struct render *rd, const char *text, size_t len, struct err *e)
{
	struct image_report r;
	int asked, code = 0;
	size_t i;

	if (report_from_json(text, len, &r, &asked, e) != 0)
		return -1;
	if (r.run == NULL)
		r.run = rd->run; /* a child's record: this run's */
	if (r.error != NULL)
		code = 3;
	for (i = 0; i < r.ngates && code == 0; i++)
		if (!r.gates[i].passed)
			code = 1;
	code = render_report(rd, &r, asked, code);
	report_free(&r);
	return code;
}

void
render_finish(struct render *rd)
{
	begin(rd, NULL);
	if (rd->em->end)
		rd->em->end(rd->out, &rd->sum);
}

int
render_jsonl(const char *path, const struct emitter *em)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL, *esc;
	size_t cap = 0;
	unsigned long line = 0;
	struct render rd;
	int rc = 0, too_long, code, read_errno;
	long n;

	if (f == NULL) {
		esc = safe_dup(path, 0);
		fprintf(stderr, "hvinspect: %s: %s\n", esc ? esc : "?", strerror(errno));
		free(esc);
		return 3;
	}
	render_start(&rd, em, stdout);
	while ((n = next_line(f, &buf, &cap, &too_long)) >= 0) {
		struct err e ERR_AUTO = ERR_INIT;

		line++;
		if (n == 0 || strspn(buf, " \t\r") == (size_t)n)
			continue;
		if (too_long)
			err_set(&e, ERR_LIMIT, "longer than %u bytes", LINE_MAX_BYTES);
		if (too_long || (code = render_json(&rd, buf, (size_t)n, &e)) < 0) {
			/* the reason may quote the line: escaped like everything else read */
			char *why = safe_dup(err_msg(&e), 0);
			esc = safe_dup(path, 0);
			fprintf(stderr, "hvinspect: %s: line %lu: %s\n", esc ? esc : "?", line, why ? why : "?");
			free(esc);
			free(why);
			err_clear(&e);
			rc = 3;
			continue;
		}
		if (code == 3 || (code == 1 && rc == 0))
			rc = code;
	}
	read_errno = ferror(f) ? errno : 0;
	render_finish(&rd);
	free(buf);
	esc = safe_dup(path, 0);
	if (read_errno != 0) {
		/* a read error is not the end of the records: what came before stands, said incomplete */
		fprintf(stderr, "hvinspect: %s: line %lu: read error: %s: the records after it are missing\n",
		    esc ? esc : "?", line + 1, strerror(read_errno));
		rc = 3;
	}
	if (rd.history_left_out > 0) {
		fprintf(stderr, "hvinspect: %s: %lu record%s --history's observations, which the CSV's plain form "
		    "(chosen at the first record, which had none) cannot hold: they are left out; -o json keeps them\n",
		    esc ? esc : "?", rd.history_left_out, rd.history_left_out == 1 ? " holds" : "s hold");
		rc = 3;
	}
	free(esc);
	if (f != stdin)
		fclose(f);
	return render_out_ok() ? rc : 4;
}
