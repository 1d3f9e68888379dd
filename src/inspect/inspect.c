/* SPDX-License-Identifier: MIT */
/*
 * inspect.c: the pipeline (inspect.h).  One image is one stack (stack.h):
 * image -> partition table -> volumes -> file system -> hives, opened once
 * and closed in reverse (the TSK tool pattern).  The main pass, the
 * cross-check and the history are passes over it, each in its own file;
 * layers never reach past the one below.  Errors get each layer's name
 * once, on the way out, so r->error reads
 * "vm.vhdx: partition 4: NTFS: \Windows\System32\config\SOFTWARE: regf: ...".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inspect/inspect.h"
#include "inspect/pass_cross_check.h"
#include "inspect/pass_facts.h"
#include "inspect/pass_hash.h"
#include "inspect/pass_history.h"
#include "base/strv.h"
#include "facts/services.h"
#include "reg/query.h"
#include "sys/sys.h"

/* The image's own name goes first, once. */
static void
prefix_error(struct image_report *r, const char *path)
{
	char *full;

	if (r->error == NULL || (full = malloc(strlen(path) + strlen(r->error) + 3)) == NULL)
		return;
	sprintf(full, "%s: %s", path, r->error);
	free(r->error);
	r->error = full;
}

/* An optional pass starts (pass) or ends (NULL): whoever asked is told; 1 at an end: run no other. */
static int
tell(const struct opts *o, const char *pass)
{
	return o->pass_event != NULL && o->pass_event(o->pass_ctx, pass) != 0;
}

void
inspect_image(const char *path, const struct opts *o, struct image_report *r)
{
	struct stack s;
	struct err e ERR_AUTO = ERR_INIT;
	int opened, facts, stop = 0;

	memset(r, 0, sizeof *r);
	r->path = path;
	err_clear(&e);
	opened = stack_open(&s, path, o, STACK_OURS, NULL, &e) == 0;
	facts = pass_facts(&s, opened, &e, o, r) == 0;
	/* the evidence is fingerprinted even when its disk could not be read */
	if (o->hash) {
		tell(o, "--hash");
		pass_hash(o, r);
		stop = tell(o, NULL);
	}
	if (facts && o->cross_check && !stop) {
		tell(o, "--cross-check");
		pass_cross_check(&s, o, r);
		stop = tell(o, NULL);
	}
	if (facts && o->history && !stop) {
		tell(o, "--history");
		pass_history(&s, o, r);
		tell(o, NULL);
	}
	stack_close(&s);
	prefix_error(r, path);
}

void
inspect_hive(const char *path, const struct opts *o, struct image_report *r)
{
	struct hive_stack s;
	struct err e ERR_AUTO = ERR_INIT;
	size_t i;

	memset(r, 0, sizeof *r);
	memset(&s, 0, sizeof s);
	r->path = path;
	r->is_hive = 1;
	err_clear(&e);
	if ((s.file = rd_file_open(path, &e)) == NULL) {
		pass_record(r, &e);
		goto out;
	}
	if (!o->no_replay)
		hive_stack_host_logs(path, s.logs);
	if (hive_stack_finish(&s, o, &r->hive, &e) != 0) {
		pass_record(r, &e);
		goto out;
	}
	r->hive_opened = 1;
	hive_replay_warning(&r->warn, sys_last_sep(path) ? sys_last_sep(path) + 1 : path,
	    &r->hive);
	if ((r->keys = calloc(o->nkeys ? o->nkeys : 1, sizeof *r->keys)) == NULL)
		goto out;
	/* Without --key: the root key. */
	for (i = 0; i < (o->nkeys ? o->nkeys : 1); i++) {
		struct keydump *d = &r->keys[r->nkeys++];
		const char *k = o->nkeys ? o->keys[i] : "";
		char cs[16], *mapped = NULL;
		d->request = strdup(k);
		/* a bare SYSTEM hive: CurrentControlSet is the set Select\Current names, as in an image */
		if (strncasecmp(k, "CurrentControlSet", 17) == 0 && (k[17] == '\\' || k[17] == '\0') &&
		    services_control_set(s.h, cs, &e) == 1)
			mapped = str_printf("%s%s", cs, k + 17);
		err_clear(&e);
		if (query_key(s.h, mapped ? mapped : k, d, &e) != 0) {
			/* A key asked for and not read: the hive's error (exit 3), not just a line. */
			d->error = strdup(err_msg(&e));
			err_ctx(&e, "--key %s", k[0] ? k : "(root key)");
			pass_record(r, &e);
		}
		free(mapped);
	}
	if (o->cross_check) {
		tell(o, "--cross-check");
		pass_cross_check_hive(&s, o, r);
		tell(o, NULL);
	}
out:
	hive_stack_close(&s);
	prefix_error(r, path);
}
