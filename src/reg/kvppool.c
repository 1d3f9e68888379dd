/* SPDX-License-Identifier: MIT */
/* kvppool.c: a Linux guest's KVP pool file (kvppool.h). */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "reg/kvppool.h"

void
kvp_pool_free(struct kvp_pool *p)
{
	regvals_free(p->v, p->n);
	memset(p, 0, sizeof *p);
}

int
kvp_pool_parse(const uint8_t *b, size_t len, struct kvp_pool *p, struct err *e)
{
	size_t i, nread;

	memset(p, 0, sizeof *p);
	p->records = len / KVP_POOL_RECORD;
	p->tail = len % KVP_POOL_RECORD;
	if (p->tail)
		p->flags |= KVP_POOL_TAIL;
	nread = p->records;
	if (nread > KVP_POOL_MAX_RECORDS) {
		nread = KVP_POOL_MAX_RECORDS;
		p->flags |= KVP_POOL_CAPPED;
	}
	if (nread > 0 && (p->v = calloc(nread, sizeof *p->v)) == NULL)
		return err_set(e, ERR_NOMEM, "KVP pool: out of memory");
	for (i = 0; i < nread; i++) {
		const uint8_t *key = b + i * KVP_POOL_RECORD, *val = key + KVP_POOL_KEY;
		struct regval *v = &p->v[p->n];
		unsigned kf = 0;
		char *name;
		if (is_zero(key, KVP_POOL_RECORD)) {
			p->empty++;
			continue;
		}
		if ((name = regval_utf8_name(key, KVP_POOL_KEY, &kf)) == NULL)
			goto nomem;
		if (name[0] == '\0') { /* a value without a key: nothing reads it by name */
			free(name);
			p->flags |= KVP_POOL_NAMELESS;
			continue;
		}
		if (regval_decode_utf8(v, val, KVP_POOL_VALUE) != 0) {
			free(name);
			regval_free(v);
			goto nomem;
		}
		v->name = name;
		v->flags |= kf;
		p->n++;
	}
	regvals_mark_duplicates(p->v, p->n);
	return 0;
nomem:
	kvp_pool_free(p);
	return err_set(e, ERR_NOMEM, "KVP pool: out of memory");
}

size_t
kvp_pool_anomalies(unsigned flags, const char **out, size_t max)
{
	static const struct { unsigned flag; const char *name; } names[] = {
		{KVP_POOL_TAIL, "size-not-whole-records"}, {KVP_POOL_CAPPED, "records-over-cap"},
		{KVP_POOL_NAMELESS, "value-without-key"},
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((flags & names[i].flag) && n < max)
			out[n++] = names[i].name;
	return n;
}
