/* SPDX-License-Identifier: MIT */
/*
 * xpass.c: the cross-check's pass (xpass.h): the image opened again with
 * each container's library where it is sound, each installation found again
 * by libfsntfs's own path lookup, its hives read by libregf, the same facts
 * collected by the same code (collect.c) and compared (facts/xcheck.c).
 * Nothing here touches the image's error: what fails is the cross-check's.
 */
#include <stdlib.h>
#include <string.h>

#include "base/fault.h"
#include "collect.h"
#include "reg/regf.h"
#include "sys/sys.h"
#include "xpass.h"

/*
 * The installation in, found again on vol (the libyal stack's disk) by
 * libfsntfs's own path lookup, its hives read by libregf (through our log
 * replay when dirty: the record says so), the same facts collected by the
 * same code, and compared (facts/xcheck.c).  Nothing here touches the
 * image's error: what fails is the cross-check's.
 */
static void
xcheck_ntfs(struct reader *vol, const struct opts *o, struct install *in)
{
	static const char *const hv[2] = {"SOFTWARE", "SYSTEM"};
	struct cross_check *xc = &in->xc;
	struct sink k = {NULL, xc, 0, regf_open};
	struct hstack hs[2];
	struct hive_read st[2];
	const struct hive_read *ours[2] = {&in->software, &in->system};
	struct install lib;
	struct xc_side a, b;
	struct ntfs *n;
	struct err e;
	char cs[16], fact[64], replayed[160] = "";
	int i, rc;

	install_init(&lib);
	memset(hs, 0, sizeof hs);
	memset(st, 0, sizeof st);
	err_clear(&e);
	if ((n = ntfs_open(vol, &e)) == NULL) {
		err_ctx(&e, "NTFS");
		xc->error = strdup(e.msg);
		return;
	}
	ntfs_library_lookups(n);
	for (i = 0; i < 2; i++) {
		hs[i].open = regf_open;
		err_clear(&e);
		rc = hstack_open_ntfs(n, hv[i], o, &hs[i], &st[i], &e);
		snprintf(fact, sizeof fact, "hives.%s (present)", hv[i]);
		if (rc != -1)
			xcheck_fact(xc, fact, ours[i]->present ? "yes" : NULL, rc != 0 ? "yes" : NULL);
		if (rc != 1) {
			k.failed |= i == 0 ? XC_SOFTWARE : XC_SYSTEM;
			if (rc != 0)
				xcheck_not_checked(xc, hv[i], e.msg);
		} else if (st[i].nrecovered > 0) {
			size_t at = strlen(replayed);
			snprintf(replayed + at, sizeof replayed - at, "%s%s", at ? ", " : "", hv[i]);
		}
	}
	snprintf(xc->hive, sizeof xc->hive, "libregf%s%s%s", replayed[0] ? " (over our replay of the " : "",
	    replayed, replayed[0] ? " logs)" : "");
	collect(hs[0].h, hs[1].h, o, &lib, cs, &k);
	run_queries(n, hs[0].h, hs[1].h, hs[0].h == NULL, hs[1].h == NULL, cs, o, &lib, &k);
	a.in = in;
	a.cs = in->control_set;
	a.failed = in->parts_unread;
	b.in = &lib;
	b.cs = cs;
	b.failed = k.failed;
	if (xcheck_install(&a, &b, xc) != 0 ||
	    xcheck_keys(in->keys, lib.keys, in->nkeys < lib.nkeys ? in->nkeys : lib.nkeys, xc) != 0) {
		free(xc->error);
		xc->error = strdup("out of memory");
	}
	for (i = 1; i >= 0; i--)
		hstack_close(&hs[i]);
	ntfs_close(n);
	install_free(&lib);
}

/* The cross-check's header of each installation: the stack and who reads each level. */
static void
xcheck_begin(struct image_report *r, const struct image_info *info)
{
	size_t i;

	for (i = 0; i < r->ninst; i++) {
		struct cross_check *xc = &r->inst[i].xc;
		xc->ran = 1;
		xc->nstack = 0;
		if (info->read_by_version != NULL)
			snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "%s %s", info->read_by,
			    info->read_by_version);
		snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "libfsntfs %s", ntfs_lib_version());
		snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "libregf %s", regf_lib_version());
		if (info->read_by != NULL)
			snprintf(xc->image, sizeof xc->image, "%s", info->read_by);
		else
			snprintf(xc->image, sizeof xc->image, "ours: %s", info->read_by_why[0] ?
			    info->read_by_why : "no library reads this container");
		snprintf(xc->ntfs, sizeof xc->ntfs, "libfsntfs");
		snprintf(xc->hive, sizeof xc->hive, "libregf");
	}
}

