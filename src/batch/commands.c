/* commands.c - the subcommands: what each opens, in what order, and the
 * exit status it ends with */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"
#include "batch/import.h"
#include "batch/outputs.h"
#include "batch/session.h"
#include "core/output.h"
#include "core/platform.h"
#include "core/templates.h"
#include "core/text.h"
#include "core/util.h"
#include "render/reports.h"
#include "stats/aggregate.h"
#include "stats/publish.h"
#include "store/db.h"
#include "store/load.h"

const char *sd_prog = "shindan";

#define SD_INPUT_EXTENSIONS ".csv .xlsx .xlsm .xls .ods .tsv .txt"

int sd_misuse(const char *fmt, ...)
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
                   strcasecmp(dot, ".xlsm") == 0 || strcasecmp(dot, ".xls") == 0 || strcasecmp(dot, ".ods") == 0 ||
                   strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".tsv") == 0);
}

static int sd_str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Expands folders into their spreadsheet files, sorted by name. Returns
 * an exit status: a missing argument or a folder with no spreadsheet is
 * an error naming it. */
static int sd_collect_inputs(char *const *args, int nargs, char ***out, size_t *n)
{
    size_t cap = 16, count = 0;
    char **v = sd_xcalloc(cap, sizeof *v);
    int status = SD_EXIT_OK;
    for (int i = 0; i < nargs && !status; i++) {
        size_t first = count;
        if (sd_is_dir(args[i])) {
            DIR *d = opendir(args[i]);
            if (!d) {
                fprintf(stderr, "%s: フォルダ %s を読めません: %s\n", sd_prog, args[i], strerror(errno));
                status = SD_EXIT_FAIL;
                break;
            }
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!sd_input_name(e->d_name))
                    continue;
                /* only regular files (a link is followed to what it
                 * names): a FIFO or device would hang or never end */
                if (!sd_dir_entry_is_file(d, args[i], e->d_name)) {
                    char *shown = sd_text_visible(e->d_name);
                    fprintf(stderr, "%s/%s: 通常のファイルではないので読みません\n", args[i], shown);
                    free(shown);
                    continue;
                }
                if (count + 2 > cap)
                    v = sd_xrealloc(v, (cap *= 2) * sizeof *v);
                v[count++] = sd_xasprintf("%s/%s", args[i], e->d_name);
            }
            closedir(d);
            if (count == first) {
                fprintf(stderr, "%s: フォルダ %s に回答ファイル（%s）がありません\n", sd_prog, args[i],
                        SD_INPUT_EXTENSIONS);
                status = SD_EXIT_FAIL;
            }
            qsort(v + first, count - first, sizeof *v, sd_str_cmp);
        } else if (!sd_file_exists(args[i])) {
            struct stat st;
            char *shown = sd_text_visible(args[i]);
            if (stat(args[i], &st) == 0)
                fprintf(stderr, "%s: %s は通常のファイルではありません（パイプやデバイスなど）。読みません\n", sd_prog, shown);
            else
                fprintf(stderr, "%s: %s がありません\n", sd_prog, shown);
            free(shown);
            status = SD_EXIT_FAIL;
        } else {
            if (count + 2 > cap)
                v = sd_xrealloc(v, (cap *= 2) * sizeof *v);
            v[count++] = sd_xstrdup(args[i]);
        }
        v[count] = NULL;
    }
    if (status) {
        sd_strv_free(v);
        return status;
    }
    *out = v;
    *n = count;
    return SD_EXIT_OK;
}

static void sd_print_rejects(const char *path, const sd_rejects *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const sd_reject *x = &r->items[i];
        if (x->row)
            fprintf(stderr, "  %s: %zu 行目 「%s」列: %s%s（値: %s）\n", path, x->row, x->column,
                    x->warning ? "注意（行は取り込み済み）: " : "", x->reason, *x->value ? x->value : "空");
        else
            fprintf(stderr, "  %s: %s\n", path, x->reason);
    }
}

typedef struct {
    size_t files_failed, files_refused, rows_rejected;
    size_t files_empty; /* read to the end, but nothing of them stored */
    size_t warnings;    /* cells left out of rows that were stored */
} sd_import_totals;

