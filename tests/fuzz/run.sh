#!/bin/bash
# tests/fuzz/run.sh (make fuzz): seed each harness's corpus, run it for FUZZ_SECONDS,
# report executions and crashes.  Crashing inputs land in tests/fuzz/crashes/ (as
# libFuzzer names them) to become regression inputs.
set -u
cd "$(dirname "$0")/../.."
FZ=${FZ:-build-fuzz}
S=${FUZZ_SECONDS:-60}
OUT=fixtures/out
C=../shared/corpus
mkdir -p tests/fuzz/crashes
rc=0
for name in ${FUZZERS:-fuzz_part fuzz_vdisk fuzz_hivelog fuzz_hive}; do
	mkdir -p "$FZ/corpus_$name"
	case $name in
	fuzz_part)
		for f in $OUT/mbr-gen1.raw $OUT/bare-ntfs.raw; do head -c 65536 "$f" > "$FZ/corpus_$name/$(basename "$f")"; done
		[ -d $C ] && cp $C/plaso/tsk_volume_system.raw "$FZ/corpus_$name/" 2>/dev/null
		max=1048576 ;;
	fuzz_vdisk)
		cp $OUT/chain/vhd/cp1.avhd $OUT/chain/vhdx/cp2.avhdx $OUT/gpt-64k.vhd "$FZ/corpus_$name/"
		max=8388608 ;;
	fuzz_hivelog)
		if [ -d $C/yarp ]; then
			for d in NewDirtyHive1 OldDirtyHive; do
				h=$C/yarp/$d/$(ls $C/yarp/$d | grep -v '\.' | grep -v Recovered | head -1)
				python3 - "$h" "$h.LOG1" "$h.LOG2" "$FZ/corpus_$name/$d" <<'PY'
import struct, sys
parts = [open(p, 'rb').read() for p in sys.argv[1:4]]
open(sys.argv[4], 'wb').write(struct.pack('<III', *map(len, parts)) + b''.join(parts))
PY
			done
		fi
		max=1048576 ;;
	fuzz_hive)
		for f in $OUT/hives/*; do cp "$f" "$FZ/corpus_$name/"; done
		if [ -d $C/yarp ]; then
			for f in $C/yarp/*Hive; do [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 262144 ] && cp "$f" "$FZ/corpus_$name/"; done
		fi
		max=262144 ;;
	esac
	log=$FZ/$name.log
	ASAN_OPTIONS=detect_leaks=1 "$FZ/$name" -max_total_time="$S" -max_len=$max -rss_limit_mb=4096 \
	    -dict=tests/fuzz/dict/${name#fuzz_}.dict -timeout=${FUZZ_TIMEOUT:-10} \
	    -artifact_prefix=tests/fuzz/crashes/$name- "$FZ/corpus_$name" > "$log" 2>&1
	r=$?
	execs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*')
	echo "$name: ${S}s, ${execs:-?} executions, exit $r"
	[ $r -eq 0 ] || { rc=1; grep -m3 -E 'ERROR|SUMMARY|runtime error' "$log"; }
done
exit $rc
