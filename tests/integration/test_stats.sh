#!/bin/bash
# test_stats.sh - every figure of `shindan stats` against an independent
# computation (tests/integration/stats_reference.py, Python's statistics
# module) on answers made to hold the awkward cases: ties, one-member
# groups, empty groups, all わからない, negative totals, members ready for
# ★ who have not declared it, two periods; and the suppression rules.
# usage: test_stats.sh BUILD_DIR   (prints "N passed, N failed")
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
REF="$PY $ROOT/tests/integration/stats_reference.py"
. "$ROOT/tests/integration/lib.sh"

$REF make "$W/in"
"$BIN" import -q --db "$W/s.db" "$W/in" 2>"$W/imp.err"
check "the crafted answers import without rejects" test ! -s "$W/imp.err"

for by in all industry prefecture size band municipality industry-prefecture period; do
    "$BIN" stats --db "$W/s.db" --period 2026-10 --by "$by" --format csv --no-suppress >"$W/$by.csv"
    check "stats --by $by: every figure equals the reference" $REF compare "$W/in" 2026-10 "$by" "$W/$by.csv"
done
"$BIN" stats --db "$W/s.db" --period 2026-10 --by question --format csv --no-suppress >"$W/q.csv"
check "stats --by question: shares and rates equal the reference" $REF questions "$W/in" 2026-10 "$W/q.csv"
"$BIN" stats --db "$W/s.db" --period 2026-10 --by question-industry --format csv --no-suppress >"$W/qi.csv"
check "stats --by question-industry: shares within each industry equal the reference" \
    $REF questions "$W/in" 2026-10 "$W/qi.csv"
"$BIN" stats --db "$W/s.db" --period 2026-10 --by question-industry --format csv >"$W/qip.csv"
check "question-industry: industries under k are suppressed, all 25 rows" \
    sh -c "awk -F, '\$2 == \"G\" && \$6 == 1' '$W/qip.csv' | wc -l | grep -qx 25"
"$BIN" stats --db "$W/s.db" --period 2026-10 --by company --format csv --no-suppress >"$W/c.csv"
check "stats --by company: percentile ranks and changes equal the reference" $REF companies "$W/in" 2026-10 "$W/c.csv"

# published figures: k = 5, complementary suppression
"$BIN" stats --db "$W/s.db" --period 2026-10 --by industry --format csv >"$W/pub.csv"
check "small groups are suppressed, shown empty, never as 0" $REF suppressed "$W/pub.csv" 5
check "a lone suppressed group takes the next smallest with it" $REF complementary "$W/pub.csv" "$W/industry.csv"
"$BIN" stats --db "$W/s.db" --period 2026-10 --by industry-prefecture --format csv >"$W/cross.csv"
check "cross-tab: no row or column with exactly one suppressed cell" \
    $REF cross "$W/cross.csv" "$W/industry-prefecture.csv"
# hidden and empty look the same: industries, prefectures and sizes list
# every value (an empty one as hidden, alike), municipalities and pairs
# only what they show
for by in industry prefecture size; do
    "$BIN" stats --db "$W/s.db" --period 2026-10 --by $by --format csv >"$W/list-$by.csv"
    check "stats --by $by lists every value, a hidden one as an empty one" \
        $REF listed "$W/list-$by.csv" "$W/$by.csv" every
done
check "all 20 industries and 47 prefectures listed, with members or not" \
    sh -c "[ \$(tail -n +2 '$W/list-industry.csv' | wc -l) = 20 ] && [ \$(tail -n +2 '$W/list-prefecture.csv' | wc -l) = 47 ]"
for by in municipality industry-prefecture; do
    "$BIN" stats --db "$W/s.db" --period 2026-10 --by $by --format csv >"$W/list-$by.csv"
    check "stats --by $by lists no hidden group" $REF listed "$W/list-$by.csv" "$W/$by.csv" shown
done
"$BIN" stats --db "$W/s.db" --period 2026-10 --by company >/dev/null 2>"$W/co.err"
check "company rows are not printed without --no-suppress" grep -q "no-suppress" "$W/co.err"

