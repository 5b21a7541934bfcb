/* workbook.c - summary.xlsx for analysts (libxlsxwriter): one sheet per grouping */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/util.h"
#include "render/reports.h"
#include "store/db.h"

typedef struct {
    lxw_workbook *wb;
    lxw_format *head, *num1, *pct, *integer, *muted;
    const sd_period_ctx *ctx;
} sd_book;

static void sd_header_row(sd_book *b, lxw_worksheet *ws, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], b->head);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_row(ws, 0, 30, NULL);
}

/* One row per group; suppressed groups keep their label and say so. */
static sd_error sd_group_sheet(sd_book *b, const char *sheet_name, sd_grouping by, bool line_chart, char *err,
                               size_t errlen)
{
    const sd_templates *t = b->ctx->t;
    sd_stats_table tab;
    sd_error rc = sd_stats_groups(b->ctx->db, t, b->ctx->period, by, true, &tab, err, errlen);
    if (rc)
        return rc;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet_name);
    const char *fixed[] = {"コード", "区分", "回答数", "平均点", "中央値", "第1四分位", "第3四分位",
                           "最小", "最大", "標準偏差"};
    int nf = (int)(sizeof fixed / sizeof fixed[0]);
    sd_header_row(b, ws, fixed, nf);
    int col = nf;
    char name[160];
    for (int p = 0; p < t->nparts; p++) {
        snprintf(name, sizeof name, "%s（得点率）", t->parts[p].name);
        worksheet_write_string(ws, 0, (lxw_col_t)col++, name, b->head);
    }
    for (int k = 0; k < t->nbands; k++) {
        snprintf(name, sizeof name, "%s（%d〜%d点）", t->bands[k].label, t->bands[k].min, t->bands[k].max);
        worksheet_write_string(ws, 0, (lxw_col_t)col++, name, b->head);
    }
    const char *sa[] = {"SA未宣言", "SA一つ星", "SA二つ星", "5か条実施済・未宣言（社）"};
    for (int s = 0; s < 4; s++)
        worksheet_write_string(ws, 0, (lxw_col_t)col++, sa[s], b->head);
    worksheet_write_string(ws, 0, (lxw_col_t)col, "備考", b->head);
    int last_col = col;

    for (size_t i = 0; i < tab.n; i++) {
        const sd_group_stats *g = &tab.groups[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, r, 0, g->key, NULL);
        worksheet_write_string(ws, r, 1, g->label, NULL);
        if (g->suppressed) {
            char note[96];
            snprintf(note, sizeof note, "回答数が%d社未満のため非表示", t->min_group);
            worksheet_write_string(ws, r, (lxw_col_t)last_col, note, b->muted);
            continue;
        }
        worksheet_write_number(ws, r, 2, g->n, b->integer);
        double v[] = {g->mean, g->median, g->q1, g->q3, g->min, g->max, g->sd};
        for (int k = 0; k < 7; k++)
            worksheet_write_number(ws, r, (lxw_col_t)(3 + k), v[k], b->num1);
        col = nf;
        for (int p = 0; p < t->nparts; p++)
            worksheet_write_number(ws, r, (lxw_col_t)col++, g->part_share[p], b->pct);
        for (int k = 0; k < t->nbands; k++)
            worksheet_write_number(ws, r, (lxw_col_t)col++, g->band_share[k], b->pct);
        for (int s = 0; s < 3; s++)
            worksheet_write_number(ws, r, (lxw_col_t)col++, g->sa_share[s], b->pct);
        worksheet_write_number(ws, r, (lxw_col_t)col++, g->ready_undeclared, b->integer);
    }
    worksheet_set_column(ws, 0, 0, 8, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 2, (lxw_col_t)last_col - 1, 11, NULL);
    worksheet_set_column(ws, (lxw_col_t)last_col, (lxw_col_t)last_col, 28, NULL);
    if (tab.n > 0) {
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)tab.n, (lxw_col_t)last_col);
        lxw_chart *chart = workbook_add_chart(b->wb, line_chart ? LXW_CHART_LINE : LXW_CHART_BAR);
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, sheet_name, 1, 1, (lxw_row_t)tab.n, 1);
        chart_series_set_values(s, sheet_name, 1, 3, (lxw_row_t)tab.n, 3);
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
        lxw_chart_options opt = {.x_scale = 1.4, .y_scale = tab.n > 12 ? 1.8 : 1.0};
        worksheet_insert_chart_opt(ws, (lxw_row_t)tab.n + 3, 1, chart, &opt);
    }
    sd_stats_table_free(&tab);
    return SD_OK;
}

