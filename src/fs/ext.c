/* SPDX-License-Identifier: MIT */
/*
 * ext.c: see ext.h.  Offsets and flags are the on-disk layout's (the Linux
 * kernel's Documentation/filesystems/ext4: the super block, the block group
 * descriptors, the inode table, extent trees, the classic block map,
 * directory entries, inline data); the names in comments are its fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "fs/blockmap.h"
#include "fs/ext.h"
#include "fs/path.h"

#define SB_OFF        1024u
#define EXT_MAGIC     0xEF53u
#define ROOT_INO      2u
#define EXTENT_MAGIC  0xF30Au
#define MAX_DEPTH     5u        /* an extent tree's depth, as the kernel allows */
#define MAX_NODES     65536u    /* extent or map blocks read for one file */

/* s_feature_incompat */
#define INCOMPAT_COMPRESSION 0x1u
#define INCOMPAT_FILETYPE    0x2u
#define INCOMPAT_RECOVER     0x4u
#define INCOMPAT_META_BG     0x10u
#define INCOMPAT_64BIT       0x80u
#define INCOMPAT_ENCRYPT     0x10000u
/* i_flags */
#define FL_ENCRYPT   0x800u
#define FL_EXTENTS   0x80000u
#define FL_INLINE    0x10000000u

struct ext {
	struct reader  *vol;
	struct ext_info info;
	uint32_t        desc_size, inodes;
	uint64_t        gdt_off;     /* bytes: the group descriptor table */
	uint64_t        first_data_block;
};

struct inode {
	uint32_t ino;
	uint16_t mode;
	uint32_t flags;
	uint64_t size, blocks;       /* i_size; i_blocks (512-byte units, as stored) */
	uint8_t  block[60];          /* i_block */
};

int
ext_probe(const uint8_t *buf, size_t len)
{
	return len >= SB_OFF + 0x3a && le16(buf + SB_OFF + 0x38) == EXT_MAGIC;
}

const struct ext_info *
ext_info(const struct ext *x)
{
	return &x->info;
}

/* Block b's bytes into buf (one block), b inside the file system. */
static int
read_block(struct ext *x, uint64_t b, uint8_t *buf, struct err *e)
{
	if (b >= x->info.blocks || b < x->first_data_block)
		return err_set(e, ERR_FORMAT, "ext: block %llu outside the file system (%llu blocks)",
		    (unsigned long long)b, (unsigned long long)x->info.blocks);
	return reader_read_full(x->vol, buf, x->info.block_size, b * x->info.block_size, e);
}

/* One node of an extent tree (12-byte header, 12-byte entries) at depth: its runs, its children's. */
static int
extent_node(struct ext *x, const uint8_t *p, size_t len, unsigned depth, struct fs_map *m, struct err *e)
{
	unsigned n, max, i;
	uint8_t *child;

	if (len < 12 || le16(p) != EXTENT_MAGIC)
		return err_set(e, ERR_FORMAT, "ext: extent node without its magic");
	n = le16(p + 2);
	max = le16(p + 4);
	if (le16(p + 6) != depth || n > max || 12 + (size_t)max * 12 > len)
		return err_set(e, ERR_FORMAT, "ext: extent node of %u entries (at most %u), depth %u (want %u)",
		    n, max, le16(p + 6), depth);
	for (i = 0; i < n; i++) {
		const uint8_t *q = p + 12 + (size_t)i * 12;
		if (depth == 0) {
			/* ee_block, ee_len (over 32768: unwritten), ee_start_hi, ee_start_lo */
			unsigned l = le16(q + 4);
			uint64_t start = (uint64_t)le16(q + 6) << 32 | le32(q + 8);
			int unwritten = l > 32768;
			if (unwritten)
				l -= 32768;
			if (!unwritten && start + l > x->info.blocks)
				return err_set(e, ERR_FORMAT, "ext: extent at block %llu past the file system",
				    (unsigned long long)start);
			if (fs_map_add(m, le32(q), start, l, unwritten, e) != 0)
				return -1;
			continue;
		}
		/* ei_block, ei_leaf_lo, ei_leaf_hi: a child one level down */
		if (++m->nodes > MAX_NODES)
			return err_set(e, ERR_LIMIT, "ext: more than %u extent blocks in one file", MAX_NODES);
		if ((child = malloc(x->info.block_size)) == NULL)
			return err_set(e, ERR_NOMEM, "ext: out of memory");
		if (read_block(x, (uint64_t)le16(q + 8) << 32 | le32(q + 4), child, e) != 0 ||
		    extent_node(x, child, x->info.block_size, depth - 1, m, e) != 0) {
			free(child);
			return -1;
		}
		free(child);
	}
	return 0;
}

