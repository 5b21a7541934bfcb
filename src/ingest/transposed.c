/* transposed.c - a table on its side, as a summary sheet lays out a few
 * companies: the labels (会員番号, 事業所名, 業種 …, Q1 … Q25) down one
 * column and one column per company. Each company column becomes a row
 * read like a table's, its cells carrying their own addresses ("D12"), so
 * every message names the cell. Read only when the labels map as a table's
 * header would and the member numbers and answers share their columns;
 * otherwise the sheet is left to the form reader, which refuses a sheet
 * with more than one company. */
#include "ingest/transposed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/text.h"
#include "core/util.h"
#include "ingest/values.h"

/* Label columns tried: the first, or after a margin of up to three. */
#define SD_TURNED_LABEL_COLS 4

typedef struct {
    char ***cells; /* owned copies, [row][col] */
    size_t *ncells, *row_no;
    size_t n, width; /* rows; the widest row's cells */
} sd_turned_page;

static void sd_turned_page_free(sd_turned_page *p)
{
    for (size_t i = 0; i < p->n; i++)
        sd_strv_free(p->cells[i]);
    free(p->cells);
    free(p->ncells);
    free(p->row_no);
    memset(p, 0, sizeof *p);
}

static const char *sd_turned_at(const sd_turned_page *p, size_t i, size_t c)
{
    return c < p->ncells[i] ? p->cells[i][c] : "";
}

/* Copies up to max_rows rows of the sheet. SD_OK or a read error. */
static sd_error sd_turned_page_read(sd_sheet *s, size_t max_rows, sd_turned_page *p, char *err, size_t errlen)
{
    sd_row row;
    sd_error rc = SD_OK;
    size_t cap = 0;
    while (p->n < max_rows && (rc = sd_sheet_next(s, &row, err, errlen)) == SD_OK) {
        if (p->n == cap) {
            cap = cap ? 2 * cap : 64;
            p->cells = sd_xrealloc(p->cells, cap * sizeof *p->cells);
            p->ncells = sd_xrealloc(p->ncells, cap * sizeof *p->ncells);
            p->row_no = sd_xrealloc(p->row_no, cap * sizeof *p->row_no);
        }
        p->cells[p->n] = sd_xcalloc(row.ncells + 1, sizeof **p->cells);
        for (size_t c = 0; c < row.ncells; c++)
            p->cells[p->n][c] = sd_xstrdup(row.cells[c]);
        p->ncells[p->n] = row.ncells;
        p->row_no[p->n] = row.row_no;
        if (row.ncells > p->width)
            p->width = row.ncells;
        p->n++;
    }
    return rc == SD_DONE ? SD_OK : rc;
}

/* What column c holds in the mapped rows. */
typedef struct {
    bool member_no; /* a member number */
    bool name;      /* a company name */
    size_t answers; /* question cells that read as answers */
} sd_turned_col;

static sd_turned_col sd_turned_look(const sd_templates *t, const sd_turned_page *p, const sd_mapping *m,
                                    size_t c)
{
    sd_turned_col k = {0};
    int mr = m->field_col[SD_FIELD_MEMBER_NO], nr = m->field_col[SD_FIELD_NAME];
    k.member_no = mr >= 0 && !sd_str_empty(sd_turned_at(p, (size_t)mr, c));
    k.name = nr >= 0 && !sd_str_empty(sd_turned_at(p, (size_t)nr, c));
    for (int q = 0; q < t->nquestions; q++) {
        int choice, qr = m->question_col[q];
        if (qr >= 0 && sd_parse_answer(t, sd_turned_at(p, (size_t)qr, c), &choice))
            k.answers++;
    }
    return k;
}

