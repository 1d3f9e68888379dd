#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/layers.sh: the layer rule of DESIGN.md, checked on every include of src/.
# Ranks: base 0, sys 1, io 2, img vs fs reg 3 (siblings: none includes another),
# facts 4, report 5 (after facts: it prints what the facts layer filled), run.c 6, cli 7.
# A file includes headers of its own folder and of lower ranks only; report/ holds no
# parser's types (only base/ and facts/ below it); no file outside sys/ includes what only
# the system has (dirent.h, unistd.h, windows.h, fcntl.h, poll.h, sys/*.h but sys/types.h).
# Prints every violation; exits 1 if there is one.
set -u
cd "$(dirname "$0")/../src"
rank() {
	case $1 in
	base) echo 0 ;; sys) echo 1 ;; io) echo 2 ;; img|vs|fs|reg) echo 3 ;; facts) echo 4 ;;
	report) echo 5 ;; .) echo 6 ;; cli) echo 7 ;; *) echo 99 ;;
	esac
}
bad=0
for f in $(find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	dir=$(dirname "$f")
	r=$(rank "$dir")
	while IFS= read -r inc; do
		idir=$(dirname "$inc")
		[ "$idir" = "$dir" ] && continue
		ir=$(rank "$idir")
		if [ "$ir" -gt "$r" ] || { [ "$ir" -eq "$r" ] && [ "$idir" != "$dir" ]; }; then
			echo "layers: src/$f includes $inc (${idir} is not below ${dir})"
			bad=1
		elif [ "$dir" = report ] && [ "$idir" != base ] && [ "$idir" != facts ]; then
			echo "layers: src/$f includes $inc (report/ holds no parser's types)"
			bad=1
		fi
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
	if [ "$dir" != sys ]; then
		while IFS= read -r inc; do
			echo "layers: src/$f includes <$inc> (only sys/ talks to the system)"
			bad=1
		done < <(sed -n 's/^#include <\(dirent\.h\|unistd\.h\|windows\.h\|sys\/[a-z]*\.h\|fcntl\.h\|poll\.h\|io\.h\)>.*/\1/p' "$f" |
		    grep -vx 'sys/types.h')
	fi
done
[ $bad -eq 0 ] && echo "layers: every include of src/ follows the layer rule"
exit $bad
