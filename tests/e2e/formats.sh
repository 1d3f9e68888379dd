# SPDX-License-Identifier: MIT
# tests/e2e/formats.sh: -o jsonl streams, -o csv parses with a real CSV parser.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

$HV -o jsonl "$OUT/sample.vhdx" "$T/nonexistent.vhdx" "$OUT/mbr-ext.vhd" > "$T/o.jsonl" 2>/dev/null; rc=$?
check "jsonl: exit 3, one line per image" [ $rc -eq 3 -a "$(wc -l < "$T/o.jsonl")" = 3 ]
check "jsonl: each line the same object as in the array" \
    diff <(jq -c 'del(.path, .run)' "$T/o.jsonl" | sed -n 3p) <($HV --json "$OUT/mbr-ext.vhd" | jq -c '.[0] | del(.path, .run)')
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

# Provenance: every record says where it comes from (the run: tool, libraries, when it started,
# its command line), JSON's "run", text's and HTML's header; a URL's user, password, query and
# fragment never in it. SOURCE_DATE_EPOCH stands for the start time (a reproducible report).
SOURCE_DATE_EPOCH=1796600000 $HV -o jsonl -P 'https://auditor:hunter2@store.example/evidence/?sig=S3CRET#part' \
    "$OUT/sample.vhdx" "$T/nonexistent.vhdx" > "$T/run.jsonl" 2> "$T/run.err"; rc=$?
