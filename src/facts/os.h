/* SPDX-License-Identifier: MIT */
/* os.h: the guest's Windows version, edition and architecture. */
#ifndef HV_OS_H
#define HV_OS_H

#include "reg/hive.h"
#include "facts/facts.h"

/*
 * From SOFTWARE\Microsoft\Windows NT\CurrentVersion.  Missing values stay
 * unknown; one that cannot be read costs its fact only.  0, or -1 with e
 * set when anything could not be read (what could is kept).
 */
int os_collect(struct hive *software, struct os_facts *os, struct err *e);
/* os->arch from SYSTEM\<cs>\Control\Session Manager\Environment: 0, or -1 with e set. */
int os_collect_arch(struct hive *system, const char *cs, struct os_facts *os, struct err *e);

#endif
