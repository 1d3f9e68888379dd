#!/bin/bash
# tests/fuzz/run.sh (make fuzz): seed each harness's corpus, run it for FUZZ_SECONDS,
# report executions and crashes.  Crashing inputs land in tests/fuzz/crashes/ (as
# libFuzzer names them) to become regression inputs in tests/fuzz/regress/HARNESS/,
# which every run replays first.  FUZZ_SMOKE=1 (make check): a fresh corpus of the
# seeds alone each time, so the smoke run does not depend on earlier runs.
set -u
cd "$(dirname "$0")/../.."
FZ=${FZ:-build-fuzz}
S=${FUZZ_SECONDS:-60}
OUT=fixtures/out
C=../shared/corpus
mkdir -p tests/fuzz/crashes
rc=0
for name in ${FUZZERS:-fuzz_part fuzz_vdisk fuzz_hivelog fuzz_hive fuzz_ntfs fuzz_pipeline fuzz_vss fuzz_jsonl fuzz_kvppool fuzz_ext fuzz_lvm fuzz_xfs fuzz_linuxtext fuzz_bde}; do
	CD=$FZ/corpus_$name
	[ -z "${FUZZ_SMOKE:-}" ] || { CD=$FZ/smoke_$name; rm -rf "$CD"; }
	mkdir -p "$CD"
	case $name in
	fuzz_part)
		for f in $OUT/mbr-gen1.raw $OUT/bare-ntfs.raw; do head -c 65536 "$f" > "$CD/$(basename "$f")"; done
		[ -d $C ] && cp $C/plaso/tsk_volume_system.raw "$CD/" 2>/dev/null
		max=1048576 ;;
	fuzz_vdisk)
		for f in $OUT/chain/vhd/cp1.avhd $OUT/chain/vhdx/cp2.avhdx $OUT/gpt-64k.vhd $OUT/sample.vhdx \
		    $OUT/vlog.vhdx $OUT/dirty.vhdx; do
			python3 tests/fuzz/sparsify.py "$f" "$CD/$(basename "$f").sp" 131072
		done
		max=262144 ;;
	fuzz_ntfs)
		python3 tests/fuzz/sparsify.py $OUT/bare-ntfs.raw "$CD/bare-ntfs.sp" 1048576
		max=524288 ;;
	fuzz_jsonl)
		# records of every kind: plain, --cross-check, --history, --key, a hive, an error
		i=0
		for o in "" "-C" "--history" "-k SOFTWARE\\Microsoft\\Windows_NT\\CurrentVersion"; do
			./hvinspect -q -j 1 $o -o jsonl $OUT/sample.vhdx $OUT/hostile-kvp.vhdx $OUT/history.vhdx \
			    $OUT/chain/lonely/cp1.avhdx 2> /dev/null | while IFS= read -r l; do
				i=$((i + 1)); printf '%s' "$l" > "$CD/rec-${o%% *}-$i"; done
		done
		./hvinspect --hive -q -C -o jsonl $OUT/hives/sw-hostile | head -c 65536 > "$CD/hive"
		max=65536 ;;
	fuzz_vss)
		# history.vhdx's volume with its generated shadow copy (fixtures/gen/mkvss.c)
		# (its VSS header in $Boot and the copy's area at 41 MiB, the rest zero: a small seed)
		qemu-img convert -q -f vhdx -O raw $OUT/history.vhdx "$CD/history.raw"
		python3 - "$CD/history.raw" "$CD/history-vol.raw" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()[1 << 20:]
keep = bytearray(len(d))
for a, b in ((0, 1 << 14), (41 << 20, (41 << 20) + (1 << 20))):
    keep[a:b] = d[a:b]
open(sys.argv[2], 'wb').write(keep)
PY
		python3 tests/fuzz/sparsify.py "$CD/history-vol.raw" "$CD/history-vol.sp" 524288
		rm -f "$CD/history.raw" "$CD/history-vol.raw"
		max=524288 ;;
	fuzz_pipeline)
		for f in $OUT/bare-ntfs.raw $OUT/mbr-gen1.raw $OUT/sample.vhdx $OUT/gpt-64k.vhd $OUT/hostile-kvp.vhdx $OUT/partial.vhdx \
		    $OUT/linux.vhdx $OUT/linux-lvm2.vhd $OUT/linux-xfs.vhdx $OUT/bitlocker.vhdx $OUT/linux-lvm-gpt.vhdx; do
			python3 tests/fuzz/sparsify.py "$f" "$CD/$(basename "$f").sp" 1048576
		done
		# a QCOW2 whose L1 entries all name one L2 table (fixtures/gen/qcowbomb.py), small
		python3 fixtures/gen/qcowbomb.py "$CD/bomb.qcow2" 64
		python3 tests/fuzz/sparsify.py "$CD/bomb.qcow2" "$CD/bomb.qcow2.sp" 1048576
		rm -f "$CD/bomb.qcow2"
		max=524288 ;;
	fuzz_hivelog)
		# our generated dirty hive and its .LOG1 (small: tens of thousands of runs a second), then
		# the yarp corpus's dirty hives when present
		python3 - $OUT/hives/sw-dirty-log $OUT/hives/sw-dirty-log.LOG1 "$CD/sw-dirty-log" <<'PY'
