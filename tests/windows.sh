#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/windows.sh EXE (make windows-check): the Windows build under Debian's wine64, against
# the Linux build (./hvinspect) on the same fixture images: the same JSON byte for byte (the
# paths are given alike, so they print alike), the same exit codes, one process per image.
set -u
cd "$(dirname "$0")/.."
EXE=${1:?usage: tests/windows.sh build-win/hvinspect.exe}
HV=${HV:-./hvinspect}
OUT=fixtures/out
export WINEPREFIX=${WINEPREFIX:-$PWD/build-win/wineprefix} WINEDEBUG=-all
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() { # description command...
	local d=$1; shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $d"; fi
}
WINE=$(command -v wine64 || command -v wine)
[ -n "$WINE" ] || { echo "windows: no wine64"; exit 1; }
mkdir -p "$WINEPREFIX"
"$WINE" "$EXE" -V > "$T/v" 2> "$T/v.err"
check "the exe runs under wine and names its libraries ($(head -c 200 "$T/v.err"))" grep -q 'libfsntfs' "$T/v"
imgs="sample.vhdx mbr-gen1.raw mbr-gen1.vhd mbr-ext.vhd gpt-fixed.vhdx gpt-4k.vhdx gpt-64k.vhd h10-old-ic.vhdx
    dirty.vhdx log-replay.vhdx vlog.vhdx bare-ntfs.raw nowin.vhdx mbr-4k.raw chain/vhdx/cp2.avhdx chain/vhd/cp2.avhd
    chain/qcow2/cp2.qcow2 chain/vmdk/cp2.vmdk more/gen1.qcow2 more/gen1-zero.qcow2 more/gen1-split.vmdk
    more/gen1-stream.vmdk more/gen1.E01 more/gen1-4k.E01"
for f in $imgs; do
	"$WINE" "$EXE" --json -j 1 "$OUT/$f" > "$T/w.json" 2> "$T/w.err"; wrc=$?
	$HV --json -j 1 "$OUT/$f" > "$T/l.json" 2> /dev/null; lrc=$?
	check "$f: same JSON and exit code as the Linux build (wine exit $wrc, Linux $lrc; $(head -c 200 "$T/w.err"))" \
	    [ $wrc -eq $lrc ] && cmp -s "$T/w.json" "$T/l.json"
done
# Several images, two child processes at once: the same batch, in order; errors too.
set -- $(for f in sample.vhdx chain/lonely/cp1.avhdx more/gen1.qcow2 hostile/gap.E01 mbr-gen1.vhd; do echo "$OUT/$f"; done)
"$WINE" "$EXE" -o jsonl -j 2 "$@" > "$T/w.jsonl" 2> /dev/null; wrc=$?
$HV -o jsonl -j 2 "$@" > "$T/l.jsonl" 2> /dev/null; lrc=$?
check "batch of 5 with -j 2, two not inspected: same records in order, exit 3 (wine $wrc)" \
    [ $wrc -eq 3 ] && [ $lrc -eq 3 ] && \
    cmp -s <(jq -c 'del(.error)' "$T/w.jsonl") <(jq -c 'del(.error)' "$T/l.jsonl") && \
    [ "$(jq -r '.error // "ok"' "$T/w.jsonl" | cut -c1-40 | tr '\n' '|')" = "$(jq -r '.error // "ok"' "$T/l.jsonl" | cut -c1-40 | tr '\n' '|')" ]
"$WINE" "$EXE" -r -q -o jsonl "$OUT/chain" > "$T/w.jsonl" 2> /dev/null
$HV -r -q -o jsonl "$OUT/chain" > "$T/l.jsonl" 2> /dev/null
check "-r over the chains folder: the same images listed" \
    cmp -s <(jq -r .path "$T/w.jsonl" | tr '\\' '/') <(jq -r .path "$T/l.jsonl")
echo "windows: $pass passed, $fail failed"
[ $fail -eq 0 ]
