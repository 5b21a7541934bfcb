/* query.h - the stored rows that outputs list one by one: the rejects of
 * a period and the answers behind the details sheet. One query each, so
 * rejects.csv and the workbook's 取込エラー sheet never disagree. */
#ifndef SD_QUERY_H
#define SD_QUERY_H

#include <sqlite3.h>

#include "core/error.h"

/* One rejected cell (or file, row 0) of a period, or of no period. */
typedef struct {
    const char *source;  /* the file as given */
    int row;             /* as a spreadsheet shows it; 0 for the whole file */
    const char *column;  /* the header as written */
    const char *value;
    const char *reason;  /* Japanese */
} sd_reject_row;

/* Called per row; a non-SD_OK return stops the walk and is returned. */
typedef sd_error (*sd_reject_fn)(void *ctx, const sd_reject_row *r, char *err, size_t errlen);

/* Walks the rejects of period (and those of no period) in file and row
 * order. Returns SD_OK, fn's error, or SD_ERR_DB; a failed step is an
 * error, never the end of the rows. */
sd_error sd_rejects_each(sqlite3 *db, const char *period, sd_reject_fn fn, void *ctx, char *err, size_t errlen);

/* One answer of one member in a period. */
typedef struct {
    const char *member_no;
    const char *name;
    char industry;
    int prefecture;
    const char *municipality; /* may be NULL */
    int size_band;
    int total;
    int question;             /* 1.. */
    int choice;               /* SD_CHOICE_* */
    int points;
} sd_detail_row;

typedef sd_error (*sd_detail_fn)(void *ctx, const sd_detail_row *r, char *err, size_t errlen);

/* Walks every answer of period by member number and question. Returns
 * SD_OK, fn's error, or SD_ERR_DB. */
sd_error sd_details_each(sqlite3 *db, const char *period, sd_detail_fn fn, void *ctx, char *err, size_t errlen);

#endif
