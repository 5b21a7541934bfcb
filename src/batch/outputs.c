/* outputs.c - write a period's outputs from its published view */
#include "batch/outputs.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/progress.h"
#include "core/output.h"
#include "core/platform.h"
#include "core/util.h"
#include "render/reports.h"
#include "stats/effect.h"
#include "stats/publish.h"
#include "store/db.h"
#include "store/ledger.h"
#include "store/query.h"

double sd_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sd_timing(const sd_opts *o, const char *phase, double since, size_t items)
{
    if (o->timings)
        fprintf(o->timings, "%s\t%.4f\t%zu\n", phase, sd_now() - since, items);
}

/* The temporary names shindan itself writes: MEMBER.pdf.tmp,
 * summary.pdf.tmp, summary.xlsx.tmp, rejects.csv.tmp. */
static bool sd_own_tmp_name(const char *name)
{
    static const char *const fixed[] = {"summary.pdf.tmp", "summary.xlsx.tmp", "rejects.csv.tmp"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(name, fixed[i]) == 0)
            return true;
    size_t len = strlen(name);
    if (len <= 8 || strcmp(name + len - 8, ".pdf.tmp") != 0 || name[0] == '-' || name[0] == '.')
        return false;
    for (size_t i = 0; i < len - 8; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_')
            return false;
    return true;
}

/* Outputs are written as NAME.tmp and renamed when complete. A batch that
 * was killed can leave such a file; the next one (which holds the
 * database's lock, so no other batch is writing) removes it: only its own
 * names, only regular files, only in the folder itself. */
static void sd_remove_tmp_files(const char *dir) { sd_output_sweep(dir, sd_own_tmp_name); }

/* Makes dir (and its parents) and checks that dir itself is a real folder:
 * a symbolic link there would send members' reports elsewhere. */
static bool sd_make_output_dir(const char *dir, unsigned mode)
{
    mode = sd_output_mode(mode);
    if (sd_mkdirs(dir, mode) != 0) {
        fprintf(stderr, "%s: フォルダ %s を作れません: %s\n", sd_prog, dir, strerror(errno));
        return false;
    }
    struct stat st;
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "%s: %s はフォルダではなく、シンボリックリンクか別の種類のファイルです。"
                "書き込み先を確かめ、それを移すか消してからやり直してください\n",
                sd_prog, dir);
        return false;
    }
    /* a folder made private by an earlier run is opened to the group when
     * outputs are shared now */
    unsigned want = (unsigned)(st.st_mode & 07777) | (mode & 0050);
    if (want != (unsigned)(st.st_mode & 07777) && chmod(dir, want) != 0) {
        fprintf(stderr, "%s: フォルダ %s をグループに読めるようにできません: %s\n", sd_prog, dir, strerror(errno));
        return false;
    }
    sd_remove_tmp_files(dir);
    return true;
}

static char *sd_period_dir(const sd_opts *o, const char *period)
{
    char *dir = sd_xasprintf("%s/%s", o->out_dir, period);
    if (!sd_make_output_dir(dir, 0755)) {
        free(dir);
        return NULL;
    }
    return dir;
}

sd_error sd_outputs_record(const sd_opts *o, const sd_published *pub, const sd_seminar_effects *effects,
                           const char *output, char *err, size_t errlen)
{
    /* the command may read through a read-only connection: the ledger is
     * written through its own (the batch lock is held: nothing else writes) */
    sqlite3 *w = NULL;
    sd_error rc = sd_db_open(o->db_path, SD_DB_WRITE, &w, err, errlen);
    if (!rc && pub)
        rc = sd_published_record(w, pub, output, err, errlen);
    if (!rc && effects)
        rc = sd_seminar_effects_record(w, effects, output, err, errlen);
    sd_db_close(w);
    if (rc) {
        char why[512];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errlen, "公開した数値を台帳（データベース）に記録できません: %s", why);
    }
    return rc;
}

sd_error sd_outputs_record_effect(const sd_opts *o, const sd_effect *e, char *err, size_t errlen)
{
    sd_seminar_effects one = {.effects = (sd_effect *)e, .n = 1};
    return sd_outputs_record(o, NULL, &one, "effect.pdf", err, errlen);
}

