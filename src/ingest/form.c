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

/* Whether cell starts with a number (after Q or 問) set off from a text
 * after it (1. …, 1) …, 1、…, Q1 …): a title's 5分でできる！ is no number. */
static bool sd_form_number_then_text(const char *cell)
{
    char *c = sd_text_clean(cell);
    const char *p = c ? c : "";
    while (*p && !(*p >= '0' && *p <= '9') && p - c < 8)
        p++;
    while (*p >= '0' && *p <= '9')
        p++;
    bool ok = *p && (strchr(".):, ", *p) || sd_starts_with(p, "、") || sd_starts_with(p, "。"));
    free(c);
    return ok;
}

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
    /* the number and the question's text in one cell (1. パソコンやスマホ
     * などのOSや…): read as a table's header reads it, the text agreeing */
    if (!number && *p >= '0' && *p <= '9' && sd_form_number_then_text(cell))
        number = sd_header_question(t, cell);
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

/* Copies up to max_rows rows of the sheet into pg. Returns SD_OK or a
 * read error in err (pg then holds what was read: free it either way). */
static sd_error sd_form_page_read(sd_sheet *s, size_t max_rows, sd_form_page *pg, char *err, size_t errlen)
{
    sd_row row;
    sd_error rc = SD_OK;
    size_t cap = 0;
    while (pg->n < max_rows && (rc = sd_sheet_next(s, &row, err, errlen)) == SD_OK) {
        if (pg->n == cap) {
            cap = cap ? 2 * cap : 64;
            pg->rows = sd_xrealloc(pg->rows, cap * sizeof *pg->rows);
        }
        sd_row *copy = &pg->rows[pg->n++];
        *copy = (sd_row){.ncells = row.ncells, .row_no = row.row_no};
        copy->cells = sd_xcalloc(row.ncells + 1, sizeof *copy->cells);
        for (size_t c = 0; c < row.ncells; c++)
            copy->cells[c] = sd_xstrdup(row.cells[c]);
    }
    return rc == SD_DONE ? SD_OK : rc;
}

/* Where a form's answers are. */
typedef struct {
    size_t number_col;          /* the question numbers' column */
    int qrow[SD_MAX_QUESTIONS]; /* page row of each question, -1 when absent */
    size_t nqrows;              /* questions found */
    size_t filled;              /* of them, with form.ini's answer_column filled */
    size_t answer_col;          /* the answers' column (when not marks) */
    bool marks;                 /* ○ in one of four choice columns */
    int grid[SD_NCHOICES];      /* those columns, per choice */
    char detected[160];         /* an answer column found that is not form.ini's */
} sd_form_layout;

/* The question number a page row holds in column col, or 0. */
static int sd_form_row_question(const sd_templates *t, const sd_row *r, size_t col)
{
    return r->ncells > col ? sd_form_number(t, r->cells[col]) : 0;
}

/* The rows of each question numbered in column col into lay (the first
 * row of each number); returns how many questions were found. */
static size_t sd_form_number_rows(const sd_templates *t, const sd_form_page *pg, size_t col,
                                  sd_form_layout *lay)
{
    lay->number_col = col;
    lay->nqrows = 0;
    for (int q = 0; q < SD_MAX_QUESTIONS; q++)
        lay->qrow[q] = -1;
    for (size_t i = 0; i < pg->n; i++) {
        int q = sd_form_row_question(t, &pg->rows[i], col);
        if (q > 0 && lay->qrow[q - 1] < 0) {
            lay->qrow[q - 1] = (int)i;
            lay->nqrows++;
        }
    }
    return lay->nqrows;
}

/* Question rows whose cell in column col reads as an answer. */
static size_t sd_form_answers_in(const sd_templates *t, const sd_form_page *pg, const sd_form_layout *lay,
                                 size_t col)
{
    size_t ok = 0;
    int choice;
    for (int q = 0; q < SD_MAX_QUESTIONS; q++)
        if (lay->qrow[q] >= 0 && sd_parse_answer(t, sd_at(&pg->rows[lay->qrow[q]], col), &choice))
            ok++;
    return ok;
}

/* The one column right of the number that holds an answer on every
 * question row, when clearly so (no other column comes close): the
 * layout's answer column, named in lay->detected. */
static void sd_form_detect_answer_col(const sd_templates *t, const sd_form_page *pg, sd_form_layout *lay)
{
    const sd_form *form = &t->form;
    size_t best_col = 0, best = 0, second = 0;
    for (size_t c = lay->number_col + 1; c < 256; c++) {
        size_t ok = sd_form_answers_in(t, pg, lay, c);
        if (ok > best) {
            second = best;
            best = ok;
            best_col = c;
        } else if (ok > second) {
            second = ok;
        }
    }
    /* clear: every question row, and no other column comes close */
    if (best == lay->nqrows && second < best / 2) {
        lay->answer_col = best_col;
        char letters[16], conf[16];
        sd_column_letters(best_col, letters);
        sd_column_letters((size_t)form->answer_col, conf);
        snprintf(lay->detected, sizeof lay->detected, "%s列（form.ini の answer_column は %s）", letters, conf);
    }
}

