#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/e2e/history.sh (make test): --history, every host the disk still shows.
#  1. history.vhdx (fixtures/build.sh): four earlier hosts, one per source, and a name left in
#     free cells: each found, with its source, order, time and evidence
#  2. checkpoint chains (VHDX, VHD, QCOW2, VMDK): each level's host, base first
#  3. a dirty hive: the hive as on disk before its logs; an image with one host: exactly one
#  4. --history changes nothing else in any fixture's record
#  5. shadow copies: our reading (vs/vss.h: our check, then libvshadow) beside libvshadow's
#     vshadowinfo (generated store, and Windows-made stores in ../shared/corpus) and TSK's icat
#  6. text, CSV, usage
set -u
cd "$(dirname "$0")/../.."
HV=${HV:-./hvinspect}
VSSDUMP=${VSSDUMP:-build/vssdump}
OUT=fixtures/out
C=../shared/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
hist() { $HV --history --json -j 1 "$OUT/$1" 2> /dev/null | jq -c "[.[0].installations[0].history[] | $2]"; }

# --- 1. history.vhdx ---------------------------------------------------------------------
$HV --history --json "$OUT/history.vhdx" > "$T/h.json"
check "history.vhdx: every source, oldest first, strong and weak as they are" \
    [ "$(jq -c '[.[0].installations[0].history[] | [.source, .evidence, (.host.physical_name // .host.name), .host.nt, .as_of]]' "$T/h.json")" = \
    '[["free-cell","weak","retired-host.example",null,null],["free-cell","weak","hv2012.mid.example",null,null],["free-cell","weak","HV2012MID",null,null],["free-cell","weak","hv2012.mid.example",null,null],["regback","strong","hv2008r2.old.example","6.1","2013-01-15T08:00:00Z"],["hive-log","strong","hv2012.mid.example","6.2","2014-03-01T09:00:00Z"],["shadow-copy","strong","hv2012r2.vss.example","6.3","2014-06-01T12:00:00Z"],["live","strong","tphost.lab.example","6.4","2014-11-20T10:22:31Z"]]' ]
check "history.vhdx: where each came from, and what dates it" \
    [ "$(jq -c '[.[0].installations[0].history[] | select(.evidence == "strong") | [.where, .as_of_basis]]' "$T/h.json")" = \
    '[["RegBack\\SOFTWARE","key last written"],["SOFTWARE.LOG1 sequence 6","key last written"],["shadow copy {44332211-6655-4877-899a-abbccddeef01}","shadow copy created"],[null,"key last written"]]' ]
check "history.vhdx: hosts seen, strong and weak never in one entry" \
    [ "$(jq -c '[.[0].installations[0].hosts_seen[] | [.name, .nt, .evidence]]' "$T/h.json")" = \
    '[["retired-host.example",null,"weak"],["hv2012.mid.example",null,"weak"],["HV2012MID",null,"weak"],["hv2008r2.old.example","6.1","strong"],["hv2012.mid.example","6.2","strong"],["hv2012r2.vss.example","6.3","strong"],["tphost.lab.example","6.4","strong"]]' ]
check "history.vhdx: the retired name is in a free cell only: weak, at its cell" \
    grep -q '"cell at 0x[0-9a-f]*"' <(jq '.[0].installations[0].history[0].where' "$T/h.json")
check "history.vhdx: no notes, the verdict on the live host (6.4, offered)" \
    [ "$(jq -c '.[0].installations[0] | [.history_notes, .host.nt, .windows_update.offered]' "$T/h.json")" = '[[],"6.4",true]' ]

