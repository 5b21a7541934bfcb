#!/bin/bash
# test_seminar.sh - the seminar kit, as an organiser uses it on a
# generated two-period sample (September undated from paper, October
# dated from a web form): sign-up lists (CSV UTF-8 and CP932, xlsx)
# matched by number and by name variants, unknown and ambiguous names
# listed and never guessed, duplicates counted once; the handout read
# back page by page (cover, blank back page, each member's two pages in
# list order); answer sheets and the input file, filled by a script and
# imported to the expected totals; the effect against an independent
# computation (tests/integration/seminar.py), and its privacy rule; the
# workbook's sheet of it (the answers up to its period); a
# member's report naming its seminar; refusals.
# usage: test_seminar.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
SEM="$ROOT/tests/integration/seminar.py"
. "$ROOT/tests/integration/lib.sh"
DB="$W/db"
OUT="$W/out"
export SHINDAN_TODAY=2027-01-31 # the typed sheets are dated November and December 2026

# run_py NAME CMD...: each "ok - " / "FAIL - " line of the helper counts as a check
run_py() {
    local name="$1"; shift
    "$PY" "$SEM" "$@" >"$W/py.out" 2>&1
    local rc=$? line
    [ $rc -eq 0 ] || no "$name: the helper ran" "$(tail -3 "$W/py.out")"
    while IFS= read -r line; do
        case "$line" in
            "ok - "*) ok "$name: ${line#ok - }" ;;
            "FAIL - "*) no "$name: ${line#FAIL - }" ;;
            "# "*) echo "       ${line#\# }" ;;
        esac
    done <"$W/py.out"
}
expect() { sed -n "s/^$1 //p" "$W/lists/expected.txt"; }

# ---- the sample: 200 members, September and October ----
"$PY" "$ROOT/tests/gen_sample.py" --out "$W/in" --companies 200 --seed 4242 --no-bad >/dev/null
"$BIN" import -q --db "$DB" "$W/in" 2>"$W/import.err"; eq "the sample imports" $? 0
mkdir -p "$W/lists" && "$PY" "$SEM" lists "$DB" "$W/lists"; eq "the sign-up lists are made" $? 0

# ---- add: the list matched ----
"$BIN" seminar add --db "$DB" --title "情報セキュリティ入門" --date 2026-09-30 --place "本所3階" "$W/lists/list.csv" >"$W/add1.out" 2>"$W/add1.err"
eq "seminar add exits 0" $? 0
S1=$(sed -n 's/^セミナー ID \([0-9]*\) を登録しました.*/\1/p' "$W/add1.out")
check "add prints the seminar's id" test -n "$S1"
check "add prints the counts: by number, by name, new, unmatched, duplicates" grep -qF "$(expect counts)" "$W/add1.out"
check "the No. column of the list is not taken for the member number" grep -q "B列「会員番号」" "$W/add1.out"
check "an unknown name is listed with the reason" grep -q "「存在しない商会」: この事業所名の会員は見つかりません" "$W/add1.out"
amb=$(expect ambiguous)
check "an ambiguous name is listed with every member it fits, not guessed" \
    sh -c "grep '社（' '$W/add1.out' | grep -q '$(echo "$amb" | cut -d' ' -f1)' && grep '社（' '$W/add1.out' | grep -q '$(echo "$amb" | cut -d' ' -f2)'"
check "a number and a name that disagree are listed, naming the name's member" \
    grep -q "会員番号 M09998 の回答はまだありませんが、事業所名は $(expect conflict)" "$W/add1.out"
check "a number that cannot be one is listed" grep -q "「M-?1」.*読めません" "$W/add1.out"
check "duplicates are named with the line they repeat" grep -q "行目と同じ会員です" "$W/add1.out"
q "$DB" "SELECT 'row ' || list_order || ' ' || status || ' ' || COALESCE(member_no, '-') FROM seminar_attendee
    WHERE seminar_id = $S1 ORDER BY list_order" | sed 's/ name / name /' >"$W/stored.txt"
grep '^row ' "$W/lists/expected.txt" | sed 's/^row //; s/^/row /' >"$W/expected_rows.txt"
check "every line is stored once, in list order, matched as expected (number, name, new, unmatched)" \
    diff "$W/expected_rows.txt" "$W/stored.txt"
