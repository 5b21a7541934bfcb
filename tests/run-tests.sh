#!/bin/sh
# run-tests.sh - run the unit tests (cmocka), each fuzz target once over
# its saved inputs, and the integration tests against the binaries in
# BUILD. Ends with one summary that counts checks and suites separately
# and names every check and suite that failed.
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 1
LOG="$(mktemp -d /tmp/shindan-tests-XXXXXX)"
trap 'rm -rf "$LOG"' EXIT
suites_ok=0 suites_failed=0 checks_ok=0 checks_failed=0
: >"$LOG/failed"

# suite NAME CMD... : runs one suite, shows its output, counts its checks
suite() {
    name="$1"; shift
    "$@" >"$LOG/out" 2>&1
    rc=$?
    cat "$LOG/out"
    # shell suites: "ok   - ..." / "FAIL - ..."; cmocka: "[       OK ] t" / "[  FAILED  ] t"
    ok=$(grep -c -E '^ok   - |^\[       OK \] ' "$LOG/out")
    bad=$(grep -E '^FAIL - |^\[  FAILED  \] [a-z_]' "$LOG/out" | sed "s|^|  $name: |")
    nbad=0
    [ -n "$bad" ] && nbad=$(printf '%s\n' "$bad" | wc -l)
    if [ "$ok" -eq 0 ] && [ "$nbad" -eq 0 ] && [ "$rc" -eq 0 ]; then ok=1; fi   # a suite with no named checks is one
    if [ "$rc" -ne 0 ] && [ "$nbad" -eq 0 ]; then nbad=1; bad="  $name: exited $rc"; fi
    checks_ok=$((checks_ok + ok))
    checks_failed=$((checks_failed + nbad))
    if [ "$rc" -eq 0 ]; then
        suites_ok=$((suites_ok + 1))
    else
        suites_failed=$((suites_failed + 1))
        echo "FAIL: $name"
        printf '%s\n' "$bad" >>"$LOG/failed"
        echo "$name" >>"$LOG/failed-suites"
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    suite "${t##*/}" "$t"
done
# every fuzz target once over its seeds and the crashers kept as tests
rm -rf "$BUILD/fuzz/seeds"
/usr/bin/python3 tests/fuzz/seeds.py "$BUILD/fuzz/seeds"
for r in "$BUILD"/fuzz/replay_*; do
    case "$r" in *.d) continue ;; esac
    [ -x "$r" ] || continue
    t="${r##*/replay_}"
    set -- "$BUILD/fuzz/seeds/$t"
    [ -d "tests/fuzz/regress/$t" ] && set -- "$@" "tests/fuzz/regress/$t"
    suite "replay_$t" "$r" "$@"
done
for t in tests/integration/test_*.sh; do
    case " ${SD_SKIP_TESTS:-} " in *" ${t##*/} "*) echo "skipped: $t"; continue ;; esac
    suite "${t##*/}" bash "$t" "$BUILD"
done

echo
echo "checks: $checks_ok passed, $checks_failed failed"
echo "suites: $suites_ok passed, $suites_failed failed"
if [ "$suites_failed" -gt 0 ]; then
    echo "failed:"
    cat "$LOG/failed"
fi
[ "$suites_failed" -eq 0 ]
