/* main.c - the shindan command line: subcommands, options, exit codes.
 * The only file that decides the process's exit status. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/templates.h"
#include "core/text.h"
#include "core/util.h"
#include "ingest/values.h"
#include "render/reports.h"
#include "stats/aggregate.h"
#include "store/db.h"
#include "store/load.h"

enum {
    SD_EXIT_OK = 0,       /* done; rejected rows (if any) are listed */
    SD_EXIT_FAIL = 1,     /* a file, the database or an output failed */
    SD_EXIT_USAGE = 2,    /* wrong command line */
    SD_EXIT_REJECTS = 3,  /* check found problems, or --strict refused a file */
};

#define SD_DEFAULT_DB "shindan.db"

typedef struct {
    const char *db_path;
    const char *templates;
    const char *period;
    const char *out_dir;
    const char *input_dir;
    const char *font;
    const char *by;
    const char *format;
    const char *sheet;
    const char *member;
    sd_encoding encoding;
    bool strict;
    bool details;
    bool no_suppress;
    bool quiet;
    int jobs;
} sd_opts;

static const char *sd_prog = "shindan";

/* --timings FILE: one "phase<TAB>seconds<TAB>items" line per phase, for the
 * benchmark (tests/bench/run.sh). */
static FILE *sd_timings;

static double sd_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sd_timing(const char *phase, double since, size_t items)
{
    if (sd_timings)
        fprintf(sd_timings, "%s\t%.4f\t%zu\n", phase, sd_now() - since, items);
}

static void sd_usage(FILE *out)
{
    fputs("使い方: shindan <コマンド> [オプション] [ファイル|フォルダ...]\n"
          "\n"
          "情報セキュリティ自社診断（25問）の回答を取り込み、集計し、報告書を作ります。\n"
          "\n"
          "コマンド:\n"
          "  run     --input DIR --out DIR   新しいファイルを取り込み、PDF と Excel を作る（月次処理）\n"
          "  import  FILE|DIR...             回答ファイル（xlsx, CSV）をデータベースに取り込む\n"
          "  check   FILE...                 取り込まずに検査だけする（何も書きません）\n"
          "  report  --out DIR               会員別 PDF と集計 PDF を作る\n"
          "  excel   --out DIR               分析用の Excel ブックを作る\n"
          "  stats   --by 区分               集計値を表示する（industry region municipality size band period）\n"
          "\n"
          "オプション:\n"
          "  --db FILE            データベース（既定: " SD_DEFAULT_DB "）\n"
          "  --period YYYY-MM     診断月（取り込み: 全行をこの月とする / 出力: この月を出す）\n"
          "  --encoding ENC       CSV の文字コード auto（既定）, utf-8, cp932\n"
          "  --sheet NAME         xlsx で読むシート（既定: 読める最初のシート）\n"
          "  --strict             1 行でも取り込めない行があればそのファイルを取り込まない\n"
          "  --templates DIR      テンプレートのフォルダ（既定: ./templates）\n"
          "  --font FILE          日本語フォント（既定: fonts/ か IPAexゴシック）\n"
          "  -j, --jobs N         PDF を N 並列で作る（既定: CPU 数）\n"
          "  --member NO          report でこの会員の PDF だけを作り直す\n"
          "  --no-details         Excel に回答明細シートを入れない（外部に渡すとき）\n"
          "  --format table|csv   stats の出力形式（csv は UTF-8、見出し行つき）\n"
          "  --no-suppress        stats で少数の区分も表示する（内部確認用）\n"
          "  -q, --quiet          進み具合を表示しない\n"
          "  --timings FILE       処理段階ごとの所要時間を FILE に追記する（性能測定用）\n"
          "  -h, --help           この説明を表示する\n"
          "  --version            版を表示する\n"
          "\n"
          "終了コード: 0 成功（取り込めない行は一覧に出します）, 1 失敗, 2 使い方の誤り,\n"
          "            3 check で問題あり、または --strict でファイルを取り込まなかった\n",
          out);
}

static int sd_misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sd_misuse(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", sd_prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n詳しくは `%s --help` を見てください。\n", sd_prog);
    return SD_EXIT_USAGE;
}

/* ---- input files ---- */

static bool sd_input_name(const char *name)
{
    if (name[0] == '.' || sd_starts_with(name, "~$"))
        return false;
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".xlsx") == 0 ||
                   strcasecmp(dot, ".xlsm") == 0 || strcasecmp(dot, ".xls") == 0 ||
                   strcasecmp(dot, ".txt") == 0);
}

