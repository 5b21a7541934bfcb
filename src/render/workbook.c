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

#include "core/limits.h"
#include "core/output.h"
#include "core/text.h"
#include "core/util.h"
#include "render/reports.h"
#include "render/xlsx_rows.h"

/* One palette with meaning, as in the PDFs: the answers in choice order
 * (実施 green, 一部 amber, 未実施 red, わからない grey; dark enough to tell
 * apart in black and white), their light tints for colour scales (text
 * stays readable on them), and a neutral blue for figures with no
 * good or bad. */
static const lxw_color_t SD_XL_CHOICE[SD_NCHOICES] = {0x2E7D32, 0xF9A825, 0xC62828, 0x9E9E9E};
#define SD_XL_SCALE_LOW 0xF4C7C3  /* tint of the red */
#define SD_XL_SCALE_MID 0xFCE8B2  /* tint of the amber */
#define SD_XL_SCALE_HIGH 0xB7E1CD /* tint of the green */
#define SD_XL_BAR 0x386BB3        /* the PDFs' bar blue */
#define SD_XL_NAVY 0x1A3873       /* the PDFs' navy */
#define SD_XL_HEAD 0xDCE6F2
#define SD_XL_BAND 0xEAF0F7 /* every other row of the detail sheet */
#define SD_XL_PAPER_A4 9
/* A period as a date cell, shown as Excel's Japanese month format. */
#define SD_XL_MONTH_FORMAT "yyyy\"年\"m\"月\""
#define SD_XL_DAY_FORMAT "yyyy\"年\"m\"月\"d\"日\""

typedef struct {
    lxw_workbook *wb;
    lxw_format *head, *num1, *pct, *integer, *count, *muted, *month, *day, *dash, *rowhead, *band;
    const sd_published *pub;
    const sd_workbook_rows *rows;      /* the details, rejects and seminar sheets' */
    char *print_header, *print_footer; /* every sheet's, & escaped */
    lxw_error lerr;                    /* the first error a write returned */
    int head_lines;                    /* the header row's tallest cell, in lines */
    sd_xrows_part *details;            /* 回答明細's sheets, whose rows render/xlsx_rows.c writes */
    int ndetails;
    sd_xrows *xrows;                   /* while they are written */
    int integer_style;                 /* the integer format's style index in the package */
} sd_book;

/* A cell stores the exact figure (the nearest double to a ratio of
 * counts, as `stats --format csv` gives it to four places) and its format
 * ("0.0", "0.0%") shows it: Excel and LibreOffice round the figure's
 * decimal digits half away from zero, the one rule of rules/round.h (which
 * render/reports.h brings), so a
 * cell shows what the PDFs print (0.0625 as 6.3%) and analysts can still
 * compute with the full value. */

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

/* Appends s to a print header or footer: & doubled (a single & starts a
 * code there), control characters as spaces, at most max characters of
 * output (Excel refuses a header or footer over 255 in all). libxlsxwriter
 * 1.1.4 counts every "&G" and "&[Picture]" as an image placeholder, the
 * escaped "&&G" too, refuses the header and then frees it twice when the
 * next header is set: an & before those is written as ＆ instead. */
static void sd_hf_add(sd_buf *out, const char *s, size_t max)
{
    size_t n = 0;
    for (const char *p = s ? s : ""; *p && n < max;) {
        const char *start = p;
        int32_t cp = sd_utf8_next(&p);
        if (cp == '&' && (*p == 'G' || sd_starts_with(p, "[Picture]"))) {
            sd_buf_adds(out, "＆");
            n++;
        } else if (cp == '&') {
            if (n + 2 > max)
                break;
            sd_buf_adds(out, "&&");
            n += 2;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            sd_buf_addc(out, ' ');
            n++;
        } else {
            sd_buf_add(out, start, (size_t)(p - start));
            n++;
        }
    }
}

/* Printing: A4 landscape, the header row on every page, the organisation
 * and period at the top, sheet and page at the foot; how wide a sheet
 * prints is set when its columns are known (sd_print_width). */
static void sd_print_setup(sd_book *b, lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, SD_XL_PAPER_A4);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_gridlines(ws, LXW_SHOW_ALL_GRIDLINES);
    SD_LXW(b, worksheet_repeat_rows(ws, 0, 0));
    SD_LXW(b, worksheet_set_header(ws, b->print_header));
    SD_LXW(b, worksheet_set_footer(ws, b->print_footer));
}

/* Columns (Excel's width units, about a digit each) that A4 landscape
 * holds at 100 %, and the smallest scale at which 11 pt text stays
 * readable on paper (about 8 pt). */
#define SD_XL_PAGE_UNITS 135.0
#define SD_XL_MIN_SCALE 75

/* How a sheet width units wide prints. A sheet that fits one page wide at
 * SD_XL_MIN_SCALE or more is fitted to it; a wider one (22 columns fitted
 * would print at 4-5 pt) prints at SD_XL_MIN_SCALE over several pages left
 * to right, each row's pages in turn, with the header row and the label
 * columns first..last (last < first: none) repeated on every page. */
static void sd_print_width(sd_book *b, lxw_worksheet *ws, double width, int first, int last)
{
    if (width * SD_XL_MIN_SCALE / 100.0 <= SD_XL_PAGE_UNITS)
        return; /* sd_print_setup's fit to one page wide */
    worksheet_fit_to_pages(ws, 0, 0);
    worksheet_set_print_scale(ws, SD_XL_MIN_SCALE);
    worksheet_print_across(ws);
    if (last >= first)
        SD_LXW(b, worksheet_repeat_columns(ws, (lxw_col_t)first, (lxw_col_t)last));
}

/* A sheet with a chart prints without gridlines: they would run through
 * the chart (the header row keeps its rule, the cells their spacing). */
static void sd_print_no_gridlines(lxw_worksheet *ws)
{
    /* libxlsxwriter only ever adds a gridline option: clear both first */
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    worksheet_gridlines(ws, LXW_SHOW_SCREEN_GRIDLINES);
}

/* A new sheet, set up for printing, or an error naming the sheet (a name
 * from report.ini may hold a character Excel refuses, or be too long). */
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
    sd_print_setup(b, *ws);
    return SD_OK;
}

static sd_error sd_add_chart(sd_book *b, uint8_t type, lxw_chart **chart, char *err, size_t errlen)
{
    *chart = workbook_add_chart(b->wb, type);
    return *chart ? SD_OK : sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
}

/* Text categories: in constant_memory mode libxlsxwriter cannot read the
 * cells back, writes no cache and calls every category range a number
 * reference (<c:numRef>); a range of labels is marked as text so the chart
 * says <c:strRef> and shows the labels. */
static void sd_text_categories(lxw_chart_series *s)
{
    if (s->categories)
        s->categories->has_string_cache = LXW_TRUE;
}

static void sd_series_colour(lxw_chart_series *s, lxw_color_t colour)
{
    lxw_chart_fill fill = {.color = colour};
    lxw_chart_line line = {.color = colour};
    chart_series_set_fill(s, &fill);
    chart_series_set_line(s, &line);
}

