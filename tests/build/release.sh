#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/build/release.sh: the product holds no fault of the test build (tests/faults/faults.c):
# no HVINSPECT_FAULT, no wrapped call, no fault symbol in ./hvinspect, while the test build,
# linked from the same objects, has all three (so the check can see them).
set -u
cd "$(dirname "$0")/../.."
HV=${HV:-./hvinspect}
HVF=${HVF:-build/hvinspect-faults}
. tests/lib.sh
faults() { # what of the faults a binary holds, one word each
	strings "$1" | grep -qF HVINSPECT_FAULT && echo env
	nm "$1" 2> /dev/null | grep -qE ' __wrap_| __real_' && echo wrap
	nm "$1" 2> /dev/null | grep -qE ' [tT] (fault_arg|misread|crash|hang)$' && echo hooks
}
check "the test build holds its faults ($(faults "$HVF" | tr '\n' ' '))" [ "$(faults "$HVF" | tr '\n' ' ')" = "env wrap hooks " ]
check "the product holds none ($(faults "$HV" | tr '\n' ' '))" [ -z "$(faults "$HV")" ]
summary "build/release.sh"
