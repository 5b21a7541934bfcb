"""formats.py - the corpus's workbooks in the formats other tools save:
Excel 97-2003 (.xls), LibreOffice (.ods), formulas with the values
LibreOffice computed, and merged cells. Called by make_corpus.py's main().

Each workbook is built with openpyxl as an xlsx and then converted by
LibreOffice itself, headless (libreoffice-calc-nogui), one soffice run per
target format, with a profile of its own so that a desktop session or
another run is not disturbed. LibreOffice's files carry the time they
were written, so these bytes differ from run to run; what they must store
does not.
"""
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

import make_corpus as mc

HEADER = ["会員番号", "事業所名", "業種", "所在地", "従業員数", "回答日"]


def _soffice():
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("formats.py: LibreOffice (soffice) が見つかりません: apt-get install libreoffice-calc-nogui")


def convert(sources, fmt, outdir):
    """Converts every xlsx in sources to fmt ("xls", "ods", "xlsx") into outdir
    in one soffice run. Returns the paths written, in the order of sources."""
    profile = tempfile.mkdtemp(prefix="corpus-lo-")
    try:
        filt = {"xls": "xls:MS Excel 97", "ods": "ods:calc8", "xlsx": "xlsx:Calc MS Excel 2007 XML"}[fmt]
        cmd = [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", filt, "--outdir", outdir] + list(sources)
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600,
                           env=dict(os.environ, HOME=profile))
        out = []
        for src in sources:
            base = os.path.splitext(os.path.basename(src))[0]
            path = os.path.join(outdir, f"{base}.{fmt}")
            if r.returncode != 0 or not os.path.exists(path):
                sys.exit(f"formats.py: LibreOffice could not convert {src} to {fmt} "
                         f"(exit {r.returncode}): {r.stderr.decode(errors='replace')[:300]}")
            out.append(path)
        return out
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def table(c, members, dates, answers, total=False, padded=False):
    """A per-company list as a clerk keeps it: one row per member, real dates,
    answers as words; with total, a 合計点 column of formulas after Q25 and
    each 回答日 a formula (=DATE(2026,10,2)): only the value LibreOffice
    computed gives the row its period."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答一覧"
    ws.append(HEADER + [f"Q{q}" for q in range(1, 26)] + (["合計点"] if total else []))
    for i, (m, day, a) in enumerate(zip(members, dates, answers)):
        r = i + 2
        ws.append([m.no, m.name, mc.INDUSTRY_SHORT[m.ind], m.address, m.employees, day]
                  + [mc.WORDS[x] for x in a])
        ws.cell(row=r, column=6).number_format = "yyyy/m/d"
        if padded:
            # the member number typed as a number and shown with its zeros
            # (a custom format 00000), as offices keep 05201
            ws.cell(row=r, column=1, value=int(m.no)).number_format = "00000"
        if total:
            ws.cell(row=r, column=6, value=f"=DATE({day.year},{day.month},{day.day})")
            # the points of each answer, summed by a formula (LibreOffice
            # computes and stores the value when it converts)
            first = openpyxl.utils.get_column_letter(7)
            last = openpyxl.utils.get_column_letter(31)
            ws.cell(row=r, column=32, value=(
                f'=COUNTIF({first}{r}:{last}{r},"実施している")*4'
                f'+COUNTIF({first}{r}:{last}{r},"一部実施している")*2'
                f'-COUNTIF({first}{r}:{last}{r},"わからない")'))
    return wb


def merged(c, members, dates, answers):
    """業種 merged down each group of members of one industry (sorted by it,
    as a clerk groups them), 回答日 merged over runs of three rows (answers
    collected on one day), the title merged across the top."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "業種別"
    ws["A1"] = "情報セキュリティ自社診断 回答一覧（業種別）"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    ws.append(HEADER + [f"Q{q}" for q in range(1, 26)])
    start = 3
    for i, (m, day, a) in enumerate(zip(members, dates, answers)):
        r = start + i
        ws.cell(row=r, column=1, value=m.no)
        ws.cell(row=r, column=2, value=m.name)
        ws.cell(row=r, column=4, value=m.address)
        ws.cell(row=r, column=5, value=m.employees)
        for q, x in enumerate(a):
            ws.cell(row=r, column=7 + q, value=mc.WORDS[x])
    # 業種: one merged cell per run of the same industry
    i = 0
    while i < len(members):
        j = i
        while j + 1 < len(members) and members[j + 1].ind == members[i].ind:
            j += 1
        ws.cell(row=start + i, column=3, value=mc.INDUSTRY_SHORT[members[i].ind])
        if j > i:
            ws.merge_cells(start_row=start + i, start_column=3, end_row=start + j, end_column=3)
        i = j + 1
    # 回答日: every three rows share the first row's date
    for i in range(0, len(members), 3):
        cell = ws.cell(row=start + i, column=6, value=dates[i])
        cell.number_format = "yyyy/m/d"
        end = min(i + 2, len(members) - 1)
        if end > i:
            ws.merge_cells(start_row=start + i, start_column=6, end_row=start + end, end_column=6)
    return wb


