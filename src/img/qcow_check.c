/* SPDX-License-Identifier: MIT */
/*
 * qcow_check.c: our own check of a QCOW2 file's tables before libqcow reads
 * it.  libqcow 20201213 copies past its buffer when a cluster it maps lies
 * (partly) past the end of the file (ASan, tests/tools/sweep.c on a truncated
 * QCOW2), so every cluster the L1 and L2 tables name must lie inside the
 * file, and the header must be one we expect.
 *
 * Format (QEMU docs/interop/qcow2.txt): big-endian header: magic "QFI\xfb",
 * version at 4 (2 or 3), backing file name offset at 8 and size at 16
 * (QEMU: at most 1023 bytes), cluster_bits at 20, size
 * at 24, crypt_method at 32, l1_size at 36, l1_table_offset at 40; version 3:
 * incompatible_features at 72.  L1 and L2 entries: bits 9..55 the host
 * offset; an L2 entry with bit 62 set is a compressed cluster: with
 * x = 62 - (cluster_bits - 8), its offset is bits 0..x-1 and bits x..61 hold
 * the number of additional 512-byte sectors.  Version 3: a standard L2
 * entry with bit 0 set reads as zeros, whatever its offset.
 *
 * libqcow 20201213 ignores that bit: it reads such a cluster from its
 * offset, 0 when none, so the disk shows the QCOW2 header there (found
 * comparing a qemu-made backing chain with the raw disk it holds).  The
 * check therefore also lists, per file, the zero clusters and the clusters
 * it holds at all (byte runs); qcow_zero_open lays the zeros over libqcow's
 * reader, through a whole backing chain: a zero cluster counts where no
 * newer file holds that cluster.
 */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "img/more.h"

#define QCOW_OFFSET_MASK 0x00fffffffffffe00ull
#define QCOW_COMPRESSED  (1ull << 62)
#define QCOW_MAX_L1      (1u << 22)  /* entries: 4 Mi L2 tables */
#define QCOW_ZERO_FLAG   1ull

