/* SPDX-License-Identifier: MIT */
/*
 * ntfs_index.c: see ntfs_index.h.  Reads the volume reader directly: boot
 * sector, MFT records (with update-sequence fixups), runlists, $INDEX_ROOT
 * and $INDEX_ALLOCATION of "$I30", INDX records, and $UpCase a page at a
 * time.  Only the B-tree nodes between the root and the name are read.
 *
 * Sources: the NTFS documentation of the Linux-NTFS project (boot sector,
 * FILE records, attributes, runlists, index root/allocation, INDX, update
 * sequence arrays), libyal's "New Technologies File System (NTFS)" format
 * document (index entries, the filename collation compares $UpCase'd UTF-16
 * units, then lengths).  An index block smaller than a cluster is addressed
 * in 512-byte units, else in clusters.
 *
 * Anything this reader does not follow (an attribute list, a non-filename
 * collation, a sequence-number mismatch, a damaged node) is an error, and
 * ntfs.c asks libfsntfs instead: this is a fast path, never the only path.
 */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "fs/ntfs_index.h"
#include "base/strv.h"
#include "base/utf.h"

#define MFT_UPCASE      10
#define ATTR_LIST       0x20u
#define ATTR_DATA       0x80u
#define ATTR_INDEX_ROOT 0x90u
#define ATTR_INDEX_ALLOC 0xa0u
#define ATTR_FILE_NAME  0x30u
#define ATTR_END        0xffffffffu
#define REC_IN_USE      0x01
#define REC_DIRECTORY   0x02
#define IE_SUBNODE      0x01
#define IE_LAST         0x02
#define COLLATE_FILENAME 1
#define SPARSE          UINT64_MAX
#define UPCASE_PAGE     2048u    /* code units per $UpCase page read (4 KiB) */
#define NAME_MAX16      255u     /* UTF-16 units in an NTFS name */

struct run {
	uint64_t vcn, lcn, len;
};

struct stream {
	struct run *r;
	size_t      n;
	uint64_t    size;
};

struct ntidx {
	struct reader *vol;      /* borrowed */
	uint32_t       cs, rs;   /* cluster and MFT record size */
	struct stream  mft, up;  /* $MFT's and $UpCase's data */
	uint16_t      *upcase[65536 / UPCASE_PAGE];
	uint8_t       *rec;      /* one MFT record */
	uint8_t       *node;     /* one INDX record (up to 64 KiB) */
	char          *memo;     /* last directory resolved, and its entry */
	uint64_t       memo_mft;
};

static const uint8_t I30[8] = {'$', 0, 'I', 0, '3', 0, '0', 0};

static void
stream_free(struct stream *s)
{
	free(s->r);
	memset(s, 0, sizeof *s);
}

/* Decode the runlist p[0..len) starting at vcn 0 into s: 0, or -1. */
static int
runlist(struct ntidx *x, const uint8_t *p, size_t len, struct stream *s, struct err *e)
{
	uint64_t vcn = 0, maxlcn = x->vol->size / x->cs;
	int64_t lcn = 0;
	size_t i = 0, cap = 0;

	while (i < len && p[i] != 0) {
		unsigned ls = p[i] & 0xf, os = p[i] >> 4, k;
		uint64_t rl = 0;
		int64_t d = 0;
		struct run *nr;

		i++;
		if (ls == 0 || ls > 8 || os > 8 || ls + os > len - i)
			return err_set(e, ERR_FORMAT, "bad runlist header");
		for (k = 0; k < ls; k++)
			rl |= (uint64_t)p[i + k] << (8 * k);
		i += ls;
		if (os > 0) {
			for (k = 0; k < os; k++)
				d |= (int64_t)((uint64_t)p[i + k] << (8 * k));
			if (os < 8 && (p[i + os - 1] & 0x80))
				d -= (int64_t)1 << (8 * os); /* sign-extend */
			i += os;
			if ((d < 0 && (uint64_t)lcn < (uint64_t)0 - (uint64_t)d) ||
			    (d > 0 && (uint64_t)d > maxlcn - (uint64_t)lcn))
				return err_set(e, ERR_FORMAT, "run outside the volume");
			lcn = (int64_t)((uint64_t)lcn + (uint64_t)d);
		}
		if (rl == 0 || rl > maxlcn || vcn > UINT64_MAX / x->cs - rl ||
		    (os > 0 && rl > maxlcn - (uint64_t)lcn))
			return err_set(e, ERR_FORMAT, "run of %llu clusters outside the volume",
			    (unsigned long long)rl);
		if (s->n == NTIDX_MAX_RUNS)
			return err_set(e, ERR_LIMIT, "more than %u runs", NTIDX_MAX_RUNS);
		if (s->n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nr = realloc(s->r, cap * sizeof *nr)) == NULL)
				return err_set(e, ERR_NOMEM, "out of memory");
			s->r = nr;
		}
		s->r[s->n++] = (struct run){vcn, os ? (uint64_t)lcn : SPARSE, rl};
		vcn += rl;
	}
	return 0;
}