/* The light red-amber-green scale (low is worse) on a range. */
static void sd_colour_scale(sd_book *b, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                            lxw_col_t c2)
{
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
                                 .min_color = SD_XL_SCALE_LOW,
                                 .mid_color = SD_XL_SCALE_MID,
                                 .max_color = SD_XL_SCALE_HIGH};
    SD_LXW(b, worksheet_conditional_format_range(ws, r1, c1, r2, c2, &cf));
}

/* A period (YYYY-MM) as the first of its month, for a date cell. */
static lxw_datetime sd_month(const char *period)
{
    lxw_datetime d = {.year = 2000, .month = 1, .day = 1};
    sscanf(period, "%4d-%2d", &d.year, &d.month);
    return d;
}

/* A header cell of a column width units wide (the header format wraps);
 * the row is made as tall as its tallest cell by sd_header_end. A full-
 * width character takes about 2.2 units in bold, a narrow one 1.2, and a
 * line loses a unit to the cell's padding: an estimate on the generous
 * side, since a line cut off is worse than a little space. */
static void sd_head(sd_book *b, lxw_worksheet *ws, lxw_col_t c, const char *text, double width)
{
    SD_LXW(b, worksheet_write_string(ws, 0, c, text, b->head));
    size_t wide = 0, narrow = 0;
    for (const char *p = text; *p;) {
        int32_t cp = sd_utf8_next(&p);
        if (cp >= 0x1100)
            wide++;
        else
            narrow++;
    }
    double need = 2.2 * (double)wide + 1.2 * (double)narrow, room = width > 2 ? width - 1 : 1;
    int lines = (int)(need / room) + (need / room > (int)(need / room) ? 1 : 0);
    if (lines > b->head_lines)
        b->head_lines = lines;
}

/* Ends the header row: tall enough for its tallest cell (15 pt a line,
 * at least two lines' worth so the row reads as a header). */
static void sd_header_end(sd_book *b, lxw_worksheet *ws)
{
    int lines = b->head_lines < 2 ? 2 : b->head_lines;
    SD_LXW(b, worksheet_set_row(ws, 0, 15.0 * lines + 3, NULL));
    b->head_lines = 0;
}

/* The header row of cols, widths[i] units each; panes frozen below it and
 * right of freeze_cols. More header cells may follow (sd_head) before
 * sd_header_end. */
static void sd_header_row(sd_book *b, lxw_worksheet *ws, const char *const *cols, const double *widths, int n,
                          lxw_col_t freeze_cols)
{
    b->head_lines = 0;
    for (int i = 0; i < n; i++)
        sd_head(b, ws, (lxw_col_t)i, cols[i], widths[i]);
    worksheet_freeze_panes(ws, 1, freeze_cols);
}

/* Sets each column's width from widths (the same the header was measured
 * by) and returns their sum, hidden columns left out. */
static double sd_set_widths(sd_book *b, lxw_worksheet *ws, const double *widths, int n, int hidden_col)
{
    double sum = 0;
    lxw_row_col_options hidden = {.hidden = 1};
    for (int i = 0; i < n; i++) {
        SD_LXW(b, worksheet_set_column_opt(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL,
                                           i == hidden_col ? &hidden : NULL));
        if (i != hidden_col)
            sum += widths[i];
    }
    return sum;
}

/* One row per group; suppressed groups keep their label and say so.
 * 最小 / 最大 are one member's score each: only in the details workbook.
 * The trend (SD_BY_PERIOD) shows each period once, as a date in 区分;
 * its key column, like any key that only repeats its label, is hidden
 * (it stays for filters and lookups). */