/* The period's view, or an exit status with the message printed. */
static int sd_load_view(sqlite3 *db, const sd_templates *t, const char *period, sd_view_kind kind,
                        sd_published *pub)
{
    char err[1024];
    sd_error rc = sd_published_load(db, t, period, kind, pub, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}

typedef struct {
    const sd_opts *o;
    const sd_published *pub;
    const sd_font *font;
    char **members;
    size_t nmembers;
    atomic_size_t next;
    atomic_size_t written;       /* reports written */
    atomic_int failures;         /* a failure stops the pool: the next
                                  * report would meet the same full disk */
    const char *dir;
    sd_progress *progress;
} sd_report_job;

static void *sd_report_worker(void *arg)
{
    sd_report_job *job = arg;
    sqlite3 *db = NULL;
    char err[1024];
    /* each worker reads through its own connection (the batch holds the
     * lock: nothing writes while the reports are made) */
    if (sd_db_open(job->o->db_path, SD_DB_READ_LOCKED, &db, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        atomic_fetch_add(&job->failures, 1);
        return NULL;
    }
    for (;;) {
        if (atomic_load(&job->failures))
            break;
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->nmembers)
            break;
        sd_company_view c;
        char *path = sd_xasprintf("%s/%s.pdf", job->dir, job->members[i]);
        sd_error rc = sd_company_view_load(db, job->pub, job->members[i], &c, err, sizeof err);
        if (!rc)
            rc = sd_company_report_write(job->pub, job->font, &c, path, err, sizeof err);
        if (rc) {
            fprintf(stderr, "%s: %s: %s\n", path, sd_strerror(rc), err);
            atomic_fetch_add(&job->failures, 1);
        } else {
            atomic_fetch_add(&job->written, 1);
        }
        sd_company_view_clear(&c);
        free(path);
        sd_progress_step(job->progress);
    }
    sd_db_close(db);
    return NULL;
}

/* The batch's glyph cache. Every company report shares most of its
 * characters with the others (the questions, labels and advice); the
 * characters found in at least three quarters (SD_SHARED_SHARE) of a
 * sample of the period's reports are subset and deflated once
 * (sd_font_share), and each report embeds that part as it is and subsets
 * only the rest. Half would be a little faster, but every report would
 * carry more glyphs it does not draw (1.5 KB more on average). The sample
 * is every k-th member in member order, so the same batch always shares
 * the same characters and a report's bytes are reproducible. */
enum { SD_SHARED_SAMPLE = 64, SD_SHARED_MIN_REPORTS = 8 };
#define SD_SHARED_SHARE 0.75

sd_error sd_outputs_share_glyphs(sqlite3 *db, const sd_published *pub, sd_font *font, char **members,
                                 size_t nmembers, char *err, size_t errlen)
{
    if (nmembers < SD_SHARED_MIN_REPORTS)
        return SD_OK; /* a few reports gain nothing from it */
    size_t nsample = nmembers < SD_SHARED_SAMPLE ? nmembers : SD_SHARED_SAMPLE;
    sd_cpset all = {0}; /* each sampled report's characters once */
    sd_error rc = SD_OK;
    for (size_t i = 0; i < nsample && !rc; i++) {
        const char *member = members[i * nmembers / nsample];
        sd_company_view c;
        sd_cpset one = {0};
        rc = sd_company_view_load(db, pub, member, &c, err, errlen);
        if (!rc && (rc = sd_company_report_chars(pub, font, &c, &one)))
            snprintf(err, errlen, "%s の報告書の文字を集められません", member);
        if (!rc) {
            sd_cpset_finish(&one);
            sd_cpset_add_all(&all, &one);
        }
        sd_cpset_free(&one);
        sd_company_view_clear(&c);
    }
    sd_cpset shared = {0};
    if (!rc && all.n) {
        sd_cpset_sort(&all); /* a character's repeats side by side: one per report using it */
        size_t need = (size_t)(SD_SHARED_SHARE * (double)nsample + 0.999);
        for (size_t i = 0, j; i < all.n; i = j) {
            for (j = i; j < all.n && all.cps[j] == all.cps[i]; j++)
                ;
            if (j - i >= need)
                sd_cpset_add(&shared, all.cps[i]);
        }
        sd_cpset_add(&shared, ' ');
        sd_cpset_finish(&shared);
        rc = sd_font_share(font, &shared, err, errlen);
    }
    sd_cpset_free(&shared);
    sd_cpset_free(&all);
    return rc;
}

static int sd_jobs(const sd_opts *o)
{
    if (o->jobs > 0)
        return o->jobs;
    int n = sd_cpu_count();
    return n > 64 ? 64 : n;
}

/* Runs the job on up to nthreads threads; the calling thread works too
 * when a thread cannot be started. Returns the threads used. */
static int sd_run_pool(sd_report_job *job, int nthreads)
{
    pthread_t th[64];
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        int e = pthread_create(&th[started], NULL, sd_report_worker, job);
        if (e != 0) {
            if (started == 0)
                fprintf(stderr, "%s: スレッドを作れません（%s）。1 並列で続けます\n", sd_prog, strerror(e));
            break;
        }
        started++;
    }
    if (started == 0)
        sd_report_worker(job);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    return started ? started : 1;
}

