/* SPDX-License-Identifier: MIT */
/*
 * fault.h: fault injection for the test build only.  In hvinspect itself
 * fault_arg always returns NULL; in build/hvinspect-faults (fault.c built
 * with -DHV_FAULTS, never installed) HVINSPECT_FAULT=KIND:ARG makes
 * fault_arg(KIND) return ARG, so a test can make one job crash or hang,
 * our hive reader misread one value, the cross-check's pass crash, and see
 * each contained or caught.
 */
#ifndef HV_FAULT_H
#define HV_FAULT_H

/* ARG of HVINSPECT_FAULT=KIND:ARG in the test build, else NULL. */
const char *fault_arg(const char *kind);

#endif
