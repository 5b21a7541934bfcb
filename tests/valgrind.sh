#!/bin/sh
# valgrind.sh - the test suite with every binary under valgrind (make
# valgrind): the unit tests, the fuzz replays, and the integration tests
# with shindan wrapped, so every import, report and workbook they make
# runs under memcheck. test_faults.sh is left out: it kills processes on
# a timer, which under valgrind's slowdown measures nothing.
# Fails when any valgrind log holds an error or a leak.
# usage: valgrind.sh BUILD_DIR
set -u
B="$(cd "$1" && pwd)"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
V="$B/valgrind"
rm -rf "$V"
mkdir -p "$V/logs" "$V/tests" "$V/fuzz"
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file=$V/logs/%p.log"
wrap() { printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VG" "$1" >"$2" && chmod +x "$2"; }
wrap "$B/shindan" "$V/shindan"
for t in "$B"/tests/test_*; do case "$t" in *.d) ;; *) wrap "$t" "$V/tests/${t##*/}" ;; esac; done
for t in "$B"/fuzz/replay_*; do case "$t" in *.d) ;; *) wrap "$t" "$V/fuzz/${t##*/}" ;; esac; done
ln -s "$B/tools" "$V/tools"
cd "$ROOT" || exit 1
SD_SKIP_TESTS="test_faults.sh" sh tests/run-tests.sh "$V"
status=$?
bad=0
for log in "$V"/logs/*.log; do
    [ -s "$log" ] || continue
    bad=$((bad + 1))
    echo "valgrind: $log"
    head -30 "$log"
done
echo "valgrind: $(ls "$V"/logs | wc -l) processes checked, $bad with errors or leaks"
[ "$status" -eq 0 ] && [ "$bad" -eq 0 ]
