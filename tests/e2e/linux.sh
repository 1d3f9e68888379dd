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
    grep -q '^  partition 1: Debian GNU/Linux 12 (bookworm)$' "$T/lx.txt" -- grep -q '^    Guest OS         Linux, x64$' "$T/lx.txt" -- \
    grep -q 'leftover-bytes (weak)' "$T/lx.txt" -- \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline=''))); print(len(r), r[0]['host_nt'], r[0]['kvp_host_name'], r[0]['kvp_state'])" "$T/lx.csv")" = "1 10.0 hv2019.corp.example active" ] -- \
    grep -q 'data-count="installations">2<' "$T/lx.html"
$HV -o jsonl "$OUT/linux.vhdx" > "$T/lx.jsonl" 2> /dev/null
check "Linux guest: --from-jsonl prints the record as the run did" \
    cmp -s <(jq -S 'map(del(.run))' "$T/lx.json") <($HV --from-jsonl "$T/lx.jsonl" -o json | jq -S 'map(del(.run))')
$HV -C --history --json "$OUT/linux.vhdx" > "$T/lxc.json" 2> /dev/null
check "Linux guest: --cross-check reads it again with libfsext and agrees; --history has each boot of kern.log and the live pool" \
    [ "$(jq -c '.[0].installations[0] | [.cross_check.error, (.cross_check.agreed > 10), .cross_check.disagreed, .cross_check.stack[1], [.history[] | .source, .host.name], .history_notes]' "$T/lxc.json")" = \
      '[null,true,[],"libfsext 20201107",["boot-log",null,"boot-log",null,"live","hv2019.corp.example"],[]]' ]
# a checkpoint chain of it: the base level's pool names the earlier host (HV2016), the disk now HV2019
$HV --history --json "$OUT/linux-chain/cp1.avhdx" > "$T/lxh.json" 2> /dev/null
check "Linux guest's checkpoint chain: --history reads each level's pool: HV2016 in the checkpoint, HV2019 live" \
    [ "$(jq -c '.[0].installations[0] | [[.history[] | select(.source != "boot-log") | [.source, .where, .host.name]], [.hosts_seen[] | select(.name) | [.name, .sources]], .history_notes]' "$T/lxh.json")" = \
      '[[["checkpoint","base.vhdx","hv2016.corp.example"],["live",null,"hv2019.corp.example"]],[["hv2016.corp.example",["checkpoint"]],["hv2019.corp.example",["live"]]],[]]' ]
# one observation per boot the log holds: kern.log's two (RFC 3339 stamps, a 2016 host then a
# 2019 one, each with its kernel), messages' one (RFC 3164 stamp, no year), the journal's one (no
# stamp read: where in the file); the hosts they show, known by their builds; every output form
$HV --history --json "$OUT/linux.vhdx" "$OUT/linux-xfs.vhdx" "$OUT/linux-nokvp.vhdx" > "$T/lxb.json" 2> /dev/null
check "Linux guest: --history has one observation per boot in the log: its host's build and its kernel, where and when the log says" all \
    [ "$(jq -c '[.[].installations[0].history[] | select(.source == "boot-log") | [.where, .evidence, .host.nt, .host.build, .guest_kernel]]' "$T/lxb.json")" = \
      '[["/var/log/kern.log: 2024-02-03T08:00:07.000000+00:00","strong","10.0","10.0.14393.1884","6.1.0-18-amd64"],["/var/log/kern.log: 2024-11-23T08:47:11.000000+00:00","strong","10.0","10.0.17763.737","6.1.0-28-amd64"],["/var/log/messages: Dec  1 09:00:00","strong","10.0","10.0.20348.2227","5.14.0-427.13.1.el9_4.aarch64"],["/var/log/journal/4f1c2b7a9e8d4c3ba1f0e9d8c7b6a594/system.journal, byte 808","strong","10.0","10.0.26100.1742","6.1.0-28-amd64"]]' ] -- \
    [ "$(jq -c '[.[0].installations[0].hosts_seen[] | [.name, .build, .sources, .observations]]' "$T/lxb.json")" = \
      '[[null,"10.0.14393.1884",["boot-log"],1],[null,"10.0.17763.737",["boot-log"],1],["hv2019.corp.example",null,["live"],1]]' ]
