#!/bin/bash
# package.sh - the release zip shindan-VERSION-windows.zip from the
# cross-built exe: the exe, the templates, the IPAex font with its licence,
# the instructions (UTF-8 with BOM, CRLF: Notepad) and the batch files
# (Shift_JIS and CRLF, as cmd.exe reads them). Usage: package.sh W VERSION
set -euo pipefail
W=$1
VERSION=$2
NAME=shindan-$VERSION
ROOT=$W/pkg/$NAME
FONT=/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf
rm -rf "$W/pkg" && mkdir -p "$ROOT/templates" "$ROOT/fonts" "$ROOT/入力" "$ROOT/出力"
cp "$W/shindan.exe" "$ROOT/"
cp templates/* "$ROOT/templates/"
cp "$FONT" "$ROOT/fonts/"
sed 's/$/\r/' /usr/share/doc/fonts-ipaexfont-gothic/copyright > "$ROOT/fonts/IPA_Font_License.txt"
for b in 初期設定 月次処理 セミナー資料; do
    sed 's/$/\r/' "tools/windows/$b.bat" | iconv -f UTF-8 -t CP932 > "$ROOT/$b.bat"
done
{ printf '\xEF\xBB\xBF'; sed 's/$/\r/' tools/windows/使い方.txt; } > "$ROOT/使い方.txt"
rm -f "$W/$NAME-windows.zip"
# names stored as UTF-8 (the zip's language flag), which Explorer reads
(cd "$W/pkg" && LC_ALL=C.UTF-8 zip -qrX "../$NAME-windows.zip" "$NAME")
echo "$W/$NAME-windows.zip ($(du -k "$W/$NAME-windows.zip" | cut -f1) KB)"
