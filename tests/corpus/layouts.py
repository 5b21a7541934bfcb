"""layouts.py - tables whose columns must be read with their neighbours.

Called from make_corpus.py's main() with its Corpus and its own module
(for the question texts, the writers and the member pool). Each file is
made the way its tool or its clerk makes it:

- companion columns: 「Q1コメント」 beside each answer, hidden helper columns
  「Q1点」…「Q25点」 beside word answers (one row whose points disagree with
  its answer is rejected naming both cells), 合計 and 判定 at the end;
- a mark-sheet: one column per choice (Q1_実施している … Q1_わからない) with a
  ○ in one (rows with none or two marked are rejected);
- 業種コード beside 業種 looked up by VLOOKUP: the rows showing #N/A, or
  whose code and name disagree, are rejected, not the file;
- SurveyMonkey's two-row header (自由回答 / 回答 under each question, a
  matrix question's items under its sentence merged across its columns),
  as its xlsx and its CSV export write it;
- Questant's numbering Q1-Q30 over the texts, the company details first;
  Microsoft Forms numbering every item (details 1-5, questions 6-30);
- a Google Forms grid titled 「5分でできる！情報セキュリティ自社診断」 whose
  items carry the numbers;
- a header under 21 lines of 記入上の注意 (one of them says 回答日);
- per-part numbering 1-1 … 3-7; the number and the text in one cell;
- a two-row header under the diagnosis's title merged over the questions,
  and the same without 会員番号 (refused: the message and the mapping
  `check` prints must agree).
"""
import datetime as dt

from openpyxl.styles import Alignment
import openpyxl

DETAILS = ["会員番号", "事業所名", "業種", "都道府県", "従業員数", "回答日"]


def _detail_cells(mc, m, day):
    return [m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref, m.employees, day]


