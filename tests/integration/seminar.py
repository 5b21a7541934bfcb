#!/usr/bin/python3
"""seminar.py - an independent side for test_seminar.sh.

It shares no code with shindan: it reads the database with Python's
sqlite3, normalises names with unicodedata, reads PDFs with pdftotext and
workbooks with openpyxl.

  lists DB DIR             sign-up lists built from the members in DB:
                           list.csv (UTF-8), list_sjis.csv (CP932),
                           list.xlsx (a title row above the header),
                           small.csv (3 members), expected.txt (the
                           match of each row and the counts)
  near DB ID DIR           near.csv: seminar ID's matched members and one
                           more member with answers before and after
  handout DB ID PERIOD PDF the handout read back: cover, blank back page,
                           each member's two pages in list order, footers
  effect DB ID TXT MODE    effect.pdf's text (pdftotext -layout) against
                           our own computation; MODE shown or hidden
  fill IN OUT DATE         answer_input.xlsx or .csv filled as staff would
                           type the sheets; prints "member_no total" lines
Every check prints "ok - what" or "FAIL - what :: detail".
"""
import calendar
import csv
import io
import math
import re
import sqlite3
import subprocess
import sys
import unicodedata

FORMS = ["株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)", "(同)", "(資)", "(名)"]
WORDS = ["実施している", "一部実施している", "実施していない", "わからない"]
POINTS = [4, 2, 0, -1]
PARTS = [(1, 5), (6, 18), (19, 25)]


def ok(what):
    print(f"ok - {what}")


def bad(what, detail=""):
    print(f"FAIL - {what} :: {detail}")


def check(cond, what, detail=""):
    (ok if cond else bad)(what, *([detail] if not cond else []))


def key(name):
    s = unicodedata.normalize("NFKC", name).casefold()
    s = "".join(ch for ch in s if not ch.isspace() and ch not in "・、,.:_\u200b\ufeff")
    for f in FORMS:
        s = s.replace(f, "")
    return s


def core(name):
    s = unicodedata.normalize("NFKC", name)
    for f in FORMS:
        s = s.replace(f, "")
    return s.strip()


def variant(name, i):
    """The same company written as another clerk would."""
    c = core(name)
    fw = c.translate({o: o + 0xFEE0 for o in range(0x21, 0x7F)})
    return ["㈱" + c, c + " 株式会社", "（株） " + fw, c, "有限会社　" + c, c + "㈲", " " + fw + " ", "(株)" + c][i % 8]


def members(db):
    con = sqlite3.connect(db)
    comp = {cid: (no, name) for cid, no, name in con.execute("SELECT id, member_no, name FROM company")}
    periods = {}
    for cid, period in con.execute("SELECT company_id, period FROM response"):
        periods.setdefault(cid, set()).add(period)
    keys = {}
    for cid, name in list(con.execute("SELECT id, name FROM company")) + list(
            con.execute("SELECT company_id, name FROM response")):
        keys.setdefault(key(name), set()).add(cid)
    return con, comp, periods, keys


