/* form.c - a per-company form (labels and answers laid out on a page, as
 * described in templates/form.ini) gathered into one header row and one
 * data row, so that mapping, rejects and storage are those of a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"
#include "ingest/mapping.h"

/* The question number a form's number cell holds: "1", "Q1", "問1",
 * "No.1", "1." — the number alone, unlike a table header that may go on
 * with the question's text. Returns 0 for anything else. */
static int sd_form_number(const sd_templates *t, const char *cell)
{
    char *key = sd_text_key(cell);
    int number = 0;
    if (!key)
        return 0;
    const char *p = key;
    for (char **pre = t->question_prefixes; *pre; pre++)
        if (sd_starts_with(p, *pre) && p[strlen(*pre)] >= '0' && p[strlen(*pre)] <= '9') {
            p += strlen(*pre);
            break;
        }
    if (*p >= '0' && *p <= '9') {
        char *end;
        long n = strtol(p, &end, 10);
        if ((*end == '\0' || strcmp(end, ")") == 0) && n >= 1 && n <= t->nquestions)
            number = (int)n;
    }
    free(key);
    return number;
}

static const char *sd_at(const sd_row *row, size_t col) { return col < row->ncells ? row->cells[col] : ""; }

typedef struct {
    bool found;
    char *value;
    size_t row;
    char ref[24];
} sd_form_cell;

static void sd_form_set(sd_form_cell *c, const sd_row *row, size_t col)
{
    char letters[16];
    sd_column_letters(col, letters);
    c->found = true;
    c->value = sd_xstrdup(sd_at(row, col));
    c->row = row->row_no;
    snprintf(c->ref, sizeof c->ref, "%s%zu", letters, row->row_no);
}

void sd_form_rows_free(sd_form_rows *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->hcells[i]);
        free(f->dcells[i]);
        free(f->refs[i]);
    }
    free(f->hcells);
    free(f->dcells);
    free(f->refs);
    free(f->rows);
    memset(f, 0, sizeof *f);
}

sd_error sd_form_read(const sd_templates *t, sd_sheet *s, sd_form_rows *out, char *err, size_t errlen)
{
    const sd_form *form = &t->form;
    sd_form_cell fields[SD_FIELD_COUNT] = {0}, answers[SD_MAX_QUESTIONS] = {0};
    sd_row row;
    sd_error rc = SD_OK;
    int nrows = 0;
    memset(out, 0, sizeof *out);

    while (nrows++ < form->max_rows && (rc = sd_sheet_next(s, &row, err, errlen)) == SD_OK) {
        int q = row.ncells > (size_t)form->number_col ? sd_form_number(t, row.cells[form->number_col]) : 0;
        if (q > 0 && !answers[q - 1].found) {
            sd_form_set(&answers[q - 1], &row, (size_t)form->answer_col);
            continue;
        }
        for (size_t c = 0; c < row.ncells; c++) {
            if (sd_str_empty(row.cells[c]))
                continue;
            int f = sd_header_field(t, row.cells[c]);
            if (f < 0 || fields[f].found)
                continue;
            size_t v = c + 1;
            while (v < row.ncells && v <= c + (size_t)form->detail_reach && sd_str_empty(row.cells[v]))
                v++;
            if (v >= row.ncells || v > c + (size_t)form->detail_reach)
                v = c + 1; /* no value: point at the cell beside the label */
            sd_form_set(&fields[f], &row, v);
            c = v;
        }
    }
    if (rc == SD_DONE)
        rc = SD_OK;
    if (rc == SD_OK) {
        int nq = 0;
        for (int q = 0; q < t->nquestions; q++)
            nq += answers[q].found;
        if (!fields[SD_FIELD_MEMBER_NO].found || nq == 0) {
            char number_col[16];
            sd_column_letters((size_t)form->number_col, number_col);
            rc = sd_fail(err, errlen, SD_ERR_NO_HEADER, "様式としても読めません（%s%s、%s 列の設問番号%s）",
                         t->columns[SD_FIELD_MEMBER_NO].label,
                         fields[SD_FIELD_MEMBER_NO].found ? "の欄はあります" : "の欄がありません", number_col,
                         nq ? "はあります" : "がありません");
        }
    }
    if (rc == SD_OK) {
        size_t cap = SD_FIELD_COUNT + SD_MAX_QUESTIONS;
        out->hcells = sd_xcalloc(cap, sizeof *out->hcells);
        out->dcells = sd_xcalloc(cap, sizeof *out->dcells);
        out->refs = sd_xcalloc(cap, sizeof *out->refs);
        out->rows = sd_xcalloc(cap, sizeof *out->rows);
        for (int f = 0; f < SD_FIELD_COUNT + t->nquestions; f++) {
            sd_form_cell *c = f < SD_FIELD_COUNT ? &fields[f] : &answers[f - SD_FIELD_COUNT];
            if (!c->found)
                continue;
            out->hcells[out->n] = f < SD_FIELD_COUNT ? sd_xstrdup(t->columns[f].label)
                                                     : sd_xasprintf("Q%d", f - SD_FIELD_COUNT + 1);
            out->dcells[out->n] = c->value;
            c->value = NULL;
            out->refs[out->n] = sd_xstrdup(c->ref);
            out->rows[out->n] = c->row;
            out->n++;
        }
        out->header = (sd_row){.cells = out->hcells, .ncells = out->n, .row_no = 0};
        out->data = (sd_row){.cells = out->dcells,
                             .ncells = out->n,
                             .row_no = fields[SD_FIELD_MEMBER_NO].row,
                             .cell_rows = out->rows,
                             .cell_refs = out->refs};
    }
    for (int i = 0; i < SD_FIELD_COUNT; i++)
        free(fields[i].value);
    for (int i = 0; i < SD_MAX_QUESTIONS; i++)
        free(answers[i].value);
    return rc;
}
