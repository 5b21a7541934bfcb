#!/usr/bin/python3
"""attack.py - play the attacker against shindan's privacy rule.

Groups with fewer than min_group members (templates/shindan.ini [privacy])
must not be readable from anything published, directly or by subtraction.
For each period this reads only what is published - `stats --format csv`
without --no-suppress, the workbook made with --no-details, summary.pdf and
every company PDF (pdftotext -layout) - and gathers every (grouping, key)
-> (n, mean) it can read. Then it subtracts to a fixpoint: 会員全体 = Σ業種
= Σ都道府県 = Σ規模, a prefecture = Σ its municipalities (keys starting with
its name), an industry = Σ its 業種×都道府県 cells (letter + code), a
prefecture = Σ the cells with its code; a lone child equals its parent and
a parent whose children are all known is their sum. The truth (true n and
mean) comes from `stats --no-suppress`; a protected group has 0 < n < k.
Found and reported, one line each:
  - a protected group whose n or any figure appears in a published source
    (for a period under k: any figure but its count; a trend row apart);
  - a protected group whose n comes out exact and mean within 0.5 points;
  - a protected industry whose 25 implementation counts come out exact
    (rates × n, 会員全体 = Σ業種, with company PDFs' page 2 rates);
  - 最小/最大 in published group tables (each is one member's exact score).
Every published figure read is checked against the truth, so a misreading
parser fails instead of hiding leaks, and a source that should list groups
but yields none fails too.

  releases --name NAME DIR...
                        attack a: each DIR a release (BY.csv from stats
                        --format csv); a figure shown in two releases over
                        counts 1..k-1 apart gives those members' total
  effects --name NAME XLSX...
                        attack b: a seminar's effect in two workbooks over
                        attendees 1..k-1 apart gives those attendees' change
  make-crafted DIR      answers that exercise the complementary rule
                        across outputs and a period with 3 respondents
  attack --bin B --db DB --out OUT --xl XL --name NAME
                        OUT/PERIOD/{summary.pdf,companies/*.pdf} from run,
                        XL/PERIOD/summary.xlsx from excel --no-details;
                        prints one finding a line, tab-separated:
                        ok<TAB>what | no<TAB>what<TAB>detail | note<TAB>what
"""
import argparse
import csv
import io
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DIMS = ["industry", "prefecture", "municipality", "size", "industry-prefecture"]
JA = {"all": "会員全体", "industry": "業種", "prefecture": "都道府県", "municipality": "市区町村", "size": "規模",
      "industry-prefecture": "業種×都道府県"}
# the workbook's group sheets (推移 is the period trend: all members per period)
SHEETS = {"業種別": "industry", "都道府県別": "prefecture", "市区町村別": "municipality", "規模別": "size",
          "業種×都道府県": "industry-prefecture", "推移": "period"}
MEAN_TOL = 0.5  # a derived mean this close to the truth counts as recovered
CSV_ERR = 0.00005  # stats CSV: four decimals
PDF_ERR = 0.05  # PDFs: one decimal
XLSX_ERR = 1e-6  # workbook: full doubles


def min_group():
    with open(os.path.join(ROOT, "templates", "shindan.ini"), encoding="utf-8") as f:
        section = ""
        for line in f:
            line = line.split(";")[0].strip()
            if line.startswith("["):
                section = line.strip("[]")
            elif section == "privacy" and line.startswith("min_group"):
                return int(line.split("=")[1])
    return 5


def emit(kind, what, detail=""):
    what = what.replace("\t", " ").replace("\n", " ")
    print(f"{kind}\t{what}\t{detail}".rstrip("\t"), flush=True)


class Obs:
    """One published reading of a group: n, mean (with its precision) and
    the names of the other figures shown."""

    def __init__(self, src, n=None, mean=None, err=0.0, figs=()):
        self.src, self.n, self.mean, self.err, self.figs = src, n, mean, err, set(figs)
        if mean is not None:
            self.figs.add("平均点")
        if n is not None:
            self.figs.add("回答数")


class Period:
    def __init__(self, period):
        self.period = period
        self.truth = {}  # (dim, key) -> (n, mean, label)
        self.labels = {}  # dim -> {label: key}
        self.obs = {}  # (dim, key) -> [Obs]
        self.extremes = {}  # source -> number of groups showing 最小/最大
        self.rules = {}  # attack -> [what was shown that its rule forbids]
        self.qtruth = {}  # ("all"|"industry", key) -> {question: members implementing}
        self.rates = {}  # (dim, key) -> [(source, {question: rate}, rate's error)]

    def add(self, dim, key, ob):
        if ob.figs:
            self.obs.setdefault((dim, key), []).append(ob)

    def add_rates(self, dim, key, src, rates, err):
        if rates:
            self.rates.setdefault((dim, key), []).append((src, rates, err))
            self.add(dim, key, Obs(src, figs=["設問別の実施率"]))


# ---------------------------------------------------------------- reading