# --- 2. checkpoint chains ------------------------------------------------------------------
for c in vhdx/cp2.avhdx vhd/cp2.avhd qcow2/cp2.qcow2 vmdk/cp2.vmdk; do
	base=$(basename "$(dirname "$c")")
	want="[[\"checkpoint\",\"base.${base/vmdk/vmdk}\",\"hv2012r2.corp.example\",\"6.3\"],[\"checkpoint\",\"cp1.${c##*.}\",\"tphost.lab.example\",\"6.4\"],[\"live\",null,\"tphost\",\"6.4\"]]"
	case $c in
	vhdx/*) want=${want/base.vhdx/base.vhdx} ;;
	vhd/*) want=${want/base.vhd\"/base.vhd\"} ;;
	esac
	got=$(hist "chain/$c" '[.source, .where, .host.name, .host.nt]')
	check "chain/$c: each level's host, base first ($got)" \
	    grep -q '^\[\["checkpoint","base\.[a-z0-9]*","hv2012r2.corp.example","6.3"\],\["checkpoint","cp1\.[a-z0-9]*","tphost.lab.example","6.4"\],\["live",null,"tphost","6.4"\]\]$' <<< "$got"
done
$HV --history -o csv "$OUT/chain/qcow2/cp2.qcow2" > "$T/c.csv"
check "CSV with --history: one row per observation, named columns" \
    [ "$(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print([(x["source"], x["where"], x["host_nt"], x["evidence"]) for x in r])' "$T/c.csv")" = \
    "[('checkpoint', 'base.qcow2', '6.3', 'strong'), ('checkpoint', 'cp1.qcow2', '6.4', 'strong'), ('live', '', '6.4', 'strong')]" ]

# --- 3. logs; one host ----------------------------------------------------------------------
check "a dirty hive: SOFTWARE as on disk before its logs (6.3), then the live key (6.4) that its log gave" \
    [ "$(hist log-replay.vhdx '[.source, .where, .host.nt, (.merged | map(.where))]')" = \
    '[["hive-log","SOFTWARE as on disk (sequence 5), before its logs","6.3",[]],["live",null,"6.4",["SOFTWARE.LOG1 sequence 5"]]]' ]
check "an image with one host: exactly one observation, one host" \
    [ "$($HV --history --json "$OUT/sample.vhdx" | jq -c '.[0].installations[0] | [(.history | length), (.hosts_seen | length), .history[0].source]')" = '[1,1,"live"]' ]
check "an empty RegBack\\SOFTWARE (Windows 10 1803+): said, no observation" \
    [ "$($HV --history --json "$OUT/h10-old-ic.vhdx" | jq -c '.[0].installations[0] | [(.history | length), .history_notes]')" = \
    '[1,["RegBack\\SOFTWARE is an empty file (Windows 10 1803 and later keep it so)"]]' ]

# --- 4. nothing else changes ------------------------------------------------------------------
n=0 bad=
for f in $(cd $OUT && find . -maxdepth 2 -type f \( -name '*.vhd*' -o -name '*.avhd*' -o -name '*.raw' -o -name '*.qcow2' -o -name '*.vmdk' \) | sed 's|^\./||' | sort); do
	n=$((n + 1))
	a=$($HV --json -j 1 "$OUT/$f" 2> /dev/null | jq -S -c 'map(del(.run))')
	b=$($HV --history --json -j 1 "$OUT/$f" 2> /dev/null | jq -S -c 'map(del(.run)) | .[].installations[] |= (.history = null | .hosts_seen = null | .history_notes = null)')
	[ "$a" = "$b" ] || bad="$bad $f"
done
check "--history changes nothing else in the record, its run aside ($n fixtures${bad:+; differ:$bad})" [ -z "$bad" ]

# --- 5. shadow copies: ours beside vshadowinfo and icat ----------------------------------------
qemu-img convert -q -f vhdx -O raw "$OUT/history.vhdx" "$T/h.raw"
vshadowinfo -o 1048576 "$T/h.raw" > "$T/vi.txt" 2>&1
$VSSDUMP "$T/h.raw" 1048576 > "$T/vd.txt"
stores_match() { # vshadowinfo output, vssdump output: the same identifiers and creation times
	diff <(awk -F'\t: ' '/Identifier/ {id = $2} /Creation time/ {print id}' "$1") \
	    <(awk '/^store [0-9]/ {gsub(/[{}]/, "", $3); print $3}' "$2") > /dev/null &&
	[ "$(grep -c '^store ' "$2")" = "$(sed -n 's/.*Number of stores:[^0-9]*\([0-9]*\).*/\1/p' "$1")" ]
}
check "history.vhdx's generated shadow copy: libvshadow's vshadowinfo lists what we read (id, 2014-06-01 12:00)" \
    all stores_match "$T/vi.txt" "$T/vd.txt" -- grep -q '^store 1 {44332211-6655-4877-899a-abbccddeef01} 2014-06-01T12:00:00Z ' "$T/vd.txt"
