#!/bin/bash
# test_faults_io.sh - an operator's bad day: write errors injected with
# strace (ENOSPC on a company PDF, the workbook, rejects.csv; EIO on the
# rename and on syncfs), a full output disk and a full /tmp, odd entries
# in input/ (FIFO, link to /dev/zero, a folder named x.csv, a dangling
# link), links in the output folders, stale temporary files, ulimit -n and
# -v, read-only and foreign databases, backup, odd command lines and
# names, and an input file replaced while it is read. After each failure:
# exit status and message; every output under its real name whole (byte
# for byte a clean run's) or absent; the database unchanged or as
# expected; the period still pending; and a clean rerun ends exactly where
# a clean run ends, with no temporary file left.
# usage: test_faults_io.sh BUILD_DIR   (prints "N passed, N failed")
# Needs strace; mounts tmpfs when root (skipped otherwise).
set -u
BIN="$(cd "$1" && pwd)/shindan"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
. "$ROOT/tests/integration/lib.sh"

# lib.sh's trap removes $W; unmount what this script mounted first, and
# give back write permission to the folders it made read-only
MOUNTS=()
cleanup() {
    local m
    for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
    chmod -R u+w "$W" 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
skip() { ok "$1 (skipped: $2)"; }

# root passes every permission check; drop that for the read-only cases
can_drop=1
if [ "$(id -u)" = 0 ]; then
    asuser() { setpriv --bounding-set=-dac_override,-dac_read_search -- "$@"; }
    asuser true 2>/dev/null || can_drop=0
else
    asuser() { "$@"; }
fi
have_strace=1
strace -V >/dev/null 2>&1 || have_strace=0

# ---- the input and a clean run to compare with
IN="$W/in"
$PY tests/gen_sample.py --out "$IN" --companies 40 --seed 31 >/dev/null
srun() { local d="$1"; shift; "$BIN" run -q -j 2 --input "$IN" --out "$d/out" --db "$d/db" "$@"; }
mkdir -p "$W/ref"
srun "$W/ref" 2>"$W/ref.err"
eq "clean run succeeds" $? 0
REF="$W/ref/out"
(cd "$REF" && find . -type f | sort) >"$W/ref.files"
check "clean run wrote both periods' outputs" grep -q "./2026-10/companies/M00001.pdf" "$W/ref.files"

# Counts and what each import recorded (not its time, not its path), then
# the integrity check.
dbstate() {
    sqlite3 "$1" "SELECT 'response', count(*) FROM response; SELECT 'answer', count(*) FROM answer;
        SELECT 'batch', count(*) FROM batch; SELECT 'company', count(*) FROM company;
        SELECT 'reject', count(*) FROM reject;
        SELECT sha256, format, rows_ok, rows_rejected, rows_replaced FROM batch ORDER BY sha256;
        PRAGMA integrity_check;" 2>&1
}
REFDB="$(dbstate "$W/ref/db")"
pending() { sqlite3 "$1" "SELECT group_concat(period, ' ') FROM (SELECT period FROM pending_output ORDER BY period)" 2>&1; }
eq "nothing pending after a clean run" "$(pending "$W/ref/db")" ""

# Every file under its real name (not NAME.tmp, not the workbook's
# staging folder) is byte-identical to the clean run's.
whole_or_absent() {
    local out="$1" f bad=0
    while IFS= read -r f; do
        if [ "$f" = ./処理結果.txt ]; then
            # what that run did, not what the clean run did: whole, not equal
            grep -q "^実行中のメッセージ" "$out/$f" && grep -q "^結果: " "$out/$f" || { echo "half-written: $f"; bad=1; }
            continue
        fi
        if ! cmp -s "$out/$f" "$REF/$f"; then
            echo "half-written or different: $f"
            bad=1
        fi
    done < <(cd "$out" && find . -type f ! -name '*.tmp' ! -path '*/.shindan-xlsx/*')
    return $bad
}
same_files() { cmp -s "$W/ref.files" <(cd "$1" && find . -type f | sort) || { diff "$W/ref.files" <(cd "$1" && find . -type f | sort) | head -5; return 1; }; }
no_tmp() { local left; left=$(find "$1" -name '*.tmp' -o -name '.shindan-xlsx'); [ -z "$left" ] || { echo "$left"; return 1; }; }

# After a run that failed writing outputs: exit 1, a message matching
# $4, outputs whole or absent, the import stored as a clean run stores
# it, the periods $5 still pending.
failed_run() {
    local name="$1" d="$2" rc="$3" msg="$4" want="$5"
    eq "$name: exit status 1" "$rc" 1
    check "$name: the message names the file" grep -qE "$msg" "$d/err"
    check "$name: every output under its real name is whole" whole_or_absent "$d/out"
    eq "$name: the database holds what a clean run stores" "$(dbstate "$d/db")" "$REFDB"
    eq "$name: the period stays pending" "$(pending "$d/db")" "$want"
}
# A clean rerun finishes: the clean run's files byte for byte, no
# temporary file, nothing pending, the same database.
rerun_clean() {
    local name="$1" d="$2"
    srun "$d" 2>"$d/rerun.err"
    eq "$name, then a clean rerun: exit 0" $? 0
    check "$name, then a clean rerun: the clean run's files" same_files "$d/out"
    check "$name, then a clean rerun: every file byte-identical" whole_or_absent "$d/out"
    check "$name, then a clean rerun: no temporary file left" no_tmp "$d/out"
    eq "$name, then a clean rerun: nothing pending" "$(pending "$d/db")" ""
    eq "$name, then a clean rerun: the same database" "$(dbstate "$d/db")" "$REFDB"
}

# ==== 1. write errors injected with strace
# -P keeps the injection to one file: an fd's path is absolute, a
# rename's argument is as given, so both forms are named. $3 = when=N.
inject() {
    local d="$1" target="$2" when="$3" call="${4:-write}" err="${5:-ENOSPC}"
    rm -rf "$d"
    mkdir -p "$d"
    strace -f -o /dev/null -P "$target" -e trace="$call" -e inject="$call:error=$err:when=$when" \
        "$BIN" run -q -j 2 --input "$IN" --out "$d/out" --db "$d/db" 2>"$d/err"
}
# how many write calls the clean run makes to $2 (to pick N in the middle)
count_writes() {
    local d="$1" target="$2"
    rm -rf "$d"
    mkdir -p "$d"
    strace -f -o "$d.trace" -P "$target" -e trace=write \
        "$BIN" run -q -j 2 --input "$IN" --out "$d/out" --db "$d/db" 2>/dev/null
    grep -c 'write(' "$d.trace"
}
if [ "$have_strace" = 1 ]; then
    P10="$W/c1/out/2026-10"
    # a member's report is one write (its 64 KB buffer flushed when it is
    # committed); summary.pdf, larger than the buffer, fails in the middle
    # of libharu's save
    for t in "companies/M00005.pdf.tmp first" "summary.xlsx.tmp middle" \
        "summary.xlsx.tmp last" "rejects.csv.tmp first" "summary.pdf.tmp middle" "summary.pdf.tmp last"; do
        file="${t% *}" at="${t##* }"
        n=$(count_writes "$W/c1" "$P10/$file")
        case "$at" in first) when=1 ;; middle) when=$(((n + 1) / 2)) ;; last) when=$n ;; esac
        name="ENOSPC at write $when of $n of 2026-10/$file"
        if [ "$n" -lt 1 ]; then
            no "$name: the clean run writes that file" "found no write to it"
            continue
        fi
        inject "$W/c1" "$P10/$file" "$when"
        failed_run "$name" "$W/c1" $? "2026-10/${file%.tmp}.*(書き込めません|作成できません|保存できません)" "2026-10"
        check "$name: 2026-10/${file%.tmp} is not there under its real name" test ! -e "$P10/${file%.tmp}"
        rerun_clean "$name" "$W/c1"
    done

    # the rename of a finished file fails (EIO)
    inject "$W/c1" "$W/c1/out/2026-10/companies/M00003.pdf.tmp" 1 rename EIO
    failed_run "EIO on the rename of M00003.pdf" "$W/c1" $? "M00003\.pdf" "2026-10"
    rerun_clean "EIO on the rename of M00003.pdf" "$W/c1"

    # the disk reports a write-back error when the period's folder is synced
    rm -rf "$W/c1s" && mkdir -p "$W/c1s"
    strace -f -o /dev/null -e trace=syncfs -e inject=syncfs:error=EIO \
        "$BIN" run -q -j 2 --input "$IN" --out "$W/c1s/out" --db "$W/c1s/db" 2>"$W/c1s/err"
    failed_run "EIO from syncfs" "$W/c1s" $? "2026-0[0-9].*(書き込めません|書き出し)" "2026-09 2026-10"
    rerun_clean "EIO from syncfs" "$W/c1s"
