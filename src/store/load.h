/* load.h - records into the store: one transaction per file, idempotent
 * by content hash, resubmissions replace earlier answers; and the periods
 * whose outputs are behind what is stored */
#ifndef SD_LOAD_H
#define SD_LOAD_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/error.h"
#include "core/record.h"
#include "core/templates.h"

/* One file's records on their way into the database. */
typedef struct sd_loader sd_loader;

/* What became of a record put. */
typedef enum {
    SD_LOAD_NEW = 0,  /* the company's first answer for its period */
    SD_LOAD_REPLACED, /* a resubmission: the earlier answer was replaced */
    SD_LOAD_STALE,    /* an answer with a later 回答日 is stored: nothing done */
} sd_load_outcome;

/* Begins a file's import (BEGIN IMMEDIATE) as a batch named source, with
 * content hash sha256 and format (as stored in the batch table). The same
 * content again is a no-op, unless nothing of it was taken last time (say,
 * the wrong --sheet): then its rejects are replaced. Returns SD_OK with
 * *out a loader (end it with sd_load_commit or sd_load_abort), SD_OK with
 * *out NULL for such a duplicate (nothing open), or a database error in
 * err (nothing open). t must outlive the loader. */
sd_error sd_load_begin(sqlite3 *db, const sd_templates *t, const char *source, const char *sha256,
                       const char *format, sd_loader **out, char *err, size_t errlen);

/* Stores rec, and its warnings (optional cells left out, n may be 0) when
 * it is taken. A company's answer for a period replaces an earlier one
 * unless the stored answer has a later 回答日 (*outcome SD_LOAD_STALE:
 * nothing stored; reject the row to keep why). Returns SD_OK or a
 * database error in err. */
sd_error sd_load_put(sd_loader *l, const sd_record *rec, const sd_reject *warnings, size_t n,
                     sd_load_outcome *outcome, char *err, size_t errlen);

/* Stores a row that is not taken, and why (n rejects of one row; row 0
 * for the whole file), under period (NULL when not known). */
sd_error sd_load_reject(sd_loader *l, const sd_reject *why, size_t n, const char *period, char *err,
                        size_t errlen);

/* Records the batch's counts, marks the periods whose outputs are now
 * behind, commits and frees l (whatever the result). Returns SD_OK or a
 * database error in err (then nothing of the file is stored). */
sd_error sd_load_commit(sd_loader *l, char *err, size_t errlen);

/* Rolls back everything l stored and frees it; accepts NULL. */
void sd_load_abort(sd_loader *l);

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
