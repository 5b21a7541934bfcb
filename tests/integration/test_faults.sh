#!/bin/bash
# test_faults.sh - nothing lost, nothing half-written: the batch is killed
# (SIGKILL) at many points of an import and of report writing and run
# again, and must end exactly where a clean run ends; two batches started
# on one database; the permissions of what holds member data.
# usage: test_faults.sh BUILD_DIR   (prints "N passed, N failed")
set -u
BIN="$(cd "$1" && pwd)/shindan"
TOOLS="$(cd "$1" && pwd)/tools"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

# Everything stored, with the import times left out (they differ by run).
dump() {
    sqlite3 "$1" "SELECT id, source, sha256, format, rows_ok, rows_rejected, rows_replaced FROM batch ORDER BY id;
        SELECT * FROM company ORDER BY id; SELECT * FROM response ORDER BY id;
        SELECT * FROM answer ORDER BY response_id, question; SELECT * FROM reject ORDER BY id;
        SELECT 'pending', period FROM pending_output ORDER BY period; PRAGMA integrity_check;"
}

# Starts "$@" in the background, kills it with SIGKILL after $delay seconds;
# counts the kills that found it still running.
interrupted=0
kill_after() {
    local delay="$1"
    shift
    "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$delay"
    if kill -KILL "$pid" 2>/dev/null; then interrupted=$((interrupted + 1)); fi
    wait "$pid" 2>/dev/null
}

