/* query.h - the stored rows that outputs list: the rejects of a period
 * and the answers behind the details sheet, as store/rows.h's plain
 * rows. One query each, so rejects.csv and the workbook's 取込エラー
 * sheet never disagree. */
#ifndef SD_QUERY_H
#define SD_QUERY_H

#include <sqlite3.h>

#include "core/error.h"
#include "store/rows.h"

/* Loads the rejects of period (and those of no period) in file and row
 * order into out (owned by the caller: sd_reject_rows_free). Returns SD_OK or
 * SD_ERR_DB (out then empty); a failed step is an error, never the end of
 * the rows. */
sd_error sd_reject_rows_load(sqlite3 *db, const char *period, sd_reject_rows *out, char *err, size_t errlen);

/* Walks every answer of period by member number and question. Returns
 * SD_OK, fn's error, or SD_ERR_DB. */
sd_error sd_details_each(sqlite3 *db, const char *period, sd_detail_fn fn, void *ctx, char *err, size_t errlen);

/* Sets *n to the number of rows sd_details_each walks for period.
 * Returns SD_OK or SD_ERR_DB. */
sd_error sd_details_count(sqlite3 *db, const char *period, long long *n, char *err, size_t errlen);

/* Where a details source reads from. */
typedef struct {
    sqlite3 *db;
    const char *period; /* not owned */
} sd_details_query;

/* q as a source of detail rows for render/ (sd_details_each on q's db and
 * period); q must outlive the source. */
sd_detail_source sd_details_source(sd_details_query *q);

#endif
