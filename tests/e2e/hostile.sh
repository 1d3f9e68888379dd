# SPDX-License-Identifier: MIT
# tests/e2e/hostile.sh: text from an image or a file name never acts, never forges a line or a formula.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

# fixtures/gen/hostile.pl wrote escapes, a line break, RLO, C1, data after NUL, odd length, a
# lone surrogate and a duplicate into Guest\Parameters, a formula into Auto.
HK=$OUT/hostile-kvp.vhdx
GP='SOFTWARE\Microsoft\Virtual Machine\Guest\Parameters'
$HV -k "$GP" -k 'SOFTWARE\Microsoft\Virtual Machine\Guest' "$HK" > "$T/hk.txt" 2> "$T/hk.err"; rc=$?
check "hostile text: exit 0, nothing on stderr" all [ $rc -eq 0 ] -- [ ! -s "$T/hk.err" ]
check "hostile text: no control byte but the line breaks we write" not grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$T/hk.txt"
check "hostile text: OSC 52 (clipboard) shown escaped" \
    grep -qxF '        HostName                         REG_SZ         evil\x1b]52;c;ZXZpbA==\x07host' "$T/hk.txt"
check "hostile text: a line break inside a value starts no report line" all \
    grep -qF '    Host name        tphost.lab.example\x0a      FakeValue' "$T/hk.txt" -- not grep -q '^ *FakeValue' "$T/hk.txt"
check "hostile text: right-to-left override, C1 CSI, a name that clears the screen, a subkey name" all \
    grep -qxF '    VM name          \u202egpj.exe' "$T/hk.txt" -- grep -qF 'C1                               REG_SZ         \u009b31mred' "$T/hk.txt" -- \
    grep -qF '        \x1b[2J\x1b[HEvilName' "$T/hk.txt" -- grep -qxF '        Evil\x1b[31mKey\' "$T/hk.txt"
check "hostile text: data after the NUL, odd length, lone surrogate kept and flagged" all \
    grep -qF 'HostingSystemNestedLevel         REG_SZ         0  [data-after-nul; stored: 300000006a0075006e006b000000]' "$T/hk.txt" -- \
    grep -qF 'VirtualMachineId                 REG_SZ         461B2364-3901-4349-B3C2-FA4821CBEEFE  [odd-length, data-after-nul; stored: ' "$T/hk.txt" -- \
    grep -qF '  [lone-surrogate; stored: 00d861000000]' "$T/hk.txt"
check "hostile text: every value shown, the duplicate marked, and counted alike" all \
    grep -qxF '        hostingsystemosmajor             REG_SZ         10  [duplicate-name]' "$T/hk.txt" -- \
    grep -qF 'Guest\Parameters 14 values (1 under a name stored twice)' "$T/hk.txt" -- \
    grep -qF 'last written 2014-11-20 00:37:31 UTC; 14 values (1 under a name stored twice), 0 subkeys' "$T/hk.txt"
check "hostile text: the verdict says which duplicate it used" \
    grep -qF 'Host version     NT 6.4 (Windows Technical Preview), Server Datacenter (from HostingSystemOsMajor [the first of those stored], HostingSystemOsMinor)' "$T/hk.txt"
$HV --json -k "$GP" "$HK" > "$T/hk.json"
hk() { jq -c ".[0].installations[0] | $1" "$T/hk.json"; }
check "hostile JSON: exact data, escaped by JSON" all \
    [ "$(jq -r '.[0].installations[0].kvp.guest_parameters.values.HostName.data' "$T/hk.json")" = $'evil\e]52;c;ZXZpbA==\ahost' ] -- \
    [ "$(hk '.kvp.guest_parameters.values.VirtualMachineName.data')" = '"‮gpj.exe"' ]
check "hostile JSON: 13 names, the repeated one with its duplicate, in every place values appear" all \
    [ "$(hk '.kvp.guest_parameters.values | length')" = 13 ] -- \
    [ "$(hk '.kvp.guest_parameters.values.HostingSystemOsMajor | [.data, .duplicates]')" = \
      '["6",[{"type":"REG_SZ","data":"10","anomalies":["duplicate-name"],"raw":null,"name":"hostingsystemosmajor"}]]' ] -- \
    [ "$(hk '.keys[] | .values.HostingSystemOsMajor.duplicates | length')" = 1 ]
