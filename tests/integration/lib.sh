# lib.sh - what every integration test script shares: a scratch folder,
# SOURCE_DATE_EPOCH pinned, and the ok/no/check/eq/q helpers that count.
# Source it after setting ROOT; it sets W and cds to ROOT.
W="$(mktemp -d /tmp/shindan-test-XXXXXX)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
cd "$ROOT" || exit 1
export SOURCE_DATE_EPOCH=1790000000
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   - $1"; }
no() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && echo "       $2"; }
check() { local name="$1"; shift; if "$@" >"$W/.check" 2>&1; then ok "$name"; else no "$name" "$* :: $(head -3 "$W/.check")"; fi; }
eq() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1" "expected [$3], got [$2]"; fi; }
q() { sqlite3 "$1" "$2"; }
