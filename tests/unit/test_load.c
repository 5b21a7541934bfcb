/* test_load.c - the loader on real files into a fresh on-disk database:
 * rows and totals stored, rejects with file, row and column, the same
 * content twice, resubmissions, strict runs and checks, the period's sources,
 * forms, and the periods left to output */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "core/snapshot.h"
#include "core/util.h"
#include "batch/import.h"
#include "store/db.h"
#include "store/load.h"
#include "store/query.h"

/* ---- files ---- */

/* The header of a table: the details, then Q1..Q25. */
static void add_header(sd_buf *b, const char *details)
{
    sd_buf_adds(b, details);
    for (int q = 1; q <= 25; q++)
        sd_buf_printf(b, ",Q%d", q);
    sd_buf_adds(b, "\r\n");
}

/* One row: the details, then the first `n` answers `first` and the rest
 * `rest`; answer `bad_q` (1-based, 0 for none) is `bad` instead. */
static void add_row(sd_buf *b, const char *details, const char *first, int n, const char *rest, int bad_q,
                    const char *bad)
{
    sd_buf_adds(b, details);
    for (int q = 1; q <= 25; q++)
        sd_buf_printf(b, ",%s", q == bad_q ? bad : q <= n ? first : rest);
    sd_buf_adds(b, "\r\n");
}

#define DETAILS "会員番号,事業所名,業種,都道府県,従業員数,回答日"

/* October's table: four good rows, one row with two bad cells (row 5). */
static const char *write_october(const char *name)
{
    sd_buf b = {0};
    sd_buf_adds(&b, "\xEF\xBB\xBF");
    add_header(&b, DETAILS);
    add_row(&b, "K1,株式会社一,製造,茨城,5,2026-10-05", "○", 25, NULL, 0, NULL);    /* 100 */
    add_row(&b, "K2,㈱二商店,小売,茨城県,12人,2026-10-06", "△", 25, NULL, 0, NULL); /* 50 */
    add_row(&b, "K3,三,IT,東京都,3,2026-10-07", "○", 5, "×", 0, NULL);              /* 20 */
    add_row(&b, "K4,四,宇宙開発,茨城,3,2026-10-07", "○", 25, NULL, 7, "まる");      /* rejected */
    add_row(&b, "K5,五,建設,栃木,8,2026/10/08", "？", 25, NULL, 0, NULL);           /* -25 */
    const char *path = sd_scratch_write(name, b.data, b.len);
    sd_buf_free(&b);
    return path;
}

/* ---- the database ---- */

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    char err[512] = "";
    sd_error rc = sd_db_open(sd_scratch_path("shindan.db"), SD_DB_CREATE, &db, err, sizeof err);
    if (rc != SD_OK)
        fail_msg("db: %d %s", rc, err);
    return db;
}

/* The first column of the first row of sql as text ("" for NULL or no row);
 * owned by a static buffer. */