check "hostile JSON: anomalies and the stored bytes" all \
    [ "$(hk '.kvp.guest_parameters.values.HostingSystemNestedLevel | [.data, .anomalies, .raw]')" = '["0",["data-after-nul"],"300000006a0075006e006b000000"]' ] -- \
    [ "$(hk '.kvp.guest_parameters.values.LoneSurrogate | [.anomalies, .raw]')" = '[["lone-surrogate"],"00d861000000"]' ] -- \
    [ "$(hk '.kvp.guest_parameters.values.VirtualMachineId.anomalies')" = '["odd-length","data-after-nul"]' ]
check "hostile JSON: indicators; host 6.4 from the first value; '=1+1' never current" all \
    [ "$(hk '[.spoof_indicators[].rule]')" = '["duplicate-value","malformed-string","malformed-string","malformed-string","ic-version-malformed"]' ] -- \
    [ "$(hk '[.host.nt, .ic.status, .windows_update.offered, (.windows_update.checks[] | select(.check == "host-major") | .value)]')" = \
      '["6.4","unknown",null,"6 (the first of those stored)"]' ]
$HV -R ic-current -R no-spoof "$HK" > /dev/null 2> "$T/hk.err"; rc=$?
check "hostile gates: ic-current and no-spoof fail (exit 1), their stderr lines escaped" all [ $rc -eq 1 ] -- \
    [ "$(wc -l < "$T/hk.err")" = 2 ] -- not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/hk.err"
$HV -o csv "$HK" > "$T/hk.csv"
check "hostile CSV: one row; the formula neutralised; no cell spans lines" \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='')))
print(len(r), r[0]['ic_installed'], r[0]['kvp_host_name'].split('\\\\x0a')[0], r[0]['kvp_vm_name'], r[0]['host_os_name'], r[0]['spoof_rules'])" "$T/hk.csv")" = \
      "1 '=1+1 tphost.lab.example \\u202egpj.exe Windows Technical Preview duplicate-value;malformed-string;ic-version-malformed" ]
$HV --hive -k 'Microsoft\Virtual Machine\Guest\Parameters' "$OUT/hives/sw-hostile" > "$T/hh.txt"
check "hostile --hive dump: escaped too" all grep -qF 'evil\x1b]52;c;ZXZpbA==\x07host' "$T/hh.txt" -- \
    not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/hh.txt"
# every value's type in one column, whatever its name holds once escaped (\x1b[2J..., U+FFFD),
# a name longer than the column aside
cols=$(grep -E '^      [^ ].* REG_' "$T/hh.txt" | python3 -c "
import sys
print(sorted({l.index(' REG_') for l in sys.stdin if len(l.split(' REG_')[0].strip()) <= 32}))")
check "hostile --hive dump: the type column lines up, escaped names too ($cols)" [ "$cols" = "[38]" ]

# File names are data too: in text, CSV, stderr and the progress line.
mkdir -p "$T/names"
cp "$OUT/nowin.vhdx" "$T/names/=HYPERLINK(\"http:x\")+1.vhdx"
cp "$OUT/nowin.vhdx" "$T/names/"$'a\e[2Jb.vhdx'
cp "$OUT/nowin.vhdx" "$T/names/"$'new\nline.vhdx'
head -c 1000 "$OUT/nowin.vhdx" > "$T/names/"$'cut\e]0;x\a.vhdx'
$HV -r -j 2 "$T/names" > "$T/names.txt" 2> "$T/names.err"; rc=$?
check "-r hostile file names: exit 3 (one is cut), text and stderr hold no control byte" all [ $rc -eq 3 ] -- \
    not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/names.txt" -- not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/names.err" -- \
    grep -qF "$T/names/a\\x1b[2Jb.vhdx: vhdx dynamic" "$T/names.txt" -- grep -qF "$T/names/new\\x0aline.vhdx: vhdx" "$T/names.txt" -- \
    grep -qF "hvinspect: $T/names/cut\\x1b]0;x\\x07.vhdx: VHDX" "$T/names.err"
$HV -r -o csv "$T/names" > "$T/names.csv" 2> /dev/null
check "-r hostile file names in CSV: 4 rows, the formula name neutralised" \
    [ "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='')))
print(len(r), sum(1 for x in r if x['path'].split('/')[-1] == \"'\" + '=HYPERLINK(\"http:x\")+1.vhdx' or x['path'].startswith(\"'\")))" "$T/names.csv")" = "4 0" -o \
      "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='')))
