/* SPDX-License-Identifier: MIT */
/*
 * vhdx.c: VHDX, read by us (MS-VHDX v20160714 / 2.0).  Little-endian.
 *
 * File type identifier "vhdxfile" at 0; two headers at 64 KiB and 128 KiB
 * (CRC-32C, the higher SequenceNumber wins; DataWriteGuid at 32, LogGuid at
 * 48, LogLength at 68, LogOffset at 72); region table at 192 KiB (copy at
 * 256 KiB) naming the BAT and metadata regions; metadata items: file
 * parameters (block size, HasParent), virtual disk size, logical sector
 * size, parent locator (key/value pairs in UTF-16LE).  BAT entries: state
 * in bits 0-2, FileOffsetMB in bits 20-63; a sector-bitmap entry follows
 * every `chunk ratio` payload entries, chunk ratio = 2^23 * sector size /
 * block size.  Bitmap bits: least significant first, one per logical sector.
 *
 * Why ours (docs/sources.md L2, L8): libvhdi reads a "bitmap" from file
 * offset 0 for chunks whose sector-bitmap entry is NOT_PRESENT, treats
 * PAYLOAD_BLOCK_ZERO in a child as "read the parent", rejects upper-case
 * parent_linkage and never uses relative_path or parent_linkage2; and it
 * cannot read through our in-memory log replay.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/crc.h"
#include "base/utf.h"
#include "img/driver.h"
#include "img/vdisk.h"
#include "img/vhdi.h"
#include "img/vhdx_log.h"

#define MiB                 (1024u * 1024)
#define HDR1_OFF            (64u * 1024)
#define HDR2_OFF            (128u * 1024)
#define HDR_SIZE            4096u
#define HDR_OFF_CKSUM       4
#define HDR_OFF_SEQ         8
#define HDR_OFF_DATAWRITE   32
#define HDR_OFF_LOGGUID     48
#define HDR_OFF_LOGLEN      68
#define HDR_OFF_LOGOFF      72
#define RT1_OFF             (192u * 1024)
#define RT2_OFF             (256u * 1024)
#define RT_SIZE             (64u * 1024)
#define RT_MAX_ENTRIES      2047u
#define MD_MAX_ENTRIES      2047u
#define MD_TABLE_SIZE       (64u * 1024)
#define PL_MAX_PAIRS        256u

#define GUID_BAT       "2dc27766-f623-4200-9d64-115e9bfd4a08"
#define GUID_METADATA  "8b7ca206-4790-4b9a-b8fe-575f050f886e"
#define GUID_FILEPARAM "caa16737-fa36-4d43-b3b6-33f0aa44e76b"
#define GUID_DISKSIZE  "2fa54224-cd1b-4876-b211-5dbed83bf4b8"
#define GUID_LSS       "8141bf1d-a96f-4709-ba47-f233a8faab5f"
#define GUID_PARENTLOC "a8d35f2d-b30b-454d-abf7-d3d84834ab0c"

#define BAT_NOT_PRESENT     0
#define BAT_UNDEFINED       1
#define BAT_ZERO            2
#define BAT_UNMAPPED        3
#define BAT_FULLY_PRESENT   6
#define BAT_PARTIAL         7
#define SB_PRESENT          6

#define VHDX_MAX_SIZE       (64ull << 40)
#define VHDX_MAX_BAT        (64u << 20)   /* bytes of BAT addressed */

struct vhdx {
	struct vdisk_link l;      /* file, parent */
	int            diff, fixed;
	uint32_t       block, lss, cr;  /* block size, logical sector, chunk ratio */
	struct bat     bat;
	uint8_t       *bm;              /* one block's slice of its sector bitmap */
	uint64_t       bm_block;        /* which block bm holds; UINT64_MAX none */
};

static int
hdr_valid(const uint8_t *h)
{
	uint8_t tmp[HDR_SIZE];

	if (memcmp(h, "head", 4) != 0)
		return 0;
	memcpy(tmp, h, sizeof tmp);
	memset(tmp + HDR_OFF_CKSUM, 0, 4);
	return crc32c(tmp, sizeof tmp) == le32(h + HDR_OFF_CKSUM);
}

