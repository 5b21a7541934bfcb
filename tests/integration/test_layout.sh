#!/bin/bash
# test_layout.sh - text in the PDF reports is never drawn over other text,
# stays inside the margins, and leaves no paragraph line of one or two
# characters (tests/layout/check_layout.py, on pdftotext -bbox-layout):
#   1. the shipped templates on input/: every company PDF of 2026-10 and
#      the summary;
#   2. the stress templates (tests/layout/make_stress.py: every advice, band
#      meaning and next step and SECURITY ACTION text 250-300 characters
#      over continuation lines, a 69-character organisation name) on
#      generated answers where one member's name is 74 characters;
#   3. that member's report with the shipped templates: its 74-character
#      name whole on two lines at 11 pt or more (tests/layout/name_lines.py);
#   4. a seminar handout with that member and the same name unmatched:
#      the cover lists both whole on two lines at 9 pt or more.
# Each FAIL names the PDF, the page, the words and their boxes [x0 y0 x1
# y1] in points from the top-left corner; KEEP=1 keeps the PDFs and the
# full lists (layout-*.txt) in the scratch folder.
# usage: test_layout.sh BUILD_DIR
set -u
BUILD="$(cd "$1" && pwd)"
BIN="$BUILD/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"
CHECK="$ROOT/tests/layout/check_layout.py"
PERIOD=2026-10
SHOW=${SHOW:-25}   # problems listed per FAIL line

check "the checker finds an overlap, a word outside the margins and a widow in a PDF made with them, and nothing in a clean one" \
    "$PY" "$CHECK" --self-test

# layout LABEL PDF... : one check per kind of problem; a FAIL lists the
# problems once for all PDFs that share them (the commonest first), the
# full list is layout-N-all.txt
nlayout=0
layout() {
    local label="$1"; shift
    nlayout=$((nlayout + 1))
    local res="$W/layout-$nlayout.txt" full="$W/layout-$nlayout-all.txt"
    "$PY" "$CHECK" --group --full "$full" "$@" >"$res"
    if [ $? -eq 2 ]; then
        no "$label: every PDF can be read" "$(grep -m3 'cannot be read' "$res")"
    fi
    local kind n
    for kind in "overlap" "outside the margins" "widow line"; do
        n=$(grep -c -- ": $kind " "$full")
        if [ "$n" -eq 0 ]; then
            ok "$label: no $kind"
        else
            no "$label: $n × $kind in $(grep -- ": $kind " "$full" | sed 's/ p[0-9]*: .*//' | sort -u | wc -l) PDFs"
            grep -- ": $kind " "$res" | head -n "$SHOW" | sed "s|$W/||; s|^|       |"
            local g; g=$(grep -c -- ": $kind " "$res")
            [ "$g" -gt "$SHOW" ] && echo "       … and $((g - SHOW)) more distinct (KEEP=1 keeps them: $full)"
        fi
    done
    echo "       $(tail -1 "$res")"
}

