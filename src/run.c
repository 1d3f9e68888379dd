/* SPDX-License-Identifier: MIT */
/*
 * run.c: the pipeline.  image -> partitions -> NTFS -> hive -> facts ->
 * verdict.  Each layer is opened here, in order, and closed here in reverse
 * (the TSK tool pattern); layers never reach past the one below.  Errors
 * get each layer's name once, on the way out, so r->error reads
 * "vm.vhdx: partition 4: NTFS: \Windows\System32\config\SOFTWARE: regf: ...".
 *
 * Keep going where it is safe: one partition failing does not stop the
 * next; the first failure is kept as the image's error (exit 3 in main.c).
 */
#include <stdlib.h>
#include <string.h>

#include "hive.h"
#include "image.h"
#include "kvp.h"
#include "ntfs.h"
#include "os.h"
#include "part.h"
#include "run.h"
#include "services.h"
#include "verdict.h"
#include "volume.h"

#define PATH_SOFTWARE "\\Windows\\System32\\config\\SOFTWARE"
#define PATH_SYSTEM   "\\Windows\\System32\\config\\SYSTEM"

/* Keep the first error of the image; later ones become warnings. */
static void
record(struct image_report *r, const struct err *e)
{
	if (r->error == NULL) {
		r->error = strdup(e->msg);
		if (e->trace[0])
			r->trace = strdup(e->trace);
	} else {
		strv_addf(&r->warnings, &r->nwarnings, "%s", e->msg);
	}
}

static void
warn_dirty(struct install *in, struct hive *h, const char *name)
{
	uint32_t s1, s2;

	if (hive_is_dirty(h, &s1, &s2))
		strv_addf(&in->warnings, &in->nwarnings,
		    "%s hive is dirty (sequence numbers %u != %u): its transaction logs (%s.LOG1/.LOG2) "
		    "were not replayed, so the newest values may be missing", name, s1, s2, name);
}