import struct, sys
h, l = (open(p, 'rb').read() for p in sys.argv[1:3])
open(sys.argv[3], 'wb').write(struct.pack('<III', len(h), len(l), 0) + h + l)
PY
		if [ -d $C/yarp ]; then
			for d in NewDirtyHive1 OldDirtyHive; do
				h=$C/yarp/$d/$(ls $C/yarp/$d | grep -v '\.' | grep -v Recovered | head -1)
				python3 - "$h" "$h.LOG1" "$h.LOG2" "$CD/$d" <<'PY'
import struct, sys
parts = [open(p, 'rb').read() for p in sys.argv[1:4]]
open(sys.argv[4], 'wb').write(struct.pack('<III', *map(len, parts)) + b''.join(parts))
PY
			done
		fi
		max=1048576 ;;
	fuzz_kvppool)
		# pool 3 as a Hyper-V host writes it; values left over from longer ones, bytes not UTF-8
		python3 fixtures/gen/kvppool.py "$CD/pool3" HostName=hv.example PhysicalHostName=HV \
		    PhysicalHostNameFullyQualified=hv.example VirtualMachineName=vm-1 \
		    VirtualMachineId=461B2364-3901-4349-B3C2-FA4821CBEEFE HostingSystemEditionId=8 \
		    HostingSystemOsMajor=10 HostingSystemOsMinor=0 HostingSystemNestedLevel=0
		python3 fixtures/gen/kvppool.py "$CD/leftover" HostingSystemOsMajor=6~10 'HostName=h\xff.example~host.example' \
		    HostingSystemOsMinor=3 HostingSystemOsMinor=2
		max=65536 ;;
	fuzz_ext)
		# small ext4 (extents, 4 KiB and 1 KiB blocks, inline data) and ext2 (block maps) volumes
		# of the fixtures' tree without its big log
		st=$FZ/ext-tree
		rm -rf "$st" && cp -a $OUT/linux/tree "$st" && rm -f "$st/var/log/kern.log" "$st/var/log/sparse"
		find "$st/var/lib/many" -name 'file-1*' -delete
		for o in "-t ext4 -b 4096" "-t ext4 -b 1024 -O ^64bit" "-t ext4 -b 4096 -O inline_data" "-t ext2 -b 1024"; do
			n=$(echo "$o" | tr -cd 'a-z0-9'); rm -f "$FZ/$n.img"
			mke2fs -q -F -N 4096 $o -d "$st" "$FZ/$n.img" 4M > /dev/null 2>&1
			python3 tests/fuzz/sparsify.py "$FZ/$n.img" "$CD/$n.sp" 262144
		done
		max=524288 ;;
	fuzz_lvm)
		# our volume groups (one PV; two PVs, one text wrapping its ring) and the corpus's real one:
		# their disks with only each MiB's first 70 KiB kept (labels, metadata areas), sparse; and
		# each PV's metadata text alone ('M' and the text)
		for f in $OUT/linux-lvm.qcow2:qcow2 $OUT/linux-lvm2.vhd:vpc $C/dfvfs/lvmtest.qcow2:qcow2; do
			[ -f "${f%:*}" ] || continue
			n=$(basename "${f%:*}"); qemu-img convert -q -f "${f##*:}" -O raw "${f%:*}" "$FZ/$n.raw"
			python3 - "$FZ/$n.raw" "$CD/$n.txt" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
for at in range(0, len(d), 1 << 20):   # a PV at each MiB: its metadata text, from its area's header
    if d[at + 512:at + 520] == b'LABELONE':
        h = at + 4096
        size = struct.unpack_from('<Q', d, h + 32)[0]
        off, n = struct.unpack_from('<QQ', d, h + 40)
        t = d[h + off:h + min(size, off + n)] + d[h + 512:h + 512 + max(0, off + n - size)]
        open(sys.argv[2] + str(at >> 20), 'wb').write(b'M' + bytes(t).rstrip(b'\0'))
keep = bytearray(len(d))
for at in range(0, len(d), 1 << 20):
    keep[at:at + (70 << 10)] = d[at:at + (70 << 10)]
