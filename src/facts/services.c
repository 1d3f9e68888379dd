/* SPDX-License-Identifier: MIT */
/*
 * services.c: SYSTEM\Select\Current and the vmic* services.
 * Service names from [6], [34], [36] (Microsoft's integration-services
 * reference; Win7-era guests run the same services from vmicsvc.exe).
 * Start: 2 automatic, 3 manual (trigger-started on Win8+), 4 disabled.
 */
#include <stdio.h>
#include <string.h>

#include "facts/services.h"

#define CONTROL_SET_MAX 999u

static const char *const ic_services[IC_SERVICES] = {
	"vmickvpexchange", "vmicheartbeat", "vmicshutdown", "vmictimesync",
	"vmicvss", "vmicrdv", "vmicguestinterface", "vmicvmsession",
};

int
services_control_set(struct hive *system, char out[16], struct err *e)
{
	struct hkey *k;
	uint64_t cur = 0;
	int rc;

	out[0] = '\0';
	if ((rc = hive_key_open(system, "Select", &k, e)) != 1)
		return rc;
	rc = hive_key_num(k, "Current", &cur, e);
	hive_key_close(k);
	if (rc != 1)
		return rc;
	if (cur < 1 || cur > CONTROL_SET_MAX)
		return 0;
	snprintf(out, 16, "ControlSet%03u", (unsigned)cur);
	return 1;
}

int
services_collect(struct hive *system, const char *cs, struct install *in, struct err *e)
{
	char path[96];
	struct hkey *k;
	struct err se ERR_AUTO = ERR_INIT;
	uint64_t start;
	size_t i, bad = 0;
	int rc;

	in->nservices = 0;
	for (i = 0; i < IC_SERVICES; i++) {
		struct service *s = &in->services[in->nservices++];
		s->name = ic_services[i];
		s->start = -1;
		snprintf(path, sizeof path, "%s\\Services\\%s", cs, ic_services[i]);
		/* One service that cannot be read costs its own Start only. */
		err_clear(&se);
		if ((rc = hive_key_open(system, path, &k, &se)) == 1) {
			s->filetime = hive_key_filetime(k);
			if ((rc = hive_key_num(k, "Start", &start, &se)) < 0)
				err_ctx(&se, "%s", path); /* hive_key_open names the path itself */
			hive_key_close(k);
			if (rc == 1 && start <= 0xFFFFFFFFu)
				s->start = (long)start;
		}
		if (rc < 0) {
			s->unread = 1;
			if (bad++ == 0)
				err_move(e, &se);
		}
	}
	err_clear(&se);
	if (bad > 1)
		err_ctx(e, "%zu IC services unreadable", bad);
	return bad ? -1 : 0;
}

long
services_start(const struct install *in, const char *name, int *unread)
{
	size_t i;

	for (i = 0; i < in->nservices; i++)
		if (strcmp(in->services[i].name, name) == 0) {
			if (unread != NULL)
				*unread = in->services[i].unread;
			return in->services[i].start;
		}
	return -1;
}
