# SPDX-License-Identifier: MIT
# tests/e2e/errors.sh: exit codes and one-line errors; truncated, corrupt and random input; a report that cannot be written.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

$HV > /dev/null 2> "$T/err"
check "no args: exit 2" [ $? -eq 2 ]
check "no args: usage on stderr" grep -q '^usage: hvinspect' "$T/err"
$HV --bogus x > /dev/null 2>&1
check "bad option: exit 2" [ $? -eq 2 ]
$HV --help > "$T/help" 2>/dev/null
check "--help: exit 0, to stdout" [ $? -eq 0 -a -s "$T/help" ]
check "--help: documents exit 3" grep -q '3 at least one image could not be inspected' "$T/help"
$HV --version | grep -q 'libvhdi 20210425'
check "--version names the libraries" [ $? -eq 0 ]
$HV --json "$OUT/sample.vhdx" "$T/missing.vhdx" "$OUT" "$OUT/nowin.vhdx" > "$T/mixed.json" 2> "$T/mixed.err"
check "mixed batch: exit 3" [ $? -eq 3 ]
check "mixed batch: 4 records" [ "$(jq length "$T/mixed.json")" = 4 ]
check "mixed batch: good image still reported" [ "$(jq '.[0].installations|length' "$T/mixed.json")" = 1 ]
check "mixed batch: missing file named" [ "$(jq -r '.[1].error' "$T/mixed.json")" = "$T/missing.vhdx: No such file or directory" ]
check "mixed batch: folder refused, -r suggested" [ "$(jq -r '.[2].error' "$T/mixed.json")" = "$OUT: is a folder (use -r to inspect the images below it)" ]
check "mixed batch: one stderr line per bad image" [ "$(wc -l < "$T/mixed.err")" = 2 ]

# One image, damaged: exit 0 or 3, never a signal or a hang; errors name a layer.
damaged() { # file description
	local f=$1 d=$2 rc
	timeout 60 $HV --json "$f" > "$T/d.json" 2> "$T/d.err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		bad "$d: exit $rc (crash or hang?) $(head -c 300 "$T/d.err")"
		return
	fi
	if ! jq -e 'length == 1' "$T/d.json" > /dev/null 2>&1; then
		bad "$d: output is not one JSON record"
		return
	fi
	if [ $rc -eq 3 ]; then
		if [ "$(wc -l < "$T/d.err")" -ne 1 ] || ! grep -Eq "^hvinspect: $f: .*(VHDX|VHD|VMDK|QCOW|partition|NTFS|regf|GPT|MBR|EBR|too small|header|not a )" "$T/d.err"; then
			bad "$d: error is not one line naming a layer: $(cat "$T/d.err")"
			return
		fi
	fi
	# Text and CSV are fed the same records: the same exit code, no crash, no raw control byte.
	local m
	for m in text csv; do
		timeout 60 $HV -o $m "$f" > "$T/d.$m" 2> /dev/null
		if [ $? -ne $rc ] || grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/d.$m"; then
			bad "$d: -o $m: another exit code or a control byte (JSON: $rc)"
			return
		fi
	done
	ok
}
for f in sample.vhdx mbr-gen1.vhd mbr-ext.vhd gpt-64k.vhd gpt-4k.vhdx mbr-gen1.raw; do
	size=$(stat -c %s "$OUT/$f")
	for cut in 0 1 511 512 4096 65536 131072 196608 1048576 2097152 3145728 4194304 \
	    $((size / 4)) $((size / 3)) $((size / 2)) $((size * 2 / 3)) $((size * 3 / 4)) $((size - 512)) $((size - 1)); do
		[ "$cut" -lt "$size" ] || continue
		head -c "$cut" "$OUT/$f" > "$T/cut.${f##*.}"
		damaged "$T/cut.${f##*.}" "$f cut at $cut"
	done
done
# The cut files that must fail, with the layer that must be named.
head -c 100000 "$OUT/sample.vhdx" > "$T/a.vhdx"
$HV "$T/a.vhdx" > /dev/null 2> "$T/err"; rc=$?
check "vhdx cut in headers: exit 3 naming VHDX" all [ $rc -eq 3 ] -- grep -q "^hvinspect: $T/a.vhdx: VHDX header: " "$T/err"
head -c 20000000 "$OUT/mbr-gen1.raw" > "$T/a.raw"
$HV "$T/a.raw" > /dev/null 2> "$T/err"; rc=$?
check "raw cut mid-partition: exit 3 naming the partition" all [ $rc -eq 3 ] -- grep -q "partition 2: extends past the end of the disk" "$T/err"

