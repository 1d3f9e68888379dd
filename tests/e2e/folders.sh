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

# Beyond one machine: GNU parallel spreads images over hosts (here ":" = this one); JSONL merges.
if command -v parallel > /dev/null 2>&1; then
	for f in $FIXTURES; do echo "$OUT/$f"; done | parallel --will-cite -j 2 --sshlogin : "$HV" -q -o jsonl {} > "$T/p.jsonl" 2>/dev/null
	norm_l='del(.image.chain[]?.identifier)'
	check "GNU parallel: merged JSONL == one run, image by image" \
	    diff <(jq -S -c "$norm_l" "$T/p.jsonl" | sort) <($HV -q -o jsonl $(for f in $FIXTURES; do echo "$OUT/$f"; done) 2>/dev/null | jq -S -c "$norm_l" | sort)
else
	skip "GNU parallel absent"
fi
