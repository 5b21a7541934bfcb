/* workbook.c - summary.xlsx for analysts (libxlsxwriter): one sheet per grouping */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/output.h"
#include "core/util.h"
#include "render/reports.h"
#include "store/query.h"

typedef struct {
    lxw_workbook *wb;
    lxw_format *head, *num1, *pct, *integer, *muted;
    const sd_published *pub;
    sqlite3 *db;                 /* for the details sheet only */
    lxw_error lerr;              /* the first error a write returned */
} sd_book;

/* Keeps the first error of a libxlsxwriter call; the sheet is then given
 * up when it ends (see sd_book_check). */
#define SD_LXW(b, call)                                                                                        \
    do {                                                                                                       \
        lxw_error e_ = (call);                                                                                 \
        if (e_ != LXW_NO_ERROR && (b)->lerr == LXW_NO_ERROR)                                                   \
            (b)->lerr = e_;                                                                                    \
    } while (0)

static sd_error sd_book_check(sd_book *b, const char *sheet, char *err, size_t errlen)
{
    if (b->lerr == LXW_NO_ERROR)
        return SD_OK;
    return sd_fail(err, errlen, SD_ERR_XLSX, "シート「%s」を書けません: %s", sheet, lxw_strerror(b->lerr));
}

/* A new sheet, or an error naming the sheet (a name from report.ini may
 * hold a character Excel refuses, or be too long). */
static sd_error sd_add_sheet(sd_book *b, const char *name, lxw_worksheet **ws, char *err, size_t errlen)
{
    lxw_error e = workbook_validate_sheet_name(b->wb, name);
    if (e != LXW_NO_ERROR) {
        *ws = NULL;
        return sd_fail(err, errlen, SD_ERR_XLSX,
                       "シート名「%s」が使えません（%s）。templates/report.ini で 31 文字以内、[ ] : * ? / \\ を含まない名前にしてください",
                       name, lxw_strerror(e));
    }
    errno = 0;
    *ws = workbook_add_worksheet(b->wb, name);
    if (!*ws) /* the name is fine: memory or the staging file failed */
        return sd_fail(err, errlen, SD_ERR_XLSX, "シート「%s」を作れません: %s", name,
                       errno ? strerror(errno) : "メモリ不足");
    return SD_OK;
}

static sd_error sd_add_chart(sd_book *b, uint8_t type, lxw_chart **chart, char *err, size_t errlen)
{
    *chart = workbook_add_chart(b->wb, type);
    return *chart ? SD_OK : sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
}

static void sd_header_row(sd_book *b, lxw_worksheet *ws, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++)
        SD_LXW(b, worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], b->head));
    worksheet_freeze_panes(ws, 1, 0);
    SD_LXW(b, worksheet_set_row(ws, 0, 30, NULL));
}

/* One row per group; suppressed groups keep their label and say so.
 * 最小 / 最大 are one member's score each: only in the details workbook. */
