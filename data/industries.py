#!/usr/bin/python3
"""industries.py - build templates/jsic.tsv from 日本標準産業分類.

Source: 総務省「日本標準産業分類（令和5年7月告示、令和6年4月1日施行）」,
the 14th revision (https://www.soumu.go.jp/toukei_toukatsu/index/seido/sangyo/index.htm;
the classification itself: https://www.soumu.go.jp/main_content/000941216.pdf).
The codes and names are public facts; the script reads them as structured
by the jsic-data project (https://github.com/kobesoft-inc/jsic-data,
jsic-simple.json: major_categories > middle_categories > minor_categories >
detail_categories, each with code and name), which transcribes that PDF.

Output, one line per 中分類, 小分類 and 細分類:
  code  letter  name
code has 2, 3 or 4 digits (the level); letter is the 大分類 A-T.

Left out: the groups every 中分類 has for head offices and support units
(管理、補助的経済活動を行う事業所, 主として管理事務を行う本社等, 自家用倉庫 …),
which name no industry a member would write.

Usage: industries.py JSIC_SIMPLE_JSON > templates/jsic.tsv
"""
import json
import sys

SUPPORT = ("管理、補助的経済活動を行う事業所", "主として管理事務を行う本社等",
           "その他の管理、補助的経済活動を行う事業所", "自家用倉庫")


def is_support(name):
    return any(name.startswith(s) for s in SUPPORT)


def main(path):
    data = json.load(open(path, encoding="utf-8"))["major_categories"]
    out = sys.stdout
    out.write("# jsic.tsv - made by data/industries.py from 日本標準産業分類 (第14回改定); do not edit by hand\n")
    out.write("# code (2 digits 中分類, 3 小分類, 4 細分類)\tletter (大分類)\tname\n")
    counts = [0, 0, 0]
    letters = []
    for major in data:
        letter = major["code"]
        letters.append(letter)
        for mid in major["middle_categories"]:
            out.write(f"{mid['code']}\t{letter}\t{mid['name']}\n")
            counts[0] += 1
            for minor in mid.get("minor_categories", []):
                if not is_support(minor["name"]):
                    out.write(f"{minor['code']}\t{letter}\t{minor['name']}\n")
                    counts[1] += 1
                for detail in minor.get("detail_categories", []):
                    if is_support(detail["name"]):
                        continue
                    out.write(f"{detail['code']}\t{letter}\t{detail['name']}\n")
                    counts[2] += 1
    if letters != [chr(c) for c in range(ord("A"), ord("T") + 1)]:
        raise SystemExit(f"unexpected 大分類: {letters}")
    print(f"中分類 {counts[0]}, 小分類 {counts[1]}, 細分類 {counts[2]}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