# Corruptions at known places.
poke() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
cp "$OUT/mbr-gen1.raw" "$T/c.raw"
off=$(grep -obUaP 'regf' "$T/c.raw" | tail -n +1 | awk -F: '$1 > 9437184 {print $1; exit}')
if [ -n "$off" ]; then
	poke "$T/c.raw" "$off" 'XXXX'
	$HV "$T/c.raw" > /dev/null 2> "$T/err"; rc=$?
	check "hive signature broken: exit 3" [ $rc -eq 3 ]
	check "hive signature broken: message" grep -q 'partition 2: NTFS: \\Windows\\System32\\config\\SOFTWARE: regf: not a registry hive' "$T/err"
else
	bad "no regf signature found in mbr-gen1.raw"
fi
cp "$OUT/mbr-gen1.raw" "$T/m.raw"
# NTFS of partition 2: the MFT's first record (cluster number at boot sector + 0x30).
p2=$((18432 * 512))
mftc=$(od -An -tu8 -j $((p2 + 48)) -N8 "$T/m.raw" | tr -d ' ')
poke "$T/m.raw" $((p2 + mftc * 4096)) 'BAAD'
$HV "$T/m.raw" > /dev/null 2> "$T/err"; rc=$?
check "MFT record 0 broken: exit 3 naming NTFS" all [ $rc -eq 3 ] -- grep -q '^hvinspect: .*: partition 2: NTFS: ' "$T/err"
cp "$OUT/sample.vhdx" "$T/g.vhdx"
qemu-img convert -q -O raw "$T/g.vhdx" "$T/g.raw"
poke "$T/g.raw" $((512 + 40)) '\377'
$HV --json "$T/g.raw" > "$T/g.json" 2>/dev/null
check "primary GPT broken: backup used, still offered" [ "$(jq -r '.[0].installations[0].windows_update.offered' "$T/g.json")" = true ]
check "primary GPT broken: warning" grep -q 'primary GPT damaged' "$T/g.json"

# Not a disk at all: deterministic pseudo-random bytes.
gzip -c -n "$OUT/sample.vhdx" | head -c 1048576 > "$T/random.img"
$HV --json "$T/random.img" > "$T/r.json" 2>/dev/null; rc=$?
check "random file: exit 0 or 3" [ $rc -eq 0 -o $rc -eq 3 ]
check "random file: no installation" [ "$(jq '.[0].installations|length' "$T/r.json")" = 0 ]

# No quiet pass in CI: what is no disk image is an error (exit 3, not judged), never "no Windows"
# that a gate such as -R not-offered passes. Compressed files and archives (fixtures/gen/packed.py:
# the usual disk.vhdx.gz and its kin) name their format and what to do; a bare registry hive says
# to use --hive; a raw file with no partition table and no file system is no disk we can read.
mkdir -p "$T/packed"
python3 fixtures/gen/packed.py "$OUT/sample.vhdx" "$T/packed"
for f in "$T"/packed/sample.vhdx.*; do
	ext=${f##*.}
	$HV -R not-offered -o jsonl "$f" > "$T/p.jsonl" 2> "$T/p.err"; rc=$?
	case $ext in
	gz) want='gzip-compressed data: decompress it first (gunzip)' ;;
	xz) want='xz-compressed data: decompress it first (unxz)' ;;
	bz2) want='bzip2-compressed data: decompress it first (bunzip2)' ;;
	zst) want='zstd-compressed data: decompress it first (unzstd)' ;;
	lz4) want='lz4-compressed data: decompress it first (unlz4)' ;;
	zip) want='a zip archive: extract the image from it first (unzip)' ;;
	7z) want='a 7z archive: extract the image from it first (7z x)' ;;
	tar) want='a tar archive: extract the image from it first (tar -x)' ;;
	esac
	check "sample.vhdx.$ext under -R not-offered: refused, exit 3, the format and what to do said, format not-a-disk (rc $rc)" all \
	    [ $rc -eq 3 ] -- grep -qxF "hvinspect: $f: $want" "$T/p.err" -- \
	    [ "$(jq -c '[.image.format, (.installations | length), .gates_failed]' "$T/p.jsonl")" = '["not-a-disk",0,null]' ]
done
$HV -R not-offered "$OUT/hives/sw-62-tp" > /dev/null 2> "$T/p.err"; rc=$?
check "a bare registry hive without --hive: an error that says to use --hive, exit 3 (rc $rc)" all [ $rc -eq 3 ] -- \
    grep -qF 'sw-62-tp: a registry hive, not a disk image: read it with --hive' "$T/p.err"
