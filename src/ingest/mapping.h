/* mapping.h - header row -> fields, and one data row -> a checked record
 * or the list of reasons it cannot be taken */
#ifndef SD_MAPPING_H
#define SD_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/record.h"
#include "core/templates.h"
#include "ingest/sheet.h"

/* What one header cell names. */
typedef enum {
    SD_COL_UNKNOWN = 0, /* nothing shindan reads */
    SD_COL_FIELD,       /* a detail field (SD_FIELD_*) */
    SD_COL_QUESTION,    /* one of the questions */
    SD_COL_FORM_TOOL,   /* an online form's own column (ID, 名前, 開始時刻) */
    SD_COL_AMBIGUOUS,   /* could be two things: note says which */
    SD_COL_COMPANION,   /* beside the answers: a comment (Q1コメント), a total or
                         * 判定; never read, note says what it is */
    SD_COL_POINTS,      /* a question's points (Q1点): checks its answer, or is
                         * the answer when the question has no other column */
    SD_COL_CHOICE,      /* one choice of a question (Q1_実施している): a mark in
                         * it picks that choice */
} sd_col_kind;

typedef struct {
    sd_col_kind kind;
    int field;         /* SD_FIELD_* when kind is SD_COL_FIELD, else -1 */
    int question;      /* 1.. when kind is SD_COL_QUESTION */
    int strength;      /* 3 exact name, 2 keyword or number, 1 weak name or text */
    int choice;        /* 0-based choice for SD_COL_CHOICE */
    bool code;         /* a code column of its field (業種コード beside 業種) */
    int number;        /* the question number written in the header, or 0 */
    int text_question; /* the question its text clearly names, or 0 */
    bool used;         /* chosen by the mapping */
    char note[200];    /* why it is ambiguous, or not used */
} sd_col_match;

/* Classifies one header: a field's synonym, a form tool's column, a weak
 * synonym, a question (by number, its text agreeing; by a grid's [item];
 * by its own text, clearly), a field asked in a sentence, or nothing. */
sd_col_match sd_header_classify(const sd_templates *t, const char *header);

typedef struct {
    int field_col[SD_FIELD_COUNT];                 /* 0-based column, -1 when absent */
    int question_col[SD_MAX_QUESTIONS];            /* 0-based column per question */
    int points_col[SD_MAX_QUESTIONS];              /* its points column beside the answer, or -1 */
    int choice_col[SD_MAX_QUESTIONS][SD_NCHOICES]; /* a mark-sheet's column per
                                                    * choice (question_col is then -1) */
    int code_col[SD_FIELD_COUNT];                  /* a code column checked against the
                                                    * field's own column, or -1 */
    size_t header_row;                             /* row number of the header */
    char **headers;                                /* owned copy of the header cells */
    size_t nheaders;                               /* cells in the header row */
    sd_col_match *cols;                            /* owned: what each header cell named */
    int recognised;                                /* cells that named something: the best
                                                    * failed header row is the one reported */
} sd_mapping;

/* The mapping as staff read it, one line per column: "A 会員番号 →
 * 会員番号", with the columns not read and why. Caller frees. */
char *sd_mapping_describe(const sd_templates *t, const sd_mapping *m);
/* The same for a row that did not map: what each header would name. */
char *sd_header_describe(const sd_templates *t, const sd_row *row);

/* Frees the header copy; accepts a zeroed mapping. */
void sd_mapping_free(sd_mapping *m);

/* The reject and record lists (core/record.h) as ingest builds them: a
 * reject's value is kept as a readable excerpt (control characters made
 * visible, 120 bytes at most); sd_rejects_copy appends a copy of x as it
 * is. The list owns its items; sd_rejects_free accepts NULL. */
void sd_rejects_add(sd_rejects *r, size_t row, const char *column, const char *value, const char *reason);
void sd_rejects_clear(sd_rejects *r);
void sd_rejects_free(sd_rejects *r);
void sd_rejects_copy(sd_rejects *r, const sd_reject *x);
/* Names the member on the rejects from `from` on: member_no and name are
 * the row's cells as read (NULL for none); each is kept trimmed, or as ""
 * when it cannot be read. */
void sd_rejects_name_member(sd_rejects *r, size_t from, const char *member_no, const char *name);

void sd_record_clear(sd_record *rec);

/* Tries the row as the header. Returns SD_OK with *m filled (free with
 * sd_mapping_free) when every required column was found; SD_ERR_NO_HEADER
 * with the missing columns named in err otherwise (nothing to free). */
sd_error sd_mapping_from_header(const sd_templates *t, const sd_row *row, sd_mapping *m, char *err,
                                size_t errlen);

/* The same, but a refused row's mapping is kept: *m always filled (free it
 * with sd_mapping_free), so what it says about each column
 * (sd_mapping_describe) is the mapping the refusal in err speaks of. */
sd_error sd_mapping_try(const sd_templates *t, const sd_row *row, sd_mapping *m, char *err, size_t errlen);

/* Field a header names (SD_FIELD_*), or -1. */
int sd_header_field(const sd_templates *t, const char *header);

/* Question number a header names (Q1, 問1, 設問１, "1. OSや…"), or 0. */
int sd_header_question(const sd_templates *t, const char *header);

/* Reads one data row. Returns true and fills rec (clear it with
 * sd_record_clear) when every required cell is valid; otherwise adds one
 * reject per bad cell to rejects and returns false. A bad optional cell
 * (SECURITY ACTION, 市区町村, 回答日 when --period names the month) is
 * added as a warning and the row is still taken without it. default_period is the period from
 * --period (force) or from the file name (fallback); either may be NULL. */
bool sd_mapping_read_row(const sd_templates *t, const sd_mapping *m, const sd_row *row,
                         const char *forced_period, const char *name_period, sd_record *rec,
                         sd_rejects *rejects);

/* A per-company form gathered into one header row and one data row. */
typedef struct {
    sd_row header, data; /* data carries each cell's own row and address */
    char **hcells, **dcells, **refs;
    size_t *rows;
    size_t n;
} sd_form_rows;

/* Reads the whole current sheet as a form (form.ini). Returns SD_OK with
 * out filled (free with sd_form_rows_free), SD_ERR_NO_HEADER when the sheet
 * is no form (why in err), or a read error. */
sd_error sd_form_read(const sd_templates *t, sd_sheet *s, sd_form_rows *out, char *err, size_t errlen);
void sd_form_rows_free(sd_form_rows *f);

/* True for a line of totals under the table (合計, 平均, 実施率, 備考 in its
 * first filled cell, and no member number): skipped, not a reject. */
bool sd_row_is_summary(const sd_mapping *m, const sd_row *row);

/* True when every cell of the row is empty or white space. */
bool sd_row_is_blank(const sd_row *row);

#endif
