/* SPDX-License-Identifier: MIT */
/* sha256.h: SHA-256 (FIPS 180-4), for --hash: the fingerprint of an image's files. */
#ifndef HV_SHA256_H
#define HV_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;        /* message length so far */
	uint8_t  block[64];
	size_t   n;            /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t len);
/* The digest as 64 lower-case hex digits and a NUL into hex; s is spent. */
void sha256_hex(struct sha256 *s, char hex[65]);

#endif
