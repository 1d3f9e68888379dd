# SPDX-License-Identifier: MIT
# tests/e2e/usage.sh: options that do not go together, unknown options, --help.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

# The small things.
$HV --hive -R kvp "$OUT/hives/sw-62-tp" > /dev/null 2> "$T/err"; rc1=$?
$HV --hive -A 6.3 "$OUT/hives/sw-62-tp" > /dev/null 2>&1; rc3=$?
check "--hive refuses --require, --assume-host (exit 2)" all [ "$rc1$rc3" = 22 ] -- \
    grep -qe '--hive reads bare hive files: --require does not apply to them' "$T/err"
# --hive -r: the hive files below a folder, by signature (a hive's name has no ending), never
# their logs (they start with regf too: replayed from beside their hive); other files skipped.
mkdir -p "$T/hr/sub"
cp "$OUT/hives/sw-dirty-log" "$OUT/hives/sw-dirty-log.LOG1" "$T/hr/"
cp "$OUT/hives/sys-on" "$T/hr/sub/SYSTEM"
cp "$OUT/nowin.vhdx" "$T/hr/"
echo notes > "$T/hr/sub/readme.txt"
$HV --hive -r -o jsonl "$T/hr" > "$T/hr.jsonl" 2> /dev/null; rc=$?
check "--hive -r: the two hives below the folder, not the log, the disk image or the text (rc $rc)" all [ $rc -eq 0 ] -- \
    [ "$(jq -r '.path | sub(".*/hr/"; "")' "$T/hr.jsonl" | tr '\n' ' ')" = 'sub/SYSTEM sw-dirty-log ' ] -- \
    [ "$(jq -r 'select(.path | endswith("sw-dirty-log")) | .hive.recovered_from | length' "$T/hr.jsonl")" -ge 1 ]
rm -f "$T/hr/sub/SYSTEM" "$T/hr/sw-dirty-log"
$HV --hive -r -o jsonl "$T/hr" > /dev/null 2> "$T/hr.err"; rc=$?
check "--hive -r with no hive below: said, exit 3 (rc $rc)" all [ $rc -eq 3 ] -- grep -qF 'no hive found' "$T/hr.err"
$HV --hive "$OUT/sample.vhdx" 2> /dev/null > "$T/nh.txt"
check "--hive on a non-hive: not called a registry hive" grep -qxF "$OUT/sample.vhdx: not read as a registry hive" "$T/nh.txt"
$HV --assume-host 7.7 "$OUT/sample.vhdx" > /dev/null 2> "$T/err"
check "--assume-host 7.7 (no such host): usage error" all [ $? -eq 2 ] -- grep -q 'not a Hyper-V host version' "$T/err"
$HV --bogus "$OUT/sample.vhdx" > /dev/null 2> "$T/err"
check "an unknown option is said once" all [ "$(grep -c 'unknown option --bogus' "$T/err")" = 1 ] -- [ "$(grep -ci 'unrecognized' "$T/err")" = 0 ]
$HV -j > /dev/null 2> "$T/err"
check "an option without its value is said so" grep -qF 'option -j needs a value' "$T/err"
$HV --help > "$T/help"
missing=$(sed -n '/^$/q;p' "$T/help" > "$T/usage"; grep -oE -- '^ +(-[a-zA-Z], )?--[a-z-]+' "$T/help" | while read -r a b; do
	o=${b:-$a}; s=${a%,}; case $a in --*) s= ;; esac
	grep -qF -- "${s:-$o}" "$T/usage" || grep -qF -- "$o" "$T/usage" || echo "$o"; done)
check "--help: the usage lines list every option ($missing)" [ -z "$missing" ]
mkdir -p "$T/ln"
cp "$OUT/nowin.vhdx" "$T/ln/a.vhdx"
ln -s a.vhdx "$T/ln/b.vhdx"
check "-r: an image reached twice through a symlink is reported once" [ "$($HV -r -o jsonl "$T/ln" | wc -l)" = 1 ]
if [ -d "$CORPUS" ]; then
	for f in mbr-4096-p1e0 mbr-4096-p1e1; do gzip -dc "$CORPUS/dfir_ntfs/$f.bin.gz" > "$T/$f.raw"; done
	$HV --json "$T/mbr-4096-p1e0.raw" "$T/mbr-4096-p1e1.raw" > "$T/m4.json" 2>&1; rc=$?
	check "corpus 4096-byte MBRs whose extended partition needs 4096 (as mmls -b 4096 reads them): exit 0, said" all [ $rc -eq 0 ] -- \
	    [ "$(jq -c '[.[] | [.image.sector_size, [.partitions[] | [.index, .offset, .size]]]]' "$T/m4.json")" = \
	      '[[4096,[[1,4096,512000]]],[4096,[[1,12288,8192],[5,36864,8192]]]]' ] -- \
	    [ "$(jq -r '.[1].warnings[0]' "$T/m4.json")" = 'MBR read with 4096-byte sectors: with 512 the table is impossible (extended partition 2: EBR at LBA 8: MBR: no 0x55AA signature (0000))' ]
fi
# -V and --help are output too: a write error is exit 4, not 0.
$HV -V > /dev/full 2> "$T/full.err"; rc=$?
$HV --help > /dev/full 2>> "$T/full.err"; rc2=$?
check "-V and --help into a full disk: exit 4, said" all [ $rc -eq 4 -a $rc2 -eq 4 ] -- \
    [ "$(grep -c 'standard output: write error' "$T/full.err")" = 2 ]
