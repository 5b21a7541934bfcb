/* test_ledger.c - the publication ledger (store/ledger.c) and the rules
 * of issue 28 as the publisher applies them (stats/publish.c) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "stats/publish.h"
#include "store/db.h"
#include "store/ledger.h"

static sd_member_set sd_set_of(int from, int to)
{
    sd_member_set s = {0};
    for (int i = from; i <= to; i++) {
        long long el[2] = {i, 50};
        sd_member_set_add(&s, el, 2);
    }
    return s;
}

static void test_member_set_is_order_free_and_exact(void **state)
{
    sd_member_set a = sd_set_of(1, 3), b = {0};
    long long e3[2] = {3, 50}, e1[2] = {1, 50}, e2[2] = {2, 50};
    sd_member_set_add(&b, e3, 2);
    sd_member_set_add(&b, e1, 2);
    sd_member_set_add(&b, e2, 2);
    char ha[33], hb[33];
    sd_member_set_hex(&a, ha);
    sd_member_set_hex(&b, hb);
    assert_string_equal(ha, hb);
    assert_int_equal(a.n, 3);
    /* one member's figure changed under the same id: another set */
    sd_member_set c = sd_set_of(1, 2);
    long long e3b[2] = {3, 51};
    sd_member_set_add(&c, e3b, 2);
    sd_member_set_hex(&c, hb);
    assert_string_not_equal(ha, hb);
}

static sqlite3 *sd_scratch_db(void)
{
    char err[512];
    sqlite3 *db = NULL;
    assert_int_equal(sd_db_open(sd_scratch_path("l.db"), SD_DB_CREATE, &db, err, sizeof err), SD_OK);
    return db;
}

static void test_ledger_states(void **state)
{
    char err[512];
    sqlite3 *db = sd_scratch_db();
    sd_member_set s39 = sd_set_of(1, 39), s40 = sd_set_of(1, 40), s44 = sd_set_of(1, 44);
    sd_member_set swap = sd_set_of(2, 40); /* 39 members, one replaced */
    sd_ledger_state st;
    assert_int_equal(sd_ledger_lookup(db, "all", "2026-10", "all", &s39, 5, &st, err, sizeof err), SD_OK);
    assert_int_equal(st, SD_LEDGER_NEW);
    assert_int_equal(sd_ledger_begin(db, err, sizeof err), SD_OK);
    assert_int_equal(sd_ledger_record(db, "summary.pdf", "all", "2026-10", "all", &s39, true, err, sizeof err),
                     SD_OK);
    assert_int_equal(sd_ledger_commit(db, err, sizeof err), SD_OK);
    sd_ledger_lookup(db, "all", "2026-10", "all", &s39, 5, &st, err, sizeof err);
    assert_int_equal(st, SD_LEDGER_SHOWN);
    sd_ledger_lookup(db, "all", "2026-10", "all", &s40, 5, &st, err, sizeof err);
    assert_int_equal(st, SD_LEDGER_NEAR); /* 40 m2 - 39 m1: one late answer */
    sd_ledger_lookup(db, "all", "2026-10", "all", &swap, 5, &st, err, sizeof err);
    assert_int_equal(st, SD_LEDGER_NEAR); /* the same count, one answer replaced */
    sd_ledger_lookup(db, "all", "2026-10", "all", &s44, 5, &st, err, sizeof err);
    assert_int_equal(st, SD_LEDGER_NEW); /* five more: their mean is a group of five */
    sd_ledger_lookup(db, "all", "2026-11", "all", &s40, 5, &st, err, sizeof err);
    assert_int_equal(st, SD_LEDGER_NEW); /* another period: another figure */
    sd_ledger_record(db, "stats", "industry", "2026-10", "E", &s40, false, err, sizeof err);
    sd_ledger_lookup(db, "industry", "2026-10", "E", &s40, 5, &st, err, sizeof err);
    assert_int_equal(st, SD_LEDGER_HIDDEN);
    sqlite3_close(db);
}

