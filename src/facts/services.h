/* SPDX-License-Identifier: MIT */
/*
 * services.h: facts from the SYSTEM hive: the current control set
 * (Select\Current, as libguestfs resolves it offline: there is no
 * CurrentControlSet in a hive file) and the Start value of the Hyper-V IC
 * services [6], [34], [36].
 */
#ifndef HV_SERVICES_H
#define HV_SERVICES_H

#include "reg/hive.h"
#include "facts/facts.h"

/* "ControlSet00N" from Select\Current: 1, 0 when absent or out of 1..999, -1. */
int services_control_set(struct hive *system, char out[16], struct err *e);
/*
 * Fill in->services (every IC service, start -1 when absent).  A service
 * whose key cannot be read is marked unread and the others still read:
 * -1 with e naming the first (and how many), else 0.
 */
int services_collect(struct hive *system, const char *cs, struct install *in, struct err *e);
/* Start of one service from in->services, or -1; *unread (if not NULL): its key could not be read. */
long services_start(const struct install *in, const char *name, int *unread);

#endif
