#!/bin/bash
# test_damage.sh - the operator's bad day with the database and the
# templates: a damaged database is noticed before anything is written
# (a NULL member number, random byte flips, truncation), `verify` says
# what is wrong, two runs creating one database at once, templates saved
# twice over or in Shift_JIS by Notepad: each refused naming file and
# line, never blamed on the members' rows.
# usage: test_damage.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"
export SHINDAN_TODAY=2026-12-01

$PY tests/gen_sample.py --out "$W/in" --companies 40 --seed 9 --no-bad >/dev/null
"$BIN" import --db "$W/good.db" "$W/in" >/dev/null 2>&1; eq "the sample imports" $? 0
"$BIN" verify --db "$W/good.db" 2>"$W/verify.err"; eq "verify: a sound database, exit 0" $? 0
check "verify says it found nothing wrong" grep -q "壊れているところはありません" "$W/verify.err"
"$BIN" report --db "$W/good.db" --out "$W/good" --period 2026-10 >/dev/null 2>&1; eq "report from the sound database" $? 0
members=$(ls "$W/good/2026-10/companies" | wc -l)
[ "$members" -gt 10 ]; eq "the sound report has every member ($members)" $? 0

# ---- a member number made NULL behind the schema's back ----
cp "$W/good.db" "$W/null.db"
sqlite3 "$W/null.db" >/dev/null 2>&1 <<'SQL'
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'member_no TEXT NOT NULL UNIQUE', 'member_no TEXT UNIQUE') WHERE name = 'company';
PRAGMA writable_schema = RESET;
UPDATE company SET member_no = NULL WHERE id = (SELECT min(company_id) FROM response WHERE period = '2026-10');
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'member_no TEXT UNIQUE', 'member_no TEXT NOT NULL UNIQUE') WHERE name = 'company';
PRAGMA writable_schema = RESET;
SQL
q "$W/null.db" "PRAGMA quick_check" | grep -q "NULL value"; eq "the crafted database has a NULL member number" $? 0
"$BIN" report --db "$W/null.db" --out "$W/null" --period 2026-10 >/dev/null 2>"$W/null.err"
eq "report from it: exit 1" $? 1
check "... naming the damage" grep -q "データベース .* が壊れています。何も書き込まずに止めました。.*SQLite の報告: NULL value in company.member_no" "$W/null.err"
check "... and how to restore" grep -q "shindan backup で作った複製から戻してください" "$W/null.err"
eq "... and no member PDF is written" "$(find "$W/null" -name '*.pdf' 2>/dev/null | wc -l)" 0
"$BIN" verify --db "$W/null.db" 2>"$W/null-verify.err"; eq "verify: exit 1" $? 1
check "verify names it" grep -q "NULL value in company.member_no" "$W/null-verify.err"
mkdir -p "$W/nullrun/in"
(cd "$W/nullrun" && cp "$W/null.db" shindan.db && "$BIN" run --input "$W/in" --out out >/dev/null 2>err)
eq "run on it: exit 1 before importing" $? 1
eq "... nothing written but 処理結果.txt" "$(find "$W/nullrun/out" -type f ! -name 処理結果.txt 2>/dev/null | wc -l)" 0
check "... which says it failed and why" sh -c "grep -q '^結果: 失敗しました' '$W/nullrun/out/処理結果.txt' && grep -q 'が壊れています' '$W/nullrun/out/処理結果.txt'"

# ---- random byte flips: the full set of outputs, or a non-zero exit naming the damage ----
size=$(stat -c %s "$W/good.db")
outcomes_same=0 outcomes_refused=0 bad=0
for i in $(seq 1 40); do
    cp "$W/good.db" "$W/flip.db"
    off=$($PY -c "import random; r = random.Random($i); print(r.randrange(0, $size))")
    $PY -c "
import sys
f = open('$W/flip.db', 'r+b'); f.seek($off); b = f.read(1); f.seek($off)
f.write(bytes([b[0] ^ (1 << ($i % 8))])); f.close()"
    rm -rf "$W/flip"
    "$BIN" report --db "$W/flip.db" --out "$W/flip" --period 2026-10 >/dev/null 2>"$W/flip.err"
    rc=$?
    if [ $rc -ne 0 ]; then
        if grep -q "データベース\|壊れ" "$W/flip.err"; then outcomes_refused=$((outcomes_refused + 1))
        else bad=$((bad + 1)); echo "  flip $i at $off: exit $rc without naming the database: $(head -1 "$W/flip.err")"; fi
    else
        n=$(ls "$W/flip/2026-10/companies" 2>/dev/null | wc -l)
        if [ "$n" -eq "$members" ] && [ -s "$W/flip/2026-10/summary.pdf" ]; then outcomes_same=$((outcomes_same + 1))
        else bad=$((bad + 1)); echo "  flip $i at $off: exit 0 with $n of $members reports"; fi
    fi
