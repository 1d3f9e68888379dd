# SPDX-License-Identifier: MIT
# tests/e2e/bitlocker.sh: BitLocker volumes as their FVE metadata shows them without a key
# (src/vs/bde.c): bitlocker.vhdx (locked with a hostile description; suspended, its first
# metadata copy damaged; every copy damaged), its locked volume alone against bdeinfo, and,
# when present, the corpus's Windows-made volumes (dissect.fve: AES-CBC 128 with a password;
# AES-XTS 128 with a recovery password, with a startup key; one decrypted) against bdeinfo.
# Sourced by tests/e2e/run.sh.

# bdeinfo's reading of VOLUME: "method|volume id|creation second|description|type id,type id..."
bde_oracle() {
	bdeinfo "$1" 2> /dev/null | awk -F'\t+' '
	    function val(  x) { x = $NF; sub(/^: /, "", x); return x }
	    function word(t) { t = tolower(t); gsub(/ /, "-", t); if (t ~ /^unknown/) t = "other"; return t }
	    /Encryption method/ { m = val(); sub(/-bit$/, "", m) }
	    /Volume identifier/ { v = val() }
	    /Creation time/ { c = val(); sub(/\.[0-9]+ UTC$/, "", c) }
	    /Description/ { d = val() }
	    /^Key protector/ { k = 1 }
	    k && /Identifier/ { id = val() }
	    k && /Type/ { p = p (p ? "," : "") word(val()) " " id }
	    END { print m "|" v "|" c "|" d "|" p }'
}
# ours, the same shape, from a record's partition N
bde_ours() {
	jq -r --argjson n "$2" '.[0].partitions[] | select(.index == $n) | .encryption |
	    "\(.method)|\(.volume_id)|\(.created)|\(.description)|\([.protectors[] | "\(.type) \(.id)"] | join(","))"' "$1" |
	    python3 -c "
import sys, datetime
m, v, c, d, p = sys.stdin.read().rstrip('\n').split('|')
c = datetime.datetime.strptime(c, '%Y-%m-%dT%H:%M:%SZ').strftime('%b %d, %Y %H:%M:%S')
print('|'.join([m, v, c, d, p]))"
}

$HV --json "$OUT/bitlocker.vhdx" > "$T/bl.json" 2> "$T/bl.err"; rc=$?
check "BitLocker: locked, suspended, failed volumes are warnings, not errors (exit $rc); each in partitions[].encryption" all \
    [ $rc -eq 0 ] -- \
    [ "$(jq -c '[.[0].partitions[] | .encryption | if . then [.state, .method, (.protectors | map(.type)), .unlocked_with] else null end]' "$T/bl.json")" = \
      '[null,["locked","AES-XTS 256",["tpm","recovery-password","other"],null],["suspended","AES-XTS 256",["clear-key","tpm"],null],["failed",null,[],null]]' ] -- \
    [ "$(jq -c '.[0].warning_kinds' "$T/bl.json")" = '["volume-locked","damaged","volume-locked","volume-locked"]' ]
check "BitLocker: each reason said: no key given; suspended; the damaged copies named, the one read said" all \
    [ "$(jq -r '.[0].partitions[1].encryption.reason' "$T/bl.json")" = "no key given" ] -- \
    grep -q 'partition 3: BitLocker: FVE metadata block 1: no FVE metadata block signature; copy 2 read' <(jq -r '.[0].warnings[]' "$T/bl.json") -- \
    grep -q '^BitLocker: no FVE metadata block could be read (1: no FVE metadata block signature; 2: .*; 3: .*)$' <(jq -r '.[0].partitions[3].encryption.reason' "$T/bl.json")
$HV -R readable "$OUT/bitlocker.vhdx" > "$T/blr.txt" 2> "$T/blr.err"; r1=$?
$HV -R readable "$OUT/sample.vhdx" > /dev/null 2>&1; r2=$?
check "-R readable fails on a locked volume, naming it (exit $r1), and passes on a disk with none ($r2)" all \
    [ $r1 -eq 1 ] -- [ $r2 -eq 0 ] -- \
    grep -q 'require readable       FAILED: partition 2: BitLocker volume locked: no key given' "$T/blr.txt"
