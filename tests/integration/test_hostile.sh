#!/bin/bash
# test_hostile.sh - hostile content in CSV files: path-like member numbers,
# control characters, formula prefixes, SQL, invalid UTF-8, a 10 MB cell,
# 10,000 columns, a control character in a file name. Each is refused with
# file, row and column named, and nothing stored before is lost.
# usage: test_hostile.sh BUILD_DIR   (prints "N passed, N failed")
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

mkdir -p "$W/in" "$W/big"
$PY - "$W/in" "$W/big" <<'EOF'
import os, sys
d, big = sys.argv[1:3]
hdr = "会員番号,事業所名,業種,都道府県,市区町村,従業員数,回答日," + ",".join("Q%d" % i for i in range(1, 26))
def row(no, name, industry="製造業"):
    return f'{no},"{name}",{industry},茨城県,水戸市,10,2026/10/01,' + ",".join(["実施している"] * 25)
rows = [hdr,
        row("H0001", "株式会社ふつう"),
        row("../../etc/passwd", "株式会社パス"),
        row("H\\0002", "株式会社バックスラッシュ"),
        row("H0003", "株式会社\x07ベル\x1b[31m"),
        row("H0004", '=HYPERLINK(""http://example.com"")'),
        row("H0005", "'); DROP TABLE response;--"),
        row("H0006", "@SUM(A1)"),
        row("H0007", "株式会社" + "長い名前" * 60),
        row("H0008", "+81-3-0000"),
        row("=1+1", "数式の会員番号"),
        row(".hidden", "ドットで始まる"),
        row("H0009", "改行\n入り\t名前"),
        row("H0010", "株式会社C1\u0085制御")]
