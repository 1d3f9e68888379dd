# SPDX-License-Identifier: MIT
# tests/e2e/lvm.sh: LVM2 volume groups as volumes of the stack.  linux-lvm.vhdx/.qcow2 (one PV
# in an MBR partition; the Debian volume as LV vg_deb/root, two segments stored out of order),
# linux-lvm2.vhd (a GPT disk of two PVs, their table order not their disk order; rhel/root, an
# XFS as RHEL installs it, spans both; striped, thin-pool and thin volumes named, not read; one PV's text wraps its ring, the
# other's copy is older), and, when present, the corpus's real volume group (lvmtest.qcow2),
# every volume against vslvminfo's reading.  Sourced by tests/e2e/run.sh.

$HV --json "$OUT/linux-lvm.vhdx" > "$T/lv.json" 2> "$T/lv.err"; rc=$?
check "LVM: one PV, its two volumes listed (scheme lvm2, names, sizes, file system); exit 0 (rc $rc)" all \
    [ $rc -eq 0 ] -- [ ! -s "$T/lv.err" ] -- \
    [ "$(jq -c '[.[0].partitions[] | [.index, .scheme, .filesystem, .size, .name, .lvm.volume_group, .lvm.logical_volume]]' "$T/lv.json")" = \
      '[[1,"mbr","lvm2-pv",65011712,null,null,null],[2,"lvm2","empty",2097152,"vg_deb/swap","vg_deb","swap"],[3,"lvm2","ext",25165824,"vg_deb/root","vg_deb","root"]]' ]
check "LVM: the Debian installation on vg_deb/root, its host read through both segments" \
    [ "$(jq -c '.[0].installations[] | [.partition, .os.family, .os.product_name, .host.nt, .kvp.guest_parameters.values.VirtualMachineName.data]' "$T/lv.json")" = \
      '[3,"linux","Debian GNU/Linux 12 (bookworm)","10.0","deb-12"]' ]
$HV --json "$OUT/linux-lvm.qcow2" > "$T/lvq.json" 2> /dev/null
check "LVM: the same disk as QCOW2 reads the same" \
    cmp -s <(jq -S '.[0] | del(.path, .run, .image)' "$T/lv.json") <(jq -S '.[0] | del(.path, .run, .image)' "$T/lvq.json")
$HV "$OUT/linux-lvm.vhdx" > "$T/lv.txt" 2>&1
check "LVM: text names the volume an installation is on" \
    grep -q '^  partition 3 (LVM volume vg_deb/root): Debian GNU/Linux 12 (bookworm)$' "$T/lv.txt"

$HV --json "$OUT/linux-lvm2.vhd" > "$T/lv2.json" 2> "$T/lv2.err"; rc=$?
check "LVM over two PVs: root across both from the newer metadata (the wrapped ring), RHEL and its 2022 host (rc $rc)" all \
    [ $rc -eq 0 ] -- \
    [ "$(jq -c '.[0].installations[] | [.partition, .os.product_name, .host.nt, .kvp.guest_parameters.values.HostName.data]' "$T/lv2.json")" = \
      '[3,"Red Hat Enterprise Linux 9.4 (Plow)","10.0","hv2022.lab.example"]' ]
check "LVM over two PVs: striped, thin-pool and thin named with their sizes, said not read (warnings, not errors); the hidden volume not listed" all \
    [ "$(jq -c '[.[0].partitions[] | select(.scheme == "lvm2") | [.name, .type, .size, .filesystem]]' "$T/lv2.json")" = \
      '[["rhel/root","linear",25165824,"xfs"],["rhel/striped","striped",4194304,null],["rhel/pool","thin-pool",2097152,null],["rhel/thin1","thin",4194304,null]]' ] -- \
    [ "$(jq -c '[.[0].error, ([.[0].warnings[] | select(test("not read"))] | length), (.[0].warning_kinds | map(select(. == "fs-not-read")) | length)]' "$T/lv2.json")" = '[null,3,3]' ]