/* Where the answers are: form.ini's answer_column; else ○ marks in four
 * choice columns; else the one column right of the number that holds an
 * answer on every question row. */
static void sd_form_find_layout(const sd_templates *t, const sd_form_page *pg, sd_form_layout *lay)
{
    memset(lay, 0, sizeof *lay);
    size_t number_col = (size_t)t->form.number_col;
    lay->answer_col = (size_t)t->form.answer_col;
    if (sd_form_number_rows(t, pg, number_col, lay) == 0) {
        /* a margin column (or two) before the form: the column that
         * numbers the most questions, the answers as far right of it */
        size_t best = 0, best_col = number_col;
        for (size_t c = 0; c < 16; c++)
            if (c != number_col && sd_form_number_rows(t, pg, c, lay) > best) {
                best = lay->nqrows;
                best_col = c;
            }
        sd_form_number_rows(t, pg, best_col, lay);
        if (best_col > number_col)
            lay->answer_col += best_col - number_col;
    }
    for (int q = 0; q < SD_MAX_QUESTIONS; q++)
        if (lay->qrow[q] >= 0)
            lay->filled += !sd_str_empty(sd_at(&pg->rows[lay->qrow[q]], lay->answer_col));
    if (lay->nqrows > 0 && sd_choice_grid(t, pg, lay->grid))
        lay->marks = true; /* a row naming the four choices: ○ in one of them */
    else if (lay->nqrows > 0 && 2 * sd_form_answers_in(t, pg, lay, lay->answer_col) < lay->nqrows)
        /* form.ini's column is empty or holds no answers (the questions'
         * text, a shifted form): the one column that clearly does */
        sd_form_detect_answer_col(t, pg, lay);
}

/* A question row's answer into *answer: its answer column's cell, or the
 * choice whose column is marked (none or several: the cell is given as
 * found, and its reject names why). */
static void sd_form_read_answer(const sd_templates *t, const sd_form_layout *lay, const sd_row *r,
                                sd_form_cell *answer)
{
    if (!lay->marks) {
        sd_form_set(answer, r, lay->answer_col);
        return;
    }
    int chosen = -1, nmarked = 0;
    for (int k = 0; k < SD_NCHOICES; k++)
        if (!sd_str_empty(sd_at(r, (size_t)lay->grid[k]))) {
            chosen = k;
            nmarked++;
        }
    sd_form_set(answer, r, nmarked == 1 ? (size_t)lay->grid[chosen] : (size_t)lay->grid[0]);
    char *mark = answer->value;
    const char *note = nmarked == 1 ? strrchr(mark, '(') : NULL;
    if (nmarked == 1 && !note)
        note = strstr(mark, "（");
    if (note) /* ○（一部） in the 実施 column: the choice with its note, read as the vocabulary reads it */
        answer->value = sd_xasprintf("%s%s", t->choices[chosen].label, note);
    else
        answer->value = sd_xstrdup(nmarked == 1   ? t->choices[chosen].label
                                   : nmarked == 0 ? ""
                                                  : "（複数に印）");
    free(mark);
}

/* The first thing found that shows the sheet holds more than one
 * company: then it is no per-company form. */
typedef struct {
    char why[1024];   /* Japanese, "" when none */
    size_t label_col; /* the first 会員番号 label's column */
    bool have_label;
} sd_form_many;

/* The detail labels of page row i (会員番号, 事業所名 …) and their values:
 * the nearest filled cell to the right within detail_reach (a label
 * merged over several cells, read as Excel shows it, is skipped), never
 * another label; else below, into fields. A second member number (beside
 * the first or under a second label) is noted in many. */
