/* SPDX-License-Identifier: MIT */
/* marvin.h: Marvin32, the hash of registry log entries (HvLE Hash-1/Hash-2). */
#ifndef HV_MARVIN_H
#define HV_MARVIN_H

#include <stddef.h>
#include <stdint.h>

/*
 * The seed of HvLE hashes: the regf spec ("Log entries", note 3) gives
 * 14219357686671994754 "(little-endian)", i.e. the bytes c5 55 4e 7a 88 4d ef 82
 * read as a little-endian u64.
 */
#define MARVIN_REGF_SEED 0x82EF4D887A4E55C5ULL

/* Marvin32 of buf[0..len) with a 64-bit seed. */
uint64_t marvin32(uint64_t seed, const uint8_t *buf, size_t len);

#endif
