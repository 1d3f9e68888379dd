# hvinspect: one Makefile.  `make demo` and `make check` are the two commands
# in README.md; both install what they need first (`make deps`, Debian).

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Wall -Wextra -Wshadow -Wconversion
PKGS    := libbfio jansson zlib
B       := build
# Every object says which headers it read (-MMD): a header changed rebuilds what includes it.
DEP     := -MMD -MP

# Debian packages: to build, to build and run the tests and fixtures, to bench.
DEBS_BUILD := gcc make pkg-config binutils libvhdi-dev libvmdk-dev libqcow-dev libewf-dev libfsntfs-dev libregf-dev libvshadow-dev libbfio-dev \
              libfsext-dev libfsxfs-dev libvslvm-dev libbde-dev \
              libjansson-dev zlib1g-dev
DEBS_TEST  := libcmocka-dev libvshadow-utils qemu-utils ntfs-3g wimtools libwin-hivex-perl libhivex-bin fdisk dosfstools \
              jq xz-utils gzip valgrind sleuthkit strace python3 parallel groff-base python3-jsonschema chromium \
              ewf-tools xfsprogs libvslvm-utils libfsext-utils libfsxfs-utils libbde-utils python3-libbde python3-cryptography
DEBS_BENCH := hyperfine time
DEBS_FUZZ  := clang libclang-rt-14-dev python3

# Sources per layer, lowest first (docs/design.md): a file includes headers of its own folder and of
# the folders before it, never after (tests/build/layers.sh checks).  img vs fs reg are siblings.
BASE   := base/err base/strv base/sbuf base/warn base/crc base/sha256 base/utf base/marvin base/safe base/regval base/names base/kinds base/disk
SYS    := sys/sys sys/posix
IO     := io/reader io/map io/budget io/cache io/overlay io/file io/bfio
IMG    := img/img_open img/img_memo img/raw img/vdisk img/vhd img/vhdx img/vhdx_log img/bat img/vhdi img/vmdk img/qcow \
          img/qcow_check img/ewf img/notdisk
VS     := vs/part vs/table vs/mbr vs/gpt vs/lvm vs/lvm_meta vs/vslvm vs/bde vs/bdelib vs/vss_check vs/vss
FS     := fs/volume fs/blockmap fs/path fs/ntfs fs/ntfs_index fs/ext fs/xfs fs/fsext fs/fsxfs fs/unixfs
REG    := reg/hive reg/hive_api reg/regf reg/hivelog reg/query reg/freecells reg/kvppool
FACTS  := facts/facts facts/os facts/kvp facts/services facts/sources facts/catalogue facts/verdict facts/xcheck facts/history facts/linux
REPORT := report/report report/text report/json report/json_in report/json_mem report/csv report/html report/html_one
CLI    := cli/batch cli/job cli/walk cli/gate cli/keys cli/render cli/options cli/version
PIPE   := inspect/hives inspect/stack inspect/find_windows inspect/find_linux inspect/pass_facts inspect/pass_cross_check inspect/pass_history inspect/pass_hash inspect/inspect
SRC := $(BASE) $(SYS) $(IO) $(IMG) $(VS) $(FS) $(REG) $(FACTS) $(REPORT) $(PIPE) $(CLI)
PRIV   := vhdi vmdk qcow ewf regf vshadow fsntfs fsext fsxfs vslvm bde
LIBOBJ := $(SRC:%=$(B)/%.o) $(PRIV:%=$(B)/%_private.o)

.PHONY: windows windows-check deps-win dist-windows native native-check deps-native all deps deps-test deps-bench deps-fuzz demo check test asan fixtures bench fuzz fuzz-smoke fuzz-replay sweep install uninstall clean
all: $(B)/hvinspect hvinspect

hvinspect: $(B)/hvinspect
	cp $< $@

