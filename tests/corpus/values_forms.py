"""values_forms.py - values and layouts of make_corpus.py's corpus: a
business system's CSV (yyyymmdd dates, codes written ="00120" to keep their
zeros), monthly files with dates typed without a year (10月4日), a clerk's
per-company form with a margin column and merged labels, a summary sheet
with one column per company (a table on its side), and a form holding two
companies. Called from make_corpus.py's main(); uses its helpers."""
import datetime as dt

import openpyxl

import make_corpus as mc


def business_system(c):
    """A 販売管理 system's CSV export (CP932, every field bare): codes as
    ="00120" so Excel keeps their zeros, dates as yyyymmdd, answers as
    points. 20261035 is no date: that row is a reject."""
    rng = c.rng
    members = c.members(6, "digits")
    for i, m in enumerate(members):
        m.no = f"{120 + i:05d}"   # 00120 …: the zeros are the point
    header = ["会員番号", "事業所名", "業種", "所在地", "郵便番号", "従業員数", "回答日"] + [f"設問{q}" for q in range(1, 26)]
    lines = [",".join(header)]
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        day = "20261035" if i == 3 else f"202610{2 + 3 * i:02d}"
        cells = [f'="{m.no}"', m.name, mc.INDUSTRY_NAME[m.ind], m.address, f'="{m.postal}"',
                 f'="{m.employees}"', day] + [str(mc.POINTS[x]) for x in a]
        lines.append(",".join(cells))
        if i != 3:
            rows.append((m, "2026-10", a, 0, {}))
    mc.write(c.path("business_system.csv"), ("\r\n".join(lines) + "\r\n").encode("cp932"))
    c.expect("business_system.csv", rows,
             "=\"00120\" is the member number 00120 (and =\"12\" twelve employees); 20261005 is 2026-10-05; "
             "20261035 is no date: that row is a reject",
             rejected_values=["20261035"])


def monthly_without_year(c):
    """A clerk's monthly list: 回答日 typed 10月4日 or 10/4, the month in the
    file's name. 11月2日 lies after the file's month: refused, asking for
    the year. A January file with a December answer: refused (never moved
    to the year before), the January answers stored."""
    rng = c.rng
    for name, period, days, bad in (
            ("回答一覧_2026年10月.csv", "2026-10", ["10月4日", "10/6", "9月30日", "11月2日", "10月15日(木)"],
             {3}),
            ("回答一覧_2026年1月.csv", "2026-01", ["1月8日", "12月26日", "1/20"], {1})):
        members = c.members(len(days), "m")
        header = ["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]
        out, rows = [header], []
        for i, (m, day) in enumerate(zip(members, days)):
            a = m.answers(rng)
            out.append([m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref, m.muni, m.employees, day]
                       + [mc.SYMBOLS[x] for x in a])
            if i not in bad:
                month = int(day.split("月")[0].split("/")[0])
                rows.append((m, f"{period[:4]}-{month:02d}", a, 0, {}))
        mc.write(c.path(name), mc.csv_bytes(out, "utf-8", bom=True))
        c.expect(name, rows,
                 f"dates without a year take {period[:4]} from the file's name when their month is not after "
                 f"{period}; {', '.join(days[i] for i in bad)} is refused asking for the year",
                 rejected_values=[days[i] for i in bad])
    # the same dates with no month anywhere: every row refused, saying so
    members = c.members(2, "m")
    out = [["会員番号", "事業所名", "業種", "都道府県", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]]
    for m in members:
        out.append([m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref, m.employees, "10月4日"]
                   + [mc.WORDS[x] for x in m.answers(rng)])
    mc.write(c.path("dates_without_year.csv"), mc.csv_bytes(out, "utf-8", bom=True))
    c.expected["dates_without_year.csv"] = {
        "why": "10月4日 with no month in the file's name and no --period: refused, asking for the year",
        "refused": "年を付けて"}


def clerk_form(c):
    """A clerk's per-company form: column A a narrow margin, the labels in B
    merged over B:I with the value in J, each question's number and text in
    one cell (「1. パソコンやスマホなどのOSや…」) merged over B:D, answers in
    E; one answer ○（一部）, which is 一部実施 (2 points), never 実施."""
    rng = c.rng
    m = c.members(1, "digits")[0]
    a = m.answers(rng)
    a[4] = 1   # Q5 ○（一部）
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "診断票"
    ws.column_dimensions["A"].width = 2
    ws["B1"] = "情報セキュリティ自社診断 回答票"
    details = [("会員番号", m.no), ("事業所名", m.name), ("業種", mc.INDUSTRY_NAME[m.ind]),
               ("所在地", m.address), ("従業員数", f"{m.employees}名")]
    for i, (label, value) in enumerate(details):
        r = 3 + i
        ws.cell(row=r, column=2, value=label)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=9)
        ws.cell(row=r, column=10, value=value)
    top = 10
    ws.cell(row=top, column=2, value="診断項目")
    ws.cell(row=top, column=5, value="回答")
    for q in range(1, 26):
        r = top + q
        ws.cell(row=r, column=2, value=f"{q}. {mc.QUESTIONS[q - 1]}")
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        ws.cell(row=r, column=5, value="○（一部）" if q == 5 else mc.SYMBOLS[a[q - 1]])
    name = "2026-10_clerk_form.xlsx"
    mc.save_workbook(wb, c.path(name))
    c.expect(name, [(m, "2026-10", a, 0, {})],
             "a form with a margin column, labels merged over eight columns, number and question in one cell; "
             "○（一部） is 一部実施")