"$PY" - "$DB" "$S1" "$W/lists/list.csv" >"$W/raw.out" <<'PY'
import csv, sqlite3, sys
names = {r[2].strip() for r in csv.reader(open(sys.argv[3], encoding="utf-8-sig"))}  # trimmed only
stored = [r[0] for r in sqlite3.connect(sys.argv[1]).execute(
    "SELECT raw_name FROM seminar_attendee WHERE seminar_id = ? AND raw_name <> ''", (int(sys.argv[2]),))]
print(len(stored), sum("㈱" in n for n in stored), all(n in names for n in stored))
PY
check "the names are stored as the list wrote them (㈱ kept)" awk '$1 > 10 && $2 > 0 && $3 == "True" {f = 1} END {exit !f}' "$W/raw.out"

# the same list as xlsx (a title row above the header) and as CP932
"$BIN" seminar add --db "$DB" --title "同じ名簿（xlsx）" --date 2026-09-30 "$W/lists/list.xlsx" >"$W/add2.out" 2>&1
eq "an xlsx list is added" $? 0
S2=$(sed -n 's/^セミナー ID \([0-9]*\) を.*/\1/p' "$W/add2.out")
"$BIN" seminar add --db "$DB" --title "同じ名簿（CP932）" --date 2026-09-30 "$W/lists/list_sjis.csv" >"$W/add3.out" 2>&1
eq "a CP932 list is added" $? 0
S3=$(sed -n 's/^セミナー ID \([0-9]*\) を.*/\1/p' "$W/add3.out")
check "the CP932 list is read as CP932" grep -q "CSV (CP932)" "$W/add3.out"
rows_of() { q "$DB" "SELECT list_order, status, member_no, company_id, raw_name FROM seminar_attendee WHERE seminar_id = $1 ORDER BY 1"; }
# (one sqlite3 at a time: two opening the database at once may find it busy)
rows_of "$S1" >"$W/rows1"; rows_of "$S2" >"$W/rows2"; rows_of "$S3" >"$W/rows3"
check "the xlsx list matches exactly as the CSV" diff "$W/rows1" "$W/rows2"
check "the CP932 list matches exactly as the UTF-8 one" diff "$W/rows1" "$W/rows3"
check "  (and the lists are not empty)" test "$(wc -l <"$W/rows1")" -gt 30

# refusals
"$BIN" seminar add --db "$DB" --date 2026-09-30 "$W/lists/list.csv" >/dev/null 2>"$W/e1"; eq "add without --title exits 2" $? 2
"$BIN" seminar add --db "$DB" --title x --date 2026-13-45 "$W/lists/list.csv" >/dev/null 2>"$W/e2"; eq "add with a date that is none exits 2" $? 2
check "  and says how to write it" grep -q "2026-10-20 のように" "$W/e2"
printf 'No.,氏名\n1,山田\n' >"$W/noheader.csv"
"$BIN" seminar add --db "$DB" --title x --date 2026-09-30 "$W/noheader.csv" >/dev/null 2>"$W/e3"; eq "a list without 会員番号 or 事業所名 is refused (exit 1)" $? 1
check "  naming what its first row holds" grep -q "「氏名」" "$W/e3"
before=$(q "$DB" "SELECT count(*) FROM seminar")
"$BIN" seminar add --db "$DB" --title "情報セキュリティ入門" --date 2026-09-30 "$W/lists/list.csv" >/dev/null 2>"$W/e4"
eq "the same title and date again is refused (exit 1)" $? 1
check "  naming the seminar to replace" grep -q "\-\-seminar $S1" "$W/e4"
eq "nothing was stored by the refusals" "$(q "$DB" "SELECT count(*) FROM seminar")" "$before"
"$BIN" seminar add --db "$DB" --seminar "$S3" "$W/lists/small.csv" >"$W/e5" 2>&1; eq "--seminar replaces a seminar's list" $? 0
eq "  the list is replaced (3 lines)" "$(q "$DB" "SELECT count(*) FROM seminar_attendee WHERE seminar_id = $S3")" 3
check "  and says so" grep -q "セミナー ID $S3 を更新しました" "$W/e5"
"$BIN" seminar list --db "$DB" >"$W/list.out" 2>&1; eq "seminar list exits 0" $? 0
check "seminar list shows the seminar with its date and place" grep -q "2026-09-30.*情報セキュリティ入門（本所3階）" "$W/list.out"
"$BIN" seminar frobnicate --db "$DB" >/dev/null 2>&1; eq "an unknown seminar subcommand exits 2" $? 2
"$BIN" seminar kit --db "$DB" >/dev/null 2>&1; eq "seminar kit without --out exits 2" $? 2