static void sd_form_read_labels(const sd_templates *t, const sd_form_page *pg, size_t i, sd_form_cell *fields,
                                sd_form_many *many)
{
    const sd_form *form = &t->form;
    const sd_row *r = &pg->rows[i];
    for (size_t c = 0; c < r->ncells; c++) {
        if (sd_str_empty(r->cells[c]))
            continue;
        int f = sd_header_field(t, r->cells[c]);
        if (f < 0)
            continue;
        if (f == SD_FIELD_MEMBER_NO && !many->have_label) {
            many->have_label = true;
            many->label_col = c;
        }
        size_t v = c + 1;
        while (v < r->ncells && v <= c + (size_t)form->detail_reach &&
               (sd_str_empty(r->cells[v]) || strcmp(r->cells[v], r->cells[c]) == 0))
            v++;
        /* the next label is no value: the labels are in a row, values below */
        bool right = v < r->ncells && v <= c + (size_t)form->detail_reach && sd_header_field(t, r->cells[v]) < 0;
        if (fields[f].found) {
            /* a second 会員番号 with a member number of its own: a second
             * company's block (a grid's "No." heads no such value) */
            char *other = f == SD_FIELD_MEMBER_NO && right ? sd_parse_member_no(r->cells[v]) : NULL;
            if (other && !many->why[0]) {
                char letters[16];
                sd_column_letters(v, letters);
                snprintf(many->why, sizeof many->why, "会員番号が 2 か所にあります（%s「%s」と %s%zu「%s」）",
                         fields[f].ref, fields[f].value, letters, r->row_no, r->cells[v]);
            }
            free(other);
            continue;
        }
        if (right) {
            sd_form_set(&fields[f], r, v);
            /* a second member number further right: another company's */
            size_t w = v + 1;
            while (w < r->ncells && (sd_str_empty(r->cells[w]) || strcmp(r->cells[w], r->cells[v]) == 0))
                w++;
            char *other = f == SD_FIELD_MEMBER_NO && w < r->ncells ? sd_parse_member_no(r->cells[w]) : NULL;
            if (other && !many->why[0]) {
                char letters[16];
                sd_column_letters(w, letters);
                snprintf(many->why, sizeof many->why,
                         "会員番号の行に値が 2 つ以上あります（%s「%s」、%s%zu「%s」）", fields[f].ref,
                         fields[f].value, letters, r->row_no, r->cells[w]);
            }
            free(other);
            c = v;
        } else if (i + 1 < pg->n && !sd_str_empty(sd_at(&pg->rows[i + 1], c)) &&
                   sd_header_field(t, sd_at(&pg->rows[i + 1], c)) < 0) {
            /* the label above its value */
            sd_form_set(&fields[f], &pg->rows[i + 1], c);
        } else {
            sd_form_set(&fields[f], r, c + 1); /* no value: point at the cell beside the label */
        }
    }
}

/* A second column of answers (one that disagrees with the answer column
 * on some question: a points column beside the answers agrees), noted in
 * many. */
static void sd_form_second_answers(const sd_templates *t, const sd_form_page *pg, const sd_form_layout *lay,
                                   sd_form_many *many)
{
    if (lay->marks || many->why[0] || lay->nqrows == 0)
        return;
    for (size_t c = lay->number_col + 1; c < 256; c++) {
        if (c == lay->answer_col || 2 * sd_form_answers_in(t, pg, lay, c) <= lay->nqrows)
            continue;
        for (int q = 0; q < SD_MAX_QUESTIONS; q++) {
            if (lay->qrow[q] < 0)
                continue;
            const sd_row *r = &pg->rows[lay->qrow[q]];
            int a = -1, b = -2;
            if (sd_parse_answer(t, sd_at(r, lay->answer_col), &a) && sd_parse_answer(t, sd_at(r, c), &b) &&
                a != b) {
                char ans[16], other[16];
                sd_column_letters(lay->answer_col, ans);
                sd_column_letters(c, other);
                snprintf(many->why, sizeof many->why, "回答が %s 列と %s 列の 2 列にあり、Q%d で違います",
                         ans, other, q + 1);
                return;
            }
        }
    }
}

/* A sheet of several companies whose labels run down one column: what
 * that column lacks to be read as a table on its side, added to many. */
static void sd_form_label_column(const sd_templates *t, const sd_form_page *pg, sd_form_many *many)
{
    char **labels = sd_xcalloc(pg->n + 1, sizeof *labels);
    for (size_t i = 0; i < pg->n; i++)
        labels[i] = sd_xstrdup(sd_at(&pg->rows[i], many->label_col));
    sd_row header = {.cells = labels, .ncells = pg->n, .row_no = 0};
    sd_mapping m;
    char why[1024];
    if (sd_mapping_from_header(t, &header, &m, why, sizeof why) == SD_OK) {
        sd_mapping_free(&m);
    } else {
        char letters[16];
        sd_column_letters(many->label_col, letters);
        size_t used = strlen(many->why);
        snprintf(many->why + used, sizeof many->why - used, "。%s 列の見出しを縦に読むと: %s", letters, why);
    }
    sd_strv_free(labels);
}

/* Whether what was gathered is a form: SD_OK, or SD_ERR_NO_HEADER with
 * why in err (no member number or no question; answers nowhere). */
