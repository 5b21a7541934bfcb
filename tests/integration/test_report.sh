#!/bin/bash
# test_report.sh - what a member reads: one plan told the same way in the
# list, the target line and the SECURITY ACTION box for every sample member; ranks that read
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
# One story per member: the list, the target line and the SECURITY ACTION
# box read from the PDF's text must tell the same plan, computed here
# from the stored answers alone.
import collections, os, re, sys
d, answers = sys.argv[1], sys.argv[2]
ans = collections.defaultdict(dict)
for line in open(answers):
    m, q, c = line.split()
    ans[m][int(q)] = int(c)  # 0 実施, 1 一部, 2 未実施, 3 わからない
POINTS = {0: 4, 1: 2, 2: 0, 3: -1}
BANDS = [(100, "達成"), (70, "一部不足"), (50, "不足"), (-25, "要改善")]
def group(q, c):  # the basics first; in each, 未実施, わからない, 一部実施
    return (0 if q <= 5 else 3) + {2: 0, 3: 1, 1: 2}[c]
def qs(text):
    return [int(x) for x in re.findall(r"Q(\d+)", text)]
bad, members, unknown_named, unknown_items, named_targets = [], 0, 0, 0, 0
for name in sorted(os.listdir(d)):
    if not name.endswith(".txt"):
        continue
    member = name[:-4]
    text = open(os.path.join(d, name), encoding="utf-8").read()
    page1 = text.split("\f")[0]
    flat = re.sub(r"\s+", "", page1)
    section = page1.split("次に取り組むこと", 1)[1].split("SECURITY ACTION の次の一歩", 1)[0]
    sa = re.sub(r"\s+", "", page1.split("SECURITY ACTION の次の一歩", 1)[1].split("ご相談は", 1)[0])
    items = [int(m.group(1)) for m in re.finditer(r"^\s*Q(\d+) ", section, re.M)]
    a = ans[member]
    members += 1
    open_ = [q for q in range(1, 26) if a[q] != 0]
    basics = [q for q in range(1, 6) if a[q] != 0]
    groups = [group(q, a[q]) for q in items]
    if groups != sorted(groups):
        bad.append(f"{member}: order {items} groups {groups}")
    if any(q > 5 for q in items[:len(basics)]):
        bad.append(f"{member}: basics {basics} not fully done, but the list starts {items[:3]}")
    if open_ and not items:
        bad.append(f"{member}: items not done, but nothing listed")
    # the target: the top of the list, reaching the next band
    total = sum(POINTS[c] for c in a.values())
    above = [(lo, label) for lo, label in BANDS if lo > total]
    t = re.search(r"あと(\d+)点で「(.+?)」に上がります。(.*?)届きます", flat)
    if above:
        lo, label = above[-1]
        if not re.search(rf"あと{lo - total}点で「{label}」に上がります。", flat):
            bad.append(f"{member}: {total} points, not told あと{lo - total}点で「{label}」")
        if t:
            named = qs(t.group(3))
            named_targets += 1
            if named != items[:len(named)]:
                bad.append(f"{member}: the target names {named}, the list shows {items}")
            gain = sum(POINTS[0] - POINTS[a[q]] for q in named)
            if gain < lo - total or gain - (POINTS[0] - POINTS[a[named[-1]]]) >= lo - total:
                bad.append(f"{member}: the target {named} gains {gain} for {lo - total}")
    elif "に上がります" in flat:
        bad.append(f"{member}: in the top band, told to go up")
    # the SECURITY ACTION box names exactly the 5か条 not done
    if qs(sa) != basics:
        bad.append(f"{member}: SECURITY ACTION names {qs(sa)}, the 5か条 not done are {basics}")
    # no talk of items not done to a member with none
    if not any(c == 2 for c in a.values()) and "実施していない項目を" in flat:
        bad.append(f"{member}: told of 実施していない項目 with none")
    for q in items:
        if a[q] == 3:
            unknown_items += 1
            line = [l for l in section.splitlines() if re.match(rf"^\s*Q{q} ", l)][0]
            unknown_named += "社内で確認しましょう" in line
    if re.search(r"上位\s*100\s*%", page1):
        bad.append(f"{member}: says 上位 100%")
print(f"members {members} unknown {unknown_items} named {unknown_named} targets named {named_targets}")
for b in bad[:10]:
    print(b)
sys.exit(1 if bad or members < 200 or unknown_named != unknown_items or named_targets < 10 else 0)
PY
check "every member tells one story: the list starts with the 5か条 not fully done; the target is its top and reaches the next band; SECURITY ACTION names the 5か条 not done" test $? -eq 0
head -5 "$W/order.txt"

# the last-placed member reads 下位, never 上位 100%
LAST=$(sqlite3 "$W/db" "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' ORDER BY total, 1 LIMIT 1")
check "the lowest total reads 下位, not 上位 100%" grep -q "会員全体で下位 1%" "$DIR/$LAST.txt"
TOP=$(sqlite3 "$W/db" "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' ORDER BY total DESC, 1 LIMIT 1")
check "the highest total reads 上位" grep -q "会員全体で上位 [0-9]*%" "$DIR/$TOP.txt"

# the target: a member one band below the next is told how far and which items
MID=$(sqlite3 "$W/db" "SELECT c.member_no FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' AND total BETWEEN 90 AND 99 ORDER BY 1 LIMIT 1")
NEED=$(sqlite3 "$W/db" "SELECT 100 - total FROM response r JOIN company c ON c.id = r.company_id WHERE period = '2026-10' AND c.member_no = '$MID'")
check "a member at 9x points is told the points to 達成" sh -c "tr -d ' \n' <'$DIR/$MID.txt' | grep -q 'あと${NEED}点で「達成」に上がります。'"

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
# each code is a 1-bit image mask (a stencil), not a rectangle per run of modules
eq "page 1 draws its three codes as image masks" \
    "$(pdfimages -list -f 1 -l 1 "$DIR/$TOP.pdf" | awk '$3 == "stencil"' | wc -l)" 3

echo
echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
