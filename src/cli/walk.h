/* SPDX-License-Identifier: MIT */
/* walk.h: -r: the disk images under folders, a checkpoint chain once (its newest child). */
#ifndef HV_WALK_H
#define HV_WALK_H

#include <stddef.h>

#include "img/img.h"

#define WALK_MAX_FILES 100000
#define WALK_MAX_DEPTH 32

/*
 * Expand paths: a folder (with recurse) becomes the .vhd .vhdx .avhd .avhdx .img .raw files
 * below it (any case, sorted, symlinked folders not followed); files stay as given.  Then drop
 * every file that is a parent in another listed file's chain.  *out is owned (walk_free).
 * 0, or -1 with e set (too many files, no memory).
 */
int walk_paths(char *const *paths, int n, int recurse, const struct image_opts *io, char ***out,
    int *nout, struct err *e);
void walk_free(char **v, int n);

#endif
