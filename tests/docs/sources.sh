#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/docs/sources.sh: the sources are the product's own.  `hvinspect --sources` prints the
# list of src/facts/sources.def, numbered 1, 2, 3... in order; docs/sources.md holds the same
# text; every citation "[n]" the program can print (any string of src/, and what it printed for
# every fixture image, judged as on its own host and as on three others) is on the list; and no
# file of the product names a path outside the repository or the notes it was built from.
set -u
cd "$(dirname "$0")/../.."
HV=${HV:-./hvinspect}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

$HV --sources > "$T/list"; rc=$?
check "--sources: exit 0, a list ($(grep -c '^\[' "$T/list") sources)" all [ $rc -eq 0 ] -- [ "$(grep -c '^\[' "$T/list")" -ge 50 ]
grep -o '^\[[0-9]*\]' "$T/list" | tr -d '[]' > "$T/nums"
check "--sources: numbered 1, 2, 3... in order" cmp -s "$T/nums" <(seq 1 "$(wc -l < "$T/nums")")
check "--sources: every source says where it is, or that no copy was located, and what it is cited for" \
    [ "$(grep -cE '^    (https?://|\(no stable public copy located\))' "$T/list")" -eq "$(wc -l < "$T/nums")" -a \
      "$(grep -c '^    Cited for: ' "$T/list")" -eq "$(wc -l < "$T/nums")" ]
sed -n '/^```$/,/^```$/p' docs/sources.md | sed '1d;$d' > "$T/doc"
check "docs/sources.md holds what --sources prints" cmp -s "$T/doc" "$T/list"

# Every citation: "[n]" and the lists "[3], [41]" alike.  n must be on the list.
cites() { grep -oE '\[[0-9]{1,3}\]' | tr -d '[]' | sort -un; }
unlisted() { comm -23 <(sort -u "$1") <(sort -u "$T/nums") | tr '\n' ' '; }
# ... in the strings of the sources (a C string literal holding a citation; array sizes are not in quotes)
grep -ohE '"([^"\\]|\\.)*"' src/*/*.c src/*/*.def | cites > "$T/src.cites"
check "every citation in src/'s strings is listed ($(wc -l < "$T/src.cites") numbers; unlisted: $(unlisted "$T/src.cites"))" \
    all [ -s "$T/src.cites" ] -- [ -z "$(unlisted "$T/src.cites")" ]
# ... and in what the program printed: every fixture image, as read and as judged on other hosts
for a in "" "-A 6.3" "-A 6.4" "-A 10.0"; do
	$HV -q -r -j 4 -o json $a fixtures/out > "$T/out.json" 2> /dev/null
	$HV -q -r -j 4 $a fixtures/out >> "$T/out.json" 2> /dev/null
done
cites < "$T/out.json" > "$T/out.cites"
check "every citation the program printed for the fixtures is listed ($(wc -l < "$T/out.cites") numbers; unlisted: $(unlisted "$T/out.cites"))" \
    all [ -s "$T/out.cites" ] -- [ -z "$(unlisted "$T/out.cites")" ]

# Self-contained: no product file (sources, docs, fixtures, packaging) names the reference notes
# or the corpus outside the repository.  (Tests may look for the corpus beside the repository.)
git grep -nE '\.\./shared|kvp-ic-facts|linux-kvp-facts|fixture-recipes|libyal-findings' -- . ':!tests' > "$T/outside"
check "no product file names a path outside the repository ($(head -c 300 "$T/outside"))" [ ! -s "$T/outside" ]

summary docs/sources.sh