/* Imports (or checks, when db is NULL) every file; prints one line per file. */
static void sd_import_all(sqlite3 *db, const sd_templates *t, char **files, size_t nfiles, const sd_opts *o,
                          sd_import_totals *tot)
{
    sd_import_opts iopts = {.forced_period = o->period, .encoding = o->encoding, .sheet = o->sheet,
                            .strict = o->strict};
    for (size_t i = 0; i < nfiles; i++) {
        sd_import_result res;
        char err[1024] = "";
        if (sd_name_has_control(files[i]) || !sd_text_valid(files[i])) {
            char *shown = sd_text_visible(files[i]);
            fprintf(stderr, "%s: ファイル名に制御文字か読めない文字が含まれています。名前を変えてください\n", shown);
            free(shown);
            tot->files_refused++;
            continue;
        }
        sd_error rc = db ? sd_import_file(db, t, files[i], &iopts, &res, err, sizeof err)
                         : sd_check_file(t, files[i], &iopts, &res, err, sizeof err);
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
            if (!o->quiet || res.rows_rejected || res.warnings) {
                char replaced[256] = "";
                if (res.rows_replaced)
                    snprintf(replaced, sizeof replaced, "（うち再提出による置き換え %zu）", res.rows_replaced);
                if (res.rows_summary)
                    snprintf(replaced + strlen(replaced), sizeof replaced - strlen(replaced),
                             "、合計・平均などの行 %zu 行は読み飛ばしました", res.rows_summary);
                if (res.warnings)
                    snprintf(replaced + strlen(replaced), sizeof replaced - strlen(replaced),
                             "、注意 %zu 件", res.warnings);
                char *format = res.sheet[0] ? sd_xasprintf("%s シート「%s」%s", res.format, res.sheet,
                                                           res.is_form ? "（様式）" : "")
                                            : sd_xstrdup(res.format);
                fprintf(stderr, "%s: %s、%s %zu 行%s、取り込めない行 %zu%s\n", files[i], format,
                        db ? "取り込み" : "取り込み可能", res.rows_ok, replaced, res.rows_rejected,
                        res.rows_rejected ? "（以下の通り）" : "");
                free(format);
            }
            bool refused_whole = res.rows_ok == 0 && res.rejects.n > 0 && res.rejects.items[0].row == 0;
            if (refused_whole && res.columns && *res.columns)
                fprintf(stderr, "  見つかった見出しと、それぞれの読み方:\n%s"
                                "  見出しを直すか、templates/columns.ini に別名を加えてください"
                                "（会員ごとの様式なら templates/form.ini）\n",
                        res.columns);
            else if (!db && res.columns && !o->quiet)
                fprintf(stderr, "  列の対応:\n%s", res.columns);
            sd_print_rejects(files[i], &res.rejects);
            tot->rows_rejected += res.rows_rejected;
            tot->warnings += res.warnings;
            if (res.rows_ok == 0)
                tot->files_empty++;
        }
        sd_import_result_free(&res);
    }
}

/* ---- the database and the templates ---- */

/* The database's folder, made private when it is missing; an exit status
 * with the message printed. */
