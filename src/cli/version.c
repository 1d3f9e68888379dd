/* SPDX-License-Identifier: MIT */
/* version.c: -V.  Every layer that links a library says its version through one function. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/strv.h"
#include "io/bfio.h"
#include "img/img.h"
#include "vs/vss.h"
#include "fs/ntfs.h"
#include "reg/regf.h"
#include "report/out.h"
#include "report/report.h"
#include "cli/version.h"

void
print_versions(FILE *f)
{
	char libs[256];

	image_lib_versions(libs, sizeof libs);
	fprintf(f, "hvinspect %s (%s, libregf %s, %s%s, libfsntfs %s linked in; libbfio %s, jansson %s; hive and "
	    "NTFS index readers: our own, libregf for --cross-check)\n", HVINSPECT_VERSION, libs,
	    regf_lib_version(), vss_lib_version() ? "libvshadow " : "no libvshadow",
	    vss_lib_version() ? vss_lib_version() : "", ntfs_lib_version(), bfio_lib_version(),
	    out_json_lib_version());
}

char *
run_clean_arg(const char *arg)
{
	const char *scheme = strstr(arg, "://"), *host, *at, *slash, *cut;
	char *out;

	if (scheme == NULL)
		return strdup(arg);
	host = scheme + 3;
	slash = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(slash - host));
	cut = slash + strcspn(slash, "?#");
	/* scheme://, the host and path without "user:password@", and a mark where a query was */
	out = str_printf("%.*s%.*s%s", (int)(host - arg), arg, (int)(cut - (at ? at + 1 : host)), at ? at + 1 : host,
	    *cut ? "?(query removed)" : "");
	return out;
}

int
run_start(struct run_info *ri, int argc, char **argv)
{
	char libs[256], *p, *next, when[32];
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm *tm;
	int i;

	memset(ri, 0, sizeof *ri);
	if ((ri->tool = strdup("hvinspect " HVINSPECT_VERSION)) == NULL)
		return -1;
	image_lib_versions(libs, sizeof libs);
	for (p = libs; *p; p = next) {
		next = strstr(p, ", ");
		if (next != NULL)
			*next = '\0', next += 2;
		else
			next = p + strlen(p);
		if (strv_addf(&ri->libraries, &ri->nlibraries, "%s", p) != 0)
			return -1;
	}
	if (strv_addf(&ri->libraries, &ri->nlibraries, "libregf %s", regf_lib_version()) != 0 ||
	    (vss_lib_version() && strv_addf(&ri->libraries, &ri->nlibraries, "libvshadow %s", vss_lib_version()) != 0) ||
	    strv_addf(&ri->libraries, &ri->nlibraries, "libfsntfs %s", ntfs_lib_version()) != 0 ||
	    strv_addf(&ri->libraries, &ri->nlibraries, "libbfio %s", bfio_lib_version()) != 0 ||
	    strv_addf(&ri->libraries, &ri->nlibraries, "jansson %s", out_json_lib_version()) != 0)
		return -1;
	/* a reproducible report: SOURCE_DATE_EPOCH (reproducible-builds.org) stands for now when set */
	if (epoch != NULL && epoch[0] != '\0' && strspn(epoch, "0123456789") == strlen(epoch) && strlen(epoch) <= 12)
		t = (time_t)strtoll(epoch, NULL, 10);
	if ((tm = gmtime(&t)) == NULL || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", tm) == 0 ||
	    (ri->started = strdup(when)) == NULL)
		return -1;
	for (i = 0; i < argc; i++) {
		char *a = run_clean_arg(argv[i]);
		int rc = a != NULL ? strv_addf(&ri->command, &ri->ncommand, "%s", a) : -1;
		free(a);
		if (rc != 0)
			return -1;
	}
	return 0;
}
