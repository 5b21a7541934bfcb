#!/usr/bin/python3
"""expected.py - an independent reading of the sample CSVs for the tests.

Reads the generated files with Python's own csv and codecs, scores each
valid row with the IPA points, keeps each member's latest answer per
period, and prints "period,member_no,total" lines sorted. It shares no
code with shindan, so agreement means both read the files the same way.
"""
import csv
import io
import sys
import unicodedata

POINTS = {"実施している": 4, "一部実施している": 2, "実施していない": 0, "わからない": -1,
          "○": 4, "△": 2, "×": 0, "？": -1, "?": -1, "4": 4, "2": 2, "0": 0, "-1": -1}


def read(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp932")
    return list(csv.reader(io.StringIO(text, newline="")))


def main():
    best = {}
    for path in sys.argv[1:]:
        rows = read(path)
        head = rows[0]
        qcols = [i for i, h in enumerate(head) if h.startswith(("Q", "問"))]
        day_col = head.index("回答日") if "回答日" in head else None
        period = "2026-09" if "2026-09" in path else "2026-10"
        for r in rows[1:]:
            if not r or r[0] == "" or r[0].startswith("M9"):
                continue  # the sample's deliberately bad rows
            total = sum(POINTS[unicodedata.normalize("NFKC", r[i]).strip()] for i in qcols)
            day = r[day_col] if day_col is not None else ""
            key = (period, r[0])
            if key not in best or day >= best[key][0]:
                best[key] = (day, total)
    for (period, member), (_, total) in sorted(best.items()):
        print(f"{period},{member},{total}")


if __name__ == "__main__":
    main()