static sd_error sd_group_sheet(sd_book *b, const char *sheet_name, sd_grouping by, bool line_chart, char *err,
                               size_t errlen)
{
    const sd_templates *t = b->pub->t;
    const sd_pub_table *tab = sd_published_table(b->pub, by);
    bool extremes = tab->extremes != NULL;
    bool dates = by == SD_BY_PERIOD;
    lxw_worksheet *ws;
    sd_error rc = sd_add_sheet(b, sheet_name, &ws, err, errlen);
    if (rc)
        return rc;
    const char *fixed_all[] = {"コード", "区分", "回答数", "平均点", "中央値", "第1四分位", "第3四分位",
                               "標準偏差", "最小", "最大"};
    int nf = extremes ? 10 : 8;
    /* code, label, the figures, the notes */
    double widths[10 + SD_MAX_PARTS + SD_MAX_BANDS + 5];
    int ncols = nf + t->nparts + t->nbands + 5, last_col = ncols - 1;
    for (int i = 0; i < ncols; i++)
        widths[i] = i == 0 ? 8 : i == 1 ? (dates ? 12 : 30) : i == last_col ? 36 : 11;
    sd_header_row(b, ws, fixed_all, widths, nf, 2);
    int col = nf;
    char name[200];
    for (int p = 0; p < t->nparts; p++, col++) {
        snprintf(name, sizeof name, "%s（得点率）", t->parts[p].name);
        sd_head(b, ws, (lxw_col_t)col, name, widths[col]);
    }
    /* bands named as the PDFs name them: 達成（100点）, 要改善（49点以下） */
    for (int k = 0; k < t->nbands; k++, col++) {
        sd_band_name(t, k, name, sizeof name);
        sd_head(b, ws, (lxw_col_t)col, name, widths[col]);
    }
    const char *sa[] = {"SA未宣言", "SA一つ星", "SA二つ星", "5か条実施済・未宣言（社）"};
    for (int s = 0; s < 4; s++, col++)
        sd_head(b, ws, (lxw_col_t)col, sa[s], widths[col]);
    sd_head(b, ws, (lxw_col_t)col, "備考", widths[col]);
    sd_header_end(b, ws);

    /* industries, prefectures and sizes list every value (the view lists
     * the empty ones as hidden); municipalities and industry x prefecture
     * pairs, with no fixed list, list only what they show: either way a
     * hidden group looks like an empty one */
    bool listed_only_shown = by == SD_BY_MUNICIPALITY || by == SD_BY_INDUSTRY_PREFECTURE;
    bool key_is_label = true;
    size_t nrows = 0;
    for (size_t i = 0; i < tab->n; i++) {
        const sd_pub_group *g = &tab->groups[i];
        if (listed_only_shown && g->suppressed)
            continue;
        lxw_row_t r = (lxw_row_t)++nrows;
        if (strcmp(g->key, g->label) != 0)
            key_is_label = false;
        SD_LXW(b, worksheet_write_string(ws, r, 0, g->key, NULL));
        if (dates) {
            lxw_datetime d = sd_month(g->key);
            SD_LXW(b, worksheet_write_datetime(ws, r, 1, &d, b->month));
        } else {
            SD_LXW(b, worksheet_write_string(ws, r, 1, g->label, NULL));
        }
        if (g->suppressed) {
            char why[96], note[128];
            snprintf(note, sizeof note, "%sのため非表示", sd_hidden_reason(t, 0, why, sizeof why));
            SD_LXW(b, worksheet_write_string(ws, r, (lxw_col_t)last_col, note, b->muted));
            continue;
        }
        SD_LXW(b, worksheet_write_number(ws, r, 2, g->n, b->count));
        double v[] = {g->mean, g->median, g->q1, g->q3, g->sd};
        for (int k = 0; k < (g->order_hidden ? 1 : 5); k++) /* order statistics: large groups only */
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)(3 + k), v[k], b->num1));
        if (extremes) {
            SD_LXW(b, worksheet_write_number(ws, r, 8, tab->extremes[i][0], b->integer));
            SD_LXW(b, worksheet_write_number(ws, r, 9, tab->extremes[i][1], b->integer));
        }
        col = nf;
        /* part and band shares: large groups only (blank, as hidden) */
        for (int p = 0; p < t->nparts; p++, col++)
            if (!g->shares_hidden)
                SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col, g->part_share[p], b->pct));
        for (int k = 0; k < t->nbands; k++, col++)
            if (!g->shares_hidden)
                SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col, g->band_share[k], b->pct));
        /* SECURITY ACTION only where the declaration was given */
        for (int s = 0; s < 3; s++, col++)
            if (g->sa_known)
                SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col, g->sa_share[s],
                                                 b->pct));
        if (g->sa_known)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)col, g->ready_undeclared, b->count));
        col++;
    }
    double width = sd_set_widths(b, ws, widths, ncols, dates || (key_is_label && nrows > 0) ? 0 : -1);
    /* wide: code and label on every page */
    sd_print_width(b, ws, width, 0, 1);
    /* the 業種×都道府県 list has a chart of its own: the matrix sheet's
     * colour scale over the published cells (a bar per pair would be 78
     * mostly empty bars over two pages) */
    if (nrows > 0 && by != SD_BY_INDUSTRY_PREFECTURE) {
        SD_LXW(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)last_col));
        lxw_chart *chart;
        if ((rc = sd_add_chart(b, line_chart ? LXW_CHART_LINE : LXW_CHART_BAR, &chart, err, errlen)))
            return rc;
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
        chart_series_set_categories(s, sheet_name, 1, 1, (lxw_row_t)nrows, 1);
        if (!dates)
            sd_text_categories(s);
        chart_series_set_values(s, sheet_name, 1, 3, (lxw_row_t)nrows, 3);
        chart_series_set_name(s, "平均点");
        chart_title_set_name(chart, "平均点");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        if (line_chart) {
            lxw_chart_line line = {.color = SD_XL_NAVY, .width = 2.25};
            lxw_chart_fill fill = {.color = SD_XL_NAVY};
            chart_series_set_line(s, &line);
            chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
            chart_series_set_marker_fill(s, &fill);
            chart_series_set_marker_line(s, &(lxw_chart_line){.color = SD_XL_NAVY});
            chart_axis_set_min(chart->y_axis, 0);
            chart_axis_set_max(chart->y_axis, sd_max_total(t));
            if (dates)
                chart_axis_set_num_format(chart->x_axis, SD_XL_MONTH_FORMAT);
        } else {
            sd_series_colour(s, SD_XL_BAR);
            chart_axis_set_min(chart->x_axis, 0);
            chart_axis_set_max(chart->x_axis, sd_max_total(t));
            chart_axis_set_reverse(chart->y_axis);
        }
        /* a bar per group, each about as tall as a row of text, the chart
         * at most as tall as a printed page holds (288 px at scale 1); it
         * starts a page of its own so it never breaks over two */
        double tall = line_chart || nrows <= 12 ? 1.0 : (double)nrows * 0.15;
        lxw_chart_options opt = {.x_scale = 1.4, .y_scale = tall > 2.4 ? 2.4 : tall};
        lxw_row_t at = (lxw_row_t)nrows + 2;
        lxw_row_t breaks[] = {at, 0};
        SD_LXW(b, worksheet_set_h_pagebreaks(ws, breaks));
        SD_LXW(b, worksheet_insert_chart_opt(ws, at, 1, chart, &opt));
        sd_print_no_gridlines(ws);
    }
    return sd_book_check(b, sheet_name, err, errlen);
}

/* The industry x prefecture cells as a matrix: industries (rows) and
 * prefectures (columns) that have a cell, in key order. Only what the
 * published view holds: a suppressed cell is "—", a pair with no member
 * is left empty. */
typedef struct {
    char ind[SD_NINDUSTRIES];
    int nind;
    int pref[SD_NPREFECTURES];
    int npref;
    const sd_pub_group *cell[SD_NINDUSTRIES][SD_NPREFECTURES];
} sd_cross;

static void sd_cross_build(const sd_published *pub, sd_cross *x)
{
    const sd_pub_table *tab = sd_published_table(pub, SD_BY_INDUSTRY_PREFECTURE);
    memset(x, 0, sizeof *x);
    int row_of[SD_NINDUSTRIES], col_of[SD_NPREFECTURES + 1];
    bool has_ind[SD_NINDUSTRIES] = {false}, has_pref[SD_NPREFECTURES + 1] = {false};
    /* rows and columns of shown cells only: a row of hidden cells would
     * say that industry has members, as an empty one has no row */
    for (size_t k = 0; k < tab->n; k++) {
        const char *key = tab->groups[k].key;
        int i = key[0] - 'A', code = atoi(key + 1);
        if (!tab->groups[k].suppressed && i >= 0 && i < SD_NINDUSTRIES && code >= 1 && code <= SD_NPREFECTURES)
            has_ind[i] = has_pref[code] = true;
    }
    for (int i = 0; i < SD_NINDUSTRIES; i++)
        if (has_ind[i]) {
            row_of[i] = x->nind;
            x->ind[x->nind++] = (char)('A' + i);
        }
    for (int code = 1; code <= SD_NPREFECTURES; code++)
        if (has_pref[code]) {
            col_of[code] = x->npref;
            x->pref[x->npref++] = code;
        }
    for (size_t k = 0; k < tab->n; k++) {
        const char *key = tab->groups[k].key;
        int i = key[0] - 'A', code = atoi(key + 1);
        if (i >= 0 && i < SD_NINDUSTRIES && code >= 1 && code <= SD_NPREFECTURES && has_ind[i] && has_pref[code])
            x->cell[row_of[i]][col_of[code]] = &tab->groups[k];
    }
}

/* A published group's mean; "—" when suppressed and when absent alike: a
 * blank for an empty pair beside "—" for a hidden one would say the
 * hidden one has members (issue 28: hidden and empty look the same). */
static void sd_mean_cell(sd_book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const sd_pub_group *g)
{
    if (!g || g->suppressed)
        SD_LXW(b, worksheet_write_string(ws, r, c, "—", b->dash));
    else
        SD_LXW(b, worksheet_write_number(ws, r, c, g->mean, b->num1));
}

/* Row r (0 = header) of the matrix whose label column is c0; returns
 * the rows the matrix takes (header, industries, totals, note). */
