/* xls.c - Excel 97-2003 workbooks (.xls, BIFF in an OLE compound file)
 * through libfreexl.
 *
 * libfreexl reads the whole workbook when it opens it and then answers
 * cell by cell, so rows are built here on demand from its grid: empty rows
 * are passed over, as the other readers never hand out rows with nothing
 * in them. Dates come as libfreexl formats them (YYYY-MM-DD, YYYY-MM-DD
 * HH:MM:SS), which is what the xlsx reader gives; a time of day alone is
 * given as the fraction of a day, as the xlsx reader gives it too.
 * libfreexl does not report merged ranges nor number formats beyond
 * dates: merged cells read as the file stores them (the value in the
 * top-left cell only), and a number shown as 00120 reads 120. */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/limits.h"
#include "core/util.h"
#include "ingest/sheet.h"

typedef struct {
    sd_sheet base;
    const void *h; /* the libfreexl handle */
    char **names;
    unsigned nsheets, cur;
    bool chosen;
    unsigned rows;   /* of the current sheet */
    unsigned short cols;
    unsigned next;   /* 0-based row to read next */
    char **cells;    /* the row handed out last */
    size_t ncells;
} sd_xls;

static void sd_xls_row_free(sd_xls *x)
{
    sd_cells_free(x->cells, x->ncells);
    x->cells = NULL;
    x->ncells = 0;
}

/* "12:30:00" to the fraction of a day, as the xlsx reader gives a time. */
static char *sd_xls_time(const char *t)
{
    unsigned h, m, s;
    if (sscanf(t, "%u:%u:%u", &h, &m, &s) != 3)
        return sd_xstrdup(t);
    return sd_sheet_number((h * 3600.0 + m * 60.0 + s) / 86400.0);
}

/* One cell as text, or NULL when it is empty; SD_ERR_* in *rc on a read
 * failure or a cell over the limit. */
static char *sd_xls_cell(sd_xls *x, unsigned r, unsigned short c, sd_error *rc, char *err, size_t errlen)
{
    FreeXL_CellValue v;
    int e = freexl_get_cell_value(x->h, r, c, &v);
    if (e != FREEXL_OK) {
        *rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                      "%u 行目: セルを読めません（xls ファイルが壊れています、libfreexl のエラー %d）", r + 1, e);
        return NULL;
    }
    switch (v.type) {
    case FREEXL_CELL_INT:
        return sd_xasprintf("%d", v.value.int_value);
    case FREEXL_CELL_DOUBLE:
        return sd_sheet_number(v.value.double_value);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        if (!v.value.text_value || !*v.value.text_value)
            return NULL;
        if ((long)strlen(v.value.text_value) > sd_lim.cell_bytes) {
            char a[16];
            sd_column_letters(c, a);
            *rc = sd_fail(err, errlen, SD_ERR_LIMIT, "%u 行目 セル %s%u: セルが長すぎます（上限 %ld バイト）", r + 1, a,
                          r + 1, sd_lim.cell_bytes);
            return NULL;
        }
        return sd_xstrdup(v.value.text_value);
    case FREEXL_CELL_DATE:
        return sd_xstrdup(v.value.text_value);
    case FREEXL_CELL_DATETIME: {
        /* midnight: the date alone, as the xlsx reader gives it */
        size_t n = strlen(v.value.text_value);
        if (n > 9 && strcmp(v.value.text_value + n - 9, " 00:00:00") == 0)
            return sd_xstrndup(v.value.text_value, n - 9);
        return sd_xstrdup(v.value.text_value);
    }
    case FREEXL_CELL_TIME:
        return sd_xls_time(v.value.text_value);
    default:
        return NULL;
    }
}

static sd_error sd_xls_next(sd_sheet *s, sd_row *row, char *err, size_t errlen)
{
    sd_xls *x = (sd_xls *)s;
    sd_xls_row_free(x);
    while (x->next < x->rows) {
        unsigned r = x->next++;
        char **cells = sd_xcalloc(x->cols ? x->cols : 1, sizeof *cells);
        size_t n = 0;
        sd_error rc = SD_OK;
        for (unsigned short c = 0; c < x->cols; c++) {
            char *v = sd_xls_cell(x, r, c, &rc, err, errlen);
            if (rc) {
                sd_cells_free(cells, c);
                return rc;
            }
            cells[c] = v ? v : sd_cell_empty;
            if (v)
                n = (size_t)c + 1;
        }
        /* the trailing empty cells (all sd_cell_empty) are left out */
        if (n == 0) {
            free(cells);
            continue;
        }
        x->cells = cells;
        x->ncells = n;
        row->cells = cells;
        row->ncells = n;
        row->row_no = (size_t)r + 1;
        return SD_OK;
    }
    return SD_DONE;
}

