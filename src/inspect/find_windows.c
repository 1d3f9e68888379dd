/* SPDX-License-Identifier: MIT */
/*
 * find_windows.c: Windows on NTFS (find_windows.h): the installation found by its
 * SOFTWARE hive, and its facts from its open hives, the same code for the
 * main pass and the cross-check's: each part that cannot be read costs only
 * itself and goes to the sink.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/kvp.h"
#include "facts/os.h"
#include "facts/services.h"
#include "facts/verdict.h"
#include "inspect/find_windows.h"
#include "reg/query.h"

/*
 * A fact of one installation that could not be read (e: "SYSTEM:
 * ControlSet001\Services: regf: ..."): the installation's warnings say so,
 * and the image's error (the first failure: exit 3) names the partition.
 * The facts that could be read stand.
 */
void
fact_failed(struct image_report *r, struct install *in, const struct err *e)
{
	warn_add(&in->warn, W_FACT_UNREAD, "%s", err_msg(e));
	if (r->error == NULL)
		r->error = str_printf("partition %u: NTFS: %s", in->partition, err_msg(e));
}

static void
part_failed(struct sink *k, struct install *in, unsigned part, const char *fact, struct err *e)
{
	k->failed |= part;
	if (k->r != NULL)
		fact_failed(k->r, in, e);
	else
		xcheck_not_checked(k->xc, fact, err_msg(e));
}

/* --key on an installation: each path read from the hive it names. */
void
run_queries(struct stack *s, struct stack_volume *v, struct hive *sw, struct hive *sys, int sw_bad,
    int sys_bad, const char *cs, const struct opts *o, struct install *in, struct sink *k)
{
	size_t i;

	if (o->nkeys == 0 || (in->keys = calloc(o->nkeys, sizeof *in->keys)) == NULL)
		return;
	for (i = 0; i < o->nkeys; i++) {
		struct keydump *d = &in->keys[in->nkeys++];
		struct hive_stack *other;
		struct hive_read st;
		struct hive *h = NULL;
		const char *hv, *rest;
		char path[1024];
		struct err e ERR_AUTO = ERR_INIT;
		int rc = 0;

		err_clear(&e);
		d->request = strdup(o->keys[i]);
		if ((hv = query_hive_of(o->keys[i], &rest)) == NULL) {
			d->error = strdup("no hive named (SOFTWARE, SYSTEM, SAM, SECURITY, DEFAULT)");
			continue;
		}
		memset(&st, 0, sizeof st);
		snprintf(path, sizeof path, "%s", rest);
		if (strcmp(hv, "SOFTWARE") == 0) {
			h = sw;
		} else if (strcmp(hv, "SYSTEM") == 0) {
			h = sys;
			/* CurrentControlSet exists only in a running system: map it. */
			if (cs[0] && strncasecmp(rest, "CurrentControlSet", 17) == 0 &&
			    (rest[17] == '\\' || rest[17] == '\0'))
				snprintf(path, sizeof path, "%s%s", cs, rest + 17);
		} else if ((rc = stack_hive(s, v, hv, o, &other, &st, &e)) == 1) {
			h = other->h;
			if (k->r != NULL)
				hive_replay_warning(&in->warn, hv, &st);
		}
		if (rc == 0 && h == NULL && (strcmp(hv, "SOFTWARE") == 0 ? sw_bad : strcmp(hv, "SYSTEM") == 0 && sys_bad))
			rc = err_set(&e, ERR_FORMAT, "the %s hive could not be read", hv);
		if (rc != 0 || (h != NULL && query_key(h, path, d, &e) != 0)) {
			/* A key asked for and not read is an error of the image (exit 3), not just a line. */
			d->error = strdup(err_msg(&e));
			err_ctx(&e, "--key %s", o->keys[i]);
			if (k->r != NULL)
				fact_failed(k->r, in, &e);
		}
	}
}

/*
 * Facts from the open hives into in; either hive may be NULL (absent, or
 * not readable: in->kvp.unread says which).  Each fact costs only itself:
 * what cannot be read goes to the sink and the rest is still collected and
 * judged.  cs gets the control set.
 */
void
collect(struct hive *sw, struct hive *sys, const struct opts *o, struct install *in, char cs[16],
    struct sink *k)
{
	int rc, unread = 0;
	struct err e ERR_AUTO = ERR_INIT;

