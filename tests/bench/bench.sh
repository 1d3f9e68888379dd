#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/bench/bench.sh (make bench): speed and memory, measured, never asserted.
#
# Builds once (cached in $B/bench) a 127 GiB sparse disk: GPT with ESP 100 MiB,
# MSR 16 MiB and a 126.9 GiB NTFS Windows volume whose System32 holds 5,000
# entries and whose SOFTWARE hive is ~70 MB (17,080 filler hive bins first,
# then the keys, Guest\Parameters written last, at the end of the file), as
# dynamic VHDX (1 MiB blocks) and dynamic VHD.  Then prints, from one run:
# median wall time (warm, and cold after dropping the image from the page
# cache with dd iflag=nocache), read syscalls on the image and bytes they
# returned (strace -P), peak RSS (GNU time), for hvinspect on both files (and
# with --cross-check on the VHDX: what the second opinion costs) and
# for the extraction pipeline (tests/bench/bench_extract.sh: mmls, ifind,
# icat -i vhd to a temp file, hivexget), and the ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
D=$B/bench
HV=./hvinspect
RUNS=${RUNS:-20}
mkdir -p "$D"
GiB=1073741824 MiB=1048576

build_image() {
	local W=$D/work
	rm -rf "$W" && mkdir -p "$W/stage/Windows/System32/config"
	echo "bench: building the 127 GiB image (once; cached in $D)"
	"$B/mkregf" --pad 17080 "$W/SOFTWARE" SOFTWARE
	for r in software-base os-6.2 kvp-host-6.4; do
		hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$W/SOFTWARE" "fixtures/reg/$r.reg"
	done
	"$B/mkregf" "$W/SYSTEM" SYSTEM
	for r in system svc-kvp-on; do
		hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$W/SYSTEM" "fixtures/reg/$r.reg"
	done
	cp "$W/SOFTWARE" "$W/SYSTEM" "$W/stage/Windows/System32/config/"
	(cd "$W/stage/Windows/System32" && for i in $(seq -w 1 4999); do : > "f$i.dll"; done)
	wimlib-imagex capture "$W/stage" "$W/win.wim" Windows --compress=none > /dev/null
	local raw=$W/disk.raw total=$((127 * GiB)) first=239616
	local last=$((total / 512 - 34)) n
	truncate -s $total "$raw"
	n=$((last - first + 1))
	printf 'label: gpt\nfirst-lba: 2048\nstart=2048, size=204800, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\nstart=206848, size=32768, type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE\nstart=%d, size=%d, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name="Basic data partition"\n' \
	    $first $n | sfdisk -q --no-reread --no-tell-kernel "$raw"
	truncate -s $((n * 512)) "$W/ntfs.img"
	mkntfs -F -f -q -L Windows -s 512 -c 4096 -p $first -H 255 -S 63 "$W/ntfs.img" > /dev/null 2>&1
	wimlib-imagex apply "$W/win.wim" 1 "$W/ntfs.img" > /dev/null
	qemu-img convert -q -n --target-is-zero -f raw "$W/ntfs.img" --target-image-opts \
	    "driver=raw,offset=$((first * 512)),size=$((n * 512)),file.driver=file,file.filename=$raw"
	qemu-img convert -q -f raw -O vhdx -o subformat=dynamic,block_size=1M "$raw" "$D/big.vhdx"
	qemu-img convert -q -f raw -O vpc -o subformat=dynamic,force_size=on "$raw" "$D/big.vhd"
	ls -l "$W/SOFTWARE" | awk '{print "bench: SOFTWARE hive " $5 " bytes"}'
	rm -rf "$W"
	touch "$D/.built"
}
[ -f "$D/.built" ] || build_image