static sd_error sd_group_sheet(sd_book *b, const char *sheet_name, sd_grouping by, bool line_chart, char *err,
                               size_t errlen)
{
    const sd_templates *t = b->pub->t;
    const sd_pub_table *tab = sd_published_table(b->pub, by);
    bool extremes = tab->extremes != NULL;
    lxw_worksheet *ws;
    sd_error rc = sd_add_sheet(b, sheet_name, &ws, err, errlen);
    if (rc)
        return rc;
    const char *fixed_all[] = {"コード", "区分", "回答数", "平均点", "中央値", "第1四分位", "第3四分位",
                               "標準偏差", "最小", "最大"};
    int nf = extremes ? 10 : 8;
    sd_header_row(b, ws, fixed_all, nf);
    int col = nf;
    char name[200];
    for (int p = 0; p < t->nparts; p++) {
        snprintf(name, sizeof name, "%s（得点率）", t->parts[p].name);
        SD_LXW(b, worksheet_write_string(ws, 0, (lxw_col_t)col++, name, b->head));
    }
    for (int k = 0; k < t->nbands; k++) {
        snprintf(name, sizeof name, "%s（%d〜%d点）", t->bands[k].label, t->bands[k].min, t->bands[k].max);
        SD_LXW(b, worksheet_write_string(ws, 0, (lxw_col_t)col++, name, b->head));
    }
    const char *sa[] = {"SA未宣言", "SA一つ星", "SA二つ星", "5か条実施済・未宣言（社）"};
    for (int s = 0; s < 4; s++)
        SD_LXW(b, worksheet_write_string(ws, 0, (lxw_col_t)col++, sa[s], b->head));
    SD_LXW(b, worksheet_write_string(ws, 0, (lxw_col_t)col, "備考", b->head));
    int last_col = col;

    for (size_t i = 0; i < tab->n; i++) {
        const sd_pub_group *g = &tab->groups[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        SD_LXW(b, worksheet_write_string(ws, r, 0, g->key, NULL));
        SD_LXW(b, worksheet_write_string(ws, r, 1, g->label, NULL));
        if (g->suppressed) {
            char note[96];
            snprintf(note, sizeof note, "回答数が%d社未満のため非表示", t->min_group);
            SD_LXW(b, worksheet_write_string(ws, r, (lxw_col_t)last_col, note, b->muted));
            continue;
        }
        SD_LXW(b, worksheet_write_number(ws, r, 2, g->n, b->integer));
        double v[] = {g->mean, g->median, g->q1, g->q3, g->sd};
        for (int k = 0; k < 5; k++)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)(3 + k), v[k], b->num1));
        if (extremes) {
            SD_LXW(b, worksheet_write_number(ws, r, 8, tab->extremes[i][0], b->integer));
            SD_LXW(b, worksheet_write_number(ws, r, 9, tab->extremes[i][1], b->integer));
        }
        col = nf;
        for (int p = 0; p < t->nparts; p++)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col++, g->part_share[p], b->pct));
        for (int k = 0; k < t->nbands; k++)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col++, g->band_share[k], b->pct));
        /* SECURITY ACTION only where the declaration was given */
        for (int s = 0; s < 3; s++, col++)
            if (g->sa_known)
                SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col, g->sa_share[s], b->pct));
        if (g->sa_known)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col, g->ready_undeclared, b->integer));
        col++;
    }
    SD_LXW(b, worksheet_set_column(ws, 0, 0, 8, NULL));
    SD_LXW(b, worksheet_set_column(ws, 1, 1, 30, NULL));
    SD_LXW(b, worksheet_set_column(ws, 2, (lxw_col_t)last_col - 1, 11, NULL));
    SD_LXW(b, worksheet_set_column(ws, (lxw_col_t)last_col, (lxw_col_t)last_col, 28, NULL));
    if (tab->n > 0) {
        SD_LXW(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)tab->n, (lxw_col_t)last_col));
        lxw_chart *chart;
        if ((rc = sd_add_chart(b, line_chart ? LXW_CHART_LINE : LXW_CHART_BAR, &chart, err, errlen)))
            return rc;
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
        chart_series_set_categories(s, sheet_name, 1, 1, (lxw_row_t)tab->n, 1);
        chart_series_set_values(s, sheet_name, 1, 3, (lxw_row_t)tab->n, 3);
        chart_series_set_name(s, "平均点");
        chart_title_set_name(chart, "平均点");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        if (line_chart) {
            chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
            chart_axis_set_min(chart->y_axis, 0);
            chart_axis_set_max(chart->y_axis, sd_max_total(t));
        } else {
            chart_axis_set_min(chart->x_axis, 0);
            chart_axis_set_max(chart->x_axis, sd_max_total(t));
            chart_axis_set_reverse(chart->y_axis);
        }
        lxw_chart_options opt = {.x_scale = 1.4, .y_scale = tab->n > 12 ? 1.8 : 1.0};
        SD_LXW(b, worksheet_insert_chart_opt(ws, (lxw_row_t)tab->n + 3, 1, chart, &opt));
    }
    return sd_book_check(b, sheet_name, err, errlen);
}

