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

# --keys: the corpus's volumes unlocked with a key of each kind (their NTFS found: these samples
# keep only part of each volume, so its $MFT is not there to read, for libbde as for us); a key
# that does not fit said by its kind; one for another volume not tried; sample.vhdx's Windows
# volume inside a real BitLocker volume (bitlocker-win.vhdx) read whole; no secret in any output
# bitlocker-win.vhdx: sample.vhdx's Windows volume inside the corpus's Windows-made AES-CBC 128
# volume (its FVEK known, its metadata and password protector kept), each sector encrypted as
# BitLocker does (fixtures/gen/bdeenc.py); GPT, the volume as partition 1
if [ -f "$FVE/aes_128.bin.gz" ] && python3 -c 'import cryptography' 2> /dev/null; then
	qemu-img convert -q -f vhdx -O raw "$OUT/sample.vhdx" "$T/sample.raw"
	dd if="$T/sample.raw" of="$T/sample-ntfs.img" bs=1M skip=6 count=32 status=none
	python3 fixtures/gen/bdeenc.py "$FVE/aes_128.bin.gz" 84c3a3157e5f21dee140005220bc940e "$T/sample-ntfs.img" "$T/bde-win.img"
	# the generator proved by a reader we did not write: Debian's python3-libbde (pybde) reads the
	# NTFS back, unlocked by the passphrase, byte for byte as it went in (libbde's volume ends
	# where the NTFS header says the file system does: its last sector, NTFS's backup boot
	# sector, lies past it)
	check "bdeenc.py: pybde unlocks the volume it wrote with the passphrase and reads sample's NTFS back, byte for byte" \
	    /usr/bin/python3 -c "
import pybde, sys
v = pybde.volume(); v.set_password('password12!@'); v.open(sys.argv[1])
want = open(sys.argv[2], 'rb').read()
n = v.get_size()
sys.exit(0 if not v.is_locked() and len(want) - 512 <= n <= len(want) and v.read_buffer_at_offset(n, 0) == want[:n] else 1)" \
	    "$T/bde-win.img" "$T/sample-ntfs.img"
	truncate -s $((52 << 20)) "$T/bdewin.raw"
	printf 'label: gpt\nfirst-lba: 2048\n\nstart=2048, size=%d, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name="C"\n' \
	    $(( $(stat -c %s "$T/bde-win.img") / 512 )) | sfdisk -q --no-reread --no-tell-kernel "$T/bdewin.raw"
	dd if="$T/bde-win.img" of="$T/bdewin.raw" bs=1M seek=1 conv=notrunc status=none
	qemu-img convert -q -f raw -O vhdx -o subformat=dynamic "$T/bdewin.raw" "$T/bitlocker-win.vhdx"
	rm -f "$T/sample.raw" "$T/sample-ntfs.img" "$T/bde-win.img" "$T/bdewin.raw"
