#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/build/layers.sh: the layer rule of docs/design.md, checked on every include of src/.
# Ranks: base 0, sys 1, io 2, img vs fs reg 3 (siblings: none includes another),
# facts 4, report 5 (after facts: it prints what the facts layer filled), inspect 6 (the
# pipeline), cli 7.  Inside inspect/ the files have an order of their own (inner_rank): a
# file includes only files of lower inner rank (and its own header); a file it does not
# know is a violation, so a new pipeline file must be placed.  No source stands loose at
# src/'s root.
# A file includes headers of its own folder and of lower ranks only; report/ holds no
# parser's types (only base/ and facts/ below it); no file outside sys/ includes what only
# the system has (dirent.h, unistd.h, windows.h, fcntl.h, poll.h, sys/*.h but sys/types.h).
# Prints every violation; exits 1 if there is one.
set -u
cd "$(dirname "$0")/../../src"
rank() {
	case $1 in
	base) echo 0 ;; sys) echo 1 ;; io) echo 2 ;; img|vs|fs|reg) echo 3 ;; facts) echo 4 ;;
	report) echo 5 ;; inspect) echo 6 ;; cli) echo 7 ;; *) echo 99 ;;
	esac
}
# The pipeline's own floors: its options; a hive and what it stands on; the stack of one
# image; the OS finders (find_*); the passes over the stack; the pipeline that runs them.
inner_rank() {
	case ${1%.[ch]} in
	options) echo 0 ;; hives) echo 1 ;; stack) echo 2 ;; find_*) echo 3 ;;
	pass_*) echo 4 ;; inspect) echo 5 ;; *) echo 99 ;;
	esac
}
bad=0
for f in $(find . -maxdepth 1 -name '*.[ch]' | sed 's|^\./||' | sort); do
	echo "layers: src/$f stands loose at src/'s root: every source belongs to a layer's folder"
	bad=1
done
for f in $(find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	dir=$(dirname "$f")
	r=$(rank "$dir")
	while IFS= read -r inc; do
		idir=$(dirname "$inc")
		if [ "$idir" = "$dir" ] && [ "$dir" = inspect ]; then
			me=$(basename "$f"); it=$(basename "$inc")
			[ "${me%.[ch]}" = "${it%.h}" ] && continue
			if [ "$(inner_rank "$me")" -eq 99 ] || [ "$(inner_rank "$it")" -ge "$(inner_rank "$me")" ]; then
				echo "layers: src/$f includes $inc (inspect/${it%.h} is not below inspect/${me%.[ch]})"
				bad=1
			fi
			continue
		fi
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
