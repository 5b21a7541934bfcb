#!/usr/bin/python3
"""peer.py - the monthly batch as a competent Python developer would write it.

The rival shindan is measured against: Debian's python3-openpyxl (read-only
mode) and csv to read, sqlite3 to store and aggregate (in SQL), ReportLab
with IPAex Gothic as a TrueType font (registered once; ReportLab subsets it
per document) for the PDFs, XlsxWriter for the workbook. It reads the same
templates, takes the same rows and writes the same outputs: a 2-page report
per company, a 2-page summary and a workbook with the same sheets and charts.
With --jobs N the company PDFs are made by a pool of N worker processes
(multiprocessing, forked after the font is registered), as a developer on a
2-core machine would.

usage: peer.py --input DIR --out DIR --db FILE --period YYYY-MM
               [--templates DIR] [--timings FILE] [--jobs N]
"""
import argparse
import configparser
import multiprocessing
import csv
import datetime
import os
import re
import sqlite3
import time
import unicodedata

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


# ---- templates --------------------------------------------------------------

def key(s):
    s = unicodedata.normalize("NFKC", str(s)).casefold()
    return re.sub(r"[\s・、,.:_]", "", s)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


class Templates:
    def __init__(self, d):
        q = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"))
        q.read(os.path.join(d, "questionnaire.ini"), encoding="utf-8")
        self.choices = {}  # key -> (code, points)
        self.marks = []
        self.choice_labels = []
        for i, name in enumerate(["done", "partial", "none", "unknown"]):
            sec = q["choice." + name]
            pts = int(sec["points"])
            self.marks.append(sec["mark"])
            self.choice_labels.append(sec["label"])
            for syn in sec["synonyms"].split("|"):
                self.choices[key(syn)] = (i, pts)
            self.choices[key(str(pts))] = (i, pts)
        self.parts = [(q[f"part.{i}"]["name"], int(q[f"part.{i}"]["first"]), int(q[f"part.{i}"]["last"]))
                      for i in (1, 2, 3)]
        self.bands = []
        for s in q.sections():
            if s.startswith("band."):
                b = q[s]
                # a band's fixed next-step sentence was dropped from the
                # templates (shindan words it from the member's plan); the
                # peer draws a sentence of the same length in its place
                nxt = b.get("next", "まず、基本的対策のうちまだ十分でない項目から取り組みましょう。")
                self.bands.append((int(b["min"]), int(b["max"]), b["label"], b["meaning"], nxt))
        self.questions = {}
        for s in q.sections():
            if s.startswith("q."):
                self.questions[int(s.split(".")[1])] = (q[s]["label"], q[s]["advice"])
        # strict=False: a list may go on over repeated keys (form_tool's ignore)
        c = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"), strict=False)
        c.read(os.path.join(d, "columns.ini"), encoding="utf-8")
        self.fields = {}
        for s in c.sections():
            if "synonyms" in c[s]:
                for syn in c[s]["synonyms"].split("|"):
                    self.fields.setdefault(key(syn), s)
        self.qprefixes = [key(p) for p in c["question"]["prefixes"].split("|")]
        self.industries = {}
        self.industry_names = {}
        for row in read_tsv(os.path.join(d, "industries.tsv")):
            letter = row[0]
            self.industry_names[letter] = row[1]
            for syn in [letter, row[1], row[2]] + (row[3].split("|") if len(row) > 3 else []):
                self.industries[key(syn)] = letter
        self.prefs = {}
        self.pref_names = {}
        for row in read_tsv(os.path.join(d, "prefectures.tsv")):
            code = int(row[0])
            self.pref_names[code] = row[1]
            self.prefs[key(row[1])] = code
            self.prefs[key(row[2])] = code
        self.sizes = [(int(r[0]), r[1], int(r[2]), int(r[3])) for r in read_tsv(os.path.join(d, "size_bands.tsv"))]
        s = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"))
        s.read(os.path.join(d, "shindan.ini"), encoding="utf-8")
        self.org = s["organisation"]["name"]
        self.min_group = int(s["privacy"]["min_group"])
        self.sa = {}
        for lvl, name in enumerate(["none", "one_star", "two_stars"]):
            for syn in s["security_action"][name].split("|"):
                self.sa[key(syn)] = lvl

    def band(self, total):
        for b in self.bands:
            if b[0] <= total <= b[1]:
                return b
        return self.bands[-1]

    def size_band(self, n):
        for sid, _, lo, hi in self.sizes:
            if n >= lo and (hi == 0 or n <= hi):
                return sid
        return None

    def question_of(self, header):
        k = key(header)
        for p in self.qprefixes:
            if k.startswith(p) and k[len(p):len(p) + 1].isdigit():
                k = k[len(p):]
                break
        m = re.match(r"(\d+)", k)
        if m and (m.end() == len(k) or not k[m.end()].isdigit()):
            n = int(m.group(1))
            if 1 <= n <= 25 and (m.end() == len(k) or not k[m.end()].isascii() or k[m.end()] in ").)"):
                return n
        return None


