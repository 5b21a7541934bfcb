/* query.c - a period's rejects loaded, and its answers walked row by row, for the outputs */
#include "store/query.h"

#include "core/util.h"
#include "store/db.h"

static const char *sd_col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* Appends the statement's current row to out. */
static void sd_reject_add(sd_reject_rows *out, sqlite3_stmt *st, size_t *cap)
{
    if (out->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        out->rows = sd_xrealloc(out->rows, *cap * sizeof *out->rows);
    }
    out->rows[out->n++] = (sd_reject_row){
        .source = sd_xstrdup(sd_col_text(st, 0)),
        .row = sqlite3_column_int(st, 1),
        .column = sd_xstrdup(sd_col_text(st, 2)),
        .value = sd_xstrdup(sd_col_text(st, 3)),
        .reason = sd_xstrdup(sd_col_text(st, 4)),
        .member_no = sd_xstrdup(sd_col_text(st, 5)),
        .name = sd_xstrdup(sd_col_text(st, 6)),
    };
}

sd_error sd_reject_rows_load(sqlite3 *db, const char *period, sd_reject_rows *out, char *err, size_t errlen)
{
    *out = (sd_reject_rows){0};
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "SELECT b.source, r.row, r.column_name, r.value, r.reason, r.member_no,"
                                " r.company_name FROM reject r"
                                " JOIN batch b ON b.id = r.batch_id WHERE r.period = ?1 OR r.period IS NULL"
                                " ORDER BY b.id, r.row, r.id",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        sd_reject_add(out, st, &cap);
    if (r != SQLITE_DONE) {
        rc = sd_db_error(db, err, errlen);
        sd_reject_rows_free(out);
    }
    sqlite3_finalize(st);
    return rc;
}

/* A period's answer rows: one join, which sd_details_each walks and
 * sd_details_count counts, so the count is of the very rows walked. */
#define SD_DETAILS_FROM                                                                                        \
    " FROM company c CROSS JOIN response r ON r.company_id = c.id AND r.period = ?1"                          \
    " CROSS JOIN answer a ON a.response_id = r.id"

sd_error sd_details_each(sqlite3 *db, const char *period, sd_detail_fn fn, void *ctx, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                /* companies in member order through their index, so
                                 * the rows come sorted (a sort of every answer row
                                 * in a temporary b-tree cost a third of the query) */
                                "SELECT c.member_no, r.name, r.industry, r.prefecture, r.municipality,"
                                " r.size_band, r.total, a.question, a.choice, a.points" SD_DETAILS_FROM
                                " ORDER BY c.member_no, a.question",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        sd_detail_row row = {
            .member_no = sd_col_text(st, 0),
            .name = sd_col_text(st, 1),
            .industry = sd_col_text(st, 2)[0],
            .prefecture = sqlite3_column_int(st, 3),
            .municipality = (const char *)sqlite3_column_text(st, 4),
            .size_band = sqlite3_column_int(st, 5),
            .total = sqlite3_column_int(st, 6),
            .question = sqlite3_column_int(st, 7),
            .choice = sqlite3_column_int(st, 8),
            .points = sqlite3_column_int(st, 9),
        };
        if ((rc = fn(ctx, &row, err, errlen)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_details_count(sqlite3 *db, const char *period, long long *n, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "SELECT count(*)" SD_DETAILS_FROM, &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

static sd_error sd_details_query_count(void *src, long long *n, char *err, size_t errlen)
{
    sd_details_query *q = src;
    return sd_details_count(q->db, q->period, n, err, errlen);
}

static sd_error sd_details_query_each(void *src, sd_detail_fn fn, void *ctx, char *err, size_t errlen)
{
    sd_details_query *q = src;
    return sd_details_each(q->db, q->period, fn, ctx, err, errlen);
}

sd_detail_source sd_details_source(sd_details_query *q)
{
    return (sd_detail_source){sd_details_query_each, sd_details_query_count, q};
}