else
    skip "write errors injected" "strace is not installed (apt-get install strace)"
fi
"$BIN" stats --db "$W/ref/db" --format csv >/dev/full 2>"$W/full.err"
eq "stats --format csv >/dev/full: exit 1" $? 1
check "stats >/dev/full: says it could not write" grep -qE "書き込めません|No space" "$W/full.err"
"$BIN" stats --db "$W/ref/db" --by company --no-suppress --format csv >/dev/full 2>"$W/full2.err"
eq "stats --by company >/dev/full: exit 1" $? 1

# ==== 2. a small output disk; a full /tmp
try_mount() { mkdir -p "$2" && mount -t tmpfs -o "size=$1" tmpfs "$2" 2>/dev/null && MOUNTS+=("$2"); }
if try_mount 1m "$W/small"; then
    d="$W/c2"
    mkdir -p "$d"
    "$BIN" run -q -j 2 --input "$IN" --out "$W/small/out" --db "$d/db" 2>"$d/err"
    rc=$?
    ln -s "$W/small/out" "$d/out"
    failed_run "output disk of 1 MB" "$d" "$rc" "$W/small/out/2026-0[0-9]/.*(書き込めません|作成できません|保存できません)" \
        "2026-09 2026-10"
    check "output disk of 1 MB: the disk did fill" grep -q "No space\|容量\|空き" "$d/err"
    if mount -o remount,size=64m "$W/small" 2>/dev/null; then
        rerun_clean "output disk of 1 MB, then made larger" "$d"
    else
        skip "rerun on a larger disk" "remount failed"
    fi
