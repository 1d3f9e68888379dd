/* SPDX-License-Identifier: MIT */
/* disk.c: disk.h. */
#include <stdlib.h>
#include <string.h>

#include "base/disk.h"

int
disk_desc_copy(struct disk_desc *to, const struct disk_desc *from)
{
	size_t i;

	*to = *from;
	to->chain = NULL;
	to->nchain = 0;
	to->files = NULL;
	to->nfiles = 0;
	if (from->nfiles > 0) {
		if ((to->files = calloc(from->nfiles, sizeof *to->files)) == NULL)
			return -1;
		for (i = 0; i < from->nfiles; i++) {
			to->files[i] = from->files[i];
			if ((to->files[i].path = strdup(from->files[i].path ? from->files[i].path : "")) == NULL) {
				disk_desc_free(to);
				return -1;
			}
			to->nfiles = i + 1;
		}
	}
	if (from->nchain == 0)
		return 0;
	if ((to->chain = calloc(from->nchain, sizeof *to->chain)) == NULL)
		return -1;
	for (i = 0; i < from->nchain; i++) {
		to->chain[i] = from->chain[i];
		if (from->chain[i].path != NULL && (to->chain[i].path = strdup(from->chain[i].path)) == NULL) {
			to->nchain = i;
			disk_desc_free(to);
			return -1;
		}
		to->nchain = i + 1;
	}
	return 0;
}

void
disk_desc_free(struct disk_desc *d)
{
	size_t i;

	for (i = 0; d->chain != NULL && i < d->nchain; i++)
		free(d->chain[i].path);
	free(d->chain);
	d->chain = NULL;
	d->nchain = 0;
	for (i = 0; d->files != NULL && i < d->nfiles; i++)
		free(d->files[i].path);
	free(d->files);
	d->files = NULL;
	d->nfiles = 0;
}