/*
 * The classic block map: block b holds pointers (level > 0) or is data;
 * *lblk counts logical blocks, up to want (the file's).  A pointer 0 is a hole.
 */
static int
map_block(struct ext *x, uint64_t b, unsigned level, uint64_t *lblk, uint64_t want, struct fs_map *m, struct err *e)
{
	uint64_t span = 1, per = x->info.block_size / 4, i;
	unsigned k;
	uint8_t *p;

	for (k = 0; k < level; k++)
		span *= per;
	if (*lblk >= want)
		return 0;
	if (b == 0) {
		*lblk += span;
		return 0;
	}
	if (level == 0) {
		if (b >= x->info.blocks)
			return err_set(e, ERR_FORMAT, "ext: block %llu past the file system", (unsigned long long)b);
		return fs_map_add(m, (*lblk)++, b, 1, 0, e);
	}
	if (++m->nodes > MAX_NODES)
		return err_set(e, ERR_LIMIT, "ext: more than %u map blocks in one file", MAX_NODES);
	if ((p = malloc(x->info.block_size)) == NULL)
		return err_set(e, ERR_NOMEM, "ext: out of memory");
	if (read_block(x, b, p, e) != 0) {
		free(p);
		return -1;
	}
	for (i = 0; i < per && *lblk < want; i++)
		if (map_block(x, le32(p + i * 4), level - 1, lblk, want, m, e) != 0) {
			free(p);
			return -1;
		}
	free(p);
	return 0;
}

/* The runs of an inode's blocks (not inline). */
static int
inode_map(struct ext *x, const struct inode *in, struct fs_map *m, struct err *e)
{
	uint64_t want = (in->size + x->info.block_size - 1) / x->info.block_size, lblk = 0;
	unsigned i;

	memset(m, 0, sizeof *m);
	if (in->flags & FL_EXTENTS)
		return extent_node(x, in->block, sizeof in->block, le16(in->block + 6) <= MAX_DEPTH ?
		    le16(in->block + 6) : MAX_DEPTH + 1, m, e);
	for (i = 0; i < 12; i++)
		if (map_block(x, le32(in->block + i * 4), 0, &lblk, want, m, e) != 0)
			return -1;
	for (i = 0; i < 3; i++)
		if (map_block(x, le32(in->block + 48 + i * 4), i + 1, &lblk, want, m, e) != 0)
			return -1;
	return 0;
}

static int
read_inode(struct ext *x, uint32_t ino, struct inode *in, struct err *e)
{
	uint8_t d[64], raw[256];
	uint32_t group, idx;
	uint64_t table, off;

	if (ino == 0 || ino > x->inodes)
		return err_set(e, ERR_FORMAT, "ext: inode %u out of range (%u inodes)", ino, x->inodes);
	group = (ino - 1) / x->info.inodes_per_group;
	idx = (ino - 1) % x->info.inodes_per_group;
	if (reader_read_full(x->vol, d, x->desc_size < sizeof d ? x->desc_size : sizeof d,
	    x->gdt_off + (uint64_t)group * x->desc_size, e) != 0)
		return err_ctx(e, "ext: group %u's descriptor", group);
	/* bg_inode_table_lo, and _hi in a 64-bit descriptor */
	table = le32(d + 8) | (x->desc_size >= 64 ? (uint64_t)le32(d + 0x28) << 32 : 0);
	if (table >= x->info.blocks)
		return err_set(e, ERR_FORMAT, "ext: group %u's inode table at block %llu, past the file system",
		    group, (unsigned long long)table);
	off = table * x->info.block_size + (uint64_t)idx * x->info.inode_size;
	if (reader_read_full(x->vol, raw, 160, off, e) != 0)
		return err_ctx(e, "ext: inode %u", ino);
	in->ino = ino;
	in->mode = le16(raw);
	in->size = le32(raw + 4) | (uint64_t)le32(raw + 0x6c) << 32;
	in->flags = le32(raw + 0x20);
	in->blocks = le32(raw + 0x1c);
	memcpy(in->block, raw + 0x28, sizeof in->block);
	return 0;
}

/* --- a file as a reader ---------------------------------------------------------------------- */

/* An inode's data as a reader named name. */
static struct reader *
inode_reader(struct ext *x, const struct inode *in, const char *name, struct err *e)
{
	struct fs_map m;
	struct reader *r;

	if (in->flags & FL_ENCRYPT) {
		err_set(e, ERR_UNSUPPORTED, "ext: inode %u is encrypted", in->ino);
		return NULL;
	}
	if (in->flags & FL_INLINE) {
		if (in->size > sizeof in->block) {
			err_set(e, ERR_UNSUPPORTED, "ext: inode %u: inline data past the inode's 60 bytes", in->ino);
			return NULL;
		}
		return fs_inline_reader(in->block, (size_t)in->size, x->vol->sector_size, name, e);
	}
	if (inode_map(x, in, &m, e) != 0) {
		fs_map_free(&m);
		err_ctx(e, "ext: inode %u", in->ino);
		return NULL;
	}
	if ((r = fs_map_reader(x->vol, x->info.block_size, &m, in->size, name, e)) == NULL)
		fs_map_free(&m);
	return r;
}