static lxw_row_t sd_cross_row(sd_book *b, lxw_worksheet *ws, const sd_cross *x, lxw_row_t r, lxw_col_t c0)
{
    const sd_published *pub = b->pub;
    const sd_templates *t = pub->t;
    const sd_pub_table *itab = sd_published_table(pub, SD_BY_INDUSTRY);
    const sd_pub_table *ptab = sd_published_table(pub, SD_BY_PREFECTURE);
    lxw_row_t rows = (lxw_row_t)x->nind + 3;
    lxw_col_t last = (lxw_col_t)(c0 + 1 + x->npref);
    char buf[200];
    if (x->nind == 0 || r >= rows)
        return x->nind ? rows : 0;
    if (r == 0) {
        sd_head(b, ws, c0, "平均点：業種＼都道府県", 26);
        for (int j = 0; j < x->npref; j++) {
            snprintf(buf, sizeof buf, "%02d", x->pref[j]);
            const sd_pub_group *g = sd_pub_find(ptab, buf);
            sd_head(b, ws, (lxw_col_t)(c0 + 1 + j), g ? g->label : t->prefectures[x->pref[j] - 1].name, 10);
        }
        sd_head(b, ws, last, "業種計", 10);
    } else if (r <= (lxw_row_t)x->nind) {
        int i = (int)r - 1;
        char key[2] = {x->ind[i], 0};
        const sd_pub_group *g = sd_pub_find(itab, key);
        const sd_industry *ind = sd_industry_by_letter(t, x->ind[i]);
        snprintf(buf, sizeof buf, "%s %s", key, ind ? ind->short_name : g ? g->label : "");
        SD_LXW(b, worksheet_write_string(ws, r, c0, buf, b->rowhead));
        for (int j = 0; j < x->npref; j++)
            sd_mean_cell(b, ws, r, (lxw_col_t)(c0 + 1 + j), x->cell[i][j]);
        sd_mean_cell(b, ws, r, last, g);
    } else if (r == (lxw_row_t)x->nind + 1) {
        SD_LXW(b, worksheet_write_string(ws, r, c0, "都道府県計", b->rowhead));
        for (int j = 0; j < x->npref; j++) {
            snprintf(buf, sizeof buf, "%02d", x->pref[j]);
            sd_mean_cell(b, ws, r, (lxw_col_t)(c0 + 1 + j), sd_pub_find(ptab, buf));
        }
        sd_mean_cell(b, ws, r, last, &pub->all);
    } else {
        snprintf(buf, sizeof buf,
                 "—：数値なし（回答がない、回答数が%d社未満、他の区分から逆算できる、"
                 "または以前に公表した集計と数社しか違わないため）",
                 t->min_group);
        SD_LXW(b, worksheet_write_string(ws, r, c0, buf, b->muted));
    }
    return rows;
}

/* The industry x prefecture matrix of mean scores on a sheet of its own,
 * a colour scale over its cells. */
static sd_error sd_cross_sheet(sd_book *b, const char *name, char *err, size_t errlen)
{
    lxw_worksheet *ws;
    sd_error rc = sd_add_sheet(b, name, &ws, err, errlen);
    if (rc)
        return rc;
    sd_cross x;
    memset(&x, 0, sizeof x);
    if (!b->pub->all.suppressed)
        sd_cross_build(b->pub, &x);
    b->head_lines = 0;
    lxw_row_t rows = sd_cross_row(b, ws, &x, 0, 0);
    sd_header_end(b, ws);
    for (lxw_row_t r = 1; r < rows; r++)
        sd_cross_row(b, ws, &x, r, 0);
    worksheet_freeze_panes(ws, 1, 1);
    SD_LXW(b, worksheet_set_column(ws, 0, 0, 26, NULL));
    if (rows > 0) {
        SD_LXW(b, worksheet_set_column(ws, 1, (lxw_col_t)(1 + x.npref), 10, NULL));
        sd_colour_scale(b, ws, 1, 1, (lxw_row_t)x.nind, (lxw_col_t)x.npref);
    }
    /* wide (many prefectures): the industry column on every page */
    sd_print_width(b, ws, 26 + 10.0 * (x.npref + 1), 0, 0);
    return sd_book_check(b, name, err, errlen);
}

/* One row of the overview's figures (column A label, column B value). */
enum { SD_LEFT_NONE, SD_LEFT_NUMBER, SD_LEFT_DATE };
typedef struct {
    char label[200];
    lxw_format *lf, *vf;
    int kind;
    double v;
} sd_left_row;

/* The overview: headline figures and the band distribution (columns A-B),
 * the industry x prefecture matrix of mean scores beside them (from
 * column D, a colour scale over its cells), the band chart below. */
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
    sd_left_row left[10 + SD_MAX_BANDS];
    int nl = 0;
    memset(left, 0, sizeof left);
#define SD_LEFT(lab, lfmt, k, val, vfmt)                                                                       \
    do {                                                                                                       \
        snprintf(left[nl].label, sizeof left[nl].label, "%s", (lab));                                          \
        left[nl].lf = (lfmt);                                                                                  \
        left[nl].kind = (k);                                                                                   \
        left[nl].v = (val);                                                                                    \
        left[nl++].vf = (vfmt);                                                                                \
    } while (0)
    SD_LEFT("診断月", NULL, SD_LEFT_DATE, 0, b->month);
    int band_first = -1;
    sd_cross x;
    memset(&x, 0, sizeof x);
    if (all->suppressed) {
        char note[96];
        snprintf(note, sizeof note, "回答数が%d社未満のため集計値は非表示", t->min_group);
        SD_LEFT(note, b->muted, SD_LEFT_NONE, 0, NULL);
    } else {
        SD_LEFT("回答事業所数", NULL, SD_LEFT_NUMBER, all->n, b->count);
        SD_LEFT("平均点", NULL, SD_LEFT_NUMBER, all->mean, b->num1);
        if (!all->order_hidden) { /* order statistics: large groups only */
            SD_LEFT("中央値", NULL, SD_LEFT_NUMBER, all->median, b->num1);
            SD_LEFT("第1四分位", NULL, SD_LEFT_NUMBER, all->q1, b->num1);
            SD_LEFT("第3四分位", NULL, SD_LEFT_NUMBER, all->q3, b->num1);
            SD_LEFT("標準偏差", NULL, SD_LEFT_NUMBER, all->sd, b->num1);
        }
        SD_LEFT("", NULL, SD_LEFT_NONE, 0, NULL);
        SD_LEFT("判定の分布", b->head, SD_LEFT_NONE, 0, NULL);
        if (all->shares_hidden) { /* a small whole: no shares, no chart */
            char note[96];
            snprintf(note, sizeof note, "回答数が%d社未満のため非表示", 2 * t->min_group);
            SD_LEFT(note, b->muted, SD_LEFT_NONE, 0, NULL);
        } else {
            band_first = nl;
            for (int k = 0; k < t->nbands; k++) {
                char name[200];
                sd_band_name(t, k, name, sizeof name);
                SD_LEFT(name, NULL, SD_LEFT_NUMBER, all->band_share[k], b->pct);
            }
        }
    }