static sd_error sd_xls_begin(sd_xls *x, char *err, size_t errlen)
{
    sd_xls_row_free(x);
    x->base.sheet_name = x->names[x->cur];
    x->next = x->rows = 0;
    x->cols = 0;
    if (freexl_select_active_worksheet(x->h, (unsigned short)x->cur) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK)
        return sd_fail(err, errlen, SD_ERR_FORMAT, "シート「%s」を読めません（xls ファイルが壊れています）",
                       x->names[x->cur]);
    if ((long long)x->rows > sd_lim.rows)
        return sd_fail(err, errlen, SD_ERR_LIMIT, "シート「%s」: 行数が上限（%ld 行）を超えています", x->names[x->cur],
                       sd_lim.rows);
    if ((long)x->cols > sd_lim.columns)
        return sd_fail(err, errlen, SD_ERR_LIMIT, "シート「%s」: 列が多すぎます（上限 %ld 列）", x->names[x->cur],
                       sd_lim.columns);
    return SD_OK;
}

static sd_error sd_xls_next_sheet(sd_sheet *s, char *err, size_t errlen)
{
    sd_xls *x = (sd_xls *)s;
    if (x->chosen || x->cur + 1 >= x->nsheets)
        return SD_DONE;
    x->cur++;
    return sd_xls_begin(x, err, errlen);
}

static sd_error sd_xls_rewind(sd_sheet *s, char *err, size_t errlen)
{
    sd_xls *x = (sd_xls *)s;
    sd_xls_row_free(x);
    x->next = 0;
    (void)err, (void)errlen;
    return SD_OK;
}

static void sd_xls_free(sd_sheet *s)
{
    sd_xls *x = (sd_xls *)s;
    sd_xls_row_free(x);
    if (x->h)
        freexl_close(x->h);
    for (unsigned i = 0; i < x->nsheets; i++)
        free(x->names[i]);
    free(x->names);
    free(x);
}

sd_error sd_xls_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen)
{
    *out = NULL;
    sd_xls *x = sd_xcalloc(1, sizeof *x);
    x->base.next = sd_xls_next;
    x->base.next_sheet = sd_xls_next_sheet;
    x->base.rewind = sd_xls_rewind;
    x->base.free = sd_xls_free;
    x->base.format = "xls";
    sd_error rc = SD_OK;
    int e = freexl_open(path, &x->h);
    if (e != FREEXL_OK) {
        if (e == FREEXL_INSUFFICIENT_MEMORY)
            rc = sd_fail(err, errlen, SD_ERR_LIMIT, "xls ファイルが大きすぎて読めません（メモリが足りません）");
        else
            rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                         "Excel 97-2003 形式（.xls）のファイルですが、壊れていて読めません（libfreexl のエラー %d）。"
                         "Excel で開いて .xlsx として保存し直してください",
                         e);
        goto fail;
    }
    unsigned info = 0;
    if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT,
                     "パスワードで保護されたブック（.xls）です。Excel でパスワードを外して保存し直してください");
        goto fail;
    }
    if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK || info == 0) {
        rc = sd_fail(err, errlen, SD_ERR_FORMAT, "ブックにシートがありません");
        goto fail;
    }
    if (info > 10000) {
        rc = sd_fail(err, errlen, SD_ERR_LIMIT, "シートが多すぎます");
        goto fail;
    }
    x->names = sd_xcalloc(info, sizeof *x->names);
    for (unsigned i = 0; i < info; i++) {
        const char *n = NULL;
        if (freexl_get_worksheet_name(x->h, (unsigned short)i, &n) != FREEXL_OK || !n)
            n = "";
        x->names[x->nsheets++] = *n ? sd_xstrdup(n) : sd_xasprintf("シート%u", i + 1);
    }
    if (sheet_name) {
        unsigned i = 0;
        while (i < x->nsheets && strcmp(x->names[i], sheet_name) != 0)
            i++;
        if (i == x->nsheets) {
            sd_buf names = {0};
            for (unsigned k = 0; k < x->nsheets; k++)
                sd_buf_printf(&names, "%s「%s」", k ? "、" : "", x->names[k]);
            rc = sd_fail(err, errlen, SD_ERR_FORMAT, "シート「%s」がありません（このブックのシート: %s）", sheet_name,
                         names.data);
            sd_buf_free(&names);
            goto fail;
        }
        x->cur = i;
        x->chosen = true;
    }
    if ((rc = sd_xls_begin(x, err, errlen)))
        goto fail;
    *out = &x->base;
    return SD_OK;

fail:
    sd_xls_free(&x->base);
    return rc;
}
