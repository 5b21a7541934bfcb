#!/bin/bash
# test_workbook.sh - summary.xlsx as analysts read and print it, read back
# with python3-openpyxl and from the package's XML: the answers' colours
# in the 設問別 chart, question labels as its categories, the industry x
# prefecture matrix (every number a published mean, every suppressed cell
# "—", a colour scale), whole-number formats on counts, the filter on
# 回答明細, print set-up on every sheet (A4 landscape, one page wide, the
# header row repeated, organisation and period in the header, & escaped),
# and 推移's periods as dates shown once. Two answer sets: input/ and a
# 20-member sample where most groups are suppressed.
# usage: test_workbook.sh BUILD_DIR   (prints "workbook: N passed, N failed")
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

check "python3-openpyxl is installed" $PY -c "import openpyxl"

# templates whose organisation name needs escaping in a print header: a
# plain & (written &&) and &G, which libxlsxwriter would take for an image
ORG='A&B&G テスト商工会議所'
tpl() { # DIR NAME: a copy of the templates under the organisation NAME
    mkdir -p "$1"
    cp -r "$ROOT/templates/." "$1/"
    NAME="$2" $PY - "$1/shindan.ini" <<'EOF'
import os, re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
# a long name goes on indented continuation lines (a template line holds 198 bytes)
name = os.environ["NAME"]
name = "\n    ".join(name[i:i + 40] for i in range(0, len(name), 40))
s = re.sub(r"(?m)^name *=.*$", lambda m: "name = " + name, s, count=1)
for k, v in (("desk", "経営支援課"), ("phone", "029-000-0000"), ("email", "soudan@example.jp"),
             ("web", "https://www.example.jp/soudan")):
    s = re.sub(r"(?m)^%s *=.*$" % k, "%s = %s" % (k, v), s, count=1)
open(p, "w", encoding="utf-8").write(s)
EOF
}
tpl "$W/tpl" "$ORG"
export SHINDAN_TEMPLATES="$W/tpl"

CHECK="$W/check_workbook.py"
cat >"$CHECK" <<'PYEOF'
"""Checks one summary.xlsx; prints ok<TAB>what or no<TAB>what<TAB>detail.
usage: check_workbook.py XLSX ORG PERIOD DETAILS(0|1) STATS_DIR"""
import csv, datetime, re, sys, zipfile
from fractions import Fraction
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

path, org, period, details, stats = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5]
tag = f"{period}{' with details' if details else ''}"
PALETTE = {"実施している": "2E7D32", "一部実施している": "F9A825", "実施していない": "C62828", "わからない": "9E9E9E"}
INTEGER = ("0", "#,##0")


def say(ok, what, detail=""):
    what = f"{tag}: {what}"
    print(f"ok\t{what}" if ok else f"no\t{what}\t{str(detail)[:300]}")


def half_up(x, places):
    """四捨五入 of an exact Fraction at places decimals, as a Fraction."""
    q = x * 10 ** places
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return Fraction(-n if q < 0 else n, 10 ** places)


def rows(name):
    return list(csv.DictReader(open(f"{stats}/{name}.csv", encoding="utf-8")))


wb = load_workbook(path)
z = zipfile.ZipFile(path)
names = wb.sheetnames