# damage: the text checksum of the one PV's metadata -> that PV's error, named by layer; nothing else lost
qemu-img convert -q -f qcow2 -O raw "$OUT/linux-lvm.qcow2" "$T/lvbad.raw"
python3 -c "
import sys; f = open(sys.argv[1], 'r+b'); f.seek((1 << 20) + 4096 + 512 + 20); b = f.read(1); f.seek(-1, 1); f.write(bytes([b[0] ^ 1]))" "$T/lvbad.raw"
$HV --json "$T/lvbad.raw" > "$T/lvbad.json" 2> "$T/lvbad.err"; rc=$?
check "LVM: a damaged metadata text is the PV's error (exit $rc), its volumes not listed" all \
    [ $rc -ne 0 ] -- [ $rc -lt 64 ] -- \
    grep -q 'partition 1: LVM physical volume .*: metadata area 1: text checksum mismatch' "$T/lvbad.err" -- \
    [ "$(jq '.[0].partitions | length' "$T/lvbad.json")" = 1 ]

# the oracle: vslvminfo (libvslvm) on the real volume group of the corpus, and on ours
vsl() { # FILE OFFSET: "name id size data-offset" per LV, from vslvminfo
	vslvminfo -o "$2" "$1" 2> /dev/null | awk -F'\t+' '
	    /^Logical Volume/ { lv = 1 } /^Physical Volume/ { lv = 0 }
	    lv && /Name:/ { n = $NF } lv && /Identifier:/ { id = $NF }
	    lv && /Size:/ { s = $NF; gsub(/.*\(| bytes\)/, "", s) }
	    lv && /Data area offset:/ { o = $NF; gsub(/.*\(|\)/, "", o); print n, id, s, o }'
}
ours() { # JSON PVOFF PESTART: the same from our record
	jq -r --argjson pv "$2" --argjson pe "$3" '.[0].partitions[] | select(.scheme == "lvm2") |
	    "\(.lvm.logical_volume) \(.lvm.uuid) \(.size) \(.offset - $pv - $pe)"' "$1"
}
CORPUS_LVM=$CORPUS/dfvfs/lvmtest.qcow2
if [ -f "$CORPUS_LVM" ]; then
	qemu-img convert -q -f qcow2 -O raw "$CORPUS_LVM" "$T/lvmtest.raw"
	$HV --json "$CORPUS_LVM" > "$T/lvmtest.json" 2> /dev/null
	vsl "$T/lvmtest.raw" 0 > "$T/lvmtest.vsl"
	ours "$T/lvmtest.json" 0 1048576 > "$T/lvmtest.ours"
	check "LVM, a real volume group (corpus lvmtest.qcow2): every LV's name, id, size and place as vslvminfo reads them" all \
	    [ "$(wc -l < "$T/lvmtest.vsl")" -eq 2 ] -- cmp -s "$T/lvmtest.vsl" "$T/lvmtest.ours"
	check "LVM, a real volume group: both volumes are ext2, as fsextinfo says at the same offsets" all \
	    [ "$(jq -c '[.[0].partitions[] | .filesystem]' "$T/lvmtest.json")" = '["lvm2-pv","ext","ext"]' ] -- \
	    sh -c "fsextinfo -o 1048576 '$T/lvmtest.raw' | grep -q 'File system.*ext2'" -- \
	    sh -c "fsextinfo -o 9437184 '$T/lvmtest.raw' | grep -q 'File system.*ext2'"
else
	skip "LVM: the corpus's lvmtest.qcow2 is not at $CORPUS_LVM"
fi
# ours against libvslvm, the single-segment volume (libvslvm 20181227 cannot open a volume of two segments on one PV)
qemu-img convert -q -f qcow2 -O raw "$OUT/linux-lvm.qcow2" "$T/lv.raw"
check "LVM: vg_deb/swap's id, size and place as vslvminfo reads them" \
    [ "$(vsl "$T/lv.raw" 1048576 | head -1)" = "$(ours "$T/lv.json" 1048576 1048576 | head -1)" ]
# linux-lvm-gpt.vhdx: Ubuntu's layout (GPT, the PV in partition 2, one segment): the LV against
# vslvminfo, the installation on it
qemu-img convert -q -f vhdx -O raw "$OUT/linux-lvm-gpt.vhdx" "$T/lg.raw"
$HV --json "$OUT/linux-lvm-gpt.vhdx" > "$T/lg.json" 2> /dev/null
check "LVM, Ubuntu's layout: ubuntu-vg/ubuntu-lv's id, size and place as vslvminfo reads them; the installation on it" all \
    [ "$(vsl "$T/lg.raw" 5242880)" = "$(ours "$T/lg.json" 5242880 1048576)" ] -- \
    [ -n "$(vsl "$T/lg.raw" 5242880)" ] -- \
    [ "$(jq -c '[.[0].installations[] | [.partition, .os.family]]' "$T/lg.json")" = '[[3,"linux"]]' ]