#undef SD_LEFT
    const lxw_col_t mcol = 3;
    /* constant_memory writes rows in order: both blocks row by row */
    const char *cols[] = {"項目", "値"};
    const double widths[] = {28, 14};
    sd_header_row(b, ws, cols, widths, 2, 0);
    lxw_row_t mrows = sd_cross_row(b, ws, &x, 0, mcol);
    sd_header_end(b, ws);
    lxw_row_t nrows = (lxw_row_t)nl + 1 > mrows ? (lxw_row_t)nl + 1 : mrows;
    for (lxw_row_t r = 1; r < nrows; r++) {
        if (r <= (lxw_row_t)nl) {
            const sd_left_row *l = &left[r - 1];
            if (l->label[0])
                SD_LXW(b, worksheet_write_string(ws, r, 0, l->label, l->lf));
            if (l->kind == SD_LEFT_NUMBER) {
                SD_LXW(b, worksheet_write_number(ws, r, 1, l->v, l->vf));
            } else if (l->kind == SD_LEFT_DATE) {
                lxw_datetime d = sd_month(pub->period);
                SD_LXW(b, worksheet_write_datetime(ws, r, 1, &d, l->vf));
            }
        }
        sd_cross_row(b, ws, &x, r, mcol);
    }
    SD_LXW(b, worksheet_set_column(ws, 0, 0, 28, NULL));
    SD_LXW(b, worksheet_set_column(ws, 1, 1, 14, NULL));
    SD_LXW(b, worksheet_set_column(ws, 2, 2, 3, NULL));
    if (mrows > 0) {
        SD_LXW(b, worksheet_set_column(ws, mcol, mcol, 26, NULL));
        SD_LXW(b, worksheet_set_column(ws, mcol + 1, (lxw_col_t)(mcol + 1 + x.npref), 10, NULL));
        sd_colour_scale(b, ws, 1, mcol + 1, (lxw_row_t)x.nind, (lxw_col_t)(mcol + x.npref));
    }
    /* wide (many prefectures): the figures' labels on every page */
    sd_print_width(b, ws, 28 + 14 + 3 + (mrows > 0 ? 26 + 10.0 * (x.npref + 1) : 0), 0, 0);
    if (band_first < 0)
        return sd_book_check(b, sheet, err, errlen);
    lxw_chart *chart;
    if ((rc = sd_add_chart(b, LXW_CHART_COLUMN, &chart, err, errlen)))
        return rc;
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    if (!s)
        return sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
    /* left[k] is on row k + 1 */
    chart_series_set_categories(s, sheet, (lxw_row_t)band_first + 1, 0, (lxw_row_t)nl, 0);
    sd_text_categories(s);
    chart_series_set_values(s, sheet, (lxw_row_t)band_first + 1, 1, (lxw_row_t)nl, 1);
    chart_series_set_name(s, "割合");
    sd_series_colour(s, SD_XL_BAR);
    chart_title_set_name(chart, "判定の分布");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_num_format(chart->y_axis, "0%");
    SD_LXW(b, worksheet_insert_chart(ws, nrows + 1, 0, chart));
    sd_print_no_gridlines(ws);
    return sd_book_check(b, sheet, err, errlen);
}

/* An implementation rate: the exact share, or a small group's bound near
 * 0 % or 100 % as its words (「8割以上」), right-aligned as the numbers. */
static void sd_rate_cell(sd_book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const sd_pub_question *q)
{
    char bound[32];
    if (q->rate_bound.kind != SD_SHARE_EXACT)
        SD_LXW(b, worksheet_write_string(ws, r, c, sd_share_bound_text(q->rate_bound, bound, sizeof bound),
                                         b->dash));
    else
        SD_LXW(b, worksheet_write_number(ws, r, c, q->rate, b->pct));
}

/* Answer shares per question (the 項目 column reads "Q1 …", as the PDFs
 * print it, and names the chart's bars), the implementation rate overall
 * and per published industry under a colour scale, and the shares as a
 * stacked chart in the answers' colours. */
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
    double widths[9 + SD_NINDUSTRIES];
    for (int i = 0; i < 9 + SD_NINDUSTRIES; i++)
        widths[i] = i == 0 ? 6 : i == 1 ? 18 : i == 2 ? 48 : 13;
    sd_header_row(b, ws, cols, widths, 9, 3);
    int shown[SD_NINDUSTRIES], nshown = 0;
    for (size_t k = 0; k < ind->n; k++) {
        const sd_pub_group *g = &ind->groups[k];
        int i = g->key[0] - 'A';
        if (g->suppressed || i < 0 || i >= SD_NINDUSTRIES || pub->q_industry[i][0].suppressed)
            continue;
        const sd_industry *industry = sd_industry_by_letter(t, g->key[0]);
        char head[200];
        snprintf(head, sizeof head, "実施率（%s %s、%d社）", g->key, industry ? industry->short_name : "", g->n);
        sd_head(b, ws, (lxw_col_t)(9 + nshown), head, widths[9 + nshown]);
        shown[nshown++] = i;
    }
    sd_header_end(b, ws);
    for (int i = 0; i < t->nquestions; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        char label[600];
        snprintf(label, sizeof label, "Q%d %s", i + 1, t->questions[i].label);
        SD_LXW(b, worksheet_write_number(ws, r, 0, i + 1, b->integer));
        SD_LXW(b, worksheet_write_string(ws, r, 1, t->parts[t->questions[i].part].name, NULL));
        SD_LXW(b, worksheet_write_string(ws, r, 2, label, NULL));
        if (q[i].suppressed)
            continue;
        SD_LXW(b, worksheet_write_number(ws, r, 3, q[i].n, b->count));
        /* a small group publishes its rate only, near 0 % or 100 % as a
         * bound (rules/bound.h) */
        for (int c = 0; c < SD_NCHOICES && !q[i].shares_hidden; c++)
            SD_LXW(b, worksheet_write_number(ws, r, (lxw_col_t)(4 + c), q[i].share[c], b->pct));
        sd_rate_cell(b, ws, r, 8, &q[i]);
        for (int k = 0; k < nshown; k++)
            sd_rate_cell(b, ws, r, (lxw_col_t)(9 + k), &pub->q_industry[shown[k]][i]);
    }
    lxw_col_t last = (lxw_col_t)(8 + nshown);
    double width = sd_set_widths(b, ws, widths, last + 1, -1);
    /* wide: the question number and its words on every page (分野 too:
     * the three are one block) */
    sd_print_width(b, ws, width, 0, 2);
    sd_print_no_gridlines(ws);
    SD_LXW(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nquestions, last));
    sd_colour_scale(b, ws, 1, 8, (lxw_row_t)t->nquestions, last);
    lxw_chart *chart;
    if ((rc = sd_add_chart(b, LXW_CHART_BAR_STACKED_PERCENT, &chart, err, errlen)))
        return rc;
    for (int c = 0; c < SD_NCHOICES; c++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return sd_fail(err, errlen, SD_ERR_XLSX, "グラフを作れません（メモリ不足）");
        chart_series_set_categories(s, sheet, 1, 2, (lxw_row_t)t->nquestions, 2);
        sd_text_categories(s);
        chart_series_set_values(s, sheet, 1, (lxw_col_t)(4 + c), (lxw_row_t)t->nquestions, (lxw_col_t)(4 + c));
        chart_series_set_name_range(s, sheet, 0, (lxw_col_t)(4 + c));
        /* white edges keep the four parts apart in black and white too */
        lxw_chart_fill fill = {.color = SD_XL_CHOICE[c]};
        lxw_chart_line edge = {.color = 0xFFFFFF, .width = 0.75};
        chart_series_set_fill(s, &fill);
        chart_series_set_line(s, &edge);
    }
    chart_title_set_name(chart, "設問別の回答の割合");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_axis_set_reverse(chart->y_axis); /* Q1 at the top (a bar chart's y axis holds the categories) */
    chart_axis_set_num_format(chart->x_axis, "0%");
    chart_set_series_gap(chart, 50);
    /* on a page of its own, as tall as a landscape page holds at 75 % and
     * no wider than the first columns' page (it would be cut at its edge) */
    lxw_chart_options opt = {.x_scale = 1.7, .y_scale = 2.4};
    lxw_row_t breaks[] = {(lxw_row_t)t->nquestions + 2, 0};
    SD_LXW(b, worksheet_set_h_pagebreaks(ws, breaks));
    SD_LXW(b, worksheet_insert_chart_opt(ws, (lxw_row_t)t->nquestions + 2, 0, chart, &opt));
    return sd_book_check(b, sheet, err, errlen);
}
typedef struct {
    sd_book *b;
    lxw_worksheet *ws;
    lxw_row_t r;
    int part;         /* 回答明細 sheets so far */
    char name[64];    /* the current sheet's name */
} sd_sheet_rows;

