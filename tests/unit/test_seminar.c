/* test_seminar.c - a seminar's sign-up list: the company-name key, rows
 * matched by number and by name (variants, unknown, ambiguous, a number
 * and a name that disagree), duplicates counted once, the list read from
 * CSV (UTF-8 and CP932) and xlsx; the effect's privacy rule; and the
 * seminars' effects as the workbook receives them */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "scratch.h"
#include "core/util.h"
#include "ingest/attendees.h"
#include "stats/effect.h"
#include "store/db.h"

/* ---- the key ---- */

static void expect_key(const char *name, const char *key)
{
    char *k = sd_company_key(name);
    assert_non_null(k);
    if (strcmp(k, key) != 0)
        fail_msg("key of [%s] is [%s], expected [%s]", name, k, key);
    free(k);
}

static void test_company_forms_are_ignored(void **state)
{
    const char *same[] = {"株式会社水戸製作所", "㈱水戸製作所",       "（株）水戸製作所",
                          "(株) 水戸製作所",    "水戸製作所株式会社", "水戸製作所㈱",
                          "水戸 製作所",        "水戸　製作所（株）", "㍿水戸製作所",
                          "有限会社水戸製作所", "㈲水戸製作所",       "(有)水戸製作所",
                          "水戸製作所（有）",   "合同会社水戸製作所"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        expect_key(same[i], "水戸製作所");
    /* width and case */
    expect_key("ＡＢＣサービス株式会社", "abcサービス");
    expect_key("abc サービス(株)", "abcサービス");
    /* what is left is compared whole: no part of a name is dropped */
    expect_key("水戸製作所 水戸支店", "水戸製作所水戸支店");
    expect_key("株式会社", "");
    /* the bracket must close: 名古屋 is a name, not 合名会社's (名) */
    expect_key("(名古屋)商店", "(名古屋)商店");
}

/* ---- matching ---- */

static sd_member_dir make_dir(void)
{
    sd_member_dir d = {0};
    sd_member_dir_add(&d, 1, "M00001", "株式会社水戸製作所");
    sd_member_dir_add(&d, 2, "M00002", "㈲常陸商店");
    sd_member_dir_add(&d, 3, "M00003", "さくら商事株式会社");
    sd_member_dir_add(&d, 4, "M00004", "(有)さくら商事");
    /* a member that answered under two names: both are its */
    sd_member_dir_add(&d, 5, "M00005", "株式会社ひまわりネット");
    sd_member_dir_add(&d, 5, "M00005", "ひまわりシステム㈱");
    sd_member_dir_add(&d, 6, "K-12", "筑波工務店");
    sd_member_dir_finish(&d);
    return d;
}

static sd_match_kind match(const sd_member_dir *d, const char *no, const char *name, long long *id,
                           char *reason)
{
    sd_match m;
    sd_attendee_match(d, no, name, &m);
    *id = m.member ? m.member->id : 0;
    if (reason)
        snprintf(reason, 512, "%s", m.reason);
    sd_match_kind k = m.kind;
    sd_match_clear(&m);
    return k;
}

static void test_match_by_number(void **state)
{
    sd_member_dir d = make_dir();
    long long id;
    char why[512];
    assert_int_equal(match(&d, "M00002", NULL, &id, why), SD_MATCH_NUMBER);
    assert_int_equal(id, 2);
    assert_string_equal(why, "");
    /* case and width do not matter; the number wins over an empty name */
    assert_int_equal(match(&d, "m00002", "", &id, NULL), SD_MATCH_NUMBER);
    assert_int_equal(id, 2);
    assert_int_equal(match(&d, "Ｍ００００２", NULL, &id, NULL), SD_MATCH_NUMBER);
    assert_int_equal(id, 2);
    assert_int_equal(match(&d, " k-12 ", NULL, &id, NULL), SD_MATCH_NUMBER);
    assert_int_equal(id, 6);
    /* the number decides; a name that is another's gets a note */
    assert_int_equal(match(&d, "M00002", "水戸製作所", &id, why), SD_MATCH_NUMBER);
    assert_int_equal(id, 2);
    assert_non_null(strstr(why, "登録の"));
    /* its own name under another form: no note */
    assert_int_equal(match(&d, "M00002", "常陸商店株式会社", &id, why), SD_MATCH_NUMBER);
    assert_string_equal(why, "");
    sd_member_dir_free(&d);
}

static void test_match_by_name_variants(void **state)
{
    sd_member_dir d = make_dir();
    long long id;
    const char *variants[] = {"水戸製作所", "（株）水戸製作所", "水戸製作所㈱", "㈱ 水戸 製作所",
                              "水戸製作所 株式会社"};
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        assert_int_equal(match(&d, NULL, variants[i], &id, NULL), SD_MATCH_NAME);
        assert_int_equal(id, 1);
    }
    assert_int_equal(match(&d, "", "常陸商店", &id, NULL), SD_MATCH_NAME);
    assert_int_equal(id, 2);
    /* both names of a renamed member */
    assert_int_equal(match(&d, NULL, "ひまわりネット", &id, NULL), SD_MATCH_NAME);
    assert_int_equal(id, 5);
    assert_int_equal(match(&d, NULL, "ひまわりシステム", &id, NULL), SD_MATCH_NAME);
    assert_int_equal(id, 5);
    sd_member_dir_free(&d);
}