/* n responses of period, member numbers from first, totals from totals[]
 * (cycled), all in industry E of prefecture 08 */
static void sd_insert(sqlite3 *db, const char *period, int first, int n, const int *totals, int ntotals)
{
    char err[512], *sql;
    assert_int_equal(sd_db_exec(db,
                                "INSERT OR IGNORE INTO batch(id, source, sha256, format, imported_at)"
                                " VALUES (1, 'x', 'x', 'csv', '2026-10-01')",
                                err, sizeof err),
                     SD_OK);
    for (int i = 0; i < n; i++) {
        int m = first + i, total = totals[i % ntotals];
        sql = sqlite3_mprintf("INSERT OR IGNORE INTO company(id, member_no, name, industry, prefecture, size_band)"
                              " VALUES (%d, 'M%d', 'c', 'E', 8, 1);"
                              "INSERT INTO response(company_id, batch_id, source_row, period, name, industry,"
                              " prefecture, size_band, sa_level, total, part1, part2, part3, sa_known)"
                              " VALUES (%d, 1, %d, '%q', 'c', 'E', 8, 1, %d, %d, 0, 0, 0, %d)",
                              m, m, m, m, period, i % 2, total, i < 3 ? 1 : 0);
        assert_int_equal(sd_db_exec(db, sql, err, sizeof err), SD_OK);
        sqlite3_free(sql);
    }
}

static void test_late_answer_withholds_the_period(void **state)
{
    char err[512];
    sqlite3 *db = sd_scratch_db();
    int totals[] = {40, 60, 80, 90, 100};
    sd_insert(db, "2026-10", 1, 39, totals, 5);
    sd_published p;
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_PUBLISHED, &p, err, sizeof err), SD_OK);
    assert_false(p.all.suppressed);
    assert_int_equal(p.all.n, 39);
    assert_int_equal(sd_published_record(db, &p, "summary.pdf", err, sizeof err), SD_OK);
    sd_published_free(&p);
    /* the same members again: the same figures */
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_PUBLISHED, &p, err, sizeof err), SD_OK);
    assert_false(p.all.suppressed);
    assert_false(p.withheld);
    sd_published_free(&p);
    /* one late answer */
    int late[] = {28};
    sd_insert(db, "2026-10", 40, 1, late, 1);
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_PUBLISHED, &p, err, sizeof err), SD_OK);
    assert_true(p.withheld);
    assert_true(p.all.suppressed);
    assert_int_equal(p.all.n, 0);
    const sd_pub_table *ind = sd_published_table(&p, SD_BY_INDUSTRY);
    for (size_t i = 0; i < ind->n; i++)
        assert_true(ind->groups[i].suppressed);
    assert_int_equal(sd_published_record(db, &p, "summary.pdf", err, sizeof err), SD_OK);
    sd_published_free(&p);
    /* the trend of the next period hides October's row too */
    sd_insert(db, "2026-11", 1, 10, totals, 5);
    assert_int_equal(sd_published_load(db, fx.t, "2026-11", SD_VIEW_PUBLISHED, &p, err, sizeof err), SD_OK);
    const sd_pub_group *oct = sd_pub_find(sd_published_table(&p, SD_BY_PERIOD), "2026-10");
    assert_non_null(oct);
    assert_true(oct->suppressed);
    sd_published_free(&p);
    /* the unsuppressed view (internal checks) ignores the ledger */
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_UNSUPPRESSED, &p, err, sizeof err), SD_OK);
    assert_int_equal(p.all.n, 40);
    sd_published_free(&p);
    sqlite3_close(db);
}

/* n members of industry ind, member numbers from first, every answer
 * choice (0: 実施), in period 2026-10 */
