/* SPDX-License-Identifier: MIT */
/*
 * marvin.c: Marvin32 (Microsoft's keyed checksum, as in .NET's string
 * hashing): two 32-bit lanes, 4-byte little-endian words, a 0x80 pad byte,
 * two final mixing rounds.  Checked against real Windows 10/11 HvLE log
 * entries (tests/unit/test_hivelog.c): the recorded hashes must match.
 */
#include "base/bytes.h"
#include "base/marvin.h"

static inline uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static inline void
block(uint32_t *p0, uint32_t *p1)
{
	*p1 ^= *p0;
	*p0 = rotl(*p0, 20);
	*p0 += *p1;
	*p1 = rotl(*p1, 9);
	*p1 ^= *p0;
	*p0 = rotl(*p0, 27);
	*p0 += *p1;
	*p1 = rotl(*p1, 19);
}

uint64_t
marvin32(uint64_t seed, const uint8_t *p, size_t len)
{
	uint32_t p0 = (uint32_t)seed, p1 = (uint32_t)(seed >> 32), fin = 0x80;
	size_t i;

	for (; len >= 4; p += 4, len -= 4) {
		p0 += le32(p);
		block(&p0, &p1);
	}
	/* The 0-3 tail bytes, then the 0x80 pad byte, as one last word. */
	for (i = len; i > 0; i--)
		fin = fin << 8 | p[i - 1];
	p0 += fin;
	block(&p0, &p1);
	block(&p0, &p1);
	return (uint64_t)p1 << 32 | p0;
}