# the description is the image's text: never raw on a terminal or in a page
$HV "$OUT/bitlocker.vhdx" > "$T/bl.txt" 2>&1
$HV -o html "$OUT/bitlocker.vhdx" > "$T/bl.html" 2>&1
check "BitLocker: text and HTML carry the description escaped; the protectors listed" all \
    grep -q '^        BitLocker locked, AES-XTS 256, volume [0-9a-f-]*, created 2024-01-17 21:20:00 UTC, "HV-GUEST-01 C: 12/1/2026 <b>\\x1b\[31m"x"</b>": no key given$' "$T/bl.txt" -- \
    grep -q '^          protector recovery-password  11111111-2222-4333-8444-555566667777$' "$T/bl.txt" -- \
    sh -c "! grep -q \$(printf '\\033') '$T/bl.txt' '$T/bl.html'" -- \
    grep -q '<td>HV-GUEST-01 C: 12/1/2026 &lt;b&gt;' "$T/bl.html" -- \
    grep -q '<h3 id="encryption-p3">Partition 3: BitLocker</h3>' "$T/bl.html"
$HV -o jsonl "$OUT/bitlocker.vhdx" > "$T/bl.jsonl" 2> /dev/null
check "BitLocker: --from-jsonl gives back the same partitions and warnings" \
    cmp -s <(jq -S 'map(del(.run))' "$T/bl.json") <($HV --from-jsonl "$T/bl.jsonl" -o json | jq -S 'map(del(.run))')
# our reading against libbde's (bdeinfo), on our volume (the generator checked by a reader we did not write)
$HV --json "$OUT/bitlocker-locked.raw" > "$T/bll.json" 2> /dev/null
check "BitLocker: the generated volume as bdeinfo reads it: method, identifier, time, description, protectors" \
    [ "$(bde_ours "$T/bll.json" 1 | tr -d '\033')" = "$(bde_oracle "$OUT/bitlocker-locked.raw" | tr -d '\033')" ]

# the corpus's Windows-made volumes
FVE=$CORPUS/dissect.fve
if [ -f "$FVE/aes_128.bin.gz" ]; then
	for v in aes_128 recovery_password startup_key; do
		gzip -dc "$FVE/$v.bin.gz" > "$T/$v.raw"
		$HV --json "$T/$v.raw" > "$T/$v.json" 2> /dev/null
		check "BitLocker, Windows-made ($v): locked; method, identifier, time, description and protectors as bdeinfo reads them" all \
		    [ "$(jq -r '.[0].partitions[0].encryption.state' "$T/$v.json")" = locked ] -- \
		    [ "$(bde_ours "$T/$v.json" 1)" = "$(bde_oracle "$T/$v.raw")" ] -- \
		    [ -n "$(bde_oracle "$T/$v.raw" | cut -d'|' -f5)" ]
		rm -f "$T/$v.raw"
	done
	gzip -dc "$FVE/decrypted.bin.gz" > "$T/dec.raw"
	$HV --json "$T/dec.raw" > "$T/dec.json" 2> /dev/null
	check "BitLocker, Windows-made, decrypted: said so, its first sectors put back: read as the NTFS it holds" \
	    [ "$(jq -c '.[0].partitions[0] | [.filesystem, .encryption.state, .encryption.reason, (.encryption.protectors | length)]' "$T/dec.json")" = \
	      '["ntfs","decrypted",null,0]' ]
	rm -f "$T/dec.raw"
else
	skip "BitLocker: the corpus's dissect.fve volumes are not at $FVE"
fi
# a run whose first record has no installation (a BitLocker-only disk first) and --history:
# read back, -o csv is still the history form (the run's command says so)
$HV -q --history -o jsonl "$OUT/bitlocker.vhdx" "$OUT/sample.vhdx" > "$T/blh.jsonl" 2> /dev/null
check "--from-jsonl -o csv of a --history run whose first image has no installation: the history form, as the run printed it" \
    cmp -s <($HV -q --history -o csv "$OUT/bitlocker.vhdx" "$OUT/sample.vhdx" 2> /dev/null) <($HV --from-jsonl "$T/blh.jsonl" -o csv)
# a spreadsheet of a fleet: which images hold volumes left locked
$HV -o csv "$OUT/bitlocker.vhdx" "$OUT/sample.vhdx" > "$T/bl.csv" 2> /dev/null
check "BitLocker in CSV: encrypted_volumes says each volume's partition and state, empty where none" \
    [ "$(python3 -c "import csv,sys; print([(r['path'].rsplit('/', 1)[1], r['encrypted_volumes']) for r in csv.DictReader(open(sys.argv[1], newline=''))])" "$T/bl.csv")" = \
      "[('bitlocker.vhdx', '2:locked 3:suspended 4:failed'), ('sample.vhdx', '')]" ]
