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
if bash tests/integration/test_cli.sh "$BUILD"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
