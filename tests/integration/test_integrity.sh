#!/bin/bash
# test_integrity.sh - nothing wrong is ever written, and empty or wrong
# states say so: --period never relabels a dated row, commands that fail
# early leave no database, no empty period folder, a bad sheet name in
# report.ini is a message (not a crash), installed and out-of-tree
# binaries find their templates, a cut-short query is not renamed.
# usage: test_integrity.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

$PY tests/gen_sample.py --out "$W/in" --companies 40 --seed 11 --no-bad >/dev/null

# ---- --period names undated rows only ----
# the September paper file has no 回答日; the October form file has one
SEP="$W/in/2026-09_会員回答_紙.csv"; OCT="$W/in/2026-10_会員回答_フォーム.csv"
"$BIN" import --db "$W/p.db" --period 2026-09 "$OCT" 2>"$W/p.err"
eq "--period on a file dated in another month stores none of its rows" \
    "$(q "$W/p.db" "SELECT count(*) FROM response")" 0
check "each such row is a reject naming the date and the period" \
    grep -q "回答日 2026-10-.. は --period 2026-09 の月ではありません" "$W/p.err"
eq "every dated row is listed" "$(q "$W/p.db" "SELECT count(*) FROM reject WHERE reason LIKE '%--period 2026-09 の月ではありません%'")" \
    "$(($(wc -l <"$OCT") - 1))"
"$BIN" import --db "$W/u.db" --period 2026-08 "$SEP" 2>/dev/null
eq "undated rows take the period --period names" \
    "$(q "$W/u.db" "SELECT count(DISTINCT period) || ':' || max(period) FROM response")" "1:2026-08"

