#!/usr/bin/python3
"""stats_reference.py - an independent computation of shindan's figures.

Writes answers made to hold the awkward cases, and checks `shindan stats
--format csv` against figures computed here from the files alone, with
Python's statistics module (quantiles by the inclusive method = Excel's
QUARTILE.INC, sample standard deviation).

  make DIR                              write the two answer files
  compare DIR PERIOD BY STATS.csv       group figures (--no-suppress)
  questions DIR PERIOD STATS.csv        per-question shares (per industry too)
  companies DIR PERIOD STATS.csv        percentile ranks and changes
  suppressed STATS.csv K                published: groups under K are blank
  complementary STATS.csv TRUTH.csv     published: never exactly one group with
                                        members (TRUTH: --no-suppress) hidden
  cross STATS.csv TRUTH.csv             published cross-tab: per row/column,
                                        a cell with members not shown is hidden
  listed STATS.csv TRUTH.csv KIND       KIND every: every key of TRUTH listed,
                                        none with members told from one without;
                                        KIND shown: only shown rows listed
"""
import csv
import glob
import os
import random
import statistics
import sys

POINTS = [4, 2, 0, -1]  # 実施 / 一部実施 / 未実施 / わからない
PARTS = [(1, 5), (6, 18), (19, 25)]
BANDS = [(100, 100), (70, 99), (50, 69), (-25, 49)]
SIZES = [(1, 5), (6, 20), (21, 50), (51, 100), (101, 300), (301, 10 ** 9)]
PREF = {"茨城県": 8, "栃木県": 9, "群馬県": 10}
INDUSTRY = {"製造業": "E", "小売": "I", "建設業": "D", "情報通信業": "G", "運輸": "H"}
HEADER = ["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日", "SECURITY ACTION"] + \
    [f"Q{q}" for q in range(1, 26)]
SA = {"未宣言": 0, "★": 1, "★★": 2}


def members(period):
    rng = random.Random(5 if period == "2026-10" else 6)
    rows = []
    plan = [("製造業", 9), ("小売", 6), ("建設業", 3), ("情報通信業", 1), ("運輸", 5)]
    places = [("茨城県", "水戸市"), ("茨城県", "日立市"), ("栃木県", "宇都宮市"), ("群馬県", "前橋市")]
    n = 0
    for ind, count in plan:
        for _ in range(count):
            n += 1
            if period == "2026-09" and n % 3 == 0:
                continue  # not everyone answered in September
            answers = [rng.choice([0, 0, 1, 2, 3]) for _ in range(25)]
            pref, city = places[n % len(places)]
            emp = [3, 12, 40, 80, 250, 900][n % 6]
            sa = ["未宣言", "★", "★★"][n % 3]
            rows.append([f"S{n:03d}", f"テスト{n}株式会社", ind, pref, city, str(emp), f"{period}-1{n % 9}", sa,
                         answers])
    if period == "2026-10":
        # ties: two members answer exactly alike
        rows[1][8] = list(rows[0][8])
        rows[2][8] = list(rows[0][8])
        # all わからない: -25
        rows[3][8] = [3] * 25
        # a negative total: ten わからない, the rest 未実施 = -10
        rows[4][8] = [3] * 10 + [2] * 15
        # ready for ★ (Q1-Q5 all 実施) but not declared
        rows[5][8] = [0] * 5 + rows[5][8][5:]
        rows[5][7] = "未宣言"
        rows[6][8] = [0] * 25  # 100 points
        rows[6][7] = "未宣言"
    return rows