class Reader:
    def __init__(self, args):
        self.bin, self.db, self.out, self.xl = args.bin, args.db, args.out, args.xl
        self.k = min_group()
        self.region = "region"  # README's name for --by prefecture; test_stats.sh uses the other

    def stats(self, by, period, publish):
        cmd = [self.bin, "stats", "--db", self.db, "--period", period, "--by", by, "--format", "csv"]
        if not publish:
            cmd.append("--no-suppress")
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[1:])} exited {r.returncode}: {r.stderr.decode(errors='replace')[:200]}")
        return list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8-sig"))))

    def by(self, dim):
        return self.region if dim == "prefecture" else dim

    def periods(self):
        try:
            rows = self.stats("period", self.newest(), False)
        except RuntimeError:
            return []
        return [r["key"] for r in rows]

    def newest(self):
        cmd = [self.bin, "stats", "--db", self.db, "--by", "all", "--format", "csv", "--no-suppress"]
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True)
        rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8-sig"))))
        if r.returncode != 0 or not rows:
            raise RuntimeError("stats --by all gives no newest period")
        return rows[0]["period"]

    def truth(self, p):
        for dim in ["all"] + DIMS:
            p.labels[dim] = {}
            try:
                rows = self.stats(self.by(dim), p.period, False)
            except RuntimeError:
                if dim != "prefecture" or self.region != "region":
                    raise
                self.region = "prefecture"
                rows = self.stats(self.by(dim), p.period, False)
            for r in rows:
                if not r["n"] or int(r["n"]) == 0:
                    continue
                p.truth[(dim, r["key"])] = (int(r["n"]), float(r["mean"]), r["label"])
                p.labels[dim][r["label"]] = r["key"]
                if dim == "industry" and r["key"] in SHORT_NAMES:
                    # reports may name an industry by its short name
                    p.labels[dim][SHORT_NAMES[r["key"]]] = r["key"]
        # implementation rate per question: all members and per industry
        for by in ("question", "question-industry"):
            for r in self.stats(by, p.period, False):
                if r.get("rate") and r.get("n"):
                    g = ("industry", r["industry"]) if by != "question" else ("all", "all")
                    p.qtruth.setdefault(g, {})[int(r["question"])] = round(float(r["rate"]) * int(r["n"]))


def num(v):
    if v is None or v == "":
        return None
    return float(v)


BOUND = re.compile(r"^\d割(以上|以下)$")


def rate_num(v):
    """A published rate: a float, or None for a small group's bound
    (「8割以上」: no exact figure to read)."""
    if v is None or v == "" or BOUND.match(str(v)):
        return None
    return float(v)


def shown_columns(row, skip=("period", "key", "label", "industry", "question", "suppressed", "n", "mean")):
    """The figures a published CSV row shows besides n and mean."""
    return [c for c, v in row.items() if c not in skip and v not in (None, "")]


def rule_checks(p, src, r, k):
    """The figures a published row may not show whatever its values:
    order statistics under 2k members (attack d: with five, the quartiles
    are three scores and the mean and SD give the other two), SECURITY
    ACTION shares over fewer than 2k known declarations (attack e: ★ 100 %
    of one is that member's, of six each of the six's), part and band
    shares under 2k members (attack g: one band at 100 % of six is every
    member's band)."""
    n = int(r["n"]) if r.get("n") else None
    if n is not None and n < 2 * k and any(r.get(c) not in (None, "") for c in ("median", "q1", "q3", "sd")):
        p.rules.setdefault("d", []).append(f"{src} {r['key']} (n={n}): median/quartiles/SD")
    known = int(r["sa_known"]) if r.get("sa_known") else None
    if known is not None and 0 < known < 2 * k and any(r.get(f"sa{i}_share") not in (None, "") for i in range(3)):
        p.rules.setdefault("e", []).append(f"{src} {r['key']}: SECURITY ACTION shares over {known} known")
    shares = [c for c in r if re.match(r"(part\d+_(mean|share)|band\d+_share)$", c) and r.get(c) not in (None, "")]
    if n is not None and n < 2 * k and shares:
        p.rules.setdefault("g", []).append(f"{src} {r['key']} (n={n}): {', '.join(shares[:3])}")


def read_stats(rd, p, periods):
    """Published stats CSV: every grouping, the trend, per-question shares."""
    counts = {}
    k = min_group()
    # attack c: the 100-point band's mean is 100, so any band mean gives a
    # lone low band's total by subtraction; bands publish counts only
    for r in rd.stats("band", p.period, True):
        if r.get("mean") not in (None, ""):
            p.rules.setdefault("c", []).append(f"stats --by band {r['key']}: mean {r['mean']}")
    for dim in ["all"] + DIMS:
        src = f"stats --by {rd.by(dim)}"
        rows = rd.stats(rd.by(dim), p.period, True)
        counts[dim] = len(rows)
        shown = 0
        for r in rows:
            rule_checks(p, src, r, k)
            n = int(r["n"]) if r.get("n") else None
            p.add(dim, r["key"], Obs(src, n, num(r.get("mean")), CSV_ERR, shown_columns(r)))
            if r.get("min") or r.get("max"):
                shown += 1
        if shown:
            p.extremes[src] = shown
    for r in rd.stats("period", p.period, True):
        q = periods.get(r["key"])
        if q is not None:
            n = int(r["n"]) if r.get("n") else None
            q.add("all", "all", Obs(f"stats --by period --period {p.period}", n, num(r.get("mean")), CSV_ERR,
                                    shown_columns(r)))
    rates = {}
    for r in rd.stats("question", p.period, True):
        if rate_num(r.get("rate")) is not None:
            rates[int(r["question"])] = rate_num(r["rate"])
    p.add_rates("all", "all", "stats --by question", rates, CSV_ERR)
    rates = {}
    for r in rd.stats("question-industry", p.period, True):
        ind = r.get("industry") or r.get("key")
        figs = ["設問別の回答割合"] if shown_columns(r) else []
        n = int(r["n"]) if r.get("n") else None
        p.add("industry", ind, Obs("stats --by question-industry", n, None, 0, figs))
        if rate_num(r.get("rate")) is not None:
            rates.setdefault(ind, {})[int(r["question"])] = rate_num(r["rate"])
    for ind, qs in rates.items():
        p.add_rates("industry", ind, "stats --by question-industry", qs, CSV_ERR)
    return counts


