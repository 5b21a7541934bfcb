/* answer_input.c - the file staff type the paper answer sheets into: an
 * xlsx (answer cells offering the answer words as a list) and the same
 * as CSV, in the layout shindan imports, the members' details filled in */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/output.h"
#include "core/util.h"
#include "ingest/values.h"
#include "render/kit.h"
#include "render/reports.h"

/* The detail columns, in the order of the header. */
static const sd_field sd_input_fields[] = {SD_FIELD_MEMBER_NO,   SD_FIELD_NAME,         SD_FIELD_INDUSTRY,
                                           SD_FIELD_PREFECTURE,  SD_FIELD_MUNICIPALITY, SD_FIELD_EMPLOYEES,
                                           SD_FIELD_ANSWERED_ON, SD_FIELD_SA_LEVEL};
#define SD_NINPUT_FIELDS (sizeof sd_input_fields / sizeof sd_input_fields[0])

/* One member's row: the detail cells (owned strings, "" when unknown);
 * employees as a count when known (cells[5] is then its digits). */
typedef struct {
    char *cells[SD_NINPUT_FIELDS];
    int employees; /* -1: a band label or nothing */
} sd_input_row;

static void sd_input_row_make(const sd_kit *k, const sd_attendee_row *r, sd_input_row *out)
{
    const sd_templates *t = k->t;
    memset(out, 0, sizeof *out);
    out->employees = -1;
    const sd_industry *ind = r->company_id ? sd_industry_by_letter(t, r->industry) : NULL;
    const sd_size_band *band = r->company_id ? sd_size_band_by_id(t, r->size_band) : NULL;
    bool pref = r->company_id && r->prefecture >= 1 && r->prefecture <= SD_NPREFECTURES;
    out->cells[0] = sd_xstrdup(r->member_no ? r->member_no : "");
    out->cells[1] = sd_xstrdup(r->name && *r->name ? r->name : r->raw_name);
    out->cells[2] = sd_xstrdup(ind ? ind->name : "");
    out->cells[3] = sd_xstrdup(pref ? t->prefectures[r->prefecture - 1].name : "");
    out->cells[4] = sd_xstrdup(r->company_id && r->municipality ? r->municipality : "");
    if (r->company_id && r->employees >= 0) {
        out->employees = r->employees;
        out->cells[5] = sd_xasprintf("%d", r->employees);
    } else {
        out->cells[5] = sd_xstrdup(band ? band->label : "");
    }
    out->cells[6] = sd_xstrdup(""); /* 回答日: from the sheet */
    out->cells[7] = sd_xstrdup(""); /* SECURITY ACTION: from the sheet */
}

static void sd_input_row_free(sd_input_row *r)
{
    for (size_t i = 0; i < SD_NINPUT_FIELDS; i++)
        free(r->cells[i]);
}

/* The header cells: the fields' names as columns.ini labels them, then
 * Q1…Qn. Each is one shindan maps without a doubt. */
static void sd_input_header(const sd_templates *t, char **out)
{
    for (size_t i = 0; i < SD_NINPUT_FIELDS; i++)
        out[i] = sd_xstrdup(t->columns[sd_input_fields[i]].label);
    for (int q = 0; q < t->nquestions; q++)
        out[SD_NINPUT_FIELDS + (size_t)q] = sd_xasprintf("Q%d", q + 1);
}

/* ---- CSV ---- */

sd_error sd_answer_input_csv_write(const sd_kit *k, const char *path, char *err, size_t errlen)
{
    const sd_templates *t = k->t;
    sd_output *out = NULL;
    sd_error rc = sd_output_open(path, 0600, &out, err, errlen);
    if (rc)
        return rc;
    FILE *fp = sd_output_stream(out);
    size_t ncols = SD_NINPUT_FIELDS + (size_t)t->nquestions;
    char **head = sd_xcalloc(ncols + 1, sizeof *head);
    sd_input_header(t, head);
    fputs("\xEF\xBB\xBF", fp); /* Excel reads UTF-8 only with its BOM */
    for (size_t c = 0; c < ncols; c++) {
        sd_csv_quoted(fp, head[c]);
        fputs(c + 1 < ncols ? "," : "\r\n", fp);
    }
    sd_strv_free(head);
    for (size_t i = 0; i < k->nrows && !ferror(fp); i++) {
        if (!sd_kit_wants_sheet(k, &k->rows[i]))
            continue;
        sd_input_row row;
        sd_input_row_make(k, &k->rows[i], &row);
        for (size_t c = 0; c < SD_NINPUT_FIELDS; c++) {
            if (*row.cells[c])
                sd_csv_quoted(fp, row.cells[c]);
            fputc(',', fp);
        }
        for (int q = 1; q < t->nquestions; q++)
            fputc(',', fp);
        fputs("\r\n", fp);
        sd_input_row_free(&row);
    }
    return sd_output_commit(out, err, errlen);
}

