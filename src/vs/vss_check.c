/* SPDX-License-Identifier: MIT */
/*
 * vss_check.c: our check of a volume's shadow-copy structures before
 * libvshadow reads them (vss.h).  Layout: libyal's "Volume Shadow Snapshot
 * (VSS) format" document: §2 the volume header at 0x1e00, §3 the catalog
 * (16 KiB blocks of a 128-byte header and 128-byte entries; a type 2 entry
 * per shadow copy, its type 3 entry locating the store), §4 the store (a
 * header block of record type 4; chains of block-list blocks of record
 * type 3 holding 32-byte block descriptors, of block-range blocks (type 5),
 * of bitmap blocks (type 6)).  Every block carries the VSS identifier and
 * its record type; every offset must lie inside the volume; every chain is
 * bounded and may not come back to a block it has passed (fuzz_vss: a
 * range list pointing at itself kept libvshadow 20190323 reading forever).
 */
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "vs/vss.h"

#define VSS_HEADER_OFF 0x1e00u
#define VSS_BLOCK      0x4000u
#define REC_VOLUME     1u
#define REC_CATALOG    2u
#define REC_LIST       3u
#define REC_STORE      4u
#define REC_RANGE      5u
#define REC_BITMAP     6u
#define DESC_FORWARDER 0x01u
#define DESC_NOT_USED  0x04u

/* {3808876b-c176-4e48-b7ae-04046e6cc752} as stored */
static const uint8_t vss_id[16] = {
	0x6b, 0x87, 0x08, 0x38, 0x76, 0xc1, 0x48, 0x4e, 0xb7, 0xae, 0x04, 0x04, 0x6e, 0x6c, 0xc7, 0x52,
};

/* A 16 KiB block at off, read whole into b: its identifier and record type checked.  0, or -1. */
static int
block(struct reader *vol, uint64_t off, uint32_t rec, uint8_t *b, const char *what, struct err *e)
{
	if (off == 0 || off % 512 != 0 || off > vol->size || vol->size - off < VSS_BLOCK)
		return err_set(e, ERR_FORMAT, "VSS: %s at 0x%llx: outside the volume", what, (unsigned long long)off);
	if (reader_read_full(vol, b, VSS_BLOCK, off, e) != 0)
		return err_ctx(e, "VSS: %s", what);
	if (memcmp(b, vss_id, 16) != 0 || le32(b + 20) != rec)
		return err_set(e, ERR_FORMAT, "VSS: %s at 0x%llx: not a record of type %u", what,
		    (unsigned long long)off, rec);
	return 0;
}

/* The block descriptors of one block-list block b (at off): each inside the volume. */
static int
descriptors(struct reader *vol, const uint8_t *b, uint64_t off, struct err *e)
{
	size_t i;

	for (i = 128; i + 32 <= VSS_BLOCK; i += 32) {
		const uint8_t *d = b + i;
		uint32_t flags = le32(d + 24);
		if ((le64(d) == 0 && le64(d + 16) == 0) || (flags & DESC_NOT_USED))
			continue; /* an empty or unused descriptor */
		if (le64(d) >= vol->size ||
		    (!(flags & DESC_FORWARDER) && (le64(d + 16) > vol->size || vol->size - le64(d + 16) < VSS_BLOCK)))
			return err_set(e, ERR_FORMAT, "VSS: block descriptor at 0x%llx: outside the volume",
			    (unsigned long long)(off + i));
	}
	return 0;
}

/*
 * One chain of a store's blocks from first (0: none): each of record type
 * rec, inside the volume, at most VSS_MAX_LIST_BLOCKS, and never back at a
 * block it has passed.  A loop is found as Brent's method finds one, with no
 * list of blocks: the block at every power-of-two step is kept, and the chain
 * loops if it meets the kept block again (within twice the steps it took to
 * enter the loop).  Two chains may share a block: that loops nothing.
 */
static int
chain(struct reader *vol, uint64_t first, uint32_t rec, const char *what, uint8_t *b, struct err *e)
{
	uint64_t next = first, kept = 0;
	unsigned n = 0;

	while (next != 0) {
		if (next == kept)
			return err_set(e, ERR_FORMAT, "VSS: the %s comes back to 0x%llx", what,
			    (unsigned long long)next);
		if (++n > VSS_MAX_LIST_BLOCKS)
			return err_set(e, ERR_LIMIT, "VSS: a store's %s of more than %u blocks", what,
			    VSS_MAX_LIST_BLOCKS);
		if ((n & (n - 1)) == 0)
			kept = next;
		if (block(vol, next, rec, b, what, e) != 0 || (rec == REC_LIST && descriptors(vol, b, next, e) != 0))
			return -1;
		next = le64(b + 40);
	}
	return 0;
}