static sd_error sd_overview_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_period_ctx *ctx = b->ctx;
    const sd_templates *t = ctx->t;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sd_text(t, "workbook.sheet_overview"));
    const char *cols[] = {"項目", "値"};
    sd_header_row(b, ws, cols, 2);
    lxw_row_t r = 1;
    worksheet_write_string(ws, r, 0, "診断月", NULL);
    worksheet_write_string(ws, r++, 1, ctx->period, NULL);
    worksheet_write_string(ws, r, 0, "回答事業所数", NULL);
    worksheet_write_number(ws, r++, 1, ctx->all.n, b->integer);
    struct {
        const char *label;
        double v;
    } rows[] = {{"平均点", ctx->all.mean}, {"中央値", ctx->all.median}, {"第1四分位", ctx->all.q1},
                {"第3四分位", ctx->all.q3}, {"標準偏差", ctx->all.sd}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        worksheet_write_string(ws, r, 0, rows[i].label, NULL);
        worksheet_write_number(ws, r++, 1, rows[i].v, b->num1);
    }
    r++;
    worksheet_write_string(ws, r++, 0, "判定の分布", b->head);
    lxw_row_t band_first = r;
    char name[160];
    for (int k = 0; k < t->nbands; k++) {
        snprintf(name, sizeof name, "%s（%d〜%d点）", t->bands[k].label, t->bands[k].min, t->bands[k].max);
        worksheet_write_string(ws, r, 0, name, NULL);
        worksheet_write_number(ws, r++, 1, ctx->all.band_share[k], b->pct);
    }
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 14, NULL);
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    const char *sheet = sd_text(t, "workbook.sheet_overview");
    chart_series_set_categories(s, sheet, band_first, 0, r - 1, 0);
    chart_series_set_values(s, sheet, band_first, 1, r - 1, 1);
    chart_series_set_name(s, "割合");
    chart_title_set_name(chart, "判定の分布");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(chart->y_axis, "0%");
    worksheet_insert_chart(ws, 1, 3, chart);
    return SD_OK;
}

static sd_error sd_question_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_period_ctx *ctx = b->ctx;
    const sd_templates *t = ctx->t;
    sd_question_stats q[SD_MAX_QUESTIONS];
    sd_error rc = sd_stats_questions(ctx->db, t, ctx->period, 0, true, q, err, errlen);
    if (rc)
        return rc;
    /* the implementation rate per industry, for the industries published */
    sd_stats_table ind;
    if ((rc = sd_stats_groups(ctx->db, t, ctx->period, SD_BY_INDUSTRY, true, &ind, err, errlen)))
        return rc;
    const char *sheet = sd_text(t, "workbook.sheet_question");
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet);
    const char *cols[] = {"設問", "分野", "項目", "回答数", "実施している", "一部実施している", "実施していない",
                          "わからない", "実施率"};
    /* constant_memory writes rows in order: the whole header first */
    sd_header_row(b, ws, cols, 9);
    int shown[SD_NINDUSTRIES], nshown = 0;
    for (size_t k = 0; k < ind.n; k++) {
        const sd_group_stats *g = &ind.groups[k];
        int i = g->key[0] - 'A';
        if (g->suppressed || i < 0 || i >= SD_NINDUSTRIES)
            continue;
        const sd_industry *industry = sd_industry_by_letter(t, g->key[0]);
        char head[200];
        snprintf(head, sizeof head, "実施率（%s %s、%d社）", g->key, industry ? industry->short_name : "", g->n);
        worksheet_write_string(ws, 0, (lxw_col_t)(9 + nshown), head, b->head);
        shown[nshown++] = i;
    }
    sd_stats_table_free(&ind);
    for (int i = 0; i < t->nquestions; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        worksheet_write_number(ws, r, 0, i + 1, b->integer);
        worksheet_write_string(ws, r, 1, t->parts[t->questions[i].part].name, NULL);
        worksheet_write_string(ws, r, 2, t->questions[i].label, NULL);
        worksheet_write_number(ws, r, 3, q[i].n, b->integer);
        for (int c = 0; c < SD_NCHOICES; c++)
            worksheet_write_number(ws, r, (lxw_col_t)(4 + c), q[i].share[c], b->pct);
        worksheet_write_number(ws, r, 8, q[i].rate, b->pct);
        for (int k = 0; k < nshown; k++)
            worksheet_write_number(ws, r, (lxw_col_t)(9 + k), ctx->q_industry[shown[k]][i].rate, b->pct);
    }
    lxw_col_t last = (lxw_col_t)(8 + nshown);
    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 18, NULL);
    worksheet_set_column(ws, 2, 2, 44, NULL);
    worksheet_set_column(ws, 3, last, 13, NULL);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nquestions, last);
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_3_COLOR_SCALE};
    worksheet_conditional_format_range(ws, 1, 8, (lxw_row_t)t->nquestions, last, &cf);
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_BAR_STACKED_PERCENT);
    for (int c = 0; c < SD_NCHOICES; c++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, sheet, 1, 0, (lxw_row_t)t->nquestions, 0);
        chart_series_set_values(s, sheet, 1, (lxw_col_t)(4 + c), (lxw_row_t)t->nquestions, (lxw_col_t)(4 + c));
        chart_series_set_name_range(s, sheet, 0, (lxw_col_t)(4 + c));
    }
    chart_title_set_name(chart, "設問別の回答の割合");
    chart_axis_set_reverse(chart->y_axis);
    lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 2.0};
    worksheet_insert_chart_opt(ws, (lxw_row_t)t->nquestions + 3, 2, chart, &opt);
    return SD_OK;
}

