/* load.c - records into the store: one transaction per file, rows,
 * rejects, idempotency, the periods left behind */
#include "store/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/db.h"

/* Periods whose answers a file stored, kept for the pending outputs; more
 * are looked up in the batch's rows. */
#define SD_MAX_TOUCHED 64

/* Prepared statements of one import. */
typedef struct {
    sqlite3_stmt *find_company, *insert_company, *update_company, *find_response, *delete_response,
        *insert_response, *insert_answer, *insert_reject;
} sd_stmts;

static void sd_stmts_free(sd_stmts *s)
{
    sqlite3_stmt **all = (sqlite3_stmt **)s;
    for (size_t i = 0; i < sizeof *s / sizeof *all; i++)
        sqlite3_finalize(all[i]);
}

static sd_error sd_stmts_prepare(sqlite3 *db, sd_stmts *s, char *err, size_t errlen)
{
    sd_error rc;
    if ((rc = sd_db_prepare(db,
                            "SELECT c.id, (SELECT max(period) FROM response WHERE company_id = c.id)"
                            " FROM company c WHERE member_no = ?1",
                            &s->find_company, err, errlen)) ||
        (rc = sd_db_prepare(db,
                            "INSERT INTO company(member_no, name, industry, prefecture, municipality,"
                            " employees, size_band) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            &s->insert_company, err, errlen)) ||
        (rc = sd_db_prepare(db,
                            "UPDATE company SET name = ?2, industry = ?3, prefecture = ?4,"
                            " municipality = ?5, employees = ?6, size_band = ?7 WHERE id = ?1",
                            &s->update_company, err, errlen)) ||
        (rc = sd_db_prepare(db, "SELECT id, answered_on FROM response WHERE company_id = ?1 AND period = ?2",
                            &s->find_response, err, errlen)) ||
        (rc = sd_db_prepare(db, "DELETE FROM response WHERE id = ?1", &s->delete_response, err, errlen)) ||
        (rc = sd_db_prepare(db,
                            "INSERT INTO response(company_id, batch_id, source_row, period, answered_on,"
                            " name, industry, prefecture, municipality, employees, size_band, sa_level,"
                            " total, " SD_DB_PARTS("") ", basics_done, sa_known)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                            " ?18)",
                            &s->insert_response, err, errlen)) ||
        (rc = sd_db_prepare(db,
                            "INSERT INTO answer(response_id, question, choice, points) VALUES (?1, ?2, ?3, ?4)",
                            &s->insert_answer, err, errlen)) ||
        (rc = sd_db_prepare(db,
                            "INSERT INTO reject(batch_id, period, row, column_name, value, reason,"
                            " member_no, company_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            &s->insert_reject, err, errlen)))
        return rc;
    return SD_OK;
}

static int sd_step_done(sqlite3_stmt *st)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return r == SQLITE_DONE ? 0 : -1;
}

static void sd_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void sd_bind_company(sqlite3_stmt *st, const sd_record *rec)
{
    char ind[2] = {rec->industry, 0};
    sqlite3_bind_text(st, 2, rec->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, ind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, rec->prefecture);
    sd_bind_text_or_null(st, 5, rec->municipality);
    if (rec->employees >= 0)
        sqlite3_bind_int(st, 6, rec->employees);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_int(st, 7, rec->size_band);
}

/* One file's import: its transaction is open from sd_load_begin until
 * sd_load_commit or sd_load_abort, which free it. */
struct sd_loader {
    sqlite3 *db;                                  /* borrowed */
    const sd_templates *t;                        /* borrowed */
    sd_stmts stmts;                               /* owned */
    sqlite3_int64 batch_id;                       /* this file's row in batch */
    size_t rows_ok, rows_rejected, rows_replaced; /* for the batch table */
    char touched[SD_MAX_TOUCHED][8];              /* periods that got answers */
    int ntouched;
};

static void sd_loader_touch(sd_loader *l, const char *period)
{
    for (int i = 0; i < l->ntouched; i++)
        if (strcmp(l->touched[i], period) == 0)
            return;
    if (l->ntouched < SD_MAX_TOUCHED)
        memcpy(l->touched[l->ntouched++], period, 8);
}

/* Steps st, a query of one row or none, and resets it: *id and out get
 * its columns 0 and 1 when there is a row (else they are left as they
 * are). Returns SD_OK or a database error in err. */
static sd_error sd_step_id_text(sd_loader *l, sqlite3_stmt *st, sqlite3_int64 *id, char *out, size_t outlen,
                                char *err, size_t errlen)
{
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        sd_error e = sd_db_error(l->db, err, errlen);
        sqlite3_reset(st);
        return e;
    }
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        const unsigned char *p = sqlite3_column_text(st, 1);
        if (p)
            snprintf(out, outlen, "%s", (const char *)p);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return SD_OK;
}

/* The company of rec's member number, added when new; *latest is its most
 * recent period with answers ("" for none). */
static sd_error sd_company_of(sd_loader *l, const sd_record *rec, sqlite3_int64 *company_id, char latest[8],
                              char *err, size_t errlen)
{
    sd_stmts *s = &l->stmts;
    *company_id = 0;
    sqlite3_bind_text(s->find_company, 1, rec->member_no, -1, SQLITE_TRANSIENT);
    sd_error rc = sd_step_id_text(l, s->find_company, company_id, latest, 8, err, errlen);
    if (rc || *company_id)
        return rc;
    sqlite3_bind_text(s->insert_company, 1, rec->member_no, -1, SQLITE_TRANSIENT);
    sd_bind_company(s->insert_company, rec);
    if (sd_step_done(s->insert_company))
        return sd_db_error(l->db, err, errlen);
    *company_id = sqlite3_last_insert_rowid(l->db);
    return SD_OK;
}

/* Inserts the response row and its answers. */
static sd_error sd_insert_response(sd_loader *l, sqlite3_int64 company_id, const sd_record *rec, char *err,
                                   size_t errlen)
{
    const sd_templates *t = l->t;
    sd_stmts *s = &l->stmts;
    sqlite3_stmt *st = s->insert_response;
    char ind[2] = {rec->industry, 0};
    sqlite3_bind_int64(st, 1, company_id);
    sqlite3_bind_int64(st, 2, l->batch_id);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)rec->row);
    sqlite3_bind_text(st, 4, rec->period, -1, SQLITE_TRANSIENT);
    sd_bind_text_or_null(st, 5, rec->answered_on);
    sqlite3_bind_text(st, 6, rec->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, ind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 8, rec->prefecture);
    sd_bind_text_or_null(st, 9, rec->municipality);
    if (rec->employees >= 0)
        sqlite3_bind_int(st, 10, rec->employees);
    else
        sqlite3_bind_null(st, 10);
    sqlite3_bind_int(st, 11, rec->size_band);
    sqlite3_bind_int(st, 12, rec->sa_level);
    sqlite3_bind_int(st, 13, rec->total);
    for (int p = 0; p < 3; p++)
        sqlite3_bind_int(st, 14 + p, p < t->nparts ? rec->part_scores[p] : 0);
    sqlite3_bind_int(st, 17, sd_five_articles_done(rec->answers, t->nquestions));
    sqlite3_bind_int(st, 18, rec->sa_known);
    if (sd_step_done(st))
        return sd_db_error(l->db, err, errlen);
    sqlite3_int64 response_id = sqlite3_last_insert_rowid(l->db);
    for (int q = 0; q < t->nquestions; q++) {
        sqlite3_bind_int64(s->insert_answer, 1, response_id);
        sqlite3_bind_int(s->insert_answer, 2, q + 1);
        sqlite3_bind_int(s->insert_answer, 3, rec->answers[q]);
        sqlite3_bind_int(s->insert_answer, 4, t->choices[rec->answers[q]].points);
        if (sd_step_done(s->insert_answer))
            return sd_db_error(l->db, err, errlen);
    }
    return SD_OK;
}

