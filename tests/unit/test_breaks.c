/* test_breaks.c - the line breaker (core/linebreak.c): where Japanese
 * and mixed text may, must and must not be broken (the opportunities
 * libunibreak gave with language "ja", which the reports were laid out with) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/linebreak.h"

/* brks of text as digits, one per byte */
static void sd_check(const char *text, const char *want)
{
    size_t n = strlen(text);
    char brks[256], got[257];
    assert_true(n < sizeof brks);
    sd_linebreaks(text, n, brks);
    for (size_t i = 0; i < n; i++)
        got[i] = (char)('0' + brks[i]);
    got[n] = 0;
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s: got %s, want %s\n", text, got, want);
    assert_string_equal(got, want);
}

static void test_kanji_and_kana_break_anywhere(void **state)
{
    (void)state;
    sd_check("パスワード", "331331331331330");
    sd_check("ちょっと", "331331331330"); /* small kana: loose, as before */
}

static void test_no_break_before_closing_punctuation(void **state)
{
    (void)state;
    sd_check("日本語。です", "331331332331331330");
    sd_check("「対策」を", "332331332331330");
    sd_check("（注）", "332332330");
}

static void test_numbers_and_latin_words_stay_whole(void **state)
{
    (void)state;
    sd_check("1,000円", "22221330");
    sd_check("100%", "2220");
    sd_check("e-mail", "212220");
    sd_check("IPA の資料", "2221331331330");
}

static void test_newline_is_a_hard_break(void **state)
{
    (void)state;
    sd_check("ああ\nいい", "3313320331330");
}

static void test_the_ideographic_space_is_a_cell(void **state)
{
    (void)state;
    sd_check("あ\xE3\x80\x80い", "331331330");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kanji_and_kana_break_anywhere),
        cmocka_unit_test(test_no_break_before_closing_punctuation),
        cmocka_unit_test(test_numbers_and_latin_words_stay_whole),
        cmocka_unit_test(test_newline_is_a_hard_break),
        cmocka_unit_test(test_the_ideographic_space_is_a_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
