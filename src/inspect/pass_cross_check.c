/* SPDX-License-Identifier: MIT */
/*
 * pass_cross_check.c: the cross-check's pass (pass_cross_check.h): the
 * image's stack built again with the libyal readers (stack.h), each
 * installation found again by libfsntfs's own path lookup, its hives read
 * by libregf, the same facts collected by the same code (find_windows.c) and
 * compared (facts/xcheck.c).  Nothing here touches the image's error: what
 * fails is the cross-check's.
 */
#include <stdlib.h>
#include <string.h>

#include "reg/regf.h"
#include "sys/sys.h"
#include "inspect/pass_cross_check.h"
#include "inspect/find_linux.h"
#include "inspect/find_windows.h"
#include "fs/unixfs.h"
#include "vs/vslvm.h"

/*
 * The installation in, found again on its volume v of the libyal stack
 * lib by libfsntfs's own path lookup, its hives read by libregf (through
 * our log replay when dirty: the record says so), the same facts collected
 * by the same code, and compared (facts/xcheck.c).  Nothing here touches
 * the image's error: what fails is the cross-check's.
 */
static void
xcheck_ntfs(struct stack *lib, struct stack_volume *v, const struct opts *o, struct install *in)
{
	static const char *const hv[2] = {"SOFTWARE", "SYSTEM"};
	struct cross_check *xc = &in->xc;
	struct sink k = {NULL, xc, 0};
	struct hive_stack *hs[2] = {NULL, NULL};
	struct hive_read st[2];
	const struct hive_read *ours[2] = {&in->software, &in->system};
	struct install again;
	struct xc_side a, b;
	struct err e ERR_AUTO = ERR_INIT;
	char cs[16], fact[64], replayed[160] = "";
	int i, rc;

	memset(st, 0, sizeof st);
	err_clear(&e);
	if (stack_ntfs(lib, v, &e) == NULL) {
		err_ctx(&e, "NTFS");
		xc->error = strdup(err_msg(&e));
		return;
	}
	install_init(&again); /* owns strings from here: released at the end */
	for (i = 0; i < 2; i++) {
		err_clear(&e);
		rc = stack_hive(lib, v, hv[i], o, &hs[i], &st[i], &e);
		snprintf(fact, sizeof fact, "hives.%s (present)", hv[i]);
		if (rc != -1)
			xcheck_fact(xc, fact, ours[i]->present ? "yes" : NULL, rc != 0 ? "yes" : NULL);
		if (rc != 1) {
			k.failed |= i == 0 ? XC_SOFTWARE : XC_SYSTEM;
			if (rc != 0)
				xcheck_not_checked(xc, hv[i], err_msg(&e));
		} else if (st[i].nrecovered > 0) {
			size_t at = strlen(replayed);
			snprintf(replayed + at, sizeof replayed - at, "%s%s", at ? ", " : "", hv[i]);
		}
	}
	snprintf(xc->hive, sizeof xc->hive, "libregf%s%s%s", replayed[0] ? " (over our replay of the " : "",
	    replayed, replayed[0] ? " logs)" : "");
	collect(hs[0] ? hs[0]->h : NULL, hs[1] ? hs[1]->h : NULL, o, &again, cs, &k);
	run_queries(lib, v, hs[0] ? hs[0]->h : NULL, hs[1] ? hs[1]->h : NULL, hs[0] == NULL, hs[1] == NULL, cs, o,
	    &again, &k);
	a.in = in;
	a.cs = in->control_set;
	a.failed = in->parts_unread;
	b.in = &again;
	b.cs = cs;
	b.failed = k.failed;
	if (xcheck_install(&a, &b, xc) != 0 ||
	    xcheck_keys(in->keys, again.keys, in->nkeys < again.nkeys ? in->nkeys : again.nkeys, xc) != 0) {
		free(xc->error);
		xc->error = strdup("out of memory");
	}
	install_free(&again);
}

/*
 * Who mapped the LVM volume v of the libyal stack: libvslvm (its size
 * compared with ours), or our mapping where it could not (why).
 */
