#!/bin/bash
# SPDX-License-Identifier: MIT
# pkg/windows.sh PREFIX VERSION OBJ... (make dist-windows): hvinspect-VERSION-win64.zip in dist/,
# from the objects make windows linked and the third-party PREFIX (third_party/build.sh):
#   hvinspect.exe               stripped; the same link as build-win/hvinspect.exe
#   README.md, hvinspect.txt    the README and the man page rendered as text
#   docs/                       the manual (docs/*.md), as in the source tree
#   hvinspect.schema.json       the JSON output's schema
#   LICENSE.txt, licenses/      hvinspect's licence (MIT) and those of everything linked in
#   relink/                     what the LGPL asks of a static link (relink/RELINK.txt)
set -eu
cd "$(dirname "$0")/.."
PREFIX=${1:?usage: pkg/windows.sh PREFIX VERSION OBJ...}
VERSION=${2:?}
shift 2
HOST=x86_64-w64-mingw32
NAME=hvinspect-$VERSION-win64
D=dist/$NAME
rm -rf "$D" "dist/$NAME.zip"
mkdir -p "$D/licenses" "$D/relink/obj" "$D/relink/sources"
# the exe: our objects, the isolated libraries, Debian's mingw zlib (as the Makefile links)
for o in "$@"; do
	cp "$o" "$D/relink/obj/$(echo "${o#build-win/}" | tr / _)"
done
(cd "$D/relink" && $HOST-gcc -static -o ../hvinspect.exe obj/*.o "$PREFIX"/lib/*_private.o -L"$PREFIX/lib" -ljansson -lz)
$HOST-strip "$D/hvinspect.exe"
cp README.md "$D/"
mkdir -p "$D/docs" && cp docs/*.md docs/report.png "$D/docs/"
cp docs/hvinspect.schema.json "$D/"
GROFF_NO_SGR=1 groff -man -Tutf8 -P-cbou docs/hvinspect.1 > "$D/hvinspect.txt"
cp LICENSE "$D/LICENSE.txt"
cp "$PREFIX"/share/licenses/* "$D/licenses/"
# statically linked from Debian's packages: zlib, the mingw-w64 runtime, libgcc
for p in libz-mingw-w64-dev mingw-w64-x86-64-dev gcc-mingw-w64-base; do
	cp "/usr/share/doc/$p/copyright" "$D/licenses/$p-copyright"
done
# the sources: the libraries' release tarballs, hvinspect's own tree as built
cp "$PREFIX"/share/sources/*.tar.gz "$D/relink/sources/"
git ls-files -z | tar --null -T - --transform "s|^|hvinspect-$VERSION/|" -czf "$D/relink/sources/hvinspect-$VERSION.tar.gz"
sed "s/@VERSION@/$VERSION/g" pkg/RELINK.txt > "$D/relink/RELINK.txt"
(cd dist && rm -f "$NAME.zip" && zip -qr -X "$NAME.zip" "$NAME")
echo "dist/$NAME.zip: $(du -h "dist/$NAME.zip" | cut -f1), $(find "$D" -type f | wc -l) files"
