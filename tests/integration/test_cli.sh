#!/bin/bash
# test_cli.sh - the real binary on real files: CLI behaviour, encodings,
# rejects, idempotent import, resubmission, PDFs and the workbook read back.
# usage: test_cli.sh BUILD_DIR   (prints "N passed, N failed")
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

# ---- command line ----
"$BIN" --help >"$W/help" 2>"$W/err"; eq "--help exits 0" $? 0
check "--help writes usage to stdout" grep -q "使い方" "$W/help"
"$BIN" >/dev/null 2>"$W/err"; eq "no command exits 2" $? 2
check "misuse names the fix on stderr" grep -q "help" "$W/err"
"$BIN" frobnicate 2>/dev/null; eq "unknown command exits 2" $? 2
"$BIN" import --period 2026-13 x.csv 2>/dev/null; eq "bad --period exits 2" $? 2
"$BIN" report --db x.db 2>/dev/null; eq "report without --out exits 2" $? 2
"$BIN" --version | grep -q "^shindan [0-9]"; eq "--version prints the version" $? 0

# ---- sample data ----
$PY tests/gen_sample.py --out "$W/in" --companies 120 --seed 7
SEP="$W/in/2026-09_会員回答_紙.csv"; OCT="$W/in/2026-10_会員回答_フォーム.csv"
check "paper sample is CP932, not UTF-8" sh -c "! iconv -f utf-8 -t utf-8 '$SEP' >/dev/null 2>&1"
check "form sample starts with a BOM" sh -c "head -c3 '$OCT' | od -An -tx1 | grep -q 'ef bb bf'"

# check writes nothing and reports problems with exit 3
# (from a folder of its own: the checkout may hold the shindan.db `make run` made)
mkdir -p "$W/cwd"
(cd "$W/cwd" && "$BIN" check "$W/in" >/dev/null 2>"$W/check.err"); eq "check exits 3 when rows are bad" $? 3
check "check names file, row and column" grep -q "2026-09_会員回答_紙.csv: .* 行目 「業種」列: 業種が分かりません" "$W/check.err"
check "check writes no database" test ! -e "$W/cwd/shindan.db"
check "check writes nothing at all" test -z "$(ls -A "$W/cwd")"

# ---- import ----
DB="$W/a.db"
"$BIN" import --db "$DB" "$W/in" 2>"$W/imp.err"; eq "import exits 0 with rejects listed" $? 0
$PY tests/integration/expected.py "$SEP" "$OCT" >"$W/expected.txt"
q "$DB" "SELECT r.period || ',' || c.member_no || ',' || r.total FROM response r JOIN company c ON c.id = r.company_id ORDER BY 1" >"$W/actual.txt"
check "every valid row stored with the independently computed total" cmp "$W/expected.txt" "$W/actual.txt"
eq "parts add up to the total" "$(q "$DB" "SELECT count(*) FROM response WHERE part1 + part2 + part3 <> total")" 0
eq "25 answers per response" "$(q "$DB" "SELECT count(*) FROM (SELECT response_id FROM answer GROUP BY 1 HAVING count(*) <> 25)")" 0
eq "answers' points sum to the total" "$(q "$DB" "SELECT count(*) FROM response r WHERE total <> (SELECT sum(points) FROM answer WHERE response_id = r.id)")" 0
eq "7 bad rows rejected" "$(q "$DB" "SELECT sum(rows_rejected) FROM batch")" 7
eq "unknown industry rejected with its value" "$(q "$DB" "SELECT count(*) FROM reject WHERE value = '宇宙開発' AND column_name = '業種' AND row > 1")" 1
eq "invalid date rejected" "$(q "$DB" "SELECT count(*) FROM reject WHERE column_name = '回答日' AND value = '2026/13/40'")" 1
eq "missing answer rejected" "$(q "$DB" "SELECT count(*) FROM reject WHERE reason LIKE 'Q25 が未回答%'")" 1
# a formula-like company name on an otherwise valid row is stored as the
# text it is (the sample's own "=HYPERLINK" row is rejected for its Q11)
FORMULA='=HYPERLINK("https://example.com/","詳細")'
{ printf '\xef\xbb\xbf会員番号,事業所名,業種,都道府県,従業員数,回答日,%s\r\n' "$(seq -s, -f 'Q%g' 1 25)"
  printf 'F1,"%s",製造,茨城,5,2026-10-05,%s\r\n' "${FORMULA//\"/\"\"}" "$(yes ○ | head -25 | paste -sd,)"
  printf 'F2,=1+2,小売,茨城,3,2026-10-05,%s\r\n' "$(yes △ | head -25 | paste -sd,)"; } >"$W/formula.csv"
