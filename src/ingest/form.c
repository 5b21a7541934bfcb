/* form.c - a per-company form (labels and answers laid out on a page, as
 * described in templates/form.ini) gathered into one header row and one
 * data row, so that mapping, rejects and storage are those of a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"
#include "ingest/mapping.h"
#include "ingest/values.h"

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

/* The form's rows, copied: a form is a page or two, and its layout is
 * worked out from all of them. */
typedef struct {
    sd_row *rows;
    size_t n;
} sd_form_page;

static void sd_form_page_free(sd_form_page *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (size_t c = 0; c < p->rows[i].ncells; c++)
            free(p->rows[i].cells[c]);
        free(p->rows[i].cells);
    }
    free(p->rows);
}

/* The four choice columns of a form that marks answers with ○ in one of
 * them: a row without a question number whose cells name every choice
 * (実施している, 一部実施している …). Returns true with col[choice]. */
static bool sd_choice_grid(const sd_templates *t, const sd_form_page *pg, int *col)
{
    for (size_t i = 0; i < pg->n; i++) {
        const sd_row *r = &pg->rows[i];
        int found[SD_NCHOICES];
        for (int k = 0; k < SD_NCHOICES; k++)
            found[k] = -1;
        int nfound = 0;
        for (size_t c = 0; c < r->ncells; c++) {
            /* the choice's own label or short label (実施している, 一部実施),
             * not any synonym: "No." heads the number column, not 実施していない */
            char *key = sd_text_key(r->cells[c]);
            for (int k = 0; key && k < SD_NCHOICES; k++) {
                char *label = sd_text_key(t->choices[k].label), *short_label = sd_text_key(t->choices[k].short_label);
                bool hit = (label && strcmp(key, label) == 0) || (short_label && strcmp(key, short_label) == 0);
                free(label);
                free(short_label);
                if (hit && found[k] < 0) {
                    found[k] = (int)c;
                    nfound++;
                }
            }
            free(key);
        }
        if (nfound == SD_NCHOICES) {
            memcpy(col, found, sizeof found);
            return true;
        }
    }
    return false;
}