def read_workbook(path, p, periods):
    """The --no-details workbook: group sheets, 概要, 推移, 設問別."""
    import openpyxl
    src = f"summary.xlsx({p.period})"
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    names = wb.sheetnames
    found = {}
    if "回答明細" in names:
        emit("no", f"{src}: --no-details workbook still has 回答明細", path)
    for sheet, dim in SHEETS.items():
        if sheet not in names:
            continue
        rows = list(wb[sheet].iter_rows(values_only=True))
        hi = next((i for i, r in enumerate(rows) if r and "コード" in r and "回答数" in r), None)
        if hi is None:
            found[sheet] = 0
            continue
        head = [str(h) if h is not None else "" for h in rows[hi]]
        col = {h: i for i, h in enumerate(head)}
        skip = {"コード", "区分", "備考", ""}
        count = shown = 0
        for r in rows[hi + 1:]:
            if not r or r[col["コード"]] is None:
                continue
            key = str(r[col["コード"]]).strip()
            if dim == "prefecture" and key.isdigit():
                key = key.zfill(2)
            count += 1
            vals = {h: r[i] for h, i in col.items() if i < len(r)}
            n = vals.get("回答数")
            mean = vals.get("平均点")
            n = int(n) if isinstance(n, (int, float)) else None
            mean = float(mean) if isinstance(mean, (int, float)) else None
            figs = [h for h, v in vals.items() if h not in skip and h not in ("回答数", "平均点")
                    and isinstance(v, (int, float))]
            # a group under 2k shows its n and mean only (attacks d, e, g)
            if n is not None and 0 < n < 2 * min_group() and figs:
                p.rules.setdefault("g", []).append(f"{src} {sheet} {key} (n={n}): {', '.join(figs[:3])}")
            if any(isinstance(vals.get(h), (int, float)) for h in ("最小", "最大")):
                shown += 1
            ob = Obs(f"{src} {sheet}", n, mean, XLSX_ERR, figs)
            if dim == "period":
                if key in periods:
                    periods[key].add("all", "all", ob)
            else:
                p.add(dim, key, ob)
        found[sheet] = count
        if shown:
            p.extremes[f"{src} {sheet}"] = shown
    if "概要" in names:
        vals = {}
        for r in wb["概要"].iter_rows(values_only=True):
            if r and r[0] is not None and len(r) > 1:
                vals[str(r[0])] = r[1]
        n = vals.get("回答事業所数")
        mean = vals.get("平均点")
        figs = [h for h, v in vals.items() if h not in ("回答事業所数", "平均点", "診断月") and
                isinstance(v, (int, float))]
        p.add("all", "all", Obs(f"{src} 概要", int(n) if isinstance(n, (int, float)) else None,
                                float(mean) if isinstance(mean, (int, float)) else None, XLSX_ERR, figs))
        found["概要"] = 1 if isinstance(n, (int, float)) else 0
    if "設問別" in names:
        rows = list(wb["設問別"].iter_rows(values_only=True))
        head = [str(h or "") for h in (rows[0] if rows else ())]
        cols = {}  # column -> group
        for i, h in enumerate(head):
            m = re.match(r"実施率（([A-T])\s*[^、]*、(\d+)社）", h)
            if m:
                p.add("industry", m.group(1), Obs(f"{src} 設問別", int(m.group(2)), None, 0, ["実施率"]))
                cols[i] = ("industry", m.group(1))
            elif h == "実施率":
                cols[i] = ("all", "all")
        qcol = head.index("設問") if "設問" in head else None
        rates = {}
        for r in rows[1:]:
            if qcol is None or not isinstance(r[qcol], (int, float)):
                continue
            for i, g in cols.items():
                if i < len(r) and isinstance(r[i], (int, float)):
                    rates.setdefault(g, {})[int(r[qcol])] = float(r[i])
        for g, qs in rates.items():
            p.add_rates(g[0], g[1], f"{src} 設問別", qs, XLSX_ERR)
    wb.close()
    return found


def pdftext(path):
    r = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"], capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(f"pdftotext {path}: {r.stderr.decode(errors='replace')[:200]}")
    return r.stdout.decode("utf-8", errors="replace")


GROUP_ROW = re.compile(r"^\s*(\S(?:.*?\S)?)\s{2,}(\d+|—)\s{2,}(?:(-?\d+(?:\.\d+)?)点|—)\s*$")
TREND_ROW = re.compile(r"(\d{4})年(\d{1,2})月[ \t]+(\d+|—)(?![\d年])(?:[ \t]+(-?\d+\.\d)(?![\d年]))?"
                       r"(?:[ \t]+(-?\d+\.\d)(?![\d年]))?")


def read_summary(path, p, periods):
    """summary.pdf: overview, the group tables by label, the trend table."""
    src = f"summary.pdf({p.period})"
    text = pdftext(path)
    lines = text.splitlines()
    label_of = {}
    for dim in DIMS:
        for label, key in p.labels.get(dim, {}).items():
            label_of.setdefault(label, (dim, key))
    found = {"groups": 0, "trend": 0, "overview": 0}
    unknown = []
    for line in lines:
        m = GROUP_ROW.match(line)
        if not m:
            continue
        label, n, mean = m.group(1), m.group(2), m.group(3)
        if label not in label_of:
            if n != "—" or mean:
                unknown.append(label)
            continue
        dim, key = label_of[label]
        p.add(dim, key, Obs(src, None if n == "—" else int(n), num(mean), PDF_ERR))
        found["groups"] += 1
        found[dim] = found.get(dim, 0) + 1
    if unknown:
        emit("note", f"{src}: rows whose label is no group of the period: {', '.join(unknown[:5])}")
    # overview: the line after the 回答事業所数 heading
    for i, line in enumerate(lines):
        if "回答事業所数" in line:
            for nxt in lines[i + 1:i + 6]:
                m = re.search(r"(\d+)社\s+(?:(-?\d+\.\d)点|—)?(?:\s+(-?\d+\.\d)点)?", nxt)
                if m:
                    figs = ["中央値"] if m.group(3) else []
                    p.add("all", "all", Obs(f"{src} 概要", int(m.group(1)), num(m.group(2)), PDF_ERR, figs))
                    found["overview"] = 1
                    break
            break
    shares = [ln for ln in lines if re.search(r"\d+\.\d%（\d+社）", ln)]
    if shares:
        p.add("all", "all", Obs(f"{src} 判定の分布・宣言状況", None, None, 0, ["判定の分布", "宣言状況"]))
    # trend: after its heading
    start = next((i for i, ln in enumerate(lines) if "平均点の推移" in ln), None)
    # ... up to the next section (the band distribution over periods)
    end = next((i for i, ln in enumerate(lines) if start is not None and i > start and "判定の分布の推移" in ln),
               len(lines))
    for line in lines[start or 0:end] if start is not None else []:
        for m in TREND_ROW.finditer(line):
            key = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
            if key not in periods:
                continue
            n = None if m.group(3) == "—" else int(m.group(3))
            figs = ["中央値"] if m.group(5) else []
            periods[key].add("all", "all", Obs(f"{src} 平均点の推移", n, num(m.group(4)), PDF_ERR, figs))
            found["trend"] += 1
    return found