"$BIN" import --db "$W/formula.db" "$W/formula.csv" 2>"$W/formula.err"
eq "formula-like names: both rows stored, none rejected" \
   "$(q "$W/formula.db" "SELECT count(*) || '/' || (SELECT count(*) FROM reject) FROM response")" "2/0"
eq "formula-like name kept as text" "$(q "$W/formula.db" "SELECT c.name || '|' || r.name FROM company c JOIN response r ON r.company_id = c.id WHERE c.member_no = 'F1'")" "$FORMULA|$FORMULA"
eq "=1+2 stored as text, not evaluated" "$(q "$W/formula.db" "SELECT name || '|' || typeof(name) FROM company WHERE member_no = 'F2'")" "=1+2|text"
eq "CP932 ㈱ normalised to (株)" "$(q "$DB" "SELECT count(*) FROM company WHERE name LIKE '%㈱%'")" 0
eq "period taken from the file name" "$(q "$DB" "SELECT count(*) FROM response r JOIN batch b ON b.id = r.batch_id WHERE b.source LIKE '%2026-09%' AND r.period <> '2026-09'")" 0
RESUB=$(q "$DB" "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id WHERE r.answered_on = '2026-10-30'")
eq "resubmission counted once" "$(q "$DB" "SELECT count(*) FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = '$RESUB' AND period = '2026-10'")" 1
eq "resubmission's later answer wins" "$(q "$DB" "SELECT total FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = '$RESUB' AND period = '2026-10'")" 100
eq "resubmission reported as replaced" "$(q "$DB" "SELECT sum(rows_replaced) FROM batch")" 1

# idempotent re-import
before=$(q "$DB" "SELECT count(*) || '/' || (SELECT count(*) FROM answer) || '/' || (SELECT count(*) FROM reject) FROM response")
"$BIN" import --db "$DB" "$W/in" 2>"$W/imp2.err"; eq "re-import exits 0" $? 0
check "re-import says the file was already taken" grep -q "取り込み済み" "$W/imp2.err"
eq "re-import changes nothing" "$(q "$DB" "SELECT count(*) || '/' || (SELECT count(*) FROM answer) || '/' || (SELECT count(*) FROM reject) FROM response")" "$before"
eq "one batch per file" "$(q "$DB" "SELECT count(*) FROM batch")" 2

# an older answer for the same member and month does not replace a newer one
printf '\xef\xbb\xbf会員番号,事業所名,業種,都道府県,従業員数,回答日,%s\n' "$(seq -s, -f 'Q%g' 1 25)" >"$W/old.csv"
printf '%s,旧回答,製造,茨城,5,2026-10-01,%s\n' "$RESUB" "$(yes × | head -25 | paste -sd,)" >>"$W/old.csv"
"$BIN" import --db "$DB" "$W/old.csv" 2>/dev/null
eq "older resubmission keeps the newer answer" "$(q "$DB" "SELECT total FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = '$RESUB' AND period = '2026-10'")" 100
eq "older resubmission is listed as a reject" "$(q "$DB" "SELECT count(*) FROM reject WHERE value = '2026-10-01' AND reason LIKE '%新しい別の回答%'")" 1
eq "  naming whom it is about" "$(q "$DB" "SELECT member_no || ' ' || company_name FROM reject WHERE value = '2026-10-01' AND reason LIKE '%新しい別の回答%'")" "$RESUB 旧回答"

