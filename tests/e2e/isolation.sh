# SPDX-License-Identifier: MIT
# tests/e2e/isolation.sh: a crash or a hang in one image's job costs that image only; children die with their parent.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

start=$(date +%s)
# (ASan would catch the signal itself: let it through, as in a production build.)
ASAN_OPTIONS=handle_segv=0:detect_leaks=0 HVINSPECT_FAULT=crash:mbr-ext $HVF --json -j 2 "$OUT/sample.vhdx" "$OUT/mbr-ext.vhd" "$OUT/nowin.vhdx" > "$T/f.json" 2> "$T/f.err"; rc=$?
check "injected crash: exit 3, every image has its record, in order" [ $rc -eq 3 -a "$(jq -c '[.[] | .path | split("/") | last]' "$T/f.json")" = '["sample.vhdx","mbr-ext.vhd","nowin.vhdx"]' ]
check "injected crash: the others unaffected" [ "$(jq -c '[.[0].installations[0].windows_update.offered, (.[2].installations | length)]' "$T/f.json")" = '[true,0]' ]
check "injected crash: its record says so" grep -q 'mbr-ext.vhd: crashed (signal 11, Segmentation fault) while being inspected: contained' "$T/f.json"
HVINSPECT_FAULT=hang:sample $HVF -o jsonl --timeout 2 "$OUT/sample.vhdx" "$OUT/nowin.vhdx" > "$T/h.jsonl" 2>/dev/null; rc=$?
check "injected hang: killed after the timeout, exit 3, the other reported" all [ $rc -eq 3 -a "$(wc -l < "$T/h.jsonl")" = 2 ] -- \
    grep -q 'timed out after 2 s: killed' "$T/h.jsonl"
check "injected faults: done within the timeout's reach" [ $(( $(date +%s) - start )) -lt 30 ]
$HV -j 0 "$OUT/sample.vhdx" > /dev/null 2>&1
check "-j 0: usage error" [ $? -eq 2 ]
$HV --json -j 4 $(for f in $FIXTURES; do echo "$OUT/$f"; done) > "$T/par.json" 2>/dev/null
check "-j 4: the same records as one at a time (their runs aside)" diff <(jq -S 'map(del(.image.chain[]?.identifier, .run))' "$T/par.json") \
    <($HV --json -j 1 $(for f in $FIXTURES; do echo "$OUT/$f"; done) 2>/dev/null | jq -S 'map(del(.image.chain[]?.identifier, .run))')

# Children die with their parent, however it dies.
for sig in KILL TERM HUP; do
	HVINSPECT_FAULT=hang:sample ASAN_OPTIONS=detect_leaks=0 $HVF --timeout 0 -j 2 -o jsonl "$OUT/sample.vhdx" "$OUT/nowin.vhdx" \
	    > /dev/null 2>&1 &
	parent=$!
	for i in $(seq 50); do kids=$(pgrep -P $parent); [ -n "$kids" ] && break; sleep 0.1; done
	kill -$sig $parent
	wait $parent 2> /dev/null
	sleep 0.5
	alive=0 # (a zombie waiting for a reaper that may never come, as PID 1 in a container, is dead)
	for k in $kids; do [ -e "/proc/$k" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$k/stat" 2> /dev/null && alive=$((alive + 1)); done
	check "SIG$sig to the parent: its hung child ($kids) dies too" all [ -n "$kids" ] -- [ $alive -eq 0 ]
	for k in $kids; do kill -9 "$k" 2> /dev/null; done
done
