# SPDX-License-Identifier: MIT
# tests/lib.sh: the counting helpers of the shell tests (tests/e2e, tests/docs, tests/build, tests/platform),
# sourced.  Every condition of a check is counted: "check D [ a ] && cmp x y" counted only
# the "[ a ]" (the cmp ran after check had counted a pass), so a check of several
# conditions is "check D all CMD -- CMD...".  summary NAME prints the counts and fails on
# any failure.
pass=0 failn=0 skipn=0
ok() { pass=$((pass + 1)); }
bad() { failn=$((failn + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	local d=$1
	shift
	if "$@"; then ok; else bad "$d"; fi
}
skip() { skipn=$((skipn + 1)); echo "skip: $*"; }
# all CMD [-- CMD]...: every command runs and must succeed.
all() {
	local rc=0 cmd=()
	while [ $# -gt 0 ]; do
		if [ "$1" = -- ]; then
			"${cmd[@]}" || rc=1
			cmd=()
		else
			cmd+=("$1")
		fi
		shift
	done
	[ ${#cmd[@]} -eq 0 ] || "${cmd[@]}" || rc=1
	return $rc
}
not() { ! "$@"; }
# The facts of an image's JSON as fixtures/expected holds them: the path aside, and the
# identifiers (qemu-img gives every VHDX a new random DataWriteGuid).
norm='map(del(.path, .run) | if .image then (.image.chain |= map(del(.identifier, .parent_identifier)) | .image.files |= map(del(.path, .modified))) else . end)'
# same_facts EXPECTED.json ACTUAL.json: true when EXPECTED is absent or holds ACTUAL's facts
same_facts() { [ ! -f "$1" ] || diff -u <(jq -S "$norm" "$1") <(jq -S "$norm" "$2") > /dev/null; }
summary() { # NAME: "NAME: N passed, N failed, N skipped"; false on any failure
	echo "$1: $pass passed, $failn failed, $skipn skipped"
	[ $failn -eq 0 ]
}