int sd_outputs_reports(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period)
{
    char err[1024];
    sd_published pub;
    sd_font *font = NULL;
    char **members = NULL;
    size_t nmembers = 0;
    char *dir = NULL, *cdir = NULL, *spath = NULL;
    int status = SD_EXIT_OK;
    /* reports go to members under the organisation's own name: never the
     * template's placeholder */
    if (!*t->org_name || strcmp(t->org_name, SD_ORG_PLACEHOLDER) == 0) {
        fprintf(stderr,
                "%s: 団体名が「%s」のままなので、会員に渡す報告書は作りません。"
                "`shindan init` で団体名・担当窓口・連絡先を設定してから、もう一度実行してください"
                "（%s%s の [organisation]）\n",
                sd_prog, *t->org_name ? t->org_name : "（空）", t->settings_path ? t->settings_path : t->dir,
                t->settings_path ? "" : "/shindan.ini");
        return SD_EXIT_FAIL;
    }
    double t0 = sd_now();
    if ((status = sd_load_view(db, t, period, SD_VIEW_PUBLISHED, &pub)))
        return status;
    sd_timing(o, "aggregate", t0, 1);
    sd_error rc;
    if ((rc = sd_font_open(o->font, "fonts", &font, err, sizeof err)) ||
        (rc = sd_period_members(db, period, o->member, &members, &nmembers, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    dir = sd_period_dir(o, period);
    cdir = dir ? sd_xasprintf("%s/companies", dir) : NULL;
    if (!dir)
        goto fail;
    if (!sd_make_output_dir(cdir, 0700))
        goto fail;
    double t1 = sd_now();
    if ((rc = sd_outputs_share_glyphs(db, &pub, font, members, nmembers, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        goto fail;
    }
    sd_progress prog;
    char what[64];
    snprintf(what, sizeof what, "%s 会員別 PDF", period);
    sd_progress_start(&prog, what, nmembers, o->quiet);
    sd_report_job job = {.o = o, .pub = &pub, .font = font, .members = members, .nmembers = nmembers,
                         .dir = cdir, .progress = &prog};
    int nthreads = sd_jobs(o);
    if ((size_t)nthreads > nmembers)
        nthreads = nmembers ? (int)nmembers : 1;
    nthreads = sd_run_pool(&job, nthreads);
    sd_progress_end(&prog);
    sd_timing(o, "company_pdfs", t1, nmembers);
    size_t written = atomic_load(&job.written);
    if (atomic_load(&job.failures)) {
        status = SD_EXIT_FAIL;
        fprintf(stderr,
                "%s: 会員別 PDF は %zu 件中 %zu 件を作ったところで止めました。原因を取り除いてから、"
                "もう一度 run を実行してください（この月は未完了として残り、次の run で作り直します）\n",
                dir, nmembers, written);
        goto cleanup;
    }

    spath = sd_xasprintf("%s/summary.pdf", dir);
    double t2 = sd_now();
    bool summary_ok = true;
    if ((rc = sd_summary_report_write(&pub, font, spath, err, sizeof err)) ||
        (rc = sd_outputs_record(o, &pub, NULL, "summary.pdf", err, sizeof err))) {
        fprintf(stderr, "%s: %s: %s\n", spath, sd_strerror(rc), err);
        status = SD_EXIT_FAIL;
        summary_ok = false;
    }
    sd_timing(o, "summary_pdf", t2, 1);
    if (!o->quiet || status)
        fprintf(stderr, "%s: 会員別 PDF %zu 件（%d 並列）%s\n", dir, written, nthreads,
                summary_ok ? "と summary.pdf を作りました" : "を作りました。summary.pdf は作れませんでした");
    goto cleanup;
fail:
    status = SD_EXIT_FAIL;
cleanup:
    free(spath);
    sd_strv_free(members);
    sd_font_free(font);
    free(cdir);
    free(dir);
    sd_published_free(&pub);
    return status;
}

/* Loads what the workbook draws besides the view into rows, which points
 * at the caller's seminars, rejects and q: the seminars' effect, and with
 * rows->details the rejects and the answers' source. Returns SD_OK or
 * SD_ERR_DB. */
static sd_error sd_workbook_rows_load(sqlite3 *db, const sd_published *pub, sd_seminar_effects *seminars,
                                      sd_reject_rows *rejects, sd_details_query *q, sd_workbook_rows *rows,
                                      char *err, size_t errlen)
{
    rows->seminars = seminars;
    rows->rejects = rejects;
    sd_error rc = sd_seminar_effects_load(db, pub->t, pub->period, seminars, err, errlen);
    if (rc || !rows->details)
        return rc;
    *q = (sd_details_query){db, pub->period};
    rows->answers = sd_details_source(q);
    return sd_reject_rows_load(db, pub->period, rejects, err, errlen);
}

int sd_outputs_excel(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period)
{
    char err[1024];
    sd_published pub;
    double t0 = sd_now();
    int status = sd_load_view(db, t, period, o->details ? SD_VIEW_DETAILS : SD_VIEW_PUBLISHED, &pub);
    if (status)
        return status;
    char *dir = sd_period_dir(o, period);
    char *path = dir ? sd_xasprintf("%s/summary.xlsx", dir) : NULL;
    sd_seminar_effects seminars = {0};
    sd_reject_rows rejects = {0};
    sd_details_query q;
    sd_workbook_rows rows = {.details = o->details};
    sd_error rc;
    if (!dir) {
        status = SD_EXIT_FAIL;
    } else if ((rc = sd_workbook_rows_load(db, &pub, &seminars, &rejects, &q, &rows, err, sizeof err)) ||
               (rc = sd_workbook_write(&pub, &rows, path, err, sizeof err)) ||
               (rc = sd_outputs_record(o, &pub, &seminars, "summary.xlsx", err, sizeof err))) {
        fprintf(stderr, "%s: %s: %s\n", path, sd_strerror(rc), err);
        status = SD_EXIT_FAIL;
    } else if (!o->quiet) {
        fprintf(stderr, "%s を作りました\n", path);
    }
    sd_timing(o, "workbook", t0, 1);
    sd_seminar_effects_free(&seminars);
    sd_reject_rows_free(&rejects);
    free(path);
    free(dir);
    sd_published_free(&pub);
    return status;
}

int sd_outputs_rejects(sqlite3 *db, const sd_opts *o, const char *period)
{
    char err[1024];
    char *dir = sd_period_dir(o, period);
    if (!dir)
        return SD_EXIT_FAIL;
    char *path = sd_xasprintf("%s/rejects.csv", dir);
    int status = SD_EXIT_OK;
    sd_reject_rows rejects = {0};
    sd_error rc = sd_reject_rows_load(db, period, &rejects, err, sizeof err);
    if (!rc)
        rc = sd_rejects_csv_write(&rejects, path, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s: %s: %s\n", path, sd_strerror(rc), err);
        status = SD_EXIT_FAIL;
    }
    sd_reject_rows_free(&rejects);
    free(path);
    free(dir);
    return status;
}

int sd_outputs_sync(const sd_opts *o, const char *period)
{
    char err[1024];
    double t0 = sd_now();
    char *dir = sd_xasprintf("%s/%s", o->out_dir, period);
    char *cdir = sd_xasprintf("%s/companies", dir);
    sd_error rc = sd_is_dir(cdir) ? sd_output_sync(cdir, err, sizeof err) : SD_OK;
    if (!rc)
        rc = sd_output_sync(dir, err, sizeof err);
    free(cdir);
    free(dir);
    sd_timing(o, "sync", t0, 1); /* the durability's cost, for the benchmark */
    if (rc) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        return SD_EXIT_FAIL;
    }
    return SD_EXIT_OK;
}
