/* source.h - one input file read as records: its snapshot and hash, every
 * worksheet that maps (a table under a header among its first rows, one
 * or two rows high, else a per-company form), each data row checked and
 * handed to a sink as a record or a reject; no SQL */
#ifndef SD_SOURCE_H
#define SD_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/record.h"
#include "core/templates.h"
#include "ingest/sheet.h"

typedef struct {
    const char *forced_period; /* --period, or NULL */
    sd_encoding encoding;      /* --encoding */
    const char *sheet;         /* --sheet: the worksheet to read, or NULL */
} sd_source_opts;

/* Where a source's rows go, in row order. Each callback returns SD_OK to
 * go on, or an error (detail in err) that stops the reading. */
typedef struct {
    /* A row taken: rec and warnings (its optional cells left out, n may be
     * 0) are valid during the call only. */
    sd_error (*record)(void *ctx, const sd_record *rec, const sd_reject *warnings, size_t n, char *err,
                       size_t errlen);
    /* A row that cannot be taken (row 0: the whole file) and why; period
     * is the month it would have counted for, or NULL when not known. */
    sd_error (*reject)(void *ctx, const sd_reject *why, size_t n, const char *period, char *err,
                       size_t errlen);
    void *ctx;
} sd_sink;

/* What the source found out about its file. */
typedef struct {
    char sha256[65];     /* hex digest of the bytes read */
    const char *format;  /* "CSV (CP932)" (static) */
    char sheet[256];     /* worksheets read (「」-joined), "" for CSV */
    int nsheets;         /* worksheets that mapped */
    bool is_form;        /* the last one read as a per-company form */
    size_t rows_summary; /* 合計, 平均 … rows under a table, skipped */
    char *columns;       /* owned by the source: each column and what it was
                          * taken for (or, refused, of the likeliest header
                          * row), one line each; may be NULL */
} sd_source_info;

typedef struct sd_source sd_source;

/* Takes a snapshot of path (one read: the hash and the rows come from the
 * same bytes) and opens it. Returns SD_OK with *out (free with
 * sd_source_free; its info has sha256 and format), or an error in err. */
sd_error sd_source_open(const sd_templates *t, const char *path, const sd_source_opts *opts, sd_source **out,
                        char *err, size_t errlen);

/* Reads the file to its end into sink. A file where no worksheet maps
 * gives one reject of row 0. Returns SD_OK, the first error a callback
 * returned, or a read error (detail in err). */
sd_error sd_source_read(sd_source *s, const sd_sink *sink, char *err, size_t errlen);

/* What was found; valid until sd_source_free. */
const sd_source_info *sd_source_info_get(const sd_source *s);

/* Frees the source and its info; accepts NULL. */
void sd_source_free(sd_source *s);

#endif
