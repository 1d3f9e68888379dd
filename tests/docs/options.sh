#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/docs/options.sh: the man page's SYNOPSIS and OPTIONS and the bash completion say
# what the program's option table (src/cli/options.c) says, through --help, which is made
# from it: an option added, renamed or dropped in one place and not the others fails here.
set -u
cd "$(dirname "$0")/../.."
HV=${HV:-./hvinspect}
MAN=${MAN:-docs/hvinspect.1}
COMP=${COMP:-docs/hvinspect.bash}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

$HV --help > "$T/help" || bad "--help failed"
# The usage lines, words joined by one space.
sed -n '/^$/q;p' "$T/help" | sed 's/^usage: //' | tr -s ' \n' '  ' | sed 's/ *$//' > "$T/usage"
# Every option --help describes: "-o --output" or "--json".
grep -oE -- '^(  -[a-zA-Z], |      )--[a-z-]+' "$T/help" | tr -d ',' | sed 's/^ *//' | tr ' ' '\n' | sort > "$T/opts"
check "--help lists options (the table is not empty)" [ "$(wc -l < "$T/opts")" -ge 20 ]

# The man page: its SYNOPSIS, rendered, is the usage lines word for word.
if command -v groff > /dev/null 2>&1; then
	groff -man -Tascii -P-cbou "$MAN" 2> /dev/null | sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed '1d;$d' |
	    tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//' > "$T/synopsis"
	check "man SYNOPSIS is --help's usage lines, word for word
  man:  $(cat "$T/synopsis")
  help: $(cat "$T/usage")" [ "$(cat "$T/synopsis")" = "$(cat "$T/usage")" ]
else
	skip "groff absent: the man page's SYNOPSIS not compared"
fi
if command -v groff > /dev/null 2>&1; then
	check "man page: groff -man -ww renders it without a warning" [ -z "$(groff -man -ww -z "$MAN" 2>&1)" ]
fi
# Its OPTIONS: one .TP entry per option, no more, no fewer.
awk '/^\.SH OPTIONS/ {on = 1; next} /^\.SH/ {on = 0} on && prev == ".TP" {print} {prev = $0}' "$MAN" |
    grep -oE -- '\\-(\\-[a-z]+)+|\\-[a-zA-Z]\b' | sed 's/\\//g' | sort -u > "$T/man-opts"
check "man OPTIONS documents every option and no other
$(diff "$T/opts" "$T/man-opts")" cmp -s "$T/opts" "$T/man-opts"

# The completion: '-' completes to every option and no other; -o to --help's output forms.
words() { # words CURRENT WORD...: what _hvinspect offers for the last word
	bash -c 'shopt -s extglob; . "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _hvinspect
	    printf "%s\n" "${COMPREPLY[@]}"' "$COMP" hvinspect "$@" | sort
}
words - > "$T/comp-opts"
check "completion offers every option and no other
$(diff "$T/opts" "$T/comp-opts")" cmp -s "$T/opts" "$T/comp-opts"
grep -oE -- '\[-o [a-z|]+\]' "$T/usage" | head -1 | tr -d '[]' | cut -d' ' -f2 | tr '|' '\n' | sort > "$T/forms"
words -o '' > "$T/comp-forms"
check "completion offers -o's forms as --help says them ($(tr '\n' ' ' < "$T/forms"))
$(diff "$T/forms" "$T/comp-forms")" all [ -s "$T/forms" ] -- cmp -s "$T/forms" "$T/comp-forms"
check "completion: --req completes to --require, -o j to json jsonl" \
    [ "$(words --req | tr '\n' ' ')$(words -o j | tr '\n' ' ')" = "--require json jsonl " ]
summary "docs/options.sh"
