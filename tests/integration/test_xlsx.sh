#!/bin/bash
# test_xlsx.sh - the xlsx reader through the real binary: workbooks written
# by LibreOffice (committed fixtures), python3-openpyxl, libxlsxwriter (a
# test tool) and in Excel's XML dialect must store exactly what the same
# table as CSV stores; per-company forms; sheet choice; hostile files.
# usage: test_xlsx.sh BUILD_DIR   (prints "N passed, N failed")
set -u
BUILD="$(cd "$1" && pwd)"
BIN="$BUILD/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
MK="$PY $ROOT/tests/fixtures/make_xlsx.py"
FIX="$ROOT/tests/fixtures/xlsx"
. "$ROOT/tests/integration/lib.sh"

# What a response is, as stored: every field and every answer.
STORED="SELECT c.member_no, r.period, r.answered_on, r.name, r.industry, r.prefecture, r.municipality,
  r.employees, r.size_band, r.sa_level, r.total, r.part1, r.part2, r.part3,
  (SELECT group_concat(choice, '') FROM (SELECT choice FROM answer a WHERE a.response_id = r.id ORDER BY question))
  FROM response r JOIN company c ON c.id = r.company_id ORDER BY 1, 2"
REJECTS="SELECT row, column_name, value, reason FROM reject ORDER BY row, column_name"

# the reference: the table as CSV
"$BIN" import -q --db "$W/csv.db" "$FIX/source.csv" 2>/dev/null
q "$W/csv.db" "$STORED" >"$W/csv.txt"
q "$W/csv.db" "$REJECTS" >"$W/csv.rej"
check "reference CSV stores rows" test "$(wc -l <"$W/csv.txt")" -ge 25

same_as_csv() { # name file [options]
    local name="$1" file="$2"; shift 2
    rm -f "$W/x.db"
    "$BIN" import -q --db "$W/x.db" "$@" "$file" 2>"$W/x.err"
    q "$W/x.db" "$STORED" >"$W/x.txt"
    q "$W/x.db" "$REJECTS" >"$W/x.rej"
    if cmp -s "$W/csv.txt" "$W/x.txt"; then ok "$name: same responses as the CSV"
    else no "$name: same responses as the CSV" "$(diff "$W/csv.txt" "$W/x.txt" | head -5)"; fi
    if cmp -s "$W/csv.rej" "$W/x.rej"; then ok "$name: same rejects, same rows and columns"
    else no "$name: same rejects, same rows and columns" "$(diff "$W/csv.rej" "$W/x.rej" | head -5)"; fi
}

same_as_csv "LibreOffice" "$FIX/libreoffice.xlsx"
same_as_csv "LibreOffice .ods" "$FIX/libreoffice.ods"
# .xls: the formula cell (=HYPERLINK("x") as 企業名) has its value too
same_as_csv "LibreOffice .xls (Excel 97)" "$FIX/libreoffice.xls"
same_as_csv "an .xls named .xlsx" "$FIX/libreoffice_xls.xlsx"
"$BIN" check "$FIX/libreoffice_xls.xlsx" 2>"$W/x.err" >/dev/null
check "an .xls named .xlsx: the format shown says so" grep -q "xls（拡張子と違い" "$W/x.err"
$MK openpyxl "$FIX/source.csv" "$W/openpyxl.xlsx"
same_as_csv "openpyxl (numbers and dates typed)" "$W/openpyxl.xlsx"
"$BUILD/tools/csv2xlsx" --typed "$FIX/source.csv" "$W/lxw.xlsx"
same_as_csv "libxlsxwriter (shared strings)" "$W/lxw.xlsx"
"$BUILD/tools/csv2xlsx" --typed --constant-memory "$FIX/source.csv" "$W/lxw_cm.xlsx"
same_as_csv "libxlsxwriter constant_memory (inline strings)" "$W/lxw_cm.xlsx"
$MK excel "$FIX/source.csv" "$W/excel.xlsx"
same_as_csv "Excel dialect (furigana, rich text, 1904 dates, formulas, sparse)" "$W/excel.xlsx"
check "Excel dialect fixture really uses the 1904 system and furigana" \
    sh -c "unzip -p '$W/excel.xlsx' xl/workbook.xml | grep -q 'date1904=\"1\"' && unzip -p '$W/excel.xlsx' xl/sharedStrings.xml | grep -q '<rPh'"
eq "furigana not taken into names" "$(q "$W/x.db" "SELECT count(*) FROM company WHERE name LIKE '%カブシキガイシャ%'")" 0

# several sheets: the first that maps is read; --sheet picks one
"$BUILD/tools/csv2xlsx" --typed --cover "$FIX/source.csv" "$W/cover.xlsx"
same_as_csv "cover sheet skipped, answers on the second sheet" "$W/cover.xlsx"
"$BIN" import --db "$W/s.db" --sheet 回答 "$W/cover.xlsx" 2>"$W/s.err"; eq "--sheet NAME reads that sheet" $? 0
check "the sheet read is named" grep -q "シート「回答」" "$W/s.err"
"$BIN" import --db "$W/s2.db" --sheet 無い "$W/cover.xlsx" 2>"$W/s.err"; eq "--sheet with an unknown name fails" $? 1
check "unknown sheet: the message lists the sheets" grep -q "シート「無い」がありません.*「説明」、「回答」" "$W/s.err"
eq "unknown sheet: nothing stored" "$(q "$W/s2.db" "SELECT count(*) FROM batch" 2>/dev/null || echo 0)" 0
"$BIN" import --db "$W/s3.db" --sheet 説明 --period 2026-10 "$W/cover.xlsx" 2>"$W/s.err"
check "a sheet without a header is rejected with the sheet named" grep -q "シート「説明」: 必須の列がありません" "$W/s.err"
"$BIN" import --db "$W/s3.db" "$W/cover.xlsx" 2>"$W/s.err"
eq "same file with the right sheet is not taken for a duplicate when nothing was stored" \
    "$(q "$W/s3.db" "SELECT count(*) FROM response")" "$(wc -l <"$W/csv.txt")"
