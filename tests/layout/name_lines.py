#!/usr/bin/python3
"""name_lines.py - how a name is printed on a page of a PDF: whole or not,
on how many lines, at what size.

usage: name_lines.py PDF PAGE NAME [MIN_SIZE LINES]

Reads the page's words with `pdftotext -bbox` (a word's box is as high as
its type size: IPAexGothic's ascent and descent make one em) and looks for
words that, read top to bottom and left to right, spell NAME whole, each
holding a piece of it (the words of other texts between them, such as a
page number at the end of the name's first line, are skipped). Prints
"whole LINES SIZE" (the lines it takes, the smallest word's size) or
"missing" (exit 1). With MIN_SIZE and LINES, exits 1 unless the name is
whole, at MIN_SIZE points or more, on exactly LINES lines.
"""
import re
import subprocess
import sys


def words(pdf, page):
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    out = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml):
        x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
        text = m.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        out.append((round(y1, 1), x0, y1 - y0, text))
    return sorted(out)


def find(ws, name):
    """(lines, size) of the first run of words spelling name, or None."""
    for i, (_, _, _, t) in enumerate(ws):
        if not t or not name.startswith(t):
            continue
        pos, used = len(t), [ws[i]]
        for w in ws[i + 1:]:
            if pos == len(name):
                break
            if w[3] and name.startswith(w[3], pos):
                pos += len(w[3])
                used.append(w)
        if pos == len(name):
            return len({w[0] for w in used}), min(w[2] for w in used)
    return None


def main():
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    pdf, page, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    got = find(words(pdf, page), name)
    if not got:
        print("missing")
        sys.exit(1)
    lines, size = got
    print("whole %d %.1f" % (lines, size))
    if len(sys.argv) == 6 and (size < float(sys.argv[4]) - 0.05 or lines != int(sys.argv[5])):
        sys.exit(1)


if __name__ == "__main__":
    main()