print(len(r), [x['path'] for x in r if 'HYPERLINK' in x['path']][0].split('/')[-1])" "$T/names.csv")" = "4 =HYPERLINK(\"http:x\")+1.vhdx" ]
cp "$OUT/nowin.vhdx" "$T/=cmd.vhdx"
(cd "$T" && "$HVABS" -o csv '=cmd.vhdx' > "$T/cmd.csv" 2> /dev/null)
check "CSV path cell starting with = is neutralised" grep -qx "'=cmd.vhdx,,vhdx,dynamic,.*" "$T/cmd.csv"
# A terminal: the progress line and the children's error lines never share a line.
if command -v script > /dev/null 2>&1; then
	script -qec "$HV -j 2 -o jsonl $OUT/sample.vhdx $T/names/cut* $OUT/nowin.vhdx $T/missing.vhdx $OUT/mbr-gen1.vhd > /dev/null" /dev/null \
	    > "$T/tty.out" 2>&1
	# Our own control sequences are CR and ESC [K (clear the line); any other is the data's.
	check "progress line on a terminal: shown, escaped, and every error line starts a line of its own" \
	    python3 -c "
import re, sys
t = open(sys.argv[1], 'rb').read()
assert b'[1/5]' in t, 'no progress line'
assert not re.search(rb'[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]', t.replace(b'\x1b[K', b'')), 'a control byte'
lines = re.split(rb'\r|\n', t.replace(b'\x1b[K', b''))
errs = [l for l in lines if b'hvinspect: ' in l]
assert len(errs) == 2 and all(l.startswith(b'hvinspect: ') for l in errs), errs
" "$T/tty.out"
else
	skip "script absent: no terminal test"
fi

# Names stored in images reach stderr escaped: a VHD parent locator, a VMDK extent name.
mkdir -p "$T/loc"
build/mkdiff vhd "$OUT/chain/vhd/base.vhd" "$OUT/chain/chain1.raw" "$OUT/chain/chain1.raw" "$T/loc/child.avhd" \
    --name $'ba\e[2J\nse.vhd' 2> /dev/null
