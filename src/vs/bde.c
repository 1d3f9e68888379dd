/* SPDX-License-Identifier: MIT */
/*
 * bde.c: a BitLocker volume's FVE metadata, read without a key (bde.h).
 * Layout per libyal's "BitLocker Drive Encryption (BDE) format"
 * (docs/sources.md F5): the volume header's metadata offsets (Windows 7 and
 * later at 176, 184, 192; Windows Vista one cluster number at 56), each
 * block a 64-byte block header ("-FVE-FS-", version 1 or 2), a 48-byte
 * metadata header (size, version 1, its own size 48, the volume's
 * identifier, the nonce counter, the encryption method, the creation
 * time), then entries of (size, entry type, value type, version 1, data):
 * type 7 the description (a UTF-16 string), type 2 a volume master key
 * (value type 8: the protector's identifier, time and protection type at
 * 26).  Every size is checked against what holds it; a block read whole is
 * at most BDE_BLOCK_MAX bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "base/safe.h"
#include "base/utf.h"
#include "vs/bde.h"

#define BLOCK_HEADER  64u
#define META_HEADER   48u
#define ENTRY_HEADER  8u

static const struct {
	uint32_t    method;
	const char *name;
} methods[] = {
	{0x8000, "AES-CBC 128 + diffuser"}, {0x8001, "AES-CBC 256 + diffuser"}, {0x8002, "AES-CBC 128"},
	{0x8003, "AES-CBC 256"}, {0x8004, "AES-XTS 128"}, {0x8005, "AES-XTS 256"},
};

static const struct {
	uint16_t    protection;
	const char *name;
} protections[] = {
	{0x0000, "clear-key"}, {0x0100, "tpm"}, {0x0200, "startup-key"}, {0x0500, "tpm-pin"},
	{0x0800, "recovery-password"}, {0x2000, "password"},
};

const char *
bde_key_type_name(enum bde_key_type t)
{
	static const char *const names[] = {"passphrase", "recovery_key", "file", "raw"};

	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

void
bde_keys_free(struct bde_keys *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->n; i++) {
		if (k->v[i].value != NULL)
			safe_wipe(k->v[i].value, k->v[i].len);
		free(k->v[i].value);
	}
	free(k->v);
	k->v = NULL;
	k->n = 0;
}

const char *
bde_method_name(uint32_t method)
{
	size_t i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (methods[i].method == (method & 0xffff))
			return methods[i].name;
	return NULL;
}

const char *
bde_protection_name(uint16_t protection)
{
	size_t i;

	for (i = 0; i < sizeof protections / sizeof protections[0]; i++)
		if (protections[i].protection == protection)
			return protections[i].name;
	return NULL;
}

/* One entry e[0..n) (its header first) into bi. */
static void
entry(const uint8_t *p, size_t n, struct bde_info *bi)
{
	uint16_t type = le16(p + 2), value = le16(p + 4);
	const uint8_t *d = p + ENTRY_HEADER;
	size_t dn = n - ENTRY_HEADER;

	if (type == 0x0007 && value == 0x0002 && bi->description[0] == '\0') {
		/* up to its NUL, cut to whole characters */
		utf16le_to_utf8(d, dn & ~(size_t)1, bi->description, BDE_DESC_MAX);
	} else if (type == 0x0002 && value == 0x0008 && dn >= 28 && bi->nprot < BDE_MAX_PROTECTORS) {
		struct bde_protector *k = &bi->prot[bi->nprot++];
		guid_le_str(d, k->id);
		k->modified = le64(d + 16);
		k->protection = le16(d + 26);
	}
}

const char *
bde_state(const struct bde_info *bi)
{
	size_t i;

	for (i = 0; i < bi->nprot; i++)
		if (bi->prot[i].protection == 0x0000)
			return "suspended";
	if (bi->has_encrypted_size && bi->encrypted_size == 0 && bde_method_name(bi->method) == NULL)
		return "decrypted";
	return "locked";
}