/* Append [start, start+len) to sorted runs r (start >= every run's): 0, or -1. */
static int
runs_add(struct qcow_runs *r, uint64_t start, uint64_t len, struct err *e)
{
	if (len == 0)
		return 0;
	if (r->n > 0 && r->v[r->n - 1][0] + r->v[r->n - 1][1] == start) {
		r->v[r->n - 1][1] += len;
		return 0;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		uint64_t (*v)[2];
		if (r->n >= QCOW_MAX_RUNS)
			return err_set(e, ERR_LIMIT, "QCOW: more than %u runs of zero or held clusters",
			    QCOW_MAX_RUNS);
		if ((v = realloc(r->v, cap * sizeof *v)) == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n][0] = start;
	r->v[r->n][1] = len;
	r->n++;
	return 0;
}

void
qcow_map_free(struct qcow_map *m)
{
	free(m->zero.v);
	free(m->used.v);
	memset(m, 0, sizeof *m);
}

int
qcow_head_read(struct reader *f, struct qcow_head *hd, struct err *e)
{
	uint8_t h[104];
	uint64_t size, l1off, cs, per_l2, need;
	uint32_t ver, cb, l1n;

	memset(hd, 0, sizeof *hd);
	if (reader_read_full(f, h, sizeof h, 0, e) != 0)
		return err_ctx(e, "QCOW: header");
	ver = be32(h + 4);
	cb = be32(h + 20);
	size = be64(h + 24);
	l1n = be32(h + 36);
	l1off = be64(h + 40);
	if (ver != 2 && ver != 3)
		return err_set(e, ERR_UNSUPPORTED, "QCOW: version %u not read", ver);
	if (be64(h + 8) != 0 && (be32(h + 16) == 0 || be32(h + 16) > 1023 || be64(h + 8) > f->size ||
	    be32(h + 16) > f->size - be64(h + 8)))
		return err_set(e, ERR_FORMAT, "QCOW: backing file name of %u bytes at 0x%llx does not fit the file",
		    be32(h + 16), (unsigned long long)be64(h + 8));
	hd->version = ver;
	hd->size = size;
	hd->has_backing = be64(h + 8) != 0;
	if (hd->has_backing && reader_read_full(f, hd->backing, be32(h + 16), be64(h + 8), e) != 0)
		return err_ctx(e, "QCOW: backing file name");
	if (be32(h + 32) != 0)
		return err_set(e, ERR_UNSUPPORTED, "QCOW: encrypted");
	if (ver == 3 && be64(h + 72) != 0)
		return err_set(e, ERR_UNSUPPORTED, "QCOW: incompatible features 0x%llx (dirty, corrupt, "
		    "external data or another compression) not read", (unsigned long long)be64(h + 72));
	if (cb < 9 || cb > 21)
		return err_set(e, ERR_FORMAT, "QCOW: cluster bits %u", cb);
	cs = 1ull << cb;
	per_l2 = cs / 8;
	need = (size + cs * per_l2 - 1) / (cs * per_l2);
	if (l1n < need || l1n > QCOW_MAX_L1 || l1off % cs != 0 || l1off > f->size ||
	    (uint64_t)l1n * 8 > f->size - l1off)
		return err_set(e, ERR_FORMAT, "QCOW: L1 table of %u entries at 0x%llx (needs %llu) does not "
		    "fit the file", l1n, (unsigned long long)l1off, (unsigned long long)need);
	hd->cluster_bits = cb;
	hd->l1_size = l1n;
	hd->l1_offset = l1off;
	hd->l1_needed = need;
	return 0;
}

int
qcow_check(struct reader *f, struct qcow_map *m, struct qcow_head *hd, struct err *e)
{
	uint64_t size, l1off, cs, per_l2, need, i, k, *l1 = NULL;
	uint32_t ver, cb, l1n;
	uint8_t *l2 = NULL;
	int rc = -1;

	memset(m, 0, sizeof *m);
	if (qcow_head_read(f, hd, e) != 0)
		return -1;
	ver = hd->version;
	size = hd->size;
	cb = hd->cluster_bits;
	l1n = hd->l1_size;
	l1off = hd->l1_offset;
	need = hd->l1_needed;
	cs = 1ull << cb;
	per_l2 = cs / 8;
	if ((l1 = malloc((size_t)l1n * 8)) == NULL || (l2 = malloc((size_t)cs)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (reader_read_full(f, l1, (size_t)l1n * 8, l1off, e) != 0) {
		err_ctx(e, "QCOW: L1 table");
		goto out;
	}
	for (i = 0; i < need; i++) {
		uint64_t l2off = be64((uint8_t *)&l1[i]) & QCOW_OFFSET_MASK;
		if (l2off == 0)
			continue;
		if (l2off % cs != 0 || l2off > f->size || cs > f->size - l2off) {
			err_set(e, ERR_FORMAT, "QCOW: L2 table %llu at 0x%llx lies outside the file",
			    (unsigned long long)i, (unsigned long long)l2off);
			goto out;
		}
		if (reader_read_full(f, l2, (size_t)cs, l2off, e) != 0) {
			err_ctx(e, "QCOW: L2 table %llu", (unsigned long long)i);
			goto out;
		}
		for (k = 0; k < per_l2; k++) {
			uint64_t en = be64(l2 + 8 * k), off, len, at = (i * per_l2 + k) * cs;
			if (en != 0 && at < size) {
				uint64_t n = cs < size - at ? cs : size - at;
				/* what a file holds matters only over a backing file */
				if ((hd->has_backing && runs_add(&m->used, at, n, e) != 0) ||
				    (ver == 3 && !(en & QCOW_COMPRESSED) && (en & QCOW_ZERO_FLAG) &&
				    runs_add(&m->zero, at, n, e) != 0))
					goto out;
			}
			if (en & QCOW_COMPRESSED) {
				unsigned x = 62 - (cb - 8);
				off = en & ((1ull << x) - 1);
				len = (((en >> x) & ((1ull << (cb - 8)) - 1)) + 1) * 512 - (off & 511);
			} else {
				off = en & QCOW_OFFSET_MASK;
				len = cs;
				if (off == 0 || (ver == 3 && (en & QCOW_ZERO_FLAG)))
					continue; /* unallocated, or all zeros (v3 bit 0): nothing is read */
				if (off % cs != 0) {
					err_set(e, ERR_FORMAT, "QCOW: cluster at 0x%llx is not aligned",
					    (unsigned long long)off);
					goto out;
				}
			}
			if (off > f->size || len > f->size - off) {
				err_set(e, ERR_FORMAT, "QCOW: cluster %llu at 0x%llx lies past the end of the file "
				    "(%llu bytes)", (unsigned long long)(i * per_l2 + k), (unsigned long long)off,
				    (unsigned long long)f->size);
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(l1);
	free(l2);
	if (rc != 0)
		qcow_map_free(m);
	return rc;
}

/* a minus b (both sorted, merged) into out: 0, or -1. */
static int
runs_sub(const struct qcow_runs *a, const struct qcow_runs *b, struct qcow_runs *out, struct err *e)
{
	size_t i, j = 0;

	for (i = 0; i < a->n; i++) {
		uint64_t s = a->v[i][0], end = s + a->v[i][1];
		while (j < b->n && b->v[j][0] + b->v[j][1] <= s)
			j++;
		for (size_t k = j; k < b->n && b->v[k][0] < end && s < end; k++) {
			if (b->v[k][0] > s && runs_add(out, s, b->v[k][0] - s, e) != 0)
				return -1;
			if (b->v[k][0] + b->v[k][1] > s)
				s = b->v[k][0] + b->v[k][1];
		}
		if (s < end && runs_add(out, s, end - s, e) != 0)
			return -1;
	}
	return 0;
}

/* a union b (both sorted, merged) into out: 0, or -1. */
static int
runs_union(const struct qcow_runs *a, const struct qcow_runs *b, struct qcow_runs *out, struct err *e)
{
	size_t i = 0, j = 0;
	uint64_t s = 0, end = 0;
	int open = 0;

	while (i < a->n || j < b->n) {
		const uint64_t *r = j == b->n || (i < a->n && a->v[i][0] <= b->v[j][0]) ? a->v[i++] : b->v[j++];
		if (open && r[0] <= end) {
			if (r[0] + r[1] > end)
				end = r[0] + r[1];
			continue;
		}
		if (open && runs_add(out, s, end - s, e) != 0)
			return -1;
		s = r[0];
		end = r[0] + r[1];
		open = 1;
	}
	return open ? runs_add(out, s, end - s, e) : 0;
}

/* With runs_union, out may not alias: a tiny swap helper. */
static void
runs_move(struct qcow_runs *to, struct qcow_runs *from)
{
	free(to->v);
	*to = *from;
	memset(from, 0, sizeof *from);
}

struct qzero {
	struct reader   *base; /* borrowed */
	struct qcow_runs z;    /* byte runs that read as zeros */
};

static ssize_t
qzero_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct qzero *q = r->ctx;
	uint8_t *out = buf;
	size_t lo = 0, hi = q->z.n, done = 0;

	if (off >= r->size)
		return 0;
	if (len > r->size - off)
		len = (size_t)(r->size - off);
	/* the first run ending after off */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (q->z.v[mid][0] + q->z.v[mid][1] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (done < len) {
		uint64_t at = off + done, n = len - done;
		if (lo < q->z.n && q->z.v[lo][0] <= at) {
			uint64_t end = q->z.v[lo][0] + q->z.v[lo][1];
			n = end - at < n ? end - at : n;
			memset(out + done, 0, (size_t)n);
			lo++;
		} else {
			if (lo < q->z.n && q->z.v[lo][0] - at < n)
				n = q->z.v[lo][0] - at;
			if (reader_read_full(q->base, out + done, (size_t)n, at, e) != 0)
				return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)len;
}

static void
qzero_close(struct reader *r)
{
	struct qzero *q = r->ctx;

	free(q->z.v);
}

struct reader *
qcow_zero_open(struct reader *top, const struct qcow_map *maps, size_t n, struct err *e)
{
	struct qcow_runs held = {0}, t1 = {0}, t2 = {0};
	struct reader *r;
	struct qzero *q;
	size_t i;

	if ((r = reader_alloc(sizeof *q, top->name, e)) == NULL)
		return NULL;
	q = r->ctx;
	q->base = top;
	r->size = top->size;
	r->sector_size = top->sector_size;
	r->read_at = qzero_read;
	r->close = qzero_close;
	/* newest first: a level's zeros count where no newer level holds the cluster */
	for (i = 0; i < n; i++) {
		if (runs_sub(&maps[i].zero, &held, &t1, e) != 0 || runs_union(&q->z, &t1, &t2, e) != 0)
			goto fail;
		runs_move(&q->z, &t2);
		free(t1.v);
		memset(&t1, 0, sizeof t1);
		if (runs_union(&held, &maps[i].used, &t2, e) != 0)
			goto fail;
		runs_move(&held, &t2);
	}
	free(held.v);
	return r;
fail:
	free(held.v);
	free(t1.v);
	free(t2.v);
	reader_close(r);
	return NULL;
}
