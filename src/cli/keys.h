/* SPDX-License-Identifier: MIT */
/*
 * keys.h: --keys FILE (- for standard input): the keychain's text into the
 * keys the BitLocker volumes are tried with (vs/bde.h).  A line is
 * provider,key_type,identifier,value (CSV quoting; '#' lines and empty
 * ones skipped; no header): provider "bitlocker" or empty (another
 * provider's lines are left alone); key_type passphrase, recovery_key (the
 * 48-digit recovery password), file (a .BEK file's path: its bytes are
 * read here), raw (the FVEK in hex, 32 or 64 digits, a tweak key's 64
 * after a 256-bit one); identifier empty (any volume) or the volume's GUID.
 */
#ifndef HV_CLI_KEYS_H
#define HV_CLI_KEYS_H

#include "vs/bde.h"

/*
 * Parse text[0..len) (name: the file, for messages) into out: 0, or -1
 * with e set ("FILE: line N: ..."; never quoting a value) and out empty.
 * Free with bde_keys_free, which wipes the values.
 */
int keys_parse(const char *text, size_t len, const char *name, struct bde_keys *out, struct err *e);

#endif