sd_error sd_form_read(const sd_templates *t, sd_sheet *s, sd_form_rows *out, char *err, size_t errlen)
{
    const sd_form *form = &t->form;
    sd_form_cell fields[SD_FIELD_COUNT] = {0}, answers[SD_MAX_QUESTIONS] = {0};
    sd_form_page pg = {0};
    sd_row row;
    sd_error rc = SD_OK;
    size_t cap = 0;
    memset(out, 0, sizeof *out);

    while (pg.n < (size_t)form->max_rows && (rc = sd_sheet_next(s, &row, err, errlen)) == SD_OK) {
        if (pg.n == cap) {
            cap = cap ? 2 * cap : 64;
            pg.rows = sd_xrealloc(pg.rows, cap * sizeof *pg.rows);
        }
        sd_row *copy = &pg.rows[pg.n++];
        *copy = (sd_row){.ncells = row.ncells, .row_no = row.row_no};
        copy->cells = sd_xcalloc(row.ncells + 1, sizeof *copy->cells);
        for (size_t c = 0; c < row.ncells; c++)
            copy->cells[c] = sd_xstrdup(row.cells[c]);
    }
    if (rc == SD_DONE)
        rc = SD_OK;
    if (rc) {
        sd_form_page_free(&pg);
        return rc;
    }

    /* where the answers are: form.ini's answer_column; else ○ marks in
     * four choice columns; else the one column right of the number that
     * holds an answer on every question row */
    int grid[SD_NCHOICES];
    bool marks = false;
    size_t answer_col = (size_t)form->answer_col, nqrows = 0, filled = 0;
    int qrow[SD_MAX_QUESTIONS];
    for (int q = 0; q < SD_MAX_QUESTIONS; q++)
        qrow[q] = -1;
    for (size_t i = 0; i < pg.n; i++) {
        const sd_row *r = &pg.rows[i];
        int q = r->ncells > (size_t)form->number_col ? sd_form_number(t, r->cells[form->number_col]) : 0;
        if (q > 0 && qrow[q - 1] < 0) {
            qrow[q - 1] = (int)i;
            nqrows++;
            filled += !sd_str_empty(sd_at(r, answer_col));
        }
    }
    char detected[160] = "";
    if (nqrows > 0 && sd_choice_grid(t, &pg, grid)) {
        marks = true; /* a row naming the four choices: ○ in one of them */
    } else if (nqrows > 0 && filled == 0) {
        {
            size_t best_col = 0, best = 0, second = 0;
            for (size_t c = (size_t)form->number_col + 1; c < 256; c++) {
                size_t ok = 0;
                int choice;
                for (int q = 0; q < SD_MAX_QUESTIONS; q++)
                    if (qrow[q] >= 0 && sd_parse_answer(t, sd_at(&pg.rows[qrow[q]], c), &choice))
                        ok++;
                if (ok > best) {
                    second = best;
                    best = ok;
                    best_col = c;
                } else if (ok > second) {
                    second = ok;
                }
            }
            /* clear: every question row, and no other column comes close */
            if (best == nqrows && second < best / 2) {
                answer_col = best_col;
                char letters[16], conf[16];
                sd_column_letters(best_col, letters);
                sd_column_letters((size_t)form->answer_col, conf);
                snprintf(detected, sizeof detected, "%s列（form.ini の answer_column は %s）", letters, conf);
            }
        }
    }

    for (size_t i = 0; i < pg.n; i++) {
        const sd_row *r = &pg.rows[i];
        int q = r->ncells > (size_t)form->number_col ? sd_form_number(t, r->cells[form->number_col]) : 0;
        if (q > 0 && qrow[q - 1] == (int)i) {
            if (!marks) {
                sd_form_set(&answers[q - 1], r, answer_col);
                continue;
            }
            /* the choice whose column is marked; none or several: the
             * cell is given as found, and its reject names why */
            int chosen = -1, nmarked = 0;
            for (int k = 0; k < SD_NCHOICES; k++)
                if (!sd_str_empty(sd_at(r, (size_t)grid[k]))) {
                    chosen = k;
                    nmarked++;
                }
            sd_form_set(&answers[q - 1], r, nmarked == 1 ? (size_t)grid[chosen] : (size_t)grid[0]);
            free(answers[q - 1].value);
            answers[q - 1].value = sd_xstrdup(nmarked == 1 ? t->choices[chosen].label
                                                           : nmarked == 0 ? "" : "（複数に印）");
            continue;
        }
        for (size_t c = 0; c < r->ncells; c++) {
            if (sd_str_empty(r->cells[c]))
                continue;
            int f = sd_header_field(t, r->cells[c]);
            if (f < 0 || fields[f].found)
                continue;
            size_t v = c + 1;
            while (v < r->ncells && v <= c + (size_t)form->detail_reach && sd_str_empty(r->cells[v]))
                v++;
            /* the next label is no value: the labels are in a row, values below */
            bool right = v < r->ncells && v <= c + (size_t)form->detail_reach && sd_header_field(t, r->cells[v]) < 0;
            if (right) {
                sd_form_set(&fields[f], r, v);
                c = v;
            } else if (i + 1 < pg.n && !sd_str_empty(sd_at(&pg.rows[i + 1], c)) &&
                       sd_header_field(t, sd_at(&pg.rows[i + 1], c)) < 0) {
                /* the label above its value */
                sd_form_set(&fields[f], &pg.rows[i + 1], c);
            } else {
                sd_form_set(&fields[f], r, c + 1); /* no value: point at the cell beside the label */
            }
        }
    }
    int nq = 0;
    for (int q = 0; q < t->nquestions; q++)
        nq += answers[q].found;
    if (!fields[SD_FIELD_MEMBER_NO].found || nq == 0) {
        char number_col[16], ans[16];
        sd_column_letters((size_t)form->number_col, number_col);
        sd_column_letters((size_t)form->answer_col, ans);
        rc = sd_fail(err, errlen, SD_ERR_NO_HEADER,
                     "様式としても読めません（%s%s、%s 列の設問番号%s）。会員ごとの様式なら、templates/form.ini の "
                     "number_column（今は %s）と answer_column（今は %s）を様式に合わせてください",
                     t->columns[SD_FIELD_MEMBER_NO].label,
                     fields[SD_FIELD_MEMBER_NO].found ? "の欄はあります" : "の欄がありません", number_col,
                     nq ? "はあります" : "がありません", number_col, ans);
    } else if (nqrows > 0 && filled == 0 && !marks && !detected[0]) {
        char ans[16];
        sd_column_letters((size_t)form->answer_col, ans);
        rc = sd_fail(err, errlen, SD_ERR_NO_HEADER,
                     "様式の回答欄が見つかりません（form.ini の answer_column は %s 列ですが空です）。"
                     "templates/form.ini の answer_column を回答の列に合わせてください",
                     ans);
    }
    if (rc == SD_OK) {
        size_t ncap = SD_FIELD_COUNT + SD_MAX_QUESTIONS;
        out->hcells = sd_xcalloc(ncap, sizeof *out->hcells);
        out->dcells = sd_xcalloc(ncap, sizeof *out->dcells);
        out->refs = sd_xcalloc(ncap, sizeof *out->refs);
        out->rows = sd_xcalloc(ncap, sizeof *out->rows);
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
    sd_form_page_free(&pg);
    return rc;
}
