# SPDX-License-Identifier: MIT
# tests/e2e/schema.sh: every kind of record against docs/hvinspect.schema.json.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

$HV --hive --json -k Microsoft -k Nope "$OUT/hives/sw-62-tp" > "$T/schema-hive.json" 2> /dev/null
$HV -o jsonl -k 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -k 'SYSTEM\Nope' -R kvp -R 'host>=10.0' \
    "$OUT/sample.vhdx" "$OUT/gpt-4k.vhdx" "$T/random.img" "$OUT/chain/lonely/cp1.avhdx" > "$T/schema-k.jsonl" 2> /dev/null
cp "$OUT/nowin.vhdx" "$T/"$'not\xffutf8.vhdx'
$HV -o jsonl "$T/"$'not\xffutf8.vhdx' >> "$T/schema-k.jsonl" 2> /dev/null
$HV --json -j 1 $(for f in vlog.vhdx chain/vhdx/cp2.avhdx chain/vhd/cp2.avhd more/gen1.qcow2 more/gen1-split.vmdk hostile/escape.vmdk \
    more/gen1.E01 hostile/gap.E01; do echo "$OUT/$f"; done) > "$T/schema-more.json" 2> /dev/null
check "JSON Schema: every fixture's record, hive and --key records, gates, errors, chains ($(python3 \
    tests/tools/schema_check.py docs/hvinspect.schema.json $(for f in $FIXTURES; do n=${f%.*}-${f##*.}; echo "$T/$n.json"; done) \
    "$T/schema-hive.json" "$T/schema-more.json" -l "$T/schema-k.jsonl" 2>&1 | tail -3 | tr '\n' ' '))" \
    python3 tests/tools/schema_check.py docs/hvinspect.schema.json $(for f in $FIXTURES; do n=${f%.*}-${f##*.}; echo "$T/$n.json"; done) \
    "$T/schema-hive.json" "$T/schema-more.json" -l "$T/schema-k.jsonl"
# Each warning has its kind, one of warn.def's ids (the schema's enum, kept equal to warn.def here)
bad=$(cat $(for f in $FIXTURES; do n=${f%.*}-${f##*.}; echo "$T/$n.json"; done) "$T/schema-more.json" "$T/schema-hive.json" |
    jq -s '[.[][], inputs? | (., .installations[]?) | select((.warnings | length) != (.warning_kinds | length))] | length')
nw=$(cat "$T/schema-more.json" $(for f in $FIXTURES; do n=${f%.*}-${f##*.}; echo "$T/$n.json"; done) | jq -s '[.[][] | (., .installations[]?) | .warning_kinds[]] | length')
check "warning_kinds: one per warning in every record and installation ($bad that differ; $nw kinds seen)" all [ "$bad" = 0 ] -- [ "$nw" -gt 3 ]
check "warning_kinds: the schema's list is src/base/warn.def's" \
    [ "$(jq -c '."$defs".warning_kinds.items.enum' docs/hvinspect.schema.json)" = \
      "$(sed -n 's/^WARN([A-Z_]*, *"\([a-z-]*\)".*/"\1"/p' src/base/warn.def | paste -sd, | sed 's/.*/[&]/')" ]