def _short_names():
    """templates/industries.tsv: letter -> short name (as reports print it)."""
    out = {}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "templates", "industries.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                out[cols[0]] = cols[2]
    return out


SHORT_NAMES = _short_names()
COMPARE_ROW = re.compile(r"^\s*(\S(?:.*?\S)?)\s{2,}(-?\d+\.\d)点（(\d+)社）\s*$")
HEADER_ROW = re.compile(r"会員番号\s+(\S+)\s+業種\s+(\S+)")
RATE_ROW = re.compile(r"^\s*(\d{1,2})\s+\S.*\s(\d{1,3})%\s*$")


def read_company(name, text, p):
    """A company PDF: page 1's comparison rows, the percentile line, page 2's
    industry rates. Returns (comparison rows with figures, whether 会員全体
    is among them, whether page 2 had rates)."""
    src = f"companies/{name}"
    m = HEADER_ROW.search(text)
    ind = p.labels["industry"].get(m.group(2)) if m else None
    rows, has_all, has_rates = 0, False, False
    for line in text.splitlines():
        m = COMPARE_ROW.match(line)
        if not m:
            continue
        label, mean, n = m.group(1), float(m.group(2)), int(m.group(3))
        if label == "会員全体":
            dim, key = "all", "all"
            has_all = True
        elif label in p.labels["industry"]:
            dim, key = "industry", p.labels["industry"][label]
        elif label in p.labels["prefecture"]:
            dim, key = "prefecture", p.labels["prefecture"][label]
        else:
            emit("note", f"{src}: comparison row {label!r} is no group of the period")
            continue
        p.add(dim, key, Obs(src, n, mean, PDF_ERR))
        rows += 1
    if ind and re.search(r"業種内で(上位|下位)\s*\d+\s*%", text):
        p.add("industry", ind, Obs(src, None, None, 0, ["業種内の順位"]))
    if re.search(r"会員全体で(上位|下位)\s*\d+\s*%", text):
        p.add("all", "all", Obs(src, None, None, 0, ["会員全体での順位"]))
    page2 = text.split("\f", 1)[1] if "\f" in text else ""
    if ind and "業種の実施率" in page2:
        rates = {}
        for ln in page2.splitlines():
            m = RATE_ROW.match(ln)
            if m:
                rates[int(m.group(1))] = int(m.group(2)) / 100
        if rates:
            has_rates = True
            p.add("industry", ind, Obs(src, None, None, 0, ["業種の実施率"]))
            p.add_rates("industry", ind, src, rates, 0.005)
    return rows, has_all, has_rates


# ---------------------------------------------------------------- the attack

def relations(p):
    """(parent, children, description) for every sum the attacker can use,
    kept only where the truth is a partition (children's n add up)."""
    keys = {dim: sorted(k for (d, k) in p.truth if d == dim) for dim in ["all"] + DIMS}
    rel = []
    for dim in ("industry", "prefecture", "size"):
        rel.append((("all", "all"), [(dim, k) for k in keys[dim]], f"会員全体 = Σ{JA[dim]}"))
    for pk in keys["prefecture"]:
        name = p.truth[("prefecture", pk)][2]
        rel.append((("prefecture", pk), [("municipality", k) for k in keys["municipality"] if k.startswith(name)],
                    f"{name} = Σ市区町村"))
        rel.append((("prefecture", pk), [("industry-prefecture", k) for k in keys["industry-prefecture"]
                                         if k[1:] == pk], f"{name} = Σ業種×都道府県"))
    for ik in keys["industry"]:
        rel.append((("industry", ik), [("industry-prefecture", k) for k in keys["industry-prefecture"]
                                       if k[:1] == ik], f"業種 {ik} = Σ業種×都道府県"))
    good = []
    for parent, children, desc in rel:
        if not children or parent not in p.truth:
            continue
        if sum(p.truth[c][0] for c in children) != p.truth[parent][0]:
            emit("note", f"{p.period}: {desc} does not hold in the truth; not used")
            continue
        good.append((parent, children, desc))
    return good


def name(p, g):
    """How a group is named in messages: 業種 G（情報通信業）, 市区町村 茨城県日立市."""
    dim, key = g
    if dim == "all":
        return "会員全体"
    label = p.truth.get(g, (0, 0, key))[2]
    return f"{JA[dim]} {key}" if label == key else f"{JA[dim]} {key}（{label}）"


def attack(p, k):
    """The subtractions to a fixpoint. Returns kn: group -> (n, how, sources)
    and ks: group -> (sum of totals, its error bound, how, sources); how is
    "shown" for a figure read as published."""
    kn, ks = {}, {}
    for g, obs in p.obs.items():
        withn = [o for o in obs if o.n is not None]
        if withn:
            kn[g] = (withn[0].n, "shown", {withn[0].src})
        withm = sorted((o for o in obs if o.n is not None and o.mean is not None), key=lambda o: o.err)
        if withm:
            o = withm[0]
            ks[g] = (o.n * o.mean, o.n * o.err, "shown", {o.src})
    rel = relations(p)

    def said(known, g):
        how = known[g][-2]
        return name(p, g) if how == "shown" else f"{name(p, g)} [{how}]"

    changed = True
    while changed:
        changed = False
        for parent, children, desc in rel:
            cdim = JA[children[0][0]]
            for known in (kn, ks):
                missing = [c for c in children if c not in known]
                if parent in known and len(missing) == 1:
                    c = missing[0]
                    others = [o for o in children if o != c]
                    v = known[parent][0] - sum(known[o][0] for o in others)
                    srcs = set(known[parent][-1]).union(*(known[o][-1] for o in others))
                    if others:
                        how = f"{said(known, parent)} − the {len(others)} other {cdim}"
                    else:
                        how = f"= {said(known, parent)}, its only {cdim}"
                    if known is kn:
                        kn[c] = (round(v), how, srcs)
                    else:
                        ks[c] = (v, known[parent][1] + sum(known[o][1] for o in others), how, srcs)
                    changed = True
                elif parent not in known and not missing:
                    v = sum(known[o][0] for o in children)
                    srcs = set().union(*(known[o][-1] for o in children))
                    how = f"Σ its {len(children)} {cdim}"
                    if known is kn:
                        kn[parent] = (round(v), how, srcs)
                    else:
                        ks[parent] = (v, sum(known[o][1] for o in children), how, srcs)
                    changed = True
    return kn, ks


