/* seminar.c - shindan seminar add|kit|effect|list: a seminar's sign-up
 * list registered and matched, the organiser's kit before the seminar,
 * its effect after the next month's answers */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch/batch.h"
#include "batch/outputs.h"
#include "batch/session.h"
#include "core/limits.h"
#include "core/output.h"
#include "core/text.h"
#include "core/util.h"
#include "ingest/attendees.h"
#include "render/kit.h"
#include "render/reports.h"
#include "stats/effect.h"
#include "stats/publish.h"
#include "store/seminar.h"

/* A seminar's folder: OUT/seminars/<date>_<id>. */
static char *sd_seminar_dir(const sd_opts *o, const sd_seminar *s)
{
    return sd_xasprintf("%s/seminars/%s_%lld", o->out_dir, s->held_on, s->id);
}

/* The temporary names this command writes there. */
static bool sd_kit_tmp_name(const char *name)
{
    static const char *const own[] = {"handout.pdf.tmp", "answer_sheets.pdf.tmp", "answer_input.xlsx.tmp",
                                      "answer_input.csv.tmp", "effect.pdf.tmp"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (strcmp(name, own[i]) == 0)
            return true;
    return false;
}

/* Makes the seminar's folder (private: it holds members' reports) and
 * checks that it and OUT/seminars are real folders, not links that would
 * send the files elsewhere; clears what a killed run left. Returns the
 * folder (caller frees) or NULL with the message printed. */
static char *sd_seminar_make_dir(const sd_opts *o, const sd_seminar *s)
{
    char *parent = sd_xasprintf("%s/seminars", o->out_dir);
    char *dir = sd_seminar_dir(o, s);
    const char *made[2] = {parent, dir};
    bool ok = true;
    /* each level checked before anything is made inside it */
    for (int i = 0; i < 2 && ok; i++) {
        struct stat st;
        if (sd_mkdirs(made[i], sd_output_mode(i ? 0700 : 0755)) != 0) {
            fprintf(stderr, "%s: フォルダ %s を作れません: %s\n", sd_prog, made[i], strerror(errno));
            ok = false;
        } else if (lstat(made[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr,
                    "%s: %s はフォルダではなく、シンボリックリンクか別の種類のファイルです。"
                    "書き込み先を確かめ、それを移すか消してからやり直してください\n",
                    sd_prog, made[i]);
            ok = false;
        }
    }
    free(parent);
    if (!ok) {
        free(dir);
        return NULL;
    }
    sd_output_sweep(dir, sd_kit_tmp_name);
    return dir;
}

/* A text from the command line: trimmed, no control characters, at most
 * max characters. Returns a copy or NULL (then the usage error is printed
 * and *status set). */
static char *sd_cli_text(const char *value, const char *option, size_t max, int *status)
{
    char *clean = value && sd_text_valid(value) && !sd_text_control(value) ? sd_text_clean(value) : NULL;
    if (!clean || !*clean || sd_utf8_len(clean) > max) {
        *status = sd_misuse("%s は 1〜%zu 文字の文字列で、制御文字を含まないものにしてください", option, max);
        free(clean);
        return NULL;
    }
    return clean;
}

/* ---- add ---- */

static void sd_print_visible(FILE *out, const char *s)
{
    char *v = sd_text_visible(s ? s : "");
    fputs(v, out);
    free(v);
}

static void sd_add_report(const sd_signup_list *list, const sd_attendee_list *al, long long id,
                          const char *title, const char *held_on, const char *place, const sd_opts *o,
                          bool replaced)
{
    char day[32];
    sd_date_label(held_on, day);
    printf("セミナー ID %lld を%sしました: %s「", id, replaced ? "更新" : "登録", day);
    sd_print_visible(stdout, title);
    printf("」%s", place ? "（" : "");
    if (place) {
        sd_print_visible(stdout, place);
        fputs("）", stdout);
    }
    printf("\n名簿 ");
    sd_print_visible(stdout, o->args[1]);
    printf("（%s、%s）: %zu 行\n", list->format, list->columns, list->n);
    printf("  会員番号で照合 %zu、事業所名で照合 %zu、まだ回答のない会員番号 %zu、照合できない %zu、重複 %zu"
           "（1 回として数えました）\n",
           al->by_number, al->by_name, al->new_members, al->unmatched, al->duplicates);
    const char *titles[3] = {"照合できない行（名簿を確かめてください）:", "注意:", "重複:"};
    for (int section = 0; section < 3; section++) {
        bool shown = false;
        for (size_t i = 0; i < al->n; i++) {
            const sd_attendee *a = &al->items[i];
            bool in = section == 0   ? !a->dup_of && a->m.kind == SD_MATCH_NONE
                      : section == 1 ? !a->dup_of && a->m.kind != SD_MATCH_NONE && a->m.reason[0]
                                     : a->dup_of != 0;
            if (!in)
                continue;
            if (!shown)
                printf("%s\n", titles[section]);
            shown = true;
            printf("  %zu 行目「", a->row);
            sd_print_visible(stdout, *a->raw_name ? a->raw_name : (a->m.member_no ? a->m.member_no : ""));
            if (section == 2)
                printf("」は %zu 行目と同じ会員です\n", a->dup_of);
            else
                printf("」: %s\n", a->m.reason);
        }
    }
    printf("次は: shindan seminar kit --db %s --out 出力先 --seminar %lld\n", o->db_path, id);
}

/* The store's members, one name at a time, into a matching directory. */
static void sd_member_dir_add_fn(void *ctx, long long id, const char *member_no, const char *name)
{
    sd_member_dir_add(ctx, id, member_no, name);
}

static int sd_seminar_add(const sd_opts *o)
{
    if (o->nargs < 2)
        return sd_misuse("seminar add には名簿のファイル（CSV か xlsx）を一つ指定してください");
    if (o->nargs > 2)
        return sd_misuse("seminar add に渡せる名簿は一つです: %s", o->args[2]);
    if (!o->title && !o->seminar)
        return sd_misuse("seminar add には --title でセミナーの題名を指定してください");
    if (!o->date && !o->seminar)
        return sd_misuse("seminar add には --date YYYY-MM-DD で開催日を指定してください");
    const char *path = o->args[1];
    if (sd_name_has_control(path) || !sd_text_valid(path)) {
        char *shown = sd_text_visible(path);
        fprintf(stderr, "%s: ファイル名に制御文字か読めない文字が含まれています。名前を変えてください\n",
                shown);
        free(shown);
        return SD_EXIT_FAIL;
    }
    int status = SD_EXIT_OK;
    char *title = o->title ? sd_cli_text(o->title, "--title", 200, &status) : NULL;
    char *place = !status && o->place ? sd_cli_text(o->place, "--place", 200, &status) : NULL;
    if (status) {
        free(title);
        return status;
    }
    sd_session s;
    char err[1024];
    sd_signup_list list = {0};
    sd_member_dir dir = {0};
    sd_attendee_list al = {0};
    sd_seminar old = {0};
    sd_error rc;
    if ((status = sd_session_open(o, SD_DB_WRITE, true, &s)))
        goto cleanup;
    /* --seminar ID replaces that seminar's list (and its details given) */
    if (o->seminar && (rc = sd_seminar_get(s.db, o->seminar, &old, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    const char *held_on = o->date ? o->date : old.held_on;
    if (!title)
        title = sd_xstrdup(old.title);
    long long same = 0;
    if ((rc = sd_seminar_find(s.db, title, held_on, &same, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if (same && same != o->seminar) {
        fprintf(stderr,
                "%s: 同じ開催日と題名のセミナーが ID %lld として登録済みです。名簿を差し替えるには --seminar "
                "%lld "
                "を付けてください\n",
                sd_prog, same, same);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if ((rc = sd_signup_read(s.t, path, &list, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", path, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if (list.n == 0) {
        fprintf(stderr, "%s: 名簿に見出しの下の行がありません。何も登録していません\n", path);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if ((rc = sd_seminar_members(s.db, sd_member_dir_add_fn, &dir, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    sd_member_dir_finish(&dir);
    sd_attendees_match_list(&dir, &list, &al);
    long long id = 0;
    sd_seminar_new sn = {title, held_on, place, path};
    if ((rc = sd_seminar_store(s.db, &sn, &al, o->seminar, &id, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if ((status = sd_checkpoint(o, &s)))
        goto cleanup;
    sd_add_report(&list, &al, id, title, held_on, place ? place : old.place, o, o->seminar != 0);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: 出力に書き込めません: %s\n", sd_prog, strerror(errno));
        status = SD_EXIT_FAIL;
    }
cleanup:
    sd_attendee_list_free(&al);
    sd_member_dir_free(&dir);
    sd_signup_free(&list);
    sd_seminar_clear(&old);
    sd_session_close(&s);
    free(title);
    free(place);
    return status;
}

/* ---- kit ---- */

static int sd_seminar_kit(const sd_opts *o)
{
    sd_session s;
    char err[1024];
    sd_seminar sem = {0};
    sd_attendee_row *rows = NULL;
    size_t nrows = 0, nviews = 0;
    sd_company_view *views = NULL;
    sd_published pub;
    bool have_pub = false;
    sd_font *font = NULL;
    char *dir = NULL, *path = NULL;
    char period[8] = "";
    sd_error rc;
    memset(&pub, 0, sizeof pub);
    int status = sd_session_open(o, SD_DB_READ, true, &s);
    if (!status)
        status = sd_session_verify(o, &s);
    if (status)
        goto cleanup;
    /* the handout holds members' reports: only under the organisation's own name */
    if (!*s.t->org_name || strcmp(s.t->org_name, SD_ORG_PLACEHOLDER) == 0) {
        fprintf(stderr,
                "%s: 団体名が「%s」のままなので、会員の報告書を綴じた資料は作りません。"
                "`shindan init` で団体名・担当窓口・連絡先を設定してから、もう一度実行してください\n",
                sd_prog, *s.t->org_name ? s.t->org_name : "（空）");
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if ((rc = sd_seminar_get(s.db, o->seminar, &sem, err, sizeof err)))
        goto fail;
    /* the reports of the newest period on or before the seminar's day */
    if (o->period)
        memcpy(period, o->period, 8);
    else if ((rc = sd_period_on_or_before(s.db, sem.held_on, period, err, sizeof err)) &&
             rc != SD_ERR_NO_DATA)
        goto fail;
    if (period[0]) {
        rc = sd_published_load(s.db, s.t, period, SD_VIEW_PUBLISHED, &pub, err, sizeof err);
        if (rc)
            goto fail;
        have_pub = true;
    }
    if ((rc = sd_seminar_attendees(s.db, sem.id, period[0] ? period : NULL, &rows, &nrows, err, sizeof err)))
        goto fail;
    views = sd_xcalloc(nrows ? nrows : 1, sizeof *views);
    for (size_t i = 0; i < nrows; i++) {
        if (strcmp(rows[i].status, "unmatched") == 0 || !rows[i].answered)
            continue;
        if ((rc = sd_company_view_load(s.db, &pub, rows[i].member_no, &views[nviews], err, sizeof err)))
            goto fail;
        nviews++;
    }
    if ((rc = sd_font_open(o->font, "fonts", &font, err, sizeof err)))
        goto fail;
    if (!(dir = sd_seminar_make_dir(o, &sem))) {
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    sd_kit kit = {.t = s.t,
                  .seminar = &sem,
                  .period = period[0] ? period : NULL,
                  .pub = have_pub ? &pub : NULL,
                  .rows = rows,
                  .nrows = nrows,
                  .views = views,
                  .nviews = nviews,
                  .all = o->all};
    size_t sheets = 0;
    for (size_t i = 0; i < nrows; i++)
        sheets += sd_kit_wants_sheet(&kit, &rows[i]);
    static const char *const names[] = {"handout.pdf", "answer_sheets.pdf", "answer_input.xlsx",
                                        "answer_input.csv"};
    for (int f = 0; f < 4 && !status; f++) {
        free(path);
        path = sd_xasprintf("%s/%s", dir, names[f]);
        double t0 = sd_now();
        rc = f == 0   ? sd_handout_write(&kit, font, path, err, sizeof err)
             : f == 1 ? sd_answer_sheets_write(&kit, font, path, err, sizeof err)
             : f == 2 ? sd_answer_input_xlsx_write(&kit, path, err, sizeof err)
                      : sd_answer_input_csv_write(&kit, path, err, sizeof err);
        if (f == 0)
            sd_timing(o, "seminar_handout", t0, nviews);
        if (rc) {
            fprintf(stderr, "%s: %s: %s\n", path, sd_strerror(rc), err);
            status = SD_EXIT_FAIL;
        }
    }
    if (!status && (rc = sd_output_sync(dir, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
    }
    if (!status && !o->quiet) {
        char per[32] = "";
        if (period[0])
            sd_period_label(period, per);
        fprintf(stderr,
                "%s: handout.pdf（%s%s報告書 %zu 社）、answer_sheets.pdf と answer_input.xlsx / .csv（%zu "
                "社）を作りました\n",
                dir, per, per[0] ? "の" : "", nviews, sheets);
    }
    goto cleanup;
fail:
    fprintf(stderr, "%s: %s\n", sd_prog, err);
    status = SD_EXIT_FAIL;
cleanup:
    for (size_t i = 0; i < nviews; i++)
        sd_company_view_clear(&views[i]);
    free(views);
    sd_attendee_rows_free(rows, nrows);
    if (have_pub)
        sd_published_free(&pub);
    sd_font_free(font);
    sd_seminar_clear(&sem);
    sd_session_close(&s);
    free(path);
    free(dir);
    return status;
}

/* ---- effect ---- */

static int sd_seminar_effect(const sd_opts *o)
{
    sd_session s;
    char err[1024];
    sd_seminar sem = {0};
    sd_effect e;
    sd_font *font = NULL;
    char *dir = NULL, *path = NULL;
    sd_error rc;
    int status = sd_session_open(o, SD_DB_READ, true, &s);
    if (!status)
        status = sd_session_verify(o, &s);
    if (status)
        goto cleanup;
    if ((rc = sd_seminar_get(s.db, o->seminar, &sem, err, sizeof err)) ||
        (rc = sd_effect_compute(s.db, s.t, &sem, &e, err, sizeof err)) ||
        (rc = sd_seminar_uncompared(s.db, sem.id, sem.held_on, &e.attended_no_before, &e.attended_no_after, err,
                                    sizeof err)) ||
        (rc = sd_font_open(o->font, "fonts", &font, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    if (!(dir = sd_seminar_make_dir(o, &sem))) {
        status = SD_EXIT_FAIL;
        goto cleanup;
    }
    path = sd_xasprintf("%s/effect.pdf", dir);
    if ((rc = sd_effect_report_write(s.t, &sem, &e, font, path, err, sizeof err)) ||
        (rc = sd_outputs_record_effect(o, &e, err, sizeof err))) {
        fprintf(stderr, "%s: %s: %s\n", path, sd_strerror(rc), err);
        status = SD_EXIT_FAIL;
    } else if ((rc = sd_output_sync(dir, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
    } else if (e.compared == 0) {
        fprintf(stderr,
                "%s: セミナーの後の回答がまだないため、効果は出せません（その旨を書きました）。"
                "次の月の回答を取り込んでから、もう一度実行してください\n",
                path);
    } else if (!o->quiet) {
        fprintf(stderr, "%s を作りました（比べた会員 %zu 社%s）\n", path, e.compared,
                e.rule == SD_EFFECT_SHOWN ? "" : "、少数のため数値は伏せています");
    }
cleanup:
    sd_font_free(font);
    sd_seminar_clear(&sem);
    sd_session_close(&s);
    free(path);
    free(dir);
    return status;
}

/* ---- list ---- */

static int sd_seminar_list_print(const sd_opts *o)
{
    sd_session s;
    char err[512];
    sd_seminar *v = NULL;
    size_t n = 0;
    int status = sd_session_open(o, SD_DB_READ, false, &s);
    if (!status && sd_seminar_list(s.db, &v, &n, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", sd_prog, err);
        status = SD_EXIT_FAIL;
    }
    if (!status) {
        /* columns padded by display width: a kanji counts two */
        static const char *const head[] = {"ID", "開催日", "名簿", "照合", "未回答の番号", "照合できない"};
        static const size_t width[] = {4, 10, 6, 6, 12, 12};
        if (n == 0)
            fprintf(stderr, "セミナーはまだ登録されていません（shindan seminar add で名簿を登録します）\n");
        for (size_t i = 0; i <= n && n > 0; i++) {
            char cells[6][32];
            if (i == 0) {
                for (int c = 0; c < 6; c++)
                    snprintf(cells[c], sizeof cells[c], "%s", head[c]);
            } else {
                const sd_seminar *x = &v[i - 1];
                snprintf(cells[0], sizeof cells[0], "%lld", x->id);
                snprintf(cells[1], sizeof cells[1], "%s", x->held_on);
                snprintf(cells[2], sizeof cells[2], "%zu", x->listed);
                snprintf(cells[3], sizeof cells[3], "%zu", x->matched);
                snprintf(cells[4], sizeof cells[4], "%zu", x->new_members);
                snprintf(cells[5], sizeof cells[5], "%zu", x->unmatched);
            }
            for (int c = 0; c < 6; c++) {
                sd_text_pad(stdout, cells[c], width[c]);
                fputs("  ", stdout);
            }
            if (i == 0) {
                fputs("題名（会場）", stdout);
            } else {
                sd_print_visible(stdout, v[i - 1].title);
                if (v[i - 1].place) {
                    fputs("（", stdout);
                    sd_print_visible(stdout, v[i - 1].place);
                    fputs("）", stdout);
                }
            }
            fputc('\n', stdout);
        }
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "%s: 出力に書き込めません: %s\n", sd_prog, strerror(errno));
            status = SD_EXIT_FAIL;
        }
    }
    sd_seminars_free(v, n);
    sd_session_close(&s);
    return status;
}

int sd_cmd_seminar(const sd_opts *o)
{
    const char *sub = o->nargs > 0 ? o->args[0] : NULL;
    if (!sub)
        return sd_misuse("seminar の後に add, kit, effect, list のどれかを指定してください");
    if (strcmp(sub, "add") == 0)
        return sd_seminar_add(o);
    if (strcmp(sub, "kit") != 0 && strcmp(sub, "effect") != 0 && strcmp(sub, "list") != 0)
        return sd_misuse("seminar のコマンドは add, kit, effect, list のどれかです: %s", sub);
    if (o->nargs > 1)
        return sd_misuse("余分な引数があります: %s", o->args[1]);
    if (strcmp(sub, "list") == 0)
        return sd_seminar_list_print(o);
    if (!o->out_dir)
        return sd_misuse("seminar %s には --out で出力先のフォルダを指定してください", sub);
    return strcmp(sub, "kit") == 0 ? sd_seminar_kit(o) : sd_seminar_effect(o);
}
