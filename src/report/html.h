/* SPDX-License-Identifier: MIT */
/*
 * html.h: what the two HTML pages share (html.c: the emitter and a fleet's
 * page; html_one.c: the page of one image).  Every string from an image is
 * first escaped as the text output escapes it (base/safe.h: no control, C1
 * or bidi character), then HTML-escaped: a host name of <img src=x
 * onerror=alert(1)> is text.  Ids and class names are made of numbers and
 * hashes, never of image text.
 */
#ifndef HV_HTML_H
#define HV_HTML_H

#include <stdio.h>

#include "base/sbuf.h"

#include "report/report.h"

/* s as HTML text (NULL: nothing). */
void html_esc(struct sbuf *f, const char *s);
/* <td>s</td>, s escaped. */
void html_cell(struct sbuf *f, const char *s);
/*
 * s as HTML text whose citations ("[3]", "[41]": sources.def) are links to
 * the page's list of sources (#src-3); each source cited is marked in
 * cited[n] (n < HTML_MAX_SOURCE).
 */
#define HTML_MAX_SOURCE 256
void html_cite(struct sbuf *f, const char *s, unsigned char cited[HTML_MAX_SOURCE]);
/* The page's head up to its <body>: title (escaped), the styles, and the CSP (script: its hash, or NULL: none). */
void html_head(struct sbuf *f, const char *title, const char *script_hash, const char *extra_css);
/* The run a record comes from, as the page's provenance paragraph (<p class="run">). */
void html_run(struct sbuf *f, const char *tool, const char *line, unsigned long runs);
/* A Guest\Parameters string value, or NULL. */
const char *html_param(const struct install *in, const char *name);
/* The host's NT version and product name: "6.3 (Windows Server 2012 R2)", "6.4", or NULL (not recorded). */
const char *html_host_nt(const struct install *in, char *buf, size_t n);
/* The page of one image (html_one.c), from its <header> to its </main>. */
void html_one_image(struct sbuf *f, const struct image_report *r);

#endif
