/* SPDX-License-Identifier: MIT */
/*
 * emit_check.h (tests): every output mode on one report, and what must hold
 * of what it prints whatever the image held: text and CSV carry no control
 * byte (C0 but the line breaks the emitters write, DEL, C1; CSV may keep a
 * TAB), CSV has one line per row, JSONL one parseable line that reads back
 * (json_in.c) into the same JSON, HTML no markup but its own.  Used by the
 * sweeps and the pipeline fuzzer, so that a crash or an escape in any
 * emitter is found, not only in JSON.
 */
#ifndef HV_EMIT_CHECK_H
#define HV_EMIT_CHECK_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/json_in.h"
#include "report/out.h"

/* NULL when s holds no control byte (tab_ok: TAB allowed), else what was found. */
static const char *
emit_check_bytes(const char *s, size_t n, int tab_ok, size_t *lines)
{
	size_t i;

	*lines = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			(*lines)++;
		else if ((c < 0x20 && !(tab_ok && c == '\t')) || c == 0x7f)
			return "a C0 control or DEL byte";
		else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f)
			return "a C1 control";
		else if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] >= 0xaa && (unsigned char)s[i + 2] <= 0xae)
			return "a bidi control";
	}
	return NULL;
}

/*
 * Every tag of the page is one html.c or html_one.c writes: data is
 * escaped, so a '<' from an image can only be "&lt;".  A script is skipped
 * whole, and there is one on a fleet's page, none on one image's (want); no
 * attribute of ours starts with "on".  NULL, or what was found.
 */
static const char *
emit_check_html(const char *s, int want)
{
	static const char *const ours[] = {
		"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "div", "main", "header", "h1", "h2", "p",
		"a", "b", "br", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "figure",
		"figcaption", "svg", "rect", "text", "script", "g", "h3", "h4", "section", "ul", "li", "span",
	};
	const char *p = s;
	size_t i, n;
	int scripts = 0;

	while ((p = strchr(p, '<')) != NULL) {
		p += p[1] == '/' ? 2 : 1;
		n = strcspn(p, " >/\n");
		for (i = 0; i < sizeof ours / sizeof ours[0]; i++)
			if (strlen(ours[i]) == n && strncmp(p, ours[i], n) == 0)
				break;
		if (i == sizeof ours / sizeof ours[0])
			return "a tag that is not ours";
		if (strncmp(p, "script>", 7) == 0) {
			scripts++;
			if ((p = strstr(p, "</script>")) == NULL)
				return "an unclosed script";
			p += 9;
			continue;
		}
		for (; *p && *p != '>'; p++)
			if (*p == ' ' && (p[1] == 'o' || p[1] == 'O') && (p[2] == 'n' || p[2] == 'N'))
				return "an event attribute";
	}
	return scripts == want ? NULL : want ? "not exactly one script" : "a script on one image's page";
}

/* Render r in every mode (asked: --key was given); NULL when all holds, else why not. */
static const char *
emit_check(const struct image_report *r, int asked)
{
	static char why[128];
	const char *bad = NULL;
	size_t len = 0, lines = 0;
	char *buf = NULL;
	FILE *f;
	json_t *j;
	json_error_t je;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return "no memory";
	out_text(f, r, 1);
	fclose(f);
	if ((bad = emit_check_bytes(buf, len, 0, &lines)) != NULL)
		snprintf(why, sizeof why, "text output: %s", bad);
	free(buf);
	if (bad == NULL && (f = open_memstream(&buf, &len)) != NULL) {
		size_t rows = r->ninst ? r->ninst : 1;
		out_csv(f, r);
		fclose(f);
		if ((bad = emit_check_bytes(buf, len, 1, &lines)) != NULL)
			snprintf(why, sizeof why, "CSV output: %s", bad);
		else if (lines != rows)
			bad = why, snprintf(why, sizeof why, "CSV output: %zu lines for %zu rows", lines, rows);
		free(buf);
	}
	if (bad == NULL && (f = open_memstream(&buf, &len)) != NULL) {
		int rc = out_jsonl(f, r, asked);
		fclose(f);
		/* a name's U+0000 is \u0000 in a key too: valid JSON that jansson parses in a string only */
		j = rc == 0 ? json_loadb(buf, len, JSON_ALLOW_NUL, &je) : NULL;
		if (rc != 0 || (j == NULL && strstr(je.text, "NUL byte in object key") == NULL)) {
			bad = why, snprintf(why, sizeof why, "JSONL output does not parse");
		} else {
			/* ... and reads back (--from-jsonl, -o html) into the same JSON */
			struct image_report back;
			char *again = NULL;
			size_t alen = 0;
			int asked2;
			struct err e ERR_AUTO = ERR_INIT;
			json_decref(j);
			if (report_from_json(buf, len, &back, &asked2, &e) != 0) {
				bad = why, snprintf(why, sizeof why, "JSONL does not read back: %.80s", err_msg(&e));
			} else {
				FILE *g = open_memstream(&again, &alen);
				if (g != NULL) {
					out_jsonl(g, &back, asked2);
					fclose(g);
					if (alen != len || memcmp(again, buf, len) != 0) {
						size_t at = 0;
						while (at < len && at < alen && again[at] == buf[at])
							at++;
						fprintf(stderr, "emit_check: from byte %zu:\n  %.80s\n  %.80s\n", at,
						    buf + (at > 20 ? at - 20 : 0), again + (at > 20 ? at - 20 : 0));
						bad = why, snprintf(why, sizeof why, "JSONL read back prints otherwise");
					}
				}
				free(again);
				report_free(&back);
			}
		}
		free(buf);
	}
	/* HTML, one image's page and (the record twice) a fleet's: no control byte, no markup but ours */
	for (int twice = 0; bad == NULL && twice < 2 && (f = open_memstream(&buf, &len)) != NULL; twice++) {
		emit_html.begin(f, r);
		emit_html.record(f, r, asked);
		if (twice)
			emit_html.record(f, r, asked);
		emit_html.end(f, NULL);
		fclose(f);
		if ((bad = emit_check_bytes(buf, len, 0, &lines)) != NULL)
			snprintf(why, sizeof why, "HTML output (%s): %s", twice ? "fleet" : "one image", bad);
		if (bad == NULL && (bad = emit_check_html(buf, twice)) != NULL)
			snprintf(why, sizeof why, "HTML output (%s): %s", twice ? "fleet" : "one image", bad);
		free(buf);
	}
	return bad == NULL ? NULL : why;
}

#endif
