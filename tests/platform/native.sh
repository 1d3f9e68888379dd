#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/platform/native.sh EXE (make native-check): hvinspect built against the libraries
# third_party/build.sh native built from the pinned sources (the recipe a macOS user runs),
# against the Debian-package build (./hvinspect) on every fixture: the same JSON, stderr and
# exit code, and the expected facts of fixtures/expected.  The recipe is then proven on this
# machine's compiler; it says nothing of macOS's own (docs/windows.md).
set -u
cd "$(dirname "$0")/../.."
NX=${1:?usage: tests/platform/native.sh build-native/hvinspect}
HV=${HV:-./hvinspect}
OUT=fixtures/out
EXP=fixtures/expected
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

$NX -V > "$T/n.v"
$HV -V > "$T/l.v"
check "-V: the same library versions as Debian's packages (libbfio: libfsntfs's own copy)" \
    cmp -s "$T/n.v" <(sed -e 's/libbfio [0-9]*/libbfio libfsntfs'"'"'s own copy/' -e 's/libvshadow [0-9]*/no libvshadow/' "$T/l.v")
for f in $(cd $OUT && find . -type f \( -name '*.vhd*' -o -name '*.avhd*' -o -name '*.raw' -o -name '*.qcow2' \
    -o -name '*.vmdk' -o -name '*.E01' \) | sed 's|^\./||' | sort); do
	n=$(echo "$f" | tr / -)
	$NX --json -j 1 "$OUT/$f" > "$T/n.json" 2> "$T/n.err"; nrc=$?
	$HV --json -j 1 "$OUT/$f" > "$T/l.json" 2> "$T/l.err"; lrc=$?
	e=$EXP/${n%.*}-${n##*.}.json
	check "$f: the Debian build's JSON, stderr and exit code $lrc (got $nrc)" \
	    all [ $nrc -eq $lrc ] -- cmp -s <(unrun "$T/n.json") <(unrun "$T/l.json") -- cmp -s "$T/n.err" "$T/l.err" -- \
	    same_facts "$e" "$T/n.json"
done
# --cross-check: libvhdi, libfsntfs and libregf from the recipe read what Debian's read
for f in sample.vhdx chain/vhdx/cp2.avhdx hostile-kvp.vhdx more/gen1.qcow2 partial.vhdx; do
	$NX -C --json "$OUT/$f" > "$T/n.json" 2> /dev/null; nrc=$?
	$HV -C --json "$OUT/$f" > "$T/l.json" 2> /dev/null; lrc=$?
	check "$f --cross-check: the Debian build's record, exit $lrc (got $nrc)" \
	    all [ $nrc -eq $lrc ] -- cmp -s <(unrun "$T/n.json") <(unrun "$T/l.json")
done
$NX --hive -C --json "$OUT/hives/sw-hostile" > "$T/n.json" 2> /dev/null
$HV --hive -C --json "$OUT/hives/sw-hostile" > "$T/l.json" 2> /dev/null
check "--hive --cross-check: every key, the Debian build's record" cmp -s <(unrun "$T/n.json") <(unrun "$T/l.json")
for m in text csv; do
	$NX -o $m $OUT/*.vhd* $OUT/*.raw > "$T/n.$m" 2> /dev/null; nrc=$?
	$HV -o $m $OUT/*.vhd* $OUT/*.raw > "$T/l.$m" 2> /dev/null; lrc=$?
	check "-o $m over every top fixture: the Debian build's output, exit $lrc (got $nrc)" \
	    all [ $nrc -eq $lrc ] -- cmp -s <(unrun "$T/n.$m") <(unrun "$T/l.$m")
done
summary native