# ---- kit: the period on or before the seminar's day (September) ----
"$BIN" seminar kit --db "$DB" --out "$OUT" --seminar "$S1" 2>"$W/kit.err"; eq "seminar kit exits 0" $? 0
K="$OUT/seminars/2026-09-30_$S1"
for f in handout.pdf answer_sheets.pdf answer_input.xlsx answer_input.csv; do
    check "kit writes $f" test -s "$K/$f"
    eq "  $f is readable by its owner only" "$(stat -c %a "$K/$f")" 600
done
eq "the seminar's folder is private" "$(stat -c %a "$K")" 700
check "no temporary file is left" sh -c "! ls -a '$K' | grep -q tmp"
run_py "handout" handout "$DB" "$S1" 2026-09 "$K/handout.pdf"
included=$(q "$DB" "SELECT count(*) FROM seminar_attendee a JOIN response r ON r.company_id = a.company_id AND r.period = '2026-09' WHERE a.seminar_id = $S1")
eq "pdfinfo agrees: cover + 2 × $included members" "$(pdfinfo "$K/handout.pdf" | awk '/^Pages/ {print $2}')" \
    "$(( $(pdftotext -layout "$K/handout.pdf" - | awk -v RS='\f' '/結果のお知らせ/ {print NR - 1; exit}') + 2 * included ))"
# page 2's art every attendee shares is one object in the file, placed on each page 2
# (a long name moves the table down: one object per place it starts)
forms=$(grep -ac "/Subtype /Form" "$K/handout.pdf")
check "the handout holds page 2's art once, not on every attendee's page ($forms)" \
    test "$forms" -ge 1 -a "$forms" -lt "$included"
pdftotext -layout -l 3 "$K/handout.pdf" "$W/cover.txt"
check "the cover lists a member without a September answer" grep -q "$(q "$DB" "SELECT c.member_no FROM seminar_attendee a JOIN company c ON c.id = a.company_id WHERE a.seminar_id = $S1 AND NOT EXISTS (SELECT 1 FROM response r WHERE r.company_id = c.id AND r.period = '2026-09') LIMIT 1")" "$W/cover.txt"
check "the cover lists the new member number as a first answer" grep -q "M09999.*初めての回答" "$W/cover.txt"
check "the cover lists the unmatched lines with the reason" grep -q "事業所名が .* 社（" "$W/cover.txt"
check "the cover gives each report's page as the footers count pages (通し k)" grep -q "通し [0-9]" "$W/cover.txt"
noanswer=$(q "$DB" "SELECT count(*) FROM seminar_attendee a LEFT JOIN company c ON c.id = a.company_id WHERE a.seminar_id = $S1 AND a.status <> 'unmatched' AND (c.id IS NULL OR NOT EXISTS (SELECT 1 FROM response r WHERE r.company_id = c.id AND r.period = '2026-09'))")
eq "answer_sheets.pdf: two pages for each of the $noanswer members without a September answer" \
    "$(pdfinfo "$K/answer_sheets.pdf" | awk '/^Pages/ {print $2}')" "$((2 * noanswer))"
pdftotext -layout "$K/answer_sheets.pdf" "$W/sheets.txt"
check "an answer sheet prints the member's number and name" grep -q "M09999" "$W/sheets.txt"
check "an answer sheet holds the 25 questions from questionnaire.ini" \
    sh -c "grep -q 'パスワードは破られにくい' '$W/sheets.txt' && grep -q '^ *25 ' '$W/sheets.txt'"
