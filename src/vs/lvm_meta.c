/* SPDX-License-Identifier: MIT */
/*
 * lvm_meta.c: an LVM2 volume group's metadata text (lvm.h), as LVM2's
 * lib/format_text writes it and libvslvm's format document describes it:
 *
 *	name { key = value ... subsection { ... } }
 *
 * values being a decimal integer, a "string" (\" and \\ escaped) or a
 * [list] of them; '#' starts a comment.  One pass, no tree: the parser
 * knows where it is (the volume group, its physical_volumes, a PV, its
 * logical_volumes, an LV, a segment) and keeps what each place holds.  The
 * text is hostile: the depth, every count and every name are capped, and
 * every token advances, so a pass ends.
 */
#include <stdlib.h>
#include <string.h>

#include "vs/lvm.h"

#define MAX_DEPTH 16
#define MAX_ITEMS 64 /* list items kept (the rest are read and dropped) */

enum tok { T_END, T_WORD, T_STR, T_LBRACE, T_RBRACE, T_LBRACK, T_RBRACK, T_EQ, T_COMMA, T_BAD };

struct lex {
	const char *p, *end;
	const char *s; /* the token's text (a string's without the quotes, still escaped) */
	size_t      n;
	unsigned    line;
};

enum where { W_TOP, W_VG, W_PVS, W_PV, W_LVS, W_LV, W_SEG, W_SKIP };

struct val {
	enum tok    kind;   /* T_WORD or T_STR */
	const char *s;
	size_t      n;
};

struct parse {
	struct lex     lx;
	struct lvm_vg *vg;
	int            have_vg;
	struct err    *e;
};

static enum tok
next(struct lex *l)
{
	for (;;) {
		while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' || *l->p == '\r' || *l->p == '\n')) {
			l->line += *l->p == '\n';
			l->p++;
		}
		if (l->p < l->end && *l->p == '#') {
			while (l->p < l->end && *l->p != '\n')
				l->p++;
			continue;
		}
		break;
	}
	l->s = l->p;
	l->n = 0;
	if (l->p >= l->end || *l->p == '\0')
		return T_END;
	switch (*l->p++) {
	case '{': return T_LBRACE;
	case '}': return T_RBRACE;
	case '[': return T_LBRACK;
	case ']': return T_RBRACK;
	case '=': return T_EQ;
	case ',': return T_COMMA;
	case '"':
		l->s = l->p;
		while (l->p < l->end && *l->p != '"' && *l->p != '\0') {
			if (*l->p == '\\' && l->p + 1 < l->end)
				l->p++;
			l->line += *l->p == '\n';
			l->p++;
		}
		if (l->p >= l->end || *l->p != '"')
			return T_BAD;
		l->n = (size_t)(l->p - l->s);
		l->p++;
		return T_STR;
	default:
		l->p--;
		while (l->p < l->end && strchr(" \t\r\n{}[]=,\"#", *l->p) == NULL && *l->p != '\0')
			l->p++;
		l->n = (size_t)(l->p - l->s);
		return T_WORD;
	}
}

/*
 * The value's text, unescaped, into out[size] (cut to fit).  Every value
 * kept is an LVM name, identifier or type word, whose characters LVM2
 * limits to A-Z a-z 0-9 + _ . -: any other byte (hostile metadata) is kept
 * as '?', so what reaches a report is plain ASCII.
 */
static void
copy_val(const struct val *v, char *out, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < v->n && k + 1 < size; i++) {
		unsigned char c;
		if (v->kind == T_STR && v->s[i] == '\\' && i + 1 < v->n)
			i++;
		c = (unsigned char)v->s[i];
		out[k++] = (char)((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '+' || c == '_' || c == '.' || c == '-' ? c : '?');
	}
	out[k] = '\0';
}

static int
is(const struct val *v, const char *word)
{
	size_t n = strlen(word);

	return v->n == n && memcmp(v->s, word, n) == 0;
}

