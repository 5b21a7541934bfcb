/* xlsx_rows.h - the rows of a workbook's largest sheets written straight
 * into its package, after libxlsxwriter has written everything else.
 *
 * libxlsxwriter's constant_memory mode writes each row with printf to a
 * temporary file, copies that into a second one for the sheet, and
 * deflates the copy at level 6: for 回答明細 at 10,000 companies that is
 * 150 MB of XML written twice, and more time than the rest of the batch
 * but the reports. Here libxlsxwriter writes the sheet with its header
 * row, the frame (autofilter, banded rows, print settings) and one blank
 * cell in the last row, so its dimension and ranges are its own; this
 * module then copies the package entry by entry (compressed data as it
 * is) and writes that sheet's rows in place of the blank one, once,
 * deflated as they are made.
 *
 * Cells are written in order without their reference (r="J123"): ECMA-376
 * makes it optional (CT_Cell), Excel and LibreOffice read a cell without
 * it as the one after the last, and it is what made the sheet deflate
 * badly (every cell's number differs from the row above). Each row keeps
 * its number, and an empty value is an empty cell (<c/>) so the columns
 * never shift. */
#ifndef SD_XLSX_ROWS_H
#define SD_XLSX_ROWS_H

#include <stddef.h>

#include "core/error.h"

/* A sheet whose rows are written here. */
typedef struct {
    int sheet;        /* its package part: xl/worksheets/sheet<sheet>.xml */
    long long rows;   /* data rows below its header row */
} sd_xrows_part;

typedef struct sd_xrows sd_xrows;

/* Copies the package at from into a new one at to, every entry but the
 * parts' worksheets as it is, and reads those worksheets' frame (each
 * must hold its header row and a last row at rows + 1 (rows > 0), and
 * nothing between). Messages name the output as shown. Returns SD_OK,
 * SD_ERR_IO when a file cannot be read or written, or SD_ERR_XLSX naming
 * what did not match. */
sd_error sd_xrows_open(const char *from, const char *to, const char *shown, const sd_xrows_part *parts, int nparts,
                       sd_xrows **out, char *err, size_t errlen);

/* Starts the next data row (the first part's row 2 first; a full part
 * ends and the next begins). Returns SD_OK, SD_ERR_XLSX when every part
 * is full, or SD_ERR_IO when a write failed. */
sd_error sd_xrows_row(sd_xrows *x, char *err, size_t errlen);

/* The row's next cell: text (NULL or "" is an empty cell), or an integer
 * with the style index (0 for none; lxw_format_get_xf_index). */
void sd_xrows_text(sd_xrows *x, const char *s);
void sd_xrows_int(sd_xrows *x, long long v, int style);

/* Ends the last part and the package. Returns SD_OK, SD_ERR_XLSX when
 * fewer rows came than the parts hold, or SD_ERR_IO when a write failed.
 * x is freed either way. */
sd_error sd_xrows_close(sd_xrows *x, char *err, size_t errlen);

/* Gives up (the file at to is left for the caller to remove). */
void sd_xrows_abort(sd_xrows *x);

#endif