/* Autofilter, widths and banded rows of a 回答明細 sheet of rows rows. */
static void sd_details_finish(sd_book *b, lxw_worksheet *ws, lxw_row_t rows)
{
    static const double widths[] = {12, 30, 6, 16, 16, 16, 16, 8.43, 8.43, 40, 16, 8.43};
    /* member number and name on every page */
    sd_print_width(b, ws, sd_set_widths(b, ws, widths, 12, -1), 0, 1);
    if (rows > 0) {
        SD_LXW(b, worksheet_autofilter(ws, 0, 0, rows, 11));
        lxw_conditional_format band = {.type = LXW_CONDITIONAL_TYPE_FORMULA,
                                       .value_string = "=MOD(ROW(),2)=0",
                                       .format = b->band};
        SD_LXW(b, worksheet_conditional_format_range(ws, 1, 0, rows, 11, &band));
    }
}

/* The next 回答明細 sheet: 回答明細, then 回答明細 (2), (3) … */
static sd_error sd_details_open(sd_sheet_rows *s, char *err, size_t errlen)
{
    const char *sheet = sd_text(s->b->pub->t, "workbook.sheet_details");
    if (++s->part == 1)
        snprintf(s->name, sizeof s->name, "%s", sheet);
    else
        snprintf(s->name, sizeof s->name, "%s (%d)", sheet, s->part);
    sd_error rc = sd_add_sheet(s->b, s->name, &s->ws, err, errlen);
    if (rc)
        return rc;
    static const char *const cols[] = {"会員番号", "事業所名", "業種", "業種名", "都道府県", "市区町村",
                                       "従業員規模", "総合点", "設問", "項目", "回答", "点"};
    static const double widths[] = {12, 30, 6, 16, 16, 16, 16, 8.43, 8.43, 40, 16, 8.43};
    sd_header_row(s->b, s->ws, cols, widths, 12, 2);
    sd_header_end(s->b, s->ws);
    s->r = 0;
    return SD_OK;
}

/* One answer as a row of 回答明細 (the columns of sd_details_open). */
static sd_error sd_details_row(void *ctx, const sd_detail_row *d, char *err, size_t errlen)
{
    sd_book *b = ctx;
    const sd_templates *t = b->pub->t;
    const sd_industry *ind = sd_industry_by_letter(t, d->industry);
    const sd_size_band *sb = sd_size_band_by_id(t, d->size_band);
    if (!ind || d->prefecture < 1 || d->prefecture > SD_NPREFECTURES || d->question < 1 ||
        d->question > t->nquestions || d->choice < 0 || d->choice >= SD_NCHOICES)
        return sd_fail(err, errlen, SD_ERR_DB, "会員番号 %s の回答（設問 %d）がデータベースで壊れています",
                       d->member_no, d->question);
    sd_error rc = sd_xrows_row(b->xrows, err, errlen);
    if (rc)
        return rc;
    sd_xrows *x = b->xrows;
    char code[2] = {d->industry, 0};
    sd_xrows_text(x, d->member_no);
    sd_xrows_text(x, d->name);
    sd_xrows_text(x, code);
    sd_xrows_text(x, ind->name);
    sd_xrows_text(x, t->prefectures[d->prefecture - 1].name);
    sd_xrows_text(x, d->municipality);
    sd_xrows_text(x, sb ? sb->label : NULL);
    sd_xrows_int(x, d->total, b->integer_style);
    sd_xrows_int(x, d->question, b->integer_style);
    sd_xrows_text(x, t->questions[d->question - 1].label);
    sd_xrows_text(x, t->choices[d->choice].label);
    sd_xrows_int(x, d->points, b->integer_style);
    return SD_OK;
}

/* One row per company and question. An Excel table is what this would be,
 * but libxlsxwriter refuses worksheet_add_table() in constant_memory mode
 * (LXW_ERROR_FEATURE_NOT_SUPPORTED): an autofilter, frozen header and
 * banded rows (a conditional format, no per-cell cost) give the table's
 * use and look. More answers than a sheet holds continue on 回答明細 (2),
 * (3) …, never dropped. Here only each sheet's frame is made, sized by
 * the rows counted: its header, its ranges and a blank cell in its last
 * row; the rows go in after libxlsxwriter has written the package
 * (sd_details_rows). */
static sd_error sd_details_sheet(sd_book *b, char *err, size_t errlen)
{
    long long n = 0;
    sd_error rc = b->rows->answers.count(b->rows->answers.src, &n, err, errlen);
    if (rc)
        return rc;
    long long per = sd_lim.detail_rows;
    int nparts = n > 0 ? (int)((n + per - 1) / per) : 1;
    b->details = sd_xmalloc((size_t)nparts * sizeof *b->details);
    sd_sheet_rows s = {.b = b};
    for (int p = 0; p < nparts; p++) {
        if ((rc = sd_details_open(&s, err, errlen)))
            return rc;
        long long rows = n - (long long)p * per < per ? n - (long long)p * per : per;
        if (rows > 0) {
            /* the last row's blank cell gives the sheet its dimension */
            SD_LXW(b, worksheet_write_blank(s.ws, (lxw_row_t)rows, 11, b->integer));
            b->integer_style = lxw_format_get_xf_index(b->integer);
            b->details[b->ndetails++] = (sd_xrows_part){.sheet = s.ws->index + 1, .rows = rows};
        }
        sd_details_finish(b, s.ws, (lxw_row_t)rows);
        if ((rc = sd_book_check(b, s.name, err, errlen)))
            return rc;
    }
    return SD_OK;
}

/* Copies the package libxlsxwriter wrote at staged to to (the output
 * path's file while it is made) with 回答明細's rows in its frames. */
