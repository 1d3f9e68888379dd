# SPDX-License-Identifier: MIT
# tests/e2e/corpus.sh: the Windows-made and third-party images of ../shared/corpus.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

corpus() { # rel-path
	local src=$CORPUS/$1 dst=$T/corpus/$(basename "${1%.gz}")
	mkdir -p "$T/corpus"
	case $1 in
	*.gz) gzip -dc "$src" > "$dst" ;;
	*) dst=$src ;;
	esac
	echo "$dst"
}
if [ -d "$CORPUS" ]; then
	for f in dissect.hypervisor/fixed.vhd.gz dissect.hypervisor/dynamic.vhd.gz \
	    dissect.hypervisor/fixed.vhdx.gz dissect.hypervisor/dynamic.vhdx.gz; do
		img=$(corpus $f)
		$HV --json "$img" > "$T/w.json" 2> "$T/w.err"
		check "$f: exit 0 ($(cat "$T/w.err"))" [ $? -eq 0 ]
		check "$f: Windows-made MBR, one NTFS partition at LBA 128" \
		    [ "$(jq -c '[.[0].partitions[] | [.scheme, .index, .offset, .size, .filesystem]]' "$T/w.json")" = '[["mbr",1,65536,7340032,"ntfs"]]' ]
		check "$f: no Windows" [ "$(jq '.[0].installations|length' "$T/w.json")" = 0 ]
	done
	img=$(corpus dissect.hypervisor/differencing.avhdx.gz)
	$HV --json "$img" > "$T/w.json" 2> "$T/w.err"; rc=$?
	check "real .avhdx: exit 3" [ $rc -eq 3 ]
	check "real .avhdx: names parent and id" grep -q 'parent "Generation 1_49C4[^"]*avhdx" {ff34003b-11ed-4cf8-a166-b2be05e20b80} not found' "$T/w.err"
	check "real .avhdx: still says what it is" [ "$(jq -r '.[0].image.disk_type' "$T/w.json")" = differencing ]
	img=$(corpus dfir_ntfs/ntfs_index.raw.gz)
	$HV --json "$img" > "$T/w.json" 2>/dev/null
	check "dfir_ntfs ntfs_index: exit 0, 1 NTFS partition, no Windows" \
	    [ $? -eq 0 -a "$(jq -c '[.[0].partitions[].filesystem, (.[0].installations|length)]' "$T/w.json")" = '["ntfs",0]' ]
	img=$(corpus dfir_ntfs/gpt-512-3p.raw.gz)
	$HV --json "$img" > "$T/w.json" 2>/dev/null
	check "dfir_ntfs gpt-512-3p: 3 GPT partitions" [ "$(jq -c '[.[0].partitions[].index]' "$T/w.json")" = '[1,2,3]' ]
	img=$(corpus dfir_ntfs/gpt-512-0p.raw.gz)
	$HV --json "$img" > "$T/w.json" 2>/dev/null
	check "dfir_ntfs gpt-512-0p: GPT, no partitions, exit 0" [ $? -eq 0 -a "$(jq '.[0].partitions|length' "$T/w.json")" = 0 ]
	mkdir -p "$T/tar" && tar -xf "$CORPUS/dfir_ntfs/mbr-win-512.raw.tgz" -C "$T/tar" 2>/dev/null
	img=$(find "$T/tar" -type f | head -1)
	if [ -n "$img" ]; then
		$HV --json "$img" > "$T/w.json" 2>/dev/null
		check "dfir_ntfs mbr-win-512: 3 primaries + 4 logicals" [ "$(jq -c '[.[0].partitions[].index]' "$T/w.json")" = '[1,2,3,5,6,7,8]' ]
	fi
	$HV --json "$CORPUS/plaso/tsk_volume_system.raw" > "$T/w.json" 2>/dev/null
	check "plaso tsk_volume_system: primary 1 and logical 5" [ "$(jq -c '[.[0].partitions[] | [.index, .offset]]' "$T/w.json")" = '[[1,512],[5,180224]]' ]
	$HV --json "$CORPUS/ntfs/testfs1" > "$T/w.json" 2>/dev/null
	check "ntfs testfs1: bare NTFS, no Windows" [ $? -eq 0 -a "$(jq -c '[.[0].partitions[] | [.scheme, .filesystem]]' "$T/w.json")" = '[["none","ntfs"]]' ]
	$HV --json "$CORPUS/dfvfs/image-differential.vhd" > "$T/w.json" 2> "$T/w.err"
	check "dfvfs image-differential.vhd -> image.vhd: exit 0, 2 levels" [ $? -eq 0 -a "$(jq '.[0].image.chain | length' "$T/w.json")" = 2 ]
	check "dfvfs image-differential.vhd: reads as its parent (docs/sources.md L2)" \
	    cmp -s <(build/vdump "$CORPUS/dfvfs/image-differential.vhd") <(build/vdump "$CORPUS/dfvfs/image.vhd")
	$HV --json "$CORPUS/dfvfs/fat-differential.vhd" > "$T/w.json" 2> "$T/w.err"
	check "dfvfs fat-differential: names the missing parent" grep -q 'parent "fat-parent.vhd" {5fa21a55-f394-aa4d-9958-1951a67d5540} not found' "$T/w.err"
	# Dirty hives with their logs, as Windows left them (replay vs recovered is in test_hivelog).
	$HV --hive --json "$CORPUS/yarp/NewDirtyHive1/NewDirtyHive" > "$T/y.json"
	check "yarp NewDirtyHive1: LOG1 then LOG2, 4 entries" [ "$(jq -c '.[0].hive | [.recovered_from, .entries_applied]' "$T/y.json")" = '[["LOG1","LOG2"],4]' ]
	$HV --hive --json "$CORPUS/yarp/BadLogHive3/BadLogHive" > "$T/y.json"; rc=$?
	check "yarp BadLogHive3: corrupt logs: stale, exit 0" [ $rc -eq 0 -a "$(jq '.[0].hive.stale' "$T/y.json")" = true ]
	$HV --hive --json "$CORPUS/DFIRArtifactMuseum/Registry/Win11/NTUSER.DAT" > "$T/y.json"
	check "Win11 NTUSER.DAT: lower-case ntuser.dat.LOG1/2 found and replayed" [ "$(jq '.[0].hive.entries_applied > 0' "$T/y.json")" = true ]
	mkdir -p "$T/regipy"
	for f in SYSTEM_B SYSTEM_B.LOG1 SYSTEM_B.LOG2; do xz -dc "$CORPUS/regipy/$f.xz" > "$T/regipy/$f"; done
	$HV --hive --json --key 'Select' "$T/regipy/SYSTEM_B" > "$T/y.json"; rc=$?
	check "regipy SYSTEM_B (dirty, LOG1/LOG2): exit 0, replayed ($(jq -c '.[0].hive' "$T/y.json"))" \
	    [ $rc -eq 0 -a "$(jq '.[0].hive.dirty and (.[0].hive.stale | not)' "$T/y.json")" = true ]
	check "regipy SYSTEM_B: Select\\Current readable" [ "$(jq '.[0].keys.Select.values.Current.type' "$T/y.json")" = '"REG_DWORD"' ]
	for f in yarp/BadLogHive1/BadLogHive yarp/BadLogHive2/BadLogHive yarp/BadBaseBlockHive/BadBaseBlockHive \
	    yarp/TruncatedDirtyHive DFIRArtifactMuseum/Registry/Win7/NotAHive yarp/GarbageHive; do
		timeout 60 $HV --hive --json "$CORPUS/$f" > "$T/y.json" 2> "$T/y.err"; rc=$?
		check "corpus --hive $f: exit 0 or 3 ($rc), one record" [ \( $rc -eq 0 -o $rc -eq 3 \) -a "$(jq length "$T/y.json")" = 1 ]
	done
	for f in plaso/image.vhd dfvfs/ext2.vhd dfvfs/image.vhd dfvfs/windows_volume.qcow2; do
		damaged "$CORPUS/$f" "corpus $f"
	done
else
	skip "../shared/corpus absent: corpus checks not run"
fi
