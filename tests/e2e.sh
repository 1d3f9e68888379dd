#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/e2e.sh: end-to-end tests of the hvinspect command on fixtures/out/*
# (built by fixtures/build.sh) and, when present, ../shared/corpus.
#
#  1. every fixture's JSON equals fixtures/expected/NAME.json (path aside)
#  2. a second reader we did not write agrees: The Sleuth Kit (mmls, ifind,
#     icat) finds the same partitions and extracts the hive; hivexget reads
#     the same Guest\Parameters values
#  3. read-only: hashes unchanged, no file created, no open() for writing
#  4. exit codes and one-line errors; truncated, corrupt and random input
#  5. the Windows-made and third-party images of ../shared/corpus
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
HV=${HV:-./hvinspect}
HVF=${HVF:-build/hvinspect-faults}   # with HVINSPECT_FAULT injection (test builds only)
HVABS=$(cd "$(dirname "$HV")" && pwd)/$(basename "$HV")
OUT=fixtures/out
EXP=fixtures/expected
CORPUS=../shared/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

FIXTURES="sample.vhdx mbr-gen1.raw mbr-gen1.vhd mbr-ext.vhd gpt-fixed.vhdx gpt-4k.vhdx gpt-64k.vhd
dirty.vhdx log-replay.vhdx h10-old-ic.vhdx bare-ntfs.raw nowin.vhdx mbr-4k.raw hostile-kvp.vhdx"

# --- 3a. hashes and listing before anything runs -----------------------------
(cd $OUT && sha256sum $FIXTURES) > "$T/sha.before"
# Names, sizes, mtimes, inodes (not ls's "total": block allocation settles by itself).
listing() { find $OUT -maxdepth 2 -printf '%p %s %T@ %i\n' | sort; }
listing > "$T/ls.before"

