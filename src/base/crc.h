/* SPDX-License-Identifier: MIT */
/* crc.h: CRC-32 (IEEE 802.3, as GPT uses) and CRC-32C (Castagnoli, as VHDX uses). */
#ifndef HV_CRC_H
#define HV_CRC_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32 of buf, reflected polynomial 0xEDB88320, init and final xor ~0 (UEFI 2.x §4.2). */
uint32_t crc32_ieee(const void *buf, size_t len);
/* CRC-32C of buf, reflected polynomial 0x82F63B78 (MS-VHDX §2.2.2 "CRC-32C"). */
uint32_t crc32c(const void *buf, size_t len);

#endif
