# SPDX-License-Identifier: MIT
# tests/e2e/claims.sh: names that claim a container the bytes do not hold; FIFOs and devices.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

# Names that claim a container the bytes do not hold: read raw only if a table or file system is there.
python3 -c "import random,sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(1 << 20)))" > "$T/z.vhd"
$HV "$T/z.vhd" > /dev/null 2> "$T/err"; rc=$?
check "random bytes named .vhd: exit 3, not a VHD" all [ $rc -eq 3 ] -- \
    grep -qF "$T/z.vhd: not a VHD: no \"conectix\" footer or header, and no partition table or file system" "$T/err"
$HV -R not-offered -R no-spoof "$T/z.vhd" > /dev/null 2>&1
check "random bytes named .vhd: gates cannot pass (exit 3)" [ $? -eq 3 ]
truncate -s 10M "$T/zeros.vhdx"
$HV --json "$T/zeros.vhdx" > "$T/zeros.json" 2>/dev/null; rc=$?
check "all zeros named .vhdx: exit 3, not a VHDX" all [ $rc -eq 3 ] -- \
    grep -qF 'not a VHDX: no \"vhdxfile\" signature, and no partition table or file system' "$T/zeros.json"
size=$(stat -c %s "$OUT/mbr-gen1.vhd")
head -c $((size - 512)) "$OUT/mbr-gen1.vhd" > "$T/nofooter.vhd"
$HV --json "$T/nofooter.vhd" > "$T/nf.json" 2> "$T/err"; rc=$?
check "fixed VHD with its footer cut off: exit 0, read raw, said so, the same facts" all [ $rc -eq 0 ] -- \
    [ "$(jq -r '.[0].warnings[0]' "$T/nf.json")" = 'named .vhd but has no "conectix" footer or header: read as a raw disk' ] -- \
    cmp -s <(jq -S '.[0].installations' "$T/nf.json") <(jq -S '.[0].installations' "$T/mbr-gen1-raw.json")
cp "$OUT/mbr-gen1.vhd" "$T/vhd-named.vhdx"
$HV --json "$T/vhd-named.vhdx" > "$T/vn.json" 2>/dev/null
check "a VHD named .vhdx: read as the VHD it is, with a warning" \
    [ "$(jq -r '[.[0].image.format, .[0].warnings[0]] | @tsv' "$T/vn.json")" = "$(printf 'vhd\tnamed .vhdx but is a vhd image by its signature: read as one')" ]
cp "$T/z.vhd" "$T/z.img"
$HV "$T/z.img" > /dev/null 2> "$T/err"; rc=$?
check "random bytes named .img (claims nothing): no table, no file system: exit 3, no disk we can read (was exit 0)" all [ $rc -eq 3 ] -- \
    grep -qF "$T/z.img: raw: no container signature, no partition table and no file system we know at its start" "$T/err"

# FIFOs and devices: refused before they are opened, in the walk and in the job; no hang.
mkdir -p "$T/fifo"
cp "$OUT/chain/vhdx/cp1.avhdx" "$T/fifo/"
mkfifo "$T/fifo/base.vhdx"
start=$(date +%s)
timeout 30 $HV -r -o jsonl "$T/fifo" > "$T/fifo.jsonl" 2> /dev/null; rc=$?
check "-r over a FIFO named as the parent a checkpoint names: no hang, exit 3, the FIFO not opened" all [ $rc -eq 3 ] -- \
    [ "$(jq -r '.error' "$T/fifo.jsonl")" = "$T/fifo/cp1.avhdx: parent \"base.vhdx\" {$(jq -r '.image.chain[0].parent_identifier' "$T/fifo.jsonl")} not found in $T/fifo ($T/fifo/base.vhdx: is a FIFO (named pipe), not a file: not opened)" ]
timeout 30 $HV /dev/null "$T/fifo/base.vhdx" > /dev/null 2> "$T/err"; rc=$?
check "a FIFO or a character device on the command line: refused at once, exit 3" all [ $rc -eq 3 ] -- \
    grep -qF '/dev/null: is a character device, not a file or a disk: not opened' "$T/err" -- \
    [ $(( $(date +%s) - start )) -lt 20 ]