# ---- ingest -----------------------------------------------------------------

def rows_of(path):
    if path.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                yield ["" if v is None else (v.strftime("%Y-%m-%d") if isinstance(v, datetime.datetime) else str(v))
                       for v in row]
            break
        wb.close()
        return
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp932", errors="replace")
    yield from csv.reader(text.splitlines())


MUNI = re.compile(r"^(.+?郡.+?[町村]|.+?市.+?区|.+?[市区町村])")


def parse_row(t, cols, qcols, row, file_period):
    def cell(f):
        i = cols.get(f)
        return row[i].strip() if i is not None and i < len(row) else ""
    problems = []
    no = unicodedata.normalize("NFKC", cell("member_no"))
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", no):
        problems.append(("member_no", no))
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", cell("name"))).strip()
    if not name:
        problems.append(("name", name))
    ind = t.industries.get(key(cell("industry")))
    if not ind:
        problems.append(("industry", cell("industry")))
    place = unicodedata.normalize("NFKC", cell("prefecture") or cell("address"))
    pref, rest = None, ""
    for n in (4, 3, 2):
        if place[:n] and key(place[:n]) in t.prefs:
            pref, rest = t.prefs[key(place[:n])], place[n:]
            break
    if not pref:
        problems.append(("prefecture", place))
    muni = unicodedata.normalize("NFKC", cell("municipality")) or rest
    m = MUNI.match(muni)
    muni = m.group(1) if m else (muni or None)
    emp_digits = re.sub(r"[,人名\s]", "", unicodedata.normalize("NFKC", cell("employees")))
    emp = int(emp_digits) if emp_digits.isdigit() and int(emp_digits) > 0 else None
    if emp is None:
        problems.append(("employees", cell("employees")))
    day = unicodedata.normalize("NFKC", cell("answered_on"))[:10].replace("/", "-")
    if day:
        try:
            day = datetime.date.fromisoformat("-".join(p.zfill(2) for p in day.split("-"))).isoformat()
        except ValueError:
            problems.append(("answered_on", day))
    sa = t.sa.get(key(cell("sa_level")), 0) if cell("sa_level") else 0
    answers = []
    for q in range(1, 26):
        i = qcols.get(q)
        a = t.choices.get(key(row[i])) if i is not None and i < len(row) and row[i].strip() else None
        if a is None:
            problems.append((f"Q{q}", row[i] if i is not None and i < len(row) else ""))
        answers.append(a)
    if problems:
        return None, problems
    period = day[:7] if day else file_period
    return (no, name, ind, pref, muni, emp, t.size_band(emp), day or None, period, sa, answers), []


