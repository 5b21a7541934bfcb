#!/usr/bin/python3
"""make_corpus.py - input files made the way real tools and office habits make them.

Each file is written the way its source writes it (Microsoft Forms' and
Google Forms' exports, Excel's "Unicode テキスト" and CP932 saves, a clerk's
sheet with a running No., 合計 and 平均 rows, a two-row header, member
numbers kept as numbers with the format 00000), not the way
tests/gen_sample.py writes a clean table. Beside the files, expected.json
says what shindan must store for each: the rows of

    SELECT c.member_no, r.period, r.total, r.sa_level
      FROM response r JOIN company c ON c.id = r.company_id ORDER BY 1, 2

with totals computed here from IPA's points (実施 4, 一部 2, 未実施 0,
わからない -1), or that the file must be refused. It is the specification
for the header mapping and the value parsers (src/ingest/); tests/
integration/test_corpus.sh imports each file and compares.

expected.json: file name -> {
  "import":   [files imported into one database, in order] (default [name]),
  "stored":   [[member_no, period, total, sa_level], ...] sorted like the query,
  "details":  [[member_no, period, name, industry, prefecture, municipality,
                employees, size_band], ...]  (response columns as answered;
                name NFKC with spaces collapsed, employees null for a band),
  "companies": [member_no, ...]  (the company table, when it matters),
  "rejected_values": [cell values that must be listed as rejects],
  "refused":  "substring of the message" (nothing may be stored),
  "why":      what the file tests }

Same seed, same bytes (xlsx zip entries get fixed times).

usage: make_corpus.py OUTDIR
"""
import csv
import datetime as dt
import io
import json
import os
import random
import re
import sys
import unicodedata
import zipfile

import openpyxl
from openpyxl.styles import Alignment

SEED = 20261005
POINTS = [4, 2, 0, -1]          # index: 0 実施, 1 一部, 2 未実施, 3 わからない
WORDS = ["実施している", "一部実施している", "実施していない", "わからない"]
SYMBOLS = ["○", "△", "×", "？"]

# IPA 5分でできる！情報セキュリティ自社診断, the question sentences as a form
# built from the diagnosis sheet carries them.
QUESTIONS = [
    "パソコンやスマホなどのOSやソフトウェアは常に最新の状態にしていますか？",
    "パソコンやスマホなどにはウイルス対策ソフトを導入し、ウイルス定義ファイルは最新の状態にしていますか？",
    "パスワードは破られにくい「長く」「複雑な」パスワードを設定していますか？",
    "重要情報に対する適切なアクセス制限を行っていますか？",
    "新たな脅威や攻撃の手口を知り対策を社内共有する仕組みはできていますか？",
    "電子メールの添付ファイルや本文中のURLリンクを介したウイルス感染に気をつけていますか？",
    "電子メールやFAXの宛先の送信ミスを防ぐ取り組みを実施していますか？",
    "重要情報は電子メール本文に書くのではなく、添付するファイルに書いてパスワードなどで保護していますか？",
    "無線LANを安全に使うために適切な暗号化方式を設定するなどの対策をしていますか？",
    "インターネットを介したウイルス感染やSNSへの書き込みなどのトラブルへの対策をしていますか？",
    "パソコンやサーバーのウイルス感染、故障や誤操作による重要情報の消失に備えてバックアップを取得していますか？",
    "紛失や盗難を防止するため、重要情報が記載された書類や電子媒体は机上に放置せず、書庫などに安全に保管していますか？",
    "重要情報が記載された書類や電子媒体を持ち出す時は、盗難や紛失の対策をしていますか？",
    "離席時にパソコン画面の覗き見や勝手な操作ができないようにしていますか？",
    "関係者以外の事務所への立ち入りを制限していますか？",
    "退社時にノートパソコンや備品を施錠保管するなど盗難防止対策をしていますか？",
    "事務所が無人になる時の施錠忘れ対策を実施していますか？",
    "重要情報が記載された書類や重要なデータが保存された媒体を破棄する時は、復元できないようにしていますか？",
    "従業員に守秘義務を理解してもらい、業務上知り得た情報を外部に漏らさないなどのルールを守らせていますか？",
    "従業員にセキュリティに関する教育や注意喚起を行っていますか？",
    "個人所有の情報機器を業務で利用する場合のセキュリティ対策を明確にしていますか？",
    "重要情報の授受を伴う取引先との契約書には、秘密保持条項を規定していますか？",
    "クラウドサービスやウェブサイトの運用等で利用する外部サービスは、安全・信頼性を把握して選定していますか？",
    "セキュリティ事故が発生した場合に備え、緊急時の体制整備や対応手順を作成するなど準備をしていますか？",
    "情報セキュリティ対策（上記1～24など）をルール化し、従業員に明示していますか？",
]
# Google Forms grid "【基本的対策】…": the form author's short row labels for Q1-5
GRID_TITLE = "【基本的対策】次の項目について当てはまるものを選んでください"
GRID_ROWS = [
    "OSやソフトウェアを最新の状態にしている",
    "ウイルス対策ソフトを導入し、定義ファイルを最新にしている",
    "破られにくい長く複雑なパスワードを設定している",
    "重要情報へのアクセスを必要な人に制限している",
    "新たな脅威や攻撃の手口を知り、社内で共有している",
]

