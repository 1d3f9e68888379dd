/* SPDX-License-Identifier: MIT */
/*
 * vhd.c: VHD, read by us (Microsoft "Virtual Hard Disk Image Format
 * Specification" 1.0, which MS-VHD references).  Big-endian throughout.
 *
 * Footer (last 512 bytes; a copy at 0 for dynamic disks): "conectix", data
 * offset (dynamic header) at 16, current size at 48, disk type at 60
 * (2 fixed, 3 dynamic, 4 differencing), unique id at 68.  Dynamic header:
 * "cxsparse", BAT offset at 16, max table entries at 28, block size at 32,
 * parent unique id at 40, parent name (UTF-16 *big-endian*) at 64, eight
 * parent locators (24 bytes each) at 576.  Each block is a sector bitmap
 * (one bit per sector, most significant bit first, padded to 512 bytes)
 * and the data.
 *
 * Why ours: libvhdi 20210425 does not mask the bitmap bit, so every sector
 * after a present one in the same bitmap byte is read from the child
 * (docs/sources.md L2, L8).  For a dynamic (not differencing) disk the
 * bitmap is not consulted, as qemu and libvhdi do: writers zero new blocks.
 * The footer checksum is not enforced: qemu-made files in the wild have
 * bad ones (dfvfs image.vhd) and the fields are range-checked anyway.
 */
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "img/driver.h"
#include "img/vdisk.h"
#include "img/vhdi.h"

#define FOOTER_SIZE      512u
#define FT_OFF_DATAOFF   16
#define FT_OFF_CURSIZE   48
#define FT_OFF_TYPE      60
#define FT_OFF_ID        68
#define DH_SIZE          1024u
#define DH_OFF_BAT       16
#define DH_OFF_ENTRIES   28
#define DH_OFF_BLOCK     32
#define DH_OFF_PARENT_ID 40
#define DH_OFF_PNAME     64
#define DH_PNAME_LEN     512
#define DH_OFF_LOCATORS  576
#define LOC_SIZE         24

#define VHD_FIXED        2
#define VHD_DYNAMIC      3
#define VHD_DIFF         4
#define VHD_BAT_FREE     0xFFFFFFFFu

#define VHD_MAX_ENTRIES  (16u << 20)   /* BAT entries (64 MiB of table) */
#define VHD_MIN_BLOCK    512u
#define VHD_MAX_BLOCK    (256u << 20)
#define VHD_MAX_SIZE     (64ull << 40) /* virtual size cap: 64 TiB */
#define VHD_MAX_LOCATOR  4096u

struct vhd {
	struct vdisk_link l;      /* file, parent */
	int            type;
	struct bat     bat;
	uint32_t       nbat, block, bmbytes; /* bitmap size on disk (padded to 512) */
	uint8_t       *bm;        /* the last block's bitmap */
	uint32_t       bm_block;  /* which block bm holds; UINT32_MAX none */
};

static uint64_t be64v(const uint8_t *p) { return be64(p); }

/* UTF-16BE (the parent name) to UTF-8 via a little-endian copy. */
static void
utf16be_name(const uint8_t *in, size_t len, char *out, size_t outlen)
{
	uint8_t tmp[DH_PNAME_LEN];
	size_t i;

	for (i = 0; i + 1 < len && i + 1 < sizeof tmp; i += 2) {
		tmp[i] = in[i + 1];
		tmp[i + 1] = in[i];
	}
	utf16le_to_utf8(tmp, i, out, outlen);
}

static void
add_name(struct vdisk_info *info, const char *s)
{
	size_t i;

	if (s[0] == '\0' || info->nparent_names >= IMG_MAX_NAMES)
		return;
	for (i = 0; i < info->nparent_names; i++)
		if (strcmp(info->parent_names[i], s) == 0)
			return;
	snprintf(info->parent_names[info->nparent_names++], IMG_NAME_MAX, "%s", s);
}

