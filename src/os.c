/* SPDX-License-Identifier: MIT */
/*
 * os.c: guest OS facts (kvp-ic-facts §5).  The NT version comes from the
 * DWORDs CurrentMajorVersionNumber/CurrentMinorVersionNumber when both
 * exist (NT 10.0 and later, which freeze CurrentVersion at "6.3"), else
 * from the CurrentVersion string, as libguestfs and dissect.target do.
 * Architecture from PROCESSOR_ARCHITECTURE in the system environment.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "os.h"

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

static int
os_arch(struct hive *system, const char *cs, struct os_facts *os, struct err *e)
{
	char path[96], *env = NULL;
	const char *a;
	struct hkey *k;
	int rc;

	snprintf(path, sizeof path, "%s\\Control\\Session Manager\\Environment", cs);
	if ((rc = hive_key_open(system, path, &k, e)) != 1)
		return rc;
	rc = hive_key_str(k, "PROCESSOR_ARCHITECTURE", &env, e);
	hive_key_close(k);
	if (rc != 1)
		return rc;
	a = arch_name(env);
	os->arch = a ? strdup(a) : env;
	if (a)
		free(env);
	return 1;
}

int
os_collect(struct hive *software, struct hive *system, const char *cs, struct os_facts *os,
    struct err *e)
{
	uint64_t maj, min, n;
	struct hkey *k;
	int rc, a, b;

	os->nt_major = os->nt_minor = -1;
	os->build = os->ubr = -1;
	if ((rc = hive_key_open(software, CURRENT_VERSION, &k, e)) < 0)
		return -1;
	if (rc == 1) {
		if (hive_key_str(k, "ProductName", &os->product_name, e) < 0 ||
		    hive_key_str(k, "EditionID", &os->edition, e) < 0 ||
		    hive_key_str(k, "InstallationType", &os->installation_type, e) < 0 ||
		    hive_key_str(k, "CurrentVersion", &os->current_version, e) < 0)
			goto fail;
		if ((rc = hive_key_num(k, "CurrentMajorVersionNumber", &maj, e)) < 0)
			goto fail;
		if (rc == 1 && (rc = hive_key_num(k, "CurrentMinorVersionNumber", &min, e)) < 0)
			goto fail;
		if (rc == 1 && maj <= 99 && min <= 99) {
			os->nt_major = (int)maj;
			os->nt_minor = (int)min;
		} else if (parse_nt(os->current_version, &a, &b)) {
			os->nt_major = a;
			os->nt_minor = b;
		}
		if ((rc = hive_key_num(k, "CurrentBuildNumber", &n, e)) < 0)
			goto fail;
		if (rc == 0 && (rc = hive_key_num(k, "CurrentBuild", &n, e)) < 0)
			goto fail;
		if (rc == 1 && n <= 0x7FFFFFFF)
			os->build = (long)n;
		if ((rc = hive_key_num(k, "UBR", &n, e)) < 0)
			goto fail;
		if (rc == 1 && n <= 0x7FFFFFFF)
			os->ubr = (long)n;
		hive_key_close(k);
	}
	if (system != NULL && cs != NULL && *cs && os_arch(system, cs, os, e) < 0)
		return err_ctx(e, "SYSTEM");
	return 0;
fail:
	hive_key_close(k);
	return err_ctx(e, "%s", CURRENT_VERSION);
}