static void sd_insert_answered(sqlite3 *db, char ind, int first, int n, int choice)
{
    char err[512], *sql;
    assert_int_equal(sd_db_exec(db,
                                "INSERT OR IGNORE INTO batch(id, source, sha256, format, imported_at)"
                                " VALUES (1, 'x', 'x', 'csv', '2026-10-01')",
                                err, sizeof err),
                     SD_OK);
    for (int i = 0; i < n; i++) {
        int m = first + i;
        sql = sqlite3_mprintf("INSERT INTO company(id, member_no, name, industry, prefecture, size_band)"
                              " VALUES (%d, 'M%d', 'c', '%c', 8, 1);"
                              "INSERT INTO response(id, company_id, batch_id, source_row, period, name, industry,"
                              " prefecture, size_band, sa_level, total, part1, part2, part3, sa_known)"
                              " VALUES (%d, %d, 1, %d, '2026-10', 'c', '%c', 8, 1, 0, %d, 0, 0, 0, 0)",
                              m, m, ind, m, m, m, ind, choice == 0 ? 100 : 0);
        assert_int_equal(sd_db_exec(db, sql, err, sizeof err), SD_OK);
        sqlite3_free(sql);
        for (int q = 1; q <= 25; q++) {
            sql = sqlite3_mprintf("INSERT INTO answer(response_id, question, choice, points) VALUES (%d, %d, %d, %d)",
                                  m, q, choice, choice == 0 ? 4 : 0);
            assert_int_equal(sd_db_exec(db, sql, err, sizeof err), SD_OK);
            sqlite3_free(sql);
        }
    }
}

/* 100 % of an industry of six is every member's answer: a bound, the
 * choice shares not shown; the one exact industry beside it would give
 * it by subtraction from all members, so it is hidden too. */
static void test_small_group_rates_are_bounds(void **state)
{
    char err[512];
    sqlite3 *db = sd_scratch_db();
    sd_insert_answered(db, 'E', 1, 20, 2);  /* 20 members, none done */
    sd_insert_answered(db, 'D', 21, 6, 0);  /* 6 members, all done */
    sd_published p;
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_PUBLISHED, &p, err, sizeof err), SD_OK);
    const sd_pub_question *d = p.q_industry['D' - 'A'], *e = p.q_industry['E' - 'A'];
    char buf[32];
    assert_false(d[10].suppressed);
    assert_true(d[10].shares_hidden);
    assert_int_equal(d[10].rate_bound.kind, SD_SHARE_AT_LEAST);
    assert_string_equal(sd_share_bound_text(d[10].rate_bound, buf, sizeof buf), "8割以上");
    assert_true(d[10].rate == 0.8 && d[10].share[0] == 0);
    /* all members 26: exact; E exact would be all minus D */
    assert_int_equal(p.q_all[10].rate_bound.kind, SD_SHARE_EXACT);
    assert_false(p.q_all[10].shares_hidden);
    assert_true(e[10].suppressed);
    sd_published_free(&p);
    /* the unsuppressed view: exact */
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_UNSUPPRESSED, &p, err, sizeof err), SD_OK);
    assert_int_equal(p.q_industry['D' - 'A'][10].rate_bound.kind, SD_SHARE_EXACT);
    assert_true(p.q_industry['D' - 'A'][10].rate == 1.0);
    sd_published_free(&p);
    sqlite3_close(db);
}

/* A reader that cannot record (stats on a read-only database) shows only
 * the figures the ledger holds as shown over the very same members. */