# ---- 1. the shipped templates on input/ ----
"$BIN" run --input input --out "$W/normal" --db "$W/normal.db" -q >"$W/normal.log" 2>&1
eq "run with the shipped templates on input/ exits 0" $? 0
layout "shipped templates, input/: $PERIOD company PDFs and summary" \
    "$W/normal/$PERIOD"/companies/*.pdf "$W/normal/$PERIOD/summary.pdf"

# ---- 2. the stress templates on generated answers with a long name ----
# tests/layout/stress is make_stress.py's output from templates/; when
# templates/ has changed since, a fresh one is made (and used) instead.
"$PY" "$ROOT/tests/layout/make_stress.py" "$ROOT/templates" "$W/stress-templates"
STRESS="$ROOT/tests/layout/stress"
if ! diff -r "$W/stress-templates" "$STRESS" >/dev/null 2>&1; then
    echo "note: tests/layout/stress is older than templates/; using a fresh copy" \
        "(tests/layout/make_stress.py templates tests/layout/stress brings it up to date)"
    STRESS="$W/stress-templates"
fi
"$PY" "$ROOT/tests/gen_sample.py" --out "$W/gen" --companies 80 --no-bad >/dev/null
LONG_NAME="北関東ネットワーク・ソリューションズ・アンド・サイバーセキュリティコンサルティングサービス東日本ホールディングス株式会社常陸那珂支店北関東ネットワー"
"$PY" - "$W/gen" "$LONG_NAME" <<'EOF'
import csv, glob, sys
path = glob.glob(sys.argv[1] + "/2026-10_*.csv")[0]
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
for row in rows[1:]:  # the first member (M00001) and its resubmission
    if row[0] == rows[1][0]:
        row[1] = sys.argv[2]
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
EOF
eq "the long company name is 74 characters" "$(printf '%s' "$LONG_NAME" | wc -m)" 74
LONG_NO=$(sed -n '2s/,.*//p' "$W/gen"/2026-10_*.csv)
# texts of 250-300 characters: every report fits, or the batch stops
# naming the template text that is too long; never text over text
"$BIN" run --templates "$STRESS" --input "$W/gen" --out "$W/stress" --db "$W/stress.db" -q >"$W/stress.log" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
    ok "run with the stress templates exits 0"
    layout "stress templates, long names: $PERIOD company PDFs and summary" \
        "$W/stress/$PERIOD"/companies/*.pdf "$W/stress/$PERIOD/summary.pdf"
else
    eq "run with the stress templates: a refusal, not a crash" "$rc" 1
    check "the refusal names the template text that is too long" \
        grep -q "収まりません。文章が長すぎます: .*\(questionnaire.ini\|report.ini\)" "$W/stress.log"
    made=$(ls "$W/stress/$PERIOD/companies/"*.pdf 2>/dev/null)
    if [ -n "$made" ]; then
        layout "stress templates: the reports made before the refusal" $made
    else
        ok "stress templates: no report made before the refusal"
    fi
fi
# texts long but sensible (advice 150-200, band 60-80, SECURITY ACTION
# 110-140 characters, a long organisation name): every report fits
"$PY" "$ROOT/tests/layout/make_stress.py" "$ROOT/templates" "$W/medium-templates" medium
"$BIN" run --templates "$W/medium-templates" --input "$W/gen" --out "$W/medium" --db "$W/medium.db" -q >"$W/medium.log" 2>&1
eq "run with long but sensible texts exits 0" $? 0
layout "long but sensible texts, long names: $PERIOD company PDFs and summary" \
    "$W/medium/$PERIOD"/companies/*.pdf "$W/medium/$PERIOD/summary.pdf"

# ---- 3. the long company name with the shipped templates ----
"$BIN" report --out "$W/longname" --db "$W/stress.db" --period "$PERIOD" --member "$LONG_NO" -q >"$W/longname.log" 2>&1
eq "report --member $LONG_NO (a 74-character name) with the shipped templates exits 0" $? 0
LONG_PDF="$W/longname/$PERIOD/companies/$LONG_NO.pdf"
layout "shipped templates, 74-character company name: $LONG_NO.pdf" "$LONG_PDF"
check "the 74-character company name is printed whole on its report" \
    sh -c "pdftotext -f 1 -l 1 '$LONG_PDF' - | tr -d ' \n' | grep -qF '$LONG_NAME'"
# the name under the title: two lines, larger than the text (11 pt or more)
NAMES="$ROOT/tests/layout/name_lines.py"
check "  on two lines at 11 pt or more ($("$PY" "$NAMES" "$LONG_PDF" 1 "$LONG_NAME"))" \
    "$PY" "$NAMES" "$LONG_PDF" 1 "$LONG_NAME" 11 2
check "  and whole at 9 pt or more beside page 2's heading ($("$PY" "$NAMES" "$LONG_PDF" 2 "$LONG_NAME"))" \
    sh -c "'$PY' '$NAMES' '$LONG_PDF' 2 '$LONG_NAME' | awk '\$1 == \"whole\" && \$3 >= 9 {f = 1} END {exit !f}'"

# ---- 4. the long name on a seminar handout's cover ----
# the member among the reports, and the same name unmatched (its reason
# under it): both wrapped on two lines at the normal size, never cut
SHORT_NO=$(sed -n '3s/,.*//p' "$W/gen"/2026-10_*.csv)
printf 'No.,会員番号,事業所名\r\n1,%s,\r\n2,%s,\r\n3,,西%s\r\n' "$SHORT_NO" "$LONG_NO" "${LONG_NAME#?}" >"$W/list.csv"
"$BIN" seminar add --db "$W/stress.db" --title "長い名前の回" --date 2026-10-31 "$W/list.csv" >"$W/add.log" 2>&1
eq "seminar add with a 74-character name exits 0" $? 0
"$BIN" seminar kit --db "$W/stress.db" --out "$W/kit" --seminar 1 -q >"$W/kit.log" 2>&1
eq "seminar kit exits 0" $? 0
HANDOUT=$(ls "$W"/kit/seminars/*/handout.pdf 2>/dev/null | head -1)
layout "the handout with a 74-character name: its cover and reports" "${HANDOUT:-$W/no-handout.pdf}"
check "the cover lists the member with a 74-character name whole, on two lines at 9 pt or more ($("$PY" "$NAMES" "$HANDOUT" 1 "$LONG_NAME"))" \
    "$PY" "$NAMES" "$HANDOUT" 1 "$LONG_NAME" 9 2
check "the cover lists the unmatched 74-character name whole, on two lines at 9 pt or more ($("$PY" "$NAMES" "$HANDOUT" 1 "西${LONG_NAME#?}"))" \
    "$PY" "$NAMES" "$HANDOUT" 1 "西${LONG_NAME#?}" 9 2
check "  and its reason at 9 pt, the normal size" \
    sh -c "pdftotext -f 1 -l 1 -bbox '$HANDOUT' - | grep -F 'この事業所名の会員は' | awk -F'\"' '{h = \$8 - \$4; if (h < 8.95) bad = 1} END {exit bad || NR == 0}'"

echo
echo "layout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
