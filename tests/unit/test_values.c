/* test_values.c - cell parsers: answers, industries, places, sizes, dates */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "ingest/mapping.h"
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
    /* approximate counts as offices type them are the count */
    assert_true(sd_parse_employees(t, "12人くらい", &e, &b));
    assert_int_equal(e, 12);
    assert_true(sd_parse_employees(t, "約20人", &e, &b));
    assert_int_equal(e, 20);
    assert_true(sd_parse_employees(t, "20名（パート含む）", &e, &b));
    assert_int_equal(e, 20);
    /* a range inside one size band is that band; across two, refused */
    assert_true(sd_parse_employees(t, "10～20人", &e, &b));
    assert_int_equal(e, -1);
    assert_int_equal(b, 2);
    assert_true(sd_parse_employees(t, "10ー20", &e, &b));
    assert_int_equal(b, 2);
    assert_false(sd_parse_employees(t, "10〜40人", &e, &b));
    assert_false(sd_parse_employees(t, "12人以上いる", &e, &b));
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

static void test_dates_as_offices_type_them(void **state)
{
    char d[11];
    struct {
        const char *in, *out;
    } ok[] = {{"令和8年10月1日", "2026-10-01"},  {"R8.10.2", "2026-10-02"},        {"令和元年5月1日", "2019-05-01"},
              {"2026/10/01(木)", "2026-10-01"}, {"2026/10/05 2:03:22 午後 GMT+9", "2026-10-05"},
              {"2026-10-31T23:30:00Z", "2026-11-01"}, /* 08:30 on the 1st in Japan */
              {"46296", "2026-10-01"},          {"2026年10月15日", "2026-10-15"}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_true(sd_parse_date(ok[i].in, d));
        assert_string_equal(d, ok[i].out);
    }
    assert_false(sd_parse_date("2026/13/40", d));
    assert_false(sd_parse_date("R8.2.30", d));
    assert_false(sd_parse_date("123", d));
}

static void test_industry_letter_never_inside_a_word(void **state)
{
    const sd_templates *t = *state;
    char c = 0;
    assert_true(sd_parse_industry(t, "E", &c));
    assert_int_equal(c, 'E');
    assert_true(sd_parse_industry(t, "E 製造業", &c));
    assert_true(sd_parse_industry(t, "e(製造業)", &c));
    assert_false(sd_parse_industry(t, "e-コマース", &c));
    assert_false(sd_parse_industry(t, "Ｅコマース", &c));
    assert_false(sd_parse_industry(t, "E 小売業", &c)); /* the letter and the name disagree */
}

static void test_answers_as_forms_word_them(void **state)
{
    const sd_templates *t = *state;
    int c = -1;
    assert_true(sd_parse_answer(t, "実施している。", &c));
    assert_int_equal(c, SD_CHOICE_DONE);
    assert_true(sd_parse_answer(t, "2点", &c));
    assert_int_equal(c, SD_CHOICE_PARTIAL);
    assert_false(sd_parse_answer(t, "ー", &c));
    assert_non_null(sd_answer_refusal("－"));
    assert_false(sd_parse_answer(t, "レ", &c));
    assert_non_null(sd_answer_refusal("✓"));
}

static void test_headers_are_never_guessed(void **state)
{
    const sd_templates *t = *state;
    /* numbered, with the question's own text */
    assert_int_equal(sd_header_question(t, "1. パソコンやスマホなど情報機器のOSやソフトウェアは常に最新の状態にしていますか？"), 1);
    assert_int_equal(sd_header_question(t, "【基本的対策】(3) パスワードは破られにくい「長く」「複雑な」パスワードを設定していますか"), 3);
    assert_int_equal(sd_header_question(t, "⑪バックアップ"), 11);
    /* a Google grid row */
    assert_int_equal(sd_header_question(t, "次の項目について当てはまるものを選んでください [無線LANを暗号化して使う]"), 9);
    /* unnumbered sentence */
    assert_int_equal(sd_header_question(t, "従業員に守秘義務を課していますか"), 19);
    /* a number inside a longer header is no question */
    assert_int_equal(sd_header_question(t, "1つ星"), 0);
    assert_int_equal(sd_header_question(t, "5か条"), 0);
    assert_int_equal(sd_header_question(t, "3月の前回点数"), 0);
    /* a number whose text is another question's: ambiguous, not taken */
    sd_col_match m = sd_header_classify(t, "4. 無線LANを安全に使うために適切な暗号化方式を設定していますか");
    assert_int_equal(m.kind, SD_COL_AMBIGUOUS);
    /* fields asked in sentences; a form tool's own columns */
    assert_int_equal(sd_header_field(t, "貴社名（正式名称）を入力してください"), SD_FIELD_NAME);
    assert_int_equal(sd_header_field(t, "従業員数（パート・アルバイトを含む）"), SD_FIELD_EMPLOYEES);
    assert_int_equal(sd_header_classify(t, "名前").kind, SD_COL_FORM_TOOL);
    assert_int_equal(sd_header_classify(t, "No.").strength, 1); /* weak: never beats 会員番号 */
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
        cmocka_unit_test(test_dates_as_offices_type_them),
        cmocka_unit_test(test_industry_letter_never_inside_a_word),
        cmocka_unit_test(test_answers_as_forms_word_them),
        cmocka_unit_test(test_headers_are_never_guessed),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
