#!/bin/bash
# SPDX-License-Identifier: MIT
# third_party/build.sh HOST: the libraries hvinspect links, built from pinned sources for a
# toolchain that has no Debian packages of them:
#   HOST = x86_64-w64-mingw32 (Windows, Debian's mingw-w64), or "native" (this machine's cc:
#   macOS, or a check of the recipe on Linux).
# third_party/build.sh --prefix HOST prints where they go, and builds nothing.
#
# Built once, reused: into ${XDG_CACHE_HOME:-$HOME/.cache}/hvinspect/third_party/KEY/HOST
# (HVINSPECT_CACHE overrides the folder), KEY a hash of this script and sources.txt, so a
# clone, a CI run or a second checkout rebuilds only when the recipe or a pin changes.
# Sources: the release tarballs Debian ships (sources.txt: versions and sha256, which is what
# makes them trustworthy), fetched once from the Debian archive this machine's apt is set to
# use (apt-get indextargets; or DEBIAN_MIRROR, e.g. on macOS), each checked against its pin.
# Each libyal library is configured with every helper library (libcerror, libbfio, ...) from
# its own tarball, built as a static archive, then linked into one relocatable object whose
# only global symbols are its API (lib<name>_*; libfsntfs keeps libbfio_* too: our bfio.c
# hands it and libregf a libbfio handle, and libregf's own libbfio is left out), as the
# Linux build does with Debian's archives (Makefile, docs/sources.md L1): the helper copies
# of the six never meet.  Nothing of it is committed
# but this script and sources.txt.
set -eu
cd "$(dirname "$0")"
TP=$PWD
CACHE=${HVINSPECT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hvinspect/third_party}
KEY=$(cat build.sh sources.txt | sha256sum | cut -c1-16)
if [ "${1:-}" = --prefix ]; then
	echo "$CACHE/$KEY/${2:?usage: third_party/build.sh --prefix HOST}"
	exit 0
fi
HOST=${1:?usage: third_party/build.sh x86_64-w64-mingw32|native}
PREFIX=$CACHE/$KEY/$HOST
WORK=$CACHE/work/$HOST
TARBALLS=$CACHE/tarballs
mkdir -p "$TARBALLS" "$PREFIX/lib" "$PREFIX/include" "$WORK"
if [ "$HOST" = native ]; then
	CONF_HOST=() CROSS=""
	export CFLAGS=${CFLAGS:--g -O2}
else
	CONF_HOST=(--host="$HOST") CROSS=$HOST-
	# mingw-w64's default code model reaches external symbols through .refptr.NAME COMDAT
	# sections; the linker keeps one per NAME, so the five libraries' private copies of
	# libbfio, libcdata... would end up sharing one another's (seen: libvhdi calling another
	# library's libbfio and crashing, depending on link order).  The small model has none.
	export CFLAGS=${CFLAGS:--g -O2 -mcmodel=small}
fi
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# Debian's pool files a source under its first letter, or its first four for lib*.
pool_dir() { case $1 in lib?*) echo "${1:0:4}" ;; *) echo "${1:0:1}" ;; esac; }

# The archives to fetch from: DEBIAN_MIRROR, else every repository apt here is set to use.
mirrors() {
	if [ -n "${DEBIAN_MIRROR:-}" ]; then
		echo "$DEBIAN_MIRROR"
		return
	fi
	apt-get indextargets --format '$(REPO_URI)' 2> /dev/null | sed 's|/*$||' | awk '!seen[$0]++'
}

fetch() { # name version sha256
	local f=$TARBALLS/$1_$2.orig.tar.gz m
	if [ ! -f "$f" ]; then
		for m in $(mirrors); do
			curl -fsS -o "$f.part" "$m/pool/main/$(pool_dir "$1")/$1/$1_$2.orig.tar.gz" 2> /dev/null && break
			rm -f "$f.part"
		done
		[ -f "$f.part" ] || { echo "third_party: $1 $2: not in any archive apt knows ($(mirrors | tr '\n' ' ')); set DEBIAN_MIRROR" >&2; exit 1; }
		mv "$f.part" "$f"
	fi
	echo "$3  $f" | sha256sum -c --quiet - || { echo "$f: sha256 mismatch" >&2; rm -f "$f"; exit 1; }
}