static sd_error sd_overview_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_published *pub = b->pub;
    const sd_templates *t = pub->t;
    const sd_pub_group *all = &pub->all;
    const char *sheet = sd_text(t, "workbook.sheet_overview");
    lxw_worksheet *ws;
    sd_error rc = sd_add_sheet(b, sheet, &ws, err, errlen);
    if (rc)
        return rc;
    const char *cols[] = {"項目", "値"};
    sd_header_row(b, ws, cols, 2);
    lxw_row_t r = 1;
    SD_LXW(b, worksheet_write_string(ws, r, 0, "診断月", NULL));
    SD_LXW(b, worksheet_write_string(ws, r++, 1, pub->period, NULL));
    SD_LXW(b, worksheet_set_column(ws, 0, 0, 28, NULL));
    SD_LXW(b, worksheet_set_column(ws, 1, 1, 14, NULL));
    if (all->suppressed) {
        char note[96];
        snprintf(note, sizeof note, "回答数が%d社未満のため集計値は非表示", t->min_group);
        SD_LXW(b, worksheet_write_string(ws, r, 0, note, b->muted));
        return sd_book_check(b, sheet, err, errlen);
    }
    SD_LXW(b, worksheet_write_string(ws, r, 0, "回答事業所数", NULL));
    SD_LXW(b, worksheet_write_number(ws, r++, 1, all->n, b->integer));
    struct {
        const char *label;
        double v;
    } rows[] = {{"平均点", all->mean}, {"中央値", all->median}, {"第1四分位", all->q1},
                {"第3四分位", all->q3}, {"標準偏差", all->sd}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        SD_LXW(b, worksheet_write_string(ws, r, 0, rows[i].label, NULL));
        SD_LXW(b, worksheet_write_number(ws, r++, 1, rows[i].v, b->num1));
    }
    r++;
    SD_LXW(b, worksheet_write_string(ws, r++, 0, "判定の分布", b->head));
    lxw_row_t band_first = r;
    char name[200];
    for (int k = 0; k < t->nbands; k++) {
        snprintf(name, sizeof name, "%s（%d〜%d点）", t->bands[k].label, t->bands[k].min, t->bands[k].max);
        SD_LXW(b, worksheet_write_string(ws, r, 0, name, NULL));
        SD_LXW(b, worksheet_write_number(ws, r++, 1, all->band_share[k], b->pct));
    }
    lxw_chart *chart;
    if ((rc = sd_add_chart(b, LXW_CHART_COLUMN, &chart, err, errlen)))
        return rc;
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    if (!s)
        return sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
    chart_series_set_categories(s, sheet, band_first, 0, r - 1, 0);
    chart_series_set_values(s, sheet, band_first, 1, r - 1, 1);
    chart_series_set_name(s, "割合");
    chart_title_set_name(chart, "判定の分布");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(chart->y_axis, "0%");
    SD_LXW(b, worksheet_insert_chart(ws, 1, 3, chart));
    return sd_book_check(b, sheet, err, errlen);
}

static sd_error sd_question_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_published *pub = b->pub;
    const sd_templates *t = pub->t;
    const sd_pub_question *q = pub->q_all;
    const sd_pub_table *ind = sd_published_table(pub, SD_BY_INDUSTRY);
    const char *sheet = sd_text(t, "workbook.sheet_question");
    lxw_worksheet *ws;
    sd_error rc = sd_add_sheet(b, sheet, &ws, err, errlen);
    if (rc)
        return rc;
    const char *cols[] = {"設問", "分野", "項目", "回答数", "実施している", "一部実施している", "実施していない",
                          "わからない", "実施率"};
    /* constant_memory writes rows in order: the whole header first */
    sd_header_row(b, ws, cols, 9);
    int shown[SD_NINDUSTRIES], nshown = 0;
    for (size_t k = 0; k < ind->n; k++) {
        const sd_pub_group *g = &ind->groups[k];
        int i = g->key[0] - 'A';
        if (g->suppressed || i < 0 || i >= SD_NINDUSTRIES || pub->q_industry[i][0].suppressed)
            continue;
        const sd_industry *industry = sd_industry_by_letter(t, g->key[0]);
        char head[200];
        snprintf(head, sizeof head, "実施率（%s %s、%d社）", g->key, industry ? industry->short_name : "", g->n);
        SD_LXW(b, worksheet_write_string(ws, 0, (lxw_col_t)(9 + nshown), head, b->head));
        shown[nshown++] = i;
    }
    for (int i = 0; i < t->nquestions; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        SD_LXW(b, worksheet_write_number(ws, r, 0, i + 1, b->integer));
        SD_LXW(b, worksheet_write_string(ws, r, 1, t->parts[t->questions[i].part].name, NULL));
        SD_LXW(b, worksheet_write_string(ws, r, 2, t->questions[i].label, NULL));
        if (q[i].suppressed)
            continue;
        SD_LXW(b, worksheet_write_number(ws, r, 3, q[i].n, b->integer));
        for (int c = 0; c < SD_NCHOICES; c++)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)(4 + c), q[i].share[c], b->pct));
        SD_LXW(b, worksheet_write_number(ws, r, 8, q[i].rate, b->pct));
        for (int k = 0; k < nshown; k++)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)(9 + k), pub->q_industry[shown[k]][i].rate, b->pct));
    }
    lxw_col_t last = (lxw_col_t)(8 + nshown);
    SD_LXW(b, worksheet_set_column(ws, 0, 0, 6, NULL));
    SD_LXW(b, worksheet_set_column(ws, 1, 1, 18, NULL));
    SD_LXW(b, worksheet_set_column(ws, 2, 2, 44, NULL));
    SD_LXW(b, worksheet_set_column(ws, 3, last, 13, NULL));
    SD_LXW(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nquestions, last));
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_3_COLOR_SCALE};
    SD_LXW(b, worksheet_conditional_format_range(ws, 1, 8, (lxw_row_t)t->nquestions, last, &cf));
    lxw_chart *chart;
    if ((rc = sd_add_chart(b, LXW_CHART_BAR_STACKED_PERCENT, &chart, err, errlen)))
        return rc;
    for (int c = 0; c < SD_NCHOICES; c++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
        chart_series_set_categories(s, sheet, 1, 0, (lxw_row_t)t->nquestions, 0);
        chart_series_set_values(s, sheet, 1, (lxw_col_t)(4 + c), (lxw_row_t)t->nquestions, (lxw_col_t)(4 + c));
        chart_series_set_name_range(s, sheet, 0, (lxw_col_t)(4 + c));
    }
    chart_title_set_name(chart, "設問別の回答の割合");
    chart_axis_set_reverse(chart->y_axis);
    lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 2.0};
    SD_LXW(b, worksheet_insert_chart_opt(ws, (lxw_row_t)t->nquestions + 3, 2, chart, &opt));
    return sd_book_check(b, sheet, err, errlen);
}