int
vhdx_pick_header(const uint8_t h1[4096], const uint8_t h2[4096], int *which, struct err *e)
{
	int v1 = hdr_valid(h1), v2 = hdr_valid(h2);

	if (!v1 && !v2)
		return err_set(e, ERR_FORMAT, "no valid header at 0x%x or 0x%x (signature or CRC-32C)",
		    HDR1_OFF, HDR2_OFF);
	if (v1 && v2)
		*which = le64(h2 + HDR_OFF_SEQ) > le64(h1 + HDR_OFF_SEQ);
	else
		*which = v2;
	return 0;
}

static int
region_table(struct reader *f, uint8_t *rt, struct err *e)
{
	uint32_t off[2] = {RT1_OFF, RT2_OFF}, crc;
	int i;

	for (i = 0; i < 2; i++) {
		if (reader_read_full(f, rt, RT_SIZE, off[i], e) != 0)
			return -1;
		if (memcmp(rt, "regi", 4) != 0)
			continue;
		crc = le32(rt + 4);
		memset(rt + 4, 0, 4);
		if (crc32c(rt, RT_SIZE) == crc && le32(rt + 8) <= RT_MAX_ENTRIES)
			return 0;
	}
	return err_set(e, ERR_FORMAT, "no valid region table at 0x%x or 0x%x", RT1_OFF, RT2_OFF);
}

/* "{6a7b...}" or "6A7B..." -> lower case without braces; "" if not GUID-shaped. */
static void
linkage(const char *in, char out[GUID_STR_LEN])
{
	size_t n = strlen(in), i;

	out[0] = '\0';
	if (n == 38 && in[0] == '{' && in[37] == '}') {
		in++;
		n = 36;
	}
	if (n != 36)
		return;
	for (i = 0; i < 36; i++) {
		char c = in[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				goto bad;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
			goto bad;
		}
		out[i] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
	}
	out[36] = '\0';
	return;
bad:
	out[0] = '\0';
}

static int
parent_locator(const uint8_t *it, uint32_t len, struct vdisk_info *info, struct err *e)
{
	static const char *const keys[] = {"relative_path", "volume_path", "absolute_win32_path"};
	char k[64], v[IMG_NAME_MAX], vals[3][IMG_NAME_MAX];
	uint32_t n, i, j;

	memset(vals, 0, sizeof vals);
	if (len < 20)
		return err_set(e, ERR_FORMAT, "parent locator of %u bytes", len);
	n = le16(it + 18);
	if (n > PL_MAX_PAIRS || 20 + (uint64_t)n * 12 > len)
		return err_set(e, ERR_FORMAT, "parent locator with %u entries in %u bytes", n, len);
	for (i = 0; i < n; i++) {
		const uint8_t *p = it + 20 + 12 * i;
		uint32_t ko = le32(p), vo = le32(p + 4), kl = le16(p + 8), vl = le16(p + 10);
		if ((uint64_t)ko + kl > len || (uint64_t)vo + vl > len)
			return err_set(e, ERR_FORMAT, "parent locator entry %u lies outside the item", i);
		utf16le_to_utf8(it + ko, kl, k, sizeof k);
		utf16le_to_utf8(it + vo, vl, v, sizeof v);
		if (strcasecmp(k, "parent_linkage") == 0)
			linkage(v, info->parent_id[0]);
		else if (strcasecmp(k, "parent_linkage2") == 0)
			linkage(v, info->parent_id[1]);
		for (j = 0; j < 3; j++)
			if (strcasecmp(k, keys[j]) == 0)
				snprintf(vals[j], sizeof vals[j], "%s", v);
	}
	/* The spec's order: relative_path, volume_path, absolute_win32_path. */
	for (j = 0; j < 3; j++)
		if (vals[j][0] && info->nparent_names < IMG_MAX_NAMES)
			snprintf(info->parent_names[info->nparent_names++], IMG_NAME_MAX, "%.1023s", vals[j]);
	if (info->parent_id[0][0] == '\0' && info->parent_id[1][0] == '\0')
		return err_set(e, ERR_FORMAT, "parent locator has no parent_linkage");
	return 0;
}

