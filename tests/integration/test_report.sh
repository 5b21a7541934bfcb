#!/bin/bash
# test_report.sh - what a member reads: advice in the right order for every
# sample member, never contradicting the band sentence; ranks that read
# naturally at both ends; the chamber's own desk; QR codes that scan to
# the URLs in the templates.
# usage: test_report.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

"$BIN" run --input input --out "$W/out" --db "$W/db" -q 2>/dev/null; eq "the sample run exits 0" $? 0
DIR="$W/out/2026-10/companies"
for f in "$DIR"/*.pdf; do pdftotext -layout "$f" "${f%.pdf}.txt" 2>/dev/null; done
sqlite3 -separator ' ' "$W/db" "SELECT c.member_no, a.question, a.choice FROM answer a JOIN response r ON r.id = a.response_id
    JOIN company c ON c.id = r.company_id WHERE r.period = '2026-10' ORDER BY 1, 2" >"$W/answers.txt"

$PY - "$DIR" "$W/answers.txt" >"$W/order.txt" 2>&1 <<'PY'
import collections, os, re, sys
d, answers = sys.argv[1], sys.argv[2]
ans = collections.defaultdict(dict)
for line in open(answers):
    m, q, c = line.split()
    ans[m][int(q)] = int(c)  # 0 実施, 1 一部, 2 未実施, 3 わからない
def group(q, c):
    basic = q <= 5
    if c in (2, 3):
        return 0 if basic else 1
    if c == 1:
        return 2 if basic else 3
    return 4
bad, members, unknown_named, unknown_items = [], 0, 0, 0
for name in sorted(os.listdir(d)):
    if not name.endswith(".txt"):
        continue
    member = name[:-4]
    text = open(os.path.join(d, name), encoding="utf-8").read()
    page1 = text.split("\f")[0]
    section = page1.split("次に取り組むこと", 1)[1].split("SECURITY ACTION の次の一歩", 1)[0]
    items = [int(m.group(1)) for m in re.finditer(r"^\s*Q(\d+) ", section, re.M)]
    a = ans[member]
    groups = [group(q, a[q]) for q in items]
    members += 1
    if groups != sorted(groups):
        bad.append(f"{member}: order {items} groups {groups}")
    not_done_basic = [q for q in range(1, 6) if a[q] in (2, 3)]
    if not_done_basic and (not items or items[0] > 5):
        bad.append(f"{member}: basics {not_done_basic} not done, but the list starts with {items[:1]}")
    if any(c != 0 for c in a.values()) and not items:
        bad.append(f"{member}: items not done, but nothing listed")
    for q in items:
        if a[q] == 3:
            unknown_items += 1
            line = [l for l in section.splitlines() if re.match(rf"^\s*Q{q} ", l)][0]
            unknown_named += "社内で確認しましょう" in line
    if re.search(r"上位\s*100\s*%", page1):
        bad.append(f"{member}: says 上位 100%")
print(f"members {members} unknown {unknown_items} named {unknown_named}")
for b in bad[:10]:
    print(b)
sys.exit(1 if bad or members < 200 or unknown_named != unknown_items else 0)
PY
check "every member's advice: basics first, then not done, then partly done; わからない told to check" test $? -eq 0
head -5 "$W/order.txt"

# the last-placed member reads 下位, never 上位 100%
LAST=$(sqlite3 "$W/db" "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' ORDER BY total, 1 LIMIT 1")
check "the lowest total reads 下位, not 上位 100%" grep -q "会員全体で下位 1%" "$DIR/$LAST.txt"
TOP=$(sqlite3 "$W/db" "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' ORDER BY total DESC, 1 LIMIT 1")
check "the highest total reads 上位" grep -q "会員全体で上位 [0-9]*%" "$DIR/$TOP.txt"

# the target: a member one band below the next is told how far and which items
MID=$(sqlite3 "$W/db" "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' AND total BETWEEN 90 AND 99 ORDER BY 1 LIMIT 1")
NEED=$(sqlite3 "$W/db" "SELECT 100 - total FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' AND c.member_no = '$MID'")
check "a member at 9x points is told the points to 達成" sh -c "tr -d ' \n' <'$DIR/$MID.txt' | grep -q 'あと${NEED}点で「達成」の判定です。'"

# the chamber's own desk, and the placeholder never printed
check "page 1 names the desk and the phone" sh -c "tr -d ' \n' <'$DIR/$TOP.txt' | grep -q 'ご相談は.*経営支援課.*TEL029-000-0000'"
check "no report carries the template's placeholder name" sh -c "! grep -l '○○商工会議所' '$DIR'/*.txt"
check "page 2 heads with the member number and name" sh -c "sed -n '/\f/,\$p' '$DIR/$TOP.txt' | head -3 | grep -q '会員番号 $TOP'"

# QR codes: rendered and scanned, each leads where the templates say
pdftoppm -png -r 200 -f 1 -l 1 "$DIR/$TOP.pdf" "$W/qr"
zbarimg -q --raw "$W/qr-1.png" 2>/dev/null | sort >"$W/qr.txt"
SA_URL=$(sed -n 's/^url_security_action = //p' "$SHINDAN_TEMPLATES/report.ini")
FIVE_URL=$(sed -n 's/^url_five_articles = //p' "$SHINDAN_TEMPLATES/report.ini")
check "the SECURITY ACTION QR scans to IPA's page" grep -qxF "$SA_URL" "$W/qr.txt"
check "the 5か条 QR scans to its page" grep -qxF "$FIVE_URL" "$W/qr.txt"
check "the desk's QR scans to the chamber's web page" grep -qxF "https://www.example.jp/soudan" "$W/qr.txt"

echo
echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
