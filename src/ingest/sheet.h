/* sheet.h - one row-source interface for every input format.
 * A reader yields rows of UTF-8 cells; mapping, rejects and storage are
 * shared by all formats. */
#ifndef SD_SHEET_H
#define SD_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef enum { SD_ENC_AUTO = 0, SD_ENC_UTF8, SD_ENC_CP932 } sd_encoding;

typedef struct {
    char **cells;  /* UTF-8 text; owned by the sheet, valid until the next call */
    size_t ncells; /* cells in this row (rows may differ in length) */
    size_t row_no; /* 1-based row number, as a spreadsheet program shows it */
    /* Set only for rows gathered from a form (cells from many rows): each
     * cell's own row number and address ("D15") for messages; else NULL. */
    const size_t *cell_rows;
    char *const *cell_refs;
} sd_row;

typedef struct sd_sheet sd_sheet;

/* Opens path and picks the reader by content and extension. sheet_name
 * (NULL for the first) picks a worksheet of a workbook. Returns SD_OK and a
 * sheet in *out (free with sd_sheet_free), or an error in err. */
sd_error sd_sheet_open(const char *path, sd_encoding enc, const char *sheet_name, sd_sheet **out, char *err,
                       size_t errlen);
/* The same, reading path (an in-memory copy) for a file whose own name,
 * for its extension, is name. */
sd_error sd_sheet_open_named(const char *path, const char *name, sd_encoding enc, const char *sheet_name,
                             sd_sheet **out, char *err, size_t errlen);

/* Reads the next row into *row. Returns SD_OK, SD_DONE at the end, or an
 * error (with detail in err) when the file cannot be read further. */
sd_error sd_sheet_next(sd_sheet *s, sd_row *row, char *err, size_t errlen);

/* A short Japanese description of the format read, e.g. "CSV (CP932)". */
const char *sd_sheet_format(const sd_sheet *s);

/* The worksheet being read, or NULL for a CSV file. */
const char *sd_sheet_name(const sd_sheet *s);

/* Moves to the next worksheet of a workbook: SD_OK, SD_DONE when there is
 * none (always for CSV and for a sheet chosen by name), or an error. */
sd_error sd_sheet_next_sheet(sd_sheet *s, char *err, size_t errlen);

/* Starts the current worksheet again from its first row. */
sd_error sd_sheet_rewind(sd_sheet *s, char *err, size_t errlen);

void sd_sheet_free(sd_sheet *s);

/* Readers, for sheet.c. */
struct sd_sheet {
    sd_error (*next)(sd_sheet *s, sd_row *row, char *err, size_t errlen);
    sd_error (*next_sheet)(sd_sheet *s, char *err, size_t errlen); /* NULL: one sheet only */
    sd_error (*rewind)(sd_sheet *s, char *err, size_t errlen);
    void (*free)(sd_sheet *s);
    const char *format;
    const char *sheet_name; /* NULL for CSV */
};

/* For readers: rows a parser completed, waiting to be handed out one at a
 * time. Cells are owned by the queue; a cell may be sd_cell_empty, which is
 * shared and never freed. The row last popped stays valid until the next
 * pop, clear or free. */
extern char sd_cell_empty[];
void sd_cells_free(char **cells, size_t n);

/* A stored number as a person would read it: 4, not 4.0000000000000009
 * (whole numbers without a point, else 15 significant digits). The text
 * form returns text that is no finite number unchanged. */
char *sd_sheet_number(double d);
char *sd_sheet_number_text(const char *v);
/* A format code of zeros only (00000: how a member number typed into a
 * number cell keeps its zeros): its width, or 0 for any other code. */
int sd_sheet_format_pad_width(const char *code);
/* d as such a format shows it (5201 in 00000: "05201"), or NULL when d is
 * no whole number from 0 to 1e15. */
char *sd_sheet_padded(double d, int width);
/* Whether built-in number format id (14 m/d/yyyy …) or a format code
 * (yyyy/mm/dd, [$-ja-JP]ggge年…) shows a date. */
bool sd_sheet_builtin_date(long id);
bool sd_sheet_format_is_date(const char *code);
/* An Excel serial date to "YYYY-MM-DD" (with " HH:MM:SS" when it has a
 * time); false when the number is no plausible date. */
bool sd_sheet_serial_date(double v, bool date1904, char *out, size_t outlen);

typedef struct {
    char **cells;
    size_t ncells, row_no;
} sd_rowbuf;

typedef struct {
    sd_rowbuf *items;
    size_t head, len, cap;
    sd_rowbuf current;
} sd_rowq;

/* Appends a row, taking ownership of cells (NULL when ncells is 0). */
void sd_rowq_push(sd_rowq *q, char **cells, size_t ncells, size_t row_no);
/* Frees the row popped before and moves the next into *row; false when
 * the queue is empty. */
bool sd_rowq_pop(sd_rowq *q, sd_row *row);
/* Frees every row (queued and current) but keeps the storage. */
void sd_rowq_clear(sd_rowq *q);
void sd_rowq_free(sd_rowq *q);

/* For readers: merged cells read as Excel shows them, row by row. A range
 * over several rows gives its top-left value to every row it covers, in
 * its first column (業種 merged down a group of rows: each row has it); the
 * other covered cells read empty, as Excel shows them, so a label merged
 * across a form's label and value cells, or a group label over question
 * columns, is read once. Only rows a sheet has, with a value of their
 * own, are filled (a row the file leaves out, or a blank row, stays so).
 * Ranges are added before the row they start in is completed (a reader
 * that learns them from the end of the sheet adds them all first); rows
 * are filled in increasing order. Columns past the columns limit are not
 * filled. */
typedef struct {
    size_t r1, r2, c1, c2;
    char *value; /* the top-left value once its row was seen, or NULL */
    bool seen;   /* the top row was seen */
} sd_merge;

typedef struct {
    sd_merge *pending; /* not yet started, sorted by r1 from next on */
    size_t npending, next, pcap;
    sd_merge *active;
    size_t nactive, acap;
    size_t total; /* ranges added, against the limit */
} sd_merges;

/* Adds the range r1:c1 .. r2:c2 (1-based rows, 0-based columns, either
 * corner order). Returns false when there are more ranges than the rows
 * limit allows. A range of one cell is ignored. */
bool sd_merges_add(sd_merges *m, size_t r1, size_t c1, size_t r2, size_t c2);
/* Sorts the ranges added so far by their first row (after adding them all). */
void sd_merges_sort(sd_merges *m);
/* Fills the merged cells of row row_no; *cells (malloc'd, *ncells long,
 * cells owned or sd_cell_empty) may be grown. */
void sd_merges_apply(sd_merges *m, size_t row_no, char ***cells, size_t *ncells);
/* Forgets every range (for rereading a sheet), keeping the storage. */
void sd_merges_clear(sd_merges *m);
void sd_merges_free(sd_merges *m);

sd_error sd_csv_open(const char *path, sd_encoding enc, sd_sheet **out, char *err, size_t errlen);
/* The same, reading path for a file named name (its extension: .tsv is
 * tab-separated; otherwise the first line decides). */
sd_error sd_csv_open_named(const char *path, const char *name, sd_encoding enc, sd_sheet **out, char *err,
                           size_t errlen);
sd_error sd_xlsx_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen);
/* OpenDocument spreadsheets (LibreOffice's .ods). */
sd_error sd_ods_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen);
/* Whether the zip at path is an OpenDocument spreadsheet (its mimetype). */
bool sd_ods_sniff(const char *path);
/* Excel 97-2003 workbooks (.xls), read through libfreexl. */
sd_error sd_xls_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen);

#endif