int
bde_parse_block(const uint8_t *b, size_t len, struct bde_info *bi, struct err *e)
{
	const uint8_t *m = b + BLOCK_HEADER;
	uint32_t msize, at, n;

	if (len < BLOCK_HEADER + META_HEADER || memcmp(b, "-FVE-FS-", 8) != 0)
		return err_set(e, ERR_FORMAT, "no FVE metadata block signature");
	bi->version = le16(b + 10);
	if (bi->version != 1 && bi->version != 2)
		return err_set(e, ERR_UNSUPPORTED, "FVE metadata block version %u", bi->version);
	bi->has_encrypted_size = bi->version == 2;
	bi->encrypted_size = bi->version == 2 ? le64(b + 16) : 0;
	bi->header_sectors = bi->version == 2 ? le32(b + 28) : 0;
	bi->header_off = bi->version == 2 ? le64(b + 56) : 0;
	msize = le32(m);
	if (le32(m + 4) != 1 || le32(m + 8) != META_HEADER)
		return err_set(e, ERR_UNSUPPORTED, "FVE metadata header version %u, size %u", le32(m + 4), le32(m + 8));
	if (msize < META_HEADER || msize > len - BLOCK_HEADER)
		return err_set(e, ERR_FORMAT, "FVE metadata of %u bytes in a block of %zu", msize, len);
	guid_le_str(m + 16, bi->volume_id);
	bi->method = le32(m + 36);
	bi->created = le64(m + 40);
	bi->description[0] = '\0';
	bi->nprot = 0;
	for (at = META_HEADER, n = 0; at + ENTRY_HEADER <= msize && n < BDE_MAX_ENTRIES; n++) {
		uint16_t es = le16(m + at);
		if (es < ENTRY_HEADER || es > msize - at)
			return err_set(e, ERR_FORMAT, "FVE metadata entry %u: %u bytes at %u of %u", n + 1, es, at, msize);
		entry(m + at, es, bi);
		at += es;
	}
	return 0;
}

int
bde_read(struct reader *vol, struct bde_info *bi, struct err *e)
{
	uint8_t hdr[512], *blk;
	uint64_t off[3] = {0, 0, 0};
	char why[3][120];
	unsigned i, n = 0;

	memset(bi, 0, sizeof *bi);
	if (reader_read_full(vol, hdr, sizeof hdr, 0, e) != 0)
		return err_ctx(e, "BitLocker volume header");
	if (memcmp(hdr + 3, "-FVE-FS-", 8) != 0)
		return err_set(e, ERR_FORMAT, "BitLocker: not a BitLocker volume header");
	if (hdr[0] == 0xeb && hdr[1] == 0x52) { /* Windows Vista: a cluster number */
		uint64_t cluster = (uint64_t)le16(hdr + 11) * hdr[13];
		if (cluster == 0 || le64(hdr + 56) > UINT64_MAX / cluster)
			return err_set(e, ERR_FORMAT, "BitLocker: Vista volume header: metadata cluster out of range");
		off[0] = le64(hdr + 56) * cluster;
		n = 1;
	} else {
		for (i = 0; i < 3; i++)
			off[i] = le64(hdr + 176 + 8 * i);
		n = 3;
	}
	if ((blk = malloc(BDE_BLOCK_MAX)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		ssize_t got;
		struct err be ERR_AUTO = ERR_INIT;
		why[i][0] = '\0';
		if (off[i] == 0 || off[i] >= vol->size) {
			snprintf(why[i], sizeof why[i], "offset %llu outside the volume", (unsigned long long)off[i]);
			continue;
		}
		if ((got = reader_read(vol, blk, BDE_BLOCK_MAX, off[i], &be)) < 0 ||
		    bde_parse_block(blk, (size_t)got, bi, &be) != 0) {
			snprintf(why[i], sizeof why[i], "%.110s", err_msg(&be));
			continue;
		}
		bi->block = i + 1;
		if (i > 0)
			snprintf(bi->problem, sizeof bi->problem, "FVE metadata block 1: %.130s", why[0]);
		free(blk);
		return 0;
	}
	free(blk);
	return err_set(e, ERR_FORMAT, "BitLocker: no FVE metadata block could be read (1: %s%s%s%s%s)", why[0],
	    n > 1 ? "; 2: " : "", n > 1 ? why[1] : "", n > 2 ? "; 3: " : "", n > 2 ? why[2] : "");
}