def attack_rates(p, kn):
    """Per question: members implementing = rate × n, for every group whose n
    the attacker has; then 会員全体 = Σ業種 to a fixpoint. Returns
    (group, question) -> (count, error bound, how, sources)."""
    qk = {}
    for g, readings in p.rates.items():
        if g not in kn:
            continue
        n = kn[g][0]
        for q in range(1, 26):
            best = min(((err, src, r[q]) for src, r, err in readings if q in r), default=None)
            if best:
                qk[(g, q)] = (best[2] * n, best[0] * n, "shown", {best[1]} | kn[g][2])
    inds = [g for g in p.truth if g[0] == "industry"]
    for q in range(1, 26):
        changed = True
        while changed:
            changed = False
            missing = [g for g in inds if (g, q) not in qk]
            if (("all", "all"), q) in qk and len(missing) == 1:
                others = [g for g in inds if g != missing[0]]
                par = qk[(("all", "all"), q)]
                v = par[0] - sum(qk[(g, q)][0] for g in others)
                err = par[1] + sum(qk[(g, q)][1] for g in others)
                srcs = set(par[3]).union(*(qk[(g, q)][3] for g in others))
                how = f"会員全体 − the {len(others)} other 業種" if others else "= 会員全体, its only 業種"
                qk[(missing[0], q)] = (v, err, how, srcs)
                changed = True
        # several missing together: their union's count (attack f on a
        # union of small industries)
        missing = [g for g in inds if (g, q) not in qk]
        if (("all", "all"), q) in qk and len(missing) >= 2:
            others = [g for g in inds if g not in missing]
            par = qk[(("all", "all"), q)]
            qk[(("industries", tuple(sorted(g[1] for g in missing))), q)] = (
                par[0] - sum(qk[(g, q)][0] for g in others),
                par[1] + sum(qk[(g, q)][1] for g in others),
                f"会員全体 − the {len(others)} other 業種",
                set(par[3]).union(*(qk[(g, q)][3] for g in others)))
    return qk


def figs_text(bad):
    """The kinds of figures shown, short: 判定の分布 for every band column."""
    out = set()
    for _, figs in bad:
        for f in figs:
            if "点）" in f or f.startswith("band"):
                f = "判定の分布"
            elif f.startswith(("SA", "5か条", "sa", "ready")):
                f = "宣言状況"
            out.add(f)
    return "、".join(sorted(out))


def sources_text(srcs):
    comp = sorted(s for s in srcs if s.startswith("companies/"))
    rest = sorted(s for s in srcs if not s.startswith("companies/"))
    if comp:
        rest.append(f"{len(comp)} company PDF{'s' if len(comp) > 1 else ''} ({', '.join(c[10:] for c in comp[:3])}"
                    f"{', …' if len(comp) > 3 else ''})")
    return "; ".join(rest)


