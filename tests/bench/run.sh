#!/bin/bash
# run.sh - the benchmark behind `make bench`: shindan's monthly batch
# against a Python peer pipeline (tests/bench/peer/peer.py) on the same
# generated input, in the same invocation, so ratios hold on a noisy
# machine. Prints the tables and writes them to tests/bench/RESULTS.md.
#
# usage: run.sh BUILD_DIR [quick]     quick: 1,000 companies only
set -eu
BUILD="$(cd "$1" && pwd)"
QUICK="${2:-}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
TIME=/usr/bin/time
SEED=20261122
W="$(mktemp -d /tmp/shindan-bench-XXXXXX)"
trap 'rm -rf "$W"' EXIT
cd "$ROOT"
# copies, so a rebuild while the benchmark runs cannot change what it measures
mkdir -p "$W/bin"
cp "$BUILD/shindan" "$BUILD/tools/csv2xlsx" "$BUILD/tools/pdf_floor" "$BUILD/tools/report_timing" "$W/bin/"
BIN="$W/bin/shindan"
BUILD="$W/bin"
# reports need an organisation's own name: a copy of the templates with one
mkdir -p "$W/templates" && cp -r "$ROOT/templates/." "$W/templates/"
sed -i 's/^name = .*/name = 見本商工会議所/' "$W/templates/shindan.ini"
export SOURCE_DATE_EPOCH=1790000000 SHINDAN_TEMPLATES="$W/templates"
SIZES="${BENCH_SIZES:-1000 10000 100000}"
[ "$QUICK" = quick ] && SIZES="1000"
# PEER_MAX=N runs the Python peer only up to N companies (default 10,000:
# it takes about 11 ms a report, so 100,000 companies would keep it busy
# for half an hour, twice)
PEER_MAX="${PEER_MAX:-10000}"
JOBS=2

# measure NAME CMD... : runs CMD, keeps wall seconds and peak RSS (MB) in
# $W/m.NAME as "wall mb cpu" (cpu: user + system seconds)
measure() {
    local name="$1"; shift
    if ! $TIME -f "%e %M %U %S" -o "$W/time.out" "$@" >/dev/null 2>"$W/err.$name"; then
        echo "bench: $name failed:" >&2; tail -5 "$W/err.$name" >&2; exit 1
    fi
    awk '{ printf "%s %.1f %.2f\n", $1, $2 / 1024, $3 + $4 }' "$W/time.out" >"$W/m.$name"
}
wall() { cut -d' ' -f1 "$W/m.$1"; }
mem() { cut -d' ' -f2 "$W/m.$1"; }
cpu() { cut -d' ' -f3 "$W/m.$1"; }
phase() { awk -F'\t' -v p="$2" '$1 == p { s += $2 } END { printf "%.3f", s }' "$1"; }
items() { awk -F'\t' -v p="$2" '$1 == p { n += $3 } END { print n + 0 }' "$1"; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }

OUT="$W/RESULTS.md"
{
    echo "# Benchmark results"
    echo
    echo "Made by \`make bench$([ "$QUICK" = quick ] && echo ' QUICK=1')\` ($(date -u +%Y-%m-%d), shindan $(cat VERSION)," \
         "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)) on $(nproc) cores" \
         "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))."
    echo "Input per size: tests/gen_sample.py (seed $SEED), the September answers as a CP932 CSV"
    echo "typed from paper and the October answers as an xlsx (tests/tools/csv2xlsx, numbers"
    echo "and dates typed); outputs for October: one PDF per company, summary.pdf, summary.xlsx."
    echo "shindan writes the PDFs with \`-j $JOBS\` (both cores); the peer runs twice: as one Python"
    echo "process, and with its PDFs made by a pool of $JOBS worker processes (multiprocessing)."
    echo
} >"$OUT"

SUMMARY="$W/summary.md"; PHASES="$W/phases.md"; MEMORY="$W/memory.md"; READER="$W/reader.md"
echo "| companies | shindan s | peer s | ratio | peer 2 processes s | ratio |" >"$SUMMARY"
echo "|---|---|---|---|---|---|" >>"$SUMMARY"
echo "| companies | phase | shindan s | shindan rate | peer s | peer rate | ratio |" >"$PHASES"
echo "|---|---|---|---|---|---|---|" >>"$PHASES"
echo "| companies | step | shindan peak MB | peer peak MB (whole run) |" >"$MEMORY"
echo "|---|---|---|---|" >>"$MEMORY"
echo "| rows | format | s | rows/s | peak MB |" >"$READER"
echo "|---|---|---|---|---|" >>"$READER"
declare -A TOTAL CPU_TOTAL