	cs[0] = '\0';
	if (sys != NULL) {
		err_clear(&e);
		if ((rc = services_control_set(sys, cs, &e)) < 0) {
			err_ctx(&e, "SYSTEM: Select");
			part_failed(k, in, XC_SELECT, "SYSTEM\\Select\\Current", &e);
			in->kvp.unread |= KVP_UNREAD_SERVICE;
		} else if (rc == 0) {
			warn_add(&in->warn, W_NO_SELECT,
			    "SYSTEM hive has no usable Select\\Current: services and architecture unknown");
		} else {
			if (services_collect(sys, cs, in, &e) != 0) {
				err_ctx(&e, "SYSTEM");
				part_failed(k, in, XC_SERVICES, "services", &e);
			}
			err_clear(&e);
			if (os_collect_arch(sys, cs, &in->os, &e) != 0) {
				err_ctx(&e, "SYSTEM");
				part_failed(k, in, XC_ARCH, "os.arch", &e);
			}
		}
	}
	if (sw != NULL) {
		static const struct {
			int (*fn)(struct hive *, struct kvp_facts *, struct err *);
			unsigned part;
			const char *fact;
		} part[] = {
			{kvp_collect_params, XC_PARAMS, "kvp.guest_parameters"},
			{kvp_collect_auto, XC_AUTO, "kvp.auto"},
			{kvp_collect_external, XC_EXTERNAL, "kvp.external"},
		};
		size_t i;
		err_clear(&e);
		if (os_collect(sw, &in->os, &e) != 0) {
			err_ctx(&e, "SOFTWARE");
			part_failed(k, in, XC_OS, "os", &e);
		}
		for (i = 0; i < sizeof part / sizeof part[0]; i++) {
			err_clear(&e);
			if (part[i].fn(sw, &in->kvp, &e) != 0) {
				err_ctx(&e, "SOFTWARE");
				part_failed(k, in, part[i].part, part[i].fact, &e);
			}
		}
	} else {
		in->kvp.unread |= KVP_UNREAD_SOFTWARE;
	}
	in->kvp.service_start = services_start(in, "vmickvpexchange", &unread);
	if (unread)
		in->kvp.unread |= KVP_UNREAD_SERVICE;
	kvp_set_state(&in->kvp);
	kvp_host(&in->kvp, &in->host);
	if (verdict_all(in, o->assume_major, o->assume_minor) != 0 && k->r != NULL) {
		err_set(&e, ERR_NOMEM, "out of memory");
		fact_failed(k->r, in, &e);
	}
}

/*
 * The installation on one NTFS volume, if it has a SOFTWARE hive file.  It
 * is reported with whatever its hives still give: a SOFTWARE that is no
 * readable hive leaves the SYSTEM facts, and the other way round.
 */
int
windows_find(struct stack *s, struct stack_volume *v, const struct opts *o, struct image_report *r,
    struct err *e)
{
	struct hive_stack *sw = NULL, *sys = NULL;
	struct hive_read swst, sysst;
	struct sink k = {r, NULL, 0};
	struct install *in;
	struct err he ERR_AUTO = ERR_INIT;
	int found, sys_bad = 0;

	memset(&swst, 0, sizeof swst);
	memset(&sysst, 0, sizeof sysst);
	if (stack_ntfs(s, v, e) == NULL)
		return err_ctx(e, "NTFS");
	err_clear(&he);
	if ((found = stack_hive(s, v, "SOFTWARE", o, &sw, &swst, &he)) == 0 || found == -1) {
		err_move(e, &he);
		return found == 0 ? 0 : err_ctx(e, "NTFS");
	}
	if ((in = report_add_install(r)) == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	in->partition = v->part->idx;
	in->os.family = "windows";
	if (found == HIVE_UNREADABLE) {
		fact_failed(r, in, &he);
		k.failed |= XC_SOFTWARE;
	}
	in->software = swst;
	err_clear(&he);
	if ((found = stack_hive(s, v, "SYSTEM", o, &sys, &sysst, &he)) < 0) {
		/* SOFTWARE alone still answers the KVP question; say what is missing. */
		sys_bad = 1;
		k.failed |= XC_SYSTEM;
		fact_failed(r, in, &he);
		in->kvp.unread |= KVP_UNREAD_SERVICE;
	} else if (found == 0) {
		warn_add(&in->warn, W_NO_SYSTEM_HIVE, "no %s: services and architecture unknown",
		    CONFIG_DIR "SYSTEM");
	}
	in->system = sysst;
	hive_replay_warning(&in->warn, "SOFTWARE", &in->software);
	hive_replay_warning(&in->warn, "SYSTEM", &in->system);
	collect(sw ? sw->h : NULL, sys ? sys->h : NULL, o, in, in->control_set, &k);
	run_queries(s, v, sw ? sw->h : NULL, sys ? sys->h : NULL, sw == NULL, sys_bad, in->control_set, o, in, &k);
	in->parts_unread = k.failed;
	return 0;
}
