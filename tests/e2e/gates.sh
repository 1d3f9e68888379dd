# SPDX-License-Identifier: MIT
# tests/e2e/gates.sh: --require: CI gates.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

$HV -R kvp -R 'host>=6.4' -R offered "$OUT/log-replay.vhdx" > /dev/null 2> "$T/err"; rc=$?
check "gates: all met -> exit 0, nothing on stderr" [ $rc -eq 0 -a ! -s "$T/err" ]
$HV --json -R kvp -R 'host=6.4' -R no-spoof "$OUT/sample.vhdx" "$OUT/mbr-ext.vhd" > "$T/g.json" 2> "$T/err"; rc=$?
check "gates: one image fails -> exit 1" [ $rc -eq 1 ]
check "gates: the failing image, rule and partition on stderr" grep -q 'mbr-ext.vhd: --require kvp failed: partition 6: KVP is never-ran' "$T/err"
check "gates: JSON per image" [ "$(jq -c '[.[] | [.gates[] | .passed]]' "$T/g.json")" = '[[true,true,true],[false,false,false]]' ]
$HV -R clean "$OUT/dirty.vhdx" > /dev/null 2>&1
check "gates: clean fails on warnings -> exit 1" [ $? -eq 1 ]
$HV -R kvp "$OUT/nowin.vhdx" > /dev/null 2> "$T/err"
check "gates: no Windows fails kvp" all [ $? -eq 1 ] -- grep -q 'no Windows installation found' "$T/err"
$HV -R kvp "$OUT/sample.vhdx" "$T/nonexistent.vhdx" "$OUT/nowin.vhdx" > /dev/null 2>&1
check "gates: an unreadable image wins -> exit 3" [ $? -eq 3 ]
$HV -R 'host>>6' "$OUT/sample.vhdx" > /dev/null 2>&1
check "gates: unknown rule -> usage, exit 2" [ $? -eq 2 ]
# docs/usage.md's table of the gates on an image whose KVP never ran, against what they do on
# one (gpt-fixed.vhdx: no Guest\Parameters); host>=X.Y and host=X.Y as 6.3 and 10.0
check "gates on a never-booted image: the fixture is one (kvp.state never-ran)" \
    [ "$($HV --json "$OUT/gpt-fixed.vhdx" 2> /dev/null | jq -r '.[0].installations[0].kvp.state')" = never-ran ]
sed -n '/^\*\*A golden image that never booted/,/^$/p; /^| `kvp` | /,/^$/p' docs/usage.md | grep '^| `' > "$T/gatetable"
n=0
while IFS='|' read -r _ gates result _; do
	for g in $(echo "$gates" | tr -d '`,' | sed 's/X\.Y/6.3/g'); do
		case $g in host=6.3) g=host=10.0 ;; esac
		opt=; [ "$g" = cross-check ] && opt=-C
		$HV -q $opt -R "$g" "$OUT/gpt-fixed.vhdx" > /dev/null 2>&1; rc=$?
		want=$(echo "$result" | tr -d ' ')
		check "never-booted image, -R $g: $want as docs/usage.md says (exit $rc)" \
		    [ "$([ $rc -eq 0 ] && echo passes || { [ $rc -eq 1 ] && echo fails; } || echo "exit $rc")" = "$want" ]
		n=$((n + 1))
	done
done < "$T/gatetable"
check "never-booted image: every gate of the table was run ($n: the nine of 2026-11 and readable)" [ $n -eq 10 ]
