/* test_rules_band.c - the bands, the range of totals, the size bands and
 * the 5か条 rule: worked examples, then randomised properties over bands
 * and answers made up afresh from a fixed seed (SD_SEED to vary it) */
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "rules/band.h"
#include "rules/five.h"

#define SD_ROUNDS 2000

static unsigned long long sd_rng_state;

/* xorshift64*: the same numbers on every machine for one seed */
static unsigned sd_rand(unsigned n)
{
    sd_rng_state ^= sd_rng_state >> 12;
    sd_rng_state ^= sd_rng_state << 25;
    sd_rng_state ^= sd_rng_state >> 27;
    return (unsigned)((sd_rng_state * 2685821657736338717ULL) >> 33) % n;
}

static int sd_seed(void **state)
{
    (void)state;
    const char *s = getenv("SD_SEED");
    sd_rng_state = s && *s ? strtoull(s, NULL, 10) : 20261202ULL;
    if (!sd_rng_state)
        sd_rng_state = 1;
    return 0;
}

/* Makes n (1..SD_MAX_BANDS) bands, best first, covering lo..hi exactly:
 * n - 1 distinct cut points chosen at random. */
static int sd_random_bands(sd_band *bands, int lo, int hi)
{
    int width = hi - lo + 1;
    int n = 1 + (int)sd_rand(SD_MAX_BANDS < width ? SD_MAX_BANDS : (unsigned)width);
    int top = hi;
    for (int b = 0; b < n; b++) {
        int left = n - b - 1; /* bands still to come below this one */
        int room = top - lo + 1 - left;
        int size = b == n - 1 ? top - lo + 1 : 1 + (int)sd_rand((unsigned)room);
        bands[b] = (sd_band){.min = top - size + 1, .max = top};
        top -= size;
    }
    return n;
}

static void test_the_templates_bands_cover_every_total(void **state)
{
    const sd_templates *t = *state;
    int lo = sd_min_total(t), hi = sd_max_total(t);
    assert_int_equal(lo, sd_total_min(t->nquestions, t->choices[SD_CHOICE_UNKNOWN].points));
    assert_int_equal(hi, sd_total_max(t->nquestions, t->choices[SD_CHOICE_DONE].points));
    assert_int_equal(sd_bands_gap(t->bands, t->nbands, lo, hi), -1);
    for (int total = lo; total <= hi; total++) {
        int i = sd_band_index(t, total);
        assert_true(i >= 0 && i < t->nbands);
        assert_ptr_equal(sd_band_for(t, total), &t->bands[i]);
    }
    assert_int_equal(sd_band_index(t, hi + 1), -1);
    assert_null(sd_band_for(t, lo - 1));
}

static void test_gaps_and_overlaps_are_found(void **state)
{
    sd_band ok[3] = {{.min = 70, .max = 100}, {.min = 50, .max = 69}, {.min = -25, .max = 49}};
    assert_int_equal(sd_bands_gap(ok, 3, -25, 100), -1);
    sd_band gap[3] = {{.min = 70, .max = 100}, {.min = 51, .max = 69}, {.min = -25, .max = 49}};
    assert_int_equal(sd_bands_gap(gap, 3, -25, 100), 2);
    sd_band overlap[3] = {{.min = 70, .max = 100}, {.min = 50, .max = 70}, {.min = -25, .max = 49}};
    assert_int_equal(sd_bands_gap(overlap, 3, -25, 100), 1);
    sd_band empty[3] = {{.min = 70, .max = 100}, {.min = 70, .max = 69}, {.min = -25, .max = 69}};
    assert_int_equal(sd_bands_gap(empty, 3, -25, 100), 1);
    assert_int_equal(sd_bands_gap(ok, 3, -25, 99), 0);  /* the best band starts above the top */
    assert_int_equal(sd_bands_gap(ok, 3, -30, 100), 3); /* the last stops short of the bottom */
    assert_int_equal(sd_bands_gap(ok, 0, -25, 100), 0); /* no band covers nothing */
    assert_int_equal(sd_bands_find(ok, 3, 69), 1);
    assert_int_equal(sd_bands_find(ok, 3, -26), -1);
}

/* Random bands made to cover lo..hi: the checker accepts them, every
 * total falls in exactly one band, none outside does, and the band index
 * never goes up as the total goes up (best first). */
static void test_random_bands_place_every_total_once_and_in_order(void **state)
{
    for (int round = 0; round < SD_ROUNDS; round++) {
        int nq = 1 + (int)sd_rand(SD_MAX_QUESTIONS);
        int best = 1 + (int)sd_rand(6), worst = -(int)sd_rand(3);
        int lo = sd_total_min(nq, worst), hi = sd_total_max(nq, best);
        sd_band bands[SD_MAX_BANDS];
        int n = sd_random_bands(bands, lo, hi);
        assert_int_equal(sd_bands_gap(bands, n, lo, hi), -1);
        int prev = n - 1;
        for (int total = lo; total <= hi; total++) {
            int holders = 0;
            for (int b = 0; b < n; b++)
                holders += total >= bands[b].min && total <= bands[b].max;
            assert_int_equal(holders, 1);
            int i = sd_bands_find(bands, n, total);
            assert_true(i >= 0 && i <= prev);
            prev = i;
        }
        assert_int_equal(sd_bands_find(bands, n, lo - 1), -1);
        assert_int_equal(sd_bands_find(bands, n, hi + 1), -1);
    }
}

