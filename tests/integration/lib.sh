# lib.sh - what every integration test script shares: a scratch folder,
# SOURCE_DATE_EPOCH pinned, and the ok/no/check/eq/q helpers that count.
# Source it after setting ROOT; it sets W and cds to ROOT.
W="$(mktemp -d /tmp/shindan-test-XXXXXX)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
cd "$ROOT" || exit 1
export SOURCE_DATE_EPOCH=1790000000
# the tests read the templates they set up, never a settings file this
# machine or user may have (/etc/shindan/shindan.ini, ~/.config/shindan)
export SHINDAN_CONFIG=
# reports are made only under an organisation's own name: the tests use a
# copy of the templates with a sample chamber's settings
mkdir -p "$W/.templates"
cp -r "$ROOT/templates/." "$W/.templates/"
sed -i -e 's/^name = .*/name = テスト商工会議所/' -e 's/^desk =.*/desk = 経営支援課/' \
    -e 's/^phone =.*/phone = 029-000-0000/' -e 's/^email =.*/email = soudan@example.jp/' \
    -e 's|^web =.*|web = https://www.example.jp/soudan|' "$W/.templates/shindan.ini"
export SHINDAN_TEMPLATES="$W/.templates"
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   - $1"; }
no() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && echo "       $2"; }
check() { local name="$1"; shift; if "$@" >"$W/.check" 2>&1; then ok "$name"; else no "$name" "$* :: $(head -3 "$W/.check")"; fi; }
eq() { if [ "$2" = "$3" ]; then ok "$1"; else no "$1" "expected [$3], got [$2]"; fi; }
q() { sqlite3 "$1" "$2"; }
# posix_only NAME WHY: true on Linux; under the Windows build
# (SHINDAN_TEST_EXE=windows, tests/windows/test_suites.sh) the check NAME
# is listed as Linux-only with WHY and skipped
posix_only() {
    [ "${SHINDAN_TEST_EXE:-}" = windows ] || return 0
    echo "skip - $1 (Linux only: $2)"
    return 1
}