check "an answer sheet says how points count" grep -q "点数の数え方" "$W/sheets.txt"
check "an answer sheet says where to hand it in" grep -q "TEL 029-000-0000" "$W/sheets.txt"
"$PY" - "$K/answer_input.xlsx" "$DB" "$S1" >"$W/xlsx.out" 2>&1 <<'PY'
import sqlite3, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = rows[0]
want = ["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日", "SECURITY ACTION"] + [f"Q{q}" for q in range(1, 26)]
print("header", head == want)
con = sqlite3.connect(sys.argv[2])
exp = [r[0] for r in con.execute("""SELECT COALESCE(c.member_no, a.member_no) FROM seminar_attendee a
    LEFT JOIN company c ON c.id = a.company_id WHERE a.seminar_id = ? AND a.status <> 'unmatched'
    AND (c.id IS NULL OR NOT EXISTS (SELECT 1 FROM response r WHERE r.company_id = c.id AND r.period = '2026-09'))
    ORDER BY a.list_order""", (int(sys.argv[3]),))]
print("members", [r[0] for r in rows[1:]] == exp)
print("details", all(r[2] and r[3] for r in rows[1:] if r[0] != "M09999"))
print("empty", all(v is None for r in rows[1:] for v in r[6:]))
dv = [d for d in ws.data_validations.dataValidation if d.type == "list" and "一部実施している" in (d.formula1 or "")]
print("validation", bool(dv) and str(dv[0].sqref) == f"I2:AG{len(rows)}")
PY
check "answer_input.xlsx has the header shindan imports" grep -qx "header True" "$W/xlsx.out"
check "  one row per member without an answer, in list order" grep -qx "members True" "$W/xlsx.out"
check "  the members' stored details filled in" grep -qx "details True" "$W/xlsx.out"
check "  回答日, SECURITY ACTION and the answers empty" grep -qx "empty True" "$W/xlsx.out"
check "  a list of the four answers on every answer cell" grep -qx "validation True" "$W/xlsx.out"
"$BIN" seminar kit --db "$DB" --out "$W/all" --seminar "$S1" --all -q; eq "kit --all exits 0" $? 0
members=$(q "$DB" "SELECT count(*) FROM seminar_attendee WHERE seminar_id = $S1 AND status <> 'unmatched'")
eq "  --all: answer sheets for all $members members on the list" \
    "$(pdfinfo "$W/all/seminars/2026-09-30_$S1/answer_sheets.pdf" | awk '/^Pages/ {print $2}')" "$((2 * members))"
"$BIN" seminar kit --db "$DB" --out "$W/latest" -q; eq "kit without --seminar exits 0" $? 0
check "  and makes the latest seminar's kit" test -d "$W/latest/seminars/2026-09-30_$S3"
"$PY" "$ROOT/tests/layout/check_layout.py" "$K/handout.pdf" "$K/answer_sheets.pdf" >"$W/layout1.txt" 2>&1
check "handout and answer sheets: no text over text, nothing outside the margins, no widow" \
    sh -c "tail -1 '$W/layout1.txt' | grep -q ' 0 problems'"

# ---- the typed answer sheets import as they are ----
mkdir -p "$W/typed"
"$PY" "$SEM" fill "$K/answer_input.xlsx" "$W/typed/answers.xlsx" 2026-11-05 | sort >"$W/fill_xlsx.txt"
"$BIN" import --db "$DB" "$W/typed/answers.xlsx" >"$W/typed.out" 2>&1; eq "the filled answer_input.xlsx imports with exit 0" $? 0
check "  with no row rejected" grep -q "取り込めない行 0" "$W/typed.out"
q "$DB" "SELECT c.member_no || ' ' || r.total FROM response r JOIN company c ON c.id = r.company_id WHERE r.period = '2026-11' ORDER BY 1" >"$W/got_xlsx.txt"
check "  and stores the expected totals ($(wc -l <"$W/fill_xlsx.txt") members)" diff "$W/fill_xlsx.txt" "$W/got_xlsx.txt"
"$PY" "$SEM" fill "$K/answer_input.csv" "$W/typed/answers.csv" 2026-12-03 | sort >"$W/fill_csv.txt"
"$BIN" import --db "$DB" "$W/typed/answers.csv" >"$W/typed2.out" 2>&1; eq "the filled answer_input.csv imports with exit 0" $? 0
q "$DB" "SELECT c.member_no || ' ' || r.total FROM response r JOIN company c ON c.id = r.company_id WHERE r.period = '2026-12' ORDER BY 1" >"$W/got_csv.txt"
check "  and stores the expected totals" diff "$W/fill_csv.txt" "$W/got_csv.txt"
"$BIN" seminar kit --db "$DB" --out "$W/nov" --seminar "$S1" --period 2026-11 -q; eq "kit --period 2026-11 exits 0" $? 0
check "  the new member, having answered, is now in the handout" \
    sh -c "pdftotext '$W/nov/seminars/2026-09-30_$S1/handout.pdf' - | grep -q '会員番号 M09999'"

