/* test_values.c - cell parsers: answers, industries, places, sizes, dates */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "ingest/values.h"

static void test_answers_words_symbols_points(void **state)
{
    const sd_templates *t = *state;
    struct {
        const char *text;
        int choice;
    } ok[] = {{"実施している", SD_CHOICE_DONE}, {"○", SD_CHOICE_DONE},   {"◎", SD_CHOICE_DONE},
              {"4", SD_CHOICE_DONE},           {"４", SD_CHOICE_DONE},   {" 実施 ", SD_CHOICE_DONE},
              {"一部実施している", SD_CHOICE_PARTIAL}, {"△", SD_CHOICE_PARTIAL}, {"２", SD_CHOICE_PARTIAL},
              {"実施していない", SD_CHOICE_NONE}, {"×", SD_CHOICE_NONE}, {"0", SD_CHOICE_NONE},
              {"わからない", SD_CHOICE_UNKNOWN}, {"？", SD_CHOICE_UNKNOWN}, {"?", SD_CHOICE_UNKNOWN},
              {"-1", SD_CHOICE_UNKNOWN},       {"－１", SD_CHOICE_UNKNOWN}, {"−1", SD_CHOICE_UNKNOWN}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int c = -9;
        assert_true(sd_parse_answer(t, ok[i].text, &c));
        assert_int_equal(c, ok[i].choice);
    }
    const char *bad[] = {"", "  ", "5", "まる", "3", "1", "実施したい", "4点くらい"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int c;
        assert_false(sd_parse_answer(t, bad[i], &c));
    }
}

static void test_industry_letters_names_short_names(void **state)
{
    const sd_templates *t = *state;
    struct {
        const char *text;
        char letter;
    } ok[] = {{"E", 'E'}, {"e", 'E'}, {"Ｅ", 'E'}, {"製造業", 'E'}, {"製造", 'E'}, {"IT", 'G'},
              {"ＩＴ", 'G'}, {"小売", 'I'}, {"卸売業，小売業", 'I'}, {"卸売業、小売業", 'I'},
              {"E 製造業", 'E'}, {"D:建設業", 'D'}, {"医療，福祉", 'P'}, {"分類不能の産業", 'T'}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char l = 0;
        assert_true(sd_parse_industry(t, ok[i].text, &l));
        assert_int_equal(l, ok[i].letter);
    }
    char l;
    assert_false(sd_parse_industry(t, "宇宙開発", &l));
    assert_false(sd_parse_industry(t, "", &l));
    assert_false(sd_parse_industry(t, "Z", &l));
}

static void test_prefectures_full_and_short(void **state)
{
    const sd_templates *t = *state;
    int code;
    const char *rest;
    assert_true(sd_parse_prefecture(t, "茨城県水戸市笠原町", &code, &rest));
    assert_int_equal(code, 8);
    assert_string_equal(rest, "水戸市笠原町");
    assert_true(sd_parse_prefecture(t, "茨城", &code, &rest));
    assert_int_equal(code, 8);
    assert_true(sd_parse_prefecture(t, "京都府京都市", &code, &rest));
    assert_int_equal(code, 26);
    assert_string_equal(rest, "京都市");
    assert_true(sd_parse_prefecture(t, "東京都千代田区", &code, &rest));
    assert_int_equal(code, 13);
    assert_true(sd_parse_prefecture(t, "北海道札幌市", &code, &rest));
    assert_int_equal(code, 1);
    assert_false(sd_parse_prefecture(t, "水戸市", &code, &rest));
}