/* Parent locators "W2ru" (relative) and "W2ku" (absolute), UTF-16LE paths. */
static int
read_locators(struct reader *f, const uint8_t *dh, struct vdisk_info *info, struct err *e)
{
	uint8_t buf[VHD_MAX_LOCATOR];
	char name[IMG_NAME_MAX];
	int i;

	for (i = 0; i < 8; i++) {
		const uint8_t *l = dh + DH_OFF_LOCATORS + LOC_SIZE * i;
		uint32_t len = be32(l + 8);
		uint64_t off = be64v(l + 16);

		if (memcmp(l, "W2ru", 4) != 0 && memcmp(l, "W2ku", 4) != 0)
			continue;
		if (len == 0 || len > sizeof buf || off > f->size || len > f->size - off)
			continue; /* a bad locator is just not a candidate */
		if (reader_read_full(f, buf, len, off, e) != 0)
			return -1;
		utf16le_to_utf8(buf, len, name, sizeof name);
		add_name(info, name);
	}
	return 0;
}

/*
 * BAT entry blk (a sector number, or VHD_BAT_FREE), checked against the
 * file: 0, or -1.  The table is read a page at a time on first use (a
 * 127 GiB disk has 65,000 entries; an inspection needs a few dozen).
 */
static int
block_sector(struct vhd *v, uint32_t blk, uint32_t *out, struct err *e)
{
	uint64_t en;
	uint32_t s;

	if (bat_get(&v->bat, blk, &en, e) != 0)
		return -1;
	s = (uint32_t)en;
	if (s != VHD_BAT_FREE && ((uint64_t)s * 512 > v->l.file->size ||
	    (uint64_t)v->bmbytes + v->block > v->l.file->size - (uint64_t)s * 512))
		return err_set(e, ERR_FORMAT, "VHD: block %u at sector %u lies past the end of the file", blk, s);
	*out = s;
	return 0;
}

static int
bitmap_for(struct vhd *v, uint32_t blk, uint32_t sec, struct err *e)
{
	if (v->bm_block == blk)
		return 0;
	v->bm_block = UINT32_MAX;
	if (reader_read_full(v->l.file, v->bm, v->bmbytes, (uint64_t)sec * 512, e) != 0)
		return err_ctx(e, "VHD: sector bitmap of block %u", blk);
	v->bm_block = blk;
	return 0;
}

static ssize_t
vhd_read(struct reader *r, void *buf, size_t len, uint64_t off, struct err *e)
{
	struct vhd *v = r->ctx;
	uint8_t *out = buf;
	size_t done = 0;

	if (v->type == VHD_FIXED) {
		ssize_t n = reader_read(v->l.file, buf, len, off, e);
		return n;
	}
	while (done < len) {
		uint64_t pos = off + done;
		uint32_t blk = (uint32_t)(pos / v->block), in = (uint32_t)(pos % v->block);
		size_t n = v->block - in;
		uint64_t data;
		uint32_t sec = VHD_BAT_FREE;

		if (n > len - done)
			n = len - done;
		if (v->type == VHD_DIFF && v->l.parent == NULL)
			return err_set(e, ERR_UNSUPPORTED, "VHD: differencing disk read without its parent");
		if (block_sector(v, blk, &sec, e) != 0)
			return -1;
		if (sec == VHD_BAT_FREE) {
			if (v->type == VHD_DIFF) {
				if (reader_read_full(v->l.parent, out + done, n, pos, e) != 0)
					return -1;
			} else {
				memset(out + done, 0, n);
			}
			done += n;
			continue;
		}
		data = (uint64_t)sec * 512 + v->bmbytes;
		if (v->type == VHD_DYNAMIC) {
			if (reader_read_full(v->l.file, out + done, n, data + in, e) != 0)
				return err_ctx(e, "VHD: block %u", blk);
			done += n;
			continue;
		}
		/* Differencing: sector by sector from the bitmap, in runs of equal bits. */
		if (bitmap_for(v, blk, sec, e) != 0)
			return -1;
		while (n > 0) {
			uint32_t s = in / 512, bit = v->bm[s / 8] >> (7 - s % 8) & 1, t = s;
			size_t run;

			while ((t + 1) * 512u < in + n && (uint32_t)(v->bm[(t + 1) / 8] >> (7 - (t + 1) % 8) & 1) == bit)
				t++;
			run = (size_t)(t + 1) * 512 - in;
			if (run > n)
				run = n;
			if (bit) {
				if (reader_read_full(v->l.file, out + done, run, data + in, e) != 0)
					return err_ctx(e, "VHD: block %u", blk);
			} else if (reader_read_full(v->l.parent, out + done, run, pos, e) != 0) {
				return -1;
			}
			done += run;
			pos += run;
			in += (uint32_t)run;
			n -= run;
		}
	}
	return (ssize_t)done;
}

