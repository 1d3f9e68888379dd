/* SPDX-License-Identifier: MIT */
/*
 * xfs.c: see xfs.h.  All on-disk numbers are big-endian.  The superblock
 * (sb_blocksize, sb_dblocks, sb_rootino, sb_agblocks, sb_agcount,
 * sb_versionnum, sb_inodesize, the logs of those sizes, sb_dirblklog,
 * sb_features2, sb_features_incompat); an inode number is its AG, its
 * block in the AG and its slot in the block, packed by those logs; an
 * inode (magic "IN", version, data fork format, size, extent count, fork
 * offset) is followed by its data fork; an extent is 128 bits (unwritten
 * flag, 54-bit file offset, 52-bit block, 21-bit count).  Directory data
 * blocks ("XD2B"/"XDB3" for a single-block directory, "XD2D"/"XDD3"
 * otherwise) hold entries of an 8-byte inode number, a name and a tag,
 * each 8-byte aligned; unused space is tagged 0xffff and its length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "fs/blockmap.h"
#include "fs/path.h"
#include "fs/xfs.h"

#define MAX_INODE      2048u
#define MAX_LEVELS     8u       /* a B+tree's height */
#define MAX_NODES      65536u   /* B+tree blocks read for one file */
#define CORE_V2        100u     /* an inode's core, versions 1 and 2 */
#define CORE_V3        176u
#define FMT_LOCAL      1u
#define FMT_EXTENTS    2u
#define FMT_BTREE      3u
#define INCOMPAT_FTYPE 0x1u
#define INCOMPAT_NREXT64 0x20u
#define V2_FTYPE       0x200u   /* sb_features2, version 4 */

static inline uint16_t b16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

struct xfs {
	struct reader  *vol;
	struct xfs_info info;
	uint64_t        root;
	unsigned        blocklog, inopblog, agblklog, dirblklog;
	int             nrext64;
};

struct xnode {
	uint64_t ino, size, nextents;
	uint16_t mode;
	uint8_t  format;
	uint16_t fork_len;
	uint8_t  fork[MAX_INODE];
};

int
xfs_probe(const uint8_t *buf, size_t len)
{
	return len >= 4 && memcmp(buf, "XFSB", 4) == 0;
}

const struct xfs_info *
xfs_info(const struct xfs *x)
{
	return &x->info;
}

/* A file-system block number (AG and block in it, packed) as a block of the volume: 0, or -1. */
static int
fsblock(const struct xfs *x, uint64_t fsb, uint64_t *out, struct err *e)
{
	uint64_t ag = fsb >> x->agblklog, agb = fsb & (((uint64_t)1 << x->agblklog) - 1);

	if (ag >= x->info.ag_count || agb >= x->info.ag_blocks)
		return err_set(e, ERR_FORMAT, "xfs: block 0x%llx outside the file system", (unsigned long long)fsb);
	*out = ag * x->info.ag_blocks + agb;
	return 0;
}

static int
read_inode(struct xfs *x, uint64_t ino, struct xnode *n, struct err *e)
{
	uint8_t raw[MAX_INODE];
	unsigned shift = x->agblklog + x->inopblog, core;
	uint64_t ag = ino >> shift, agb = (ino >> x->inopblog) & (((uint64_t)1 << x->agblklog) - 1),
	    slot = ino & (((uint64_t)1 << x->inopblog) - 1), off;
	uint8_t version, forkoff;

	if (shift >= 64 || ag >= x->info.ag_count || agb >= x->info.ag_blocks)
		return err_set(e, ERR_FORMAT, "xfs: inode %llu out of range", (unsigned long long)ino);
	off = (ag * x->info.ag_blocks + agb) * x->info.block_size + slot * x->info.inode_size;
	if (reader_read_full(x->vol, raw, x->info.inode_size, off, e) != 0)
		return err_ctx(e, "xfs: inode %llu", (unsigned long long)ino);
	version = raw[4];
	if (memcmp(raw, "IN", 2) != 0 || version < 1 || version > 3 || (version == 3) != (x->info.version == 5))
		return err_set(e, ERR_FORMAT, "xfs: inode %llu: no inode there (magic %02x%02x, version %u)",
		    (unsigned long long)ino, raw[0], raw[1], version);
	core = version == 3 ? CORE_V3 : CORE_V2;
	memset(n, 0, offsetof(struct xnode, fork));
	n->ino = ino;
	n->mode = b16(raw + 2);
	n->format = raw[5];
	n->size = be64(raw + 56);
	n->nextents = x->nrext64 ? be64(raw + 24) : be32(raw + 76);
	forkoff = raw[82];
	n->fork_len = (uint16_t)(forkoff ? (unsigned)forkoff * 8 : x->info.inode_size - core);
	if (core + n->fork_len > x->info.inode_size || n->size > INT64_MAX)
		return err_set(e, ERR_FORMAT, "xfs: inode %llu: a data fork of %u bytes, size %llu",
		    (unsigned long long)ino, n->fork_len, (unsigned long long)n->size);
	memcpy(n->fork, raw + core, n->fork_len);
	return 0;
}

