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
    sd_plan_member m = {answers, sd_total_of(r, answers), true, 0, rates};
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

/* The member of the report that told three stories: 基本的対策 Q1 and Q5
 * 一部実施, Q13 and Q24 わからない, Q9, Q21 実施していない. Its list starts
 * with Q1 and Q5, and the target is the top of that list, not Q13 and Q24
 * picked elsewhere by their gains. */
static void test_one_story(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    int a[SD_MAX_QUESTIONS] = {0};
    a[0] = a[4] = SD_CHOICE_PARTIAL;
    a[12] = a[23] = SD_CHOICE_UNKNOWN;
    a[8] = a[20] = SD_CHOICE_NONE;
    sd_plan_member m = sd_member(&r, a, NULL);
    assert_int_equal(m.total, 100 - 2 - 2 - 5 - 5 - 4 - 4); /* 78: 22 short of 100 */
    sd_plan p;
    sd_plan_make(&r, &m, &p);
    int want[] = {0, 4, 8, 20, 12, 23};
    assert_int_equal(p.norder, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(p.order[i], want[i]);
    assert_int_equal(p.nbasics_open, 2);
    assert_int_equal(p.lead, SD_LEAD_BASICS);
    assert_int_equal(p.need, 22);
    assert_int_equal(p.ntarget, 6); /* the whole list: 2+2+4+4+5+5 */
    assert_false(p.target_named);
    /* 6 short of 100 (Q1 一部 and Q9 未実施 only): Q1 then Q9, named */
    int b[SD_MAX_QUESTIONS] = {0};
    b[0] = SD_CHOICE_PARTIAL;
    b[8] = SD_CHOICE_NONE;
    m = sd_member(&r, b, NULL);
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.need, 6);
    assert_int_equal(p.ntarget, 2);
    assert_true(p.target_named);
    assert_int_equal(p.order[0], 0);
    assert_int_equal(p.order[1], 8);
    assert_true(p.nlist >= p.ntarget);
}

static void test_order_by_peers_within_groups(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    int a[SD_MAX_QUESTIONS] = {0};
    double rates[SD_MAX_QUESTIONS] = {0};
    a[2] = SD_CHOICE_PARTIAL;  /* basic, partial */
    a[3] = SD_CHOICE_UNKNOWN;  /* basic, unknown */
    a[4] = SD_CHOICE_NONE;     /* basic, none */
    a[11] = SD_CHOICE_NONE;    /* other, none */
    a[12] = SD_CHOICE_NONE;    /* other, none */
    a[13] = SD_CHOICE_UNKNOWN; /* other, unknown */
    a[20] = SD_CHOICE_PARTIAL; /* other, partial */
    rates[11] = 0.2;
    rates[12] = 0.8;
    sd_plan_member m = sd_member(&r, a, rates);
    sd_plan p;
    sd_plan_order(&r, &m, &p);
    int want[] = {4, 3, 2, 12, 11, 13, 20};
    assert_int_equal(p.norder, 7);
    for (int i = 0; i < 7; i++)
        assert_int_equal(p.order[i], want[i]);
    assert_int_equal(p.nbasics_open, 3);
    /* without peer figures, question order within a group */
    m.peer_rate = NULL;
    sd_plan_order(&r, &m, &p);
    assert_int_equal(p.order[3], 11);
    assert_int_equal(p.order[4], 12);
}

/* IPA's steps: ★ is a declaration to work on the 5か条, ★★ the diagnosis
 * done and a basic policy published. */