static sd_error sd_details_rows(sd_book *b, const char *staged, const char *to, const char *path, char *err,
                                size_t errlen)
{
    sd_error rc = sd_xrows_open(staged, to, path, b->details, b->ndetails, &b->xrows, err, errlen);
    if (rc)
        return rc;
    rc = b->rows->answers.each(b->rows->answers.src, sd_details_row, b, err, errlen);
    if (rc) {
        sd_xrows_abort(b->xrows);
        b->xrows = NULL;
        return rc;
    }
    rc = sd_xrows_close(b->xrows, err, errlen);
    b->xrows = NULL;
    return rc;
}

static sd_error sd_rejects_row(sd_sheet_rows *s, const sd_reject_row *x, char *err, size_t errlen)
{
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
    static const double widths[] = {30, 6, 16, 16, 70};
    sd_header_row(b, s.ws, cols, widths, 5, 0);
    sd_header_end(b, s.ws);
    for (size_t i = 0; i < b->rows->rejects->n; i++) {
        if ((rc = sd_rejects_row(&s, &b->rows->rejects->rows[i], err, errlen)))
            return rc;
    }
    sd_print_width(b, s.ws, sd_set_widths(b, s.ws, widths, 5, -1), 0, 0);
    if (s.r > 0)
        SD_LXW(b, worksheet_autofilter(s.ws, 0, 0, s.r, 4));
    return sd_book_check(b, sheet, err, errlen);
}

static void sd_seminar_group_row(sd_book *b, lxw_worksheet *ws, lxw_row_t r, const sd_seminar *s,
                                 const sd_effect *e, bool attended, lxw_col_t note_col)
{
    const sd_templates *t = b->pub->t;
    const sd_effect_group *g = attended ? &e->attended : &e->others;
    char buf[96];
    lxw_datetime d = {.year = 2000, .month = 1, .day = 1};
    sscanf(s->held_on, "%4d-%2d-%2d", &d.year, &d.month, &d.day);
    SD_LXW(b, worksheet_write_number(ws, r, 0, (double)s->id, b->integer));
    SD_LXW(b, worksheet_write_datetime(ws, r, 1, &d, b->day));
    SD_LXW(b, worksheet_write_string(ws, r, 2, s->title, NULL));
    SD_LXW(b, worksheet_write_string(ws, r, 3,
                                     attended ? sd_text(t, "seminar.attended")
                                              : sd_text(t, "seminar.not_attended"),
                                     NULL));
    char from[32], to[32];
    sd_period_label(e->first_before, from);
    sd_period_label(e->last_after, to);
    snprintf(buf, sizeof buf, "%s〜%s", from, to);
    SD_LXW(b, worksheet_write_string(ws, r, 4, buf, NULL));
    if (g->suppressed) {
        if (e->rule == SD_EFFECT_NEAR_OTHER)
            snprintf(buf, sizeof buf, "セミナー ID %lld から逆算できるため非表示", e->near_seminar);
        else
            snprintf(buf, sizeof buf, "回答数が%d社未満のため非表示", t->min_group);
        SD_LXW(b, worksheet_write_string(ws, r, note_col, buf, b->muted));
        return;
    }
    lxw_col_t c = 5;
    SD_LXW(b, worksheet_write_number(ws, r, c++, g->n, b->count));
    SD_LXW(b, worksheet_write_number(ws, r, c++, g->mean_change, b->num1));
    for (int p = 0; p < t->nparts; p++)
        SD_LXW(b, worksheet_write_number(ws, r, c++, g->part_change[p], b->num1));
    double shares[] = {g->improved_share, g->ready_before, g->ready_after, g->reached_share};
    for (int k = 0; k < 4; k++)
        SD_LXW(b, worksheet_write_number(ws, r, c++, shares[k], b->pct));
}

/* The header row of セミナーの効果 with its columns' widths; returns the
 * column of the notes. */
static lxw_col_t sd_seminar_header(sd_book *b, lxw_worksheet *ws, double *widths)
{
    const sd_templates *t = b->pub->t;
    const char *fixed[] = {"セミナーID", "開催日", "セミナー", "区分", "比べた回答の月", "比べた会員数",
                           "総合点の平均の変化"};
    int ncols = 7 + t->nparts + 5;
    for (int i = 0; i < ncols; i++)
        widths[i] = i == 0 ? 8 : i == 1 ? 14 : i == 2 ? 30 : i <= 4 ? 20 : i == ncols - 1 ? 36 : 12;
    sd_header_row(b, ws, fixed, widths, 7, 4);
    lxw_col_t c = 7;
    char name[200];
    for (int p = 0; p < t->nparts; p++, c++) {
        snprintf(name, sizeof name, "%s（%d〜%d）の平均の変化", t->parts[p].name, t->parts[p].first,
                 t->parts[p].last);
        sd_head(b, ws, c, name, widths[c]);
    }
    const char *shares[] = {"総合点が上がった割合", "5か条実施済（前）", "5か条実施済（後）",
                            "新たに5か条実施済になった割合", "備考"};
    for (int k = 0; k < 5; k++, c++)
        sd_head(b, ws, c, shares[k], widths[c]);
    sd_header_end(b, ws);
    return c - 1;
}

/* The seminars' effect as this period's batch publishes it
 * (sd_seminar_effects: those with a member compared on the answers up to
 * this workbook's period). The privacy rule is stats/effect.c's: a
 * suppressed group keeps its label and the note, and no figure at all,
 * not even its n (nothing is recomputed here). With no such seminar there
 * is no sheet at all. */
