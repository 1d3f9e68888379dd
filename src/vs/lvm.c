/* SPDX-License-Identifier: MIT */
/*
 * lvm.c: LVM2 physical volumes and their volume groups' logical volumes
 * (lvm.h).  A label (32 bytes, "LABELONE", its sector number, a CRC of the
 * rest of its sector, the offset of the PV header, "LVM2 001"); the PV
 * header (the PV's identifier as 32 characters, its size, then lists of
 * data areas and metadata areas, each ended by a zero pair); a metadata
 * area starts with a 512-byte header (a CRC, " LVM2 x[5A%r0N*>", version
 * 1, its own offset and size, then raw locations: the current text's
 * offset in the area, size, CRC and flags).  The text is a ring after the
 * header: a text that reaches the area's end goes on after the header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "vs/lvm.h"
#include "vs/mbr.h"

#define SECTOR        512u
#define MDA_MAGIC     " LVM2 x[5A%r0N*>"
#define RAW_IGNORED   1u

uint32_t
lvm_crc(const void *buf, size_t len)
{
	static uint32_t table[256];
	const uint8_t *p = buf;
	uint32_t c = 0xf597a6cfu;
	size_t i;

	if (table[1] == 0) {
		for (i = 0; i < 256; i++) {
			uint32_t x = (uint32_t)i;
			int k;
			for (k = 0; k < 8; k++)
				x = x & 1 ? 0xEDB88320u ^ x >> 1 : x >> 1;
			table[i] = x;
		}
	}
	for (i = 0; i < len; i++)
		c = table[(c ^ p[i]) & 0xff] ^ c >> 8;
	return c;
}

/* The PV identifier as the metadata writes it: 6-4-4-4-4-4-6 characters. */
static void
format_uuid(const uint8_t *id, char out[LVM_UUID_LEN])
{
	static const unsigned group[] = {6, 4, 4, 4, 4, 4, 6};
	unsigned g, k, i = 0, o = 0;

	for (g = 0; g < 7; g++) {
		for (k = 0; k < group[g]; k++) {
			uint8_t c = id[i++];
			out[o++] = c >= 0x21 && c < 0x7f ? (char)c : '?';
		}
		if (g < 6)
			out[o++] = '-';
	}
	out[o] = '\0';
}

int
lvm_label_find(const uint8_t *buf, size_t len, struct lvm_label *l)
{
	uint32_t s;

	for (s = 0; s < 4 && (s + 1) * SECTOR <= len; s++) {
		const uint8_t *sec = buf + s * SECTOR;
		uint32_t hoff;
		size_t o, k;
		if (memcmp(sec, "LABELONE", 8) != 0 || memcmp(sec + 24, "LVM2 001", 8) != 0 || le64(sec + 8) != s)
			continue;
		hoff = le32(sec + 20);
		if (hoff < 32 || hoff > SECTOR - 40 - 16 || le32(sec + 16) != lvm_crc(sec + 20, SECTOR - 20))
			continue;
		memset(l, 0, sizeof *l);
		l->sector = s;
		format_uuid(sec + hoff, l->pv_uuid);
		l->dev_size = le64(sec + hoff + 32);
		/* the data areas, then the metadata areas: each list ends with a zero pair */
		for (o = hoff + 40; o + 16 <= SECTOR && (le64(sec + o) != 0 || le64(sec + o + 8) != 0); o += 16)
			;
		for (o += 16, k = 0; o + 16 <= SECTOR && le64(sec + o) != 0; o += 16)
			if (k < 2) {
				l->mda_off[k] = le64(sec + o);
				l->mda_size[k++] = le64(sec + o + 8);
			}
		return 1;
	}
	return 0;
}