v=$($HV -V | sed -n 's/^hvinspect \([^ ]*\) (libvhdi \([0-9]*\),.*/\1 \2/p')
check "run: on every record, the same; the tool and libvhdi as -V says; started at SOURCE_DATE_EPOCH; argv (rc $rc)" all [ $rc -eq 3 ] -- \
    [ "$(jq -c .run "$T/run.jsonl" | sort -u | wc -l)" = 1 ] -- \
    [ "$(jq -r '.run | "\(.tool | sub("hvinspect "; "")) \(.libraries.libvhdi)"' "$T/run.jsonl" | head -1)" = "$v" ] -- \
    [ "$(jq -c '.run | [.started, .command[1:]]' "$T/run.jsonl" | head -1)" = \
      "$(printf '["2026-12-06T23:33:20Z",["-o","jsonl","-P","https://store.example/evidence/?(query removed)","%s","%s"]]' "$OUT/sample.vhdx" "$T/nonexistent.vhdx")" ]
check "run: a URL's password, query and fragment appear nowhere (record, stderr)" \
    [ "$(cat "$T/run.jsonl" "$T/run.err" | grep -c -e hunter2 -e S3CRET -e '#part' -e auditor)" = 0 ]
SOURCE_DATE_EPOCH=1796600000 $HV "$OUT/sample.vhdx" > "$T/run.txt" 2> /dev/null
check "run: text opens with the tool and its libraries, then when and how the run started" all \
    [ "$(sed -n 1p "$T/run.txt" | cut -d' ' -f1-3)" = "hvinspect $(echo "$v" | cut -d' ' -f1) (libvhdi" ] -- \
    [ "$(sed -n 2p "$T/run.txt")" = "run started 2026-12-06T23:33:20Z: $HV $OUT/sample.vhdx" ] -- [ -z "$(sed -n 3p "$T/run.txt")" ]
$HV --from-jsonl "$T/run.jsonl" -o html > "$T/run.html" 2> /dev/null
check "run: HTML shows it; --from-jsonl keeps the run the records came from (its -o jsonl, not this one's -o html)" \
    grep -qF "run started 2026-12-06T23:33:20Z: $HV -o jsonl -P &#39;https://store.example/evidence/?(query removed)&#39;" "$T/run.html"
SOURCE_DATE_EPOCH=1796700000 $HV -o jsonl "$OUT/nowin.vhdx" > "$T/run2.jsonl" 2> /dev/null
cat "$T/run.jsonl" "$T/run2.jsonl" > "$T/runs.jsonl"
check "run: records merged from two runs: text gives each run's header before its records, HTML says so" all \
    [ "$($HV --from-jsonl "$T/runs.jsonl" 2> /dev/null | grep -c '^run started ')" = 2 ] -- \
    grep -qF '(the records come from 2 runs: this is the first)' <($HV --from-jsonl "$T/runs.jsonl" -o html 2> /dev/null)

# --hash sha256: every file of the image fingerprinted, as sha256sum says, with its size: a
# checkpoint chain's three levels, a split VMDK's extent, an E01 set's five segments, and a file
# refused as no disk image (it is evidence all the same).
gzip -c -n "$OUT/nowin.vhdx" > "$T/nowin.vhdx.gz"
$HV --hash sha256 -o jsonl "$OUT/chain/vhdx/cp2.avhdx" "$OUT/more/gen1-split.vmdk" "$OUT/more/gen1.E01" "$T/nowin.vhdx.gz" \
    > "$T/hash.jsonl" 2> /dev/null; rc=$?
jq -r '.image.files[] | "\(.sha256)  \(.path)"' "$T/hash.jsonl" > "$T/hash.ours"
jq -r '.image.files[].path' "$T/hash.jsonl" | xargs sha256sum > "$T/hash.theirs"
check "--hash: $(wc -l < "$T/hash.ours") files (3 levels, 2 VMDK files, 5 E01 segments, 1 refused), each as sha256sum says, sizes as stat says (rc $rc)" all \
    [ $rc -eq 3 ] -- [ "$(wc -l < "$T/hash.ours")" = 11 ] -- cmp -s "$T/hash.ours" "$T/hash.theirs" -- \
    [ "$(jq -r '.image.files[] | "\(.size) \(.path)"' "$T/hash.jsonl" | md5sum)" = "$(jq -r '.image.files[].path' "$T/hash.jsonl" | xargs stat -c '%s %n' | md5sum)" ]
$HV --hash sha256 "$OUT/chain/vhdx/cp2.avhdx" > "$T/hash.txt" 2> /dev/null
check "--hash: text lists each file's SHA-256, size and time under its image" \
    [ "$(grep -c '^  sha256 [0-9a-f]\{64\}  fixtures/out/chain/vhdx/.* ([0-9]* bytes, modified 20[0-9-]*T[0-9:]*Z)$' "$T/hash.txt")" = 3 ]
$HV -o jsonl "$OUT/chain/vhdx/cp2.avhdx" > "$T/nohash.jsonl" 2> /dev/null
check "without --hash: the files and their sizes, no SHA-256" \
    [ "$(jq -c '[.image.files | length, (map(.sha256) | unique)]' "$T/nohash.jsonl")" = '[3,[null]]' ]

# The CSV an auditor needs: VM id, computer name (the current control set's, not the decoy's),
# when Guest\Parameters was last written, partition scheme and VM generation, sector size,
# edition, update revision, the host assumed with -A (so a row never contradicts itself), and
# one column per --key with its values; every row as wide as the header.
$HV -q -o csv -A 10.0 -k 'SOFTWARE\Microsoft\Virtual Machine\Guest\Parameters' -k 'SYSTEM\Select' \
    "$OUT/sample.vhdx" "$OUT/nowin.vhdx" "$OUT/mbr-gen1.vhd" > "$T/audit.csv" 2> /dev/null
python3 - "$T/audit.csv" > "$T/audit.check" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
h, body = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
print('width', all(len(r) == len(h) for r in rows[1:]), len(h))
s, n, g = body[0], body[1], body[2]
print('sample', [s['vm_id'], s['computer_name'], s['kvp_last_written'], s['partition_scheme'], s['vm_generation'],
    s['sector_size'], s['os_edition'], s['assumed_host'], s['host_nt']])
print('keys', s['key:SYSTEM\\Select'] == 'Current=2 | Default=2 | LastKnownGood=1' and
    s['key:SOFTWARE\\Microsoft\\Virtual Machine\\Guest\\Parameters'].startswith('HostName=tphost.lab.example | '))
print('gen1', [g['partition_scheme'], g['vm_generation'], n['computer_name'], n['key:SYSTEM\\Select']])
PY
check "csv: every row as wide as the header ($(grep width "$T/audit.check"))" grep -q '^width True' "$T/audit.check"
check "csv: vm_id, computer_name, kvp_last_written, scheme and generation, sector size, edition, assumed_host beside host_nt" \
    grep -qxF "sample ['461B2364-3901-4349-B3C2-FA4821CBEEFE', 'GUEST-2012', '2014-11-20T00:37:31Z', 'gpt', '2', '512', 'ServerDatacenter', '10.0', '6.4']" "$T/audit.check"
check "csv: a column per --key, its values" grep -qx 'keys True' "$T/audit.check"
check "csv: an MBR disk is generation 1; an image without Windows has empty cells" grep -qxF "gen1 ['mbr', '1', '', '']" "$T/audit.check"