/* Stores n rejects under period. */
static sd_error sd_insert_rejects(sd_loader *l, const sd_reject *items, size_t n, const char *period, char *err,
                                  size_t errlen)
{
    sqlite3_stmt *st = l->stmts.insert_reject;
    for (size_t i = 0; i < n; i++) {
        const sd_reject *x = &items[i];
        sqlite3_bind_int64(st, 1, l->batch_id);
        sd_bind_text_or_null(st, 2, period);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)x->row);
        sqlite3_bind_text(st, 4, x->column, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, x->value, -1, SQLITE_TRANSIENT);
        /* a warning is listed with the rejects, marked as taken */
        char *reason = x->warning ? sd_xasprintf("注意（取り込み済み）: %s", x->reason) : NULL;
        sqlite3_bind_text(st, 6, reason ? reason : x->reason, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, x->member_no ? x->member_no : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 8, x->name ? x->name : "", -1, SQLITE_TRANSIENT);
        int done_rc = sd_step_done(st);
        free(reason);
        if (done_rc)
            return sd_db_error(l->db, err, errlen);
    }
    return SD_OK;
}

sd_error sd_load_put(sd_loader *l, const sd_record *rec, const sd_reject *warnings, size_t n,
                     sd_load_outcome *outcome, char *err, size_t errlen)
{
    sd_stmts *s = &l->stmts;
    sqlite3_int64 company_id;
    char latest[8] = "";
    *outcome = SD_LOAD_NEW;
    sd_error rc = sd_company_of(l, rec, &company_id, latest, err, errlen);
    if (rc)
        return rc;

    sqlite3_bind_int64(s->find_response, 1, company_id);
    sqlite3_bind_text(s->find_response, 2, rec->period, -1, SQLITE_TRANSIENT);
    sqlite3_int64 old_id = 0;
    char old_day[11] = "";
    if ((rc = sd_step_id_text(l, s->find_response, &old_id, old_day, sizeof old_day, err, errlen)))
        return rc;
    if (old_id) {
        if (old_day[0] && rec->answered_on[0] && strcmp(rec->answered_on, old_day) < 0) {
            *outcome = SD_LOAD_STALE;
            return SD_OK;
        }
        sqlite3_bind_int64(s->delete_response, 1, old_id);
        if (sd_step_done(s->delete_response))
            return sd_db_error(l->db, err, errlen);
        *outcome = SD_LOAD_REPLACED;
    }
    /* The company's details follow its most recent period. */
    if (latest[0] && strcmp(rec->period, latest) >= 0) {
        sqlite3_bind_int64(s->update_company, 1, company_id);
        sd_bind_company(s->update_company, rec);
        if (sd_step_done(s->update_company))
            return sd_db_error(l->db, err, errlen);
    }
    if ((rc = sd_insert_response(l, company_id, rec, err, errlen)))
        return rc;
    l->rows_ok++;
    l->rows_replaced += *outcome == SD_LOAD_REPLACED;
    sd_loader_touch(l, rec->period);
    /* warnings on optional cells of a row that was taken */
    return sd_insert_rejects(l, warnings, n, rec->period, err, errlen);
}