/* The text of metadata area k, into *text (owned): 0, or -1 with e set. */
static int
read_text(struct reader *disk, uint64_t first_byte, uint64_t nbytes, const struct lvm_label *l, int k,
    char **text, size_t *len, struct err *e)
{
	uint8_t h[SECTOR];
	uint64_t area = l->mda_off[k], size = l->mda_size[k], off, n, first;
	char *t;

	*text = NULL;
	if (size <= SECTOR || area > nbytes || size > nbytes - area)
		return err_set(e, ERR_FORMAT, "metadata area %d (0x%llx+0x%llx) lies outside the volume", k + 1,
		    (unsigned long long)area, (unsigned long long)size);
	if (reader_read_full(disk, h, sizeof h, first_byte + area, e) != 0)
		return err_ctx(e, "metadata area %d", k + 1);
	if (memcmp(h + 4, MDA_MAGIC, 16) != 0)
		return err_set(e, ERR_FORMAT, "metadata area %d: no header signature", k + 1);
	if (le32(h) != lvm_crc(h + 4, SECTOR - 4))
		return err_set(e, ERR_FORMAT, "metadata area %d: header checksum mismatch", k + 1);
	if (le32(h + 20) != 1)
		return err_set(e, ERR_UNSUPPORTED, "metadata area %d: header version %u", k + 1, le32(h + 20));
	off = le64(h + 40);
	n = le64(h + 48);
	if (off == 0 && n == 0)
		return err_set(e, ERR_FORMAT, "metadata area %d holds no metadata", k + 1);
	if (le32(h + 60) & RAW_IGNORED)
		return err_set(e, ERR_FORMAT, "metadata area %d is marked ignored", k + 1);
	if (n == 0 || n > LVM_MAX_TEXT)
		return err_set(e, n == 0 ? ERR_FORMAT : ERR_LIMIT, "metadata area %d: text of %llu bytes (cap %u)",
		    k + 1, (unsigned long long)n, LVM_MAX_TEXT);
	if (off < SECTOR || off >= size || n > size - SECTOR)
		return err_set(e, ERR_FORMAT, "metadata area %d: text at 0x%llx+0x%llx lies outside the area",
		    k + 1, (unsigned long long)off, (unsigned long long)n);
	if ((t = malloc((size_t)n + 1)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	first = n <= size - off ? n : size - off; /* the rest wraps to just after the header */
	if (reader_read_full(disk, t, (size_t)first, first_byte + area + off, e) != 0 ||
	    (first < n && reader_read_full(disk, t + first, (size_t)(n - first), first_byte + area + SECTOR, e) != 0)) {
		free(t);
		return err_ctx(e, "metadata area %d", k + 1);
	}
	if (le32(h + 56) != lvm_crc(t, (size_t)n)) {
		free(t);
		return err_set(e, ERR_FORMAT, "metadata area %d: text checksum mismatch", k + 1);
	}
	t[n] = '\0';
	*text = t;
	*len = (size_t)n;
	return 0;
}

int
lvm_read_vg(struct reader *disk, uint64_t first_byte, uint64_t nbytes, const struct lvm_label *l,
    struct lvm_vg *vg, struct err *e)
{
	struct err e2 ERR_AUTO = ERR_INIT;
	char *text;
	size_t len;
	int k, rc = -1;

	memset(vg, 0, sizeof *vg);
	if (l->mda_size[0] == 0)
		return err_set(e, ERR_FORMAT, "physical volume %s has no metadata area", l->pv_uuid);
	/* the first area, else the second (at the volume's end, when pvcreate made one) */
	for (k = 0; k < 2 && l->mda_size[k] != 0 && rc != 0; k++) {
		struct err *ek = k == 0 ? e : &e2;
		if (read_text(disk, first_byte, nbytes, l, k, &text, &len, ek) != 0)
			continue;
		rc = lvm_meta_parse(text, len, vg, ek);
		if (rc != 0)
			err_ctx(ek, "metadata area %d", k + 1);
		free(text);
	}
	if (rc == 0)
		err_clear(e);
	return rc;
}

/* A physical volume found on the disk: the partition it is, its label, its group's metadata. */
struct found_pv {
	size_t           part;  /* index in the table */
	struct lvm_label label;
	struct lvm_vg    vg;
	int              ok, done;
};

static const char *
seg_kind(const struct lvm_seg *s)
{
	if (strcmp(s->type, "striped") == 0)
		return s->stripe_count == 1 ? "linear" : "striped";
	return s->type[0] ? s->type : "untyped";
}

/* The PV of the group whose identifier is uuid, among found[0..n), or NULL. */
static const struct found_pv *
pv_by_uuid(const struct found_pv *found, size_t n, const char *uuid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(found[i].label.pv_uuid, uuid) == 0)
			return &found[i];
	return NULL;
}

/*
 * Map lv onto the disk: its runs appended to t, and p's size and first
 * byte set; or p->problem set (what cannot be read, and why).
 */
static int
map_lv(struct part_table *t, struct part *p, const struct lvm_vg *vg, const struct lvm_lv *lv,
    const struct found_pv *found, size_t nfound, struct err *e)
{
	uint64_t ext = vg->extent_size * SECTOR, next = 0;
	struct reader_run *runs;
	size_t i;
	int rc = 0;

	if (vg->extent_size > (UINT64_MAX / SECTOR) >> 20) {
		snprintf(p->problem, sizeof p->problem, "extent size of %llu sectors: not read",
		    (unsigned long long)vg->extent_size);
		return 0;
	}
	if (lv->nsegs == 0) {
		snprintf(p->problem, sizeof p->problem, "no segments: not read");
		return 0;
	}
	for (i = 0; i < lv->nsegs; i++) /* its size, read or not */
		if (lv->segs[i].extent_count <= (UINT64_MAX - p->nbytes) / ext)
			p->nbytes += lv->segs[i].extent_count * ext;
	for (i = 0; i < lv->nsegs; i++) {
		const struct lvm_seg *s = &lv->segs[i];
		if (strcmp(seg_kind(s), "linear") != 0) {
			p->unsupported = 1;
			if (strcmp(seg_kind(s), "striped") == 0)
				snprintf(p->problem, sizeof p->problem, "striped over %u physical volumes: not read",
				    s->stripe_count);
			else
				snprintf(p->problem, sizeof p->problem, "a %.24s volume: named, not read", seg_kind(s));
			snprintf(p->type, sizeof p->type, "%.24s", seg_kind(s));
			return 0;
		}
	}
	if ((runs = calloc(lv->nsegs, sizeof *runs)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < lv->nsegs && !p->problem[0]; i++) {
		const struct lvm_seg *s = &lv->segs[i];
		const struct found_pv *f = NULL;
		const struct part *pvp;
		uint64_t at, len;
		if (s->pv < vg->npvs)
			f = pv_by_uuid(found, nfound, vg->pvs[s->pv].uuid);
		if (f == NULL) {
			if (s->pv < vg->npvs)
				snprintf(p->problem, sizeof p->problem, "segment %zu lies on physical volume %.40s (%s), "
				    "not on this disk: not read", i + 1, vg->pvs[s->pv].name, vg->pvs[s->pv].uuid);
			else
				snprintf(p->problem, sizeof p->problem, "segment %zu names no physical volume of the group: "
				    "not read", i + 1);
			break;
		}
		pvp = &t->v[f->part];
		if (s->extent_count == 0 || s->extent_count > UINT64_MAX / ext ||
		    s->start_extent > UINT64_MAX / ext || s->pv_extent > UINT64_MAX / ext ||
		    vg->pvs[s->pv].pe_start > UINT64_MAX / SECTOR) {
			snprintf(p->problem, sizeof p->problem, "segment %zu: impossible extents: not read", i + 1);
			break;
		}
		len = s->extent_count * ext;
		at = vg->pvs[s->pv].pe_start * SECTOR;
		if (at > pvp->nbytes || s->pv_extent * ext > pvp->nbytes - at ||
		    len > pvp->nbytes - at - s->pv_extent * ext) {
			snprintf(p->problem, sizeof p->problem, "segment %zu lies past the end of its physical volume "
			    "(partition %u): not read", i + 1, pvp->idx);
			break;
		}
		runs[i].off = s->start_extent * ext;
		runs[i].len = len;
		runs[i].parent_off = pvp->first_byte + at + s->pv_extent * ext;
		if (runs[i].off != next) {
			snprintf(p->problem, sizeof p->problem, "segment %zu starts at extent %llu, not %llu: not read",
			    i + 1, (unsigned long long)s->start_extent, (unsigned long long)(next / ext));
			break;
		}
		next += len;
	}
	if (!p->problem[0]) {
		p->first_byte = runs[0].parent_off;
		p->nbytes = next;
		p->run_first = t->nruns;
		p->nruns = lv->nsegs;
		if ((rc = part_add_runs(t, runs, lv->nsegs, e)) != 0 && e->code == ERR_LIMIT) {
			/* a group of more segments than we map costs this volume, not the table */
			snprintf(p->problem, sizeof p->problem, "%.160s: not read", err_msg(e));
			p->nruns = 0;
			err_clear(e);
			rc = 0;
		}
	}
	free(runs);
	return rc;
}

/* Append group's visible logical volumes to t, numbered from *idx. */
static int
add_group(struct part_table *t, const struct lvm_vg *vg, const struct found_pv *found, size_t nfound,
    unsigned *idx, struct err *e)
{
	size_t i;

	for (i = 0; i < vg->nlvs; i++) {
		const struct lvm_lv *lv = &vg->lvs[i];
		struct part *p;
		if (!lv->visible) /* a part of another volume (a thin pool's data, a mirror's image) */
			continue;
		if ((p = part_add(t, e)) == NULL)
			return -1;
		p->idx = (*idx)++;
		p->scheme = SCHEME_LVM;
		snprintf(p->type, sizeof p->type, "linear");
		snprintf(p->vg, sizeof p->vg, "%s", vg->name);
		snprintf(p->lv, sizeof p->lv, "%s", lv->name);
		snprintf(p->uuid, sizeof p->uuid, "%s", lv->uuid);
		snprintf(p->name, sizeof p->name, "%.109s/%.109s", vg->name, lv->name);
		if (map_lv(t, p, vg, lv, found, nfound, e) != 0)
			return -1;
	}
	return 0;
}

int
lvm_scan(struct reader *disk, struct part_table *t, struct err *e)
{
	struct found_pv *found;
	uint8_t buf[LVM_LABEL_SCAN];
	size_t i, j, n = 0, nparts = t->n;
	unsigned idx = 1;
	int rc = 0;

	if (nparts == 0)
		return 0;
	if ((found = calloc(nparts, sizeof *found)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < nparts; i++) {
		struct part *p = &t->v[i];
		struct err pe ERR_AUTO = ERR_INIT;
		idx = p->idx >= idx ? p->idx + 1 : idx;
		if (p->problem[0] || mbr_is_extended(p->mbr_type) || p->nbytes < sizeof buf ||
		    reader_read_full(disk, buf, sizeof buf, p->first_byte, &pe) != 0 ||
		    !lvm_label_find(buf, sizeof buf, &found[n].label))
			continue;
		found[n].part = i;
		if (lvm_read_vg(disk, p->first_byte, p->nbytes, &found[n].label, &found[n].vg, &pe) != 0)
			snprintf(p->problem, sizeof p->problem, "LVM physical volume %s: %.130s", found[n].label.pv_uuid,
			    err_msg(&pe));
		else
			found[n].ok = 1;
		n++;
	}
	/* each group once, from the PV whose metadata is newest */
	for (i = 0; i < n && rc == 0; i++) {
		const struct found_pv *best = &found[i];
		if (!found[i].ok || found[i].done)
			continue;
		for (j = i; j < n; j++)
			if (found[j].ok && strcmp(found[j].vg.uuid, found[i].vg.uuid) == 0) {
				found[j].done = 1;
				if (found[j].vg.seqno > best->vg.seqno)
					best = &found[j];
			}
		rc = add_group(t, &best->vg, found, n, &idx, e);
	}
	for (i = 0; i < n; i++)
		lvm_vg_free(&found[i].vg);
	free(found);
	return rc;
}