/* ---- xlsx ---- */

/* Keeps the first libxlsxwriter error. */
#define SD_LXW(e, call)                                                                                      \
    do {                                                                                                     \
        lxw_error e_ = (call);                                                                               \
        if (e_ != LXW_NO_ERROR && (e) == LXW_NO_ERROR)                                                       \
            (e) = e_;                                                                                        \
    } while (0)

/* The header and a row per member wanting a sheet, the columns' widths
 * and formats. The first error is kept in *e. Returns the rows written
 * below the header. */
static lxw_row_t sd_input_rows(const sd_kit *k, lxw_worksheet *ws, lxw_format *fhead, lxw_format *ftext,
                               lxw_format *fdate, char **head, lxw_error *e)
{
    size_t ncols = SD_NINPUT_FIELDS + (size_t)k->t->nquestions;
    for (size_t c = 0; c < ncols; c++)
        SD_LXW(*e, worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], fhead));
    lxw_row_t r = 0;
    for (size_t i = 0; i < k->nrows; i++) {
        if (!sd_kit_wants_sheet(k, &k->rows[i]))
            continue;
        sd_input_row row;
        sd_input_row_make(k, &k->rows[i], &row);
        r++;
        for (size_t c = 0; c < SD_NINPUT_FIELDS; c++) {
            if (c == 5 && row.employees >= 0)
                SD_LXW(*e, worksheet_write_number(ws, r, (lxw_col_t)c, row.employees, NULL));
            else if (*row.cells[c])
                SD_LXW(*e, worksheet_write_string(ws, r, (lxw_col_t)c, row.cells[c], c == 0 ? ftext : NULL));
        }
        sd_input_row_free(&row);
    }
    SD_LXW(*e, worksheet_set_column(ws, 0, 0, 12, ftext));
    SD_LXW(*e, worksheet_set_column(ws, 1, 1, 32, NULL));
    SD_LXW(*e, worksheet_set_column(ws, 2, 4, 14, NULL));
    SD_LXW(*e, worksheet_set_column(ws, 5, 5, 9, NULL));
    SD_LXW(*e, worksheet_set_column(ws, 6, 6, 12, fdate));
    SD_LXW(*e, worksheet_set_column(ws, 7, 7, 16, NULL));
    SD_LXW(*e, worksheet_set_column(ws, (lxw_col_t)SD_NINPUT_FIELDS, (lxw_col_t)(ncols - 1), 15, NULL));
    worksheet_freeze_panes(ws, 1, 2);
    return r;
}

/* Lists of the words shindan reads on the answer, SECURITY ACTION and
 * 回答日 cells of rows 1..r (none when r is 0). The first error is kept
 * in *e. */
static void sd_input_validations(const sd_templates *t, lxw_worksheet *ws, lxw_row_t r, lxw_error *e)
{
    if (r == 0)
        return;
    size_t ncols = SD_NINPUT_FIELDS + (size_t)t->nquestions;
    /* the answer words, each one shindan reads as that choice */
    char *answers[SD_NCHOICES + 1] = {0};
    int na = 0;
    for (int c = 0; c < SD_NCHOICES; c++) {
        int got;
        if (sd_parse_answer(t, t->choices[c].label, &got) && got == c)
            answers[na++] = t->choices[c].label;
    }
    lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST,
                              .value_list = answers,
                              .ignore_blank = LXW_VALIDATION_ON,
                              .input_title = "回答",
                              .input_message = "回答用紙の○の欄を選んでください"};
    if (na == SD_NCHOICES)
        SD_LXW(*e, worksheet_data_validation_range(ws, 1, (lxw_col_t)SD_NINPUT_FIELDS, r,
                                                   (lxw_col_t)(ncols - 1), &dv));
    /* SECURITY ACTION as the words shindan.ini knows */
    static const char *const sa_words[3] = {"未宣言", "一つ星", "二つ星"};
    char *sa[4] = {0};
    int ns = 0;
    for (int lvl = 0; lvl < 3; lvl++) {
        int got;
        if (sd_parse_sa_level(t, sa_words[lvl], &got) && got == lvl)
            sa[ns++] = (char *)sa_words[lvl];
    }
    lxw_data_validation dsa = {
        .validate = LXW_VALIDATION_TYPE_LIST, .value_list = sa, .ignore_blank = LXW_VALIDATION_ON};
    if (ns == 3)
        SD_LXW(*e, worksheet_data_validation_range(ws, 1, 7, r, 7, &dsa));
    /* 回答日: a day, as written on the sheet */
    lxw_data_validation dday = {.validate = LXW_VALIDATION_TYPE_DATE,
                                .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                                .minimum_datetime = {2000, 1, 1, 0, 0, 0},
                                .maximum_datetime = {2099, 12, 31, 0, 0, 0},
                                .ignore_blank = LXW_VALIDATION_ON,
                                .input_title = "回答日",
                                .input_message = "回答用紙の回答日（例: 2026/10/20）"};
    SD_LXW(*e, worksheet_data_validation_range(ws, 1, 6, r, 6, &dday));
}