# --- 1. expected JSON -----------------------------------------------------------
for f in $FIXTURES; do
	n=${f%.*}-${f##*.}
	$HV --json "$OUT/$f" > "$T/$n.json" 2> "$T/$n.err"
	rc=$?
	check "$f: exit 0 (got $rc: $(cat "$T/$n.err"))" [ $rc -eq 0 ]
	check "$f: nothing on stderr" [ ! -s "$T/$n.err" ]
	if [ -n "${UPDATE_EXPECTED:-}" ]; then
		jq "$norm" "$T/$n.json" > "$EXP/$n.json"
	fi
	if ! diff -u <(jq -S "$norm" "$EXP/$n.json") <(jq -S "$norm" "$T/$n.json") > "$T/$n.diff"; then
		bad "$f: JSON differs from $EXP/$n.json"
		head -40 "$T/$n.diff"
	else
		ok
	fi
	$HV "$OUT/$f" > "$T/$n.txt" 2>&1
	check "$f: text output works" [ $? -eq 0 -a -s "$T/$n.txt" ]
done

# The facts each scenario exists for, said once more in plain words.
j() { jq -r "$2" "$T/$1.json"; }
check "sample: offered" [ "$(j sample-vhdx '.[0].installations[0].windows_update.offered')" = true ]
check "sample: KB3004908" [ "$(j sample-vhdx '.[0].installations[0].windows_update.package')" = KB3004908 ]
check "sample: host 6.4" [ "$(j sample-vhdx '.[0].installations[0].host.nt')" = 6.4 ]
check "sample: Windows on GPT partition 3" [ "$(j sample-vhdx '.[0].installations[0].partition')" = 3 ]
check "gen1: System Reserved first, Windows on 2" [ "$(j mbr-gen1-raw '[.[0].installations[].partition]|join(",")')" = 2 ]
check "gen1: 6.3 host not offered" [ "$(j mbr-gen1-raw '.[0].installations[0].windows_update.checks[-1].check')" = host-minor ]
check "gen1 raw == gen1 vhd (facts)" diff <(jq -S '.[0].installations' "$T/mbr-gen1-raw.json") <(jq -S '.[0].installations' "$T/mbr-gen1-vhd.json")
check "ext: two installs in logicals 5, 6" [ "$(j mbr-ext-vhd '[.[0].installations[].partition]|join(",")')" = 5,6 ]
check "ext: post spelling spoof" [ "$(j mbr-ext-vhd '.[0].installations[0].spoof_indicators[0].rule')" = post-spelling-only ]
check "fixed: KVP never ran" [ "$(j gpt-fixed-vhdx '.[0].installations[0].kvp.state')" = never-ran ]
check "fixed: not offered at kvp-present" [ "$(j gpt-fixed-vhdx '.[0].installations[0].windows_update.checks[-1].check')" = kvp-present ]
check "4k: sector size 4096" [ "$(j gpt-4k-vhdx '.[0].image.sector_size')" = 4096 ]
check "4k: NT 10.0 from the DWORDs" [ "$(j gpt-4k-vhdx '.[0].installations[0].os.nt')" = 10.0 ]
check "4k: KVP disabled" [ "$(j gpt-4k-vhdx '.[0].installations[0].kvp.state')" = disabled ]
check "raw 4Kn MBR: partition 1 at 1 MiB (LBA 256 of 4 KiB), NT 6.3 found" [ "$(j mbr-4k-raw '[.[0].partitions[0].offset, .[0].installations[0].os.nt] | @csv')" = '1048576,"6.3"' ]
check "raw 4Kn MBR: the warning says why 4096" [ "$(j mbr-4k-raw '.[0].warnings | map(select(test("MBR read with 4096-byte sectors"))) | length')" = 1 ]
check "64k: DWORD spoof, strong" [ "$(j gpt-64k-vhd '[.[0].installations[0].spoof_indicators[] | select(.severity == "strong") | .rule] | join(",")')" = not-reg-sz,not-reg-sz ]
check "dirty: hive warning" grep -q 'SOFTWARE hive is dirty (sequence numbers 7 != 6) and its logs could not be used' "$T/dirty-vhdx.json"
check "dirty: stale in JSON" [ "$(j dirty-vhdx '.[0].installations[0].hives.SOFTWARE.stale')" = true ]
check "dirty: VHDX log named but empty: warning" grep -q 'VHDX log {[0-9a-f-]*} is pending but could not be replayed' "$T/dirty-vhdx.json"
check "dirty: image.log" [ "$(j dirty-vhdx '.[0].image.log | [.pending, .entries_replayed, .torn] | @csv')" = 'true,0,true' ]
check "log replay: HostName only in SOFTWARE.LOG1 is reported" \
    [ "$(j log-replay-vhdx '.[0].installations[0].kvp.guest_parameters.values.HostName.data')" = logged-host.example ]
check "log replay: the logged 6.4 host decides: offered" [ "$(j log-replay-vhdx '.[0].installations[0].windows_update.offered')" = true ]
check "log replay: says it replayed" [ "$(j log-replay-vhdx '.[0].installations[0].hives.SOFTWARE | [.dirty, .recovered_from[0], .entries_applied] | @csv')" = 'true,"LOG1",1' ]
check "log replay: warning" grep -q 'SOFTWARE hive was dirty (sequence numbers 5 != 4): 1 log entry (2 pages) replayed from SOFTWARE.LOG1' "$T/log-replay-vhdx.json"
$HV --json --no-log-replay "$OUT/log-replay.vhdx" > "$T/noreplay.json"
check "--no-log-replay: the on-disk state (6.3, not offered)" [ "$(jq -r '.[0].installations[0] | [.host.nt, .windows_update.offered, .kvp.guest_parameters.values.HostName] | @csv' "$T/noreplay.json")" = '"6.3",false,' ]
check "--no-log-replay: says so" grep -q 'logs not replayed (--no-log-replay)' "$T/noreplay.json"
check "10.0 host, 2012 R2 guest, RTM ICs: outdated" [ "$(j h10-old-ic-vhdx '.[0].installations[0].ic | [.status, .installed, .host_ships] | @csv')" = '"outdated","6.3.9600.16384","6.3.9600.18907"' ]
check "10.0 host, 2012 R2 guest: KB4072650 offered" [ "$(j h10-old-ic-vhdx '.[0].installations[0].windows_update | [.offered, .package, .installs] | @csv')" = 'true,"KB4072650","6.3.9600.18907"' ]
check "in-box ICs (NT 10.0 guest)" [ "$(j gpt-4k-vhdx '.[0].installations[0].ic.status')" = in-box ]
check "post's spoof recipe: offered, with a strong indicator" [ "$(j mbr-ext-vhd '.[0].installations[0] | [.windows_update.offered, .spoof_indicators[0].rule, .spoof_indicators[0].severity] | @csv')" = 'true,"post-spelling-only","strong"' ]
check "host details: name and edition" [ "$(j sample-vhdx '.[0].installations[0].host | [.name, .edition, .processor_arch] | @csv')" = '"Windows Technical Preview","Server Datacenter","x64"' ]
$HV --json --assume-host 6.4 "$OUT/gpt-fixed.vhdx" > "$T/a.json"
check "--assume-host 6.4: the 2012 guest (KVP never ran) would be offered KB3004908" [ "$(jq -r '.[0].installations[0] | [.host.assumed, .host.nt, .windows_update.package] | @csv' "$T/a.json")" = '"6.4",,"KB3004908"' ]
$HV --json --assume-host 6.3 "$OUT/h10-old-ic.vhdx" > "$T/a.json"
check "--assume-host 6.3: a 2012 R2 guest moved to a 2012 R2 host: KB4072650 needs 10.0" [ "$(jq -r '.[0].installations[0].windows_update | [.offered, .checks[-1].check] | @csv' "$T/a.json")" = 'false,"host-major"' ]
$HV --assume-host banana "$OUT/mbr-gen1.raw" > /dev/null 2>&1
check "--assume-host banana: usage error" [ $? -eq 2 ]
check "bare: scheme none" [ "$(j bare-ntfs-raw '.[0].partitions[0].scheme')" = none ]
check "nowin: no installations, exit 0" [ "$(j nowin-vhdx '.[0].installations|length')" = 0 ]

# --- isolation: a crash or a hang inside one image's job costs that image only ------------
start=$(date +%s)
# (ASan would catch the signal itself: let it through, as in a production build.)
ASAN_OPTIONS=handle_segv=0:detect_leaks=0 HVINSPECT_FAULT=crash:mbr-ext $HVF --json -j 2 "$OUT/sample.vhdx" "$OUT/mbr-ext.vhd" "$OUT/nowin.vhdx" > "$T/f.json" 2> "$T/f.err"; rc=$?
check "injected crash: exit 3, every image has its record, in order" [ $rc -eq 3 -a "$(jq -c '[.[] | .path | split("/") | last]' "$T/f.json")" = '["sample.vhdx","mbr-ext.vhd","nowin.vhdx"]' ]
check "injected crash: the others unaffected" [ "$(jq -c '[.[0].installations[0].windows_update.offered, (.[2].installations | length)]' "$T/f.json")" = '[true,0]' ]
check "injected crash: its record says so" grep -q 'mbr-ext.vhd: crashed (signal 11, Segmentation fault) while being inspected: contained' "$T/f.json"
HVINSPECT_FAULT=hang:sample $HVF -o jsonl --timeout 2 "$OUT/sample.vhdx" "$OUT/nowin.vhdx" > "$T/h.jsonl" 2>/dev/null; rc=$?
check "injected hang: killed after the timeout, exit 3, the other reported" all [ $rc -eq 3 -a "$(wc -l < "$T/h.jsonl")" = 2 ] -- \
    grep -q 'timed out after 2 s: killed' "$T/h.jsonl"
check "injected faults: done within the timeout's reach" [ $(( $(date +%s) - start )) -lt 30 ]
$HV -j 0 "$OUT/sample.vhdx" > /dev/null 2>&1
check "-j 0: usage error" [ $? -eq 2 ]
$HV --json -j 4 $(for f in $FIXTURES; do echo "$OUT/$f"; done) > "$T/par.json" 2>/dev/null
check "-j 4: the same records as one at a time" diff <(jq -S 'map(del(.image.chain[]?.identifier))' "$T/par.json") \
    <($HV --json -j 1 $(for f in $FIXTURES; do echo "$OUT/$f"; done) 2>/dev/null | jq -S 'map(del(.image.chain[]?.identifier))')

# --- folders (-r), summary, progress -------------------------------------------------
$HV -r -o jsonl "$OUT/chain" > "$T/r.jsonl" 2> "$T/r.err"
check "-r: each chain once, from its newest child (VHDX, QCOW2, VHD, VMDK)" [ "$(jq -r '.path | sub(".*/chain/"; "")' "$T/r.jsonl" | grep -E '^(vhdx?|qcow2|vmdk)/' | tr '\n' ' ')" = "qcow2/cp2.qcow2 vhd/cp2.avhd vhdx/cp2.avhdx vmdk/cp2.vmdk " ]
check "-r: QCOW2 and VMDK chains that do not hold are reported whole (loop, wrong content id)" \
    [ "$(jq -r 'select(.path | test("/(qloop|vbad)/")) | .error' "$T/r.jsonl" | grep -c -e 'a loop' -e 'content id')" = 3 ]
check "-r: a broken chain is still reported (loop)" [ "$(jq -r 'select(.path | test("/loop/[ab]")) | .error' "$T/r.jsonl" | grep -c 'a loop')" = 2 ]
check "-r: raw disks found too" [ "$(grep -c 'chain[12].raw' "$T/r.jsonl")" = 2 ]
check "progress: never when stderr is not a terminal" [ "$(tr -cd '\r' < "$T/r.err" | wc -c)" = 0 ]
$HV "$OUT/chain/vhdx/cp2.avhdx" "$OUT/chain/vhdx/base.vhdx" > "$T/s.txt" 2>/dev/null
check "named files are all reported, parents too" [ "$(grep -c '^fixtures/out/chain/vhdx/' "$T/s.txt")" = 2 ]
check "text summary" grep -q '^2 images, 2 Windows installations; KVP: 2 active, 0 disabled, 0 never ran; IC update offered: 1, not offered: 1, unknown: 0; 0 images not inspected$' "$T/s.txt"
$HV -r "$T/nothing-here" > /dev/null 2>&1
check "-r on an empty or missing folder: an error, not silence" [ $? -ne 0 ]

# Beyond one machine: GNU parallel spreads images over hosts (here ":" = this one); JSONL merges.
if command -v parallel > /dev/null 2>&1; then
	for f in $FIXTURES; do echo "$OUT/$f"; done | parallel --will-cite -j 2 --sshlogin : "$HV" -q -o jsonl {} > "$T/p.jsonl" 2>/dev/null
	norm_l='del(.image.chain[]?.identifier)'
	check "GNU parallel: merged JSONL == one run, image by image" \
	    diff <(jq -S -c "$norm_l" "$T/p.jsonl" | sort) <($HV -q -o jsonl $(for f in $FIXTURES; do echo "$OUT/$f"; done) 2>/dev/null | jq -S -c "$norm_l" | sort)
else
	skip "GNU parallel absent"
fi

# --- CI gates (--require) -------------------------------------------------------------
$HV -R kvp -R 'host>=6.4' -R offered "$OUT/log-replay.vhdx" > /dev/null 2> "$T/err"; rc=$?
check "gates: all met -> exit 0, nothing on stderr" [ $rc -eq 0 -a ! -s "$T/err" ]
$HV --json -R kvp -R 'host=6.4' -R no-spoof "$OUT/sample.vhdx" "$OUT/mbr-ext.vhd" > "$T/g.json" 2> "$T/err"; rc=$?
check "gates: one image fails -> exit 1" [ $rc -eq 1 ]
check "gates: the failing image, rule and partition on stderr" grep -q 'mbr-ext.vhd: --require kvp failed: partition 6: KVP is never-ran' "$T/err"
check "gates: JSON per image" [ "$(jq -c '[.[] | [.gates[] | .passed]]' "$T/g.json")" = '[[true,true,true],[false,false,false]]' ]
$HV -R clean "$OUT/dirty.vhdx" > /dev/null 2>&1
check "gates: clean fails on warnings -> exit 1" [ $? -eq 1 ]
$HV -R kvp "$OUT/nowin.vhdx" > /dev/null 2> "$T/err"
check "gates: no Windows fails kvp" all [ $? -eq 1 ] -- grep -q 'no Windows installation found' "$T/err"
$HV -R kvp "$OUT/sample.vhdx" "$T/nonexistent.vhdx" "$OUT/nowin.vhdx" > /dev/null 2>&1
check "gates: an unreadable image wins -> exit 3" [ $? -eq 3 ]
$HV -R 'host>>6' "$OUT/sample.vhdx" > /dev/null 2>&1
check "gates: unknown rule -> usage, exit 2" [ $? -eq 2 ]

# --- output formats: jsonl streams, csv parses with a real CSV parser ---------------------
$HV -o jsonl "$OUT/sample.vhdx" "$T/nonexistent.vhdx" "$OUT/mbr-ext.vhd" > "$T/o.jsonl" 2>/dev/null; rc=$?
check "jsonl: exit 3, one line per image" [ $rc -eq 3 -a "$(wc -l < "$T/o.jsonl")" = 3 ]
check "jsonl: each line the same object as in the array" \
    diff <(jq -c 'del(.path)' "$T/o.jsonl" | sed -n 3p) <($HV --json "$OUT/mbr-ext.vhd" | jq -c '.[0] | del(.path)')
$HV -o csv -R kvp "$OUT/sample.vhdx" "$OUT/mbr-ext.vhd" "$OUT/nowin.vhdx" "$T/nonexistent.vhdx" > "$T/o.csv" 2>/dev/null
if command -v python3 > /dev/null 2>&1; then
	python3 - "$T/o.csv" > "$T/csv.txt" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
for r in rows:
    print('|'.join([r['path'].split('/')[-1], r['partition'], r['wu_offered'], r['spoof_rules'], r['gates_failed'], str(bool(r['error']))]))
PY
	check "csv: one row per installation, image rows for no Windows and errors" [ "$(cat "$T/csv.txt" | tr '\n' ' ')" = \
	    "sample.vhdx|3|true|||False mbr-ext.vhd|5|true|post-spelling-only;incomplete-host-values||False mbr-ext.vhd|6|false||kvp|False nowin.vhdx||||kvp|False nonexistent.vhdx|||||True " ]
	check "csv: reasons with commas survive quoting" [ "$(python3 -c "import csv,sys; print(list(csv.DictReader(open(sys.argv[1], newline='')))[0]['wu_reason'])" "$T/o.csv")" = "$($HV --json "$OUT/sample.vhdx" | jq -r '.[0].installations[0].windows_update.reason')" ]
else
	skip "python3 absent: CSV not parsed"
fi

# --- hostile evidence: text from an image never acts, never forges a line or a formula ------
# fixtures/gen/hostile.pl wrote escapes, a line break, RLO, C1, data after NUL, odd length, a
# lone surrogate and a duplicate into Guest\Parameters, a formula into Auto.
HK=$OUT/hostile-kvp.vhdx
GP='SOFTWARE\Microsoft\Virtual Machine\Guest\Parameters'
$HV -k "$GP" -k 'SOFTWARE\Microsoft\Virtual Machine\Guest' "$HK" > "$T/hk.txt" 2> "$T/hk.err"; rc=$?
check "hostile text: exit 0, nothing on stderr" all [ $rc -eq 0 ] -- [ ! -s "$T/hk.err" ]
check "hostile text: no control byte but the line breaks we write" not grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$T/hk.txt"
check "hostile text: OSC 52 (clipboard) shown escaped" \
    grep -qxF '        HostName                         REG_SZ         evil\x1b]52;c;ZXZpbA==\x07host' "$T/hk.txt"
check "hostile text: a line break inside a value starts no report line" all \
    grep -qF '    Host name        tphost.lab.example\x0a      FakeValue' "$T/hk.txt" -- not grep -q '^ *FakeValue' "$T/hk.txt"
check "hostile text: right-to-left override, C1 CSI, a name that clears the screen, a subkey name" all \
    grep -qxF '    VM name          \u202egpj.exe' "$T/hk.txt" -- grep -qF 'C1                               REG_SZ         \u009b31mred' "$T/hk.txt" -- \
    grep -qF '        \x1b[2J\x1b[HEvilName' "$T/hk.txt" -- grep -qxF '        Evil\x1b[31mKey\' "$T/hk.txt"
check "hostile text: data after the NUL, odd length, lone surrogate kept and flagged" all \
    grep -qF 'HostingSystemNestedLevel         REG_SZ         0  [data-after-nul; stored: 300000006a0075006e006b000000]' "$T/hk.txt" -- \
    grep -qF 'VirtualMachineId                 REG_SZ         461B2364-3901-4349-B3C2-FA4821CBEEFE  [odd-length, data-after-nul; stored: ' "$T/hk.txt" -- \
    grep -qF '  [lone-surrogate; stored: 00d861000000]' "$T/hk.txt"
check "hostile text: every value shown, the duplicate marked, and counted alike" all \
    grep -qxF '        hostingsystemosmajor             REG_SZ         10  [duplicate-name]' "$T/hk.txt" -- \
    grep -qF 'Guest\Parameters 14 values (1 under a name stored twice)' "$T/hk.txt" -- \
    grep -qF 'last written 2014-11-20 00:37:31 UTC; 14 values (1 under a name stored twice), 0 subkeys' "$T/hk.txt"
check "hostile text: the verdict says which duplicate it used" \
    grep -qF 'Host version     NT 6.4 (Windows Technical Preview), Server Datacenter (from HostingSystemOsMajor [the first of those stored], HostingSystemOsMinor)' "$T/hk.txt"
$HV --json -k "$GP" "$HK" > "$T/hk.json"
hk() { jq -c ".[0].installations[0] | $1" "$T/hk.json"; }
check "hostile JSON: exact data, escaped by JSON" all \
    [ "$(jq -r '.[0].installations[0].kvp.guest_parameters.values.HostName.data' "$T/hk.json")" = $'evil\e]52;c;ZXZpbA==\ahost' ] -- \
    [ "$(hk '.kvp.guest_parameters.values.VirtualMachineName.data')" = '"‮gpj.exe"' ]
check "hostile JSON: 13 names, the repeated one with its duplicate, in every place values appear" all \
    [ "$(hk '.kvp.guest_parameters.values | length')" = 13 ] -- \
    [ "$(hk '.kvp.guest_parameters.values.HostingSystemOsMajor | [.data, .duplicates]')" = \
      '["6",[{"type":"REG_SZ","data":"10","anomalies":["duplicate-name"],"raw":null,"name":"hostingsystemosmajor"}]]' ] -- \
    [ "$(hk '.keys[] | .values.HostingSystemOsMajor.duplicates | length')" = 1 ]
check "hostile JSON: anomalies and the stored bytes" all \
    [ "$(hk '.kvp.guest_parameters.values.HostingSystemNestedLevel | [.data, .anomalies, .raw]')" = '["0",["data-after-nul"],"300000006a0075006e006b000000"]' ] -- \
    [ "$(hk '.kvp.guest_parameters.values.LoneSurrogate | [.anomalies, .raw]')" = '[["lone-surrogate"],"00d861000000"]' ] -- \
    [ "$(hk '.kvp.guest_parameters.values.VirtualMachineId.anomalies')" = '["odd-length","data-after-nul"]' ]
check "hostile JSON: indicators; host 6.4 from the first value; '=1+1' never current" all \
    [ "$(hk '[.spoof_indicators[].rule]')" = '["duplicate-value","malformed-string","malformed-string","malformed-string","ic-version-malformed"]' ] -- \
    [ "$(hk '[.host.nt, .ic.status, .windows_update.offered, (.windows_update.checks[] | select(.check == "host-major") | .value)]')" = \
      '["6.4","unknown",null,"6 (the first of those stored)"]' ]
$HV -R ic-current -R no-spoof "$HK" > /dev/null 2> "$T/hk.err"; rc=$?
check "hostile gates: ic-current and no-spoof fail (exit 1), their stderr lines escaped" all [ $rc -eq 1 ] -- \
    [ "$(wc -l < "$T/hk.err")" = 2 ] -- not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/hk.err"
$HV -o csv "$HK" > "$T/hk.csv"
check "hostile CSV: one row; the formula neutralised; no cell spans lines" \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='')))
print(len(r), r[0]['ic_installed'], r[0]['kvp_host_name'].split('\\\\x0a')[0], r[0]['kvp_vm_name'], r[0]['host_os_name'], r[0]['spoof_rules'])" "$T/hk.csv")" = \
      "1 '=1+1 tphost.lab.example \\u202egpj.exe Windows Technical Preview duplicate-value;malformed-string;ic-version-malformed" ]
