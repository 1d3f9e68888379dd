# SPDX-License-Identifier: MIT
# tests/e2e/folders.sh: -r: folders, the summary, the progress line.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

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
# An audit job's folder with nothing to inspect: the report all the same (a CSV keeps its header),
# exit 3, and what -r looks for said (a .dd among them); never usage text and exit 2.
mkdir -p "$T/empty-audit"
: > "$T/empty-audit/notes.txt"
$HV -r -o csv "$T/empty-audit" > "$T/ea.csv" 2> "$T/ea.err"; rc=$?
check "-r on a folder with no image: the CSV header, exit 3, the endings looked for said (rc $rc)" all [ $rc -eq 3 ] -- \
    [ "$(cat "$T/ea.csv")" = "$($HV --from-jsonl /dev/null -o csv)" ] -- [ "$(wc -l < "$T/ea.csv")" = 1 ] -- \
    grep -qE '^hvinspect: no image found \(-r looks for files whose names end .*\.raw \.dd.*, in any case\)$' "$T/ea.err"
cp "$OUT/mbr-gen1.raw" "$T/empty-audit/disk.DD"
$HV -r -o jsonl "$T/empty-audit" > "$T/ea.jsonl" 2> /dev/null; rc=$?
check "-r finds a .dd image (any case) (rc $rc)" all [ $rc -eq 0 ] -- [ "$(jq -r '.path | sub(".*/"; "")' "$T/ea.jsonl")" = disk.DD ]

# Beyond one machine: GNU parallel spreads images over hosts (here ":" = this one); JSONL merges.
if command -v parallel > /dev/null 2>&1; then
	for f in $FIXTURES; do echo "$OUT/$f"; done | parallel --will-cite -j 2 --sshlogin : "$HV" -q -o jsonl {} > "$T/p.jsonl" 2>/dev/null
	norm_l='del(.image.chain[]?.identifier, .run)'
	check "GNU parallel: merged JSONL == one run, image by image" \
	    diff <(jq -S -c "$norm_l" "$T/p.jsonl" | sort) <($HV -q -o jsonl $(for f in $FIXTURES; do echo "$OUT/$f"; done) 2>/dev/null | jq -S -c "$norm_l" | sort)
else
	skip "GNU parallel absent"
fi

# Nothing skipped without a word: a folder deeper than the walk goes (32 below the one given)
# is said on stderr and the run exits 3, the images it did find still inspected; a folder that
# cannot be read likewise (not testable as root, who reads every folder).
python3 fixtures/gen/hostile_paths.py deep "$T/deep" "$OUT/nowin.vhdx"
$HV -r -o csv "$T/deep" > "$T/deep.csv" 2> "$T/deep.err"; rc=$?
check "-r: a folder past the depth cap is said, exit 3, the rest inspected" all [ $rc -eq 3 ] -- \
    grep -qF "/d33: not walked: deeper than 32 folders below the one given" "$T/deep.err" -- \
    [ "$(grep -c 'found.vhdx' "$T/deep.csv")" = 1 ]
# As root every folder can be read: the run is made as nobody (setpriv), in a folder nobody may list.
shut=$(mktemp -d /tmp/hvinspect-shut.XXXXXX)
mkdir -p "$shut/in" && cp "$OUT/nowin.vhdx" "$shut/a.vhdx" && chmod 755 "$shut" && chmod 644 "$shut/a.vhdx" && chmod 000 "$shut/in"
if [ "$(id -u)" != 0 ]; then
	$HVABS -r "$shut" > /dev/null 2> "$T/shut.err"; rc=$?
elif command -v setpriv > /dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$HVABS"; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$HVABS" -r "$shut" > /dev/null 2> "$T/shut.err"; rc=$?
else
	rc=skip
fi
if [ "$rc" = skip ]; then
	skip "no way to run as a user who cannot read a folder (root without setpriv, or the program not executable by nobody)"
else
	check "-r: a folder that cannot be read is said, exit 3, the rest inspected" all [ "$rc" = 3 ] -- \
	    grep -qF "/in: not walked: the folder cannot be read" "$T/shut.err"
fi
chmod 755 "$shut/in"; rm -rf "$shut"