/*
 * One store (the type 3 entry c): its header, and every chain libvshadow
 * follows: the block list, the block range list, the current and previous
 * bitmaps.
 */
static int
store(struct reader *vol, const uint8_t *c, uint8_t *b, struct err *e)
{
	size_t at = 128 + 64, n; /* after the record header and the store information (§4.1) */

	if (block(vol, le64(c + 32), REC_STORE, b, "store header", e) != 0)
		return -1;
	/*
	 * The store header's two counted strings (operating machine, service
	 * machine) must lie inside its block: libvshadow 20190323 bounds them
	 * against the block without its 128-byte header and copies past the end
	 * (fuzz_vss: a 16,191-byte string, heap overflow).
	 */
	n = le16(b + at);
	at += 2;
	if (n > VSS_BLOCK - at || (at += n) > VSS_BLOCK - 2 || (n = le16(b + at)) > VSS_BLOCK - at - 2)
		return err_set(e, ERR_FORMAT, "VSS: store header at 0x%llx: its machine names run past its block",
		    (unsigned long long)le64(c + 32));
	return chain(vol, le64(c + 8), REC_LIST, "block list", b, e) != 0 ||
	    chain(vol, le64(c + 40), REC_RANGE, "block range list", b, e) != 0 ||
	    chain(vol, le64(c + 48), REC_BITMAP, "bitmap", b, e) != 0 ||
	    chain(vol, le64(c + 72), REC_BITMAP, "previous bitmap", b, e) != 0 ? -1 : 0;
}

int
vss_check(struct reader *vol, size_t *nstores, struct err *e)
{
	uint8_t h[512], *b = NULL, *s = NULL;
	uint8_t ids[VSS_MAX_STORES][16];
	size_t nids = 0, i;
	uint64_t next;
	unsigned nblocks = 0;
	int rc = -1;

	*nstores = 0;
	if (vol->size < VSS_HEADER_OFF + sizeof h)
		return 0;
	if (reader_read_full(vol, h, sizeof h, VSS_HEADER_OFF, e) != 0)
		return err_ctx(e, "VSS: volume header");
	if (memcmp(h, vss_id, 16) != 0)
		return 0; /* no shadow copies were ever made here */
	/*
	 * libvshadow 20190323 sizes the volume from the NTFS boot sector and
	 * divides by its cluster size: a zero sector or cluster size there is a
	 * division by zero inside it (found by fuzz_vss).  It is no NTFS anyway.
	 */
	if (reader_read_full(vol, h, sizeof h, 0, e) != 0)
		return err_ctx(e, "VSS: the NTFS boot sector");
	if (memcmp(h + 3, "NTFS    ", 8) == 0 && (le16(h + 11) == 0 || h[13] == 0))
		return err_set(e, ERR_FORMAT, "VSS: the NTFS boot sector gives a zero sector or cluster size");
	if (reader_read_full(vol, h, sizeof h, VSS_HEADER_OFF, e) != 0)
		return err_ctx(e, "VSS: volume header");
	if (le32(h + 20) != REC_VOLUME || (le32(h + 16) != 1 && le32(h + 16) != 2))
		return err_set(e, ERR_UNSUPPORTED, "VSS: volume header of version %u, record type %u",
		    le32(h + 16), le32(h + 20));
	if ((next = le64(h + 48)) == 0)
		return 0; /* VSS on, no catalog: no stores */
	if ((b = malloc(VSS_BLOCK)) == NULL || (s = malloc(VSS_BLOCK)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	while (next != 0) {
		if (++nblocks > VSS_MAX_CATALOG_BLOCKS) {
			err_set(e, ERR_LIMIT, "VSS: a catalog of more than %u blocks", VSS_MAX_CATALOG_BLOCKS);
			goto out;
		}
		if (block(vol, next, REC_CATALOG, b, "catalog block", e) != 0)
			goto out;
		for (i = 128; i + 128 <= VSS_BLOCK; i += 128) {
			const uint8_t *c = b + i;
			switch (le64(c)) {
			case 2:
				if (nids == VSS_MAX_STORES) {
					err_set(e, ERR_LIMIT, "VSS: more than %u shadow copies", VSS_MAX_STORES);
					goto out;
				}
				memcpy(ids[nids++], c + 16, 16);
				break;
			case 3: {
				size_t k;
				for (k = 0; k < nids && memcmp(ids[k], c + 16, 16) != 0; k++)
					;
				if (k == nids) {
					err_set(e, ERR_FORMAT, "VSS: a store entry with no shadow copy entry before it");
					goto out;
				}
				if (store(vol, c, s, e) != 0)
					goto out;
				(*nstores)++;
				break;
			}
			default:
				break; /* empty, unused (1), or what we do not know */
			}
		}
		next = le64(b + 40);
	}
	rc = *nstores > 0;
out:
	free(b);
	free(s);
	return rc;
}
