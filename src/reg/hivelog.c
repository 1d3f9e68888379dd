/* SPDX-License-Identifier: MIT */
/*
 * hivelog.c: transaction-log replay.
 *
 * Format: Maxim Suhanov's "Windows registry file format specification"
 * (msuhanov/regf), "Format of transaction log files", "Dirty state of a
 * hive", "Multiple transaction log files".  How the two new-format logs
 * combine follows yarp (RegistryFile.apply_new_log_files), whose corpus
 * hives, recovered by Windows itself, are our test oracle:
 *  - a log is valid when its 512-byte base block has "regf", a good
 *    checksum, file type 6 (new) or 1/2 (old), and equal sequence numbers;
 *  - its entries start at 512, each HvLE with a size in 512-byte units, a
 *    hive-bins size in 4 KiB units, at least one page, good Marvin32
 *    hashes, and the sequence number the log's base block starts with, +1
 *    per entry; the first bad entry ends the log (garbage follows, normally);
 *  - of two logs the one whose base block has the lower sequence number
 *    comes first; with a good primary base block it applies if its
 *    sequence >= the primary's secondary sequence (else only the second
 *    applies), and the second follows only if it continues the sequence;
 *    with a bad primary base block only the newer log applies;
 *  - old format: the log whose timestamp is not older than the primary's
 *    (the later of LOG1/LOG2), its DIRT bitmap (one bit per 512-byte page of
 *    hive bins data, least significant bit first) and pages after it.
 * Afterwards the base block is rewritten in the overlay: sequence numbers
 * synchronised, hive-bins size, root cell, version and timestamp from the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "reg/hivelog.h"
#include "base/marvin.h"

#define BB_SIZE       4096u
#define LOG_BB_SIZE   512u
#define BB_OFF_SEQ1   4
#define BB_OFF_SEQ2   8
#define BB_OFF_TIME   12
#define BB_OFF_MINOR  24
#define BB_OFF_TYPE   28
#define BB_OFF_ROOT   36
#define BB_OFF_HBINS  40
#define BB_OFF_FLAGS  144
#define BB_OFF_CKSUM  508

#define TYPE_PRIMARY  0
#define TYPE_LOG_OLD  1
#define TYPE_LOG_OLD2 2
#define TYPE_LOG_NEW  6

#define LE_OFF_SIZE   4
#define LE_OFF_SEQ    12
#define LE_OFF_HBINS  16
#define LE_OFF_COUNT  20
#define LE_OFF_HASH1  24
#define LE_OFF_HASH2  32
#define LE_HDR        40

uint32_t
regf_checksum(const uint8_t bb[512])
{
	uint32_t x = 0;
	int i;

	for (i = 0; i < 127; i++)
		x ^= le32(bb + 4 * i);
	if (x == 0)
		x = 1;
	else if (x == 0xFFFFFFFF)
		x = 0xFFFFFFFE;
	return x;
}

static int
bb_valid(const uint8_t *bb)
{
	return memcmp(bb, "regf", 4) == 0 && le32(bb + BB_OFF_CKSUM) == regf_checksum(bb);
}

struct entry {
	uint64_t off;       /* in the log file */
	uint32_t size, seq, hbins, count;
};

struct logf {
	const char    *name;  /* "LOG1" ... */
	struct reader *r;
	uint8_t        bb[LOG_BB_SIZE];
	int            valid, format;   /* format: TYPE_LOG_NEW or TYPE_LOG_OLD */
	struct entry  *ent;
	size_t         nent, cap;
	char           why[160];        /* why not valid, or where entries stopped */
};

static void
note_add(struct replay *rp, const char *fmt, const char *a, const char *b)
{
	size_t n = strlen(rp->note);

	if (n + 3 >= sizeof rp->note)
		return;
	snprintf(rp->note + n, sizeof rp->note - n, "%s", n ? "; " : "");
	n = strlen(rp->note);
	snprintf(rp->note + n, sizeof rp->note - n, fmt, a, b);
}