# ---- imports: 12 files (CP932, UTF-8 with BOM, one xlsx), killed and rerun
$PY tests/gen_sample.py --out "$W/gen" --companies 6000 --seed 11
mkdir -p "$W/imp"
$PY - "$W/gen" "$W/imp" <<'EOF'
import os, sys
src, dst = sys.argv[1:3]
for name in sorted(os.listdir(src)):
    lines = open(os.path.join(src, name), "rb").read().splitlines(keepends=True)
    head, rows = lines[0], lines[1:]
    per = -(-len(rows) // 6)
    stem = name[:-4]
    for i in range(6):
        with open(os.path.join(dst, "%s_%02d.csv" % (stem, i + 1)), "wb") as f:
            f.write(head + b"".join(rows[i * per:(i + 1) * per]))
EOF
one=$(ls "$W/imp" | grep フォーム | sed -n 3p)
"$TOOLS/csv2xlsx" --typed "$W/imp/$one" "$W/imp/${one%.csv}.xlsx" && rm "$W/imp/$one"
eq "import fixture: 12 files" "$(ls "$W/imp" | wc -l)" 12

"$BIN" import -q --db "$W/clean.db" "$W/imp" 2>/dev/null
dump "$W/clean.db" >"$W/clean.dump"
check "clean import stored the answers" grep -q "M05000" "$W/clean.dump"

for d in 0.02 0.04 0.06 0.09 0.12 0.15 0.2 0.25 0.3 0.4; do
    kill_after "$d" "$BIN" import -q --db "$W/crash.db" "$W/imp"
done
import_kills=$interrupted
"$BIN" import -q --db "$W/crash.db" "$W/imp" 2>/dev/null
dump "$W/crash.db" >"$W/crash.dump"
check "imports killed $import_kills times, then rerun: database equals a clean import's" \
    cmp "$W/clean.dump" "$W/crash.dump"
check "some kills landed while the import was running" test "$import_kills" -gt 0

# ---- run (import + PDFs + workbook + rejects), killed at many points
run() { "$BIN" run -q -j 2 --input input --out "$1" --db "$1/shindan.db"; }
run "$W/ref" 2>/dev/null
dump "$W/ref/shindan.db" >"$W/ref.dump"
(cd "$W/ref" && find . -type f ! -name 'shindan.db*' | sort) >"$W/ref.files"
check "clean run wrote company PDFs" grep -q "companies/M00002.pdf" "$W/ref.files"

# every finished output present must be the clean run's, byte for byte
# (temporary names: NAME.tmp, and libxlsxwriter's staging files in .shindan-xlsx/)
complete_or_absent() {
    local out="$1" f
    for f in $(cd "$out" && find . -type f ! -name 'shindan.db*' ! -name '*.tmp' ! -path '*/.shindan-xlsx/*'); do
        if [ "$f" = ./処理結果.txt ]; then
            # what that run did, not what a clean run did: whole, not equal
            grep -q "^実行中のメッセージ" "$out/$f" && grep -q "^結果: " "$out/$f" ||
                { echo "half-written: $f"; return 1; }
            continue
        fi
        cmp -s "$out/$f" "$W/ref/$f" || { echo "half-written or different: $f"; return 1; }
    done
}
interrupted=0
half=0
for d in 0.05 0.2 0.4 0.6 0.9 1.2 1.5 1.8 2.2 2.6; do
    kill_after "$d" "$BIN" run -q -j 2 --input input --out "$W/crashrun" --db "$W/crashrun/shindan.db"
    complete_or_absent "$W/crashrun" >>"$W/half.log" || half=$((half + 1))
done
run_kills=$interrupted
eq "after each of $run_kills kills, every output file present is complete" "$half" 0
run "$W/crashrun" 2>/dev/null
eq "the rerun after the kills succeeds" $? 0
dump "$W/crashrun/shindan.db" >"$W/crashrun.dump"
check "killed runs, then rerun: database equals a clean run's" cmp "$W/ref.dump" "$W/crashrun.dump"
(cd "$W/crashrun" && find . -type f ! -name 'shindan.db*' | sort) >"$W/crashrun.files"
check "killed runs, then rerun: the same files as a clean run, no temporary ones" \
    cmp "$W/ref.files" "$W/crashrun.files"
check "killed runs, then rerun: every output byte-identical to a clean run's" complete_or_absent "$W/crashrun"
check "nothing pending once a run has finished" test -z "$(sqlite3 "$W/crashrun/shindan.db" 'SELECT * FROM pending_output')"

# ---- two batches on one database
mkdir -p "$W/two"
run "$W/two" 2>"$W/first.err" &
first=$!
for _ in $(seq 1 200); do [ -d "$W/two/2026-09/companies" ] && break; sleep 0.02; done
"$BIN" import --db "$W/two/shindan.db" input >/dev/null 2>"$W/second.err"
second=$?
"$BIN" stats --db "$W/two/shindan.db" --period 2026-09 >/dev/null 2>"$W/reader.err"
reader=$?
wait "$first"
eq "the first batch finishes normally" $? 0
check "a second batch on the same database refuses at once" test "$second" -ne 0
check "and says why, in Japanese" grep -q "別の shindan が.*使っています" "$W/second.err"
eq "stats can read while a batch runs" "$reader" 0
dump "$W/two/shindan.db" >"$W/two.dump"
check "the database equals a clean run's" cmp "$W/ref.dump" "$W/two.dump"

# ---- permissions: member data readable by its owner only
mode() { stat -c %a "$1"; }
eq "database is private" "$(mode "$W/ref/shindan.db")" 600
eq "company PDFs' folder is private" "$(mode "$W/ref/2026-10/companies")" 700
eq "a company PDF is private" "$(mode "$W/ref/2026-10/companies/M00002.pdf")" 600
eq "the workbook with the detail sheet is private" "$(mode "$W/ref/2026-10/summary.xlsx")" 600
eq "rejects.csv (members' own text) is private" "$(mode "$W/ref/2026-10/rejects.csv")" 600
eq "summary.pdf, for the newsletter, is readable by all" "$(mode "$W/ref/2026-10/summary.pdf")" 644
"$BIN" excel -q --no-details --db "$W/ref/shindan.db" --out "$W/nodet" --period 2026-10
eq "a workbook without details is readable by all" "$(mode "$W/nodet/2026-10/summary.xlsx")" 644
(umask 077 && "$BIN" report -q --db "$W/ref/shindan.db" --out "$W/um" --period 2026-10 --member M00002)
eq "a stricter umask is honoured" "$(mode "$W/um/2026-10/summary.pdf")" 600

echo
echo "faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
