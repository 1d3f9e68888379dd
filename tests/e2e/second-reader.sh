# SPDX-License-Identifier: MIT
# tests/e2e/second-reader.sh: readers we did not write agree: The Sleuth Kit, hivexget, qemu-img.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

# Partitions: our offsets equal mmls's; values: hivexget on the hive icat extracts.
second_reader() { # image json-name
	local img=$1 n=$2 raw=$T/sr.raw
	if command -v mmls >/dev/null 2>&1 && command -v hivexget >/dev/null 2>&1; then :; else
		skip "second reader: no sleuthkit/hivexget"
		return
	fi
	case $img in
	*.raw) raw=$img ;;
	*) qemu-img convert -q -O raw "$img" "$raw" || { bad "$img: qemu-img convert"; return; } ;;
	esac
	local parts=$(jq -r '.[0].partitions[] | select(.scheme != "none") | "\(.offset / 512) \(.size / 512)"' "$T/$n.json" | sort)
	if [ -n "$parts" ]; then
		local theirs=$(mmls -B "$raw" 2>/dev/null | awk '$2 ~ /^[0-9]+:?[0-9]*$/ && $2 != "Meta" && $NF !~ /Unallocated|Extended|Table/ {print $3+0, $5+0}' | sort)
		check "$img: partitions agree with mmls" [ "$parts" = "$theirs" ]
	fi
	local p off inode
	for p in $(jq -r '.[0].installations[].partition' "$T/$n.json"); do
		off=$(jq -r ".[0].partitions[] | select(.index == $p) | .offset / 512" "$T/$n.json")
		inode=$(ifind -f ntfs -o "$off" -n 'Windows/System32/config/SOFTWARE' "$raw" 2>/dev/null)
		if [ -z "$inode" ]; then
			bad "$img: TSK finds no SOFTWARE in partition $p"
			continue
		fi
		icat -f ntfs -o "$off" "$raw" "$inode" > "$T/sr.hive"
		if ! hivexget "$T/sr.hive" '\Microsoft\Virtual Machine\Guest\Parameters' > "$T/sr.theirs" 2>/dev/null; then
			: > "$T/sr.theirs" # no such key
		fi
		jq -r ".[0].installations[] | select(.partition == $p) | .kvp.guest_parameters.values // {} | to_entries[] |
		    if .value.type == \"REG_SZ\" then \"\\\"\(.key)\\\"=\\\"\(.value.data)\\\"\"
		    elif .value.type == \"REG_DWORD\" then \"\\\"\(.key)\\\"=dword:\(.value.data | tostring)\"
		    else \"?\" end" "$T/$n.json" > "$T/sr.ours"
		# hivexget prints DWORDs in hex with 8 digits
		sed -E 's/=dword:([0-9a-f]+)$/=dword:\1/' "$T/sr.theirs" | while IFS= read -r l; do
			case $l in
			*=dword:*) printf '%s=dword:%d\n' "${l%%=dword:*}" "0x${l##*=dword:}" ;;
			*) printf '%s\n' "$l" ;;
			esac
		done | sort > "$T/sr.theirs.n"
		sort "$T/sr.ours" > "$T/sr.ours.n"
		check "$img partition $p: Guest\\Parameters agrees with hivexget" diff "$T/sr.ours.n" "$T/sr.theirs.n"
	done
}
for f in sample.vhdx mbr-gen1.raw mbr-gen1.vhd mbr-ext.vhd gpt-fixed.vhdx gpt-64k.vhd dirty.vhdx; do
	second_reader "$OUT/$f" "${f%.*}-${f##*.}"
done
# (gpt-4k.vhdx: qemu cannot open 4Kn VHDX, so it has no second reader here.)
