#!/bin/bash
# same_outputs.sh BIN OUT - every output one build of shindan makes from
# fixed inputs, written under OUT, so that two builds can be compared byte
# for byte (tests/integration/test_same_outputs.sh compares the current
# build with a recorded earlier revision; a refactoring must not change a
# byte). The inputs: the sample month in input/ through `run`, the workbook
# without details and `stats`; each file of the corpus imported alone (what
# it printed and what it stored); a 200-member sample with a seminar: its
# kit, typed answer sheets imported back, a member's report and effect.pdf.
# Every command runs in the scratch path SCRATCH whatever OUT is, so
# messages that name a file read the same for both builds: give both runs
# the same SCRATCH, and two comparisons running at once different ones.
# usage: [CORPUS=DIR] same_outputs.sh BIN OUT SCRATCH   (BIN: the shindan executable;
#        DIR: a corpus made by tests/corpus/make_corpus.py, else one is made)
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
OUT="$2"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY=/usr/bin/python3
S="${3:?usage: same_outputs.sh BIN OUT SCRATCH}"
rm -rf "$S" && mkdir -p "$S" "$OUT" || exit 1
export SOURCE_DATE_EPOCH=1790000000 SHINDAN_CONFIG= SHINDAN_TODAY=2027-01-31
cp -r "$ROOT/templates" "$S/templates"
sed -i -e 's/^name = .*/name = テスト商工会議所/' -e 's/^desk =.*/desk = 経営支援課/' \
    -e 's/^phone =.*/phone = 029-000-0000/' -e 's/^email =.*/email = soudan@example.jp/' \
    -e 's|^web =.*|web = https://www.example.jp/soudan|' "$S/templates/shindan.ini"
export SHINDAN_TEMPLATES="$S/templates"
cd "$S" || exit 1

# say NAME CMD...: runs CMD, keeps its exit code, stdout and stderr as NAME.*
say() {
    local name="$1"; shift
    "$@" >"$S/log/$name.out" 2>"$S/log/$name.err"
    echo "$?" >"$S/log/$name.rc"
}
# dump DB NAME: the stored rows as text (the schema with them)
dump() { sqlite3 "$1" .dump >"$S/log/$2.sql" 2>&1; }
mkdir -p "$S/log"

# ---- the sample month ----
cp -r "$ROOT/input" "$S/input"
say run "$BIN" run -q -j 2 --db "$S/run.db" --input "$S/input" --out "$S/out"
say excel_nd "$BIN" excel -q --no-details --db "$S/run.db" --out "$S/out_nd"
say check "$BIN" check "$S/input"
for by in industry region municipality size band period industry-prefecture question question-industry all; do
    say "stats_$by" "$BIN" stats --db "$S/run.db" --by "$by"
    say "stats_${by}_csv" "$BIN" stats --db "$S/run.db" --by "$by" --format csv
done
dump "$S/run.db" run

# ---- the corpus: each file alone ----
# LibreOffice stamps each file it converts with the time, so a corpus made
# twice differs in its .xls and .ods bytes (and so in the hashes stored):
# CORPUS names one made once for both builds
if [ -n "${CORPUS:-}" ]; then
    cp -r "$CORPUS" "$S/corpus"
else
    $PY "$ROOT/tests/corpus/make_corpus.py" "$S/corpus" >/dev/null 2>&1 || echo "make_corpus.py failed" >"$S/log/corpus.failed"
fi
mkdir -p "$S/cdb"
for f in "$S"/corpus/*; do
    b="$(basename "$f")"
    case "$b" in expected.json) continue ;; esac
    say "corpus_check_$b" "$BIN" check "$f"
    say "corpus_import_$b" "$BIN" import -q --db "$S/cdb/$b.db" "$f"
    [ -f "$S/cdb/$b.db" ] && dump "$S/cdb/$b.db" "corpus_$b"
done
rm -rf "$S/corpus" "$S/cdb"

# ---- a seminar over 200 members ----
$PY "$ROOT/tests/gen_sample.py" --out "$S/in" --companies 200 --seed 4242 >/dev/null
say sem_import "$BIN" import -q --db "$S/sem.db" "$S/in"
mkdir -p "$S/lists" && $PY "$ROOT/tests/integration/seminar.py" lists "$S/sem.db" "$S/lists" >/dev/null
say sem_add "$BIN" seminar add --db "$S/sem.db" --title "情報セキュリティ入門" --date 2026-09-30 --place "本所3階" "$S/lists/list.csv"
say sem_kit "$BIN" seminar kit -q --db "$S/sem.db" --out "$S/sem" --all
mkdir -p "$S/typed"
k="$(ls -d "$S"/sem/seminars/* | head -1)"
$PY "$ROOT/tests/integration/seminar.py" fill "$k/answer_input.xlsx" "$S/typed/answers.xlsx" 2026-11-05 >/dev/null
say sem_typed "$BIN" import --db "$S/sem.db" "$S/typed/answers.xlsx"
say sem_effect "$BIN" seminar effect --db "$S/sem.db" --out "$S/sem"
say sem_report "$BIN" report -q -j 2 --db "$S/sem.db" --out "$S/sem_rep" --period 2026-10
say sem_excel "$BIN" excel -q --db "$S/sem.db" --out "$S/sem_xl"
say sem_list "$BIN" seminar list --db "$S/sem.db"
dump "$S/sem.db" sem
# the typed answers are written by openpyxl, which stamps the clock into
# the file: its hash is the helper's, not shindan's
sed -i "/typed\/answers.xlsx/s/'[0-9a-f]\{64\}'/'(hash)'/" "$S/log/sem.sql"
rm -rf "$S/in" "$S/lists" "$S/typed" "$S/input" "$S/templates"
rm -f "$S"/*.db "$S"/*.db-* "$S"/*.lock

cd / && cp -r "$S/." "$OUT/" && rm -rf "$S"