static void
vhd_close(struct reader *r)
{
	struct vhd *v = r->ctx;

	bat_free(&v->bat);
	free(v->bm);
}

struct reader *
rd_vhd_open(struct reader *f, struct vdisk_info *info, struct err *e)
{
	uint8_t ft[FOOTER_SIZE], dh[DH_SIZE], name[IMG_NAME_MAX];
	struct reader *r = NULL;
	struct vhd *v;
	uint64_t dhoff, batoff, size;
	uint64_t need;

	memset(info, 0, sizeof *info);
	info->format = "vhd";
	info->sector_size = 512;
	if (f->size < FOOTER_SIZE || reader_read_full(f, ft, FOOTER_SIZE, f->size - FOOTER_SIZE, e) != 0 ||
	    memcmp(ft, "conectix", 8) != 0) {
		/* A dynamic disk whose tail was cut still has the copy at 0. */
		if (f->size < FOOTER_SIZE || reader_read_full(f, ft, FOOTER_SIZE, 0, e) != 0 ||
		    memcmp(ft, "conectix", 8) != 0)
			return err_set(e, ERR_FORMAT, "VHD: no footer (\"conectix\")"), NULL;
	}
	size = be64v(ft + FT_OFF_CURSIZE);
	if (size == 0 || size > VHD_MAX_SIZE)
		return err_set(e, ERR_LIMIT, "VHD: virtual size %llu out of range", (unsigned long long)size), NULL;
	info->size = size;
	guid_be_str(ft + FT_OFF_ID, info->id);
	if ((r = reader_alloc(sizeof *v, f->name, e)) == NULL)
		return NULL;
	v = r->ctx;
	v->l.file = f;
	v->type = (int)be32(ft + FT_OFF_TYPE);
	v->bm_block = UINT32_MAX;
	r->size = size;
	r->read_at = vhd_read;
	r->close = vhd_close;
	r->kind = vdisk_reader_kind;
	switch (v->type) {
	case VHD_FIXED:
		info->disk_type = "fixed";
		if (size > f->size - FOOTER_SIZE) {
			err_set(e, ERR_FORMAT, "VHD: fixed disk of %llu bytes in a %llu-byte file",
			    (unsigned long long)size, (unsigned long long)f->size);
			goto fail;
		}
		return r;
	case VHD_DYNAMIC: info->disk_type = "dynamic"; break;
	case VHD_DIFF: info->disk_type = "differencing"; info->differencing = 1; break;
	default:
		err_set(e, ERR_UNSUPPORTED, "VHD: disk type %d", v->type);
		goto fail;
	}
	dhoff = be64v(ft + FT_OFF_DATAOFF);
	if (dhoff > f->size || DH_SIZE > f->size - dhoff ||
	    reader_read_full(f, dh, DH_SIZE, dhoff, e) != 0 || memcmp(dh, "cxsparse", 8) != 0) {
		err_set(e, ERR_FORMAT, "VHD: no dynamic header (\"cxsparse\") at 0x%llx",
		    (unsigned long long)dhoff);
		goto fail;
	}
	batoff = be64v(dh + DH_OFF_BAT);
	v->nbat = be32(dh + DH_OFF_ENTRIES);
	v->block = be32(dh + DH_OFF_BLOCK);
	if (v->block < VHD_MIN_BLOCK || v->block > VHD_MAX_BLOCK || (v->block & (v->block - 1)) != 0) {
		err_set(e, ERR_FORMAT, "VHD: block size %u is not a power of two in 512 B..256 MiB", v->block);
		goto fail;
	}
	/* 64-bit: a 64 TiB disk of 512-byte blocks needs 2^37 entries, which must not wrap. */
	need = (size + v->block - 1) / v->block;
	if (v->nbat < need || v->nbat > VHD_MAX_ENTRIES || batoff > f->size ||
	    (uint64_t)v->nbat * 4 > f->size - batoff) {
		err_set(e, ERR_FORMAT, "VHD: block table of %u entries at 0x%llx (need %llu; file %llu bytes)",
		    v->nbat, (unsigned long long)batoff, (unsigned long long)need, (unsigned long long)f->size);
		goto fail;
	}
	v->bmbytes = (v->block / 512 / 8 + 511) / 512 * 512;
	if (bat_init(&v->bat, f, batoff, (uint64_t)v->nbat * 4, v->nbat, 4, "VHD: block table", e) != 0)
		goto fail;
	if ((v->bm = malloc(v->bmbytes)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (v->type == VHD_DIFF) {
		guid_be_str(dh + DH_OFF_PARENT_ID, info->parent_id[0]);
		utf16be_name(dh + DH_OFF_PNAME, DH_PNAME_LEN, (char *)name, sizeof name);
		add_name(info, (char *)name);
		if (read_locators(f, dh, info, e) != 0)
			goto fail;
	}
	return r;
fail:
	reader_close(r);
	return NULL;
}

/* --- the VHD row of the driver table ------------------------------------ */

/* "conectix" at the end (the footer), at 511 bytes from it (pre-2004 Virtual PC), or at 0 (the copy). */
static int
vhd_bid(const uint8_t *head, size_t nhead, const uint8_t *tail, size_t ntail, uint64_t fsize)
{
	(void)fsize;
	if (nhead >= 8 && memcmp(head, "conectix", 8) == 0)
		return 100;
	if (ntail >= 512 && (memcmp(tail + ntail - 512, "conectix", 8) == 0 ||
	    memcmp(tail + ntail - 511, "conectix", 8) == 0))
		return 100;
	return 0;
}

/* Our own parser reads every VHD (libvhdi reads dynamic VHD one sector at a time; docs/benchmark.md). */
static int
vhd_peek(struct img_level *lv, struct err *e)
{
	struct vdisk_info in;

	if ((lv->disk = rd_vhd_open(lv->file, &in, e)) == NULL)
		return -1;
	vdisk_fill(lv, &in);
	return 0;
}

/*
 * --cross-check: a standalone VHD read by libvhdi (opened after our parser
 * accepted the file); a differencing one by ours, with the reason.
 */
static int
vhd_finish(struct img_level *v, size_t n, struct reader **top, struct err *e)
{
	struct vhdi_info vi;
	char nb[4096];

	*top = v[0].disk;
	if (!v[0].prefer_lib)
		return 0;
	if (n > 1) {
		snprintf(v[0].read_by_why, sizeof v[0].read_by_why, "a differencing VHD: libvhdi "
		    "20210425 reads sectors after a present one in the same bitmap byte from the child "
		    "(docs/sources.md, L2, L8)");
		return 0;
	}
	if ((v[0].priv = rd_vhdi_open(sys_native_path(v[0].path, nb, sizeof nb), &vi, e)) == NULL)
		return err_ctx(e, "VHD");
	v[0].read_by = "libvhdi";
	*top = v[0].priv;
	return 0;
}

static void
vhd_level_close(struct img_level *lv)
{
	reader_close(lv->priv);
	lv->priv = NULL;
}

const struct img_driver img_vhd = {
	.name = "vhd", .exts = ".vhd .avhd", .label = "VHD", .missing = "no \"conectix\" footer or header",
	.bid = vhd_bid, .peek = vhd_peek, .is_parent = vdisk_is_parent, .set_parent = vdisk_set_parent_level,
	.finish = vhd_finish, .close = vhd_level_close, .lib = "libvhdi", .lib_version = rd_vhdi_version,
};