def judge(name_, periods, k):
    leaks = 0
    misread = []
    for p in periods.values():
        # published readings must be the truth: else this script misreads
        for g, obs in p.obs.items():
            t = p.truth.get(g)
            for o in obs:
                if t is None and (o.n or o.mean is not None):
                    misread.append(f"{p.period} {g} from {o.src}: no such group")
                elif t and o.n is not None and o.n != t[0]:
                    misread.append(f"{p.period} {name(p, g)} from {o.src}: n {o.n}, truth {t[0]}")
                elif t and o.mean is not None and abs(o.mean - t[1]) > o.err + CSV_ERR + 1e-9:
                    misread.append(f"{p.period} {name(p, g)} from {o.src}: mean {o.mean}, truth {t[1]:.4f}")
        # (i) direct: a protected group shown anywhere
        direct = set()
        for g, (n, mean, label) in sorted(p.truth.items()):
            if n >= k:
                continue
            bad = []
            for o in p.obs.get(g, []):
                figs = o.figs - {"回答数"} if g[0] == "all" else o.figs
                if figs:
                    bad.append((o.src, figs))
            if not bad:
                continue
            direct.add(g)
            if g[0] != "all":
                leaks += 1
                emit("no", f"{name_} {p.period}: {name(p, g)} (n={n}, a group under {k}) published: "
                           f"{figs_text(bad)}", f"in {sources_text({s for s, _ in bad})}")
                continue
            # a period under k: its row in any trend, and its own outputs
            trend = [b for b in bad if "推移" in b[0] or "by period" in b[0]]
            own = [b for b in bad if b not in trend]
            if trend:
                leaks += 1
                emit("no", f"{name_}: period {p.period} has {n} respondents (under {k}) yet a trend shows its "
                           f"{figs_text(trend)}", f"in {sources_text({s for s, _ in trend})}")
            if own:
                leaks += 1
                emit("no", f"{name_} {p.period}: 会員全体 of the period is {n} members (under {k}) yet its outputs "
                           f"show {figs_text(own)}", f"in {sources_text({s for s, _ in own})}")
        # (ii) subtraction
        kn, ks = attack(p, k)
        for g, (n, mean, label) in sorted(p.truth.items()):
            if n >= k or g in direct or g not in kn or g not in ks:
                continue
            dn, dsum = kn[g][0], ks[g][0]
            if dn != n or dn <= 0 or abs(dsum / dn - mean) > MEAN_TOL:
                continue
            leaks += 1
            how = ks[g][2] if kn[g][1] == "shown" else kn[g][1]
            emit("no", f"{name_} {p.period}: {name(p, g)} (n={n}, mean {mean:.2f}) recovered by subtraction: "
                       f"{how} gives n={dn}, mean {dsum / dn:.2f}",
                 f"from {sources_text(kn[g][2] | ks[g][3])}")
        # (iii) per-question implementation rates of a protected industry
        qk = attack_rates(p, kn)
        for g, counts in sorted(p.qtruth.items()):
            n = p.truth.get(g, (k,))[0]
            if g[0] != "industry" or n >= k or g in direct or g not in kn or kn[g][0] != n:
                continue
            got = [qk.get((g, q)) for q in sorted(counts)]
            if all(x and abs(x[0] - counts[q]) < 0.5 for x, q in zip(got, sorted(counts))):
                leaks += 1
                hows = sorted({x[2] for x in got})
                emit("no", f"{name_} {p.period}: {name(p, g)} (n={n}) per-question implementation rates recovered "
                           f"by subtraction ({'; '.join(hows)}): all {len(counts)} counts exact",
                     f"from {sources_text(set().union(*(x[3] for x in got)))}")
        # (iv) 0 % or 100 % of a published group under 2k, read or derived:
        # every member's answer to that question (attack g)
        for g, counts in sorted(p.qtruth.items()):
            n = p.truth.get(g, (0,))[0]
            if not k <= n < 2 * k:
                continue
            extreme = sorted(q for q in counts if (x := qk.get((g, q))) and abs(x[0] - counts[q]) < 0.5
                             and x[1] * 1 < 0.5 and counts[q] in (0, n))
            if extreme:
                leaks += 1
                srcs = set().union(*(qk[(g, q)][3] for q in extreme))
                emit("no", f"{name_} {p.period}: {name(p, g)} (n={n}, under {2 * k}) shows 0 % or 100 % on "
                           f"{len(extreme)} questions (Q{', Q'.join(map(str, extreme[:6]))}): every member's answer",
                     f"from {sources_text(srcs)}")
        # (v) the same for the hidden industries together: under 2k members,
        # 0 % or 100 % of their union is each of their members' answer
        unions = {}
        for (g, q), x in qk.items():
            if g[0] != "industries":
                continue
            members = [("industry", key) for key in g[1]]
            n = sum(p.truth.get(m, (0,))[0] for m in members)
            true = sum(p.qtruth.get(m, {}).get(q, 0) for m in members)
            if 0 < n < 2 * k and abs(x[0] - true) < 0.5 and x[1] < 0.5 and true in (0, n):
                unions.setdefault((g[1], n), []).append(q)
        for (keys, n), qs in sorted(unions.items()):
            leaks += 1
            emit("no", f"{name_} {p.period}: 業種 {'+'.join(keys)} together (n={n}, under {2 * k}) show 0 % or "
                       f"100 % by subtraction on {len(qs)} questions (Q{', Q'.join(map(str, sorted(qs)[:6]))}): "
                       "every member's answer")
        for g, readings in p.rates.items():
            t, n = p.qtruth.get(g, {}), p.truth.get(g, (0,))[0]
            for src, rates, err in readings:
                for q, r in rates.items():
                    if q not in t or abs(r * n - t[q]) > err * n + n * CSV_ERR + 1e-6:
                        misread.append(f"{p.period} {name(p, g)} Q{q} from {src}: rate {r}, truth {t.get(q)}/{n}")
    for m in misread[:10]:
        emit("no", f"{name_}: attack.py misread a published figure", m)
    return leaks, len(misread)


# ---------------------------------------------------------------- main

