# SPDX-License-Identifier: MIT
# tests/e2e/valgrind.sh: valgrind on the whole pipeline.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

if command -v valgrind >/dev/null 2>&1 && [ -z "${NO_VALGRIND:-}" ]; then
	# Every fixture image and both chains, in one batch (each image in its own traced child).
	valgrind -q --trace-children=yes --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	    $HV -j 1 --json $(for f in $FIXTURES vlog.vhdx chain/vhdx/cp2.avhdx chain/vhd/cp2.avhd; do echo "$OUT/$f"; done) \
	    > /dev/null 2> "$T/vg"
	check "valgrind clean: every fixture image ($(head -c 300 "$T/vg"))" [ $? -eq 0 ]
	valgrind -q --trace-children=yes --error-exitcode=99 $HV "$T/a.vhdx" "$T/c.raw" > /dev/null 2> "$T/vg"
	check "valgrind clean on errors" [ $? -eq 3 ]
fi