typedef struct {
    sd_book *b;
    lxw_worksheet *ws;
    lxw_row_t r;
} sd_sheet_rows;

static sd_error sd_details_row(void *ctx, const sd_detail_row *d, char *err, size_t errlen)
{
    sd_sheet_rows *s = ctx;
    sd_book *b = s->b;
    const sd_templates *t = b->pub->t;
    const sd_industry *ind = sd_industry_by_letter(t, d->industry);
    const sd_size_band *sb = sd_size_band_by_id(t, d->size_band);
    if (!ind || d->prefecture < 1 || d->prefecture > SD_NPREFECTURES || d->question < 1 ||
        d->question > t->nquestions || d->choice < 0 || d->choice >= SD_NCHOICES)
        return sd_fail(err, errlen, SD_ERR_DB, "会員番号 %s の回答（設問 %d）がデータベースで壊れています",
                       d->member_no, d->question);
    lxw_row_t r = ++s->r;
    lxw_worksheet *ws = s->ws;
    char code[2] = {d->industry, 0};
    SD_LXW(b, worksheet_write_string(ws, r, 0, d->member_no, NULL));
    SD_LXW(b, worksheet_write_string(ws, r, 1, d->name, NULL));
    SD_LXW(b, worksheet_write_string(ws, r, 2, code, NULL));
    SD_LXW(b, worksheet_write_string(ws, r, 3, ind->name, NULL));
    SD_LXW(b, worksheet_write_string(ws, r, 4, t->prefectures[d->prefecture - 1].name, NULL));
    if (d->municipality)
        SD_LXW(b, worksheet_write_string(ws, r, 5, d->municipality, NULL));
    SD_LXW(b, worksheet_write_string(ws, r, 6, sb ? sb->label : "", NULL));
    SD_LXW(b, worksheet_write_number(ws, r, 7, d->total, b->integer));
    SD_LXW(b, worksheet_write_number(ws, r, 8, d->question, b->integer));
    SD_LXW(b, worksheet_write_string(ws, r, 9, t->questions[d->question - 1].label, NULL));
    SD_LXW(b, worksheet_write_string(ws, r, 10, t->choices[d->choice].label, NULL));
    SD_LXW(b, worksheet_write_number(ws, r, 11, d->points, b->integer));
    return b->lerr == LXW_NO_ERROR ? SD_OK : sd_book_check(b, sd_text(t, "workbook.sheet_details"), err, errlen);
}

