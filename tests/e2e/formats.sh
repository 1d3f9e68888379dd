# SPDX-License-Identifier: MIT
# tests/e2e/formats.sh: -o jsonl streams, -o csv parses with a real CSV parser.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

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