def lists(db, out):
    con, comp, periods, keys = members(db)
    by_no = sorted(comp, key=lambda c: comp[c][0])
    unique = {c for c in comp if all(len(keys[key(n)]) == 1 for n in [comp[c][1]])}
    both = [c for c in by_no if {"2026-09", "2026-10"} <= periods.get(c, set())]
    oct_only = [c for c in by_no if periods.get(c) == {"2026-10"}]
    sep_only = [c for c in by_no if periods.get(c) == {"2026-09"}]
    ambiguous = sorted(k for k, ids in keys.items() if len(ids) >= 2 and k)
    rows, expect = [], []  # rows: (number, name); expect: (status, member_no or "", dup_of_index or -1)
    used = set()

    def add(number, name, status, cid=None, dup=-1, stored=None):
        rows.append((number, name))
        no = comp[cid][0] if cid else (number.upper() if status == "new" else "")
        expect.append((status, stored if stored is not None else no, dup))
        if cid:
            used.add(cid)

    for i, c in enumerate(both[:20]):
        no = comp[c][0]
        no = no.lower() if i % 5 == 1 else no.translate({o: o + 0xFEE0 for o in range(0x21, 0x7F)}) if i % 5 == 2 else no
        add(no, comp[c][1] if i % 3 == 0 else "", "number", c)
    for c in oct_only[:3] + sep_only[:2]:
        add(comp[c][0], "", "number", c)
    named = [c for c in both[20:] if c in unique][:8]
    for i, c in enumerate(named):
        add("", variant(comp[c][1], i), "name", c)
    add(comp[both[0]][0].lower(), "", "dup", both[0], dup=0)
    add("", variant(comp[named[0]][1], 3), "dup", named[0], dup=25)
    add("", "存在しない商会", "unmatched")
    amb_ids = sorted(keys[ambiguous[0]])
    add("", variant(comp[amb_ids[0]][1], 1), "unmatched")
    add("M09999", "新規参加工業株式会社", "new")
    conflict = [c for c in both[40:] if c in unique and c not in used][0]
    add("M09998", comp[conflict][1], "unmatched", stored="M09998")  # a number read, matched to nobody
    add("M-?1", "", "unmatched")

    head = ["No.", "会員番号", "事業所名", "参加者"]
    body = [[str(i + 1), no, name, f"参加者{i + 1}"] for i, (no, name) in enumerate(rows)]
    with open(f"{out}/list.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([head] + body)
    with open(f"{out}/list_sjis.csv", "w", encoding="cp932", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([head] + body)
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "申込者"
    ws.append(["情報セキュリティ入門 申込者一覧"])
    ws.append(head)
    for r in body:
        ws.append(r)
    wb.save(f"{out}/list.xlsx")
    small = both[-3:]
    with open(f"{out}/small.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["会員番号"]] + [[comp[c][0]] for c in small])
    count = {s: sum(1 for e in expect if e[0] == s) for s in ("number", "name", "new", "unmatched", "dup")}
    with open(f"{out}/expected.txt", "w") as f:
        f.write(f"counts 会員番号で照合 {count['number']}、事業所名で照合 {count['name']}、まだ回答のない会員番号 "
                f"{count['new']}、照合できない {count['unmatched']}、重複 {count['dup']}\n")
        f.write(f"ambiguous {' '.join(comp[c][0] for c in amb_ids)}\n")
        f.write(f"conflict {comp[conflict][0]}\n")
        f.write(f"attendee {comp[both[3]][0]}\n")
        f.write(f"outsider {comp[[c for c in both if c not in used and c not in small][-1]][0]}\n")
        order = 0
        for (status, no, dup) in expect:
            if status == "dup":
                continue
            order += 1
            f.write(f"row {order} {'number' if status == 'number' else status} {no or '-'}\n")


def near(db, sid, out):
    con, comp, periods, keys = members(db)
    att = [r[0] for r in con.execute(
        "SELECT c.member_no FROM seminar_attendee a JOIN company c ON c.id = a.company_id"
        " WHERE a.seminar_id = ? ORDER BY a.list_order", (sid,))]
    pairs = {c for c in comp if {"2026-09", "2026-10"} <= periods.get(c, set())}
    extra = [comp[c][0] for c in sorted(pairs, key=lambda c: comp[c][0]) if comp[c][0] not in att][0]
    with open(f"{out}/near.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["会員番号"]] + [[m] for m in att + [extra]])


def pages(pdf):
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def handout(db, sid, period, pdf):
    con = sqlite3.connect(db)
    rows = dict(con.execute(
        "SELECT c.member_no, a.source_row FROM seminar_attendee a JOIN company c ON c.id = COALESCE(a.company_id,"
        " CASE WHEN a.status = 'new' THEN (SELECT id FROM company WHERE member_no = a.member_no) END)"
        " WHERE a.seminar_id = ?", (sid,)))
    included = [r[0] for r in con.execute(
        "SELECT c.member_no FROM seminar_attendee a JOIN company c ON c.id = COALESCE(a.company_id,"
        " CASE WHEN a.status = 'new' THEN (SELECT id FROM company WHERE member_no = a.member_no) END)"
        " WHERE a.seminar_id = ? AND EXISTS (SELECT 1 FROM response r WHERE r.company_id = c.id AND r.period = ?)"
        " ORDER BY a.list_order", (sid, period))]
    pg = pages(pdf)
    n = len(pg)
    first = next((i for i, p in enumerate(pg) if "結果のお知らせ" in p), n)
    cover = next((i for i, p in enumerate(pg) if "白紙" in p), first)
    check(first == cover + cover % 2, f"the first report starts after the cover ({cover} pages) and a blank back page when the cover is odd",
          f"first report on page {first + 1}")
    check(first % 2 == 0, "the first report starts on a front page (odd page number)", f"page {first + 1}")
    check(n == cover + cover % 2 + 2 * len(included),
          f"pages = cover {cover} (+ blank) + 2 × {len(included)} members", f"{n} pages")
    m = re.search(r"1 / (\d+) ページ", pg[0])
    check(m and int(m.group(1)) == cover, "the cover's footer counts the cover's own pages", m and m.group(0))
    got = []
    order_ok = len(included) > 0
    for i, no in enumerate(included):
        p1, p2 = (pg[first + 2 * i], pg[first + 2 * i + 1]) if first + 2 * i + 1 < n else ("", "")
        g1 = re.search(r"会員番号 (\S+)", p1)
        g2 = re.search(r"会員番号 (\S+)", p2)
        got.append(g1.group(1) if g1 else "?")
        if not (g1 and g1.group(1) == no and g2 and g2.group(1) == no and "1 / 2 ページ" in p1 and "2 / 2 ページ" in p2):
            order_ok = False
    check(order_ok, f"each of the {len(included)} members has its two pages (1 / 2, 2 / 2) in list order",
          f"expected {included[:6]}..., got {got[:6]}...")
    whole = all(re.search(rf"通し {k + 1} / {n}\b", p) for k, p in enumerate(pg) if "白紙" not in p)
    check(whole, "every page but the blank one says its place in the whole file (通し k / N)")
    for k, p in enumerate(pg[:first]):
        if "白紙" in p:
            continue
        check(("報告書を綴じた会員" in p) or ("続き" in p), f"cover page {k + 1} is a cover page")
    # one numbering on the cover: a line of the list by its row in the
    # list's file (as seminar add names it), a report by the file's page it
    # starts on (as the footers count them: 通し k)
    cover_text = "\n".join(pg[:first])
    entries = {m.group(2): (int(m.group(1)), int(m.group(3)))
               for m in re.finditer(r"(\d+) 行目\s+(\S+)\s.*?通し (\d+)", cover_text)}
    bad = []
    for i, no in enumerate(included):
        want = (rows.get(no), first + 2 * i + 1)
        if entries.get(no) != want:
            bad.append(f"{no}: cover {entries.get(no)}, expected (row, page) {want}")
    check(included and not bad, f"the cover names each of the {len(included)} reports by its list row (N 行目) and the page it starts on (通し k)",
          "; ".join(bad[:4]))
    check(not re.search(r"\bp\.\d", cover_text), "the cover uses no second page numbering (p.N)", re.findall(r"\bp\.\d+", cover_text)[:3])


def fmt_change(v):
    # the sign from the value, the digits from its size rounded half up
    r = math.floor(abs(v) * 10 + 0.5) / 10
    return ("±" if r == 0 else "+" if v > 0 else "▲") + f"{r:.1f}点"


def effect(db, sid, txt, mode):
    con = sqlite3.connect(db)
    (day,) = con.execute("SELECT held_on FROM seminar WHERE id = ?", (sid,)).fetchone()
    att = {r[0] for r in con.execute(
        "SELECT COALESCE(a.company_id, (SELECT id FROM company WHERE member_no = a.member_no))"
        " FROM seminar_attendee a WHERE a.seminar_id = ? AND a.status <> 'unmatched'", (sid,)) if r[0]}
    points = {}
    for rid, q, choice in con.execute("SELECT response_id, question, choice FROM answer"):
        points.setdefault(rid, {})[q] = choice
    by = {}
    for rid, cid, period, answered in con.execute("SELECT id, company_id, period, answered_on FROM response"):
        y, m = map(int, period.split("-"))
        lo = answered or f"{period}-01"
        hi = answered or f"{period}-{calendar.monthrange(y, m)[1]:02d}"
        a = points[rid]
        total = sum(POINTS[a[q]] for q in range(1, 26))
        parts = [sum(POINTS[a[q]] for q in range(f, l + 1)) for f, l in PARTS]
        ready = all(a[q] == 0 for q in range(1, 6))
        by.setdefault(cid, []).append((period, lo, hi, total, parts, ready))
    groups = {True: [], False: []}
    for cid, rs in by.items():
        before = [r for r in rs if r[2] <= day]
        after = [r for r in rs if r[1] > day]
        if before and after:
            b = max(before)
            a = min(after)
            groups[cid in att].append((b, a))
    text = open(txt, encoding="utf-8").read()

    def row(label):
        line = next((l for l in text.splitlines() if l.strip().startswith(label)), "")
        return line[len(line) - len(line.lstrip()) + len(label):].split()

    # the attendees left out, each member once (a 'new' line not answered
    # since by its number), and the caveat on self-selection
    flat = "".join(text.split())
    who = {(cid, None if cid else no) for cid, no in con.execute(
        "SELECT COALESCE(a.company_id, (SELECT id FROM company WHERE member_no = a.member_no)), a.member_no"
        " FROM seminar_attendee a WHERE a.seminar_id = ? AND a.status <> 'unmatched'", (sid,))}
    had_before = {cid for cid, rs in by.items() if any(r[2] <= day for r in rs)}
    had_after = {cid for cid, rs in by.items() if any(r[1] > day for r in rs)}
    no_before = sum(1 for cid, _ in who if cid not in had_before)
    no_after = sum(1 for cid, _ in who if cid in had_before and cid not in had_after)
    check(no_before + no_after + len(groups[True]) == len(who),
          "every attendee is compared or left out for one reason",
          f"{no_before} + {no_after} + {len(groups[True])} vs {len(who)}")
    check("受講するかどうかは、それぞれの会員が自分で決めています" in flat
          and "そのままセミナーの効果だとは言えません" in flat,
          "effect.pdf says attendance is self-selected, so the difference is no proof")
    if mode == "hidden":
        check("比べていません（個社が特定されないよう、社数も出していません）" in flat
              and "回答がない" in flat and not re.search(r"回答がない\d+社", flat),
              "the attendees left out are named without their counts")
    else:
        parts = ([f"セミナーより前の回答がない{no_before}社"] if no_before else []) + \
                ([f"セミナーの後の回答がまだない{no_after}社"] if no_after else [])
        want = ("受講した会員のうち、" + "と、".join(parts) + "は、比べた会員に入っていません") if parts \
            else "全員がセミナーの前と後の両方に回答しており"
        print(f"# attendees left out: {no_before} without an answer before, {no_after} without one after")
        check(want in flat, "the attendees left out, and why, with their counts", want)
    if mode == "hidden":
        n = row("比べた会員の数")
        check(n == ["—", "—"], "both groups are hidden (no n, no figure)", str(n))
        digits = [l for l in text.splitlines() if re.search(r"(社|点|%)\s*$", l) and "変化" in l]
        check(not digits, "no change figure is printed", digits[:2])
        return
    exp = {}
    for g in (True, False):
        pairs = groups[g]
        k = len(pairs)
        exp.setdefault("n", []).append(f"{k}社")
        exp.setdefault("total", []).append(fmt_change(sum(a[3] - b[3] for b, a in pairs) / k))
        for p in range(3):
            exp.setdefault(f"part{p}", []).append(fmt_change(sum(a[4][p] - b[4][p] for b, a in pairs) / k))
        exp.setdefault("improved", []).append(f"{100 * sum(a[3] > b[3] for b, a in pairs) / k:.1f}%")
        exp.setdefault("ready", []).extend([f"{100 * sum(b[5] for b, a in pairs) / k:.1f}%", "→",
                                            f"{100 * sum(a[5] for b, a in pairs) / k:.1f}%"])
        exp.setdefault("reached", []).append(f"{100 * sum(a[5] and not b[5] for b, a in pairs) / k:.1f}%")
    print(f"# attendees with answers before and after: {exp['n'][0]}, others: {exp['n'][1]}")
    check(row("比べた会員の数") == exp["n"], "n of attendees and non-attendees", f"{row('比べた会員の数')} vs {exp['n']}")
    check(row("総合点の平均の変化") == exp["total"], "mean change of the total",
          f"{row('総合点の平均の変化')} vs {exp['total']}")
    names = ["基本的対策（1〜5）の平均の変化", "従業員としての対策（6〜18）の平均の変化", "組織としての対策（19〜25）の平均の変化"]
    for p, label in enumerate(names):
        check(row(label) == exp[f"part{p}"], f"mean change of part {p + 1}", f"{row(label)} vs {exp[f'part{p}']}")
    check(row("総合点が上がった会員の割合") == exp["improved"], "share who improved",
          f"{row('総合点が上がった会員の割合')} vs {exp['improved']}")
    check(row("5か条を実施済みの割合（前 → 後）") == exp["ready"], "5か条 readiness before and after",
          f"{row('5か条を実施済みの割合（前 → 後）')} vs {exp['ready']}")
    check(row("新たに5か条を実施済みになった会員の割合") == exp["reached"], "share who reached 5か条 readiness",
          f"{row('新たに5か条を実施済みになった会員の割合')} vs {exp['reached']}")


def fill(src, dst, day):
    """Answers as a clerk types them from the sheets: row i, question q gets
    WORDS[(i + q) % 4]; 回答日 day; SECURITY ACTION 一つ星; a member shindan
    had no details for gets them."""
    if src.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(src)
        ws = wb.active
        rows = [[c.value for c in r] for r in ws.iter_rows()]
    else:
        rows = list(csv.reader(io.StringIO(open(src, encoding="utf-8-sig").read(), newline="")))
    head = rows[0]
    qcol = head.index("Q1")
    for i, r in enumerate(rows[1:]):
        r[head.index("回答日")] = day
        r[head.index("SECURITY ACTION")] = "一つ星"
        if not r[head.index("業種")]:
            r[head.index("業種")], r[head.index("都道府県")], r[head.index("従業員数")] = "製造業", "茨城県", "12"
        for q in range(25):
            r[qcol + q] = WORDS[(i + q) % 4]
        total = sum(POINTS[(i + q) % 4] for q in range(25))
        print(f"{r[0]} {total}")
    if dst.endswith(".xlsx"):
        for i, r in enumerate(rows[1:]):
            for c, v in enumerate(r):
                ws.cell(i + 2, c + 1).value = v
        wb.save(dst)
    else:
        with open(dst, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "lists":
        lists(*args)
    elif cmd == "near":
        near(args[0], int(args[1]), args[2])
    elif cmd == "handout":
        handout(args[0], int(args[1]), args[2], args[3])
    elif cmd == "effect":
        effect(args[0], int(args[1]), args[2], args[3])
    elif cmd == "fill":
        fill(*args)