else
    skip "output disk of 1 MB" "cannot mount tmpfs (not root?)"
fi
if try_mount 1m "$W/tinytmp"; then
    dd if=/dev/zero of="$W/tinytmp/fill" bs=64k 2>/dev/null
    d="$W/c2t"
    mkdir -p "$d"
    TMPDIR="$W/tinytmp" srun "$d" 2>"$d/err"
    eq "a full 1 MB /tmp (TMPDIR) does not matter: exit 0" $? 0
    check "a full /tmp: the clean run's files" same_files "$d/out"
    check "a full /tmp: every file byte-identical" whole_or_absent "$d/out"
    eq "a full /tmp: nothing pending" "$(pending "$d/db")" ""
    eq "a full /tmp: nothing left in it" "$(ls -A "$W/tinytmp")" "fill"
else
    skip "a full /tmp" "cannot mount tmpfs (not root?)"
fi

# ==== 3. links and odd files in input/
# added to the clean run's own input folder (rejects.csv names the files
# by their path), and taken away again afterwards
d="$W/c3"
mkdir -p "$d"
odd="fifo.csv zero.csv x.csv dangling.csv"
mkfifo "$IN/fifo.csv"
ln -s /dev/zero "$IN/zero.csv"
mkdir "$IN/x.csv"
ln -s "$W/nowhere/gone.csv" "$IN/dangling.csv"
timeout 20 "$BIN" run -q -j 2 --input "$IN" --out "$d/out" --db "$d/db" 2>"$d/run.err"
rc=$?
eq "odd entries in input/: run ends (no hang), as a clean run" "$rc" 0
for e in $odd; do
    check "run names the skipped $e" grep -qF "$IN/$e: 通常のファイルではないので読みません" "$d/run.err"
done
eq "odd entries: the regular files imported as a clean run imports them" "$(dbstate "$d/db")" "$REFDB"
check "odd entries: the clean run's outputs" same_files "$d/out"
check "odd entries: every output byte-identical" whole_or_absent "$d/out"
timeout 20 "$BIN" check "$IN" >/dev/null 2>"$d/check.err"
rc=$?
for e in $odd; do
    check "check names the skipped $e" grep -qF "$IN/$e: 通常のファイルではないので読みません" "$d/check.err"
done
check "check reads the regular files" grep -qF "2026-10_会員回答_フォーム.csv: CSV" "$d/check.err"
for e in fifo.csv zero.csv; do
    timeout 20 "$BIN" import --db "$d/direct.db" "$IN/$e" >/dev/null 2>"$d/direct.err"
    rc2=$?
    check "import $e named directly: refused (exit $rc2), no hang" test "$rc2" -ne 0 -a "$rc2" -ne 124 -a "$rc2" -lt 128
    check "import $e named directly: a message naming it" grep -qF "$IN/$e" "$d/direct.err"
    check "import $e named directly: no database created" test ! -e "$d/direct.db"
done
timeout 20 "$BIN" check "$IN/fifo.csv" >/dev/null 2>"$d/direct.err"
rc2=$?
check "check of a FIFO named directly: refused (exit $rc2), no hang" test "$rc2" -ne 0 -a "$rc2" -ne 124 -a "$rc2" -lt 128
rm -r "$IN/fifo.csv" "$IN/zero.csv" "$IN/x.csv" "$IN/dangling.csv"
"$BIN" check "$IN" >/dev/null 2>"$d/check.ref.err"
eq "odd entries: check ends (no hang) as it ends on the regular files alone" "$rc" $?

