#!/usr/bin/python3
"""check_layout.py - text in the PDF reports must be readable: no two words
drawn over each other, nothing outside the page margins, no paragraph line
left with one or two characters.

usage: check_layout.py [options] PDF...

Reads each PDF with `pdftotext -bbox-layout` (poppler-utils): every word
with its box, in <line>s inside <block>s, per <page>. Checks, page by page:

  overlap  two words whose boxes intersect by more than --tol points both
           across and down (glyph boxes of adjacent lines touch; text drawn
           over text does not stop at a fraction of a point);
  margin   a word outside the page less its margins: left and right from
           SD_MARGIN_L / SD_MARGIN_R of src/render/style.h (42 pt), top and
           bottom --margin-y (20 pt: the footer sits 21 pt above the edge);
  widow    a line of a block holding only one or two characters (punctuation
           counts) straight under a longer line of the same paragraph (same
           left edge, the next line down): the tail of bad wrapping. A block
           of one short line (a mark, a number in a table) is no widow.

Prints one line per problem: the file, the page, what, and the words with
their boxes [x0 y0 x1 y1] in points from the top-left corner (--group: once
for all PDFs with the same problem on the same page, with their number,
the commonest first),
then a summary.
Exit status: 0 clean, 1 problems found, 2 a PDF could not be read.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def style_margin(path, default=42.0):
    """SD_MARGIN_L from style.h (the right margin mirrors it)."""
    try:
        with open(path, encoding="utf-8") as f:
            m = re.search(r"#define\s+SD_MARGIN_L\s+([0-9.]+)f?", f.read())
        return float(m.group(1)) if m else default
    except OSError:
        return default


class Word:
    __slots__ = ("text", "x0", "y0", "x1", "y1", "line", "block")

    def __init__(self, el, line, block):
        self.text = el.text or ""
        self.x0, self.y0 = float(el.get("xMin")), float(el.get("yMin"))
        self.x1, self.y1 = float(el.get("xMax")), float(el.get("yMax"))
        self.line, self.block = line, block

    def box(self):
        return "[%.1f %.1f %.1f %.1f]" % (self.x0, self.y0, self.x1, self.y1)


def read_pages(pdf):
    """[(width, height, [Word], [block: [line: (x0, y0, x1, y1, text)]])] per page."""
    r = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.decode("utf-8", "replace").strip() or "pdftotext failed")
    doc = ET.fromstring(r.stdout)
    pages = []
    for page in doc.iter(NS + "page"):
        words, blocks = [], []
        for bi, block in enumerate(page.iter(NS + "block")):
            lines = []
            for li, line in enumerate(block.iter(NS + "line")):
                ws = [Word(w, (bi, li), bi) for w in line.iter(NS + "word")]
                words.extend(ws)
                text = " ".join(w.text for w in ws)
                lines.append((float(line.get("xMin")), float(line.get("yMin")),
                              float(line.get("xMax")), float(line.get("yMax")), text, ws))
            blocks.append(lines)
        pages.append((float(page.get("width")), float(page.get("height")), words, blocks))
    return pages


def overlaps(words, tol):
    """Pairs of words whose boxes intersect by more than tol both ways."""
    out = []
    ws = sorted(words, key=lambda w: w.x0)
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            if b.x0 >= a.x1 - tol:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tol and dy > tol:
                out.append((a, b, dx, dy))
    return out


def widows(blocks, max_chars):
    """Lines of max_chars characters or fewer under a longer line of the same
    paragraph (same left edge, next line down)."""
    out = []
    for lines in blocks:
        for prev, line in zip(lines, lines[1:]):
            text = line[4].replace(" ", "")
            ptext = prev[4].replace(" ", "")
            height = line[3] - line[1]
            if (0 < len(text) <= max_chars and len(ptext) > 2 * max_chars + 4
                    and abs(line[0] - prev[0]) < 1.0
                    and 0 < line[1] - prev[1] < 2.0 * height):
                out.append((prev, line))
    return out


def check(pdf, args):
    """(pages, problems) of one PDF; a problem is (page, kind, what): what
    names the words and their boxes."""
    problems = []
    pages = read_pages(pdf)
    for no, (width, height, words, blocks) in enumerate(pages, 1):
        for a, b, dx, dy in overlaps(words, args.tol):
            problems.append((no, "overlap", (a.text, b.text), "「%s」 %s × 「%s」 %s (%.1f × %.1f pt)"
                             % (a.text, a.box(), b.text, b.box(), dx, dy)))
        left, right = args.margin_x - args.tol, width - args.margin_x + args.tol
        top, bottom = args.margin_y - args.tol, height - args.margin_y + args.tol
        for w in words:
            out = []
            if w.x0 < left:
                out.append("left %.1f < %.1f" % (w.x0, args.margin_x))
            if w.x1 > right:
                out.append("right %.1f > %.1f" % (w.x1, width - args.margin_x))
            if w.y0 < top:
                out.append("top %.1f < %.1f" % (w.y0, args.margin_y))
            if w.y1 > bottom:
                out.append("bottom %.1f > %.1f" % (w.y1, height - args.margin_y))
            if out:
                problems.append((no, "outside the margins", (w.text,),
                                 "「%s」 %s (%s)" % (w.text, w.box(), ", ".join(out))))
        for prev, line in widows(blocks, args.widow):
            problems.append((no, "widow line", (line[4], prev[4][-12:]), "「%s」 [%.1f %.1f %.1f %.1f] under 「%s」"
                             % (line[4], line[0], line[1], line[2], line[3],
                                prev[4] if len(prev[4]) <= 40 else "…" + prev[4][-40:])))
    return len(pages), problems


def line_of(pdf, problem):
    no, kind, _, what = problem
    return "%s p%d: %s %s" % (pdf, no, kind, what)


def tiny_pdf(path, texts):
    """A one-page A4 PDF with texts [(x, y from the top, size, text)] in
    Helvetica, for the self-test."""
    ops = "".join("BT /F1 %g Tf %g %g Td (%s) Tj ET\n" % (size, x, 841.89 - y, t) for x, y, size, t in texts)
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] "
            "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length %d >>\nstream\n%sendstream" % (len(ops), ops)]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o.encode("latin-1"))
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def self_test(args):
    """The checker finds what it is for, and nothing in a clean page."""
    import tempfile
    para = "a paragraph line long enough to wrap"
    with tempfile.TemporaryDirectory() as d:
        bad, good = os.path.join(d, "bad.pdf"), os.path.join(d, "good.pdf")
        tiny_pdf(bad, [(100, 100, 12, "Overdrawn"), (110, 103, 12, "Underneath"),
                       (10, 200, 12, "Outside"), (100, 300, 10, para), (100, 312, 10, "ab")])
        tiny_pdf(good, [(100, 100, 12, "Overdrawn"), (100, 120, 12, "Underneath"),
                        (100, 300, 10, para), (100, 312, 10, para[:20])])
        found = {}
        for pdf in (bad, good):
            found[pdf] = [line_of("", p) for p in check(pdf, args)[1]]
    want = {"overlap 「Overdrawn」": False, "overlap": False, "outside the margins 「Outside」": False,
            "widow line 「ab」": False}
    for p in found[bad]:
        for k in want:
            want[k] |= k in p
    fails = [k for k, v in want.items() if not v] + found[good]
    for k in fails:
        print("self-test: %s" % ("not found: " + k if k in want else "found in a clean page: " + k))
    print("self-test: %s" % ("ok" if not fails else "FAILED"))
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", metavar="PDF")
    ap.add_argument("--self-test", action="store_true", help="check the checker on PDFs it makes, then exit")
    ap.add_argument("--margin-x", type=float, default=None,
                    help="left and right margin in points (default: SD_MARGIN_L of src/render/style.h)")
    ap.add_argument("--margin-y", type=float, default=20.0, help="top and bottom margin in points (20)")
    ap.add_argument("--tol", type=float, default=0.5, help="points two boxes may share, or cross a margin (0.5)")
    ap.add_argument("--widow", type=int, default=2, help="a paragraph line this short is a widow (2)")
    ap.add_argument("--group", action="store_true",
                    help="print a problem once for all PDFs that have it (same page, kind and words)")
    ap.add_argument("--full", metavar="FILE", help="write every problem, one a line, to FILE too")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2, help="PDFs read at once")
    args = ap.parse_args()
    if args.margin_x is None:
        args.margin_x = style_margin(os.path.join(ROOT, "src/render/style.h"))
    if args.self_test:
        return self_test(args)
    if not args.pdfs:
        ap.error("no PDF given")

    npages = nbad = nproblems = 0
    unreadable = False
    groups = {}  # (page, kind, words) -> [pdf, first problem, count]
    full = open(args.full, "w", encoding="utf-8") if args.full else None
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as ex:
        futures = [ex.submit(check, pdf, args) for pdf in args.pdfs]
        for pdf, fut in zip(args.pdfs, futures):
            try:
                pages, problems = fut.result()
            except Exception as e:  # a PDF poppler cannot read is a failure too
                print("%s: cannot be read: %s" % (pdf, e))
                unreadable = True
                continue
            npages += pages
            nbad += bool(problems)
            nproblems += len(problems)
            for p in problems:
                if full:
                    print(line_of(pdf, p), file=full)
                if args.group:
                    g = groups.setdefault(p[:3], [pdf, p, set()])
                    g[2].add(pdf)
                else:
                    print(line_of(pdf, p))
    if full:
        full.close()
    for pdf, p, pdfs in sorted(groups.values(), key=lambda g: -len(g[2])):  # the commonest first
        more = " (the same in %d more PDF%s)" % (len(pdfs) - 1, "s" if len(pdfs) > 2 else "") if len(pdfs) > 1 else ""
        print(line_of(pdf, p) + more)
    print("checked %d PDFs, %d pages: %d with problems, %d problems (margins x %.0f pt, y %.0f pt, tolerance %.1f pt)"
          % (len(args.pdfs), npages, nbad, nproblems, args.margin_x, args.margin_y, args.tol))
    return 2 if unreadable else 1 if nproblems else 0


if __name__ == "__main__":
    sys.exit(main())