def make(d):
    os.makedirs(d, exist_ok=True)
    for period in ("2026-09", "2026-10"):
        with open(os.path.join(d, f"{period}_test.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for r in members(period):
                w.writerow(r[:8] + [str(POINTS[a]) for a in r[8]])


def load(d):
    out = []
    for path in sorted(glob.glob(os.path.join(d, "*.csv"))):
        with open(path, encoding="utf-8") as f:
            rd = csv.reader(f)
            next(rd)
            for r in rd:
                pts = [int(x) for x in r[8:]]
                choice = [POINTS.index(p) for p in pts]
                emp = int(r[5])
                out.append({
                    "member": r[0], "name": r[1], "industry": INDUSTRY[r[2]], "pref": PREF[r[3]], "city": r[4],
                    "pref_name": r[3], "size": next(i + 1 for i, (lo, hi) in enumerate(SIZES) if lo <= emp <= hi),
                    "period": r[6][:7], "sa": SA[r[7]], "choice": choice, "total": sum(pts),
                    "parts": [sum(pts[a - 1:b]) for a, b in PARTS],
                    "ready": all(c == 0 for c in choice[:5]),
                })
    return out


def band_of(total):
    return next(i for i, (lo, hi) in enumerate(BANDS) if lo <= total <= hi)


def key_of(r, by):
    return {"all": "all", "industry": r["industry"], "prefecture": f"{r['pref']:02d}", "size": str(r["size"]),
            "band": str(band_of(r["total"]) + 1), "municipality": r["pref_name"] + r["city"],
            "industry-prefecture": f"{r['industry']}{r['pref']:02d}", "period": r["period"]}[by]


def figures(rows):
    t = sorted(r["total"] for r in rows)
    n = len(t)
    if n > 1:
        q1, med, q3 = statistics.quantiles(t, n=4, method="inclusive")
    else:
        q1 = med = q3 = float(t[0])
    f = {"n": n, "mean": statistics.fmean(t), "median": med, "q1": q1, "q3": q3, "min": t[0], "max": t[-1],
         "sd": statistics.stdev(t) if n > 1 else 0.0}
    for p, (a, b) in enumerate(PARTS):
        m = statistics.fmean(r["parts"][p] for r in rows)
        f[f"part{p + 1}_mean"] = m
        f[f"part{p + 1}_share"] = m / (4 * (b - a + 1))
    for b in range(len(BANDS)):
        f[f"band{b + 1}_share"] = sum(band_of(r["total"]) == b for r in rows) / n
    for s in range(3):
        f[f"sa{s}_share"] = sum(r["sa"] == s for r in rows) / n
    f["ready_undeclared"] = sum(r["ready"] and r["sa"] == 0 for r in rows)
    f["ready_undeclared_share"] = f["ready_undeclared"] / n
    return f


def close(a, b):
    return abs(float(a) - float(b)) < 6e-5


def compare(d, period, by, path):
    rows = [r for r in load(d) if (r["period"] <= period if by == "period" else r["period"] == period)]
    groups = {}
    for r in rows:
        groups.setdefault(key_of(r, by), []).append(r)
    with open(path, encoding="utf-8") as f:
        got = {row["key"]: row for row in csv.DictReader(f)}
    problems = []
    if by == "band":  # the distribution lists every band, empty ones with n = 0
        for b in range(len(BANDS)):
            k = str(b + 1)
            if k not in groups and got.get(k, {}).get("n") == "0":
                del got[k]
    if set(got) != set(groups):
        problems.append(f"groups differ: shindan {sorted(got)} reference {sorted(groups)}")
    for k, members_ in groups.items():
        if k not in got:
            continue
        want = figures(members_)
        for name, v in want.items():
            if not close(got[k][name], v):
                problems.append(f"{by} {k} {name}: shindan {got[k][name]} reference {v}")
    # the awkward cases are really in the data
    if by == "all":
        totals = [r["total"] for r in rows]
        assert -25 in totals and min(totals) < 0 and len(totals) != len(set(totals)), "cases missing"
    if by == "industry":
        assert any(len(v) == 1 for v in groups.values()), "no one-member group"
        assert "A" not in got, "an empty group was printed"
    return problems


def questions(d, period, path):
    every = [r for r in load(d) if r["period"] == period]
    problems = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            q = int(row["question"]) - 1
            rows = [r for r in every if r["industry"] == row["industry"]] if "industry" in row else every
            n = len(rows)
            shares = [sum(r["choice"][q] == c for r in rows) / n for c in range(4)]
            for name, v in zip(["done", "partial", "none", "unknown"], shares):
                if not close(row[name], v):
                    problems.append(f"Q{q + 1} {name}: shindan {row[name]} reference {v}")
            if not close(row["rate"], shares[0] + shares[1]) or int(row["n"]) != n:
                problems.append(f"Q{q + 1} rate or n differs")
    return problems


def pct(values, v):
    below = sum(x < v for x in values)
    equal = sum(x == v for x in values)
    return 100 * (below + equal / 2) / len(values)


def companies(d, period, path):
    rows = load(d)
    now = [r for r in rows if r["period"] == period]
    problems = []
    with open(path, encoding="utf-8") as f:
        got = {row["member_no"]: row for row in csv.DictReader(f)}
    if set(got) != {r["member"] for r in now}:
        problems.append("members differ")
    for r in now:
        g = got.get(r["member"])
        if not g:
            continue
        ind = [x["total"] for x in now if x["industry"] == r["industry"]]
        if not close(g["pct_industry"], pct(ind, r["total"])) or \
                not close(g["pct_all"], pct([x["total"] for x in now], r["total"])):
            problems.append(f"{r['member']}: percentile ranks differ")
        prev = sorted((x for x in rows if x["member"] == r["member"] and x["period"] < period),
                      key=lambda x: x["period"])
        want = str(r["total"] - prev[-1]["total"]) if prev else ""
        if g["change"] != want:
            problems.append(f"{r['member']}: change shindan {g['change']!r} reference {want!r}")
    return problems


def published(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    cmd = sys.argv[1]
    problems = []
    if cmd == "make":
        make(sys.argv[2])
    elif cmd == "compare":
        problems = compare(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif cmd == "questions":
        problems = questions(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "companies":
        problems = companies(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "suppressed":
        k = int(sys.argv[3])
        rows = published(sys.argv[2])
        hidden = [r for r in rows if r["suppressed"] == "1"]
        if not hidden:
            problems.append("nothing suppressed")
        for r in rows:
            if r["suppressed"] == "1" and any(r.get(c, "") != "" for c in ("n", "mean", "median", "min", "max")):
                problems.append(f"{r['key']}: suppressed but figures shown")
            if r["suppressed"] == "0" and int(r["n"]) < k:
                problems.append(f"{r['key']}: n={r['n']} shown")
    elif cmd == "complementary":
        # hidden and empty look alike in what is published: which hidden
        # groups have members comes from the unsuppressed truth
        truth = {r["key"] for r in published(sys.argv[3]) if r["n"] and int(r["n"]) > 0}
        shown = {r["key"] for r in published(sys.argv[2]) if r["suppressed"] == "0"}
        if len(truth - shown) == 1:
            problems.append("exactly one group suppressed: recoverable from the total")
    elif cmd == "cross":
        truth = {r["key"] for r in published(sys.argv[3]) if r["n"] and int(r["n"]) > 0}
        shown = {r["key"] for r in published(sys.argv[2]) if r["suppressed"] == "0"}
        for axis in (0, 1):
            lines = {}
            for key in truth:
                lines.setdefault(key[0] if axis == 0 else key[1:], []).append(key not in shown)
            for line, flags in lines.items():
                # a line of one cell is its own total, suppressed where totals are
                if sum(flags) == 1 and len(flags) > 1:
                    problems.append(f"{'row' if axis == 0 else 'column'} {line}: one suppressed cell")
    elif cmd == "listed":
        rows, kind = published(sys.argv[2]), sys.argv[4]
        truth = {r["key"] for r in published(sys.argv[3]) if r["n"] and int(r["n"]) > 0}
        hidden = [r for r in rows if r["suppressed"] == "1"]
        if kind == "shown" and hidden:
            problems.append(f"{len(hidden)} hidden rows listed ({hidden[0]['key']}): they say the group has members")
        if kind == "every":
            listed = {r["key"] for r in rows}
            if not truth <= listed:
                problems.append(f"groups with members not listed: {sorted(truth - listed)[:5]}")
            # a hidden row with members reads exactly as one without
            look = {}
            for r in hidden:
                look.setdefault(tuple(v for c, v in r.items() if c not in ("key", "label")), set()).add(
                    r["key"] in truth)
            if len(look) > 1:
                problems.append(f"hidden rows differ: {list(look)[:2]}")
    for p in problems[:10]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