$HV --history "$OUT/linux.vhdx" > "$T/lxb.txt" 2> /dev/null
$HV --history -o csv "$OUT/linux.vhdx" > "$T/lxb.csv" 2> /dev/null
$HV --history -o html "$OUT/linux.vhdx" > "$T/lxb.html" 2> /dev/null
check "Linux guest: the boots in text, the history CSV (host_build, guest_kernel) and HTML" all \
    grep -q '^      (undated)               boot-log    /var/log/kern.log: 2024-11-23T08:47:11.000000+00:00: NT 10.0, build 10.0.17763.737 (Windows Server 2019), kernel 6.1.0-28-amd64$' "$T/lxb.txt" -- \
    [ "$(python3 -c "import csv,sys; print([(r['source'], r['host_build'], r['guest_kernel']) for r in csv.DictReader(open(sys.argv[1], newline=''))])" "$T/lxb.csv")" = \
      "[('boot-log', '10.0.14393.1884', '6.1.0-18-amd64'), ('boot-log', '10.0.17763.737', '6.1.0-28-amd64'), ('live', '', '')]" ] -- \
    grep -q '<td>10.0 (build 10.0.17763.737)</td>' "$T/lxb.html"

# XFS: linux-xfs.vhdx, a full-size XFS made by mkfs.xfs's defaults, a RHEL-like tree whose pools
# are under the older daemons' /var/opt/hyperv
$HV --json "$OUT/linux-xfs.vhdx" > "$T/lxx.json" 2> "$T/lxx.err"; rc=$?
check "Linux guest on XFS: exit 0, the volume named xfs, RHEL, /etc/hostname, the 2022 host from /var/opt/hyperv (rc $rc)" all \
    [ $rc -eq 0 ] -- [ ! -s "$T/lxx.err" ] -- \
    [ "$(jq -c '.[0] | [[.partitions[] | .filesystem], (.installations[0] | .partition, .os.family, .os.product_name, .os.computer_name, .kvp.state, .host.nt, .host.edition_id, .kvp.guest_parameters.values.VirtualMachineId.data)]' "$T/lxx.json")" = \
      '[["xfs"],1,"linux","Red Hat Enterprise Linux 9.4 (Plow)","rhel-guest","active","10.0",8,"0D6E1A8C-1B2C-4D3E-8F90-A1B2C3D4E5F6"]' ]
# the oracle: libfsxfs sees the same pool file, of as many records as we read values
qemu-img convert -q -f vhdx -O raw "$OUT/linux-xfs.vhdx" "$T/lxx.raw"
check "Linux guest on XFS: fsxfsinfo finds the pool file, $(jq '.[0].installations[0].kvp.guest_parameters.values | length' "$T/lxx.json") records of 2,560 bytes as we read" \
    [ "$(fsxfsinfo -o 1048576 -F /var/opt/hyperv/.kvp_pool_3 "$T/lxx.raw" 2> /dev/null | awk '/^\tSize/ { print $NF }')" = \
      "$(( $(jq '.[0].installations[0].kvp.guest_parameters.values | length' "$T/lxx.json") * 2560 ))" ]
rm -f "$T/lxx.raw"
$HV -q -R kvp -R 'host>=10.0' "$OUT/linux-xfs.vhdx" > /dev/null 2>&1; r1=$?
$HV -o csv "$OUT/linux-xfs.vhdx" > "$T/lxx.csv" 2>&1
check "Linux guest on XFS: -R kvp -R host>=10.0 pass ($r1); CSV has its host" all [ $r1 -eq 0 ] -- \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline=''))); print(len(r), r[0]['host_nt'], r[0]['kvp_host_name'])" "$T/lxx.csv")" = "1 10.0 hv2022.lab.example" ]

# The host build the guest's kernel logged at boot: the newest boot's (the last line of its form
# in kern.log: 2019, after an older boot on 2016), RHEL's /var/log/messages (2022); a guest with
# no text logs, whose KVP never ran, from systemd's journal (2025, found by /etc/machine-id); in
# text, CSV (os_family, host_build) and read back
check "Linux guest: the host build from the kernel's log or journal, the newest boot's, with its product (KVP or not)" \
    [ "$($HV --json "$OUT/linux.vhdx" "$OUT/linux-nokvp.vhdx" "$OUT/linux-xfs.vhdx" 2> /dev/null | jq -c '[.[].installations[0].host.build | [.version, .product, .from]]')" = \
      '[["10.0.17763.737","Windows Server 2019","/var/log/kern.log"],["10.0.26100.1742","Windows Server 2025","/var/log/journal/4f1c2b7a9e8d4c3ba1f0e9d8c7b6a594/system.journal"],["10.0.20348.2227","Windows Server 2022","/var/log/messages"]]' ]
$HV -o csv "$OUT/linux-xfs.vhdx" "$OUT/sample.vhdx" > "$T/lxb.csv" 2> /dev/null
check "Linux guest: text says the host build and where it came from; CSV's os_family and host_build" all \
    grep -q '^    Host build       10.0.17763.737 (Windows Server 2019), as the guest.s kernel logged it (/var/log/kern.log) \[53\]$' "$T/lx.txt" -- \
    [ "$(python3 -c "import csv,sys; print([(r['os_family'], r['host_build']) for r in csv.DictReader(open(sys.argv[1], newline=''))])" "$T/lxb.csv")" = \
      "[('linux', '10.0.20348.2227'), ('windows', '')]" ]