static sd_error sd_seminar_sheet(sd_book *b, char *err, size_t errlen)
{
    const sd_templates *t = b->pub->t;
    const sd_seminar_effects *x = b->rows->seminars;
    if (!x || x->n == 0)
        return SD_OK;
    const char *sheet = sd_text(t, "workbook.sheet_seminar");
    lxw_worksheet *ws;
    sd_error rc = sd_add_sheet(b, sheet, &ws, err, errlen);
    if (rc)
        return rc;
    double widths[7 + SD_MAX_PARTS + 5];
    lxw_col_t note_col = sd_seminar_header(b, ws, widths);
    lxw_row_t r = 0;
    for (size_t i = 0; i < x->n; i++) {
        sd_seminar_group_row(b, ws, ++r, &x->seminars[i], &x->effects[i], true, note_col);
        sd_seminar_group_row(b, ws, ++r, &x->seminars[i], &x->effects[i], false, note_col);
    }
    /* wide: which seminar and which group on every page */
    sd_print_width(b, ws, sd_set_widths(b, ws, widths, note_col + 1, -1), 0, 3);
    SD_LXW(b, worksheet_autofilter(ws, 0, 0, r, note_col));
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
static void sd_staging_clear(const char *dir) { sd_output_sweep(dir, NULL); }

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

/* The cell formats, made once per workbook; a failure is kept in b->lerr. */
static void sd_book_formats(sd_book *b)
{
    if ((b->head = sd_format(b))) {
        format_set_bold(b->head);
        format_set_bg_color(b->head, SD_XL_HEAD);
        format_set_text_wrap(b->head);
        format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
        format_set_bottom(b->head, LXW_BORDER_THIN);
    }
    if ((b->rowhead = sd_format(b))) {
        format_set_bold(b->rowhead);
        format_set_bg_color(b->rowhead, SD_XL_BAND);
    }
    if ((b->num1 = sd_format(b)))
        format_set_num_format(b->num1, "0.0");
    if ((b->pct = sd_format(b)))
        format_set_num_format(b->pct, "0.0%");
    /* whole numbers: scores, question and row numbers as they are, counts
     * with a thousands separator */
    if ((b->integer = sd_format(b)))
        format_set_num_format(b->integer, "0");
    if ((b->count = sd_format(b)))
        format_set_num_format(b->count, "#,##0");
    if ((b->month = sd_format(b))) {
        format_set_num_format(b->month, SD_XL_MONTH_FORMAT);
        format_set_align(b->month, LXW_ALIGN_LEFT);
    }
    if ((b->day = sd_format(b))) {
        format_set_num_format(b->day, SD_XL_DAY_FORMAT);
        format_set_align(b->day, LXW_ALIGN_LEFT);
    }
    if ((b->muted = sd_format(b)))
        format_set_font_color(b->muted, 0x666666);
    if ((b->dash = sd_format(b))) {
        format_set_font_color(b->dash, 0x666666);
        format_set_align(b->dash, LXW_ALIGN_CENTER);
    }
    if ((b->band = sd_format(b)))
        format_set_bg_color(b->band, SD_XL_BAND);
}

/* The title, the header and footer printed on every page and the
 * document's properties. title is set (owned: the caller frees). Returns
 * SD_OK or SD_ERR_XLSX. */
static sd_error sd_book_properties(sd_book *b, const char *path, char **title, char *err, size_t errlen)
{
    const sd_templates *t = b->pub->t;
    char per[32];
    sd_period_label(b->pub->period, per);
    *title = sd_xasprintf("%s（%s）", sd_text(t, "workbook.title"), per);
    /* printed on every page: organisation left, title and period right;
     * sheet name and page at the foot (each part capped so the whole
     * stays within Excel's 255 characters) */
    sd_buf hf = {0};
    sd_buf_adds(&hf, "&L");
    sd_hf_add(&hf, t->org_name, 100);
    sd_buf_adds(&hf, "&R");
    sd_hf_add(&hf, *title, 140);
    b->print_header = sd_buf_steal(&hf);
    b->print_footer = sd_xstrdup("&L&A&R&P / &N");
    lxw_doc_properties props = {.title = *title, .author = t->org_name, .company = t->org_name,
                                .subject = t->title, .created = 0};
    /* a fixed creation time keeps the file reproducible */
    struct tm tm = {0};
    int y = 2000, m = 1;
    sscanf(b->pub->period, "%4d-%2d", &y, &m);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = 1;
    props.created = timegm(&tm);
    lxw_error lerr = workbook_set_properties(b->wb, &props);
    if (lerr != LXW_NO_ERROR)
        return sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(lerr));
    return SD_OK;
}

/* Every sheet in order. Returns SD_OK or the first sheet's error. */
static sd_error sd_book_sheets(sd_book *b, char *err, size_t errlen)
{
    const sd_templates *t = b->pub->t;
    bool details = b->rows->details;
    sd_error rc;
    if ((rc = sd_overview_sheet(b, err, errlen)) ||
        (rc = sd_group_sheet(b, sd_text(t, "workbook.sheet_industry"), SD_BY_INDUSTRY, false, err, errlen)) ||
        (rc = sd_group_sheet(b, sd_text(t, "workbook.sheet_prefecture"), SD_BY_PREFECTURE, false, err,
                             errlen)) ||
        (rc = sd_group_sheet(b, sd_text(t, "workbook.sheet_municipality"), SD_BY_MUNICIPALITY, false, err,
                             errlen)) ||
        (rc = sd_group_sheet(b, sd_text(t, "workbook.sheet_size"), SD_BY_SIZE, false, err, errlen)) ||
        (rc = sd_group_sheet(b, sd_text(t, "workbook.sheet_cross"), SD_BY_INDUSTRY_PREFECTURE, false, err,
                             errlen)) ||
        (rc = sd_cross_sheet(b, sd_text(t, "workbook.sheet_cross_matrix"), err, errlen)) ||
        (rc = sd_group_sheet(b, sd_text(t, "workbook.sheet_trend"), SD_BY_PERIOD, true, err, errlen)) ||
        (rc = sd_question_sheet(b, err, errlen)) || (rc = sd_seminar_sheet(b, err, errlen)) ||
        (details && (rc = sd_details_sheet(b, err, errlen))) ||
        /* the rejects quote members' own cells (a name, a phone number):
         * never in the workbook that leaves the office */
        (details && (rc = sd_rejects_sheet(b, err, errlen))))
        return rc;
    return SD_OK;
}

sd_error sd_workbook_write(const sd_published *pub, const sd_workbook_rows *rows, const char *path, char *err,
                           size_t errlen)
{
    sd_book b = {.pub = pub, .rows = rows};
    sd_output *out = NULL;
    char *title = NULL, *tmpdir = NULL, *staged = NULL;
    /* created first with its final mode (the detail sheet is private);
     * libxlsxwriter then writes into it by name */
    sd_error rc = sd_output_open(path, rows->details ? 0600 : 0644, &out, err, errlen);
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
    /* with 回答明細, libxlsxwriter's package is staged and copied to the
     * output with the rows (sd_details_rows) */
    staged = sd_xasprintf("%s/book.xlsx", tmpdir);
    b.wb = workbook_new_opt(rows->details ? staged : sd_output_by_name(out), &wopt);
    if (!b.wb) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません", path);
        goto cleanup;
    }
    sd_book_formats(&b);
    if (b.lerr != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(b.lerr));
        goto cleanup;
    }

    if ((rc = sd_book_properties(&b, path, &title, err, errlen)) || (rc = sd_book_sheets(&b, err, errlen)))
        goto cleanup;
    lxw_error lerr = workbook_close(b.wb);
    b.wb = NULL;
    if (lerr != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(lerr));
        goto cleanup;
    }
    if (rows->details && (rc = sd_details_rows(&b, staged, sd_output_by_name(out), path, err, errlen)))
        goto cleanup;
    rc = sd_output_commit(out, err, errlen);
    out = NULL;
cleanup:
    if (b.wb) {
        /* the file is given up; close only to free what libxlsxwriter
         * holds. With no sheet at all (the first one could not be made:
         * no file handle left) workbook_close adds a default sheet, which
         * fails the same way, and then reads it: free it instead. */
        if (b.wb->num_sheets > 0)
            workbook_close(b.wb);
        else
            lxw_workbook_free(b.wb);
    }
    sd_output_abort(out);
    if (tmpdir) {
        sd_staging_clear(tmpdir);
        rmdir(tmpdir);
    }
    free(title);
    free(tmpdir);
    free(staged);
    free(b.details);
    free(b.print_header);
    free(b.print_footer);
    return rc;
}
