/* SPDX-License-Identifier: MIT */
/* pass_hash.h: --hash sha256, the pass that fingerprints every file of the image (pass_hash.c). */
#ifndef HV_INSPECT_PASS_HASH_H
#define HV_INSPECT_PASS_HASH_H

#include "inspect/options.h"
#include "report/report.h"

/*
 * The SHA-256 of each file of r's image (r->image.files: every chain level,
 * extent and segment), each read once from its start to its end, into its
 * sha256; a file that cannot be read whole is a warning of the image.  With
 * o->hash_failed (an earlier run died in this pass), only that warning.
 */
void pass_hash(const struct opts *o, struct image_report *r);

#endif