# The KVP daemon as installed: Debian's package, program, unit and the target that wants it;
# RHEL's program, unit and udev rule; the same on a guest whose KVP never ran (installed, never
# on a Hyper-V host); the cross-check reads them again with libfsext/libfsxfs and agrees
check "Linux guest: the KVP daemon as installed (dpkg; RHEL's udev rule), even where KVP never ran" \
    [ "$($HV --json "$OUT/linux.vhdx" "$OUT/linux-nokvp.vhdx" "$OUT/linux-xfs.vhdx" 2> /dev/null | jq -c '[.[].installations[0].kvp | [.state, .daemon.package, .daemon.program, .daemon.unit, .daemon.enabled]]')" = \
      '[["active","hyperv-daemons 6.1.123-1","/usr/sbin/hv_kvp_daemon","/lib/systemd/system/hv-kvp-daemon.service",true],["never-ran","hyperv-daemons 6.1.123-1","/usr/sbin/hv_kvp_daemon","/lib/systemd/system/hv-kvp-daemon.service",true],["active",null,"/usr/sbin/hypervkvpd","/usr/lib/systemd/system/hypervkvpd.service",true]]' ]
$HV -C --json "$OUT/linux-xfs.vhdx" "$OUT/linux-nokvp.vhdx" > "$T/lxd.json" 2> /dev/null
# (30 and 24 facts: os, the pool's values, the five of the host build and the daemon, the package
# database, the booted kernel, the number of kernels installed and each of them: none on RHEL, 2)
check "Linux guest: the cross-check compares the host build, the daemon and the kernels too, and agrees" \
    [ "$(jq -c '[.[].installations[0].cross_check | [.error, (.disagreed | length), .agreed]]' "$T/lxd.json")" = '[[null,0,30],[null,0,24]]' ]

# The kernels: dpkg's installed releases (not the metapackage, not the one removed), RPM's
# database named and not read; the release the newest boot ran (its "Linux version" line 120
# lines before the host's build in kern.log, in the piece before), from kern.log, messages or
# the journal; the architecture from the shell's ELF header (/bin/sh through /usr/bin: Debian's
# dash, this machine's x64; the RHEL tree's an ARM64 header)
check "Linux guest: architecture, package database, booted and installed kernels (Debian/ext4, Debian/journal, RHEL/XFS on LVM)" \
    [ "$($HV --json "$OUT/linux.vhdx" "$OUT/linux-nokvp.vhdx" "$OUT/linux-lvm2.vhd" 2> /dev/null | jq -c '[.[].installations[0].os | [.arch, .packages, .kernel.booted, .kernel.booted_from, .kernel.installed]]')" = \
      '[["x64","dpkg","6.1.0-28-amd64","/var/log/kern.log",["6.1.0-27-amd64","6.1.0-28-amd64"]],["x64","dpkg","6.1.0-28-amd64","/var/log/journal/4f1c2b7a9e8d4c3ba1f0e9d8c7b6a594/system.journal",["6.1.0-27-amd64","6.1.0-28-amd64"]],["arm64","rpm","5.14.0-427.13.1.el9_4.aarch64","/var/log/messages",null]]' ]
$HV -o csv "$OUT/linux.vhdx" "$OUT/linux-xfs.vhdx" "$OUT/sample.vhdx" > "$T/lxk.csv" 2> /dev/null
$HV "$OUT/linux-xfs.vhdx" > "$T/lxk.txt" 2> /dev/null
check "Linux guest: the kernels in text (Guest OS with the architecture, a Kernel row) and CSV (kernel, kernels_installed); a Windows guest has neither" all \
    grep -q '^    Kernel           6.1.0-28-amd64 booted (/var/log/kern.log); installed (dpkg): 6.1.0-27-amd64, 6.1.0-28-amd64$' "$T/lx.txt" -- \
    grep -q '^    Guest OS         Linux, x64$' "$T/lx.txt" -- \
    grep -q '^    Kernel           5.14.0-427.13.1.el9_4.aarch64 booted (/var/log/messages); installed: not read (an RPM database)$' "$T/lxk.txt" -- \
    [ "$(python3 -c "import csv,sys; print([(r['arch'], r['kernel'], r['kernels_installed']) for r in csv.DictReader(open(sys.argv[1], newline=''))])" "$T/lxk.csv")" = \
      "[('x64', '6.1.0-28-amd64', '6.1.0-27-amd64 6.1.0-28-amd64'), ('arm64', '5.14.0-427.13.1.el9_4.aarch64', ''), ('x64', '', '')]" ] -- \
    [ "$($HV --json "$OUT/sample.vhdx" | jq -c '.[0].installations[0].os | [.packages, .kernel]')" = '[null,null]' ]
