# SPDX-License-Identifier: MIT
# tests/e2e/chains.sh: differencing chains: VHD and VHDX checkpoints.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

# The whole virtual disk through our image layer equals the disk it must be.
CH=$OUT/chain
for c in vhdx/cp1.avhdx vhdx/cp2.avhdx vhd/cp1.avhd vhd/cp2.avhd qcow2/cp1.qcow2 qcow2/cp2.qcow2 vmdk/cp1.vmdk \
    vmdk/cp2.vmdk; do
	n=${c#*/cp}
	build/vdump "$CH/$c" > "$T/dump" 2> "$T/err"
	check "chain $c: whole disk == chain${n%%.*}.raw ($(cat "$T/err"))" cmp -s "$T/dump" "$CH/chain${n%%.*}.raw"
done
rm -f "$T/dump"
$HV --json "$CH/vhdx/cp2.avhdx" > "$T/c.json"
check "chain cp2.avhdx: exit 0" [ $? -eq 0 ]
check "chain cp2.avhdx: three levels, child first" [ "$(jq -c '[.[0].image.chain[] | [(.path | split("/") | last), .disk_type]]' "$T/c.json")" = '[["cp2.avhdx","differencing"],["cp1.avhdx","differencing"],["base.vhdx","dynamic"]]' ]
check "chain cp2.avhdx: each parent_identifier is the next identifier" [ "$(jq '[.[0].image.chain as $c | range(0; ($c|length) - 1) | $c[.].parent_identifier == $c[. + 1].identifier] | all' "$T/c.json")" = true ]
check "chain cp2.avhdx: the grandchild's facts (7 on a TP host)" [ "$(jq -r '.[0].installations[0] | [.os.nt, .host.nt] | @csv' "$T/c.json")" = '"6.1","6.4"' ]
$HV --json "$CH/vhd/cp1.avhd" > "$T/c.json"
check "chain cp1.avhd: the child's facts (2012 on a TP host)" [ "$(jq -r '.[0].installations[0] | [.os.nt, .host.nt] | @csv' "$T/c.json")" = '"6.2","6.4"' ]
$HV --json "$CH/vhd/base.vhd" > "$T/c.json"
check "chain base.vhd: the base's facts (2012 R2 host)" [ "$(jq -r '.[0].installations[0].host.nt' "$T/c.json")" = 6.3 ]
$HV "$CH/lonely/cp1.avhdx" > /dev/null 2> "$T/err"; rc=$?
check "missing parent: exit 3, names the file, its id and the folder" all [ $rc -eq 3 ] -- \
    grep -q 'cp1.avhdx: parent "base.vhdx" {[0-9a-f-]*} not found in .*lonely' "$T/err"
$HV "$CH/bad/wrongid.avhdx" > /dev/null 2> "$T/err"; rc=$?
check "wrong parent id: exit 3, says whose id it found" all [ $rc -eq 3 ] -- grep -q 'base.vhdx is {[0-9a-f-]*}, not the parent' "$T/err"
$HV "$CH/bad/linkage2.avhdx" > /dev/null 2>&1
check "parent_linkage2 accepted when parent_linkage is wrong" [ $? -eq 0 ]
$HV "$CH/loop/a.avhd" > /dev/null 2> "$T/err"; rc=$?
check "a -> b -> a: loop, exit 3" all [ $rc -eq 3 ] -- grep -q 'already in the chain: a loop' "$T/err"
# CHAIN_MAX_DEPTH (64) at cap and cap+1: base, cp1, then empty children d01..d63 (mkdiff of a disk onto itself).
mkdir -p "$T/deep" && cp "$CH/vhd/base.vhd" "$CH/vhd/cp1.avhd" "$T/deep/"
prev=cp1.avhd
for i in $(seq -w 1 63); do
	"${B:-build}/mkdiff" vhd "$T/deep/$prev" "$CH/chain1.raw" "$CH/chain1.raw" "$T/deep/d$i.avhd" 2> /dev/null
	prev=d$i.avhd
done
$HV --json "$T/deep/d62.avhd" > "$T/deep.json" 2> "$T/err"; rc=$?
check "chain of 64 levels (the cap): exit 0, read whole" all [ $rc -eq 0 ] -- [ "$(jq '.[0].image.chain | length' "$T/deep.json")" = 64 ] -- \
    [ "$(jq -r '.[0].installations[0].os.nt' "$T/deep.json")" = 6.2 ]
$HV "$T/deep/d63.avhd" > /dev/null 2> "$T/err"; rc=$?
check "chain of 65 levels: exit 3, 'deeper than 64 levels'" all [ $rc -eq 3 ] -- grep -q 'chain deeper than 64 levels' "$T/err"
if command -v strace > /dev/null 2>&1; then
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat,stat,newfstatat,lstat -o "$T/st" $HV "$CH/escape/escape.avhdx" > /dev/null 2> "$T/err"; rc=$?
	check "locator ..\\outside\\base.vhdx: not followed, exit 3" [ $rc -eq 3 ]
	check "locator ..\\outside: nothing outside the child's folder is touched" [ "$(grep -c 'outside' "$T/st")" = 0 ]
fi
$HV -P "$CH/outside" "$CH/escape/escape.avhdx" > /dev/null 2>&1
check "--parent-dir names that folder: found" [ $? -eq 0 ]
# QCOW2 backing files and VMDK parents: found and checked by the same rules, read by the libraries.
$HV --json "$CH/qcow2/cp2.qcow2" > "$T/c.json"
check "chain cp2.qcow2: three levels, the grandchild's facts (7 on a TP host)" all \
    [ "$(jq -c '[.[0].image.chain[] | (.path | split("/") | last)]' "$T/c.json")" = '["cp2.qcow2","cp1.qcow2","base.qcow2"]' ] -- \
    [ "$(jq -r '.[0].installations[0] | [.os.nt, .host.nt] | @csv' "$T/c.json")" = '"6.1","6.4"' ]
$HV --json "$CH/vmdk/cp2.vmdk" > "$T/c.json"
check "chain cp2.vmdk: three levels, each parent_identifier (parentCID) the next identifier (CID)" all \
    [ "$(jq '.[0].image.chain | length' "$T/c.json")" = 3 ] -- \
    [ "$(jq '[.[0].image.chain as $c | range(0; ($c|length) - 1) | $c[.].parent_identifier == $c[. + 1].identifier] | all' "$T/c.json")" = true ]
$HV "$CH/vbad/cp1.vmdk" > /dev/null 2> "$T/err"; rc=$?
check "VMDK parent of another disk: exit 3, the content ids named" all [ $rc -eq 3 ] -- grep -q 'base.vmdk has content id [0-9a-f]*, its child names [0-9a-f]*' "$T/err"
$HV "$CH/qloop/a.qcow2" > /dev/null 2> "$T/err"; rc=$?
check "QCOW2 a -> b -> a: loop, exit 3" all [ $rc -eq 3 ] -- grep -q 'already in the chain: a loop' "$T/err"

# A pending VHDX log: replayed in memory; the disk then equals the newer one, as qemu's replay says too.
$HV --json "$OUT/vlog.vhdx" > "$T/v.json"
check "vlog: exit 0, 1 entry replayed" [ $? -eq 0 -a "$(jq -c '.[0].image.log' "$T/v.json")" = '{"pending":true,"entries_replayed":1,"torn":false}' ]
check "vlog: the logged state (Windows 7), not the on-disk one (2012)" [ "$(jq -r '.[0].installations[0].os.nt' "$T/v.json")" = 6.1 ]
check "vlog: warning says it replayed" grep -q 'VHDX log was pending (the VM was not shut down cleanly): 1 entry replayed in memory' "$T/v.json"
check "vlog: a KVP value that only the log holds" [ "$(jq -r '.[0].installations[0].kvp.guest_parameters.values.HostName.data' "$T/v.json")" = tphost ]
# Torn: one byte of the entry's data sector changed (at 1 MiB + 8 KiB: header sector, then data).
cp "$OUT/vlog.vhdx" "$T/torn.vhdx"
printf 'X' | dd of="$T/torn.vhdx" bs=1 seek=$((1048576 + 8192 + 100)) conv=notrunc status=none
$HV --json "$T/torn.vhdx" > "$T/t.json"; rc=$?
check "torn VHDX log: exit 0, the on-disk state (2012), a warning" all [ $rc -eq 0 -a "$(jq -r '.[0].installations[0].os.nt' "$T/t.json")" = 6.2 ] -- \
    grep -q 'is pending but could not be replayed' "$T/t.json"
build/vdump "$OUT/vlog.vhdx" > "$T/dump"
check "vlog: whole disk after replay == chain2.raw" cmp -s "$T/dump" "$CH/chain2.raw"
cp "$OUT/vlog.vhdx" "$T/q.vhdx"
if qemu-img check -q -r all "$T/q.vhdx" > /dev/null 2>&1 && qemu-img convert -O raw "$T/q.vhdx" "$T/q.raw"; then
	check "vlog: qemu's own log replay gives the same disk as ours" cmp -s "$T/dump" "$T/q.raw"
else
	bad "vlog: qemu-img could not replay the generated log"
fi
rm -f "$T/dump" "$T/q.vhdx" "$T/q.raw"