static void
xcheck_lvm(const struct stack_volume *v, struct cross_check *xc)
{
	char ours[24], lib[24];

	if (!v->lvm_by_lib) {
		if (xc->nstack < 3)
			snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "LVM2 mapping: ours");
		xcheck_not_checked(xc, "LVM2 mapping", err_msg(&v->lvm_lib_err));
		return;
	}
	if (xc->nstack < 3)
		snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "libvslvm %s", vslvm_lib_version());
	snprintf(ours, sizeof ours, "%llu", (unsigned long long)v->part->nbytes);
	snprintf(lib, sizeof lib, "%llu", (unsigned long long)v->rd->size);
	xcheck_fact(xc, "partition.size (LVM volume)", ours, lib);
}

/*
 * The Linux installation in, collected again on its volume v of the libyal
 * stack by the second opinion's file-system reader (libfsext, libfsxfs:
 * their own inodes, directories and extents; links followed by our walk
 * over their answers), its pool file parsed by the same code, and compared.
 */
static void
xcheck_linux(struct stack_volume *v, struct install *in)
{
	struct cross_check *xc = &in->xc;
	struct install again;
	struct xc_side a = {in, "", 0}, b;
	struct unixfs *u;
	struct reader *vol;
	struct err e ERR_AUTO = ERR_INIT;
	int rc;

	if (v->part->scheme == SCHEME_LVM)
		xcheck_lvm(v, xc);
	if ((vol = linux_volume(v, &e)) == NULL || (u = unixfs_open(vol, v->fs, 1, &e)) == NULL) {
		xc->error = strdup(err_msg(&e));
		reader_close(vol);
		return;
	}
	install_init(&again);
	rc = linux_collect(u, &again, &e);
	unixfs_close(u);
	reader_close(vol);
	if (rc <= 0) {
		xc->error = strdup(rc < 0 ? err_msg(&e) : "the second reading finds no os-release");
	} else {
		b.in = &again;
		b.cs = "";
		b.failed = 0;
		if (xcheck_install(&a, &b, xc) != 0) {
			free(xc->error);
			xc->error = strdup("out of memory");
		}
	}
	install_free(&again);
}

/* The partition in is on, in the report, or NULL. */
static const struct rep_part *
part_of(const struct image_report *r, const struct install *in)
{
	size_t i;

	for (i = 0; i < r->nparts; i++)
		if (r->parts[i].idx == in->partition)
			return &r->parts[i];
	return NULL;
}

/* The cross-check's header of each installation: the stack and who reads each level. */
static void
xcheck_begin(struct image_report *r, const struct image_info *info)
{
	size_t i;

	for (i = 0; i < r->ninst; i++) {
		struct cross_check *xc = &r->inst[i].xc;
		const char *fs = NULL, *version = NULL;
		xc->ran = 1;
		xc->nstack = 0;
		if (info->read_by_version != NULL)
			snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "%s %s", info->read_by,
			    info->read_by_version);
		if (info->read_by != NULL)
			snprintf(xc->image, sizeof xc->image, "%s", info->read_by);
		else
			snprintf(xc->image, sizeof xc->image, "ours: %s", info->read_by_why[0] ?
			    info->read_by_why : "no library reads this container");
		if (install_is_linux(&r->inst[i])) {
			/* the file system's reader (the level named "ntfs" is the file system's); the
			 * pool file is parsed by our code on both sides: what differs is who read its bytes */
			const struct rep_part *p = part_of(r, &r->inst[i]);
			fs = unixfs_second_reader(p != NULL ? p->fs : FS_UNKNOWN, &version);
			if (fs != NULL)
				snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "%s %s", fs, version);
			snprintf(xc->ntfs, sizeof xc->ntfs, "%s", fs ? fs : "none");
			snprintf(xc->hive, sizeof xc->hive, "none: a Linux guest's pool file, parsed by our code");
			continue;
		}
		snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "libfsntfs %s", ntfs_lib_version());
		snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "libregf %s", regf_lib_version());
		snprintf(xc->ntfs, sizeof xc->ntfs, "libfsntfs");
		snprintf(xc->hive, sizeof xc->hive, "libregf");
	}
}