$HV --hive -k 'Microsoft\Virtual Machine\Guest\Parameters' "$OUT/hives/sw-hostile" > "$T/hh.txt"
check "hostile --hive dump: escaped too" all grep -qF 'evil\x1b]52;c;ZXZpbA==\x07host' "$T/hh.txt" -- \
    not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/hh.txt"

# File names are data too: in text, CSV, stderr and the progress line.
mkdir -p "$T/names"
cp "$OUT/nowin.vhdx" "$T/names/=HYPERLINK(\"http:x\")+1.vhdx"
cp "$OUT/nowin.vhdx" "$T/names/"$'a\e[2Jb.vhdx'
cp "$OUT/nowin.vhdx" "$T/names/"$'new\nline.vhdx'
head -c 1000 "$OUT/nowin.vhdx" > "$T/names/"$'cut\e]0;x\a.vhdx'
$HV -r -j 2 "$T/names" > "$T/names.txt" 2> "$T/names.err"; rc=$?
check "-r hostile file names: exit 3 (one is cut), text and stderr hold no control byte" all [ $rc -eq 3 ] -- \
    not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/names.txt" -- not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/names.err" -- \
    grep -qF "$T/names/a\\x1b[2Jb.vhdx: vhdx dynamic" "$T/names.txt" -- grep -qF "$T/names/new\\x0aline.vhdx: vhdx" "$T/names.txt" -- \
    grep -qF "hvinspect: $T/names/cut\\x1b]0;x\\x07.vhdx: VHDX" "$T/names.err"
$HV -r -o csv "$T/names" > "$T/names.csv" 2> /dev/null
check "-r hostile file names in CSV: 4 rows, the formula name neutralised" \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='')))
print(len(r), sum(1 for x in r if x['path'].split('/')[-1] == \"'\" + '=HYPERLINK(\"http:x\")+1.vhdx' or x['path'].startswith(\"'\")))" "$T/names.csv")" = "4 0" -o \
      "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='')))
print(len(r), [x['path'] for x in r if 'HYPERLINK' in x['path']][0].split('/')[-1])" "$T/names.csv")" = "4 =HYPERLINK(\"http:x\")+1.vhdx" ]
cp "$OUT/nowin.vhdx" "$T/=cmd.vhdx"
(cd "$T" && "$HVABS" -o csv '=cmd.vhdx' > "$T/cmd.csv" 2> /dev/null)
check "CSV path cell starting with = is neutralised" grep -qx "'=cmd.vhdx,,vhdx,dynamic,.*" "$T/cmd.csv"
# A terminal: the progress line and the children's error lines never share a line.
if command -v script > /dev/null 2>&1; then
	script -qec "$HV -j 2 -o jsonl $OUT/sample.vhdx $T/names/cut* $OUT/nowin.vhdx $T/missing.vhdx $OUT/mbr-gen1.vhd > /dev/null" /dev/null \
	    > "$T/tty.out" 2>&1
	# Our own control sequences are CR and ESC [K (clear the line); any other is the data's.
	check "progress line on a terminal: shown, escaped, and every error line starts a line of its own" \
	    python3 -c "
import re, sys
t = open(sys.argv[1], 'rb').read()
assert b'[1/5]' in t, 'no progress line'
assert not re.search(rb'[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]', t.replace(b'\x1b[K', b'')), 'a control byte'
lines = re.split(rb'\r|\n', t.replace(b'\x1b[K', b''))
errs = [l for l in lines if b'hvinspect: ' in l]
assert len(errs) == 2 and all(l.startswith(b'hvinspect: ') for l in errs), errs
" "$T/tty.out"
else
	skip "script absent: no terminal test"
fi

# Names stored in images reach stderr escaped: a VHD parent locator, a VMDK extent name.
mkdir -p "$T/loc"
build/mkdiff vhd "$OUT/chain/vhd/base.vhd" "$OUT/chain/chain1.raw" "$OUT/chain/chain1.raw" "$T/loc/child.avhd" \
    --name $'ba\e[2J\nse.vhd' 2> /dev/null
