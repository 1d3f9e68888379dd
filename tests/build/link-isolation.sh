#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/build/link-isolation.sh (make test): the libyal libraries linked in never meet one another's
# private helper copies (docs/sources.md L1, L7).  For each build/NAME_private.o:
#  - every global symbol it defines is libNAME_* (its libbfio, libcdata, libcerror... local);
#  - the only libyal symbols it needs from outside are libbfio_* (libregf's, from the
#    system libbfio that libfsntfs uses too: the handle bfio.c makes);
# and the program exports no libyal symbol and defines none of the helpers globally.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
HV=${HV:-./hvinspect}
. tests/lib.sh
for o in "$B"/*_private.o; do
	n=$(basename "$o" _private.o)
	bad=$(nm "$o" | awk -v k="^lib${n}_" '$2 ~ /^[TDBRVW]$/ && $3 !~ k {print $3}' | head -3)
	check "$o: defines globally only lib${n}_* (not: $bad)" [ -z "$bad" ]
	ext=$(nm -u "$o" | awk '{print $2}' | grep '^lib[a-z]*_' | grep -v '^libbfio_' | head -3)
	check "$o: needs no libyal symbol but libbfio_* from outside (not: $ext)" [ -z "$ext" ]
done
check "$B/regf_private.o and $B/fsntfs_private.o are among them" [ -f "$B/regf_private.o" -a -f "$B/fsntfs_private.o" ]
dup=$(nm "$HV" | awk '$2 ~ /^[TDBR]$/ && $3 ~ /^lib(bfio|cdata|cerror|cfile|cthreads|fcache|fdata|una|cnotify|cpath|csplit|clocale|fguid|fdatetime|fwnt)_/ {print $3}' | head -3)
check "$HV: defines no libyal helper symbol globally (not: $dup)" [ -z "$dup" ]
exp=$(nm -D --defined-only "$HV" | awk '$3 ~ /^lib/ {print $3}' | head -3)
check "$HV: exports no libyal symbol (not: $exp)" [ -z "$exp" ]
summary isolation
