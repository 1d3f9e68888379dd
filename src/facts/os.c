/* SPDX-License-Identifier: MIT */
/*
 * os.c: guest OS facts [32], [45], [47], [48].  The NT version comes from the
 * DWORDs CurrentMajorVersionNumber/CurrentMinorVersionNumber when both
 * exist (NT 10.0 and later, which freeze CurrentVersion at "6.3"), else
 * from the CurrentVersion string, as libguestfs and dissect.target do.
 * Architecture from PROCESSOR_ARCHITECTURE in the system environment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/os.h"

#define CURRENT_VERSION "Microsoft\\Windows NT\\CurrentVersion"

/* "6.1" -> 6, 1; only plain "D.D" forms are accepted. */
static int
parse_nt(const char *s, int *maj, int *min)
{
	char buf[16], *dot;
	uint64_t a, b;

	if (s == NULL || strlen(s) >= sizeof buf)
		return 0;
	strcpy(buf, s);
	if ((dot = strchr(buf, '.')) == NULL)
		return 0;
	*dot = '\0';
	if (!parse_decimal(buf, &a) || !parse_decimal(dot + 1, &b) || a > 99 || b > 99)
		return 0;
	*maj = (int)a;
	*min = (int)b;
	return 1;
}

static const char *
arch_name(const char *env)
{
	if (strcasecmp(env, "AMD64") == 0)
		return "x64";
	if (strcasecmp(env, "x86") == 0)
		return "x86";
	if (strcasecmp(env, "ARM64") == 0)
		return "arm64";
	if (strcasecmp(env, "IA64") == 0)
		return "ia64";
	if (strcasecmp(env, "ARM") == 0)
		return "arm";
	return NULL;
}

int
os_collect_arch(struct hive *system, const char *cs, struct os_facts *os, struct err *e)
{
	char path[96], *env = NULL;
	const char *a;
	struct hkey *k;
	int rc;

	snprintf(path, sizeof path, "%s\\Control\\Session Manager\\Environment", cs);
	if ((rc = hive_key_open(system, path, &k, e)) != 1)
		return rc < 0 ? -1 : 0;
	rc = hive_key_str(k, "PROCESSOR_ARCHITECTURE", &env, e);
	hive_key_close(k);
	if (rc != 1)
		return rc < 0 ? err_ctx(e, "%s", path) : 0;
	a = arch_name(env);
	os->arch = a ? strdup(a) : env;
	if (a)
		free(env);
	/* the computer's name as set for the next boot (ActiveComputerName is volatile: never on disk) */
	snprintf(path, sizeof path, "%s\\Control\\ComputerName\\ComputerName", cs);
	if ((rc = hive_key_open(system, path, &k, e)) != 1)
		return rc < 0 ? -1 : 0;
	rc = hive_key_str(k, "ComputerName", &os->computer_name, e);
	hive_key_close(k);
	return rc < 0 ? err_ctx(e, "%s", path) : 0;
}

static const struct regval *
val(const struct regval *v, size_t n, const char *name, int kind)
{
	const struct regval *r = regval_find(v, n, name);

	return r != NULL && r->kind == kind ? r : NULL;
}

static char *
str_dup(const struct regval *v, size_t n, const char *name)
{
	const struct regval *r = val(v, n, name, RV_STRING);

	return r != NULL ? strdup(r->str) : NULL;
}

/* A number: a DWORD/QWORD, or a string of plain decimal digits (as hive_key_num). */
static int
num(const struct regval *v, size_t n, const char *name, uint64_t *out)
{
	const struct regval *r = regval_find(v, n, name);

	if (r == NULL)
		return 0;
	if (r->kind == RV_INT) {
		*out = r->num;
		return 1;
	}
	return r->kind == RV_STRING && parse_decimal(r->str, out);
}

/*
 * CurrentVersion's values are read once, together; a value that cannot be
 * read costs that fact only (the first value of a name counts, as in every
 * lookup: regval_find).
 */
int
os_collect(struct hive *software, struct os_facts *os, struct err *e)
{
	struct regval *v = NULL;
	uint64_t maj, min, n;
	struct hkey *k;
	size_t nv = 0, bad = 0;
	int rc, a, b;

	os->nt_major = os->nt_minor = -1;
	os->build = os->ubr = -1;
	if ((rc = hive_key_open(software, CURRENT_VERSION, &k, e)) != 1)
		return rc < 0 ? -1 : 0;
	rc = hive_key_values_partial(k, &v, &nv, &bad, e);
	hive_key_close(k);
	if (rc != 0)
		return err_ctx(e, "%s", CURRENT_VERSION);
	os->product_name = str_dup(v, nv, "ProductName");
	os->edition = str_dup(v, nv, "EditionID");
	os->installation_type = str_dup(v, nv, "InstallationType");
	os->current_version = str_dup(v, nv, "CurrentVersion");
	if (num(v, nv, "CurrentMajorVersionNumber", &maj) && num(v, nv, "CurrentMinorVersionNumber", &min) &&
	    maj <= 99 && min <= 99) {
		os->nt_major = (int)maj;
		os->nt_minor = (int)min;
	} else if (parse_nt(os->current_version, &a, &b)) {
		os->nt_major = a;
		os->nt_minor = b;
	}
	if ((num(v, nv, "CurrentBuildNumber", &n) || num(v, nv, "CurrentBuild", &n)) && n <= 0x7FFFFFFF)
		os->build = (long)n;
	if (num(v, nv, "UBR", &n) && n <= 0x7FFFFFFF)
		os->ubr = (long)n;
	regvals_free(v, nv);
	if (bad > 0)
		return err_ctx(e, "%s: %zu value%s unreadable", CURRENT_VERSION, bad, bad == 1 ? "" : "s");
	return 0;
}