# lib<name>: configure with every helper library local, build the library only, isolate it.
libyal() { # name version
	local name=$1 dir=$WORK/$1-$2 subdirs keep
	[ -f "$PREFIX/lib/${name#lib}_private.o" ] && return 0
	rm -rf "$dir"
	tar xzf "$TARBALLS/$1_$2.orig.tar.gz" -C "$WORK"
	# every --with-lib<helper> this tarball knows: =no, so its own copy is used
	local without=()
	for w in $(cd "$dir" && ./configure --help | grep -o -- '--with-lib[a-z]*' | sort -u); do
		without+=("$w=no")
	done
	# and no OpenSSL, found or not (libqcow's AES is then libcaes's own code): the same
	# library on every machine, and nothing more to link or ship
	(cd "$dir" && ./configure --help | grep -q -- '--with-openssl') && without+=(--with-openssl=no)
	(cd "$dir" && ./configure -q "${CONF_HOST[@]}" --prefix="$PREFIX" --enable-static --disable-shared \
	    --disable-multi-threading-support --disable-nls "${without[@]}" > configure.out 2>&1) ||
	    { tail -20 "$dir/config.log" >&2; exit 1; }
	# the SUBDIRS of Makefile.am up to lib<name> itself: no tools, bindings or tests
	subdirs=$(sed -n '/^SUBDIRS = /,/^$/p' "$dir/Makefile.am" | tr -d '\\\t' | tr ' ' '\n' |
	    grep -v -e '^SUBDIRS' -e '^=' -e '^$' | sed "/^$name\$/q" | tr '\n' ' ')
	make -C "$dir" -j"$JOBS" SUBDIRS="$subdirs" > "$dir/make.out" 2>&1 || { tail -30 "$dir/make.out" >&2; exit 1; }
	cp "$dir/include/$name.h" "$PREFIX/include/"
	mkdir -p "$PREFIX/include/$name"
	cp "$dir/include/$name/"*.h "$PREFIX/include/$name/"
	keep="^${name}_"
	# libfsntfs's libbfio (and the libcerror its errors are) serve our bfio.c too
	[ "$name" = libfsntfs ] && keep="^(libfsntfs|libbfio|libcerror)_"
	cp "$dir/$name/.libs/$name.a" "$WORK/$name.a"
	# libregf reads through the libbfio handle our bfio.c makes with libfsntfs's libbfio: its
	# own copy (the same 20200905 sources) is dropped, so its calls go to that one
	if [ "$name" = libregf ]; then
		"${CROSS}ar" t "$WORK/$name.a" | grep '^libbfio_' | xargs "${CROSS}ar" d "$WORK/$name.a"
	fi
	"${CROSS}ld" -r --whole-archive "$WORK/$name.a" -o "$WORK/${name#lib}_all.o"
	"${CROSS}nm" "$WORK/${name#lib}_all.o" | awk -v k="$keep" '$2 ~ /^[TDBR]$/ && $3 ~ k {print $3}' \
	    > "$WORK/${name#lib}.keep"
	if "${CROSS}objdump" -h "$WORK/${name#lib}_all.o" | grep -q '\.refptr\.'; then
		echo "third_party: $name: .refptr sections (shared between the private copies): not isolated" >&2
		exit 1
	fi
	"${CROSS}objcopy" --keep-global-symbols="$WORK/${name#lib}.keep" "$WORK/${name#lib}_all.o" \
	    "$PREFIX/lib/${name#lib}_private.o"
	echo "third_party: $name $2 -> $PREFIX/lib/${name#lib}_private.o ($(wc -l < "$WORK/${name#lib}.keep") API symbols)"
}

bfio_headers() { # version: configure only, to generate the API headers; install them
	local dir=$WORK/libbfio-$1
	[ -f "$PREFIX/include/libbfio.h" ] && return 0
	rm -rf "$dir"
	tar xzf "$TARBALLS/libbfio_$1.orig.tar.gz" -C "$WORK"
	(cd "$dir" && ./configure -q "${CONF_HOST[@]}" --prefix="$PREFIX" --disable-nls > configure.out 2>&1) ||
	    { tail -20 "$dir/config.log" >&2; exit 1; }
	cp "$dir/include/libbfio.h" "$PREFIX/include/"
	mkdir -p "$PREFIX/include/libbfio"
	cp "$dir/include/libbfio/"*.h "$PREFIX/include/libbfio/"
	echo "third_party: libbfio $1 headers -> $PREFIX/include"
}

jansson() { # version: its release tarball builds with CMake
	local dir=$WORK/jansson-$1 cross=()
	[ -f "$PREFIX/lib/libjansson.a" ] && return 0
	rm -rf "$dir"
	tar xzf "$TARBALLS/jansson_$1.orig.tar.gz" -C "$WORK"
	[ "$HOST" = native ] || cross=(-DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER="$HOST-gcc")
	(cd "$dir" && cmake -S . -B build "${cross[@]}" -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_BUILD_TYPE=Release \
	    -DJANSSON_BUILD_SHARED_LIBS=OFF -DJANSSON_BUILD_DOCS=OFF -DJANSSON_EXAMPLES=OFF \
	    -DJANSSON_WITHOUT_TESTS=ON > cmake.out 2>&1 && cmake --build build -j "$JOBS" > make.out 2>&1 &&
	    cmake --install build > install.out 2>&1) || { tail -20 "$dir"/*.out >&2; exit 1; }
	echo "third_party: jansson $1 -> $PREFIX/lib/libjansson.a"
}

while read -r name version sha; do
	case $name in ''|\#*) continue ;; esac
	fetch "$name" "$version" "$sha"
	case $name in
	jansson) jansson "$version" ;;
	libbfio) bfio_headers "$version" ;;
	*) libyal "$name" "$version" ;;
	esac
done < sources.txt
# The licences of what is linked in, and the sources the LGPL asks for (make dist-windows).
mkdir -p "$PREFIX/share/licenses" "$PREFIX/share/sources"
while read -r name version sha; do
	case $name in ''|\#*) continue ;; esac
	cp "$TARBALLS/${name}_$version.orig.tar.gz" "$PREFIX/share/sources/"
	for l in COPYING COPYING.LESSER LICENSE; do
		tar xzf "$TARBALLS/${name}_$version.orig.tar.gz" -O "$name-$version/$l" > "$PREFIX/share/licenses/$name-$l" 2> /dev/null ||
		    rm -f "$PREFIX/share/licenses/$name-$l"
	done
done < sources.txt
rm -rf "$WORK"
touch "$PREFIX/.done"
echo "third_party: $HOST done in $PREFIX"
