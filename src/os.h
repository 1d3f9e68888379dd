/* SPDX-License-Identifier: MIT */
/* os.h: the guest's Windows version, edition and architecture. */
#ifndef HV_OS_H
#define HV_OS_H

#include "hive.h"
#include "report.h"

/*
 * From SOFTWARE\Microsoft\Windows NT\CurrentVersion and, when system is not
 * NULL, SYSTEM\<cs>\Control\Session Manager\Environment.  Missing values
 * stay unknown.  0 or -1.
 */
int os_collect(struct hive *software, struct hive *system, const char *cs, struct os_facts *os,
    struct err *e);

#endif