static sd_error sd_details_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_period_ctx *ctx = b->ctx;
    const sd_templates *t = ctx->t;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(ctx->db,
                                "SELECT c.member_no, r.name, r.industry, r.prefecture, r.municipality,"
                                " r.size_band, r.total, a.question, a.choice, a.points"
                                " FROM response r JOIN company c ON c.id = r.company_id"
                                " JOIN answer a ON a.response_id = r.id WHERE r.period = ?1"
                                " ORDER BY c.member_no, a.question",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, ctx->period, -1, SQLITE_STATIC);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sd_text(t, "workbook.sheet_details"));
    const char *cols[] = {"会員番号", "事業所名", "業種", "業種名", "都道府県", "市区町村", "従業員規模",
                          "総合点", "設問", "項目", "回答", "点"};
    sd_header_row(b, ws, cols, 12);
    lxw_row_t r = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        r++;
        const char *ind = (const char *)sqlite3_column_text(st, 2);
        int pref = sqlite3_column_int(st, 3);
        const sd_size_band *sb = sd_size_band_by_id(t, sqlite3_column_int(st, 5));
        int q = sqlite3_column_int(st, 7), ch = sqlite3_column_int(st, 8);
        worksheet_write_string(ws, r, 0, (const char *)sqlite3_column_text(st, 0), NULL);
        worksheet_write_string(ws, r, 1, (const char *)sqlite3_column_text(st, 1), NULL);
        worksheet_write_string(ws, r, 2, ind, NULL);
        worksheet_write_string(ws, r, 3, sd_industry_by_letter(t, ind[0])->name, NULL);
        worksheet_write_string(ws, r, 4, t->prefectures[pref - 1].name, NULL);
        const char *mu = (const char *)sqlite3_column_text(st, 4);
        if (mu)
            worksheet_write_string(ws, r, 5, mu, NULL);
        worksheet_write_string(ws, r, 6, sb ? sb->label : "", NULL);
        worksheet_write_number(ws, r, 7, sqlite3_column_int(st, 6), b->integer);
        worksheet_write_number(ws, r, 8, q, b->integer);
        worksheet_write_string(ws, r, 9, t->questions[q - 1].label, NULL);
        worksheet_write_string(ws, r, 10, t->choices[ch].label, NULL);
        worksheet_write_number(ws, r, 11, sqlite3_column_int(st, 9), b->integer);
    }
    sqlite3_finalize(st);
    worksheet_set_column(ws, 0, 0, 12, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 2, 2, 6, NULL);
    worksheet_set_column(ws, 3, 6, 16, NULL);
    worksheet_set_column(ws, 9, 9, 40, NULL);
    worksheet_set_column(ws, 10, 10, 16, NULL);
    if (r > 0)
        worksheet_autofilter(ws, 0, 0, r, 11);
    return SD_OK;
}

