#!/bin/bash
# test_firsthour.sh - a new chamber's first hour: help and manual agree
# and are complete, init writes the organisation, the README's next
# commands work where make run leaves things, progress fits a log,
# console tables line up.
# usage: test_firsthour.sh BUILD_DIR
set -u
BUILD="$(cd "$1" && pwd)"
BIN="$BUILD/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

# ---- help and manual ----
"$BIN" --help >"$W/help"
man -l "$BUILD/shindan.1" >"$W/man" 2>"$W/man.err"; eq "man -l build/shindan.1 renders" $? 0
check "the manual renders without troff warnings" test ! -s "$W/man.err"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS FILES "EXIT STATUS" EXAMPLES; do
    check "the manual has a $s section" grep -q "^$s" "$W/man"
done
grep -o -- '--[a-z][a-z-]*' "$W/help" | sort -u >"$W/help.opts"
grep -o -- '--[a-z][a-z-]*' "$W/man" | sort -u >"$W/man.opts"
check "every option of --help is in the manual" sh -c "comm -23 '$W/help.opts' '$W/man.opts' | grep -q . && exit 1 || exit 0"
check "every option of the manual is in --help" sh -c "comm -13 '$W/help.opts' '$W/man.opts' | grep -q . && exit 1 || exit 0"
# the commands: the help's command list against the dispatch table
cmds=$(sed -n '/^コマンド:/,/^$/p' "$W/help" | awk '/^  [a-z]/ {print $1}' | sort | tr '\n' ' ')
eq "--help lists every command" "$cmds" "backup check excel import init report run seminar stats verify "
for c in $cmds; do check "the manual has a section for $c" grep -q "^   $c\$" "$W/man"; done
# every --by value the program accepts is listed, and every listed value is accepted
byvals=$(sed -n '/区分:/,/^  [a-z]/p' "$W/help" | grep -v '^  [a-z]' | sed 's/区分://; s/[（）]/ /g' | tr ' ' '\n' | grep -E '^[a-z-]+$' | sort -u)
eq "--help lists all 13 --by values (and aliases)" "$(echo "$byvals" | wc -l)" 13

# ---- init, then the sample run and the README's next commands ----
cp -r templates "$W/tpl"
"$BIN" init --templates "$W/tpl" --name 水戸商工会議所 --department 中小企業相談所 --desk 経営支援課 \
    --phone 029-224-3315 --email soudan@example.jp --web https://www.example.jp/soudan >"$W/init.out"
eq "init with options exits 0" $? 0
check "init wrote the name" grep -qx "name = 水戸商工会議所" "$W/tpl/shindan.ini"
check "init wrote the phone" grep -qx "phone = 029-224-3315" "$W/tpl/shindan.ini"
check "init kept the other settings" grep -qx "min_group = 5" "$W/tpl/shindan.ini"
"$BIN" init --templates "$W/tpl" --email nomail >/dev/null 2>"$W/init.err"; eq "a bad e-mail is refused with exit 2" $? 2
check "the refusal says what is wrong" grep -q "メールアドレスの形ではありません" "$W/init.err"
"$BIN" init --templates "$W/tpl" </dev/null >/dev/null 2>&1; eq "init with no options and no terminal exits 2" $? 2
printf '\n\n\n\n\n\n' | script -qec "'$BIN' init --templates '$W/tpl' --db x" /dev/null >/dev/null 2>&1
check "asked on a terminal, Enter keeps every value" grep -qx "desk = 経営支援課" "$W/tpl/shindan.ini"

# the sample run where make run puts its database, then the README's next commands
mkdir -p "$W/chamber" && cp -r input "$W/chamber/input" && cp -r "$W/tpl" "$W/chamber/templates"
(cd "$W/chamber" && env -u SHINDAN_TEMPLATES "$BIN" run --input input --out output >"$W/run.out" 2>"$W/run.err"); eq "run with the default database exits 0" $? 0
check "the default database is shindan.db where run was started" test -f "$W/chamber/shindan.db"
(cd "$W/chamber" && env -u SHINDAN_TEMPLATES "$BIN" stats --by industry >"$W/stats.out" 2>&1); eq "stats --by industry then works as the README shows" $? 0
M=$(sqlite3 "$W/chamber/shindan.db" "SELECT member_no FROM company ORDER BY 1 LIMIT 1")
(cd "$W/chamber" && env -u SHINDAN_TEMPLATES "$BIN" report --out output --member "$M" >/dev/null 2>&1); eq "one member's report as the README shows" $? 0
check "the member's report carries the chamber's name" sh -c "pdftotext '$W/chamber/output/2026-10/companies/$M.pdf' - | grep -q 水戸商工会議所"

# ---- progress fits a log ----
lines=$(grep -c "会員別 PDF" "$W/run.err")
check "a non-terminal run prints at most three progress lines per period (got $lines for 2)" test "$lines" -le 6
check "no 残り約 0 秒 countdown in a log" sh -c "! grep -q '残り約' '$W/run.err'"
(cd "$W/chamber" && env -u SHINDAN_TEMPLATES "$BIN" report --out output -q 2>"$W/q.err" >/dev/null)
check "-q prints no progress" sh -c "! grep -q '会員別 PDF' '$W/q.err'"

# ---- console tables line up (East Asian wide characters count two) ----
$PY - "$W/stats.out" <<'PY' >"$W/align" 2>&1
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
# the 回答数 column ends at the same display column on every shown row
ends = set()
for l in rows[1:]:
    if "非表示" in l:
        continue
    parts = l.split()
    n = parts[-3]
    i = l.rfind(" " + n + " ", 0, len(l) - len(" ".join(parts[-2:])))
    ends.add(width(l[: i + 1 + len(n)]))
print(sorted(ends))
sys.exit(0 if len(ends) == 1 else 1)
PY
check "stats table: the count column lines up in display width" test $? -eq 0

echo
echo "firsthour: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
