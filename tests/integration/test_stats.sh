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
check "a lone suppressed group takes the next smallest with it" $REF complementary "$W/pub.csv"
"$BIN" stats --db "$W/s.db" --period 2026-10 --by industry-prefecture --format csv >"$W/cross.csv"
check "cross-tab: no row or column with exactly one suppressed cell" $REF cross "$W/cross.csv"
"$BIN" stats --db "$W/s.db" --period 2026-10 --by company >/dev/null 2>"$W/co.err"
check "company rows are not printed without --no-suppress" grep -q "no-suppress" "$W/co.err"

echo
echo "stats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