sd_error sd_answer_input_xlsx_write(const sd_kit *k, const char *path, char *err, size_t errlen)
{
    const sd_templates *t = k->t;
    sd_output *out = NULL;
    sd_error rc = sd_output_open(path, 0600, &out, err, errlen);
    if (rc)
        return rc;
    lxw_error e = LXW_NO_ERROR;
    size_t ncols = SD_NINPUT_FIELDS + (size_t)t->nquestions;
    char **head = sd_xcalloc(ncols + 1, sizeof *head);
    sd_input_header(t, head);
    lxw_workbook *wb = NULL;
    /* libxlsxwriter stages the parts in files: in a private folder beside
     * the output (as summary.xlsx does), emptied before and removed after */
    const char *slash = strrchr(path, '/');
    char *parent = slash ? sd_xstrndup(path, (size_t)(slash - path)) : sd_xstrdup(".");
    char *tmpdir = sd_xasprintf("%s/.shindan-xlsx", parent);
    free(parent);
    struct stat st;
    if ((mkdir(tmpdir, 0700) != 0 && errno != EEXIST) || lstat(tmpdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = sd_fail(err, errlen, SD_ERR_IO, "作業フォルダ %s を作れません（リンクなどがあります）: %s",
                     tmpdir, strerror(errno));
        goto cleanup;
    }
    sd_output_sweep(tmpdir, NULL);
    lxw_workbook_options wopt = {.tmpdir = tmpdir};
    wb = workbook_new_opt(sd_output_by_name(out), &wopt);
    lxw_worksheet *ws =
        wb ? workbook_add_worksheet(wb, sd_text(t, "seminar.input_sheet")) : NULL;
    lxw_format *fhead = wb ? workbook_add_format(wb) : NULL, *ftext = wb ? workbook_add_format(wb) : NULL,
               *fdate = wb ? workbook_add_format(wb) : NULL;
    if (!wb || !ws || !fhead || !ftext || !fdate) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません（メモリ不足）", path);
        goto cleanup;
    }
    /* the file's creation time is the seminar's day, not the clock: the
     * same seminar gives the same file */
    struct tm day = {0};
    int y = 2000, m = 1, d = 1;
    sscanf(k->seminar->held_on, "%4d-%2d-%2d", &y, &m, &d);
    day.tm_year = y - 1900;
    day.tm_mon = m - 1;
    day.tm_mday = d;
    lxw_doc_properties props = {.created = timegm(&day)};
    if (workbook_set_properties(wb, &props) != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません（メモリ不足）", path);
        goto cleanup;
    }
    format_set_bold(fhead);
    format_set_bg_color(fhead, 0xDCE6F2);
    format_set_bottom(fhead, LXW_BORDER_THIN);
    format_set_num_format(ftext, "@"); /* member numbers stay as typed: 05201 */
    format_set_num_format(fdate, "yyyy/mm/dd");

    lxw_row_t r = sd_input_rows(k, ws, fhead, ftext, fdate, head, &e);
    sd_input_validations(t, ws, r, &e);
    lxw_error closed = workbook_close(wb);
    wb = NULL;
    if (e == LXW_NO_ERROR)
        e = closed;
    if (e != LXW_NO_ERROR) {
        rc = sd_fail(err, errlen, SD_ERR_XLSX, "%s を作成できません: %s", path, lxw_strerror(e));
        goto cleanup;
    }
    rc = sd_output_commit(out, err, errlen);
    out = NULL;
cleanup:
    if (wb)
        workbook_close(wb);
    sd_output_abort(out);
    if (tmpdir) {
        sd_output_sweep(tmpdir, NULL);
        rmdir(tmpdir);
    }
    free(tmpdir);
    sd_strv_free(head);
    return rc;
}
