/* seminar.c - seminars and their attendees in the store */
#include "store/seminar.h"
#include "store/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/db.h"

/* Where an answer lies in time: its 回答日, else the first (lo) and the
 * last (hi) day of its month. */
#define SD_ANSWER_LO "COALESCE(answered_on, period || '-01')"
#define SD_ANSWER_HI "COALESCE(answered_on, date(period || '-01', '+1 month', '-1 day'))"

/* The member a stored line stands for: its company, or for a 'new' line
 * the member of that number once it has answered. */
#define SD_LINE_COMPANY                                                                                      \
    "COALESCE(a.company_id, CASE WHEN a.status = 'new' THEN"                                                 \
    " (SELECT id FROM company WHERE member_no = a.member_no) END)"

static char *sd_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *p = sqlite3_column_text(st, i);
    return p ? sd_xstrdup((const char *)p) : NULL;
}

void sd_seminar_clear(sd_seminar *s)
{
    if (!s)
        return;
    free(s->title);
    free(s->place);
    free(s->source);
    memset(s, 0, sizeof *s);
}

void sd_seminars_free(sd_seminar *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        sd_seminar_clear(&v[i]);
    free(v);
}

sd_error sd_seminar_members(sqlite3 *db, sd_member_name_fn each, void *ctx, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    /* the company's own (latest) name first, then every name it answered under */
    sd_error rc = sd_db_prepare(db,
                                "SELECT id, member_no, name, 0 FROM company"
                                " UNION ALL SELECT r.company_id, c.member_no, r.name, 1"
                                " FROM response r JOIN company c ON c.id = r.company_id"
                                " ORDER BY 1, 4",
                                &st, err, errlen);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        each(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
             (const char *)sqlite3_column_text(st, 2));
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

#define SD_SEMINAR_COLUMNS                                                                                   \
    "s.id, s.held_on, s.title, s.place, s.source,"                                                           \
    " (SELECT count(*) FROM seminar_attendee a WHERE a.seminar_id = s.id),"                                  \
    " (SELECT count(*) FROM seminar_attendee a WHERE a.seminar_id = s.id AND a.status IN ('number', "        \
    "'name')),"                                                                                              \
    " (SELECT count(*) FROM seminar_attendee a WHERE a.seminar_id = s.id AND a.status = 'new'),"             \
    " (SELECT count(*) FROM seminar_attendee a WHERE a.seminar_id = s.id AND a.status = 'unmatched')"

static void sd_seminar_row(sqlite3_stmt *st, sd_seminar *s)
{
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    snprintf(s->held_on, sizeof s->held_on, "%s", (const char *)sqlite3_column_text(st, 1));
    s->title = sd_col_dup(st, 2);
    s->place = sd_col_dup(st, 3);
    s->source = sd_col_dup(st, 4);
    s->listed = (size_t)sqlite3_column_int64(st, 5);
    s->matched = (size_t)sqlite3_column_int64(st, 6);
    s->new_members = (size_t)sqlite3_column_int64(st, 7);
    s->unmatched = (size_t)sqlite3_column_int64(st, 8);
}

sd_error sd_seminar_get(sqlite3 *db, long long id, sd_seminar *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "SELECT " SD_SEMINAR_COLUMNS " FROM seminar s WHERE ?1 = 0 OR s.id = ?1"
                                " ORDER BY s.held_on DESC, s.id DESC LIMIT 1",
                                &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        sd_seminar_row(st, out);
    else if (r == SQLITE_DONE)
        rc = id ? sd_fail(err, errlen, SD_ERR_NO_DATA,
                          "セミナー ID %lld は登録されていません（shindan seminar list で確かめてください）",
                          id)
                : sd_fail(
                      err, errlen, SD_ERR_NO_DATA,
                      "セミナーがまだ登録されていません。先に shindan seminar add で名簿を登録してください");
    else
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_seminar_list(sqlite3 *db, sd_seminar **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "SELECT " SD_SEMINAR_COLUMNS " FROM seminar s ORDER BY s.held_on, s.id",
                                &st, err, errlen);
    if (rc)
        return rc;
    size_t cap = 8, count = 0;
    sd_seminar *v = sd_xcalloc(cap, sizeof *v);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap)
            v = sd_xrealloc(v, (cap *= 2) * sizeof *v);
        sd_seminar_row(st, &v[count++]);
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    if (rc) {
        sd_seminars_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return SD_OK;
}

sd_error sd_seminar_find(sqlite3 *db, const char *title, const char *held_on, long long *id, char *err,
                         size_t errlen)
{
    *id = 0;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(
        db, "SELECT id FROM seminar WHERE title = ?1 AND held_on = ?2 ORDER BY id LIMIT 1", &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, held_on, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

static const char *sd_status_name(sd_match_kind k)
{
    switch (k) {
    case SD_MATCH_NUMBER:
        return "number";
    case SD_MATCH_NAME:
        return "name";
    case SD_MATCH_NEW:
        return "new";
    default:
        return "unmatched";
    }
}

static sd_error sd_step_done(sqlite3 *db, sqlite3_stmt *st, char *err, size_t errlen)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return r == SQLITE_DONE ? SD_OK : sd_db_error(db, err, errlen);
}

sd_error sd_seminar_store(sqlite3 *db, const sd_seminar_new *s, const sd_attendee_list *list,
                          long long replace, long long *id, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    char now[20];
    sd_db_now(now);
    sd_error rc = sd_db_exec(db, "BEGIN IMMEDIATE", err, errlen);
    if (rc)
        return rc;
    if (replace) {
        /* the periods the seminar reached at its old date are behind too */
        rc = sd_db_prepare(db,
                           "INSERT OR IGNORE INTO pending_output SELECT DISTINCT period FROM response"
                           " WHERE period >= (SELECT substr(held_on, 1, 7) FROM seminar WHERE id = ?1)",
                           &st, err, errlen);
        if (!rc) {
            sqlite3_bind_int64(st, 1, replace);
            rc = sd_step_done(db, st, err, errlen);
            sqlite3_finalize(st);
            st = NULL;
        }
        if (rc)
            goto rollback;
        rc = sd_db_prepare(
            db,
            "UPDATE seminar SET title = ?2, held_on = ?3, place = COALESCE(?4, place), source = ?5,"
            " added_at = ?6 WHERE id = ?1",
            &st, err, errlen);
        if (!rc)
            sqlite3_bind_int64(st, 1, replace);
    } else {
        rc = sd_db_prepare(
            db, "INSERT INTO seminar(title, held_on, place, source, added_at) VALUES (?2, ?3, ?4, ?5, ?6)",
            &st, err, errlen);
    }
    if (rc)
        goto rollback;
    sqlite3_bind_text(st, 2, s->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->held_on, -1, SQLITE_STATIC);
    if (s->place)
        sqlite3_bind_text(st, 4, s->place, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, s->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
    if ((rc = sd_step_done(db, st, err, errlen)))
        goto rollback;
    if (replace && sqlite3_changes(db) == 0) {
        rc = sd_fail(err, errlen, SD_ERR_NO_DATA,
                     "セミナー ID %lld は登録されていません（shindan seminar list で確かめてください）",
                     replace);
        goto rollback;
    }
    *id = replace ? replace : sqlite3_last_insert_rowid(db);
    sqlite3_finalize(st);
    st = NULL;
    if (replace) {
        if ((rc = sd_db_prepare(db, "DELETE FROM seminar_attendee WHERE seminar_id = ?1", &st, err, errlen)))
            goto rollback;
        sqlite3_bind_int64(st, 1, *id);
        if ((rc = sd_step_done(db, st, err, errlen)))
            goto rollback;
        sqlite3_finalize(st);
        st = NULL;
    }
    if ((rc = sd_db_prepare(
             db,
             "INSERT INTO seminar_attendee(seminar_id, list_order, source_row, member_no, raw_name,"
             " company_id, status, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
             &st, err, errlen)))
        goto rollback;
    int order = 0;
    for (size_t i = 0; i < list->n; i++) {
        const sd_attendee *a = &list->items[i];
        if (a->dup_of)
            continue;
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_int(st, 2, ++order);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)a->row);
        const char *no = a->m.member ? a->m.member->member_no : a->m.member_no;
        if (no)
            sqlite3_bind_text(st, 4, no, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 4);
        sqlite3_bind_text(st, 5, a->raw_name ? a->raw_name : "", -1, SQLITE_STATIC);
        if (a->m.member)
            sqlite3_bind_int64(st, 6, a->m.member->id);
        else
            sqlite3_bind_null(st, 6);
        sqlite3_bind_text(st, 7, sd_status_name(a->m.kind), -1, SQLITE_STATIC);
        if (a->m.reason[0])
            sqlite3_bind_text(st, 8, a->m.reason, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 8);
        if ((rc = sd_step_done(db, st, err, errlen)))
            goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* the reports and workbooks of the periods from the seminar's month on
     * name it (受講後 +12点, セミナーの効果): they are behind now */
    char month[8];
    snprintf(month, sizeof month, "%.7s", s->held_on);
    if ((rc = sd_pending_from(db, month, 0, err, errlen)) || (rc = sd_db_exec(db, "COMMIT", err, errlen)))
        goto rollback;
    return SD_OK;
rollback:
    sqlite3_finalize(st);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

void sd_attendee_rows_free(sd_attendee_row *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].member_no);
        free(v[i].raw_name);
        free(v[i].reason);
        free(v[i].name);
        free(v[i].municipality);
    }
    free(v);
}

