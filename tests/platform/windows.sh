#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/platform/windows.sh EXE FAULTS_EXE [ZIP] (make windows-check): the Windows build under Debian's wine,
# against the Linux build (./hvinspect, build/hvinspect-faults) on the same fixture images:
#  - every fixture: the same JSON byte for byte (the paths are given alike, so they print
#    alike), the same exit code, and the expected facts of fixtures/expected (as tests/e2e/expected.sh)
#  - text and CSV output byte for byte, and hostile text from an image escaped there too
#  - a batch in child processes (-j 2) with failures, -r over a folder
#  - file and folder names outside ASCII (the exe's manifest makes UTF-8 its code page)
#  - --cross-check: the libyal stack built for Windows gives Linux's records
#  - --history: Linux's observations (shadow copies found, not read: no libvshadow here)
#  - a crashing child contained, a hung child killed by --timeout, a crashing cross-check
#    contained and the image inspected again (the faults build)
#  - the release archive (make dist-windows): its files, and its exe gives the same JSON
# Every condition is counted (tests/lib.sh).  Ends with "windows: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
EXE=${1:?usage: tests/platform/windows.sh build-win/hvinspect.exe build-win/hvinspect-faults.exe}
FEXE=${2:?usage: tests/platform/windows.sh build-win/hvinspect.exe build-win/hvinspect-faults.exe}
ZIP=${3:-}
HV=${HV:-./hvinspect}
HVF=${HVF:-build/hvinspect-faults}
OUT=fixtures/out
EXP=fixtures/expected
export WINEPREFIX=${WINEPREFIX:-$PWD/build-win/wineprefix} WINEDEBUG=-all
WINE=$(command -v wine) || { echo "windows: no wine (Debian package wine)"; exit 1; }
mkdir -p "$WINEPREFIX"
# A relative folder: wine and Linux are given the same paths, so they print the same.
T=$(mktemp -d build-win/t.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
w() { "$WINE" "$EXE" "$@"; }
wf() { "$WINE" "$FEXE" "$@"; }
same() { cmp -s <(unrun "$1") <(unrun "$2") || { echo "  $1 and $2 differ:"; cmp <(unrun "$1") <(unrun "$2") | head -2; false; }; }
# stderr is in text mode on Windows (\r\n line ends, as a console expects); stdout is binary
same_err() { same <(tr -d '\r' < "$1") "$2"; }

w -V > "$T/w.v" 2> "$T/w.err"
$HV -V | sed -e 's/libbfio [0-9]*/libbfio libfsntfs'"'"'s own copy/' -e 's/libvshadow [0-9]*/no libvshadow/' > "$T/l.v"
check "-V: the exe runs under wine and names the same library versions (libbfio: libfsntfs's copy) ($(head -c 200 "$T/w.err"))" \
    all grep -q libfsntfs "$T/w.v" -- same "$T/w.v" "$T/l.v"

# --- every fixture: JSON, exit code, expected facts ------------------------------------------
imgs="sample.vhdx mbr-gen1.raw mbr-gen1.vhd mbr-ext.vhd gpt-fixed.vhdx gpt-4k.vhdx gpt-64k.vhd h10-old-ic.vhdx
    dirty.vhdx log-replay.vhdx bare-ntfs.raw nowin.vhdx mbr-4k.raw hostile-kvp.vhdx partial.vhdx
    chain/vhdx/cp2.avhdx chain/vhd/cp2.avhd chain/qcow2/cp2.qcow2 chain/vmdk/cp2.vmdk more/gen1.qcow2
    more/gen1-zero.qcow2 more/gen1-split.vmdk more/gen1-stream.vmdk more/gen1.E01 more/gen1-4k.E01
    hostile/gap.E01 chain/lonely/cp1.avhdx history.vhdx"
for f in $imgs; do
	n=$(echo "$f" | tr / -)
	w --json -j 1 "$OUT/$f" > "$T/$n.w" 2> "$T/$n.werr"; wrc=$?
	$HV --json -j 1 "$OUT/$f" > "$T/$n.l" 2> "$T/$n.lerr"; lrc=$?
	e=$EXP/${n%.*}-${n##*.}.json
	check "$f: the JSON of Linux, its exit code and stderr, the facts of $e if any (wine exit $wrc, Linux $lrc)" \
	    all [ $wrc -eq $lrc ] -- same "$T/$n.w" "$T/$n.l" -- same_err "$T/$n.werr" "$T/$n.lerr" -- \
	    same_facts "$e" "$T/$n.w"
done
# Text for people and CSV for spreadsheets: byte for byte.  hostile-kvp's values hold escape
# sequences, bidi overrides, C1 controls and formula starters: none reaches the output raw.
for f in sample.vhdx mbr-ext.vhd dirty.vhdx h10-old-ic.vhdx hostile-kvp.vhdx partial.vhdx; do
	for m in text csv; do
		w -o $m "$OUT/$f" > "$T/o.w" 2> /dev/null; wrc=$?
		$HV -o $m "$OUT/$f" > "$T/o.l" 2> /dev/null; lrc=$?
		check "$f -o $m: Linux's output, exit $lrc (wine $wrc)" all [ $wrc -eq $lrc ] -- same "$T/o.w" "$T/o.l"
	done
done
w -k 'SOFTWARE\Microsoft\Virtual Machine\Guest\Parameters' "$OUT/hostile-kvp.vhdx" > "$T/hk.w" 2> /dev/null
check "hostile-kvp text with --key: no control byte but newline, no bidi or C1 character raw" \
    all [ -s "$T/hk.w" ] -- not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/hk.w" -- \
    not grep -qP '[\x{80}-\x{9f}\x{202a}-\x{202e}\x{2066}-\x{2069}]' "$T/hk.w" -- grep -qF '\x1b' "$T/hk.w"
w -o csv "$OUT/hostile-kvp.vhdx" > "$T/hc.w" 2> /dev/null
check "hostile-kvp CSV: no cell starts a formula" not grep -qP '(^|,)"?[=+@\t\r-]' "$T/hc.w"

# --cross-check: libvhdi, libfsntfs and libregf built from source for Windows read the same
# facts as Debian's on Linux (the disk by libvhdi, by ours for a chain, a hostile hive, a bare hive)
for f in sample.vhdx chain/vhdx/cp2.avhdx hostile-kvp.vhdx more/gen1.qcow2; do
	w -C --json "$OUT/$f" > "$T/x.w" 2> /dev/null; wrc=$?
	$HV -C --json "$OUT/$f" > "$T/x.l" 2> /dev/null; lrc=$?
	check "$f --cross-check: Linux's record, exit $lrc (wine $wrc), nothing disagrees" \
	    all [ $wrc -eq $lrc ] -- same "$T/x.w" "$T/x.l" -- \
	    [ "$(jq '[.[0].installations[].cross_check | select(.error == null and (.disagreed | length) == 0)] | length' "$T/x.w")" -ge 1 ]
done
w --hive -C --json "$OUT/hives/sw-hostile" > "$T/x.w" 2> /dev/null; wrc=$?
$HV --hive -C --json "$OUT/hives/sw-hostile" > "$T/x.l" 2> /dev/null
check "--hive --cross-check, every key against libregf: Linux's record (wine exit $wrc)" \
    all [ $wrc -eq 0 ] -- same "$T/x.w" "$T/x.l" -- [ "$(jq '.[0].cross_check.agreed' "$T/x.w")" -gt 20 ]

# --history: the same observations as on Linux, but for the shadow copy: this build has no
# libvshadow (the recipe cannot fetch its source), so the copy is found, checked and said
w --history --json "$OUT/history.vhdx" > "$T/hw" 2> /dev/null; wrc=$?
$HV --history --json "$OUT/history.vhdx" > "$T/hl" 2> /dev/null
check "--history: Linux's observations but the shadow copy's, which a note names (exit $wrc)" \
    all [ $wrc -eq 0 ] -- \
    [ "$(jq -c '[.[0].installations[0].history[] | select(.source != "shadow-copy")]' "$T/hl")" = \
    "$(jq -c '.[0].installations[0].history' "$T/hw")" ] -- \
    [ "$(jq -c '.[0].installations[0].history_notes' "$T/hw")" = '["shadow copies: 1 shadow copy found, not read: this build has no libvshadow"]' ]
w --history --json "$OUT/chain/vhdx/cp2.avhdx" > "$T/hw" 2> /dev/null
$HV --history --json "$OUT/chain/vhdx/cp2.avhdx" > "$T/hl" 2> /dev/null
check "--history on a checkpoint chain: Linux's record" same "$T/hw" "$T/hl"

# -o html: the children's JSON lines read back in the parent, the same page as on Linux
set -- $(for f in sample.vhdx hostile-kvp.vhdx chain/lonely/cp1.avhdx more/gen1.qcow2; do echo "$OUT/$f"; done)
w -q -j 2 -o html "$@" > "$T/h.w" 2> /dev/null; wrc=$?
$HV -q -j 2 -o html "$@" > "$T/h.l" 2> /dev/null; lrc=$?
check "-o html, a batch of 4 (one not inspected): Linux's page byte for byte, exit $lrc (wine $wrc)" \
    all [ $wrc -eq $lrc ] -- same "$T/h.w" "$T/h.l"
$HV -q -o jsonl "$@" > "$T/l.jsonl" 2> /dev/null
w --from-jsonl "$T/l.jsonl" -o csv > "$T/c.w" 2> /dev/null
check "--from-jsonl under wine: Linux's CSV" same "$T/c.w" <($HV --from-jsonl "$T/l.jsonl" -o csv 2> /dev/null)

# --- child processes: a batch, -r ----------------------------------------------------------
set -- $(for f in sample.vhdx chain/lonely/cp1.avhdx more/gen1.qcow2 hostile/gap.E01 mbr-gen1.vhd; do echo "$OUT/$f"; done)
w -o jsonl -j 2 "$@" > "$T/b.w" 2> "$T/b.werr"; wrc=$?
$HV -o jsonl -j 2 "$@" > "$T/b.l" 2> "$T/b.lerr"; lrc=$?
check "batch of 5 with -j 2, two not inspected: exit 3 on both, the same records in order, the same stderr" \
    all [ $wrc -eq 3 ] -- [ $lrc -eq 3 ] -- same "$T/b.w" "$T/b.l" -- same_err "$T/b.werr" "$T/b.lerr" -- \
    [ "$(jq -r '.error // "ok"' "$T/b.w" | cut -c1-40 | tr '\n' '|')" = "$(jq -r '.error // "ok"' "$T/b.l" | cut -c1-40 | tr '\n' '|')" ]
w -r -q -o jsonl "$OUT/chain" > "$T/r.w" 2> /dev/null; wrc=$?
$HV -r -q -o jsonl "$OUT/chain" > "$T/r.l" 2> /dev/null; lrc=$?
check "-r over the chains folder: the same images found (wine writes \\), the same facts, exit $lrc (wine $wrc)" \
    all [ $wrc -eq $lrc ] -- [ "$(wc -l < "$T/r.l")" -ge 8 ] -- \
    cmp -s <(jq -c '.path |= gsub("\\\\"; "/") | (.image.files[]?.path |= gsub("\\\\"; "/")) | del(.run)' "$T/r.w") \
    <(jq -c 'del(.run)' "$T/r.l")

# --- names outside ASCII ---------------------------------------------------------------
J="$T/Jörg's VM.vhdx" C="$T/日本語の仮想マシン" D="$T/Jörg's VMs (Ωμέγα)"
mkdir -p "$C" "$D"
cp "$OUT/sample.vhdx" "$J"
cp "$OUT/mbr-gen1.vhd" "$C/ゲスト 1.vhd"
cp "$OUT/chain/vhdx/"*.vhdx "$OUT/chain/vhdx/"*.avhdx "$D/"
w --json "$J" "$C/ゲスト 1.vhd" "$D/cp2.avhdx" > "$T/u.w" 2> "$T/u.werr"; wrc=$?
$HV --json "$J" "$C/ゲスト 1.vhd" "$D/cp2.avhdx" > "$T/u.l" 2> /dev/null
check "Jörg's VM.vhdx, a CJK folder, a chain in a Greek-named folder: exit 0, paths printed as given, Linux's JSON" \
    all [ $wrc -eq 0 ] -- [ "$(jq -r '.[].path' "$T/u.w" | tr '\n' '|')" = "$J|$C/ゲスト 1.vhd|$D/cp2.avhdx|" ] -- \
    same "$T/u.w" "$T/u.l" -- [ ! -s "$T/u.werr" ]
check "...and the chain's parents found by their names in that folder" \
    [ "$(jq -r '.[2].image.chain | length' "$T/u.w")" = 3 ]
w -r -q -o jsonl "$T" > "$T/ur.w" 2> /dev/null; wrc=$?
check "-r over folders with those names: all three found by name (exit $wrc)" \
    all [ $wrc -eq 0 ] -- [ "$(jq -r '.path | gsub("\\\\"; "/")' "$T/ur.w" | grep -c -e "Jörg's VM.vhdx" -e 'ゲスト 1.vhd' -e 'cp2.avhdx')" = 3 ]
w "$T/Jörg's missing.vhdx" > /dev/null 2> "$T/m.werr"; wrc=$?
check "a missing non-ASCII name: exit 3, its name intact in the one-line error" \
    all [ $wrc -eq 3 ] -- grep -qF "Jörg's missing.vhdx" "$T/m.werr" -- [ "$(wc -l < "$T/m.werr")" = 1 ]

# --- a crash and a hang, contained ------------------------------------------------------
start=$(date +%s)
HVINSPECT_FAULT=crash:mbr-ext wf --json -j 2 "$OUT/sample.vhdx" "$OUT/mbr-ext.vhd" "$OUT/nowin.vhdx" > "$T/f.w" 2> /dev/null; wrc=$?
check "injected crash: exit 3, every record in order, the others unaffected, the crash named (exit $wrc)" \
    all [ $wrc -eq 3 ] -- \
    [ "$(jq -c '[.[] | .path | split("/") | last]' "$T/f.w")" = '["sample.vhdx","mbr-ext.vhd","nowin.vhdx"]' ] -- \
    [ "$(jq -c '[.[0].installations[0].windows_update.offered, (.[2].installations | length)]' "$T/f.w")" = '[true,0]' ] -- \
    grep -q 'mbr-ext.vhd: crashed (exception 0xc0000005) while being inspected: contained' "$T/f.w"
HVINSPECT_FAULT=hang:sample wf -o jsonl --timeout 2 "$OUT/sample.vhdx" "$OUT/nowin.vhdx" > "$T/h.w" 2> /dev/null; wrc=$?
HVINSPECT_FAULT=hang:sample $HVF -o jsonl --timeout 2 "$OUT/sample.vhdx" "$OUT/nowin.vhdx" > "$T/h.l" 2> /dev/null
check "injected hang: killed after 2 s, exit 3, the other reported, Linux's records (exit $wrc)" \
    all [ $wrc -eq 3 ] -- [ "$(wc -l < "$T/h.w")" = 2 ] -- grep -q 'timed out after 2 s: killed' "$T/h.w" -- \
    same "$T/h.w" "$T/h.l"
HVINSPECT_FAULT=xcrash:sample wf -C --json "$OUT/sample.vhdx" > "$T/xc.w" 2> /dev/null; wrc=$?
check "the cross-check's pass crashing (access violation): contained, inspected again without it, our facts stand (exit $wrc)" \
    all [ $wrc -eq 0 ] -- [ "$(jq '.[0].installations[0].windows_update.offered' "$T/xc.w")" = true ] -- \
    grep -q '^the --cross-check pass crashed (exception 0xc0000005) while being inspected: contained; inspected again without it$' \
    <(jq -r '.[0].installations[0].cross_check.error' "$T/xc.w")
check "injected faults: done within the timeout's reach ($(( $(date +%s) - start )) s)" [ $(( $(date +%s) - start )) -lt 60 ]

# --- the release archive ------------------------------------------------------------------
if [ -n "$ZIP" ]; then
	python3 -m zipfile -e "$ZIP" "$T/zip"
	Z=$(echo "$T"/zip/hvinspect-*-win64)
	missing=
	for f in hvinspect.exe README.md hvinspect.txt hvinspect.schema.json LICENSE.txt \
	    licenses/libvhdi-COPYING.LESSER licenses/libfsntfs-COPYING.LESSER licenses/libvmdk-COPYING.LESSER \
	    licenses/libqcow-COPYING.LESSER licenses/libewf-COPYING.LESSER licenses/jansson-LICENSE \
	    licenses/libz-mingw-w64-dev-copyright licenses/mingw-w64-x86-64-dev-copyright relink/RELINK.txt \
	    relink/obj/cli_main.o relink/obj/inspect_inspect.o docs/usage.md relink/sources/libvhdi_20210425.orig.tar.gz; do
		[ -s "$Z/$f" ] || missing="$missing $f"
	done
	"$WINE" "$Z/hvinspect.exe" --json "$OUT/sample.vhdx" > "$T/z.w" 2> /dev/null; wrc=$?
	check "$(basename "$ZIP"): every file there${missing:+ (missing:$missing)}; its exe gives Linux's JSON (exit $wrc)" \
	    all [ -z "$missing" ] -- [ $wrc -eq 0 ] -- same "$T/z.w" "$T/sample.vhdx.l" -- \
	    grep -q 'hvinspect - what Hyper-V left' "$Z/hvinspect.txt" -- [ "$(ls "$Z"/relink/obj/*.o | wc -l)" -ge 50 ]
fi
summary windows