printf '# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="monolithicFlat"\n\n# Extent description\nRW 81920 FLAT "ext\033]0;t\007.raw" 0\n\n# The Disk Data Base\n#DDB\n\nddb.adapterType = "ide"\n' > "$T/loc/ext.vmdk"
$HV "$T/loc/child.avhd" "$T/loc/ext.vmdk" > "$T/loc.txt" 2> "$T/loc.err"; rc=$?
check "a parent locator and an extent name with escapes and a line break: escaped on stderr and in text" all [ $rc -eq 3 ] -- \
    [ "$(wc -l < "$T/loc.err")" = 2 ] -- not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/loc.err" "$T/loc.txt" -- \
    grep -qF 'parent "ba\x1b[2J\x0ase.vhd" {' "$T/loc.err" -- grep -qF 'ext\x1b]0;t\x07.raw' "$T/loc.err"

# Names that claim a container the bytes do not hold: read raw only if a table or file system is there.
python3 -c "import random,sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(1 << 20)))" > "$T/z.vhd"
$HV "$T/z.vhd" > /dev/null 2> "$T/err"; rc=$?
check "random bytes named .vhd: exit 3, not a VHD" all [ $rc -eq 3 ] -- \
    grep -qF "$T/z.vhd: not a VHD: no \"conectix\" footer or header, and no partition table or file system" "$T/err"
$HV -R not-offered -R no-spoof "$T/z.vhd" > /dev/null 2>&1
check "random bytes named .vhd: gates cannot pass (exit 3)" [ $? -eq 3 ]
truncate -s 10M "$T/zeros.vhdx"
$HV --json "$T/zeros.vhdx" > "$T/zeros.json" 2>/dev/null; rc=$?
check "all zeros named .vhdx: exit 3, not a VHDX" all [ $rc -eq 3 ] -- \
    grep -qF 'not a VHDX: no \"vhdxfile\" signature, and no partition table or file system' "$T/zeros.json"
size=$(stat -c %s "$OUT/mbr-gen1.vhd")
head -c $((size - 512)) "$OUT/mbr-gen1.vhd" > "$T/nofooter.vhd"
$HV --json "$T/nofooter.vhd" > "$T/nf.json" 2> "$T/err"; rc=$?
check "fixed VHD with its footer cut off: exit 0, read raw, said so, the same facts" all [ $rc -eq 0 ] -- \
    [ "$(jq -r '.[0].warnings[0]' "$T/nf.json")" = 'named .vhd but has no "conectix" footer or header: read as a raw disk' ] -- \
    cmp -s <(jq -S '.[0].installations' "$T/nf.json") <(jq -S '.[0].installations' "$T/mbr-gen1-raw.json")
cp "$OUT/mbr-gen1.vhd" "$T/vhd-named.vhdx"
$HV --json "$T/vhd-named.vhdx" > "$T/vn.json" 2>/dev/null
check "a VHD named .vhdx: read as the VHD it is, with a warning" \
    [ "$(jq -r '[.[0].image.format, .[0].warnings[0]] | @tsv' "$T/vn.json")" = "$(printf 'vhd\tnamed .vhdx but is a vhd image by its signature: read as one')" ]
cp "$T/z.vhd" "$T/z.img"
$HV "$T/z.img" > /dev/null 2>&1
check "random bytes named .img (claims nothing): read as a raw disk, exit 0" [ $? -eq 0 ]

# FIFOs and devices: refused before they are opened, in the walk and in the job; no hang.
mkdir -p "$T/fifo"
cp "$OUT/chain/vhdx/cp1.avhdx" "$T/fifo/"
mkfifo "$T/fifo/base.vhdx"
start=$(date +%s)
timeout 30 $HV -r -o jsonl "$T/fifo" > "$T/fifo.jsonl" 2> /dev/null; rc=$?
check "-r over a FIFO named as the parent a checkpoint names: no hang, exit 3, the FIFO not opened" all [ $rc -eq 3 ] -- \
    [ "$(jq -r '.error' "$T/fifo.jsonl")" = "$T/fifo/cp1.avhdx: parent \"base.vhdx\" {$(jq -r '.image.chain[0].parent_identifier' "$T/fifo.jsonl")} not found in $T/fifo ($T/fifo/base.vhdx: is a FIFO (named pipe), not a file: not opened)" ]
timeout 30 $HV /dev/null "$T/fifo/base.vhdx" > /dev/null 2> "$T/err"; rc=$?
check "a FIFO or a character device on the command line: refused at once, exit 3" all [ $rc -eq 3 ] -- \
    grep -qF '/dev/null: is a character device, not a file or a disk: not opened' "$T/err" -- \
    [ $(( $(date +%s) - start )) -lt 20 ]

# Children die with their parent, however it dies.
for sig in KILL TERM HUP; do
	HVINSPECT_FAULT=hang:sample ASAN_OPTIONS=detect_leaks=0 $HVF --timeout 0 -j 2 -o jsonl "$OUT/sample.vhdx" "$OUT/nowin.vhdx" \
	    > /dev/null 2>&1 &
	parent=$!
	for i in $(seq 50); do kids=$(pgrep -P $parent); [ -n "$kids" ] && break; sleep 0.1; done
	kill -$sig $parent
	wait $parent 2> /dev/null
	sleep 0.5
	alive=0 # (a zombie waiting for a reaper that may never come, as PID 1 in a container, is dead)
	for k in $kids; do [ -e "/proc/$k" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$k/stat" 2> /dev/null && alive=$((alive + 1)); done
	check "SIG$sig to the parent: its hung child ($kids) dies too" all [ -n "$kids" ] -- [ $alive -eq 0 ]
	for k in $kids; do kill -9 "$k" 2> /dev/null; done
done

# The report could not be written: said, with an exit code of its own.
for fmt in text json jsonl csv; do
	$HV -o $fmt "$OUT/sample.vhdx" > /dev/full 2> "$T/err"; rc=$?
	check "-o $fmt > /dev/full: exit 4, said on stderr" all [ $rc -eq 4 ] -- \
	    grep -qF 'hvinspect: standard output: write error: No space left on device: the report is incomplete' "$T/err"
done
(trap '' PIPE; $HV --json "$OUT/sample.vhdx" "$OUT/nowin.vhdx" 2> "$T/err" | head -c 1 > /dev/null; echo "${PIPESTATUS[0]}" > "$T/rc")
check "| head with SIGPIPE ignored: exit 4, quietly" all [ "$(cat "$T/rc")" = 4 ] -- [ ! -s "$T/err" ]

# A monolithicFlat VMDK descriptor of a few hundred bytes (what wrappers around dd images are).
mkdir -p "$T/flat"
ln -s "$(cd "$OUT" && pwd)/mbr-gen1.raw" "$T/flat/disk-flat.raw"
printf '# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="monolithicFlat"\n\n# Extent description\nRW 81920 FLAT "disk-flat.raw" 0\n\n# The Disk Data Base\n#DDB\n\nddb.adapterType = "ide"\n' > "$T/flat/small.vmdk"
$HV --json "$T/flat/small.vmdk" > "$T/flat.json" 2> "$T/err"; rc=$?
check "a $(stat -c %s "$T/flat/small.vmdk")-byte VMDK descriptor: read, mbr-gen1's facts ($(head -c 200 "$T/err"))" all [ $rc -eq 0 ] -- \
    [ "$(stat -c %s "$T/flat/small.vmdk")" -lt 512 ] -- \
    cmp -s <(jq -S '.[0].installations' "$T/flat.json") <(jq -S '.[0].installations' "$T/mbr-gen1-raw.json")

# A damaged SYSTEM hive costs its own facts only (partial.vhdx: Services' subkey list broken).
for fmt in text json csv; do
	$HV -o $fmt "$OUT/partial.vhdx" > "$T/partial.$fmt" 2> "$T/partial.err"; rc=$?
	check "partial SYSTEM, -o $fmt: exit 3, one error line naming hive, key and layer" all [ $rc -eq 3 ] -- \
	    [ "$(wc -l < "$T/partial.err")" = 1 ] -- \
	    grep -qF 'partial.vhdx: partition 1: NTFS: SYSTEM: 8 IC services unreadable: ControlSet002\Services\vmickvpexchange: regf: subkey list: cell offset 0x7ffffff0 outside the hive bins' "$T/partial.err"
done
check "partial SYSTEM: the error chain names the key path once" [ "$(grep -o 'ControlSet002' "$T/partial.err" | wc -l)" = 1 ]
check "partial SYSTEM: the installation stays, with every SOFTWARE fact" \
    [ "$(jq -c '.[0].installations | [length, .[0].host.nt, .[0].os.nt, .[0].kvp.state, .[0].windows_update.package, (.[0].warnings | length)]' "$T/partial.json")" = \
      '[1,"6.4","6.2","unknown","KB3004908",1]' ]
check "partial SYSTEM: text says the services are unreadable and keeps the host" all \
    grep -qF '    KVP              unknown' "$T/partial.text" -- grep -qF 'vmickvpexchange=unreadable' "$T/partial.text" -- \
    grep -qF '    Host version     NT 6.4 (Windows Technical Preview)' "$T/partial.text"
check "partial SYSTEM: CSV row with the host and the warning" \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='')))
print(len(r), r[0]['host_nt'], r[0]['kvp_state'], r[0]['warnings'][:40])" "$T/partial.csv")" = "1 6.4 unknown SYSTEM: 8 IC services unreadable: Contro" ]
$HV --json -k 'SYSTEM\CurrentControlSet\Services' "$OUT/partial.vhdx" > "$T/pk.json" 2> /dev/null
check "partial SYSTEM: --key below the break: an error in its record" \
    [ "$(jq -r '.[0].installations[0].keys["SYSTEM\\CurrentControlSet\\Services"].error' "$T/pk.json")" = 'regf: subkey list: cell offset 0x7ffffff0 outside the hive bins (0x3000 bytes)' ]
$HV --hive -k 'ControlSet002\Services' "$OUT/hives/sys-broken" > /dev/null 2>&1
check "--hive --key that cannot be read: exit 3, not an 'error:' line with exit 0" [ $? -eq 3 ]

# The small things.
$HV --hive -R kvp "$OUT/hives/sw-62-tp" > /dev/null 2> "$T/err"; rc1=$?
$HV --hive -r "$OUT/hives" > /dev/null 2>&1; rc2=$?
$HV --hive -A 6.3 "$OUT/hives/sw-62-tp" > /dev/null 2>&1; rc3=$?
check "--hive refuses --require, -r, --assume-host (exit 2)" all [ "$rc1$rc2$rc3" = 222 ] -- \
    grep -qe '--hive reads bare hive files: --require does not apply to them' "$T/err"
$HV --hive "$OUT/sample.vhdx" 2> /dev/null | head -1 > "$T/nh.txt"
check "--hive on a non-hive: not called a registry hive" grep -qxF "$OUT/sample.vhdx: not read as a registry hive" "$T/nh.txt"
$HV --assume-host 7.7 "$OUT/sample.vhdx" > /dev/null 2> "$T/err"
check "--assume-host 7.7 (no such host): usage error" all [ $? -eq 2 ] -- grep -q 'not a Hyper-V host version' "$T/err"
$HV --bogus "$OUT/sample.vhdx" > /dev/null 2> "$T/err"
check "an unknown option is said once" all [ "$(grep -c 'unknown option --bogus' "$T/err")" = 1 ] -- [ "$(grep -ci 'unrecognized' "$T/err")" = 0 ]
$HV -j > /dev/null 2> "$T/err"
check "an option without its value is said so" grep -qF 'option -j needs a value' "$T/err"
$HV --help > "$T/help"
missing=$(sed -n '/^$/q;p' "$T/help" > "$T/usage"; grep -oE -- '^ +(-[a-zA-Z], )?--[a-z-]+' "$T/help" | while read -r a b; do
	o=${b:-$a}; s=${a%,}; case $a in --*) s= ;; esac
	grep -qF -- "${s:-$o}" "$T/usage" || grep -qF -- "$o" "$T/usage" || echo "$o"; done)
