#!/bin/bash
# run.sh - runs every libFuzzer target for a bounded time (make fuzz).
# usage: run.sh FUZZ_BUILD_DIR SECONDS_PER_TARGET
# Inputs found go to FUZZ_BUILD_DIR/corpus/<target>; a crash stops its
# target, is saved as FUZZ_BUILD_DIR/crash-<target>-*, and fails the run:
# fix it, then keep the input under tests/fuzz/regress/<target>/ so that
# make test replays it for ever. Prints one line per target with the
# executions run.
set -u
B="$1"
SECS="${2:-60}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT" || exit 1
rm -rf "$B/seeds"
/usr/bin/python3 tests/fuzz/seeds.py "$B/seeds" || exit 1
"$B/tools/csv2xlsx" --typed tests/fixtures/xlsx/source.csv "$B/seeds/xlsx/libxlsxwriter.xlsx"
"$B/tools/csv2xlsx" --typed --constant-memory --cover tests/fixtures/xlsx/source.csv "$B/seeds/xlsx/cover_inline.xlsx"
status=0
printf '%-12s %12s %10s  %s\n' target executions 'exec/s' result
for f in "$B"/fuzz/fuzz_*; do
    case "$f" in *.d) continue ;; esac
    t="${f##*/fuzz_}"
    mkdir -p "$B/corpus/$t" "tests/fuzz/regress/$t"
    log="$B/fuzz-$t.log"
    "$f" -max_total_time="$SECS" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$B/crash-$t-" "$B/corpus/$t" "$B/seeds/$t" "tests/fuzz/regress/$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    took=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    if [ "$rc" -eq 0 ]; then result=clean; else result="FAILED (see $log)"; status=1; fi
    printf '%-12s %12s %10s  %s\n' "$t" "${execs:-?}" "${took:-?}" "$result"
done
exit $status