/* A decimal integer: 0 with *out, or -1 (not one, or past 2^64). */
static int
num(const struct val *v, uint64_t *out)
{
	uint64_t x = 0;
	size_t i;

	if (v->kind != T_WORD || v->n == 0 || v->n > 20)
		return -1;
	for (i = 0; i < v->n; i++) {
		unsigned d = (unsigned char)v->s[i] - '0';
		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*out = x;
	return 0;
}

static int
fail(struct parse *ps, const char *what)
{
	return err_set(ps->e, ERR_FORMAT, "metadata line %u: %s", ps->lx.line, what);
}

/* Read a value after '=': one scalar, or a list (its first MAX_ITEMS items kept in items). */
static int
read_value(struct parse *ps, struct val *items, size_t *nitems, int *is_list)
{
	enum tok t = next(&ps->lx);
	size_t n = 0, guard = 0;

	*nitems = 0;
	*is_list = 0;
	if (t == T_WORD || t == T_STR) {
		items[0] = (struct val){t, ps->lx.s, ps->lx.n};
		*nitems = 1;
		return 0;
	}
	if (t != T_LBRACK)
		return fail(ps, "a value was expected");
	*is_list = 1;
	for (;;) {
		t = next(&ps->lx);
		if (t == T_RBRACK)
			break;
		if (t == T_COMMA && n > 0)
			continue;
		if (t != T_WORD && t != T_STR)
			return fail(ps, "a list is not closed");
		if (n < MAX_ITEMS)
			items[n++] = (struct val){t, ps->lx.s, ps->lx.n};
		if (++guard > LVM_MAX_TEXT)
			return fail(ps, "a list is too long");
	}
	*nitems = n;
	return 0;
}

/* v (n items of size bytes) with one more, zeroed, at its end; NULL when memory is short (v kept). */
static void *
grow(void *v, size_t n, size_t size)
{
	uint8_t *g = realloc(v, (n + 1) * size);

	if (g != NULL)
		memset(g + n * size, 0, size);
	return g;
}

static enum where
nomem(struct parse *ps)
{
	err_set(ps->e, ERR_NOMEM, "out of memory");
	return W_SKIP;
}

/* The place a section named v opens inside place w (W_SKIP with ps->e set on a failure). */
static enum where
enter(struct parse *ps, enum where w, const struct val *v)
{
	struct lvm_vg *vg = ps->vg;
	void *grown;

	switch (w) {
	case W_TOP:
		if (ps->have_vg)
			return W_SKIP;
		ps->have_vg = 1;
		copy_val(v, vg->name, sizeof vg->name);
		return W_VG;
	case W_VG:
		return is(v, "physical_volumes") ? W_PVS : is(v, "logical_volumes") ? W_LVS : W_SKIP;
	case W_PVS:
		if (vg->npvs >= LVM_MAX_PVS) {
			fail(ps, "more physical volumes than we read");
			return W_SKIP;
		}
		if ((grown = grow(vg->pvs, vg->npvs, sizeof *vg->pvs)) == NULL)
			return nomem(ps);
		vg->pvs = grown;
		copy_val(v, vg->pvs[vg->npvs++].name, sizeof vg->pvs->name);
		return W_PV;
	case W_LVS:
		if (vg->nlvs >= LVM_MAX_LVS) {
			fail(ps, "more logical volumes than we read");
			return W_SKIP;
		}
		if ((grown = grow(vg->lvs, vg->nlvs, sizeof *vg->lvs)) == NULL)
			return nomem(ps);
		vg->lvs = grown;
		copy_val(v, vg->lvs[vg->nlvs++].name, sizeof vg->lvs->name);
		return W_LV;
	case W_LV: {
		struct lvm_lv *lv = &vg->lvs[vg->nlvs - 1];
		if (v->n < 7 || memcmp(v->s, "segment", 7) != 0 || lv->nsegs >= LVM_MAX_SEGS)
			return W_SKIP;
		if ((grown = grow(lv->segs, lv->nsegs, sizeof *lv->segs)) == NULL)
			return nomem(ps);
		lv->segs = grown;
		lv->segs[lv->nsegs].pv = UINT32_MAX;
		lv->nsegs++;
		return W_SEG;
	}
	default:
		return W_SKIP;
	}
}

/* The PV named by a segment's stripe ("pv0"), by its index in vg->pvs, or UINT32_MAX. */
static uint32_t
pv_named(const struct lvm_vg *vg, const struct val *v)
{
	char name[LVM_NAME_MAX];
	size_t i;

	copy_val(v, name, sizeof name);
	for (i = 0; i < vg->npvs; i++)
		if (strcmp(vg->pvs[i].name, name) == 0)
			return (uint32_t)i;
	return UINT32_MAX;
}

/* Keep key = items in place w. */
static void
assign(struct parse *ps, enum where w, const struct val *key, const struct val *it, size_t n, int list)
{
	struct lvm_vg *vg = ps->vg;
	uint64_t x = 0;
	int have_num = n == 1 && !list && num(&it[0], &x) == 0;
	int have_str = n == 1 && !list && it[0].kind == T_STR;
	size_t i;

	switch (w) {
	case W_VG:
		if (is(key, "id") && have_str)
			copy_val(&it[0], vg->uuid, sizeof vg->uuid);
		else if (is(key, "seqno") && have_num)
			vg->seqno = x;
		else if (is(key, "extent_size") && have_num)
			vg->extent_size = x;
		break;
	case W_PV: {
		struct lvm_pv *pv = &vg->pvs[vg->npvs - 1];
		if (is(key, "id") && have_str)
			copy_val(&it[0], pv->uuid, sizeof pv->uuid);
		else if (is(key, "pe_start") && have_num)
			pv->pe_start = x;
		else if (is(key, "pe_count") && have_num)
			pv->pe_count = x;
		else if (is(key, "dev_size") && have_num)
			pv->dev_size = x;
		break;
	}
	case W_LV: {
		struct lvm_lv *lv = &vg->lvs[vg->nlvs - 1];
		if (is(key, "id") && have_str)
			copy_val(&it[0], lv->uuid, sizeof lv->uuid);
		else if (is(key, "status") && list)
			for (i = 0; i < n; i++)
				lv->visible |= is(&it[i], "VISIBLE");
		break;
	}
	case W_SEG: {
		struct lvm_lv *lv = &vg->lvs[vg->nlvs - 1];
		struct lvm_seg *sg = &lv->segs[lv->nsegs - 1];
		if (is(key, "start_extent") && have_num)
			sg->start_extent = x;
		else if (is(key, "extent_count") && have_num)
			sg->extent_count = x;
		else if (is(key, "type") && have_str)
			copy_val(&it[0], sg->type, sizeof sg->type);
		else if (is(key, "stripe_count") && have_num)
			sg->stripe_count = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
		else if (is(key, "stripes") && list && n >= 2 && it[0].kind == T_STR &&
		    num(&it[1], &sg->pv_extent) == 0)
			sg->pv = pv_named(vg, &it[0]);
		break;
	}
	default:
		break;
	}
}

/* The body of a section (or the whole text, at depth 0) in place w, up to its '}'. */
static int
body(struct parse *ps, enum where w, unsigned depth)
{
	struct val items[MAX_ITEMS], key;
	size_t n;
	int list;

	for (;;) {
		enum tok t = next(&ps->lx);
		if (t == T_END)
			return depth == 0 ? 0 : fail(ps, "a section is not closed");
		if (t == T_RBRACE)
			return depth > 0 ? 0 : fail(ps, "a '}' closes nothing");
		if (t != T_WORD)
			return fail(ps, "a name was expected");
		key = (struct val){t, ps->lx.s, ps->lx.n};
		t = next(&ps->lx);
		if (t == T_LBRACE) {
			enum where in;
			if (depth + 1 >= MAX_DEPTH)
				return fail(ps, "sections nest too deep");
			in = enter(ps, w, &key);
			if (ps->e->code != ERR_NONE)
				return -1;
			if (body(ps, in, depth + 1) != 0)
				return -1;
		} else if (t == T_EQ) {
			if (read_value(ps, items, &n, &list) != 0)
				return -1;
			assign(ps, w, &key, items, n, list);
		} else {
			return fail(ps, "'{' or '=' was expected");
		}
	}
}

void
lvm_vg_free(struct lvm_vg *vg)
{
	size_t i;

	for (i = 0; i < vg->nlvs; i++)
		free(vg->lvs[i].segs);
	free(vg->lvs);
	free(vg->pvs);
	memset(vg, 0, sizeof *vg);
}

int
lvm_meta_parse(const char *text, size_t len, struct lvm_vg *vg, struct err *e)
{
	struct parse ps;

	memset(vg, 0, sizeof *vg);
	if (len > LVM_MAX_TEXT)
		return err_set(e, ERR_LIMIT, "metadata of %zu bytes (cap %u)", len, LVM_MAX_TEXT);
	memset(&ps, 0, sizeof ps);
	ps.lx.p = text;
	ps.lx.end = text + len;
	ps.lx.line = 1;
	ps.vg = vg;
	ps.e = e;
	if (body(&ps, W_TOP, 0) != 0) {
		lvm_vg_free(vg);
		return -1;
	}
	if (!ps.have_vg) {
		lvm_vg_free(vg);
		return err_set(e, ERR_FORMAT, "metadata holds no volume group");
	}
	if (vg->extent_size == 0) {
		lvm_vg_free(vg);
		return err_set(e, ERR_FORMAT, "volume group %.128s: no extent size", vg->name);
	}
	return 0;
}
