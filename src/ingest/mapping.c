/* mapping.c - header mapping by name with synonyms, and row validation */
#include "ingest/mapping.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/text.h"
#include "core/util.h"
#include "ingest/values.h"
#include "rules/score.h"

void sd_rejects_add(sd_rejects *r, size_t row, const char *column, const char *value, const char *reason)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->items = sd_xrealloc(r->items, r->cap * sizeof *r->items);
    }
    sd_reject *x = &r->items[r->n++];
    x->row = row;
    x->warning = false; /* sd_reject_cell_as marks warnings */
    x->column = sd_xstrdup(column ? column : "");
    /* keep a readable excerpt of the value, cut on a character boundary,
     * with control characters made visible (it is printed on terminals) */
    char *v = sd_text_visible(value ? value : "");
    size_t len = strlen(v);
    if (len > 120) {
        len = 120;
        while (len > 0 && ((unsigned char)v[len] & 0xC0) == 0x80)
            len--;
    }
    x->value = sd_xstrndup(v, len);
    free(v);
    x->reason = sd_xstrdup(reason);
    x->member_no = sd_xstrdup("");
    x->name = sd_xstrdup("");
}

void sd_rejects_copy(sd_rejects *r, const sd_reject *x)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->items = sd_xrealloc(r->items, r->cap * sizeof *r->items);
    }
    sd_reject *y = &r->items[r->n++];
    y->row = x->row;
    y->warning = x->warning;
    y->column = sd_xstrdup(x->column);
    y->value = sd_xstrdup(x->value);
    y->reason = sd_xstrdup(x->reason);
    y->member_no = sd_xstrdup(x->member_no ? x->member_no : "");
    y->name = sd_xstrdup(x->name ? x->name : "");
}

/* A cell as the rejects list names a member by it: trimmed of white space
 * (full-width spaces too) at both ends, tabs and line breaks inside made
 * spaces, cut on a character boundary at max bytes; "" when the cell holds bad bytes or control characters
 * (it could not be read, and it is printed on terminals and in Excel). */
static char *sd_reject_who(const char *cell, size_t max)
{
    if (sd_str_empty(cell) || !sd_text_valid(cell) || sd_text_control(cell))
        return sd_xstrdup("");
    const char *b = cell, *e = cell + strlen(cell);
    for (;;) {
        if (b < e && isspace((unsigned char)*b))
            b++;
        else if (e - b >= 3 && memcmp(b, "\xE3\x80\x80", 3) == 0) /* U+3000 */
            b += 3;
        else
            break;
    }
    for (;;) {
        if (e > b && isspace((unsigned char)e[-1]))
            e--;
        else if (e - b >= 3 && memcmp(e - 3, "\xE3\x80\x80", 3) == 0)
            e -= 3;
        else
            break;
    }
    size_t len = (size_t)(e - b);
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)b[len] & 0xC0) == 0x80)
            len--;
    }
    char *who = sd_xstrndup(b, len);
    for (char *p = who; *p; p++) /* a line break inside a cell: one line in the list */
        if (*p == '\t' || *p == '\r' || *p == '\n')
            *p = ' ';
    return who;
}

void sd_rejects_name_member(sd_rejects *r, size_t from, const char *member_no, const char *name)
{
    for (size_t i = from; i < r->n; i++) {
        free(r->items[i].member_no);
        free(r->items[i].name);
        r->items[i].member_no = sd_reject_who(member_no, 96);
        r->items[i].name = sd_reject_who(name, 3 * SD_LIMIT_NAME);
    }
}

void sd_rejects_clear(sd_rejects *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].column);
        free(r->items[i].value);
        free(r->items[i].reason);
        free(r->items[i].member_no);
        free(r->items[i].name);
    }
    r->n = 0;
}

void sd_rejects_free(sd_rejects *r)
{
    if (!r)
        return;
    sd_rejects_clear(r);
    free(r->items);
    r->items = NULL;
    r->cap = 0;
}

void sd_record_clear(sd_record *rec)
{
    free(rec->member_no);
    free(rec->name);
    free(rec->municipality);
    memset(rec, 0, sizeof *rec);
}

/* The spreadsheet's letter for a 0-based column (A, Z, AA). */
static void sd_col_letters(size_t c, char out[8])
{
    char tmp[8];
    int n = 0;
    c++;
    while (c > 0 && n < 7) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = 0;
}

/* The name of what a column was taken for. */
static void sd_col_target(const sd_templates *t, const sd_mapping *m, size_t i, char *out, size_t len)
{
    const sd_col_match *c = &m->cols[i];
    int q = c->question;
    if (c->kind == SD_COL_FIELD && c->code && m->field_col[c->field] != (int)i)
        snprintf(out, len, "%sのコード（%sの列と照合します）", t->columns[c->field].label,
                 t->columns[c->field].label);
    else if (c->kind == SD_COL_FIELD)
        snprintf(out, len, "%s", t->columns[c->field].label);
    else if ((c->kind == SD_COL_QUESTION || c->kind == SD_COL_AMBIGUOUS) && q > 0)
        snprintf(out, len, "Q%d %s", q, t->questions[q - 1].label);
    else if (c->kind == SD_COL_POINTS && m->question_col[q - 1] == (int)i)
        snprintf(out, len, "Q%d %s（点数で回答）", q, t->questions[q - 1].label);
    else if (c->kind == SD_COL_POINTS)
        snprintf(out, len, "Q%d の点数（回答と照合します）", q);
    else if (c->kind == SD_COL_CHOICE)
        snprintf(out, len, "Q%d %s: 「%s」の印", q, t->questions[q - 1].label, t->choices[c->choice].label);
    else
        out[0] = 0;
}