def ingest(t, db, files):
    for path in files:
        file_period = (re.search(r"(\d{4})-(\d{2})", os.path.basename(path)) or [None])[0]
        rows = rows_of(path)
        cols, qcols = None, None
        with db:
            cur = db.execute("INSERT INTO batch(source) VALUES (?)", (path,))
            batch = cur.lastrowid
            for n, row in enumerate(rows, 1):
                if cols is None:
                    c = {t.fields[key(h)]: i for i, h in reversed(list(enumerate(row))) if key(h) in t.fields}
                    qc = {t.question_of(h): i for i, h in reversed(list(enumerate(row))) if t.question_of(h)}
                    if "member_no" in c and len(qc) == 25:
                        cols, qcols = c, qc
                    continue
                if not any(str(v).strip() for v in row):
                    continue
                rec, problems = parse_row(t, cols, qcols, row, file_period)
                if not rec:
                    db.executemany("INSERT INTO reject(batch, row, field, value) VALUES (?,?,?,?)",
                                   [(batch, n, f, v) for f, v in problems])
                    continue
                no, name, ind, pref, muni, emp, size, day, period, sa, answers = rec
                old = db.execute("SELECT answered_on FROM response WHERE member_no=? AND period=?",
                                 (no, period)).fetchone()
                if old and old[0] and day and day < old[0]:
                    db.execute("INSERT INTO reject(batch, row, field, value) VALUES (?,?,?,?)",
                               (batch, n, "answered_on", day))
                    continue
                db.execute("DELETE FROM response WHERE member_no=? AND period=?", (no, period))
                total = sum(p for _, p in answers)
                parts = [sum(answers[q - 1][1] for q in range(f, l + 1)) for _, f, l in t.parts]
                db.execute("INSERT INTO response VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           (no, period, day, name, ind, pref, muni, emp, size, sa, total, *parts,
                            "".join(str(a[0]) for a in answers)))


SCHEMA = """
CREATE TABLE IF NOT EXISTS batch(id INTEGER PRIMARY KEY, source TEXT);
CREATE TABLE IF NOT EXISTS reject(batch INTEGER, row INTEGER, field TEXT, value TEXT);
CREATE TABLE IF NOT EXISTS response(member_no TEXT, period TEXT, answered_on TEXT, name TEXT, industry TEXT,
  prefecture INTEGER, municipality TEXT, employees INTEGER, size_band INTEGER, sa_level INTEGER, total INTEGER,
  part1 INTEGER, part2 INTEGER, part3 INTEGER, answers TEXT, PRIMARY KEY(member_no, period));
"""


# ---- aggregate ----------------------------------------------------------------

def group_stats(db, period, col, min_group):
    """n, mean, median, quartiles, min, max, sd and part means per group."""
    out = []
    groups = db.execute(f"SELECT {col}, count(*) FROM response WHERE period=? GROUP BY 1 ORDER BY 1",
                        (period,)).fetchall()
    for g, n in groups:
        totals = [r[0] for r in db.execute(f"SELECT total FROM response WHERE period=? AND {col} IS ? ORDER BY 1",
                                           (period, g))]
        mean = sum(totals) / n
        sd = (sum((x - mean) ** 2 for x in totals) / (n - 1)) ** 0.5 if n > 1 else 0.0

        def quart(p):
            pos = (n - 1) * p
            lo = int(pos)
            return totals[lo] + (totals[min(lo + 1, n - 1)] - totals[lo]) * (pos - lo)
        parts = db.execute(f"SELECT avg(part1), avg(part2), avg(part3), avg(sa_level>=1), avg(sa_level=2) "
                           f"FROM response WHERE period=? AND {col} IS ?", (period, g)).fetchone()
        out.append({"key": g, "n": n, "mean": mean, "median": quart(.5), "q1": quart(.25), "q3": quart(.75),
                    "min": totals[0], "max": totals[-1], "sd": sd, "parts": parts[:3], "sa1": parts[3],
                    "sa2": parts[4], "suppressed": n < min_group})
    return out


def question_rates(db, period, industry=None):
    where, args = "period=?", [period]
    if industry:
        where += " AND industry=?"
        args.append(industry)
    answers = [r[0] for r in db.execute(f"SELECT answers FROM response WHERE {where}", args)]
    n = len(answers) or 1
    rates = []
    for q in range(25):
        counts = [0, 0, 0, 0]
        for a in answers:
            counts[int(a[q])] += 1
        rates.append([c / n for c in counts])
    return rates


def aggregate(t, db, period):
    agg = {"all": group_stats(db, period, "'all'", t.min_group),
           "industry": group_stats(db, period, "industry", t.min_group),
           "prefecture": group_stats(db, period, "prefecture", t.min_group),
           "size": group_stats(db, period, "size_band", t.min_group),
           "questions": question_rates(db, period)}
    agg["q_industry"] = {g["key"]: question_rates(db, period, g["key"]) for g in agg["industry"]}
    return agg