/* count extent records at p into m. */
static int
extents(struct xfs *x, const uint8_t *p, uint64_t count, struct fs_map *m, struct err *e)
{
	uint64_t i, b = 0, mask = ((uint64_t)1 << x->agblklog) - 1;

	for (i = 0; i < count; i++, p += 16) {
		uint64_t l0 = be64(p), l1 = be64(p + 8);
		uint64_t off = (l0 & ~((uint64_t)1 << 63)) >> 9, start = (l0 & 0x1ff) << 43 | l1 >> 21,
		    len = l1 & 0x1fffff;
		int unwritten = (int)(l0 >> 63);
		if (len == 0)
			continue;
		/* an extent lies inside one AG */
		if (fsblock(x, start, &b, e) != 0)
			return err_ctx(e, "extent %llu", (unsigned long long)i);
		if ((start & mask) + len > x->info.ag_blocks)
			return err_set(e, ERR_FORMAT, "xfs: extent %llu runs past its AG", (unsigned long long)i);
		if (fs_map_add(m, off, b, len, unwritten, e) != 0)
			return err_ctx(e, "xfs");
	}
	return 0;
}

/* A B+tree node's pointers (fsblocks) at ptrs, n of them, a level below: their extents into m. */
static int
btree_children(struct xfs *x, const uint8_t *ptrs, unsigned n, unsigned level, struct fs_map *m, struct err *e)
{
	uint32_t bs = x->info.block_size, hdr = x->info.version == 5 ? 72 : 24;
	uint8_t *blk;
	unsigned i;
	int rc = 0;

	if (level >= MAX_LEVELS)
		return err_set(e, ERR_FORMAT, "xfs: a B+tree of more than %u levels", MAX_LEVELS);
	if ((blk = malloc(bs)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < n && rc == 0; i++) {
		uint64_t b = 0;
		unsigned lv, recs, max = (bs - hdr) / 16;
		if (++m->nodes > MAX_NODES) {
			rc = err_set(e, ERR_LIMIT, "xfs: more than %u B+tree blocks in one file", MAX_NODES);
			break;
		}
		if (fsblock(x, be64(ptrs + (size_t)i * 8), &b, e) != 0 ||
		    reader_read_full(x->vol, blk, bs, b * bs, e) != 0) {
			rc = -1;
			break;
		}
		lv = b16(blk + 4);
		recs = b16(blk + 6);
		if ((memcmp(blk, "BMAP", 4) != 0 && memcmp(blk, "BMA3", 4) != 0) || lv != level || recs > max) {
			rc = err_set(e, ERR_FORMAT, "xfs: a B+tree block of %u records at level %u (want %u)", recs, lv, level);
			break;
		}
		if (level == 0)
			rc = extents(x, blk + hdr, recs, m, e);
		else
			rc = btree_children(x, blk + hdr + (size_t)max * 8, recs, level - 1, m, e);
	}
	free(blk);
	return rc;
}

/* The runs of an inode's blocks (extents or B+tree fork). */
static int
inode_map(struct xfs *x, const struct xnode *n, struct fs_map *m, struct err *e)
{
	unsigned level, recs, max;

	memset(m, 0, sizeof *m);
	if (n->format == FMT_EXTENTS) {
		if (n->nextents > n->fork_len / 16)
			return err_set(e, ERR_FORMAT, "xfs: inode %llu: %llu extents in a fork of %u bytes",
			    (unsigned long long)n->ino, (unsigned long long)n->nextents, n->fork_len);
		return extents(x, n->fork, n->nextents, m, e);
	}
	if (n->format != FMT_BTREE)
		return err_set(e, ERR_UNSUPPORTED, "xfs: inode %llu: data fork format %u", (unsigned long long)n->ino,
		    n->format);
	/* the root in the inode: level, count, then keys and pointers, each list sized for the fork */
	level = b16(n->fork);
	recs = b16(n->fork + 2);
	max = (n->fork_len - 4u) / 16;
	if (level == 0 || recs > max)
		return err_set(e, ERR_FORMAT, "xfs: inode %llu: a B+tree root of %u records at level %u",
		    (unsigned long long)n->ino, recs, level);
	return btree_children(x, n->fork + 4 + (size_t)max * 8, recs, level - 1, m, e);
}

static struct reader *
inode_reader(struct xfs *x, const struct xnode *n, const char *name, struct err *e)
{
	struct fs_map m;
	struct reader *r;

	if (n->format == FMT_LOCAL) {
		if (n->size > n->fork_len) {
			err_set(e, ERR_FORMAT, "xfs: inode %llu: %llu bytes in a fork of %u", (unsigned long long)n->ino,
			    (unsigned long long)n->size, n->fork_len);
			return NULL;
		}
		return fs_inline_reader(n->fork, (size_t)n->size, x->vol->sector_size, name, e);
	}
	if (inode_map(x, n, &m, e) != 0) {
		fs_map_free(&m);
		err_ctx(e, "xfs: inode %llu", (unsigned long long)n->ino);
		return NULL;
	}
	if ((r = fs_map_reader(x->vol, x->info.block_size, &m, n->size, name, e)) == NULL)
		fs_map_free(&m);
	return r;
}

/* --- directories ------------------------------------------------------------------------------ */

/* A short-form directory (in the inode): count, count of 8-byte numbers, parent, then entries. */
static int
short_lookup(struct xfs *x, const struct xnode *d, const char *name, size_t n, uint64_t *ino, struct err *e)
{
	const uint8_t *p = d->fork, *end = d->fork + (d->size < d->fork_len ? d->size : d->fork_len);
	unsigned count, isz, i;

	if (end - p < 2)
		return err_set(e, ERR_FORMAT, "xfs: directory inode %llu: short form too short", (unsigned long long)d->ino);
	count = p[0] ? p[0] : p[1];
	isz = p[1] ? 8 : 4;
	if (end - p < 2 + (ptrdiff_t)isz)
		return err_set(e, ERR_FORMAT, "xfs: directory inode %llu: short form too short", (unsigned long long)d->ino);
	if (n == 2 && memcmp(name, "..", 2) == 0) {
		*ino = isz == 8 ? be64(p + 2) : be32(p + 2);
		return 1;
	}
	p += 2 + isz;
	for (i = 0; i < count; i++) {
		size_t nl, len;
		if (end - p < 3)
			break;
		nl = p[0];
		len = 3 + nl + (x->info.ftype ? 1 : 0) + isz;
		if ((size_t)(end - p) < len)
			return err_set(e, ERR_FORMAT, "xfs: directory inode %llu: entry %u runs past the fork",
			    (unsigned long long)d->ino, i);
		if (nl == n && memcmp(p + 3, name, n) == 0) {
			const uint8_t *q = p + 3 + nl + (x->info.ftype ? 1 : 0);
			*ino = isz == 8 ? be64(q) : be32(q);
			return 1;
		}
		p += len;
	}
	return 0;
}

/* One directory data block (dbs bytes): name's inode, 1; 0 when not there; -1 on damage. */
static int
block_lookup(struct xfs *x, const uint8_t *b, size_t dbs, const char *name, size_t n, uint64_t *ino,
    struct err *e)
{
	int v5 = x->info.version == 5;
	size_t pos = v5 ? 64 : 16, end = dbs;

	if (memcmp(b, v5 ? "XDB3" : "XD2B", 4) == 0) {
		/* a single-block directory: its hash leaf and a tail (count, stale) end the block */
		uint32_t count = be32(b + dbs - 8);
		if ((uint64_t)count * 8 + 8 > dbs - pos)
			return err_set(e, ERR_FORMAT, "xfs: a directory block of %u leaf entries", count);
		end = dbs - 8 - (size_t)count * 8;
	} else if (memcmp(b, v5 ? "XDD3" : "XD2D", 4) != 0) {
		return 0; /* not a data block (a hole, a freed block) */
	}
	while (pos + 8 <= end) {
		size_t nl, len;
		if (b16(b + pos) == 0xffff) {
			len = b16(b + pos + 2);
			if (len < 8 || len % 8 || pos + len > end)
				return err_set(e, ERR_FORMAT, "xfs: an unused directory entry of %zu bytes at %zu", len, pos);
			pos += len;
			continue;
		}
		if (pos + 9 > end)
			break;
		nl = b[pos + 8];
		len = (8 + 1 + nl + (x->info.ftype ? 1 : 0) + 2 + 7) & ~(size_t)7;
		if (nl == 0 || pos + len > end)
			return err_set(e, ERR_FORMAT, "xfs: a directory entry of %zu bytes at %zu", len, pos);
		if (nl == n && memcmp(b + pos + 9, name, n) == 0) {
			*ino = be64(b + pos);
			return 1;
		}
		pos += len;
	}
	return 0;
}

static int
dir_lookup(struct xfs *x, const struct xnode *d, const char *name, size_t n, uint64_t *ino, struct err *e)
{
	size_t dbs = x->info.dir_block_size;
	uint64_t data_end, off;
	struct reader *r;
	uint8_t *b;
	int rc = 0;

	if (d->format == FMT_LOCAL)
		return short_lookup(x, d, name, n, ino, e);
	/* the data blocks lie below 32 GiB of the directory's space; its size ends the last one */
	data_end = d->size < ((uint64_t)32 << 30) ? d->size : (uint64_t)32 << 30;
	if (data_end > XFS_MAX_DIR)
		return err_set(e, ERR_LIMIT, "xfs: directory inode %llu of %llu bytes (over %u MiB)",
		    (unsigned long long)d->ino, (unsigned long long)data_end, XFS_MAX_DIR >> 20);
	if ((r = inode_reader(x, d, "directory", e)) == NULL)
		return -1;
	if ((b = malloc(dbs)) == NULL) {
		reader_close(r);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	for (off = 0; off + dbs <= data_end && rc == 0; off += dbs) {
		if (reader_read_full(r, b, dbs, off, e) != 0) {
			rc = -1;
			break;
		}
		rc = block_lookup(x, b, dbs, name, n, ino, e);
	}
	free(b);
	reader_close(r);
	return rc;
}

static int
link_target(struct xfs *x, const struct xnode *l, char *out, size_t cap, struct err *e)
{
	uint32_t bs = x->info.block_size, hdr = x->info.version == 5 && l->format != FMT_LOCAL ? 56 : 0;
	size_t done = 0;
	uint64_t blk;
	struct reader *r;

	if (l->size == 0 || l->size >= cap)
		return err_set(e, ERR_FORMAT, "xfs: symbolic link inode %llu of %llu bytes", (unsigned long long)l->ino,
		    (unsigned long long)l->size);
	if (l->format == FMT_LOCAL) {
		if (l->size > l->fork_len)
			return err_set(e, ERR_FORMAT, "xfs: symbolic link inode %llu past its fork", (unsigned long long)l->ino);
		memcpy(out, l->fork, (size_t)l->size);
	} else {
		/* remote: whole blocks, each (version 5) after its 56-byte header */
		struct xnode whole = *l;
		whole.size = ((l->size + (bs - hdr) - 1) / (bs - hdr)) * bs;
		if ((r = inode_reader(x, &whole, "link", e)) == NULL)
			return -1;
		for (blk = 0; done < l->size; blk++) {
			size_t n = l->size - done < bs - hdr ? (size_t)(l->size - done) : bs - hdr;
			if (reader_read_full(r, out + done, n, blk * bs + hdr, e) != 0) {
				reader_close(r);
				return -1;
			}
			done += n;
		}
		reader_close(r);
	}
	out[l->size] = '\0';
	if (strlen(out) != l->size)
		return err_set(e, ERR_FORMAT, "xfs: symbolic link inode %llu holds a NUL", (unsigned long long)l->ino);
	return 0;
}

/* --- paths ------------------------------------------------------------------------------------ */

static int node_load(void *fs, uint64_t ino, void *node, struct err *e) { return read_inode(fs, ino, node, e); }
static unsigned node_mode(const void *node) { return ((const struct xnode *)node)->mode; }
static int node_link(void *fs, const void *node, char *out, size_t cap, struct err *e) { return link_target(fs, node, out, cap, e); }
static int
node_lookup(void *fs, const void *dir, const char *name, size_t n, uint64_t *ino, struct err *e)
{
	return dir_lookup(fs, dir, name, n, ino, e);
}

static const struct fs_path_ops xfs_nodes = {sizeof(struct xnode), node_load, node_lookup, node_mode, node_link};

int
xfs_open_file(struct xfs *x, const char *path, const char *name, struct reader **out, struct err *e)
{
	struct xnode *n;
	int rc;

	*out = NULL;
	if ((n = malloc(sizeof *n)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	if ((rc = fs_path_walk(&xfs_nodes, x, x->root, path, XFS_MAX_SYMLINKS, n, e)) == 1 &&
	    (*out = inode_reader(x, n, name, e)) == NULL)
		rc = -1;
	if (rc < 0)
		err_ctx(e, "xfs");
	free(n);
	return rc;
}

static unsigned
log2u(uint64_t v)
{
	unsigned k = 0;

	while (k < 63 && ((uint64_t)1 << k) < v)
		k++;
	return k;
}

struct xfs *
xfs_open(struct reader *vol, struct err *e)
{
	uint8_t sb[512];
	struct xfs *x;
	struct xfs_info *i;
	unsigned inopblock;

	if (reader_read_full(vol, sb, sizeof sb, 0, e) != 0) {
		err_ctx(e, "xfs: superblock");
		return NULL;
	}
	if (!xfs_probe(sb, sizeof sb)) {
		err_set(e, ERR_FORMAT, "xfs: no superblock magic");
		return NULL;
	}
	if ((x = calloc(1, sizeof *x)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	i = &x->info;
	x->vol = vol;
	i->block_size = be32(sb + 4);
	i->blocks = be64(sb + 8);
	x->root = be64(sb + 56);
	i->ag_blocks = be32(sb + 84);
	i->ag_count = be32(sb + 88);
	i->version = b16(sb + 100) & 0xf;
	i->sector_size = b16(sb + 102);
	i->inode_size = b16(sb + 104);
	inopblock = b16(sb + 106);
	x->blocklog = sb[120];
	x->inopblog = sb[123];
	x->agblklog = sb[124];
	x->dirblklog = sb[192];
	i->ftype = i->version == 5 ? (be32(sb + 216) & INCOMPAT_FTYPE) != 0 : (be32(sb + 200) & V2_FTYPE) != 0;
	x->nrext64 = i->version == 5 && (be32(sb + 216) & INCOMPAT_NREXT64);
	memcpy(i->label, sb + 108, 12);
	snprintf(i->uuid, sizeof i->uuid, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    sb[32], sb[33], sb[34], sb[35], sb[36], sb[37], sb[38], sb[39], sb[40], sb[41], sb[42], sb[43], sb[44],
	    sb[45], sb[46], sb[47]);
	if ((i->version != 4 && i->version != 5) || x->blocklog < 9 || x->blocklog > 16 ||
	    i->block_size != 1u << x->blocklog || i->inode_size < 256 || i->inode_size > MAX_INODE ||
	    (i->inode_size & (i->inode_size - 1)) || inopblock != i->block_size / i->inode_size ||
	    x->inopblog > 8 || inopblock != 1u << x->inopblog || i->ag_blocks == 0 || i->ag_count == 0 ||
	    x->agblklog != log2u(i->ag_blocks) || x->agblklog > 31 || x->dirblklog > 16 - x->blocklog ||
	    i->blocks > (uint64_t)i->ag_blocks * i->ag_count || i->blocks > UINT64_MAX >> 17 ||
	    (uint64_t)i->ag_blocks * i->ag_count >= i->blocks + i->ag_blocks) {
		err_set(e, ERR_FORMAT, "xfs: a superblock of impossible sizes (version %u, block %u, inode %u, "
		    "%u AGs of %u blocks)", i->version, i->block_size, i->inode_size, i->ag_count, i->ag_blocks);
		free(x);
		return NULL;
	}
	i->dir_block_size = i->block_size << x->dirblklog;
	return x;
}

void
xfs_close(struct xfs *x)
{
	free(x);
}