/* One edge of random good bands moved: whenever the checker still
 * accepts them, they still place every total exactly once. */
static void test_the_checker_accepts_only_bands_that_cover_once(void **state)
{
    int refused = 0;
    for (int round = 0; round < SD_ROUNDS; round++) {
        int lo = -25, hi = 100;
        sd_band bands[SD_MAX_BANDS];
        int n = sd_random_bands(bands, lo, hi);
        sd_band *b = &bands[sd_rand((unsigned)n)];
        int shift = (int)sd_rand(5) - 2;
        if (sd_rand(2))
            b->min += shift;
        else
            b->max += shift;
        if (sd_bands_gap(bands, n, lo, hi) != -1) {
            refused++;
            continue;
        }
        for (int total = lo; total <= hi; total++) {
            int holders = 0;
            for (int k = 0; k < n; k++)
                holders += total >= bands[k].min && total <= bands[k].max;
            assert_int_equal(holders, 1);
        }
    }
    assert_true(refused > 0); /* the moves did make broken bands */
}

static void test_size_bands(void **state)
{
    const sd_templates *t = *state;
    assert_int_equal(sd_size_band_for(t, 0), 0);
    assert_int_equal(sd_size_band_for(t, 1), 1);
    assert_int_equal(sd_size_band_for(t, 1000000), t->nsize_bands);
    /* every headcount falls in the band whose range holds it, in order */
    int prev = 1;
    for (int e = 1; e <= 2000; e++) {
        int id = sd_size_band_for(t, e);
        const sd_size_band *b = sd_size_band_by_id(t, id);
        assert_non_null(b);
        assert_true(e >= b->min && (b->max == 0 || e <= b->max));
        assert_true(id == prev || id == prev + 1);
        prev = id;
    }
    sd_size_band open[2] = {{.id = 1, .min = 1, .max = 5}, {.id = 2, .min = 6, .max = 0}};
    assert_int_equal(sd_size_bands_find(open, 2, 5), 1);
    assert_int_equal(sd_size_bands_find(open, 2, 6), 2);
    assert_int_equal(sd_size_bands_find(open, 2, -3), 0);
    assert_int_equal(sd_size_bands_find(open, 0, 6), 0);
}

static void test_five_articles_examples(void **state)
{
    int all_done[SD_MAX_QUESTIONS] = {0};
    assert_true(sd_five_articles_done(all_done, 25));
    assert_true(sd_five_articles_done(all_done, 5));
    assert_false(sd_five_articles_done(all_done, 4)); /* fewer questions than articles */
    int one_partial[SD_MAX_QUESTIONS] = {0, 0, 0, 0, SD_CHOICE_PARTIAL};
    assert_false(sd_five_articles_done(one_partial, 25));
    int sixth_not[SD_MAX_QUESTIONS] = {0, 0, 0, 0, 0, SD_CHOICE_NONE};
    assert_true(sd_five_articles_done(sixth_not, 25)); /* question 6 is no article */
}

/* The rule is true exactly when each of questions 1-5 is fully done,
 * whatever the other answers are. */
static void test_five_articles_iff_each_is_done(void **state)
{
    for (int round = 0; round < SD_ROUNDS * 5; round++) {
        int answers[SD_MAX_QUESTIONS];
        int nq = SD_FIVE_ARTICLES + (int)sd_rand(SD_MAX_QUESTIONS - SD_FIVE_ARTICLES + 1);
        /* half the rounds start from the articles all done, so both
         * outcomes are common */
        bool start_done = sd_rand(2);
        for (int q = 0; q < nq; q++)
            answers[q] = start_done && q < SD_FIVE_ARTICLES ? SD_CHOICE_DONE : (int)sd_rand(SD_NCHOICES);
        if (start_done && sd_rand(2))
            answers[sd_rand(SD_FIVE_ARTICLES)] = 1 + (int)sd_rand(SD_NCHOICES - 1);
        bool each = true;
        for (int q = 0; q < SD_FIVE_ARTICLES; q++)
            each = each && answers[q] == SD_CHOICE_DONE;
        assert_int_equal(sd_five_articles_done(answers, nq), each);
    }
}

int main(void)
{
#define R(f) cmocka_unit_test_setup(f, sd_seed)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_templates_bands_cover_every_total),
        cmocka_unit_test(test_gaps_and_overlaps_are_found),
        R(test_random_bands_place_every_total_once_and_in_order),
        R(test_the_checker_accepts_only_bands_that_cover_once),
        cmocka_unit_test(test_size_bands),
        cmocka_unit_test(test_five_articles_examples),
        R(test_five_articles_iff_each_is_done),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