static void test_unknown_and_ambiguous_names_are_never_guessed(void **state)
{
    sd_member_dir d = make_dir();
    long long id;
    char why[512];
    /* two members share the key: neither is taken, both are named */
    assert_int_equal(match(&d, NULL, "さくら商事", &id, why), SD_MATCH_NONE);
    assert_int_equal(id, 0);
    assert_non_null(strstr(why, "M00003"));
    assert_non_null(strstr(why, "M00004"));
    assert_non_null(strstr(why, "2 社"));
    /* nobody: not a near name either */
    assert_int_equal(match(&d, NULL, "水戸製作", &id, why), SD_MATCH_NONE);
    assert_non_null(strstr(why, "見つかりません"));
    assert_int_equal(match(&d, NULL, "水戸製作所水戸支店", &id, NULL), SD_MATCH_NONE);
    /* a company form only, an empty line, a control character */
    assert_int_equal(match(&d, NULL, "株式会社", &id, why), SD_MATCH_NONE);
    assert_int_equal(match(&d, "", "", &id, why), SD_MATCH_NONE);
    assert_int_equal(match(&d, NULL, "水戸\x1b製作所", &id, why), SD_MATCH_NONE);
    assert_non_null(strstr(why, "制御文字"));
    sd_member_dir_free(&d);
}

/* A name written exactly as one member answered (width and spaces aside)
 * is that member, even when another's name matches only without the
 * company-form words; the other is named in a note to check. */
static void test_exact_name_wins_over_a_normalised_one(void **state)
{
    sd_member_dir d = make_dir();
    long long id;
    char why[512];
    assert_int_equal(match(&d, NULL, "さくら商事株式会社", &id, why), SD_MATCH_NAME);
    assert_int_equal(id, 3);
    assert_non_null(strstr(why, "M00004"));
    assert_int_equal(match(&d, "", "㈲さくら商事", &id, why), SD_MATCH_NAME);
    assert_int_equal(id, 4);
    assert_non_null(strstr(why, "M00003"));
    assert_int_equal(match(&d, NULL, " さくら商事 株式会社 ", &id, NULL), SD_MATCH_NAME);
    assert_int_equal(id, 3);
    /* neither exact: still never a guess */
    assert_int_equal(match(&d, NULL, "株式会社さくら商事", &id, why), SD_MATCH_NONE);
    assert_non_null(strstr(why, "2 社"));
    sd_member_dir_free(&d);

    /* two members answered under the very same name: exact is no help */
    d = (sd_member_dir){0};
    sd_member_dir_add(&d, 1, "A1", "青葉商店");
    sd_member_dir_add(&d, 2, "A2", "青葉商店");
    sd_member_dir_add(&d, 3, "A3", "株式会社青葉商店");
    sd_member_dir_finish(&d);
    assert_int_equal(match(&d, NULL, "青葉商店", &id, why), SD_MATCH_NONE);
    assert_non_null(strstr(why, "3 社"));
    /* an earlier name of a renamed member counts as its own */
    sd_member_dir_add(&d, 4, "A4", "あおば電機");
    sd_member_dir_add(&d, 4, "A4", "株式会社あおば");
    sd_member_dir_add(&d, 5, "A5", "あおば(株)");
    sd_member_dir_finish(&d);
    assert_int_equal(match(&d, NULL, "株式会社あおば", &id, NULL), SD_MATCH_NAME);
    assert_int_equal(id, 4);
    sd_member_dir_free(&d);
}