sd_error sd_seminar_attendees(sqlite3 *db, long long seminar_id, const char *period, sd_attendee_row **out,
                              size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(
        db,
        "SELECT l.list_order, l.source_row, l.status, COALESCE(c.member_no, l.member_no), l.raw_name, "
        "l.reason,"
        " c.id, EXISTS (SELECT 1 FROM response r WHERE r.company_id = c.id AND r.period = ?2),"
        " c.name, c.industry, c.prefecture, c.municipality, c.employees, c.size_band"
        " FROM (SELECT a.*, " SD_LINE_COMPANY " AS cid FROM seminar_attendee a WHERE a.seminar_id = ?1) l"
        " LEFT JOIN company c ON c.id = l.cid ORDER BY l.list_order",
        &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, seminar_id);
    if (period)
        sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    size_t cap = 64, count = 0;
    sd_attendee_row *v = sd_xcalloc(cap, sizeof *v);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap)
            v = sd_xrealloc(v, (cap *= 2) * sizeof *v);
        sd_attendee_row *a = &v[count++];
        memset(a, 0, sizeof *a);
        a->list_order = sqlite3_column_int(st, 0);
        a->row = (size_t)sqlite3_column_int64(st, 1);
        snprintf(a->status, sizeof a->status, "%s", (const char *)sqlite3_column_text(st, 2));
        a->member_no = sd_col_dup(st, 3);
        a->raw_name = sd_col_dup(st, 4);
        a->reason = sd_col_dup(st, 5);
        a->employees = -1;
        if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
            a->company_id = sqlite3_column_int64(st, 6);
            a->answered = period && sqlite3_column_int(st, 7);
            a->name = sd_col_dup(st, 8);
            const unsigned char *ind = sqlite3_column_text(st, 9);
            a->industry = ind ? (char)ind[0] : 0;
            a->prefecture = sqlite3_column_int(st, 10);
            a->municipality = sd_col_dup(st, 11);
            if (sqlite3_column_type(st, 12) != SQLITE_NULL)
                a->employees = sqlite3_column_int(st, 12);
            a->size_band = sqlite3_column_int(st, 13);
        }
        if (!a->raw_name)
            a->raw_name = sd_xstrdup("");
    }
    if (r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    if (rc) {
        sd_attendee_rows_free(v, count);
        return rc;
    }
    *out = v;
    *n = count;
    return SD_OK;
}