open(sys.argv[1], 'wb').write(keep)
PY
			python3 tests/fuzz/sparsify.py "$FZ/$n.raw" "$CD/$n.sp" 262144
			rm -f "$FZ/$n.raw"
		done
		max=524288 ;;
	fuzz_xfs)
		# small XFS volumes (version 5; version 4 without file types; 1 KiB blocks and 8 KiB
		# directory blocks) of the fixtures' tree without its big log
		st=$FZ/xfs-tree
		rm -rf "$st" && cp -a $OUT/linux/tree "$st" && rm -f "$st/var/log/kern.log" "$st/var/log/sparse"
		find "$st/var/lib/many" -name 'file-1*' -delete
		python3 fixtures/gen/xfsproto.py "$st" > "$FZ/xfs.proto"
		for o in "-m crc=1" "-m crc=0 -n ftype=0" "-b size=1024 -n size=8192"; do
			n=xfs$(echo "$o" | tr -cd 'a-z0-9'); rm -f "$FZ/$n.img"; truncate -s 16M "$FZ/$n.img"
			TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -q -f $o -p "$FZ/xfs.proto" "$FZ/$n.img" > /dev/null 2>&1
			python3 tests/fuzz/sparsify.py "$FZ/$n.img" "$CD/$n.sp" 262144
		done
		max=524288 ;;
	fuzz_hive)
		for f in $OUT/hives/*; do cp "$f" "$CD/"; done
		# shared cells (fixtures/gen/cellbomb.py): one value cell listed 300 times; 300 value
		# cells naming one data cell
		python3 fixtures/gen/cellbomb.py $OUT/hives/sw-62-tp "$CD/cellbomb" Guest Parameters 300 cell 4096
		python3 fixtures/gen/cellbomb.py $OUT/hives/sw-62-tp "$CD/databomb" Guest Parameters 300 data 4096
		if [ -d $C/yarp ]; then
			for f in $C/yarp/*Hive; do [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 262144 ] && cp "$f" "$CD/"; done
		fi
		max=262144 ;;
	fuzz_bde)
		# small BitLocker volumes (gen/bdemeta.py): locked with three protectors; the first copy
		# damaged and a clear key; and a Vista-style header
		for d in '[]' '[1]'; do
			n=bde$(echo "$d" | tr -cd '0-9')
			printf '{"size": 262144, "volume_id": "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a10", "method": 32772, "created": 133500000000000000, "description": "PC C: 1/2/2026", "protectors": [[0, "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9"], [2048, "11111111-2222-4333-8444-555566667777"], [8192, "99999999-8888-4777-8666-555544443333"]], "damage": %s}' "$d" > "$FZ/$n.json"
			python3 fixtures/gen/bdemeta.py "$CD/$n" "$FZ/$n.json"
		done
		max=262144 ;;
	fuzz_linuxtext)
		# the fixtures' Linux text: os-release, dpkg's database, the kernel logs' boot lines (both
		# syslog stamps, all three host build forms), a real ELF header
		T0=$OUT/linux/tree
		cp $T0/usr/lib/os-release "$CD/os-release"
		cp $T0/var/lib/dpkg/status "$CD/dpkg-status"
		grep -a -E 'Linux version|Hyper-V' $T0/var/log/kern.log > "$CD/kern.log"
		printf 'Dec  1 09:00:00 h kernel: Linux version 5.14.0-427.el9.x86_64 (b) #1\nDec  1 09:00:00 h kernel: Hyper-V: Host Build 10.0.20348.2227-1-0\nDec  1 09:00:01 h kernel: Hyper-V: Hypervisor Build 10.0.26100.1-0-0\n' > "$CD/messages"
		head -c 64 /usr/bin/dash > "$CD/elf"
		max=4096 ;;
	esac
	log=$FZ/$name.log
	if [ -d tests/fuzz/regress/$name ] && [ -n "$(ls tests/fuzz/regress/$name)" ]; then
		if ! ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp "$FZ/$name" -rss_limit_mb=4096 tests/fuzz/regress/$name/* > "$log.regress" 2>&1; then
			echo "$name: a regression input fails again:"; grep -m3 -E 'ERROR|SUMMARY|runtime error' "$log.regress"; rc=1
		fi
	fi
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp "$FZ/$name" -max_total_time="$S" -max_len=$max -rss_limit_mb=4096 \
	    -dict=tests/fuzz/dict/${name#fuzz_}.dict -timeout=${FUZZ_TIMEOUT:-10} \
	    -artifact_prefix=tests/fuzz/crashes/$name- "$CD" > "$log" 2>&1
	r=$?
	execs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*')
	echo "$name: ${S}s, ${execs:-?} executions, exit $r"
	[ $r -eq 0 ] || { rc=1; grep -m3 -E 'ERROR|SUMMARY|runtime error' "$log"; }
done
exit $rc