static const char *q(sqlite3 *db, const char *sql)
{
    static char out[4096];
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* Counts of response/answer/reject/batch, to see that nothing changed. */
static const char *counts(sqlite3 *db)
{
    return q(db, "SELECT (SELECT count(*) FROM response) || '/' || (SELECT count(*) FROM answer) || '/' ||"
                 " (SELECT count(*) FROM reject) || '/' || (SELECT count(*) FROM batch)");
}

/* Imports path with opts (default ones when NULL) into db, or checks it
 * when db is NULL, and expects rc. */
static void import(sqlite3 *db, const char *path, const sd_import_opts *opts, sd_error want,
                   sd_import_result *res)
{
    static const sd_import_opts defaults = {0};
    char err[1024] = "";
    if (!opts)
        opts = &defaults;
    /* no database: checked only, as `shindan check` does */
    sd_error rc = db ? sd_import_file(db, fx.t, path, opts, res, err, sizeof err)
                     : sd_check_file(fx.t, path, opts, res, err, sizeof err);
    if (rc != want)
        fail_msg("import %s: %d, expected %d (%s)", path, rc, want, err);
}

/* ---- tests ---- */

/* A kept statement is prepared once per connection and reused, reset
 * with its bindings cleared after each use; another connection gets its
 * own, and closing finalizes them (valgrind finds no leak). */
static void test_kept_statement_is_prepared_once_per_connection(void **state)
{
    (void)state;
    static const char *const sql = "SELECT ?1";
    char err[512];
    sqlite3 *db = open_db(), *other = open_db();
    sqlite3_stmt *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(sd_db_prepare_kept(db, sql, &a, err, sizeof err), SD_OK);
    sqlite3_bind_int(a, 1, 7);
    assert_int_equal(sqlite3_step(a), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(a, 0), 7);
    sd_db_done(a);
    assert_int_equal(sd_db_prepare_kept(db, sql, &b, err, sizeof err), SD_OK);
    assert_ptr_equal(a, b);
    assert_int_equal(sqlite3_step(b), SQLITE_ROW);
    assert_int_equal(sqlite3_column_type(b, 0), SQLITE_NULL); /* the binding was cleared */
    sd_db_done(b);
    assert_int_equal(sd_db_prepare_kept(other, sql, &c, err, sizeof err), SD_OK);
    assert_ptr_not_equal(a, c);
    sd_db_done(c);
    sd_db_close(other);
    sd_db_close(db);
}

static void test_import_stores_rows_totals_and_rejects(void **state)
{
    const char *p = write_october("2026-10_回答.csv");
    char *path = sd_xstrdup(p);
    sqlite3 *db = open_db();
    sd_import_result res;
    import(db, path, NULL, SD_OK, &res);

    assert_int_equal(res.status, SD_IMPORT_STORED);
    assert_string_equal(res.format, "CSV (UTF-8)");
    assert_string_equal(res.sheet, "");
    assert_false(res.is_form);
    assert_int_equal(res.rows_ok, 4);
    assert_int_equal(res.rows_rejected, 1);
    assert_int_equal(res.rows_replaced, 0);
    assert_int_equal(res.ntouched, 1);
    assert_string_equal(res.touched[0], "2026-10");
    char sha[65];
    assert_int_equal(sd_file_sha256(path, sha), SD_OK);
    assert_string_equal(res.sha256, sha);

    /* both bad cells of row 5 are listed, not only the first */
    assert_int_equal(res.rejects.n, 2);
    assert_int_equal(res.rejects.items[0].row, 5);
    assert_string_equal(res.rejects.items[0].column, "業種");
    assert_string_equal(res.rejects.items[0].value, "宇宙開発");
    assert_non_null(strstr(res.rejects.items[0].reason, "業種が分かりません"));
    assert_int_equal(res.rejects.items[1].row, 5);
    assert_string_equal(res.rejects.items[1].column, "Q7");
    assert_string_equal(res.rejects.items[1].value, "まる");
    sd_import_result_free(&res);

    /* stored: one response per good row with its total and parts */
    assert_string_equal(q(db, "SELECT group_concat(member_no || ':' || total, ' ') FROM (SELECT c.member_no,"
                              " r.total FROM response r JOIN company c ON c.id = r.company_id"
                              " WHERE r.period = '2026-10' ORDER BY 1)"),
                        "K1:100 K2:50 K3:20 K5:-25");
    assert_string_equal(q(db, "SELECT part1 || '/' || part2 || '/' || part3 FROM response r JOIN company c"
                              " ON c.id = r.company_id WHERE member_no = 'K1'"),
                        "20/52/28");
    assert_string_equal(q(db, "SELECT count(*) FROM answer"), "100");
    assert_string_equal(q(db, "SELECT count(*) FROM response r WHERE total <> (SELECT sum(points) FROM answer"
                              " WHERE response_id = r.id) OR total <> part1 + part2 + part3"),
                        "0");
    /* Q1-Q5 all done: ready for SECURITY ACTION ★ */
    assert_string_equal(q(db, "SELECT group_concat(member_no, ' ') FROM (SELECT member_no FROM response r"
                              " JOIN company c ON c.id = r.company_id WHERE basics_done = 1 ORDER BY 1)"),
                        "K1 K3");
    /* the details as answered, normalised */
    assert_string_equal(
        q(db, "SELECT c.name || '|' || r.name || '|' || r.industry || '|' || r.prefecture || '|' ||"
              " r.employees || '|' || answered_on FROM company c JOIN response r"
              " ON r.company_id = c.id WHERE member_no = 'K2'"),
        "(株)二商店|(株)二商店|I|8|12|2026-10-06");
    assert_string_equal(q(db, "SELECT answered_on FROM response r JOIN company c ON c.id = r.company_id"
                              " WHERE member_no = 'K5'"),
                        "2026-10-08");
    assert_string_equal(q(db, "SELECT count(*) FROM company WHERE member_no = 'K4'"), "0");

    /* the batch, and the rejects naming file, row and column */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM batch WHERE source = '%s' AND rows_ok = 4 AND rows_rejected = 1"
             " AND rows_replaced = 0 AND sha256 = '%s' AND format = 'CSV (UTF-8)'",
             path, sha);
    assert_string_equal(q(db, sql), "1");
    assert_string_equal(q(db, "SELECT count(*) FROM batch"), "1");
    snprintf(
        sql, sizeof sql,
        "SELECT group_concat(x, ' ; ') FROM (SELECT (b.source = '%s') || ':' || r.row || ':' || r.column_name"
        " || ':' || r.value || ':' || r.period AS x FROM reject r JOIN batch b ON b.id = r.batch_id"
        " ORDER BY r.id)",
        path);
    assert_string_equal(q(db, sql), "1:5:業種:宇宙開発:2026-10 ; 1:5:Q7:まる:2026-10");

    /* the period's outputs are now behind */
    char **periods = NULL;
    size_t n = 0;
    char err[256];
    assert_int_equal(sd_pending_periods(db, &periods, &n, err, sizeof err), SD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(periods[0], "2026-10");
    assert_null(periods[1]);
    sd_strv_free(periods);
    assert_int_equal(sd_pending_done(db, "2026-10", err, sizeof err), SD_OK);
    assert_int_equal(sd_pending_periods(db, &periods, &n, err, sizeof err), SD_OK);
    assert_int_equal(n, 0);
    sd_strv_free(periods);

    sd_db_close(db);
    free(path);
}

static void test_same_content_again_is_a_duplicate(void **state)
{
    char *path = sd_xstrdup(write_october("2026-10_回答.csv"));
    sqlite3 *db = open_db();
    sd_import_result res;
    import(db, path, NULL, SD_OK, &res);
    sd_import_result_free(&res);
    char before[64];
    snprintf(before, sizeof before, "%s", counts(db));
    assert_string_equal(before, "4/100/2/1");

    import(db, path, NULL, SD_OK, &res);
    assert_int_equal(res.status, SD_IMPORT_DUPLICATE);
    assert_int_equal(res.rows_ok, 0);
    assert_int_equal(res.rows_rejected, 0);
    assert_int_equal(res.rejects.n, 0);
    sd_import_result_free(&res);
    assert_string_equal(counts(db), before);

    /* the same bytes under another name: the content decides */
    char *copy = sd_xstrdup(write_october("コピー.csv"));
    import(db, copy, NULL, SD_OK, &res);
    assert_int_equal(res.status, SD_IMPORT_DUPLICATE);
    sd_import_result_free(&res);
    assert_string_equal(counts(db), before);

    sd_db_close(db);
    free(path);
    free(copy);
}

static void test_resubmission_replaces_the_earlier_answer(void **state)
{
    char *path = sd_xstrdup(write_october("2026-10_回答.csv"));
    sqlite3 *db = open_db();
    sd_import_result res;
    import(db, path, NULL, SD_OK, &res);
    sd_import_result_free(&res);

    /* K2 answers again later in October: counted once, the later wins */
    sd_buf b = {0};
    add_header(&b, DETAILS);
    add_row(&b, "K2,二商店,小売,茨城,12,2026-10-20", "○", 25, NULL, 0, NULL);
    import(db, sd_scratch_write("再提出.csv", b.data, b.len), NULL, SD_OK, &res);
    sd_buf_free(&b);
    assert_int_equal(res.status, SD_IMPORT_STORED);
    assert_int_equal(res.rows_ok, 1);
    assert_int_equal(res.rows_replaced, 1);
    sd_import_result_free(&res);
    assert_string_equal(
        q(db, "SELECT count(*) || ':' || max(total) || ':' || max(answered_on) FROM response r"
              " JOIN company c ON c.id = r.company_id WHERE member_no = 'K2' AND period = '2026-10'"),
        "1:100:2026-10-20");
    assert_string_equal(counts(db), "4/100/2/2"); /* the old answers went with the old response */
    assert_string_equal(q(db, "SELECT rows_replaced FROM batch ORDER BY id DESC LIMIT 1"), "1");

    /* an answer dated before the stored one is a reject, not a replacement */
    b = (sd_buf){0};
    add_header(&b, DETAILS);
    add_row(&b, "K2,二商店,小売,茨城,12,2026-10-10", "×", 25, NULL, 0, NULL);
    import(db, sd_scratch_write("古い回答.csv", b.data, b.len), NULL, SD_OK, &res);
    sd_buf_free(&b);
    assert_int_equal(res.rows_ok, 0);
    assert_int_equal(res.rows_rejected, 1);
    assert_int_equal(res.rows_replaced, 0);
    assert_int_equal(res.rejects.n, 1);
    assert_int_equal(res.rejects.items[0].row, 2);
    assert_string_equal(res.rejects.items[0].column, "回答日");
    assert_string_equal(res.rejects.items[0].value, "2026-10-10");
    assert_non_null(strstr(res.rejects.items[0].reason, "新しい別の回答"));
    sd_import_result_free(&res);
    assert_string_equal(q(db, "SELECT total FROM response r JOIN company c ON c.id = r.company_id"
                              " WHERE member_no = 'K2' AND period = '2026-10'"),
                        "100");

    /* November is another period: both kept, the company follows the newest */
    b = (sd_buf){0};
    add_header(&b, DETAILS);
    add_row(&b, "K2,二商店本店,小売,栃木,12,2026-11-02", "×", 25, NULL, 0, NULL);
    import(db, sd_scratch_write("11月.csv", b.data, b.len), NULL, SD_OK, &res);
    sd_buf_free(&b);
    assert_int_equal(res.rows_replaced, 0);
    sd_import_result_free(&res);
    assert_string_equal(
        q(db, "SELECT group_concat(x, ' ') FROM (SELECT period || ':' || total || ':' || r.name AS x"
              " FROM response r JOIN company c ON c.id = r.company_id WHERE member_no = 'K2'"
              " ORDER BY period)"),
        "2026-10:100:二商店 2026-11:0:二商店本店");
    assert_string_equal(q(db, "SELECT name || '|' || prefecture FROM company WHERE member_no = 'K2'"),
                        "二商店本店|9");
    sd_db_close(db);
    free(path);
}

static void test_strict_stores_nothing_from_a_file_with_a_bad_row(void **state)
{
    char *path = sd_xstrdup(write_october("2026-10_回答.csv"));
    sqlite3 *db = open_db();
    sd_import_result res;
    sd_import_opts strict = {.strict = true};
    import(db, path, &strict, SD_ERR_REJECTED, &res);
    assert_int_equal(res.rows_rejected, 1);
    assert_int_equal(res.rejects.n, 2); /* why, for the message */
    sd_import_result_free(&res);
    assert_string_equal(counts(db), "0/0/0/0");
    assert_string_equal(q(db, "SELECT count(*) FROM company"), "0");
    assert_string_equal(q(db, "SELECT count(*) FROM pending_output"), "0");

    /* nothing was stored, so it is no duplicate: read without --strict */
    import(db, path, NULL, SD_OK, &res);
    assert_int_equal(res.status, SD_IMPORT_STORED);
    assert_int_equal(res.rows_ok, 4);
    sd_import_result_free(&res);
    assert_string_equal(counts(db), "4/100/2/1");
    sd_db_close(db);
    free(path);
}

static void test_check_needs_no_database(void **state)
{
    const char *path = write_october("2026-10_回答.csv");
    sd_import_result res;
    sd_import_opts check = {.forced_period = "2026-10"};
    import(NULL, path, &check, SD_OK, &res);
    assert_int_equal(res.status, SD_IMPORT_CHECKED);
    assert_int_equal(res.rows_ok, 4);
    assert_int_equal(res.rows_rejected, 1);
    assert_int_equal(res.ntouched, 1);
    assert_string_equal(res.touched[0], "2026-10");
    sd_import_result_free(&res);

    /* --period never relabels a dated row: one from another month is refused */
    check.forced_period = "2026-08";
    import(NULL, path, &check, SD_OK, &res);
    assert_int_equal(res.rows_ok, 0);
    assert_int_equal(res.rows_rejected, 5);
    assert_int_equal(res.ntouched, 0);
    assert_int_equal(res.rejects.items[0].row, 2);
    assert_string_equal(res.rejects.items[0].column, "回答日");
    assert_string_equal(res.rejects.items[0].value, "2026-10-05");
    assert_non_null(strstr(res.rejects.items[0].reason, "--period 2026-08"));
    sd_import_result_free(&res);
}

/* Without 回答日 the period comes from the file name; with neither, the
 * row is rejected. */
static void test_period_from_the_file_name(void **state)
{
    sd_buf b = {0};
    add_header(&b, "会員番号,事業所名,業種,所在地,従業員数");
    add_row(&b, "K1,一,製造,茨城県水戸市笠原町,5", "○", 25, NULL, 0, NULL);
    char *named = sd_xstrdup(sd_scratch_write("回答_2026年9月.csv", b.data, b.len));
    sd_buf_adds(&b, "\r\n"); /* other bytes, same rows */
    char *unnamed = sd_xstrdup(sd_scratch_write("回答.csv", b.data, b.len));
    sd_buf_free(&b);

    sqlite3 *db = open_db();
    sd_import_result res;
    import(db, named, NULL, SD_OK, &res);
    assert_int_equal(res.rows_ok, 1);
    sd_import_result_free(&res);
    assert_string_equal(
        q(db, "SELECT period || '|' || ifnull(answered_on, '-') || '|' || municipality FROM response"),
        "2026-09|-|水戸市");

    /* --period names the month of undated rows (checked without storing) */
    sd_import_opts forced = {.forced_period = "2026-08"};
    import(NULL, unnamed, &forced, SD_OK, &res);
    assert_int_equal(res.rows_ok, 1);
    assert_string_equal(res.touched[0], "2026-08");
    sd_import_result_free(&res);

    import(db, unnamed, NULL, SD_OK, &res);
    assert_int_equal(res.rows_ok, 0);
    assert_int_equal(res.rows_rejected, 1);
    assert_int_equal(res.rejects.n, 1);
    assert_string_equal(res.rejects.items[0].column, "回答日");
    assert_non_null(strstr(res.rejects.items[0].reason, "診断月が決まりません"));
    sd_import_result_free(&res);
    sd_db_close(db);
    free(named);
    free(unnamed);
}

/* A file without the required columns stores one file-level reject; read
 * again, it is read again and its reject replaced. */
static void test_file_without_header(void **state)
{
    char *path = sd_xstrdup(sd_scratch_write_str("2026-10_表.csv", "会員番号,名前\nK1,一\n"));
    sqlite3 *db = open_db();
    sd_import_result res;
    for (int round = 0; round < 2; round++) {
        import(db, path, NULL, SD_OK, &res);
        assert_int_equal(res.status, SD_IMPORT_STORED);
        assert_int_equal(res.rows_ok, 0);
        assert_int_equal(res.rows_rejected, 1);
        assert_int_equal(res.rejects.n, 1);
        assert_int_equal(res.rejects.items[0].row, 0);
        assert_string_equal(res.rejects.items[0].column, "見出し行");
        assert_non_null(strstr(res.rejects.items[0].reason, "事業所名"));
        sd_import_result_free(&res);
        assert_string_equal(counts(db), "0/0/1/1");
    }
    sd_db_close(db);
    free(path);
}

/* A per-company form: stored like a table row; its rejects name the cell. */
static void test_form_file(void **state)
{
    static const char head[] = "自己診断シート,,,,\r\n"
                               "会員番号,,F1,,\r\n"
                               "事業所名,,,,有限会社　様式商事\r\n"
                               "業種,製造,,,\r\n"
                               "所在地,茨城県水戸市笠原町1,,,\r\n"
                               "従業員数,,,12人,\r\n"
                               "回答日,2026-10-09,,,\r\n"
                               "設問,内容,,回答,\r\n";
    for (int bad = 0; bad < 2; bad++) {
        sd_buf b = {0};
        sd_buf_adds(&b, head);
        for (int q = 1; q <= 25; q++) /* Q1 on row 9 */
            sd_buf_printf(&b, "%d,項目,,%s,\r\n", q, bad && q == 7 ? "まる" : q == 7 ? "△" : "○");
        char name[32];
        snprintf(name, sizeof name, "form%d.csv", bad);
        const char *path = sd_scratch_write(name, b.data, b.len);
        sd_buf_free(&b);

        sqlite3 *db = open_db();
        sd_import_result res;
        import(db, path, NULL, SD_OK, &res);
        assert_true(res.is_form);
        if (bad) {
            assert_int_equal(res.rows_ok, 0);
            assert_int_equal(res.rejects.n, 1);
            assert_int_equal(res.rejects.items[0].row, 15);
            assert_string_equal(res.rejects.items[0].column, "Q7（D15）");
            assert_string_equal(res.rejects.items[0].value, "まる");
        } else {
            assert_int_equal(res.rows_ok, 1);
            assert_int_equal(res.rejects.n, 0);
            assert_string_equal(q(db, "SELECT member_no || '|' || c.name || '|' || total || '|' || period"
                                      " FROM response r JOIN company c ON c.id = r.company_id"),
                                "F1|有限会社 様式商事|98|2026-10");
        }
        sd_import_result_free(&res);
        sd_db_close(db);
        remove(sd_scratch_path("shindan.db"));
        remove(sd_scratch_path("shindan.db-wal"));
        remove(sd_scratch_path("shindan.db-shm"));
    }
}

/* A rejected row names its member as the row wrote it, so staff know whom
 * to call: a bad answer, a row without a member number, and the warning of
 * a row that was taken; through the store to the rows rejects.csv lists. */
static void test_rejects_name_the_member(void **state)
{
    (void)state;
    sd_buf b = {0};
    sd_buf_adds(&b, "\xEF\xBB\xBF");
    add_header(&b, DETAILS ",SECURITY ACTION");
    add_row(&b, " K7 ,\"\xE3\x80\x80株式会社 七\xE3\x80\x80\",製造,茨城,5,2026-10-05,★", "○", 25, NULL, 3, "まる");
    add_row(&b, ",無番号商店,小売,茨城,5,2026-10-05,★", "○", 25, NULL, 0, NULL);
    add_row(&b, "K8,八,小売,茨城,5,2026-10-05,みつぼし", "○", 25, NULL, 0, NULL); /* taken, warned */
    const char *path = sd_scratch_write("2026-10_名前.csv", b.data, b.len);
    sd_buf_free(&b);
    sqlite3 *db = open_db();
    sd_import_result res;
    import(db, path, NULL, SD_OK, &res);
    assert_int_equal(res.rows_ok, 1);
    assert_int_equal(res.rows_rejected, 2);
    sd_import_result_free(&res);

    assert_string_equal(q(db, "SELECT group_concat(x, ' ; ') FROM (SELECT row || ':' || column_name || ':'"
                              " || member_no || ':' || company_name AS x FROM reject ORDER BY id)"),
                        "2:Q3:K7:株式会社 七 ; 3:会員番号::無番号商店 ; 4:SECURITY ACTION:K8:八");

    sd_reject_rows rows;
    char err[256];
    assert_int_equal(sd_reject_rows_load(db, "2026-10", &rows, err, sizeof err), SD_OK);
    assert_int_equal(rows.n, 3);
    assert_string_equal(rows.rows[0].member_no, "K7");
    assert_string_equal(rows.rows[0].name, "株式会社 七");
    assert_string_equal(rows.rows[1].member_no, "");
    assert_string_equal(rows.rows[1].name, "無番号商店");
    sd_reject_rows_free(&rows);
    sd_db_close(db);
}

/* A database from before the member was named on rejects keeps its rows;
 * they name nobody ("") and new rows can be stored beside them. */
static void test_old_rejects_survive_the_migration(void **state)
{
    (void)state;
    sqlite3 *db = open_db();
    char err[256];
    assert_int_equal(sd_db_exec(db,
                                "INSERT INTO batch(id, source, sha256, imported_at, format) VALUES"
                                " (1, 'old.csv', 'x', '2026-10-01', 'CSV');"
                                "ALTER TABLE reject DROP COLUMN member_no;"
                                "ALTER TABLE reject DROP COLUMN company_name;"
                                "DROP TABLE publication;" /* step 7 comes after */
                                "INSERT INTO reject(batch_id, period, row, column_name, value, reason)"
                                " VALUES (1, '2026-10', 4, '業種', '宇宙', '古い行');",
                                err, sizeof err),
                     SD_OK);
    /* the version before this migration (step 6: the rejects' member) */
    assert_int_equal(sd_db_exec(db, "PRAGMA user_version = 5", err, sizeof err), SD_OK);
    sd_db_close(db);

    db = open_db();
    assert_string_equal(q(db, "SELECT row || ':' || column_name || ':' || value || ':' || reason || ':['"
                              " || member_no || '|' || company_name || ']' FROM reject"),
                        "4:業種:宇宙:古い行:[|]");
    sd_reject_rows rows;
    assert_int_equal(sd_reject_rows_load(db, "2026-10", &rows, err, sizeof err), SD_OK);
    assert_int_equal(rows.n, 1);
    assert_string_equal(rows.rows[0].source, "old.csv");
    assert_string_equal(rows.rows[0].member_no, "");
    assert_string_equal(rows.rows[0].name, "");
    sd_reject_rows_free(&rows);
    sd_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        SD_SCRATCH_TEST(test_kept_statement_is_prepared_once_per_connection),
        SD_SCRATCH_TEST(test_import_stores_rows_totals_and_rejects),
        SD_SCRATCH_TEST(test_same_content_again_is_a_duplicate),
        SD_SCRATCH_TEST(test_resubmission_replaces_the_earlier_answer),
        SD_SCRATCH_TEST(test_strict_stores_nothing_from_a_file_with_a_bad_row),
        SD_SCRATCH_TEST(test_check_needs_no_database),
        SD_SCRATCH_TEST(test_period_from_the_file_name),
        SD_SCRATCH_TEST(test_file_without_header),
        SD_SCRATCH_TEST(test_form_file),
        SD_SCRATCH_TEST(test_rejects_name_the_member),
        SD_SCRATCH_TEST(test_old_rejects_survive_the_migration),
    };
    return cmocka_run_group_tests(tests, sd_scratch_group_setup, sd_scratch_group_teardown);
}
