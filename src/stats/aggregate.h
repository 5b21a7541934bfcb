/* aggregate.h - the figures every report, sheet and `shindan stats` shows,
 * computed in one place so that they always agree */
#ifndef SD_AGGREGATE_H
#define SD_AGGREGATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/templates.h"
#include "rules/rank.h" /* sd_quantile, sd_percentile_rank */
#include "store/ledger.h"

typedef enum {
    SD_BY_ALL = 0,
    SD_BY_INDUSTRY,
    SD_BY_PREFECTURE,
    SD_BY_MUNICIPALITY,
    SD_BY_SIZE,
    SD_BY_BAND,
    SD_BY_PERIOD,
    SD_BY_INDUSTRY_PREFECTURE, /* the cross-tab: key "E08" */
} sd_grouping;

/* Figures of one group of responses in one period. */
typedef struct {
    char key[160];                       /* E, 08, 茨城県水戸市, 3, 2026-10 */
    char label[160];                     /* 製造業, 茨城県, 21〜50人 */
    int n;                               /* responses */
    bool suppressed;                     /* set by stats/publish.c's rule (or before
                                          * it, by the ledger: then kept) */
    bool pinned;                         /* these members' figure was published
                                          * before: the complement never hides it */
    bool near_release;                   /* hidden by the ledger: an earlier release
                                          * of it differs by fewer than k members */
    sd_member_set members;               /* for the publication ledger */
    double mean, median, q1, q3, sd;     /* of the total */
    int min, max;
    double part_mean[SD_MAX_PARTS];      /* points */
    double part_share[SD_MAX_PARTS];     /* mean / part maximum, 0..1 */
    double band_share[SD_MAX_BANDS];     /* 0..1 */
    int sa_known;                        /* responses whose declaration is known */
    double sa_share[3];                  /* none, ★, ★★; 0..1 of sa_known */
    int ready_undeclared;                /* Q1-Q5 all 実施 but no ★ declared */
    double ready_undeclared_share;       /* of sa_known */
} sd_group_stats;

typedef struct {
    sd_group_stats *groups; /* owned, ordered by key */
    size_t n;
} sd_stats_table;

void sd_stats_table_free(sd_stats_table *t);

/* Groups responses of period (all periods for SD_BY_PERIOD, up to and
 * including period) by the grouping and computes their raw figures; no
 * group is suppressed here (stats/publish.c owns the privacy rule).
 * Returns SD_OK or SD_ERR_DB. */
sd_error sd_stats_groups(sqlite3 *db, const sd_templates *t, const char *period, sd_grouping by,
                         sd_stats_table *out, char *err, size_t errlen);

/* Answer shares of one question in one group. */
typedef struct {
    int n;                        /* responses */
    double share[SD_NCHOICES];    /* 0..1 per choice */
    double rate;                  /* done + partial: the IPA implementation rate */
} sd_question_stats;

/* Per-question shares for period: out holds SD_NINDUSTRIES + 1 blocks of
 * SD_MAX_QUESTIONS, all members first, then industry A, B, … (a block's
 * first t->nquestions entries are filled). */
sd_error sd_stats_questions(sqlite3 *db, const sd_templates *t, const char *period, sd_question_stats *out,
                            char *err, size_t errlen);

/* Every total of a period, ascending: all members and per industry, for
 * percentile ranks. */
typedef struct {
    int *all;
    size_t nall;
    int *industry[SD_NINDUSTRIES]; /* index: letter - 'A' */
    size_t nindustry[SD_NINDUSTRIES];
} sd_totals;

sd_error sd_totals_load(sqlite3 *db, const char *period, sd_totals *out, char *err, size_t errlen);
void sd_totals_free(sd_totals *t);

/* One company's standing in a period. */
typedef struct {
    char member_no[40];
    char *name;        /* owned: free with sd_company_stats_free */
    char industry;
    int prefecture;
    int total;
    double pct_industry; /* percentile rank within its industry */
    double pct_all;      /* within all members */
    bool has_prev;
    char prev_period[8];
    int prev_total;
} sd_company_stats;

/* Every company of period with its percentile ranks and its change since
 * its latest earlier answer, ordered by member number. *out is owned by
 * the caller (free). Company rows are never published: one member each. */
sd_error sd_stats_companies(sqlite3 *db, const char *period, sd_company_stats **out, size_t *n, char *err,
                            size_t errlen);
void sd_company_stats_free(sd_company_stats *v, size_t n);

/* Sets g's key and label for a group of grouping by whose key (as the
 * database groups it: letter, prefecture code, size id) is key. */
void sd_group_label(const sd_templates *t, sd_grouping by, const char *key, sd_group_stats *g);

/* Parses a grouping name (industry, region, prefecture, municipality,
 * size, band, period, all, industry-prefecture). Returns false for an unknown name. */
bool sd_grouping_parse(const char *name, sd_grouping *by);

/* A band as people read it: 達成（100点）, 一部不足（70〜99点）, 要改善（49点以下）. */
void sd_band_name(const sd_templates *t, int b, char *out, size_t len);

#endif