# ---- PDFs -----------------------------------------------------------------------

def company_pdf(t, c, agg, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    no, name, ind, pref, muni, emp, size, day, total, p1, p2, p3, answers, sa = c
    w, h = A4
    cv = canvas.Canvas(path, pagesize=A4, invariant=1)
    cv.setTitle(f"情報セキュリティ自社診断 結果 {name}")
    cv.setAuthor(t.org)
    cv.setFont("IPAexGothic", 9)
    cv.drawString(40, h - 40, t.org)
    cv.setFont("IPAexGothic", 18)
    cv.drawString(40, h - 75, "情報セキュリティ自社診断 結果のお知らせ")
    cv.setFont("IPAexGothic", 14)
    cv.drawString(40, h - 105, name)
    cv.setFont("IPAexGothic", 10)
    cv.drawString(40, h - 125, f"会員番号 {no}  業種 {t.industry_names[ind]}  所在地 {t.pref_names[pref]}{muni or ''}")
    band = t.band(total)
    cv.setFont("IPAexGothic", 40)
    cv.drawString(60, h - 190, str(total))
    cv.setFont("IPAexGothic", 12)
    cv.drawString(140, h - 190, f"/ 100点  判定：{band[2]}")
    cv.setFont("IPAexGothic", 10)
    cv.drawString(60, h - 215, band[3])
    cv.drawString(60, h - 230, band[4])
    y = h - 270
    for (pname, f, l), pts in zip(t.parts, (p1, p2, p3)):
        mx = 4 * (l - f + 1)
        cv.drawString(60, y, f"{pname}（{f}〜{l}）")
        cv.setFillGray(0.85)
        cv.rect(250, y - 2, 200, 10, fill=1, stroke=0)
        cv.setFillGray(0.3)
        cv.rect(250, y - 2, 200 * max(pts, 0) / mx, 10, fill=1, stroke=0)
        cv.setFillGray(0)
        cv.drawString(460, y, f"{pts} / {mx}点")
        y -= 22
    y -= 10
    cv.drawString(60, y, "比較（平均点）")
    y -= 20
    groups = [("貴社", total)]
    for label, kind, k in (("業種", "industry", ind), ("都道府県", "prefecture", pref), ("全会員", "all", "all")):
        g = next((g for g in agg[kind] if g["key"] == k), None)
        if g and not g["suppressed"]:
            groups.append((label, g["mean"]))
    for label, v in groups:
        cv.drawString(60, y, label)
        cv.setFillGray(0.4)
        cv.rect(150, y - 2, 3 * max(v, 0), 10, fill=1, stroke=0)
        cv.setFillGray(0)
        cv.drawString(460, y, f"{v:.1f}")
        y -= 18
    y -= 10
    cv.drawString(60, y, "次にすること")
    y -= 16
    weak = [q for q in range(25) if answers[q] in "23"][:5]
    for q in weak:
        label, advice = t.questions[q + 1]
        cv.drawString(70, y, f"Q{q + 1} {label}：{advice}"[:60])
        y -= 15
    if sa == 0 and all(answers[q] == "0" for q in range(5)):
        cv.drawString(70, y, "SECURITY ACTION ★一つ星を宣言しましょう。")
    cv.drawString(w / 2, 30, "1 / 2")
    cv.showPage()
    cv.setFont("IPAexGothic", 12)
    cv.drawString(40, h - 50, "設問ごとの回答と業種の実施率")
    cv.setFont("IPAexGothic", 9)
    rates = agg["q_industry"].get(ind)
    y = h - 80
    for q in range(25):
        label, _ = t.questions[q + 1]
        cv.drawString(40, y, f"Q{q + 1}")
        cv.drawString(70, y, label[:30])
        cv.drawString(400, y, t.marks[int(answers[q])])
        if rates:
            cv.drawString(450, y, f"{100 * (rates[q][0] + rates[q][1]):.0f}%")
        y -= 26
    cv.drawString(w / 2, 30, "2 / 2")
    cv.showPage()
    cv.save()


def summary_pdf(t, agg, period, path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    w, h = A4
    cv = canvas.Canvas(path, pagesize=A4, invariant=1)
    cv.setTitle(f"情報セキュリティ自社診断 集計 {period}")
    cv.setFont("IPAexGothic", 16)
    cv.drawString(40, h - 60, f"情報セキュリティ自社診断 集計（{period}）")
    a = agg["all"][0]
    cv.setFont("IPAexGothic", 10)
    cv.drawString(40, h - 90, f"回答 {a['n']} 社  平均 {a['mean']:.1f} 点  中央値 {a['median']:.1f} 点")
    y = h - 120
    for title, kind, name in (("業種別", "industry", t.industry_names), ("都道府県別", "prefecture", t.pref_names)):
        cv.drawString(40, y, title)
        y -= 16
        for g in agg[kind]:
            label = name.get(g["key"], str(g["key"]))
            value = "（少数のため非表示）" if g["suppressed"] else f"{g['n']} 社  平均 {g['mean']:.1f}"
            cv.drawString(50, y, f"{label}  {value}")
            if not g["suppressed"]:
                cv.rect(300, y - 2, 2 * max(g["mean"], 0), 9, fill=1, stroke=0)
            y -= 14
            if y < 60:
                cv.showPage()
                cv.setFont("IPAexGothic", 10)
                y = h - 60
    cv.showPage()
    cv.setFont("IPAexGothic", 10)
    y = h - 60
    cv.drawString(40, y, "設問別の実施率")
    y -= 18
    for q, r in enumerate(agg["questions"]):
        cv.drawString(50, y, f"Q{q + 1} {t.questions[q + 1][0]}")
        cv.rect(300, y - 2, 200 * (r[0] + r[1]), 9, fill=1, stroke=0)
        y -= 16
    cv.showPage()
    cv.save()


# ---- workbook -----------------------------------------------------------------

def workbook(t, db, agg, period, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})  # detail sheets get long
    pct = wb.add_format({"num_format": "0.0%"})
    one = wb.add_format({"num_format": "0.0"})
    head = wb.add_format({"bold": True})
    for sheet, kind, names in (("業種別", "industry", t.industry_names), ("都道府県別", "prefecture", t.pref_names),
                               ("規模別", "size", {s[0]: s[1] for s in t.sizes}), ("概要", "all", {"all": "全体"})):
        ws = wb.add_worksheet(sheet)
        cols = ["区分", "n", "平均", "中央値", "第1四分位", "第3四分位", "最小", "最大", "標準偏差", "★", "★★"]
        ws.write_row(0, 0, cols, head)
        ws.freeze_panes(1, 0)
        r = 1
        for g in agg[kind]:
            ws.write(r, 0, names.get(g["key"], str(g["key"])))
            if g["suppressed"]:
                ws.write(r, 1, "非表示")
            else:
                ws.write_number(r, 1, g["n"])
                for c, k in enumerate(["mean", "median", "q1", "q3", "min", "max", "sd"], 2):
                    ws.write_number(r, c, g[k], one)
                ws.write_number(r, 9, g["sa1"], pct)
                ws.write_number(r, 10, g["sa2"], pct)
            r += 1
        ws.autofilter(0, 0, max(r - 1, 1), len(cols) - 1)
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({"categories": [sheet, 1, 0, r - 1, 0], "values": [sheet, 1, 2, r - 1, 2], "name": "平均"})
        ws.insert_chart(1, 13, chart)
    ws = wb.add_worksheet("設問別")
    ws.write_row(0, 0, ["設問", "実施", "一部実施", "未実施", "わからない", "実施率"], head)
    for q, rates in enumerate(agg["questions"]):
        ws.write(q + 1, 0, f"Q{q + 1}")
        for c, v in enumerate(rates, 1):
            ws.write_number(q + 1, c, v, pct)
        ws.write_number(q + 1, 5, rates[0] + rates[1], pct)
    chart = wb.add_chart({"type": "bar", "subtype": "percent_stacked"})
    for c, name in enumerate(["実施", "一部実施", "未実施", "わからない"], 1):
        chart.add_series({"name": name, "categories": ["設問別", 1, 0, 25, 0], "values": ["設問別", 1, c, 25, c]})
    ws.insert_chart(1, 7, chart)
    # the same twelve columns as shindan's 回答明細, one row per company and question
    ws = wb.add_worksheet("回答明細")
    ws.write_row(0, 0, ["会員番号", "事業所名", "業種", "業種名", "都道府県", "市区町村", "従業員規模",
                        "総合点", "設問", "項目", "回答", "点"], head)
    r = 1
    points = [4, 2, 0, -1]
    sizes = {s[0]: s[1] for s in t.sizes}
    for no, name, ind, pref, muni, size, total, answers in db.execute(
            "SELECT member_no, name, industry, prefecture, municipality, size_band, total, answers "
            "FROM response WHERE period=? ORDER BY 1", (period,)):
        for q in range(25):
            a = int(answers[q])
            ws.write_string(r, 0, no)
            ws.write_string(r, 1, name)
            ws.write_string(r, 2, ind)
            ws.write_string(r, 3, t.industry_names.get(ind, ind))
            ws.write_string(r, 4, t.pref_names[pref])
            if muni:
                ws.write_string(r, 5, muni)
            ws.write_string(r, 6, sizes.get(size, ""))
            ws.write_number(r, 7, total)
            ws.write_number(r, 8, q + 1)
            ws.write_string(r, 9, t.questions[q + 1][0])
            ws.write_string(r, 10, t.choice_labels[a])
            ws.write_number(r, 11, points[a])
            r += 1
    ws.autofilter(0, 0, r - 1, 11)
    ws = wb.add_worksheet("取込エラー")
    ws.write_row(0, 0, ["行", "列", "値"], head)
    for i, (row, field, value) in enumerate(db.execute("SELECT row, field, value FROM reject"), 1):
        ws.write_number(i, 0, row)
        ws.write_string(i, 1, field)
        ws.write_string(i, 2, str(value))
    wb.close()


# ---- main ---------------------------------------------------------------------

# What the PDF workers need, set before the pool forks them.
_WORK = None


def _company_job(c):
    t, agg, cdir = _WORK
    company_pdf(t, c, agg, os.path.join(cdir, c[0] + ".pdf"))
    return 1


def main():
    global _WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--templates", default="templates")
    ap.add_argument("--timings")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    timings = []

    def phase(name, since, items):
        timings.append(f"{name}\t{time.monotonic() - since:.4f}\t{items}")

    t = Templates(args.templates)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    pdfmetrics.registerFont(TTFont("IPAexGothic", FONT))

    t0 = time.monotonic()
    db = sqlite3.connect(args.db)
    db.executescript(SCHEMA)
    files = sorted(os.path.join(args.input, f) for f in os.listdir(args.input)
                   if f.lower().endswith((".csv", ".xlsx")))
    ingest(t, db, files)
    phase("ingest", t0, len(files))

    t0 = time.monotonic()
    agg = aggregate(t, db, args.period)
    phase("aggregate", t0, 1)

    out = os.path.join(args.out, args.period)
    os.makedirs(os.path.join(out, "companies"), exist_ok=True)
    t0 = time.monotonic()
    rows = db.execute("SELECT member_no, name, industry, prefecture, municipality, employees, size_band, "
                      "answered_on, total, part1, part2, part3, answers, sa_level FROM response "
                      "WHERE period=? ORDER BY 1", (args.period,)).fetchall()
    cdir = os.path.join(out, "companies")
    if args.jobs > 1:
        _WORK = (t, agg, cdir)
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            n = sum(pool.imap_unordered(_company_job, rows, chunksize=16))
    else:
        n = 0
        for c in rows:
            company_pdf(t, c, agg, os.path.join(cdir, c[0] + ".pdf"))
            n += 1
    phase("company_pdfs", t0, n)

    t0 = time.monotonic()
    summary_pdf(t, agg, args.period, os.path.join(out, "summary.pdf"))
    phase("summary_pdf", t0, 1)

    t0 = time.monotonic()
    workbook(t, db, agg, args.period, os.path.join(out, "summary.xlsx"))
    phase("workbook", t0, 1)
    db.close()
    if args.timings:
        with open(args.timings, "a") as f:
            f.write("\n".join(timings) + "\n")


if __name__ == "__main__":
    main()
