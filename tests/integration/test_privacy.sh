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

echo
echo "privacy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
