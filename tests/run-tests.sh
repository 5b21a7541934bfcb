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
for t in tests/integration/test_*.sh; do
    if bash "$t" "$BUILD"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $t"; fi
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