check "--help: the usage lines list every option ($missing)" [ -z "$missing" ]
mkdir -p "$T/ln"
cp "$OUT/nowin.vhdx" "$T/ln/a.vhdx"
ln -s a.vhdx "$T/ln/b.vhdx"
check "-r: an image reached twice through a symlink is reported once" [ "$($HV -r -o jsonl "$T/ln" | wc -l)" = 1 ]
if [ -d "$CORPUS" ]; then
	for f in mbr-4096-p1e0 mbr-4096-p1e1; do gzip -dc "$CORPUS/dfir_ntfs/$f.bin.gz" > "$T/$f.raw"; done
	$HV --json "$T/mbr-4096-p1e0.raw" "$T/mbr-4096-p1e1.raw" > "$T/m4.json" 2>&1; rc=$?
	check "corpus 4096-byte MBRs whose extended partition needs 4096 (as mmls -b 4096 reads them): exit 0, said" all [ $rc -eq 0 ] -- \
	    [ "$(jq -c '[.[] | [.image.sector_size, [.partitions[] | [.index, .offset, .size]]]]' "$T/m4.json")" = \
	      '[[4096,[[1,4096,512000]]],[4096,[[1,12288,8192],[5,36864,8192]]]]' ] -- \
	    [ "$(jq -r '.[1].warnings[0]' "$T/m4.json")" = 'MBR read with 4096-byte sectors: with 512 the table is impossible (extended partition 2: EBR at LBA 8: MBR: no 0x55AA signature (0000))' ]
fi

# --- query mode ------------------------------------------------------------------
$HV --json --key 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' --key 'HKLM\system\CurrentControlSet\Services\vmickvpexchange' \
    --key 'SAM\SAM\Domains' --key 'SOFTWARE\No\Such\Key' "$OUT/sample.vhdx" > "$T/q.json"
check "--key: exit 0 with missing keys" [ $? -eq 0 ]
q() { jq -r ".[0].installations[0].keys[\"$1\"]$2" "$T/q.json"; }
check "--key: CurrentVersion values" [ "$(q 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' '.values.CurrentBuildNumber.data')" = 9200 ]
check "--key: CurrentControlSet is Select\\Current's set" [ "$(q 'HKLM\\system\\CurrentControlSet\\Services\\vmickvpexchange' '.values.Start.data')" = 3 ]
check "--key: missing hive file -> null" [ "$(q 'SAM\\SAM\\Domains' '')" = null ]
check "--key: missing key -> null" [ "$(q 'SOFTWARE\\No\\Such\\Key' '')" = null ]
check "--key: subkeys listed" [ "$(jq -r '.[0].installations[0].keys | to_entries[0].value.subkeys | length' "$T/q.json")" = 0 ]
$HV --key 'Nowhere\X' "$OUT/sample.vhdx" > /dev/null 2>&1
check "--key without a hive: usage error" [ $? -eq 2 ]
check "no --key: keys is null" [ "$(j sample-vhdx '.[0].installations[0].keys')" = null ]
$HV --hive --json "$OUT/hives/sw-dirty-log" > "$T/h.json"
check "--hive: replays the log beside it" [ "$(jq -r '.[0].hive.recovered_from[0]' "$T/h.json")" = LOG1 ]
$HV --hive --json --key 'Microsoft\Virtual Machine\Guest\Parameters' "$OUT/hives/sw-dirty-log" > "$T/h.json"
check "--hive --key: the logged value" [ "$(jq -r '.[0].keys[].values.HostName.data' "$T/h.json")" = logged-host.example ]
$HV --hive "$OUT/sample.vhdx" > /dev/null 2> "$T/err"
check "--hive on a disk image: exit 3, regf named" all [ $? -eq 3 ] -- grep -q 'regf: not a registry hive' "$T/err"

# --- differencing chains ------------------------------------------------------------
# The whole virtual disk through our image layer equals the disk it must be.
CH=$OUT/chain
for c in vhdx/cp1.avhdx vhdx/cp2.avhdx vhd/cp1.avhd vhd/cp2.avhd qcow2/cp1.qcow2 qcow2/cp2.qcow2 vmdk/cp1.vmdk \
    vmdk/cp2.vmdk; do
	n=${c#*/cp}
	build/vdump "$CH/$c" > "$T/dump" 2> "$T/err"
	check "chain $c: whole disk == chain${n%%.*}.raw ($(cat "$T/err"))" cmp -s "$T/dump" "$CH/chain${n%%.*}.raw"
done
rm -f "$T/dump"
$HV --json "$CH/vhdx/cp2.avhdx" > "$T/c.json"
check "chain cp2.avhdx: exit 0" [ $? -eq 0 ]
check "chain cp2.avhdx: three levels, child first" [ "$(jq -c '[.[0].image.chain[] | [(.path | split("/") | last), .disk_type]]' "$T/c.json")" = '[["cp2.avhdx","differencing"],["cp1.avhdx","differencing"],["base.vhdx","dynamic"]]' ]
check "chain cp2.avhdx: each parent_identifier is the next identifier" [ "$(jq '[.[0].image.chain as $c | range(0; ($c|length) - 1) | $c[.].parent_identifier == $c[. + 1].identifier] | all' "$T/c.json")" = true ]
check "chain cp2.avhdx: the grandchild's facts (7 on a TP host)" [ "$(jq -r '.[0].installations[0] | [.os.nt, .host.nt] | @csv' "$T/c.json")" = '"6.1","6.4"' ]
$HV --json "$CH/vhd/cp1.avhd" > "$T/c.json"
check "chain cp1.avhd: the child's facts (2012 on a TP host)" [ "$(jq -r '.[0].installations[0] | [.os.nt, .host.nt] | @csv' "$T/c.json")" = '"6.2","6.4"' ]
$HV --json "$CH/vhd/base.vhd" > "$T/c.json"
check "chain base.vhd: the base's facts (2012 R2 host)" [ "$(jq -r '.[0].installations[0].host.nt' "$T/c.json")" = 6.3 ]
$HV "$CH/lonely/cp1.avhdx" > /dev/null 2> "$T/err"; rc=$?
check "missing parent: exit 3, names the file, its id and the folder" all [ $rc -eq 3 ] -- \
    grep -q 'cp1.avhdx: parent "base.vhdx" {[0-9a-f-]*} not found in .*lonely' "$T/err"
$HV "$CH/bad/wrongid.avhdx" > /dev/null 2> "$T/err"; rc=$?
check "wrong parent id: exit 3, says whose id it found" all [ $rc -eq 3 ] -- grep -q 'base.vhdx is {[0-9a-f-]*}, not the parent' "$T/err"
$HV "$CH/bad/linkage2.avhdx" > /dev/null 2>&1
check "parent_linkage2 accepted when parent_linkage is wrong" [ $? -eq 0 ]
$HV "$CH/loop/a.avhd" > /dev/null 2> "$T/err"; rc=$?
check "a -> b -> a: loop, exit 3" all [ $rc -eq 3 ] -- grep -q 'already in the chain: a loop' "$T/err"
# CHAIN_MAX_DEPTH (64) at cap and cap+1: base, cp1, then empty children d01..d63 (mkdiff of a disk onto itself).
mkdir -p "$T/deep" && cp "$CH/vhd/base.vhd" "$CH/vhd/cp1.avhd" "$T/deep/"
prev=cp1.avhd
for i in $(seq -w 1 63); do
	"${B:-build}/mkdiff" vhd "$T/deep/$prev" "$CH/chain1.raw" "$CH/chain1.raw" "$T/deep/d$i.avhd" 2> /dev/null
	prev=d$i.avhd
done
$HV --json "$T/deep/d62.avhd" > "$T/deep.json" 2> "$T/err"; rc=$?
check "chain of 64 levels (the cap): exit 0, read whole" all [ $rc -eq 0 ] -- [ "$(jq '.[0].image.chain | length' "$T/deep.json")" = 64 ] -- \
    [ "$(jq -r '.[0].installations[0].os.nt' "$T/deep.json")" = 6.2 ]
$HV "$T/deep/d63.avhd" > /dev/null 2> "$T/err"; rc=$?
check "chain of 65 levels: exit 3, 'deeper than 64 levels'" all [ $rc -eq 3 ] -- grep -q 'chain deeper than 64 levels' "$T/err"
if command -v strace > /dev/null 2>&1; then
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat,stat,newfstatat,lstat -o "$T/st" $HV "$CH/escape/escape.avhdx" > /dev/null 2> "$T/err"; rc=$?
	check "locator ..\\outside\\base.vhdx: not followed, exit 3" [ $rc -eq 3 ]
	check "locator ..\\outside: nothing outside the child's folder is touched" [ "$(grep -c 'outside' "$T/st")" = 0 ]
fi
$HV -P "$CH/outside" "$CH/escape/escape.avhdx" > /dev/null 2>&1
check "--parent-dir names that folder: found" [ $? -eq 0 ]
# QCOW2 backing files and VMDK parents: found and checked by the same rules, read by the libraries.
$HV --json "$CH/qcow2/cp2.qcow2" > "$T/c.json"
check "chain cp2.qcow2: three levels, the grandchild's facts (7 on a TP host)" all \
    [ "$(jq -c '[.[0].image.chain[] | (.path | split("/") | last)]' "$T/c.json")" = '["cp2.qcow2","cp1.qcow2","base.qcow2"]' ] -- \
    [ "$(jq -r '.[0].installations[0] | [.os.nt, .host.nt] | @csv' "$T/c.json")" = '"6.1","6.4"' ]
$HV --json "$CH/vmdk/cp2.vmdk" > "$T/c.json"
check "chain cp2.vmdk: three levels, each parent_identifier (parentCID) the next identifier (CID)" all \
    [ "$(jq '.[0].image.chain | length' "$T/c.json")" = 3 ] -- \
    [ "$(jq '[.[0].image.chain as $c | range(0; ($c|length) - 1) | $c[.].parent_identifier == $c[. + 1].identifier] | all' "$T/c.json")" = true ]
$HV "$CH/vbad/cp1.vmdk" > /dev/null 2> "$T/err"; rc=$?
check "VMDK parent of another disk: exit 3, the content ids named" all [ $rc -eq 3 ] -- grep -q 'base.vmdk has content id [0-9a-f]*, its child names [0-9a-f]*' "$T/err"
$HV "$CH/qloop/a.qcow2" > /dev/null 2> "$T/err"; rc=$?
check "QCOW2 a -> b -> a: loop, exit 3" all [ $rc -eq 3 ] -- grep -q 'already in the chain: a loop' "$T/err"

# A pending VHDX log: replayed in memory; the disk then equals the newer one, as qemu's replay says too.
$HV --json "$OUT/vlog.vhdx" > "$T/v.json"
check "vlog: exit 0, 1 entry replayed" [ $? -eq 0 -a "$(jq -c '.[0].image.log' "$T/v.json")" = '{"pending":true,"entries_replayed":1,"torn":false}' ]
check "vlog: the logged state (Windows 7), not the on-disk one (2012)" [ "$(jq -r '.[0].installations[0].os.nt' "$T/v.json")" = 6.1 ]
check "vlog: warning says it replayed" grep -q 'VHDX log was pending (the VM was not shut down cleanly): 1 entry replayed in memory' "$T/v.json"
check "vlog: a KVP value that only the log holds" [ "$(jq -r '.[0].installations[0].kvp.guest_parameters.values.HostName.data' "$T/v.json")" = tphost ]
# Torn: one byte of the entry's data sector changed (at 1 MiB + 8 KiB: header sector, then data).
cp "$OUT/vlog.vhdx" "$T/torn.vhdx"
printf 'X' | dd of="$T/torn.vhdx" bs=1 seek=$((1048576 + 8192 + 100)) conv=notrunc status=none
$HV --json "$T/torn.vhdx" > "$T/t.json"; rc=$?
check "torn VHDX log: exit 0, the on-disk state (2012), a warning" all [ $rc -eq 0 -a "$(jq -r '.[0].installations[0].os.nt' "$T/t.json")" = 6.2 ] -- \
    grep -q 'is pending but could not be replayed' "$T/t.json"
build/vdump "$OUT/vlog.vhdx" > "$T/dump"
check "vlog: whole disk after replay == chain2.raw" cmp -s "$T/dump" "$CH/chain2.raw"
cp "$OUT/vlog.vhdx" "$T/q.vhdx"
if qemu-img check -q -r all "$T/q.vhdx" > /dev/null 2>&1 && qemu-img convert -O raw "$T/q.vhdx" "$T/q.raw"; then
	check "vlog: qemu's own log replay gives the same disk as ours" cmp -s "$T/dump" "$T/q.raw"
else
	bad "vlog: qemu-img could not replay the generated log"
fi
rm -f "$T/dump" "$T/q.vhdx" "$T/q.raw"

# --- 2. a second reader ---------------------------------------------------------
# Partitions: our offsets equal mmls's; values: hivexget on the hive icat extracts.
second_reader() { # image json-name
	local img=$1 n=$2 raw=$T/sr.raw
	if command -v mmls >/dev/null 2>&1 && command -v hivexget >/dev/null 2>&1; then :; else
		skip "second reader: no sleuthkit/hivexget"
		return
	fi
	case $img in
	*.raw) raw=$img ;;
	*) qemu-img convert -q -O raw "$img" "$raw" || { bad "$img: qemu-img convert"; return; } ;;
	esac
	local parts=$(jq -r '.[0].partitions[] | select(.scheme != "none") | "\(.offset / 512) \(.size / 512)"' "$T/$n.json" | sort)
	if [ -n "$parts" ]; then
		local theirs=$(mmls -B "$raw" 2>/dev/null | awk '$2 ~ /^[0-9]+:?[0-9]*$/ && $2 != "Meta" && $NF !~ /Unallocated|Extended|Table/ {print $3+0, $5+0}' | sort)
		check "$img: partitions agree with mmls" [ "$parts" = "$theirs" ]
	fi
	local p off inode
	for p in $(jq -r '.[0].installations[].partition' "$T/$n.json"); do
		off=$(jq -r ".[0].partitions[] | select(.index == $p) | .offset / 512" "$T/$n.json")
		inode=$(ifind -f ntfs -o "$off" -n 'Windows/System32/config/SOFTWARE' "$raw" 2>/dev/null)
		if [ -z "$inode" ]; then
			bad "$img: TSK finds no SOFTWARE in partition $p"
			continue
		fi
		icat -f ntfs -o "$off" "$raw" "$inode" > "$T/sr.hive"
		if ! hivexget "$T/sr.hive" '\Microsoft\Virtual Machine\Guest\Parameters' > "$T/sr.theirs" 2>/dev/null; then
			: > "$T/sr.theirs" # no such key
		fi
		jq -r ".[0].installations[] | select(.partition == $p) | .kvp.guest_parameters.values // {} | to_entries[] |
		    if .value.type == \"REG_SZ\" then \"\\\"\(.key)\\\"=\\\"\(.value.data)\\\"\"
		    elif .value.type == \"REG_DWORD\" then \"\\\"\(.key)\\\"=dword:\(.value.data | tostring)\"
		    else \"?\" end" "$T/$n.json" > "$T/sr.ours"
		# hivexget prints DWORDs in hex with 8 digits
		sed -E 's/=dword:([0-9a-f]+)$/=dword:\1/' "$T/sr.theirs" | while IFS= read -r l; do
			case $l in
			*=dword:*) printf '%s=dword:%d\n' "${l%%=dword:*}" "0x${l##*=dword:}" ;;
			*) printf '%s\n' "$l" ;;
			esac
		done | sort > "$T/sr.theirs.n"
		sort "$T/sr.ours" > "$T/sr.ours.n"
		check "$img partition $p: Guest\\Parameters agrees with hivexget" diff "$T/sr.ours.n" "$T/sr.theirs.n"
	done
}
for f in sample.vhdx mbr-gen1.raw mbr-gen1.vhd mbr-ext.vhd gpt-fixed.vhdx gpt-64k.vhd dirty.vhdx; do
	second_reader "$OUT/$f" "${f%.*}-${f##*.}"