static sd_error sd_details_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_templates *t = b->pub->t;
    const char *sheet = sd_text(t, "workbook.sheet_details");
    sd_sheet_rows s = {.b = b};
    sd_error rc = sd_add_sheet(b, sheet, &s.ws, err, errlen);
    if (rc)
        return rc;
    const char *cols[] = {"会員番号", "事業所名", "業種", "業種名", "都道府県", "市区町村", "従業員規模",
                          "総合点", "設問", "項目", "回答", "点"};
    sd_header_row(b, s.ws, cols, 12);
    if ((rc = sd_details_each(b->db, b->pub->period, sd_details_row, &s, err, errlen)))
        return rc;
    lxw_worksheet *ws = s.ws;
    SD_LXW(b, worksheet_set_column(ws, 0, 0, 12, NULL));
    SD_LXW(b, worksheet_set_column(ws, 1, 1, 30, NULL));
    SD_LXW(b, worksheet_set_column(ws, 2, 2, 6, NULL));
    SD_LXW(b, worksheet_set_column(ws, 3, 6, 16, NULL));
    SD_LXW(b, worksheet_set_column(ws, 9, 9, 40, NULL));
    SD_LXW(b, worksheet_set_column(ws, 10, 10, 16, NULL));
    if (s.r > 0)
        SD_LXW(b, worksheet_autofilter(ws, 0, 0, s.r, 11));
    return sd_book_check(b, sheet, err, errlen);
}

static sd_error sd_rejects_row(void *ctx, const sd_reject_row *x, char *err, size_t errlen)
{
    sd_sheet_rows *s = ctx;
    sd_book *b = s->b;
    lxw_row_t r = ++s->r;
    SD_LXW(b, worksheet_write_string(s->ws, r, 0, x->source, NULL));
    SD_LXW(b, worksheet_write_number(s->ws, r, 1, x->row, b->integer));
    SD_LXW(b, worksheet_write_string(s->ws, r, 2, x->column, NULL));
    SD_LXW(b, worksheet_write_string(s->ws, r, 3, x->value, NULL));
    SD_LXW(b, worksheet_write_string(s->ws, r, 4, x->reason, NULL));
    return b->lerr == LXW_NO_ERROR ? SD_OK : sd_book_check(b, sd_text(b->pub->t, "workbook.sheet_rejects"), err, errlen);
}

static sd_error sd_rejects_sheet(sd_book *b, char *err, size_t errlen)
{
    const char *sheet = sd_text(b->pub->t, "workbook.sheet_rejects");
    sd_sheet_rows s = {.b = b};
    sd_error rc = sd_add_sheet(b, sheet, &s.ws, err, errlen);
    if (rc)
        return rc;
    const char *cols[] = {"ファイル", "行", "列", "値", "理由"};
    sd_header_row(b, s.ws, cols, 5);
    if ((rc = sd_rejects_each(b->db, b->pub->period, sd_rejects_row, &s, err, errlen)))
        return rc;
    SD_LXW(b, worksheet_set_column(s.ws, 0, 0, 30, NULL));
    SD_LXW(b, worksheet_set_column(s.ws, 1, 1, 6, NULL));
    SD_LXW(b, worksheet_set_column(s.ws, 2, 3, 16, NULL));
    SD_LXW(b, worksheet_set_column(s.ws, 4, 4, 70, NULL));
    if (s.r > 0)
        SD_LXW(b, worksheet_autofilter(s.ws, 0, 0, s.r, 4));
    return sd_book_check(b, sheet, err, errlen);
}

static lxw_format *sd_format(sd_book *b)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (!f)
        b->lerr = LXW_ERROR_MEMORY_MALLOC_FAILED;
    return f;
}

/* Removes the regular files inside our own staging folder (a killed
 * batch leaves libxlsxwriter's there). */
