# SPDX-License-Identifier: MIT
# tests/e2e/linux.sh: a Linux guest on an ext4 partition (fixtures/out/linux.vhdx, a Debian tree
# whose KVP pool 3 a Hyper-V 2019 host filled; linux-nokvp.vhdx, the same without the pools).
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

$HV --json "$OUT/linux.vhdx" > "$T/lx.json" 2> "$T/lx.err"; rc=$?
lx() { jq -c ".[0].installations[0] | $1" "$T/lx.json"; }
check "Linux guest: exit 0, nothing on stderr (rc $rc)" all [ $rc -eq 0 ] -- [ ! -s "$T/lx.err" ]
check "Linux guest: one installation, family linux, os-release's PRETTY_NAME, /etc/hostname absent" \
    [ "$(lx '[.partition, .os.family, .os.product_name, .os.computer_name]')" = '[1,"linux","Debian GNU/Linux 12 (bookworm)",null]' ]
# the values exactly as gen/kvppool.py wrote them into the pool file
check "Linux guest: the host as pool 3 holds it (names, NT 10.0, edition 8, VM name and id)" \
    [ "$(lx '[.kvp.state, .host.nt, .host.edition_id, (.kvp.guest_parameters.values | .HostName.data, .PhysicalHostName.data, .PhysicalHostNameFullyQualified.data, .VirtualMachineName.data, .VirtualMachineId.data)]')" = \
      '["active","10.0",8,"hv2019.corp.example","HV2019","hv2019.corp.example","deb-12","5C8E6A10-4A5B-4C2D-9E1F-0A1B2C3D4E5F"]' ]
check "Linux guest: HostingSystemOsMinor \"0\" written over a longer value: its tail flagged and kept, a weak indicator" \
    [ "$(lx '[(.kvp.guest_parameters.values.HostingSystemOsMinor | .type, .data, .anomalies, .raw), [.spoof_indicators[] | .rule, .severity]]')" = \
      '["KVP_SZ","0",["data-after-nul"],"3000323334353637383900",["leftover-bytes","weak"]]' ]
check "Linux guest: Windows Update not offered, ICs not judged" \
    [ "$(lx '[.windows_update.offered, .ic.status]')" = '[false,"unknown"]' ]
$HV -q -R kvp -R 'host>=10.0' "$OUT/linux.vhdx" > /dev/null 2>&1; r1=$?
$HV -q -R offered "$OUT/linux.vhdx" > /dev/null 2>&1; r2=$?
check "Linux guest: -R kvp -R host>=10.0 pass ($r1), -R offered fails ($r2)" all [ $r1 -eq 0 ] -- [ $r2 -eq 1 ]
$HV -q -R kvp "$OUT/linux-nokvp.vhdx" > /dev/null 2> "$T/lxn.err"; rc=$?
check "Linux guest without a pool file: an installation whose KVP never ran (-R kvp exit 1: $rc)" all [ $rc -eq 1 ] -- \
    [ "$($HV --json "$OUT/linux-nokvp.vhdx" | jq -c '.[0].installations[0] | [.os.family, .kvp.state, .host.nt]')" = '["linux","never-ran",null]' ] -- \
    grep -q 'partition 1: KVP is never-ran' "$T/lxn.err"
# every output form, and read back
$HV "$OUT/linux.vhdx" > "$T/lx.txt" 2>&1
$HV -o csv "$OUT/linux.vhdx" > "$T/lx.csv" 2>&1
$HV -o html "$OUT/linux.vhdx" "$OUT/linux-nokvp.vhdx" > "$T/lx.html" 2>&1
check "Linux guest in text, CSV and HTML" all \
    grep -q '^  partition 1: Debian GNU/Linux 12 (bookworm)$' "$T/lx.txt" -- grep -q '^    Guest OS         Linux$' "$T/lx.txt" -- \
    grep -q 'leftover-bytes (weak)' "$T/lx.txt" -- \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline=''))); print(len(r), r[0]['host_nt'], r[0]['kvp_host_name'], r[0]['kvp_state'])" "$T/lx.csv")" = "1 10.0 hv2019.corp.example active" ] -- \
    grep -q 'data-count="installations">2<' "$T/lx.html"
$HV -o jsonl "$OUT/linux.vhdx" > "$T/lx.jsonl" 2> /dev/null
check "Linux guest: --from-jsonl prints the record as the run did" \
    cmp -s <(jq -S 'map(del(.run))' "$T/lx.json") <($HV --from-jsonl "$T/lx.jsonl" -o json | jq -S 'map(del(.run))')
$HV -C --history --json "$OUT/linux.vhdx" > "$T/lxc.json" 2> /dev/null
check "Linux guest: --cross-check and --history say they read Windows only (yet)" \
    [ "$(jq -c '.[0].installations[0] | [.cross_check.error, .history_notes]' "$T/lxc.json")" = \
      '["the second reading covers Windows installations only (yet)",["--history reads Windows installations only (yet)"]]' ]