# ---- a member's report names its seminar ----
A=$(expect attendee); O=$(expect outsider)
"$BIN" report --db "$DB" --out "$W/rep" --period 2026-10 --member "$A" -q; eq "report for attendee $A exits 0" $? 0
d=$(q "$DB" "SELECT o.total - s.total FROM response o JOIN response s ON s.company_id = o.company_id JOIN company c ON c.id = o.company_id WHERE c.member_no = '$A' AND o.period = '2026-10' AND s.period = '2026-09'")
sign=$([ "$d" -gt 0 ] && echo "+$d" || { [ "$d" -lt 0 ] && echo "▲${d#-}" || echo "±0"; })
check "its report says 2026年9月30日のセミナー受講後 ${sign}点" \
    sh -c "pdftotext -layout '$W/rep/2026-10/companies/$A.pdf' - | grep -q '2026年9月30日のセミナー受講後 ${sign}点'"
"$BIN" report --db "$DB" --out "$W/rep" --period 2026-10 --member "$O" -q
check "a member who did not attend is told of no seminar" \
    sh -c "! pdftotext '$W/rep/2026-10/companies/$O.pdf' - | grep -q 'セミナー受講後'"

# ---- effect: against our own computation, and the privacy rule ----
"$BIN" seminar effect --db "$DB" --out "$OUT" --seminar "$S1" 2>"$W/eff.err"; eq "seminar effect exits 0" $? 0
check "  effect.pdf is in the seminar's folder" test -s "$K/effect.pdf"
pdftotext -layout "$K/effect.pdf" "$W/effect.txt"
run_py "effect" effect "$DB" "$S1" "$W/effect.txt" shown
"$BIN" seminar effect --db "$DB" --out "$OUT" --seminar "$S3" -q; eq "effect of a 3-member seminar exits 0" $? 0
pdftotext -layout "$OUT/seminars/2026-09-30_$S3/effect.pdf" "$W/small.txt"
run_py "effect, 3 attendees" effect "$DB" "$S3" "$W/small.txt" hidden
check "  and says why" grep -q "社に満たない" "$W/small.txt"

# ---- the workbook's sheet of the seminars' effect ----
# effect.pdf's figures (checked above against our own computation) in
# the workbook of the later period; no sheet in September's (no answer
# after the seminar yet in or before it); suppressed groups carry no
# figure. sheet.py prints ok/FAIL lines as seminar.py does.
cat >"$W/sheet.py" <<'PY'
import math, sys, openpyxl
xlsx, mode = sys.argv[1], sys.argv[2]
def check(cond, what, detail=""):
    print(("ok - " if cond else "FAIL - ") + what + ("" if cond else f" :: {detail}"))
wb = openpyxl.load_workbook(xlsx)
name = "セミナーの効果"
if mode == "absent":
    check(name not in wb.sheetnames, "no seminar sheet", wb.sheetnames)
    sys.exit(0)
check(name in wb.sheetnames, "the sheet is there", wb.sheetnames)
if name not in wb.sheetnames:
    sys.exit(0)
check(wb.sheetnames.index(name) == wb.sheetnames.index("設問別") + 1, "after 設問別", wb.sheetnames)
rows = [list(r) for r in wb[name].iter_rows(values_only=True)]
head, rows = rows[0], rows[1:]
def of(sid):
    return [r for r in rows if r[0] == int(sid)]