sd_error sd_load_reject(sd_loader *l, const sd_reject *why, size_t n, const char *period, char *err,
                        size_t errlen)
{
    l->rows_rejected++;
    return sd_insert_rejects(l, why, n, period, err, errlen);
}

/* The periods this batch stored answers or rejects for now need their
 * outputs written again; recorded in the import's own transaction. The
 * answers' periods are known from l->touched (unless it overflowed);
 * the rejects' come from their table, which stays small. */
static sd_error sd_mark_pending(sd_loader *l, char *err, size_t errlen)
{
    sqlite3 *db = l->db;
    sqlite3_int64 batch_id = l->batch_id;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "INSERT OR IGNORE INTO pending_output VALUES (?1)", &st, err, errlen);
    for (int i = 0; !rc && i < l->ntouched; i++) {
        sqlite3_bind_text(st, 1, l->touched[i], -1, SQLITE_STATIC);
        if (sd_step_done(st))
            rc = sd_db_error(db, err, errlen);
    }
    sqlite3_finalize(st);
    if (rc)
        return rc;
    const char *sql = l->ntouched < SD_MAX_TOUCHED
                          ? "INSERT OR IGNORE INTO pending_output"
                            " SELECT period FROM reject WHERE batch_id = ?1 AND period IS NOT NULL"
                          : "INSERT OR IGNORE INTO pending_output"
                            " SELECT period FROM reject WHERE batch_id = ?1 AND period IS NOT NULL"
                            " UNION SELECT period FROM response WHERE batch_id = ?1";
    if ((rc = sd_db_prepare(db, sql, &st, err, errlen)))
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    if (rc)
        return rc;
    /* Answers for a period reach every later period's outputs (a member's
     * change since its last diagnosis, the trend, a seminar's effect): a
     * late file for September leaves October and after behind too. */
    char earliest[8] = "";
    for (int i = 0; i < l->ntouched && i < SD_MAX_TOUCHED; i++)
        if (!earliest[0] || strcmp(l->touched[i], earliest) < 0)
            memcpy(earliest, l->touched[i], 8);
    if (!earliest[0] && l->ntouched < SD_MAX_TOUCHED)
        return SD_OK;
    return sd_pending_from(db, l->ntouched < SD_MAX_TOUCHED ? earliest : NULL, batch_id, err, errlen);
}