printf '# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="monolithicFlat"\n\n# Extent description\nRW 81920 FLAT "ext\033]0;t\007.raw" 0\n\n# The Disk Data Base\n#DDB\n\nddb.adapterType = "ide"\n' > "$T/loc/ext.vmdk"
$HV "$T/loc/child.avhd" "$T/loc/ext.vmdk" > "$T/loc.txt" 2> "$T/loc.err"; rc=$?
check "a parent locator and an extent name with escapes and a line break: escaped on stderr and in text" all [ $rc -eq 3 ] -- \
    [ "$(wc -l < "$T/loc.err")" = 2 ] -- not grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$T/loc.err" "$T/loc.txt" -- \
    grep -qF 'parent "ba\x1b[2J\x0ase.vhd" {' "$T/loc.err" -- grep -qF 'ext\x1b]0;t\x07.raw' "$T/loc.err"

# A parent name far longer than a message budget once was (300 bytes): said whole, quoted.
long=$(printf 'p%.0s' $(seq 700)).vhdx
build/mkdiff vhdx "$OUT/chain/vhdx/base.vhdx" "$OUT/chain/chain1.raw" "$OUT/chain/chain1.raw" "$T/loc/long.avhdx" \
    --name "$long" 2> /dev/null
$HV "$T/loc/long.avhdx" > /dev/null 2> "$T/long.err"; rc=$?
check "a 704-byte parent name: said whole in the error that explains it" all [ $rc -eq 3 ] -- \
    grep -qF "parent \"$long\" {" "$T/long.err"

# How a batch tells a child its image is not an argument: a file named like the old internal
# option in an evidence folder, globbed, is an unknown option (nothing inspected in-process).
mkdir -p "$T/xc"
cp "$OUT/nowin.vhdx" "$T/xc/a.vhdx"
cp "$OUT/sample.vhdx" "$T/xc/--x-child=c.vhdx"
(cd "$T/xc" && "$HVABS" -o csv *.vhdx > "$T/xc.csv" 2> "$T/xc.err"); rc=$?
check "a file named --x-child=c.vhdx: usage error (exit 2), no record" all [ $rc -eq 2 ] -- [ ! -s "$T/xc.csv" ] -- \
    grep -qF 'unknown option --x-child=c.vhdx' "$T/xc.err"
(cd "$T/xc" && "$HVABS" -o csv -- *.vhdx > "$T/xc.csv" 2> /dev/null); rc=$?
check "... and after --, both files inspected, each in its own child" all [ $rc -eq 0 ] -- [ "$(wc -l < "$T/xc.csv")" = 3 ]

# Names that are not UTF-8 stay distinct and reversible: ev\xffid, ev\xfeid, ev?id and év\xffid
# (a valid é beside the bad byte) are four paths in every form; JSON's path_bytes gives the bytes.
python3 fixtures/gen/hostile_paths.py names "$T/u8" "$OUT/nowin.vhdx"
$HV -q -o jsonl "$T/u8/"* > "$T/u8.jsonl" 2> /dev/null
$HV -q -o csv "$T/u8/"* > "$T/u8.csv" 2> /dev/null
$HV -q -o html "$T/u8/"* > "$T/u8.html" 2> /dev/null
$HV -q "$T/u8/"* > "$T/u8.txt" 2> /dev/null
check "paths that are not UTF-8: 4 distinct in JSONL, CSV, HTML and text; valid UTF-8 kept; path_bytes reverses them" all \
    [ "$(jq -r .path "$T/u8.jsonl" | sed "s|^$T/u8/||" | sort | tr '\n' ' ')" = 'ev?id.raw ev\xfeid.raw ev\xffid.raw év\xffid.raw ' ] -- \
    [ "$(tail -n +2 "$T/u8.csv" | cut -d, -f1 | sort -u | wc -l)" = 4 ] -- \
    [ "$(grep -o '<tr class="e"><td>[^<]*' "$T/u8.html" | sort -u | wc -l)" = 4 ] -- \
    [ "$(grep -c '\.raw: vhdx' "$T/u8.txt")" = 4 ] -- [ "$(grep '\.raw: vhdx' "$T/u8.txt" | sort -u | wc -l)" = 4 ] -- \
    [ "$(jq -r 'select(.path_bytes) | .path_bytes' "$T/u8.jsonl" | python3 -c "import sys,os
print(sorted(os.path.basename(bytes.fromhex(l.strip())) for l in sys.stdin) == sorted(os.path.basename(p) for p in os.listdir(os.fsencode(sys.argv[1])) if b'?' not in p))" "$T/u8")" = True ] -- \
    cmp "$T/u8.jsonl" <($HV --from-jsonl "$T/u8.jsonl" -o jsonl)

# -r's walk in the parent only peeks: a QCOW2 whose 20,000 L1 entries all name one L2 table
# (fixtures/gen/qcowbomb.py) costs the parent its header, not 1.3 GB of table reads; the table
# check runs in the image's own child, under --timeout.
if command -v strace > /dev/null 2>&1; then
	mkdir -p "$T/qb"
	python3 fixtures/gen/qcowbomb.py "$T/qb/bomb.qcow2" 20000
	cp "$OUT/nowin.vhdx" "$T/qb/"
	strace -qq -P "$T/qb/bomb.qcow2" -e trace=read,pread64,preadv,preadv2 -o "$T/qb.strace" \
	    $HV -r --timeout 2 -o csv "$T/qb" > "$T/qb.csv" 2> /dev/null; rc=$?
	check "-r: the parent reads a table bomb's header only (<= 16 reads, <= 64 KiB: $(wc -l < "$T/qb.strace") reads), the other image reported" all \
	    [ "$(wc -l < "$T/qb.strace")" -le 16 ] -- [ "$(awk -F'= ' '{s += $NF} END {print s + 0}' "$T/qb.strace")" -le 65536 ] -- \
	    grep -q '^[^,]*nowin.vhdx,,vhdx' "$T/qb.csv"
	# ... and each file's chain is walked once (img_memo.c): a 40-level QCOW2 chain, newest first in
	# name order, costs the parent 3 openings of its base, not one per level above it.
	mkdir -p "$T/qc"
	qemu-img create -q -f qcow2 "$T/qc/c39.qcow2" 1M
	for i in $(seq 38 -1 0); do
		qemu-img create -q -f qcow2 -u -b "c$(printf %02d $((i + 1))).qcow2" -F qcow2 "$T/qc/c$(printf %02d $i).qcow2" 1M
	done
	strace -qq -P "$T/qc/c39.qcow2" -e trace=open,openat -o "$T/qc.strace" $HV -r -o csv "$T/qc" > "$T/qc.csv" 2> /dev/null; rc=$?
	check "-r: each file's chain is walked once (a 40-level chain's base opened $(grep -c "^open" "$T/qc.strace") times by the parent, <= 4), reported once from its newest" all \
	    [ "$(grep -c "^open" "$T/qc.strace")" -le 4 ] -- [ "$(grep -c qcow2 "$T/qc.csv")" -eq 1 ] -- grep -q '^[^,]*c00.qcow2,' "$T/qc.csv"
else
	skip "strace absent: the parent's reads of a table bomb and of a chain are not counted"
fi

# Shared cells (fixtures/gen/cellbomb.py): a value list naming one 1 MiB value cell 65,536 times,
# and 65,536 value cells naming one 1 MiB data cell, each 64 GiB asked of a reader that follows
# them. Under a 2 GB address-space limit, each is a bounded, said error in well under a second
# of work: the cell read once, the key's data budget (64 MiB) kept.
python3 fixtures/gen/cellbomb.py "$OUT/hives/sw-62-tp" "$T/cellbomb" Guest Parameters
python3 fixtures/gen/cellbomb.py "$OUT/hives/sw-62-tp" "$T/databomb" Guest Parameters 65536 data
pk='Microsoft\Virtual Machine\Guest\Parameters'
limit=(prlimit --as=2000000000)
nm "$HV" 2> /dev/null | grep -q __asan_init && limit=() # ASan reserves terabytes of address space
"${limit[@]}" $HV --hive -k "$pk" "$T/cellbomb" > /dev/null 2> "$T/cellbomb.err"; rc=$?
"${limit[@]}" $HV --hive -k "$pk" "$T/databomb" > /dev/null 2> "$T/databomb.err"; rc2=$?
check "shared-cell bombs under 2 GB: one cell listed 65,536 times read once; 64 MiB a key; both said (exit 3)" all \
    [ $rc -eq 3 -a $rc2 -eq 3 ] -- grep -qF 'names a value cell an earlier entry names, 65535 times (an edited hive)' "$T/cellbomb.err" -- \
    grep -qF "not read: this key's values hold more than 64 MiB of data" "$T/databomb.err"

# Names are counted strings (fixtures/gen/nulname.py): a value "HostName\0hidden!" beside the real
# HostName, a key "Param\0ters" where Parameters was. Every code unit kept: text shows \x00, JSON
# \u0000; a shorter name never matches; libregf, which stops at U+0000, differs "as known".
python3 fixtures/gen/nulname.py "$OUT/hives/sw-62-tp" "$T/nulv" PhysicalHostName 'HostName\x00hidden!'
python3 fixtures/gen/nulname.py "$OUT/hives/sw-62-tp" "$T/nulk" Parameters 'Param\x00ters'
$HV --hive -k "$pk" "$T/nulv" > "$T/nulv.txt" 2>&1; rc=$?
$HV --hive -C -o jsonl -k "$pk" "$T/nulv" > "$T/nulv.jsonl" 2>&1; rc2=$?
check "a value name holding U+0000: kept whole (text \\x00, JSON \\u0000), the real HostName still HostName, libregf's cut explained (rc $rc $rc2)" all \
    [ $rc -eq 0 -a $rc2 -eq 0 ] -- grep -qE '^      HostName\\x00hidden! +REG_SZ +TPHOST$' "$T/nulv.txt" -- \
    [ "$(jq -c '[.keys[].values | length, .["HostName\u0000hidden!"].data, .HostName.data]' "$T/nulv.jsonl")" = '[11,"TPHOST","tphost.lab.example"]' ] -- \
    [ "$(jq -c '[(.cross_check.disagreed | length), (.cross_check.explained[] | .fact | test("HostName\u0000hidden!$"))]' "$T/nulv.jsonl")" = '[0,true]' ]
check "... and --from-jsonl gives back the same record, byte for byte" cmp -s "$T/nulv.jsonl" <($HV --from-jsonl "$T/nulv.jsonl" -o jsonl)
$HV --hive -C -o jsonl -k 'Microsoft\Virtual Machine\Guest' -k 'Microsoft\Virtual Machine\Guest\Param' "$T/nulk" > "$T/nulk.jsonl" 2>&1; rc=$?
check "a key name holding U+0000: listed whole; the name cut at it is not that key; libregf's cut explained (rc $rc)" all [ $rc -eq 0 ] -- \
    [ "$(jq -c '[.keys["Microsoft\\Virtual Machine\\Guest"].subkeys, .keys["Microsoft\\Virtual Machine\\Guest\\Param"], (.cross_check.disagreed | length), (.cross_check.explained | length)]' "$T/nulk.jsonl")" = \
      '[["Param\u0000ters"],null,0,1]' ] -- \
    grep -qF 'Param\x00ters\' <($HV --hive -k 'Microsoft\Virtual Machine\Guest' "$T/nulk")
if [ -f ../shared/corpus/hivex/special ]; then
	$HV --hive -C -o jsonl ../shared/corpus/hivex/special > "$T/special.jsonl" 2> /dev/null; rc=$?
	check "hivex's special hive (written by Windows): zero\\x00key kept, its value zero\\x00val too, libregf's cuts explained (rc $rc)" all [ $rc -eq 0 ] -- \
	    [ "$(jq -c '[.keys[""].subkeys[2], (.cross_check.explained | map(.fact)), (.cross_check.disagreed | length)]' "$T/special.jsonl")" = \
	      '["zero\u0000key",["\\zero\u0000key","\\zero\u0000key.values.zero\u0000val"],0]' ]
else
	skip "../shared/corpus absent: hivex's special hive not read"
fi

# A record is bounded (32 MiB): 30 values of 1 MiB asked with --key make a 63 MB record; in its
# place the child sends one that says why (exit 3), and the parent holds no more than that.
python3 fixtures/gen/cellbomb.py "$OUT/hives/sw-62-tp" "$T/big30" Guest Parameters 30 data
$HV --hive -o jsonl -k "$pk" "$T/big30" > "$T/big30.jsonl" 2> "$T/big30.err"; rc=$?
check "a 63 MB record: not kept, said in its place and on stderr (exit 3, $(wc -c < "$T/big30.jsonl") bytes)" all [ $rc -eq 3 ] -- \
    [ "$(wc -c < "$T/big30.jsonl")" -lt 1024 ] -- \
    grep -qF 'over the 32 MiB a record may hold: not kept' <(jq -r .error "$T/big30.jsonl") -- \
    grep -qF 'its record is over the 32 MiB a record may hold: not kept' "$T/big30.err"

# Each image's process has a memory budget of its own (--memory-limit, MiB): the data bomb needs
# 64 MiB more than a process starts with; under 100 MiB it is out of memory, said with the budget,
# and the hive beside it keeps its record; under the default (4096) the key's data budget says it.
if [ ${#limit[@]} -gt 0 ]; then
	$HV --hive -j 2 -o jsonl --memory-limit 100 -k "$pk" "$T/databomb" "$OUT/hives/sw-62-tp" > "$T/mem.jsonl" 2> "$T/mem.err"; rc=$?
	check "--memory-limit 100: the bomb out of memory, said with its budget; the other hive whole (exit 3)" all [ $rc -eq 3 ] -- \
	    grep -qF "out of memory (this image's process may take --memory-limit 100 MiB)" <(jq -r '.error // empty' "$T/mem.jsonl") -- \
	    [ "$(jq -c '[.error, (.keys | length)]' "$T/mem.jsonl" | tail -1)" = '[null,1]' ] -- \
	    grep -qF 'may take --memory-limit 100 MiB' "$T/mem.err"
	$HV --hive --memory-limit 0 -k "$pk" "$T/databomb" > /dev/null 2> "$T/mem0.err"; rc=$?
	check "--memory-limit 0: no budget of ours, the key's data budget says it (exit 3)" all [ $rc -eq 3 ] -- \
	    grep -qF "this key's values hold more than 64 MiB of data" "$T/mem0.err"
else
	skip "--memory-limit: not applied under ASan"
	skip "--memory-limit 0: not under ASan"
fi

# A fleet under a 1.5 GB address-space limit (the parent and, inherited, every child): a table
# bomb that would take the parent minutes beside innocent images; the bomb's record says it ran
# out of --timeout, every innocent image keeps its whole record, the parent ends normally.
if [ ${#limit[@]} -gt 0 ]; then
	mkdir -p "$T/mix"
	python3 fixtures/gen/qcowbomb.py "$T/mix/bomb.qcow2"
	cp "$OUT/sample.vhdx" "$T/mix/innocent.vhdx"
	cp "$OUT/nowin.vhdx" "$T/mix/zlast.vhdx"
	prlimit --as=1500000000 $HV -r -j 2 --timeout 3 -o jsonl "$T/mix" > "$T/mix.jsonl" 2> /dev/null; rc=$?
	check "a fleet under 1.5 GB with a table bomb: exit 3, the bomb timed out, the innocent records whole" all [ $rc -eq 3 ] -- \
	    [ "$(jq -c '[(.path | sub(".*/"; "")), (.error // "" | test("timed out after 3 s")), (.installations | length)]' "$T/mix.jsonl" | tr -d '\n')" = \
	      '["bomb.qcow2",true,0]["innocent.vhdx",false,1]["zlast.vhdx",false,0]' ]
else
	skip "a fleet under a memory limit: not under ASan"
fi

# The line on stderr is as long as its message: a parent searched for in a 1,200-byte folder,
# a wrong candidate beside it (4,200 bytes in all; stderr lines were cut at 2,048 before).
c=$(printf 'd%.0s' $(seq 200)); deepdir="$T/long/$c/$c/$c/$c/$c/$c"; pn=$(printf 'p%.0s' $(seq 200)).vhdx
mkdir -p "$deepdir"
build/mkdiff vhdx "$OUT/chain/vhdx/base.vhdx" "$OUT/chain/chain1.raw" "$OUT/chain/chain1.raw" "$deepdir/child.avhdx" \
    --name "$pn" 2> /dev/null
cp "$OUT/nowin.vhdx" "$deepdir/$pn"
$HV "$deepdir/child.avhdx" > /dev/null 2> "$T/longdir.err"
check "a 4,200-byte error line on stderr: whole, the refused candidate named at its end" \
    grep -qF "($deepdir/$pn is {" "$T/longdir.err"

# Text on a terminal that shows stderr too: an image's error is said once, in its record (it was
# said twice: the record, and stderr); on its own stderr, or with -v, it is still on stderr.
if command -v script > /dev/null 2>&1; then
	script -qec "$HV $OUT/sample.vhdx $T/missing-once.vhdx" /dev/null > "$T/once.txt" 2>&1
	$HV "$OUT/sample.vhdx" "$T/missing-once.vhdx" 2> "$T/once.err" > /dev/null
	check "an error on one screen: once ($(grep -c 'missing-once.vhdx: No such file' "$T/once.txt") times); stderr alone still has it" all \
	    [ "$(grep -c 'missing-once.vhdx: No such file' "$T/once.txt")" = 1 ] -- grep -q 'missing-once.vhdx: No such file' "$T/once.err"
else
	skip "script absent: no terminal test"
fi