static int sd_make_db_folder(const sd_opts *o)
{
    const char *slash = strrchr(o->db_path, '/');
    if (!slash || slash == o->db_path)
        return SD_EXIT_OK;
    char *parent = sd_xstrndup(o->db_path, (size_t)(slash - o->db_path));
    int made = sd_mkdirs(parent, 0700);
    free(parent);
    if (made != 0) {
        fprintf(stderr, "%s: データベースのフォルダを作れません（%s）: %s\n", sd_prog, o->db_path, strerror(errno));
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

static int sd_open_db(const sd_opts *o, sd_db_mode mode, sqlite3 **db)
{
    char err[512];
    bool create = mode == SD_DB_CREATE;
    if (!create && !sd_file_exists(o->db_path)) {
        fprintf(stderr, "%s: データベース %s がありません。先に import か run で取り込んでください\n", sd_prog,
                o->db_path);
        return SD_EXIT_FAIL;
    }
    if (create && sd_make_db_folder(o))
        return SD_EXIT_FAIL;
    sd_error rc = sd_db_open(o->db_path, mode, db, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

/* One writer at a time: a batch that imports or writes outputs holds an
 * lock on the database file (sd_lock_file) until it exits, and a second one refuses at
 * once rather than interleave its files and outputs with the first's.
 * (that lock never touches the locks SQLite uses; the descriptor stays
 * open until after the database is closed, so those locks are never
 * dropped early.) A reader that records nothing (stats on a read-only
 * database or --no-suppress) needs no lock: WAL lets it read. */
static int sd_lock_db(const sd_opts *o, int *fd_out)
{
    int fd = open(o->db_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "%s: データベース %s を開けません: %s\n", sd_prog, o->db_path, strerror(errno));
        return SD_EXIT_FAIL;
    }
    if (sd_lock_file(fd, true) != 0) {
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

/* sd_lock_db for a writer that may create the database: its folder and
 * an empty file (mode 0600, never replacing one another runner made a
 * moment before) are made first, then locked. *created says this run made
 * the file. */
static int sd_lock_new_db(const sd_opts *o, int *fd_out, bool *created)
{
    *created = false;
    if (sd_make_db_folder(o))
        return SD_EXIT_FAIL;
    int fd = open(o->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        *created = true;
        close(fd);
    } else if (errno != EEXIST) {
        fprintf(stderr, "%s: データベース %s を作成できません: %s\n", sd_prog, o->db_path, strerror(errno));
        return SD_EXIT_FAIL;
    }
    int status = sd_lock_db(o, fd_out);
    if (status && *created) {
        /* another runner holds it: the file is theirs to fill */
        *created = false;
    }
    return status;
}

static int sd_load_templates(const sd_opts *o, sd_templates **t)
{
    char err[512];
    const char *dir = sd_templates_find(o->templates);
    if (!dir) {
        fprintf(stderr,
                "%s: テンプレートのフォルダが見つかりません。--templates DIR か環境変数 SHINDAN_TEMPLATES "
                "で templates フォルダを指定してください\n",
                sd_prog);
        return SD_EXIT_FAIL;
    }
    sd_error rc = sd_templates_load(dir, t, err, sizeof err);
    char *settings = rc ? NULL : sd_settings_find(o->config);
    if (!rc && settings)
        rc = sd_templates_apply_settings(*t, settings, err, sizeof err);
    free(settings);
    if (rc) {
        fprintf(stderr, "%s: %s: %s\n", sd_prog, sd_strerror(rc), err);
        sd_templates_free(*t);
        *t = NULL;
        return SD_EXIT_FAIL;
    }
    sd_output_share_with_group(o->group_readable || (*t)->group_readable);
    return SD_EXIT_OK;
}

static int sd_resolve_period(sqlite3 *db, const sd_opts *o, char out[8])
{
    char err[256];
    if (o->period) {
        memcpy(out, o->period, 8);
        return SD_EXIT_OK;
    }
    sd_error rc = sd_db_latest_period(db, out, err, sizeof err);
    if (rc == SD_ERR_NO_DATA) {
        fprintf(stderr, "%s: データベース %s に回答がありません\n", sd_prog, o->db_path);
        return SD_EXIT_FAIL;
    }
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

int sd_session_open(const sd_opts *o, sd_db_mode mode, bool lock, sd_session *s)
{
    memset(s, 0, sizeof *s);
    s->lock_fd = -1;
    int status = sd_load_templates(o, &s->t);
    /* a reader that takes the batch lock opens after it, knowing nothing
     * writes; a writer opens first (creating the file), then locks */
    if (!status && lock && mode == SD_DB_READ) {
        if (!sd_file_exists(o->db_path))
            return sd_open_db(o, mode, &s->db);
        status = sd_lock_db(o, &s->lock_fd);
        if (!status)
            status = sd_open_db(o, SD_DB_READ_LOCKED, &s->db);
        return status;
    }
    if (!status && lock && mode == SD_DB_CREATE) {
        /* lock, then create or migrate: a second runner meets the lock,
         * never a half-made database; a database this run made and left
         * empty (it failed before the first table) is taken away again */
        bool created = false;
        status = sd_lock_new_db(o, &s->lock_fd, &created);
        if (!status)
            status = sd_open_db(o, mode, &s->db);
        struct stat sb;
        if (status && created && stat(o->db_path, &sb) == 0 && sb.st_size == 0)
            unlink(o->db_path);
        return status;
    }
    if (!status)
        status = sd_open_db(o, mode, &s->db);
    if (!status && lock)
        status = sd_lock_db(o, &s->lock_fd);
    return status;
}

int sd_session_verify(const sd_opts *o, sd_session *s)
{
    char err[1024];
    if (s->db && sd_db_verify(s->db, o->db_path, false, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

int sd_checkpoint(const sd_opts *o, sd_session *s)
{
    char err[1024];
    if (sd_db_checkpoint(s->db, o->db_path, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

void sd_session_close(sd_session *s)
{
    sd_db_close(s->db);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    sd_templates_free(s->t);
}

/* ---- the commands ---- */

int sd_cmd_check(const sd_opts *o)
{
    sd_templates *t = NULL;
    int status = sd_load_templates(o, &t);
    if (status)
        return status;
    size_t n;
    char **files;
    if ((status = sd_collect_inputs(o->args, o->nargs, &files, &n))) {
        sd_templates_free(t);
        return status;
    }
    sd_import_totals tot = {0};
    sd_import_all(NULL, t, files, n, o, &tot);
    sd_strv_free(files);
    sd_templates_free(t);
    return tot.files_failed ? SD_EXIT_FAIL : tot.rows_rejected || tot.files_refused ? SD_EXIT_REJECTS : SD_EXIT_OK;
}

/* Imports the files (run: the input folder) into an open session. */
/* Rows and files this process could not take, and warnings on rows it
 * took (a cell left out), for 処理結果.txt. */
static size_t sd_not_taken, sd_warned;

static int sd_import_files(const sd_opts *o, sd_session *s, char **files, size_t n, bool is_run)
{
    sd_import_totals tot = {0};
    double t0 = sd_now();
    sd_import_all(s->db, s->t, files, n, o, &tot);
    sd_timing(o, "ingest", t0, n);
    sd_not_taken += tot.rows_rejected + tot.files_refused + tot.files_failed + tot.files_empty;
    sd_warned += tot.warnings;
    if (!o->quiet && tot.rows_rejected)
        fprintf(stderr, "取り込めない行が %zu 行ありました。%s\n", tot.rows_rejected,
                is_run ? "出力先の rejects.csv にも一覧があります" : "");
    /* a file that stored nothing is not a success (exit 3), even though
     * the run goes on to write what the others stored */
    return tot.files_failed ? SD_EXIT_FAIL : tot.files_refused || tot.files_empty ? SD_EXIT_REJECTS : SD_EXIT_OK;
}

int sd_cmd_import(const sd_opts *o)
{
    size_t n;
    char **files;
    /* the files are found first: a wrong path creates no database */
    int status = sd_collect_inputs(o->args, o->nargs, &files, &n);
    if (status)
        return status;
    sd_session s;
    if (!(status = sd_session_open(o, SD_DB_CREATE, true, &s))) {
        status = sd_import_files(o, &s, files, n, false);
        int st = sd_checkpoint(o, &s);
        if (st)
            status = st;
    }
    sd_session_close(&s);
    sd_strv_free(files);
    return status;
}

/* The member reports written for period (the PDFs in its companies/). */
static size_t sd_count_reports(const sd_opts *o, const char *period)
{
    char *dir = sd_xasprintf("%s/%s/companies", o->out_dir, period);
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        n += l > 4 && strcmp(e->d_name + l - 4, ".pdf") == 0;
    }
    if (d)
        closedir(d);
    free(dir);
    return n;
}

/* The monthly batch; what it wrote is listed in written (for 処理結果.txt). */
static int sd_run_batch(const sd_opts *o, sd_buf *written)
{
    if (!sd_is_dir(o->input_dir)) {
        fprintf(stderr, "%s: フォルダ %s がありません\n", sd_prog, o->input_dir);
        return SD_EXIT_FAIL;
    }
    size_t n;
    char **files;
    char *in[] = {(char *)o->input_dir};
    int status = sd_collect_inputs(in, 1, &files, &n);
    if (status)
        return status;
    sd_session s;
    if ((status = sd_session_open(o, SD_DB_CREATE, true, &s)) || (status = sd_session_verify(o, &s)))
        goto cleanup;
    status = sd_import_files(o, &s, files, n, true);
    /* what was imported is in the database file itself before any output */
    int ck = sd_checkpoint(o, &s);
    if (ck) {
        status = ck;
        goto cleanup;
    }

    /* write every period whose outputs are behind what is stored (this
     * run's imports, or a run that was stopped), else the latest; a
     * period leaves the pending list once all its outputs are written */
    char **periods = NULL;
    size_t np = 0;
    char err[512];
    if (o->period) {
        periods = sd_xcalloc(2, sizeof *periods);
        periods[np++] = sd_xstrdup(o->period);
    } else if (sd_pending_periods(s.db, &periods, &np, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
    }
    char latest[8];
    if (!np && status != SD_EXIT_FAIL) {
        int st = sd_resolve_period(s.db, o, latest);
        if (st) {
            status = st;
        } else {
            sd_strv_free(periods);
            periods = sd_xcalloc(2, sizeof *periods);
            periods[np++] = sd_xstrdup(latest);
        }
    }
    for (size_t i = 0; i < np; i++) {
        int s1 = sd_outputs_reports(s.db, s.t, o, periods[i]);
        int s2 = s1 ? SD_EXIT_FAIL : sd_outputs_excel(s.db, s.t, o, periods[i]);
        int s3 = s1 ? SD_EXIT_FAIL : sd_outputs_rejects(s.db, o, periods[i]);
        int s4 = s1 || s2 || s3 ? SD_EXIT_FAIL : sd_outputs_sync(o, periods[i]);
        if (s1 || s2 || s3 || s4) {
            status = SD_EXIT_FAIL;
        } else if (sd_pending_done(s.db, periods[i], err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", sd_prog, err);
            status = SD_EXIT_FAIL;
        } else {
            sd_buf_printf(written,
                          "  %s: %s/%s（会員別の報告書 PDF %zu 件、集計 PDF summary.pdf、分析用 Excel "
                          "summary.xlsx、取り込めなかった行の一覧 rejects.csv）\r\n",
                          periods[i], o->out_dir, periods[i], sd_count_reports(o, periods[i]));
        }
    }
    sd_strv_free(periods);
cleanup:
    sd_session_close(&s);
    sd_strv_free(files);
    return status;
}


/* stderr as the console shows it, kept for 処理結果.txt as well. */
typedef struct {
    FILE *console;
    sd_buf text;
} sd_tee;

static long sd_tee_write(void *cookie, const char *buf, size_t n)
{
    sd_tee *t = cookie;
    fwrite(buf, 1, n, t->console);
    fflush(t->console);
    sd_buf_add(&t->text, buf, n);
    return (long)n;
}

/* The messages for a text file: a progress bar's redraws (up to the last
 * \r of a line) and terminal codes left out, CRLF line ends. */
static void sd_append_messages(sd_buf *out, const char *text)
{
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *start = line;
        for (const char *c = line; c < line + len; c++)
            if (*c == '\r')
                start = c + 1;
        sd_buf_adds(out, "  ");
        for (const char *c = start; c < line + len; c++) {
            if (*c == '\033') { /* ESC [ K */
                while (c < line + len && !(*c >= 'A' && *c <= 'Z' && c[-1] != '\033'))
                    c++;
                continue;
            }
            sd_buf_addc(out, *c);
        }
        sd_buf_adds(out, "\r\n");
        line = end ? end + 1 : line + len;
    }
}

/* OUT/処理結果.txt: for staff who see the output folder and nothing else
 * (a shared folder on an office server): when, the outcome in one line,
 * what was written where, and every message the run printed. UTF-8 with a
 * BOM and CRLF line ends, so Notepad shows it. */
static void sd_write_result(const sd_opts *o, int status, const sd_buf *written, const char *messages,
                            bool rejects, bool warned)
{
    char when[32] = "";
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    sd_buf b = {0};
    sd_buf_adds(&b, "\xEF\xBB\xBFshindan の処理結果\r\n\r\n");
    sd_buf_printf(&b, "実行: %s（入力 %s、出力 %s、データベース %s）\r\n", when, o->input_dir, o->out_dir,
                  o->db_path);
    sd_buf_printf(&b, "結果: %s\r\n",
                  status == SD_EXIT_OK && !rejects && !warned
                      ? "正常に終わりました。"
                  : status == SD_EXIT_OK && !rejects
                      ? "正常に終わりました（注意があります。下のメッセージを確認してください）。"
                  : status == SD_EXIT_OK || status == SD_EXIT_REJECTS
                      ? "処理は終わりましたが、取り込めなかった行またはファイルがあります。下のメッセージと、"
                        "各月のフォルダの rejects.csv を確認してください。"
                      : "失敗しました。下のメッセージに理由があります。直してからもう一度実行してください。");
    sd_buf_adds(&b, "\r\n作成したファイル:\r\n");
    sd_buf_adds(&b, written->len ? written->data : "  （なし）\r\n");
    sd_buf_adds(&b, "\r\n実行中のメッセージ（取り込んだファイル、取り込めなかった行とその理由など）:\r\n");
    if (messages && *messages)
        sd_append_messages(&b, messages);
    else
        sd_buf_adds(&b, "  （なし）\r\n");
    char err[512];
    char *path = sd_xasprintf("%s/処理結果.txt", o->out_dir);
    sd_output *out = NULL;
    sd_error rc = sd_mkdirs(o->out_dir, sd_output_mode(0755)) == 0 ? SD_OK : SD_ERR_IO;
    if (rc == SD_OK && !(rc = sd_output_open(path, 0644, &out, err, sizeof err))) {
        fwrite(b.data, 1, b.len, sd_output_stream(out));
        rc = sd_output_commit(out, err, sizeof err);
    }
    if (rc)
        fprintf(stderr, "%s: 処理結果を %s に書けませんでした\n", sd_prog, path);
    free(path);
    sd_buf_free(&b);
}

int sd_cmd_run(const sd_opts *o)
{
    /* everything the run prints goes to the console and to 処理結果.txt */
    sd_tee tee = {.console = stderr};
    bool teed = sd_stderr_tee_begin(sd_tee_write, &tee, &tee.console);
    sd_buf written = {0};
    int status = sd_run_batch(o, &written);
    if (teed)
        sd_stderr_tee_end();
    sd_write_result(o, status, &written, tee.text.data, sd_not_taken > 0, sd_warned > 0);
    sd_buf_free(&tee.text);
    sd_buf_free(&written);
    return status;
}

/* A period's outputs from what is stored, under the batch lock: `report`
 * (the PDFs and the rejects list) and `excel` (the workbook). */
static int sd_cmd_outputs(const sd_opts *o, bool reports)
{
    sd_session s;
    char period[8];
    int status = sd_session_open(o, SD_DB_READ, true, &s);
    if (!status)
        status = sd_session_verify(o, &s);
    if (!status)
        status = sd_resolve_period(s.db, o, period);
    if (!status)
        status = reports ? sd_outputs_reports(s.db, s.t, o, period) : sd_outputs_excel(s.db, s.t, o, period);
    if (!status && reports)
        status = sd_outputs_rejects(s.db, o, period);
    if (!status)
        status = sd_outputs_sync(o, period);
    sd_session_close(&s);
    return status;
}

int sd_cmd_report(const sd_opts *o) { return sd_cmd_outputs(o, true); }

int sd_cmd_excel(const sd_opts *o) { return sd_cmd_outputs(o, false); }

/* stats --by company: one row per member, never published. */
static int sd_stats_companies_print(sqlite3 *db, const char *period, bool csv)
{
    char err[512];
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
            sd_csv_quoted(stdout, c->name);
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
    sd_company_stats_free(cs, nc);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: 出力に書き込めません: %s\n", sd_prog, strerror(errno));
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

int sd_cmd_stats(const sd_opts *o)
{
    static const char *const extra[] = {"question", "question-industry", "company", NULL};
    sd_grouping by;
    bool known = sd_grouping_parse(o->by, &by);
    for (const char *const *e = extra; *e && !known; e++)
        known = strcmp(o->by, *e) == 0;
    if (!known)
        return sd_misuse("--by の値 %s が分かりません（industry region municipality size band period "
                         "industry-prefecture question question-industry company all）",
                         o->by);
    bool publish = !o->no_suppress;
    if (strcmp(o->by, "company") == 0 && publish) {
        fprintf(stderr, "%s: --by company は会員 1 社ずつの値です。内部確認用に --no-suppress を付けてください\n",
                sd_prog);
        return SD_EXIT_USAGE;
    }
    /* what stats prints is published: on the ledger before it is printed,
     * under the batch lock `run` takes, so that two publishers never both
     * find a figure new and publish it over members a few apart. A
     * database it cannot write (a read-only copy, file or folder), or one
     * another batch holds, takes no record: then only what the ledger
     * holds as shown (stats still reads while a batch runs) */
    bool company = strcmp(o->by, "company") == 0;
    sd_view_kind kind = !publish || company ? SD_VIEW_UNSUPPRESSED
                        : sd_db_writable(o->db_path) ? SD_VIEW_PUBLISHED
                                                     : SD_VIEW_RECORDED;
    int lock_fd = -1;
    bool busy = false;
    if (kind == SD_VIEW_PUBLISHED && (lock_fd = open(o->db_path, O_RDONLY | O_CLOEXEC)) >= 0 &&
        sd_lock_file(lock_fd, true) != 0) {
        busy = errno == EWOULDBLOCK;
        close(lock_fd);
        lock_fd = -1;
        kind = SD_VIEW_RECORDED;
    }
    sd_session s;
    char period[8], err[512];
    int status = sd_session_open(o, SD_DB_READ, false, &s);
    s.lock_fd = lock_fd; /* closed with the session, after the database */
    if (!status)
        status = sd_resolve_period(s.db, o, period);
    if (status)
        goto cleanup;
    bool csv = strcmp(o->format, "csv") == 0;
    if (company) {
        status = sd_stats_companies_print(s.db, period, csv);
        goto cleanup;
    }
    sd_published pub;
    sd_error rc = sd_published_load(s.db, s.t, period, kind, &pub, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if (pub.unrecorded && busy)
        fprintf(stderr,
                "%s: データベース %s は別の shindan が取り込みか出力の途中で使っているため、"
                "公開の記録にない集計は表示していません（終わってからもう一度実行してください）\n",
                sd_prog, o->db_path);
    else if (pub.unrecorded)
        fprintf(stderr,
                "%s: データベース %s に書き込めないため、公開の記録にない集計は表示していません"
                "（書き込めるデータベースで実行してください）\n",
                sd_prog, o->db_path);
    if (kind == SD_VIEW_PUBLISHED && (rc = sd_outputs_record(o, &pub, NULL, "stats", err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
    } else if ((rc = sd_stats_print(stdout, &pub, o->by, csv, err, sizeof err))) {
        fprintf(stderr, "%s: %s: %s\n", sd_prog, err, strerror(errno));
        status = SD_EXIT_FAIL;
    } else if (!o->quiet) {
        sd_stats_notes(stderr, &pub, o->by);
    }
    sd_published_free(&pub);
cleanup:
    sd_session_close(&s);
    return status;
}

/* verify: the full integrity check, for staff who suspect the file. */
int sd_cmd_verify(const sd_opts *o)
{
    char err[1024];
    sqlite3 *db = NULL;
    int status = sd_open_db(o, SD_DB_READ, &db);
    if (status)
        return status;
    sd_error rc = sd_db_verify(db, o->db_path, true, err, sizeof err);
    sd_db_close(db);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    if (!o->quiet)
        fprintf(stderr, "データベース %s を調べました。壊れているところはありません\n", o->db_path);
    return SD_EXIT_OK;
}

int sd_cmd_backup(const sd_opts *o)
{
    char err[1024];
    sqlite3 *db = NULL;
    int status = sd_open_db(o, SD_DB_READ, &db);
    if (status)
        return status;
    sd_output *out = NULL;
    /* the copy holds every member's answers: private, and whole or absent */
    sd_error rc = sd_output_open(o->to, 0600, &out, err, sizeof err);
    if (!rc) {
        rc = sd_db_backup(db, sd_output_by_name(out), err, sizeof err);
        if (rc) {
            sd_output_abort(out);
        } else {
            rc = sd_output_commit(out, err, sizeof err);
            const char *slash = strrchr(o->to, '/');
            char *dir = slash ? sd_xstrndup(o->to, (size_t)(slash - o->to)) : sd_xstrdup(".");
            if (!rc)
                rc = sd_output_sync(*dir ? dir : "/", err, sizeof err);
            free(dir);
        }
    }
    sd_db_close(db);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    if (!o->quiet)
        fprintf(stderr, "%s を %s に複製しました\n", o->db_path, o->to);
    return SD_EXIT_OK;
}