sd_error sd_pending_from(sqlite3 *db, const char *period, sqlite3_int64 batch_id, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "INSERT OR IGNORE INTO pending_output"
                                " SELECT DISTINCT period FROM response WHERE period >= coalesce(?1,"
                                " (SELECT min(period) FROM response WHERE batch_id = ?2))",
                                &st, err, errlen);
    if (rc)
        return rc;
    if (period)
        sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, batch_id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_pending_periods(sqlite3 *db, char ***out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "SELECT period FROM pending_output ORDER BY period", &st, err, errlen);
    if (rc)
        return rc;
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n + 1 >= cap) {
            cap = cap ? cap * 2 : 8;
            *out = sd_xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = sd_xstrdup((const char *)sqlite3_column_text(st, 0));
        (*out)[*n] = NULL;
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_pending_done(sqlite3 *db, const char *period, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "DELETE FROM pending_output WHERE period = ?1", &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

/* Forgets an earlier batch of the same content (its rejects, then
 * itself). */
static sd_error sd_forget_batch(sqlite3 *db, sqlite3_int64 old_batch, char *err, size_t errlen)
{
    static const char *const forget[] = {"DELETE FROM reject WHERE batch_id = ?1", "DELETE FROM batch WHERE id = ?1"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *del = NULL;
        sd_error rc = sd_db_prepare(db, forget[i], &del, err, errlen);
        if (rc)
            return rc;
        sqlite3_bind_int64(del, 1, old_batch);
        int r = sqlite3_step(del);
        sqlite3_finalize(del);
        if (r != SQLITE_DONE)
            return sd_db_error(db, err, errlen);
    }
    return SD_OK;
}

/* Looks sha256 up among the batches: *seen when rows of it were taken
 * before, else *old_batch is a batch of it that took nothing (or 0). */
static sd_error sd_find_batch(sqlite3 *db, const char *sha256, bool *seen, sqlite3_int64 *old_batch, char *err,
                              size_t errlen)
{
    sqlite3_stmt *find = NULL;
    sd_error rc = sd_db_prepare(db, "SELECT id, rows_ok FROM batch WHERE sha256 = ?1", &find, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(find, 1, sha256, -1, SQLITE_STATIC);
    *old_batch = 0;
    *seen = false;
    int fr = sqlite3_step(find);
    if (fr == SQLITE_ROW) {
        *old_batch = sqlite3_column_int64(find, 0);
        *seen = sqlite3_column_int64(find, 1) > 0; /* rows were taken */
    } else if (fr != SQLITE_DONE) {
        rc = sd_db_error(db, err, errlen);
    }
    sqlite3_finalize(find);
    return rc;
}

static sd_error sd_insert_batch(sd_loader *l, const char *source, const char *sha256, const char *format,
                                char *err, size_t errlen)
{
    sqlite3_stmt *ins = NULL;
    char now[20];
    sd_db_now(now);
    sd_error rc = sd_db_prepare(l->db,
                                "INSERT INTO batch(source, sha256, format, imported_at) VALUES (?1, ?2, ?3, ?4)",
                                &ins, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(ins, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, format, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, now, -1, SQLITE_STATIC);
    int r = sqlite3_step(ins);
    sqlite3_finalize(ins);
    if (r != SQLITE_DONE)
        return sd_db_error(l->db, err, errlen);
    l->batch_id = sqlite3_last_insert_rowid(l->db);
    return SD_OK;
}

sd_error sd_load_begin(sqlite3 *db, const sd_templates *t, const char *source, const char *sha256,
                       const char *format, sd_loader **out, char *err, size_t errlen)
{
    *out = NULL;
    sd_error rc = sd_db_exec(db, "BEGIN IMMEDIATE", err, errlen);
    if (rc)
        return rc;
    sd_loader *l = sd_xcalloc(1, sizeof *l);
    l->db = db;
    l->t = t;
    bool seen;
    sqlite3_int64 old_batch;
    if ((rc = sd_find_batch(db, sha256, &seen, &old_batch, err, errlen)) || seen)
        goto fail; /* a duplicate rolls back the empty transaction */
    if ((old_batch && (rc = sd_forget_batch(db, old_batch, err, errlen))) ||
        (rc = sd_insert_batch(l, source, sha256, format, err, errlen)) ||
        (rc = sd_stmts_prepare(db, &l->stmts, err, errlen)))
        goto fail;
    *out = l;
    return SD_OK;
fail:
    sd_load_abort(l);
    return rc;
}

sd_error sd_load_commit(sd_loader *l, char *err, size_t errlen)
{
    sqlite3_stmt *upd = NULL;
    sd_error rc = sd_db_prepare(l->db,
                                "UPDATE batch SET rows_ok = ?2, rows_rejected = ?3, rows_replaced = ?4"
                                " WHERE id = ?1",
                                &upd, err, errlen);
    if (rc)
        goto cleanup;
    sqlite3_bind_int64(upd, 1, l->batch_id);
    sqlite3_bind_int64(upd, 2, (sqlite3_int64)l->rows_ok);
    sqlite3_bind_int64(upd, 3, (sqlite3_int64)l->rows_rejected);
    sqlite3_bind_int64(upd, 4, (sqlite3_int64)l->rows_replaced);
    int r = sqlite3_step(upd);
    sqlite3_finalize(upd);
    if (r != SQLITE_DONE) {
        rc = sd_db_error(l->db, err, errlen);
        goto cleanup;
    }
    sd_stmts_free(&l->stmts);
    memset(&l->stmts, 0, sizeof l->stmts);
    if ((rc = sd_mark_pending(l, err, errlen)) || (rc = sd_db_exec(l->db, "COMMIT", err, errlen)))
        goto cleanup;
    free(l);
    return SD_OK;

cleanup:
    sd_load_abort(l);
    return rc;
}

void sd_load_abort(sd_loader *l)
{
    if (!l)
        return;
    sd_stmts_free(&l->stmts);
    sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
    free(l);
}
