/* SPDX-License-Identifier: MIT */
/*
 * sbuf.h: text written either to a stream or into memory, one interface
 * for both (what open_memstream would give, which Windows' C library does
 * not have).  In memory it grows as needed; a failure to grow is kept
 * (failed) and the text is then incomplete, never overrun.
 */
#ifndef HV_SBUF_H
#define HV_SBUF_H

#include <stdio.h>

struct sbuf {
	FILE  *f;       /* the stream written to, or NULL: memory */
	char  *s;       /* memory: the text, NUL-ended (owned: free it) */
	size_t len, cap;
	int    failed;  /* memory ran out: s holds what came before */
};

/* A buffer writing to f. */
#define SBUF_FILE(fp) { (fp), NULL, 0, 0, 0 }
/* A buffer in memory. */
#define SBUF_MEM      { NULL, NULL, 0, 0, 0 }

void sb_write(struct sbuf *b, const char *s, size_t n);
void sb_puts(struct sbuf *b, const char *s);
void sb_putc(struct sbuf *b, int c);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Memory: the text (owned), and the buffer empty again; NULL when it failed (then freed). */
char *sb_take(struct sbuf *b, size_t *len);

#endif
