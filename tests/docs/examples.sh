#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/docs/examples.sh: every example in README.md and docs/*.md is run and prints what the
# page says it prints.  An example is a line "$ COMMAND" inside a ``` block whose commands
# call hvinspect; the lines after it, up to the next "$ " line or the block's end, are its
# output.  A line "..." stands for any number of lines; every other line must come out as
# written, in that order, with nothing between (stdout and stderr together, as a terminal
# shows them).  The commands run in a scratch folder where fixtures/ is this repository's,
# with ./hvinspect first on PATH.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
HVDIR=$(cd "$(dirname "${HV:-./hvinspect}")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
ln -s "$ROOT/fixtures" "$T/fixtures"
# Reports say when their run started: the examples show this time (a reproducible report).
export SOURCE_DATE_EPOCH=1796600000

# matches EXPECTED ACTUAL: each line of EXPECTED in ACTUAL, in order; "..." skips any lines.
matches() {
	python3 - "$1" "$2" <<'PY'
import sys
exp = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read().splitlines()
act = open(sys.argv[2], encoding="utf-8", errors="surrogateescape").read().splitlines()
def m(i, j):
    if i == len(exp):
        return j == len(act)
    if exp[i] == "...":
        return any(m(i + 1, k) for k in range(j, len(act) + 1))
    return j < len(act) and exp[i] == act[j] and m(i + 1, j + 1)
sys.exit(0 if m(0, 0) else 1)
PY
}

n=0
for page in README.md docs/*.md; do
	# One file per example: its command, then its output (awk: inside ``` blocks only).
	rm -f "$T"/ex.*
	awk -v dir="$T" '
	/^```/ { inblock = !inblock; cur = ""; next }
	!inblock { next }
	/^\$ / { k++; cur = sprintf("%s/ex.%03d", dir, k); print substr($0, 3) > (cur ".cmd"); printf "" > (cur ".out"); next }
	cur != "" { print > (cur ".out") }
	' "$page"
	check "$page: every code block is closed" [ $(($(grep -c '^```' "$page") % 2)) -eq 0 ]
	for c in "$T"/ex.*.cmd; do
		[ -e "$c" ] || continue
		grep -q 'hvinspect' "$c" || continue
		e=${c%.cmd}.out
		cmd=$(cat "$c")
		(cd "$T" && PATH="$HVDIR:$PATH" timeout 120 bash -c "$cmd") > "$T/actual" 2>&1
		n=$((n + 1))
		if matches "$e" "$T/actual"; then
			ok
		else
			bad "$page: \$ $cmd"
			diff "$e" "$T/actual" | head -20
		fi
	done
done
check "examples found ($n)" [ "$n" -ge 5 ]

# Every relative link of those pages leads to a file of the repository, and its #anchor to a
# heading of that file (GitHub's rule: lower case, punctuation dropped, spaces to hyphens).
python3 - README.md docs/*.md tests/README.md > "$T/links" <<'PY'
import os, re, sys
def anchors(path):
    out = set()
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^#+ (.*)", line)
        if m:
            a = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(a)
    return out
for page in sys.argv[1:]:
    text = open(page, encoding="utf-8").read()
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, frag = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
        if not os.path.exists(dest):
            print(f"{page}: {target}: no such file")
        elif frag and dest.endswith(".md") and frag not in anchors(dest):
            print(f"{page}: {target}: no such heading")
PY
check "every link of README.md and docs/ leads somewhere
$(cat "$T/links")" [ ! -s "$T/links" ]
summary "docs/examples.sh"
