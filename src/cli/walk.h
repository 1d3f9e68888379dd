/* SPDX-License-Identifier: MIT */
/* walk.h: -r: the disk images under folders, a checkpoint chain once (its newest child). */
#ifndef HV_WALK_H
#define HV_WALK_H

#include <stddef.h>

#include "img/img.h"

#define WALK_MAX_FILES 100000
#define WALK_MAX_DEPTH 32
#define WALK_MAX_NOTES 1000   /* notes kept; the rest counted */

/* What the walk could not do, each said on stderr (the run then exits 3). */
struct walk_notes {
	char  **v;
	size_t  n;
	unsigned long more; /* notes past WALK_MAX_NOTES */
};

/*
 * Expand paths: a folder (with recurse) becomes the image files below it (the image drivers'
 * endings, any case: image_name_known; sorted; symlinked folders not followed), with hives the
 * registry hive files below it (by signature; not their logs); files stay as given.  Then drop every file found by walking that is a parent in another listed file's chain,
 * an extent of another's, or a second name of one listed before.  *out is owned (walk_free).
 * A folder not walked (unreadable, deeper than WALK_MAX_DEPTH) and the files past
 * WALK_MAX_FILES (the first ones are kept, the rest counted) are notes (walk_notes_free).
 * 0, or -1 with e set (no memory).
 */
int walk_paths(char *const *paths, int n, int recurse, int hives, const struct image_opts *io, char ***out,
    int *nout, struct walk_notes *notes, struct err *e);
void walk_free(char **v, int n);
void walk_notes_free(struct walk_notes *w);

#endif
