#!/bin/sh
# setup.sh - install the cross toolchain and Wine, and make Debian's
# source packages reachable (a deb-src entry beside the deb one)
set -eu
SRC_LIST=/etc/apt/sources.list.d/shindan-deb-src.sources
need_update=0
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    # The same archive and suites as the binary entries, for sources.
    suites=$(. /etc/os-release && echo "$VERSION_CODENAME")
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$suites" "$suites" > "$SRC_LIST"
    need_update=1
fi
# the Makefile passes its DEB_WINDOWS list
PKGS="${*:-locales libz-mingw-w64-dev gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 mingw-w64-tools wine wine64 dpkg-dev meson ninja-build cmake tcl zip}"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ] || [ $need_update = 1 ]; then
    apt-get update -qq
fi
if [ -n "$missing" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
# Wine takes the Japanese code page cmd.exe reads the batch files in from
# a ja_JP locale (tests/windows/test_wine.sh)
if ! locale -a 2>/dev/null | grep -qi '^ja_JP.utf-\?8$'; then
    grep -q '^ja_JP.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || echo 'ja_JP.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
fi
