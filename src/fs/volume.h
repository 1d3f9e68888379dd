/* SPDX-License-Identifier: MIT */
/*
 * volume.h: what file system a volume holds, from its first sector.
 * Names: "ntfs", "bitlocker", "refs", "fat", "exfat", "ext", "luks",
 * "empty" (all zero), "unknown".
 */
#ifndef HV_VOLUME_H
#define HV_VOLUME_H

#include <stddef.h>
#include <stdint.h>

#include "io/reader.h"

#define VOLUME_PROBE_LEN 2048 /* bytes volume_probe_buf wants (ext's magic is at 1080) */

/* Pure: name the file system whose first bytes are buf[0..len). Static string. */
const char *volume_probe_buf(const uint8_t *buf, size_t len);
/* Read the first bytes of vol and name its file system; NULL with e set on a read error. */
const char *volume_probe(struct reader *vol, struct err *e);

#endif
