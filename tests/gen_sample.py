#!/usr/bin/python3
"""gen_sample.py - deterministic sample answers for shindan.

Writes realistic member answers as staff receive them: one CP932 CSV typed
from paper forms (symbols ○△×？, 所在地 in one column, ㈱ in names) and one
UTF-8 CSV with BOM exported from a web form (words, points, full-width
digits, 都道府県 and 市区町村 apart, 回答日, SECURITY ACTION). A few rows are
bad on purpose, and one member resubmits. Same seed, same bytes.

usage: gen_sample.py --out DIR [--companies N] [--seed S] [--bad/--no-bad]
"""
import argparse
import os
import random

INDUSTRY_WRITINGS = {
    "A": ["A", "農業，林業", "農業"], "B": ["漁業", "B"], "C": ["鉱業", "C"],
    "D": ["建設業", "建設", "D"], "E": ["製造業", "製造", "E", "メーカー"],
    "F": ["電気・ガス", "F"], "G": ["情報通信業", "IT", "G"],
    "H": ["運輸業，郵便業", "運輸", "H"], "I": ["卸売業，小売業", "小売", "卸売", "I"],
    "J": ["金融業，保険業", "J"], "K": ["不動産業", "K"], "L": ["専門・技術サービス", "L"],
    "M": ["飲食", "宿泊業，飲食サービス業", "M"], "N": ["生活関連サービス業，娯楽業", "N"],
    "O": ["教育，学習支援業", "O"], "P": ["医療，福祉", "介護", "P"], "Q": ["複合サービス事業", "Q"],
    "R": ["サービス業", "R"], "S": ["公務", "S"], "T": ["分類不能の産業", "T"],
}
# industries weighted like a chamber's membership
INDUSTRY_WEIGHTS = {"D": 14, "E": 16, "I": 18, "M": 9, "R": 8, "G": 5, "H": 5, "K": 4, "L": 5,
                    "N": 4, "P": 4, "A": 1, "B": 1, "C": 1, "F": 1, "J": 1, "O": 1, "Q": 1, "S": 1, "T": 1}
PLACES = [
    ("茨城県", ["水戸市", "日立市", "つくば市", "那珂郡東海村", "ひたちなか市"]),
    ("栃木県", ["宇都宮市", "小山市"]),
    ("群馬県", ["前橋市", "高崎市"]),
    ("埼玉県", ["さいたま市浦和区", "川越市"]),
    ("千葉県", ["千葉市中央区", "市川市", "船橋市"]),
    ("東京都", ["千代田区", "八王子市", "町田市"]),
    ("三重県", ["四日市市", "津市"]),
]
STEMS = ["水戸", "常陸", "筑波", "那珂", "関東", "北関東", "東海", "日立", "坂東", "大洗", "笠間", "結城",
         "さくら", "ひまわり", "みどり", "ＡＢＣ", "ＴＫ", "サンライズ", "アルファ", "エコー"]
TRADES = {"D": ["建設", "工務店", "設備工業"], "E": ["製作所", "精機", "工業", "食品"], "I": ["商事", "商店", "ストア"],
          "M": ["食堂", "旅館", "フーズ"], "G": ["システム", "ソフト", "ネット"], "H": ["運輸", "物流"]}
FORMS = ["㈱{}", "株式会社{}", "{}株式会社", "(株){}", "有限会社{}", "{}㈲", "（株）{} ", " 合同会社{}"]
SYMBOLS = ["○", "△", "×", "？"]
WORDS = ["実施している", "一部実施している", "実施していない", "わからない"]
POINTS = ["4", "2", "0", "-1"]
FULLWIDTH_POINTS = ["４", "２", "０", "－１"]
# questions IPA finds weakest (5, 24, 25) and strongest (1, 2)
HARD = {5: 0.55, 24: 0.5, 25: 0.55, 20: 0.7, 22: 0.8}
EASY = {1: 1.25, 2: 1.3, 14: 1.1}