static void test_recorded_view_shows_only_what_was_published(void **state)
{
    char err[512];
    sqlite3 *db = sd_scratch_db();
    int totals[] = {40, 60, 80, 90, 100};
    sd_insert(db, "2026-10", 1, 12, totals, 5);
    sd_published p;
    /* nothing published yet: everything hidden, and it says so */
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_RECORDED, &p, err, sizeof err), SD_OK);
    assert_true(p.unrecorded);
    assert_true(p.all.suppressed);
    assert_int_equal(p.all.n, 0);
    /* and records nothing */
    assert_int_equal(sd_published_record(db, &p, "stats", err, sizeof err), SD_OK);
    sd_published_free(&p);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM publication", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    /* published by a writer: the recorded view shows the same figures */
    sd_published w;
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_PUBLISHED, &w, err, sizeof err), SD_OK);
    assert_int_equal(sd_published_record(db, &w, "summary.pdf", err, sizeof err), SD_OK);
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_RECORDED, &p, err, sizeof err), SD_OK);
    assert_false(p.unrecorded);
    assert_false(p.all.suppressed);
    assert_int_equal(p.all.n, w.all.n);
    assert_true(p.all.mean == w.all.mean && p.all.median == w.all.median);
    const sd_pub_group *ei = sd_pub_find(sd_published_table(&p, SD_BY_INDUSTRY), "E");
    assert_non_null(ei);
    assert_false(ei->suppressed);
    sd_published_free(&p);
    sd_published_free(&w);
    /* one more answer: these members were never published, so hidden again */
    int late[] = {28};
    sd_insert(db, "2026-10", 13, 1, late, 1);
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_RECORDED, &p, err, sizeof err), SD_OK);
    assert_true(p.all.suppressed);
    assert_int_equal(p.all.n, 0);
    sd_published_free(&p);
    sqlite3_close(db);
}

static void test_small_groups_publish_no_order_statistics_or_tiny_shares(void **state)
{
    char err[512];
    sqlite3 *db = sd_scratch_db();
    int totals[] = {20, 45, 60, 75, 100};
    sd_insert(db, "2026-10", 1, 5, totals, 5);
    sd_published p;
    assert_int_equal(sd_published_load(db, fx.t, "2026-10", SD_VIEW_PUBLISHED, &p, err, sizeof err), SD_OK);
    /* five members: median, quartiles, mean and SD would give all five */
    assert_false(p.all.suppressed);
    assert_true(p.all.order_hidden);
    assert_true(p.all.median == 0 && p.all.q1 == 0 && p.all.q3 == 0 && p.all.sd == 0);
    /* three known declarations: no SECURITY ACTION share */
    assert_int_equal(p.all.sa_known, 0);
    assert_true(p.all.sa_share[1] == 0);
    /* bands: counts only, never a mean */
    const sd_pub_table *bands = sd_published_table(&p, SD_BY_BAND);
    int counted = 0;
    for (size_t i = 0; i < bands->n; i++) {
        assert_true(bands->groups[i].suppressed);
        assert_true(bands->groups[i].mean == 0);
        counted += bands->groups[i].n;
    }
    assert_int_equal(counted, 5);
    sd_published_free(&p);
    /* ten members: order statistics published */
    sd_insert(db, "2026-11", 1, 10, totals, 5);
    assert_int_equal(sd_published_load(db, fx.t, "2026-11", SD_VIEW_PUBLISHED, &p, err, sizeof err), SD_OK);
    assert_false(p.all.order_hidden);
    assert_true(p.all.median > 0);
    sd_published_free(&p);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_member_set_is_order_free_and_exact),
        cmocka_unit_test_setup_teardown(test_ledger_states, sd_scratch_setup, sd_scratch_teardown),
        cmocka_unit_test_setup_teardown(test_late_answer_withholds_the_period, sd_scratch_setup,
                                        sd_scratch_teardown),
        cmocka_unit_test_setup_teardown(test_small_group_rates_are_bounds, sd_scratch_setup, sd_scratch_teardown),
        cmocka_unit_test_setup_teardown(test_recorded_view_shows_only_what_was_published, sd_scratch_setup,
                                        sd_scratch_teardown),
        cmocka_unit_test_setup_teardown(test_small_groups_publish_no_order_statistics_or_tiny_shares,
                                        sd_scratch_setup, sd_scratch_teardown),
    };
    return cmocka_run_group_tests(tests, sd_scratch_group_setup, sd_scratch_group_teardown);
}