static void test_sa_step(void **state)
{
    sd_plan_member m = {NULL, 0, false, 0, NULL};
    assert_int_equal(sd_plan_sa_step(&m, false), SD_SA_STEP_UNKNOWN);
    assert_int_equal(sd_plan_sa_step(&m, true), SD_SA_STEP_UNKNOWN_DONE);
    m.sa_known = true;
    assert_int_equal(sd_plan_sa_step(&m, false), SD_SA_STEP_START);
    assert_int_equal(sd_plan_sa_step(&m, true), SD_SA_STEP_ONE);
    m.sa_level = 1; /* ★ declared with the basics not done: keep the promise first */
    assert_int_equal(sd_plan_sa_step(&m, false), SD_SA_STEP_KEEP);
    assert_int_equal(sd_plan_sa_step(&m, true), SD_SA_STEP_TWO);
    m.sa_level = 2;
    assert_int_equal(sd_plan_sa_step(&m, false), SD_SA_STEP_DONE_BASICS);
    assert_int_equal(sd_plan_sa_step(&m, true), SD_SA_STEP_DONE);
    for (int s = 0; s < SD_SA_NSTEPS; s++)
        assert_string_not_equal(sd_text(*state, sd_sa_step_key((sd_sa_step)s)), "");
    for (int l = SD_LEAD_DONE; l <= SD_LEAD_FINISH; l++)
        assert_string_not_equal(sd_text(*state, sd_plan_lead_key((sd_plan_lead)l)), "");
    /* ★ with Q1 わからない and Q3, Q4 一部: keep the promise, naming Q1 Q3 Q4 */
    sd_plan_rules r = sd_rules_of(state);
    int a[SD_MAX_QUESTIONS] = {0};
    a[0] = SD_CHOICE_UNKNOWN;
    a[2] = a[3] = SD_CHOICE_PARTIAL;
    m = sd_member(&r, a, NULL);
    m.sa_level = 1;
    sd_plan p;
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.sa, SD_SA_STEP_KEEP);
    assert_int_equal(p.nsa_items, 3);
    assert_int_equal(p.sa_items[0], 0);
    assert_int_equal(p.sa_items[1], 2);
    assert_int_equal(p.sa_items[2], 3);
}

/* The headline follows the member's situation. */
static void test_leads(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    int a[SD_MAX_QUESTIONS] = {0};
    sd_plan_member m = sd_member(&r, a, NULL);
    sd_plan p;
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.lead, SD_LEAD_DONE);
    assert_int_equal(p.norder, 0);
    assert_int_equal(p.next_band, -1);
    a[1] = SD_CHOICE_NONE; /* only a basic left */
    m = sd_member(&r, a, NULL);
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.lead, SD_LEAD_BASICS_ONLY);
    a[1] = SD_CHOICE_DONE;
    a[10] = SD_CHOICE_PARTIAL; /* nothing 実施していない */
    m = sd_member(&r, a, NULL);
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.lead, SD_LEAD_FINISH);
    a[11] = SD_CHOICE_NONE;
    m = sd_member(&r, a, NULL);
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.lead, SD_LEAD_REST);
    a[0] = SD_CHOICE_NONE;
    m = sd_member(&r, a, NULL);
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.lead, SD_LEAD_BASICS);
    for (int q = 0; q < 12; q++)
        a[q] = SD_CHOICE_UNKNOWN;
    m = sd_member(&r, a, NULL);
    sd_plan_make(&r, &m, &p);
    assert_int_not_equal(p.lead, SD_LEAD_UNKNOWN); /* 12 of 25 is not most */
    a[12] = SD_CHOICE_UNKNOWN;
    m = sd_member(&r, a, NULL);
    sd_plan_make(&r, &m, &p);
    assert_int_equal(p.lead, SD_LEAD_UNKNOWN);
}

/* A small deterministic generator, so a failure can be replayed. */
static unsigned sd_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* The plan's promises over many random members: the list holds every item
 * not done once, starts with the 基本的対策 not fully done (実施していない,
 * わからない, 一部実施) and never goes back a group; the target is the top
 * of that list, reaches the next band and no shorter top would; named
 * target items are within what the list shows; the SECURITY ACTION step
 * names exactly the basics not done; the same member, the same plan. */
