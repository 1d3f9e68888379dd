/* SPDX-License-Identifier: MIT */
/* crc.c: bitwise-table CRC-32 and CRC-32C; small inputs only (headers, tables). */
#include "crc.h"

static uint32_t
crc_reflected(uint32_t poly, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t c = 0xFFFFFFFFu;
	int k;

	while (len--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (poly & (0u - (c & 1u)));
	}
	return c ^ 0xFFFFFFFFu;
}

uint32_t crc32_ieee(const void *buf, size_t len) { return crc_reflected(0xEDB88320u, buf, len); }
uint32_t crc32c(const void *buf, size_t len) { return crc_reflected(0x82F63B78u, buf, len); }
