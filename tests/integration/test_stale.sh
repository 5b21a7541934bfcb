#!/bin/bash
# test_stale.sh - outputs follow the data, forward in time: a late file
# for an earlier month, a resubmission, a seminar added afterwards; after
# each, every period's outputs equal those of a fresh run over the same
# files and lists (byte for byte, and as text).
# usage: test_stale.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"
export SHINDAN_TODAY=2026-12-01

$PY tests/gen_sample.py --out "$W/gen" --companies 60 --seed 5 --no-bad >/dev/null
SEP="$W/gen/2026-09_会員回答_紙.csv"; OCT="$W/gen/2026-10_会員回答_フォーム.csv"
# November: October's members again a month later, a few answers better
$PY - "$OCT" "$W/2026-11_会員回答_フォーム.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head = rows[0]
day = next(i for i, h in enumerate(head) if "タイムスタンプ" in h or "回答日" in h or "完了" in h)
out = [head]
for n, r in enumerate(rows[1:]):
    r = list(r)
    r[day] = r[day].replace("2026/10/", "2026/11/").replace("2026-10-", "2026-11-")
    out.append(r)
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f).writerows(out)
PY
NOV="$W/2026-11_会員回答_フォーム.csv"
grep -q "2026.11" "$NOV"; eq "the November file is dated in November" $? 0

# compare_run NAME DIR_A DIR_B: every output of every period the same
compare_runs() {
    local name="$1" a="$2" b="$3" bad=0 n=0
    for f in $(cd "$b" && find . -type f -name '*.pdf' -o -type f -name '*.xlsx' -o -type f -name '*.csv' | sort); do
        n=$((n + 1))
        if [ ! -f "$a/$f" ]; then echo "  missing $f"; bad=$((bad + 1)); continue; fi
        cmp -s "$a/$f" "$b/$f" || { echo "  differs $f"; bad=$((bad + 1)); }
    done
    extra=$(cd "$a" && find . -type f \( -name '*.pdf' -o -name '*.xlsx' -o -name '*.csv' \) | sort | while read -r f; do [ -f "$b/$f" ] || echo "$f"; done)
    [ -n "$extra" ] && { echo "  extra: $extra"; bad=$((bad + 1)); }
    [ "$n" -gt 0 ] || bad=1
    eq "$name ($n files)" "$bad" 0
}

# incremental: October and November first, September late
mkdir -p "$W/inc/in"; cp "$OCT" "$NOV" "$W/inc/in/"
(cd "$W/inc" && "$BIN" run --input in --out out >/dev/null 2>"$W/inc1.err"); eq "first run: exit 0" $? 0
pdftotext "$W/inc/out/2026-10/summary.pdf" "$W/oct-before.txt"
cp "$SEP" "$W/inc/in/"
(cd "$W/inc" && "$BIN" run --input in --out out >"$W/inc2.out" 2>"$W/inc2.err"); eq "late September file: exit 0" $? 0
for p in 2026-09 2026-10 2026-11; do
    check "the late run rewrote $p" grep -q "$p" "$W/inc2.out" "$W/inc2.err"
done
# fresh: all three at once
mkdir -p "$W/fresh/in"; cp "$SEP" "$OCT" "$NOV" "$W/fresh/in/"
(cd "$W/fresh" && "$BIN" run --input in --out out >/dev/null 2>&1); eq "fresh run: exit 0" $? 0
compare_runs "after a late file every period equals a fresh run" "$W/inc/out" "$W/fresh/out"
pdftotext "$W/inc/out/2026-10/summary.pdf" "$W/oct-after.txt"
check "October's summary changed (its trend now has September)" sh -c "! cmp -s '$W/oct-before.txt' '$W/oct-after.txt'"
m=$(sqlite3 "$W/fresh/shindan.db" "SELECT c.member_no FROM company c JOIN response r ON r.company_id = c.id GROUP BY c.id HAVING count(*) = 3 ORDER BY c.member_no LIMIT 1")
pdftotext "$W/inc/out/2026-10/companies/$m.pdf" "$W/m.txt"
check "a member answering every month: October's report compares with September" grep -q "2026年9月" "$W/m.txt"
eq "nothing left pending" "$(sqlite3 "$W/inc/shindan.db" "SELECT count(*) FROM pending_output")" 0

# a seminar added after the outputs: the periods from its month are behind
printf '会員番号,事業所名\n%s,\n' "$m" >"$W/list.csv"
for d in inc fresh; do
    (cd "$W/$d" && "$BIN" seminar add --title 情報セキュリティ講座 --date 2026-10-05 "$W/list.csv" >/dev/null 2>&1)
done
eq "a seminar added: October and November pending" \
    "$(sqlite3 "$W/inc/shindan.db" "SELECT group_concat(period, ' ') FROM (SELECT period FROM pending_output ORDER BY period)")" \
    "2026-10 2026-11"
(cd "$W/inc" && "$BIN" run --input in --out out >/dev/null 2>&1); eq "run after the seminar: exit 0" $? 0
rm -rf "$W/fresh/out" "$W/fresh/shindan.db"*
(cd "$W/fresh" && "$BIN" run --input in --out out >/dev/null 2>&1 &&
    "$BIN" seminar add --title 情報セキュリティ講座 --date 2026-10-05 "$W/list.csv" >/dev/null 2>&1 &&
    "$BIN" run --input in --out out >/dev/null 2>&1)
compare_runs "after a seminar added late every period equals a fresh run" "$W/inc/out" "$W/fresh/out"

# the same files imported in another order of months give the same outputs
mkdir -p "$W/rev/in"
(cd "$W/rev" && for f in "$NOV" "$SEP" "$OCT"; do cp "$f" in/; "$BIN" run --input in --out out >/dev/null 2>&1; done &&
    "$BIN" seminar add --title 情報セキュリティ講座 --date 2026-10-05 "$W/list.csv" >/dev/null 2>&1 &&
    "$BIN" run --input in --out out >/dev/null 2>&1)
compare_runs "November, September, October one by one equals a fresh run" "$W/rev/out" "$W/fresh/out"

echo
echo "stale: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