static void test_numbers_not_known(void **state)
{
    sd_member_dir d = make_dir();
    long long id;
    char why[512];
    sd_match m;
    /* a number shindan has no answer for, with a name that is nobody's:
     * a member who has not answered yet */
    sd_attendee_match(&d, "m00099", "新規商店", &m);
    assert_int_equal(m.kind, SD_MATCH_NEW);
    assert_string_equal(m.member_no, "M00099");
    sd_match_clear(&m);
    /* an unknown number with another member's name: which is right? */
    assert_int_equal(match(&d, "M00098", "㈱水戸製作所", &id, why), SD_MATCH_NONE);
    assert_non_null(strstr(why, "M00001"));
    /* a number that cannot be one */
    assert_int_equal(match(&d, "M 00-1?", "水戸製作所", &id, why), SD_MATCH_NONE);
    assert_non_null(strstr(why, "読めません"));
    assert_int_equal(match(&d, "-M1", NULL, &id, NULL), SD_MATCH_NONE);
    sd_member_dir_free(&d);
}

static void push(sd_signup_list *l, size_t row, const char *no, const char *name)
{
    l->rows = sd_xrealloc(l->rows, (l->n + 1) * sizeof *l->rows);
    l->rows[l->n++] = (sd_list_row){row, sd_xstrdup(no), sd_xstrdup(name)};
}

static void test_duplicates_counted_once(void **state)
{
    sd_member_dir d = make_dir();
    sd_signup_list l = {0};
    push(&l, 2, "M00001", "");
    push(&l, 3, "", "（株）水戸製作所"); /* M00001 again, by name */
    push(&l, 4, "M00002", "常陸商店");
    push(&l, 5, "M00099", "新規商店");
    push(&l, 6, "m00099", ""); /* the new number again */
    push(&l, 7, "", "どこか商店");
    push(&l, 8, "", "どこか 商店"); /* the same unknown name again */
    push(&l, 9, "", "さくら商事");
    push(&l, 10, "", ""); /* nothing to go by: never a duplicate */
    push(&l, 11, "", "");
    sd_attendee_list al;
    sd_attendees_match_list(&d, &l, &al);
    assert_int_equal(al.n, 10);
    assert_int_equal(al.items[0].dup_of, 0);
    assert_int_equal(al.items[1].dup_of, 2);
    assert_int_equal(al.items[4].dup_of, 5);
    assert_int_equal(al.items[6].dup_of, 7);
    assert_int_equal(al.items[8].dup_of, 0);
    assert_int_equal(al.items[9].dup_of, 0);
    assert_int_equal(al.by_number, 2);
    assert_int_equal(al.by_name, 0);
    assert_int_equal(al.new_members, 1);
    assert_int_equal(al.unmatched, 4); /* どこか商店, さくら商事, two empty lines */
    assert_int_equal(al.duplicates, 3);
    sd_attendee_list_free(&al);
    sd_signup_free(&l);
    sd_member_dir_free(&d);
}

/* ---- the list read from files ---- */

static void test_list_csv_utf8_with_title_rows(void **state)
{
    const char *path = sd_scratch_write_str(
        "list.csv", "\xEF\xBB\xBF情報セキュリティセミナー 申込者一覧\r\n\r\nNo.,会社名,氏名,会員番号\r\n"
                    "1,㈱水戸製作所,山田,\r\n2,,佐藤,M00002\r\n,,,\r\n3,\"常陸, 商店\",鈴木,\r\n");
    sd_signup_list l;
    char err[512] = "";
    assert_int_equal(sd_signup_read(fx.t, path, &l, err, sizeof err), SD_OK);
    assert_int_equal(l.n, 3);
    /* the running No. is never the member number */
    assert_string_equal(l.rows[0].number, "");
    assert_string_equal(l.rows[0].name, "㈱水戸製作所"); /* as written */
    assert_int_equal(l.rows[0].row, 4);
    assert_string_equal(l.rows[1].number, "M00002");
    assert_string_equal(l.rows[2].name, "常陸, 商店");
    assert_non_null(strstr(l.columns, "D列「会員番号」"));
    assert_non_null(strstr(l.columns, "B列「会社名」"));
    sd_signup_free(&l);
}

