/* load.h - import one spreadsheet into the store: one transaction per file,
 * idempotent by content hash, resubmissions replace earlier answers */
#ifndef SD_LOAD_H
#define SD_LOAD_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/templates.h"
#include "ingest/mapping.h"
#include "core/snapshot.h"
#include "ingest/sheet.h"

typedef enum {
    SD_IMPORT_STORED = 0, /* rows were stored (some may be rejected) */
    SD_IMPORT_DUPLICATE,  /* same content imported before: nothing done */
    SD_IMPORT_CHECKED,    /* dry run: nothing written */
} sd_import_status;

typedef struct {
    const char *forced_period; /* --period, or NULL */
    sd_encoding encoding;      /* --encoding */
    const char *sheet;         /* --sheet: the worksheet to read, or NULL */
    bool strict;               /* refuse the whole file on any reject */
    bool dry_run;              /* check only (db may be NULL) */
} sd_import_opts;

#define SD_MAX_TOUCHED 64

typedef struct {
    sd_import_status status;
    char sha256[65];                     /* hex digest of the file */
    const char *format;                  /* "CSV (CP932)" (static) */
    char sheet[256];                     /* worksheets read (「」-joined), "" for CSV */
    int nsheets;                         /* sheets read */
    bool is_form;                        /* read as a per-company form */
    size_t rows_ok;                      /* rows stored */
    size_t rows_rejected;                /* rows with at least one reject */
    size_t rows_replaced;                /* earlier answers replaced */
    size_t rows_summary;                 /* 合計, 平均 … rows under the table, skipped */
    size_t warnings;                     /* optional cells left out of rows that were taken */
    sd_rejects rejects;                  /* every reject, in row order */
    char touched[SD_MAX_TOUCHED][8];     /* periods that got answers */
    int ntouched;
    char *columns;                       /* owned: each column and what it was taken
                                          * for (or, refused, of the likeliest
                                          * header row), one line each; may be NULL */
} sd_import_result;

void sd_import_result_free(sd_import_result *r);

/* Imports path. Returns SD_OK with res filled (status, counts, rejects)
 * when the file was read to its end, whether or not rows were rejected;
 * an error with detail in err (and nothing stored from this file) when
 * the file cannot be read, the database fails, or in strict mode a row
 * was rejected (SD_ERR_REJECTED; res->rejects lists why). */
sd_error sd_import_file(sqlite3 *db, const sd_templates *t, const char *path, const sd_import_opts *opts,
                        sd_import_result *res, char *err, size_t errlen);

/* The periods whose outputs are behind what is stored (see the
 * pending_output table), oldest first, as a NULL-terminated vector for
 * sd_strv_free; and forgetting one once its outputs are all written. */
sd_error sd_pending_periods(sqlite3 *db, char ***out, size_t *n, char *err, size_t errlen);
sd_error sd_pending_done(sqlite3 *db, const char *period, char *err, size_t errlen);

/* Marks period and every later period with answers as pending (their
 * outputs use period's answers); with period NULL, from the earliest
 * period batch batch_id stored answers for. */
sd_error sd_pending_from(sqlite3 *db, const char *period, sqlite3_int64 batch_id, char *err, size_t errlen);


#endif