/* What the cross-check found, as warnings (a disagreement is one). */
static void
xcheck_warn(struct warnings *w, const struct cross_check *xc)
{
	size_t i;

	if (xc->error != NULL)
		warn_add(w, W_XCHECK_NOT_DONE, "cross-check not done: %s", xc->error);
	for (i = 0; i < xc->ndisagreed && i < 20; i++)
		warn_add(w, W_XCHECK_DISAGREE, "cross-check: %s: ours %s, libyal %s", xc->disagreed[i].fact,
		    xc->disagreed[i].ours ? xc->disagreed[i].ours : "(absent)",
		    xc->disagreed[i].libyal ? xc->disagreed[i].libyal : "(absent)");
	if (xc->ndisagreed > 20)
		warn_add(w, W_XCHECK_DISAGREE, "cross-check: %zu more facts disagree", xc->ndisagreed - 20);
}

/*
 * --cross-check: the image's stack built again with the libyal readers
 * (each container's library where it is sound, libfsntfs's own path
 * lookups, libregf), its volumes located by our table (no libyal library
 * reads partition tables here), each installation read again.  A failure
 * is the cross-check's.
 */
void
pass_cross_check(struct stack *ours, const struct opts *o, struct image_report *r)
{
	struct stack lib;
	struct err e ERR_AUTO = ERR_INIT;
	char *why = NULL;
	size_t i;

	if (r->ninst == 0)
		return;
	err_clear(&e);
	memset(&lib, 0, sizeof lib);
	if (o->cross_check_failed != NULL) {
		why = strdup(o->cross_check_failed);
	} else if (stack_open(&lib, ours->path, o, STACK_LIBYAL, ours, &e) != 0) {
		err_ctx(&e, "image");
		why = strdup(err_msg(&e));
	}
	xcheck_begin(r, &lib.info);
	for (i = 0; i < r->ninst; i++) {
		struct install *in = &r->inst[i];
		struct stack_volume *v = NULL;

		if (why != NULL)
			in->xc.error = strdup(why);
		else if ((v = stack_volume(&lib, in->partition)) == NULL)
			in->xc.error = strdup("its partition is not in the table");
		else if (v->rd == NULL)
			in->xc.error = strdup(err_msg(&v->error));
		else if (install_is_linux(in))
			xcheck_linux(v, in);
		else
			xcheck_ntfs(&lib, v, o, in);
		/* a BitLocker volume the second reading unlocked too: with libbde (both readings read through it) */
		if (v != NULL && v->bde_unlocked_with != NULL && in->xc.nstack < sizeof in->xc.stack / sizeof in->xc.stack[0])
			snprintf(in->xc.stack[in->xc.nstack++], sizeof in->xc.stack[0], "libbde %s", bdelib_version());
		xcheck_warn(&in->warn, &in->xc);
	}
	free(why);
	stack_close(&lib);
}

/* --hive --cross-check: every key of the hive read again by libregf, compared. */
void
pass_cross_check_hive(struct hive_stack *s, const struct opts *o, struct image_report *r)
{
	struct cross_check *xc = &r->xc;
	struct hive *h = NULL;
	struct err e ERR_AUTO = ERR_INIT;

	xc->ran = 1;
	snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "libregf %s", regf_lib_version());
	snprintf(xc->image, sizeof xc->image, "file");
	snprintf(xc->ntfs, sizeof xc->ntfs, "none");
	snprintf(xc->hive, sizeof xc->hive, "libregf%s", s->ov ? " (over our replay of the logs)" : "");
	err_clear(&e);
	if (o->cross_check_failed != NULL) {
		xc->error = strdup(o->cross_check_failed);
	} else if ((h = regf_open(s->ov ? s->ov : s->file, &e)) == NULL) {
		xc->error = strdup(err_msg(&e));
	} else if (xcheck_hives(s->h, h, xc) != 0) {
		xc->error = strdup("out of memory");
	}
	hive_close(h);
	xcheck_warn(&r->warn, xc);
}