fi
if [ -f "$FVE/aes_128.bin.gz" ] && [ -f "$T/bitlocker-win.vhdx" ]; then
	PASS='password12!@' RECOVERY=284867-596541-514998-422114-660297-261613-215424-199408
	FVEK=84c3a3157e5f21dee140005220bc940e
	for v in aes_128 recovery_password startup_key; do gzip -dc "$FVE/$v.bin.gz" > "$T/$v.raw"; done
	unlocks() { # VOLUME TYPE VALUE: "state unlocked_with filesystem" with that one key
		printf 'bitlocker,%s,,"%s"\n' "$2" "$3" > "$T/k.csv"
		$HV --json --keys "$T/k.csv" "$T/$1.raw" 2> /dev/null |
		    jq -r '.[0].partitions[0] | "\(.encryption.state) \(.encryption.unlocked_with) \(.filesystem)"'
	}
	check "--keys: each kind of key unlocks its Windows-made volume, NTFS inside (passphrase, recovery_key, file, raw)" all \
	    [ "$(unlocks aes_128 passphrase "$PASS")" = "unlocked passphrase ntfs" ] -- \
	    [ "$(unlocks recovery_password recovery_key "$RECOVERY")" = "unlocked recovery_key ntfs" ] -- \
	    [ "$(unlocks startup_key file "$FVE/startup_key.bek")" = "unlocked file ntfs" ] -- \
	    [ "$(unlocks aes_128 raw "$FVEK")" = "unlocked raw ntfs" ]
	printf '# a wrong one\nbitlocker,passphrase,,not-the-one\n' > "$T/kw.csv"
	$HV --json --keys "$T/kw.csv" "$T/aes_128.raw" > "$T/kw.json" 2> /dev/null
	$HV -R readable --keys "$T/kw.csv" "$T/aes_128.raw" > /dev/null 2>&1; r1=$?
	printf 'bitlocker,passphrase,{00000000-0000-4000-8000-000000000000},%s\n' "$PASS" > "$T/ko.csv"
	check "--keys: a key that does not fit: locked, a warning naming its kind (-R readable exit $r1); one for another volume is not tried" all \
	    [ "$(jq -r '.[0].partitions[0].encryption | "\(.state): \(.reason)"' "$T/kw.json")" = \
	      "locked: no key given fits: the passphrase did not unlock it" ] -- \
	    grep -q 'partition 1: BitLocker volume locked (AES-CBC 128; protectors: password): no key given fits: the passphrase did not unlock it' \
	        <(jq -r '.[0].warnings[]' "$T/kw.json") -- [ $r1 -eq 1 ] -- \
	    [ "$($HV --json --keys "$T/ko.csv" "$T/aes_128.raw" 2> /dev/null | jq -r '.[0].partitions[0].encryption.reason')" = \
	      "no key given fits: none of the 1 key given is for this volume or its protectors" ]
	# the Windows volume inside: the same facts as sample.vhdx's, the keychain on standard input
	printf 'bitlocker,passphrase,,%s\n' "$PASS" > "$T/kp.csv"
	$HV --json --keys - "$T/bitlocker-win.vhdx" < "$T/kp.csv" > "$T/bw.json" 2> /dev/null; rc=$?
	$HV --json "$OUT/sample.vhdx" > "$T/sw.json" 2> /dev/null
	$HV -C --json -R readable --keys "$T/kp.csv" "$T/bitlocker-win.vhdx" > "$T/bwc.json" 2> /dev/null; r2=$?
	check "--keys -: Windows inside a BitLocker volume (bitlocker-win.vhdx): the same facts as sample.vhdx's (exit $rc); cross-checked through libbde too, -R readable passes ($r2)" all \
	    [ $rc -eq 0 ] -- [ $r2 -eq 0 ] -- \
	    cmp -s <(jq -S '.[0].installations[0] | del(.partition)' "$T/sw.json") <(jq -S '.[0].installations[0] | del(.partition)' "$T/bw.json") -- \
	    [ "$(jq -c '.[0].installations[0].cross_check | [.error, (.disagreed | length), (.agreed > 30), .stack[3]]' "$T/bwc.json")" = \
	      '[null,0,true,"libbde 20190102"]' ]
	# no secret in anything printed: every mode, the cross-check and the history, stdout and stderr
	# (the wrong one first, and the FVEK of one volume tried on the others: keys that fail are said)
	printf 'bitlocker,passphrase,,not-the-one\nbitlocker,recovery_key,,%s\nbitlocker,raw,,%s\nbitlocker,passphrase,,%s\n' \
	    "$RECOVERY" "$FVEK" "$PASS" > "$T/ka.csv"
	# and keys that all fail (each volume stays locked, every try said)
	printf 'bitlocker,passphrase,,not-the-one\nbitlocker,recovery_key,,111111-111111-111111-111111-111111-111111-111111-111111\nbitlocker,raw,,00112233445566778899aabbccddeeff\n' \
	    > "$T/kx.csv"
	# (each keychain's run once, its records then printed in every mode: the live run's parent
	# prints them the same way, and a passphrase costs seconds a try)
	: > "$T/all.out"
	for k in ka kx; do
		$HV -C --history -o jsonl --keys "$T/$k.csv" "$T/bitlocker-win.vhdx" "$T/aes_128.raw" "$T/recovery_password.raw" \
		    "$T/startup_key.raw" > "$T/$k.jsonl" 2>> "$T/all.out"
		cat "$T/$k.jsonl" >> "$T/all.out"
		for m in text json csv html; do
			$HV --from-jsonl "$T/$k.jsonl" -o $m >> "$T/all.out" 2>&1
		done
	done
	$HV --keys "$T/kx.csv" "$T/aes_128.raw" >> "$T/all.out" 2>&1
	check "--keys: no passphrase, recovery password or key in any output or error ($(wc -c < "$T/all.out") bytes read; $(grep -c 'did not unlock it' "$T/all.out") lines say a key did not unlock a volume)" all \
	    [ "$(wc -c < "$T/all.out")" -gt 30000 ] -- [ "$(grep -c 'did not unlock it' "$T/all.out")" -gt 10 ] -- \
	    sh -c "! grep -F -q -e '$PASS' -e '$RECOVERY' -e '$FVEK' -e 'not-the-one' -e '284867' -e '111111-111111' -e '00112233445566778899' '$T/all.out'"
	rm -f "$T"/*.raw
else
	skip "--keys: the corpus's dissect.fve volumes (and bitlocker-win.vhdx made from one: python3-cryptography) are not there"
fi
