#!/bin/bash
# aggregate.sh - aggregation at scale: a database of N companies over 12
# periods (the imported period copied by SQL to those of the 11 months
# before it that have no answers),
# then the groupings the reports use, timed. Prints markdown table rows.
# usage: aggregate.sh SHINDAN DB PERIOD N
set -eu
BIN="$1" DB="$2" PERIOD="$3" N="$4"
W="$(dirname "$DB")"
BIG="$W/agg-$N.db"
cp "$DB" "$BIG"
y=${PERIOD%-*} m=${PERIOD#*-}
months=""
for i in $(seq 1 11); do
    mm=$((10#$m - i)); yy=$y
    while [ $mm -le 0 ]; do mm=$((mm + 12)); yy=$((yy - 1)); done
    months="$months $(printf '%04d-%02d' $yy $mm)"
done
start=$(date +%s.%N)
for p in $months; do
    # a month already answered (the September file) keeps its own answers
    [ "$(sqlite3 "$BIG" "SELECT count(*) FROM response WHERE period = '$p'")" -gt 0 ] && continue
    sqlite3 "$BIG" "BEGIN;
      INSERT INTO response(company_id, batch_id, source_row, period, answered_on, name, industry, prefecture,
        municipality, employees, size_band, sa_level, total, part1, part2, part3, basics_done)
      SELECT company_id, batch_id, source_row, '$p', NULL, name, industry, prefecture, municipality, employees,
        size_band, sa_level, total, part1, part2, part3, basics_done FROM response WHERE period = '$PERIOD';
      INSERT INTO answer(response_id, question, choice, points)
      SELECT n.id, a.question, a.choice, a.points FROM response n
        JOIN response o ON o.company_id = n.company_id AND o.period = '$PERIOD'
        JOIN answer a ON a.response_id = o.id WHERE n.period = '$p';
      COMMIT;"
done
built=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $start }")
responses=$(sqlite3 "$BIG" "SELECT count(*) FROM response")
answers=$(sqlite3 "$BIG" "SELECT count(*) FROM answer")
echo "| database | $responses responses, $answers answers, 12 periods (copied by SQL in $built s) | |"
for by in all industry prefecture municipality size industry-prefecture question period; do
    /usr/bin/time -f "%e %M" -o "$W/agg.time" "$BIN" stats --db "$BIG" --period "$PERIOD" --by "$by" \
        --format csv >/dev/null
    read -r s kb <"$W/agg.time"
    echo "| stats --by $by | $s s | $(awk "BEGIN { printf \"%.1f\", $kb / 1024 }") MB |"
done
rm -f "$BIG" "$BIG-wal" "$BIG-shm"
