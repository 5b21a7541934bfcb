#!/bin/bash
# test_privacy.sh - the attacker's view of the privacy rule: groups under
# min_group (templates/shindan.ini) must not be recoverable from anything
# published, directly or by subtraction (tests/integration/attack.py).
# Three answer sets: the sample in input/, a 20-member sample where most
# groups are small, and crafted answers where a lone small group makes the
# complementary rule hide a larger one and a period has 3 respondents.
# For each: `run` (summary.pdf, company PDFs), `excel --no-details` per
# period, then attack.py reads only published outputs; one FAIL per leak.
# usage: test_privacy.sh BUILD_DIR   (prints "N passed, N failed")
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
ATTACK="$ROOT/tests/integration/attack.py"
. "$ROOT/tests/integration/lib.sh"

check "pdftotext is installed" command -v pdftotext
check "python3-openpyxl is installed" $PY -c "import openpyxl"

# attack NAME INPUT_DIR: run the batch on INPUT_DIR, make the --no-details
# workbook of every period, and turn attack.py's findings into ok/no
attack() {
    local name="$1" in="$2" d="$W/$3" p periods
    mkdir -p "$d"
    "$BIN" run --input "$in" --out "$d/out" --db "$d/s.db" -q >"$d/run.out" 2>"$d/run.err"
    eq "$name: run exits 0" $? 0
    periods=$("$BIN" stats --db "$d/s.db" --by period --format csv --no-suppress 2>/dev/null |
        awk -F, 'NR > 1 { print $1 }')
    if [ -z "$periods" ]; then
        no "$name: the database holds no period" "$(head -3 "$d/run.err")"
        return
    fi
    for p in $periods; do
        "$BIN" excel --out "$d/xl" --db "$d/s.db" --period "$p" --no-details >/dev/null 2>"$d/excel.err" ||
            no "$name: excel --no-details --period $p fails" "$(head -3 "$d/excel.err")"
    done
    $PY "$ATTACK" attack --bin "$BIN" --db "$d/s.db" --out "$d/out" --xl "$d/xl" --name "$name" \
        >"$d/findings" 2>"$d/attack.err"
    local rc=$? verdict what detail
    while IFS=$'\t' read -r verdict what detail; do
        case "$verdict" in
        ok) ok "$what" ;;
        no) no "$what" "$detail" ;;
        *) echo "       ($what)" ;;
        esac
    done <"$d/findings"
    [ "$rc" -eq 0 ] || no "$name: attack.py failed (exit $rc)" "$(tail -3 "$d/attack.err")"
    grep -q "^ok" "$d/findings" || grep -q "^no" "$d/findings" || no "$name: attack.py reported nothing"
}

attack "input/" "$ROOT/input" a

$PY tests/gen_sample.py --out "$W/b-in" --companies 20 --seed 7 --no-bad
attack "20 members" "$W/b-in" b

$PY "$ATTACK" make-crafted "$W/c-in"
attack "crafted" "$W/c-in" c

# attack a: a period published again after one late answer. Release 1:
# `run` over the crafted answers and `stats` of every grouping; then one
# late answer for the same month and six for the next, `run` again, and
# release 2: the same month's stats, release 3: the next month's with its
# trend. A figure shown twice over 1..k-1 members apart gives the late
# member's score (n2 m2 - n1 m1).
release() {
    local d="$1" p="$2" by
    mkdir -p "$d"
    for by in all industry prefecture municipality size industry-prefecture period; do
        "$BIN" stats --db "$W/r/s.db" --period "$p" --by "$by" --format csv >"$d/$by.csv" 2>>"$W/r/stats.err" ||
            no "late answer: stats --by $by --period $p fails" "$(tail -2 "$W/r/stats.err")"
    done
}
mkdir -p "$W/r"
$PY "$ATTACK" make-crafted "$W/r/in"
"$BIN" run --input "$W/r/in" --out "$W/r/out1" --db "$W/r/s.db" -q >/dev/null 2>"$W/r/run1.err"
eq "late answer: the first run exits 0" $? 0
release "$W/r/rel1" 2026-10
$PY - "$W/r/in" <<'EOF'
import csv, os, sys
d = sys.argv[1]
rows = list(csv.reader(open(os.path.join(d, "2026-10_crafted.csv"), encoding="utf-8")))
late = rows[1][:]
late[0], late[1], late[6] = "C900", "クラフトC900株式会社", "2026-10-28"
csv.writer(open(os.path.join(d, "2026-10_late.csv"), "w", encoding="utf-8", newline="")).writerows([rows[0], late])
nov = [rows[0]]
for i, r in enumerate(rows[1:7]):
    r = r[:]
    r[6] = f"2026-11-{10 + i}"
    nov.append(r)
