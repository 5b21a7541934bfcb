#!/usr/bin/python3
"""make_stress.py - a templates folder that attacks the report layout.

usage: make_stress.py SRC_TEMPLATES OUT_DIR [medium]

Copies SRC_TEMPLATES to OUT_DIR and makes long what an organisation may
write long: every question's advice, every band's meaning and next step
(250-300 characters each), the company report's SECURITY ACTION texts
(company.sa_*, one with a long URL) and the organisation's name and
department. Long texts are written as the templates take them: the key's
line, then indented continuation lines (joined without a space), no line
longer than 180 bytes of text (60 kanji). The result is deterministic.

tests/layout/stress/ is this script's output from templates/ (with the
placeholder organisation replaced); test_layout.sh makes a fresh one from
the templates it tests, so new report.ini keys are always there.
"""
import os
import shutil
import sys

LINE_BYTES = 180  # bytes of text a line holds here (60 kanji; 198 in all with the key)

EXTRA = [
    "担当者を一人決め、月に一度は実施状況を確かめて記録に残しましょう。",
    "パソコンだけでなく、スマートフォンやタブレット、ルーター、複合機などネットワークにつながる機器も忘れずに対象にしてください。",
    "分からないことがあれば、IPA の「中小企業の情報セキュリティ対策ガイドライン」や商工会議所の相談窓口を利用しましょう。",
    "取引先から対策の状況を尋ねられることも増えています。SECURITY ACTION の宣言とあわせて、社内のルールとして文書にまとめておくと安心です。",
    "従業員が入れ替わったときや、新しい機器・クラウドサービスを導入したときにも、同じ手順で確認することが大切です。",
    "費用をかけずにできる対策も多くあります（OS の自動更新、画面ロック、パスワードの見直しなど）。",
]

SA_TEXTS = {
    "sa_basics": "基本的対策（1〜5）をすべて実施すると、SECURITY ACTION 一つ星を宣言できます。",
    "sa_one": "基本的対策（1〜5）はすべて実施済みです。SECURITY ACTION 一つ星を宣言しましょう。"
              "宣言の手続きは https://www.ipa.go.jp/security/security-action/ から行えます。",
    "sa_two": "一つ星を宣言済みです。情報セキュリティ基本方針を定めて公開し、二つ星を宣言しましょう。",
    "sa_done": "二つ星を宣言済みです。定期的に診断し、対策を続けましょう。",
    "sa_unknown": "宣言状況が回答になかったため、次の一歩は基本的対策の状況からお示ししています。",
}

ORG_NAME = ("一般社団法人北関東広域連携中小企業情報セキュリティ推進協議会"
            "常陸那珂ひたちなか東海地区合同商工会議所連合会事務局"
            "デジタル化支援センター分室")
ORG_DEPARTMENT = "中小企業相談所 経営支援課 情報セキュリティ・デジタル化推進担当（SECURITY ACTION 相談窓口）"


def lengthen(text, start, lo=250, hi=300):
    """text and sentences of EXTRA (from the start-th on) until it holds
    lo to hi characters, ending with a full sentence where one ends there."""
    out, i = text, start
    while len(out) < hi:
        out += EXTRA[i % len(EXTRA)]
        i += 1
    cut = out.rfind("。", 0, hi)
    return out[:cut + 1] if cut + 1 >= lo else out[:hi]


def split_lines(text):
    """text in pieces of at most LINE_BYTES bytes of UTF-8, never broken
    next to a space (the space would be lost: lines are joined as they are)."""
    pieces = []
    while len(text.encode()) > LINE_BYTES:
        at = 1
        while len(text[:at + 1].encode()) <= LINE_BYTES:
            at += 1
        while at > 1 and (text[at - 1] == " " or text[at] == " "):
            at -= 1
        pieces.append(text[:at])
        text = text[at:]
    pieces.append(text)
    return pieces


def ini_value(key, text):
    lines = split_lines(text)
    return "%s = %s\n" % (key, lines[0]) + "".join("  %s\n" % p for p in lines[1:])


def rewrite_ini(path, change):
    """Replaces in path the keys change((section, key), old_value) answers
    with a text for; the key's continuation lines go with it."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    out, section, key, value = [], "", None, ""
    pending = []  # lines of the current key, kept when it is not changed
    for line in lines + ["[]\n"]:
        s = line.strip()
        indented = line[:1] in (" ", "\t") and s and not s.startswith((";", "#"))
        if key is not None and indented:
            value += s
            pending.append(line)
            continue
        if key is not None:
            new = change(section, key, value)
            out.extend([ini_value(key, new)] if new is not None else pending)
            key, value, pending = None, "", []
        if line == "[]\n":
            break
        if s.startswith("["):
            section = s[1:s.index("]")]
            out.append(line)
        elif s and not s.startswith((";", "#")) and "=" in s:
            key, value = s.split("=", 1)
            key, value = key.strip(), value.strip()
            pending = [line]
        else:
            out.append(line)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(out)


# lengths (lo, hi) in characters: "long" attacks the layout (a report may
# then refuse, naming the text); "medium" is long but must fit the page
LENGTHS = {"long": {"advice": (250, 300), "band": (250, 300), "sa": (250, 300)},
           "medium": {"advice": (150, 200), "band": (60, 80), "sa": (110, 140)}}
SIZE = "long"


def questionnaire(section, key, value):
    if section.startswith("q.") and key == "advice":
        q = int(section[2:])
        return lengthen(value, q, *LENGTHS[SIZE]["advice"])
    if section.startswith("band.") and key in ("meaning", "next"):
        b = int(section[5:])
        return lengthen(value, 2 * b + (key == "next"), *LENGTHS[SIZE]["band"])
    return None


def report(section, key, value):
    if section == "company" and key in SA_TEXTS:
        return lengthen(SA_TEXTS[key], list(SA_TEXTS).index(key), *LENGTHS[SIZE]["sa"])
    return None


def settings(section, key, value):
    if section != "organisation":
        return None
    return {"name": ORG_NAME, "department": ORG_DEPARTMENT,
            "desk": "情報セキュリティ・デジタル化よろず相談窓口（平日 9 時〜17 時、予約優先）",
            "phone": "029-000-0000", "email": "security-action-soudan@example.jp",
            "web": "https://www.example.jp/chusho/security-action/soudan/index.html"}.get(key)


def main():
    global SIZE
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] not in LENGTHS):
        sys.exit(__doc__.split("\n\n")[1])
    src, out = sys.argv[1], sys.argv[2]
    SIZE = sys.argv[3] if len(sys.argv) == 4 else "long"
    if os.path.abspath(src) != os.path.abspath(out):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(src, out)
    rewrite_ini(os.path.join(out, "questionnaire.ini"), questionnaire)
    rewrite_ini(os.path.join(out, "report.ini"), report)
    rewrite_ini(os.path.join(out, "shindan.ini"), settings)


if __name__ == "__main__":
    main()
