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
    bool basics_done;        /* the 5か条 (Q1-Q5) all done */
    const double *peer_rate; /* per question, the peers' implementation rate
                              * (0..1) where published; NULL when none is */
} sd_plan_member;

/* The SECURITY ACTION step the report shows. */
typedef enum {
    SD_SA_STEP_UNKNOWN = 0, /* the declaration was not given */
    SD_SA_STEP_DONE,        /* ★★ declared */
    SD_SA_STEP_TWO,         /* ★ declared: ★★ next */
    SD_SA_STEP_ONE,         /* the 5か条 done: declare ★ */
    SD_SA_STEP_BASICS,      /* the 5か条 first */
} sd_sa_step;

/* What the report says to a member. Question numbers are 0-based indexes. */
typedef struct {
    int next_band;                /* index in band_min of the band to reach, -1 at the top */
    int need;                     /* points missing to reach it, 0 at the top */
    int target[SD_MAX_QUESTIONS]; /* the fewest items whose doing reaches it, ascending */
    int ntarget;
    int order[SD_MAX_QUESTIONS]; /* every item not done, in the order advised */
    int norder;
    int max_items;      /* how many of order come with their advice */
    bool unknown_first; /* mostly わからない: finding out comes first */
    sd_sa_step sa;      /* the SECURITY ACTION step */
} sd_plan;

/* Fills rules from the loaded questionnaire (its first part is the
 * 基本的対策) and report.ini's company.next_steps_count. */
void sd_plan_rules_from_templates(sd_plan_rules *rules, const sd_templates *t);

/* The band with the lowest minimum above total: its index, or -1 when
 * total is in the top band already. */
int sd_plan_next_band(const sd_plan_rules *rules, int total);

/* The fewest items that reach the next band: each item not done gains
 * from its points to 実施's, largest gains first (in question order among
 * equals, so the 基本的対策 come first). Sets next_band, need, target and
 * ntarget of out. */
void sd_plan_target(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out);

/* Every item not done, in the order advised: the 基本的対策 not done or
 * not known, then the other items not done or not known, then the partly
 * done basics, then the other partly done; within each, the items most
 * peers already do first (question order when no peer figures). Sets
 * order and norder of out. */
void sd_plan_order(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out);

/* The SECURITY ACTION step for a member. */
sd_sa_step sd_plan_sa_step(const sd_plan_member *m);

/* The whole plan for a member (every field of out). */
void sd_plan_make(const sd_plan_rules *rules, const sd_plan_member *m, sd_plan *out);

/* The report.ini key of a step's sentence ("company.sa_basics"). */
const char *sd_sa_step_key(sd_sa_step step);

#endif
