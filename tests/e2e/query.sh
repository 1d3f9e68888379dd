# SPDX-License-Identifier: MIT
# tests/e2e/query.sh: --key and --hive: the query mode.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

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

# A key path written with '/' (a slip: keys are separated by '\', and a key's name may hold '/'):
# refused with the '\' spelling suggested, exit 2, in both modes; never "must start with a hive".
$HV -k 'SOFTWARE/Microsoft/Windows NT/CurrentVersion' "$OUT/sample.vhdx" > /dev/null 2> "$T/slash.err"; rc=$?
$HV --hive -k 'Microsoft/Windows NT' "$OUT/hives/sw-62-tp" > /dev/null 2> "$T/slash2.err"; rc2=$?
check "--key with '/': exit 2, the '\\' spelling suggested (rc $rc $rc2)" all [ $rc -eq 2 -a $rc2 -eq 2 ] -- \
    grep -qF "did you mean 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'?" "$T/slash.err" -- \
    grep -qF "did you mean 'Microsoft\\Windows NT'?" "$T/slash2.err"

# A bare SYSTEM hive: CurrentControlSet is resolved through Select\Current as in an image (the
# fixture's current set is 002; ControlSet001 is a decoy whose service starts 4).
$HV --hive -o jsonl -k 'CurrentControlSet\Services\vmickvpexchange' -k 'currentcontrolset' "$OUT/hives/sys-on" > "$T/ccs.jsonl" 2> /dev/null; rc=$?
check "--hive: CurrentControlSet is Select\\Current's set, any case (rc $rc)" all [ $rc -eq 0 ] -- \
    [ "$(jq -c '[.keys["CurrentControlSet\\Services\\vmickvpexchange"].values.Start.data, (.keys.currentcontrolset.subkeys | length > 0)]' "$T/ccs.jsonl")" = '[3,true]' ]

# A log is cited by the name its folder stores: Windows writes "ntuser.dat.LOG1" beside
# "NTUSER.DAT" (it was cited as NTUSER.DAT.LOG1, a file that is not there).
mkdir -p "$T/ntuser"
cp "$OUT/hives/sw-dirty-log" "$T/ntuser/NTUSER.DAT"
cp "$OUT/hives/sw-dirty-log.LOG1" "$T/ntuser/ntuser.dat.LOG1"
$HV --hive "$T/ntuser/NTUSER.DAT" > "$T/ntuser.txt" 2>&1
check "--hive: the log replayed is named as stored (ntuser.dat.LOG1)" \
    grep -qE 'warning: NTUSER\.DAT hive was dirty .* replayed from ntuser\.dat\.LOG1$' "$T/ntuser.txt"