done
# (gpt-4k.vhdx: qemu cannot open 4Kn VHDX, so it has no second reader here.)

# --- install, man page, completion ---------------------------------------------
make -s install DESTDIR="$T/inst" PREFIX=/usr > /dev/null 2>&1
check "make install: program, man page, completion under DESTDIR/PREFIX" all \
    [ -x "$T/inst/usr/bin/hvinspect" -a -f "$T/inst/usr/share/man/man1/hvinspect.1" -a \
    -f "$T/inst/usr/share/bash-completion/completions/hvinspect" ] -- \
    "$T/inst/usr/bin/hvinspect" -V | grep -q 'libfsntfs 20200921, libbfio 20170123, jansson' 
if command -v groff > /dev/null 2>&1; then
	check "man page: groff -man -ww renders it without a warning" \
	    [ -z "$(groff -man -ww -z docs/hvinspect.1 2>&1)" ]
fi
missing=$(./hvinspect --help | grep -oE -- '--[a-z][a-z-]+' | sort -u | while read -r o; do
	grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" docs/hvinspect.1 || echo "$o"; done)
check "man page: every long option of --help is documented ($missing)" [ -z "$missing" ]
check "completion: --req completes to --require, -o j to json jsonl" [ "$(bash -c 'shopt -s extglob
	. docs/hvinspect.bash; COMP_WORDS=(hvinspect --req); COMP_CWORD=1; _hvinspect; a=${COMPREPLY[*]}
	COMP_WORDS=(hvinspect -o j); COMP_CWORD=2; _hvinspect; echo "$a ${COMPREPLY[*]}"')" = "--require json jsonl" ]

# --- 4. exit codes, errors ----------------------------------------------------
$HV > /dev/null 2> "$T/err"
check "no args: exit 2" [ $? -eq 2 ]
check "no args: usage on stderr" grep -q '^usage: hvinspect' "$T/err"
$HV --bogus x > /dev/null 2>&1
check "bad option: exit 2" [ $? -eq 2 ]
$HV --help > "$T/help" 2>/dev/null
check "--help: exit 0, to stdout" [ $? -eq 0 -a -s "$T/help" ]
check "--help: documents exit 3" grep -q '3 at least one image could not be inspected' "$T/help"
$HV --version | grep -q 'libvhdi 20210425'
check "--version names the libraries" [ $? -eq 0 ]
$HV --json "$OUT/sample.vhdx" "$T/missing.vhdx" "$OUT" "$OUT/nowin.vhdx" > "$T/mixed.json" 2> "$T/mixed.err"
check "mixed batch: exit 3" [ $? -eq 3 ]
check "mixed batch: 4 records" [ "$(jq length "$T/mixed.json")" = 4 ]
check "mixed batch: good image still reported" [ "$(jq '.[0].installations|length' "$T/mixed.json")" = 1 ]
check "mixed batch: missing file named" [ "$(jq -r '.[1].error' "$T/mixed.json")" = "$T/missing.vhdx: No such file or directory" ]
check "mixed batch: folder refused, -r suggested" [ "$(jq -r '.[2].error' "$T/mixed.json")" = "$OUT: is a folder (use -r to inspect the images below it)" ]
check "mixed batch: one stderr line per bad image" [ "$(wc -l < "$T/mixed.err")" = 2 ]

# One image, damaged: exit 0 or 3, never a signal or a hang; errors name a layer.
damaged() { # file description
	local f=$1 d=$2 rc
	timeout 60 $HV --json "$f" > "$T/d.json" 2> "$T/d.err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		bad "$d: exit $rc (crash or hang?) $(head -c 300 "$T/d.err")"
		return
	fi
	if ! jq -e 'length == 1' "$T/d.json" > /dev/null 2>&1; then
		bad "$d: output is not one JSON record"
		return
	fi
	if [ $rc -eq 3 ]; then
		if [ "$(wc -l < "$T/d.err")" -ne 1 ] || ! grep -Eq "^hvinspect: $f: .*(VHDX|VHD|VMDK|QCOW|partition|NTFS|regf|GPT|MBR|EBR|too small|header|not a )" "$T/d.err"; then
			bad "$d: error is not one line naming a layer: $(cat "$T/d.err")"
			return
		fi
	fi
	# Text and CSV are fed the same records: the same exit code, no crash, no raw control byte.
	local m
	for m in text csv; do
		timeout 60 $HV -o $m "$f" > "$T/d.$m" 2> /dev/null
		if [ $? -ne $rc ] || grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/d.$m"; then
			bad "$d: -o $m: another exit code or a control byte (JSON: $rc)"
			return
		fi
	done
	ok
}
for f in sample.vhdx mbr-gen1.vhd mbr-ext.vhd gpt-64k.vhd gpt-4k.vhdx mbr-gen1.raw; do
	size=$(stat -c %s "$OUT/$f")
	for cut in 0 1 511 512 4096 65536 131072 196608 1048576 2097152 3145728 4194304 \
	    $((size / 4)) $((size / 3)) $((size / 2)) $((size * 2 / 3)) $((size * 3 / 4)) $((size - 512)) $((size - 1)); do
		[ "$cut" -lt "$size" ] || continue
		head -c "$cut" "$OUT/$f" > "$T/cut.${f##*.}"
		damaged "$T/cut.${f##*.}" "$f cut at $cut"
	done
done
# The cut files that must fail, with the layer that must be named.
head -c 100000 "$OUT/sample.vhdx" > "$T/a.vhdx"
$HV "$T/a.vhdx" > /dev/null 2> "$T/err"; rc=$?
check "vhdx cut in headers: exit 3 naming VHDX" all [ $rc -eq 3 ] -- grep -q "^hvinspect: $T/a.vhdx: VHDX header: " "$T/err"
head -c 20000000 "$OUT/mbr-gen1.raw" > "$T/a.raw"
$HV "$T/a.raw" > /dev/null 2> "$T/err"; rc=$?
check "raw cut mid-partition: exit 3 naming the partition" all [ $rc -eq 3 ] -- grep -q "partition 2: extends past the end of the disk" "$T/err"

# Corruptions at known places.
poke() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
cp "$OUT/mbr-gen1.raw" "$T/c.raw"
off=$(grep -obUaP 'regf' "$T/c.raw" | tail -n +1 | awk -F: '$1 > 9437184 {print $1; exit}')
if [ -n "$off" ]; then
	poke "$T/c.raw" "$off" 'XXXX'
	$HV "$T/c.raw" > /dev/null 2> "$T/err"; rc=$?
	check "hive signature broken: exit 3" [ $rc -eq 3 ]
	check "hive signature broken: message" grep -q 'partition 2: NTFS: \\Windows\\System32\\config\\SOFTWARE: regf: not a registry hive' "$T/err"
else
	bad "no regf signature found in mbr-gen1.raw"
fi
cp "$OUT/mbr-gen1.raw" "$T/m.raw"
# NTFS of partition 2: the MFT's first record (cluster number at boot sector + 0x30).
p2=$((18432 * 512))
mftc=$(od -An -tu8 -j $((p2 + 48)) -N8 "$T/m.raw" | tr -d ' ')
poke "$T/m.raw" $((p2 + mftc * 4096)) 'BAAD'
$HV "$T/m.raw" > /dev/null 2> "$T/err"; rc=$?
check "MFT record 0 broken: exit 3 naming NTFS" all [ $rc -eq 3 ] -- grep -q '^hvinspect: .*: partition 2: NTFS: ' "$T/err"
cp "$OUT/sample.vhdx" "$T/g.vhdx"
qemu-img convert -q -O raw "$T/g.vhdx" "$T/g.raw"
poke "$T/g.raw" $((512 + 40)) '\377'
$HV --json "$T/g.raw" > "$T/g.json" 2>/dev/null
check "primary GPT broken: backup used, still offered" [ "$(jq -r '.[0].installations[0].windows_update.offered' "$T/g.json")" = true ]
check "primary GPT broken: warning" grep -q 'primary GPT damaged' "$T/g.json"

# Not a disk at all: deterministic pseudo-random bytes.
gzip -c -n "$OUT/sample.vhdx" | head -c 1048576 > "$T/random.img"
$HV --json "$T/random.img" > "$T/r.json" 2>/dev/null; rc=$?
check "random file: exit 0 or 3" [ $rc -eq 0 -o $rc -eq 3 ]
check "random file: no installation" [ "$(jq '.[0].installations|length' "$T/r.json")" = 0 ]

# --- 3b. read-only proof --------------------------------------------------------
if command -v strace >/dev/null 2>&1; then
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat,creat,truncate,ftruncate,rename,unlink,mkdir -o "$T/strace" \
	    $HV --json $(for f in $FIXTURES; do echo "$OUT/$f"; done) > /dev/null 2>&1
	if grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|truncate\(|rename\(|unlink\(|mkdir\(' "$T/strace" | grep -v ENOENT > "$T/writes"; then
		bad "hvinspect opened something for writing: $(head -3 "$T/writes")"
	else
		ok
	fi
	check "images opened O_RDONLY" grep -q "openat(.*$OUT/sample.vhdx\", O_RDONLY" "$T/strace"
else
	skip "strace absent: no open() audit"
fi
(cd $OUT && sha256sum $FIXTURES) > "$T/sha.after"
check "read-only: images unchanged (sha256)" diff "$T/sha.before" "$T/sha.after"
listing > "$T/ls.after"
check "read-only: nothing created or touched in the image folder" diff "$T/ls.before" "$T/ls.after"

# --- valgrind on the whole pipeline --------------------------------------------
if command -v valgrind >/dev/null 2>&1 && [ -z "${NO_VALGRIND:-}" ]; then
	# Every fixture image and both chains, in one batch (each image in its own traced child).
	valgrind -q --trace-children=yes --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	    $HV -j 1 --json $(for f in $FIXTURES vlog.vhdx chain/vhdx/cp2.avhdx chain/vhd/cp2.avhd; do echo "$OUT/$f"; done) \
	    > /dev/null 2> "$T/vg"
	check "valgrind clean: every fixture image ($(head -c 300 "$T/vg"))" [ $? -eq 0 ]
	valgrind -q --trace-children=yes --error-exitcode=99 $HV "$T/a.vhdx" "$T/c.raw" > /dev/null 2> "$T/vg"
	check "valgrind clean on errors" [ $? -eq 3 ]
fi

# --- other containers: QCOW2 (libqcow), VMDK (libvmdk), E01 (libewf), the same disk as mbr-gen1.raw
same='[.[0].partitions, .[0].installations]'
for f in gen1.qcow2 gen1-compressed.qcow2 gen1-v2.qcow2 gen1.vmdk gen1-split.vmdk gen1-stream.vmdk gen1-flat.vmdk \
    gen1.E01 gen1-best.E01; do
	$HV --json "$OUT/more/$f" > "$T/more.json" 2> "$T/more.err"; rc=$?
	check "more/$f: exit 0, the same partitions and installations as mbr-gen1.raw ($(head -c 200 "$T/more.err"))" all \
	    [ $rc -eq 0 ] -- cmp -s <(jq -S "$same" "$T/more.json") <(jq -S "$same" "$T/mbr-gen1-raw.json")
done
check "more/: format, disk type (normalised) and the container's own word" [ "$($HV --json "$OUT/more/gen1-split.vmdk" | jq -r '.[0].image | [.format, .disk_type, .subformat] | @tsv')" = "$(printf 'vmdk\tdynamic\ttwoGbMaxExtentSparse')" ]
$HV --json "$OUT/more/gen1-4k.E01" > "$T/more.json" 2> /dev/null
check "more/gen1-4k.E01: the 4Kn disk with the container's 4096-byte sectors (no guess, no warning)" all \
    cmp -s <(jq -S "$same" "$T/more.json") <(jq -S "$same" "$T/mbr-4k-raw.json") -- \
    [ "$(jq -c '[.[0].image.format, .[0].image.disk_type, .[0].image.subformat, .[0].image.sector_size, .[0].warnings]' "$T/more.json")" = \
      '["ewf",null,"EnCase",4096,[]]' ]
$HV "$OUT/more/gen1.E03" > "$T/e03.txt" 2> /dev/null
check "E01 set opened by a later segment's name: the whole set" grep -q '40.0 MiB' "$T/e03.txt"
$HV -q -r -o jsonl "$OUT/more" > "$T/more.jsonl" 2> /dev/null
check "-r more/: 11 disks, VMDK extent files and E02..E05 not reported on their own" all [ "$(wc -l < "$T/more.jsonl")" = 11 ] -- \
    [ "$(jq -s 'map(select(.error == null)) | length' "$T/more.jsonl")" = 11 ]
# libqcow 20201213 reads a version-3 zero cluster from its offset (0: the QCOW2 header): ours are zeros.
cp "$OUT/mbr-gen1.raw" "$T/zero.raw"
dd if=/dev/zero of="$T/zero.raw" bs=64k seek=16 count=1 conv=notrunc status=none
dd if=/dev/zero of="$T/zero.raw" bs=64k seek=320 count=1 conv=notrunc status=none
check "QCOW2 zero clusters read as zeros: whole disk == the raw disk with those 64 KiB zeroed" \
    cmp -s <(build/vdump "$OUT/more/gen1-zero.qcow2") "$T/zero.raw"
rm -f "$T/zero.raw"
$HV "$OUT/hostile/gap.E01" > /dev/null 2> "$T/err"; rc=$?
check "E01 set missing its third segment: exit 3, refused (libewf alone reads zeros there)" all [ $rc -eq 3 ] -- \
    grep -q 'EWF: the set of 2 segment files is incomplete or damaged' "$T/err"
$HV "$OUT/hostile/flip.E01" > /dev/null 2> "$T/err"; rc=$?
check "E01 chunk damaged: exit 3, the sectors named" all [ $rc -eq 3 ] -- \
    grep -q 'partition table: LBA 0: EWF: sectors 0-63 fail their chunk checksum' "$T/err"
$HV "$OUT/hostile/child.qcow2" > /dev/null 2> "$T/err"; rc=$?
check "QCOW2 backing file ../more/gen1.qcow2: looked for by name beside the child only, exit 3" all [ $rc -eq 3 ] -- \
    grep -q 'parent "gen1.qcow2" not found in .*hostile' "$T/err"
$HV --json -P "$OUT/more" "$OUT/hostile/child.qcow2" > "$T/more.json" 2> /dev/null
check "... and found with --parent-dir: mbr-gen1's facts" diff <(jq -S "$same" "$T/more.json") <(jq -S "$same" "$T/mbr-gen1-raw.json")
head -c 5558272 "$OUT/more/gen1.qcow2" > "$T/cut.qcow2"
$HV "$T/cut.qcow2" > /dev/null 2> "$T/err"; rc=$?
check "QCOW2 cut short: exit 3, our own check names the cluster past the end (libqcow never sees it)" all \
    [ $rc -eq 3 ] -- grep -q 'QCOW: cluster [0-9]* at 0x[0-9a-f]* lies past the end of the file' "$T/err"
if command -v strace > /dev/null 2>&1; then
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat -o "$T/st" $HV "$OUT/hostile/escape.vmdk" > /dev/null 2> "$T/err"; rc=$?
	check "VMDK extent ../more/...: exit 3, not opened" all [ $rc -eq 3 ] -- grep -q 'not a plain file name' "$T/err" -- \
	    not grep -q 'gen1-flat-flat' "$T/st"
fi

# --- the JSON contract: every kind of record against docs/hvinspect.schema.json ----------
$HV --hive --json -k Microsoft -k Nope "$OUT/hives/sw-62-tp" > "$T/schema-hive.json" 2> /dev/null
$HV -o jsonl -k 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -k 'SYSTEM\Nope' -R kvp -R 'host>=10.0' \
    "$OUT/sample.vhdx" "$OUT/gpt-4k.vhdx" "$T/random.img" "$OUT/chain/lonely/cp1.avhdx" > "$T/schema-k.jsonl" 2> /dev/null
$HV --json -j 1 $(for f in vlog.vhdx chain/vhdx/cp2.avhdx chain/vhd/cp2.avhd more/gen1.qcow2 more/gen1-split.vmdk hostile/escape.vmdk \
    more/gen1.E01 hostile/gap.E01; do echo "$OUT/$f"; done) > "$T/schema-more.json" 2> /dev/null
check "JSON Schema: every fixture's record, hive and --key records, gates, errors, chains ($(python3 \
    tests/schema_check.py docs/hvinspect.schema.json $(for f in $FIXTURES; do n=${f%.*}-${f##*.}; echo "$T/$n.json"; done) \
    "$T/schema-hive.json" "$T/schema-more.json" -l "$T/schema-k.jsonl" 2>&1 | tail -3 | tr '\n' ' '))" \
    python3 tests/schema_check.py docs/hvinspect.schema.json $(for f in $FIXTURES; do n=${f%.*}-${f##*.}; echo "$T/$n.json"; done) \
    "$T/schema-hive.json" "$T/schema-more.json" -l "$T/schema-k.jsonl"

# --- 5. ../shared/corpus --------------------------------------------------------
corpus() { # rel-path
	local src=$CORPUS/$1 dst=$T/corpus/$(basename "${1%.gz}")
	mkdir -p "$T/corpus"
	case $1 in
	*.gz) gzip -dc "$src" > "$dst" ;;
	*) dst=$src ;;
	esac
	echo "$dst"
}
if [ -d "$CORPUS" ]; then
	for f in dissect.hypervisor/fixed.vhd.gz dissect.hypervisor/dynamic.vhd.gz \
	    dissect.hypervisor/fixed.vhdx.gz dissect.hypervisor/dynamic.vhdx.gz; do
		img=$(corpus $f)
		$HV --json "$img" > "$T/w.json" 2> "$T/w.err"
		check "$f: exit 0 ($(cat "$T/w.err"))" [ $? -eq 0 ]
		check "$f: Windows-made MBR, one NTFS partition at LBA 128" \
		    [ "$(jq -c '[.[0].partitions[] | [.scheme, .index, .offset, .size, .filesystem]]' "$T/w.json")" = '[["mbr",1,65536,7340032,"ntfs"]]' ]
		check "$f: no Windows" [ "$(jq '.[0].installations|length' "$T/w.json")" = 0 ]
	done
	img=$(corpus dissect.hypervisor/differencing.avhdx.gz)
	$HV --json "$img" > "$T/w.json" 2> "$T/w.err"; rc=$?
	check "real .avhdx: exit 3" [ $rc -eq 3 ]
	check "real .avhdx: names parent and id" grep -q 'parent "Generation 1_49C4[^"]*avhdx" {ff34003b-11ed-4cf8-a166-b2be05e20b80} not found' "$T/w.err"
	check "real .avhdx: still says what it is" [ "$(jq -r '.[0].image.disk_type' "$T/w.json")" = differencing ]
	img=$(corpus dfir_ntfs/ntfs_index.raw.gz)
	$HV --json "$img" > "$T/w.json" 2>/dev/null
	check "dfir_ntfs ntfs_index: exit 0, 1 NTFS partition, no Windows" \
	    [ $? -eq 0 -a "$(jq -c '[.[0].partitions[].filesystem, (.[0].installations|length)]' "$T/w.json")" = '["ntfs",0]' ]
	img=$(corpus dfir_ntfs/gpt-512-3p.raw.gz)
	$HV --json "$img" > "$T/w.json" 2>/dev/null
	check "dfir_ntfs gpt-512-3p: 3 GPT partitions" [ "$(jq -c '[.[0].partitions[].index]' "$T/w.json")" = '[1,2,3]' ]
	img=$(corpus dfir_ntfs/gpt-512-0p.raw.gz)
	$HV --json "$img" > "$T/w.json" 2>/dev/null
	check "dfir_ntfs gpt-512-0p: GPT, no partitions, exit 0" [ $? -eq 0 -a "$(jq '.[0].partitions|length' "$T/w.json")" = 0 ]
	mkdir -p "$T/tar" && tar -xf "$CORPUS/dfir_ntfs/mbr-win-512.raw.tgz" -C "$T/tar" 2>/dev/null
	img=$(find "$T/tar" -type f | head -1)
	if [ -n "$img" ]; then
		$HV --json "$img" > "$T/w.json" 2>/dev/null
		check "dfir_ntfs mbr-win-512: 3 primaries + 4 logicals" [ "$(jq -c '[.[0].partitions[].index]' "$T/w.json")" = '[1,2,3,5,6,7,8]' ]
	fi
	$HV --json "$CORPUS/plaso/tsk_volume_system.raw" > "$T/w.json" 2>/dev/null
	check "plaso tsk_volume_system: primary 1 and logical 5" [ "$(jq -c '[.[0].partitions[] | [.index, .offset]]' "$T/w.json")" = '[[1,512],[5,180224]]' ]
	$HV --json "$CORPUS/ntfs/testfs1" > "$T/w.json" 2>/dev/null
	check "ntfs testfs1: bare NTFS, no Windows" [ $? -eq 0 -a "$(jq -c '[.[0].partitions[] | [.scheme, .filesystem]]' "$T/w.json")" = '[["none","ntfs"]]' ]
	$HV --json "$CORPUS/dfvfs/image-differential.vhd" > "$T/w.json" 2> "$T/w.err"
	check "dfvfs image-differential.vhd -> image.vhd: exit 0, 2 levels" [ $? -eq 0 -a "$(jq '.[0].image.chain | length' "$T/w.json")" = 2 ]
	check "dfvfs image-differential.vhd: reads as its parent (libyal-findings §2)" \
	    cmp -s <(build/vdump "$CORPUS/dfvfs/image-differential.vhd") <(build/vdump "$CORPUS/dfvfs/image.vhd")
	$HV --json "$CORPUS/dfvfs/fat-differential.vhd" > "$T/w.json" 2> "$T/w.err"
	check "dfvfs fat-differential: names the missing parent" grep -q 'parent "fat-parent.vhd" {5fa21a55-f394-aa4d-9958-1951a67d5540} not found' "$T/w.err"
	# Dirty hives with their logs, as Windows left them (replay vs recovered is in test_hivelog).
	$HV --hive --json "$CORPUS/yarp/NewDirtyHive1/NewDirtyHive" > "$T/y.json"
	check "yarp NewDirtyHive1: LOG1 then LOG2, 4 entries" [ "$(jq -c '.[0].hive | [.recovered_from, .entries_applied]' "$T/y.json")" = '[["LOG1","LOG2"],4]' ]
	$HV --hive --json "$CORPUS/yarp/BadLogHive3/BadLogHive" > "$T/y.json"; rc=$?
	check "yarp BadLogHive3: corrupt logs: stale, exit 0" [ $rc -eq 0 -a "$(jq '.[0].hive.stale' "$T/y.json")" = true ]
	$HV --hive --json "$CORPUS/DFIRArtifactMuseum/Registry/Win11/NTUSER.DAT" > "$T/y.json"
	check "Win11 NTUSER.DAT: lower-case ntuser.dat.LOG1/2 found and replayed" [ "$(jq '.[0].hive.entries_applied > 0' "$T/y.json")" = true ]
	mkdir -p "$T/regipy"
	for f in SYSTEM_B SYSTEM_B.LOG1 SYSTEM_B.LOG2; do xz -dc "$CORPUS/regipy/$f.xz" > "$T/regipy/$f"; done
	$HV --hive --json --key 'Select' "$T/regipy/SYSTEM_B" > "$T/y.json"; rc=$?
	check "regipy SYSTEM_B (dirty, LOG1/LOG2): exit 0, replayed ($(jq -c '.[0].hive' "$T/y.json"))" \
	    [ $rc -eq 0 -a "$(jq '.[0].hive.dirty and (.[0].hive.stale | not)' "$T/y.json")" = true ]
	check "regipy SYSTEM_B: Select\\Current readable" [ "$(jq '.[0].keys.Select.values.Current.type' "$T/y.json")" = '"REG_DWORD"' ]
	for f in yarp/BadLogHive1/BadLogHive yarp/BadLogHive2/BadLogHive yarp/BadBaseBlockHive/BadBaseBlockHive \
	    yarp/TruncatedDirtyHive DFIRArtifactMuseum/Registry/Win7/NotAHive yarp/GarbageHive; do
		timeout 60 $HV --hive --json "$CORPUS/$f" > "$T/y.json" 2> "$T/y.err"; rc=$?
		check "corpus --hive $f: exit 0 or 3 ($rc), one record" [ \( $rc -eq 0 -o $rc -eq 3 \) -a "$(jq length "$T/y.json")" = 1 ]
	done
	for f in plaso/image.vhd dfvfs/ext2.vhd dfvfs/image.vhd dfvfs/windows_volume.qcow2; do
		damaged "$CORPUS/$f" "corpus $f"
	done
else
	skip "../shared/corpus absent: corpus checks not run"
fi

summary e2e