static int
metadata(struct reader *f, uint64_t moff, uint32_t mlen, struct vhdx *x, struct vdisk_info *info,
    struct err *e)
{
	uint8_t *t = NULL, *it = NULL, b[8];
	char g[GUID_STR_LEN];
	uint32_t n, i, have = 0;
	int rc = -1, has_parent = 0;

	if (mlen < MD_TABLE_SIZE)
		return err_set(e, ERR_FORMAT, "metadata region of %u bytes", mlen);
	if ((t = malloc(MD_TABLE_SIZE)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (reader_read_full(f, t, MD_TABLE_SIZE, moff, e) != 0)
		goto out;
	if (memcmp(t, "metadata", 8) != 0 || (n = le16(t + 10)) > MD_MAX_ENTRIES) {
		err_set(e, ERR_FORMAT, "no metadata table at 0x%llx", (unsigned long long)moff);
		goto out;
	}
	for (i = 0; i < n; i++) {
		const uint8_t *en = t + 32 + 32 * i;
		uint32_t off = le32(en + 16), len = le32(en + 20);
		if (len == 0)
			continue;
		if ((uint64_t)off + len > mlen || len > mlen) {
			err_set(e, ERR_FORMAT, "metadata item %u lies outside the region", i);
			goto out;
		}
		guid_le_str(en, g);
		if (strcmp(g, GUID_FILEPARAM) == 0 && len >= 8) {
			if (reader_read_full(f, b, 8, moff + off, e) != 0)
				goto out;
			x->block = le32(b);
			has_parent = (le32(b + 4) & 2) != 0;
			x->fixed = (le32(b + 4) & 1) != 0; /* LeaveBlocksAllocated: a fixed disk */
			have |= 1;
		} else if (strcmp(g, GUID_DISKSIZE) == 0 && len >= 8) {
			if (reader_read_full(f, b, 8, moff + off, e) != 0)
				goto out;
			info->size = le64(b);
			have |= 2;
		} else if (strcmp(g, GUID_LSS) == 0 && len >= 4) {
			if (reader_read_full(f, b, 4, moff + off, e) != 0)
				goto out;
			x->lss = le32(b);
			have |= 4;
		} else if (strcmp(g, GUID_PARENTLOC) == 0) {
			free(it);
			if ((it = malloc(len)) == NULL) {
				err_set(e, ERR_NOMEM, "out of memory");
				goto out;
			}
			if (reader_read_full(f, it, len, moff + off, e) != 0 || parent_locator(it, len, info, e) != 0)
				goto out;
			have |= 8;
		}
	}
	if ((have & 7) != 7) {
		err_set(e, ERR_FORMAT, "metadata lacks %s", !(have & 1) ? "file parameters" :
		    !(have & 2) ? "the virtual disk size" : "the logical sector size");
		goto out;
	}
	if (has_parent && !(have & 8)) {
		err_set(e, ERR_FORMAT, "differencing disk without a parent locator");
		goto out;
	}
	x->diff = has_parent;
	rc = 0;
out:
	free(t);
	free(it);
	return rc;
}

static int
bitmap_for(struct vhdx *x, uint64_t blk, struct err *e)
{
	uint64_t chunk = blk / x->cr, sb;
	uint32_t spb = x->block / x->lss, bytes = spb / 8;
	uint64_t off;

	if (x->bm_block == blk)
		return 0;
	x->bm_block = UINT64_MAX;
	if (bat_get(&x->bat, chunk * (x->cr + 1) + x->cr, &sb, e) != 0)
		return -1;
	if ((sb & 7) != SB_PRESENT)
		return err_set(e, ERR_FORMAT,
		    "VHDX: block %llu is partially present but its chunk has no sector bitmap (state %u)",
		    (unsigned long long)blk, (unsigned)(sb & 7));
	off = (sb >> 20) * MiB + (blk % x->cr) * bytes;
	if (reader_read_full(x->l.file, x->bm, bytes, off, e) != 0)
		return err_ctx(e, "VHDX: sector bitmap of block %llu", (unsigned long long)blk);
	x->bm_block = blk;
	return 0;
}

static ssize_t
vhdx_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct vhdx *x = r->ctx;
	uint8_t *out = buf;
	size_t done = 0;

	while (done < len) {
		uint64_t pos = off + done, blk = pos / x->block, en, fo;
		uint32_t in = (uint32_t)(pos % x->block), st;
		size_t n = x->block - in;

		if (n > len - done)
			n = len - done;
		if (x->diff && x->l.parent == NULL)
			return err_set(e, ERR_UNSUPPORTED, "VHDX: differencing disk read without its parent");
		if (bat_get(&x->bat, blk + blk / x->cr, &en, e) != 0)
			return -1;
		st = (uint32_t)(en & 7);
		fo = (en >> 20) * MiB;
		if (st == BAT_FULLY_PRESENT || st == BAT_PARTIAL) {
			if (fo < MiB || fo > x->l.file->size || x->block > x->l.file->size - fo)
				return err_set(e, ERR_FORMAT, "VHDX: block %llu at 0x%llx lies past the end of the file",
				    (unsigned long long)blk, (unsigned long long)fo);
		}
		if (st == BAT_FULLY_PRESENT || (st == BAT_PARTIAL && !x->diff)) {
			if (reader_read_full(x->l.file, out + done, n, fo + in, e) != 0)
				return err_ctx(e, "VHDX: block %llu", (unsigned long long)blk);
		} else if (!x->diff || st == BAT_ZERO) {
			memset(out + done, 0, n); /* ZERO means zeros, in a child too (MS-VHDX 2.5.1.1) */
		} else if (st != BAT_PARTIAL) {
			if (reader_read_full(x->l.parent, out + done, n, pos, e) != 0)
				return -1;
		} else {
			size_t left = n;
			if (bitmap_for(x, blk, e) != 0)
				return -1;
			while (left > 0) {
				uint32_t s = in / x->lss, bit = x->bm[s / 8] >> (s % 8) & 1, t = s;
				size_t run;
				while ((uint64_t)(t + 1) * x->lss < in + left &&
				    (uint32_t)(x->bm[(t + 1) / 8] >> ((t + 1) % 8) & 1) == bit)
					t++;
				run = (size_t)(t + 1) * x->lss - in;
				if (run > left)
					run = left;
				if (bit ? reader_read_full(x->l.file, out + done, run, fo + in, e) :
				    reader_read_full(x->l.parent, out + done, run, pos, e))
					return -1;
				done += run;
				pos += run;
				in += (uint32_t)run;
				left -= run;
			}
			continue;
		}
		done += n;
	}
	return (ssize_t)done;
}

static void
vhdx_close(struct reader *r)
{
	struct vhdx *x = r->ctx;

	bat_free(&x->bat);
	free(x->bm);
}

struct reader *
rd_vhdx_open(struct reader *f, struct vdisk_info *info, struct err *e)
{
	uint8_t *buf = NULL, id[8];
	struct reader *r = NULL;
	struct vhdx *x;
	uint64_t batoff = 0, moff = 0, nblocks, nbat, i;
	uint32_t batlen = 0, mlen = 0, n;
	char g[GUID_STR_LEN];
	const uint8_t *h;
	int which;

	memset(info, 0, sizeof *info);
	info->format = "vhdx";
	if ((buf = malloc(2 * HDR_SIZE > RT_SIZE ? 2 * HDR_SIZE : RT_SIZE)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory"), NULL;
	if (f->size < 8 || reader_read_full(f, id, 8, 0, e) != 0 || memcmp(id, "vhdxfile", 8) != 0) {
		err_set(e, ERR_FORMAT, "VHDX: no \"vhdxfile\" identifier");
		goto fail;
	}
	if (reader_read_full(f, buf, HDR_SIZE, HDR1_OFF, e) != 0 ||
	    reader_read_full(f, buf + HDR_SIZE, HDR_SIZE, HDR2_OFF, e) != 0 ||
	    vhdx_pick_header(buf, buf + HDR_SIZE, &which, e) != 0) {
		err_ctx(e, "VHDX header");
		goto fail;
	}
	if (f->size < 1 * MiB) {
		err_set(e, ERR_FORMAT, "VHDX: %llu bytes, less than its header section (1 MiB)",
		    (unsigned long long)f->size);
		goto fail;
	}
	h = buf + (size_t)which * HDR_SIZE;
	guid_le_str(h + HDR_OFF_DATAWRITE, info->id);
	if (!is_zero(h + HDR_OFF_LOGGUID, 16)) {
		info->log_pending = 1;
		memcpy(info->log_guid_raw, h + HDR_OFF_LOGGUID, 16);
		guid_le_str(h + HDR_OFF_LOGGUID, info->log_guid);
	}
	info->log_length = le32(h + HDR_OFF_LOGLEN);
	info->log_offset = le64(h + HDR_OFF_LOGOFF);
	if (region_table(f, buf, e) != 0) {
		err_ctx(e, "VHDX");
		goto fail;
	}
	n = le32(buf + 8);
	for (i = 0; i < n; i++) {
		const uint8_t *en = buf + 16 + 32 * i;
		guid_le_str(en, g);
		if (strcmp(g, GUID_BAT) == 0) {
			batoff = le64(en + 16);
			batlen = le32(en + 24);
		} else if (strcmp(g, GUID_METADATA) == 0) {
			moff = le64(en + 16);
			mlen = le32(en + 24);
		} else if (le32(en + 28) & 1) {
			err_set(e, ERR_UNSUPPORTED, "VHDX: unknown required region {%s}", g);
			goto fail;
		}
	}
	if (batoff == 0 || moff == 0 || batoff > f->size || batlen > f->size - batoff ||
	    moff > f->size || mlen > f->size - moff) {
		err_set(e, ERR_FORMAT, "VHDX: BAT or metadata region missing or past the end of the file");
		goto fail;
	}
	if ((r = reader_alloc(sizeof *x, f->name, e)) == NULL)
		goto fail;
	x = r->ctx;
	x->l.file = f;
	x->bm_block = UINT64_MAX;
	r->read_at = vhdx_read;
	r->close = vhdx_close;
	r->kind = vdisk_reader_kind;
	if (metadata(f, moff, mlen, x, info, e) != 0) {
		err_ctx(e, "VHDX");
		goto fail;
	}
	if (x->block < MiB || x->block > 256 * MiB || (x->block & (x->block - 1)) != 0 ||
	    (x->lss != 512 && x->lss != 4096) || info->size == 0 || info->size > VHDX_MAX_SIZE ||
	    info->size % x->lss != 0) {
		err_set(e, ERR_FORMAT, "VHDX: block size %u, sector size %u, disk size %llu out of range",
		    x->block, x->lss, (unsigned long long)info->size);
		goto fail;
	}
	x->cr = (uint32_t)(((uint64_t)1 << 23) * x->lss / x->block);
	nblocks = (info->size + x->block - 1) / x->block;
	/* Entries up to the last payload block, plus its chunk's bitmap entry. */
	nbat = ((nblocks + x->cr - 1) / x->cr) * ((uint64_t)x->cr + 1);
	if (nbat * 8 > VHDX_MAX_BAT) {
		err_set(e, ERR_LIMIT, "VHDX: %llu BAT entries (cap %u bytes)", (unsigned long long)nbat,
		    VHDX_MAX_BAT);
		goto fail;
	}
	/* A file may stop its BAT after the last payload entry (no trailing bitmap entry). */
	if ((nblocks - 1) + (nblocks - 1) / x->cr + 1 > (uint64_t)batlen / 8) {
		err_set(e, ERR_FORMAT, "VHDX: BAT region of %u bytes for %llu blocks", batlen,
		    (unsigned long long)nblocks);
		goto fail;
	}
	if (bat_init(&x->bat, f, batoff, batlen, nbat, 8, "VHDX: BAT", e) != 0)
		goto fail;
	if ((x->bm = malloc(x->block / x->lss / 8)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	info->sector_size = x->lss;
	info->differencing = x->diff;
	info->disk_type = x->diff ? "differencing" : x->fixed ? "fixed" : "dynamic";
	r->size = info->size;
	r->sector_size = x->lss;
	free(buf);
	return r;
fail:
	reader_close(r);
	free(buf);
	return NULL;
}


/* --- the VHDX row of the driver table ----------------------------------- */

/* What a VHDX level keeps besides its disk: the log's replay, libvhdi's reader. */
struct vhdx_level {
	struct reader        *ov;    /* the file after log replay (owned), or NULL */
	struct reader        *vhdi;  /* libvhdi's reader of a clean standalone file (owned), or NULL */
};

static int
vhdx_bid(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize)
{
	(void)tail, (void)ntail, (void)fsize;
	return nhead >= 8 && memcmp(head, "vhdxfile", 8) == 0 ? 100 : 0;
}

/*
 * Our own parser first, always (libvhdi never sees a file it refuses: the
 * fuzzers found it leaking on some).  A pending log (MS-VHDX §2.3, the
 * current header's LogGuid not zero) is replayed in memory and the file
 * read through the replay; a log with no valid sequence leaves the file as
 * it is (torn), and the report says so.
 */
static int
vhdx_peek(struct img_level *lv, struct err *e)
{
	struct vhdx_level *x;
	struct vdisk_info in, logged;
	struct vhdxlog_result log;

	if ((lv->disk = rd_vhdx_open(lv->file, &in, e)) == NULL)
		return -1;
	if ((x = calloc(1, sizeof *x)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	lv->priv = x;
	memset(&log, 0, sizeof log);
	if (in.log_pending) {
		logged = in;
		if (vhdxlog_replay(lv->file, &logged, &x->ov, &log, e) != 0)
			return -1;
		if (x->ov != NULL) {
			reader_close(lv->disk);
			if ((lv->disk = rd_vhdx_open(x->ov, &in, e)) == NULL)
				return -1;
			in.log_pending = 1;
			memcpy(in.log_guid, logged.log_guid, GUID_STR_LEN);
		}
		lv->d.log_pending = 1;
		memcpy(lv->d.log_guid, in.log_guid, GUID_STR_LEN);
		lv->d.log_entries = log.entries_replayed;
		lv->d.log_torn = x->ov == NULL;
		snprintf(lv->d.log_note, sizeof lv->d.log_note, "%s", log.note);
	}
	vdisk_fill(lv, &in);
	return 0;
}

/*
 * A clean standalone VHDX (no parent, no pending log) is read by libvhdi,
 * once our parser has accepted it; differencing chains and replayed logs
 * by our readers, where libvhdi 20210425 is wrong (docs/sources.md L2, L8).
 */
static int
vhdx_finish(struct img_level *v, size_t n, struct reader **top, struct err *e)
{
	struct vhdx_level *x = v[0].priv;
	struct vhdi_info vi;
	char nb[4096];

	if (n > 1 || v[0].d.log_pending) {
		snprintf(v[0].read_by_why, sizeof v[0].read_by_why, "%s", n > 1 ?
		    "a differencing VHDX: libvhdi 20210425 reads blocks of chunks without a sector "
		    "bitmap from the child's header (docs/sources.md, L8)" :
		    "a pending VHDX log: libvhdi 20210425 does not replay it (docs/sources.md, L2)");
		*top = v[0].disk;
		return 0;
	}
	if ((x->vhdi = rd_vhdi_open(sys_native_path(v[0].path, nb, sizeof nb), &vi, e)) == NULL)
		return err_ctx(e, "VHDX");
	v[0].read_by = "libvhdi";
	*top = x->vhdi;
	return 0;
}

static void
vhdx_level_close(struct img_level *lv)
{
	struct vhdx_level *x = lv->priv;

	if (x == NULL)
		return;
	reader_close(x->vhdi);
	reader_close(lv->disk); /* it reads the overlay */
	lv->disk = NULL;
	reader_close(x->ov);
	free(x);
	lv->priv = NULL;
}

const struct img_driver img_vhdx = {
	.name = "vhdx", .exts = ".vhdx .avhdx", .label = "VHDX", .missing = "no \"vhdxfile\" signature",
	.flags = IMG_HAS_LOG,
	.bid = vhdx_bid, .peek = vhdx_peek, .is_parent = vdisk_is_parent, .set_parent = vdisk_set_parent_level,
	.finish = vhdx_finish, .close = vhdx_level_close, .lib = "libvhdi", .lib_version = rd_vhdi_version,
};