$(B)/hvinspect: $(B)/cli/main.o $(LIBOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $$(pkg-config --libs $(PKGS))

# The test build (HVINSPECT_FAULT: tests/faults/faults.c), never installed: the product's own
# objects, with calls across four edges (a job, the cross-check's pass, the history's pass, our
# hive reader's open) sent through the faults first by ld's --wrap.  The product holds no hook for them.
FAULTWRAP := -Wl,--wrap=job_one,--wrap=pass_cross_check,--wrap=pass_history,--wrap=hive_open
$(B)/faults.o: tests/faults/faults.c | $(B)
	$(CC) $(WARN) $(CFLAGS) $(DEP) -Isrc -c -o $@ $<
$(B)/hvinspect-faults: $(B)/cli/main.o $(LIBOBJ) $(B)/faults.o
	$(CC) $(CFLAGS) $(LDFLAGS) $(FAULTWRAP) -o $@ $^ $$(pkg-config --libs $(PKGS))

$(B)/%.o: src/%.c | $(B)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(DEP) -Isrc $$(pkg-config --cflags $(PKGS)) -c -o $@ $<

$(B):
	mkdir -p $(B)

# libvhdi, libvmdk, libqcow, libewf, libregf, libvshadow and libfsntfs isolated (docs/sources.md
# L1, L7): each static archive linked into one relocatable object with every symbol but
# lib<name>_* made local, so their private libbfio/libcdata/libcerror never meet each other
# or the system libbfio (libregf's and libfsntfs's libbfio_* calls go to that one: Debian
# built them against it).  No runtime dependency on them (tests/build/link-isolation.sh).
# libfsntfs too since the one-stack change: Debian's libfsntfs.so is linked with BIND_NOW, and
# its 1,500 symbol relocations were resolved at every start (docs/benchmark.md).
$(B)/%_private.o: | $(B)
	libdir=$$(pkg-config --variable=libdir lib$*) && \
	ld -r --whole-archive "$$libdir/lib$*.a" -o $(B)/$*_all.o && \
	nm $(B)/$*_all.o | awk '$$2 ~ /^[TDBR]$$/ && $$3 ~ /^lib$*_/ {print $$3}' > $(B)/$*.keep && \
	objcopy --keep-global-symbols=$(B)/$*.keep $(B)/$*_all.o $@ && \
	rm -f $(B)/$*_all.o
.PRECIOUS: $(B)/%_private.o
# libvslvm carries its own libbfio (docs/sources.md L9), which must never meet the system's: the
# five of its functions our adapter calls (src/vs/vslvm.c) stay global, renamed libvslvm_libbfio_*.
VSLVM_BFIO := handle_initialize handle_free pool_initialize pool_append_handle pool_free
$(B)/vslvm_private.o: | $(B)
	libdir=$$(pkg-config --variable=libdir libvslvm) && \
	ld -r --whole-archive "$$libdir/libvslvm.a" -o $(B)/vslvm_all.o && \
	{ nm $(B)/vslvm_all.o | awk '$$2 ~ /^[TDBR]$$/ && $$3 ~ /^libvslvm_/ {print $$3}'; \
	  for f in $(VSLVM_BFIO); do echo libbfio_$$f; done; } > $(B)/vslvm.keep && \
	objcopy --keep-global-symbols=$(B)/vslvm.keep $(B)/vslvm_all.o $(B)/vslvm_kept.o && \
	objcopy $(foreach f,$(VSLVM_BFIO),--redefine-sym libbfio_$(f)=libvslvm_libbfio_$(f)) $(B)/vslvm_kept.o $@ && \
	rm -f $(B)/vslvm_all.o $(B)/vslvm_kept.o

# Install missing Debian packages (as root, or through sudo).
define install_debs
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call install_debs,$(DEBS_BUILD))
deps-test: deps
	$(call install_debs,$(DEBS_TEST))
deps-bench: deps-test
	$(call install_debs,$(DEBS_BENCH))
deps-fuzz: deps-test
	$(call install_debs,$(DEBS_FUZZ))

# --- the two README commands -------------------------------------------------
demo: deps-test
	$(MAKE) all fixtures/out/sample.vhdx
	./hvinspect fixtures/out/sample.vhdx

# The Linux suite first, then the Windows build under wine, then the from-source recipe.
# The end-to-end suites and their ASan+UBSan run are independent (own build folders, own
# temporary folders): side by side on two cores, each target's output kept whole (-O).
# The end-to-end suites wait on children, timeouts and Chromium more than they compute: the
# ASan+UBSan run and the fuzz smoke share the two cores with them (tests/README.md has the times).
check: deps-test deps-fuzz deps-win
	$(MAKE) all test fixtures
	$(MAKE) -j3 -O test-e2e asan fuzz-smoke
	$(MAKE) windows-check native-check