# The same size for a Linux guest, laid out as RHEL installs one: GPT, an LVM2 physical volume
# of 126.9 GiB (gen/lvm.py), its logical volume root of 126 GiB an XFS (mkfs.xfs's defaults)
# holding os-release, the KVP pool 3 file and a 50 MB /var/log/messages whose last boot logged
# the host build (read from its end).
build_linux() {
	local W=$D/lwork raw=$D/lwork/disk.raw total=$((127 * GiB)) first=2048 n
	rm -rf "$W" && mkdir -p "$W/tree/etc" "$W/tree/var/lib/hyperv" "$W/tree/var/log"
	echo "bench: building the 127 GiB Linux image (once; cached in $D)"
	printf 'NAME="Red Hat Enterprise Linux"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"\nID="rhel"\n' > "$W/tree/etc/os-release"
	python3 fixtures/gen/kvppool.py "$W/tree/var/lib/hyperv/.kvp_pool_3" HostName=hv.bench.example \
	    HostingSystemOsMajor=10 HostingSystemOsMinor=0 VirtualMachineName=bench
	python3 -c "import sys; sys.stdout.write(''.join('Dec  1 09:%02d:%02d rhel kernel: line %d of the log\\n' % (i // 60 % 60, i % 60, i) for i in range(1000000)) + 'Dec  2 09:00:00 rhel kernel: Hyper-V: Host Build 10.0.20348.2227-1-0\\n')" > "$W/tree/var/log/messages"
	python3 fixtures/gen/xfsproto.py "$W/tree" > "$W/proto"
	truncate -s $((126 * GiB)) "$W/root.img"
	mkfs.xfs -q -f -p "$W/proto" "$W/root.img"
	truncate -s $total "$raw"
	n=$((total / 512 - 34 - first))
	printf 'label: gpt\nfirst-lba: 2048\nstart=%d, size=%d, type=E6D6D379-F507-44C2-A23C-238F2A3DF928\n' $first $n |
	    sfdisk -q --no-reread --no-tell-kernel "$raw"
	cat > "$W/lvm.json" <<JSON
{"vg": "rhel", "extent_mib": 4,
 "pvs": [{"name": "pv0", "offset": $((first * 512)), "size": $((n * 512)), "seqno": 5}],
 "lvs": [{"name": "root", "segments": [[0, $((126 * 256)), "pv0", 0]], "file": "$W/root.img"}]}
JSON
	python3 fixtures/gen/lvm.py "$raw" "$W/lvm.json"
	qemu-img convert -q -f raw -O vhdx -o subformat=dynamic,block_size=1M "$raw" "$D/big-linux.vhdx"
	rm -rf "$W"
	touch "$D/.built-linux"
}
[ -f "$D/.built-linux" ] || build_linux

V=$D/big.vhdx H=$D/big.vhd L=$D/big-linux.vhdx
declare -A WARM COLD NREAD NBYTES RSS
cmds=("hvinspect VHDX" "hvinspect VHD" "VHDX -C" "VHDX --history" "extraction VHD" "Linux VHDX" "Linux VHDX -C")
cmd_of() {
	case $1 in
	"hvinspect VHDX") echo "$HV --json $V" ;;
	"hvinspect VHD") echo "$HV --json $H" ;;
	"VHDX -C") echo "$HV --json --cross-check $V" ;;
	"VHDX --history") echo "$HV --json --history $V" ;;
	"extraction VHD") echo "sh tests/bench/bench_extract.sh $H" ;;
	"Linux VHDX") echo "$HV --json $L" ;;
	"Linux VHDX -C") echo "$HV --json --cross-check $L" ;;
	esac
}
img_of() { case $1 in Linux*) echo "$L" ;; *VHDX*) echo "$V" ;; *) echo "$H" ;; esac; }

# Sanity: both must find the same value before anything is timed.
[ "$($HV --json $V | jq -r '.[0].installations[0].kvp.guest_parameters.values.HostingSystemOsMajor.data')" = 6 ]
[ "$(sh tests/bench/bench_extract.sh $H)" = 6 ]
[ "$($HV --json --cross-check $V | jq '.[0].installations[0].cross_check | (.disagreed + .not_checked) | length')" = 0 ]
[ "$($HV --json --cross-check $L | jq -c '.[0].installations[0] | [.host.nt, .host.build.build, (.cross_check | (.disagreed + .not_checked) | length)]')" = '["10.0",20348,0]' ]

median() { jq -r '.results[0].median * 1000' "$1"; }
for c in "${cmds[@]}"; do
	cmd=$(cmd_of "$c") img=$(img_of "$c")
	hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$D/w.json" "$cmd" > /dev/null
	WARM[$c]=$(median "$D/w.json")
	hyperfine -N --runs $((RUNS / 2 > 3 ? RUNS / 2 : 3)) \
	    --prepare "dd if=$img iflag=nocache count=0 status=none" --export-json "$D/c.json" "$cmd" > /dev/null
	COLD[$c]=$(median "$D/c.json")
	strace -f -qq -e trace=read,pread64,readv,preadv -P "$img" -o "$D/trace" $cmd > /dev/null
	NREAD[$c]=$(grep -c ' = [0-9]' "$D/trace" || true)
	NBYTES[$c]=$(awk -F' = ' '{n += $NF} END {print n + 0}' "$D/trace")
	RSS[$c]=$(/usr/bin/time -f %M $cmd 2>&1 > /dev/null | tail -1)
done

