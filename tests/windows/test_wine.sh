#!/bin/bash
# test_wine.sh - the Windows release under Wine against the Linux build:
# the sample month (make run's input) run from the unzipped release as
# 月次処理.bat runs it, with Japanese file names in 入力\, must give the
# same member PDFs (pdftotext text and pdftoppm page images), the same
# summary.pdf and a byte-identical rejects.csv as build/shindan.
# Usage: test_wine.sh BUILD WIN   (e.g. build build/win64)
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD=$(realpath "${1:-build}")
WIN=$(realpath "${2:-build/win64}")
. "$ROOT/tests/integration/lib.sh"
export WINEDEBUG=-all WINEPREFIX="$W/wine"
export SHINDAN_TODAY=2026-11-15
VERSION=$(cat "$ROOT/VERSION")
ZIP="$WIN/shindan-$VERSION-windows.zip"

check "the release zip exists" test -s "$ZIP"
check "the zip unpacks" unzip -q "$ZIP" -d "$W/rel"
R="$W/rel/shindan-$VERSION"
cp "$SHINDAN_TEMPLATES/shindan.ini" "$R/templates/shindan.ini"
check "the exe imports only Windows' own DLLs" sh -c \
    "x86_64-w64-mingw32-objdump -p '$R/shindan.exe' | awk '/DLL Name/ {print tolower(\$3)}' | grep -qvE '^(kernel32|msvcrt|user32|advapi32|ws2_32|shell32|bcrypt|ole32|gdi32|api-ms-win-.*)\\.dll\$' && exit 1 || exit 0"
for b in 初期設定 月次処理 セミナー資料; do
    check "$b.bat is Shift_JIS with CRLF line ends" bash -c \
        "iconv -f CP932 -t UTF-8 '$R/$b.bat' >/dev/null && ! grep -q \$'[^\\r]\$' '$R/$b.bat' && grep -q 'pushd \"%~dp0\"' '$R/$b.bat' && tail -c 7 '$R/$b.bat' | grep -q pause"
done

# the same sample month on both: the inputs under their Japanese names
mkdir -p "$W/linux/input" "$W/linux/output"
cp "$ROOT"/input/* "$W/linux/input/"
cp "$ROOT"/input/* "$R/入力/"
(cd "$W/linux" && "$BUILD/shindan" run --input input --out output > "$W/linux.log" 2>&1)
echo "linux exit $?"
# 月次処理.bat's command line, from the release folder (pushd "%~dp0")
t0=$SECONDS
(cd "$R" && wine shindan.exe run --input 入力 --out 出力 > "$W/wine.log" 2>&1)
echo "wine exit $? in $((SECONDS - t0)) s"
check "the Japanese file names in 入力 were read" grep -q '会員回答' "$W/wine.log"
eq "the same console report" "$(sed -e 's/\r//' -e 's|入力/|input/|g' -e 's|出力/|output/|g' "$W/wine.log" | grep -v -e 秒 -e '^wine: ')" "$(grep -v 秒 "$W/linux.log")"

L="$W/linux/output"
V="$R/出力"
lpdfs=$(cd "$L" && find . -name '*.pdf' | sort)
vpdfs=$(cd "$V" && find . -name '*.pdf' | sort)
eq "the same PDFs are made" "$vpdfs" "$lpdfs"
[ -n "$lpdfs" ] || no "the Linux run made PDFs"
text_diff=0 image_diff=0
for f in $lpdfs; do
    [ -f "$V/$f" ] || continue
    if ! cmp -s <(pdftotext -layout "$L/$f" -) <(pdftotext -layout "$V/$f" -); then
        text_diff=$((text_diff + 1)); echo "  text differs: $f"
    fi
    pdftoppm -r 40 -gray "$L/$f" "$W/l" && pdftoppm -r 40 -gray "$V/$f" "$W/v"
    for p in "$W"/l-*.pgm; do
        cmp -s "$p" "$W/v-${p##*/l-}" || { image_diff=$((image_diff + 1)); echo "  page differs: $f ${p##*/}"; }
    done
    rm -f "$W"/l-*.pgm "$W"/v-*.pgm
done
eq "every PDF's text is the same" "$text_diff" 0
eq "every PDF's pages look the same" "$image_diff" 0
for f in $(cd "$L" && find . -name rejects.csv | sort); do
    # the same bytes but for the input folder's name in the file column
    check "$f is byte-identical (入力 read as input)" cmp "$L/$f" <(sed 's|入力/|input/|g' "$V/$f")
done
# The batch file itself, double-clicked as it were: cmd.exe reads it in
# the Japanese code page (Wine takes it from a ja_JP locale), makes 入力
# and 出力 if missing, runs the month and opens Explorer (no display here).
if locale -a 2>/dev/null | grep -qi '^ja_JP.utf-\?8$'; then
    mkdir -p "$W/bat" && unzip -q "$ZIP" -d "$W/bat"
    B="$W/bat/shindan-$VERSION"
    cp "$R/templates/shindan.ini" "$B/templates/shindan.ini"
    cp "$ROOT"/input/* "$B/入力/"
    (cd "$B" && echo | env -u SHINDAN_TEMPLATES LANG=ja_JP.UTF-8 timeout 600 wine cmd /c 月次処理.bat > "$W/bat.log" 2>&1)
    eq "月次処理.bat makes the same member PDFs" "$(cd "$B/出力" && find . -name '*.pdf' | sort)" "$lpdfs"
    check "月次処理.bat's summary.pdf reads the same" cmp <(pdftotext -layout "$L/2026-10/summary.pdf" -) \
        <(pdftotext -layout "$B/出力/2026-10/summary.pdf" -)
    check "the batch file read on after shindan.exe (console code page restored)" \
        sh -c "iconv -f CP932 -t UTF-8 -c '$W/bat.log' | grep -q '終わりました'"
else
    echo "skip - 月次処理.bat under Wine needs the ja_JP.UTF-8 locale (tools/windows/setup.sh makes it)"
fi

echo "wine: $pass passed, $fail failed"
[ "$fail" = 0 ]