static int sd_str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Expands directories into their spreadsheet files, sorted by name. */
static char **sd_collect_inputs(char **args, int nargs, size_t *n)
{
    size_t cap = 16, count = 0;
    char **v = sd_xcalloc(cap, sizeof *v);
    for (int i = 0; i < nargs; i++) {
        size_t first = count;
        if (sd_is_dir(args[i])) {
            DIR *d = opendir(args[i]);
            struct dirent *e;
            while (d && (e = readdir(d))) {
                if (!sd_input_name(e->d_name))
                    continue;
                if (count + 2 > cap)
                    v = sd_xrealloc(v, (cap *= 2) * sizeof *v);
                v[count++] = sd_xasprintf("%s/%s", args[i], e->d_name);
            }
            if (d)
                closedir(d);
            qsort(v + first, count - first, sizeof *v, sd_str_cmp);
        } else {
            if (count + 2 > cap)
                v = sd_xrealloc(v, (cap *= 2) * sizeof *v);
            v[count++] = sd_xstrdup(args[i]);
        }
        v[count] = NULL;
    }
    *n = count;
    return v;
}

static void sd_print_rejects(const char *path, const sd_rejects *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const sd_reject *x = &r->items[i];
        if (x->row)
            fprintf(stderr, "  %s: %zu 行目 「%s」列: %s（値: %s）\n", path, x->row, x->column, x->reason,
                    *x->value ? x->value : "空");
        else
            fprintf(stderr, "  %s: %s\n", path, x->reason);
    }
}

typedef struct {
    size_t files_failed, files_refused, rows_rejected;
} sd_import_totals;

/* Imports (or checks, when db is NULL) every file; prints one line per file. */
static void sd_import_all(sqlite3 *db, const sd_templates *t, char **files, size_t nfiles, const sd_opts *o,
                          sd_import_totals *tot)
{
    sd_import_opts iopts = {.forced_period = o->period, .encoding = o->encoding, .sheet = o->sheet,
                            .strict = o->strict, .dry_run = db == NULL};
    for (size_t i = 0; i < nfiles; i++) {
        sd_import_result res;
        char err[1024] = "";
        if (sd_text_control(files[i]) || !sd_text_valid(files[i])) {
            char *shown = sd_text_visible(files[i]);
            fprintf(stderr, "%s: ファイル名に制御文字か読めない文字が含まれています。名前を変えてください\n", shown);
            free(shown);
            tot->files_refused++;
            continue;
        }
        sd_error rc = sd_import_file(db, t, files[i], &iopts, &res, err, sizeof err);
        if (rc == SD_ERR_REJECTED) {
            fprintf(stderr, "%s: %s\n", files[i], err);
            sd_print_rejects(files[i], &res.rejects);
            tot->files_refused++;
            tot->rows_rejected += res.rows_rejected;
        } else if (rc) {
            fprintf(stderr, "%s: %s: %s\n", files[i], sd_strerror(rc), err);
            tot->files_failed++;
        } else if (res.status == SD_IMPORT_DUPLICATE) {
            if (!o->quiet)
                fprintf(stderr, "%s: 同じ内容のファイルを取り込み済みです（何もしません）\n", files[i]);
        } else {
            if (!o->quiet || res.rows_rejected) {
                char replaced[96] = "";
                if (res.rows_replaced)
                    snprintf(replaced, sizeof replaced, "（うち再提出による置き換え %zu）", res.rows_replaced);
                char format[200];
                if (res.sheet[0])
                    snprintf(format, sizeof format, "%s シート「%s」%s", res.format, res.sheet,
                             res.is_form ? "（様式）" : "");
                else
                    snprintf(format, sizeof format, "%s", res.format);
                fprintf(stderr, "%s: %s、%s %zu 行%s、取り込めない行 %zu%s\n", files[i], format,
                        db ? "取り込み" : "取り込み可能", res.rows_ok, replaced, res.rows_rejected,
                        res.rows_rejected ? "（以下の通り）" : "");
            }
            sd_print_rejects(files[i], &res.rejects);
            tot->rows_rejected += res.rows_rejected;
        }
        sd_import_result_free(&res);
    }
}

/* ---- outputs ---- */

