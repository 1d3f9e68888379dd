/* SPDX-License-Identifier: MIT */
/* walk.h: -r: the disk images under folders, a checkpoint chain once (its newest child). */
#ifndef HV_WALK_H
#define HV_WALK_H

#include <stddef.h>

#include "img/img.h"

#define WALK_MAX_FILES 100000
#define WALK_MAX_DEPTH 32

/*
 * Expand paths: a folder (with recurse) becomes the image files below it (the image drivers'
 * endings, any case: image_name_known; sorted; symlinked folders not followed); files stay as
 * given.  Then drop every file found by walking that is a parent in another listed file's chain,
 * an extent of another's, or a second name of one listed before.  *out is owned (walk_free).
 * 0, or -1 with e set (too many files, no memory).
 */
int walk_paths(char *const *paths, int n, int recurse, const struct image_opts *io, char ***out,
    int *nout, struct err *e);
void walk_free(char **v, int n);

#endif