static void
log_open(struct logf *l, const char *name, struct reader *r)
{
	struct err e ERR_AUTO = ERR_INIT;
	uint32_t type;

	memset(l, 0, sizeof *l);
	l->name = name;
	l->r = r;
	if (r == NULL) {
		snprintf(l->why, sizeof l->why, "absent");
		return;
	}
	if (r->size < LOG_BB_SIZE + LE_HDR) {
		snprintf(l->why, sizeof l->why, "%llu bytes, too small", (unsigned long long)r->size);
		return;
	}
	if (reader_read_full(r, l->bb, LOG_BB_SIZE, 0, &e) != 0) {
		snprintf(l->why, sizeof l->why, "%s", err_msg(&e));
		err_clear(&e);
		return;
	}
	if (!bb_valid(l->bb)) {
		snprintf(l->why, sizeof l->why, "bad base block (signature or checksum)");
		return;
	}
	type = le32(l->bb + BB_OFF_TYPE);
	if (type != TYPE_LOG_NEW && type != TYPE_LOG_OLD && type != TYPE_LOG_OLD2) {
		snprintf(l->why, sizeof l->why, "file type %u is not a log", type);
		return;
	}
	if (le32(l->bb + BB_OFF_SEQ1) != le32(l->bb + BB_OFF_SEQ2)) {
		snprintf(l->why, sizeof l->why, "the log itself is dirty");
		return;
	}
	l->format = type == TYPE_LOG_NEW ? TYPE_LOG_NEW : TYPE_LOG_OLD;
	l->valid = 1;
}

