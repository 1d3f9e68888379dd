/* SPDX-License-Identifier: MIT */
/*
 * verdict.h: what the facts mean, by the catalogue (catalogue.def): the
 * host's details, whether the guest's ICs are current for its host, whether
 * Windows Update would offer an IC package, and what looks hand-edited.
 * Pure: facts in, verdicts out.
 */
#ifndef HV_VERDICT_H
#define HV_VERDICT_H

#include "facts/facts.h"

/* Every verdict of in, from in->os, in->kvp, in->host; assume_major >= 0: --assume-host. 0 or -1. */
int verdict_all(struct install *in, int assume_major, int assume_minor);

/* The parts, for tests. */
void verdict_host(struct install *in);
void verdict_ic(struct install *in, int hmaj, int hmin);
void verdict_windows_update(struct install *in, int hmaj, int hmin);
int verdict_spoof(struct install *in);

#endif
