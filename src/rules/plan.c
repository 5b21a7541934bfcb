/* plan.c - a member's plan: the next band's target, what to do next, the SECURITY ACTION step */
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

/* Sorts a[0..n) ascending by insertion (n is at most 25). */
static void sd_sort_ints(int *a, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && a[j] < a[j - 1]; j--) {
            int tmp = a[j];
            a[j] = a[j - 1];
            a[j - 1] = tmp;
        }
}

void sd_plan_target(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out)
{
    out->ntarget = 0;
    out->need = 0;
    out->next_band = sd_plan_next_band(rules, m->total);
    if (out->next_band < 0)
        return;
    int need = rules->band_min[out->next_band] - m->total;
    int gain[SD_MAX_QUESTIONS], cand[SD_MAX_QUESTIONS], n = 0;
    int done = rules->points[SD_CHOICE_DONE];
    for (int k = 0; k < rules->nquestions; k++)
        if (m->answers[k] != SD_CHOICE_DONE) {
            gain[k] = done - rules->points[m->answers[k]];
            cand[n++] = k;
        }
    /* a stable sort: among equal gains the earlier question first */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && gain[cand[j]] > gain[cand[j - 1]]; j--) {
            int tmp = cand[j];
            cand[j] = cand[j - 1];
            cand[j - 1] = tmp;
        }
    int sum = 0;
    for (int i = 0; i < n && sum < need; i++) {
        out->target[out->ntarget++] = cand[i];
        sum += gain[cand[i]];
    }
    sd_sort_ints(out->target, out->ntarget); /* named in question order */
    out->need = need;
}

/* The group of an item in the advised order (lower first). */
static int sd_plan_group(const sd_plan_rules *rules, int q, int choice)
{
    bool basic = q + 1 >= rules->basic_first && q + 1 <= rules->basic_last;
    if (choice == SD_CHOICE_NONE || choice == SD_CHOICE_UNKNOWN)
        return basic ? 0 : 1;
    if (choice == SD_CHOICE_PARTIAL)
        return basic ? 2 : 3;
    return 4;
}

void sd_plan_order(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out)
{
    const int *ans = m->answers;
    const double *rate = m->peer_rate;
    int *order = out->order;
    int n = 0;
    for (int q = 0; q < rules->nquestions; q++)
        if (ans[q] != SD_CHOICE_DONE)
            order[n++] = q;
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

sd_sa_step sd_plan_sa_step(const sd_plan_member *m)
{
    if (!m->sa_known)
        return SD_SA_STEP_UNKNOWN;
    if (m->sa_level >= 2)
        return SD_SA_STEP_DONE;
    if (m->sa_level == 1)
        return SD_SA_STEP_TWO;
    return m->basics_done ? SD_SA_STEP_ONE : SD_SA_STEP_BASICS;
}

void sd_plan_make(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out)
{
    sd_plan_target(rules, m, out);
    sd_plan_order(rules, m, out);
    out->max_items = rules->max_items;
    int nunknown = 0;
    for (int q = 0; q < rules->nquestions; q++)
        nunknown += m->answers[q] == SD_CHOICE_UNKNOWN;
    out->unknown_first = nunknown * 2 > rules->nquestions;
    out->sa = sd_plan_sa_step(m);
}

const char *sd_sa_step_key(sd_sa_step step)
{
    static const char *const keys[] = {
        [SD_SA_STEP_UNKNOWN] = "company.sa_unknown", [SD_SA_STEP_DONE] = "company.sa_done",
        [SD_SA_STEP_TWO] = "company.sa_two",         [SD_SA_STEP_ONE] = "company.sa_one",
        [SD_SA_STEP_BASICS] = "company.sa_basics",
    };
    return keys[step];
}
