/* SPDX-License-Identifier: MIT */
/*
 * vhdx_log.c: MS-VHDX log replay.
 *
 * The log is a circular buffer of 4 KiB sectors at LogOffset, LogLength
 * bytes.  An entry: a 64-byte header ("loge", CRC-32C of the whole entry
 * with that field zero, EntryLength, Tail, SequenceNumber, DescriptorCount,
 * LogGuid at 32, FlushedFileOffset at 48, LastFileOffset at 56), 32-byte
 * descriptors after it ("zero": length at 8, file offset at 16, sequence at
 * 24; "desc": trailing 4 bytes at 4, leading 8 bytes at 8, file offset at
 * 16, sequence at 24), padded to 4 KiB, then one 4 KiB data sector per
 * "desc" ("data", sequence high, 4084 bytes, sequence low).  The sector
 * written is the leading 8 bytes, the 4084, the trailing 4.
 * The active sequence: entries with consecutive sequence numbers, each
 * following the last in the buffer, whose head's Tail points at an entry
 * of the run; of several, the one whose head has the highest sequence.
 * Every field is checked against the log and the file before use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc.h"
#include "img/vhdx_log.h"

#define SECTOR       4096u
#define LE_HDR       64u
#define DESC_SIZE    32u
#define MiB          (1024u * 1024)

struct lentry {
	uint32_t off, len, tail, ndesc;
	uint64_t seq, last_file_offset;
};

static void
circ(const uint8_t *log, uint32_t loglen, uint32_t off, uint8_t *out, uint32_t n)
{
	uint32_t first = loglen - off < n ? loglen - off : n;

	memcpy(out, log + off, first);
	memcpy(out + first, log, n - first);
}

/* Is there a valid entry at off?  Fills le. */
static int
entry_at(const uint8_t *log, uint32_t loglen, uint32_t off, const uint8_t guid[16], uint8_t *scratch,
    struct lentry *le)
{
	uint8_t h[LE_HDR];
	uint32_t len, nd, dsec, i, ndata = 0;

	circ(log, loglen, off, h, LE_HDR);
	if (memcmp(h, "loge", 4) != 0 || memcmp(h + 32, guid, 16) != 0)
		return 0;
	len = le32(h + 8);
	nd = le32(h + 24);
	if (len < SECTOR || len % SECTOR != 0 || len > loglen || le32(h + 12) % SECTOR != 0 ||
	    le32(h + 12) >= loglen || nd > (len / SECTOR) * (SECTOR / DESC_SIZE))
		return 0;
	dsec = (LE_HDR + nd * DESC_SIZE + SECTOR - 1) / SECTOR;
	if (dsec > len / SECTOR)
		return 0;
	circ(log, loglen, off, scratch, len);
	memset(scratch + 4, 0, 4);
	if (crc32c(scratch, len) != le32(h + 4))
		return 0;
	for (i = 0; i < nd; i++) {
		const uint8_t *d = scratch + LE_HDR + DESC_SIZE * i;
		if (le64(d + 24) != le64(h + 16))
			return 0;
		if (memcmp(d, "desc", 4) == 0)
			ndata++;
		else if (memcmp(d, "zero", 4) != 0)
			return 0;
	}
	if (dsec + ndata != len / SECTOR)
		return 0;
	/* A data sector not of this entry means the entry was torn: not valid. */
	for (i = 0; i < ndata; i++) {
		const uint8_t *ds = scratch + (size_t)(dsec + i) * SECTOR;
		if (memcmp(ds, "data", 4) != 0 || le32(ds + 4) != (uint32_t)(le64(h + 16) >> 32) ||
		    le32(ds + 4092) != (uint32_t)le64(h + 16))
			return 0;
	}
	le->off = off;
	le->len = len;
	le->tail = le32(h + 12);
	le->ndesc = nd;
	le->seq = le64(h + 16);
	le->last_file_offset = le64(h + 56);
	return 1;
}

static int
apply(struct reader *ov, const uint8_t *log, uint32_t loglen, const struct lentry *le, uint8_t *ent,
    struct err *e)
{
	static const uint8_t zeros[SECTOR];
	uint32_t dsec = (LE_HDR + le->ndesc * DESC_SIZE + SECTOR - 1) / SECTOR, i, k = 0;
	uint8_t sec[SECTOR];

	circ(log, loglen, le->off, ent, le->len);
	for (i = 0; i < le->ndesc; i++) {
		const uint8_t *d = ent + LE_HDR + DESC_SIZE * i;
		uint64_t fo = le64(d + 16);
		if (memcmp(d, "zero", 4) == 0) {
			uint64_t n = le64(d + 8), done;
			if (fo % SECTOR || n % SECTOR || fo > ov->size || n > ov->size - fo)
				return err_set(e, ERR_FORMAT, "zero descriptor 0x%llx+0x%llx out of range",
				    (unsigned long long)fo, (unsigned long long)n);
			for (done = 0; done < n; done += SECTOR)
				if (overlay_write(ov, fo + done, zeros, SECTOR, e) != 0)
					return -1;
			continue;
		}
		{
			const uint8_t *ds = ent + (size_t)(dsec + k++) * SECTOR;
			if (memcmp(ds, "data", 4) != 0 || le32(ds + 4) != (uint32_t)(le->seq >> 32) ||
			    le32(ds + 4092) != (uint32_t)le->seq)
				return err_set(e, ERR_FORMAT, "data sector %u of entry %llu is torn", k,
				    (unsigned long long)le->seq);
			if (fo % SECTOR || fo > ov->size || SECTOR > ov->size - fo)
				return err_set(e, ERR_FORMAT, "data descriptor at 0x%llx out of range",
				    (unsigned long long)fo);
			memcpy(sec, d + 8, 8);
			memcpy(sec + 8, ds + 8, 4084);
			memcpy(sec + 4092, d + 4, 4);
			if (overlay_write(ov, fo, sec, SECTOR, e) != 0)
				return -1;
		}
	}
	return 0;
}

