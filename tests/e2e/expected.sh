# SPDX-License-Identifier: MIT
# tests/e2e/expected.sh: every fixture's JSON equals fixtures/expected/NAME.json (path aside), and the facts each fixture exists for.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

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
