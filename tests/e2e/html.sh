#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/e2e/html.sh (make test): -o html and --from-jsonl.
#  1. the fixture set's page opens in headless Chromium; the DOM read back (--dump-dom) has the
#     counts, the rows (in order, path and partition) and the failures of the JSON of the same run;
#     each bar's count is the number of rows its filter keeps
#  2. hostile text (a value and a file name holding markup) is text: no element or attribute
#     in the DOM came from image data; the page is offline (nothing fetched) and the CSP allows
#     only its own styles and its one script, whose hash is recomputed here
#  3. --from-jsonl: a saved -o jsonl run printed in every form is, byte for byte, what the run
#     prints directly (plain, --cross-check, --history, --key, --hive records); bad lines said
#  4. what a screen reader is given: Chromium's accessibility tree has both tables, every row
#     and cell, every bar (tests/tools/axtree.py), for this page and a fleet of 4,000 installations
#  1b. one image gets its own page: provenance, facts, verdict with its sources, history, cross-check,
#     warnings by kind, against the JSON of the same run
#  5. a screenshot is kept: build/report.png (docs/report.png is made the same way from the fixtures
#     alone, so that no path outside the repository shows on it)
set -u
cd "$(dirname "$0")/../.."
HV=${HV:-./hvinspect}
OUT=fixtures/out
B=${B:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
dom() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --dump-dom "file://$1" 2> /dev/null; }