head -c 4194304 /dev/zero > "$T/zeros.raw"
python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(random.randbytes(1 << 20))' > "$T/noise.raw"
$HV -R not-offered "$T/noise.raw" "$T/zeros.raw" > /dev/null 2> "$T/p.err"; rc=$?
check "raw files with no partition table and no file system (random, zeros): errors, not clean disks, exit 3 (rc $rc)" all \
    [ $rc -eq 3 ] -- [ "$(grep -c 'no container signature, no partition table and no file system we know at its start: not a disk image we can read' "$T/p.err")" = 2 ]
qemu-img create -q -f vhdx "$T/blank.vhdx" 8M
$HV -R not-offered -o jsonl "$T/blank.vhdx" > "$T/p.jsonl" 2> /dev/null; rc=$?
check "a valid VHDX whose disk is blank: a blank disk, a warning, not an error (rc $rc)" all [ $rc -eq 0 ] -- \
    [ "$(jq -c '[.error, .warnings]' "$T/p.jsonl")" = '[null,["a blank disk: its first MiB is zeros (no partition table, no file system)"]]' ]

# The report could not be written: said, with an exit code of its own.
for fmt in text json jsonl csv; do
	$HV -o $fmt "$OUT/sample.vhdx" > /dev/full 2> "$T/err"; rc=$?
	check "-o $fmt > /dev/full: exit 4, said on stderr" all [ $rc -eq 4 ] -- \
	    grep -qF 'hvinspect: standard output: write error: No space left on device: the report is incomplete' "$T/err"
done
# 24 records (~180 KB) outrun the pipe's 64 KiB buffer, so the write that fails is certain, not a race.
(trap '' PIPE; $HV --json $(for i in $(seq 24); do echo "$OUT/sample.vhdx"; done) 2> "$T/err" | head -c 1 > /dev/null
 echo "${PIPESTATUS[0]}" > "$T/rc")
check "| head with SIGPIPE ignored: exit 4, quietly" all [ "$(cat "$T/rc")" = 4 ] -- [ ! -s "$T/err" ]

# Out of descriptors (a low ulimit -n, -j 16): images wait for a free slot, none is failed.
(ulimit -n 14; $HV -j 16 -o csv $(for f in sample.vhdx nowin.vhdx mbr-gen1.vhd gpt-fixed.vhdx dirty.vhdx gpt-4k.vhdx gpt-64k.vhd h10-old-ic.vhdx; do
    echo "$OUT/$f"; done) > "$T/fd.csv" 2> "$T/fd.err"); rc=$?
check "ulimit -n 14 with -j 16: every image waits its turn and is inspected (rc $rc)" all [ $rc -eq 0 ] -- \
    not grep -q 'cannot start' "$T/fd.err" -- [ "$(tail -n +2 "$T/fd.csv" | cut -d, -f2 | grep -c .)" = 0 ]

# -o jsonl prints records in input order: while the first image is slow, the ones after it wait
# in the parent. Bounded: none starts more than 4 x -j past the oldest not printed, nor while
# 256 MiB of records wait. 40 records of 4 MB behind a first image that hangs until --timeout:
# the parent's own peak (VmRSS, sampled) stays under 120 MB (56 MB measured; holding all 39: 185 MB).
if [ -n "${HVF:-}" ] && [ -x "$HVF" ] && ! nm "$HVF" 2> /dev/null | grep -q __asan_init; then
	mkdir -p "$T/many"
	python3 fixtures/gen/cellbomb.py "$OUT/hives/sw-62-tp" "$T/many/h00" Guest Parameters 2 data
	for i in $(seq -w 1 39); do cp "$T/many/h00" "$T/many/h$i"; done
	HVINSPECT_FAULT=hang:h00 "$HVF" --hive -j 2 --timeout 5 -o jsonl -k 'Microsoft\Virtual Machine\Guest\Parameters' \
	    "$T/many/"* > "$T/many.jsonl" 2> /dev/null &
	pid=$! peak=0
	while kill -0 $pid 2> /dev/null; do
		r=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status 2> /dev/null)
		[ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
		sleep 0.1
	done
	wait $pid; rc=$?
	check "-o jsonl behind a hanging first image: 40 records, in order, the parent's peak $((peak / 1024)) MB < 120 MB (rc $rc)" all \
	    [ $rc -eq 3 ] -- [ "$(wc -l < "$T/many.jsonl")" = 40 ] -- [ "$peak" -lt 122880 ] -- \
	    [ "$(jq -r .path "$T/many.jsonl" | sed 's|.*/||' | tr '\n' ' ')" = "$(cd "$T/many" && echo h* '')" ]
else
	skip "the parent's memory behind a slow image: needs the test build without ASan (its quarantine holds freed memory)"
fi