# The fleet: 1,000 small distinct images (sparse copies of the bare-NTFS fixture, each with
# its own number written into free space), all at once with -j 2, JSONL out.
F=$D/fleet
if [ ! -f "$F/.built" ]; then
	make -s fixtures > /dev/null
	rm -rf "$F" && mkdir -p "$F"
	for i in $(seq -w 1 1000); do
		cp --sparse=always fixtures/out/bare-ntfs.raw "$F/vm$i.raw"
		printf '%s' "$i" | dd of="$F/vm$i.raw" bs=1 seek=$((20 * MiB)) conv=notrunc status=none
	done
	touch "$F/.built"
fi
hyperfine -N --warmup 1 --runs 5 --export-json "$D/f.json" "$HV -q -j 2 -o jsonl -r $F" > /dev/null
FLEET_S=$(jq -r '.results[0].median' "$D/f.json")
FLEET_N=$($HV -q -j 2 -o jsonl -r "$F" | wc -l)

# --history on a 3-level checkpoint chain (the fixture cp2 <- cp1 <- base): each level read again
CH=fixtures/out/chain/vhdx/cp2.avhdx
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$D/ch.json" "$HV --json $CH" "$HV --json --history $CH" > /dev/null
CH_PLAIN=$(jq -r '.results[0].median * 1000' "$D/ch.json")
CH_HIST=$(jq -r '.results[1].median * 1000' "$D/ch.json")

echo
echo "hvinspect bench: 127 GiB dynamic disk, GPT, ~70 MB SOFTWARE hive, Guest\\Parameters last"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%Y-%m-%d)"
printf '%-16s %12s %12s %12s %14s %10s\n' "" "warm ms" "cold ms" "read calls" "bytes read" "RSS KiB"
for c in "${cmds[@]}"; do
	printf '%-16s %12.1f %12.1f %12d %14d %10d\n' "$c" "${WARM[$c]}" "${COLD[$c]}" "${NREAD[$c]}" "${NBYTES[$c]}" "${RSS[$c]}"
done
e="extraction VHD"
for c in "hvinspect VHDX" "hvinspect VHD"; do
	awk -v a="${WARM[$e]}" -v b="${WARM[$c]}" -v ca="${COLD[$e]}" -v cb="${COLD[$c]}" -v ra="${NREAD[$e]}" -v rb="${NREAD[$c]}" -v n="$c" \
	    'BEGIN {printf "ratio extraction / %s: %.1fx warm, %.1fx cold, %.1fx read calls\n", n, a / b, ca / cb, ra / (rb ? rb : 1)}'
done
awk -v a="${WARM[hvinspect VHD]}" -v b="${WARM[hvinspect VHDX]}" 'BEGIN {printf "hvinspect VHD / VHDX: %.2fx warm\n", a / b}'
awk -v a="${WARM[VHDX -C]}" -v b="${WARM[hvinspect VHDX]}" -v ca="${COLD[VHDX -C]}" -v cb="${COLD[hvinspect VHDX]}" \
    'BEGIN {printf "--cross-check (libvhdi, libfsntfs, libregf again): +%.1f ms warm, +%.1f ms cold\n", a - b, ca - cb}'
awk -v a="${WARM[VHDX --history]}" -v b="${WARM[hvinspect VHDX]}" -v ca="${COLD[VHDX --history]}" -v cb="${COLD[hvinspect VHDX]}" \
    'BEGIN {printf "--history on the bench VHDX (logs, RegBack, shadow copies, the 70 MB hive'"'"'s free cells): +%.1f ms warm, +%.1f ms cold\n", a - b, ca - cb}'
awk -v a="${WARM[Linux VHDX]}" -v b="${WARM[hvinspect VHDX]}" -v ca="${COLD[Linux VHDX]}" -v cb="${COLD[hvinspect VHDX]}" \
    -v ra="${NREAD[Linux VHDX]}" -v rb="${NREAD[hvinspect VHDX]}" -v ma="${RSS[Linux VHDX]}" -v mb="${RSS[hvinspect VHDX]}" \
    'BEGIN {printf "Linux (GPT, LVM2, XFS, 50 MB log) / Windows VHDX of the same size: %.2fx warm, %.2fx cold, %.2fx read calls, %.2fx RSS\n", a / b, ca / cb, ra / (rb ? rb : 1), ma / mb}'
awk -v a="$CH_HIST" -v b="$CH_PLAIN" 'BEGIN {printf "--history on a 3-level VHDX checkpoint chain: %.1f ms, %.1f ms without (+%.1f ms)\n", a, b, a - b}'
awk -v s="$FLEET_S" -v n="$FLEET_N" 'BEGIN {printf "fleet: %d images (-j 2, -o jsonl, -r) in %.2f s median: %.0f images/s\n", n, s, n / s}'
