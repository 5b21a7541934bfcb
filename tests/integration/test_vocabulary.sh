#!/bin/bash
# test_vocabulary.sh - the words members really write, through the binary:
# places against the list of municipalities (a city that shares its
# prefecture's name stored whole, one city across months, places without a
# prefecture, ambiguous names refused with their candidates), industries
# from everyday words and 日本標準産業分類, a word taught by one template
# line, headcounts with the words around them, points as Excel writes them.
# usage: test_vocabulary.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"
export SHINDAN_TODAY=2026-11-30

# rows: member, name, industry, prefecture, municipality, employees, date, answers
# A clerk's sheet saved by Excel as CSV (CP932), prefecture and municipality apart.
$PY - "$W" <<'PY'
import csv, sys
w = sys.argv[1]
head = ["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]
ans = ["実施している"] * 25
sep = [
    ("V001", "千葉精工", "製造業", "千葉県", "千葉市", "12", "2026-09-10"),
    ("V002", "栃木印刷", "印刷会社", "栃木県", "栃木市", "役員含め12名", "2026-09-11"),
    ("V003", "静岡茶舗", "小売業", "静岡", "静岡市葵区", "家族3人", "2026-09-12"),
    ("V004", "京都設計", "設計事務所", "京都府", "京都市", "代表者1名のみ", "2026-09-13"),
    ("V005", "福岡タクシー", "タクシー", "福岡県", "福岡市博多区", "常時雇用 25名", "2026-09-14"),
    ("V006", "山形酒造", "酒造", "山形県", "村山市", "十二名", "2026-09-15"),
    ("V007", "府中工務店", "工務店", "東京都", "府中市", "正社員12名・パート8名", "2026-09-16"),
    ("V008", "鹿児島整骨院", "整骨院", "鹿児島県", "鹿児島市", "5人以下", "2026-09-17"),
    ("V009", "奈良の宿", "旅館", "奈良県", "奈良市", "10〜30人", "2026-09-18"),
    ("V010", "岐阜美容室", "美容室", "岐阜県", "岐阜市", "3", "2026-09-19"),
    ("V011", "熊本理科", "宇宙開発", "熊本県", "熊本市中央区", "4", "2026-09-20"),
    ("V012", "広島写真", "写真館", "広島県", "府中市", "6", "2026-09-21"),
    ("V015", "水戸土浦商会", "小売業", "茨城県水戸市", "土浦市", "4", "2026-09-22"),
]
with open(f"{w}/2026-09_clerk.csv", "w", encoding="cp932", newline="") as f:
    out = csv.writer(f, lineterminator="\r\n")
    out.writerow(head)
    for r in sep:
        out.writerow(list(r) + ans)
# October: the same Chiba member writes its ward; points as Excel writes them
oct_ = [
    ("V001", "千葉精工", "E", "千葉県", "千葉市中央区", "12", "2026-10-10", ["4.0"] * 24 + ["\u20101"]),
    ("V013", "土浦保険", "保険代理店", "茨城県", "土浦市", "2", "2026-10-11", ["△1"] + ["2.0"] * 24),
    ("V014", "宇都宮電気", "電気工事", "栃木", "宇都宮市", "二十五名", "2026-10-12", ["×（一部）"] + ["4"] * 24),
]
with open(f"{w}/2026-10_clerk.csv", "w", encoding="utf-8-sig", newline="") as f:
    out = csv.writer(f)
    out.writerow(head)
    for r in oct_:
        out.writerow(list(r[:7]) + r[7])
# An online form with one 所在地 and no prefecture column.
form_head = ["会員番号", "事業所名", "業種", "所在地", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]
form = [
    ("V021", "つくば研究", "ソフトウェア開発", "〒305-0031 つくば市吾妻1-2-3", "8", "2026-10-20"),
    ("V022", "東海村電設", "電気工事", "那珂郡東海村村松", "15", "2026-10-21"),
    ("V023", "大宮クリーニング", "クリーニング", "さいたま市大宮区桜木町", "7", "2026-10-22"),
    ("V024", "伊達行政書士", "行政書士", "伊達市", "2", "2026-10-23"),
    ("V025", "茨城ガソリン", "ガソリンスタンド", "茨城県水戸市笠原町978", "9", "2026-10-24"),
]
with open(f"{w}/2026-10_form.csv", "w", encoding="utf-8", newline="") as f:
    out = csv.writer(f)
    out.writerow(form_head)
    for r in form:
        out.writerow(list(r) + ["実施している"] * 25)
PY

DB="$W/v.db"
"$BIN" import --db "$DB" "$W/2026-09_clerk.csv" "$W/2026-10_clerk.csv" "$W/2026-10_form.csv" 2>"$W/import.err"
eq "import exits 0 with rejects listed" $? 0
stored() { q "$DB" "SELECT r.prefecture || '|' || coalesce(r.municipality, '') || '|' || r.industry || '|' || coalesce(r.employees, '-') || '|' || r.size_band FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = '$1' AND r.period = '$2'"; }
eq "千葉県 千葉市: stored as 千葉市" "$(stored V001 2026-09)" "12|千葉市|E|12|2"
eq "千葉市中央区 a month later: the same 千葉市" "$(stored V001 2026-10)" "12|千葉市|E|12|2"
eq "栃木県 栃木市, 印刷会社, 役員含め12名" "$(stored V002 2026-09)" "9|栃木市|E|12|2"
eq "静岡 静岡市葵区, 家族3人" "$(stored V003 2026-09)" "22|静岡市|I|3|1"
eq "京都府 京都市, 設計事務所, 代表者1名のみ" "$(stored V004 2026-09)" "26|京都市|L|1|1"
eq "福岡市博多区, タクシー, 常時雇用 25名" "$(stored V005 2026-09)" "40|福岡市|H|25|3"
eq "山形県 村山市, 酒造, 十二名" "$(stored V006 2026-09)" "6|村山市|E|12|2"
eq "東京都 府中市, 工務店, 12名と8名: the band only" "$(stored V007 2026-09)" "13|府中市|D|-|2"
eq "鹿児島市, 整骨院, 5人以下: the band only" "$(stored V008 2026-09)" "46|鹿児島市|P|-|1"
eq "岐阜市, 美容室" "$(stored V010 2026-09)" "21|岐阜市|N|3|1"
eq "広島県 府中市 (a name two prefectures have) is read in its prefecture" "$(stored V012 2026-09)" "34|府中市|L|6|2"
eq "茨城県水戸市 beside 土浦市: the row kept, neither city guessed" "$(stored V015 2026-09)" "8||I|4|1"
check "... with a warning naming both" grep -q "14 行目 「市区町村」列: 注意（行は取り込み済み）: 都道府県の欄の市区町村（水戸市）と市区町村の欄（土浦市）が違います" "$W/import.err"
eq "no municipality is stored with a prefecture's name cut off" \
    "$(q "$DB" "SELECT count(*) FROM response WHERE municipality LIKE '市%' OR municipality IN ('市', '区', '町', '村')")" 0
eq "つくば市 with a postal code, no prefecture: 茨城県つくば市" "$(stored V021 2026-10)" "8|つくば市|G|8|2"
eq "那珂郡東海村: 東海村" "$(stored V022 2026-10)" "8|東海村|D|15|2"
eq "さいたま市大宮区: さいたま市" "$(stored V023 2026-10)" "11|さいたま市|N|7|2"
eq "茨城県水戸市…, ガソリンスタンド" "$(stored V025 2026-10)" "8|水戸市|I|9|2"
eq "宇都宮市 under 栃木, 二十五名; ×（一部） refused" "$(stored V014 2026-10)" ""
eq "4.0 and ‐1 read: 24 × 4 − 1" "$(q "$DB" "SELECT r.total FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = 'V001' AND r.period = '2026-10'")" 95
eq "△1 is Excel's -1, 2.0 is 2" "$(q "$DB" "SELECT r.total FROM response r JOIN company c ON c.id = r.company_id WHERE c.member_no = 'V013'")" 47

# the rejects say what was found and what to write
check "an unknown industry names the file, row and column" \
    grep -q "2026-09_clerk.csv: 12 行目 「業種」列: 業種が分かりません" "$W/import.err"
check "... and the template line that would teach it" \
    grep -q "templates/industry_words.tsv に「宇宙開発」、タブ、大分類の英字（例: N）を 1 行で追加してください" "$W/import.err"
check "a range across a size boundary names the boundary" \
    grep -q "10 行目 「従業員数」列: 人数に幅があるため、規模の区分（20 人以下か 21 人以上か）が決まりません" "$W/import.err"
check "伊達市 without a prefecture is refused naming both" \
    grep -q "所在地の市区町村が一つに決まりません（同じ名前が北海道伊達市、福島県伊達市にあります）" "$W/import.err"
check "a mark whose note says another answer is refused with the reason" \
    grep -q "Q1: 記号と括弧内の言葉で回答が食い違っています" "$W/import.err"
eq "熊本市中央区 row refused for its industry only" "$(stored V011 2026-09)" ""
eq "nothing from the refused rows is stored" \
    "$(q "$DB" "SELECT count(*) FROM company WHERE member_no IN ('V009', 'V011', 'V014', 'V024')")" 0

# one template line teaches a word; the same file then imports
printf '宇宙開発\tL\n' >>"$SHINDAN_TEMPLATES/industry_words.tsv"
"$BIN" import --db "$DB" "$W/2026-09_clerk.csv" 2>"$W/again.err"
"$BIN" check "$W/2026-09_clerk.csv" >"$W/check.out" 2>&1
check "after one line in industry_words.tsv the word is read" sh -c "! grep -q '業種が分かりません' '$W/check.out'"

# a template line that is no word and letter is named, not skipped
cp -r "$SHINDAN_TEMPLATES" "$W/badtpl"
printf '美容室\tZ\n' >>"$W/badtpl/industry_words.tsv"
SHINDAN_TEMPLATES="$W/badtpl" "$BIN" check "$W/2026-09_clerk.csv" >/dev/null 2>"$W/badtpl.err"
eq "a bad industry_words.tsv line stops the run" $? 1
check "... naming the file and line" grep -q "industry_words.tsv: [0-9]* 行目の形式が正しくありません" "$W/badtpl.err"
cp -r "$SHINDAN_TEMPLATES" "$W/badmuni"
printf '12100\t12\t千葉市\t\t\n' >>"$W/badmuni/municipalities.tsv"
SHINDAN_TEMPLATES="$W/badmuni" "$BIN" check "$W/2026-09_clerk.csv" >/dev/null 2>"$W/badmuni.err"
eq "a bad municipalities.tsv line stops the run" $? 1

# what is published names the whole city
"$BIN" stats --db "$DB" --by municipality --format csv --no-suppress >"$W/muni.csv"
check "stats by municipality: 千葉県千葉市, one group over both months" grep -q "千葉市" "$W/muni.csv"
check "stats by municipality: no 市中央区" sh -c "! grep -q '市中央区' '$W/muni.csv'"

# the member's own report names its city whole
"$BIN" report --db "$DB" --out "$W/out" --period 2026-10 --member V001 >/dev/null 2>"$W/report.err"
eq "V001's report is made" $? 0
pdftotext -layout "$W/out/2026-10/companies/V001.pdf" "$W/V001.txt" 2>/dev/null
check "its report says 所在地 千葉県千葉市" grep -q "千葉県千葉市" "$W/V001.txt"

echo
echo "vocabulary: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
