/* test_rules_rank.c - quantiles and percentile ranks: known values, and
 * properties checked on random sorted totals (a fixed seed, so a failure
 * names its trial and replays the same) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "rules/rank.h"

#define SD_TRIALS 500
#define SD_MAX_N 60

/* xorshift64*: the same numbers on every machine, unlike rand() */
static uint64_t sd_state = 0x9E3779B97F4A7C15ull;

static uint64_t sd_next(void)
{
    sd_state ^= sd_state >> 12;
    sd_state ^= sd_state << 25;
    sd_state ^= sd_state >> 27;
    return sd_state * 2685821657736338717ull;
}

/* An integer in [lo, hi]. */
static int sd_between(int lo, int hi)
{
    return lo + (int)(sd_next() % (uint64_t)(hi - lo + 1));
}

static int sd_int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Fills v with n random totals, sorted; a small range makes ties common.
 * Returns n (1..SD_MAX_N). */
static size_t sd_random_totals(int *v)
{
    size_t n = (size_t)sd_between(1, SD_MAX_N);
    int top = sd_between(0, 1) ? 10 : 100;
    for (size_t i = 0; i < n; i++)
        v[i] = sd_between(0, top);
    qsort(v, n, sizeof *v, sd_int_cmp);
    return n;
}

/* The mid-rank by its definition, counted one by one. */
static double sd_naive_rank(const int *v, size_t n, int value)
{
    size_t below = 0, equal = 0;
    for (size_t i = 0; i < n; i++) {
        below += v[i] < value;
        equal += v[i] == value;
    }
    return 100.0 * ((double)below + 0.5 * (double)equal) / (double)n;
}

static void test_quantile_known_values(void **state)
{
    (void)state;
    const int one[] = {42};
    const int even[] = {10, 20, 30, 40};
    assert_true(sd_quantile(one, 1, 0.5) == 42.0);
    assert_true(sd_quantile(even, 4, 0.0) == 10.0);
    assert_true(sd_quantile(even, 4, 0.25) == 17.5);
    assert_true(sd_quantile(even, 4, 0.5) == 25.0);
    assert_true(sd_quantile(even, 4, 0.75) == 32.5);
    assert_true(sd_quantile(even, 4, 1.0) == 40.0);
}

static void test_rank_known_values(void **state)
{
    (void)state;
    const int lone[] = {73};
    const int v[] = {10, 20, 20, 40};
    assert_true(sd_percentile_rank(lone, 1, 73) == 50.0);
    assert_true(sd_percentile_rank(v, 4, 10) == 12.5);
    assert_true(sd_percentile_rank(v, 4, 20) == 50.0); /* 1 below, 2 equal */
    assert_true(sd_percentile_rank(v, 4, 40) == 87.5);
    assert_true(sd_percentile_rank(v, 4, 5) == 0.0);     /* below everyone */
    assert_true(sd_percentile_rank(v, 4, 100) == 100.0); /* above everyone */
}

/* A lone member, or members all with one total, stand in the middle. */
static void test_rank_of_equals_is_fifty(void **state)
{
    (void)state;
    int v[SD_MAX_N];
    for (int trial = 0; trial < SD_TRIALS; trial++) {
        size_t n = (size_t)sd_between(1, SD_MAX_N);
        int total = sd_between(0, 100);
        for (size_t i = 0; i < n; i++)
            v[i] = total;
        assert_true(sd_percentile_rank(v, n, total) == 50.0);
    }
}

/* In [0, 100] for any value, equal to the definition counted one by one,
 * and the same for every member of a tie (each is the same value). */
static void test_rank_in_range_and_as_defined(void **state)
{
    (void)state;
    int v[SD_MAX_N];
    for (int trial = 0; trial < SD_TRIALS; trial++) {
        size_t n = sd_random_totals(v);
        for (int value = -5; value <= 105; value++) {
            double r = sd_percentile_rank(v, n, value);
            if (r < 0.0 || r > 100.0 || r != sd_naive_rank(v, n, value))
                fail_msg("trial %d, n %zu, value %d: rank %g", trial, n, value, r);
        }
        for (size_t i = 1; i < n; i++)
            if (v[i] == v[i - 1] && sd_percentile_rank(v, n, v[i]) != sd_percentile_rank(v, n, v[i - 1]))
                fail_msg("trial %d: a tie at %d has two ranks", trial, v[i]);
    }
}

/* Never lower for a higher total, and strictly higher between two
 * members' different totals. */
static void test_rank_monotone_in_value(void **state)
{
    (void)state;
    int v[SD_MAX_N];
    for (int trial = 0; trial < SD_TRIALS; trial++) {
        size_t n = sd_random_totals(v);
        double prev = -1.0;
        for (int value = -5; value <= 105; value++) {
            double r = sd_percentile_rank(v, n, value);
            if (r < prev)
                fail_msg("trial %d: rank falls from %g to %g at %d", trial, prev, r, value);
            prev = r;
        }
        for (size_t i = 1; i < n; i++)
            if (v[i] > v[i - 1] && !(sd_percentile_rank(v, n, v[i]) > sd_percentile_rank(v, n, v[i - 1])))
                fail_msg("trial %d: %d does not rank above %d", trial, v[i], v[i - 1]);
    }
}

/* Mid-ranks are fair: over every member they average exactly 50. */
static void test_ranks_average_fifty(void **state)
{
    (void)state;
    int v[SD_MAX_N];
    for (int trial = 0; trial < SD_TRIALS; trial++) {
        size_t n = sd_random_totals(v);
        double sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += sd_percentile_rank(v, n, v[i]);
        double mean = sum / (double)n;
        if (mean < 50.0 - 1e-9 || mean > 50.0 + 1e-9)
            fail_msg("trial %d, n %zu: ranks average %g", trial, n, mean);
    }
}

/* Between the smallest and largest total, rising with q, and the ends
 * at q = 0 and q = 1. */
static void test_quantile_bounded_and_monotone(void **state)
{
    (void)state;
    int v[SD_MAX_N];
    for (int trial = 0; trial < SD_TRIALS; trial++) {
        size_t n = sd_random_totals(v);
        assert_true(sd_quantile(v, n, 0.0) == v[0]);
        assert_true(sd_quantile(v, n, 1.0) == v[n - 1]);
        double prev = v[0];
        for (int k = 0; k <= 20; k++) {
            double x = sd_quantile(v, n, k / 20.0);
            if (x < prev || x < v[0] || x > v[n - 1])
                fail_msg("trial %d, n %zu, q %g: %g (previous %g)", trial, n, k / 20.0, x, prev);
            prev = x;
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantile_known_values),
        cmocka_unit_test(test_rank_known_values),
        cmocka_unit_test(test_rank_of_equals_is_fifty),
        cmocka_unit_test(test_rank_in_range_and_as_defined),
        cmocka_unit_test(test_rank_monotone_in_value),
        cmocka_unit_test(test_ranks_average_fifty),
        cmocka_unit_test(test_quantile_bounded_and_monotone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
