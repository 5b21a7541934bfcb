/* test_round.c - the one rounding rule (rules/round.c): a half goes away
 * from zero, on exact ratios where shindan knows them, and a double that
 * holds a half as 0.4999… still goes up; checked against every share of a
 * small group too */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rules/round.h"

static void test_ratio_half_away_from_zero(void **state)
{
    (void)state;
    assert_int_equal(sd_round_ratio(5, 8, 100), 63);   /* 62.5 */
    assert_int_equal(sd_round_ratio(5, 8, 1000), 625);
    assert_int_equal(sd_round_ratio(1, 3, 100), 33);
    assert_int_equal(sd_round_ratio(2, 3, 100), 67);
    assert_int_equal(sd_round_ratio(1, 16, 1000), 63); /* 62.5 tenths of a percent */
    assert_int_equal(sd_round_ratio(-5, 8, 100), -63);
    assert_int_equal(sd_round_ratio(5, -8, 100), -63);
    assert_int_equal(sd_round_ratio(-1, 4, 10), -3);   /* -2.5 → -3 */
    assert_int_equal(sd_round_ratio(0, 7, 100), 0);
    assert_int_equal(sd_round_ratio(7, 7, 100), 100);
    assert_int_equal(sd_round_ratio(3, 0, 100), 0);
}

static void test_percent_text(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(sd_percent_text(buf, sizeof buf, 5.0 / 8, 8, 0), "63");
    assert_string_equal(sd_percent_text(buf, sizeof buf, 5.0 / 8, 8, 1), "62.5");
    assert_string_equal(sd_percent_text(buf, sizeof buf, 1.0 / 16, 16, 1), "6.3");
    assert_string_equal(sd_percent_text(buf, sizeof buf, 29.0 / 200, 200, 0), "15"); /* 14.4999… as a double */
    assert_string_equal(sd_percent_text(buf, sizeof buf, 29.0 / 200, 0, 0), "15");   /* no count: still up */
    assert_string_equal(sd_percent_text(buf, sizeof buf, 1.0 / 3, 3, 1), "33.3");
    assert_string_equal(sd_percent_text(buf, sizeof buf, 0, 5, 1), "0.0");
    assert_string_equal(sd_percent_text(buf, sizeof buf, 1, 5, 0), "100");
}

static void test_round_text(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(sd_round_text(buf, sizeof buf, 62.25, 4, 1), "62.3");   /* printf says 62.2 */
    assert_string_equal(sd_round_text(buf, sizeof buf, 0.03125, 32, 4), "0.0313"); /* printf: 0.0312 */
    assert_string_equal(sd_round_text(buf, sizeof buf, -0.25, 4, 1), "-0.3");
    assert_string_equal(sd_round_text(buf, sizeof buf, -0.04, 0, 1), "0.0");   /* never -0.0 */
    assert_string_equal(sd_round_text(buf, sizeof buf, 1.005, 0, 2), "1.01");  /* 1.00499… as a double */
    assert_string_equal(sd_round_text(buf, sizeof buf, 2.675, 0, 2), "2.68");
    assert_string_equal(sd_round_text(buf, sizeof buf, 48.4, 5, 0), "48");
    assert_string_equal(sd_round_text(buf, sizeof buf, 48.5, 2, 0), "49");
    assert_string_equal(sd_round_text(buf, sizeof buf, -12, 3, 0), "-12");
    assert_string_equal(sd_round_text(buf, sizeof buf, NAN, 3, 1), "0.0");
}

static void test_round_value_for_cells(void **state)
{
    (void)state;
    /* what a "0.0%" cell stores: the share at a tenth of a percent */
    assert_true(sd_round_value(1.0 / 16, 16, 3) == 0.063);
    assert_true(sd_round_value(5.0 / 8, 8, 2) == 0.63);
    assert_true(sd_round_value(62.25, 4, 1) == 62.3);
    assert_true(sd_round_value(-0.05, 0, 1) == -0.1);
}

/* Every share k/n of groups up to 400 members, at 0 and 1 decimals, as
 * the exact integer rule says, whether the count is given or not. */
static void test_every_small_share(void **state)
{
    (void)state;
    char a[32], b[32], want[32];
    for (int n = 1; n <= 400; n++)
        for (int k = 0; k <= n; k++)
            for (int places = 0; places <= 1; places++) {
                long long scale = places ? 1000 : 100;
                long long u = sd_round_ratio(k, n, scale);
                if (places)
                    snprintf(want, sizeof want, "%lld.%lld", u / 10, u % 10);
                else
                    snprintf(want, sizeof want, "%lld", u);
                double share = (double)k / n;
                sd_percent_text(a, sizeof a, share, n, places);
                sd_percent_text(b, sizeof b, share, 0, places);
                if (strcmp(a, want) != 0 || strcmp(b, want) != 0)
                    fail_msg("%d/%d at %d places: %s and %s, want %s", k, n, places, a, b, want);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratio_half_away_from_zero),
        cmocka_unit_test(test_percent_text),
        cmocka_unit_test(test_round_text),
        cmocka_unit_test(test_round_value_for_cells),
        cmocka_unit_test(test_every_small_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
