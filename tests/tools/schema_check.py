#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# schema_check.py SCHEMA FILE...: validate each FILE (a JSON document, or JSON
# lines with -l before it) against SCHEMA (JSON Schema 2020-12, python3-jsonschema).
# Prints the first error of each file that fails; exit 1 if any failed.
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad, lines, n = 0, False, 0
for f in sys.argv[2:]:
    if f == '-l':
        lines = True
        continue
    text = open(f).read()
    docs = [json.loads(l) for l in text.splitlines() if l.strip()] if lines else [json.loads(text)]
    lines = False
    for d in docs:
        n += 1
        e = jsonschema.exceptions.best_match(v.iter_errors(d))
        while e is not None and e.context:
            e = jsonschema.exceptions.best_match(e.context)  # into oneOf, to the real cause
        if e is not None:
            bad += 1
            print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message}"[:400])
print(f"schema_check: {n} documents, {bad} invalid")
sys.exit(1 if bad else 0)