# ==== 4. links in the output folders, stale temporary files
listing() { (cd "$1" && find . -printf '%p %s %y\n' | sort && cat ./* 2>/dev/null | md5sum); }
# out/2026-10 is a link to another folder
d="$W/c4a"
mkdir -p "$d/out" "$d/elsewhere"
echo "someone's file" >"$d/elsewhere/foo.tmp"
echo "stale" >"$d/elsewhere/summary.pdf.tmp"
ln -s ../elsewhere "$d/out/2026-10"
listing "$d/elsewhere" >"$d/before"
srun "$d" 2>"$d/err"
rc=$?
eq "out/2026-10 a symlink: exit 1" "$rc" 1
check "out/2026-10 a symlink: the message says シンボリックリンク" grep -q "2026-10.*シンボリックリンク" "$d/err"
check "out/2026-10 a symlink: nothing written into, nothing removed from the link's target" \
    cmp -s "$d/before" <(listing "$d/elsewhere")
check "out/2026-10 a symlink: foo.tmp in the target is kept" test -f "$d/elsewhere/foo.tmp"
eq "out/2026-10 a symlink: 2026-10 stays pending" "$(pending "$d/db")" "2026-10"
check "out/2026-10 a symlink: the other period's outputs are whole" whole_or_absent "$d/out/"
rm "$d/out/2026-10"
rerun_clean "out/2026-10 a symlink, removed" "$d"
# out/2026-10/companies is a link
d="$W/c4b"
mkdir -p "$d/out/2026-10" "$d/elsewhere"
echo "someone's file" >"$d/elsewhere/foo.tmp"
echo "stale" >"$d/elsewhere/M00001.pdf.tmp"
ln -s ../../elsewhere "$d/out/2026-10/companies"
listing "$d/elsewhere" >"$d/before"
srun "$d" 2>"$d/err"
rc=$?
eq "out/2026-10/companies a symlink: exit 1" "$rc" 1
check "out/2026-10/companies a symlink: the message says シンボリックリンク" \
    grep -q "2026-10/companies.*シンボリックリンク" "$d/err"
check "out/2026-10/companies a symlink: nothing written into, nothing removed from the target" \
    cmp -s "$d/before" <(listing "$d/elsewhere")
eq "out/2026-10/companies a symlink: 2026-10 stays pending" "$(pending "$d/db")" "2026-10"
check "out/2026-10/companies a symlink: every output present is whole" whole_or_absent "$d/out/"
rm "$d/out/2026-10/companies"
rerun_clean "out/2026-10/companies a symlink, removed" "$d"
# stale temporary files in real folders
d="$W/c4c"
mkdir -p "$d/out/2026-10/companies" "$d/victim"
echo "stale" >"$d/out/2026-10/companies/M00001.pdf.tmp"
echo "stale" >"$d/out/2026-10/companies/M09999.pdf.tmp"
echo "my notes" >"$d/out/2026-10/companies/notes.tmp"
echo "stale" >"$d/out/2026-10/summary.xlsx.tmp"
echo "precious" >"$d/victim/file"
ln -s ../../../victim/file "$d/out/2026-10/companies/M00002.pdf.tmp"
srun "$d" 2>"$d/err"
eq "stale .tmp files: the run succeeds" $? 0
check "a stale M00001.pdf.tmp is gone" test ! -e "$d/out/2026-10/companies/M00001.pdf.tmp"
check "a stale M09999.pdf.tmp (no such member this month) is gone" test ! -e "$d/out/2026-10/companies/M09999.pdf.tmp"
check "a stale summary.xlsx.tmp is gone" test ! -e "$d/out/2026-10/summary.xlsx.tmp"
eq "a user's notes.tmp is kept" "$(cat "$d/out/2026-10/companies/notes.tmp")" "my notes"
check "a link named M00002.pdf.tmp is not followed" test ! -L "$d/out/2026-10/companies/M00002.pdf.tmp"
eq "the link's target is untouched" "$(cat "$d/victim/file")" "precious"
rm "$d/out/2026-10/companies/notes.tmp"
check "stale .tmp files: then the clean run's files" same_files "$d/out"
check "stale .tmp files: every file byte-identical" whole_or_absent "$d/out"

# ==== 5. ulimits: a resource runs out inside shindan
# exit < 128 (no signal), a message, the database intact; a period not
# pending has all its outputs, and a clean rerun ends where a clean run
# ends. A failure at exec is not shindan's and is skipped:
# (a library's constructor failing, before main: the loader's or glibc's
# message, or GLib's abort; shindan has not yet created the database)
at_exec() {
    # the loader or a library's constructor gave up before main (main makes
    # $SHINDAN_STARTED first thing; ld.so may die of SIGSEGV saying nothing)
    [ ! -e "$1/db" ] && { [ ! -e "$1/started" ] ||
        grep -qE "error while loading shared libraries|Fatal glibc error|GLib \(gthread-posix.c\): Unexpected error" "$1/err"; }
}
limited() {
    local what="$1" value="$2" d="$3"
    rm -rf "$d" && mkdir -p "$d"
    (
        ulimit "$what" "$value"
        SHINDAN_STARTED="$d/started" exec timeout 30 "$BIN" run -q -j 2 --input "$IN" --out "$d/out" --db "$d/db"
    ) >/dev/null 2>"$d/err"
}
done_periods_complete() {
    local d="$1" p n
    for p in $(sqlite3 "$d/db" "SELECT DISTINCT period FROM response WHERE period NOT IN (SELECT period FROM pending_output)"); do
        for f in summary.pdf summary.xlsx rejects.csv; do
            [ -f "$d/out/$p/$f" ] || { echo "$p not pending but $f missing"; return 1; }
        done
        n=$(sqlite3 "$d/db" "SELECT count(DISTINCT company_id) FROM response WHERE period = '$p'")
        [ "$(ls "$d/out/$p/companies" | grep -c '\.pdf$')" = "$n" ] || { echo "$p not pending but PDFs missing"; return 1; }
    done
}
limit_case() {
    local what="$1" value="$2" d="$3" name="ulimit $1 $2" rc
    limited "$what" "$value" "$d"
    rc=$?
    if [ "$rc" != 0 ] && at_exec "$d"; then
        skip "$name" "fails at exec, before shindan runs"
        return
    fi
    if [ "$rc" -ge 124 ]; then
        no "$name: ends with an exit status, not a signal or a hang" \
            "exit $rc$([ "$rc" -gt 128 ] && echo " (signal $((rc - 128)))") :: $(head -c 300 "$d/err")"
    else
        ok "$name: ends with exit $rc (no signal, no hang)"
        [ "$rc" = 0 ] || check "$name: says what failed" test -s "$d/err"
    fi
    [ -f "$d/db" ] || return 0
    eq "$name: database intact" "$(sqlite3 "$d/db" 'PRAGMA integrity_check' 2>&1)" "ok"
    [ "$rc" = 0 ] && return 0
    check "$name: a period not pending has all its outputs" done_periods_complete "$d"
    if [ "$(dbstate "$d/db")" = "$REFDB" ]; then
        check "$name: every output under its real name is whole" whole_or_absent "$d/out"
    fi
    srun "$d" 2>"$d/rerun.err"
    eq "$name, then a clean rerun: exit 0" $? 0
    check "$name, then a clean rerun: the clean run's files" same_files "$d/out"
    check "$name, then a clean rerun: byte-identical" whole_or_absent "$d/out"
    eq "$name, then a clean rerun: nothing pending, the same database" \
        "$(pending "$d/db")|$(dbstate "$d/db")" "|$REFDB"
}
for n in 8 9 10 12 14 16 19; do limit_case -n "$n" "$W/c5n"; done
# AddressSanitizer reserves terabytes of address space at start: under
# `make asan` an address-space limit only tests the sanitizer, so skip it.
if [ -n "${ASAN_OPTIONS:-}" ]; then
    ok "ulimit -v cases skipped under AddressSanitizer"
else
for v in 20000 24000 28000 32000 34000 36000 38000 60000; do limit_case -v "$v" "$W/c5v"; done
# Address space, fine: from just below the lowest limit the loader gets
# past (found in steps of 500 KB), 3 MB in steps of 100 KB, where libraries,
# fontconfig and the first import run out one after the other.
v=12000
while [ "$v" -lt 40000 ]; do
    limited -v "$v" "$W/c5f"
    [ $? != 0 ] && at_exec "$W/c5f" || break
    v=$((v + 500))
done
low=$((v - 500))
signals="" noreason="" broken="" incomplete=""
for v in $(seq "$low" 100 $((low + 3000))); do
    limited -v "$v" "$W/c5f" 2>/dev/null
    rc=$?
    [ "$rc" != 0 ] && at_exec "$W/c5f" && continue
    if [ "$rc" -ge 124 ]; then
        signals="$signals $v:$rc"
    elif [ "$rc" != 0 ] && [ ! -s "$W/c5f/err" ]; then
        noreason="$noreason $v"
    fi
    [ -f "$W/c5f/db" ] || continue
    [ "$(sqlite3 "$W/c5f/db" 'PRAGMA integrity_check' 2>&1)" = ok ] || broken="$broken $v"
    done_periods_complete "$W/c5f" >/dev/null || incomplete="$incomplete $v"
done
range="ulimit -v $low..$((low + 3000)) KB"
eq "$range: no run ends by a signal or a hang (KB:exit)" "$signals" ""
eq "$range: every failed run says why" "$noreason" ""
eq "$range: the database intact after each" "$broken" ""
eq "$range: a period not pending has all its outputs" "$incomplete" ""

fi

# ==== 6. the database: read-only, foreign, backup
sha() { sha256sum "$1" | cut -d' ' -f1; }
if [ "$can_drop" = 1 ]; then
    d="$W/c6"
    mkdir -p "$d/rofile" "$d/rodir"
    cp "$W/ref/db" "$d/rofile/db"
    chmod 444 "$d/rofile/db"
    before=$(sha "$d/rofile/db")
    asuser "$BIN" stats --db "$d/rofile/db" >"$d/stats.out" 2>"$d/stats.err"
    eq "stats on a read-only database file: exit 0" $? 0
    # it cannot record what it prints: it prints what the ledger holds as
    # shown already, here everything (the run published the same figures)
    check "stats on a read-only database file: prints the figures" grep -q "建設業\|製造業" "$d/stats.out"
    "$BIN" stats --db "$W/ref/db" >"$d/stats.rw"
    eq "stats on a read-only database file: the same figures as on the writable one" \
        "$(cmp "$d/stats.out" "$d/stats.rw" && echo same)" same
    check "stats on a read-only database file: nothing said when nothing is hidden" test ! -s "$d/stats.err"
    eq "stats on a read-only database file: the file unchanged" "$(sha "$d/rofile/db")" "$before"
    eq "stats on a read-only database file: nothing left beside it" "$(ls "$d/rofile")" "db"
    chmod 644 "$d/rofile/db"
    asuser "$BIN" import -q --db "$d/rofile/db" "$IN" 2>"$d/import.err"
    eq "made writable again, the next import works" $? 0

    # imported, never published: read-only, stats shows nothing and says why
    mkdir -p "$d/fresh"
    "$BIN" import -q --db "$d/fresh/db" "$IN" 2>/dev/null
    chmod 444 "$d/fresh/db"
    before=$(sha "$d/fresh/db")
    asuser "$BIN" stats --db "$d/fresh/db" --by all --format csv >"$d/fresh.out" 2>"$d/fresh.err"
    eq "stats on a read-only database never published: exit 0" $? 0
    eq "stats on a read-only database never published: every figure hidden" \
        "$(awk -F, 'NR == 2 {print $4 "|" $5 "|" $6}' "$d/fresh.out")" "|1|"
    check "stats on a read-only database never published: says why, in Japanese" \
        grep -q "書き込めないため、公開の記録にない集計は表示していません（書き込めるデータベースで実行してください）" "$d/fresh.err"
    eq "stats on a read-only database never published: says it once" "$(wc -l <"$d/fresh.err")" 1
    eq "stats on a read-only database never published: the file unchanged, nothing beside it" \
        "$(sha "$d/fresh/db") $(ls "$d/fresh")" "$before db"
    "$BIN" stats --db "$d/fresh/db" --no-suppress --by all --format csv >"$d/fresh.ns" 2>"$d/fresh.ns.err"
    check "--no-suppress on it still shows everything, without the message" \
        sh -c "awk -F, 'NR == 2 && \$4 > 0 {f = 1} END {exit !f}' '$d/fresh.ns' && test ! -s '$d/fresh.ns.err'"
    chmod 644 "$d/fresh/db"

    cp "$W/ref/db" "$d/rodir/db"
    chmod 555 "$d/rodir"
    before=$(sha "$d/rodir/db")
    asuser "$BIN" stats --db "$d/rodir/db" >"$d/stats2.out" 2>"$d/stats2.err"
    rc=$?
    eq "stats on a database in a read-only folder: exit 0" "$rc" 0
    [ "$rc" = 0 ] || echo "       $(head -c 300 "$d/stats2.err")"
    eq "stats in a read-only folder: the figures published before" \
        "$(cmp "$d/stats2.out" "$d/stats.rw" && echo same)" same
    eq "stats in a read-only folder: the file unchanged" "$(sha "$d/rodir/db")" "$before"
    check "stats in a read-only folder: no -wal created" test ! -e "$d/rodir/db-wal"
    chmod 755 "$d/rodir"
else
    skip "read-only database" "root cannot drop CAP_DAC_OVERRIDE here (setpriv)"
fi
d="$W/c6f"
mkdir -p "$d"
sqlite3 "$d/foreign.db" 'CREATE TABLE t(x)'
sqlite3 "$d/minus5.db" 'PRAGMA user_version = -5'
for f in foreign minus5; do
    db="$d/$f.db"
    before=$(sha "$db")
    "$BIN" stats --db "$db" >/dev/null 2>"$d/$f.stats.err"
    eq "stats on $f.db: exit 1" $? 1
    check "stats on $f.db: 「shindan のデータベースではありません」" grep -q "shindan のデータベースではありません" "$d/$f.stats.err"
    "$BIN" import --db "$db" "$IN" >/dev/null 2>"$d/$f.import.err"
    eq "import into $f.db: exit 1" $? 1
    check "import into $f.db: 「shindan のデータベースではありません」" grep -q "shindan のデータベースではありません" "$d/$f.import.err"
    "$BIN" run -q --db "$db" --input "$IN" --out "$d/out" 2>"$d/$f.run.err"
    eq "run on $f.db: exit 1" $? 1
    eq "$f.db byte-identical afterwards, nothing beside it" "$(sha "$db") $(ls "$d" | grep -c "^$f\.db")" "$before 1"
    eq "run on $f.db: no output written but 処理結果.txt" "$(find "$d/out" -type f ! -name 処理結果.txt 2>/dev/null | wc -l)" 0
    check "run on $f.db: 処理結果.txt says it failed and why" sh -c \
        "grep -q '^結果: 失敗しました' '$d/out/処理結果.txt' && grep -q 'shindan のデータベースではありません' '$d/out/処理結果.txt'"
    rm -rf "$d/out"
done
d="$W/c6b"
mkdir -p "$d"
"$BIN" backup -q --db "$W/ref/db" --to "$d/copy.db" 2>"$d/err"
eq "backup: exit 0" $? 0
eq "backup: the copy's dump equals the original's" "$(sqlite3 "$d/copy.db" .dump | sha256sum)" \
    "$(sqlite3 "$W/ref/db" .dump | sha256sum)"
eq "backup: the copy is private (0600)" "$(stat -c %a "$d/copy.db")" 600
eq "backup: only the copy is left (no COPY.tmp, no -wal)" "$(ls -A "$d" | grep -v '^err$')" "copy.db"
"$BIN" backup -q --db "$W/ref/db" --to "$d/missing/folder/copy.db" 2>"$d/err2"
eq "backup into a missing folder: exit 1" $? 1
check "backup into a missing folder: a message naming it" grep -q "missing/folder/copy.db" "$d/err2"
check "backup into a missing folder: nothing made" test ! -e "$d/missing"

# ==== 7. input sanity
"$BIN" run --out "" --input "$IN" --db "$W/c7.db" >/dev/null 2>&1
eq "--out \"\": exit 2" $? 2
"$BIN" run --input "" --out "$W/c7out" --db "$W/c7.db" >/dev/null 2>&1
eq "--input \"\": exit 2" $? 2
"$BIN" stats --db "" >/dev/null 2>&1
eq "--db \"\": exit 2" $? 2
check "nothing made by the empty options" test ! -e "$W/c7.db" -a ! -e "$W/c7out"
d="$W/c7"
mkdir -p "$d"
$PY - "$IN" "$d/case.csv" <<'EOF'
import os, sys
src, dst = sys.argv[1:3]
name = [n for n in os.listdir(src) if "フォーム" in n][0]
lines = open(os.path.join(src, name), encoding="utf-8-sig").read().splitlines()
head, row = lines[0], lines[1].split(",")
cols = head.split(",")
day = cols.index("回答日")
def make(no, date):
    r = list(row)
    r[0], r[day] = no, date
    return ",".join(r)
out = [head, make("M09001", "2026/10/12"), make("m09001", "2026/10/14"), make("M09002", "2062/10/15")]
open(dst, "w", encoding="utf-8", newline="").write("\r\n".join(out) + "\r\n")
EOF
SHINDAN_TODAY=2026-11-30 "$BIN" import --db "$d/db" "$d/case.csv" >/dev/null 2>"$d/err"
rc=$?
check "M09001 and m09001, a future 回答日: the import ends normally (exit $rc)" test "$rc" -eq 0 -o "$rc" -eq 3
eq "M09001 and m09001 are one company" "$(q "$d/db" "SELECT count(*) FROM company WHERE upper(member_no) = 'M09001'")" 1
eq "M09001 and m09001: one response" \
    "$(q "$d/db" "SELECT count(*) FROM response r JOIN company c ON c.id = r.company_id WHERE upper(c.member_no) = 'M09001'")" 1
check "a 回答日 of 2062-10-15 is rejected naming 未来" grep -q "4 行目.*回答日.*未来" "$d/err"
eq "the future row is a stored reject, not a response" \
    "$(q "$d/db" "SELECT count(*) FROM reject WHERE reason LIKE '%未来%'")|$(q "$d/db" "SELECT count(*) FROM company WHERE member_no = 'M09002'")" "1|0"
nl="$d/2026-10_a
b.csv"
cp "$IN"/*フォーム*.csv "$nl"
"$BIN" import --db "$d/nl.db" "$nl" >/dev/null 2>"$d/nl.err"
rc=$?
check "a file name with a line break: refused (exit $rc)" test "$rc" -ne 0 -a "$rc" -lt 128
check "a file name with a line break: no raw line break in the messages" sh -c "! grep -q '^b\.csv' '$d/nl.err'"
check "a file name with a line break: the name printed escaped on one line" grep -q "2026-10_a.\{1,10\}b\.csv" "$d/nl.err"
eq "a file name with a line break: nothing stored" "$(q "$d/nl.db" "SELECT count(*) FROM response" 2>/dev/null || echo 0)" 0

# ==== 8. a file replaced while it is read
# Whatever the timing, the recorded hash and the stored rows are those of
# one and the same file: never one file's hash with the other's rows.
d="$W/c8"
mkdir -p "$d"
$PY - "$IN" "$d" <<'EOF'
import os, sys
src, dst = sys.argv[1:3]
name = [n for n in os.listdir(src) if "フォーム" in n][0]
lines = open(os.path.join(src, name), encoding="utf-8-sig").read().splitlines()
head, row = lines[0], lines[1].split(",")
def write(path, n, prefix, pad):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(head + "\r\n")
        for i in range(n):
            r = list(row)
            r[0] = "%s%06d" % (prefix, i)
            r[1] = "株式会社" + "あ" * pad
            f.write(",".join(r) + "\r\n")
write(os.path.join(dst, "A.csv"), 28000, "A", 150)   # about 30 MB
write(os.path.join(dst, "B.csv"), 150, "B", 10)   # under 128 KB: cat writes it at once
EOF
shaA=$(sha "$d/A.csv") shaB=$(sha "$d/B.csv") shaE=$(sha /dev/null)
rowsA=28000 rowsB=150
consistent() {
    local db="$1" got
    got=$(q "$db" "SELECT b.sha256, b.rows_ok, (SELECT count(*) FROM response r WHERE r.batch_id = b.id) FROM batch b")
    case "$got" in
    "") echo "nothing stored" ;;
    "$shaA|$rowsA|$rowsA") echo "A" ;;
    "$shaB|$rowsB|$rowsB") echo "B" ;;
    "$shaE|0|0") echo "empty" ;;
    *) echo "MIXED: $got" ;;
    esac
}
race() {
    local how="$1" delay="$2" i="$3" db="$d/r$i.db" pid rc
    cp "$d/A.csv" "$d/in.csv"
    cp "$d/B.csv" "$d/B.next"
    "$BIN" import -q --db "$db" "$d/in.csv" 2>"$d/r$i.err" &
    pid=$!
    sleep "$delay"
    case "$how" in
    mv) mv -f "$d/B.next" "$d/in.csv" ;;
    overwrite) cat "$d/B.next" >"$d/in.csv" ;;
    esac
    wait "$pid"
    rc=$?
    local got
    got=$(consistent "$db")
    echo "$how after ${delay}s: exit $rc, stored $got" >>"$d/outcomes"
    case "$got" in
    A | B) ok "replaced by $how after ${delay}s: hash and rows both of file $got (exit $rc)" ;;
    empty)
        # cat truncates, then writes: read in between, the file was empty
        if [ "$how" = overwrite ]; then
            ok "overwritten after ${delay}s: read while empty, nothing stored (exit $rc)"
        else
            no "replaced by $how after ${delay}s: an empty file stored" "exit $rc"
        fi
        ;;
    "nothing stored")
        if [ "$rc" = 1 ] && grep -q "変わりました" "$d/r$i.err"; then
            ok "replaced by $how after ${delay}s: refused, the file changed while read"
        else
            no "replaced by $how after ${delay}s: one file's content stored or a reason given" \
                "exit $rc :: $(head -c 300 "$d/r$i.err")"
        fi
        ;;
    *) no "replaced by $how after ${delay}s: hash and rows of one file" "$got" ;;
    esac
}
i=0
for delay in 0 0.01 0.02 0.035 0.05; do
    i=$((i + 1))
    race mv "$delay" "$i"
done
for delay in 0.005 0.02 0.04; do
    i=$((i + 1))
    race overwrite "$delay" "$i"
done
echo "       outcomes: $(grep -c 'stored A' "$d/outcomes") A, $(grep -c 'stored B' "$d/outcomes") B," \
    "$(grep -c 'nothing' "$d/outcomes") refused, $(grep -c 'stored empty' "$d/outcomes") empty"

echo
echo "faults-io: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
