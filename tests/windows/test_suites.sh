#!/bin/bash
# test_suites.sh - integration suites run with shindan.exe under Wine in
# place of the Linux binary: a folder holding the exe, the font and a
# `shindan` script that runs `wine shindan.exe` is handed to each suite as
# its build folder. Checks that only Linux can pass say so ("skip - … Linux
# only: why") through posix_only in tests/integration/lib.sh. Suites left
# out, and why:
#   test_faults*, test_damage, test_integrity: strace fails Linux system
#     calls; Windows programs make others
#   test_report, test_seminar, test_layout, test_privacy and the rest: the
#     same code as the Linux build draws their outputs; test_wine.sh
#     compares the sample month's PDFs page by page instead
# Usage: test_suites.sh WIN   (e.g. build/win64)
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WIN=$(realpath "${1:-build/win64}")
D=$(mktemp -d /tmp/shindan-wine-XXXXXX)
trap 'wineserver -k 2>/dev/null; rm -rf "$D"' EXIT
export WINEDEBUG=-all WINEPREFIX="$D/prefix" SHINDAN_TEST_EXE=windows
mkdir -p "$D/bin/fonts"
cp "$WIN/shindan.exe" "$D/bin/"
cp /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf "$D/bin/fonts/" || exit 1
cat > "$D/bin/shindan" <<EOS
#!/bin/sh
exec wine "$D/bin/shindan.exe" "\$@"
EOS
chmod +x "$D/bin/shindan"
wineboot -i >/dev/null 2>&1
failed=0
for t in test_corpus test_cli; do
    echo "# $t under Wine"
    bash "$ROOT/tests/integration/$t.sh" "$D/bin" > "$D/$t.log" 2>&1
    rc=$?
    grep -E '^FAIL ' -A1 "$D/$t.log"
    grep -E '^skip ' "$D/$t.log"
    tail -1 "$D/$t.log"
    [ "$rc" -eq 0 ] || failed=1
done
exit "$failed"
