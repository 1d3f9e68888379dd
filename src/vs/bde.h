/* SPDX-License-Identifier: MIT */
/*
 * bde.h: what a BitLocker volume tells without a key: its FVE metadata
 * (libyal's "BitLocker Drive Encryption (BDE) format", docs/sources.md F5).
 * The volume header (a boot sector whose OEM id is "-FVE-FS-") gives the
 * offsets of three copies of the FVE metadata block; a block is a header,
 * a metadata header (the volume's identifier, encryption method, creation
 * time) and entries: the description Windows writes (computer name, drive
 * and date: text of the image, hostile), and one volume master key entry
 * per key protector (its identifier and protection type).  No key is
 * read, derived or kept here.
 */
#ifndef HV_VS_BDE_H
#define HV_VS_BDE_H

#include "base/bytes.h"
#include "io/reader.h"

#define BDE_BLOCK_MAX      (64u << 10) /* bytes of one FVE metadata block read */
#define BDE_MAX_ENTRIES    256u        /* entries of one block looked at */
#define BDE_MAX_PROTECTORS 32u         /* key protectors kept */
#define BDE_DESC_MAX       512u        /* bytes of the description kept (UTF-8) */

struct bde_protector {
	char     id[GUID_STR_LEN];
	uint16_t protection;     /* 0x0000 clear key, 0x0100 TPM, 0x0800 recovery password... */
	uint64_t modified;       /* FILETIME, 0 unknown */
};

struct bde_info {
	unsigned version;        /* of the block header: 1 Windows Vista, 2 Windows 7 and later */
	char     volume_id[GUID_STR_LEN];
	uint32_t method;         /* the encryption method as stored (0x8004: AES-XTS 128) */
	uint64_t created;        /* FILETIME */
	char     description[BDE_DESC_MAX + 4]; /* UTF-8, "" none */
	struct bde_protector prot[BDE_MAX_PROTECTORS];
	size_t   nprot;
	uint64_t encrypted_size; /* version 2: the bytes still encrypted (0: decrypted) */
	uint64_t header_off;     /* version 2: where the volume's own first sectors are kept, 0 unknown */
	uint32_t header_sectors; /* how many */
	int      has_encrypted_size;
	unsigned block;          /* 1..3: the copy the facts come from */
	char     problem[160];   /* a copy that could not be read, when another was: "" none */
};

/*
 * Parse one FVE metadata block b[0..len) (its block header first): 0 with
 * bi filled (block and problem left as they were), or -1 with e set.
 * Pure.
 */
int bde_parse_block(const uint8_t *b, size_t len, struct bde_info *bi, struct err *e);
/*
 * The facts of the BitLocker volume vol (its first sector "-FVE-FS-"): the
 * volume header's three metadata offsets, the first copy that parses.  0,
 * or -1 with e set (no copy could be read; each one's reason).
 */
int bde_read(struct reader *vol, struct bde_info *bi, struct err *e);

/*
 * What the metadata says of the volume's state without a key: "suspended"
 * (a volume master key protected by a clear key: protection suspended),
 * "decrypted" (version 2, nothing left encrypted and no encryption method:
 * decrypted, the metadata left behind), else "locked".
 */
const char *bde_state(const struct bde_info *bi);
/*
 * A key to try (--keys): its kind, the volume it is for ("" any), and its
 * value: the passphrase or the 48-digit recovery password as text, a .BEK
 * file's bytes, or the FVEK's bytes (a tweak key after it: 64 bytes).  A
 * secret: it is never printed, and wiped (bde_keys_free) after use.
 */
enum bde_key_type { BDE_KEY_PASSPHRASE, BDE_KEY_RECOVERY, BDE_KEY_FILE, BDE_KEY_RAW };
struct bde_key {
	enum bde_key_type type;
	char              volume_id[GUID_STR_LEN];
	uint8_t          *value;   /* owned */
	size_t            len;
};
struct bde_keys {
	struct bde_key *v;
	size_t          n;
};
/* "passphrase", "recovery_key", "file", "raw": the words of the keychain and of unlocked_with. */
const char *bde_key_type_name(enum bde_key_type t);
/* Wipe every value, then free; NULL or empty is a no-op. */
void bde_keys_free(struct bde_keys *k);

/*
 * vol (a BitLocker volume; borrowed, must outlive it) unlocked with k by
 * libbde (bdelib.c): an owned reader of the decrypted volume, or NULL with
 * e set ("the passphrase did not unlock it"; never the key's value;
 * ERR_UNSUPPORTED in a build without the library).
 */
struct reader *bdelib_open(struct reader *vol, const struct bde_key *k, struct err *e);
/* libbde's version, or NULL in a build without it. */
const char *bdelib_version(void);

/* The encryption method's name ("AES-XTS 128", "AES-CBC 256 + diffuser"), or NULL when unknown. */
const char *bde_method_name(uint32_t method);
/* A protection type's name ("recovery-password", "tpm", ...), or NULL when unknown. */
const char *bde_protection_name(uint16_t protection);

#endif