/* --- directories and paths ------------------------------------------------------------------- */

/* The inode of name (n bytes) in directory dir: 1 with *ino set, 0 absent, -1 (e set). */
static int
dir_lookup(struct ext *x, const struct inode *dir, const char *name, size_t n, uint64_t *ino, struct err *e)
{
	uint32_t bs = x->info.block_size, blk;
	struct reader *r;
	uint8_t *buf;
	size_t len, pos, end;
	int found = 0;

	if (dir->size > EXT_MAX_DIR)
		return err_set(e, ERR_LIMIT, "ext: directory inode %u of %llu bytes (over %u MiB)", dir->ino,
		    (unsigned long long)dir->size, EXT_MAX_DIR >> 20);
	if ((dir->flags & FL_INLINE) && n == 2 && memcmp(name, "..", 2) == 0) {
		*ino = le32(dir->block); /* an inline directory starts with its parent's inode */
		return 1;
	}
	if ((r = inode_reader(x, dir, "directory", e)) == NULL)
		return -1;
	len = (size_t)dir->size;
	if ((buf = malloc(len ? len : 1)) == NULL) {
		reader_close(r);
		return err_set(e, ERR_NOMEM, "ext: out of memory");
	}
	if (reader_read_full(r, buf, len, 0, e) != 0) {
		free(buf);
		reader_close(r);
		return -1;
	}
	reader_close(r);
	/* entries never cross a block (an inline directory's are one block after its parent's inode) */
	blk = dir->flags & FL_INLINE ? (uint32_t)len : bs;
	for (pos = dir->flags & FL_INLINE ? 4 : 0; pos < len && !found; pos = end) {
		end = dir->flags & FL_INLINE ? len : (pos / blk + 1) * blk;
		if (end > len)
			end = len;
		while (pos + 8 <= end) {
			uint32_t in = le32(buf + pos);
			unsigned rec = le16(buf + pos + 4);
			unsigned nl = x->info.incompat & INCOMPAT_FILETYPE ? buf[pos + 6] : le16(buf + pos + 6);
			if (rec < 8 || rec % 4 || pos + rec > end) {
				free(buf);
				return err_set(e, ERR_FORMAT, "ext: directory inode %u: an entry of %u bytes at %zu", dir->ino, rec, pos);
			}
			if (in != 0 && nl == n && nl <= rec - 8 && memcmp(buf + pos + 8, name, n) == 0) {
				*ino = in;
				found = 1;
				break;
			}
			pos += rec;
		}
	}
	free(buf);
	return found;
}

/* A symbolic link's target into out (cap bytes, NUL-ended): 0, or -1. */
static int
link_target(struct ext *x, const struct inode *in, char *out, size_t cap, struct err *e)
{
	struct reader *r;

	if (in->size == 0 || in->size >= cap)
		return err_set(e, ERR_FORMAT, "ext: symbolic link inode %u of %llu bytes", in->ino, (unsigned long long)in->size);
	if (in->size < sizeof in->block && in->blocks == 0 && !(in->flags & (FL_EXTENTS | FL_INLINE))) {
		memcpy(out, in->block, (size_t)in->size); /* a fast link: in i_block itself */
	} else {
		if ((r = inode_reader(x, in, "link", e)) == NULL)
			return -1;
		if (reader_read_full(r, out, (size_t)in->size, 0, e) != 0) {
			reader_close(r);
			return -1;
		}
		reader_close(r);
	}
	out[in->size] = '\0';
	if (strlen(out) != in->size)
		return err_set(e, ERR_FORMAT, "ext: symbolic link inode %u holds a NUL", in->ino);
	return 0;
}

/* The path walk's view of our inodes (fs/path.h). */
static int
node_load(void *fs, uint64_t ino, void *node, struct err *e)
{
	return ino > UINT32_MAX ? err_set(e, ERR_FORMAT, "ext: inode %llu", (unsigned long long)ino) :
	    read_inode(fs, (uint32_t)ino, node, e);
}

static unsigned node_mode(const void *node) { return ((const struct inode *)node)->mode; }
static int node_link(void *fs, const void *node, char *out, size_t cap, struct err *e) { return link_target(fs, node, out, cap, e); }
static int
node_lookup(void *fs, const void *dir, const char *name, size_t n, uint64_t *ino, struct err *e)
{
	return dir_lookup(fs, dir, name, n, ino, e);
}