static sd_error sd_form_check(const sd_templates *t, const sd_form_layout *lay, const sd_form_cell *fields,
                              const sd_form_cell *answers, const sd_form_many *many, char *err, size_t errlen)
{
    const sd_form *form = &t->form;
    if (many->why[0])
        return sd_fail(
            err, errlen, SD_ERR_NO_HEADER,
            "1 社分の様式として読めません（%s）。会社ごとに列を並べた表なら、会員番号・事業所名・業種"
            "などの見出しと Q1〜Q25 を一つの列に縦に並べ、1 社に 1 列ずつ使ってください。1 社ずつの"
            "様式なら、1 シートに 1 社だけにしてください",
            many->why);
    int nq = 0;
    for (int q = 0; q < t->nquestions; q++)
        nq += answers[q].found;
    if (!fields[SD_FIELD_MEMBER_NO].found || nq == 0) {
        char number_col[16], ans[16];
        sd_column_letters((size_t)form->number_col, number_col);
        sd_column_letters((size_t)form->answer_col, ans);
        return sd_fail(err, errlen, SD_ERR_NO_HEADER,
                       "様式としても読めません（%s%s、%s 列の設問番号%s）。会員ごとの様式なら、templates/form.ini の "
                       "number_column（今は %s）と answer_column（今は %s）を様式に合わせてください",
                       t->columns[SD_FIELD_MEMBER_NO].label,
                       fields[SD_FIELD_MEMBER_NO].found ? "の欄はあります" : "の欄がありません", number_col,
                       nq ? "はあります" : "がありません", number_col, ans);
    }
    if (lay->nqrows > 0 && lay->filled == 0 && !lay->marks && !lay->detected[0]) {
        char ans[16];
        sd_column_letters((size_t)form->answer_col, ans);
        return sd_fail(err, errlen, SD_ERR_NO_HEADER,
                       "様式の回答欄が見つかりません（form.ini の answer_column は %s 列ですが空です）。"
                       "templates/form.ini の answer_column を回答の列に合わせてください",
                       ans);
    }
    return SD_OK;
}

/* The fields and answers found, as one header row and one data row in
 * out; takes their values. */
static void sd_form_rows_fill(const sd_templates *t, sd_form_cell *fields, sd_form_cell *answers,
                              sd_form_rows *out)
{
    size_t ncap = SD_FIELD_COUNT + SD_MAX_QUESTIONS;
    out->hcells = sd_xcalloc(ncap, sizeof *out->hcells);
    out->dcells = sd_xcalloc(ncap, sizeof *out->dcells);
    out->refs = sd_xcalloc(ncap, sizeof *out->refs);
    out->rows = sd_xcalloc(ncap, sizeof *out->rows);
    for (int f = 0; f < SD_FIELD_COUNT + t->nquestions; f++) {
        sd_form_cell *c = f < SD_FIELD_COUNT ? &fields[f] : &answers[f - SD_FIELD_COUNT];
        if (!c->found)
            continue;
        out->hcells[out->n] =
            f < SD_FIELD_COUNT ? sd_xstrdup(t->columns[f].label) : sd_xasprintf("Q%d", f - SD_FIELD_COUNT + 1);
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

sd_error sd_form_read(const sd_templates *t, sd_sheet *s, sd_form_rows *out, char *err, size_t errlen)
{
    sd_form_cell fields[SD_FIELD_COUNT] = {0}, answers[SD_MAX_QUESTIONS] = {0};
    sd_form_page pg = {0};
    sd_form_layout lay;
    memset(out, 0, sizeof *out);

    sd_error rc = sd_form_page_read(s, (size_t)t->form.max_rows, &pg, err, errlen);
    if (rc)
        goto cleanup;
    sd_form_find_layout(t, &pg, &lay);
    sd_form_many many = {.why = ""};
    for (size_t i = 0; i < pg.n; i++) {
        int q = sd_form_row_question(t, &pg.rows[i], lay.number_col);
        if (q > 0 && lay.qrow[q - 1] == (int)i)
            sd_form_read_answer(t, &lay, &pg.rows[i], &answers[q - 1]);
        else
            sd_form_read_labels(t, &pg, i, fields, &many);
    }
    sd_form_second_answers(t, &pg, &lay, &many);
    if (many.why[0] && many.have_label)
        sd_form_label_column(t, &pg, &many);
    if ((rc = sd_form_check(t, &lay, fields, answers, &many, err, errlen)) == SD_OK)
        sd_form_rows_fill(t, fields, answers, out);

cleanup:
    for (int i = 0; i < SD_FIELD_COUNT; i++)
        free(fields[i].value);
    for (int i = 0; i < SD_MAX_QUESTIONS; i++)
        free(answers[i].value);
    sd_form_page_free(&pg);
    return rc;
}
