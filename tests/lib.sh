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
# Every record says which run made it (JSON's "run", text's and HTML's header): two builds'
# runs differ there by design (the program's name, the libraries each links), so their
# outputs are compared byte for byte without it (tests/platform/).  unrun FILE: FILE's bytes, the run's lines taken out.
unrun() {
	python3 - "$1" <<'PY'
import re, sys
out = []
skip = None
for line in open(sys.argv[1], 'rb').read().decode('utf-8', 'surrogateescape').split('\n'):
    if skip is not None:                                  # inside a pretty-printed "run": {...}
        if re.match(skip + r'\},?$', line):
            skip = None
        continue
    m = re.match(r'^(\s*)"run": (\{|null)', line)
    if m:                                                 # --json: the record's last key
        if out:
            out[-1] = out[-1].rstrip(',')
        if m.group(2) == '{' and not line.rstrip().endswith('}'):
            skip = re.escape(m.group(1))
        continue
    line = re.sub(r',"run":(null|\{.*\})\}$', '}', line)  # -o jsonl: one line a record
    if re.match(r'^(hvinspect [0-9][^ ]* \(|run started |<p class="run">)', line):
        continue                                          # text's and HTML's header
    out.append(line)
sys.stdout.buffer.write('\n'.join(out).encode('utf-8', 'surrogateescape'))
PY
}