# the fleet: every top fixture, the chains' children, a damaged E01 set, a lonely checkpoint,
# and a file whose name is markup
cp "$OUT/sample.vhdx" "$T/<img src=x onerror=alert(2)>.vhdx"
set -- $OUT/*.vhd* $OUT/*.raw $OUT/chain/vhdx/cp2.avhdx $OUT/chain/qcow2/cp2.qcow2 $OUT/hostile/gap.E01 \
    $OUT/chain/lonely/cp1.avhdx
$HV -q -j 2 -o html "$@" "$T/<img src=x onerror=alert(2)>.vhdx" > "$T/r.html" 2> /dev/null; hrc=$?
$HV -q -j 2 -o json "$@" "$T/<img src=x onerror=alert(2)>.vhdx" > "$T/r.json" 2> /dev/null; jrc=$?
check "-o html: the exit code of the JSON run ($hrc, $jrc)" [ $hrc -eq $jrc ]

# --- 2. static checks of the page -------------------------------------------------------------
check "offline: no src=, no http(s) link, no @import or url() in the page" \
    all not grep -qiE '<[a-z]+[^>]* src=' "$T/r.html" -- not grep -qiE 'href="(https?:)?//' "$T/r.html" -- \
    not grep -qiE '@import|url\(' "$T/r.html"
csp=$(grep -o '<meta http-equiv="Content-Security-Policy" content="[^"]*">' "$T/r.html")
js_hash=$(python3 -c 'import re,sys,hashlib,base64; h=open(sys.argv[1]).read(); s=re.findall(r"<script>(.*?)</script>",h,re.S); print(len(s), base64.b64encode(hashlib.sha256(s[0].encode()).digest()).decode())' "$T/r.html")
check "CSP: nothing by default, the inline styles, and the one script by its hash ($js_hash)" \
    all grep -qF "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${js_hash#1 }'" <<< "$csp" -- \
    [ "${js_hash%% *}" = 1 ]

if [ -z "$CHROMIUM" ]; then
	skip "no chromium: the page is not opened"
else
	dom "$T/r.html" > "$T/dom.html"
	python3 - "$T/dom.html" "$T/r.json" > "$T/dom.check" <<'PY'
# The DOM as Chromium parsed it, set beside the JSON of the same run: counts, rows, failures,
# charts, and no element or attribute from image data.
import html.parser, json, sys
dom, recs = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))

class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.tags = {}; s.attrs = set(); s.stack = []; s.table = None; s.rows = {}
        s.row = None; s.cell = None; s.counts = {}; s.bars = []; s.texts = []
    def handle_starttag(s, t, a):
        a = dict(a); s.tags[t] = s.tags.get(t, 0) + 1; s.attrs.update(a)
        if t == 'table': s.table = a.get('id')
        if t == 'tr' and s.table in ('installations', 'nowindows', 'errors') and s.stack and s.stack[-1] == 'tbody':
            s.row = {'class': a.get('class', ''), 'cells': []}; s.rows.setdefault(s.table, []).append(s.row)
        if t == 'td' and s.row is not None: s.cell = []
        if 'data-count' in a and 'data-chart' not in a: s.key = a['data-count']; s.cell2 = []
        if 'data-chart' in a: s.bars.append((a['data-chart'], int(a['data-count']), a['href']))
        s.stack.append(t)
    def handle_endtag(s, t):
        if t == 'td' and s.cell is not None: s.row['cells'].append(''.join(s.cell)); s.cell = None
        if t == 'tr': s.row = None
        if t == 'b' and getattr(s, 'cell2', None) is not None: s.counts[s.key] = int(''.join(s.cell2)); s.cell2 = None
        while s.stack and s.stack.pop() != t: pass
    def handle_data(s, d):
        if s.cell is not None: s.cell.append(d)
        if getattr(s, 'cell2', None) is not None: s.cell2.append(d)
        s.texts.append(d)

p = P(); p.feed(dom)
# each image in exactly one place: with Windows (an image read in part too: its error in its
# rows), without Windows, or not inspected
inst = [(r['path'], i['partition']) for r in recs for i in r['installations']]
errs = [r['path'] for r in recs if r['error'] and not r['installations']]
nowin = [r['path'] for r in recs if not r['error'] and not r['installations']]
part = [r['path'] for r in recs if r['error'] and r['installations']]
withw = [r['path'] for r in recs if r['installations']]
rows = [(r['cells'][0], int(r['cells'][1])) for r in p.rows.get('installations', [])]
want = {'images': len(recs), 'installations': len(inst), 'with-windows': len(withw), 'partial': len(part),
        'nowindows': len(nowin), 'errors': len(errs)}
print('counts', p.counts == want and want['partial'] > 0 and want['nowindows'] > 0, p.counts, want)
print('rows', rows == inst, len(rows), len(inst))
print('errors', [r['cells'][0] for r in p.rows.get('errors', [])] == errs, len(errs))
print('nowin', [r['cells'][0] for r in p.rows.get('nowindows', [])] == nowin, len(nowin))
where = {}
for t in ('installations', 'nowindows', 'errors'):
    for path in {r['cells'][0] for r in p.rows.get(t, [])}:
        where.setdefault(path, []).append(t)
print('once', all(len(where.get(r['path'], [])) == 1 for r in recs) and len(where) == len(recs), len(where))
def keep(href):  # the rows a bar's link keeps: #f-CHART-HASH[+HASH...]
    chart, hashes = href[3:].split('-', 1)
    cls = {chart + '-' + h for h in hashes.split('+')}
    return sum(1 for r in p.rows['installations'] if cls & set(r['class'].split()))
print('bars', all(n == keep(h) for c, n, h in p.bars) and len(p.bars) > 20, len(p.bars))
hv = sum(n for c, n, h in p.bars if c == 'hostnt')
print('hostnt', hv == len(inst), hv)
# one host's names: a name given beside another in one record, or a short name that is one full
# name's first label (of one only), computed here from the JSON, independently
def param(i, name):
    for k, v in ((i['kvp'].get('guest_parameters') or {}).get('values') or {}).items():
        if k.lower() == name.lower() and v['type'] in ('REG_SZ', 'KVP_SZ'):
            return v['data']
up = {}
def root(x):
    while up.setdefault(x, x) != x: x = up[x]
    return x
def join(a, b): up[root(a)] = root(b)
first = []
for r in recs:
    for i in r['installations']:
        n = [param(i, k) for k in ('PhysicalHostNameFullyQualified', 'PhysicalHostName', 'HostName')]
        n = [x.lower() for x in n if x]
        first.append(n[0] if n else None)
        for x in n[1:]: join(n[0], x)
full = {}
for x in list(up):
    if '.' in x and x.index('.') > 0: full.setdefault(x.split('.')[0], set()).add(x)
for x in list(up):
    if '.' not in x and len(full.get(x, ())) == 1: join(x, next(iter(full[x])))
groups = {}
for x in first:
    g = root(x) if x else None  # no name: one bar, "not recorded"
    groups[g] = groups.get(g, 0) + 1
shown = sorted(n for c, n, h in p.bars if c == 'hostname')
print('hosts', sorted(groups.values()) == shown and groups[root('tphost')] > 1 and root('tphost') == root('tphost.lab.example'), shown, sorted(groups.values()))
print('no-markup', p.tags.get('img', 0) == 0 and 'onerror' not in p.attrs and 'src' not in p.attrs, p.tags.get('img', 0))
print('as-text', any('<img src=x onerror=alert(2)>' in t for t in p.texts) and any('onerror=alert(1)>' in t for t in p.texts))
PY
	for k in counts rows errors nowin once bars hostnt hosts no-markup as-text; do
		check "DOM ($k): $(grep "^$k " "$T/dom.check" | cut -c1-160)" grep -q "^$k True" "$T/dom.check"
	done
fi

# --- 1b. one image: its own page --------------------------------------------------------------
# -o html --history -C of one image: no fleet (no charts, no script), the image's provenance and
# files, the verdict with its sources (each [n] a link to a listed source), the facts, the
# history's timeline and the cross-check as the JSON of the same run has them; a dirty image's
# warnings each with its kind as the JSON gives it
if [ -n "$CHROMIUM" ]; then
	for img in history dirty; do
		$HV -o html --history -C --hash sha256 "$OUT/$img.vhdx" > "$T/one-$img.html" 2> /dev/null
		$HV -o json --history -C --hash sha256 "$OUT/$img.vhdx" > "$T/one-$img.json" 2> /dev/null
		dom "$T/one-$img.html" > "$T/one-$img.dom"
	done
	python3 - "$T/one-history.dom" "$T/one-history.json" "$T/one-dirty.dom" "$T/one-dirty.json" > "$T/one.check" <<'PY'
import html.parser, json, re, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.ids = {}; s.tags = {}; s.hrefs = []; s.stack = []; s.text = {}; s.kinds = []
        s.title = ''; s.intitle = False; s.rows = {}; s.sec = None
    def handle_starttag(s, t, a):
        a = dict(a); s.tags[t] = s.tags.get(t, 0) + 1
        if 'id' in a: s.ids[a['id']] = a
        if t == 'a' and 'href' in a: s.hrefs.append(a['href'])
        if t == 'title': s.intitle = True
        if t == 'section' and 'id' in a: s.sec = a['id']
        if t == 'tr' and s.sec: s.rows[s.sec] = s.rows.get(s.sec, 0) + 1
        if t == 'li' and 'data-kind' in a: s.kinds.append(a['data-kind'])
    def handle_endtag(s, t):
        if t == 'title': s.intitle = False
    def handle_data(s, d):
        if s.intitle: s.title += d
        if s.sec: s.text[s.sec] = s.text.get(s.sec, '') + d
h, hj, d, dj = (open(x).read() for x in sys.argv[1:])
p = P(); p.feed(h); r = json.loads(hj)[0]; i = r['installations'][0]
print('one-page', p.title == 'hvinspect: ' + r['path'] and p.tags.get('script', 0) == 0 and p.tags.get('svg', 0) == 0
      and 'fleet' not in h, repr(p.title))
print('one-provenance', 'run' in h and r['run']['tool'] in h and all(f['sha256'] in h for f in r['image']['files']), len(r['image']['files']))
print('one-history', p.ids.get('history-p1', {}).get('data-observations') == str(len(i['history'])) and
      p.rows.get('history-p1', 0) == len(i['history']) + 1 and len(i['history']) > 3, p.rows.get('history-p1'), len(i['history']))
print('one-xcheck', p.ids.get('cross-check-p1', {}).get('data-agreed') == str(i['cross_check']['agreed']) and
      i['cross_check']['agreed'] > 10, i['cross_check']['agreed'])
cites = [x for x in p.hrefs if x.startswith('#src-')]
print('one-sources', len(cites) > 1 and all(c[1:] in p.ids for c in cites) and
      set(re.findall(r'\[(\d+)\]', i['windows_update']['reason'])) <= {c[5:] for c in cites}, sorted(set(cites)))
print('one-verdict', 'offered ' + i['windows_update']['package'] in p.text.get('p1', ''), i['windows_update']['package'])
q = P(); q.feed(d); dr = json.loads(dj)[0]
want = [k for x in dr['installations'] for k in x['warning_kinds']] + dr['warning_kinds']
print('one-warnings', q.kinds == want and len(want) >= 2, q.kinds, want)
PY
	for k in one-page one-provenance one-history one-xcheck one-sources one-verdict one-warnings; do
		check "one image's page ($k): $(grep "^$k " "$T/one.check" | cut -c1-160)" grep -q "^$k True" "$T/one.check"
	done
fi

# --- 1c. one host's names, from records made to name hosts each its own way --------------------
# hv9.x.example and HV9 alone are one host (a short name, the first label of one full name);
# HOST1 beside host1.a.example and host1.b.example is none of them (two full names have that
# label); names one record gives together are one host, in any case
$HV -o jsonl "$OUT/sample.vhdx" > "$T/h1.jsonl" 2> /dev/null
python3 - "$T/h1.jsonl" > "$T/hosts.jsonl" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
def named(**kv):
    x = json.loads(json.dumps(r)); v = x['installations'][0]['kvp']['guest_parameters']['values']
    for k in ('HostName', 'PhysicalHostName', 'PhysicalHostNameFullyQualified'): v.pop(k, None)
    for k, d in kv.items(): v[k] = {'type': 'REG_SZ', 'data': d, 'anomalies': [], 'raw': None, 'duplicates': []}
    return json.dumps(x)
for kv in [dict(PhysicalHostNameFullyQualified='hv9.x.example'), dict(PhysicalHostName='HV9'),
           dict(HostName='host1.a.example'), dict(HostName='host1.b.example'), dict(PhysicalHostName='HOST1'),
           dict(PhysicalHostName='hv7'), dict(PhysicalHostName='Alias7', HostName='HV7')]:
    print(named(**kv))
PY
$HV --from-jsonl "$T/hosts.jsonl" -o html > "$T/hosts.html" 2> /dev/null
python3 - "$T/hosts.html" > "$T/hosts.check" <<'PY'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.bars = []; s.cur = None; s.t = ''
    def handle_starttag(s, t, a):
        a = dict(a)
        if a.get('data-chart') == 'hostname': s.cur = int(a['data-count'])
        if t == 'title' and s.cur is not None: s.t = ''
    def handle_data(s, d):
        if s.cur is not None: s.t += d
    def handle_endtag(s, t):
        if t == 'title' and s.cur is not None: s.bars.append((s.t.rsplit(':', 1)[0], s.cur)); s.cur = None
p = P(); p.feed(open(sys.argv[1]).read())
want = [('hv7, Alias7', 2), ('hv9.x.example, HV9', 2), ('HOST1', 1), ('host1.a.example', 1), ('host1.b.example', 1)]
print('grouped', sorted(p.bars) == sorted(want), sorted(p.bars))
PY
check "host names: a short name is the host of the one full name it begins, names of one record one host ($(cut -c1-200 "$T/hosts.check"))" \
    grep -q '^grouped True' "$T/hosts.check"

# --- 3. --from-jsonl -----------------------------------------------------------------------------
# A record keeps the run it came from (provenance): printed again it shows that run, so the two
# outputs below differ in their run (-o jsonl there, -o M here) and nothing else.
unrun() { # FORMAT < output: the output without its run (JSON's "run", text's and HTML's header)
	case $1 in
	json) jq -S 'map(del(.run))' ;;
	text) grep -v -e '^hvinspect [0-9][^ ]* (' -e '^run started ' ;;
	html) grep -v '^<p class="run">' ;;
	*) cat ;;
	esac
}
$HV -q -j 2 -o jsonl "$@" > "$T/a.jsonl" 2> /dev/null
for opts in "" "-C" "--history" "-k SOFTWARE\\Microsoft\\Windows_NT\\CurrentVersion -k SYSTEM\\Select"; do
	$HV -q -j 2 $opts -o jsonl "$@" > "$T/a.jsonl" 2> /dev/null
	diffs=
	for m in json text csv html; do
		$HV -q -j 2 $opts -o $m "$@" 2> /dev/null | unrun $m > "$T/d.$m"
		$HV --from-jsonl "$T/a.jsonl" -o $m 2> /dev/null | unrun $m > "$T/f.$m"
		cmp -s "$T/d.$m" "$T/f.$m" || diffs="$diffs $m"
	done
	check "--from-jsonl [${opts:-plain}]: json, text, csv, html byte for byte as the run prints them, their run aside${diffs:+ (differ:$diffs)}" [ -z "$diffs" ]
done
$HV --from-jsonl "$T/a.jsonl" -o html > "$T/f.html"; rc=$?
$HV -q -j 2 -o json "$@" > /dev/null 2>&1; want=$?
check "--from-jsonl: the run's exit code ($rc, $want)" [ $rc -eq $want ]
H="$OUT/hives/sw-hostile $OUT/hives/sw-dirty-log $OUT/hives/sys-broken"
$HV --hive -q -C -o jsonl $H > "$T/h.jsonl" 2> /dev/null
check "--from-jsonl, --hive records: text and json as printed" \
    all cmp -s <($HV --hive -q -C -o text $H 2> /dev/null | unrun text) <($HV --from-jsonl "$T/h.jsonl" -o text 2> /dev/null | unrun text) -- \
    cmp -s <($HV --hive -q -C -o json $H 2> /dev/null | unrun json) <($HV --from-jsonl "$T/h.jsonl" -o json 2> /dev/null | unrun json)
printf '%s\n' '{"x": 1}' 'garbage' "$(head -1 "$T/a.jsonl")" > "$T/bad.jsonl"
$HV --from-jsonl "$T/bad.jsonl" -o csv > "$T/bad.csv" 2> "$T/bad.err"; rc=$?
check "--from-jsonl: lines that are no record: one line each, naming the line; the good one printed; exit 3" \
    all [ $rc -eq 3 ] -- grep -q 'bad.jsonl: line 1: not an hvinspect record' "$T/bad.err" -- \
    grep -q 'bad.jsonl: line 2: not JSON' "$T/bad.err" -- [ "$(wc -l < "$T/bad.csv")" -ge 2 ]
python3 fixtures/gen/hostile_jsonl.py esc "$T/esc.jsonl"
$HV --from-jsonl "$T/esc.jsonl" > /dev/null 2> "$T/esc.err"
check "--from-jsonl: a line's bytes quoted in the reason are escaped (no ESC on stderr)" all \
    grep -qF "line 1: not JSON: '[' or '{' expected near '\\x1b'" "$T/esc.err" -- not grep -qP '\x1b' "$T/esc.err"
# A path with a TAB in the failures table: path and error in their own cells (the TAB escaped).
mkdir -p "$T/tab"
head -c 1000 "$OUT/nowin.vhdx" > "$T/tab/a"$'\t'"b.vhdx"
$HV -o html "$T/tab/a"$'\t'"b.vhdx" "$OUT/sample.vhdx" > "$T/tab.html" 2> /dev/null
check "HTML failures table: a path holding a TAB stays one cell" \
    grep -qF "<tr class=\"e\"><td>$T/tab/a\\x09b.vhdx</td><td>$T/tab/a\\x09b.vhdx: VHDX header:" "$T/tab.html"
# Not what the run printed, said so: a read error is not the end of the records; more gate
# results than a record holds is no record; a later record's history the CSV's plain form
# (chosen at the first record) cannot hold.
$HV --from-jsonl "$T" -o json > "$T/dir.json" 2> "$T/dir.err"; rc=$?
check "--from-jsonl on a folder: a read error, exit 3" all [ $rc -eq 3 ] -- grep -qF ': line 1: read error: Is a directory' "$T/dir.err"
$HV -o jsonl -R ic-current "$OUT/sample.vhdx" > "$T/g1.jsonl" 2> /dev/null
python3 fixtures/gen/hostile_jsonl.py gates "$T/g1.jsonl" "$T/g33.jsonl"
$HV --from-jsonl "$T/g33.jsonl" -o csv > "$T/g33.csv" 2> "$T/g33.err"; rc=$?
check "--from-jsonl: 33 gate results (a run writes at most 16) is no record, exit 3" all [ $rc -eq 3 ] -- \
    grep -qF 'line 1: not an hvinspect record (more than 32 gate results)' "$T/g33.err" -- [ "$(wc -l < "$T/g33.csv")" = 1 ]
{ $HV -o jsonl "$OUT/sample.vhdx"; $HV -o jsonl --history "$OUT/history.vhdx"; } > "$T/mixed.jsonl" 2> /dev/null
$HV --from-jsonl "$T/mixed.jsonl" -o csv > "$T/mixed.csv" 2> "$T/mixed.err"; rc=$?
check "--from-jsonl -o csv: a later record's history the plain form cannot hold is said, exit 3" all [ $rc -eq 3 ] -- \
    grep -qF '1 record holds --history' "$T/mixed.err" -- [ "$(wc -l < "$T/mixed.csv")" = 3 ]
$HV --from-jsonl "$T/a.jsonl" -r "$OUT" > /dev/null 2> "$T/u.err"
check "--from-jsonl with an option that inspects: usage error (exit 2)" all [ $? -eq 2 ] -- grep -q 'earlier run' "$T/u.err"

# --- 4. what a screen reader is given ---------------------------------------------------------
# Chromium's accessibility tree (tests/tools/axtree.py, over its DevTools protocol): both tables as
# tables, a row per installation and per failure, their cells and column headers, a list item
# per bar; and a fleet of 4,000 installations (the first three blocks of rows, always laid
# out, and the last) whole in it too.
# ax PAGE ROLE...: the counts on one line in $T/ax (the exit code and error when it failed);
# read up to three times while they are not $want (one Chromium run can come too early); a try
# killed by its time bound says so (the CI's loaded cores once made the 4,000-row page's readings
# outlast 120 s three times, silently: 9 s on an idle machine)
ax() {
	local page=$1 i rc
	shift
	for i in 1 2 3; do
		timeout 300 python3 tests/tools/axtree.py "$CHROMIUM" "$page" "$@" > "$T/ax.out" 2> "$T/ax.err"; rc=$?
		[ $rc -eq 124 ] && echo "killed after 300 s" >> "$T/ax.err"
		echo "$(tr '\n' ' ' < "$T/ax.out" | sed 's/ $//')$([ -s "$T/ax.err" ] && echo " [try $i: $(head -c 200 "$T/ax.err")]")" > "$T/ax"
		[ "$(cat "$T/ax")" = "$want" ] && return
	done
}
if [ -n "$CHROMIUM" ]; then
	read -r ni ne nb <<< "$(jq -r '[([.[].installations | length] | add), ([.[] | select(.installations == [])] | length)] | @tsv' "$T/r.json") $(grep -o 'role="listitem"' "$T/r.html" | wc -l)"
	want="table 3 row $((ni + ne + 3)) cell $((ni * 11 + ne * 2)) columnheader 15 listitem $nb"
	ax "$T/r.html" table row cell columnheader listitem
	check "accessibility tree: $want ($(cat "$T/ax"))" [ "$(cat "$T/ax")" = "$want" ]
	jq -c '.[] | select(.error == null)' "$T/r.json" > "$T/one.jsonl"
	n1=$(jq -s '[.[].installations | length] | add' "$T/one.jsonl")
	for i in $(seq $((4000 / n1))); do cat "$T/one.jsonl"; done > "$T/fleet.jsonl"
	nf=$(( 4000 / n1 * n1 ))
	$HV --from-jsonl "$T/fleet.jsonl" -o html > "$T/fleet.html" 2> /dev/null
	nn=$(( 4000 / n1 * $(jq -s '[.[] | select(.installations == [])] | length' "$T/one.jsonl") ))
	want="row $((nf + nn + 3))"
	ax "$T/fleet.html" row
	check "accessibility tree of $nf installations and $nn images without Windows: every row ($(cat "$T/ax"))" [ "$(cat "$T/ax")" = "$want" ]
fi

# --- 5. a screenshot ------------------------------------------------------------------------
if [ -n "$CHROMIUM" ]; then
	rm -f "$B/report.png"
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1500 \
	    --screenshot="$PWD/$B/report.png" "file://$T/r.html" > /dev/null 2>&1
	check "a screenshot of the page: $B/report.png ($(stat -c %s "$B/report.png" 2> /dev/null) bytes)" \
	    [ "$(stat -c %s "$B/report.png" 2> /dev/null || echo 0)" -gt 50000 ]
fi
summary html