/* What the cross-check found, as warnings (a disagreement is one). */
static void
xcheck_warn(char ***w, size_t *nw, const struct cross_check *xc)
{
	size_t i;

	if (xc->error != NULL)
		strv_addf(w, nw, "cross-check not done: %s", xc->error);
	for (i = 0; i < xc->ndisagreed && i < 20; i++)
		strv_addf(w, nw, "cross-check: %s: ours %s, libyal %s", xc->disagreed[i].fact,
		    xc->disagreed[i].ours ? xc->disagreed[i].ours : "(absent)",
		    xc->disagreed[i].libyal ? xc->disagreed[i].libyal : "(absent)");
	if (xc->ndisagreed > 20)
		strv_addf(w, nw, "cross-check: %zu more facts disagree", xc->ndisagreed - 20);
}

/*
 * --cross-check: the image opened again with each container's library
 * where it is sound (image_opts.libraries), each installation's partition
 * (located by our table: no libyal library reads partition tables here)
 * read again by libfsntfs and libregf.  A failure is the cross-check's.
 */
void
xpass_image(const char *path, const struct opts *o, const struct part_table *t, struct image_report *r)
{
	struct image_opts io = o->img;
	struct image_info info;
	struct image *im = NULL;
	struct err e;
	size_t i, k;

	if (r->ninst == 0)
		return;
	/* the test build's fault: the cross-check's pass crashes (batch.c runs the image again without it) */
	if (o->cross_check_failed == NULL && fault_arg("xcrash") != NULL && strstr(path, fault_arg("xcrash")) != NULL)
		sys_crash();
	io.libraries = 1;
	err_clear(&e);
	memset(&info, 0, sizeof info);
	if (o->cross_check_failed == NULL)
		im = image_open(path, &io, &info, &e);
	xcheck_begin(r, &info);
	for (i = 0; i < r->ninst; i++) {
		struct install *in = &r->inst[i];
		const struct part *p = NULL;
		struct reader *vol;
		if (o->cross_check_failed != NULL) {
			in->xc.error = strdup(o->cross_check_failed);
		} else if (im == NULL) {
			err_ctx(&e, "image");
			in->xc.error = strdup(e.msg);
			err_clear(&e);
		} else {
			for (k = 0; k < t->n && p == NULL; k++)
				if (t->v[k].idx == in->partition)
					p = &t->v[k];
			err_clear(&e);
			if (p == NULL)
				in->xc.error = strdup("its partition is not in the table");
			else if ((vol = reader_sub_open(image_reader(im), p->first_byte, p->nbytes, "partition",
			    &e)) == NULL)
				in->xc.error = strdup(e.msg);
			else {
				xcheck_ntfs(vol, o, in);
				reader_close(vol);
			}
		}
		xcheck_warn(&in->warnings, &in->nwarnings, &in->xc);
	}
	image_info_free(&info);
	image_close(im);
}

/* --hive --cross-check: every key of the hive read again by libregf, compared. */
void
xpass_hive(struct hstack *s, const struct opts *o, struct image_report *r)
{
	struct cross_check *xc = &r->xc;
	struct hive *h = NULL;
	struct err e;

	xc->ran = 1;
	snprintf(xc->stack[xc->nstack++], sizeof xc->stack[0], "libregf %s", regf_lib_version());
	snprintf(xc->image, sizeof xc->image, "file");
	snprintf(xc->ntfs, sizeof xc->ntfs, "none");
	snprintf(xc->hive, sizeof xc->hive, "libregf%s", s->ov ? " (over our replay of the logs)" : "");
	err_clear(&e);
	if (o->cross_check_failed != NULL) {
		xc->error = strdup(o->cross_check_failed);
	} else if ((h = regf_open(s->ov ? s->ov : s->file, &e)) == NULL) {
		xc->error = strdup(e.msg);
	} else if (xcheck_hives(s->h, h, xc) != 0) {
		xc->error = strdup("out of memory");
	}
	hive_close(h);
	xcheck_warn(&r->warnings, &r->nwarnings, xc);
}