def pick_weighted(rng, weights):
    keys = sorted(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def company(rng, i):
    ind = pick_weighted(rng, INDUSTRY_WEIGHTS)
    pref, cities = rng.choice(PLACES)
    city = rng.choice(cities)
    trade = rng.choice(TRADES.get(ind, ["商会", "事務所", "サービス"]))
    name = rng.choice(FORMS).format(rng.choice(STEMS) + trade)
    employees = int(min(800, max(1, rng.lognormvariate(2.6, 1.1))))
    maturity = rng.uniform(0.15, 0.97)
    sa = rng.choices([0, 1, 2], [6, 3, 1])[0]
    return {"no": f"M{i:05d}", "name": name, "ind": ind, "pref": pref, "city": city,
            "employees": employees, "maturity": maturity, "sa": sa}


def answers(rng, c, drift=0.0):
    out = []
    for q in range(1, 26):
        m = min(0.98, max(0.02, (c["maturity"] + drift) * HARD.get(q, 1.0) * EASY.get(q, 1.0)))
        rest = 1 - m
        out.append(rng.choices([0, 1, 2, 3], [m, rest * 0.45, rest * 0.4, rest * 0.15])[0])
    return out


def csv_line(cells):
    def q(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in ',"\n') else v
    return ",".join(q(v) for v in cells) + "\r\n"


def paper_file(rng, companies, bad):
    """September, typed from paper forms, saved by Excel as CP932."""
    lines = [csv_line(["会員番号", "事業所名", "業種", "所在地", "従業員数"] + [f"Q{q}" for q in range(1, 26)])]
    for c in companies:
        a = [SYMBOLS[x] for x in answers(rng, c)]
        place = c["pref"] + c["city"] + rng.choice(["1-2-3", "大字本町12", "中央2丁目5番地"])
        lines.append(csv_line([c["no"], c["name"], rng.choice(INDUSTRY_WRITINGS[c["ind"]]), place,
                               str(c["employees"])] + a))
    if bad:
        ok = [SYMBOLS[0]] * 25
        lines.append(csv_line(["M90001", "㈱不明業種商事", "宇宙開発", "茨城県水戸市", "10"] + ok))
        lines.append(csv_line(["M90002", "㈲回答漏れ工業", "製造業", "茨城県日立市", "5"] + ok[:24] + [""]))
        lines.append(csv_line(["", "会員番号なし㈱", "建設業", "栃木県宇都宮市", "8"] + ok))
        lines.append(csv_line(["M90003", "(株)まる印", "小売", "群馬県前橋市", "たくさん"] + ["まる"] + ok[1:]))
    return "".join(lines).encode("cp932")


def form_file(rng, companies, bad, resubmit):
    """October, a web form export: UTF-8 with BOM, words and points."""
    header = ["会員No", "企業名", "業種", "都道府県", "市区町村", "従業員数", "回答日", "SECURITY ACTION"]
    header += [f"問{q}" for q in range(1, 26)]
    lines = [csv_line(header)]
    sa_words = ["未宣言", "★", "★★"]
    for c in companies:
        style = rng.choice([WORDS, POINTS, FULLWIDTH_POINTS, WORDS])
        a = [style[x] for x in answers(rng, c, drift=0.05)]
        pref = c["pref"] if rng.random() < 0.6 else c["pref"].rstrip("県都")
        day = f"2026/10/{rng.randint(1, 28):02d}"
        emp = rng.choice([str(c["employees"]), f"{c['employees']}人", f"{c['employees']}名"])
        emp = emp.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if rng.random() < 0.2 else emp
        lines.append(csv_line([c["no"], c["name"], rng.choice(INDUSTRY_WRITINGS[c["ind"]]), pref, c["city"], emp,
                               day, sa_words[c["sa"]]] + a))
    if resubmit:
        c = resubmit
        a = [WORDS[0]] * 25
        lines.append(csv_line([c["no"], c["name"], INDUSTRY_WRITINGS[c["ind"]][0], c["pref"], c["city"],
                               str(c["employees"]), "2026/10/30", "★"] + a))
    if bad:
        ok = [WORDS[0]] * 25
        lines.append(csv_line(["M90004", "株式会社日付誤り", "IT", "東京都", "千代田区", "3", "2026/13/40", "未宣言"] + ok))
        lines.append(csv_line(["M90005", "=HYPERLINK(\"x\")", "製造", "大阪", "大阪市", "20", "2026/10/02", "★"]
                              + ok[:10] + ["5"] + ok[11:]))
        lines.append(csv_line(["M90006", "県名なし㈱", "建設", "", "", "7", "2026/10/03", "未宣言"] + ok))
    return b"\xef\xbb\xbf" + "".join(lines).encode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--companies", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20261001)
    ap.add_argument("--no-bad", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    members = [company(rng, i + 1) for i in range(args.companies)]
    sep = [c for c in members if rng.random() < 0.75]
    octo = [c for c in members if rng.random() < 0.85]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "2026-09_会員回答_紙.csv"), "wb") as f:
        f.write(paper_file(rng, sep, not args.no_bad))
    with open(os.path.join(args.out, "2026-10_会員回答_フォーム.csv"), "wb") as f:
        f.write(form_file(rng, octo, not args.no_bad, octo[0] if octo else None))


if __name__ == "__main__":
    main()
