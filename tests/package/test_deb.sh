#!/bin/bash
# test_deb.sh - the Debian package as an office server runs it: unpacked
# into a scratch root (nothing installed on this machine), its files where
# the unit and the README say, then the service's own command line (taken
# from shindan.service, paths moved into the scratch root) run once, under
# the unit's umask, on a drop folder: outputs written, readable by the
# group and by nobody else, and 処理結果.txt saying what happened; a second
# run with nothing new says so too, and a refused file is named there.
# usage: test_deb.sh PACKAGE.deb
set -u
DEB="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

dpkg-deb -x "$DEB" "$W/root"; eq "the package unpacks" $? 0
for f in usr/bin/shindan usr/share/man/man1/shindan.1.gz usr/share/shindan/templates/questionnaire.ini \
         usr/share/shindan/templates/municipalities.tsv usr/share/shindan/templates/jsic.tsv \
         etc/shindan/shindan.ini lib/systemd/system/shindan.service lib/systemd/system/shindan.timer; do
    check "the package holds /$f" test -f "$W/root/$f"
done
dpkg-deb -I "$DEB" >"$W/info"
check "it depends on the font it embeds" grep -q "fonts-ipaexfont" "$W/info"
check "its postinst makes the shindan user" sh -c "dpkg-deb -e '$DEB' '$W/ctl' && grep -q 'adduser --system' '$W/ctl/postinst'"
check "the timer is monthly and catches up (Persistent)" sh -c \
    "grep -q '^OnCalendar=\*-\*-05' '$W/root/lib/systemd/system/shindan.timer' && grep -q '^Persistent=true' '$W/root/lib/systemd/system/shindan.timer'"
check "the service is sandboxed" sh -c "grep -q '^ProtectSystem=strict' '$W/root/lib/systemd/system/shindan.service' && grep -q '^NoNewPrivileges=yes' '$W/root/lib/systemd/system/shindan.service'"

# the server's folders inside the scratch root, and its settings with an
# organisation (the packaged file keeps the placeholder until init)
S="$W/root"
mkdir -p "$S/var/lib/shindan/input" "$S/var/lib/shindan/output"
cp "$S/etc/shindan/shindan.ini" "$W/packaged.ini"
"$S/usr/bin/shindan" init --config "$S/etc/shindan/shindan.ini" --name 水戸商工会議所 --desk 経営支援課 \
    --phone 029-224-3315 >/dev/null
eq "init writes the organisation into /etc/shindan/shindan.ini" $? 0
check "... keeping the [output] section" grep -q "^group_readable = yes" "$S/etc/shindan/shindan.ini"
$PY tests/gen_sample.py --out "$S/var/lib/shindan/input" --companies 40 --seed 21 >/dev/null

# the unit's ExecStart and UMask, with the paths moved into the scratch root
unit="$S/lib/systemd/system/shindan.service"
cmd=$(sed -n 's/^ExecStart=//p' "$unit" | sed -e "s#/usr/bin/shindan#$S/usr/bin/shindan#" \
    -e "s# /etc/shindan/# $S/etc/shindan/#g" -e "s# /var/lib/shindan/# $S/var/lib/shindan/#g")