static int sd_open_db(const sd_opts *o, bool create, sqlite3 **db)
{
    char err[512];
    if (!create && !sd_file_exists(o->db_path)) {
        fprintf(stderr, "%s: データベース %s がありません。先に import か run で取り込んでください\n", sd_prog,
                o->db_path);
        return SD_EXIT_FAIL;
    }
    const char *slash = strrchr(o->db_path, '/');
    if (create && slash && slash != o->db_path) {
        char *parent = sd_xstrndup(o->db_path, (size_t)(slash - o->db_path));
        int made = sd_mkdirs(parent, 0700);
        free(parent);
        if (made != 0) {
            fprintf(stderr, "%s: データベースのフォルダを作れません（%s）: %s\n", sd_prog, o->db_path,
                    strerror(errno));
            return SD_EXIT_FAIL;
        }
    }
    sd_error rc = sd_db_open(o->db_path, create, db, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s: %s\n", sd_prog, sd_strerror(rc), err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

/* One writer at a time: a batch that imports or writes outputs holds an
 * flock on the database file until it exits, and a second one refuses at
 * once rather than interleave its files and outputs with the first's.
 * (flock does not touch the POSIX locks SQLite uses; the descriptor stays
 * open until after the database is closed, so those locks are never
 * dropped early.) Readers such as stats need no lock: WAL lets them read. */
static int sd_lock_db(const sd_opts *o, int *fd_out)
{
    int fd = open(o->db_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "%s: データベース %s を開けません: %s\n", sd_prog, o->db_path, strerror(errno));
        return SD_EXIT_FAIL;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            fprintf(stderr,
                    "%s: データベース %s は別の shindan が取り込みか出力の途中で使っています。"
                    "終わってからもう一度実行してください\n",
                    sd_prog, o->db_path);
        else
            fprintf(stderr, "%s: データベース %s を確保できません: %s\n", sd_prog, o->db_path, strerror(errno));
        close(fd);
        return SD_EXIT_FAIL;
    }
    *fd_out = fd;
    return SD_EXIT_OK;
}

static int sd_load_templates(const sd_opts *o, sd_templates **t)
{
    char err[512];
    const char *dir = sd_templates_find(o->templates);
    sd_error rc = sd_templates_load(dir, t, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s: %s\n", sd_prog, sd_strerror(rc), err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

/* Outputs are written as NAME.tmp and renamed when complete. A batch that
 * was killed can leave such a file; the next one (which holds the
 * database's lock, so no other batch is writing) removes it. */
static void sd_remove_tmp_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

static char *sd_period_dir(const sd_opts *o, const char *period)
{
    char *dir = sd_xasprintf("%s/%s", o->out_dir, period);
    if (sd_mkdirs(dir, 0755) != 0) {
        fprintf(stderr, "%s: フォルダ %s を作れません: %s\n", sd_prog, dir, strerror(errno));
        free(dir);
        return NULL;
    }
    sd_remove_tmp_files(dir);
    return dir;
}

/* Progress on stderr: a redrawn bar on a terminal, a line per 10 % otherwise. */
typedef struct {
    size_t total;
    atomic_size_t done;
    int last_decile;
    bool tty, quiet;
    struct timespec start;
    pthread_mutex_t lock;
} sd_progress;

static void sd_progress_step(sd_progress *p)
{
    size_t done = atomic_fetch_add(&p->done, 1) + 1;
    if (p->quiet)
        return;
    pthread_mutex_lock(&p->lock);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
    double left = done ? el / (double)done * (double)(p->total - done) : 0;
    if (p->tty) {
        int width = 30, fill = (int)((double)width * (double)done / (double)p->total);
        fprintf(stderr, "\r会員別 PDF [");
        for (int i = 0; i < width; i++)
            fputs(i < fill ? "#" : "-", stderr);
        fprintf(stderr, "] %zu/%zu 残り約 %.0f 秒 ", done, p->total, left);
        if (done == p->total)
            fputc('\n', stderr);
    } else {
        int decile = (int)(10 * done / p->total);
        if (decile > p->last_decile) {
            p->last_decile = decile;
            fprintf(stderr, "会員別 PDF: %zu/%zu（%d%%）残り約 %.0f 秒\n", done, p->total, decile * 10, left);
        }
    }
    pthread_mutex_unlock(&p->lock);
}

typedef struct {
    const sd_opts *o;
    const sd_period_ctx *ctx;
    const sd_font *font;
    char **members;
    size_t nmembers;
    atomic_size_t next;
    atomic_int failures;
    const char *dir;
    sd_progress *progress;
} sd_report_job;

static void *sd_report_worker(void *arg)
{
    sd_report_job *job = arg;
    sqlite3 *db = NULL;
    char err[1024];
    /* each worker reads through its own connection */
    if (sd_db_open(job->o->db_path, false, &db, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        atomic_fetch_add(&job->failures, 1);
        return NULL;
    }
    for (;;) {
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->nmembers)
            break;
        sd_company_answer c;
        char *path = sd_xasprintf("%s/%s.pdf", job->dir, job->members[i]);
        sd_error rc = sd_company_answer_load(db, job->ctx->t, job->ctx->period, job->members[i], &c, err, sizeof err);
        if (!rc)
            rc = sd_company_report_write(job->ctx, job->font, &c, path, err, sizeof err);
        if (rc) {
            fprintf(stderr, "%s: %s: %s\n", path, sd_strerror(rc), err);
            atomic_fetch_add(&job->failures, 1);
        }
        sd_company_answer_clear(&c);
        free(path);
        sd_progress_step(job->progress);
    }
    sd_db_close(db);
    return NULL;
}

static int sd_jobs(const sd_opts *o)
{
    if (o->jobs > 0)
        return o->jobs;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

static int sd_write_reports(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period)
{
    char err[1024];
    sd_period_ctx ctx;
    sd_font *font = NULL;
    char **members = NULL;
    size_t nmembers = 0;
    int status = SD_EXIT_OK;
    double t0 = sd_now();
    sd_error rc = sd_period_ctx_load(db, t, period, &ctx, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    sd_timing("aggregate", t0, 1);
    char *dir = sd_period_dir(o, period);
    char *cdir = dir ? sd_xasprintf("%s/companies", dir) : NULL;
    if (!dir || sd_mkdirs(cdir, 0700) != 0) {
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    sd_remove_tmp_files(cdir);
    if ((rc = sd_font_open(o->font, "fonts", &font, err, sizeof err)) ||
        (rc = sd_period_members(db, period, o->member, &members, &nmembers, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    sd_progress prog = {.total = nmembers, .tty = isatty(2), .quiet = o->quiet,
                        .lock = PTHREAD_MUTEX_INITIALIZER};
    clock_gettime(CLOCK_MONOTONIC, &prog.start);
    sd_report_job job = {.o = o, .ctx = &ctx, .font = font, .members = members, .nmembers = nmembers,
                         .dir = cdir, .progress = &prog};
    int nthreads = sd_jobs(o);
    if ((size_t)nthreads > nmembers)
        nthreads = nmembers ? (int)nmembers : 1;
    pthread_t th[64];
    double t1 = sd_now();
    for (int i = 0; i < nthreads; i++)
        pthread_create(&th[i], NULL, sd_report_worker, &job);
    for (int i = 0; i < nthreads; i++)
        pthread_join(th[i], NULL);
    sd_timing("company_pdfs", t1, nmembers);
    if (atomic_load(&job.failures))
        status = SD_EXIT_FAIL;

    char *spath = sd_xasprintf("%s/summary.pdf", dir);
    double t2 = sd_now();
    if ((rc = sd_summary_report_write(&ctx, font, spath, err, sizeof err))) {
        fprintf(stderr, "%s: %s: %s\n", spath, sd_strerror(rc), err);
        status = SD_EXIT_FAIL;
    }
    sd_timing("summary_pdf", t2, 1);
    if (!o->quiet)
        fprintf(stderr, "%s: 会員別 PDF %zu 件（%d 並列）と summary.pdf を作りました\n", dir,
                nmembers - (size_t)atomic_load(&job.failures), nthreads);
    free(spath);
cleanup:
    sd_strv_free(members);
    sd_font_free(font);
    free(cdir);
    free(dir);
    sd_period_ctx_free(&ctx);
    return status;
}

static int sd_write_excel(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period)
{
    char err[1024];
    sd_period_ctx ctx;
    double t0 = sd_now();
    sd_error rc = sd_period_ctx_load(db, t, period, &ctx, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    int status = SD_EXIT_OK;
    char *dir = sd_period_dir(o, period);
    char *path = dir ? sd_xasprintf("%s/summary.xlsx", dir) : NULL;
    if (!dir)
        status = SD_EXIT_FAIL;
    else if ((rc = sd_workbook_write(&ctx, o->details, path, err, sizeof err))) {
        fprintf(stderr, "%s: %s: %s\n", path, sd_strerror(rc), err);
        status = SD_EXIT_FAIL;
    } else if (!o->quiet) {
        fprintf(stderr, "%s を作りました\n", path);
    }
    sd_timing("workbook", t0, 1);
    free(path);
    free(dir);
    sd_period_ctx_free(&ctx);
    return status;
}

/* A quoted CSV value; a leading = + - @ gets a ' so a spreadsheet never
 * runs member text as a formula. */
static void sd_csv_out(FILE *fp, const char *s)
{
    fputc('"', fp);
    if (s[0] && strchr("=+-@", s[0]))
        fputc('\'', fp);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

/* A field of rejects.csv, then its separator. */
static void sd_csv_field(FILE *fp, const char *s, bool last)
{
    sd_csv_out(fp, s);
    fputs(last ? "\r\n" : ",", fp);
}

static int sd_write_rejects_csv(sqlite3 *db, const sd_opts *o, const char *period)
{
    char err[512];
    char *dir = sd_period_dir(o, period);
    if (!dir)
        return SD_EXIT_FAIL;
    char *path = sd_xasprintf("%s/rejects.csv", dir), *tmp = sd_xasprintf("%s.tmp", path);
    /* rejected rows hold members' own text: readable by this user only */
    int fd = sd_create_file(tmp, 0600);
    FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
    sqlite3_stmt *st = NULL;
    int status = SD_EXIT_OK;
    if (!fp || sd_db_prepare(db,
                             "SELECT b.source, r.row, r.column_name, r.value, r.reason FROM reject r"
                             " JOIN batch b ON b.id = r.batch_id WHERE r.period = ?1 OR r.period IS NULL"
                             " ORDER BY b.id, r.row, r.id",
                             &st, err, sizeof err)) {
        fprintf(stderr, "%s: 書き込めません\n", path);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    fputs("\xEF\xBB\xBF", fp); /* BOM: Excel then reads UTF-8 */
    fputs("ファイル,行,列,値,理由\r\n", fp);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char row[32];
        snprintf(row, sizeof row, "%d", sqlite3_column_int(st, 1));
        sd_csv_field(fp, (const char *)sqlite3_column_text(st, 0), false);
        sd_csv_field(fp, row, false);
        sd_csv_field(fp, (const char *)sqlite3_column_text(st, 2), false);
        sd_csv_field(fp, (const char *)sqlite3_column_text(st, 3), false);
        sd_csv_field(fp, (const char *)sqlite3_column_text(st, 4), true);
    }
    if (fclose(fp) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "%s: 書き込めません\n", path);
        status = SD_EXIT_FAIL;
    }
    fp = NULL;
cleanup:
    if (fp)
        fclose(fp);
    sqlite3_finalize(st);
    free(tmp);
    free(path);
    free(dir);
    return status;
}

static int sd_resolve_period(sqlite3 *db, const sd_opts *o, char out[8])
{
    char err[256];
    if (o->period) {
        memcpy(out, o->period, 8);
        return SD_EXIT_OK;
    }
    if (sd_db_latest_period(db, out, err, sizeof err)) {
        fprintf(stderr, "%s: データベースに回答がありません\n", sd_prog);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

/* ---- stats ---- */

/* A CSV number with four decimals; empty for a suppressed group. */
static void sd_print_num(double v, bool suppressed)
{
    putchar(',');
    if (!suppressed)
        printf("%.4f", v);
}

static int sd_cmd_stats(sqlite3 *db, const sd_templates *t, const sd_opts *o)
{
    char period[8], err[512];
    int st = sd_resolve_period(db, o, period);
    if (st)
        return st;
    bool csv = strcmp(o->format, "csv") == 0;
    bool publish = !o->no_suppress;
    if (strcmp(o->by, "question") == 0) {
        sd_question_stats q[SD_MAX_QUESTIONS];
        if (sd_stats_questions(db, t, period, 0, publish, q, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", sd_prog, err);
            return SD_EXIT_FAIL;
        }
        if (csv)
            fputs("period,question,label,n,done,partial,none,unknown,rate\n", stdout);
        else
            printf("%s  設問別（実施率 = 実施 + 一部実施）\n", period);
        for (int i = 0; i < t->nquestions; i++) {
            if (csv) {
                printf("%s,%d,\"%s\",%d", period, i + 1, t->questions[i].label, q[i].n);
                for (int c = 0; c < SD_NCHOICES; c++)
                    printf(",%.4f", q[i].share[c]);
                printf(",%.4f\n", q[i].rate);
            } else {
                printf("Q%-3d %5d  実施率 %5.1f%%  %s\n", i + 1, q[i].n, q[i].rate * 100, t->questions[i].label);
            }
        }
        return SD_EXIT_OK;
    }
    if (strcmp(o->by, "question-industry") == 0) {
        /* per industry and question; an industry suppressed in the
         * industry table is suppressed here too */
        sd_stats_table ind;
        if (sd_stats_groups(db, t, period, SD_BY_INDUSTRY, publish, &ind, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", sd_prog, err);
            return SD_EXIT_FAIL;
        }
        if (csv)
            fputs("period,industry,question,label,n,suppressed,done,partial,none,unknown,rate\n", stdout);
        for (size_t k = 0; k < ind.n; k++) {
            const sd_group_stats *g = &ind.groups[k];
            sd_question_stats q[SD_MAX_QUESTIONS];
            if (sd_stats_questions(db, t, period, g->key[0], false, q, err, sizeof err)) {
                fprintf(stderr, "%s: %s\n", sd_prog, err);
                sd_stats_table_free(&ind);
                return SD_EXIT_FAIL;
            }
            for (int i = 0; i < t->nquestions; i++) {
                if (!csv) {
                    if (g->suppressed)
                        printf("%s Q%-3d 非表示（%d社未満）\n", g->key, i + 1, t->min_group);
                    else
                        printf("%s Q%-3d %5d  実施率 %5.1f%%  %s\n", g->key, i + 1, q[i].n, q[i].rate * 100,
                               t->questions[i].label);
                    continue;
                }
                printf("%s,%s,%d,", period, g->key, i + 1);
                sd_csv_out(stdout, t->questions[i].label);
                if (g->suppressed) {
                    printf(",,1,,,,,\n");
                    continue;
                }
                printf(",%d,0", q[i].n);
                for (int c = 0; c < SD_NCHOICES; c++)
                    printf(",%.4f", q[i].share[c]);
                printf(",%.4f\n", q[i].rate);
            }
        }
        sd_stats_table_free(&ind);
        return SD_EXIT_OK;
    }
    if (strcmp(o->by, "company") == 0) {
        /* one row per member: never published, so only on request */
        if (publish) {
            fprintf(stderr, "%s: --by company は会員 1 社ずつの値です。内部確認用に --no-suppress を付けてください\n",
                    sd_prog);
            return SD_EXIT_USAGE;
        }
        sd_company_stats *cs = NULL;
        size_t nc = 0;
        if (sd_stats_companies(db, period, &cs, &nc, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", sd_prog, err);
            return SD_EXIT_FAIL;
        }
        if (csv)
            fputs("period,member_no,name,industry,prefecture,total,pct_industry,pct_all,prev_period,prev_total,"
                  "change\n",
                  stdout);
        else
            printf("%-10s %6s %8s %8s %8s  %s\n", "会員番号", "総合点", "業種内%", "全体%", "前回比", "事業所名");
        for (size_t i = 0; i < nc; i++) {
            const sd_company_stats *c = &cs[i];
            if (csv) {
                printf("%s,%s,", period, c->member_no);
                sd_csv_out(stdout, c->name);
                printf(",%c,%02d,%d,%.4f,%.4f,", c->industry, c->prefecture, c->total, c->pct_industry, c->pct_all);
                if (c->has_prev)
                    printf("%s,%d,%d\n", c->prev_period, c->prev_total, c->total - c->prev_total);
                else
                    printf(",,\n");
            } else {
                char change[16] = "-";
                if (c->has_prev)
                    snprintf(change, sizeof change, "%+d", c->total - c->prev_total);
                printf("%-10s %6d %8.1f %8.1f %8s  %s\n", c->member_no, c->total, c->pct_industry, c->pct_all,
                       change, c->name);
            }
        }
        free(cs);
        return SD_EXIT_OK;
    }
    sd_grouping by;
    if (!sd_grouping_parse(o->by, &by))
        return sd_misuse("--by の値 %s が分かりません（industry region municipality size band period "
                         "industry-prefecture question question-industry company）",
                         o->by);
    sd_stats_table tab;
    if (sd_stats_groups(db, t, period, by, publish && by != SD_BY_BAND, &tab, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    if (csv) {
        printf("period,key,label,n,suppressed,mean,median,q1,q3,min,max,sd");
        for (int p = 0; p < t->nparts; p++)
            printf(",part%d_mean,part%d_share", p + 1, p + 1);
        for (int b = 0; b < t->nbands; b++)
            printf(",band%d_share", b + 1);
        printf(",sa0_share,sa1_share,sa2_share,ready_undeclared,ready_undeclared_share\n");
    } else {
        printf("%-8s %-28s %6s %7s %7s %7s %7s\n", "コード", "区分", "回答数", "平均", "中央値", "最小", "最大");
    }
    for (size_t i = 0; i < tab.n; i++) {
        const sd_group_stats *g = &tab.groups[i];
        bool s = g->suppressed;
        if (csv) {
            printf("%s,", by == SD_BY_PERIOD ? g->key : period);
            sd_csv_out(stdout, g->key);
            putchar(',');
            sd_csv_out(stdout, g->label);
            putchar(',');
            if (!s)
                printf("%d", g->n);
            printf(",%d", s ? 1 : 0);
            double v[] = {g->mean, g->median, g->q1, g->q3, g->min, g->max, g->sd};
            for (int k = 0; k < 7; k++)
                sd_print_num(v[k], s);
            for (int p = 0; p < t->nparts; p++) {
                sd_print_num(g->part_mean[p], s);
                sd_print_num(g->part_share[p], s);
            }
            for (int b = 0; b < t->nbands; b++)
                sd_print_num(g->band_share[b], s);
            for (int k = 0; k < 3; k++)
                sd_print_num(g->sa_share[k], s);
            if (s)
                printf(",");
            else
                printf(",%d", g->ready_undeclared);
            sd_print_num(g->ready_undeclared_share, s);
            putchar('\n');
        } else {
            printf("%-8s %-28s ", g->key, g->label);
            if (s) {
                printf("  非表示（%d社未満）\n", t->min_group);
                continue;
            }
            printf("%6d %7.1f %7.1f %7d %7d\n", g->n, g->mean, g->median, g->min, g->max);
        }
    }
    sd_stats_table_free(&tab);
    return SD_EXIT_OK;
}

/* ---- main ---- */

int main(int argc, char **argv)
{
    sd_opts o = {.db_path = SD_DEFAULT_DB, .by = "industry", .format = "table", .details = true};
    if (argc < 2)
        return sd_misuse("コマンドを指定してください（run, import, check, report, excel, stats）");
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        sd_usage(stdout);
        return SD_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("shindan %s\n", SD_VERSION);
        return SD_EXIT_OK;
    }
    static const char *const cmds[] = {"run", "import", "check", "report", "excel", "stats", NULL};
    bool known = false;
    for (const char *const *c = cmds; *c; c++)
        known |= strcmp(cmd, *c) == 0;
    if (!known)
        return sd_misuse("不明なコマンドです: %s", cmd);

    enum { O_DB = 256, O_PERIOD, O_ENC, O_STRICT, O_TEMPLATES, O_FONT, O_OUT, O_INPUT, O_BY, O_FORMAT,
           O_NODETAILS, O_NOSUPPRESS, O_VERSION, O_SHEET, O_TIMINGS, O_MEMBER };
    static const struct option longopts[] = {
        {"db", required_argument, 0, O_DB},           {"period", required_argument, 0, O_PERIOD},
        {"encoding", required_argument, 0, O_ENC},    {"strict", no_argument, 0, O_STRICT},
        {"templates", required_argument, 0, O_TEMPLATES}, {"font", required_argument, 0, O_FONT},
        {"out", required_argument, 0, O_OUT},         {"input", required_argument, 0, O_INPUT},
        {"by", required_argument, 0, O_BY},           {"format", required_argument, 0, O_FORMAT},
        {"no-details", no_argument, 0, O_NODETAILS},  {"no-suppress", no_argument, 0, O_NOSUPPRESS},
        {"jobs", required_argument, 0, 'j'},          {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},                {"version", no_argument, 0, O_VERSION},
        {"sheet", required_argument, 0, O_SHEET},         {"timings", required_argument, 0, O_TIMINGS},
        {"member", required_argument, 0, O_MEMBER},
        {0, 0, 0, 0}};
    static char period_buf[8];
    optind = 2;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":j:qh", longopts, NULL)) != -1) {
        switch (ch) {
        case O_DB: o.db_path = optarg; break;
        case O_PERIOD:
            if (!sd_parse_period(optarg, period_buf))
                return sd_misuse("--period は 2026-10 のように書いてください: %s", optarg);
            o.period = period_buf;
            break;
        case O_ENC:
            if (strcasecmp(optarg, "auto") == 0) o.encoding = SD_ENC_AUTO;
            else if (strcasecmp(optarg, "utf-8") == 0 || strcasecmp(optarg, "utf8") == 0) o.encoding = SD_ENC_UTF8;
            else if (strcasecmp(optarg, "cp932") == 0 || strcasecmp(optarg, "sjis") == 0 ||
                     strcasecmp(optarg, "shift_jis") == 0) o.encoding = SD_ENC_CP932;
            else return sd_misuse("--encoding は auto, utf-8, cp932 のいずれかです: %s", optarg);
            break;
        case O_STRICT: o.strict = true; break;
        case O_SHEET: o.sheet = optarg; break;
        case O_MEMBER: o.member = optarg; break;
        case O_TIMINGS:
            if (!(sd_timings = fopen(optarg, "a")))
                return sd_misuse("--timings のファイルを開けません: %s", optarg);
            break;
        case O_TEMPLATES: o.templates = optarg; break;
        case O_FONT: o.font = optarg; break;
        case O_OUT: o.out_dir = optarg; break;
        case O_INPUT: o.input_dir = optarg; break;
        case O_BY: o.by = optarg; break;
        case O_FORMAT:
            if (strcmp(optarg, "table") != 0 && strcmp(optarg, "csv") != 0)
                return sd_misuse("--format は table か csv です: %s", optarg);
            o.format = optarg;
            break;
        case O_NODETAILS: o.details = false; break;
        case O_NOSUPPRESS: o.no_suppress = true; break;
        case 'j':
            o.jobs = atoi(optarg);
            if (o.jobs < 1 || o.jobs > 64)
                return sd_misuse("-j は 1〜64 の数です: %s", optarg);
            break;
        case 'q': o.quiet = true; break;
        case 'h': sd_usage(stdout); return SD_EXIT_OK;
        case O_VERSION: printf("shindan %s\n", SD_VERSION); return SD_EXIT_OK;
        case ':': return sd_misuse("オプション %s に値が必要です", argv[optind - 1]);
        default: return sd_misuse("不明なオプションです: %s", argv[optind - 1]);
        }
    }
    char **args = argv + optind;
    int nargs = argc - optind;
    bool is_run = strcmp(cmd, "run") == 0;

    if ((strcmp(cmd, "import") == 0 || strcmp(cmd, "check") == 0) && nargs == 0)
        return sd_misuse("取り込むファイルかフォルダを指定してください");
    if ((is_run || strcmp(cmd, "report") == 0 || strcmp(cmd, "excel") == 0) && !o.out_dir)
        return sd_misuse("--out で出力先のフォルダを指定してください");
    if (is_run && !o.input_dir)
        return sd_misuse("--input で回答ファイルのフォルダを指定してください");
    if (!is_run && strcmp(cmd, "import") != 0 && strcmp(cmd, "check") != 0 && nargs > 0)
        return sd_misuse("余分な引数があります: %s", args[0]);

    sd_templates *t = NULL;
    sqlite3 *db = NULL;
    int lock_fd = -1;
    int status = sd_load_templates(&o, &t);
    if (status)
        return status;

    if (strcmp(cmd, "check") == 0) {
        size_t n;
        char **files = sd_collect_inputs(args, nargs, &n);
        sd_import_totals tot = {0};
        sd_import_all(NULL, t, files, n, &o, &tot);
        sd_strv_free(files);
        status = tot.files_failed ? SD_EXIT_FAIL : tot.rows_rejected ? SD_EXIT_REJECTS : SD_EXIT_OK;
        goto cleanup;
    }

    bool writes = is_run || strcmp(cmd, "import") == 0;
    if ((status = sd_open_db(&o, writes, &db)))
        goto cleanup;
    if ((writes || strcmp(cmd, "report") == 0 || strcmp(cmd, "excel") == 0) &&
        (status = sd_lock_db(&o, &lock_fd)))
        goto cleanup;

    if (writes) {
        char *in[] = {(char *)o.input_dir};
        size_t n;
        char **files = is_run ? sd_collect_inputs(in, 1, &n) : sd_collect_inputs(args, nargs, &n);
        if (is_run && !sd_is_dir(o.input_dir)) {
            fprintf(stderr, "%s: フォルダ %s がありません\n", sd_prog, o.input_dir);
            sd_strv_free(files);
            status = SD_EXIT_FAIL;
            goto cleanup;
        }
        sd_import_totals tot = {0};
        double t0 = sd_now();
        sd_import_all(db, t, files, n, &o, &tot);
        sd_timing("ingest", t0, n);
        sd_strv_free(files);
        if (tot.files_failed)
            status = SD_EXIT_FAIL;
        else if (tot.files_refused)
            status = SD_EXIT_REJECTS;
        if (!o.quiet && tot.rows_rejected)
            fprintf(stderr, "取り込めない行が %zu 行ありました。%s\n", tot.rows_rejected,
                    is_run ? "出力先の rejects.csv にも一覧があります" : "");
        if (is_run) {
            /* write every period whose outputs are behind what is stored
             * (this run's imports, or a run that was stopped), else the
             * latest; a period leaves the pending list once all its
             * outputs are written */
            char **periods = NULL;
            size_t np = 0;
            char err[512];
            if (o.period) {
                periods = sd_xcalloc(2, sizeof *periods);
                periods[np++] = sd_xstrdup(o.period);
            } else if (sd_pending_periods(db, &periods, &np, err, sizeof err)) {
                fprintf(stderr, "%s: %s\n", sd_prog, err);
                status = SD_EXIT_FAIL;
            }
            char latest[8];
            if (!np && status != SD_EXIT_FAIL && sd_resolve_period(db, &o, latest) == SD_EXIT_OK) {
                sd_strv_free(periods);
                periods = sd_xcalloc(2, sizeof *periods);
                periods[np++] = sd_xstrdup(latest);
            }
            if (np == 0 && status == SD_EXIT_OK)
                status = SD_EXIT_FAIL;
            for (size_t i = 0; i < np; i++) {
                int s1 = sd_write_reports(db, t, &o, periods[i]);
                int s2 = sd_write_excel(db, t, &o, periods[i]);
                int s3 = sd_write_rejects_csv(db, &o, periods[i]);
                if (s1 || s2 || s3) {
                    status = SD_EXIT_FAIL;
                } else if (sd_pending_done(db, periods[i], err, sizeof err)) {
                    fprintf(stderr, "%s: %s\n", sd_prog, err);
                    status = SD_EXIT_FAIL;
                }
            }
            sd_strv_free(periods);
        }
        goto cleanup;
    }

    char period[8];
    if ((status = sd_resolve_period(db, &o, period)))
        goto cleanup;
    if (strcmp(cmd, "report") == 0) {
        status = sd_write_reports(db, t, &o, period);
        if (!status)
            status = sd_write_rejects_csv(db, &o, period);
    } else if (strcmp(cmd, "excel") == 0) {
        status = sd_write_excel(db, t, &o, period);
    } else {
        status = sd_cmd_stats(db, t, &o);
    }

cleanup:
    sd_db_close(db);
    if (lock_fd >= 0)
        close(lock_fd);
    sd_templates_free(t);
    if (sd_timings)
        fclose(sd_timings);
    return status;
}
