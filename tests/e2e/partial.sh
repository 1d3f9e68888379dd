# SPDX-License-Identifier: MIT
# tests/e2e/partial.sh: a damaged hive costs its own facts only.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

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
