/* test_rules_plan.c - the member's plan: next-band target, advice order, SECURITY ACTION step */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rules/plan.h"

/* The questionnaire's own numbers, read once from templates/. */
static sd_plan_rules sd_rules_of(void **state)
{
    sd_plan_rules r;
    sd_plan_rules_from_templates(&r, *state);
    return r;
}

static int sd_total_of(const sd_plan_rules *r, const int *answers)
{
    int total = 0;
    for (int q = 0; q < r->nquestions; q++)
        total += r->points[answers[q]];
    return total;
}

static sd_plan_member sd_member(const sd_plan_rules *r, const int *answers, const double *rates)
{
    sd_plan_member m = {answers, sd_total_of(r, answers), true, 0, false, rates};
    m.basics_done = sd_five_articles_done(answers, r->nquestions);
    return m;
}

static void test_rules_from_templates(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    assert_int_equal(r.nquestions, 25);
    assert_int_equal(r.points[SD_CHOICE_DONE], 4);
    assert_int_equal(r.points[SD_CHOICE_UNKNOWN], -1);
    assert_int_equal(r.basic_first, 1);
    assert_int_equal(r.basic_last, 5);
    assert_int_equal(r.nbands, 4);
    assert_int_equal(r.max_items, 4);
}

static void test_next_band(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    assert_int_equal(sd_plan_next_band(&r, 100), -1);
    assert_int_equal(r.band_min[sd_plan_next_band(&r, 99)], 100);
    assert_int_equal(r.band_min[sd_plan_next_band(&r, 69)], 70);
    assert_int_equal(r.band_min[sd_plan_next_band(&r, 50)], 70);
    assert_int_equal(r.band_min[sd_plan_next_band(&r, 49)], 50);
    assert_int_equal(r.band_min[sd_plan_next_band(&r, -25)], 50);
}

/* Q1 not done, Q10 わからない, the rest done: 91 points, 9 short of 100:
 * both are needed; the advice lists the basic item Q1 first. */
static void test_target_and_order_example(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    int a[SD_MAX_QUESTIONS] = {0};
    a[0] = SD_CHOICE_NONE;
    a[9] = SD_CHOICE_UNKNOWN;
    sd_plan_member m = sd_member(&r, a, NULL);
    assert_int_equal(m.total, 91);
    sd_plan p;
    sd_plan_make(&r, &m, &p);
    assert_int_equal(r.band_min[p.next_band], 100);
    assert_int_equal(p.need, 9);
    assert_int_equal(p.ntarget, 2);
    assert_int_equal(p.target[0], 0);
    assert_int_equal(p.target[1], 9);
    assert_int_equal(p.norder, 2);
    assert_int_equal(p.order[0], 0);
    assert_int_equal(p.order[1], 9);
    assert_false(p.unknown_first);
    assert_int_equal(p.sa, SD_SA_STEP_BASICS);
    /* 15 short of 70, Q2 and Q17-Q25 not done, Q10 わからない: the gain
     * of 5 first, then the first gains of 4 in question order */
    int b[SD_MAX_QUESTIONS];
    for (int q = 0; q < 25; q++)
        b[q] = q < 16 ? SD_CHOICE_DONE : SD_CHOICE_NONE;
    b[1] = SD_CHOICE_NONE;
    b[9] = SD_CHOICE_UNKNOWN;
    m = sd_member(&r, b, NULL);
    assert_int_equal(m.total, 14 * 4 - 1);
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.need, 70 - 55);
    assert_int_equal(p.ntarget, 4);
    assert_int_equal(p.target[0], 1);
    assert_int_equal(p.target[1], 9);
    assert_int_equal(p.target[2], 16);
    assert_int_equal(p.target[3], 17);
    assert_int_equal(p.order[0], 1); /* the basic item first */
}