static char *to_cp932(const char *utf8)
{
    iconv_t cd = iconv_open("CP932", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in = strlen(utf8), cap = in * 2 + 1, out = cap;
    char *buf = sd_xcalloc(cap, 1), *src = (char *)utf8, *dst = buf;
    assert_true(iconv(cd, &src, &in, &dst, &out) != (size_t)-1);
    iconv_close(cd);
    return buf;
}

static void test_list_csv_cp932(void **state)
{
    char *bytes = to_cp932("事業所名,参加者\r\n㈲常陸商店,髙橋\r\n");
    const char *path = sd_scratch_write("cp.csv", bytes, strlen(bytes));
    free(bytes);
    sd_signup_list l;
    char err[512] = "";
    assert_int_equal(sd_signup_read(fx.t, path, &l, err, sizeof err), SD_OK);
    assert_string_equal(l.format, "CSV (CP932)");
    assert_int_equal(l.n, 1);
    assert_string_equal(l.rows[0].name, "㈲常陸商店");
    sd_member_dir d = make_dir();
    sd_attendee_list al;
    sd_attendees_match_list(&d, &l, &al);
    assert_int_equal(al.items[0].m.kind, SD_MATCH_NAME);
    assert_int_equal(al.items[0].m.member->id, 2);
    sd_attendee_list_free(&al);
    sd_member_dir_free(&d);
    sd_signup_free(&l);
}

static void test_list_xlsx(void **state)
{
    const char *path = sd_scratch_path("list.xlsx");
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "申込");
    lxw_format *zeros = workbook_add_format(wb);
    format_set_num_format(zeros, "00000");
    worksheet_write_string(ws, 0, 0, "会員No", NULL);
    worksheet_write_string(ws, 0, 1, "貴社名", NULL);
    worksheet_write_number(ws, 1, 0, 5201, zeros); /* shown as 05201 */
    worksheet_write_string(ws, 1, 1, "水戸製作所", NULL);
    worksheet_write_string(ws, 2, 1, "さくら商事", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    sd_signup_list l;
    char err[512] = "";
    assert_int_equal(sd_signup_read(fx.t, path, &l, err, sizeof err), SD_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.rows[0].number, "05201");
    assert_string_equal(l.rows[1].number, "");
    assert_string_equal(l.rows[1].name, "さくら商事");
    sd_signup_free(&l);
}

static void test_list_refused(void **state)
{
    sd_signup_list l;
    char err[512] = "";
    /* no column to go by: the first row is named */
    const char *path = sd_scratch_write_str("none.csv", "No.,氏名,役職\r\n1,山田,社長\r\n");
    assert_int_equal(sd_signup_read(fx.t, path, &l, err, sizeof err), SD_ERR_NO_HEADER);
    assert_non_null(strstr(err, "「氏名」"));
    /* two columns claiming the name equally */
    path = sd_scratch_write_str("two.csv", "会社名,事業所名\r\nA,B\r\n");
    assert_int_equal(sd_signup_read(fx.t, path, &l, err, sizeof err), SD_ERR_NO_HEADER);
    assert_non_null(strstr(err, "どちらも"));
    assert_int_equal(sd_signup_read(fx.t, sd_scratch_path("missing.csv"), &l, err, sizeof err), SD_ERR_IO);
}

/* ---- the effect's privacy rule ---- */

static sd_change_pair pair(long long id, bool attended, int before, int after, bool ready_before,
                           bool ready_after)
{
    sd_change_pair p = {.company_id = id,
                        .attended = attended,
                        .before_id = id * 10,
                        .after_id = id * 10 + 1,
                        .before_total = before,
                        .after_total = after,
                        .before_basics = ready_before,
                        .after_basics = ready_after};
    p.before_parts[0] = before / 2;
    p.after_parts[0] = after / 2;
    return p;
}

static void test_effect_figures(void **state)
{
    sd_change_pair p[] = {pair(1, true, 50, 62, false, true), pair(2, true, 70, 70, true, true),
                          pair(3, true, 40, 30, false, false), pair(4, false, 60, 64, false, false)};
    sd_effect_group g;
    sd_effect_group_from(p, 4, true, 3, &g);
    assert_int_equal(g.n, 3);
    assert_true(g.mean_change > 0.66 && g.mean_change < 0.67); /* (12 + 0 - 10) / 3 */
    assert_true(g.improved_share > 0.33 && g.improved_share < 0.34);
    assert_true(g.ready_before > 0.33 && g.ready_before < 0.34);
    assert_true(g.ready_after > 0.66 && g.ready_after < 0.67);
    assert_true(g.reached_share > 0.33 && g.reached_share < 0.34);
    sd_effect_group_from(p, 4, false, 3, &g);
    assert_int_equal(g.n, 1);
    assert_true(g.mean_change == 4.0);
}

static void test_effect_small_group_hides_both(void **state)
{
    sd_effect e = {0};
    e.attended.n = 4;
    e.attended.mean_change = 7;
    e.others.n = 120;
    e.others.mean_change = 1;
    sd_effect_suppress(&e, 5, 0, 0);
    assert_int_equal(e.rule, SD_EFFECT_SMALL);
    assert_true(e.attended.suppressed && e.others.suppressed);
    assert_int_equal(e.attended.n, 0);
    assert_int_equal(e.others.n, 0); /* the whole minus it would give the four */
    assert_true(e.others.mean_change == 0);
    sd_effect f = {0};
    f.attended.n = 5;
    f.others.n = 5;
    sd_effect_suppress(&f, 5, 0, 0);
    assert_int_equal(f.rule, SD_EFFECT_SHOWN);
    assert_false(f.attended.suppressed);
    assert_int_equal(f.attended.n, 5);
}

static void test_effect_another_seminar_close_by(void **state)
{
    sd_change_pair a[8], b[8];
    for (int i = 0; i < 8; i++) {
        a[i] = pair(i + 1, i < 6, 50, 60, false, false);
        b[i] = pair(i + 1, i < 7, 50, 60, false, false); /* one more attendee */
    }
    assert_int_equal(sd_effect_difference(a, 8, b, 8, true), 1);
    assert_int_equal(sd_effect_difference(a, 8, b, 8, false), 1);
    assert_int_equal(sd_effect_difference(a, 8, a, 8, true), 0);
    /* the same members with other answers compared are other pairs */
    b[0].after_id = 999;
    assert_int_equal(sd_effect_difference(a, 8, b, 8, true), 3);
    sd_effect e = {0};
    e.attended.n = 20;
    e.others.n = 30;
    sd_effect_suppress(&e, 5, 1, 7);
    assert_int_equal(e.rule, SD_EFFECT_NEAR_OTHER);
    assert_int_equal(e.near_seminar, 7);
    assert_true(e.attended.suppressed && e.others.suppressed);
    sd_effect f = {0};
    f.attended.n = 20;
    f.others.n = 30;
    sd_effect_suppress(&f, 5, 5, 7); /* k apart: both may be shown */
    assert_int_equal(f.rule, SD_EFFECT_SHOWN);
}

/* ---- the effects the workbook draws ---- */

/* A seminar nobody has answered after is left out of what the workbook
 * receives (no sheet at all), and the data frees cleanly, twice too. */
static void test_effects_leave_out_seminars_not_compared(void **state)
{
    char err[512];
    sqlite3 *db = NULL;
    assert_int_equal(sd_db_open(sd_scratch_path("s.db"), SD_DB_CREATE, &db, err, sizeof err), SD_OK);
    sd_seminar_effects x;
    assert_int_equal(sd_seminar_effects_load(db, fx.t, "2026-10", &x, err, sizeof err), SD_OK);
    assert_int_equal(x.n, 0); /* no seminar at all */
    sd_seminar_effects_free(&x);
    sd_attendee_list none = {0};
    sd_seminar_new s = {"情報セキュリティ入門", "2026-09-30", NULL, "list.csv"};
    long long id = 0;
    assert_int_equal(sd_seminar_store(db, &s, &none, 0, &id, err, sizeof err), SD_OK);
    assert_true(id > 0);
    assert_int_equal(sd_seminar_effects_load(db, fx.t, "2026-10", &x, err, sizeof err), SD_OK);
    assert_int_equal(x.n, 0); /* stored, but no member compared */
    sd_seminar_effects_free(&x);
    sd_seminar_effects_free(&x);
    sd_seminar_effects_free(NULL);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_company_forms_are_ignored),
        cmocka_unit_test(test_match_by_number),
        cmocka_unit_test(test_match_by_name_variants),
        cmocka_unit_test(test_unknown_and_ambiguous_names_are_never_guessed),
        cmocka_unit_test(test_exact_name_wins_over_a_normalised_one),
        cmocka_unit_test(test_numbers_not_known),
        cmocka_unit_test(test_duplicates_counted_once),
        SD_SCRATCH_TEST(test_list_csv_utf8_with_title_rows),
        SD_SCRATCH_TEST(test_list_csv_cp932),
        SD_SCRATCH_TEST(test_list_xlsx),
        SD_SCRATCH_TEST(test_list_refused),
        cmocka_unit_test(test_effect_figures),
        cmocka_unit_test(test_effect_small_group_hides_both),
        cmocka_unit_test(test_effect_another_seminar_close_by),
        SD_SCRATCH_TEST(test_effects_leave_out_seminars_not_compared),
    };
    return cmocka_run_group_tests(tests, sd_scratch_group_setup, sd_scratch_group_teardown);
}