static void test_municipality_from_address(void **state)
{
    struct {
        const char *in, *out;
    } cases[] = {{"水戸市笠原町978", "水戸市"},     {"那珂郡東海村村松", "東海村"},
                 {"千代田区丸の内1", "千代田区"}, {"横浜市中区", "横浜市"},
                 {"四日市市諏訪町", "四日市市"},   {"市川市八幡", "市川市"},
                 {"大町市大町", "大町市"},         {"千代田区市谷", "千代田区"},
                 {"町田市森野", "町田市"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *m = sd_parse_municipality(cases[i].in);
        assert_non_null(m);
        assert_string_equal(m, cases[i].out);
        free(m);
    }
    assert_null(sd_parse_municipality("1-2-3"));
}

static void test_employees_counts_and_bands(void **state)
{
    const sd_templates *t = *state;
    int e, b;
    assert_true(sd_parse_employees(t, "25", &e, &b));
    assert_int_equal(e, 25);
    assert_int_equal(b, 3);
    assert_true(sd_parse_employees(t, "２５人", &e, &b));
    assert_int_equal(e, 25);
    assert_true(sd_parse_employees(t, "1,200名", &e, &b));
    assert_int_equal(e, 1200);
    assert_int_equal(b, 6);
    assert_true(sd_parse_employees(t, "5", &e, &b));
    assert_int_equal(b, 1);
    assert_true(sd_parse_employees(t, "6", &e, &b));
    assert_int_equal(b, 2);
    assert_true(sd_parse_employees(t, "6〜20人", &e, &b));
    assert_int_equal(e, -1);
    assert_int_equal(b, 2);
    assert_false(sd_parse_employees(t, "たくさん", &e, &b));
    assert_false(sd_parse_employees(t, "0", &e, &b));
    assert_false(sd_parse_employees(t, "-3", &e, &b));
    assert_false(sd_parse_employees(t, "12人くらい", &e, &b));
}

static void test_dates_and_periods(void **state)
{
    char d[11], p[8];
    assert_true(sd_parse_date("2026/10/5", d));
    assert_string_equal(d, "2026-10-05");
    assert_true(sd_parse_date("2026-10-15 09:30:00", d));
    assert_string_equal(d, "2026-10-15");
    assert_true(sd_parse_date("２０２６年１０月１日", d));
    assert_string_equal(d, "2026-10-01");
    assert_true(sd_parse_date("2028/02/29", d));
    assert_false(sd_parse_date("2026/02/29", d));
    assert_false(sd_parse_date("2026/13/40", d));
    assert_false(sd_parse_date("昨日", d));
    assert_true(sd_parse_period("2026-10", p));
    assert_string_equal(p, "2026-10");
    assert_true(sd_parse_period("202610", p));
    assert_true(sd_parse_period("2026年9月", p));
    assert_string_equal(p, "2026-09");
    assert_false(sd_parse_period("2026-13", p));
    assert_false(sd_parse_period("2026-10-01", p));
    assert_true(sd_period_from_name("2026-09_会員回答.csv", p));
    assert_string_equal(p, "2026-09");
    assert_true(sd_period_from_name("回答_202611.csv", p));
    assert_string_equal(p, "2026-11");
    assert_true(sd_period_from_name("令和8年 2026年10月分.csv", p));
    assert_string_equal(p, "2026-10");
    assert_false(sd_period_from_name("answers.csv", p));
    assert_false(sd_period_from_name("no1234567.csv", p));
}

static void test_member_numbers_are_safe_file_names(void **state)
{
    char *m = sd_parse_member_no(" Ｍ００１２ ");
    assert_string_equal(m, "M0012");
    free(m);
    assert_null(sd_parse_member_no("../etc/passwd"));
    assert_null(sd_parse_member_no("a/b"));
    assert_null(sd_parse_member_no("=1+1"));
    assert_null(sd_parse_member_no("-rf"));
    assert_null(sd_parse_member_no(""));
    assert_null(sd_parse_member_no("123456789012345678901234567890123"));
}

static void test_security_action_levels(void **state)
{
    const sd_templates *t = *state;
    int l = -1;
    assert_true(sd_parse_sa_level(t, "★★", &l));
    assert_int_equal(l, 2);
    assert_true(sd_parse_sa_level(t, "一つ星", &l));
    assert_int_equal(l, 1);
    assert_true(sd_parse_sa_level(t, "", &l));
    assert_int_equal(l, 0);
    assert_true(sd_parse_sa_level(t, "未宣言", &l));
    assert_int_equal(l, 0);
    assert_false(sd_parse_sa_level(t, "認定済み", &l));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_words_symbols_points),
        cmocka_unit_test(test_industry_letters_names_short_names),
        cmocka_unit_test(test_prefectures_full_and_short),
        cmocka_unit_test(test_municipality_from_address),
        cmocka_unit_test(test_employees_counts_and_bands),
        cmocka_unit_test(test_dates_and_periods),
        cmocka_unit_test(test_member_numbers_are_safe_file_names),
        cmocka_unit_test(test_security_action_levels),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