os.makedirs(d + "-nov")
csv.writer(open(os.path.join(d + "-nov", "2026-11_next.csv"), "w", encoding="utf-8", newline="")).writerows(nov)
EOF
"$BIN" run --input "$W/r/in" --out "$W/r/out2" --db "$W/r/s.db" --period 2026-10 -q >/dev/null 2>"$W/r/run2.err"
eq "late answer: the run with one late answer exits 0" $? 0
"$BIN" import -q --db "$W/r/s.db" "$W/r/in-nov" 2>"$W/r/nov.err"
eq "late answer: the next month imports" $? 0
: >"$W/r/stats.err"
release "$W/r/rel2" 2026-10
release "$W/r/rel3" 2026-11
check "late answer: stats tells staff why the month is hidden" grep -q "以前に公表した同じ月の集計" "$W/r/stats.err"
$PY "$ATTACK" releases --name "late answer" "$W/r/rel1" "$W/r/rel2" "$W/r/rel3" >"$W/r/findings" 2>"$W/r/attack.err" ||
    no "late answer: attack.py failed" "$(tail -3 "$W/r/attack.err")"
while IFS=$'\t' read -r verdict what detail; do
    case "$verdict" in
    ok) ok "$what" ;;
    no) no "$what" "$detail" ;;
    esac
done <"$W/r/findings"
# summary.pdf of the month published again shows no member count a few apart
n1=$(pdftotext "$W/r/out1/2026-10/summary.pdf" - 2>/dev/null | grep -m1 -xE '[0-9]+社')
n2=$(pdftotext "$W/r/out2/2026-10/summary.pdf" - 2>/dev/null | grep -m1 -xE '[0-9]+社')
check "late answer: summary.pdf published again shows no new member count ($n1, then ${n2:-none})" \
    test -z "$n2" -o "$n1" = "$n2"

# attack b: a seminar's effect published again one month later over one
# more attendee (October's workbook compares 5 attendees, November's 6):
# the difference of the two means gives the sixth attendee's change.
mkdir -p "$W/s/in" "$W/s/in2"
$PY - "$W/s" <<'EOF'
import csv, os, random, sys
d = sys.argv[1]
rng = random.Random(5)
head = ["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日", "SECURITY ACTION"] + \
    [f"Q{q}" for q in range(1, 26)]
def row(m, day, skill):
    a = ["4" if rng.random() < skill else rng.choice(["2", "0", "-1"]) for _ in range(25)]
    return [f"S{m:03d}", f"セミナー{m}株式会社", "製造業", "茨城県", "水戸市", "12", day, "★"] + a
def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head] + rows)
write(f"{d}/in/2026-08_all.csv", [row(m, "2026-08-10", 0.4) for m in range(1, 31)])
# October: five attendees and every other member again; the sixth attendee not yet
write(f"{d}/in/2026-10_all.csv", [row(m, "2026-10-10", 0.7) for m in range(1, 31) if m != 6])
write(f"{d}/in2/2026-11_late.csv", [row(m, "2026-11-10", 0.9 if m == 6 else 0.7) for m in (6, 7, 8, 9, 10, 11)])
with open(f"{d}/list.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows([["会員番号", "事業所名"]] + [[f"S{m:03d}", f"セミナー{m}株式会社"] for m in range(1, 7)])
EOF
"$BIN" import -q --db "$W/s/s.db" "$W/s/in" 2>"$W/s/imp.err"
eq "seminar one month later: the answers import" $? 0
"$BIN" seminar add --db "$W/s/s.db" --title "入門" --date 2026-09-05 "$W/s/list.csv" >/dev/null 2>"$W/s/add.err"
eq "seminar one month later: the seminar is added" $? 0
"$BIN" excel --db "$W/s/s.db" --out "$W/s/xl" --period 2026-10 --no-details -q 2>"$W/s/xl.err"
eq "seminar one month later: October's workbook" $? 0
"$BIN" import -q --db "$W/s/s.db" "$W/s/in2" 2>>"$W/s/imp.err"
"$BIN" excel --db "$W/s/s.db" --out "$W/s/xl" --period 2026-11 --no-details -q 2>>"$W/s/xl.err"
eq "seminar one month later: November's workbook" $? 0
$PY "$ATTACK" effects --name "seminar one month later" "$W/s/xl/2026-10/summary.xlsx" \
    "$W/s/xl/2026-11/summary.xlsx" >"$W/s/findings" 2>"$W/s/attack.err" ||
    no "seminar one month later: attack.py failed" "$(tail -3 "$W/s/attack.err")"
while IFS=$'\t' read -r verdict what detail; do
    case "$verdict" in
    ok) ok "$what" ;;
    no) no "$what" "$detail" ;;
    esac
done <"$W/s/findings"

echo
echo "privacy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
