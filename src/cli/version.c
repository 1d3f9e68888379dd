/* SPDX-License-Identifier: MIT */
/* version.c: -V.  Every layer that links a library says its version through one function. */
#include "io/bfio.h"
#include "img/img.h"
#include "vs/vss.h"
#include "fs/ntfs.h"
#include "reg/regf.h"
#include "report/out.h"
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
