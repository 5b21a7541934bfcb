#!/bin/bash
# test_corpus.sh - files made the way real tools and office habits make them
# (tests/corpus/make_corpus.py: Microsoft Forms and Google Forms exports,
# Excel's Unicode text and CP932 saves, a clerk's CSV with No., 合計 and 平均
# rows, member numbers formatted 00000, a two-row header, an ambiguous
# header, an industry trap, a date typed 2062) imported one by one, each
# into its own database, and the stored responses compared with what
# make_corpus.py computed independently (expected.json). The specification
# for src/ingest/'s header mapping and value parsers: a failure names the
# file, the rows missing and the rows stored instead, and shows what
# `shindan check` says about the file.
# usage: test_corpus.sh BUILD_DIR   (prints "corpus: N passed, N failed")
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"
export SHINDAN_TODAY=2026-11-30
C="$W/corpus"

STORED="SELECT c.member_no, r.period, r.total, r.sa_level FROM response r JOIN company c ON c.id=r.company_id ORDER BY 1,2"
DETAILS="SELECT c.member_no, r.period, r.name, r.industry, r.prefecture, r.municipality, r.employees, r.size_band
  FROM response r JOIN company c ON c.id=r.company_id ORDER BY 1,2"

# exp WHAT [KEY]: expected.json read for the shell, one item a line, rows
# as sqlite3 prints them (| between columns, NULL as nothing)
exp() {
    $PY - "$C/expected.json" "$@" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))
what, key = sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else None)
cell = lambda v: "" if v is None else str(v)
x = e.get(key, {})
if what == "keys":
    print("\n".join(e))
elif what == "imports":
    print("\n".join(x.get("import", [key])))
elif what in ("stored", "details"):
    for row in x.get(what, []):
        print("|".join(cell(v) for v in row))
elif what == "companies":
    print("\n".join(x.get("companies", [])))
elif what == "rejected":
    print("\n".join(x.get("rejected_values", [])))
elif what in ("refused", "why"):
    print(x.get(what, ""))
elif what == "clean":
    sys.exit(0 if x.get("no_rejects") else 1)
elif what == "has":
    sys.exit(0 if sys.argv[4] in x else 1)
EOF
}

# differ EXPECTED GOT: the lines one has and the other lacks, indented
differ() {
    local miss extra
    miss="$(LC_ALL=C comm -23 <(LC_ALL=C sort "$1") <(LC_ALL=C sort "$2"))"
    extra="$(LC_ALL=C comm -13 <(LC_ALL=C sort "$1") <(LC_ALL=C sort "$2"))"
    [ -n "$miss" ] && printf '%s\n' "$miss" | head -8 | sed 's/^/         missing:    /'
    [ -n "$extra" ] && printf '%s\n' "$extra" | head -8 | sed 's/^/         unexpected: /'
}

# explain STDERR: what `check` said, short: the file's own lines (the column
# mapping among them) as they are, then each distinct cell reason once, with
# how many cells had it and the first values it was given
explain() {
    sed "s|$C/||g" "$1" | grep -v ' 行目 ' | head -40 | sed 's/^/         | /'
    $PY - "$1" <<'EOF'
import re, sys
seen = {}
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r": \d+ 行目 「[^」]*」列: (.*)（値: (.*)）$", line.rstrip("\n"))
    if not m:
        continue
    reason = re.sub(r"^Q\d+ ", "Qn ", m.group(1))
    entry = seen.setdefault(reason, [0, []])
    entry[0] += 1
    if m.group(2) not in entry[1]:
        entry[1].append(m.group(2))
for reason, (count, values) in sorted(seen.items(), key=lambda x: -x[1][0])[:12]:
    shown = "、".join(values[:8]) + ("…" if len(values) > 8 else "")
    print(f"         | ×{count} {reason}（値: {shown}）")
EOF
}