PREF_CODE = {"茨城県": 8, "栃木県": 9, "群馬県": 10}
INDUSTRY_NAME = {
    "A": "農業，林業", "D": "建設業", "E": "製造業", "G": "情報通信業", "H": "運輸業，郵便業",
    "I": "卸売業，小売業", "K": "不動産業，物品賃貸業", "L": "学術研究，専門・技術サービス業",
    "M": "宿泊業，飲食サービス業", "O": "教育，学習支援業", "P": "医療，福祉",
    "R": "サービス業（他に分類されないもの）",
}
INDUSTRY_SHORT = {"A": "農業", "D": "建設", "E": "製造", "G": "IT", "H": "運輸", "I": "小売",
                  "K": "不動産", "L": "専門サービス", "M": "飲食", "O": "教育", "P": "医療・福祉",
                  "R": "サービス業"}

# name, industry, prefecture, municipality (as shindan keeps it), rest of the
# address, postal code, employees
COMPANIES = [
    ("株式会社常陸精機製作所", "E", "茨城県", "日立市", "幸町1-12-5", "317-0073", 48),
    ("有限会社大洗水産加工", "E", "茨城県", "東茨城郡大洗町", "磯浜町6881-3", "311-1301", 17),
    ("株式会社つくばソフトラボ", "G", "茨城県", "つくば市", "吾妻2-5-1", "305-0031", 23),
    ("合同会社ひたちなか運送", "H", "茨城県", "ひたちなか市", "東石川3-4-10", "312-0052", 36),
    ("株式会社水戸三の丸商事", "I", "茨城県", "水戸市", "三の丸1-5-38", "310-0011", 12),
    ("株式会社土浦ストア", "I", "茨城県", "土浦市", "大和町9-2", "300-0036", 64),
    ("税理士法人水戸会計", "L", "茨城県", "水戸市", "南町3-3-35", "310-0021", 9),
    ("株式会社古河フーズ", "E", "茨城県", "古河市", "本町2-8-14", "306-0023", 110),
    ("株式会社鹿嶋物流センター", "H", "茨城県", "鹿嶋市", "宮中4-2-1", "314-0031", 41),
    ("有限会社みらい学習塾", "O", "茨城県", "取手市", "取手2-1-6", "302-0004", 6),
    ("株式会社宇都宮餃子本舗", "M", "栃木県", "宇都宮市", "馬場通り2-3-12", "320-0026", 27),
    ("有限会社小山建設", "D", "栃木県", "小山市", "中央町3-7-1", "323-0023", 19),
    ("株式会社足利織物", "E", "栃木県", "足利市", "通2-12-16", "326-0814", 33),
    ("株式会社真岡電設", "D", "栃木県", "真岡市", "荒町5191", "321-4305", 14),
    ("株式会社栃木ITサービス", "G", "栃木県", "栃木市", "万町9-25", "328-0015", 8),
    ("医療法人社団さくら会", "P", "栃木県", "佐野市", "高砂町1", "327-0003", 72),
    ("株式会社鹿沼木工", "E", "栃木県", "鹿沼市", "今宮町1688", "322-0068", 21),
    ("株式会社前橋商事", "I", "群馬県", "前橋市", "大手町1-1-1", "371-0026", 15),
    ("高崎ダルマ工房株式会社", "E", "群馬県", "高崎市", "高松町35-1", "370-0829", 11),
    ("株式会社桐生テキスタイル", "E", "群馬県", "桐生市", "織姫町1-1", "376-0031", 26),
    ("有限会社草津温泉旅館", "M", "群馬県", "吾妻郡草津町", "草津28", "377-1711", 18),
    ("伊勢崎不動産株式会社", "K", "群馬県", "伊勢崎市", "今泉町2-410", "372-0031", 7),
    ("有限会社太田モータース", "R", "群馬県", "太田市", "浜町2-35", "373-0853", 13),
    ("株式会社館林印刷", "E", "群馬県", "館林市", "城町1-1", "374-0018", 29),
    ("農事組合法人沼田りんご園", "A", "群馬県", "沼田市", "西倉内町594", "378-0042", 5),
]
TRADE = {"A": "農園", "D": "工務店", "E": "製作所", "G": "システム", "H": "運送", "I": "商店",
         "K": "不動産", "L": "事務所", "M": "食堂", "O": "学院", "P": "クリニック", "R": "サービス"}
