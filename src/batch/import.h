/* import.h - one input file through the pipeline: its source's records
 * into the store (import), or read and checked alone (check) */
#ifndef SD_IMPORT_H
#define SD_IMPORT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/error.h"
#include "core/record.h"
#include "core/templates.h"
#include "ingest/sheet.h"

typedef enum {
    SD_IMPORT_STORED = 0, /* rows were stored (some may be rejected) */
    SD_IMPORT_DUPLICATE,  /* same content imported before: nothing done */
    SD_IMPORT_CHECKED,    /* checked only: nothing written */
} sd_import_status;

typedef struct {
    const char *forced_period; /* --period, or NULL */
    sd_encoding encoding;      /* --encoding */
    const char *sheet;         /* --sheet: the worksheet to read, or NULL */
    bool strict;               /* import: refuse the whole file on any reject */
} sd_import_opts;

#define SD_MAX_TOUCHED 64

typedef struct {
    sd_import_status status;
    char sha256[65];                 /* hex digest of the file */
    const char *format;              /* "CSV (CP932)" (static) */
    char sheet[256];                 /* worksheets read (「」-joined), "" for CSV */
    int nsheets;                     /* sheets read */
    bool is_form;                    /* read as a per-company form */
    size_t rows_ok;                  /* rows stored (check: that would be) */
    size_t rows_rejected;            /* rows with at least one reject */
    size_t rows_replaced;            /* earlier answers replaced */
    size_t rows_summary;             /* 合計, 平均 … rows under the table, skipped */
    size_t warnings;                 /* optional cells left out of rows that were taken */
    sd_rejects rejects;              /* every reject, in row order */
    char touched[SD_MAX_TOUCHED][8]; /* periods that got answers */
    int ntouched;
    char *columns; /* owned: each column and what it was taken
                    * for (or, refused, of the likeliest
                    * header row), one line each; may be NULL */
} sd_import_result;

void sd_import_result_free(sd_import_result *r);

/* Imports path into db in one transaction. Returns SD_OK with res filled
 * (status, counts, rejects) when the file was read to its end, whether or
 * not rows were rejected; an error with detail in err (and nothing stored
 * from this file) when the file cannot be read, the database fails, or in
 * strict mode a row was rejected (SD_ERR_REJECTED; res->rejects lists
 * why). Free res with sd_import_result_free either way. */
sd_error sd_import_file(sqlite3 *db, const sd_templates *t, const char *path, const sd_import_opts *opts,
                        sd_import_result *res, char *err, size_t errlen);

/* Reads and checks path as an import would, with no database: res counts
 * what would be taken (status SD_IMPORT_CHECKED). opts->strict is not
 * used. Returns SD_OK, or an error in err when the file cannot be read. */
sd_error sd_check_file(const sd_templates *t, const char *path, const sd_import_opts *opts,
                       sd_import_result *res, char *err, size_t errlen);

#endif