# ---- optional cells: a warning, the diagnosis kept, never a wrong figure ----
$PY - "$OCT" "$W/optional.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head = rows[0]
sa, mu = head.index("SECURITY ACTION"), head.index("市区町村")
rows[1][sa] = "検討中"          # no declaration word: unknown, not 未宣言
rows[2][mu] = "栃木県宇都宮市"   # the wrong prefecture: left out
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows[:6])
# six more members: ten known declarations of eleven, enough for shares
# (at least twice min_group known)
with open(sys.argv[2].replace(".csv", "6.csv"), "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows[:12])
PY
"$BIN" import --db "$W/opt.db" "$W/optional.csv" 2>"$W/opt.err"; eq "optional cells: import exits 0" $? 0
eq "optional cells: every row kept" "$(q "$W/opt.db" "SELECT count(*) FROM response")" 5
check "an unreadable SECURITY ACTION is a warning naming the cell" grep -q "注意（行は取り込み済み）: SECURITY ACTION の宣言状況が分かりません" "$W/opt.err"
eq "its declaration is unknown, not 未宣言" "$(q "$W/opt.db" "SELECT sa_known FROM response WHERE source_row = 2")" 0
check "a municipality of another prefecture is a warning" grep -q "注意（行は取り込み済み）: 市区町村の都道府県" "$W/opt.err"
eq "that municipality is left out" "$(q "$W/opt.db" "SELECT coalesce(municipality, 'NULL') FROM response WHERE source_row = 3")" NULL
eq "warnings are listed with the rejects, marked as taken" \
    "$(q "$W/opt.db" "SELECT count(*) FROM reject WHERE reason LIKE '注意（取り込み済み）%'")" 2
"$BIN" stats --db "$W/opt.db" --by all --format csv >"$W/opt.csv"
# four known declarations of five: under 2k known, no share at all (one
# known ★ would otherwise be 100 %)
eq "SECURITY ACTION shares need 2k known declarations" \
    "$(awk -F, 'NR == 2 {print $(NF-5) "|" $(NF-4) $(NF-3) $(NF-2) $(NF-1) $NF}' "$W/opt.csv")" "0|"
"$BIN" import -q --db "$W/opt6.db" "$W/optional6.csv" 2>/dev/null
"$BIN" stats --db "$W/opt6.db" --by all --format csv >"$W/opt6.csv"
eq "SECURITY ACTION shares count only the known declarations" \
    "$(awk -F, 'NR == 2 {print $4 - $(NF-5)}' "$W/opt6.csv")" 1
# a month without the column: unknown in every output, not 0 % declared
"$BIN" run --input "$W/in" --out "$W/saout" --db "$W/sa.db" -q 2>/dev/null
check "summary.pdf of a month without a SECURITY ACTION column says so" \
    sh -c "pdftotext '$W/saout/2026-09/summary.pdf' - | tr -d ' \n' | grep -q 'SECURITYACTIONの宣言状況の欄がなかった'"
check "and shows no 0.0% for it" sh -c "! pdftotext -f 3 -l 3 '$W/saout/2026-09/summary.pdf' - | grep -q '0.0%（'"

# ---- failures before storing anything leave no database ----
"$BIN" run --input "$W/nowhere" --out "$W/o1" --db "$W/none1.db" 2>"$W/e1"; eq "run with a missing --input exits 1" $? 1
check "a missing --input creates no database" test ! -e "$W/none1.db"
mkdir -p "$W/empty"
"$BIN" run --input "$W/empty" --out "$W/o2" --db "$W/none2.db" 2>"$W/e2"; eq "run on an empty folder exits 1" $? 1
check "an empty folder is named with the extensions read" grep -q "$W/empty に回答ファイル（.csv .xlsx" "$W/e2"
check "an empty folder creates no database" test ! -e "$W/none2.db"
"$BIN" stats --db "$W/none3.db" 2>"$W/e3"; eq "stats without a database exits 1" $? 1
check "stats without a database says so" grep -q "データベース $W/none3.db がありません" "$W/e3"
check "stats creates no database" test ! -e "$W/none3.db"
"$BIN" import --db "$W/none4.db" "$W/missing.csv" 2>/dev/null; eq "import of a missing file exits 1" $? 1
check "import of a missing file creates no database" test ! -e "$W/none4.db"

# ---- no period folder for a month without answers ----
"$BIN" run --input "$W/in" --out "$W/out" --db "$W/r.db" -q 2>/dev/null; eq "run exits 0" $? 0
"$BIN" report --out "$W/out" --db "$W/r.db" --period 2025-01 2>"$W/e4"; eq "report for a month without answers exits 1" $? 1
check "no folder is left for that month" test ! -e "$W/out/2025-01"
check "the message names the month" grep -q "2025-01 の回答がありません" "$W/e4"
"$BIN" excel --out "$W/out" --db "$W/r.db" --period 2025-01 2>/dev/null
check "excel leaves no folder for it either" test ! -e "$W/out/2025-01"

# ---- reports only under the organisation's own name ----
"$BIN" report --out "$W/ph" --db "$W/r.db" --templates templates 2>"$W/e10"; eq "the placeholder name refuses member reports" $? 1
check "the refusal says how to fix it" grep -q "団体名が「○○商工会議所」のままなので.*shindan init" "$W/e10"
check "and no report is made" test ! -e "$W/ph/2026-10/companies"

# ---- a sheet name Excel refuses is a message, not a crash ----
cp -r templates "$W/tpl"
sed -i 's/^sheet_industry *=.*/sheet_industry = 業種[別]/' "$W/tpl/report.ini"
"$BIN" excel --out "$W/out" --db "$W/r.db" --templates "$W/tpl" 2>"$W/e5"; eq "a bad sheet name exits 1 (no signal)" $? 1
check "the message names the sheet and the file to fix" grep -q "シート名「業種\[別\]」が使えません.*report.ini" "$W/e5"
check "no half-written workbook under its name" test ! -e "$W/out/2026-10/summary.xlsx.tmp"

# ---- a cut-short read is never renamed as complete ----
# the answer table of one member is damaged: the report must refuse, not
# default the missing answer to a code (0 is 実施している)
cp "$W/r.db" "$W/d.db"
M=$(q "$W/d.db" "SELECT c.member_no FROM company c JOIN response r ON r.company_id = c.id WHERE r.period = '2026-10' ORDER BY 1 LIMIT 1")
q "$W/d.db" "DELETE FROM answer WHERE question = 7 AND response_id = (SELECT r.id FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = '$M' AND r.period = '2026-10')"
rm -rf "$W/dout"
"$BIN" report --out "$W/dout" --db "$W/d.db" --period 2026-10 --member "$M" 2>"$W/e6"; eq "a missing answer fails the report" $? 1
check "the message names the member and the question" grep -q "$M の Q7 の回答がデータベースにありません" "$W/e6"
check "no PDF is left under its name" test ! -e "$W/dout/2026-10/companies/$M.pdf"

# ---- stats to a full device fails ----
"$BIN" stats --db "$W/r.db" --by industry --format csv >/dev/full 2>"$W/e7"; eq "stats to /dev/full exits 1" $? 1

# ---- templates are found from anywhere, installed or not ----
(cd / && env -u SHINDAN_TEMPLATES "$BIN" stats --db "$W/r.db" --by industry >/dev/null 2>"$W/e8"); eq "build/shindan run from / finds the checkout's templates" $? 0
make -s install PREFIX=/opt/sd DESTDIR="$W/stage" >/dev/null 2>&1; eq "make install PREFIX DESTDIR exits 0" $? 0
(cd / && env -u SHINDAN_TEMPLATES "$W/stage/opt/sd/bin/shindan" stats --db "$W/r.db" --by industry >/dev/null 2>&1)
eq "the installed binary finds its installed templates" $? 0
mkdir -p "$W/lone"; cp "$BIN" "$W/lone/shindan"
(cd / && env -u SHINDAN_TEMPLATES "$W/lone/shindan" stats --db "$W/r.db" 2>"$W/e9" >/dev/null)
if [ -d /usr/local/share/shindan/templates ]; then ok "(skipped: templates installed system-wide)"; else
    check "a binary with no templates near says to use --templates" grep -q -- "--templates DIR か環境変数 SHINDAN_TEMPLATES" "$W/e9"; fi

echo
echo "integrity: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