def change(v):  # as effect.pdf prints it: +5.2点, ▲1.3点, ±0.0点
    r = math.copysign(math.floor(abs(v) * 10 + 0.5), v) / 10
    return ("+" if r > 0 else "▲" if r < 0 else "±") + f"{abs(r):.1f}点"
def share(v):
    return f"{100 * v:.1f}%"
def pdf_row(text, label):
    line = next((l for l in text.splitlines() if l.strip().startswith(label)), "")
    return line[len(line) - len(line.lstrip()) + len(label):].split()
figures = slice(5, 14)  # 比べた会員数 .. 新たに5か条実施済になった割合
if mode == "shown":  # sheet.py XLSX shown SEMINAR EFFECT_TXT SAME_LIST_SEMINAR
    sid, txt, twin = sys.argv[3], open(sys.argv[4], encoding="utf-8").read(), sys.argv[5]
    mine = of(sid)
    check([r[3] for r in mine] == ["受講した会員", "受講していない会員"], f"seminar {sid}: one row per group",
          [r[:5] for r in mine])
    if len(mine) != 2:
        sys.exit(0)
    check(all(r[2] == "情報セキュリティ入門" and str(r[1])[:10] == "2026-09-30" for r in mine),
          "  its title and date", [r[:3] for r in mine])
    a, o = mine
    got = {"比べた会員の数": [f"{r[5]}社" for r in mine],
           "総合点の平均の変化": [change(r[6]) for r in mine],
           "総合点が上がった会員の割合": [share(r[10]) for r in mine],
           "5か条を実施済みの割合（前 → 後）": [share(a[11]), "→", share(a[12]), share(o[11]), "→", share(o[12])],
           "新たに5か条を実施済みになった会員の割合": [share(r[13]) for r in mine]}
    parts = ["基本的対策（1〜5）の平均の変化", "従業員としての対策（6〜18）の平均の変化", "組織としての対策（19〜25）の平均の変化"]
    for p, label in enumerate(parts):
        check(head[7 + p] == label, f"  column of part {p + 1}", head[7 + p])
        got[label] = [change(r[7 + p]) for r in mine]
    for label, v in got.items():
        check(v == pdf_row(txt, label) and v, f"  {label} as effect.pdf", f"{v} vs {pdf_row(txt, label)}")
    check(all(isinstance(r[5], int) or float(r[5]).is_integer() for r in mine), "  n as whole numbers", mine)
    check(all(r[14] is None for r in mine), "  no note on shown groups", [r[14] for r in mine])
    check([r[5:] for r in of(twin)] == [r[5:] for r in mine], f"seminar {twin} (the same list): the same figures",
          of(twin))
elif mode == "unlisted":  # sheet.py XLSX unlisted SEMINAR
    check(of(sys.argv[3]) == [], f"seminar {sys.argv[3]} (no answer after it by then) not listed", of(sys.argv[3]))
else:  # sheet.py XLSX hidden SEMINAR NOTE
    sid, note = sys.argv[3], sys.argv[4]
    mine = of(sid)
    check(len(mine) == 2, f"seminar {sid}: its two groups listed", mine)
    check(all(v is None for r in mine for v in r[figures]), "  no figure, not even n", [r[figures] for r in mine])
    check(all(r[14] == note for r in mine), f"  the note 「{note}」", [r[14] for r in mine])
