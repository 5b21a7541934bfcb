/* test_rules_score.c - the score rule: totals, parts, and its properties
 * over random answers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rules/score.h"

static void test_points_sum_by_part(void **state)
{
    (void)state;
    const int points[] = {4, 2, 0, -1, 4, 4};
    const int part_of[] = {0, 0, 1, 1, 2, 2};
    int total = -99, parts[3] = {-99, -99, -99};
    sd_score_points(points, part_of, 6, 3, &total, parts);
    assert_int_equal(total, 13);
    assert_int_equal(parts[0], 6);
    assert_int_equal(parts[1], -1);
    assert_int_equal(parts[2], 8);
}

static void test_no_questions_scores_zero(void **state)
{
    (void)state;
    int total = -99, parts[2] = {-99, -99};
    sd_score_points(NULL, NULL, 0, 2, &total, parts);
    assert_int_equal(total, 0);
    assert_int_equal(parts[0], 0);
    assert_int_equal(parts[1], 0);
}

/* The real questionnaire: all 実施している is the best score, and each
 * part's best is its max_points. */
static void test_questionnaire_best_and_worst(void **state)
{
    const sd_templates *t = *state;
    int answers[SD_MAX_QUESTIONS], total, parts[SD_MAX_PARTS];
    for (int q = 0; q < t->nquestions; q++)
        answers[q] = SD_CHOICE_DONE;
    sd_score(t, answers, &total, parts);
    int best = 0;
    for (int p = 0; p < t->nparts; p++) {
        assert_int_equal(parts[p], t->parts[p].max_points);
        best += t->parts[p].max_points;
    }
    assert_int_equal(total, best);
    for (int q = 0; q < t->nquestions; q++)
        answers[q] = SD_CHOICE_UNKNOWN;
    sd_score(t, answers, &total, parts);
    assert_int_equal(total, t->nquestions * t->choices[SD_CHOICE_UNKNOWN].points);
}

/* Properties over random answers to the real questionnaire: the total is
 * the sum of the parts, every score lies between all-worst and all-best,
 * and a better answer never lowers the total. */
static void test_random_answers_properties(void **state)
{
    const sd_templates *t = *state;
    int lo = 0, hi = 0;
    for (int c = 0; c < SD_NCHOICES; c++) {
        lo = t->choices[c].points < lo ? t->choices[c].points : lo;
        hi = t->choices[c].points > hi ? t->choices[c].points : hi;
    }
    unsigned seed = 20261015u;
    const char *env = getenv("SD_TEST_SEED");
    if (env)
        seed = (unsigned)strtoul(env, NULL, 10);
    srand(seed);
    for (int round = 0; round < 10000; round++) {
        int answers[SD_MAX_QUESTIONS], total, parts[SD_MAX_PARTS];
        int count[SD_MAX_PARTS] = {0};
        for (int q = 0; q < t->nquestions; q++) {
            answers[q] = rand() % SD_NCHOICES;
            count[t->questions[q].part]++;
        }
        sd_score(t, answers, &total, parts);
        int sum = 0;
        for (int p = 0; p < t->nparts; p++) {
            sum += parts[p];
            if (parts[p] < lo * count[p] || parts[p] > hi * count[p])
                fail_msg("seed %u round %d: part %d scored %d", seed, round, p, parts[p]);
        }
        if (total != sum || total < lo * t->nquestions || total > hi * t->nquestions)
            fail_msg("seed %u round %d: total %d, parts sum to %d", seed, round, total, sum);
        /* one answer made 実施している: the total does not fall */
        int q = rand() % t->nquestions, better, better_parts[SD_MAX_PARTS];
        answers[q] = SD_CHOICE_DONE;
        sd_score(t, answers, &better, better_parts);
        if (better < total)
            fail_msg("seed %u round %d: question %d done lowered %d to %d", seed, round, q + 1, total, better);
    }
}

/* Properties of the plain rule over random points and parts. */
static void test_random_points_properties(void **state)
{
    (void)state;
    srand(7);
    for (int round = 0; round < 10000; round++) {
        int n = rand() % (SD_MAX_QUESTIONS + 1), nparts = 1 + rand() % SD_MAX_PARTS;
        int points[SD_MAX_QUESTIONS], part_of[SD_MAX_QUESTIONS], total, parts[SD_MAX_PARTS];
        int want = 0, lo = 0, hi = 0;
        for (int q = 0; q < n; q++) {
            points[q] = rand() % 11 - 5;
            part_of[q] = rand() % nparts;
            want += points[q];
            lo += -5;
            hi += 5;
        }
        sd_score_points(points, part_of, n, nparts, &total, parts);
        int sum = 0;
        for (int p = 0; p < nparts; p++)
            sum += parts[p];
        assert_int_equal(total, want);
        assert_int_equal(total, sum);
        assert_in_range(total + 5 * SD_MAX_QUESTIONS, lo + 5 * SD_MAX_QUESTIONS, hi + 5 * SD_MAX_QUESTIONS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_sum_by_part),
        cmocka_unit_test(test_no_questions_scores_zero),
        cmocka_unit_test(test_questionnaire_best_and_worst),
        cmocka_unit_test(test_random_answers_properties),
        cmocka_unit_test(test_random_points_properties),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