# strict mode stores nothing from a file with a bad row
"$BIN" import --db "$W/strict.db" --strict "$SEP" 2>/dev/null; eq "--strict refuses the file with exit 3" $? 3
eq "--strict stored nothing" "$(q "$W/strict.db" "SELECT count(*) FROM response") $(q "$W/strict.db" "SELECT count(*) FROM batch")" "0 0"

# CP932-only characters and an invalid byte
{ printf '会員番号,事業所名,業種,所在地,従業員数,%s\r\n' "$(seq -s, -f 'Q%g' 1 25)"
  printf 'K1,髙橋①商店㈱,小売,茨城県水戸市,3,%s\r\n' "$(yes ○ | head -25 | paste -sd,)"
  printf 'K2,壊れ\x81\x7f,小売,茨城県水戸市,3,%s\r\n' "$(yes ○ | head -25 | paste -sd,)"; } | iconv -f utf-8 -t cp932 2>/dev/null >"$W/cp.csv" || true
{ printf '会員番号,事業所名,業種,所在地,従業員数,%s\r\n' "$(seq -s, -f 'Q%g' 1 25)"
  printf 'K1,髙橋①商店㈱,小売,茨城県水戸市,3,%s\r\n' "$(yes ○ | head -25 | paste -sd,)"; } | iconv -f utf-8 -t cp932 >"$W/cp.csv"
printf 'K2,\x89\xf3\x82\xea\xff\xfe,\x8f\xac\x94\x84,\x88\xee\x8f\xe9\x8c\xa7,3%s\r\n' "$(printf ',\x81\x9b%.0s' $(seq 25))" >>"$W/cp.csv"
"$BIN" import --db "$W/cp.db" --period 2026-10 "$W/cp.csv" 2>"$W/cp.err"
eq "CP932 髙 and ① survive, ㈱ becomes (株)" "$(q "$W/cp.db" "SELECT name FROM company WHERE member_no = 'K1'")" "髙橋1商店(株)"
check "invalid CP932 byte named with row and column" grep -q "3 行目 「事業所名」列: 文字コードが正しくない" "$W/cp.err"

# a file without the required columns
printf 'a,b,c\n1,2,3\n' >"$W/nohead.csv"
"$BIN" import --db "$W/nh.db" --period 2026-10 "$W/nohead.csv" 2>"$W/nh.err"
check "missing columns named" grep -q "必須の列がありません: 会員番号" "$W/nh.err"

# ---- outputs ----
OUT="$W/out"
"$BIN" run --input "$W/in" --out "$OUT" --db "$W/run.db" -q 2>"$W/run.err"; eq "run exits 0" $? 0
for p in 2026-09 2026-10; do
  check "run wrote $p/summary.pdf" test -s "$OUT/$p/summary.pdf"
  check "run wrote $p/summary.xlsx" test -s "$OUT/$p/summary.xlsx"
  check "run wrote $p/rejects.csv" test -s "$OUT/$p/rejects.csv"
done
eq "one company PDF per October response" "$(ls "$OUT/2026-10/companies" | wc -l)" "$(q "$W/run.db" "SELECT count(*) FROM response WHERE period = '2026-10'")"
check "rejects.csv has a BOM for Excel" sh -c "head -c3 '$OUT/2026-10/rejects.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "rejects.csv lists the bad date with its row" grep -q '"2026/13/40"' "$OUT/2026-10/rejects.csv"
# whom a rejected row is about, as the row wrote it: two columns after 理由
$PY - "$OUT/2026-09/rejects.csv" >"$W/rej.txt" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
print("|".join(rows[0]))
for r in rows[1:]:
    print(len(r), r[1], r[2], r[5], r[6], sep="|")
EOF
eq "rejects.csv keeps its columns and adds 会員番号 and 事業所名 last" "$(head -1 "$W/rej.txt")" \
    "ファイル|行|列|値|理由|会員番号|事業所名"
