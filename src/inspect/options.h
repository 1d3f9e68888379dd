/* SPDX-License-Identifier: MIT */
/* options.h: what one image's inspection is asked to do (the options cli/main.c parses): the
 * pipeline's input, below everything else of src/inspect/. */
#ifndef HV_INSPECT_OPTIONS_H
#define HV_INSPECT_OPTIONS_H

#include "img/img.h"
#include "reg/query.h"
#include "vs/bde.h"

struct opts {
	struct image_opts img;              /* --parent-dir */
	int         no_replay;              /* --no-log-replay */
	int         assume_major, assume_minor; /* --assume-host X.Y; -1 when not given */
	const char *keys[QUERY_MAX_KEYS];   /* --key, as given */
	size_t      nkeys;
	int         cross_check;            /* --cross-check */
	int         history;                /* --history */
	const char *cross_check_failed;     /* set: an earlier run's --cross-check pass died (why): left
	                                       out, and each installation's cross-check says why */
	const char *history_failed;         /* set: its --history pass died (why): the live values only,
	                                       and the history's notes say why */
	int         hash;                   /* --hash sha256 */
	const struct bde_keys *bde_keys;    /* --keys: BitLocker keys to try (secrets), or NULL */
	const char *hash_failed;            /* set: its --hash pass died (why): no hash, a warning says why */
	/* Told as each optional pass starts ("--cross-check", "--history") and ends (NULL; nonzero: no
	   other pass is to run): the batch gives each its own budgets (cli/job.c).  NULL: nobody is told. */
	int       (*pass_event)(void *ctx, const char *pass);
	void       *pass_ctx;
};

#endif