/* Descending sequence number, for vhdxlog_replay's one pass over the runs. */
static int
by_seq_desc(const void *a, const void *b)
{
	const struct lentry *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? 1 : -1;
	return (x->off > y->off) - (x->off < y->off); /* a total order: qsort is not stable */
}

int
vhdxlog_replay(struct reader *file, const struct vdisk_info *info, struct reader **out,
    struct vhdxlog_result *res, struct err *e)
{
	uint8_t guid[16], *log = NULL, *ent = NULL;
	uint32_t loglen = info->log_length, n = 0, i, best = 0, run, *head = NULL;
	int32_t *at = NULL, *next = NULL;
	struct lentry *v = NULL, *seq = NULL;
	uint64_t best_seq = 0, size;
	struct reader *ov = NULL;
	int found = 0, rc = -1;

	*out = NULL;
	memset(res, 0, sizeof *res);
	if (!info->log_pending)
		return 0;
	res->torn = 1;
	memcpy(guid, info->log_guid_raw, 16);
	if (loglen == 0 || loglen % MiB || loglen > VHDXLOG_MAX_LEN || info->log_offset % MiB ||
	    info->log_offset > file->size || loglen > file->size - info->log_offset) {
		snprintf(res->note, sizeof res->note, "log region 0x%llx+0x%x is out of range",
		    (unsigned long long)info->log_offset, loglen);
		return 0;
	}
	/* loglen <= VHDXLOG_MAX_LEN, so at most VHDXLOG_MAX_ENTRIES 4 KiB entries. */
	if ((log = malloc(loglen)) == NULL || (ent = malloc(loglen)) == NULL ||
	    (v = calloc(loglen / SECTOR, sizeof *v)) == NULL || (seq = calloc(loglen / SECTOR, sizeof *seq)) == NULL ||
	    (at = malloc(loglen / SECTOR * sizeof *at)) == NULL || (next = malloc(loglen / SECTOR * sizeof *next)) == NULL ||
	    (head = malloc(loglen / SECTOR * sizeof *head)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (reader_read_full(file, log, loglen, info->log_offset, e) != 0)
		goto out;
	for (i = 0; i < loglen / SECTOR; i++)
		if (entry_at(log, loglen, i * SECTOR, guid, ent, &v[n]))
			n++;
	/*
	 * Every valid entry may be a run's tail.  An entry's successor is the
	 * entry right after it in the ring with the next sequence number; the
	 * numbers rise along a run, so taking entries from the highest down,
	 * each run's head is known when its predecessor asks: one pass, where
	 * following every run from every entry was cubic in the entries (a
	 * 256 MiB log holds 65,536).
	 */
	qsort(v, n, sizeof *v, by_seq_desc);
	for (i = 0; i < loglen / SECTOR; i++)
		at[i] = -1;
	for (i = 0; i < n; i++)
		at[v[i].off / SECTOR] = (int32_t)i;
	for (i = 0; i < n; i++) {
		int32_t k = at[(v[i].off + v[i].len) % loglen / SECTOR];
		next[i] = k >= 0 && v[k].seq == v[i].seq + 1 ? k : -1;
		head[i] = next[i] >= 0 ? head[next[i]] : i; /* v[next[i]] came earlier */
	}
	for (i = 0; i < n; i++) {
		const struct lentry *h = &v[head[i]];
		/* The head's Tail must be this run's first entry. */
		if (h->tail == v[i].off && (!found || h->seq > best_seq)) {
			found = 1;
			best_seq = h->seq;
			best = i;
		}
	}
	if (!found) {
		snprintf(res->note, sizeof res->note, "no valid log sequence among %u entries", n);
		rc = 0;
		goto out;
	}
	/* The chosen run, tail to head. */
	for (run = 0, i = best; run < n; i = (uint32_t)next[i]) {
		seq[run++] = v[i];
		if (next[i] < 0)
			break;
	}
	size = file->size;
	for (i = 0; i < run; i++)
		if (seq[i].last_file_offset > size && seq[i].last_file_offset <= file->size + (1ull << 40))
			size = seq[i].last_file_offset;
	if ((ov = rd_overlay_open(file, size, file->name, e)) == NULL)
		goto out;
	for (i = 0; i < run; i++) {
		if (apply(ov, log, loglen, &seq[i], ent, e) != 0) {
			snprintf(res->note, sizeof res->note, "entry %llu: %.150s", (unsigned long long)seq[i].seq, err_msg(e));
			reader_close(ov);
			ov = NULL;
			rc = 0;
			goto out;
		}
		res->entries_replayed++;
	}
	res->sequence = best_seq;
	res->torn = 0;
	*out = ov;
	ov = NULL;
	rc = 0;
out:
	reader_close(ov);
	free(log);
	free(ent);
	free(v);
	free(seq);
	free(at);
	free(next);
	free(head);
	return rc;
}