/* Hash-check one entry of size sz at off; 1 good, 0 bad, -1 read error. */
static int
entry_hashes_ok(struct reader *r, uint64_t off, uint32_t sz, const uint8_t *hdr, struct err *e)
{
	uint8_t *buf = malloc(sz);
	int ok;

	if (buf == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (reader_read_full(r, buf, sz, off, e) != 0) {
		free(buf);
		return -1;
	}
	ok = marvin32(MARVIN_REGF_SEED, hdr, 32) == le64(hdr + LE_OFF_HASH2) &&
	    marvin32(MARVIN_REGF_SEED, buf + LE_HDR, sz - LE_HDR) == le64(hdr + LE_OFF_HASH1);
	free(buf);
	return ok;
}

/* First pass over a new-format log: the run of valid, consecutive entries. */
static int
scan_entries(struct logf *l, struct err *e)
{
	uint64_t off = LOG_BB_SIZE;
	uint32_t expect = le32(l->bb + BB_OFF_SEQ1);
	uint8_t h[LE_HDR];
	struct entry *v;

	while (off + LE_HDR <= l->r->size) {
		uint32_t sz, hb, cnt;
		int ok;

		if (l->nent >= HIVELOG_MAX_ENTRIES) {
			snprintf(l->why, sizeof l->why, "more than %u entries; stopped", HIVELOG_MAX_ENTRIES);
			return 0;
		}
		if (reader_read_full(l->r, h, sizeof h, off, e) != 0)
			return -1;
		sz = le32(h + LE_OFF_SIZE);
		hb = le32(h + LE_OFF_HBINS);
		cnt = le32(h + LE_OFF_COUNT);
		if (memcmp(h, "HvLE", 4) != 0)
			break; /* the end, or garbage after it: both normal */
		if (sz < 512 || sz % 512 != 0 || sz > l->r->size - off || hb < 4096 || hb % 4096 != 0 ||
		    hb > HIVELOG_MAX_HBINS || cnt == 0 || cnt > (sz - LE_HDR) / 8) {
			snprintf(l->why, sizeof l->why, "entry at 0x%llx: bad header; stopped there",
			    (unsigned long long)off);
			break;
		}
		if ((ok = entry_hashes_ok(l->r, off, sz, h, e)) < 0)
			return -1;
		if (!ok) {
			snprintf(l->why, sizeof l->why, "entry at 0x%llx: bad hash; stopped there",
			    (unsigned long long)off);
			break;
		}
		if (le32(h + LE_OFF_SEQ) != expect) {
			if (l->nent == 0)
				snprintf(l->why, sizeof l->why, "first entry has sequence %u, base block says %u",
				    le32(h + LE_OFF_SEQ), expect);
			break;
		}
		if (l->nent == l->cap) {
			/* doubling: a realloc per entry copies the array each time under ASan */
			size_t cap = l->cap ? 2 * l->cap : 64;
			if ((v = realloc(l->ent, cap * sizeof *v)) == NULL)
				return err_set(e, ERR_NOMEM, "out of memory");
			l->ent = v;
			l->cap = cap;
		}
		l->ent[l->nent++] = (struct entry){off, sz, expect, hb, cnt};
		off += sz;
		expect++;
	}
	return 0;
}

/* Apply one new-format entry's pages; 0, or -1 with e set. */
static int
apply_entry(struct reader *ov, struct logf *l, const struct entry *en, struct replay *rp,
    struct err *e)
{
	uint8_t *refs, *page = NULL;
	uint64_t data = en->off + LE_HDR + (uint64_t)en->count * 8, end = en->off + en->size;
	uint32_t i;
	int rc = -1;

	if ((refs = malloc((size_t)en->count * 8)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (reader_read_full(l->r, refs, (size_t)en->count * 8, en->off + LE_HDR, e) != 0)
		goto out;
	for (i = 0; i < en->count; i++) {
		uint32_t poff = le32(refs + 8 * i), psz = le32(refs + 8 * i + 4);
		uint8_t *np;

		if (psz == 0 || psz > HIVELOG_MAX_PAGE || psz > end - data ||
		    (uint64_t)poff + psz > en->hbins) {
			err_set(e, ERR_FORMAT, "%s: entry %u: page %u (0x%x+0x%x) out of bounds", l->name,
			    en->seq, i, poff, psz);
			goto out;
		}
		if ((np = realloc(page, psz)) == NULL) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto out;
		}
		page = np;
		if (reader_read_full(l->r, page, psz, data, e) != 0 ||
		    overlay_write(ov, BB_SIZE + (uint64_t)poff, page, psz, e) != 0)
			goto out;
		data += psz;
		rp->pages_applied++;
	}
	rc = 0;
out:
	free(refs);
	free(page);
	return rc;
}

/* Sequence a is before b, allowing for 32-bit wrap (as yarp's is_starting_log). */
static int
seq_before(uint32_t a, uint32_t b)
{
	return a != b && (uint32_t)(b - a) <= 0x7FFFFFFFu;
}

/* The base block the recovered hive gets, written into the overlay. */
static int
write_base_block(struct reader *ov, const uint8_t *primary_bb, int primary_ok, const uint8_t *log_bb,
    uint32_t seq, uint32_t hbins, int new_format, struct err *e)
{
	uint8_t bb[BB_SIZE];

	memset(bb, 0, sizeof bb);
	if (primary_ok || memcmp(primary_bb, "regf", 4) == 0)
		memcpy(bb, primary_bb, BB_SIZE);
	else
		memcpy(bb, log_bb, LOG_BB_SIZE);
	put_le32(bb + BB_OFF_SEQ1, seq);
	put_le32(bb + BB_OFF_SEQ2, seq);
	memcpy(bb + BB_OFF_TIME, log_bb + BB_OFF_TIME, 8);
	memcpy(bb + BB_OFF_MINOR, log_bb + BB_OFF_MINOR, 4);
	put_le32(bb + BB_OFF_TYPE, TYPE_PRIMARY);
	memcpy(bb + BB_OFF_ROOT, log_bb + BB_OFF_ROOT, 4);
	put_le32(bb + BB_OFF_HBINS, hbins);
	if (new_format)
		memcpy(bb + BB_OFF_FLAGS, log_bb + BB_OFF_FLAGS, 4);
	put_le32(bb + BB_OFF_CKSUM, regf_checksum(bb));
	return overlay_write(ov, 0, bb, BB_SIZE, e);
}

static int
replay_new(struct reader *primary, const uint8_t *pbb, int pok, struct logf *l1, struct logf *l2,
    struct reader **out, struct replay *rp, struct err *e)
{
	struct logf *plan[2] = {NULL, NULL}, *first, *second;
	uint32_t pseq2 = le32(pbb + BB_OFF_SEQ2), last = 0, hbins = 0;
	uint64_t size;
	struct reader *ov;
	size_t np = 0, i, k;

	/* Order: the lower base-block sequence first. */
	first = l1;
	second = l2;
	if (first == NULL || (second != NULL &&
	    seq_before(le32(second->bb + BB_OFF_SEQ1), le32(first->bb + BB_OFF_SEQ1)))) {
		first = l2;
		second = l1;
	}
	if (second == NULL) {
		second = first;
		first = NULL;
	}
	/* second is now the newer (or only) log; first the older, if any. */
	if (pok) {
		struct logf *a = first ? first : second;
		if (seq_before(le32(a->bb + BB_OFF_SEQ1), pseq2)) {
			note_add(rp, "%s starts before the hive's sequence%s", a->name, "");
			if (a == first)
				a = second;
			else
				a = NULL;
			if (a != NULL && seq_before(le32(a->bb + BB_OFF_SEQ1), pseq2))
				a = NULL;
		}
		if (a != NULL && a->nent > 0) {
			plan[np++] = a;
			last = a->ent[a->nent - 1].seq;
			if (a == first && second->nent > 0 && le32(second->bb + BB_OFF_SEQ1) == last + 1)
				plan[np++] = second;
		}
	} else if (second->nent > 0) {
		plan[np++] = second; /* "This is how Windows works" (yarp) */
	}
	if (np == 0)
		return 0;

	size = primary->size;
	for (i = 0; i < np; i++)
		for (k = 0; k < plan[i]->nent; k++)
			if (BB_SIZE + (uint64_t)plan[i]->ent[k].hbins > size)
				size = BB_SIZE + (uint64_t)plan[i]->ent[k].hbins;
	if ((ov = rd_overlay_open(primary, size, primary->name, e)) == NULL)
		return -1;
	for (i = 0; i < np; i++) {
		for (k = 0; k < plan[i]->nent; k++) {
			if (apply_entry(ov, plan[i], &plan[i]->ent[k], rp, e) != 0) {
				/* A bad page reference: stop here, keep what was applied before. */
				note_add(rp, "%s", err_msg(e), "");
				goto done;
			}
			last = plan[i]->ent[k].seq;
			hbins = plan[i]->ent[k].hbins;
			rp->entries_applied++;
		}
		rp->recovered_from[rp->nrecovered++] = plan[i]->name;
	}
done:
	if (rp->entries_applied == 0) {
		reader_close(ov);
		return 0;
	}
	if (write_base_block(ov, pbb, pok, plan[0]->bb, last, hbins, 1, e) != 0) {
		reader_close(ov);
		return -1;
	}
	rp->new_format = 1;
	*out = ov;
	return 0;
}

static int
replay_old(struct reader *primary, const uint8_t *pbb, int pok, struct logf *l, struct reader **out,
    struct replay *rp, struct err *e)
{
	uint32_t hbins = le32(l->bb + BB_OFF_HBINS), nbits, i;
	uint64_t pages_at, size, bytes;
	uint8_t *bm = NULL, page[512], sig[4];
	struct reader *ov = NULL;
	int rc = -1;

	if (hbins % 4096 != 0 || hbins == 0 || hbins > HIVELOG_MAX_HBINS) {
		note_add(rp, "%s: hive bins size %s in its base block", l->name, "is bad");
		return 0;
	}
	nbits = hbins / 512;
	bytes = nbits / 8;
	pages_at = (LOG_BB_SIZE + 4 + bytes + 511) / 512 * 512;
	if (reader_read_full(l->r, sig, 4, LOG_BB_SIZE, e) != 0)
		return -1;
	if (memcmp(sig, "DIRT", 4) != 0 || pages_at > l->r->size) {
		note_add(rp, "%s: no dirty vector%s", l->name, "");
		return 0;
	}
	if ((bm = malloc((size_t)bytes)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (reader_read_full(l->r, bm, (size_t)bytes, LOG_BB_SIZE + 4, e) != 0)
		goto out;
	size = primary->size > BB_SIZE + (uint64_t)hbins ? primary->size : BB_SIZE + (uint64_t)hbins;
	if ((ov = rd_overlay_open(primary, size, primary->name, e)) == NULL)
		goto out;
	for (i = 0; i < nbits; i++) {
		if (!(bm[i / 8] >> (i % 8) & 1))
			continue;
		if (pages_at + 512 > l->r->size) {
			note_add(rp, "%s: dirty pages end early; %s", l->name, "the rest is stale");
			break;
		}
		if (reader_read_full(l->r, page, 512, pages_at, e) != 0 ||
		    overlay_write(ov, BB_SIZE + (uint64_t)i * 512, page, 512, e) != 0)
			goto out;
		pages_at += 512;
		rp->pages_applied++;
	}
	if (write_base_block(ov, pbb, pok, l->bb, le32(l->bb + BB_OFF_SEQ1), hbins, 0, e) != 0)
		goto out;
	rp->recovered_from[rp->nrecovered++] = l->name;
	rp->entries_applied = 1;
	*out = ov;
	ov = NULL;
	rc = 0;
out:
	reader_close(ov);
	free(bm);
	return rc;
}

int
hivelog_is_dirty(struct reader *primary, struct err *e)
{
	uint8_t bb[LOG_BB_SIZE];

	if (primary->size < LOG_BB_SIZE)
		return 0; /* hive_open says why */
	if (reader_read_full(primary, bb, sizeof bb, 0, e) != 0)
		return -1;
	return !bb_valid(bb) || le32(bb + BB_OFF_SEQ1) != le32(bb + BB_OFF_SEQ2);
}

int
hivelog_replay(struct reader *primary, const struct hive_logs *logs, struct reader **out,
    struct replay *rp, struct err *e)
{
	uint8_t pbb[BB_SIZE];
	struct logf l[3];
	struct logf *nl1 = NULL, *nl2 = NULL, *old = NULL;
	int pok, rc = 0, i;

	*out = NULL;
	memset(rp, 0, sizeof *rp);
	if (primary->size < BB_SIZE)
		return 0; /* hive_open says why */
	if (reader_read_full(primary, pbb, BB_SIZE, 0, e) != 0)
		return -1;
	pok = bb_valid(pbb);
	rp->seq1 = le32(pbb + BB_OFF_SEQ1);
	rp->seq2 = le32(pbb + BB_OFF_SEQ2);
	rp->base_block_bad = !pok;
	rp->dirty = !pok || rp->seq1 != rp->seq2;
	if (!rp->dirty)
		return 0;

	log_open(&l[0], "LOG1", logs ? logs->log1 : NULL);
	log_open(&l[1], "LOG2", logs ? logs->log2 : NULL);
	log_open(&l[2], "LOG", logs ? logs->log : NULL);
	for (i = 0; i < 3; i++) {
		if (l[i].valid && l[i].format == TYPE_LOG_NEW && scan_entries(&l[i], e) != 0) {
			rc = -1;
			goto out;
		}
		/* An empty log is normal (Windows keeps them); only say why a real one was not used. */
		if (!l[i].valid && l[i].r != NULL && l[i].r->size > 0)
			note_add(rp, "%s: %s", l[i].name, l[i].why);
		else if (l[i].valid && l[i].why[0])
			note_add(rp, "%s: %s", l[i].name, l[i].why);
	}
	/* New format first, LOG1 + LOG2 (dual logging), else a lone .LOG. */
	if (l[0].valid && l[0].format == TYPE_LOG_NEW)
		nl1 = &l[0];
	if (l[1].valid && l[1].format == TYPE_LOG_NEW)
		nl2 = &l[1];
	if (nl1 == NULL && nl2 == NULL && l[2].valid && l[2].format == TYPE_LOG_NEW)
		nl1 = &l[2];
	if (nl1 != NULL || nl2 != NULL)
		rc = replay_new(primary, pbb, pok, nl1, nl2, out, rp, e);
	if (rc == 0 && *out == NULL) {
		/* Old format: the latest applicable of LOG1/LOG2, else .LOG. */
		uint64_t pt = le64(pbb + BB_OFF_TIME);
		for (i = 0; i < 3; i++) {
			struct logf *c = &l[i];
			if (!c->valid || c->format != TYPE_LOG_OLD)
				continue;
			if (pok && le64(c->bb + BB_OFF_TIME) < pt)
				continue;
			if (old == NULL || (i < 2 && le64(c->bb + BB_OFF_TIME) > le64(old->bb + BB_OFF_TIME)))
				old = c;
		}
		if (old != NULL)
			rc = replay_old(primary, pbb, pok, old, out, rp, e);
	}
	if (rc == 0 && *out == NULL) {
		rp->stale = 1;
		if (rp->note[0] == '\0')
			snprintf(rp->note, sizeof rp->note, "no usable transaction log: empty or absent");
	}
out:
	for (i = 0; i < 3; i++)
		free(l[i].ent);
	return rc;
}

int
hivelog_states(struct reader *primary, const struct hive_logs *logs, const struct hivelog_watch *w,
    struct err *e)
{
	struct reader *const r[3] = {logs->log1, logs->log2, logs->log};
	static const char *const names[3] = {"LOG1", "LOG2", "LOG"};
	uint8_t pbb[BB_SIZE];
	struct logf l;
	struct replay rp;
	struct reader *ov;
	uint64_t size;
	size_t k;
	int pok, i, rc = 0, stop = 0;

	if (primary->size < BB_SIZE)
		return 0;
	if (reader_read_full(primary, pbb, BB_SIZE, 0, e) != 0)
		return -1;
	pok = bb_valid(pbb);
	for (i = 0; i < 3 && rc == 0 && !stop; i++) {
		log_open(&l, names[i], r[i]);
		if (!l.valid || l.format != TYPE_LOG_NEW || (rc = scan_entries(&l, e)) != 0 || l.nent == 0) {
			free(l.ent);
			continue;
		}
		size = primary->size;
		for (k = 0; k < l.nent; k++)
			if (BB_SIZE + (uint64_t)l.ent[k].hbins > size)
				size = BB_SIZE + (uint64_t)l.ent[k].hbins;
		if ((ov = rd_overlay_open(primary, size, primary->name, e)) == NULL) {
			free(l.ent);
			return -1;
		}
		memset(&rp, 0, sizeof rp);
		/* entry after entry, each on top of the ones before: the hive as of each flush */
		for (k = 0; k < l.nent && rc == 0 && !stop; k++) {
			struct err ae ERR_AUTO = ERR_INIT;
			int bad = apply_entry(ov, &l, &l.ent[k], &rp, &ae) != 0;
			err_clear(&ae);
			if (bad)
				break; /* a bad page reference: the states before it stand */
			if ((rc = write_base_block(ov, pbb, pok, l.bb, l.ent[k].seq, l.ent[k].hbins, 1, e)) == 0)
				stop = w->state(w->ctx, ov, l.name, l.ent[k].seq) != 0;
		}
		reader_close(ov);
		free(l.ent);
	}
	return rc;
}