/* Read len bytes at off of a non-resident stream: 0, or -1. */
static int
stream_read(struct ntidx *x, const struct stream *s, uint64_t off, uint8_t *buf, size_t len,
    struct err *e)
{
	size_t i = 0;

	if (off > s->size || len > s->size - off)
		return err_set(e, ERR_FORMAT, "read past the end of a stream");
	while (len > 0) {
		uint64_t vcn = off / x->cs, in = off % x->cs, n;
		while (i < s->n && s->r[i].vcn + s->r[i].len <= vcn)
			i++;
		if (i == s->n || s->r[i].vcn > vcn) {
			/* runs are in VCN order; restart the search once for a backward seek */
			for (i = 0; i < s->n && !(s->r[i].vcn <= vcn && vcn < s->r[i].vcn + s->r[i].len); i++)
				;
			if (i == s->n)
				return err_set(e, ERR_UNSUPPORTED, "VCN %llu not in the first extent",
				    (unsigned long long)vcn);
		}
		n = (s->r[i].vcn + s->r[i].len - vcn) * x->cs - in;
		if (n > len)
			n = len;
		if (s->r[i].lcn == SPARSE)
			memset(buf, 0, n);
		else if (reader_read_full(x->vol, buf, n, (s->r[i].lcn + vcn - s->r[i].vcn) * x->cs + in, e) != 0)
			return -1;
		buf += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* Apply the update sequence array of a record of size bytes with signature sig: 0, or -1. */
static int
fixup(uint8_t *b, uint32_t size, const char *sig, struct err *e)
{
	uint32_t uo = le16(b + 4), un = le16(b + 6), i;

	if (memcmp(b, sig, 4) != 0)
		return err_set(e, ERR_FORMAT, "no %s signature", sig);
	if (un != size / 512 + 1 || uo < 8 || uo + 2 * un > size)
		return err_set(e, ERR_FORMAT, "%s record: bad update sequence array", sig);
	for (i = 1; i < un; i++) {
		uint8_t *end = b + i * 512 - 2;
		if (memcmp(end, b + uo, 2) != 0)
			return err_set(e, ERR_FORMAT, "%s record: torn write (update sequence)", sig);
		memcpy(end, b + uo + 2 * i, 2);
	}
	return 0;
}

/* Read MFT record idx into x->rec (in use, fixed up): 0, or -1. */
static int
record(struct ntidx *x, uint64_t idx, struct err *e)
{
	if (idx >= x->mft.size / x->rs)
		return err_set(e, ERR_FORMAT, "MFT entry %llu past $MFT", (unsigned long long)idx);
	if (stream_read(x, &x->mft, idx * x->rs, x->rec, x->rs, e) != 0 ||
	    fixup(x->rec, x->rs, "FILE", e) != 0)
		return err_ctx(e, "MFT entry %llu", (unsigned long long)idx);
	if (!(le16(x->rec + 0x16) & REC_IN_USE))
		return err_set(e, ERR_FORMAT, "MFT entry %llu is not in use", (unsigned long long)idx);
	return 0;
}

/*
 * Find attribute type named name (UTF-16LE, nlen units; NULL: unnamed) in
 * x->rec: 1 with *a and *alen, 0 absent, -1 (damaged, or only in an attribute list).
 */
static int
attr(struct ntidx *x, uint32_t type, const uint8_t *name, unsigned nlen, const uint8_t **a,
    uint32_t *alen, struct err *e)
{
	uint32_t off = le16(x->rec + 0x14), used = le32(x->rec + 0x18), n;
	int list = 0;

	if (used > x->rs)
		used = x->rs;
	for (n = 0; n < NTIDX_MAX_ATTRS && off + 16 <= used; n++) {
		const uint8_t *p = x->rec + off;
		uint32_t t = le32(p), l = le32(p + 4);
		if (t == ATTR_END)
			break;
		if (l < 16 || l > used - off || (l & 7))
			return err_set(e, ERR_FORMAT, "bad attribute length");
		list |= t == ATTR_LIST;
		if (t == type && p[9] == nlen && (nlen == 0 ||
		    ((uint32_t)le16(p + 10) + 2u * nlen <= l && memcmp(p + le16(p + 10), name, 2u * nlen) == 0))) {
			*a = p;
			*alen = l;
			return 1;
		}
		off += l;
	}
	if (list)
		return err_set(e, ERR_UNSUPPORTED, "attribute in an $ATTRIBUTE_LIST");
	return 0;
}

/* A non-resident attribute's runlist (first extent only) into s: 0, or -1. */
static int
nonresident(struct ntidx *x, const uint8_t *a, uint32_t alen, struct stream *s, struct err *e)
{
	uint32_t ro;

	if (a[8] != 1 || alen < 0x40 || le64(a + 0x10) != 0 || (ro = le16(a + 0x20)) >= alen)
		return err_set(e, ERR_FORMAT, "expected a non-resident attribute");
	s->size = le64(a + 0x30);
	return runlist(x, a + ro, alen - ro, s, e);
}

/* Upper-case code unit c by $UpCase (read a 4 KiB page on first use): 0 on error. */
static int
up(struct ntidx *x, uint16_t c, uint16_t *out, struct err *e)
{
	uint16_t **pg = &x->upcase[c / UPCASE_PAGE];
	unsigned k;

	if (*pg == NULL) {
		uint16_t *t = malloc(UPCASE_PAGE * 2);
		if (t == NULL)
			return err_set(e, ERR_NOMEM, "out of memory");
		if (stream_read(x, &x->up, (uint64_t)(c / UPCASE_PAGE) * UPCASE_PAGE * 2, (uint8_t *)t,
		    UPCASE_PAGE * 2, e) != 0) {
			free(t);
			return err_ctx(e, "$UpCase");
		}
		for (k = 0; k < UPCASE_PAGE; k++)
			t[k] = le16((uint8_t *)&t[k]);
		*pg = t;
	}
	*out = (*pg)[c % UPCASE_PAGE];
	return 0;
}

/* Filename collation of a (host units) against b (UTF-16LE): <0, 0, >0, or -2 on error. */
static int
collate(struct ntidx *x, const uint16_t *a, size_t an, const uint8_t *b, size_t bn, struct err *e)
{
	size_t i;

	for (i = 0; i < an && i < bn; i++) {
		uint16_t ua, ub;
		if (up(x, a[i], &ua, e) != 0 || up(x, le16(b + 2 * i), &ub, e) != 0)
			return -2;
		if (ua != ub)
			return ua < ub ? -1 : 1;
	}
	return an == bn ? 0 : an < bn ? -1 : 1;
}

/*
 * Search directory entry dir for name: 1 with *ref (MFT reference), 0 absent,
 * -1.  *nodes counts index nodes read for the whole path.
 */
static int
dir_find(struct ntidx *x, uint64_t dir, const uint16_t *name, size_t nlen, uint64_t *ref,
    unsigned *nodes, struct err *e)
{
	struct stream alloc = {0};
	const uint8_t *ir, *ia, *p, *end;
	uint32_t irl, ial, ibs, unit, depth;
	int rc;

	if (record(x, dir, e) != 0)
		return -1;
	if (!(le16(x->rec + 0x16) & REC_DIRECTORY))
		return 0; /* a file where a directory was expected: the path does not exist */
	if ((rc = attr(x, ATTR_INDEX_ROOT, I30, 4, &ir, &irl, e)) <= 0)
		return rc < 0 ? -1 : err_set(e, ERR_FORMAT, "directory without $I30 index root");
	if (ir[8] != 0 || irl < 0x18 || le16(ir + 0x14) > irl || le32(ir + 0x10) > irl - le16(ir + 0x14))
		return err_set(e, ERR_FORMAT, "bad $INDEX_ROOT");
	irl = le32(ir + 0x10);
	ir += le16(ir + 0x14);
	if (irl < 32 || le32(ir) != ATTR_FILE_NAME || le32(ir + 4) != COLLATE_FILENAME)
		return err_set(e, ERR_UNSUPPORTED, "$I30 index of another kind");
	ibs = le32(ir + 8);
	if (ibs < 512 || ibs > 65536 || (ibs & (ibs - 1)))
		return err_set(e, ERR_FORMAT, "index block size %u", ibs);
	unit = ibs >= x->cs ? x->cs : 512;
	if (le32(ir + 16) < 16 || le32(ir + 20) > irl - 16 || le32(ir + 16) > le32(ir + 20))
		return err_set(e, ERR_FORMAT, "bad index root header");
	p = ir + 16 + le32(ir + 16);
	end = ir + 16 + le32(ir + 20);
	/* x->rec is not read again below: ir stays valid. */
	if ((rc = attr(x, ATTR_INDEX_ALLOC, I30, 4, &ia, &ial, e)) < 0)
		return -1;
	if (rc == 1 && nonresident(x, ia, ial, &alloc, e) != 0)
		goto fail;
	for (depth = 0;; depth++) {
		uint64_t child = UINT64_MAX, vcn;
		for (;;) {
			uint32_t el, kl, fl, fnl;
			int c;
			if (end - p < 16)
				goto damaged;
			el = le16(p + 8);
			kl = le16(p + 10);
			fl = le16(p + 12);
			if (el < 16 || el > (uint32_t)(end - p) || ((fl & IE_SUBNODE) && el < 24))
				goto damaged;
			vcn = (fl & IE_SUBNODE) ? le64(p + el - 8) : UINT64_MAX;
			if (fl & IE_LAST) {
				child = vcn;
				break;
			}
			if (kl < 0x42 || 16u + kl > el || 0x42u + 2u * (fnl = p[16 + 0x40]) > kl)
				goto damaged;
			if ((c = collate(x, name, nlen, p + 16 + 0x42, fnl, e)) == -2)
				goto fail;
			if (c == 0) {
				*ref = le64(p);
				stream_free(&alloc);
				return 1;
			}
			if (c < 0) {
				child = vcn;
				break;
			}
			p += el;
		}
		if (child == UINT64_MAX) {
			stream_free(&alloc);
			return 0;
		}
		if (alloc.n == 0 || depth + 1 >= NTIDX_MAX_DEPTH || ++*nodes > NTIDX_MAX_NODES) {
			/* no real directory's B-tree is 32 levels deep or takes 256 nodes: a cycle, or damage */
			err_set(e, ERR_FORMAT, "index node %llu cannot be followed (depth %u, %u nodes)",
			    (unsigned long long)child, depth, *nodes);
			goto fail;
		}
		if (child > alloc.size / unit ||
		    stream_read(x, &alloc, child * unit, x->node, ibs, e) != 0 ||
		    fixup(x->node, ibs, "INDX", e) != 0) {
			err_ctx(e, "index node %llu", (unsigned long long)child);
			goto fail;
		}
		if (le64(x->node + 0x10) != child || le32(x->node + 0x18) < 16 ||
		    le32(x->node + 0x1c) > ibs - 0x18 || le32(x->node + 0x18) > le32(x->node + 0x1c))
			goto damaged;
		p = x->node + 0x18 + le32(x->node + 0x18);
		end = x->node + 0x18 + le32(x->node + 0x1c);
	}
damaged:
	err_set(e, ERR_FORMAT, "damaged $I30 index entry");
fail:
	stream_free(&alloc);
	return -1;
}

struct ntidx *
ntidx_open(struct reader *vol, struct err *e)
{
	uint8_t bs[512];
	struct ntidx *x;
	const uint8_t *a;
	uint32_t alen, bps, spc;
	int8_t crs;
	int rc;

	if (reader_read_full(vol, bs, sizeof bs, 0, e) != 0)
		return err_ctx(e, "boot sector"), NULL;
	bps = le16(bs + 0x0b);
	/* Sectors per cluster: a count up to 0x80, else 2^(256 - v) (64 KiB+ clusters); at most 2^12. */
	spc = bs[0x0d] <= 0x80 ? bs[0x0d] : bs[0x0d] >= 256 - 12 ? 1u << (256 - bs[0x0d]) : 0;
	crs = (int8_t)bs[0x40];
	if (memcmp(bs + 3, "NTFS    ", 8) != 0 || bps < 256 || bps > 4096 || (bps & (bps - 1)) ||
	    spc == 0 || (spc & (spc - 1)) || bps * spc > (2u << 20))
		return err_set(e, ERR_FORMAT, "bad boot sector"), NULL;
	if ((x = calloc(1, sizeof *x)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	x->vol = vol;
	x->cs = bps * spc;
	x->rs = crs > 0 ? (uint32_t)crs * x->cs : crs >= -16 && crs <= -9 ? 1u << -crs : 0;
	if (x->rs < 512 || x->rs > 65536 || (x->rs & (x->rs - 1)) || vol->size < x->rs ||
	    le64(bs + 0x30) > (vol->size - x->rs) / x->cs) {
		err_set(e, ERR_FORMAT, "bad MFT record size or location");
		goto fail;
	}
	if ((x->rec = malloc(x->rs)) == NULL || (x->node = malloc(65536)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	/* $MFT's own record, then its data runlist; then $UpCase's. */
	if (reader_read_full(vol, x->rec, x->rs, le64(bs + 0x30) * x->cs, e) != 0 ||
	    fixup(x->rec, x->rs, "FILE", e) != 0) {
		err_ctx(e, "$MFT");
		goto fail;
	}
	if ((rc = attr(x, ATTR_DATA, NULL, 0, &a, &alen, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_FORMAT, "no data");
		err_ctx(e, "$MFT");
		goto fail;
	}
	if (nonresident(x, a, alen, &x->mft, e) != 0) {
		err_ctx(e, "$MFT");
		goto fail;
	}
	if (record(x, MFT_UPCASE, e) != 0 || (rc = attr(x, ATTR_DATA, NULL, 0, &a, &alen, e)) < 0) {
		err_ctx(e, "$UpCase");
		goto fail;
	}
	if (rc == 1 && nonresident(x, a, alen, &x->up, e) != 0) {
		err_ctx(e, "$UpCase");
		goto fail;
	}
	if (rc == 0 || x->up.size != 131072) {
		err_set(e, ERR_FORMAT, "$UpCase: not a 64 Ki-entry table");
		goto fail;
	}
	return x;
fail:
	ntidx_close(x);
	return NULL;
}

int
ntidx_lookup(struct ntidx *x, const char *path, uint64_t *mft, struct err *e)
{
	uint16_t name[NAME_MAX16];
	char comp[NAME_MAX16 * 4 + 1];
	const char *p = path, *q, *last;
	uint64_t cur = 5, ref = 0; /* entry 5 is the root directory */
	unsigned nodes = 0, depth = 0;
	long nl, cl;
	int rc;

	/* Bound the path before reading anything. */
	for (q = path; (cl = path_next(&q, comp, sizeof comp)) != 0; )
		if (cl < 0 || ++depth > NTIDX_MAX_PATH)
			return err_set(e, ERR_LIMIT, "path of more than %u components or a name of "
			    "more than %zu bytes", NTIDX_MAX_PATH, sizeof comp - 1);
	/* The directory part may be the one resolved last time. */
	last = strrchr(path, '\\');
	if (last != NULL && x->memo != NULL && (size_t)(last - path) == strlen(x->memo) &&
	    strncmp(path, x->memo, (size_t)(last - path)) == 0) {
		cur = x->memo_mft;
		p = last;
	}
	while (path_next(&p, comp, sizeof comp) > 0) {
		if ((nl = utf8_to_utf16(comp, name, NAME_MAX16)) <= 0)
			return err_set(e, ERR_FORMAT, "bad name \"%s\"", comp);
		if ((rc = dir_find(x, cur, name, (size_t)nl, &ref, &nodes, e)) <= 0)
			return rc;
		/* The entry must still be the one the index names (sequence number). */
		if (record(x, ref & 0xffffffffffffull, e) != 0)
			return -1;
		if ((ref >> 48) != 0 && le16(x->rec + 0x10) != (ref >> 48))
			return err_set(e, ERR_FORMAT, "stale index entry for \"%s\"", comp);
		cur = ref & 0xffffffffffffull;
		if (p == last) {
			/* remember the directory part for the next file in it */
			char *m = malloc((size_t)(last - path) + 1);
			if (m != NULL) {
				memcpy(m, path, (size_t)(last - path));
				m[last - path] = '\0';
				free(x->memo);
				x->memo = m;
				x->memo_mft = cur;
			}
		}
	}
	*mft = cur;
	return 1;
}

void
ntidx_close(struct ntidx *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < sizeof x->upcase / sizeof x->upcase[0]; i++)
		free(x->upcase[i]);
	stream_free(&x->mft);
	stream_free(&x->up);
	free(x->rec);
	free(x->node);
	free(x->memo);
	free(x);
}
