/* plan.h - a member's plan: the next band and the fewest items that reach
 * it, the order of "what to do next", the SECURITY ACTION step.
 *
 * Pure functions over plain data: the member's answers, the
 * questionnaire's points and parts and the band thresholds as numbers.
 * Nothing here reads a database or draws; the company report draws the
 * plan it is given, so what the plan says can be tested on its own. */
#ifndef SD_PLAN_H
#define SD_PLAN_H

#include <stdbool.h>

#include "core/templates.h"

/* Items listed with their advice when the report text does not say. */
#define SD_PLAN_ITEMS 4

/* The questionnaire as the plan needs it. */
typedef struct {
    int nquestions;              /* questions asked, <= SD_MAX_QUESTIONS */
    int points[SD_NCHOICES];     /* points per choice code (sd_choice_code) */
    int basic_first, basic_last; /* the 基本的対策's question numbers, 1-based, inclusive */
    int nbands;                  /* <= SD_MAX_BANDS */
    int band_min[SD_MAX_BANDS];  /* each band's lowest total (inclusive) */
    int max_items;               /* items listed with their advice, >= 1 */
} sd_plan_rules;

/* One member's answer as the plan needs it. */
typedef struct {
    const int *answers;      /* nquestions choice codes */
    int total;               /* the member's points */
    bool sa_known;           /* the SECURITY ACTION declaration was given */
    int sa_level;            /* 0 none, 1 ★, 2 ★★ */
    const double *peer_rate; /* per question, the peers' implementation rate
                              * (0..1) where published; NULL when none is */
} sd_plan_member;

/* The sentence that heads the member's plan (beside the score): what the
 * member's answers call for first. */
typedef enum {
    SD_LEAD_DONE = 0,    /* every item done */
    SD_LEAD_UNKNOWN,     /* mostly わからない: finding out comes first */
    SD_LEAD_BASICS,      /* the 基本的対策 not all done, other items too */
    SD_LEAD_BASICS_ONLY, /* only 基本的対策 items are left */
    SD_LEAD_REST,        /* the basics done; other items not done */
    SD_LEAD_FINISH,      /* nothing 実施していない: 一部実施 / わからない to finish */
} sd_plan_lead;

/* The SECURITY ACTION step, from IPA's definitions (★: a declaration to
 * work on the 5か条; ★★: this self-diagnosis done and a basic policy set
 * and published) and the member's answers to the 5か条 (the questionnaire's
 * first part). */
typedef enum {
    SD_SA_STEP_START = 0,    /* none declared, the 5か条 not all done: declare ★ and work on them */
    SD_SA_STEP_ONE,          /* none declared, the 5か条 done: declare ★, ★★ within reach */
    SD_SA_STEP_KEEP,         /* ★ declared, the 5か条 not all done: keep that promise first */
    SD_SA_STEP_TWO,          /* ★ declared, the 5か条 done: a basic policy, then ★★ */
    SD_SA_STEP_DONE_BASICS,  /* ★★ declared, the 5か条 not all done: finish them */
    SD_SA_STEP_DONE,         /* ★★ declared, the 5か条 done: keep going */
    SD_SA_STEP_UNKNOWN,      /* not known, the 5か条 not all done */
    SD_SA_STEP_UNKNOWN_DONE, /* not known, the 5か条 done */
    SD_SA_NSTEPS
} sd_sa_step;

/* What the report says to a member, decided once: the headline, the
 * target line, the list and the SECURITY ACTION box all draw this.
 * Question numbers are 0-based indexes. */
typedef struct {
    sd_plan_lead lead;
    int order[SD_MAX_QUESTIONS]; /* every item not done, in the order advised */
    int norder;
    int nbasics_open;             /* items of the 基本的対策 not done (the first of order) */
    int next_band;                /* index in band_min of the band to reach, -1 at the top */
    int need;                     /* points missing to reach it, 0 at the top */
    int ntarget;                  /* the first ntarget items of order reach it */
    bool target_named;            /* few enough to name them (<= SD_PLAN_NAMED) */
    int nlist;                    /* items the list shows with their advice, at most */
    sd_sa_step sa;                /* the SECURITY ACTION step */
    int sa_items[SD_MAX_QUESTIONS]; /* the 5か条 items not done, in order */
    int nsa_items;
} sd_plan;

/* Target items named in the target line at most (more: "from the top"). */
#define SD_PLAN_NAMED 3

/* Fills rules from the loaded questionnaire (its first part is the
 * 基本的対策) and report.ini's company.next_steps_count. */
void sd_plan_rules_from_templates(sd_plan_rules *rules, const sd_templates *t);

/* The band with the lowest minimum above total: its index, or -1 when
 * total is in the top band already. */
int sd_plan_next_band(const sd_plan_rules *rules, int total);

/* Every item not done, in the order advised: the 基本的対策 first
 * (実施していない, then わからない, then 一部実施), then the other items by
 * the same rule; within each group the items most peers already do first
 * (question order among equals and when no peer figures). Sets order,
 * norder and nbasics_open of out. */
void sd_plan_order(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out);

/* The next band's target from the order already in out: the fewest items
 * taken from the top of the list whose doing reaches the next band. Sets
 * next_band, need, ntarget and target_named. */
void sd_plan_target(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out);

/* The SECURITY ACTION step for a member whose 5か条 are done or not. */
sd_sa_step sd_plan_sa_step(const sd_plan_member *m, bool basics_done);

/* The whole plan for a member (every field of out). */
void sd_plan_make(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out);

/* The report.ini key of a step's sentence ("company.sa_start"). */
const char *sd_sa_step_key(sd_sa_step step);

/* The report.ini key of a lead sentence ("company.lead_basics"). */
const char *sd_plan_lead_key(sd_plan_lead lead);

#endif