mask=$(sed -n 's/^UMask=//p' "$unit")
service() { (cd "$S/var/lib/shindan" && umask "$mask" && unset SHINDAN_TEMPLATES SHINDAN_CONFIG && eval "$cmd"); }
service >"$W/run.out" 2>"$W/run.err"; rc=$?
eq "the service's command: exit 0" $rc 0
[ $rc = 0 ] || head -5 "$W/run.err"
OUT="$S/var/lib/shindan/output"
n=$(ls "$OUT/2026-10/companies" 2>/dev/null | grep -c '\.pdf$')
[ "$n" -gt 20 ]; eq "member reports written ($n)" $? 0
pdftotext "$OUT/2026-10/companies/$(ls "$OUT/2026-10/companies" | head -1)" "$W/m.txt"
check "under the organisation's name from /etc/shindan/shindan.ini" grep -q 水戸商工会議所 "$W/m.txt"
mode() { stat -c %a "$1"; }
eq "a member report: group-readable, private otherwise (0640)" "$(mode "$OUT/2026-10/companies/$(ls "$OUT/2026-10/companies" | head -1)")" 640
eq "the reports' folder: 0750" "$(mode "$OUT/2026-10/companies")" 750
eq "rejects.csv: 0640" "$(mode "$OUT/2026-10/rejects.csv")" 640
eq "summary.xlsx: 0640" "$(mode "$OUT/2026-10/summary.xlsx")" 640
eq "summary.pdf under the unit's umask: 0640" "$(mode "$OUT/2026-10/summary.pdf")" 640
eq "the outputs belong to the service's group" "$(stat -c %g "$OUT/2026-10/companies/$(ls "$OUT/2026-10/companies" | head -1)")" "$(id -g)"
eq "the database stays private (0600)" "$(mode "$S/var/lib/shindan/shindan.db")" 600
R="$OUT/処理結果.txt"
check "処理結果.txt is written" test -s "$R"
check "... as UTF-8 with a BOM for Notepad" sh -c "head -c3 '$R' | od -An -tx1 | grep -q 'ef bb bf'"
check "... with CRLF line ends" grep -q $'\r$' "$R"
check "... naming the outcome" grep -q "^結果: 処理は終わりましたが、取り込めなかった行またはファイルがあります" "$R"
check "... what was written where" grep -q "2026-10: .*/output/2026-10（会員別の報告書 PDF [0-9]* 件" "$R"
check "... each file imported" grep -q "2026-09_会員回答_紙.csv: CSV (CP932)、取り込み [0-9]* 行" "$R"
check "... each row not taken, with its reason" grep -q "行目 「業種」列: 業種が分かりません" "$R"
eq "... readable by the group" "$(mode "$R")" 640

# every system call the service makes is allowed by its SystemCallFilter
# (the filter's groups expanded by systemd-analyze, the calls by strace)
filter=$(sed -n 's/^SystemCallFilter=//p' "$unit")
if ! command -v systemd-analyze >/dev/null || ! command -v strace >/dev/null; then
    no "the service's system calls: systemd-analyze and strace are needed (make deb installs them)"
else
    rm -rf "$OUT/2026-10"; sqlite3 "$S/var/lib/shindan/shindan.db" "INSERT OR IGNORE INTO pending_output VALUES ('2026-10')"
    cmd_traced="strace -f -qq -c -o $W/calls $cmd"
    (cd "$S/var/lib/shindan" && umask "$mask" && unset SHINDAN_TEMPLATES SHINDAN_CONFIG && eval "$cmd_traced") >/dev/null 2>&1
    $PY - "$W/calls" "$filter" >"$W/denied" <<'PY'
import re, subprocess, sys
def expand(name, seen=set()):
    if not name.startswith("@"):
        return {name}
    if name in seen:
        return set()
    seen.add(name)
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True).stdout
    calls = set()
    for line in out.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith("#"):
            calls |= expand(line)
    return calls
allowed = set()
for group in sys.argv[2].split():
    allowed |= expand(group)
used = set()
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 4 and re.match(r"^[0-9.]+$", f[0]) and re.match(r"^[a-z_0-9]+$", f[-1]) and f[-1] != "total":
        used.add(f[-1])
print(" ".join(sorted(used - allowed)))
print(len(used), file=sys.stderr)
PY
    eq "every system call the service makes is in its SystemCallFilter ($filter)" "$(head -1 "$W/denied")" ""
fi

# a second month: nothing new is said so; a file that cannot be read is named
service >/dev/null 2>&1
check "a run with nothing new: 処理結果.txt says the files were already taken" grep -q "同じ内容のファイルを取り込み済みです" "$R"
check "... and that it ended normally" grep -q "^結果: 正常に終わりました" "$R"
printf 'これは回答ではありません\n' >"$S/var/lib/shindan/input/2026-11_メモ.csv"
service >/dev/null 2>&1
check "a refused file is named in 処理結果.txt with its reason" grep -q "2026-11_メモ.csv: " "$R"
# the packaged settings keep the placeholder: the run refuses, and says why there
cp "$W/packaged.ini" "$S/etc/shindan/shindan.ini"
rm -rf "$OUT/2026-10"; sqlite3 "$S/var/lib/shindan/shindan.db" "INSERT INTO pending_output VALUES ('2026-10')"
service >/dev/null 2>&1; eq "with the placeholder organisation the run fails" $? 1
check "... and 処理結果.txt says so and what to do" sh -c "grep -q '^結果: 失敗しました' '$R' && grep -q 'shindan init' '$R'"

echo
echo "package: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
