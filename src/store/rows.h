/* rows.h - the stored rows render/ lists, as plain data with no SQL:
 * a period's rejects, loaded whole by the caller (store/query.h), and the
 * shape of one answer row of the workbook's details sheet, which is
 * streamed instead (millions of rows would not fit in memory). */
#ifndef SD_STORE_ROWS_H
#define SD_STORE_ROWS_H

#include <stddef.h>

#include "core/error.h"

/* One rejected cell (or file, row 0) of a period, or of no period. */
typedef struct {
    char *source; /* owned: the file as given */
    int row;      /* as a spreadsheet shows it; 0 for the whole file */
    char *column; /* owned: the header as written */
    char *value;  /* owned */
    char *reason; /* owned: Japanese */
    char *member_no; /* owned: the row's 会員番号 as read, "" when unknown */
    char *name;      /* owned: the row's 事業所名 as read, "" when unknown */
} sd_reject_row;

/* A period's rejects in file and row order. */
typedef struct {
    sd_reject_row *rows; /* owned, n of them */
    size_t n;
} sd_reject_rows;

/* Frees every row and empties r; accepts NULL. */
void sd_reject_rows_free(sd_reject_rows *r);

/* One answer of one member in a period. */
typedef struct {
    const char *member_no;
    const char *name;
    char industry;
    int prefecture;
    const char *municipality; /* may be NULL */
    int size_band;
    int total;
    int question; /* 1.. */
    int choice;   /* SD_CHOICE_* */
    int points;
} sd_detail_row;

/* Called per row (valid during the call only); a non-SD_OK return stops
 * the walk and is returned. */
typedef sd_error (*sd_detail_fn)(void *ctx, const sd_detail_row *r, char *err, size_t errlen);

/* A period's answer rows as a stream the caller opens: each(src, fn, ctx)
 * calls fn on every row by member number and question, and returns SD_OK,
 * fn's error or its own; count(src, &n) gives how many each() will call fn
 * on (a sheet's size is written before its rows). */
typedef struct {
    sd_error (*each)(void *src, sd_detail_fn fn, void *ctx, char *err, size_t errlen);
    sd_error (*count)(void *src, long long *n, char *err, size_t errlen);
    void *src;
} sd_detail_source;

#endif
