#!/bin/bash
# test_fonts.sh - the fonts shindan writes into its PDFs itself (below
# libharu): every font embedded as a CID TrueType subset with a ToUnicode
# map; the batch's glyph cache shared by the reports and invisible in
# them (a report made alone, without the cache, reads and renders the
# same); every member's name read back from its report.
# usage: test_fonts.sh BUILD_DIR
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/integration/lib.sh"

"$BIN" run --input input --out "$W/out" --db "$W/db" -q 2>/dev/null; eq "the sample run exits 0" $? 0
DIR="$W/out/2026-10/companies"
N=$(ls "$DIR" | grep -c '\.pdf$')
check "the sample has enough reports for the glyph cache ($N)" test "$N" -ge 8

# every font of every report: CID TrueType, Identity-H, embedded, subset, ToUnicode
: >"$W/fonts.txt"; bad=""
for f in "$DIR"/*.pdf "$W/out/2026-10/summary.pdf"; do
    [ "${f##*/}" = summary.pdf ] && continue
    pdffonts "$f" 2>/dev/null | tail -n +3 >"$W/one.txt"
    awk -v f="${f##*/}" '{ print f, $0 }' "$W/one.txt" >>"$W/fonts.txt"
    [ -s "$W/one.txt" ] || bad="$bad ${f##*/}:nofont"
    awk '$2 != "CID" || $3 != "TrueType" || $4 != "Identity-H" || $5 != "yes" || $6 != "yes" || $7 != "yes" { exit 1 }' \
        "$W/one.txt" || bad="$bad ${f##*/}"
    [ "$(wc -l <"$W/one.txt")" -le 2 ] || bad="$bad ${f##*/}:fonts"
done
S="$W/out/2026-10/summary.pdf"
pdffonts "$S" 2>/dev/null | tail -n +3 | awk '$2 != "CID" || $5 != "yes" || $6 != "yes" || $7 != "yes" { exit 1 }' ||
    bad="$bad summary.pdf"
eq "every font: CID TrueType, Identity-H, embedded, subset, with ToUnicode (pdffonts)" "$bad" ""
bad=""
for f in "$DIR"/*.pdf; do qpdf --check "$f" >/dev/null 2>&1 || bad="$bad ${f##*/}"; done
eq "qpdf --check passes on every report" "$bad" ""

# the cache: one shared font, named alike in the reports that use it
SHARED=$(awk '{ print $2 }' "$W/fonts.txt" | sort | uniq -c | sort -rn | head -1)
count=${SHARED% *}; count=${count// /}
check "one shared font in most reports ($SHARED)" test "$count" -ge $((N / 2))
two=$(awk '{ n[$1]++ } END { for (f in n) if (n[f] == 2) k++; print k + 0 }' "$W/fonts.txt")
check "most reports add a small font of their own ($two of $N)" test "$two" -ge $((N / 2))

# a report made alone (one report: no cache) reads and renders as the batch's
for m in $(ls "$DIR" | grep '\.pdf$' | sed -n '1p;20p;$p' | sed 's/\.pdf$//'); do
    "$BIN" report --db "$W/db" --out "$W/alone" --period 2026-10 --member "$m" -q 2>/dev/null
    A="$W/alone/2026-10/companies/$m.pdf"
    eq "$m alone: one font, no cache" "$(pdffonts "$A" 2>/dev/null | tail -n +3 | wc -l)" 1
    check "$m alone and in the batch: the same text" cmp <(pdftotext -layout "$DIR/$m.pdf" - 2>/dev/null) \
        <(pdftotext -layout "$A" - 2>/dev/null)
    pdftoppm -r 72 -gray "$DIR/$m.pdf" "$W/batch-$m"
    pdftoppm -r 72 -gray "$A" "$W/alone-$m"
    same=1
    for p in "$W/batch-$m"-*.pgm; do cmp -s "$p" "$W/alone-${p#"$W/batch-"}" || same=0; done
    eq "$m alone and in the batch: the same pixels (72 dpi)" "$same" 1
done

# ToUnicode: each member's number and name read back from its report
: >"$W/missing.txt"
sqlite3 -separator $'\t' "$W/db" "SELECT c.member_no, r.name FROM response r JOIN company c ON c.id = r.company_id
    WHERE r.period = '2026-10'" | while IFS=$'\t' read -r m name; do
    t=$(pdftotext "$DIR/$m.pdf" - 2>/dev/null | tr -d ' ')
    case "$t" in *"${name// /}"*) ;; *) echo "$m $name" >>"$W/missing.txt" ;; esac
    case "$t" in *"$m"*) ;; *) echo "$m number" >>"$W/missing.txt" ;; esac
done
eq "every member's name and number read back from its report" "$(head -3 "$W/missing.txt")" ""

# ToUnicode ranges never cross a byte boundary: a name whose characters
# run on across U+00FF/U+0100, kana in a row, a character beyond the BMP
mkdir -p "$W/in2"
cp input/*.csv "$W/in2/"
ODD="ÿĀāĂă・ぁあぃいぅう・ABCDEFG𠀋商会"
sed -i "s/^M00002,有限会社坂東商事,/M00002,$ODD,/" "$W/in2/2026-10_会員回答_フォーム.csv"
"$BIN" run --input "$W/in2" --out "$W/out2" --db "$W/db2" -q 2>/dev/null; eq "a run with an odd name exits 0" $? 0
check "the odd name reads back from the batch's report" grep -qF "$ODD" \
    <(pdftotext "$W/out2/2026-10/companies/M00002.pdf" - 2>/dev/null)
"$BIN" report --db "$W/db2" --out "$W/alone2" --period 2026-10 --member M00002 -q 2>/dev/null
check "the odd name reads back from the report made alone" grep -qF "$ODD" \
    <(pdftotext "$W/alone2/2026-10/companies/M00002.pdf" - 2>/dev/null)

# and by a second, independent reader: Ghostscript's text extraction
gs -q -dNOPAUSE -dBATCH -sDEVICE=txtwrite -sOutputFile="$W/odd-gs.txt" \
    "$W/out2/2026-10/companies/M00002.pdf" 2>/dev/null
# (Ghostscript 10's txtwrite does not join a surrogate pair: 𠀋 is left out)
check "Ghostscript reads the odd name back too" grep -qF "${ODD%𠀋*}" <(tr -d ' ' <"$W/odd-gs.txt")
gs -q -dNOPAUSE -dBATCH -sDEVICE=txtwrite -sOutputFile="$W/m1-gs.txt" "$DIR/M00001.pdf" 2>/dev/null
check "Ghostscript reads the report's title back" grep -qF "$(sed -n 's/^company.title = //p' "$SHINDAN_TEMPLATES/report.ini" | tr -d ' ')" \
    <(tr -d ' ' <"$W/m1-gs.txt")

# the same batch twice: the same cache, the same bytes
"$BIN" report --db "$W/db" --out "$W/again" --period 2026-10 -q -j 2 2>/dev/null
bad=""
for f in "$DIR"/*.pdf; do cmp -s "$f" "$W/again/2026-10/companies/${f##*/}" || bad="$bad ${f##*/}"; done
eq "a second batch (-j 2) writes the same bytes" "$bad" ""

echo
echo "fonts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