# sheet name -> its XML part
rels = z.read("xl/_rels/workbook.xml.rels").decode()
target = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
target.update({a: b for b, a in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
wbxml = z.read("xl/workbook.xml").decode()
part = {}
for m in re.finditer(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', wbxml):
    part[m.group(1)] = "xl/" + target[m.group(2)].lstrip("/").removeprefix("xl/")


def header_cols(ws, row=1):
    return {c.value: c.column for c in ws[row] if isinstance(c.value, str)}


# ---- 1, 2. the 設問別 chart: the answers' colours, question labels as categories
q = wb["設問別"]
qhead = header_cols(q)
charts = [n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
found = None
for n in charts:
    xml = z.read(n).decode()
    if "'設問別'!" in xml and "percentStacked" in xml:
        found = (n, xml)
if not found:
    say(False, "設問別 has a stacked chart", charts)
else:
    n, xml = found
    sers = re.findall(r"<c:ser>.*?</c:ser>", xml, re.S)
    colours, cats = {}, set()
    for s in sers:
        m = re.search(r"<c:tx><c:strRef><c:f>'設問別'!\$([A-Z]+)\$1</c:f>", s)
        fill = re.search(r"<c:spPr><a:solidFill><a:srgbClr val=\"([0-9A-Fa-f]{6})\"", s)
        name = q[f"{m.group(1)}1"].value if m else None
        colours[name] = fill.group(1).upper() if fill else None
        c = re.search(r"<c:cat>(.*?)</c:cat>", s, re.S)
        cats.add(c.group(1) if c else None)
    say(colours == PALETTE, "設問別 chart: 実施 green, 一部 amber, 未実施 red, わからない grey", colours)
    ref = re.fullmatch(r"<c:strRef><c:f>'設問別'!\$([A-Z]+)\$2:\$\1\$(\d+)</c:f></c:strRef>", next(iter(cats))) \
        if len(cats) == 1 and None not in cats else None
    if not ref:
        say(False, "設問別 chart: one text range (strRef) of categories for every series", cats)
    else:
        labels = [q[f"{ref.group(1)}{r}"].value for r in range(2, int(ref.group(2)) + 1)]
        good = len(labels) == 25 and all(isinstance(v, str) and re.match(rf"Q{i} \S", v)
                                         for i, v in enumerate(labels, 1))
        say(good, "設問別 chart: categories are the question labels Q1 … Q25", labels[:3])
        numbers = [r[qhead["設問"] - 1] for r in q.iter_rows(min_row=2, max_row=26, values_only=True)]
        say(numbers == list(range(1, 26)), "設問別 keeps 設問 as numbers 1-25 (read by attack.py)", numbers[:5])

# ---- 3. the industry x prefecture matrix
corner = [(ws, c) for ws in wb for row in ws.iter_rows() for c in row if c.value == "平均点：業種＼都道府県"]
cross = rows("industry-prefecture")
# rows and columns of shown cells only: no matrix when no cell is shown
if len(corner) != (1 if cross else 0):
    say(False, f"{'one' if cross else 'no'} industry x prefecture matrix", len(corner))
elif corner:
    ws, c = corner[0]
    r0, c0 = c.row, c.column
    cols = {}
    col = c0 + 1
    while isinstance(ws.cell(r0, col).value, str) and ws.cell(r0, col).value != "業種計":
        cols[ws.cell(r0, col).value] = col
        col += 1
    total_col = col if ws.cell(r0, col).value == "業種計" else None
    rws = {}
    r = r0 + 1
    while isinstance(ws.cell(r, c0).value, str) and re.match(r"[A-T] ", ws.cell(r, c0).value):
        rws[ws.cell(r, c0).value[0]] = r
        r += 1
    total_row = r if ws.cell(r, c0).value == "都道府県計" else None
    want_ind = sorted({s["key"][0] for s in cross})
    want_pref = {s["label"].split(" × ")[1] for s in cross}
    say(sorted(rws) == want_ind and set(cols) == want_pref and len(cross) > 0,
        f"matrix: industries as rows ({len(rws)}), prefectures as columns ({len(cols)})",
        (sorted(rws), want_ind, sorted(cols), sorted(want_pref)))
    say(total_col is not None and total_row is not None, "matrix: 業種計 column and 都道府県計 row")
    bad, shown, hidden = [], 0, 0
    expect = {}
    for s in cross:
        rr, cc = rws.get(s["key"][0]), cols.get(s["label"].split(" × ")[1])
        if rr is None or cc is None:
            bad.append(("missing", s["key"]))
            continue
        expect[(rr, cc)] = s
    for rr in rws.values():
        for cc in cols.values():
            v = ws.cell(rr, cc).value
            s = expect.get((rr, cc))
            if s is None:
                # an empty pair reads as a hidden one: a blank would say
                # that the hidden ones have members (issue 28)
                if v != "—":
                    bad.append(("empty pair not marked as a hidden one", rr, cc, v))
            elif s["suppressed"] == "1":
                hidden += 1
                if v != "—":
                    bad.append(("suppressed", s["key"], v))
            else:
                shown += 1
                if not isinstance(v, (int, float)) or abs(v - float(s["mean"])) > 5e-5:
                    bad.append(("mean", s["key"], v, s["mean"]))
    say(not bad and shown > 0, f"matrix: {shown} published means as numbers, every other pair — with no "
        "number, hidden or empty alike", bad[:5])
    margins = []
    for s in rows("industry"):
        if s["key"] in rws and total_col:
            margins.append((s, ws.cell(rws[s["key"]], total_col).value))
    for s in rows("prefecture"):
        if s["label"] in cols and total_row:
            margins.append((s, ws.cell(total_row, cols[s["label"]]).value))
    mbad = [(s["key"], v) for s, v in margins if
            (v != "—" if s["suppressed"] == "1" else not isinstance(v, (int, float))
             or abs(v - float(s["mean"])) > 5e-5)]
    say(margins and not mbad, "matrix: 業種計 and 都道府県計 are the published industry and prefecture means", mbad[:5])
    inner = (f"{get_column_letter(min(cols.values()))}{min(rws.values())}:"
             f"{get_column_letter(max(cols.values()))}{max(rws.values())}") if cols and rws else ""
    scales = [str(cf.sqref) for cf in ws.conditional_formatting for rule in cf.rules if rule.type == "colorScale"
              and rule.colorScale is not None and len(rule.colorScale.cfvo) == 3]
    say(inner in scales, f"matrix: a 3-colour scale over its cells {inner}", scales)

# ---- 4. whole numbers on counts
COUNTS = ("回答数", "最小", "最大", "5か条実施済・未宣言（社）", "総合点", "設問", "点", "行")
for ws in wb:
    head = header_cols(ws)
    cells = [c for h, col in head.items() if h in COUNTS
             for (c,) in ws.iter_rows(min_col=col, max_col=col, min_row=2)]
    if ws.title == wb.sheetnames[0]:
        cells += [r[1] for r in ws.iter_rows(max_col=2) if r[0].value == "回答事業所数"]
    nums = [c for c in cells if isinstance(c.value, (int, float))]
    bad = [(c.coordinate, c.value, c.number_format) for c in nums
           if c.number_format not in INTEGER or float(c.value) != int(c.value)]
    if not nums and ws.title in ("概要", "設問別", "推移", "回答明細"):
        say(False, f"{ws.title}: counts are whole numbers", "no count cell found")
    elif nums:
        say(not bad, f"{ws.title}: {len(nums)} counts are whole numbers (format 0 or #,##0)", bad[:5])

# ---- 5. 回答明細: a table or an autofilter over all of it
if details:
    d = wb["回答明細"]
    ref = f"A1:{get_column_letter(d.max_column)}{d.max_row}"
    tables = [t.ref for t in d.tables.values()]
    say(d.max_row > 1 and (d.auto_filter.ref == ref or ref in tables),
        f"回答明細: an autofilter or a table over {ref}", (d.auto_filter.ref, tables))
    say(d.freeze_panes is not None and d.freeze_panes.endswith("2"), "回答明細: the header row stays in view",
        d.freeze_panes)
else:
    say("回答明細" not in names, "no 回答明細 without details", names)

# ---- 6. print set-up on every sheet
titles = dict(re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]+)</definedName>', wbxml))
bad = []
for i, name in enumerate(names):
    xml = z.read(part[name]).decode()
    ps = re.search(r"<pageSetup ([^>]*)/>", xml)
    a = dict(re.findall(r'(\w+)="([^"]*)"', ps.group(1))) if ps else {}
    fit = re.search(r'<pageSetUpPr [^>]*fitToPage="1"', xml)
    why = []
    if a.get("orientation") != "landscape":
        why.append("not landscape")
    if a.get("paperSize") != "9":
        why.append("not A4")
    # one page wide only where that keeps text at 75 % or more; a wider
    # sheet prints at 75 % or more, left to right, its label columns and
    # header row repeated
    widths = {}
    for m in re.finditer(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"([^>]*)/>', xml):
        if 'hidden="1"' not in m.group(4):
            for c in range(int(m.group(1)), int(m.group(2)) + 1):
                widths[c] = float(m.group(3))
    used = re.findall(r'<c r="([A-Z]+)\d+"', xml)
    ncols = max((column_index_from_string(c) for c in used), default=1)
    width = sum(widths.get(c, 9.14) for c in range(1, ncols + 1)
                if not re.search(r'<col min="%d" max="%d"[^>]*hidden="1"' % (c, c), xml))
    titles_ok = re.fullmatch(r"('?%s'?!\$[A-Z]+:\$[A-Z]+,)?'?%s'?!\$1:\$1" % (re.escape(name), re.escape(name)),
                             titles.get(str(i), ""))
    if fit:
        if a.get("fitToWidth", "1") != "1" or a.get("fitToHeight") != "0":
            why.append(f"fitted, but not one page wide ({a})")
        elif width * 0.75 > 136:
            why.append(f"{width:.0f} units fitted to one page wide: text under 75 % ({a})")
    else:
        if int(a.get("scale", "100")) < 75:
            why.append(f"printed at {a.get('scale')} %")
        if a.get("pageOrder") != "overThenDown":
            why.append("wide, but its pages do not go left to right first")
        if not re.match(r"'?%s'?!\$A:\$[A-Z]," % re.escape(name), titles.get(str(i), "")):
            why.append(f"wide, but its label columns do not repeat ({titles.get(str(i))})")
    if not titles_ok:
        why.append(f"no print titles ({titles.get(str(i))})")
    if "<drawing " in xml and re.search(r'<printOptions[^>]*gridLines="1"', xml):
        why.append("gridlines print under its chart")
    h = re.search(r"<oddHeader>(.*?)</oddHeader>", xml)
    f = re.search(r"<oddFooter>(.*?)</oddFooter>", xml)
    h = h.group(1).replace("&amp;", "&") if h else ""
    f = f.group(1).replace("&amp;", "&") if f else ""
    # an & is a code (&L, &P …) or written && for the character itself
    codes = re.findall(r"&(.)", h.replace("&&", ""))
    plain = re.sub(r"&[LCRPNAD]", "", h.replace("&&", "\0")).replace("\0", "&")
    label = f"{int(period[:4])}年{int(period[5:])}月"
    if not set(codes) <= set("LCRPNAD"):
        why.append(f"header has a stray & code {codes}")
    if org.replace("&G", "＆G") not in plain or label not in plain:
        why.append(f"header lacks organisation or period: {h!r}")
    if len(h) > 255 or "&P" not in f:
        why.append(f"footer without page number: {f!r}")
    if why:
        bad.append((name, why))
say(not bad and len(names) >= 9, f"all {len(names)} sheets: A4 landscape, readable (one page wide only where text "
    "stays at 75 % or more; wider ones at 75 %, left to right, label columns repeated), header row on every "
    "page, no gridlines under a chart, organisation and period in the header", bad[:3])
wide = [n for n in names if not re.search(r'<pageSetUpPr [^>]*fitToPage="1"', z.read(part[n]).decode())]
say("業種別" in wide and "概要" not in wide, "wide sheets (業種別 …) print in pages; the narrow 概要 one page wide", wide)

# ---- 6b. header rows as tall as their wrapped text (15 pt a line at least)
short = []
for ws in wb:
    hrow = [c for c in ws[1] if isinstance(c.value, str)]
    if not hrow:
        continue
    h = ws.row_dimensions[1].height or 15
    for c in hrow:
        w = ws.column_dimensions[get_column_letter(c.column)].width or 9.14
        units = sum(2 if ord(ch) >= 0x1100 else 1 for ch in c.value)
        lines = -(-units // max(1, int(w - 1)))  # at least this many at ~1 unit a narrow character
        if h < 15 * lines:
            short.append((ws.title, c.value, w, h))
say(not short, "every header cell fits its row (lines of wrapped text x 15 pt)", short[:4])

# ---- 6c. bands named as the PDFs name them
g = wb["業種別"]
gh = [c.value for c in g[1]]
say("要改善（49点以下）" in gh and "達成（100点）" in gh and not any(isinstance(v, str) and re.search(r"-\d+〜|(\d+)〜\1点", v) for v in gh),
    "band headers read 達成（100点）… 要改善（49点以下）, as the PDFs", gh)

# ---- 6d. one rounding rule: a share is stored as the exact ratio's double and
# shown "0.0%"; Excel shows the double's 15 significant digits rounded half
# away from zero, which must be 四捨五入 of the exact ratio, as the PDFs print
def excel_shows(v, places):
    from decimal import Decimal, ROUND_HALF_UP
    d = Decimal(f"{v:.15g}") * 100
    return Fraction(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)) / 100
qs = list(csv.DictReader(open(f"{stats}/question.csv", encoding="utf-8")))
qh = header_cols(q)
rbad, ties = [], 0
for s in qs:
    if s["suppressed"] == "1":
        continue
    r = int(s["question"]) + 1
    n = int(s["n"])
    for key, head in (("done", "実施している"), ("partial", "一部実施している"), ("rate", "実施率")):
        exact = Fraction(round(float(s[key]) * n), n)
        want = half_up(exact, 3)
        cell = q.cell(r, qh[head])
        got = cell.value
        ties += (exact * 1000).denominator == 2
        if (not isinstance(got, (int, float)) or abs(got - float(exact)) > 1e-12 or cell.number_format != "0.0%"
                or excel_shows(got, 1) != want):
            rbad.append((s["question"], key, got, str(exact), str(want)))
say(not rbad, f"設問別: every share is stored exact and shown as its exact ratio rounded half up at 0.1 % "
    f"({ties} exact halves)", rbad[:4])
say(len(titles) == len(names), "workbook.xml: an _xlnm.Print_Titles per sheet", f"{len(titles)} of {len(names)}")

# ---- 7. 推移: each period once, as a date
t = wb["推移"]
th = header_cols(t)
periods = [s["key"] for s in rows("period")]
got = [(r[th["コード"] - 1], r[th["区分"] - 1]) for r in t.iter_rows(min_row=2, values_only=True)
       if r[th["コード"] - 1] is not None]
dates = [d for _, d in got]
fmts = {t.cell(r, th["区分"]).number_format for r in range(2, len(got) + 2)}
good = (len(got) == len(periods) and [k for k, _ in got] == periods and
        all(isinstance(d, datetime.datetime) and d.day == 1 and f"{d.year:04d}-{d.month:02d}" == k for k, d in got))
say(good, f"推移: {len(periods)} periods, each a date cell (the 1st of its month)", got[:3])
say(len(fmts) == 1 and re.fullmatch(r'yyyy"?年"?m"?月"?', fmts.pop() if fmts else ""),
    "推移: dates shown as yyyy年m月", fmts)
key_col = get_column_letter(th["コード"])
say(t.column_dimensions[key_col].hidden, "推移: the period is shown once (the YYYY-MM key column is hidden)")
lines = [n for n in charts if "<c:lineChart>" in z.read(n).decode() and "'推移'!" in z.read(n).decode()]
say(len(lines) == 1 and f"'推移'!${get_column_letter(th['区分'])}$2" in z.read(lines[0]).decode() and
    "年" in z.read(lines[0]).decode(), "推移: the line chart's categories are the dates, labelled by month", lines)
PYEOF

# verdicts from check_workbook.py as ok/no
judge() {
    local verdict what detail
    while IFS=$'\t' read -r verdict what detail; do
        case "$verdict" in
        ok) ok "$what" ;;
        no) no "$what" "$detail" ;;
        esac
    done <"$1"
    grep -q . "$1" || no "check_workbook.py said nothing" "$(tail -3 "$1.err")"
}

# workbook SET_NAME INPUT_DIR PERIOD: import, then the workbook of PERIOD
# with and without details, each checked against `stats`
workbook() {
    local name="$1" in="$2" p="$3" d="$W/$1" by
    mkdir -p "$d/stats"
    "$BIN" import -q --db "$d/s.db" "$in" 2>"$d/imp.err"
    eq "$name: import exits 0" $? 0
    for by in industry prefecture industry-prefecture period question; do
        "$BIN" stats --db "$d/s.db" --period "$p" --by "$by" --format csv >"$d/stats/$by.csv"
    done
    "$BIN" excel --out "$d/xl" --db "$d/s.db" --period "$p" >/dev/null 2>"$d/xl.err"
    eq "$name: excel exits 0" $? 0
    "$BIN" excel --out "$d/nod" --db "$d/s.db" --period "$p" --no-details >/dev/null 2>"$d/nod.err"
    eq "$name: excel --no-details exits 0" $? 0
    $PY "$CHECK" "$d/xl/$p/summary.xlsx" "$ORG" "$p" 1 "$d/stats" >"$d/v1" 2>"$d/v1.err"
    judge "$d/v1"
    $PY "$CHECK" "$d/nod/$p/summary.xlsx" "$ORG" "$p" 0 "$d/stats" >"$d/v0" 2>"$d/v0.err"
    judge "$d/v0"
    # the workbook that leaves the office quotes no member's own cell
    check "$name: --no-details has no 取込エラー sheet and no rejected cell" $PY - "$d/nod/$p/summary.xlsx" "$d/s.db" "$p" <<'PY'
import sqlite3, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
assert "取込エラー" not in wb.sheetnames, wb.sheetnames
values = {v for (v,) in sqlite3.connect(sys.argv[2]).execute(
    "SELECT value FROM reject WHERE period = ? AND length(value) > 3", (sys.argv[3],))}
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        for c in row:
            assert not (isinstance(c, str) and c in values), (ws.title, c)
PY
}

workbook "input/" "$ROOT/input" 2026-10
$PY tests/gen_sample.py --out "$W/small-in" --companies 20 --seed 7 --no-bad
workbook "20 members" "$W/small-in" 2026-10

# more answers than a sheet holds: 回答明細 goes on in 回答明細 (2), (3) …
# (detail_rows lowered from Excel's 1048575 so the sample overflows it)
tpl "$W/tpl-rows" "テスト商工会議所"
sed -i 's/^detail_rows = .*/detail_rows = 1000/' "$W/tpl-rows/shindan.ini"
SHINDAN_TEMPLATES="$W/tpl-rows" "$BIN" excel --out "$W/rows" --db "$W/input/s.db" --period 2026-10 \
    >/dev/null 2>"$W/rows.err"
eq "answers over detail_rows: excel exits 0" $? 0
sqlite3 -separator '|' "$W/input/s.db" "SELECT c.member_no, a.question, a.choice FROM answer a
    JOIN response r ON r.id = a.response_id JOIN company c ON c.id = r.company_id
    WHERE r.period = '2026-10' ORDER BY 1, 2" >"$W/rows-db.txt"
check "every answer once, in order, over sheets of at most 1,000 rows, each with its header and filter" \
    $PY - "$W/rows/2026-10/summary.xlsx" "$W/rows-db.txt" <<'EOF'
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
want = [l.rstrip("\n").split("|") for l in open(sys.argv[2], encoding="utf-8")]
labels = {"実施している": "0", "一部実施している": "1", "実施していない": "2", "わからない": "3"}
names = [n for n in wb.sheetnames if n.startswith("回答明細")]
assert len(want) > 2000, len(want)
expect = ["回答明細"] + [f"回答明細 ({k})" for k in range(2, (len(want) + 999) // 1000 + 1)]
assert names == expect, (names, expect)
got = []
for n in names:
    ws = wb[n]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("会員番号", "事業所名", "業種"), (n, rows[0])
    assert 1 <= len(rows) - 1 <= 1000, (n, len(rows))
    assert ws.auto_filter.ref == f"A1:L{len(rows)}", (n, ws.auto_filter.ref)
    got += [[r[0], str(r[8]), labels[r[10]]] for r in rows[1:]]
assert got == want, (len(got), len(want), next(((i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w), None))
EOF
sed -i 's/^detail_rows = .*/detail_rows = 1048576/' "$W/tpl-rows/shindan.ini"
SHINDAN_TEMPLATES="$W/tpl-rows" "$BIN" excel --out "$W/rows2" --db "$W/input/s.db" --period 2026-10 \
    >/dev/null 2>"$W/rows2.err"
eq "detail_rows above Excel's 1048575: refused" $? 1
check "the refusal names the setting and Excel's limit" grep -q "detail_rows.*1048575" "$W/rows2.err"

# a long organisation name full of &, &G and &[Picture]: the header is
# cut to Excel's 255 characters and the workbook is still written
LONG="$(printf '&G&[Picture]商工会議所%.0s' $(seq 30))"
tpl "$W/tpl-long" "$LONG"
SHINDAN_TEMPLATES="$W/tpl-long" "$BIN" excel --out "$W/long" --db "$W/input/s.db" --period 2026-10 --no-details \
    >/dev/null 2>"$W/long.err"
eq "a 480-character organisation name with & codes: excel exits 0" $? 0
check "its print header stays within 255 characters, no image code" $PY - "$W/long/2026-10/summary.xlsx" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
heads = [re.search(r"<oddHeader>(.*?)</oddHeader>", z.read(n).decode()).group(1).replace("&amp;", "&")
         for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
assert heads and all(len(h) <= 255 for h in heads), [len(h) for h in heads]
assert not any(re.search(r"&G|&\[Picture\]", h.replace("&&", "")) for h in heads), heads[0]
EOF

echo
echo "workbook: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
