#!/usr/bin/python3
"""seeds.py - the fuzz targets' seed corpus, made from the tests' own files.

usage: seeds.py OUTDIR   (writes OUTDIR/<target>/<name>; standard library only)
"""
import csv
import io
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "tests", "fixtures", "xlsx")
TEMPLATES = ["questionnaire.ini", "columns.ini", "shindan.ini", "report.ini", "form.ini",
             "industries.tsv", "prefectures.tsv", "size_bands.tsv"]  # order of fuzz_templates.c


def put(out, target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def first_lines(data, n):
    return b"".join(data.splitlines(keepends=True)[:n])


def main():
    out = sys.argv[1]
    csvs = [os.path.join(ROOT, "input", f) for f in sorted(os.listdir(os.path.join(ROOT, "input")))
            if f.endswith(".csv")] + [os.path.join(FIX, "source.csv")]
    for i, path in enumerate(csvs):
        data = open(path, "rb").read()
        # short files: libFuzzer mutates small inputs far faster
        put(out, "csv", "seed%d.csv" % i, first_lines(data, 12))
        text = data.decode("utf-8-sig") if not path.endswith("紙.csv") else data.decode("cp932")
        rows = list(csv.reader(io.StringIO(text)))
        for k, row in enumerate(rows[1:6]):
            put(out, "values", "seed%d_%d" % (i, k), ("\t".join(rows[0]) + "\n" + "\t".join(row)).encode())
    for name in sorted(os.listdir(FIX)):
        if name.endswith(".xls"):
            put(out, "xls", name, open(os.path.join(FIX, name), "rb").read())
        if name.endswith(".ods"):
            data = open(os.path.join(FIX, name), "rb").read()
            put(out, "ods", name, data)
            with zipfile.ZipFile(os.path.join(FIX, name)) as z:
                put(out, "ods_xml", name, z.read("content.xml"))
        if not name.endswith(".xlsx"):
            continue
        path = os.path.join(FIX, name)
        put(out, "xlsx", name, open(path, "rb").read())
        if not zipfile.is_zipfile(path):
            continue
        with zipfile.ZipFile(path) as z:
            names = z.namelist()

            def part(suffix):
                hit = [n for n in names if n.endswith(suffix)]
                return z.read(hit[0]) if hit else b""
            put(out, "xlsx_xml", name, b"\0".join([part("worksheets/sheet1.xml"), part("sharedStrings.xml"),
                                                   part("styles.xml"), part("xl/workbook.xml")]))
    for i, name in enumerate(TEMPLATES):
        put(out, "templates", name, bytes([i]) + open(os.path.join(ROOT, "templates", name), "rb").read())


if __name__ == "__main__":
    main()