static sd_error sd_rejects_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_period_ctx *ctx = b->ctx;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(ctx->db,
                                "SELECT b.source, r.row, r.column_name, r.value, r.reason FROM reject r"
                                " JOIN batch b ON b.id = r.batch_id WHERE r.period = ?1 OR r.period IS NULL"
                                " ORDER BY b.id, r.row, r.id",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, ctx->period, -1, SQLITE_STATIC);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sd_text(ctx->t, "workbook.sheet_rejects"));
    const char *cols[] = {"ファイル", "行", "列", "値", "理由"};
    sd_header_row(b, ws, cols, 5);
    lxw_row_t r = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        r++;
        worksheet_write_string(ws, r, 0, (const char *)sqlite3_column_text(st, 0), NULL);
        worksheet_write_number(ws, r, 1, sqlite3_column_int(st, 1), b->integer);
        for (int c = 2; c < 5; c++)
            worksheet_write_string(ws, r, (lxw_col_t)c, (const char *)sqlite3_column_text(st, c), NULL);
    }
    sqlite3_finalize(st);
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, 1, 6, NULL);
    worksheet_set_column(ws, 2, 3, 16, NULL);
    worksheet_set_column(ws, 4, 4, 70, NULL);
    if (r > 0)
        worksheet_autofilter(ws, 0, 0, r, 4);
    return SD_OK;
}

sd_error sd_workbook_write(const sd_period_ctx *ctx, bool details, const char *path, char *err, size_t errlen)
{
    const sd_templates *t = ctx->t;
    char *tmp = sd_xasprintf("%s.tmp", path);
    sd_book b = {.ctx = ctx};
    /* constant_memory: rows go to disk as written, so a detail sheet of
     * millions of rows does not sit in memory; zip64 lifts the 4 GB limit. */
    lxw_workbook_options wopt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    /* created first with its final mode (the detail sheet is private);
     * libxlsxwriter then writes into it */
    int fd = sd_create_file(tmp, details ? 0600 : 0644);
    if (fd >= 0)
        close(fd);
    b.wb = fd >= 0 ? workbook_new_opt(tmp, &wopt) : NULL;
    if (!b.wb) {
        free(tmp);
        return sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません", path);
    }
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    format_set_bg_color(b.head, 0xDCE6F2);
    format_set_text_wrap(b.head);
    format_set_align(b.head, LXW_ALIGN_VERTICAL_CENTER);
    b.num1 = workbook_add_format(b.wb);
    format_set_num_format(b.num1, "0.0");
    b.pct = workbook_add_format(b.wb);
    format_set_num_format(b.pct, "0.0%");
    b.integer = workbook_add_format(b.wb);
    format_set_num_format(b.integer, "0");
    b.muted = workbook_add_format(b.wb);
    format_set_font_color(b.muted, 0x666666);

    char per[32];
    sd_period_label(ctx->period, per);
    char *title = sd_xasprintf("%s（%s）", sd_text(t, "workbook.title"), per);
    lxw_doc_properties props = {.title = title, .author = t->org_name, .company = t->org_name,
                                .subject = t->title, .created = 0};
    /* a fixed creation time keeps the file reproducible */
    struct tm tm = {0};
    int y = 2000, m = 1;
    sscanf(ctx->period, "%4d-%2d", &y, &m);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = 1;
    props.created = timegm(&tm);
    workbook_set_properties(b.wb, &props);

    sd_error rc;
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
        (rc = sd_rejects_sheet(&b, err, errlen))) {
        workbook_close(b.wb);
        unlink(tmp);
        goto cleanup;
    }
    lxw_error lerr = workbook_close(b.wb);
    if (lerr != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(lerr));
        unlink(tmp);
        goto cleanup;
    }
    if (rename(tmp, path) != 0)
        rc = sd_fail(err, errlen, SD_ERR_IO, "%s を作成できません", path);
cleanup:
    free(title);
    free(tmp);
    return rc;
}