def cmd_attack(args):
    rd = Reader(args)
    plist = rd.periods()
    if not plist:
        emit("no", f"{args.name}: no period in the database", args.db)
        return
    periods = {q: Period(q) for q in plist}
    for p in periods.values():
        rd.truth(p)
    k = rd.k
    small = [q for q, p in periods.items() for (g, v) in p.truth.items() if v[0] < k]
    emit("note", f"{args.name}: periods {', '.join(plist)}; {len(small)} protected groups (n < {k})")
    # every company PDF to text, in parallel
    jobs = {}
    for q in plist:
        d = os.path.join(args.out, q, "companies")
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if f.endswith(".pdf"):
                jobs[(q, f)] = os.path.join(d, f)
    with ThreadPoolExecutor(max_workers=min(16, (os.cpu_count() or 2) * 2)) as ex:
        futures = {key: ex.submit(pdftext, path) for key, path in jobs.items()}
    texts = {}
    for key, fut in futures.items():
        try:
            texts[key] = fut.result()
        except Exception as e:  # one unreadable PDF is a failure, not a crash
            emit("no", f"{args.name}: companies/{key[1]} ({key[0]}) unreadable", str(e))
    for q, p in periods.items():
        all_n = p.truth.get(("all", "all"), (0,))[0]
        # groupings that must list something: those with a group of k or
        # more and a list of every value; municipalities and industry x
        # prefecture pairs list only what they show, so where stats lists
        # one the workbook must too
        want = {g[0] for g, v in p.truth.items() if g[0] in ("industry", "prefecture", "size") and v[0] >= k}
        # stats
        try:
            counts = read_stats(rd, p, periods)
            missing = [d for d in want if counts.get(d, 0) == 0]
            want |= {d for d in ("municipality", "industry-prefecture") if counts.get(d, 0)}
            if missing:
                emit("no", f"{args.name} {q}: published stats list no group for {', '.join(missing)}")
        except Exception as e:
            emit("no", f"{args.name} {q}: published stats unreadable", str(e))
        # workbook
        path = os.path.join(args.xl, q, "summary.xlsx")
        if not os.path.exists(path):
            emit("no", f"{args.name} {q}: no --no-details workbook", path)
        else:
            try:
                found = read_workbook(path, p, periods)
                # a period under k may publish no figure at all: then only its group tables must list rows
                needed = {s for s, dim in SHEETS.items() if dim in want or dim == "period"}
                if all_n >= k:
                    needed.add("概要")
                empty = [s for s, c in found.items() if c == 0 and s in needed]
                absent = [s for s in list(SHEETS) + ["概要"] if s not in found]
                if absent:
                    emit("note", f"{args.name} {q}: workbook has no sheet {', '.join(absent)}")
                if empty or not found:
                    emit("no", f"{args.name} {q}: read no group from workbook sheet(s) {', '.join(empty) or 'any'}",
                         path)
            except Exception as e:
                emit("no", f"{args.name} {q}: workbook unreadable", f"{path}: {e!r}")
        # summary.pdf
        path = os.path.join(args.out, q, "summary.pdf")
        if not os.path.exists(path):
            emit("no", f"{args.name} {q}: no summary.pdf", path)
        else:
            try:
                found = read_summary(path, p, periods)
                empty = [w for w in ("trend", "overview") if found[w] == 0]
                if want & {"industry", "prefecture", "size"} and found["groups"] == 0:
                    empty.insert(0, "group tables")
                if empty and all_n >= k:
                    emit("no", f"{args.name} {q}: read nothing from summary.pdf's {', '.join(empty)}", path)
            except Exception as e:
                emit("no", f"{args.name} {q}: summary.pdf unreadable", f"{path}: {e!r}")
        # company PDFs
        names = sorted(f for (qq, f) in texts if qq == q)
        if all_n and not names:
            emit("no", f"{args.name} {q}: no company PDF for {all_n} respondents")
        rows, no_all, with_rates = 0, [], 0
        for f in names:
            try:
                r, has_all, has_rates = read_company(f, texts[(q, f)], p)
                rows += r
                with_rates += has_rates
                if not has_all:
                    no_all.append(f)
            except Exception as e:
                emit("no", f"{args.name} {q}: companies/{f} unparsable", repr(e))
        if names and all_n >= k and no_all:
            emit("no", f"{args.name} {q}: read no 会員全体 figure (xx.x点（n社）) from {len(no_all)} of "
                       f"{len(names)} company PDFs", ", ".join(no_all[:5]))
        published = [g for g, obs in p.obs.items() if g[0] == "industry" and
                     any(o.src == "stats --by industry" and o.n is not None for o in obs)]
        if names and published and not with_rates:
            emit("no", f"{args.name} {q}: read no industry rate (page 2, 業種の実施率) from any company PDF "
                       f"though stats publishes {len(published)} industries")
        emit("note", f"{args.name} {q}: read {sum(len(v) for v in p.obs.values())} published figures "
                     f"({len(names)} company PDFs, {rows} comparison rows)")
    leaks, misread = judge(args.name, periods, k)
    # 最小/最大: one member's exact score in a published table
    ext = {}  # kind -> [tables, periods, groups]
    for q, p in periods.items():
        for src, n in p.extremes.items():
            kind = "stats CSV" if src.startswith("stats") else "summary.xlsx"
            e = ext.setdefault(kind, [[], set(), 0])
            table = src.split(" ", 1)[1]
            if table not in e[0]:
                e[0].append(table)
            e[1].add(q)
            e[2] += n
    for kind, (tables, qs, n) in sorted(ext.items()):
        emit("no", f"{args.name}: {kind} publishes 最小/最大 (each is one member's exact score)",
             f"{', '.join(tables)} in {', '.join(sorted(qs))}: {n} groups")
    if not leaks and not misread:
        emit("ok", f"{args.name}: no group under {k} members recovered directly or by subtraction "
                   f"({', '.join(plist)})")
    if not ext:
        emit("ok", f"{args.name}: no 最小/最大 in published tables")
    what = {"c": "a score band's mean (the 100-point band's is 100: a lone low band's total by subtraction)",
            "d": "order statistics of a group under 2k (five members: all five scores)",
            "e": "SECURITY ACTION shares over fewer than 2k known declarations",
            "g": "part or band shares of a group under 2k (one band at 100 % of six: every member's band)"}
    for a, text in what.items():
        seen = [x for p in periods.values() for x in p.rules.get(a, [])]
        if seen:
            emit("no", f"{args.name}: published {text}", f"{len(seen)}: {'; '.join(seen[:3])}")
        else:
            emit("ok", f"{args.name}: no {text.split(' (')[0]}")


POINTS = ["4", "2", "0", "-1"]
HEADER = ["会員番号", "事業所名", "業種", "都道府県", "市区町村", "従業員数", "回答日", "SECURITY ACTION"] + \
    [f"Q{q}" for q in range(1, 26)]


