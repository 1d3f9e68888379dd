/* SPDX-License-Identifier: MIT */
/*
 * volume.h: what file system a volume holds, from its first sector.
 * The kinds (enum fs_kind) and their words are base/kinds.h's.
 */
#ifndef HV_VOLUME_H
#define HV_VOLUME_H

#include <stddef.h>
#include <stdint.h>

#include "base/kinds.h"
#include "io/reader.h"

#define VOLUME_PROBE_LEN 2048 /* bytes volume_probe_buf wants (ext's magic is at 1080) */

/* Pure: the file system whose first bytes are buf[0..len). */
enum fs_kind volume_kind_buf(const uint8_t *buf, size_t len);
/* Pure: the name of volume_kind_buf's answer (the partition layer's probe, part.h). Static string. */
const char *volume_probe_buf(const uint8_t *buf, size_t len);
/* Read the first bytes of vol into *kind: 0, or -1 with e set on a read error. */
int volume_probe(struct reader *vol, enum fs_kind *kind, struct err *e);

#endif