# --- fixtures and tests ------------------------------------------------------
FIXGEN := $(B)/mkregf $(B)/regfpatch $(B)/vhdxpatch $(B)/mkhvle $(B)/mkdiff $(B)/mkvlog $(B)/mkvss
$(B)/mkvlog: fixtures/gen/mkvlog.c src/base/crc.c | $(B)
	$(CC) $(WARN) $(CFLAGS) -Isrc -o $@ fixtures/gen/mkvlog.c src/base/crc.c
$(B)/vssdump: tests/tools/vssdump.c $(LIBOBJ) | $(B)
	$(CC) $(WARN) $(CFLAGS) $(DEP) -Isrc -o $@ tests/tools/vssdump.c $(LIBOBJ) $$(pkg-config --libs $(PKGS))
$(B)/vdump: tests/tools/vdump.c $(LIBOBJ) | $(B)
	$(CC) $(WARN) $(CFLAGS) $(DEP) -Isrc -o $@ tests/tools/vdump.c $(LIBOBJ) $$(pkg-config --libs $(PKGS))
$(B)/sweep: tests/tools/sweep.c $(LIBOBJ) | $(B)
	$(CC) $(WARN) $(CFLAGS) $(DEP) -Isrc -o $@ tests/tools/sweep.c $(LIBOBJ) $$(pkg-config --libs $(PKGS))
$(B)/mkdiff: fixtures/gen/mkdiff.c src/base/crc.c | $(B)
	$(CC) $(WARN) $(CFLAGS) -Wno-conversion -Isrc -o $@ fixtures/gen/mkdiff.c src/base/crc.c
$(B)/mkregf: fixtures/gen/mkregf.c fixtures/gen/regf_gen.h | $(B)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<
$(B)/regfpatch: fixtures/gen/regfpatch.c fixtures/gen/regf_gen.h | $(B)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<
$(B)/mkvss: fixtures/gen/mkvss.c | $(B)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<
$(B)/mkhvle: fixtures/gen/mkhvle.c fixtures/gen/regf_gen.h src/base/marvin.c | $(B)
	$(CC) $(WARN) $(CFLAGS) -Isrc -o $@ fixtures/gen/mkhvle.c src/base/marvin.c
$(B)/vhdxpatch: fixtures/gen/vhdxpatch.c src/base/crc.c | $(B)
	$(CC) $(WARN) $(CFLAGS) -Isrc -o $@ $^