PY
run_sheet() {
    local name="$1"; shift
    "$PY" "$W/sheet.py" "$@" >"$W/sheet.out" 2>&1
    local rc=$? line
    [ $rc -eq 0 ] || no "$name: the check ran" "$(tail -3 "$W/sheet.out")"
    while IFS= read -r line; do
        case "$line" in
            "ok - "*) ok "$name: ${line#ok - }" ;;
            "FAIL - "*) no "$name: ${line#FAIL - }" ;;
        esac
    done <"$W/sheet.out"
}
"$BIN" excel --db "$DB" --out "$W/xl" --period 2026-10 -q 2>"$W/xl.err"; eq "excel for October exits 0" $? 0
run_sheet "October's workbook" "$W/xl/2026-10/summary.xlsx" shown "$S1" "$W/effect.txt" "$S2"
run_sheet "October's workbook" "$W/xl/2026-10/summary.xlsx" hidden "$S3" "回答数が5社未満のため非表示"
"$BIN" excel --db "$DB" --out "$W/xl" --period 2026-09 -q 2>>"$W/xl.err"; eq "excel for September exits 0" $? 0
run_sheet "September's workbook" "$W/xl/2026-09/summary.xlsx" absent
"$PY" "$SEM" near "$DB" "$S1" "$W/lists"
"$BIN" seminar add --db "$DB" --title "ほぼ同じ名簿" --date 2026-09-30 "$W/lists/near.csv" >"$W/add4.out" 2>&1
S4=$(sed -n 's/^セミナー ID \([0-9]*\) を.*/\1/p' "$W/add4.out")
"$BIN" seminar effect --db "$DB" --out "$OUT" --seminar "$S1" -q
pdftotext -layout "$K/effect.pdf" "$W/near1.txt"
run_py "effect, another seminar one member apart" effect "$DB" "$S1" "$W/near1.txt" hidden
check "  naming that seminar" grep -q "ID $S4" "$W/near1.txt"
"$BIN" seminar effect --db "$DB" --out "$OUT" --seminar "$S4" -q
pdftotext -layout "$OUT/seminars/2026-09-30_$S4/effect.pdf" "$W/near4.txt"
run_py "effect of that other seminar" effect "$DB" "$S4" "$W/near4.txt" hidden
"$BIN" seminar add --db "$DB" --title "年末の回" --date 2026-12-20 "$W/lists/small.csv" >/dev/null 2>&1
"$BIN" seminar effect --db "$DB" --out "$OUT" 2>"$W/none.err"; eq "effect before any answer after the seminar exits 0" $? 0
check "  and says there is none yet" sh -c "grep -q 'まだない' '$W/none.err' && pdftotext '$OUT/seminars/2026-12-20_'*/effect.pdf - | grep -q 'セミナーの後の回答がまだありません'"
S5=$(q "$DB" "SELECT id FROM seminar WHERE held_on = '2026-12-20'")
"$BIN" excel --db "$DB" --out "$W/xl2" --period 2026-10 -q 2>>"$W/xl.err"; eq "excel for October again exits 0" $? 0
run_sheet "with seminar $S4 one member apart" "$W/xl2/2026-10/summary.xlsx" hidden "$S1" "セミナー ID $S4 から逆算できるため非表示"
run_sheet "with seminar $S4 one member apart" "$W/xl2/2026-10/summary.xlsx" unlisted "$S5"
"$PY" "$ROOT/tests/layout/check_layout.py" "$K/effect.pdf" "$OUT/seminars/2026-09-30_$S3/effect.pdf" >"$W/layout2.txt" 2>&1
check "effect.pdf: no text over text, nothing outside the margins" sh -c "tail -1 '$W/layout2.txt' | grep -q ' 0 problems'"

# ---- refusals of the kit ----
mkdir -p "$W/elsewhere" "$W/linked"
ln -s "$W/elsewhere" "$W/linked/seminars"
"$BIN" seminar kit --db "$DB" --out "$W/linked" --seminar "$S1" -q 2>"$W/link.err"; eq "a link at OUT/seminars is refused (exit 1)" $? 1
check "  saying it is a link" grep -q "シンボリックリンク" "$W/link.err"
check "  and nothing is written through it" sh -c "[ -z \"\$(ls -A '$W/elsewhere')\" ]"
"$BIN" seminar kit --db "$DB" --out "$W/x" --seminar 999 -q 2>"$W/nosem.err"; eq "an unknown seminar id exits 1" $? 1
check "  saying so" grep -q "999 は登録されていません" "$W/nosem.err"
cp -r "$ROOT/templates" "$W/placeholder"
SHINDAN_TEMPLATES="$W/placeholder" "$BIN" seminar kit --db "$DB" --out "$W/x" --seminar "$S1" -q 2>"$W/org.err"
eq "kit under the template's placeholder name is refused (exit 1)" $? 1
check "  pointing to shindan init" grep -q "shindan init" "$W/org.err"

echo
echo "seminar: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