static void sd_check_plan(const sd_plan_rules *r, const sd_plan_member *m, const sd_plan *p)
{
    bool seen[SD_MAX_QUESTIONS] = {false};
    int notdone = 0, basics_open = 0;
    for (int q = 0; q < r->nquestions; q++) {
        notdone += m->answers[q] != SD_CHOICE_DONE;
        basics_open += m->answers[q] != SD_CHOICE_DONE && q + 1 >= r->basic_first && q + 1 <= r->basic_last;
    }
    assert_int_equal(p->norder, notdone);
    assert_int_equal(p->nbasics_open, basics_open);
    int last_group = 0;
    for (int i = 0; i < p->norder; i++) {
        int q = p->order[i], c = m->answers[q];
        assert_true(q >= 0 && q < r->nquestions);
        assert_int_not_equal(c, SD_CHOICE_DONE);
        assert_false(seen[q]);
        seen[q] = true;
        bool basic = q + 1 >= r->basic_first && q + 1 <= r->basic_last;
        assert_true(basic == (i < basics_open)); /* the basics first */
        int group = (basic ? 0 : 3) + (c == SD_CHOICE_NONE ? 0 : c == SD_CHOICE_UNKNOWN ? 1 : 2);
        assert_true(group >= last_group);
        last_group = group;
    }
    if (p->next_band < 0) {
        assert_int_equal(p->ntarget, 0);
        assert_int_equal(p->need, 0);
    } else {
        assert_int_equal(p->need, r->band_min[p->next_band] - m->total);
        assert_true(p->need > 0);
        for (int b = 0; b < r->nbands; b++)
            assert_false(r->band_min[b] > m->total && r->band_min[b] < r->band_min[p->next_band]);
        int gains = 0, before_last = 0;
        for (int i = 0; i < p->ntarget; i++) {
            before_last = gains;
            gains += r->points[SD_CHOICE_DONE] - r->points[m->answers[p->order[i]]];
        }
        assert_true(p->ntarget <= p->norder);
        assert_true(m->total + gains >= r->band_min[p->next_band]); /* reaches it */
        assert_true(before_last < p->need);                         /* a shorter top does not */
    }
    assert_true(p->target_named == (p->ntarget <= SD_PLAN_NAMED));
    if (p->target_named)
        assert_true(p->ntarget <= p->nlist); /* what it names, the list shows */
    assert_true(p->nlist <= p->norder);
    assert_true(p->nlist >= (p->norder < r->max_items ? p->norder : r->max_items));
    assert_true(p->nlist >= p->nbasics_open);
    assert_int_equal(p->nsa_items, basics_open);
    for (int i = 0; i < p->nsa_items; i++) {
        assert_int_not_equal(m->answers[p->sa_items[i]], SD_CHOICE_DONE);
        if (i)
            assert_true(p->sa_items[i - 1] < p->sa_items[i]);
    }
    bool declared = m->sa_known && m->sa_level >= 1;
    if (declared && basics_open)
        assert_true(p->sa == SD_SA_STEP_KEEP || p->sa == SD_SA_STEP_DONE_BASICS);
    if (p->sa == SD_SA_STEP_TWO || p->sa == SD_SA_STEP_ONE || p->sa == SD_SA_STEP_DONE)
        assert_int_equal(basics_open, 0);
}

static void test_random_plans_hold_their_properties(void **state)
{
    sd_plan_rules r = sd_rules_of(state);
    unsigned seed = 20250425u;
    const char *env = getenv("SD_TEST_SEED");
    if (env && *env)
        seed = (unsigned)strtoul(env, NULL, 10);
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
        assert_memory_equal(p.order, again.order, sizeof(int) * (size_t)p.norder);
        assert_int_equal(p.sa, again.sa);
        assert_int_equal(p.lead, again.lead);
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
    assert_false(p.target_named);
    sd_check_plan(&r, &m, &p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_from_templates),
        cmocka_unit_test(test_next_band),
        cmocka_unit_test(test_one_story),
        cmocka_unit_test(test_order_by_peers_within_groups),
        cmocka_unit_test(test_sa_step),
        cmocka_unit_test(test_leads),
        cmocka_unit_test(test_random_plans_hold_their_properties),
        cmocka_unit_test(test_bands_as_plain_data),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