static void test_order_by_peers_within_groups(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    int a[SD_MAX_QUESTIONS] = {0};
    double rates[SD_MAX_QUESTIONS] = {0};
    a[2] = SD_CHOICE_PARTIAL; /* basic, partial: group 2 */
    a[3] = SD_CHOICE_NONE;    /* basic, none: group 0 */
    a[11] = SD_CHOICE_NONE;   /* other, none: group 1 */
    a[12] = SD_CHOICE_UNKNOWN;
    a[20] = SD_CHOICE_PARTIAL; /* group 3 */
    rates[11] = 0.2;
    rates[12] = 0.8;
    sd_plan_member m = sd_member(&r, a, rates);
    sd_plan p;
    sd_plan_order(&r, &m, &p);
    int want[] = {3, 12, 11, 2, 20};
    assert_int_equal(p.norder, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(p.order[i], want[i]);
    /* without peer figures, question order within a group */
    m.peer_rate = NULL;
    sd_plan_order(&r, &m, &p);
    assert_int_equal(p.order[1], 11);
    assert_int_equal(p.order[2], 12);
}

static void test_sa_step(void **state)
{
    sd_plan_member m = {NULL, 0, false, 2, true, NULL};
    assert_int_equal(sd_plan_sa_step(&m), SD_SA_STEP_UNKNOWN);
    m.sa_known = true;
    assert_int_equal(sd_plan_sa_step(&m), SD_SA_STEP_DONE);
    m.sa_level = 1;
    assert_int_equal(sd_plan_sa_step(&m), SD_SA_STEP_TWO);
    m.sa_level = 0;
    assert_int_equal(sd_plan_sa_step(&m), SD_SA_STEP_ONE);
    m.basics_done = false;
    assert_int_equal(sd_plan_sa_step(&m), SD_SA_STEP_BASICS);
    assert_string_equal(sd_sa_step_key(SD_SA_STEP_BASICS), "company.sa_basics");
    for (int s = SD_SA_STEP_UNKNOWN; s <= SD_SA_STEP_BASICS; s++)
        assert_string_not_equal(sd_text(*state, sd_sa_step_key((sd_sa_step)s)), "");
}

static void test_unknown_first(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    int a[SD_MAX_QUESTIONS] = {0};
    for (int q = 0; q < 12; q++)
        a[q] = SD_CHOICE_UNKNOWN;
    sd_plan_member m = sd_member(&r, a, NULL);
    sd_plan p;
    sd_plan_make(&r, &m, &p);
    assert_false(p.unknown_first); /* 12 of 25 is not most */
    a[12] = SD_CHOICE_UNKNOWN;
    sd_plan_make(&r, &m, &p);
    assert_true(p.unknown_first);
}

/* A small deterministic generator, so a failure can be replayed. */
static unsigned sd_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* Properties of the current plan over many random members: the target's
 * gains reach the next band and no smaller prefix would; no done item is
 * proposed; items are distinct, valid and sorted; the order lists every
 * item not done exactly once with groups never going backwards; the same
 * member gives the same plan. */
static void sd_check_plan(const sd_plan_rules *r, const sd_plan_member *m, const sd_plan *p)
{
    bool seen[SD_MAX_QUESTIONS] = {false};
    int gains = 0, min_gain = 1 << 30;
    for (int i = 0; i < p->ntarget; i++) {
        int q = p->target[i];
        assert_true(q >= 0 && q < r->nquestions);
        assert_int_not_equal(m->answers[q], SD_CHOICE_DONE);
        assert_false(seen[q]);
        seen[q] = true;
        if (i)
            assert_true(p->target[i - 1] < q);
        int g = r->points[SD_CHOICE_DONE] - r->points[m->answers[q]];
        gains += g;
        min_gain = g < min_gain ? g : min_gain;
    }
    if (p->next_band < 0) {
        assert_int_equal(p->ntarget, 0);
        assert_int_equal(p->need, 0);
    } else {
        assert_int_equal(p->need, r->band_min[p->next_band] - m->total);
        assert_true(p->need > 0);
        for (int b = 0; b < r->nbands; b++)
            assert_false(r->band_min[b] > m->total && r->band_min[b] < r->band_min[p->next_band]);
        assert_true(m->total + gains >= r->band_min[p->next_band]); /* reaches it */
        assert_true(gains - min_gain < p->need);                    /* and none is spare */
    }
    int notdone = 0, last_group = 0;
    memset(seen, 0, sizeof seen);
    for (int q = 0; q < r->nquestions; q++)
        notdone += m->answers[q] != SD_CHOICE_DONE;
    assert_int_equal(p->norder, notdone);
    for (int i = 0; i < p->norder; i++) {
        int q = p->order[i], c = m->answers[q];
        assert_true(q >= 0 && q < r->nquestions);
        assert_int_not_equal(c, SD_CHOICE_DONE);
        assert_false(seen[q]);
        seen[q] = true;
        bool basic = q + 1 >= r->basic_first && q + 1 <= r->basic_last;
        int group = (c == SD_CHOICE_PARTIAL) * 2 + !basic;
        assert_true(group >= last_group);
        last_group = group;
    }
}

static void test_random_plans_hold_their_properties(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    unsigned seed = 20250425u;
    for (int run = 0; run < 5000; run++) {
        int a[SD_MAX_QUESTIONS];
        double rates[SD_MAX_QUESTIONS];
        int bias = (int)(sd_rand(&seed) % 4); /* some members mostly done, some mostly not */
        for (int q = 0; q < r.nquestions; q++) {
            int x = (int)(sd_rand(&seed) % 8);
            a[q] = x < 4 ? bias : x - 4;
            rates[q] = (double)(sd_rand(&seed) % 21) / 20;
        }
        sd_plan_member m = sd_member(&r, a, run % 3 ? rates : NULL);
        m.sa_known = run % 5 != 0;
        m.sa_level = (int)(sd_rand(&seed) % 3);
        sd_plan p, again;
        memset(&p, 0x5a, sizeof p);
        memset(&again, 0, sizeof again);
        sd_plan_make(&r, &m, &p);
        sd_check_plan(&r, &m, &p);
        sd_plan_make(&r, &m, &again);
        assert_int_equal(p.next_band, again.next_band);
        assert_int_equal(p.ntarget, again.ntarget);
        assert_int_equal(p.norder, again.norder);
        assert_memory_equal(p.target, again.target, sizeof(int) * (size_t)p.ntarget);
        assert_memory_equal(p.order, again.order, sizeof(int) * (size_t)p.norder);
        assert_int_equal(p.sa, again.sa);
        assert_int_equal(p.unknown_first, again.unknown_first);
    }
}

/* Thresholds that are not the shipped ones: bands given in any order. */
static void test_bands_as_plain_data(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    r.nbands = 3;
    r.band_min[0] = 40;
    r.band_min[1] = 90;
    r.band_min[2] = -25;
    int a[SD_MAX_QUESTIONS];
    for (int q = 0; q < 25; q++)
        a[q] = q < 10 ? SD_CHOICE_DONE : SD_CHOICE_PARTIAL; /* 40 + 30 = 70 */
    sd_plan_member m = sd_member(&r, a, NULL);
    sd_plan p;
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.next_band, 1);
    assert_int_equal(p.need, 20);
    assert_int_equal(p.ntarget, 10); /* ten partly done items, 2 points each */
    sd_check_plan(&r, &m, &p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_from_templates),
        cmocka_unit_test(test_next_band),
        cmocka_unit_test(test_target_and_order_example),
        cmocka_unit_test(test_order_by_peers_within_groups),
        cmocka_unit_test(test_sa_step),
        cmocka_unit_test(test_unknown_first),
        cmocka_unit_test(test_random_plans_hold_their_properties),
        cmocka_unit_test(test_bands_as_plain_data),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