def make(c):
    """Writes the format files into c.out and their expectations into c."""
    rng = c.rng
    work = tempfile.mkdtemp(prefix="corpus-formats-")
    try:
        to_xls, to_ods, to_xlsx = [], [], []

        # a per-company list in .xls (old Excel habit) and the same kind in .ods
        lists = {}
        for ext in ("xls", "ods"):
            members = c.members(6, "digits")
            dates = [dt.date(2026, 10, d) for d in (1, 3, 6, 9, 14, 20)]
            answers = [m.answers(rng) for m in members]
            src = os.path.join(work, f"formats_list_{ext}.xlsx")
            table(c, members, dates, answers).save(src)
            (to_xls if ext == "xls" else to_ods).append(src)
            lists[ext] = (members, dates, answers)

        # a formula workbook: the 合計点 column's values exist only because
        # LibreOffice computed them (openpyxl writes formulas without values)
        fmembers = c.members(5, "m")
        fdates = [dt.date(2026, 10, d) for d in (2, 5, 8, 12, 16)]
        fanswers = [m.answers(rng) for m in fmembers]
        fsrc = os.path.join(work, "formats_formula.xlsx")
        table(c, fmembers, fdates, fanswers, total=True).save(fsrc)
        to_xlsx.append(fsrc)
        to_xls.append(fsrc)
        to_ods.append(fsrc)

        # merged 業種 and 回答日, as openpyxl writes them (xlsx) and as
        # LibreOffice saves the same workbook (xls, ods)
        mmembers = c.members(8, "digits")
        mmembers.sort(key=lambda m: m.ind)
        mdates = [dt.date(2026, 10, 5 + 2 * (i // 3)) for i in range(len(mmembers))]
        manswers = [m.answers(rng) for m in mmembers]
        msrc = os.path.join(work, "formats_merged.xlsx")
        merged(c, mmembers, mdates, manswers).save(msrc)
        mc.save_workbook(openpyxl.load_workbook(msrc), c.path("formats_merged.xlsx"))
        to_xls.append(msrc)
        to_ods.append(msrc)

        # member numbers as numbers in a format of zeros (05201 shown for
        # 5201): .xls keeps the number and the format apart (NUMBER or RK
        # records, an XF and a FORMAT), .ods the number and the text shown
        padded = {}
        for ext in ("xls", "ods"):
            members = c.members(5, "digits")
            dates = [dt.date(2026, 10, d) for d in (2, 4, 7, 10, 15)]
            answers = [m.answers(rng) for m in members]
            src = os.path.join(work, f"formats_padded_{ext}.xlsx")
            table(c, members, dates, answers, padded=True).save(src)
            (to_xls if ext == "xls" else to_ods).append(src)
            padded[ext] = (members, answers)

        outdir = os.path.join(work, "out")
        os.makedirs(outdir)
        done = {}
        for fmt, sources in (("xls", to_xls), ("ods", to_ods), ("xlsx", to_xlsx)):
            for src, path in zip(sources, convert(sources, fmt, outdir)):
                done[(os.path.basename(src), fmt)] = path

        def place(src, fmt, name):
            shutil.copy(done[(src, fmt)], c.path(name))

        for ext in ("xls", "ods"):
            name = f"formats_list.{ext}"
            place(f"formats_list_{ext}.xlsx", ext, name)
            members, dates, answers = lists[ext]
            c.expect(name, [(m, "2026-10", a, 0, {}) for m, a in zip(members, answers)],
                     f"a per-company list saved by LibreOffice as .{ext}: every row, dates as dates")

        for ext in ("xls", "ods"):
            name = f"formats_padded.{ext}"
            place(f"formats_padded_{ext}.xlsx", ext, name)
            members, answers = padded[ext]
            c.expect(name, [(m, "2026-10", a, 0, {}) for m, a in zip(members, answers)],
                     f"member numbers typed as numbers in the format 00000, saved by LibreOffice as .{ext}: "
                     "each stored with its zeros (05201), as the office sees it")

        for ext in ("xlsx", "xls", "ods"):
            place("formats_formula.xlsx", ext, f"formats_formula.{ext}")
            c.expect(f"formats_formula.{ext}", [(m, "2026-10", a, 0, {}) for m, a in zip(fmembers, fanswers)],
                     f"formulas saved by LibreOffice as .{ext} with the values it computed: 回答日 "
                     "=DATE(2026,10,d) gives the period, the 合計点 column is not a question")

        rows = [(m, "2026-10", a, 0, {}) for m, a in zip(mmembers, manswers)]
        c.expect("formats_merged.xlsx", rows,
                 "業種 merged down each industry's rows, 回答日 merged over three rows (openpyxl): "
                 "every row has its industry and date")
        place("formats_merged.xlsx", "ods", "formats_merged.ods")
        c.expect("formats_merged.ods", rows,
                 "the same merged workbook saved by LibreOffice as .ods (covered cells): every row "
                 "has its industry and date")
        place("formats_merged.xlsx", "xls", "formats_merged.xls")
        c.expect("formats_merged.xls", rows,
                 "the same merged workbook saved by LibreOffice as .xls (MERGEDCELLS records): every row "
                 "has its industry and date")
    finally:
        shutil.rmtree(work, ignore_errors=True)