sd_error sd_period_on_or_before(sqlite3 *db, const char *date, char out[8], char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "SELECT max(period) FROM response WHERE period <= substr(?1, 1, 7)", &st,
                                err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        snprintf(out, 8, "%s", (const char *)sqlite3_column_text(st, 0));
    else if (r == SQLITE_ROW)
        rc = sd_fail(err, errlen, SD_ERR_NO_DATA, "%s 以前の回答がありません", date);
    else
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_seminar_pairs_each(sqlite3 *db, long long seminar_id, const char *held_on, sd_pair_fn fn,
                               void *ctx, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(
        db,
        "WITH b AS (SELECT company_id, max(period) AS period FROM response WHERE " SD_ANSWER_HI " <= ?1"
        "  GROUP BY company_id),"
        " f AS (SELECT company_id, min(period) AS period FROM response WHERE " SD_ANSWER_LO " > ?1"
        "  GROUP BY company_id),"
        " att AS (SELECT " SD_LINE_COMPANY " AS company_id FROM seminar_attendee a WHERE a.seminar_id = ?2)"
        " SELECT b.company_id, b.company_id IN (SELECT company_id FROM att WHERE company_id IS NOT NULL),"
        "  rb.id, rb.period, rb.total, " SD_DB_PARTS("rb.") ", rb.basics_done,"
        "  ra.id, ra.period, ra.total, " SD_DB_PARTS("ra.") ", ra.basics_done"
        " FROM b JOIN f ON f.company_id = b.company_id"
        " JOIN response rb ON rb.company_id = b.company_id AND rb.period = b.period"
        " JOIN response ra ON ra.company_id = f.company_id AND ra.period = f.period"
        " ORDER BY b.company_id",
        &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, held_on, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seminar_id);
    int r;
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        sd_change_pair p;
        memset(&p, 0, sizeof p);
        p.company_id = sqlite3_column_int64(st, 0);
        p.attended = sqlite3_column_int(st, 1) != 0;
        p.before_id = sqlite3_column_int64(st, 2);
        snprintf(p.before_period, sizeof p.before_period, "%s", (const char *)sqlite3_column_text(st, 3));
        p.before_total = sqlite3_column_int(st, 4);
        for (int k = 0; k < 3; k++)
            p.before_parts[k] = sqlite3_column_int(st, 5 + k);
        p.before_basics = sqlite3_column_int(st, 8) != 0;
        p.after_id = sqlite3_column_int64(st, 9);
        snprintf(p.after_period, sizeof p.after_period, "%s", (const char *)sqlite3_column_text(st, 10));
        p.after_total = sqlite3_column_int(st, 11);
        for (int k = 0; k < 3; k++)
            p.after_parts[k] = sqlite3_column_int(st, 12 + k);
        p.after_basics = sqlite3_column_int(st, 15) != 0;
        rc = fn(ctx, &p, err, errlen);
    }
    if (!rc && r != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_seminar_uncompared(sqlite3 *db, long long seminar_id, const char *held_on, size_t *no_before,
                               size_t *no_after, char *err, size_t errlen)
{
    *no_before = *no_after = 0;
    sqlite3_stmt *st = NULL;
    /* the same members and the same before/after as sd_seminar_pairs_each */
    sd_error rc = sd_db_prepare(
        db,
        "WITH att AS (SELECT DISTINCT cid, CASE WHEN cid IS NULL THEN member_no END AS no FROM"
        "  (SELECT " SD_LINE_COMPANY " AS cid, a.member_no FROM seminar_attendee a"
        "   WHERE a.seminar_id = ?2 AND a.status <> 'unmatched')),"
        " k AS (SELECT cid,"
        "  EXISTS (SELECT 1 FROM response WHERE company_id = cid AND " SD_ANSWER_HI " <= ?1) AS before,"
        "  EXISTS (SELECT 1 FROM response WHERE company_id = cid AND " SD_ANSWER_LO " > ?1) AS after FROM att)"
        " SELECT count(*) FILTER (WHERE NOT before), count(*) FILTER (WHERE before AND NOT after) FROM k",
        &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, held_on, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seminar_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *no_before = (size_t)sqlite3_column_int64(st, 0);
        *no_after = (size_t)sqlite3_column_int64(st, 1);
    } else {
        rc = sd_db_error(db, err, errlen);
    }
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_seminar_attended_between(sqlite3 *db, long long company_id, const char *member_no,
                                     long long prev_response_id, long long cur_response_id, char out[11],
                                     char *err, size_t errlen)
{
    out[0] = '\0';
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare_kept(db,
                                     /* the seminars between the two answers first (few), then their lists */
                                     "SELECT max(s.held_on) FROM seminar s"
                                     " WHERE s.held_on >= (SELECT " SD_ANSWER_HI " FROM response WHERE id = ?3)"
                                     "  AND s.held_on < (SELECT " SD_ANSWER_LO " FROM response WHERE id = ?4)"
                                     "  AND EXISTS (SELECT 1 FROM seminar_attendee a WHERE a.seminar_id = s.id"
                                     "   AND (a.company_id = ?1 OR (a.status = 'new' AND a.member_no = ?2)))",
                                     &st, err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, company_id);
    sqlite3_bind_text(st, 2, member_no, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, prev_response_id);
    sqlite3_bind_int64(st, 4, cur_response_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_NULL)
            snprintf(out, 11, "%s", (const char *)sqlite3_column_text(st, 0));
    } else {
        rc = sd_db_error(db, err, errlen);
    }
    sd_db_done(st);
    return rc;
}