def companion_columns(c, mc):
    """A clerk's workbook: each answer with a comment column beside it,
    then 合計 and 判定 (formulas whose values LibreOffice saved)."""
    rng = c.rng
    members = c.members(6, "digits")
    header = list(DETAILS)
    for q in range(1, 26):
        header += [f"Q{q}", f"Q{q}コメント"]
    header += ["合計", "判定"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答一覧"
    ws.append(header)
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        day = dt.datetime(2026, 10, 4 + 2 * i)
        cells = _detail_cells(mc, m, day)
        for q, x in enumerate(a):
            note = "来月対応予定" if x == 2 and q % 3 == 0 else ("担当者に確認中" if x == 3 else None)
            cells += [mc.WORDS[x], note]
        tot = mc.total(a)
        cells += [tot, "要改善" if tot < 70 else "良好"]
        ws.append(cells)
        ws.cell(row=i + 2, column=6).number_format = "yyyy/m/d"
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.save_workbook(wb, c.path("companion_comments.xlsx"))
    c.expect("companion_comments.xlsx", rows,
             "Q1コメント beside each answer, 合計 and 判定 after: companions, never answers")


def helper_points(c, mc):
    """Word answers with hidden helper columns Q1点…Q25点 (=IF(…) formulas
    with their saved values). One row's points disagree with its answer (a
    formula copied from the wrong row): that row is rejected naming both
    cells, the others are stored."""
    rng = c.rng
    members = c.members(6, "m")
    header = list(DETAILS) + [f"Q{q}" for q in range(1, 26)] + [f"Q{q}点" for q in range(1, 26)] + ["合計点"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "診断結果"
    ws.append(header)
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        points = [mc.POINTS[x] for x in a]
        if i == 3:   # Q7 answered 一部実施している, its points say 4
            a[6] = 1
            points[6] = 4
        day = dt.datetime(2026, 10, 6 + i)
        ws.append(_detail_cells(mc, m, day) + [mc.WORDS[x] for x in a] + points + [sum(points)])
        ws.cell(row=i + 2, column=6).number_format = "yyyy/m/d"
        if i != 3:
            rows.append((m, "2026-10", a, 0, {"municipality": None}))
    for q in range(25):
        letter = openpyxl.utils.get_column_letter(len(DETAILS) + 26 + q)
        ws.column_dimensions[letter].hidden = True
    mc.save_workbook(wb, c.path("helper_points.xlsx"))
    c.expect("helper_points.xlsx", rows,
             "hidden Q1点…Q25点 beside word answers check them: the row whose Q7 is 一部実施している "
             "with 4 points is rejected, the others stored",
             rejected_values=["一部実施している"])


def mark_sheet(c, mc):
    """A mark-sheet typed into Excel and saved as CSV (CP932): one column per
    choice, a ○ in the chosen one. A row with Q3 unmarked and a row with Q9
    marked twice are rejected."""
    rng = c.rng
    members = c.members(6, "digits")
    choice_names = ["実施している", "一部実施", "実施していない", "わからない"]
    header = list(DETAILS)
    for q in range(1, 26):
        header += [f"Q{q}_{name}" for name in choice_names]
    out = [header]
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        day = dt.date(2026, 10, 12 + i)
        cells = [m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref, m.employees, day.isoformat()]
        for q, x in enumerate(a):
            marks = [""] * 4
            marks[x] = "○"
            if i == 1 and q == 2:
                marks = [""] * 4
            if i == 4 and q == 8:
                marks[(x + 1) % 4] = "○"
            cells += marks
        out.append(cells)
        if i not in (1, 4):
            rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.write(c.path("mark_sheet.csv"), mc.csv_bytes(out, "cp932"))
    c.expect("mark_sheet.csv", rows,
             "a column per choice with ○ in one: read as the answer; the row with Q3 unmarked and the row "
             "with Q9 marked twice are rejected")


def industry_code(c, mc):
    """業種コード (日本標準産業分類 中分類) typed, 業種 looked up from it by
    VLOOKUP: two codes missing from the lookup table show #N/A (an error
    cell, as Excel saves it), and one row's code was changed without the
    name following. Those three rows are rejected, the rest stored."""
    rng = c.rng
    members = c.members(8, "mixed")
    codes = {"A": "01", "D": "06", "E": "09", "G": "39", "H": "44", "I": "58", "K": "68", "L": "72",
             "M": "76", "O": "82", "P": "83", "R": "89"}
    header = ["会員番号", "事業所名", "業種コード", "業種", "都道府県", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答一覧"
    ws.append(header)
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        code, name = codes[m.ind], mc.INDUSTRY_NAME[m.ind]
        if i in (2, 5):
            name = "#N/A"
        if i == 6:   # a code of 医療 beside the name of another industry
            code = "83" if m.ind != "P" else "09"
        day = dt.datetime(2026, 10, 3 + i)
        ws.append([m.no, m.name, code, name, m.pref, m.employees, day] + [mc.SYMBOLS[x] for x in a])
        ws.cell(row=i + 2, column=7).number_format = "yyyy/m/d"
        if i not in (2, 5, 6):
            rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.save_workbook(wb, c.path("industry_code.xlsx"))
    c.expect("industry_code.xlsx", rows,
             "業種コード beside 業種: rows showing #N/A, or whose code and name disagree, are rejected, "
             "not the file", rejected_values=["#N/A"])


def _survey_rows(c, mc, n, style):
    rng = c.rng
    members = c.members(n, style)
    out = []
    for i, m in enumerate(members):
        out.append((m, m.answers(rng), dt.datetime(2026, 10, 2 + 3 * i, 9 + i, 15, 0)))
    return out


def surveymonkey(c, mc):
    """SurveyMonkey's export (全回答データ, 実際の回答テキスト): its own columns,
    then each question's sentence in row 1 and 自由回答 / 回答 in row 2; the
    matrix question (Q1-5) has its sentence once, merged over its items in
    the xlsx, written once in the CSV, the items in row 2."""
    data = _survey_rows(c, mc, 6, "digits")
    own = ["回答者 ID", "コレクター ID", "開始日", "終了日", "IP アドレス", "メール アドレス", "名", "姓", "カスタムデータ 1"]
    details = ["会員番号を入力してください", "貴社名（正式名称）", "業種を選択してください",
               "所在地（都道府県）", "従業員数（パート・アルバイトを含む）"]
    matrix = "【基本的対策】次の項目について、貴社の状況に最も近いものを選んでください。"
    top = own + details + [matrix] + [""] * 4 + mc.QUESTIONS[5:] + ["ご意見・ご要望があればご記入ください"]
    sub = [""] * len(own) + ["自由回答", "自由回答", "回答", "回答", "自由回答"] + mc.QUESTIONS[:5] \
        + ["回答"] * 20 + ["自由回答"]
    table, rows = [], []
    for k, (m, a, done) in enumerate(data):
        start = done - dt.timedelta(minutes=7)
        table.append([11400000000 + k, 4300000, start, done, f"203.0.113.{k + 10}", "", "", "", ""]
                     + [m.no, m.name, mc.INDUSTRY_NAME[m.ind], m.pref, str(m.employees)]
                     + [mc.WORDS[x] for x in a] + ["特になし" if k % 2 else ""])
        rows.append((m, "2026-10", a, 0, {"municipality": None}))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(top)
    ws.append(sub)
    first = len(own) + len(details) + 1
    ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + 4)
    ws.cell(row=1, column=first).alignment = Alignment(horizontal="center", wrap_text=True)
    for r in table:
        ws.append(r)
    for row in ws.iter_rows(min_row=3, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "mm/dd/yyyy h:mm:ss AM/PM"
    mc.save_workbook(wb, c.path("surveymonkey.xlsx"))
    why = ("SurveyMonkey: 自由回答/回答 in the second header row say nothing; the matrix question's items "
           "under its sentence merged across its columns are Q1-5; 終了日 is the date")
    c.expect("surveymonkey.xlsx", rows, why)

    # an account set to Japanese writes the times year first
    text = [top, sub] + [[r[0], r[1], r[2].strftime("%Y/%m/%d %H:%M:%S"),
                          r[3].strftime("%Y/%m/%d %H:%M:%S")] + r[4:] for r in table]
    mc.write(c.path("surveymonkey.csv"), mc.csv_bytes(text, "utf-8", bom=True))
    c.expect("surveymonkey.csv", rows, why + " (CSV: the matrix sentence written once, empty cells to its right)")


def questant(c, mc):
    """Questant (マクロミル) raw data: row 1 numbers every item Q1-Q30, the
    company details first (Q1-Q5), so the diagnosis's questions are Q6-Q30;
    row 2 holds the texts. The texts decide, since every column shows the
    same offset; 回答日時 stands over both rows."""
    data = _survey_rows(c, mc, 6, "m")
    details = ["会員番号", "事業所名", "業種", "所在地", "従業員数"]
    top = ["回答者ID", "回答日時"] + [f"Q{k}" for k in range(1, 31)]
    sub = ["", ""] + details + mc.QUESTIONS
    labels = ["実施している", "一部実施している", "実施していない", "わからない"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ローデータ"
    ws.append(top)
    ws.append(sub)
    rows = []
    for k, (m, a, done) in enumerate(data):
        ws.append([k + 1, done, m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.address, m.employees]
                  + [labels[x] for x in a])
        ws.cell(row=k + 3, column=2).number_format = "yyyy/mm/dd hh:mm:ss"
        rows.append((m, "2026-10", a, 0, {}))
    mc.save_workbook(wb, c.path("questant.xlsx"))
    c.expect("questant.xlsx", rows,
             "Questant: Q1-Q30 over the texts with the details first: Q6-Q30 are the 25 questions, "
             "decided by the texts' consistent offset; 回答日時 over both rows")


def microsoft_forms_numbered(c, mc):
    """Microsoft Forms with numbering on: every item's title starts with its
    number, the details 1-5 and the questions 6-30."""
    data = _survey_rows(c, mc, 6, "digits")
    details = ["会員番号", "貴社名（正式名称）", "業種", "所在地（都道府県）", "従業員数"]
    headers = ["ID", "開始時刻", "完了時刻", "メール", "名前"]
    headers += [f"{k}. {t}" for k, t in enumerate(details + mc.QUESTIONS, start=1)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(headers)
    rows = []
    for k, (m, a, done) in enumerate(data):
        ws.append([k + 1, done - dt.timedelta(minutes=9), done, "anonymous", "anonymous",
                   m.no, m.name, mc.INDUSTRY_NAME[m.ind], m.pref, str(m.employees)] + [mc.WORDS[x] for x in a])
        for col in (2, 3):
            ws.cell(row=k + 2, column=col).number_format = "m/d/yy h:mm"
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.save_workbook(wb, c.path("microsoft_forms_numbered.xlsx"))
    c.expect("microsoft_forms_numbered.xlsx", rows,
             "MS Forms numbering every item: details 1-5, questions 6-30; the texts confirm the offset 5")


def google_forms_title(c, mc):
    """Google Forms: one grid per part titled with the diagnosis's name, whose
    rows carry the question numbers: 「5分でできる！情報セキュリティ自社診断
    [1. パソコンやスマホなどの…]」. The 5 of the title is no question."""
    data = _survey_rows(c, mc, 6, "m")
    title = "5分でできる！情報セキュリティ自社診断"
    headers = ["タイムスタンプ", "会員番号", "事業所名", "業種", "都道府県", "従業員数"]
    headers += [f"{title} [{q}. {t}]" for q, t in enumerate(mc.QUESTIONS, start=1)]
    out = [headers]
    rows = []
    for m, a, done in data:
        out.append([done.strftime("%Y/%m/%d %H:%M:%S"), m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref,
                    m.employees] + [mc.WORDS[x] for x in a])
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.write(c.path("google_forms_title.csv"), mc.csv_bytes(out, "utf-8"))
    c.expect("google_forms_title.csv", rows,
             "a grid titled 5分でできる！…: each column is its [n. item], never Q5 from the title")


NOTES = [
    "記入上の注意",
    "1. この表は情報セキュリティ自社診断の回答を会員ごとに1行で入力するためのものです。",
    "2. 会員番号は半角数字で入力してください。",
    "3. 事業所名は正式名称で入力してください（㈱などの略記は使わないでください）。",
    "4. 業種は日本標準産業分類の大分類で入力してください。",
    "5. 都道府県は「茨城県」のように入力してください。",
    "6. 従業員数はパート・アルバイトを含めた人数を入力してください。",
    "7. 回答日は西暦で入力してください（例: 2026/10/15）。",
    "8. 各設問の回答は ○（実施している）△（一部実施している）×（実施していない）？（わからない）で入力してください。",
    "9. 未回答の設問があると集計できません。",
    "10. 行や列を挿入しないでください。",
    "11. 見出しの行は変更しないでください。",
    "12. 入力が終わったら事務局へメールで送ってください。",
    "13. ファイル名は変更しないでください。",
    "14. 不明な点は経営支援課までお問い合わせください。",
    "15. 個人情報は診断の集計以外に使用しません。",
    "16. 提出期限は各月末です。",
    "17. 前回の回答と比べて大きく変わった項目は備考に記入してください。",
    "18. 印刷する場合はA4横で印刷してください。",
    "19. 複数の事業所がある場合は本社でまとめて回答してください。",
    "20. 以上",
]


def instructions_above(c, mc):
    """A clerk's template: 21 lines of 記入上の注意 (one says 回答日), a blank
    line, then the header. The same workbook with its Q25 column deleted is
    refused naming Q25, never taking the instruction line for a header."""
    rng = c.rng
    members = c.members(6, "digits")
    header = DETAILS + [f"Q{q}" for q in range(1, 26)]
    table, rows = [], []
    for i, m in enumerate(members):
        a = m.answers(rng)
        day = dt.datetime(2026, 10, 8 + i)
        table.append(_detail_cells(mc, m, day) + [mc.SYMBOLS[x] for x in a])
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    for name, cut in (("instructions_above.xlsx", False), ("instructions_no_q25.xlsx", True)):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "入力シート"
        for line in NOTES:
            ws.append([line])
        ws.append([])
        ws.append(header[:-1] if cut else header)
        for r in table:
            ws.append(r[:-1] if cut else r)
            ws.cell(row=ws.max_row, column=6).number_format = "yyyy/m/d"
        mc.save_workbook(wb, c.path(name))
    c.expect("instructions_above.xlsx", rows, "the header below 21 lines of 記入上の注意 (one mentions 回答日)")
    c.expected["instructions_no_q25.xlsx"] = {
        "why": "the same without its Q25 column: refused naming Q25, not an instruction line as 回答日",
        "refused": "必須の列がありません: Q25"}


def per_part_numbering(c, mc):
    """Questions numbered within their parts: 1-1 … 1-5, 2-1 … 2-13, 3-1 … 3-7."""
    rng = c.rng
    members = c.members(6, "mixed")
    parts = [(1, 5), (2, 13), (3, 7)]
    numbers = [f"{p}-{k}" for p, n in parts for k in range(1, n + 1)]
    header = ["会員番号", "事業所名", "業種", "都道府県", "従業員数", "回答日"] + numbers
    out = [header]
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        out.append([m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref, m.employees, f"2026/10/{14 + i}"]
                   + [str(mc.POINTS[x]) for x in a])
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.write(c.path("per_part_numbering.csv"), mc.csv_bytes(out, "utf-8", bom=True))
    c.expect("per_part_numbering.csv", rows, "questions numbered per part 1-1 … 3-7")


def number_and_text(c, mc):
    """The question number and its text in one cell, on two lines (Alt+Enter)."""
    rng = c.rng
    members = c.members(5, "m")
    header = DETAILS + [f"問{q}\n{t}" for q, t in enumerate(mc.QUESTIONS, start=1)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答"
    ws.append(header)
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        ws.append(_detail_cells(mc, m, dt.datetime(2026, 10, 20 + i)) + [mc.WORDS[x] for x in a])
        ws.cell(row=i + 2, column=6).number_format = "yyyy/m/d"
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True)
    mc.save_workbook(wb, c.path("number_and_text.xlsx"))
    c.expect("number_and_text.xlsx", rows, "問n and the question's text in one cell, on two lines")


def titled_two_row(c, mc):
    """Two header rows: the diagnosis's title merged over the question
    columns, the numbers 1..25 below, the details merged over both rows.
    The title's 5 is no question; the same without 会員番号 is refused and
    the mapping `check` prints agrees with the refusal."""
    rng = c.rng
    members = c.members(6, "digits")
    title = "5分でできる！情報セキュリティ自社診断"
    table, rows = [], []
    for i, m in enumerate(members):
        a = m.answers(rng)
        table.append((m, a, dt.datetime(2026, 10, 5 + 2 * i)))
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    for name, details in (("titled_two_row.xlsx", DETAILS), ("titled_two_row_no_member.xlsx", DETAILS[1:])):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "集計表"
        for j, label in enumerate(details, start=1):
            ws.cell(row=1, column=j, value=label)
            ws.merge_cells(start_row=1, start_column=j, end_row=2, end_column=j)
        first = len(details) + 1
        ws.cell(row=1, column=first, value=title)
        ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + 24)
        for q in range(1, 26):
            ws.cell(row=2, column=first + q - 1, value=q)
        for m, a, day in table:
            cells = _detail_cells(mc, m, day)
            if details is not DETAILS:
                cells = cells[1:]
            ws.append(cells + [mc.SYMBOLS[x] for x in a])
            ws.cell(row=ws.max_row, column=len(details)).number_format = "yyyy/m/d"
        mc.save_workbook(wb, c.path(name))
    c.expect("titled_two_row.xlsx", rows,
             "two header rows under the diagnosis's title merged over the questions: 1..25 are Q1-Q25")
    c.expected["titled_two_row_no_member.xlsx"] = {
        "why": "the same without 会員番号: refused naming 会員番号, with the questions shown as mapped",
        "refused": "必須の列がありません: 会員番号"}


def surveymonkey_plain(c, mc):
    """SurveyMonkey with every question in a column of its own: row 1 maps
    alone, and row 2 (自由回答 / 回答) under it is no member."""
    data = _survey_rows(c, mc, 4, "m")
    details = ["会員番号", "貴社名", "業種", "都道府県", "従業員数"]
    top = ["回答者 ID", "開始日", "終了日"] + details + mc.QUESTIONS
    sub = ["", "", ""] + ["自由回答"] * 5 + ["回答"] * 25
    out = [top, sub]
    rows = []
    for k, (m, a, done) in enumerate(data):
        out.append([11500000000 + k, (done - dt.timedelta(minutes=6)).strftime("%Y/%m/%d %H:%M:%S"),
                    done.strftime("%Y/%m/%d %H:%M:%S"), m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.pref,
                    m.employees] + [mc.WORDS[x] for x in a])
        rows.append((m, "2026-10", a, 0, {"municipality": None}))
    mc.write(c.path("surveymonkey_plain.csv"), mc.csv_bytes(out, "utf-8", bom=True))
    c.expect("surveymonkey_plain.csv", rows,
             "SurveyMonkey, one column per question: the second header row (自由回答/回答) is skipped, "
             "not rejected as a member", no_rejects=True)


def add_layouts(c, mc):
    companion_columns(c, mc)
    helper_points(c, mc)
    mark_sheet(c, mc)
    industry_code(c, mc)
    surveymonkey(c, mc)
    questant(c, mc)
    microsoft_forms_numbered(c, mc)
    google_forms_title(c, mc)
    instructions_above(c, mc)
    per_part_numbering(c, mc)
    number_and_text(c, mc)
    titled_two_row(c, mc)
    surveymonkey_plain(c, mc)
