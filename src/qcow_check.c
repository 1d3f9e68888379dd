/* SPDX-License-Identifier: MIT */
/*
 * qcow_check.c: our own check of a QCOW2 file's tables before libqcow reads
 * it.  libqcow 20201213 copies past its buffer when a cluster it maps lies
 * (partly) past the end of the file (ASan, tests/sweep.c on a truncated
 * QCOW2), so every cluster the L1 and L2 tables name must lie inside the
 * file, and the header must be one we expect.
 *
 * Format (QEMU docs/interop/qcow2.txt): big-endian header: magic "QFI\xfb",
 * version at 4 (2 or 3), backing file offset at 8, cluster_bits at 20, size
 * at 24, crypt_method at 32, l1_size at 36, l1_table_offset at 40; version 3:
 * incompatible_features at 72.  L1 and L2 entries: bits 9..55 the host
 * offset; an L2 entry with bit 62 set is a compressed cluster: with
 * x = 62 - (cluster_bits - 8), its offset is bits 0..x-1 and bits x..61 hold
 * the number of additional 512-byte sectors.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "rd_more.h"

#define QCOW_OFFSET_MASK 0x00fffffffffffe00ull
#define QCOW_COMPRESSED  (1ull << 62)
#define QCOW_MAX_L1      (1u << 22)  /* entries: 4 Mi L2 tables */

int
qcow_check(struct reader *f, struct err *e)
{
	uint8_t h[104];
	uint64_t size, l1off, cs, per_l2, need, i, k, *l1 = NULL;
	uint32_t ver, cb, l1n;
	uint8_t *l2 = NULL;
	int rc = -1;

	if (reader_read_full(f, h, sizeof h, 0, e) != 0)
		return err_ctx(e, "QCOW: header");
	ver = be32(h + 4);
	cb = be32(h + 20);
	size = be64(h + 24);
	l1n = be32(h + 36);
	l1off = be64(h + 40);
	if (ver != 2 && ver != 3)
		return err_set(e, ERR_UNSUPPORTED, "QCOW: version %u not read", ver);
	if (be64(h + 8) != 0)
		return err_set(e, ERR_UNSUPPORTED, "QCOW: has a backing file: not read (yet)");
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
			uint64_t en = be64(l2 + 8 * k), off, len;
			if (en & QCOW_COMPRESSED) {
				unsigned x = 62 - (cb - 8);
				off = en & ((1ull << x) - 1);
				len = (((en >> x) & ((1ull << (cb - 8)) - 1)) + 1) * 512 - (off & 511);
			} else {
				off = en & QCOW_OFFSET_MASK;
				len = cs;
				if (off == 0)
					continue; /* unallocated, or all zeros (v3 bit 0) */
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
	return rc;
}