def summary_sheet(c):
    """A summary sheet of six companies laid on its side: the labels down
    column A (会員番号, 事業所名, 業種, 都道府県, 従業員数, 回答日, Q1 … Q25),
    one column per company. Every company is read, each from its column;
    one whose Q7 says ×（一部） is a reject naming its cell."""
    rng = c.rng
    members = c.members(6, "mixed")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "集計表"
    ws["A1"] = "自社診断 回答集計表"
    labels = ["会員番号", "事業所名", "業種", "都道府県", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]
    for i, label in enumerate(labels):
        ws.cell(row=3 + i, column=1, value=label)
    rows = []
    for j, m in enumerate(members):
        a = m.answers(rng)
        col = 2 + j
        day = dt.datetime(2026, 10, 3 + 4 * j)
        values = [m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref, m.employees, day] + [mc.WORDS[x] for x in a]
        if j == 4:
            values[6 + 6] = "×（一部）"
        for i, v in enumerate(values):
            ws.cell(row=3 + i, column=col, value=v)
        ws.cell(row=8, column=col).number_format = "yyyy/m/d"
        if j != 4:
            rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.save_workbook(wb, c.path("summary_sideways.xlsx"))
    c.expect("summary_sideways.xlsx", rows,
             "labels down column A, one column per company: six companies read column by column (never one "
             "company's details with another's answers); ×（一部） in F15 is a reject",
             rejected_values=["×（一部）"])


def two_company_form(c):
    """A per-company form copied twice onto one sheet (the second company's
    block under the first): not one company's form, refused naming why."""
    rng = c.rng
    members = c.members(2, "digits")
    wb = openpyxl.Workbook()
    ws = wb.active
    for k, m in enumerate(members):
        top = 1 + 40 * k
        a = m.answers(rng)
        for i, (label, value) in enumerate([("会員番号", m.no), ("事業所名", m.name),
                                            ("業種", mc.INDUSTRY_SHORT[m.ind]), ("所在地", m.address),
                                            ("従業員数", m.employees)]):
            ws.cell(row=top + i, column=1, value=label)
            ws.cell(row=top + i, column=2, value=value)
        for q in range(1, 26):
            ws.cell(row=top + 7 + q, column=1, value=q)
            ws.cell(row=top + 7 + q, column=2, value=mc.QUESTIONS[q - 1])
            ws.cell(row=top + 7 + q, column=4, value=mc.SYMBOLS[a[q - 1]])
    mc.save_workbook(wb, c.path("2026-10_two_company_form.xlsx"))
    c.expected["2026-10_two_company_form.xlsx"] = {
        "why": "two companies' forms on one sheet: refused as no form of one company, never the first's "
               "details with either's answers",
        "refused": "1 社分の様式として読めません"}


def grid_with_notes(c):
    """A form marking ○ in one of four choice columns, as a clerk fills it:
    ○（一部） in the 実施している column of Q3 is 一部実施 (2 points), never 実施."""
    rng = c.rng
    m = c.members(1, "digits")[0]
    a = m.answers(rng)
    a[2] = 1
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答用紙"
    for i, (label, value) in enumerate([("会員番号", m.no), ("事業所名", m.name), ("業種", mc.INDUSTRY_SHORT[m.ind]),
                                        ("所在地", m.address), ("従業員数", m.employees)]):
        ws.cell(row=2 + i, column=1, value=label)
        ws.cell(row=2 + i, column=2, value=value)
    top = 9
    ws.cell(row=top, column=1, value="No.")
    ws.cell(row=top, column=2, value="診断項目")
    for k, word in enumerate(mc.WORDS):
        ws.cell(row=top, column=3 + k, value=word)
    for q in range(1, 26):
        ws.cell(row=top + q, column=1, value=q)
        ws.cell(row=top + q, column=2, value=mc.QUESTIONS[q - 1])
        if q == 3:
            ws.cell(row=top + q, column=3, value="○（一部）")
        else:
            ws.cell(row=top + q, column=3 + a[q - 1], value="○")
    name = "2026-10_grid_with_notes.xlsx"
    mc.save_workbook(wb, c.path(name))
    c.expect(name, [(m, "2026-10", a, 0, {})],
             "a choice grid form: ○（一部） in the 実施している column is 一部実施 (2 points)")


def sideways_missing_label(c):
    """A summary sheet on its side whose labels lack 業種: not read as a
    table, not as a form; refused naming what the label column lacks."""
    rng = c.rng
    members = c.members(3, "digits")
    wb = openpyxl.Workbook()
    ws = wb.active
    labels = ["会員番号", "事業所名", "都道府県", "従業員数"] + [f"Q{q}" for q in range(1, 26)]
    for i, label in enumerate(labels):
        ws.cell(row=1 + i, column=1, value=label)
    for j, m in enumerate(members):
        values = [m.no, m.name, m.pref, m.employees] + [mc.SYMBOLS[x] for x in m.answers(rng)]
        for i, v in enumerate(values):
            ws.cell(row=1 + i, column=2 + j, value=v)
    mc.save_workbook(wb, c.path("2026-10_sideways_no_industry.xlsx"))
    c.expected["2026-10_sideways_no_industry.xlsx"] = {
        "why": "labels down column A, a column per company, but no 業種 label: refused naming the layout and "
               "what is missing; never one company's form",
        "refused": "A 列の見出しを縦に読むと"}


def generate(c):
    business_system(c)
    monthly_without_year(c)
    clerk_form(c)
    summary_sheet(c)
    two_company_form(c)
    grid_with_notes(c)
    sideways_missing_label(c)