RESPONDENTS = ["佐藤 美咲", "鈴木 健太", "高橋 直子", "田中 翔", "渡辺 由美", "伊藤 大輔", "山本 恵",
               "中村 拓也", "小林 綾", "加藤 誠"]
# IPA finds Q5, Q24, Q25 weakest and Q1, Q2 strongest
HARD = {5: 0.55, 20: 0.7, 22: 0.8, 24: 0.5, 25: 0.55}
EASY = {1: 1.25, 2: 1.3, 14: 1.1}


def size_band(n):
    for band, hi in ((1, 5), (2, 20), (3, 50), (4, 100), (5, 300)):
        if n <= hi:
            return band
    return 6


def clean(s):
    """What shindan keeps of a name: NFKC, white space collapsed, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", s).split())


def municipality_stored(muni):
    """A 郡 is dropped: shindan keeps the town or village after it."""
    return muni.split("郡", 1)[1] if "郡" in muni else muni


class Member:
    def __init__(self, rng, no, company):
        (self.name, self.ind, self.pref, self.muni, self.street, self.postal,
         self.employees) = company
        self.no = no
        self.maturity = rng.uniform(0.2, 0.97)
        self.sa = rng.choices([0, 1, 2], [6, 3, 1])[0]

    def answers(self, rng):
        out = []
        for q in range(1, 26):
            m = min(0.98, max(0.02, self.maturity * HARD.get(q, 1.0) * EASY.get(q, 1.0)))
            rest = 1 - m
            out.append(rng.choices([0, 1, 2, 3], [m, rest * 0.45, rest * 0.4, rest * 0.15])[0])
        return out

    @property
    def address(self):
        return f"{self.pref}{self.muni}{self.street}"


def total(answers):
    return sum(POINTS[a] for a in answers)


class Corpus:
    def __init__(self, out):
        self.out = out
        self.rng = random.Random(SEED)
        self.expected = {}
        self.pool = list(COMPANIES)
        self.rng.shuffle(self.pool)
        self.used = 0
        self.serial = 5200

    def members(self, n, style):
        """n members; style "digits" (05201) or "m" (M00012) or "mixed"."""
        out = []
        for i in range(n):
            company = self.pool[self.used % len(self.pool)]
            self.used += 1
            self.serial += 1
            if style == "digits" or (style == "mixed" and i % 2 == 0):
                no = f"{self.serial:05d}"
            else:
                no = f"M{self.serial - 5188:05d}"
            out.append(Member(self.rng, no, company))
        return out

    def path(self, name):
        return os.path.join(self.out, name)

    def expect(self, name, rows, why, **extra):
        """rows: (member, period, answers, sa, details-overrides) as they must be
        stored after the whole import; later rows of a member and period
        replace earlier ones, as shindan does."""
        final = {}
        for m, period, answers, sa, over in rows:
            final[(m.no, period)] = (m, period, answers, sa, over)
        stored, details = [], []
        for key in sorted(final):
            m, period, answers, sa, over = final[key]
            stored.append([m.no, period, total(answers), sa])
            d = {"name": clean(m.name), "industry": m.ind, "prefecture": PREF_CODE[m.pref],
                 "municipality": municipality_stored(m.muni), "employees": m.employees,
                 "size_band": size_band(m.employees)}
            d.update(over)
            details.append([m.no, period, d["name"], d["industry"], d["prefecture"],
                            d["municipality"], d["employees"], d["size_band"]])
        entry = {"why": why, "stored": stored, "details": details}
        entry.update(extra)
        self.expected[name] = entry


# ---------------------------------------------------------------- writers

FIXED_ZIP_TIME = (2026, 10, 1, 9, 0, 0)


def save_workbook(wb, path):
    """openpyxl, then the zip rewritten with fixed entry times and document
    dates, so the same seed gives the same bytes."""
    stamp = dt.datetime(2026, 10, 1, 9, 0, 0)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2026-10-01T09:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)


def csv_bytes(rows, encoding, delimiter=",", bom=False, quoting=csv.QUOTE_MINIMAL):
    s = io.StringIO()
    w = csv.writer(s, delimiter=delimiter, lineterminator="\r\n", quoting=quoting)
    for r in rows:
        w.writerow(["" if c is None else str(c) for c in r])
    data = s.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- files

def microsoft_forms(c):
    """Microsoft Forms → 応答を Excel で開く: ID, 開始時刻, 完了時刻, メール,
    名前 (the respondent's account), 最終変更時刻, then each question's own
    title as the header; answers as the choice texts; times as datetimes."""
    rng = c.rng
    members = c.members(8, "digits")
    headers = ["ID", "開始時刻", "完了時刻", "メール", "名前", "最終変更時刻",
               "会員番号", "貴社名（正式名称）を入力してください", "業種を選択してください",
               "所在地（都道府県）", "従業員数（パート・アルバイトを含む）"]
    headers += [f"{q}. {QUESTIONS[q - 1]}" for q in range(1, 26)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(headers)
    rows = []
    base = dt.datetime(2026, 10, 1, 8, 40, 0)
    for i, m in enumerate(members):
        a = m.answers(rng)
        if i == 0:   # started on 30 September, finished after midnight: October
            start, done = dt.datetime(2026, 9, 30, 23, 54, 12), dt.datetime(2026, 10, 1, 0, 3, 41)
        elif i == 7:  # answered in September: its own period
            start, done = dt.datetime(2026, 9, 28, 10, 2, 5), dt.datetime(2026, 9, 28, 10, 9, 58)
        else:
            start = base + dt.timedelta(days=2 * i, hours=rng.randint(0, 8), minutes=rng.randint(0, 59),
                                        seconds=rng.randint(0, 59))
            done = start + dt.timedelta(minutes=rng.randint(4, 15), seconds=rng.randint(0, 59))
        anonymous = i % 3 == 2
        person = RESPONDENTS[i % len(RESPONDENTS)]
        ws.append([i + 1, start, done, "anonymous" if anonymous else f"user{i + 1:02d}@example.jp",
                   "anonymous" if anonymous else person, done,
                   m.no, m.name, INDUSTRY_NAME[m.ind], m.pref, str(m.employees)]
                  + [WORDS[x] for x in a])
        rows.append((m, done.strftime("%Y-%m"), a, 0, {"municipality": None}))
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "m/d/yy h:mm"
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "m/d/yy h:mm"
    save_workbook(wb, c.path("microsoft_forms.xlsx"))
    c.expect("microsoft_forms.xlsx", rows,
             "MS Forms export: the period is 完了時刻's month (not 開始時刻's); ID is not the member "
             "number, 名前/メール are the respondent's account, not the company; headers are the "
             "question titles")


def google_forms_table(c):
    rng = c.rng
    members = c.members(8, "m")
    headers = ["タイムスタンプ", "メールアドレス", "会員番号", "事業所名を入力してください",
               "業種を選んでください", "所在地の都道府県", "所在地の市区町村",
               "従業員数（パート・アルバイトを含む）"]
    headers += [f"{GRID_TITLE} [{r}]" for r in GRID_ROWS]
    headers += QUESTIONS[5:]
    headers += ["SECURITY ACTIONの宣言状況"]
    sa_text = ["宣言していない", "一つ星を宣言している", "二つ星を宣言している"]
    table, rows = [], []
    t = dt.datetime(2026, 10, 5, 9, 12, 7)
    order = list(range(8)) + [2]      # member 3 sends the form again, later
    for k, i in enumerate(order):
        m = members[i]
        a = m.answers(rng)
        sa = m.sa if k < 8 else min(2, m.sa + 1)
        t = t + dt.timedelta(hours=rng.randint(3, 40), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
        table.append([t, f"{m.no.lower()}@example.co.jp", m.no, m.name, INDUSTRY_NAME[m.ind], m.pref,
                      m.muni, m.employees] + [WORDS[x] for x in a] + [sa_text[sa]])
        rows.append((m, t.strftime("%Y-%m"), a, sa, {}))
    return headers, table, rows


def google_forms(c):
    """Google Forms: 回答 → CSV をダウンロード (UTF-8, no BOM), and the same
    responses as the linked sheet's xlsx download."""
    headers, table, rows = google_forms_table(c)
    out = [headers] + [[r[0].strftime("%Y/%m/%d %H:%M:%S")] + r[1:] for r in table]
    write(c.path("google_forms.csv"), csv_bytes(out, "utf-8"))
    why = ("Google Forms: タイムスタンプ is the date; question headers are sentences without numbers; "
           "Q1-5 are one grid exported as 「title [row]」 columns; SECURITY ACTIONの宣言状況 in words; "
           "member M… sends the form twice, the later answer counts")
    c.expect("google_forms.csv", rows, why)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "フォームの回答 1"
    ws.append(headers)
    for r in table:
        ws.append(r)
    for row in ws.iter_rows(min_row=2, min_col=1, max_col=1):
        for cell in row:
            cell.number_format = "yyyy/mm/dd h:mm:ss"
    save_workbook(wb, c.path("google_forms.xlsx"))
    c.expect("google_forms.xlsx", rows, why + " (xlsx from Google Sheets: タイムスタンプ a datetime, 従業員数 a number)")

    # the same answers behind a cover sheet and a chart sheet, as a clerk
    # dresses a workbook up: both are passed over, the table is read
    from openpyxl.chart import BarChart, Reference
    wb2 = openpyxl.Workbook()
    cover = wb2.active
    cover.title = "表紙"
    cover["A1"] = "2026年10月 情報セキュリティ自社診断 回答一覧"
    cover["A3"] = "作成：経営支援課"
    chart_sheet = wb2.create_chartsheet("グラフ")
    data = wb2.create_sheet("回答")
    data.append(headers)
    for r in table:
        data.append(r)
    for row in data.iter_rows(min_row=2, min_col=1, max_col=1):
        for cell in row:
            cell.number_format = "yyyy/mm/dd h:mm:ss"
    chart = BarChart()
    chart.add_data(Reference(data, min_col=len(headers), min_row=1, max_row=len(table) + 1), titles_from_data=True)
    chart_sheet.add_chart(chart)
    save_workbook(wb2, c.path("cover_and_chart.xlsx"))
    c.expect("cover_and_chart.xlsx", rows, "a cover sheet and a chart sheet before the table: both passed over")


def exporter_quirks(c):
    """Some exporters write the zip's folders with backslashes
    (xl\\worksheets\\sheet1.xml) and empty shared-string cells
    (<c t="s"><v/></c>): the same workbook as google_forms.xlsx, so it must
    store the same rows."""
    src = zipfile.ZipFile(os.path.join(c.out, "google_forms.xlsx"))
    path = os.path.join(c.out, "exporter_quirks.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("worksheets/sheet1.xml"):
                # an empty shared-string cell at the end of every data row
                data = re.sub(rb'(<row r="(\d+)"[^>]*>)(.*?)(</row>)',
                              lambda m: m.group(1) + m.group(3) +
                              (b'<c r="ZZ' + m.group(2) + b'" t="s"><v/></c>' if m.group(2) != b"1" else b"") +
                              m.group(4), data, flags=re.S)
            name = info.filename if info.filename == "[Content_Types].xml" else info.filename.replace("/", "\\")
            zi = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    entry = dict(c.expected["google_forms.xlsx"])
    entry["why"] = "backslash zip entry names and empty shared-string cells; the same rows as google_forms.xlsx"
    c.expected["exporter_quirks.xlsx"] = entry


def excel_unicode_text(c):
    """Excel 名前を付けて保存 → Unicode テキスト (*.txt): UTF-16LE with BOM,
    tabs, CRLF, fields with a double quote quoted, dates as displayed."""
    rng = c.rng
    members = c.members(8, "m")
    header = ["会員番号", "事業所名", "業種", "都道府県", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]
    lines = ["\t".join(header)]
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        day = dt.date(2026, 10, 1) + dt.timedelta(days=3 * i + rng.randint(0, 2))
        name = m.name
        if i == 3:   # a nickname in quotes: Excel quotes the field and doubles the quotes
            name = f'{m.name} "本社"'
        ind = m.ind if i % 2 else INDUSTRY_NAME[m.ind]
        cells = [m.no, name, ind, m.pref, str(m.employees), f"{day.year}/{day.month}/{day.day}"]
        cells += [SYMBOLS[x] for x in a]
        cells = ['"' + x.replace('"', '""') + '"' if '"' in x else x for x in cells]
        lines.append("\t".join(cells))
        over = {"municipality": None}
        if i == 3:
            over["name"] = clean(name)
        rows.append((m, day.strftime("%Y-%m"), a, 0, over))
    data = ("\r\n".join(lines) + "\r\n").encode("utf-16-le")
    write(c.path("excel_unicode_text.txt"), b"\xff\xfe" + data)
    c.expect("excel_unicode_text.txt", rows,
             "Excel's Unicode text: UTF-16LE with BOM, tab-separated, CRLF, a quoted field with doubled quotes")


def tsv_cp932(c):
    """A tab-separated CP932 file (Excel's テキスト (タブ区切り)): 会員No, 企業名,
    所在地 with the postal code in front, 問1..問25 as points."""
    rng = c.rng
    members = c.members(8, "digits")
    # what CP932 holds and strict Shift_JIS does not (㈱, 髙), and half-width kana
    members[0].name = members[0].name.replace("株式会社", "㈱").replace("有限会社", "㈲")
    members[4].name = "株式会社髙野" + TRADE[members[4].ind]
    members[5].name = "（有）ｻｸﾗ" + TRADE[members[5].ind]
    header = ["会員No", "企業名", "業種", "所在地", "従業員数"] + [f"問{q}" for q in range(1, 26)]
    out = [header]
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        addr = f"〒{m.postal} {m.address}" if i % 4 != 3 else f"〒{m.postal}　{m.address}"
        out.append([m.no, m.name, INDUSTRY_SHORT[m.ind], addr, f"{m.employees}名"]
                   + [str(POINTS[x]) for x in a])
        rows.append((m, "2026-10", a, 0, {}))
    name = "2026-10_tsv_cp932.tsv"
    write(c.path(name), csv_bytes(out, "cp932", delimiter="\t"))
    c.expect(name, rows,
             "CP932 tab-separated; 会員No/企業名/問n headers; 〒 postal code before the address; "
             "no date: the period 2026-10 comes from the file name")


def office_habits(c):
    """What a clerk types in Excel and saves as CSV (CP932)."""
    rng = c.rng
    members = c.members(8, "mixed")
    header = (["No.", "会員番号", "事業所名", "業種", "所在地", "従業員数", "回答日", "1つ星", "5か条"]
              + [f"Q{q}" for q in range(1, 26)] + ["前回点数"])
    employees = ["20人程度", "約20人", "20名（パート含む）", "10～20人", None, None, None, None]
    dates = ["令和8年10月1日", "R8.10.2", "2026/10/01(木)", "令和8年10月5日", "R8.10.6", "2026/10/07(水)",
             "2026/10/8", "令和８年１０月９日"]
    industries = {"E": "製造", "I": "小売業", "G": "情報通信業"}
    out = [header]
    rows = []
    sums = [0] * 25
    emp_sum = 0
    prev_sum = 0
    for i, m in enumerate(members):
        a = m.answers(rng)
        cells = []
        for q, x in enumerate(a):
            sums[q] += POINTS[x]
            style = (i + q) % 5
            if style == 0:
                cells.append(WORDS[x] + "。")
            elif style == 1:
                cells.append(f"{POINTS[x]}点" if x != 3 else "－１点")
            elif style == 2:
                cells.append(SYMBOLS[x])
            elif style == 3:
                cells.append(WORDS[x])
            else:
                cells.append(f"{POINTS[x]}点")
        over = {}
        emp = employees[i]
        if emp is None:
            emp = f"{m.employees}人"
            emp_sum += m.employees
        else:
            m.employees = 20
            if "～" in emp:
                over = {"employees": None, "size_band": 2}
            emp_sum += 20
        ind = industries.get(m.ind, INDUSTRY_SHORT[m.ind])
        prev = rng.randint(30, 95)
        prev_sum += prev
        one_star = "○" if m.sa >= 1 else ""
        five = "○" if all(x == 0 for x in a[:5]) else "×"
        out.append([i + 1, m.no, m.name, ind, m.address, emp, dates[i], one_star, five] + cells + [prev])
        rows.append((m, "2026-10", a, 0, over))
    n = len(members)
    out.append(["合計", "", "", "", "", emp_sum, "", "", ""] + [str(s) for s in sums] + [prev_sum])
    out.append(["平均", "", "", "", "", f"{emp_sum / n:.1f}", "", "", ""]
               + [f"{s / n:.2f}" for s in sums] + [f"{prev_sum / n:.1f}"])
    write(c.path("office_habits.csv"), csv_bytes(out, "cp932"))
    c.expect("office_habits.csv", rows,
             "clerk's sheet: member number from 会員番号 (never the running No.); 1つ星, 5か条, 前回点数 "
             "are not questions; employees 20人程度/約20人/20名（パート含む）/10～20人 (a band); dates "
             "令和8年10月1日, R8.10.2, 2026/10/01(木); answers with 。 or as 4点; 合計 and 平均 rows "
             "are not members; no SECURITY ACTION column, so sa_level 0 (1つ星 is the clerk's note)")


def excel_member_format(c):
    """Member numbers typed in Excel as numbers, shown 05201 by the cell
    format 00000; the same member as text in a CSV of another month."""
    rng = c.rng
    members = c.members(6, "digits")
    for i, m in enumerate(members):   # 05201 …, 00012: zeros Excel keeps only in the format
        m.no = f"{5201 + i:05d}" if i < 5 else "00012"
    header = (["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日", "SECURITY ACTION"]
              + [f"Q{q}" for q in range(1, 26)])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回答一覧"
    ws.append(header)
    rows = []
    sa_text = ["", "★", "★★"]
    for i, m in enumerate(members):
        a = m.answers(rng)
        day = dt.datetime(2026, 10, 2 + 2 * i)
        ws.append([int(m.no), m.name, INDUSTRY_NAME[m.ind], m.pref, m.muni, m.employees, day, sa_text[m.sa]]
                  + [WORDS[x] for x in a])
        ws.cell(row=i + 2, column=1).number_format = "00000"
        ws.cell(row=i + 2, column=7).number_format = "yyyy/m/d"
        rows.append((m, "2026-10", a, m.sa, {}))
    save_workbook(wb, c.path("excel_member_format.xlsx"))

    text = [header]
    for i, m in enumerate(members[:3]):
        a = m.answers(rng)
        day = dt.date(2026, 9, 10 + i)
        text.append([m.no, m.name, INDUSTRY_NAME[m.ind], m.pref, m.muni, m.employees, day.isoformat(),
                     sa_text[m.sa]] + [WORDS[x] for x in a])
        rows.append((m, "2026-09", a, m.sa, {}))
    write(c.path("member_text.csv"), csv_bytes(text, "utf-8", bom=True))
    c.expect("excel_member_format.xlsx", rows,
             "member numbers as numbers with the format 00000 are 05201, the same company as "
             "\"05201\" typed as text in member_text.csv (imported into the same database)",
             **{"import": ["excel_member_format.xlsx", "member_text.csv"],
                "companies": sorted(m.no for m in members)})


def two_row_header(c):
    """A header in two rows: 設問 merged over the question columns in row 1,
    the numbers 1..25 in row 2, the detail labels merged over rows 1-2."""
    rng = c.rng
    members = c.members(8, "m")
    details = ["会員番号", "事業所名", "業種", "所在地", "従業員数", "回答日"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "集計表"
    for j, label in enumerate(details, start=1):
        ws.cell(row=1, column=j, value=label)
        ws.merge_cells(start_row=1, start_column=j, end_row=2, end_column=j)
        ws.cell(row=1, column=j).alignment = Alignment(vertical="center", horizontal="center")
    first_q = len(details) + 1
    ws.cell(row=1, column=first_q, value="設問")
    ws.merge_cells(start_row=1, start_column=first_q, end_row=1, end_column=first_q + 24)
    ws.cell(row=1, column=first_q).alignment = Alignment(horizontal="center")
    for q in range(1, 26):
        ws.cell(row=2, column=first_q + q - 1, value=q)
    rows = []
    for i, m in enumerate(members):
        a = m.answers(rng)
        day = dt.datetime(2026, 10, 3 + 3 * i)
        ws.append([m.no, m.name, INDUSTRY_SHORT[m.ind], m.address, m.employees, day] + [SYMBOLS[x] for x in a])
        ws.cell(row=i + 3, column=6).number_format = "yyyy/m/d"
        rows.append((m, "2026-10", a, 0, {}))
    save_workbook(wb, c.path("two_row_header.xlsx"))
    c.expect("two_row_header.xlsx", rows,
             "two header rows: 設問 merged over the questions with 1..25 below it, details merged over both rows")


def forms(c):
    """Per-company forms laid out differently from templates/form.ini
    (answers in column D): the answers in column F; ○ marks in four choice
    columns under a row naming the choices; detail labels above their
    values. One workbook per member, period from the file name."""
    rng = c.rng
    members = c.members(3, "digits")
    layouts = ["form_answers_in_f", "form_choice_marks", "form_labels_above"]
    for m, layout in zip(members, layouts):
        a = m.answers(rng)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "回答用紙"
        ws["A1"] = "情報セキュリティ自社診断 回答用紙"
        details = [("会員番号", m.no), ("事業所名", m.name), ("業種", INDUSTRY_SHORT[m.ind]),
                   ("所在地", m.address), ("従業員数", m.employees)]
        if layout == "form_labels_above":
            for j, (label, value) in enumerate(details, start=1):
                ws.cell(row=3, column=j, value=label)
                ws.cell(row=4, column=j, value=value)
        else:
            for i, (label, value) in enumerate(details):
                ws.cell(row=3 + i, column=1, value=label)
                ws.cell(row=3 + i, column=2, value=value)
        top = 10
        if layout == "form_choice_marks":
            ws.cell(row=top, column=1, value="No.")
            ws.cell(row=top, column=2, value="診断項目")
            for k, word in enumerate(WORDS):
                ws.cell(row=top, column=3 + k, value=word)
        for q in range(1, 26):
            r = top + q
            ws.cell(row=r, column=1, value=q)
            ws.cell(row=r, column=2, value=QUESTIONS[q - 1])
            if layout == "form_answers_in_f":
                ws.cell(row=r, column=6, value=SYMBOLS[a[q - 1]])
            elif layout == "form_choice_marks":
                ws.cell(row=r, column=3 + a[q - 1], value="○")
            else:
                ws.cell(row=r, column=4, value=SYMBOLS[a[q - 1]])
        name = f"2026-10_{layout}.xlsx"
        save_workbook(wb, c.path(name))
        c.expect(name, [(m, "2026-10", a, 0, {})], f"a per-company form: {layout.replace('_', ' ')}")


def standard_rows(c, members, dates):
    """A clean table (UTF-8 with BOM, as Excel's CSV UTF-8 save writes)."""
    rng = c.rng
    header = ["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日"] + [f"Q{q}" for q in range(1, 26)]
    out, answers = [header], []
    for m, day in zip(members, dates):
        a = m.answers(rng)
        answers.append(a)
        out.append([m.no, m.name, INDUSTRY_SHORT[m.ind], m.pref, m.muni, m.employees, day] + [WORDS[x] for x in a])
    return out, answers


def ambiguous(c):
    """Two columns that both plainly claim 事業所名: the branch (事業所名) and
    the company (会社名). Guessing would store the wrong one: refuse."""
    rng = c.rng
    members = c.members(4, "digits")
    header = (["会員番号", "事業所名", "会社名", "業種", "都道府県", "従業員数", "回答日"]
              + [f"Q{q}" for q in range(1, 26)])
    out = [header]
    for i, m in enumerate(members):
        a = m.answers(rng)
        branch = ["本社", "水戸営業所", "宇都宮支店", "本店"][i]
        out.append([m.no, branch, m.name, INDUSTRY_SHORT[m.ind], m.pref, m.employees, f"2026-10-{10 + i:02d}"]
                   + [WORDS[x] for x in a])
    write(c.path("ambiguous.csv"), csv_bytes(out, "utf-8", bom=True))
    c.expected["ambiguous.csv"] = {
        "why": "事業所名 and 会社名 both name the company: the file is refused, nothing stored",
        "refused": "事業所名"}


def industry_trap(c):
    members = c.members(8, "mixed")
    dates = [f"2026-10-{d:02d}" for d in (2, 5, 7, 9, 13, 15, 20, 22)]
    out, answers = standard_rows(c, members, dates)
    out[3][2] = "e-コマース"
    out[6][2] = "Ｅコマース"
    rows = [(m, "2026-10", a, 0, {}) for k, (m, a) in enumerate(zip(members, answers)) if k not in (2, 5)]
    write(c.path("industry_trap.csv"), csv_bytes(out, "utf-8", bom=True))
    c.expect("industry_trap.csv", rows,
             "industries e-コマース and Ｅコマース are unknown: those rows are rejects (never E 製造業), "
             "the other rows are stored",
             rejected_values=["e-コマース", "Ｅコマース"])


def future_date(c):
    members = c.members(6, "m")
    dates = ["2026-10-01", "2026-10-08", "2062-10-15", "2026-10-20", "2026-10-29", "2026-11-30"]
    out, answers = standard_rows(c, members, dates)
    rows = [(m, d[:7], a, 0, {}) for m, a, d in zip(members, answers, dates) if not d.startswith("2062")]
    write(c.path("future_date.csv"), csv_bytes(out, "utf-8", bom=True))
    c.expect("future_date.csv", rows,
             "回答日 2062-10-15 (typed for 2026) is a reject; today's date (SHINDAN_TODAY 2026-11-30) is not",
             rejected_values=["2062-10-15"])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    c = Corpus(out)
    microsoft_forms(c)
    google_forms(c)
    exporter_quirks(c)
    excel_unicode_text(c)
    tsv_cp932(c)
    office_habits(c)
    excel_member_format(c)
    two_row_header(c)
    forms(c)
    ambiguous(c)
    industry_trap(c)
    future_date(c)
    __import__("values_forms").generate(c)
    __import__("formats").make(c)  # .xls, .ods, formulas, merged cells: tests/corpus/formats.py
    __import__("layouts").add_layouts(c, sys.modules[__name__])
    # one row a line, so the file reads as the tables it holds
    parts = []
    for name, entry in c.expected.items():
        fields = []
        for k, v in entry.items():
            if isinstance(v, list) and v and isinstance(v[0], list):
                rows = ",\n".join("      " + json.dumps(r, ensure_ascii=False) for r in v)
                fields.append(f"    {json.dumps(k)}: [\n{rows}\n    ]")
            else:
                fields.append(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}")
        parts.append(f"  {json.dumps(name, ensure_ascii=False)}: {{\n" + ",\n".join(fields) + "\n  }")
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        f.write("{\n" + ",\n".join(parts) + "\n}\n")


if __name__ == "__main__":
    main()