done
eq "40 byte flips: every one gives every output or a refusal naming the database ($outcomes_same whole, $outcomes_refused refused)" "$bad" 0

# ---- truncation ----
cp "$W/good.db" "$W/trunc.db"; truncate -s $((size / 2)) "$W/trunc.db"
"$BIN" report --db "$W/trunc.db" --out "$W/trunc" --period 2026-10 >/dev/null 2>"$W/trunc.err"
eq "a database cut in half: exit 1" $? 1
check "... naming the damage" grep -q "データベース" "$W/trunc.err"

# ---- two runs creating one database at once ----
clear=0 other=0
for i in $(seq 1 12); do
    rm -f "$W/race.db"*
    "$BIN" import --db "$W/race.db" "$W/in" >/dev/null 2>"$W/r1" &
    "$BIN" import --db "$W/race.db" "$W/in" >/dev/null 2>"$W/r2" &
    wait
    for e in "$W/r1" "$W/r2"; do
        if grep -q "shindan:" "$e"; then
            if grep -q "別の shindan" "$e"; then clear=$((clear + 1)); else other=$((other + 1)); echo "  $(grep shindan: "$e" | head -1)"; fi
        fi
    done
    [ "$(q "$W/race.db" "SELECT count(*) FROM response")" -gt 0 ] || other=$((other + 1))
done
eq "concurrent creation: the second runner always gets the clear message ($clear times)" "$other" 0

# ---- templates: written twice over, or saved as Shift_JIS ----
tpl() { rm -rf "$W/tpl"; cp -r "$SHINDAN_TEMPLATES" "$W/tpl"; }
refused() { # NAME PATTERN: import with $W/tpl refuses naming PATTERN, stores nothing
    rm -f "$W/t.db"*
    SHINDAN_TEMPLATES="$W/tpl" "$BIN" import --db "$W/t.db" "$W/in" >/dev/null 2>"$W/t.err"
    local rc=$?
    eq "$1: exit 1" $rc 1
    check "$1: the message names it" grep -q "$2" "$W/t.err"
    check "$1: never blamed on the members' rows" sh -c "! grep -q '取り込めない' '$W/t.err'"
    eq "$1: no database made" "$(ls "$W/t.db" 2>/dev/null | wc -l)" 0
}
tpl; printf '\n[privacy]\nmin_group = 1\n' >>"$W/tpl/shindan.ini"
refused "[privacy] twice" "shindan.ini [0-9]* 行目: \[privacy\] が 2 度書かれています（[0-9]* 行目にもあります）"
tpl; sed -i 's/^min_group = 5$/min_group = 5\nmin_group = 1/' "$W/tpl/shindan.ini"
refused "min_group twice" "shindan.ini [0-9]* 行目: \[privacy\] の min_group が 2 度書かれています"
tpl; printf '\n[organisation]\nname = 別の名前\n' >>"$W/tpl/shindan.ini"
refused "[organisation] twice" "\[organisation\] が 2 度書かれています"
tpl; printf '\n[q.5]\nadvice = 二つ目の助言\n' >>"$W/tpl/questionnaire.ini"
refused "[q.5] twice" "questionnaire.ini [0-9]* 行目: \[q.5\] が 2 度書かれています"
for f in shindan.ini questionnaire.ini report.ini prefectures.tsv industry_words.tsv municipalities.tsv; do
    tpl; iconv -c -f utf-8 -t cp932 "$SHINDAN_TEMPLATES/$f" >"$W/tpl/$f"
    refused "$f saved as Shift_JIS" "$f は Shift_JIS（メモ帳では「ANSI」）で保存されているようです（[0-9]* 行目で判明）。メモ帳の「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください"
done
tpl; for f in "$W"/tpl/*.ini "$W"/tpl/*.tsv; do { printf '\xef\xbb\xbf'; sed 's/$/\r/' "$f"; } >"$f.new" && mv "$f.new" "$f"; done
SHINDAN_TEMPLATES="$W/tpl" "$BIN" import --db "$W/bom.db" "$W/in" >/dev/null 2>&1
eq "every template with a BOM and CRLF line ends (Notepad's UTF-8): read" $? 0
eq "... the same rows stored" "$(q "$W/bom.db" "SELECT count(*) || ':' || sum(total) FROM response")" \
    "$(q "$W/good.db" "SELECT count(*) || ':' || sum(total) FROM response")"

echo
echo "damage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
