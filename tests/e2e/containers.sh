# SPDX-License-Identifier: MIT
# tests/e2e/containers.sh: QCOW2, VMDK and E01: the same disk as mbr-gen1.raw; a monolithicFlat VMDK descriptor.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

same='[.[0].partitions, .[0].installations]'
for f in gen1.qcow2 gen1-compressed.qcow2 gen1-v2.qcow2 gen1.vmdk gen1-split.vmdk gen1-stream.vmdk gen1-flat.vmdk \
    gen1.E01 gen1-best.E01; do
	$HV --json "$OUT/more/$f" > "$T/more.json" 2> "$T/more.err"; rc=$?
	check "more/$f: exit 0, the same partitions and installations as mbr-gen1.raw ($(head -c 200 "$T/more.err"))" all \
	    [ $rc -eq 0 ] -- cmp -s <(jq -S "$same" "$T/more.json") <(jq -S "$same" "$T/mbr-gen1-raw.json")
done
check "more/: format, disk type (normalised) and the container's own word" [ "$($HV --json "$OUT/more/gen1-split.vmdk" | jq -r '.[0].image | [.format, .disk_type, .subformat] | @tsv')" = "$(printf 'vmdk\tdynamic\ttwoGbMaxExtentSparse')" ]
$HV --json "$OUT/more/gen1-4k.E01" > "$T/more.json" 2> /dev/null
check "more/gen1-4k.E01: the 4Kn disk with the container's 4096-byte sectors (no guess, no warning)" all \
    cmp -s <(jq -S "$same" "$T/more.json") <(jq -S "$same" "$T/mbr-4k-raw.json") -- \
    [ "$(jq -c '[.[0].image.format, .[0].image.disk_type, .[0].image.subformat, .[0].image.sector_size, .[0].warnings]' "$T/more.json")" = \
      '["ewf",null,"EnCase",4096,[]]' ]
$HV "$OUT/more/gen1.E03" > "$T/e03.txt" 2> /dev/null
check "E01 set opened by a later segment's name: the whole set" grep -q '40.0 MiB' "$T/e03.txt"
$HV -q -r -o jsonl "$OUT/more" > "$T/more.jsonl" 2> /dev/null
check "-r more/: 11 disks, VMDK extent files and E02..E05 not reported on their own" all [ "$(wc -l < "$T/more.jsonl")" = 11 ] -- \
    [ "$(jq -s 'map(select(.error == null)) | length' "$T/more.jsonl")" = 11 ]
# libqcow 20201213 reads a version-3 zero cluster from its offset (0: the QCOW2 header): ours are zeros.
cp "$OUT/mbr-gen1.raw" "$T/zero.raw"
dd if=/dev/zero of="$T/zero.raw" bs=64k seek=16 count=1 conv=notrunc status=none
dd if=/dev/zero of="$T/zero.raw" bs=64k seek=320 count=1 conv=notrunc status=none
check "QCOW2 zero clusters read as zeros: whole disk == the raw disk with those 64 KiB zeroed" \
    cmp -s <(build/vdump "$OUT/more/gen1-zero.qcow2") "$T/zero.raw"
rm -f "$T/zero.raw"
$HV "$OUT/hostile/gap.E01" > /dev/null 2> "$T/err"; rc=$?
check "E01 set missing its third segment: exit 3, refused (libewf alone reads zeros there)" all [ $rc -eq 3 ] -- \
    grep -q 'EWF: the set of 2 segment files is incomplete or damaged' "$T/err"
$HV "$OUT/hostile/flip.E01" > /dev/null 2> "$T/err"; rc=$?
check "E01 chunk damaged: exit 3, the sectors named" all [ $rc -eq 3 ] -- \
    grep -q 'partition table: LBA 0: EWF: sectors 0-63 fail their chunk checksum' "$T/err"
$HV "$OUT/hostile/child.qcow2" > /dev/null 2> "$T/err"; rc=$?
check "QCOW2 backing file ../more/gen1.qcow2: looked for by name beside the child only, exit 3" all [ $rc -eq 3 ] -- \
    grep -q 'parent "gen1.qcow2" not found in .*hostile' "$T/err"
$HV --json -P "$OUT/more" "$OUT/hostile/child.qcow2" > "$T/more.json" 2> /dev/null
check "... and found with --parent-dir: mbr-gen1's facts" diff <(jq -S "$same" "$T/more.json") <(jq -S "$same" "$T/mbr-gen1-raw.json")
head -c 5558272 "$OUT/more/gen1.qcow2" > "$T/cut.qcow2"
$HV "$T/cut.qcow2" > /dev/null 2> "$T/err"; rc=$?
check "QCOW2 cut short: exit 3, our own check names the cluster past the end (libqcow never sees it)" all \
    [ $rc -eq 3 ] -- grep -q 'QCOW: cluster [0-9]* at 0x[0-9a-f]* lies past the end of the file' "$T/err"
if command -v strace > /dev/null 2>&1; then
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat -o "$T/st" $HV "$OUT/hostile/escape.vmdk" > /dev/null 2> "$T/err"; rc=$?
	check "VMDK extent ../more/...: exit 3, not opened" all [ $rc -eq 3 ] -- grep -q 'not a plain file name' "$T/err" -- \
	    not grep -q 'gen1-flat-flat' "$T/st"
fi

# A monolithicFlat VMDK descriptor of a few hundred bytes (what wrappers around dd images are).
mkdir -p "$T/flat"
ln -s "$(cd "$OUT" && pwd)/mbr-gen1.raw" "$T/flat/disk-flat.raw"
printf '# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="monolithicFlat"\n\n# Extent description\nRW 81920 FLAT "disk-flat.raw" 0\n\n# The Disk Data Base\n#DDB\n\nddb.adapterType = "ide"\n' > "$T/flat/small.vmdk"
$HV --json "$T/flat/small.vmdk" > "$T/flat.json" 2> "$T/err"; rc=$?
check "a $(stat -c %s "$T/flat/small.vmdk")-byte VMDK descriptor: read, mbr-gen1's facts ($(head -c 200 "$T/err"))" all [ $rc -eq 0 ] -- \
    [ "$(stat -c %s "$T/flat/small.vmdk")" -lt 512 ] -- \
    cmp -s <(jq -S '.[0].installations' "$T/flat.json") <(jq -S '.[0].installations' "$T/mbr-gen1-raw.json")