$VSSDUMP "$T/h.raw" 1048576 1 '\Windows\System32\config\SOFTWARE' > "$T/vsw"
check "the shadow copy's SOFTWARE is host D's hive (the one the generator stored)" \
    grep -q 'hv2012r2.vss.example' <($HV --hive --json -k 'Microsoft\Virtual Machine\Guest\Parameters' "$T/vsw" 2> /dev/null)
if [ -f "$C/plaso/vsstest.qcow2" ]; then
	qemu-img convert -q -O raw "$C/plaso/vsstest.qcow2" "$T/v.raw"
	vshadowinfo "$T/v.raw" > "$T/vi.txt" 2>&1
	$VSSDUMP "$T/v.raw" 0 > "$T/vd.txt"
	check "plaso vsstest (Windows-made, 2 stores): vshadowinfo's stores are ours ($(tr '\n' ' ' < "$T/vd.txt"))" \
	    all stores_match "$T/vi.txt" "$T/vd.txt" -- [ "$(grep -c '^store ' "$T/vd.txt")" = 2 ]
	# what each store holds: syslog.gz and another_file came after store 1, password.txt after store 2
	got=
	for s in 1 2; do
		for p in syslog.gz another_file password.txt; do
			$VSSDUMP "$T/v.raw" 0 $s "\\$p" > "$T/f" 2> /dev/null && got="$got $s:$p"
		done
	done
	check "plaso vsstest: the files each store holds ($got)" [ "$got" = " 2:syslog.gz 2:another_file" ]
	$VSSDUMP "$T/v.raw" 0 2 '\syslog.gz' > "$T/f"
	check "plaso vsstest: store 2's syslog.gz is byte for byte TSK icat's of the volume" \
	    cmp -s "$T/f" <(icat "$T/v.raw" "$(ifind -n /syslog.gz "$T/v.raw")")
else
	skip "../shared/corpus absent: Windows-made shadow copies not read"
fi
$VSSDUMP "$OUT/sample.vhdx" $((12288 * 512)) > "$T/none.txt" 2>&1
check "a volume never shadow-copied: no stores ($(head -c 100 "$T/none.txt"))" grep -qx 'stores 0' "$T/none.txt"

# --- 6. text, usage ------------------------------------------------------------------------------
$HV --history "$OUT/history.vhdx" > "$T/t.txt"
check "text: a timeline, oldest first, weak said" \
    all grep -q '^    History          4 hosts seen (strong evidence), 2 more in free hive cells only (weak); oldest first:$' "$T/t.txt" -- \
    grep -q '^      2014-06-01 12:00:00 UTC shadow-copy shadow copy {44332211-6655-4877-899a-abbccddeef01}: hv2012r2.vss.example, NT 6.3' "$T/t.txt" -- \
    grep -q '^      (undated)               free-cell   cell at 0x[0-9a-f]* (weak): retired-host.example$' "$T/t.txt"
# The summary counts each host once: a name seen both strongly and in free cells is strong only
# (hv2012.mid.example: 3 weak-only before, 2 now), and a short name is its FQDN's host: the weak
# retired-host.example renamed TPHOST (the live host tphost.lab.example's short name) is no more.
$HV --history -o jsonl "$OUT/history.vhdx" 2> /dev/null | jq -c 'walk(if . == "retired-host.example" then "TPHOST" else . end)' > "$T/short.jsonl"
check "text: a short name and its FQDN are one host in the summary" \
    grep -q '^    History          4 hosts seen (strong evidence), 1 more in free hive cells only (weak); oldest first:$' \
    <($HV --from-jsonl "$T/short.jsonl" 2> /dev/null)
$HV --hive --history "$OUT/hives/sw-62-tp" > /dev/null 2> "$T/u.err"
check "--hive --history: usage error (exit 2)" all [ $? -eq 2 ] -- grep -q 'does not apply to them' "$T/u.err"
summary history