def cmd_make_crafted(args):
    """23 members in 2026-10: one small industry (G, 2) beside I (6), so the
    complementary rule hides I; one small prefecture (群馬, 4) beside 栃木 (9);
    茨城 = 水戸 (6) + 日立 (4), two of whom give their SECURITY ACTION
    declaration; and 3 of them answered in 2026-08 too."""
    rng = random.Random(11)
    plan = [("製造業", "茨城県", "水戸市", 3), ("製造業", "栃木県", "宇都宮市", 3), ("製造業", "群馬県", "前橋市", 1),
            ("製造業", "茨城県", "日立市", 1), ("建設業", "茨城県", "水戸市", 2), ("建設業", "栃木県", "宇都宮市", 3),
            ("建設業", "茨城県", "日立市", 1), ("建設業", "群馬県", "前橋市", 1), ("小売", "茨城県", "水戸市", 1),
            ("小売", "栃木県", "宇都宮市", 3), ("小売", "茨城県", "日立市", 1), ("小売", "群馬県", "前橋市", 1),
            ("情報通信業", "茨城県", "日立市", 1), ("情報通信業", "群馬県", "前橋市", 1)]
    members = []
    for ind, pref, city, count in plan:
        for _ in range(count):
            members.append((f"C{len(members) + 1:03d}", ind, pref, city))
    os.makedirs(args.dir, exist_ok=True)
    for period, chosen in (("2026-08", members[:3]), ("2026-10", members)):
        with open(os.path.join(args.dir, f"{period}_crafted.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            ibaraki = 0
            for i, (no, ind, pref, city) in enumerate(chosen):
                skill = rng.uniform(0.2, 0.95)
                answers = [POINTS[0] if rng.random() < skill else rng.choice(POINTS[1:]) for _ in range(25)]
                # 茨城 (10): two declarations known, so its ★ shares would be
                # over a denominator of two (attack e)
                ibaraki += pref == "茨城県"
                sa = "不明" if pref == "茨城県" and ibaraki > 2 else ["未宣言", "★", "★★"][i % 3]
                w.writerow([no, f"クラフト{no}株式会社", ind, pref, city, str([3, 12, 40, 80, 8][i % 5]),
                            f"{period}-{10 + i % 15}", sa] + answers)


def read_release(d):
    """A release as published: DIR/BY.csv from `stats --format csv` (no
    --no-suppress). Returns (by, period, key) -> (n, mean) of shown rows."""
    out = {}
    for f in sorted(os.listdir(d)):
        if not f.endswith(".csv"):
            continue
        by = f[:-4]
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r.get("suppressed") == "0" and r.get("n") and r.get("mean"):
                    # a trend row is the figure "all" of its own period
                    fig = ("all", r["key"], "all") if by == "period" else (by, r["period"], r["key"])
                    out.setdefault(fig, []).append((int(r["n"]), float(r["mean"]), f))
    return out


def cmd_releases(args):
    """Attack a: the same figure published twice over members a few apart
    (one late answer, then `run` again): n2*m2 - n1*m1 is the late members'
    total. Every pair of releases is compared, each figure with itself."""
    k = min_group()
    rel = [read_release(d) for d in args.dirs]
    found = 0
    for i in range(len(rel)):
        for j in range(i + 1, len(rel)):
            for fig in sorted(set(rel[i]) & set(rel[j])):
                for n1, m1, f1 in rel[i][fig]:
                    for n2, m2, f2 in rel[j][fig]:
                        if 0 < abs(n2 - n1) < k:
                            found += 1
                            if found <= 10:
                                emit("no", f"{args.name}: {' '.join(fig)} published over {n1} then {n2} members: "
                                           f"the {abs(n2 - n1)} apart total {abs(n2 * m2 - n1 * m1):.1f} points",
                                     f"{args.dirs[i]}/{f1}, {args.dirs[j]}/{f2}")
    if not found:
        emit("ok", f"{args.name}: no figure published again over members fewer than {k} apart "
                   f"({sum(len(r) for r in rel)} shown figures in {len(rel)} releases)")


def read_effects(path):
    """The workbook's セミナーの効果 sheet: (seminar id, group) -> (n, mean
    change) of the shown rows."""
    from openpyxl import load_workbook
    wb = load_workbook(path, read_only=True)
    out = {}
    if "セミナーの効果" in wb.sheetnames:
        rows = list(wb["セミナーの効果"].iter_rows(values_only=True))
        head = [str(h or "") for h in rows[0]] if rows else []
        col = {h: i for i, h in enumerate(head)}
        for r in rows[1:]:
            n, m = r[col["比べた会員数"]], r[col["総合点の平均の変化"]]
            if isinstance(n, (int, float)) and isinstance(m, (int, float)):
                out[(r[col["セミナーID"]], r[col["区分"]])] = (int(n), float(m))
    wb.close()
    return out


def cmd_effects(args):
    """Attack b: a seminar's effect published again over attendees a few
    apart (October's workbook 5 compared, November's 6): n2*m2 - n1*m1 is
    the late attendee's change."""
    k = min_group()
    rel = [read_effects(p) for p in args.books]
    found = 0
    for i in range(len(rel)):
        for j in range(i + 1, len(rel)):
            for key in sorted(set(rel[i]) & set(rel[j]), key=str):
                (n1, m1), (n2, m2) = rel[i][key], rel[j][key]
                if 0 < abs(n2 - n1) < k:
                    found += 1
                    emit("no", f"{args.name}: seminar {key[0]} {key[1]} published over {n1} then {n2} members: "
                               f"the {abs(n2 - n1)} apart changed by {n2 * m2 - n1 * m1:+.1f} points in total",
                         f"{args.books[i]}, {args.books[j]}")
    if not found:
        emit("ok", f"{args.name}: no seminar effect published again over members fewer than {k} apart "
                   f"({sum(len(r) for r in rel)} shown groups in {len(rel)} workbooks)")
    if not any(rel):
        emit("no", f"{args.name}: read no seminar effect from any workbook (the case shows nothing to attack)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("attack")
    a.add_argument("--bin", required=True)
    a.add_argument("--db", required=True)
    a.add_argument("--out", required=True, help="run --out: PERIOD/summary.pdf, PERIOD/companies/*.pdf")
    a.add_argument("--xl", required=True, help="excel --no-details --out: PERIOD/summary.xlsx")
    a.add_argument("--name", required=True)
    m = sub.add_parser("make-crafted")
    m.add_argument("dir")
    r = sub.add_parser("releases")
    r.add_argument("--name", required=True)
    r.add_argument("dirs", nargs="+", help="each a release: BY.csv from stats --format csv")
    e = sub.add_parser("effects")
    e.add_argument("--name", required=True)
    e.add_argument("books", nargs="+", help="workbooks with a セミナーの効果 sheet")
    args = ap.parse_args()
    if args.cmd == "effects":
        cmd_effects(args)
    elif args.cmd == "attack":
        cmd_attack(args)
    elif args.cmd == "releases":
        cmd_releases(args)
    else:
        cmd_make_crafted(args)


if __name__ == "__main__":
    sys.exit(main())
