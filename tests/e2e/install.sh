# SPDX-License-Identifier: MIT
# tests/e2e/install.sh: make install into a scratch tree.
# A part of the end-to-end suite, sourced by tests/e2e/run.sh in its order (it may use what
# an earlier part made in $T); run the suite with `bash tests/e2e/run.sh`.

make -s install DESTDIR="$T/inst" PREFIX=/usr > /dev/null 2>&1
check "make install: program, man page, completion under DESTDIR/PREFIX" all \
    [ -x "$T/inst/usr/bin/hvinspect" -a -f "$T/inst/usr/share/man/man1/hvinspect.1" -a \
    -f "$T/inst/usr/share/bash-completion/completions/hvinspect" ] -- \
    "$T/inst/usr/bin/hvinspect" -V | grep -q 'libfsntfs 20200921 linked in; libbfio 20170123, jansson' 
check "make install: the JSON Schema under share/hvinspect" [ -f "$T/inst/usr/share/hvinspect/hvinspect.schema.json" ]
# (the man page and the completion against the option table: tests/docs/options.sh)
