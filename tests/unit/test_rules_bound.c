/* test_rules_bound.c - 0 % and 100 % in a small group shown as a bound
 * (rules/bound.c): never an exact extreme under 2k members, every bound
 * covering at least two counts, exact shares left alone */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rules/bound.h"

static void test_five_members(void **state)
{
    (void)state;
    char buf[32];
    sd_share_bound b = sd_share_bound_of(5, 5, 5);
    assert_int_equal(b.kind, SD_SHARE_AT_LEAST);
    assert_string_equal(sd_share_bound_text(b, buf, sizeof buf), "8割以上");
    assert_true(sd_share_bound_value(b) == 0.8);
    b = sd_share_bound_of(4, 5, 5); /* 80 %: the same bound as 100 % */
    assert_string_equal(sd_share_bound_text(b, buf, sizeof buf), "8割以上");
    b = sd_share_bound_of(0, 5, 5);
    assert_int_equal(b.kind, SD_SHARE_AT_MOST);
    assert_string_equal(sd_share_bound_text(b, buf, sizeof buf), "2割以下");
    b = sd_share_bound_of(1, 5, 5);
    assert_string_equal(sd_share_bound_text(b, buf, sizeof buf), "2割以下");
    assert_int_equal(sd_share_bound_of(2, 5, 5).kind, SD_SHARE_EXACT);
    assert_int_equal(sd_share_bound_of(3, 5, 5).kind, SD_SHARE_EXACT);
    assert_string_equal(sd_share_bound_text(sd_share_bound_of(3, 5, 5), buf, sizeof buf), "");
}

static void test_large_groups_exact(void **state)
{
    (void)state;
    assert_int_equal(sd_share_bound_of(10, 10, 5).kind, SD_SHARE_EXACT);
    assert_int_equal(sd_share_bound_of(0, 10, 5).kind, SD_SHARE_EXACT);
    assert_int_equal(sd_share_bound_of(400, 400, 5).kind, SD_SHARE_EXACT);
    assert_int_equal(sd_share_bound_of(0, 0, 5).kind, SD_SHARE_EXACT);
    /* no rule (the unsuppressed view) */
    assert_int_equal(sd_share_bound_of(5, 5, 0).kind, SD_SHARE_EXACT);
    /* a larger k moves the size: 19 members under k = 10 */
    assert_int_equal(sd_share_bound_of(19, 19, 10).kind, SD_SHARE_AT_LEAST);
}

/* For every small group a published one can be (k members or more; from
 * three members, where two bounds of two counts each fit) and
 * every k: 0 and n are never exact, each bound holds
 * at least two counts and only counts it is true of, and a shown share is
 * never 0 % or 100 %. */
static void test_every_small_group(void **state)
{
    (void)state;
    for (int k = 1; k <= 12; k++)
        for (int n = k; n < SD_BOUND_BELOW(k); n++) {
            int at_least = 0, at_most = 0;
            for (int c = 0; c <= n; c++) {
                sd_share_bound b = sd_share_bound_of(c, n, k);
                if (b.kind == SD_SHARE_AT_LEAST) {
                    at_least++;
                    if (c * 10 < b.tenths * n || b.tenths > 9 || b.tenths < 1)
                        fail_msg("%d/%d (k %d): 「%d割以上」 is false or no bound", c, n, k, b.tenths);
                } else if (b.kind == SD_SHARE_AT_MOST) {
                    at_most++;
                    if (c * 10 > b.tenths * n || b.tenths < 1 || b.tenths > 9)
                        fail_msg("%d/%d (k %d): 「%d割以下」 is false or no bound", c, n, k, b.tenths);
                } else if (c == 0 || c == n) {
                    fail_msg("%d/%d (k %d) shown exact", c, n, k);
                }
            }
            if (n >= 3 && (at_least < 2 || at_most < 2))
                fail_msg("n %d (k %d): a bound covers one count only (%d, %d)", n, k, at_least, at_most);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_five_members),
        cmocka_unit_test(test_large_groups_exact),
        cmocka_unit_test(test_every_small_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
