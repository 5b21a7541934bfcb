#!/bin/sh
# run-tests.sh - run the unit tests (cmocka) and the integration tests
# against the binaries in BUILD; prints one closing "N passed, N failed".
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 1
passed=0 failed=0
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $t"; fi
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
    if "$r" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $r"; fi
done
for t in tests/integration/test_*.sh; do
    case " ${SD_SKIP_TESTS:-} " in *" ${t##*/} "*) echo "skipped: $t"; continue ;; esac
    if bash "$t" "$BUILD"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $t"; fi
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