static const struct fs_path_ops ext_nodes = {sizeof(struct inode), node_load, node_lookup, node_mode, node_link};

int
ext_open_file(struct ext *x, const char *path, const char *name, struct reader **out, struct err *e)
{
	struct inode in;
	int rc;

	*out = NULL;
	if ((rc = fs_path_walk(&ext_nodes, x, ROOT_INO, path, EXT_MAX_SYMLINKS, &in, e)) != 1)
		return rc < 0 ? err_ctx(e, "ext") : 0;
	if ((*out = inode_reader(x, &in, name, e)) == NULL)
		return -1;
	return 1;
}

struct ext *
ext_open(struct reader *vol, struct err *e)
{
	uint8_t sb[1024];
	struct ext *x;
	uint32_t log, bpg, ipg, rev;
	uint64_t groups;

	if (reader_read_full(vol, sb, sizeof sb, SB_OFF, e) != 0) {
		err_ctx(e, "ext: superblock");
		return NULL;
	}
	if (le16(sb + 0x38) != EXT_MAGIC) {
		err_set(e, ERR_FORMAT, "ext: no superblock magic");
		return NULL;
	}
	if ((x = calloc(1, sizeof *x)) == NULL) {
		err_set(e, ERR_NOMEM, "ext: out of memory");
		return NULL;
	}
	x->vol = vol;
	log = le32(sb + 0x18);
	bpg = le32(sb + 0x20);
	ipg = le32(sb + 0x28);
	rev = le32(sb + 0x4c);
	x->info.compat = le32(sb + 0x5c);
	x->info.incompat = rev ? le32(sb + 0x60) : 0;
	x->info.ro_compat = rev ? le32(sb + 0x64) : 0;
	x->info.block_size = log <= 6 ? 1024u << log : 0;
	x->info.inode_size = rev ? le16(sb + 0x58) : 128;
	x->info.inodes_per_group = ipg;
	x->info.blocks = le32(sb + 0x4) | (x->info.incompat & INCOMPAT_64BIT ? (uint64_t)le32(sb + 0x150) << 32 : 0);
	x->inodes = le32(sb);
	x->first_data_block = le32(sb + 0x14);
	x->desc_size = x->info.incompat & INCOMPAT_64BIT ? le16(sb + 0xfe) : 32;
	x->info.needs_recovery = (x->info.incompat & INCOMPAT_RECOVER) != 0;
	memcpy(x->info.label, sb + 0x78, 16);
	snprintf(x->info.uuid, sizeof x->info.uuid, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    sb[0x68], sb[0x69], sb[0x6a], sb[0x6b], sb[0x6c], sb[0x6d], sb[0x6e], sb[0x6f], sb[0x70], sb[0x71],
	    sb[0x72], sb[0x73], sb[0x74], sb[0x75], sb[0x76], sb[0x77]);
	if (x->info.block_size == 0 || bpg == 0 || bpg > 8 * x->info.block_size || ipg == 0 ||
	    ipg > 8 * x->info.block_size || x->info.inode_size < 128 || x->info.inode_size > x->info.block_size ||
	    (x->info.inode_size & (x->info.inode_size - 1)) || x->first_data_block >= x->info.blocks ||
	    (x->info.incompat & INCOMPAT_64BIT && (x->desc_size < 64 || x->desc_size > 1024 ||
	    (x->desc_size & (x->desc_size - 1))))) {
		err_set(e, ERR_FORMAT, "ext: a superblock of impossible sizes (block %u, inode %u, %u blocks and %u "
		    "inodes a group)", x->info.block_size, x->info.inode_size, bpg, ipg);
		goto bad;
	}
	groups = (x->info.blocks - x->first_data_block + bpg - 1) / bpg;
	x->info.groups = (uint32_t)groups;
	if (groups > UINT32_MAX || x->inodes > groups * ipg || x->inodes < ROOT_INO) {
		err_set(e, ERR_FORMAT, "ext: %u inodes in %llu groups of %u", x->inodes, (unsigned long long)groups, ipg);
		goto bad;
	}
	if (x->info.incompat & (INCOMPAT_COMPRESSION | INCOMPAT_META_BG)) {
		err_set(e, ERR_UNSUPPORTED, "ext: a file system with %s (not read)",
		    x->info.incompat & INCOMPAT_META_BG ? "meta block groups" : "compression");
		goto bad;
	}
	/* the descriptors follow the superblock's block */
	x->gdt_off = (x->first_data_block + 1) * x->info.block_size;
	if (x->gdt_off + groups * x->desc_size > vol->size) {
		err_set(e, ERR_FORMAT, "ext: %llu group descriptors past the volume's end", (unsigned long long)groups);
		goto bad;
	}
	return x;
bad:
	free(x);
	return NULL;
}

void
ext_close(struct ext *x)
{
	free(x);
}