open(os.path.join(d, "2026-10_hostile.csv"), "w", encoding="utf-8", newline="").write("\r\n".join(rows) + "\r\n")
b = (hdr + "\r\n" + row("H0011", "株式会社X") + "\r\n").encode()
open(os.path.join(d, "2026-10_badutf8.csv"), "wb").write(b.replace("株式会社X".encode(), b"\xe6\xa0\xaa\xff\xfe"))
open(os.path.join(big, "2026-10_bigcell.csv"), "w", encoding="utf-8").write(
    hdr + "\r\n" + row("H0012", "株式会社小") + "\r\n" + row("H0013", "大" + "あ" * (10 * 1024 * 1024 // 3)) + "\r\n")
open(os.path.join(big, "2026-10_wide.csv"), "w", encoding="utf-8").write(
    hdr + "," + ",".join("X%d" % i for i in range(10000)) + "\r\n" + row("H0014", "幅") + "\r\n")
open(os.path.join(big, "2026-10_\x1b[2J.csv"), "w", encoding="utf-8").write(hdr + "\r\n" + row("H0015", "名前") + "\r\n")
EOF

"$BIN" run -q --input "$W/in" --out "$W/out" --db "$W/h.db" 2>"$W/run.err"
DB="$W/h.db"
stored() { q "$DB" "SELECT group_concat(member_no, ' ') FROM (SELECT member_no FROM company ORDER BY member_no)"; }
eq "only the harmless rows are stored" "$(stored)" "H0001 H0004 H0005 H0006 H0008 H0009"
check "a path as member number is refused with row and column" \
    grep -q "hostile.csv: 3 行目 「会員番号」列: 会員番号には英数字" "$W/run.err"
check "a backslash in a member number is refused" grep -q "4 行目 「会員番号」列" "$W/run.err"
check "a member number starting with a dot is refused" grep -q "12 行目 「会員番号」列" "$W/run.err"
check "no file is written outside the output folder" sh -c "! find '$W' -name passwd | grep -q ."
eq "company PDFs are named by member number only" \
    "$(ls "$W/out/2026-10/companies" | tr '\n' ' ')" "H0001.pdf H0004.pdf H0005.pdf H0006.pdf H0008.pdf H0009.pdf "
check "a control character is refused, named by code point" \
    grep -q "5 行目 「事業所名」列: 制御文字（U+0007）が含まれています" "$W/run.err"
check "a C1 control character is refused" grep -q "14 行目 「事業所名」列: 制御文字（U+0085）" "$W/run.err"
check "messages never carry a raw control character" sh -c "! grep -qP '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' '$W/run.err'"
check "the control character is shown as its code point" grep -qF "ベル<U+001B>[31m" "$W/run.err"
check "a name over 200 characters is refused" grep -q "9 行目 「事業所名」列: 事業所名が長すぎます" "$W/run.err"
eq "a line break and a tab in a name become spaces" "$(q "$DB" "SELECT name FROM company WHERE member_no = 'H0009'")" "改行 入り 名前"
eq "SQL in a name is stored as text" "$(q "$DB" "SELECT name FROM company WHERE member_no = 'H0005'")" \
    "'); DROP TABLE response;--"
eq "and every table is still there" "$(q "$DB" "SELECT count(*) FROM response")" 6
check "invalid UTF-8 in a UTF-8 file is named by row and column, not misread as CP932" \
    grep -q "badutf8.csv: 2 行目 「事業所名」列: 文字コードが正しくない" "$W/run.err"
pdftotext "$W/out/2026-10/companies/H0005.pdf" "$W/h5.txt" 2>/dev/null
check "the SQL-like name is printed as is in its report" grep -qF "DROP TABLE response" "$W/h5.txt"
check "formula-like member number is quoted in rejects.csv" grep -qF "\"'=1+1\"" "$W/out/2026-10/rejects.csv"
# whom each rejected row is about: the member number always (a formula
# quoted like every cell), the name only when it could be read
$PY - "$W/out/2026-10/rejects.csv" >"$W/who.txt" <<'EOF'
import csv, sys
for r in list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))[1:]:
    print(r[5], r[6], sep="|")
EOF
check "a name with control characters is left out of rejects.csv, its member number kept" grep -qx "H0003|" "$W/who.txt"
check "a formula-like member number is quoted in the 会員番号 column too" grep -qx "'=1+1|数式の会員番号" "$W/who.txt"
check "a name over 200 characters is named, cut at a character" grep -q "^H0007|株式会社長い名前" "$W/who.txt"
check "no raw control character in rejects.csv" sh -c "! grep -qP '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' '$W/out/2026-10/rejects.csv'"
$PY - "$W/out/2026-10/summary.xlsx" >"$W/xl.txt" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value[:1] in "=+-@" and c.data_type != "s":
                print("formula", ws.title, c.coordinate, c.value)
print("names", sorted(set(str(c.value) for ws in wb for row in ws.iter_rows() for c in row
                      if isinstance(c.value, str) and c.value.startswith(("=HYPER", "@SUM", "+81")))))
EOF
check "no cell of the workbook is a formula" sh -c "! grep -q '^formula' '$W/xl.txt'"
check "formula-like names are in the workbook as text" \
    grep -qF "names ['+81-3-0000', '=HYPERLINK(\"http://example.com\")', '@SUM(A1)']" "$W/xl.txt"

# files that are refused whole: nothing of theirs stored, nothing lost
before=$(q "$DB" "SELECT count(*) FROM response")
"$BIN" import --db "$DB" "$W/big" 2>"$W/big.err"
check "a 10 MB cell is refused naming its row and column" \
    grep -q "bigcell.csv: 上限を超えています: 3 行目 B 列: セルが長すぎます" "$W/big.err"
check "10,000 columns are refused naming the row" \
    grep -q "wide.csv: 上限を超えています: 1 行目: 列が多すぎます（上限 1024 列" "$W/big.err"
check "a control character in a file name is refused, shown as a code point" \
    grep -qF "2026-10_<U+001B>[2J.csv: ファイル名に制御文字" "$W/big.err"
eq "refused files store nothing and keep what was stored" "$(q "$DB" "SELECT count(*) FROM response")" "$before"
eq "database intact" "$(q "$DB" "PRAGMA integrity_check")" ok

echo
echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