eq "the earlier file-level reject is replaced, not kept" "$(q "$W/s3.db" "SELECT count(*) FROM reject WHERE row = 0")" 0

# per-company forms (form.ini): one workbook per member
$MK form "$FIX/source.csv" "$W/forms" 6
"$BIN" import --db "$W/f.db" "$W/forms" 2>"$W/f.err"; eq "forms import exits 0" $? 0
check "forms are announced as forms" grep -q "（様式）" "$W/f.err"
head -n 7 "$FIX/source.csv" | tail -n 6 | cut -d, -f1 | sort >"$W/f.want"
q "$W/f.db" "SELECT member_no FROM company ORDER BY 1" >"$W/f.got"
check "six forms, six members" cmp "$W/f.want" "$W/f.got"
# the same members' answers as the CSV's first rows give
q "$W/csv.db" "SELECT c.member_no, r.total, r.sa_level, r.employees, r.answered_on FROM response r JOIN company c ON c.id = r.company_id JOIN batch b ON b.id = r.batch_id WHERE r.source_row <= 7 ORDER BY 1" >"$W/f.want2"
q "$W/f.db" "SELECT c.member_no, r.total, r.sa_level, r.employees, r.answered_on FROM response r JOIN company c ON c.id = r.company_id ORDER BY 1" >"$W/f.got2"
if cmp -s "$W/f.want2" "$W/f.got2"; then ok "forms: totals, declaration, size and date as in the table"
else no "forms: totals, declaration, size and date as in the table" "$(diff "$W/f.want2" "$W/f.got2" | head -4)"; fi
# a form with a bad answer names the cell
$PY - "$W/forms" <<'EOF'
import sys, glob, openpyxl
path = sorted(glob.glob(sys.argv[1] + "/*.xlsx"))[0]
wb = openpyxl.load_workbook(path)
ws = wb.active
ws["D19"] = "たぶん"
ws["D20"] = None
wb.save(sys.argv[1] + "/bad_form.xlsx")
EOF
"$BIN" check "$W/forms/bad_form.xlsx" 2>"$W/bf.err"; eq "a bad form: check exits 3" $? 3
check "a bad form names the cell of the bad answer" grep -q "19 行目 「Q7（D19）」列: Q7 の回答が読めません" "$W/bf.err"
check "a bad form names the cell of the missing answer" grep -q "20 行目 「Q8（D20）」列: Q8 が未回答です" "$W/bf.err"

# hostile and broken files: a clear message each, nothing stored
$MK hostile "$W/h"
"$BIN" import -q --db "$W/h.db" "$FIX/libreoffice.xlsx" 2>/dev/null
before=$(q "$W/h.db" "SELECT count(*) || '/' || (SELECT count(*) FROM answer) || '/' || (SELECT count(*) FROM batch) FROM response")
hostile() { # file expected-message
    "$BIN" import -q --db "$W/h.db" "$W/h/$1" 2>"$W/h.err"
    local rc=$?
    if [ $rc -eq 1 ] && grep -q "$2" "$W/h.err"; then ok "$1: refused with a clear message"
    else no "$1: refused with a clear message" "rc=$rc $(cat "$W/h.err")"; fi
}
hostile not_a_zip.xlsx "中身が Excel のブック（zip）ではありません"
hostile truncated.xlsx "途中で切れているか壊れています"
hostile bomb.xlsx "zip 爆弾"
hostile entities.xlsx "DTD"
hostile dimensions.xlsx "列が多すぎます"
hostile long_cell.xlsx "セル A1: セルが長すぎます"
hostile bad_xml.xlsx "XML が壊れています"
hostile word.xlsx "Excel のブック（xlsx）ではありません"
hostile old_format.xlsx "Excel 97-2003 形式（.xls）のファイルですが、壊れていて読めません"
hostile encrypted.xlsx "パスワードで保護"
after=$(q "$W/h.db" "SELECT count(*) || '/' || (SELECT count(*) FROM answer) || '/' || (SELECT count(*) FROM batch) FROM response")
eq "hostile files changed nothing stored" "$after" "$before"
check "database intact after hostile files" sh -c "[ \"\$(sqlite3 '$W/h.db' 'PRAGMA integrity_check')\" = ok ]"

# limits come from shindan.ini [limits]
cp -r templates "$W/tpl"
sed -i "s/^inflated_mb = .*/inflated_mb = 1/" "$W/tpl/shindan.ini"
"$BIN" import -q --templates "$W/tpl" --db "$W/l.db" "$W/h/long_cell.xlsx" 2>"$W/l.err"
check "a lowered inflated_mb limit refuses a larger sheet" grep -q "上限（1 MB）を超えます" "$W/l.err"

echo
echo "xlsx: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
