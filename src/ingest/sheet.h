/* sheet.h - one row-source interface for every input format.
 * A reader yields rows of UTF-8 cells; mapping, rejects and storage are
 * shared by all formats. */
#ifndef SD_SHEET_H
#define SD_SHEET_H

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

sd_error sd_csv_open(const char *path, sd_encoding enc, sd_sheet **out, char *err, size_t errlen);
sd_error sd_xlsx_open(const char *path, const char *sheet_name, sd_sheet **out, char *err, size_t errlen);

#endif
