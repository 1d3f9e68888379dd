/* SPDX-License-Identifier: MIT */
/* opts.h: what one image's inspection is asked to do (the options main.c parses), for the pipeline. */
#ifndef HV_OPTS_H
#define HV_OPTS_H

#include "img/img.h"
#include "reg/query.h"

struct opts {
	struct image_opts img;              /* --parent-dir */
	int         no_replay;              /* --no-log-replay */
	int         assume_major, assume_minor; /* --assume-host X.Y; -1 when not given */
	const char *keys[QUERY_MAX_KEYS];   /* --key, as given */
	size_t      nkeys;
	int         cross_check;            /* --cross-check */
	int         history;                /* --history */
	const char *cross_check_failed;     /* set: its earlier run died (why); run without it, say so */
};

#endif