char *sd_mapping_describe(const sd_templates *t, const sd_mapping *m)
{
    sd_buf b = {0};
    for (size_t i = 0; i < m->nheaders; i++) {
        const sd_col_match *c = &m->cols[i];
        char letters[8], target[300];
        sd_col_letters(i, letters);
        if (!*m->headers[i] && c->kind == SD_COL_UNKNOWN)
            continue;
        char *shown = sd_text_visible(m->headers[i]);
        /* a line break inside a header is shown as a space */
        for (char *p = shown; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        sd_col_target(t, m, i, target, sizeof target);
        if (c->used)
            sd_buf_printf(&b, "  %s列「%s」→ %s\n", letters, shown, target);
        else if (c->kind == SD_COL_FORM_TOOL)
            sd_buf_printf(&b, "  %s列「%s」→（フォームの列: 読みません）\n", letters, shown);
        else if (c->note[0])
            sd_buf_printf(&b, "  %s列「%s」→（読みません: %s）\n", letters, shown, c->note);
        else
            sd_buf_printf(&b, "  %s列「%s」→（読みません）\n", letters, shown);
        free(shown);
    }
    return b.data ? sd_buf_steal(&b) : sd_xstrdup("");
}

char *sd_header_describe(const sd_templates *t, const sd_row *row)
{
    sd_mapping m;
    char err[2048];
    sd_mapping_try(t, row, &m, err, sizeof err);
    char *text = sd_mapping_describe(t, &m);
    sd_mapping_free(&m);
    return text;
}

/* A form tool numbering every item (details 1-5, questions 6-30): when
 * every numbered column whose text names a question clearly shows the same
 * offset between its number and that question, and the texts name each
 * question once, the texts decide. Anything less leaves the columns as
 * they are (an ambiguous column refuses the file). */
static void sd_resolve_offset(const sd_templates *t, sd_mapping *m)
{
    int offset = 0, count = 0;
    bool seen[SD_MAX_QUESTIONS] = {false};
    for (size_t c = 0; c < m->nheaders; c++) {
        sd_col_match *x = &m->cols[c];
        if (!x->number || !x->text_question)
            continue;
        if (x->kind != SD_COL_QUESTION && x->kind != SD_COL_AMBIGUOUS)
            continue;
        int d = x->number - x->text_question;
        if (d == 0 || (count && d != offset) || seen[x->text_question - 1])
            return;
        offset = d;
        seen[x->text_question - 1] = true;
        count++;
    }
    if (count < t->nquestions)
        return;
    /* no other column may claim a question by its number alone */
    for (size_t c = 0; c < m->nheaders; c++) {
        sd_col_match *x = &m->cols[c];
        if ((x->kind == SD_COL_QUESTION || x->kind == SD_COL_POINTS || x->kind == SD_COL_CHOICE) &&
            x->number && !x->text_question)
            return;
    }
    for (size_t c = 0; c < m->nheaders; c++) {
        sd_col_match *x = &m->cols[c];
        if (!x->number || !x->text_question)
            continue;
        x->kind = SD_COL_QUESTION;
        x->question = x->text_question;
        x->strength = 2;
        x->note[0] = '\0';
    }
}

/* Joins one more problem to the list, separated by 。 */
#define PROBLEM(...)                                                                                         \
    do {                                                                                                     \
        if (problems.len)                                                                                    \
            sd_buf_printf(&problems, "。");                                                                  \
        sd_buf_printf(&problems, __VA_ARGS__);                                                               \
    } while (0)

sd_error sd_mapping_try(const sd_templates *t, const sd_row *row, sd_mapping *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        m->field_col[f] = m->code_col[f] = -1;
    for (int q = 0; q < SD_MAX_QUESTIONS; q++) {
        m->question_col[q] = m->points_col[q] = -1;
        for (int k = 0; k < SD_NCHOICES; k++)
            m->choice_col[q][k] = -1;
    }
    m->header_row = row->row_no;
    m->nheaders = row->ncells;
    m->headers = sd_xcalloc(row->ncells + 1, sizeof *m->headers);
    m->cols = sd_xcalloc(row->ncells + 1, sizeof *m->cols);
    for (size_t c = 0; c < row->ncells; c++) {
        m->headers[c] = sd_xstrdup(row->cells[c]);
        m->cols[c] = sd_header_classify(t, row->cells[c]);
    }
    sd_resolve_offset(t, m);
    for (size_t c = 0; c < row->ncells; c++) {
        sd_col_kind k = m->cols[c].kind;
        m->recognised +=
            k == SD_COL_FIELD || k == SD_COL_QUESTION || k == SD_COL_POINTS || k == SD_COL_CHOICE;
    }

    sd_buf problems = {0};
    char la[8], lb[8];
    /* each field: the strongest claim of its own columns (a code column
     * only when the field has no other); two equally strong claims refuse */
    for (int f = 0; f < SD_FIELD_COUNT; f++) {
        int best = -1;
        for (size_t c = 0; c < row->ncells; c++) {
            sd_col_match *x = &m->cols[c];
            if (x->kind != SD_COL_FIELD || x->field != f || x->code)
                continue;
            if (best < 0 || x->strength > m->cols[best].strength) {
                best = (int)c;
            } else if (x->strength == m->cols[best].strength) {
                sd_col_letters((size_t)best, la);
                sd_col_letters(c, lb);
                PROBLEM("%s列「%s」と %s列「%s」がどちらも%sの列に見えます", la, row->cells[best], lb,
                        row->cells[c], t->columns[f].label);
                snprintf(x->note, sizeof x->note,
                         "%s列「%s」と同じく%sの列に見えます（どちらか決められません）", la, row->cells[best],
                         t->columns[f].label);
            }
        }
        /* the field's code column: read alone when it is the field's own
         * name (業種コード), else checked against the field row by row
         * (industry: the only field with codes of its own) */
        for (size_t c = 0; c < row->ncells; c++) {
            sd_col_match *x = &m->cols[c];
            if (x->kind != SD_COL_FIELD || x->field != f || !x->code)
                continue;
            if (best < 0 && x->strength > 0) {
                best = (int)c;
            } else if (best >= 0 && f == SD_FIELD_INDUSTRY && m->code_col[f] < 0) {
                m->code_col[f] = (int)c;
                x->used = true;
            } else if (best >= 0 || x->strength > 0) {
                sd_col_letters(c, la);
                if (m->code_col[f] >= 0 || best >= 0)
                    snprintf(x->note, sizeof x->note, "%sのコードの列です。%sは別の列から取ります",
                             t->columns[f].label, t->columns[f].label);
                else
                    snprintf(x->note, sizeof x->note, "%sのコードの列です", t->columns[f].label);
            } else {
                snprintf(x->note, sizeof x->note,
                         "%sのコードの列です（コードだけでは読みません。%sの列を"
                         "足してください）",
                         t->columns[f].label, t->columns[f].label);
            }
        }
        if (best >= 0) {
            m->field_col[f] = best;
            m->cols[best].used = true;
            for (size_t c = 0; c < row->ncells; c++)
                if ((int)c != best && m->cols[c].kind == SD_COL_FIELD && m->cols[c].field == f &&
                    !m->cols[c].code && m->cols[c].strength < m->cols[best].strength) {
                    sd_col_letters((size_t)best, la);
                    snprintf(m->cols[c].note, sizeof m->cols[c].note, "%sは %s列「%s」から取ります",
                             t->columns[f].label, la, row->cells[best]);
                }
        }
    }
    /* each question: one answer column, or a mark-sheet's column per
     * choice; a points column beside the answer checks it */
    for (size_t c = 0; c < row->ncells; c++) {
        sd_col_match *x = &m->cols[c];
        if (x->kind == SD_COL_AMBIGUOUS && m->recognised >= 3) {
            sd_col_letters(c, la);
            PROBLEM("%s列「%s」: %s", la, row->cells[c], x->note);
        }
        if (x->kind != SD_COL_QUESTION && x->kind != SD_COL_POINTS && x->kind != SD_COL_CHOICE)
            continue;
        int q = x->question - 1;
        int *slot = x->kind == SD_COL_QUESTION ? &m->question_col[q]
                    : x->kind == SD_COL_POINTS ? &m->points_col[q]
                                               : &m->choice_col[q][x->choice];
        if (*slot >= 0) {
            sd_col_letters((size_t)*slot, la);
            sd_col_letters(c, lb);
            if (x->kind == SD_COL_CHOICE)
                PROBLEM("%s列「%s」と %s列「%s」がどちらも Q%d の「%s」の列に見えます", la, row->cells[*slot],
                        lb, row->cells[c], q + 1, t->choices[x->choice].label);
            else
                PROBLEM("%s列「%s」と %s列「%s」がどちらも Q%d の%sの列に見えます", la, row->cells[*slot], lb,
                        row->cells[c], q + 1, x->kind == SD_COL_POINTS ? "点数" : "回答");
            snprintf(x->note, sizeof x->note,
                     "%s列「%s」と同じく Q%d の列に見えます（どちらか決められません）", la, row->cells[*slot],
                     q + 1);
            continue;
        }
        *slot = (int)c;
        x->used = true;
    }
    for (int q = 0; q < t->nquestions; q++) {
        int marks = 0;
        sd_buf absent = {0};
        for (int k = 0; k < SD_NCHOICES; k++) {
            if (m->choice_col[q][k] >= 0)
                marks++;
            else
                sd_buf_printf(&absent, "%s「%s」", absent.len ? "、" : "", t->choices[k].label);
        }
        if (marks && m->question_col[q] >= 0) {
            sd_col_letters((size_t)m->question_col[q], la);
            PROBLEM("Q%d に回答の列（%s列）と選択肢ごとの列の両方があります。どちらか一方にしてください",
                    q + 1, la);
        } else if (marks && marks < SD_NCHOICES) {
            PROBLEM("Q%d の選択肢ごとの列に %s の列がありません（印のない行を読めません）。四つの選択肢の列を"
                    "そろえてください",
                    q + 1, absent.data);
        } else if (!marks && m->question_col[q] < 0 && m->points_col[q] >= 0) {
            /* only its points: they are the answer (4 2 0 -1) */
            m->question_col[q] = m->points_col[q];
            m->points_col[q] = -1;
        }
        sd_buf_free(&absent);
    }

    sd_buf missing = {0};
    for (int f = 0; f < SD_FIELD_COUNT; f++)
        if (t->columns[f].required && m->field_col[f] < 0)
            sd_buf_printf(&missing, "%s%s", missing.len ? "、" : "", t->columns[f].label);
    if (m->field_col[SD_FIELD_PREFECTURE] < 0 && m->field_col[SD_FIELD_ADDRESS] < 0)
        sd_buf_printf(&missing, "%s%s（または%s）", missing.len ? "、" : "",
                      t->columns[SD_FIELD_PREFECTURE].label, t->columns[SD_FIELD_ADDRESS].label);
    int qmissing = 0;
    for (int q = 0; q < t->nquestions; q++) {
        bool marks = false;
        for (int k = 0; k < SD_NCHOICES; k++)
            marks = marks || m->choice_col[q][k] >= 0;
        if (m->question_col[q] < 0 && !marks) {
            if (qmissing++ < 5)
                sd_buf_printf(&missing, "%sQ%d", missing.len ? "、" : "", q + 1);
        }
    }
    if (qmissing > 5)
        sd_buf_printf(&missing, " ほか %d 問", qmissing - 5);
    sd_error rc = SD_OK;
    if (problems.len && !missing.len) {
        rc = sd_fail(err, errlen, SD_ERR_NO_HEADER,
                     "見出しが決められません: %s。見出しを直すか、templates/columns.ini を"
                     "調整してください",
                     problems.data);
    } else if (missing.len) {
        rc = sd_fail(err, errlen, SD_ERR_NO_HEADER,
                     "必須の列がありません: %s%s%s。見出しをその項目の名前（例: 会員番号、Q1）にしてください",
                     missing.data, problems.len ? "。また、" : "", problems.len ? problems.data : "");
    }
    sd_buf_free(&missing);
    sd_buf_free(&problems);
    return rc;
}
#undef PROBLEM

sd_error sd_mapping_from_header(const sd_templates *t, const sd_row *row, sd_mapping *m, char *err,
                                size_t errlen)
{
    sd_error rc = sd_mapping_try(t, row, m, err, errlen);
    if (rc) {
        int keep = m->recognised;
        sd_mapping_free(m);
        m->recognised = keep;
    }
    return rc;
}

void sd_mapping_free(sd_mapping *m)
{
    if (!m)
        return;
    sd_strv_free(m->headers);
    free(m->cols);
    m->headers = NULL;
    m->cols = NULL;
    m->nheaders = 0;
}

bool sd_row_is_blank(const sd_row *row)
{
    for (size_t c = 0; c < row->ncells; c++)
        for (const char *p = row->cells[c]; *p; p++)
            if (!isspace((unsigned char)*p))
                return false;
    return true;
}

static const char *sd_cell(const sd_row *row, int col)
{
    return (col >= 0 && (size_t)col < row->ncells) ? row->cells[col] : "";
}

/* Label for a column in messages: the header as written, else fallback. */
static const char *sd_col_label(const sd_mapping *m, int col, const char *fallback)
{
    return (col >= 0 && (size_t)col < m->nheaders && *m->headers[col]) ? m->headers[col] : fallback;
}

static void sd_reject_cell_as(sd_rejects *rejects, const sd_row *row, const sd_mapping *m, int col,
                              const char *fallback, const char *why, bool warning);

/* Rejects one cell: its row (a form's cells each have their own) and its
 * column as headed, with the cell's address when the row knows it. */
static void sd_reject_cell(sd_rejects *rejects, const sd_row *row, const sd_mapping *m, int col,
                           const char *fallback, const char *why)
{
    sd_reject_cell_as(rejects, row, m, col, fallback, why, false);
}

/* Counts the rejects from `from` on that are not warnings. */
static size_t sd_hard_rejects(const sd_rejects *r, size_t from)
{
    size_t n = 0;
    for (size_t i = from; i < r->n; i++)
        n += !r->items[i].warning;
    return n;
}

static void sd_reject_cell_as(sd_rejects *rejects, const sd_row *row, const sd_mapping *m, int col,
                              const char *fallback, const char *why, bool warning)
{
    const char *label = sd_col_label(m, col, fallback);
    size_t r = row->row_no;
    if (col >= 0 && (size_t)col < row->ncells && row->cell_rows) {
        r = row->cell_rows[col];
        char *full = sd_xasprintf("%s（%s）", label, row->cell_refs[col]);
        sd_rejects_add(rejects, r, full, sd_cell(row, col), why);
        rejects->items[rejects->n - 1].warning = warning;
        free(full);
        return;
    }
    sd_rejects_add(rejects, r, label, sd_cell(row, col), why);
    rejects->items[rejects->n - 1].warning = warning;
}

/* Industry: one 大分類 letter, or a rejects line that says what was found
 * and which template line would teach the word. */
static void sd_mapping_read_industry(const sd_templates *t, const sd_mapping *m, const sd_row *row,
                                     const char *text, sd_record *rec, sd_rejects *rejects)
{
    char letters[21];
    int n = sd_industry_lookup(t, text, &rec->industry, letters);
    if (n == 1)
        return;
    char *clean = sd_text_clean(text);
    sd_buf why = {0};
    if (n > 1) {
        sd_buf_printf(&why,
                      "業種が一つに決まりません。「%s」は日本標準産業分類の %d つの大分類に当てはまります（",
                      clean ? clean : "", n);
        for (int i = 0; i < n; i++) {
            const sd_industry *ind = sd_industry_by_letter(t, letters[i]);
            sd_buf_printf(&why, "「%c %s」", letters[i], ind ? ind->name : "");
        }
        sd_buf_printf(&why,
                      "）。大分類の英字か業種名で書くか、templates/industry_words.tsv に「%s」、タブ、"
                      "大分類の英字を 1 行で追加してください",
                      clean ? clean : "");
    } else {
        sd_buf_printf(&why,
                      "業種が分かりません（日本標準産業分類の大分類の英字 A〜T か、業種名で書いてください）。"
                      "この書き方を今後も使う場合は、templates/industry_words.tsv に「%s」、タブ、"
                      "大分類の英字（例: N）を 1 行で追加してください",
                      clean ? clean : "");
    }
    sd_reject_cell(rejects, row, m, m->field_col[SD_FIELD_INDUSTRY], t->columns[SD_FIELD_INDUSTRY].label,
                   why.data);
    sd_buf_free(&why);
    free(clean);
}

/* True for a formula's error as Excel shows it (#N/A from a VLOOKUP that
 * found nothing, #REF!, #VALUE! …). */
static bool sd_excel_error(const char *text)
{
    static const char *const errors[] = {"#N/A",    "#REF!",  "#VALUE!", "#NAME?",
                                         "#DIV/0!", "#NULL!", "#NUM!",   "#N/A!"};
    char *clean = sd_text_clean(text);
    bool hit = false;
    for (size_t i = 0; clean && i < sizeof errors / sizeof errors[0] && !hit; i++)
        hit = strcmp(clean, errors[i]) == 0;
    free(clean);
    return hit;
}

/* The 大分類 letter of an industry code: a 日本標準産業分類 code of two to
 * four digits (its first two are the 中分類, which lies in one 大分類), a
 * letter A-T, or else a name. Returns true with *letter set. */
static bool sd_industry_code(const sd_templates *t, const char *text, char *letter)
{
    /* the first 中分類 of each 大分類 A..T (第14回改定) */
    static const int first[] = {1, 3, 5, 6, 9, 33, 37, 42, 50, 62, 68, 71, 75, 78, 81, 83, 86, 88, 97, 99};
    char *key = sd_text_key(text);
    size_t n = key ? strlen(key) : 0;
    bool digits = n >= 2 && n <= 4;
    for (size_t i = 0; digits && i < n; i++)
        digits = isdigit((unsigned char)key[i]);
    bool found = false;
    if (digits) {
        int major = (key[0] - '0') * 10 + (key[1] - '0');
        for (int i = 19; i >= 0 && !found && major >= 1; i--)
            if (major >= first[i]) {
                *letter = (char)('A' + i);
                found = true;
            }
    } else if (n == 1 && key[0] >= 'a' && key[0] <= 't') {
        *letter = (char)toupper((unsigned char)key[0]);
        found = true;
    } else if (n) {
        char letters[21];
        found = sd_industry_lookup(t, text, letter, letters) == 1;
    }
    free(key);
    return found;
}

/* The industry's code column against its name column (業種コード beside
 * 業種, one often looked up from the other): a row whose two disagree, or
 * where either shows a formula's error, is rejected naming both cells. */
static void sd_mapping_check_code(const sd_templates *t, const sd_mapping *m, const sd_row *row,
                                  sd_record *rec, sd_rejects *rejects)
{
    int nc = m->field_col[SD_FIELD_INDUSTRY], cc = m->code_col[SD_FIELD_INDUSTRY];
    const char *name = sd_cell(row, nc), *code = sd_cell(row, cc);
    char ln[8], lc[8], letter = 0;
    sd_col_letters((size_t)nc, ln);
    sd_col_letters((size_t)cc, lc);
    const char *hn = sd_col_label(m, nc, "業種"), *hc = sd_col_label(m, cc, "業種コード");
    char *why = NULL;
    if (sd_excel_error(name) || sd_excel_error(code)) {
        why = sd_xasprintf(
            "%s列「%s」が「%s」、%s列「%s」が「%s」です。式のエラー（%s）の行は業種が決まりません。"
            "コードと業種名の対応を直してください",
            ln, hn, name, lc, hc, code, sd_excel_error(name) ? name : code);
    } else if (sd_str_empty(code)) {
        return; /* no code to check: the name decides */
    } else if (!sd_industry_code(t, code, &letter)) {
        why = sd_xasprintf("%s列「%s」の「%s」が業種のコードとして読めません（%s列「%s」は「%s」）。コードを"
                           "直すか、空欄にしてください",
                           lc, hc, code, ln, hn, name);
    } else if (letter != rec->industry) {
        const sd_industry *a = sd_industry_by_letter(t, rec->industry), *b = sd_industry_by_letter(t, letter);
        why = sd_xasprintf(
            "%s列「%s」の「%s」（%c %s）と %s列「%s」の「%s」（%c %s）が一致しません。どちらかを"
            "直してください",
            ln, hn, name, rec->industry, a ? a->name : "", lc, hc, code, letter, b ? b->name : "");
    }
    if (why)
        sd_reject_cell(rejects, row, m, nc, "業種", why);
    free(why);
}

/* Why a place could not be read, for a rejects line: what was found and
 * what to write instead. Returns a new string. */
static char *sd_place_problem(const sd_templates *t, const sd_place *pl, const char *what)
{
    switch (pl->status) {
    case SD_PLACE_AMBIGUOUS:
        return sd_xasprintf(
            "%sの市区町村が一つに決まりません（同じ名前が%sにあります）。都道府県名や市の名前から"
            "書いてください（例: 東京都府中市、大阪市北区）",
            what, pl->candidates);
    case SD_PLACE_UNKNOWN:
        return sd_xasprintf("%sに書かれた市区町村が、%sの市区町村の一覧にありません（郡や政令指定都市の区も"
                            "正しい名前で書いてください。例: 那珂郡東海村、水戸市）",
                            what, t->prefectures[pl->prefecture - 1].name);
    default:
        return sd_xasprintf(
            "%sとして読み取れません。都道府県名から書いてください（例: 茨城県、茨城県水戸市、つくば市）",
            what);
    }
}

/* Place: the prefecture from its column, else from the address, else from
 * a municipality whose name is unique in Japan; the municipality from its
 * own column, else from what the prefecture's cell or the address holds.
 * An unreadable prefecture refuses the row; an unreadable municipality is
 * a warning and the row is kept without it (never stored as typed). */
static void sd_mapping_read_place(const sd_templates *t, const sd_mapping *m, const sd_row *row,
                                  sd_record *rec, sd_rejects *rejects)
{
    int pf = m->field_col[SD_FIELD_PREFECTURE] >= 0 ? SD_FIELD_PREFECTURE : SD_FIELD_ADDRESS;
    int mc = m->field_col[SD_FIELD_MUNICIPALITY];
    const char *place_text = sd_cell(row, m->field_col[pf]);
    const char *muni_text = mc >= 0 ? sd_cell(row, mc) : NULL;
    const char *pf_label = t->columns[pf].label, *mu_label = t->columns[SD_FIELD_MUNICIPALITY].label;
    sd_place pl, mu;
    sd_place_parse(t, place_text, 0, &pl);
    memset(&mu, 0, sizeof mu);
    char *why = NULL;
    if (sd_str_empty(place_text)) {
        /* an empty prefecture: a municipality unique in Japan names it */
        if (!sd_str_empty(muni_text)) {
            sd_place_parse(t, muni_text, 0, &mu);
            if (mu.status == SD_PLACE_FOUND || mu.status == SD_PLACE_PREFECTURE) {
                rec->prefecture = mu.prefecture;
                if (mu.municipality)
                    rec->municipality = sd_xstrdup(mu.municipality);
            } else if (mu.status == SD_PLACE_AMBIGUOUS) {
                why = sd_xasprintf(
                    "都道府県が空で、市区町村「%s」が一つに決まりません（%s）。都道府県を書いてください",
                    muni_text, mu.candidates);
            }
        }
        if (!rec->prefecture)
            sd_reject_cell(rejects, row, m, m->field_col[pf], pf_label, why ? why : "都道府県が空です");
        goto done;
    }
    if (!pl.prefecture || pl.status == SD_PLACE_AMBIGUOUS) {
        why = sd_place_problem(t, &pl, pf_label);
        sd_reject_cell(rejects, row, m, m->field_col[pf], pf_label, why);
        goto done;
    }
    rec->prefecture = pl.prefecture;
    if (sd_str_empty(muni_text)) {
        if (pl.status == SD_PLACE_FOUND)
            rec->municipality = sd_xstrdup(pl.municipality);
        else if (pl.status == SD_PLACE_UNKNOWN) {
            char *problem = sd_place_problem(t, &pl, pf_label);
            why = sd_xasprintf("%s。市区町村は空欄のまま取り込みました", problem);
            free(problem);
            sd_reject_cell_as(rejects, row, m, m->field_col[pf], pf_label, why, true);
        }
        goto done;
    }
    sd_place_parse(t, muni_text, rec->prefecture, &mu);
    if (mu.status == SD_PLACE_FOUND && pl.status == SD_PLACE_FOUND &&
        strcmp(pl.municipality, mu.municipality) != 0) {
        /* 茨城県水戸市 beside 土浦市: two places, neither guessed */
        why = sd_xasprintf(
            "%sの欄の市区町村（%s）と市区町村の欄（%s）が違います。市区町村は空欄のまま取り込みました。"
            "どちらかを直してください",
            pf_label, pl.municipality, mu.municipality);
        sd_reject_cell_as(rejects, row, m, mc, mu_label, why, true);
    } else if (mu.status == SD_PLACE_FOUND) {
        rec->municipality = sd_xstrdup(mu.municipality);
    } else if (mu.status != SD_PLACE_PREFECTURE) {
        /* optional: the diagnosis is kept without the municipality */
        char *problem;
        if (mu.status == SD_PLACE_CONFLICT) {
            problem = sd_xasprintf("市区町村の都道府県（%s）が都道府県の列と一致しません",
                                   t->prefectures[mu.prefecture - 1].name);
        } else if (mu.status == SD_PLACE_ELSEWHERE) {
            problem = sd_xasprintf(
                "市区町村「%s」は%sにありません（%sにあります）。都道府県か市区町村を直してください",
                muni_text, t->prefectures[rec->prefecture - 1].name, mu.candidates);
        } else if (mu.status == SD_PLACE_AMBIGUOUS) {
            problem = sd_xasprintf("市区町村「%s」が一つに決まりません（%s）", muni_text, mu.candidates);
        } else {
            problem =
                sd_xasprintf("市区町村「%s」が%sの市区町村の一覧にありません（郡や政令指定都市の区も正しい"
                             "名前で書いてください。例: 那珂郡東海村、水戸市）",
                             muni_text, t->prefectures[rec->prefecture - 1].name);
        }
        why = sd_xasprintf("%s。市区町村は空欄のまま取り込みました", problem);
        free(problem);
        sd_reject_cell_as(rejects, row, m, mc, mu_label, why, true);
    }
done:
    free(why);
    sd_place_clear(&pl);
    sd_place_clear(&mu);
}

#define FIELD_COL(f) (m->field_col[f])
#define FIELD_TEXT(f) sd_cell(row, m->field_col[f])
#define REJECT(f, why) sd_reject_cell(rejects, row, m, FIELD_COL(f), t->columns[f].label, why)
#define WARN(f, why) sd_reject_cell_as(rejects, row, m, FIELD_COL(f), t->columns[f].label, why, true)
/* (the reading of a row's cells, below, names its fields with these) */

/* Invalid bytes, then control characters, anywhere in the row, named
 * cell by cell: false when there are any (the row is not read further). */
static bool sd_row_cells_readable(const sd_mapping *m, const sd_row *row, sd_rejects *rejects)
{
    size_t before = rejects->n;
    for (size_t c = 0; c < row->ncells; c++)
        if (!sd_text_valid(row->cells[c]))
            sd_reject_cell(rejects, row, m, (int)c, "（見出しのない列）",
                           "文字コードが正しくない文字を含んでいます（CP932 か UTF-8 で保存してください）");
    if (rejects->n > before)
        return false;
    char msg[512];
    for (size_t c = 0; c < row->ncells; c++) {
        int32_t cp = sd_text_control(row->cells[c]);
        if (cp) {
            snprintf(msg, sizeof msg, "制御文字（U+%04X）が含まれています。消してから保存し直してください",
                     (unsigned)cp);
            sd_reject_cell(rejects, row, m, (int)c, "（見出しのない列）", msg);
        }
    }
    return rejects->n == before;
}

/* 回答日 and the period: the date when it reads (not in the future), the
 * period from --period (which never relabels a dated row of another
 * month), else the date's month, else name_period. */
static void sd_mapping_read_period(const sd_templates *t, const sd_mapping *m, const sd_row *row,
                                   const char *forced_period, const char *name_period, sd_record *rec,
                                   sd_rejects *rejects)
{
    size_t r = row->row_no;
    char msg[512];
    const char *day = FIELD_TEXT(SD_FIELD_ANSWERED_ON);
    bool have_day = false;
    if (!sd_str_empty(day)) {
        if (sd_parse_date(day, rec->answered_on))
            have_day = true;
        else if (forced_period) /* --period names the month: the date is optional */
            WARN(SD_FIELD_ANSWERED_ON,
                 "回答日が日付として読めません。--period の月の回答として取り込みました");
        else
            REJECT(SD_FIELD_ANSWERED_ON, "回答日が日付として読めません（例: 2026-10-15、2026/10/15）");
    }
    char latest[11];
    sd_latest_answer_date(latest);
    if (have_day && strcmp(rec->answered_on, latest) > 0) {
        snprintf(msg, sizeof msg, "回答日 %s は未来の日付です（入力の誤りではありませんか）",
                 rec->answered_on);
        REJECT(SD_FIELD_ANSWERED_ON, msg);
        have_day = false;
    }
    /* --period names the month of undated rows; it never relabels a row
     * whose 回答日 falls in another month (that row is refused instead) */
    if (forced_period && have_day && strncmp(rec->answered_on, forced_period, 7) != 0) {
        snprintf(msg, sizeof msg,
                 "回答日 %s は --period %s の月ではありません（その月の回答だけを取り込むか、--period "
                 "を外してください）",
                 rec->answered_on, forced_period);
        REJECT(SD_FIELD_ANSWERED_ON, msg);
    } else if (forced_period)
        memcpy(rec->period, forced_period, 8);
    else if (have_day)
        snprintf(rec->period, sizeof rec->period, "%.7s", rec->answered_on);
    else if (name_period)
        memcpy(rec->period, name_period, 8);
    else if (sd_str_empty(day))
        sd_rejects_add(rejects, r, t->columns[SD_FIELD_ANSWERED_ON].label, "",
                       "診断月が決まりません（--period を指定するか、回答日の列か、ファイル名に 2026-10 "
                       "のような年月を入れてください）");
}

/* A mark-sheet cell: 1 marked (○, ✓, 1, the choice's own word), 0 not
 * (empty, 0, FALSE, -), -1 unreadable. */
static int sd_mark(const sd_templates *t, const char *cell, int choice)
{
    if (sd_str_empty(cell))
        return 0;
    char *key = sd_text_key(cell);
    static const char *const on[] = {"○", "〇", "◯", "●", "◎", "✓", "✔", "☑", "レ", "v", "1", "true"};
    static const char *const off[] = {"0", "false", "-", "ー", "―"};
    int r = -1;
    for (size_t i = 0; key && r < 0 && i < sizeof on / sizeof on[0]; i++)
        if (strcmp(key, on[i]) == 0)
            r = 1;
    for (size_t i = 0; key && r < 0 && i < sizeof off / sizeof off[0]; i++)
        if (strcmp(key, off[i]) == 0)
            r = 0;
    for (char **k = t->choices[choice].keys; key && r < 0 && *k; k++)
        if (strcmp(*k, key) == 0) /* SurveyMonkey writes the chosen choice's text */
            r = 1;
    free(key);
    return r;
}

/* A mark-sheet's question: the one choice marked, or a reject naming the
 * cells. Returns true with *choice set. */
static bool sd_read_marks(const sd_templates *t, const sd_mapping *m, const sd_row *row, int q, int *choice,
                          sd_rejects *rejects)
{
    char msg[768];
    int marked = 0, first = -1;
    sd_buf cells = {0};
    for (int k = 0; k < SD_NCHOICES; k++) {
        int col = m->choice_col[q][k];
        int v = sd_mark(t, sd_cell(row, col), k);
        if (v < 0) {
            snprintf(msg, sizeof msg,
                     "Q%d の「%s」の列の「%s」が印として読めません（○ か空欄にしてください）", q + 1,
                     t->choices[k].label, sd_cell(row, col));
            sd_reject_cell(rejects, row, m, col, "Q", msg);
            sd_buf_free(&cells);
            return false;
        }
        if (v) {
            char l[8];
            sd_col_letters((size_t)col, l);
            sd_buf_printf(&cells, "%s%s列「%s」", cells.len ? "と " : "", l, t->choices[k].label);
            marked++;
            if (first < 0)
                first = k;
        }
    }
    if (marked == 1) {
        *choice = first;
        sd_buf_free(&cells);
        return true;
    }
    if (marked == 0)
        snprintf(msg, sizeof msg, "Q%d は選択肢のどの列にも印がありません（未回答です）", q + 1);
    else
        snprintf(msg, sizeof msg, "Q%d は %s の %d か所に印があります。一つにしてください", q + 1, cells.data,
                 marked);
    sd_reject_cell(rejects, row, m, m->choice_col[q][marked ? first : 0], "Q", msg);
    sd_buf_free(&cells);
    return false;
}

/* A points column beside the answer (Q1点, often a hidden formula) must
 * agree with the answer's points: else the row is rejected naming both. */
static void sd_check_points(const sd_templates *t, const sd_mapping *m, const sd_row *row, int q, int choice,
                            sd_rejects *rejects)
{
    int pc = m->points_col[q];
    const char *p = sd_cell(row, pc);
    if (pc < 0 || sd_str_empty(p))
        return;
    int pchoice = -1;
    bool read = sd_parse_answer(t, p, &pchoice);
    if (read && t->choices[pchoice].points == t->choices[choice].points)
        return;
    char la[8], lp[8], msg[768];
    sd_col_letters((size_t)m->question_col[q], la);
    sd_col_letters((size_t)pc, lp);
    snprintf(
        msg, sizeof msg,
        "Q%d: %s列「%s」の回答「%s」は %d 点ですが、%s列「%s」は「%s」です。回答か点数の列を直してください",
        q + 1, la, sd_col_label(m, m->question_col[q], "Q"), sd_cell(row, m->question_col[q]),
        t->choices[choice].points, lp, sd_col_label(m, pc, "点"), p);
    sd_reject_cell(rejects, row, m, m->question_col[q], "Q", msg);
}

/* Each question's answer, or a reject naming it. */
static void sd_mapping_read_answers(const sd_templates *t, const sd_mapping *m, const sd_row *row,
                                    sd_record *rec, sd_rejects *rejects)
{
    char msg[512];
    for (int q = 0; q < t->nquestions; q++) {
        const char *a = sd_cell(row, m->question_col[q]);
        if (m->question_col[q] < 0) {
            sd_read_marks(t, m, row, q, &rec->answers[q], rejects);
        } else if (sd_str_empty(a)) {
            snprintf(msg, sizeof msg, "Q%d が未回答です", q + 1);
            sd_reject_cell(rejects, row, m, m->question_col[q], "Q", msg);
        } else if (!sd_parse_answer(t, a, &rec->answers[q])) {
            const char *why = sd_answer_refusal(a);
            if (!why)
                why = sd_answer_contradiction(t, a);
            if (why)
                snprintf(msg, sizeof msg, "Q%d: %s", q + 1, why);
            else
                snprintf(msg, sizeof msg,
                         "Q%d "
                         "の回答が読めません（実施している/一部実施している/実施していない/"
                         "わからない、○△×？、4 2 0 -1 のいずれか）",
                         q + 1);
            sd_reject_cell(rejects, row, m, m->question_col[q], "Q", msg);
        } else {
            sd_check_points(t, m, row, q, rec->answers[q], rejects);
        }
    }
}

bool sd_mapping_read_row(const sd_templates *t, const sd_mapping *m, const sd_row *row,
                         const char *forced_period, const char *name_period, sd_record *rec,
                         sd_rejects *rejects)
{
    size_t before = rejects->n;
    size_t r = row->row_no;
    memset(rec, 0, sizeof *rec);
    rec->row = r;
    rec->employees = -1;
    char msg[512];

    if (!sd_row_cells_readable(m, row, rejects)) {
        sd_rejects_name_member(rejects, before, FIELD_TEXT(SD_FIELD_MEMBER_NO), FIELD_TEXT(SD_FIELD_NAME));
        return false;
    }

    const char *mn = FIELD_TEXT(SD_FIELD_MEMBER_NO);
    if (sd_str_empty(mn))
        REJECT(SD_FIELD_MEMBER_NO, "会員番号が空です");
    else if (!(rec->member_no = sd_parse_member_no(mn)))
        REJECT(SD_FIELD_MEMBER_NO,
               "会員番号には英数字とハイフン（-）、下線（_）だけが使えます（32 文字まで）");

    rec->name = sd_text_clean(FIELD_TEXT(SD_FIELD_NAME));
    if (!rec->name || !*rec->name)
        REJECT(SD_FIELD_NAME, "事業所名が空です");
    else if (sd_utf8_len(rec->name) > SD_LIMIT_NAME)
        REJECT(SD_FIELD_NAME, "事業所名が長すぎます（200 文字まで）");

    const char *ind = FIELD_TEXT(SD_FIELD_INDUSTRY);
    if (m->code_col[SD_FIELD_INDUSTRY] >= 0 && sd_excel_error(ind))
        sd_mapping_check_code(t, m, row, rec, rejects);
    else if (sd_str_empty(ind))
        REJECT(SD_FIELD_INDUSTRY, "業種が空です");
    else {
        size_t ind_before = rejects->n;
        sd_mapping_read_industry(t, m, row, ind, rec, rejects);
        if (m->code_col[SD_FIELD_INDUSTRY] >= 0 && rejects->n == ind_before)
            sd_mapping_check_code(t, m, row, rec, rejects);
    }

    sd_mapping_read_place(t, m, row, rec, rejects);

    const char *emp = FIELD_TEXT(SD_FIELD_EMPLOYEES);
    if (sd_str_empty(emp))
        REJECT(SD_FIELD_EMPLOYEES, "従業員数が空です");
    else if (!sd_parse_employees_why(t, emp, &rec->employees, &rec->size_band, msg, sizeof msg))
        REJECT(SD_FIELD_EMPLOYEES,
               *msg ? msg : "従業員数が分かりません（1 以上の人数か、規模の区分で書いてください）");

    /* SECURITY ACTION is optional: without its column, or with a value
     * that cannot be read, the declaration is unknown (never 未宣言: a
     * declared member must not count as undeclared) and the row is kept */
    rec->sa_known = false;
    if (FIELD_COL(SD_FIELD_SA_LEVEL) >= 0) {
        if (sd_parse_sa_level(t, FIELD_TEXT(SD_FIELD_SA_LEVEL), &rec->sa_level))
            rec->sa_known = true;
        else
            WARN(SD_FIELD_SA_LEVEL, "SECURITY ACTION の宣言状況が分かりません（★、★★、未宣言のいずれか）。"
                                    "宣言状況は不明として取り込みました");
    }

    sd_mapping_read_period(t, m, row, forced_period, name_period, rec, rejects);

    sd_mapping_read_answers(t, m, row, rec, rejects);
    /* every line of this row (warnings of a row taken too) says whom it is about */
    sd_rejects_name_member(rejects, before, FIELD_TEXT(SD_FIELD_MEMBER_NO), FIELD_TEXT(SD_FIELD_NAME));
#undef FIELD_COL
#undef FIELD_TEXT
#undef REJECT
#undef WARN

    if (sd_hard_rejects(rejects, before) > 0) {
        sd_record_clear(rec);
        return false;
    }
    sd_score(t, rec->answers, &rec->total, rec->part_scores);
    return true;
}

bool sd_row_is_summary(const sd_mapping *m, const sd_row *row)
{
    /* no member number, and the first filled cell is a word that heads a
     * line of totals (合計, 平均, 実施率, 備考, 計) */
    int mc = m->field_col[SD_FIELD_MEMBER_NO];
    if (mc >= 0 && (size_t)mc < row->ncells && !sd_str_empty(row->cells[mc]))
        return false;
    static const char *const words[] = {"合計",   "総計",   "小計", "計", "平均",
                                        "平均点", "実施率", "備考", "注", "集計"};
    for (size_t c = 0; c < row->ncells; c++) {
        if (sd_str_empty(row->cells[c]))
            continue;
        char *key = sd_text_key(row->cells[c]);
        bool hit = false;
        for (size_t w = 0; key && w < sizeof words / sizeof words[0] && !hit; w++)
            hit = strcmp(key, words[w]) == 0 ||
                  (sd_starts_with(key, words[w]) && strlen(key) <= strlen(words[w]) + 9);
        free(key);
        return hit;
    }
    return false;
}
