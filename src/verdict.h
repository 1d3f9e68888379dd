/* SPDX-License-Identifier: MIT */
/*
 * verdict.h: would Windows Update offer this guest an IC update, and does
 * anything in Guest\Parameters look hand-edited.  Pure: facts in, verdict out.
 */
#ifndef HV_VERDICT_H
#define HV_VERDICT_H

#include "report.h"

/* Fill in->wu from in->os, in->kvp and in->host. */
void verdict_windows_update(struct install *in);
/* Append spoof indicators to in->spoof: 0, or -1 on no memory. */
int verdict_spoof(struct install *in);

#endif
