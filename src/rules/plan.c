/* plan.c - a member's plan: the next band's target, what to do next, the SECURITY ACTION step */
#include <stdbool.h>
#include <stdlib.h>

#include "rules/plan.h"

void sd_plan_rules_from_templates(sd_plan_rules *rules, const sd_templates *t)
{
    rules->nquestions = t->nquestions;
    for (int k = 0; k < SD_NCHOICES; k++)
        rules->points[k] = t->choices[k].points;
    rules->basic_first = t->parts[0].first;
    rules->basic_last = t->parts[0].last;
    rules->nbands = t->nbands;
    for (int b = 0; b < t->nbands; b++)
        rules->band_min[b] = t->bands[b].min;
    rules->max_items = atoi(sd_text(t, "company.next_steps_count"));
    if (rules->max_items < 1)
        rules->max_items = SD_PLAN_ITEMS;
}

int sd_plan_next_band(const sd_plan_rules *rules, int total)
{
    int next = -1;
    for (int b = 0; b < rules->nbands; b++)
        if (rules->band_min[b] > total && (next < 0 || rules->band_min[b] < rules->band_min[next]))
            next = b;
    return next;
}

static bool sd_plan_basic(const sd_plan_rules *rules, int q)
{
    return q + 1 >= rules->basic_first && q + 1 <= rules->basic_last;
}

/* The group of an item in the advised order (lower first): the basics
 * before the rest, and within each 実施していない, わからない, 一部実施. */
static int sd_plan_group(const sd_plan_rules *rules, int q, int choice)
{
    int kind = choice == SD_CHOICE_NONE ? 0 : choice == SD_CHOICE_UNKNOWN ? 1 : 2;
    return (sd_plan_basic(rules, q) ? 0 : 3) + kind;
}

void sd_plan_order(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out)
{
    const int *ans = m->answers;
    const double *rate = m->peer_rate;
    int *order = out->order;
    int n = 0;
    out->nbasics_open = 0;
    for (int q = 0; q < rules->nquestions; q++)
        if (ans[q] != SD_CHOICE_DONE) {
            order[n++] = q;
            out->nbasics_open += sd_plan_basic(rules, q);
        }
    /* a stable insertion sort (n <= 25) */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            int a = order[j - 1], b = order[j];
            int ga = sd_plan_group(rules, a, ans[a]), gb = sd_plan_group(rules, b, ans[b]);
            /* rates equal within rounding keep question order */
            bool swap = gb < ga || (gb == ga && rate && rate[b] > rate[a] + 1e-9);
            if (!swap)
                break;
            order[j - 1] = b;
            order[j] = a;
        }
    out->norder = n;
}

void sd_plan_target(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out)
{
    out->ntarget = 0;
    out->need = 0;
    out->target_named = false;
    out->next_band = sd_plan_next_band(rules, m->total);
    if (out->next_band < 0)
        return;
    out->need = rules->band_min[out->next_band] - m->total;
    int done = rules->points[SD_CHOICE_DONE];
    int sum = 0;
    while (out->ntarget < out->norder && sum < out->need) {
        int q = out->order[out->ntarget++];
        sum += done - rules->points[m->answers[q]];
    }
    out->target_named = out->ntarget <= SD_PLAN_NAMED;
}

sd_sa_step sd_plan_sa_step(const sd_plan_member *m, bool basics_done)
{
    if (!m->sa_known)
        return basics_done ? SD_SA_STEP_UNKNOWN_DONE : SD_SA_STEP_UNKNOWN;
    if (m->sa_level >= 2)
        return basics_done ? SD_SA_STEP_DONE : SD_SA_STEP_DONE_BASICS;
    if (m->sa_level == 1)
        return basics_done ? SD_SA_STEP_TWO : SD_SA_STEP_KEEP;
    return basics_done ? SD_SA_STEP_ONE : SD_SA_STEP_START;
}

/* The headline's situation from the order made. */
static sd_plan_lead sd_plan_lead_of(const sd_plan_rules *rules, const sd_plan_member *m, const sd_plan *p)
{
    if (p->norder == 0)
        return SD_LEAD_DONE;
    int nunknown = 0, nnone = 0;
    for (int q = 0; q < rules->nquestions; q++) {
        nunknown += m->answers[q] == SD_CHOICE_UNKNOWN;
        nnone += m->answers[q] == SD_CHOICE_NONE;
    }
    if (nunknown * 2 > rules->nquestions)
        return SD_LEAD_UNKNOWN;
    if (p->nbasics_open > 0)
        return p->nbasics_open == p->norder ? SD_LEAD_BASICS_ONLY : SD_LEAD_BASICS;
    return nnone > 0 ? SD_LEAD_REST : SD_LEAD_FINISH;
}

void sd_plan_make(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out)
{
    sd_plan_order(rules, m, out);
    sd_plan_target(rules, m, out);
    out->lead = sd_plan_lead_of(rules, m, out);
    /* the list shows at least its usual count, every basic item open and
     * every item the target line names */
    int nlist = rules->max_items;
    if (out->nbasics_open > nlist)
        nlist = out->nbasics_open;
    if (out->target_named && out->ntarget > nlist)
        nlist = out->ntarget;
    out->nlist = nlist < out->norder ? nlist : out->norder;
    /* the 5か条 not done, named in question order */
    out->nsa_items = 0;
    for (int q = 0; q < rules->nquestions; q++)
        if (m->answers[q] != SD_CHOICE_DONE && sd_plan_basic(rules, q))
            out->sa_items[out->nsa_items++] = q;
    out->sa = sd_plan_sa_step(m, out->nbasics_open == 0);
}

const char *sd_sa_step_key(sd_sa_step step)
{
    static const char *const keys[SD_SA_NSTEPS] = {
        [SD_SA_STEP_START] = "company.sa_start",
        [SD_SA_STEP_ONE] = "company.sa_one",
        [SD_SA_STEP_KEEP] = "company.sa_keep",
        [SD_SA_STEP_TWO] = "company.sa_two",
        [SD_SA_STEP_DONE_BASICS] = "company.sa_done_basics",
        [SD_SA_STEP_DONE] = "company.sa_done",
        [SD_SA_STEP_UNKNOWN] = "company.sa_unknown",
        [SD_SA_STEP_UNKNOWN_DONE] = "company.sa_unknown_done",
    };
    return keys[step];
}

const char *sd_plan_lead_key(sd_plan_lead lead)
{
    static const char *const keys[] = {
        [SD_LEAD_DONE] = "company.lead_done",
        [SD_LEAD_UNKNOWN] = "company.lead_unknown",
        [SD_LEAD_BASICS] = "company.lead_basics",
        [SD_LEAD_BASICS_ONLY] = "company.lead_basics_only",
        [SD_LEAD_REST] = "company.lead_rest",
        [SD_LEAD_FINISH] = "company.lead_finish",
    };
    return keys[lead];
}