same() { # label expected-file got-file
    if cmp -s "$2" "$3"; then ok "$1"
    else no "$1" "(expected rows that are not stored, and stored rows not expected)"; differ "$2" "$3"; fi
}

if ! $PY "$ROOT/tests/corpus/make_corpus.py" "$C" 2>"$W/gen.err"; then
    no "make_corpus.py writes the corpus" "$(head -5 "$W/gen.err")"
    echo; echo "corpus: $pass passed, $fail failed"; exit 1
fi
mkdir -p "$W/db"

for key in $(exp keys); do
    failed_before=$fail
    db="$W/db/$key.db"
    : >"$W/$key.err"
    rcs=""
    for f in $(exp imports "$key"); do
        "$BIN" import -q --db "$db" "$C/$f" 2>>"$W/$key.err"
        rcs="$rcs $f:$?"
    done
    echo "# $key: $(exp why "$key")"
    q "$db" "$STORED" >"$W/got" 2>/dev/null
    refused="$(exp refused "$key")"
    if [ -n "$refused" ]; then
        eq "$key: refused, no response stored" "$(wc -l <"$W/got")" 0
        check "$key: the message names「$refused」" grep -qF -- "$refused" "$W/$key.err"
    else
        exp stored "$key" >"$W/want"
        same "$key: stored rows (member_no|period|total|sa_level)" "$W/want" "$W/got"
        if exp has "$key" details; then
            exp details "$key" >"$W/want"
            q "$db" "$DETAILS" >"$W/got" 2>/dev/null
            same "$key: as answered (member_no|period|name|industry|prefecture|municipality|employees|size_band)" \
                "$W/want" "$W/got"
        fi
        if exp has "$key" companies; then
            exp companies "$key" >"$W/want"
            q "$db" "SELECT member_no FROM company ORDER BY 1" >"$W/got" 2>/dev/null
            same "$key: one company per member number across the files" "$W/want" "$W/got"
        fi
        if exp clean "$key"; then
            n="$(q "$db" "SELECT count(*) FROM reject" 2>/dev/null)"
            eq "$key: no row rejected (a header's second row is no member)" "${n:-x}" 0
        fi
        while IFS= read -r v; do
            [ -n "$v" ] || continue
            n="$(q "$db" "SELECT count(*) FROM reject WHERE value = '$v'" 2>/dev/null)"
            if [ "${n:-0}" -ge 1 ]; then ok "$key: 「$v」 is listed as a reject"
            else no "$key: 「$v」 is listed as a reject" "rejects: $(q "$db" "SELECT row || ' ' || column_name || '=' || value FROM reject" 2>/dev/null | head -5 | tr '\n' ';')"; fi
        done < <(exp rejected "$key")
    fi
    # the mapping `check` prints agrees with its verdict: nothing it names
    # missing is shown as taken from a column
    for f in $(exp imports "$key"); do
        "$BIN" check "$C/$f" >/dev/null 2>"$W/agree.err"
        grep -q "必須の列がありません" "$W/agree.err" || continue
        check "$key: $f: no column shown as what the refusal calls missing" $PY - "$W/agree.err" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
mapped = set(re.findall(r"列「.*」→ (Q\d+|[^（\s][^\s（]*)", text))
bad = []
for m in re.finditer(r"必須の列がありません: ([^。]*)", text):
    for item in m.group(1).split("、"):
        item = re.sub(r"（[^）]*）", "", item)
        item = re.sub(r" ほか \d+ 問$", "", item.strip())
        if item in mapped:
            bad.append(item)
if bad:
    print("shown as mapped and named missing:", " ".join(sorted(set(bad))))
    sys.exit(1)
EOF
    done
    if [ "$fail" -ne "$failed_before" ]; then
        echo "       import exit status:$rcs"
        for f in $(exp imports "$key"); do
            "$BIN" check "$C/$f" >/dev/null 2>"$W/check.err"
            echo "       shindan check $f (exit $?):"
            explain "$W/check.err"
        done
    fi
done

echo
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