# stats records what it prints in the publication ledger under the batch
# lock `run` takes (two publishers both finding a figure new would publish
# it over members a few apart); while another batch holds it, stats still
# reads but records nothing: only what the ledger holds as shown
flock -o "$W/s.db" sleep 5 &
holder=$!
sleep 0.5
"$BIN" stats --db "$W/s.db" --period 2026-10 --by industry --format csv >"$W/locked.csv" 2>"$W/locked.err"
eq "stats under another batch's lock still reads" $? 0
check "  the figures published before, the same" cmp "$W/locked.csv" "$W/pub.csv"
"$BIN" stats --db "$W/s.db" --period 2026-09 --by industry --format csv >"$W/locked-size.csv" 2>"$W/locked.err"
check "  September's industries, never published, are hidden, and it says why" sh -c \
    "grep -q '別の shindan が.*公開の記録にない集計は表示していません' '$W/locked.err' &&
     ! awk -F, 'NR > 1 && \$5 == 0' '$W/locked-size.csv' | grep -q ."
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
"$BIN" stats --db "$W/s.db" --period 2026-09 --by industry --format csv >"$W/free-size.csv" 2>/dev/null
check "  and shown once the lock is free" sh -c "awk -F, 'NR > 1 && \$5 == 0' '$W/free-size.csv' | grep -q ."

# one rounding rule (四捨五入 on the exact ratio): 32 members, Q1 done by 1
# (1/32 = 0.03125: printf's ties-to-even says 0.0312), Q2 by 2 (6.25 %),
# Q3 by 20 (62.5 %: the member report printed 62%, its peers 63%)
mkdir -p "$W/tie"
$PY - "$W/tie/2026-10_tie.csv" <<'EOF'
import sys
head = "会員番号,事業所名,業種,都道府県,従業員数,回答日," + ",".join(f"Q{i}" for i in range(1, 26))
rows = [head]
for m in range(32):
    a = ["実施していない"] * 25
    a[0] = "実施している" if m < 1 else a[0]
    a[1] = "実施している" if m < 2 else a[1]
    a[2] = "実施している" if m < 20 else a[2]
    rows.append(f"T{m + 1:03d},テスト{m + 1}株式会社,製造業,東京都,10,2026-10-05," + ",".join(a))
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows) + "\n")
EOF
"$BIN" import -q --db "$W/tie.db" "$W/tie" 2>"$W/tie.err"
eq "the 32 tie members import" $? 0
"$BIN" stats --db "$W/tie.db" --period 2026-10 --by question --format csv >"$W/tie.csv"
check "CSV: 1/32 is 0.0313 (half up), not 0.0312" \
    grep -q '^2026-10,1,.*,32,0,0.0313,0.0000,0.9688,0.0000,0.0313$' "$W/tie.csv"
"$BIN" stats --db "$W/tie.db" --period 2026-10 --by question >"$W/tie.txt"
check "table: 2/32 is 実施率 6.3%, 20/32 is 62.5%" \
    sh -c "grep -q 'Q2 .*実施率   6.3%' '$W/tie.txt' && grep -q 'Q3 .*実施率  62.5%' '$W/tie.txt'"
"$BIN" excel --db "$W/tie.db" --period 2026-10 --out "$W/tie-xl" --no-details >/dev/null 2>&1
check "workbook: 2/32 stored exact, 0.0625 in a 0.0% cell (Excel shows 6.3%, as the PDFs)" $PY - "$W/tie-xl/2026-10/summary.xlsx" <<'EOF'
import sys
from openpyxl import load_workbook
q = load_workbook(sys.argv[1])["設問別"]
head = {c.value: c.column for c in q[1]}
got = [q.cell(r, head["実施率"]).value for r in (2, 3, 4)]
assert got == [0.03125, 0.0625, 0.625], got
assert q.cell(3, head["実施率"]).number_format == "0.0%"
EOF
"$BIN" report --db "$W/tie.db" --period 2026-10 --out "$W/tie-pdf" >/dev/null 2>&1
check "member report: 20/32 prints 63%, never 62%" sh -c \
    "f=\$(find '$W/tie-pdf' -name '*T001*.pdf' | head -1); pdftotext \"\$f\" - | grep -qx '63%' && ! pdftotext \"\$f\" - | grep -qx '62%'"

echo
echo "stats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