/* The company columns right of the label column as rows into out. */
static void sd_turned_build(const sd_templates *t, const sd_turned_page *p, const sd_mapping *m,
                            size_t label_col, sd_turned *out)
{
    out->label_col = label_col;
    out->cell_rows = sd_xcalloc(p->n + 1, sizeof *out->cell_rows);
    for (size_t i = 0; i < p->n; i++)
        out->cell_rows[i] = p->row_no[i];
    size_t cap = p->width;
    out->rows = sd_xcalloc(cap + 1, sizeof *out->rows);
    out->cells = sd_xcalloc(cap + 1, sizeof *out->cells);
    out->refs = sd_xcalloc(cap + 1, sizeof *out->refs);
    int mr = m->field_col[SD_FIELD_MEMBER_NO];
    for (size_t c = label_col + 1; c < p->width; c++) {
        sd_turned_col k = sd_turned_look(t, p, m, c);
        /* a company's column: a member number, a name or answers (a
         * column of the questions' text or notes is none) */
        if (!k.member_no && !k.name && k.answers == 0)
            continue;
        char letters[16];
        sd_column_letters(c, letters);
        char **cells = sd_xcalloc(p->n + 1, sizeof *cells), **refs = sd_xcalloc(p->n + 1, sizeof *refs);
        for (size_t i = 0; i < p->n; i++) {
            cells[i] = sd_xstrdup(sd_turned_at(p, i, c));
            refs[i] = sd_xasprintf("%s%zu", letters, p->row_no[i]);
        }
        out->cells[out->n] = cells;
        out->refs[out->n] = refs;
        out->rows[out->n] = (sd_row){.cells = cells,
                                     .ncells = p->n,
                                     .row_no = p->row_no[mr],
                                     .cell_rows = out->cell_rows,
                                     .cell_refs = refs};
        out->n++;
    }
}

sd_error sd_turned_read(const sd_templates *t, sd_sheet *s, sd_turned *out, sd_mapping *map, char *err,
                        size_t errlen)
{
    sd_turned_page p = {0};
    memset(out, 0, sizeof *out);
    sd_error rc = sd_turned_page_read(s, (size_t)t->form.max_rows, &p, err, errlen);
    if (rc)
        goto cleanup;
    rc = SD_ERR_NO_HEADER;
    for (size_t lc = 0; lc < SD_TURNED_LABEL_COLS && lc + 1 < p.width && rc == SD_ERR_NO_HEADER; lc++) {
        char **labels = sd_xcalloc(p.n + 1, sizeof *labels);
        for (size_t i = 0; i < p.n; i++)
            labels[i] = sd_xstrdup(sd_turned_at(&p, i, lc));
        sd_row header = {.cells = labels, .ncells = p.n, .row_no = 0};
        char why[2048];
        if (sd_mapping_from_header(t, &header, map, why, sizeof why) != SD_OK) {
            sd_strv_free(labels);
            continue;
        }
        /* two or more columns with a member number and answers of their
         * own: the same column holds a company's details and answers */
        size_t both = 0;
        for (size_t c = lc + 1; c < p.width; c++) {
            sd_turned_col k = sd_turned_look(t, &p, map, c);
            both += k.member_no && k.answers > 0;
        }
        if (both < 2) {
            sd_mapping_free(map);
            sd_strv_free(labels);
            continue;
        }
        out->hcells = labels;
        out->header = header;
        sd_turned_build(t, &p, map, lc, out);
        rc = SD_OK;
    }
cleanup:
    sd_turned_page_free(&p);
    return rc;
}

char *sd_turned_describe(const sd_templates *t, const sd_turned *tr, const sd_mapping *m)
{
    char *table = sd_mapping_describe(t, m);
    sd_buf b = {0};
    char label[16];
    sd_column_letters(tr->label_col, label);
    sd_buf_printf(&b, "  （見出しが %s 列に縦に並び、1 社が 1 列の表: %zu 社）\n", label, tr->n);
    for (const char *line = table; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line + 1) : strlen(line);
        /* "  C列「…" names the header's place: here the label's cell */
        const char *p = line + 2;
        size_t idx = 0, k = 0;
        while (p[k] >= 'A' && p[k] <= 'Z') {
            idx = idx * 26 + (size_t)(p[k] - 'A' + 1);
            k++;
        }
        if (strncmp(line, "  ", 2) == 0 && k > 0 && sd_starts_with(p + k, "列「") &&
            idx - 1 < tr->header.ncells) {
            sd_buf_printf(&b, "  %s%zu「", label, tr->cell_rows[idx - 1]);
            size_t skip = 2 + k + strlen("列「");
            sd_buf_add(&b, line + skip, len - skip);
        } else {
            sd_buf_add(&b, line, len);
        }
        line += len;
    }
    free(table);
    return sd_buf_steal(&b);
}

void sd_turned_free(sd_turned *tr)
{
    if (!tr)
        return;
    for (size_t i = 0; i < tr->n; i++) {
        sd_strv_free(tr->cells[i]);
        sd_strv_free(tr->refs[i]);
    }
    free(tr->cells);
    free(tr->refs);
    free(tr->rows);
    free(tr->cell_rows);
    sd_strv_free(tr->hcells);
    memset(tr, 0, sizeof *tr);
}
