#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/e2e/run.sh: the end-to-end suite of the hvinspect command, on fixtures/out/* (built by
# fixtures/build.sh) and, when present, ../shared/corpus.  The parts below are sourced in
# this order into one shell (a part may use what an earlier one made in $T); around them, the
# read-only proof: the fixture images' hashes and their folder's listing taken before any
# part runs, and after all of them with every open() of a run traced.
# Ends with "e2e: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.."
HV=${HV:-./hvinspect}
HVF=${HVF:-build/hvinspect-faults}   # with HVINSPECT_FAULT injection (tests/faults/faults.c)
HVABS=$(cd "$(dirname "$HV")" && pwd)/$(basename "$HV")
OUT=fixtures/out
EXP=fixtures/expected
CORPUS=../shared/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

PARTS="expected isolation folders gates formats hostile claims partial usage query chains second-reader
install errors valgrind containers schema corpus linux lvm bitlocker"
FIXTURES="sample.vhdx mbr-gen1.raw mbr-gen1.vhd mbr-ext.vhd gpt-fixed.vhdx gpt-4k.vhdx gpt-64k.vhd
dirty.vhdx log-replay.vhdx h10-old-ic.vhdx bare-ntfs.raw nowin.vhdx mbr-4k.raw hostile-kvp.vhdx"

# Before anything runs: hashes, and names, sizes, mtimes, inodes (not ls's "total": block
# allocation settles by itself).
(cd $OUT && sha256sum $FIXTURES) > "$T/sha.before"
listing() { find $OUT -maxdepth 2 -printf '%p %s %T@ %i\n' | sort; }
listing > "$T/ls.before"

for part in $PARTS; do
	before=$((pass + failn)) started=$SECONDS
	. "tests/e2e/$part.sh"
	echo "e2e/$part: $((pass + failn - before)) checks, $((SECONDS - started)) s"
done

# Read-only: no open() for writing, the images unchanged, nothing created beside them.
if command -v strace >/dev/null 2>&1; then
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat,creat,truncate,ftruncate,rename,unlink,mkdir -o "$T/strace" \
	    $HV --json $(for f in $FIXTURES; do echo "$OUT/$f"; done) > /dev/null 2>&1
	if grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|truncate\(|rename\(|unlink\(|mkdir\(' "$T/strace" | grep -v ENOENT > "$T/writes"; then
		bad "hvinspect opened something for writing: $(head -3 "$T/writes")"
	else
		ok
	fi
	check "images opened O_RDONLY" grep -q "openat(.*$OUT/sample.vhdx\", O_RDONLY" "$T/strace"
else
	skip "strace absent: no open() audit"
fi
(cd $OUT && sha256sum $FIXTURES) > "$T/sha.after"
check "read-only: images unchanged (sha256)" diff "$T/sha.before" "$T/sha.after"
listing > "$T/ls.after"
check "read-only: nothing created or touched in the image folder" diff "$T/ls.before" "$T/ls.after"

summary e2e