/* Facts from the open hives into in.  system may be NULL. */
static int
collect(struct hive *sw, struct hive *sys, struct install *in, struct err *e)
{
	char cs[16] = "";
	int rc;

	if (sys != NULL) {
		if ((rc = services_control_set(sys, cs, e)) < 0)
			return err_ctx(e, "SYSTEM: Select");
		if (rc == 0)
			strv_addf(&in->warnings, &in->nwarnings,
			    "SYSTEM hive has no usable Select\\Current: services and architecture unknown");
		else if (services_collect(sys, cs, in, e) != 0)
			return err_ctx(e, "SYSTEM");
	}
	if (os_collect(sw, cs[0] ? sys : NULL, cs, &in->os, e) != 0 ||
	    kvp_collect(sw, &in->kvp, e) != 0)
		return err_ctx(e, "SOFTWARE");
	in->kvp.service_start = services_start(in, "vmickvpexchange");
	kvp_set_state(&in->kvp);
	kvp_host(&in->kvp, &in->host);
	verdict_windows_update(in);
	if (verdict_spoof(in) != 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	return 0;
}

/* One NTFS volume: a Windows installation if it has a SOFTWARE hive. */
static int
inspect_ntfs(struct reader *vol, unsigned idx, struct image_report *r, struct err *e)
{
	struct reader *fsw = NULL, *fsys = NULL;
	struct hive *sw = NULL, *sys = NULL;
	struct ntfs *n;
	struct install *in;
	int rc = -1, found;

	if ((n = ntfs_open(vol, e)) == NULL)
		return err_ctx(e, "NTFS");
	if ((found = ntfs_open_file(n, PATH_SOFTWARE, "SOFTWARE", &fsw, e)) <= 0) {
		rc = found == 0 ? 0 : err_ctx(e, "NTFS: %s", PATH_SOFTWARE);
		goto out;
	}
	if ((sw = hive_open(fsw, e)) == NULL) {
		err_ctx(e, "NTFS: %s", PATH_SOFTWARE);
		goto out;
	}
	if ((in = report_add_install(r)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	in->partition = idx;
	warn_dirty(in, sw, "SOFTWARE");
	if ((found = ntfs_open_file(n, PATH_SYSTEM, "SYSTEM", &fsys, e)) < 0 ||
	    (found == 1 && (sys = hive_open(fsys, e)) == NULL)) {
		/* SOFTWARE alone still answers the KVP question; say what is missing. */
		strv_addf(&in->warnings, &in->nwarnings, "NTFS: %s: %s", PATH_SYSTEM, e->msg);
	} else if (found == 0) {
		strv_addf(&in->warnings, &in->nwarnings, "no %s: services and architecture unknown",
		    PATH_SYSTEM);
	}
	if (sys != NULL)
		warn_dirty(in, sys, "SYSTEM");
	if (collect(sw, sys, in, e) != 0) {
		err_ctx(e, "NTFS");
		goto out;
	}
	rc = 0;
out:
	hive_close(sys);
	reader_close(fsys);
	hive_close(sw);
	reader_close(fsw);
	ntfs_close(n);
	return rc;
}

static void
inspect_partition(struct reader *disk, struct part *p, struct image_report *r)
{
	struct reader *vol;
	struct err e;
	char name[32];

	err_clear(&e);
	snprintf(name, sizeof name, "partition %u", p->idx);
	if (p->problem[0]) {
		err_set(&e, ERR_FORMAT, "%s: %s", name, p->problem);
		record(r, &e);
		return;
	}
	if ((vol = reader_sub_open(disk, p->first_byte, p->nbytes, name, &e)) == NULL) {
		record(r, &e);
		return;
	}
	if ((p->fs = volume_probe(vol, &e)) == NULL) {
		err_ctx(&e, "%s", name);
		record(r, &e);
	} else if (strcmp(p->fs, "ntfs") == 0) {
		if (inspect_ntfs(vol, p->idx, r, &e) != 0) {
			err_ctx(&e, "%s", name);
			record(r, &e);
		}
	} else if (strcmp(p->fs, "bitlocker") == 0) {
		strv_addf(&r->warnings, &r->nwarnings,
		    "%s: BitLocker-encrypted volume: not readable offline without its key", name);
	} else if (strcmp(p->fs, "refs") == 0) {
		strv_addf(&r->warnings, &r->nwarnings, "%s: ReFS volume: not read", name);
	}
	reader_close(vol);
}

void
run_image(const char *path, struct image_report *r)
{
	struct image *im;
	struct reader *disk;
	struct err e;
	size_t i;

	memset(r, 0, sizeof *r);
	r->path = path;
	err_clear(&e);
	im = image_open(path, &r->image, &e);
	r->have_image = r->image.format != NULL;
	if (im == NULL) {
		record(r, &e);
		goto out;
	}
	if (r->image.log_pending)
		strv_addf(&r->warnings, &r->nwarnings,
		    "VHDX log is not empty (LogGuid {%s}): the VM was not shut down cleanly and "
		    "the log was not replayed, so recent writes may be missing", r->image.log_guid);
	disk = image_reader(im);
	if (part_scan(disk, &r->parts, &e) != 0) {
		err_ctx(&e, "partition table");
		record(r, &e);
		goto out;
	}
	if (strcmp(r->image.format, "raw") == 0)
		r->image.sector_size = r->parts.lba_size;
	if (r->parts.warning[0])
		strv_addf(&r->warnings, &r->nwarnings, "%s", r->parts.warning);
	for (i = 0; i < r->parts.n; i++)
		inspect_partition(disk, &r->parts.v[i], r);
out:
	image_close(im);
	if (r->error != NULL) {
		/* The image's own name goes first, once. */
		char *full = malloc(strlen(path) + strlen(r->error) + 3);
		if (full != NULL) {
			sprintf(full, "%s: %s", path, r->error);
			free(r->error);
			r->error = full;
		}
	}
}