static void sd_staging_clear(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

/* Makes the private staging folder, refusing a link in its place. */
static sd_error sd_staging_dir(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return sd_fail(err, errlen, SD_ERR_IO, "作業フォルダ %s を作れません: %s", dir, strerror(errno));
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sd_fail(err, errlen, SD_ERR_IO, "作業フォルダ %s がフォルダではありません（リンクなど）", dir);
    sd_staging_clear(dir);
    return SD_OK;
}

sd_error sd_workbook_write(const sd_published *pub, sqlite3 *db, bool details, const char *path, char *err,
                           size_t errlen)
{
    const sd_templates *t = pub->t;
    sd_book b = {.pub = pub, .db = db};
    sd_output *out = NULL;
    char *title = NULL, *tmpdir = NULL;
    /* created first with its final mode (the detail sheet is private);
     * libxlsxwriter then writes into it by name */
    sd_error rc = sd_output_open(path, details ? 0600 : 0644, &out, err, errlen);
    if (rc)
        return rc;

    /* constant_memory: rows go to disk as written, so a detail sheet of
     * millions of rows does not sit in memory; zip64 lifts the 4 GB limit.
     * Its staging files go to a private folder beside the output (on the
     * output's disk, not a small /tmp), emptied before and removed after. */
    const char *slash = strrchr(path, '/');
    char *parent = slash ? sd_xstrndup(path, (size_t)(slash - path)) : sd_xstrdup(".");
    tmpdir = sd_xasprintf("%s/.shindan-xlsx", parent);
    free(parent);
    if ((rc = sd_staging_dir(tmpdir, err, errlen)))
        goto cleanup;
    lxw_workbook_options wopt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE, .tmpdir = tmpdir};
    b.wb = workbook_new_opt(sd_output_by_name(out), &wopt);
    if (!b.wb) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません", path);
        goto cleanup;
    }
    if ((b.head = sd_format(&b))) {
        format_set_bold(b.head);
        format_set_bg_color(b.head, 0xDCE6F2);
        format_set_text_wrap(b.head);
        format_set_align(b.head, LXW_ALIGN_VERTICAL_CENTER);
    }
    if ((b.num1 = sd_format(&b)))
        format_set_num_format(b.num1, "0.0");
    if ((b.pct = sd_format(&b)))
        format_set_num_format(b.pct, "0.0%");
    if ((b.integer = sd_format(&b)))
        format_set_num_format(b.integer, "0");
    if ((b.muted = sd_format(&b)))
        format_set_font_color(b.muted, 0x666666);
    if (b.lerr != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(b.lerr));
        goto cleanup;
    }

    char per[32];
    sd_period_label(pub->period, per);
    title = sd_xasprintf("%s（%s）", sd_text(t, "workbook.title"), per);
    lxw_doc_properties props = {.title = title, .author = t->org_name, .company = t->org_name,
                                .subject = t->title, .created = 0};
    /* a fixed creation time keeps the file reproducible */
    struct tm tm = {0};
    int y = 2000, m = 1;
    sscanf(pub->period, "%4d-%2d", &y, &m);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = 1;
    props.created = timegm(&tm);
    lxw_error lerr = workbook_set_properties(b.wb, &props);
    if (lerr != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(lerr));
        goto cleanup;
    }

    if ((rc = sd_overview_sheet(&b, err, errlen)) ||
        (rc = sd_group_sheet(&b, sd_text(t, "workbook.sheet_industry"), SD_BY_INDUSTRY, false, err, errlen)) ||
        (rc = sd_group_sheet(&b, sd_text(t, "workbook.sheet_prefecture"), SD_BY_PREFECTURE, false, err, errlen)) ||
        (rc = sd_group_sheet(&b, sd_text(t, "workbook.sheet_municipality"), SD_BY_MUNICIPALITY, false, err,
                             errlen)) ||
        (rc = sd_group_sheet(&b, sd_text(t, "workbook.sheet_size"), SD_BY_SIZE, false, err, errlen)) ||
        (rc = sd_group_sheet(&b, sd_text(t, "workbook.sheet_cross"), SD_BY_INDUSTRY_PREFECTURE, false, err,
                             errlen)) ||
        (rc = sd_group_sheet(&b, sd_text(t, "workbook.sheet_trend"), SD_BY_PERIOD, true, err, errlen)) ||
        (rc = sd_question_sheet(&b, err, errlen)) || (details && (rc = sd_details_sheet(&b, err, errlen))) ||
        (rc = sd_rejects_sheet(&b, err, errlen)))
        goto cleanup;
    lerr = workbook_close(b.wb);
    b.wb = NULL;
    if (lerr != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(lerr));
        goto cleanup;
    }
    rc = sd_output_commit(out, err, errlen);
    out = NULL;
cleanup:
    if (b.wb) {
        /* the file is given up; close only to free what libxlsxwriter holds */
        workbook_close(b.wb);
    }
    sd_output_abort(out);
    if (tmpdir) {
        sd_staging_clear(tmpdir);
        rmdir(tmpdir);
    }
    free(title);
    free(tmpdir);
    return rc;
}
