/* load.c - batch import of one file: rows, rejects, idempotency */
#include "store/load.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/limits.h"
#include "core/snapshot.h"
#include "core/util.h"
#include "ingest/values.h"
#include "store/db.h"

/* Rows above the header (titles, notes) that are skipped while looking for it. */
#define SD_HEADER_SEARCH_ROWS 20

void sd_import_result_free(sd_import_result *r)
{
    if (!r)
        return;
    sd_rejects_free(&r->rejects);
    free(r->columns);
    r->columns = NULL;
}

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
                            " total, part1, part2, part3, basics_done, sa_known)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                            " ?18)",
                            &s->insert_response, err, errlen)) ||
        (rc = sd_db_prepare(db,
                            "INSERT INTO answer(response_id, question, choice, points) VALUES (?1, ?2, ?3, ?4)",
                            &s->insert_answer, err, errlen)) ||
        (rc = sd_db_prepare(db,
                            "INSERT INTO reject(batch_id, period, row, column_name, value, reason)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
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

typedef enum { SD_STORE_NEW, SD_STORE_REPLACED, SD_STORE_STALE } sd_store_outcome;

/* Stores one record. A company's answer for a period replaces an earlier
 * one unless the stored answer has a later answer date. */
static sd_error sd_store_record(sqlite3 *db, const sd_templates *t, sd_stmts *s, sqlite3_int64 batch_id,
                                const sd_record *rec, sd_store_outcome *outcome, char *err, size_t errlen)
{
    sqlite3_int64 company_id = 0;
    char latest[8] = "";
    *outcome = SD_STORE_NEW;

    sqlite3_bind_text(s->find_company, 1, rec->member_no, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(s->find_company);
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        sd_error e = sd_db_error(db, err, errlen);
        sqlite3_reset(s->find_company);
        return e;
    }
    if (r == SQLITE_ROW) {
        company_id = sqlite3_column_int64(s->find_company, 0);
        const unsigned char *p = sqlite3_column_text(s->find_company, 1);
        if (p)
            snprintf(latest, sizeof latest, "%s", (const char *)p);
    }
    sqlite3_reset(s->find_company);
    sqlite3_clear_bindings(s->find_company);

    if (!company_id) {
        sqlite3_bind_text(s->insert_company, 1, rec->member_no, -1, SQLITE_TRANSIENT);
        sd_bind_company(s->insert_company, rec);
        if (sd_step_done(s->insert_company))
            return sd_db_error(db, err, errlen);
        company_id = sqlite3_last_insert_rowid(db);
    }

    sqlite3_bind_int64(s->find_response, 1, company_id);
    sqlite3_bind_text(s->find_response, 2, rec->period, -1, SQLITE_TRANSIENT);
    sqlite3_int64 old_id = 0;
    char old_day[11] = "";
    r = sqlite3_step(s->find_response);
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        sd_error e = sd_db_error(db, err, errlen);
        sqlite3_reset(s->find_response);
        return e;
    }
    if (r == SQLITE_ROW) {
        old_id = sqlite3_column_int64(s->find_response, 0);
        const unsigned char *p = sqlite3_column_text(s->find_response, 1);
        if (p)
            snprintf(old_day, sizeof old_day, "%s", (const char *)p);
    }
    sqlite3_reset(s->find_response);
    sqlite3_clear_bindings(s->find_response);

    if (old_id) {
        if (old_day[0] && rec->answered_on[0] && strcmp(rec->answered_on, old_day) < 0) {
            *outcome = SD_STORE_STALE;
            return SD_OK;
        }
        sqlite3_bind_int64(s->delete_response, 1, old_id);
        if (sd_step_done(s->delete_response))
            return sd_db_error(db, err, errlen);
        *outcome = SD_STORE_REPLACED;
    }
    /* The company's details follow its most recent period. */
    if (latest[0] && strcmp(rec->period, latest) >= 0) {
        sqlite3_bind_int64(s->update_company, 1, company_id);
        sd_bind_company(s->update_company, rec);
        if (sd_step_done(s->update_company))
            return sd_db_error(db, err, errlen);
    }

    sqlite3_stmt *st = s->insert_response;
    char ind[2] = {rec->industry, 0};
    sqlite3_bind_int64(st, 1, company_id);
    sqlite3_bind_int64(st, 2, batch_id);
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
        return sd_db_error(db, err, errlen);
    sqlite3_int64 response_id = sqlite3_last_insert_rowid(db);
    for (int q = 0; q < t->nquestions; q++) {
        sqlite3_bind_int64(s->insert_answer, 1, response_id);
        sqlite3_bind_int(s->insert_answer, 2, q + 1);
        sqlite3_bind_int(s->insert_answer, 3, rec->answers[q]);
        sqlite3_bind_int(s->insert_answer, 4, t->choices[rec->answers[q]].points);
        if (sd_step_done(s->insert_answer))
            return sd_db_error(db, err, errlen);
    }
    return SD_OK;
}

static sd_error sd_store_rejects(sqlite3 *db, sd_stmts *s, sqlite3_int64 batch_id, const sd_rejects *r,
                                 size_t from, const char *period, char *err, size_t errlen)
{
    for (size_t i = from; i < r->n; i++) {
        const sd_reject *x = &r->items[i];
        sqlite3_bind_int64(s->insert_reject, 1, batch_id);
        sd_bind_text_or_null(s->insert_reject, 2, period);
        sqlite3_bind_int64(s->insert_reject, 3, (sqlite3_int64)x->row);
        sqlite3_bind_text(s->insert_reject, 4, x->column, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s->insert_reject, 5, x->value, -1, SQLITE_TRANSIENT);
        /* a warning is listed with the rejects, marked as taken */
        char *reason = x->warning ? sd_xasprintf("注意（取り込み済み）: %s", x->reason) : NULL;
        sqlite3_bind_text(s->insert_reject, 6, reason ? reason : x->reason, -1, SQLITE_TRANSIENT);
        int done_rc = sd_step_done(s->insert_reject);
        free(reason);
        if (done_rc)
            return sd_db_error(db, err, errlen);
    }
    return SD_OK;
}

/* The periods this batch stored answers or rejects for now need their
 * outputs written again; recorded in the import's own transaction. The
 * answers' periods are known from res->touched (unless it overflowed);
 * the rejects' come from their table, which stays small. */
static sd_error sd_mark_pending(sqlite3 *db, sqlite3_int64 batch_id, const sd_import_result *res, char *err,
                                size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "INSERT OR IGNORE INTO pending_output VALUES (?1)", &st, err, errlen);
    for (int i = 0; !rc && i < res->ntouched; i++) {
        sqlite3_bind_text(st, 1, res->touched[i], -1, SQLITE_STATIC);
        if (sd_step_done(st))
            rc = sd_db_error(db, err, errlen);
    }
    sqlite3_finalize(st);
    if (rc)
        return rc;
    const char *sql = res->ntouched < SD_MAX_TOUCHED
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
    for (int i = 0; i < res->ntouched && i < SD_MAX_TOUCHED; i++)
        if (!earliest[0] || strcmp(res->touched[i], earliest) < 0)
            memcpy(earliest, res->touched[i], 8);
    if (!earliest[0] && res->ntouched < SD_MAX_TOUCHED)
        return SD_OK;
    return sd_pending_from(db, res->ntouched < SD_MAX_TOUCHED ? earliest : NULL, batch_id, err, errlen);
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

static void sd_touch(sd_import_result *res, const char *period)
{
    for (int i = 0; i < res->ntouched; i++)
        if (strcmp(res->touched[i], period) == 0)
            return;
    if (res->ntouched < SD_MAX_TOUCHED)
        memcpy(res->touched[res->ntouched++], period, 8);
}

/* Looks for the header among the first rows of the current sheet.
 * Returns SD_OK with *map filled, SD_ERR_NO_HEADER with the first row's
 * problem in why, or a read error in err. */
/* Tries row, then row combined with the row above it (a label merged over
 * two header rows, question numbers below), as the header. Keeps in
 * *best_why and *best_map_text the problem of the row that named the most
 * columns, so a refusal speaks of the real header, not a title above it. */
static sd_error sd_try_header(const sd_templates *t, const sd_row *row, char **prev, size_t nprev, sd_mapping *map,
                              int *best, char *why, size_t whylen, char **best_text)
{
    char this_err[2048];
    if (sd_mapping_from_header(t, row, map, this_err, sizeof this_err) == SD_OK)
        return SD_OK;
    int score = map->recognised;
    if (prev && nprev) {
        /* the two rows cell by cell: both filled, joined (設問 + 1); else either */
        size_t n = row->ncells > nprev ? row->ncells : nprev;
        char **cells = sd_xcalloc(n + 1, sizeof *cells);
        for (size_t c = 0; c < n; c++) {
            const char *top = c < nprev ? prev[c] : "", *bottom = c < row->ncells ? row->cells[c] : "";
            cells[c] = *top && *bottom ? sd_xasprintf("%s%s", top, bottom) : sd_xstrdup(*top ? top : bottom);
        }
        sd_row two = {.cells = cells, .ncells = n, .row_no = row->row_no};
        char two_err[1024];
        sd_error rc = sd_mapping_from_header(t, &two, map, two_err, sizeof two_err);
        int two_score = map->recognised;
        if (rc == SD_OK) {
            map->header_row = row->row_no;
            sd_strv_free(cells);
            return SD_OK;
        }
        if (two_score > score) {
            score = two_score;
            snprintf(this_err, sizeof this_err, "%s（%zu〜%zu 行目を 2 段の見出しとして）", two_err, row->row_no - 1,
                     row->row_no);
        }
        sd_strv_free(cells);
    }
    if (score > *best || !why[0]) {
        *best = score;
        snprintf(why, whylen, "%s", this_err);
        /* what each header of that row was taken for, for the message */
        free(*best_text);
        *best_text = sd_header_describe(t, row);
    }
    return SD_ERR_NO_HEADER;
}

static sd_error sd_find_header(const sd_templates *t, sd_sheet *sheet, sd_mapping *map, char *why, size_t whylen,
                               char **columns, int *best_out, char *err, size_t errlen)
{
    sd_row row;
    size_t seen_rows = 0;
    char **prev = NULL;
    size_t nprev = 0;
    int best = -1;
    char *best_text = NULL;
    sd_error result = SD_ERR_NO_HEADER;
    why[0] = '\0';
    while (seen_rows < SD_HEADER_SEARCH_ROWS) {
        sd_error rc = sd_sheet_next(sheet, &row, err, errlen);
        if (rc == SD_DONE)
            break;
        if (rc) {
            result = rc;
            break;
        }
        if (sd_row_is_blank(&row))
            continue;
        seen_rows++;
        if (sd_try_header(t, &row, prev, nprev, map, &best, why, whylen, &best_text) == SD_OK) {
            result = SD_OK;
            break;
        }
        sd_strv_free(prev);
        prev = sd_xcalloc(row.ncells + 1, sizeof *prev);
        for (size_t c = 0; c < row.ncells; c++)
            prev[c] = sd_xstrdup(row.cells[c]);
        nprev = row.ncells;
    }
    sd_strv_free(prev);
    *best_out = best;
    if (result == SD_ERR_NO_HEADER && best > 0) {
        free(*columns);
        *columns = best_text;
    } else {
        free(best_text);
    }
    if (result == SD_ERR_NO_HEADER && !why[0])
        snprintf(why, whylen, "データがありません");
    return result;
}

/* Checks one data row and stores it, or stores why it cannot be taken. */
static sd_error sd_take_row(sqlite3 *db, const sd_templates *t, const sd_import_opts *opts, sd_stmts *stmts,
                            sqlite3_int64 batch_id, const sd_mapping *map, const sd_row *row,
                            const char *name_period, sd_import_result *res, char *err, size_t errlen)
{
    sd_record rec;
    sd_error rc = SD_OK;
    size_t before = res->rejects.n;
    if (!sd_mapping_read_row(t, map, row, opts->forced_period, name_period, &rec, &res->rejects)) {
        res->rows_rejected++;
        if (!opts->dry_run)
            rc = sd_store_rejects(db, stmts, batch_id, &res->rejects, before,
                                  opts->forced_period ? opts->forced_period : name_period, err, errlen);
        return rc;
    }
    if (opts->dry_run) {
        res->rows_ok++;
        res->warnings += res->rejects.n - before;
        sd_touch(res, rec.period);
        sd_record_clear(&rec);
        return SD_OK;
    }
    sd_store_outcome outcome;
    rc = sd_store_record(db, t, stmts, batch_id, &rec, &outcome, err, errlen);
    if (rc == SD_OK && outcome == SD_STORE_STALE) {
        char why[200];
        snprintf(why, sizeof why, "%s の回答は、回答日が新しい別の回答（同じ会員・同じ月）が既にあるため使いません",
                 rec.answered_on);
        sd_rejects_add(&res->rejects, rec.row, t->columns[SD_FIELD_ANSWERED_ON].label, rec.answered_on, why);
        res->rows_rejected++;
        rc = sd_store_rejects(db, stmts, batch_id, &res->rejects, before, rec.period, err, errlen);
    } else if (rc == SD_OK) {
        res->rows_ok++;
        if (outcome == SD_STORE_REPLACED)
            res->rows_replaced++;
        sd_touch(res, rec.period);
        /* warnings on optional cells of a row that was taken */
        if (res->rejects.n > before) {
            res->warnings += res->rejects.n - before;
            rc = sd_store_rejects(db, stmts, batch_id, &res->rejects, before, rec.period, err, errlen);
        }
    }
    sd_record_clear(&rec);
    return rc;
}

sd_error sd_import_file(sqlite3 *db, const sd_templates *t, const char *path, const sd_import_opts *opts,
                        sd_import_result *res, char *err, size_t errlen)
{
    sd_sheet *sheet = NULL;
    sd_stmts stmts = {0};
    sd_mapping map = {0};
    sd_form_rows form = {0};
    bool in_tx = false;
    sqlite3_int64 batch_id = 0;
    sd_error rc;
    char name_period[8] = "";
    memset(res, 0, sizeof *res);

    /* one read: the hash and the rows come from the same bytes */
    sd_snapshot snap;
    if ((rc = sd_snapshot_take(path, sd_lim.file_bytes, &snap, err, errlen)))
        return rc;
    memcpy(res->sha256, snap.sha256, sizeof res->sha256);
    char *pathcopy = sd_xstrdup(path);
    bool have_name_period = sd_period_from_name(basename(pathcopy), name_period);
    free(pathcopy);

    rc = sd_sheet_open_named(snap.path, path, opts->encoding, opts->sheet, &sheet, err, errlen);
    /* the readers hold their own descriptors on the copy */
    sd_snapshot_release(&snap);
    if (rc)
        return rc;
    res->format = sd_sheet_format(sheet);

    if (!opts->dry_run) {
        if ((rc = sd_db_exec(db, "BEGIN IMMEDIATE", err, errlen)))
            goto cleanup;
        in_tx = true;
        /* The same content again is a no-op, unless nothing of it was taken
         * last time (say, the wrong --sheet): then its rejects are replaced. */
        sqlite3_stmt *find = NULL;
        if ((rc = sd_db_prepare(db, "SELECT id, rows_ok FROM batch WHERE sha256 = ?1", &find, err, errlen)))
            goto cleanup;
        sqlite3_bind_text(find, 1, res->sha256, -1, SQLITE_STATIC);
        sqlite3_int64 old_batch = 0;
        bool seen = false;
        int fr = sqlite3_step(find);
        if (fr == SQLITE_ROW) {
            old_batch = sqlite3_column_int64(find, 0);
            seen = sqlite3_column_int64(find, 1) > 0; /* rows were taken */
        } else if (fr != SQLITE_DONE) {
            rc = sd_db_error(db, err, errlen);
            sqlite3_finalize(find);
            goto cleanup;
        }
        sqlite3_finalize(find);
        if (seen) {
            res->status = SD_IMPORT_DUPLICATE;
            goto cleanup; /* rolls back the empty transaction */
        }
        static const char *const forget[] = {"DELETE FROM reject WHERE batch_id = ?1",
                                             "DELETE FROM batch WHERE id = ?1"};
        for (size_t i = 0; old_batch && i < 2; i++) {
            sqlite3_stmt *del = NULL;
            if ((rc = sd_db_prepare(db, forget[i], &del, err, errlen)))
                goto cleanup;
            sqlite3_bind_int64(del, 1, old_batch);
            int r = sqlite3_step(del);
            sqlite3_finalize(del);
            if (r != SQLITE_DONE) {
                rc = sd_db_error(db, err, errlen);
                goto cleanup;
            }
        }
        sqlite3_stmt *ins = NULL;
        char now[20];
        sd_db_now(now);
        if ((rc = sd_db_prepare(db,
                                "INSERT INTO batch(source, sha256, format, imported_at) VALUES (?1, ?2, ?3, ?4)",
                                &ins, err, errlen)))
            goto cleanup;
        sqlite3_bind_text(ins, 1, path, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, res->sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, res->format, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, now, -1, SQLITE_STATIC);
        int r = sqlite3_step(ins);
        sqlite3_finalize(ins);
        if (r != SQLITE_DONE) {
            rc = sd_db_error(db, err, errlen);
            goto cleanup;
        }
        batch_id = sqlite3_last_insert_rowid(db);
        if ((rc = sd_stmts_prepare(db, &stmts, err, errlen)))
            goto cleanup;
    }

    /* Every sheet that maps is read (a workbook with a sheet per month),
     * unless --sheet picked one: a table whose header is among its first
     * rows, else a per-company form. A sheet that maps to nothing (a
     * cover, notes, a chart) is passed over; only when none maps is the
     * file refused, with the likeliest sheet's reason. */
    char header_err[4096] = "";
    int nread = 0;
    for (;;) {
        char why[2048] = "";
        int best = 0;
        bool mapped = false, is_form = false;
        rc = sd_find_header(t, sheet, &map, why, sizeof why, &res->columns, &best, err, errlen);
        if (rc == SD_OK) {
            mapped = true;
        } else if (rc != SD_ERR_NO_HEADER) {
            goto cleanup;
        } else {
            if ((rc = sd_sheet_rewind(sheet, err, errlen)))
                goto cleanup;
            char form_why[512] = "";
            rc = sd_form_read(t, sheet, &form, form_why, sizeof form_why);
            if (rc == SD_OK) {
                if (sd_mapping_from_header(t, &form.header, &map, form_why, sizeof form_why) == SD_OK)
                    mapped = is_form = true;
                else
                    sd_form_rows_free(&form);
            } else if (rc != SD_ERR_NO_HEADER) {
                memcpy(err, form_why, errlen < sizeof form_why ? errlen : sizeof form_why);
                err[errlen - 1] = '\0';
                goto cleanup;
            }
            if (!mapped && !header_err[0]) {
                /* a sheet that is plainly a table is not also "not a form" */
                bool tableish = best >= 3;
                const char *sn = sd_sheet_name(sheet);
                snprintf(header_err, sizeof header_err, "%s%s%s%s%s%s", sn ? "シート「" : "", sn ? sn : "",
                         sn ? "」: " : "", why, form_why[0] && !tableish ? "。" : "",
                         tableish ? "" : form_why);
            }
        }
        if (mapped) {
            const char *sn = sd_sheet_name(sheet);
            if (sn) {
                size_t used = strlen(res->sheet);
                snprintf(res->sheet + used, sizeof res->sheet - used, "%s%s", used ? "」「" : "", sn);
            }
            res->is_form = is_form;
            free(res->columns);
            res->columns = sd_mapping_describe(t, &map);
            /* a sheet named for its month (2026年10月) gives undated rows
             * their period, before the file name does */
            char sheet_period[8];
            const char *fallback = have_name_period ? name_period : NULL;
            if (sn && sd_period_from_name(sn, sheet_period))
                fallback = sheet_period;
            nread++;
            if (is_form) {
                if ((rc = sd_take_row(db, t, opts, &stmts, batch_id, &map, &form.data, fallback, res, err,
                                      errlen)))
                    goto cleanup;
            } else {
                sd_row row;
                for (;;) {
                    rc = sd_sheet_next(sheet, &row, err, errlen);
                    if (rc == SD_DONE)
                        break;
                    if (rc)
                        goto cleanup;
                    if (sd_row_is_blank(&row))
                        continue;
                    if (sd_row_is_summary(&map, &row)) {
                        res->rows_summary++;
                        continue;
                    }
                    if ((rc = sd_take_row(db, t, opts, &stmts, batch_id, &map, &row, fallback, res, err, errlen)))
                        goto cleanup;
                }
            }
            sd_mapping_free(&map);
            sd_form_rows_free(&form);
            memset(&form, 0, sizeof form);
        }
        rc = sd_sheet_next_sheet(sheet, err, errlen);
        if (rc == SD_DONE)
            break;
        if (rc)
            goto cleanup;
    }
    rc = SD_OK;
    res->nsheets = nread;
    if (nread == 0) {
        sd_rejects_add(&res->rejects, 0, "見出し行", "",
                       header_err[0] ? header_err : "データがありません（空のファイルです）");
        res->rows_rejected = 1;
        if (!opts->dry_run && (rc = sd_store_rejects(db, &stmts, batch_id, &res->rejects, 0,
                                                      opts->forced_period, err, errlen)))
            goto cleanup;
    }

    if (opts->dry_run) {
        res->status = SD_IMPORT_CHECKED;
        goto cleanup;
    }
    if (opts->strict && res->rows_rejected > 0) {
        rc = sd_fail(err, errlen, SD_ERR_REJECTED, "%zu 行を取り込めないため、このファイルは取り込みませんでした",
                     res->rows_rejected);
        goto cleanup;
    }
    {
        sqlite3_stmt *upd = NULL;
        if ((rc = sd_db_prepare(db,
                                "UPDATE batch SET rows_ok = ?2, rows_rejected = ?3, rows_replaced = ?4"
                                " WHERE id = ?1",
                                &upd, err, errlen)))
            goto cleanup;
        sqlite3_bind_int64(upd, 1, batch_id);
        sqlite3_bind_int64(upd, 2, (sqlite3_int64)res->rows_ok);
        sqlite3_bind_int64(upd, 3, (sqlite3_int64)res->rows_rejected);
        sqlite3_bind_int64(upd, 4, (sqlite3_int64)res->rows_replaced);
        int r = sqlite3_step(upd);
        sqlite3_finalize(upd);
        if (r != SQLITE_DONE) {
            rc = sd_db_error(db, err, errlen);
            goto cleanup;
        }
    }
    sd_stmts_free(&stmts);
    memset(&stmts, 0, sizeof stmts);
    if ((rc = sd_mark_pending(db, batch_id, res, err, errlen)) || (rc = sd_db_exec(db, "COMMIT", err, errlen)))
        goto cleanup;
    in_tx = false;
    res->status = SD_IMPORT_STORED;

cleanup:
    sd_stmts_free(&stmts);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (rc && rc != SD_ERR_REJECTED) {
        res->rows_ok = res->rows_replaced = 0;
        res->ntouched = 0;
    }
    sd_mapping_free(&map);
    sd_form_rows_free(&form);
    sd_sheet_free(sheet);
    return rc;
}