check "a bad answer names its member and company" grep -qx "7|92|Q1|M90003|(株)まる印" "$W/rej.txt"
check "a row without a member number still names its company" grep -qx "7|91|会員番号||会員番号なし㈱" "$W/rej.txt"
posix_only "rejects.csv stays private" "file modes; Windows gives the folder's ACL" &&
    eq "rejects.csv stays private" "$(stat -c %a "$OUT/2026-09/rejects.csv")" 600
check "no temporary files left" sh -c "! find '$OUT' -name '*.tmp' | grep -q ."
posix_only "company PDFs readable by the user only" "file modes; Windows gives the folder's ACL" &&
    eq "company PDFs readable by the user only" "$(stat -c %a "$OUT/2026-10/companies/$RESUB.pdf")" 600

PDF="$OUT/2026-10/companies/$RESUB.pdf"
NAME=$(q "$W/run.db" "SELECT name FROM company WHERE member_no = '$RESUB'")
pdftotext -layout "$PDF" "$W/c.txt" 2>/dev/null
check "company PDF shows the company name" grep -qF "$NAME" "$W/c.txt"
check "company PDF shows member number" grep -q "$RESUB" "$W/c.txt"
# drawn one after the other in the score box (beside it, the band's words
# may fall between them in a layout read-back)
check "company PDF shows the total out of 100" sh -c "pdftotext -raw '$PDF' - | tr -d ' \n' | grep -q '総合点100/100点'"
check "company PDF shows the band" grep -q "判定：達成" "$W/c.txt"
# the change since last time, as the totals in the database say: a member
# whose score rose and one whose score fell (both periods answered), and
# one answering for the first time. pdftotext may break a line anywhere,
# so white space is dropped from both sides before comparing.
nows() { printf '%s' "$1" | tr -d ' \t\r\n\f'; }
has() { grep -qF "$(nows "$1")" <<<"$(nows "$2")"; }   # has NEEDLE TEXT
lacks() { ! has "$@"; }
change_text() { # MEMBER -> the line its October PDF should print
    local prev cur d
    prev=$(q "$W/run.db" "SELECT r.total FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = '$1' AND r.period = '2026-09'")
    cur=$(q "$W/run.db" "SELECT r.total FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = '$1' AND r.period = '2026-10'")
    d=$((cur - prev))
    if [ "$d" -gt 0 ]; then d="+$d"; elif [ "$d" -lt 0 ]; then d="▲$((-d))"; else d="±0"; fi
    printf '2026年9月 %s点 → 2026年10月 %s点（%s点）' "$prev" "$cur" "$d"
}
both() { # OP -> the first member answering in both periods whose total went OP
    q "$W/run.db" "SELECT c.member_no FROM company c JOIN response s ON s.company_id = c.id AND s.period = '2026-09' JOIN response o ON o.company_id = c.id AND o.period = '2026-10' WHERE o.total $1 s.total ORDER BY c.member_no LIMIT 1"
}
FIRST_TEXT=$(awk '/^\[/ { sec = $0; key = ""; next }
    sec == "[company]" && /^change_first *=/ { sub(/^change_first *= */, ""); v = $0; key = 1; next }
    key && /^[ \t]+[^ \t]/ { sub(/^[ \t]+/, ""); v = v $0; next } { key = "" } END { print v }' templates/report.ini)
FIRST=$(q "$W/run.db" "SELECT c.member_no FROM company c JOIN response o ON o.company_id = c.id AND o.period = '2026-10' WHERE NOT EXISTS (SELECT 1 FROM response WHERE company_id = c.id AND period < '2026-10') ORDER BY c.member_no LIMIT 1")
UP=$(both '>'); DOWN=$(both '<')
check "sample has a riser ($UP), a faller ($DOWN), a first-timer ($FIRST) and company.change_first" \
    test -n "$UP" -a -n "$DOWN" -a -n "$FIRST" -a -n "$FIRST_TEXT"
for m in "$UP" "$DOWN"; do
    want=$(change_text "$m")
    got=$(pdftotext "$OUT/2026-10/companies/$m.pdf" - 2>/dev/null)
    check "company PDF of $m shows the change: $want" has "$want" "$got"
    check "company PDF of $m does not say it is the first time" lacks "$FIRST_TEXT" "$got"
done
got=$(pdftotext "$OUT/2026-10/companies/$FIRST.pdf" - 2>/dev/null)
check "company PDF of first-timer $FIRST says so (company.change_first)" has "$FIRST_TEXT" "$got"
check "company PDF of first-timer $FIRST shows no change" lacks "点 →" "$got"
check "company PDF never speaks of certification" sh -c "! grep -qE '認定|取得' '$W/c.txt'"
eq "company PDF has 2 pages" "$(pdfinfo "$PDF" 2>/dev/null | awk '/^Pages:/ {print $2}')" 2
check "company PDF is A4" sh -c "pdfinfo '$PDF' 2>/dev/null | grep -q 'Page size: *595.* x 841.*'"
check "company PDF title in metadata" sh -c "pdfinfo '$PDF' 2>/dev/null | grep -q '^Title: .*結果'"
check "qpdf --check passes" qpdf --check "$PDF"
check "every font embedded" sh -c "pdffonts '$PDF' 2>/dev/null | tail -n +3 | awk '{ if (\$(NF-4) != \"yes\") exit 1 }'"
SIZE=$(stat -c %s "$PDF"); check "company PDF under 60 KB ($SIZE bytes)" test "$SIZE" -lt 61440
pdftotext "$OUT/2026-10/summary.pdf" "$W/s.txt" 2>/dev/null
N10=$(q "$W/run.db" "SELECT count(*) FROM response WHERE period = '2026-10'")
check "summary PDF shows the respondents" grep -q "${N10}社" "$W/s.txt"
check "summary PDF marks suppressed groups" grep -q "—" "$W/s.txt"
S=$OUT/2026-10/summary.pdf
check "summary PDF: three pages, A4" sh -c "pdfinfo '$S' 2>/dev/null | grep -q '^Pages: *3' && pdfinfo '$S' 2>/dev/null | grep -q 'Page size: *595.* x 841.*'"
check "summary PDF: title, author and subject in the metadata" sh -c "pdfinfo '$S' 2>/dev/null | grep -q '^Title: .*集計結果' && pdfinfo '$S' 2>/dev/null | grep -q '^Author: .*商工' && pdfinfo '$S' 2>/dev/null | grep -q '^Subject: .'"
check "company PDF: author and subject in the metadata" sh -c "pdfinfo '$PDF' 2>/dev/null | grep -q '^Author: .' && pdfinfo '$PDF' 2>/dev/null | grep -q '^Subject: .'"
STARS=$(q "$W/run.db" "SELECT count(*) FROM response WHERE period = '2026-10' AND sa_level = 1")
check "summary PDF: SECURITY ACTION declarations with the ★ count ($STARS)" \
    sh -c "grep -q 'SECURITY ACTION の宣言状況' '$W/s.txt' && grep -q '（${STARS}社）' '$W/s.txt'"
READY=$(q "$W/run.db" "SELECT count(*) FROM response WHERE period = '2026-10' AND basics_done = 1 AND sa_level = 0")
check "summary PDF: members ready for ★ but undeclared ($READY)" grep -q "まだ一つ星を宣言していない事業所：${READY}社" "$W/s.txt"
check "summary PDF: the trend lists both periods" sh -c "grep -q '平均点の推移' '$W/s.txt' && grep -q '2026年9月' '$W/s.txt' && grep -q '2026年10月' '$W/s.txt'"
check "summary PDF: page numbers" grep -q "3 / 3" "$W/s.txt"

# reproducible: same input, same bytes
"$BIN" report --db "$W/run.db" --out "$W/out2" --period 2026-10 -q -j 1 2>/dev/null
check "company PDF reproducible" cmp "$PDF" "$W/out2/2026-10/companies/$RESUB.pdf"
check "summary PDF reproducible" cmp "$OUT/2026-10/summary.pdf" "$W/out2/2026-10/summary.pdf"

# stats agrees with the database and the workbook
"$BIN" stats --db "$W/run.db" --by industry --period 2026-10 --format csv >"$W/ind.csv"; eq "stats csv exits 0" $? 0
eq "stats n adds up to the respondents (suppressed included)" \
   "$("$BIN" stats --db "$W/run.db" --by industry --period 2026-10 --format csv --no-suppress | awk -F, 'NR > 1 {s += $4} END {print s}')" "$N10"
eq "stats mean equals SQL avg" \
   "$("$BIN" stats --db "$W/run.db" --by all --period 2026-10 --format csv | awk -F, 'NR == 2 {printf "%.2f", $6}')" \
   "$(q "$W/run.db" "SELECT printf('%.2f', avg(total)) FROM response WHERE period = '2026-10'")"
check "small industries suppressed in stats" awk -F, 'NR > 1 && $5 == 1 && $4 != "" {exit 1}' "$W/ind.csv"
for by in municipality industry-prefecture period; do
    "$BIN" stats --db "$W/run.db" --by $by --period 2026-10 --format csv >"$W/$by.csv"
done
$PY - "$OUT/2026-10/summary.xlsx" "$W" >"$W/xl.txt" 2>&1 <<'PYEOF'
import csv, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
names = wb.sheetnames
assert names == ["概要", "業種別", "都道府県別", "市区町村別", "規模別", "業種×都道府県", "業種×都道府県（表）",
                 "推移", "設問別", "回答明細", "取込エラー"], names
bad = 0
sa_unknown_seen = False
order_hidden_seen = False
for sheet, stats in [("業種別", "ind.csv"), ("市区町村別", "municipality.csv"),
                     ("業種×都道府県", "industry-prefecture.csv"), ("推移", "period.csv")]:
    ws = wb[sheet]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    seen = 0
    for s in csv.DictReader(open(sys.argv[2] + "/" + stats, encoding="utf-8")):
        r = rows[s["key"]]
        seen += 1
        if s["suppressed"] == "1":
            bad += r[2] is not None or "非表示" not in (r[-1] or "")
        else:
            bad += r[2] != int(s["n"]) or abs(r[3] - float(s["mean"])) > 1e-4
            # median, quartiles and SD only from 2k members: blank in both
            # where one hides them, equal where both show them
            for col, name in [(4, "median"), (5, "q1"), (6, "q3"), (7, "sd")]:
                if s[name] == "":
                    bad += r[col] is not None
                    order_hidden_seen = True
                else:
                    bad += r[col] is None or abs(r[col] - float(s[name])) > 1e-4
            # SECURITY ACTION only where the month's answers gave it (the
            # September paper sheet has no such column: unknown, not 0 %)
            if s["sa_known"] == "0":
                bad += r[-2] is not None or s["ready_undeclared"] != ""
                sa_unknown_seen = True
            else:
                bad += r[-2] != int(s["ready_undeclared"])
    assert seen == len(rows) and seen > 0, (sheet, seen, len(rows))
assert bad == 0, bad
assert sa_unknown_seen, "the September period without a SECURITY ACTION column was not checked"
assert order_hidden_seen, "no group under 2k members (order statistics hidden) was checked"
assert isinstance(wb["概要"]["B3"].value, (int, float))
print("ok")
PYEOF
eq "workbook values equal stats csv" "$(tail -1 "$W/xl.txt")" ok
check "workbook has native charts" sh -c "unzip -l '$OUT/2026-10/summary.xlsx' | grep -q 'xl/charts/chart1.xml'"
check "the trend sheet has a line chart" sh -c "unzip -p '$OUT/2026-10/summary.xlsx' 'xl/charts/*.xml' | grep -q '<c:lineChart>'"
check "workbook's formula-like name stays a string" sh -c "! unzip -p '$OUT/2026-10/summary.xlsx' 'xl/worksheets/*.xml' | grep -q '<f>'"

echo
echo "integration: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