for N in $SIZES; do
    echo "bench: $N companies: generating input" >&2
    IN="$W/in-$N"
    $PY tests/gen_sample.py --out "$IN" --companies "$N" --seed "$SEED" --no-bad
    "$BUILD/csv2xlsx" --typed "$IN/2026-10_会員回答_フォーム.csv" "$IN/2026-10_会員回答_フォーム.xlsx"
    rm "$IN/2026-10_会員回答_フォーム.csv"
    ROWS=$(( $(wc -l <"$IN/2026-09_会員回答_紙.csv") - 1 ))

    echo "bench: $N companies: shindan" >&2
    T="$W/t-$N.tsv"; : >"$T"
    measure "import$N" "$BIN" import -q --timings "$T" --db "$W/s-$N.db" "$IN"
    measure "report$N" "$BIN" report -q -j "$JOBS" --timings "$T" --db "$W/s-$N.db" --period 2026-10 --out "$W/out-$N"
    measure "excel$N" "$BIN" excel -q --timings "$T" --db "$W/s-$N.db" --period 2026-10 --out "$W/out-$N"
    S_TOTAL=$(calc "$(wall "import$N") + $(wall "report$N") + $(wall "excel$N")")
    CPU_TOTAL[$N]=$(calc "$(cpu "import$N") + $(cpu "report$N") + $(cpu "excel$N")")
    NREP=$(items "$T" company_pdfs)

    if [ "$N" -le "$PEER_MAX" ]; then
        echo "bench: $N companies: peer (Python)" >&2
        P="$W/p-$N.tsv"; : >"$P"
        measure "peer$N" $PY tests/bench/peer/peer.py --input "$IN" --out "$W/peer-$N" --db "$W/p-$N.db" \
            --period 2026-10 --timings "$P"
        P_TOTAL=$(wall "peer$N")
        PREP=$(items "$P" company_pdfs)
        echo "bench: $N companies: peer (Python, $JOBS processes for the PDFs)" >&2
        P2="$W/p2-$N.tsv"; : >"$P2"
        measure "peer2$N" $PY tests/bench/peer/peer.py --input "$IN" --out "$W/peer2-$N" --db "$W/p2-$N.db" \
            --period 2026-10 --timings "$P2" --jobs "$JOBS"
        P2_TOTAL=$(wall "peer2$N")
        for made in "$PREP" "$(items "$P2" company_pdfs)"; do
            if [ "$NREP" != "$made" ]; then
                echo "bench: shindan wrote $NREP company reports, the peer $made: not the same work" >&2; exit 1
            fi
        done
        echo "| $N | $S_TOTAL | $P_TOTAL | $(calc "$P_TOTAL / $S_TOTAL" 1)x | $P2_TOTAL | $(calc "$P2_TOTAL / $S_TOTAL" 1)x |" >>"$SUMMARY"
    else
        P="$W/p-$N.tsv"; : >"$P"; P2="$W/p2-$N.tsv"; : >"$P2"
        echo "| $N | $S_TOTAL | not run (PEER_MAX=$PEER_MAX) | - | not run | - |" >>"$SUMMARY"
        echo "- -" >"$W/m.peer$N"
    fi
    TOTAL[$N]=$S_TOTAL

    STORED=$(sqlite3 "$W/s-$N.db" "SELECT count(*) FROM response")
    # what durability costs: the one sync per period's folders (syncfs)
    echo "| $N | sync (outputs to disk) | $(phase "$T" sync) | - | - | - | - |" >>"$PHASES"
    for ph in ingest aggregate company_pdfs summary_pdf workbook; do
        s=$(phase "$T" $ph); p=$(phase "$P" $ph)
        case $ph in
            ingest) unit="rows/s"; n=$STORED ;;
            company_pdfs) unit="reports/s"; n=$NREP ;;
            *) unit=""; n=0 ;;
        esac
        if [ -n "$unit" ]; then
            srate="$(calc "$n / ($s + 0.0001)" 0) $unit"; prate="$(calc "$n / ($p + 0.0001)" 0) $unit"
        else
            srate="-"; prate="-"
        fi
        if [ -s "$P" ]; then
            echo "| $N | $ph | $s | $srate | $p | $prate | $(calc "$p / ($s + 0.0001)" 1)x |" >>"$PHASES"
        else
            echo "| $N | $ph | $s | $srate | - | - | - |" >>"$PHASES"
        fi
    done
    if [ -s "$P2" ]; then
        s=$(phase "$T" company_pdfs); p=$(phase "$P2" company_pdfs)
        echo "| $N | company_pdfs, peer with $JOBS processes | $s | $(calc "$NREP / ($s + 0.0001)" 0) reports/s | $p | $(calc "$NREP / ($p + 0.0001)" 0) reports/s | $(calc "$p / ($s + 0.0001)" 1)x |" >>"$PHASES"
    fi
    echo "| $N | import | $(mem "import$N") | $(mem "peer$N") |" >>"$MEMORY"
    echo "| $N | report (PDFs) | $(mem "report$N") | |" >>"$MEMORY"
    echo "| $N | excel | $(mem "excel$N") | |" >>"$MEMORY"

    # the xlsx reader alone (check: read and validate, nothing stored)
    if [ "$N" -ge 10000 ]; then
        measure "check$N" "$BIN" check -q "$IN/2026-10_会員回答_フォーム.xlsx"
        XR=$(( $(sqlite3 "$W/s-$N.db" "SELECT count(*) FROM response WHERE period = '2026-10'") ))
        echo "| $XR | xlsx | $(wall "check$N") | $(calc "$XR / $(wall "check$N")" 0) | $(mem "check$N") |" >>"$READER"
        measure "checkcsv$N" "$BIN" check -q "$IN/2026-09_会員回答_紙.csv"
        echo "| $ROWS | CSV (CP932) | $(wall "checkcsv$N") | $(calc "$ROWS / $(wall "checkcsv$N")" 0) | $(mem "checkcsv$N") |" >>"$READER"
    fi
    if [ "$N" = 1000 ]; then
        # single-core cost per report, and the floor: an empty document with
        # the same font set-up (the report's own characters subset and loaded)
        T1="$W/t1.tsv"; : >"$T1"
        measure "report1" "$BIN" report -q -j 1 --timings "$T1" --db "$W/s-$N.db" --period 2026-10 --out "$W/out1"
        PER_REPORT=$(calc "1000 * $(phase "$T1" company_pdfs) / $(items "$T1" company_pdfs)")
        FIRST=$(ls "$W/out1/2026-10/companies" | head -1)
        pdftotext "$W/out1/2026-10/companies/$FIRST" "$W/report.txt" 2>/dev/null
        # the outputs written so far (the peer's and shindan's thousands of
        # PDFs) reach the disk first: their write-back would otherwise run
        # on the same two cores while single reports are timed
        sync
        # each report timed on its own (median), and the baseline: the same
        # reports with the whole IPAex font embedded instead of a subset;
        # before the floor, whose 600 documents replace one another under 16
        # names: the file system's search past that many just-freed inodes
        # would be timed as part of each new report
        mkdir -p "$W/each"
        "$BUILD/report_timing" "$W/s-$N.db" 2026-10 "$W/each" 1000 50 >"$W/each.txt"
        each() { awk -v k="$1" '$1 == k { print $2 }' "$W/each.txt"; }
        mkdir -p "$W/floor"
        sync
        "$BUILD/pdf_floor" "$W/report.txt" 300 "$W/floor" >"$W/floor.txt"
        rm -rf "$W/each" # after the floor, which must not search past them either
        FLOOR=$(awk '$1 == "floor_ms_median" { print $2 }' "$W/floor.txt")
        FLOOR_UNSHARED=$(awk '$1 == "floor_unshared_ms_median" { print $2 }' "$W/floor.txt")
        SIZE_KB=$(du -k --apparent-size -c "$W/out1/2026-10/companies/"*.pdf | tail -1 | awk -v n="$NREP" '{ printf "%.1f", $1 / n }')
        PEER_KB=$(du -k --apparent-size -c "$W/peer-$N/2026-10/companies/"*.pdf | tail -1 | awk -v n="$PREP" '{ printf "%.1f", $1 / n }')
        PEER_PER=$(calc "1000 * $(phase "$P" company_pdfs) / $PREP")
        # seminars of 100, 300 and 800 attendees: the organiser's handout.pdf
        # (a cover and the members' reports in one file with one font
        # subset); target < 5 s and 1.5 MB at 300; the three show whether
        # memory grows with the attendees (pages are written as they end)
        HANDOUT=""
        day=28
        for A in 100 300 800; do
            day=$((day + 1))
            { echo 会員番号; sqlite3 "$W/s-$N.db" "SELECT c.member_no FROM company c JOIN response r ON r.company_id = c.id
                AND r.period = '2026-10' ORDER BY c.member_no LIMIT $A"; } >"$W/attendees.csv"
            "$BIN" seminar add --db "$W/s-$N.db" --title "bench $A" --date "2026-10-$day" "$W/attendees.csv" >/dev/null
            TS="$W/ts.tsv"; : >"$TS"
            measure "seminar$N-$A" "$BIN" seminar kit -q --timings "$TS" --db "$W/s-$N.db" --out "$W/sem-$N-$A"
            HANDOUT_FILE="$(find "$W/sem-$N-$A" -name handout.pdf | head -1)"
            HANDOUT_MB=$(calc "$(stat -c %s "$HANDOUT_FILE") / 1048576")
            # the file's size and the kit's peak memory are two things: a table
            ROW="| $(items "$TS" seminar_handout) | $(phase "$TS" seminar_handout) | $(wall "seminar$N-$A") | $HANDOUT_MB | $(mem "seminar$N-$A") |"
            echo "bench: seminar handout: $ROW" >&2
            HANDOUT="$HANDOUT$ROW
"
            rm -rf "$W/sem-$N-$A"
        done
    fi
    LAST=$N
done

# aggregation over 12 periods at the largest size
echo "bench: $LAST companies x 12 periods: aggregation" >&2
AGG="$W/agg.md"
{
    echo "| step | time | peak memory |"
    echo "|---|---|---|"
    bash tests/bench/aggregate.sh "$BIN" "$W/s-$LAST.db" 2026-10 "$LAST"
} >"$AGG"

{
    echo "## Full batch"
    echo
    cat "$SUMMARY"
    echo
    if [ -n "${TOTAL[100000]:-}" ]; then
        echo "Scaling: shindan's time at 100,000 / time at 10,000 = $(calc "${TOTAL[100000]} / ${TOTAL[10000]}") (10 is linear)."
        echo "In CPU seconds (user + system, both cores): ${CPU_TOTAL[100000]} / ${CPU_TOTAL[10000]} = $(calc "${CPU_TOTAL[100000]} / ${CPU_TOTAL[10000]}")."
        echo
    fi
    echo "## Phases"
    echo
    echo "Per phase, from \`--timings\` (shindan) and the peer's own timer; ratio = peer / shindan."
    echo
    cat "$PHASES"
    echo
    echo "## Company reports against the floor (1,000 companies, one core)"
    echo
    echo "Before: the figures of 2026-11-22 (commit e0a44fc), when libharu loaded each subset and wrote"
    echo "the font objects itself and zlib compressed every stream; its baseline was libharu's own"
    echo "embedding of the whole font. After: this run, with shindan's own font objects, libdeflate and"
    echo "the batch's glyph cache; the baseline embeds the whole font file (6 MB) as it is."
    echo
    echo "| measure | before, ms per report | after, ms per report |"
    echo "|---|---|---|"
    echo "| shindan, \`-j 1\`, mean | 5.44 | $PER_REPORT |"
    echo "| shindan, each report timed alone, median (mean) | 5.462 (5.508) | $(each subset_ms_median) ($(each subset_ms_mean)) |"
    echo "| baseline: whole IPAex font embedded, 50 reports, median | 44.261 | $(each whole_ms_median) |"
    echo "| floor: empty document, same font set-up, median | 2.199 | $FLOOR_UNSHARED |"
    echo "| floor with the glyph cache (every character shared), median | - | $FLOOR |"
    echo "| peer (ReportLab), mean | 11.75 | $PEER_PER |"
    echo
    echo "The glyph cache (a sample of 64 reports' characters, subset and deflated once) took $(each share_ms) ms."
    echo "Subset against whole font: $(calc "$(each whole_ms_median) / $(each subset_ms_median)" 1)x faster,"
    echo "$(each subset_kb_mean) KB against $(each whole_kb_mean) KB per report."
    echo
    echo "Mean company PDF: shindan $SIZE_KB KB, peer $PEER_KB KB."
    echo
    echo "Size floor (KB = 1,000 bytes): the median report is $(calc "$(each subset_bytes_median) / 1000" 1) KB;"
    echo "its characters alone, as one exact subset deflated at libdeflate's strongest level with nothing"
    echo "shared (font program, ToUnicode and widths; first 200 reports), are $(calc "$(each floor_font_bytes_median) / 1000" 1) KB at the median,"
    echo "$(calc "100 * $(each floor_share)" 0)% of the file. The pages' drawing (about 4 KB deflated) comes on top."
    echo
    echo "Seminar handout (\`shindan seminar kit\`, one PDF; target under 5 s and 1.5 MB for 300 attendees;"
    echo "the kit's peak memory should not grow with the attendees):"
    echo
    echo "| attendees' reports | handout s | whole kit s | handout.pdf MB (file) | kit peak memory MB |"
    echo "|---|---|---|---|---|"
    printf '%s' "$HANDOUT"
    echo
    echo "## Aggregation: $LAST companies x 25 answers x 12 periods"
    echo
    cat "$AGG"
    echo
    echo "## Peak memory (getrusage via /usr/bin/time)"
    echo
    cat "$MEMORY"
    echo
    if [ "$(wc -l <"$READER")" -gt 2 ]; then
        echo "## Input readers (\`shindan check\`: read, map and validate every row)"
        echo
        cat "$READER"
        echo
    fi
} >>"$OUT"

cat "$OUT"
if [ "$QUICK" = quick ]; then
    cp "$OUT" tests/bench/RESULTS-quick.md
    echo "bench: wrote tests/bench/RESULTS-quick.md" >&2
else
    cp "$OUT" tests/bench/RESULTS.md
    echo "bench: wrote tests/bench/RESULTS.md" >&2
fi