fixtures: fixtures/out/.stamp
fixtures/out/.stamp: fixtures/build.sh fixtures/reg/*.reg fixtures/gen/*.pl fixtures/gen/*.py $(FIXGEN)
	B=$(B) sh fixtures/build.sh
	touch $@

fixtures/out/sample.vhdx: fixtures/out/.stamp

# Unit tests, one or more per layer (tests/unit/, cmocka); tests/README.md says where a test goes.
TESTS := test_reader test_image test_vhdxlog test_part test_ntfs test_hive test_hivelog test_verdict \
         test_output test_walk test_hostile test_folders test_kvppool test_ext test_linux test_lvm test_xfs test_bde test_keys
TESTBIN := $(TESTS:%=$(B)/%)
$(B)/test_%: tests/unit/test_%.c $(LIBOBJ) | $(B)
	$(CC) $(WARN) $(CFLAGS) $(DEP) -Wno-conversion -Isrc $$(pkg-config --cflags $(PKGS) cmocka) -o $@ $< \
	    $(LIBOBJ) $$(pkg-config --libs $(PKGS) cmocka)

# make test: fast and offline (installs nothing): the build's own checks, the documentation
# against the program, every unit test.  make test-e2e: the end-to-end suites.  make check
# (CI): both, under ASan+UBSan too, the fuzz smoke, the Windows build and the native recipe.
test: $(TESTBIN) hvinspect $(B)/hvinspect-faults fixtures
	bash tests/build/layers.sh
	bash tests/build/link-isolation.sh
	bash tests/build/release.sh
	bash tests/docs/options.sh
	bash tests/docs/examples.sh
	bash tests/docs/sources.sh
	@set -e; for t in $(TESTBIN); do echo "== $$t"; $$t; done
test-e2e: hvinspect $(B)/hvinspect-faults $(B)/vdump $(B)/vssdump $(B)/sweep fixtures
	@# the thinned sweep under a 2 GB address-space limit: no mutated image may need more (ASan cannot run so)
	prlimit --as=2000000000 $(B)/sweep -t 16 -b 64 -f 300 $(SWEEP_SMOKE:%=fixtures/out/%)
	bash tests/e2e/crosscheck.sh
	bash tests/e2e/history.sh
	bash tests/e2e/html.sh
	bash tests/e2e/run.sh

asan:
	$(MAKE) B=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
	    LDFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" $(TESTS:%=build-asan/%) build-asan/hvinspect \
	    build-asan/hvinspect-faults build-asan/vdump build-asan/vssdump build-asan/sweep
	@set -e; for t in $(TESTS); do echo "== asan $$t"; ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp build-asan/$$t; done
	HV=build-asan/hvinspect HVF=build-asan/hvinspect-faults LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    bash tests/e2e/crosscheck.sh
	HV=build-asan/hvinspect VSSDUMP=build-asan/vssdump LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    bash tests/e2e/history.sh
	HV=build-asan/hvinspect B=build-asan LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp bash tests/e2e/html.sh
	ASAN_OPTIONS=abort_on_error=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    build-asan/sweep -t 16 -b 64 -f 300 $(SWEEP_SMOKE:%=fixtures/out/%)
	HV=build-asan/hvinspect HVF=build-asan/hvinspect-faults NO_VALGRIND=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp bash tests/e2e/run.sh

# libFuzzer harnesses over the parsers we own (tests/fuzz/); seeds from the fixtures and corpus.
FUZZ_SECONDS ?= 60
# FUZZ_SAN=undefined builds into build-fuzz-undefined without ASan: 4-5x the executions a
# second, for long runs whose corpus is then replayed under ASan (make fuzz-replay).
FUZZ_SAN ?= address,undefined
FZ := build-fuzz$(if $(filter address%,$(FUZZ_SAN)),,-$(FUZZ_SAN))
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# Every source of ours instrumented, in one archive (each harness pulls what it uses);
# libvhdi's isolated object as built for the product (not instrumented).
$(FZ)/%.o: src/%.c | $(FZ)
	@mkdir -p $(@D)
	clang -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 $(FUZZ_CFLAGS) $(DEP) \
	    -Isrc $$(pkg-config --cflags $(PKGS)) -c -o $@ $<
$(FZ):
	mkdir -p $(FZ)
$(FZ)/libhv.a: $(SRC:%=$(FZ)/%.o)
	rm -f $@ && ar rcs $@ $^
FZPRIV := $(PRIV:%=$(B)/%_private.o)
$(FZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FZ)/libhv.a $(FZPRIV)
	clang -std=c11 -D_DEFAULT_SOURCE $(FUZZ_CFLAGS) $(DEP) -fsanitize=fuzzer -Isrc -Itests/tools -o $@ $< $(FZ)/libhv.a \
	    $(FZPRIV) $$(pkg-config --libs $(PKGS))
FUZZERS := fuzz_part fuzz_vdisk fuzz_hivelog fuzz_hive fuzz_ntfs fuzz_pipeline fuzz_vss fuzz_jsonl fuzz_kvppool fuzz_ext fuzz_lvm fuzz_xfs \
           fuzz_linuxtext fuzz_bde
fuzz: deps-fuzz
	$(MAKE) fixtures $(FUZZERS:%=$(FZ)/%)
	FZ=$(FZ) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh
# The smoke run of make check: every harness, 15 s each (90 s in all), seeds only.
# Every fixture image, cut at every 4 KiB and every byte of its first 64 KiB, 2,000 bit flips,
# under ASan+UBSan (make asan runs a thinned sweep of five of them).
SWEEP_IMAGES := $(addprefix fixtures/out/,gpt-64k.vhd mbr-ext.vhd mbr-gen1.vhd dirty.vhdx gpt-4k.vhdx \
    gpt-fixed.vhdx h10-old-ic.vhdx log-replay.vhdx nowin.vhdx sample.vhdx vlog.vhdx bare-ntfs.raw \
    mbr-gen1.raw mbr-4k.raw chain/vhdx/base.vhdx chain/vhdx/cp2.avhdx chain/vhd/base.vhd chain/vhd/cp2.avhd \
    more/gen1.vmdk more/gen1-stream.vmdk more/gen1.qcow2 more/gen1-compressed.qcow2 more/gen1-zero.qcow2 more/gen1-best.E01 \
    more/gen1-4k.E01 hostile-kvp.vhdx partial.vhdx history.vhdx linux.vhdx)
SWEEP_SMOKE := sample.vhdx gpt-64k.vhd mbr-gen1.raw vlog.vhdx dirty.vhdx hostile-kvp.vhdx partial.vhdx linux.vhdx \
               linux-lvm2.vhd linux-xfs.vhdx
sweep: fixtures
	$(MAKE) B=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
	    LDFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" build-asan/sweep
	ASAN_OPTIONS=abort_on_error=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    build-asan/sweep $(SWEEP_IMAGES)
fuzz-smoke:
	$(MAKE) fixtures $(FUZZERS:%=$(FZ)/%)
	FZ=$(FZ) FUZZ_SECONDS=10 FUZZ_SMOKE=1 bash tests/fuzz/run.sh
# Every input a long run kept (FUZZ_SAN=undefined runs 4-5x faster), run once more under the
# ASan+UBSan build, leaks checked: what the faster build could not see.
FUZZ_REPLAY_FROM ?= build-fuzz-undefined
fuzz-replay: deps-fuzz
	$(MAKE) $(FUZZERS:%=build-fuzz/%)
	@rc=0; for n in $(FUZZERS); do d=$(FUZZ_REPLAY_FROM)/corpus_$$n; [ -d $$d ] || continue; \
	  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    build-fuzz/$$n -runs=0 -rss_limit_mb=4096 -timeout=30 $$d > build-fuzz/$$n.replay 2>&1 || \
	    { rc=1; grep -m3 -E 'ERROR|SUMMARY' build-fuzz/$$n.replay; }; \
	  echo "$$n: $$(ls $$d | wc -l) inputs replayed under ASan: $$(grep -c -E '^==[0-9]+==ERROR|SUMMARY' build-fuzz/$$n.replay) reports"; \
	done; exit $$rc

bench: deps-bench all
	B=$(B) bash tests/bench/bench.sh

# make windows: hvinspect.exe (and the fault-injecting test build), cross-compiled with
# Debian's mingw-w64 against the libraries third_party/build.sh builds from pinned sources,
# once, into a cache outside the clone (third_party/build.sh --prefix HOST says where), and
# Debian's mingw zlib; make windows-check runs them under Debian's wine on the fixtures and
# compares with this build.  HAVE_LIBBFIO: libfsntfs.h then declares its libbfio entry points.
WHOST := x86_64-w64-mingw32
WPREFIX := $(shell bash third_party/build.sh --prefix $(WHOST))
WB := build-win
WSRC := cli/main $(filter-out sys/posix,$(SRC)) sys/win io/bfio_local
DEBS_WIN := mingw-w64 libz-mingw-w64-dev wine wine64 cmake curl zip groff-base
deps-win: deps-test
	$(call install_debs,$(DEBS_WIN))
$(WPREFIX)/.done: third_party/build.sh third_party/sources.txt
	bash third_party/build.sh $(WHOST)
# HV_NO_LIBVSHADOW: the recipe has no libvshadow (its source is not on the Debian mirror it
# reaches): shadow copies are found and said, not read (src/vs/vss.c).  HV_NO_LIBFSEXT,
# HV_NO_LIBFSXFS, HV_NO_LIBVSLVM, HV_NO_LIBBDE: nor libfsext, libfsxfs, libvslvm and libbde yet: a
# Linux guest's cross-check says so (src/fs/yalfs.h, src/vs/vslvm.h), --keys is refused (src/vs/bdelib.c).
WCC = $(WHOST)-gcc -O2 -g $(WARN) -Wno-format -D_POSIX_C_SOURCE=200809L -D__USE_MINGW_ANSI_STDIO=1 \
    -DHAVE_LIBBFIO -DHV_NO_LIBVSHADOW -DHV_NO_LIBFSEXT -DHV_NO_LIBFSXFS -DHV_NO_LIBVSLVM -DHV_NO_LIBBDE -Isrc -I$(WPREFIX)/include
$(WB)/%.o: src/%.c $(WPREFIX)/.done
	@mkdir -p $(@D)
	$(WCC) $(DEP) -c -o $@ $<
$(WB)/faults.o: tests/faults/faults.c $(WPREFIX)/.done
	@mkdir -p $(@D)
	$(WCC) $(DEP) -c -o $@ $<
$(WB)/hvinspect.res.o: src/sys/hvinspect.rc src/sys/hvinspect.manifest
	@mkdir -p $(@D)
	$(WHOST)-windres --include-dir src/sys src/sys/hvinspect.rc -O coff -o $@
$(WB)/hvinspect.exe: $(WSRC:%=$(WB)/%.o) $(WB)/hvinspect.res.o
	$(WHOST)-gcc -static -o $@ $^ $(WPREFIX)/lib/*_private.o -L$(WPREFIX)/lib -ljansson -lz
$(WB)/hvinspect-faults.exe: $(WSRC:%=$(WB)/%.o) $(WB)/faults.o $(WB)/hvinspect.res.o
	$(WHOST)-gcc -static $(FAULTWRAP) -o $@ $^ $(WPREFIX)/lib/*_private.o -L$(WPREFIX)/lib -ljansson -lz
windows: deps-win
	$(MAKE) $(WB)/hvinspect.exe $(WB)/hvinspect-faults.exe
# make dist-windows: dist/hvinspect-VERSION-win64.zip (pkg/windows.sh says what is in it).
VERSION := $(shell sed -n 's/^\#define HVINSPECT_VERSION "\(.*\)"/\1/p' src/cli/version.h)
dist-windows: deps-win
	$(MAKE) $(WB)/hvinspect.exe
	@bash pkg/windows.sh $(WPREFIX) $(VERSION) $(WSRC:%=$(WB)/%.o) $(WB)/hvinspect.res.o
windows-check: deps-win
	$(MAKE) all fixtures $(B)/hvinspect-faults $(WB)/hvinspect.exe $(WB)/hvinspect-faults.exe dist-windows
	bash tests/platform/windows.sh $(WB)/hvinspect.exe $(WB)/hvinspect-faults.exe dist/hvinspect-$(VERSION)-win64.zip

# make native: the same third-party recipe with this machine's own compiler (what a macOS user
# runs: there are no Debian packages there), hvinspect built against that prefix in
# build-native/; make native-check compares it with the Debian-package build on the fixtures.
NPREFIX := $(shell bash third_party/build.sh --prefix native)
NB := build-native
NSRC := cli/main $(SRC) io/bfio_local
NCC = $(CC) $(CFLAGS) $(WARN) -DHAVE_LIBBFIO -DHV_NO_LIBVSHADOW -DHV_NO_LIBFSEXT -DHV_NO_LIBFSXFS -DHV_NO_LIBVSLVM -DHV_NO_LIBBDE -Isrc -I$(NPREFIX)/include
DEBS_NATIVE := cmake curl
deps-native: deps
	$(call install_debs,$(DEBS_NATIVE))
$(NPREFIX)/.done: third_party/build.sh third_party/sources.txt
	bash third_party/build.sh native
$(NB)/%.o: src/%.c $(NPREFIX)/.done
	@mkdir -p $(@D)
	$(NCC) $(DEP) -c -o $@ $<
$(NB)/hvinspect: $(NSRC:%=$(NB)/%.o)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NPREFIX)/lib/*_private.o $(NPREFIX)/lib/libjansson.a -lz
native: deps-native
	$(MAKE) $(NB)/hvinspect
native-check: deps-native deps-test
	$(MAKE) all fixtures $(NB)/hvinspect
	bash tests/platform/native.sh $(NB)/hvinspect

# make install [PREFIX=/usr/local] [DESTDIR=]: the program, its man page, bash completion.
PREFIX ?= /usr/local
install: hvinspect
	install -D -m 755 hvinspect $(DESTDIR)$(PREFIX)/bin/hvinspect
	install -D -m 644 docs/hvinspect.1 $(DESTDIR)$(PREFIX)/share/man/man1/hvinspect.1
	install -D -m 644 docs/hvinspect.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/hvinspect
	install -D -m 644 docs/hvinspect.schema.json $(DESTDIR)$(PREFIX)/share/hvinspect/hvinspect.schema.json
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/hvinspect $(DESTDIR)$(PREFIX)/share/man/man1/hvinspect.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/hvinspect \
	    $(DESTDIR)$(PREFIX)/share/hvinspect/hvinspect.schema.json

clean:
	rm -rf build build-asan build-fuzz build-fuzz-* build-win build-native hvinspect fixtures/out dist

# The headers each object read, as its compiler listed them (-MMD), in every build folder.
-include $(wildcard $(B)/*.d $(B)/*/*.d $(FZ)/*.d $(FZ)/*/*.d $(WB)/*.d $(WB)/*/*.d $(NB)/*.d $(NB)/*/*.d)
