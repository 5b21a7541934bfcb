#!/bin/bash
# test_same_outputs.sh - a refactoring changes no output: the revision
# named in tests/fixtures/outputs_baseline is built from git beside this
# one, tests/same_outputs.sh runs both over the same inputs, and every file
# (PDFs, workbooks, rejects.csv, the seminar kit, what each command printed
# and what it stored) must be byte-identical. When a change means to alter
# an output, the baseline moves to the commit that made it, and the commit
# says why. A tree without git history (the package build's copy) cannot
# build the baseline; the suite says so and checks nothing else.
# usage: test_same_outputs.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/integration/lib.sh"
REV="$(sed -n 's/^\([0-9a-f]\{40\}\).*/\1/p' "$ROOT/tests/fixtures/outputs_baseline" | head -1)"
# only a checkout of its own: the package build's copy (build-pkg/ inside a
# checkout) would otherwise find the enclosing checkout's history
top="$(git -C "$ROOT" rev-parse --show-toplevel 2>/dev/null)"
if [ "$top" != "$(cd "$ROOT" && pwd -P)" ] || ! git -C "$ROOT" cat-file -e "$REV^{commit}" 2>/dev/null; then
    echo "# this tree is no git checkout of its own (a package build's copy): no baseline to compare with"
    exit 0
fi
mkdir -p "$W/base"
git -C "$ROOT" archive "$REV" | tar -x -C "$W/base"
if make -C "$W/base" --no-print-directory NO_DEPS=1 BUILD="$W/base/build" -j2 all >"$W/base.log" 2>&1; then
    ok "the baseline ${REV:0:12} builds"
else
    no "the baseline ${REV:0:12} builds" "$(tail -5 "$W/base.log")"
    echo "same outputs: $pass passed, $fail failed"; exit 1
fi
# one corpus for both builds (LibreOffice's conversions differ run to run)
/usr/bin/python3 "$ROOT/tests/corpus/make_corpus.py" "$W/corpus" >/dev/null 2>&1 ||
    no "make_corpus.py makes the corpus"
export CORPUS="$W/corpus"
bash "$ROOT/tests/same_outputs.sh" "$W/base/build/shindan" "$W/before" "$W/scratch"
bash "$ROOT/tests/same_outputs.sh" "$BIN" "$W/after" "$W/scratch"
n="$(find "$W/before" -type f | wc -l)"
check "the baseline made its outputs ($n files)" test "$n" -gt 100
diff -rq "$W/before" "$W/after" >"$W/diff" 2>&1
if [ -s "$W/diff" ]; then
    no "all $n outputs are byte-identical to ${REV:0:12}'s" "$(head -8 "$W/diff")"
    head -40 "$W/diff" | sed 's/^/       /'
else
    ok "all $n outputs are byte-identical to ${REV:0:12}'s"
fi
# a difference must be seen: one changed byte in a copy is caught
cp -r "$W/after" "$W/changed" && printf 'x' >>"$(find "$W/changed" -name '*.pdf' | head -1)"
check "a changed output is noticed" sh -c "! diff -rq '$W/before' '$W/changed' >/dev/null"
echo "same outputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
