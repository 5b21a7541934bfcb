/* publish.h - the only publisher: the figures that may leave shindan.
 *
 * Everything a member, a newsletter reader or an outside analyst sees
 * (summary.pdf, company PDFs, summary.xlsx, `stats`) is drawn from an
 * sd_published view. The privacy rule lives here and nowhere else:
 *
 *  - a group with fewer than min_group responses is suppressed;
 *  - a group whose parts or whole are published elsewhere is suppressed
 *    too when it could otherwise be found by subtraction (the
 *    complementary rule: all members = industries = prefectures = sizes;
 *    prefecture = its municipalities; industry x prefecture cells in the
 *    lines of both; a suppressed industry or prefecture hides its cells
 *    and municipalities);
 *  - a suppressed group carries its key and label and no value at all
 *    (its n is 0, its figures are 0): nothing downstream can print them;
 *  - published groups carry no minimum or maximum (each is one member's
 *    score); those exist only in the details view (SD_VIEW_DETAILS,
 *    the workbook with 回答明細, `stats --no-suppress`).
 *
 * render/ receives this view and runs no SQL and applies no threshold. */
#ifndef SD_PUBLISH_H
#define SD_PUBLISH_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/templates.h"
#include "rules/bound.h"
#include "stats/aggregate.h"

/* One group as published. */
typedef struct {
    char key[160];                       /* E, 08, 茨城県水戸市, 3, 2026-10 */
    char label[160];                     /* 製造業, 茨城県, 21〜50人 */
    bool suppressed;                     /* then every figure below is 0 */
    bool near_release;                   /* suppressed because an earlier release of
                                          * it differs by fewer than k members: for
                                          * staff's notes only, never printed in an
                                          * output (it would tell it has members) */
    bool order_hidden;                   /* fewer than SD_ORDER_MIN(k) responses:
                                          * median, q1, q3 and sd are 0, not shown */
    bool shares_hidden;                  /* the same small group: part means and
                                          * shares and band shares are 0, not
                                          * shown (100 % of five in a band, or
                                          * full points in a part, is every
                                          * member's) */
    int n;                               /* responses */
    double mean, median, q1, q3, sd;     /* of the total */
    double part_mean[SD_MAX_PARTS];      /* points */
    double part_share[SD_MAX_PARTS];     /* mean / part maximum, 0..1 */
    double band_share[SD_MAX_BANDS];     /* 0..1 */
    int sa_known;                        /* responses whose declaration is known;
                                          * 0 (no SECURITY ACTION figure) when
                                          * fewer than SD_ORDER_MIN(k) are */
    double sa_share[3];                  /* none, ★, ★★; 0..1 of sa_known */
    int ready_undeclared;                /* 5か条 done, no ★ declared */
    double ready_undeclared_share;       /* of sa_known */
    sd_member_set members;               /* for the ledger only: never drawn */
} sd_pub_group;

/* Order statistics (median, quartiles, standard deviation) are published
 * only for groups of at least twice min_group. With five members the
 * median and quartiles are the 2nd, 3rd and 4th scores and the mean and
 * standard deviation then give the 1st and 5th; up to 2k-1 members the
 * three quartiles pin up to six of the scores and the mean and deviation
 * leave so few free that a search over whole points finds the rest. At
 * 2k, at least k scores are tied only to the mean and the deviation. */
#define SD_ORDER_MIN(k) (2 * (k))

typedef struct {
    sd_pub_group *groups; /* owned, ordered by key */
    size_t n;
    int (*extremes)[2];   /* owned; min and max per group, details view only */
} sd_pub_table;

/* Answer shares of one question in one published group. A group under
 * SD_BOUND_BELOW(k) members (rules/bound.h) publishes its rate only, and
 * a rate within one member of none or all only as a bound: 100 % of five
 * is every member's answer. */
typedef struct {
    bool suppressed;              /* then n and every share are 0 */
    bool shares_hidden;           /* a small group: the choice shares are 0,
                                   * not shown (they would pin the rate) */
    int n;                        /* answers */
    double share[SD_NCHOICES];    /* 0..1 per choice */
    double rate;                  /* done + partial: the IPA implementation rate;
                                   * the bound's value (0.8) when bounded */
    sd_share_bound rate_bound;    /* SD_SHARE_EXACT, or print the bound
                                   * (sd_share_bound_text), never rate */
} sd_pub_question;

typedef enum {
    SD_VIEW_PUBLISHED = 0, /* the privacy rule applied */
    SD_VIEW_DETAILS,       /* the rule applied, plus min and max per group */
    SD_VIEW_UNSUPPRESSED,  /* internal checks only (--no-suppress) */
    SD_VIEW_RECORDED,      /* the rule applied, and of what it shows only the
                            * figures the ledger holds as shown over these
                            * very members (public already): for a reader
                            * that cannot record what it shows (`stats` on
                            * a read-only database); records nothing */
} sd_view_kind;

/* A period's published figures. */
typedef struct {
    const sd_templates *t;
    char period[8];                               /* YYYY-MM */
    sd_view_kind kind;
    bool withheld;                                /* the ledger hid the whole period: its
                                                   * members differ by fewer than min_group
                                                   * from a release made before */
    bool unrecorded;                              /* SD_VIEW_RECORDED: a figure the rule
                                                   * would show is hidden because the
                                                   * ledger does not hold it as shown */
    sd_pub_group all;                             /* all members */
    sd_pub_table by[SD_BY_INDUSTRY_PREFECTURE + 1]; /* index: sd_grouping */
    sd_pub_question q_all[SD_MAX_QUESTIONS];
    sd_pub_question q_industry[SD_NINDUSTRIES][SD_MAX_QUESTIONS]; /* suppressed with the industry */
    struct sd_pub_private *priv;                  /* ranks' raw totals: never handed out */
} sd_published;

/* Loads the period's figures and applies the privacy rule (unless kind is
 * SD_VIEW_UNSUPPRESSED). Returns SD_OK, SD_ERR_NO_DATA when the period has
 * no responses, or SD_ERR_DB; free with sd_published_free. */
sd_error sd_published_load(sqlite3 *db, const sd_templates *t, const char *period, sd_view_kind kind,
                           sd_published *out, char *err, size_t errlen);
void sd_published_free(sd_published *p);

/* Records in the publication ledger every figure of p (shown or hidden)
 * as written to output ("summary.pdf", "summary.xlsx", "stats"), in one
 * transaction. A view without the rule (SD_VIEW_UNSUPPRESSED) or of
 * recorded figures only (SD_VIEW_RECORDED) records nothing. Returns SD_OK or SD_ERR_DB. */
sd_error sd_published_record(sqlite3 *db, const sd_published *p, const char *output, char *err, size_t errlen);

/* The table of one grouping (SD_BY_ALL: one group, the same as all). */
const sd_pub_table *sd_published_table(const sd_published *p, sd_grouping by);
/* The published group with key in a table, or NULL. */
const sd_pub_group *sd_pub_find(const sd_pub_table *tab, const char *key);

/* The privacy rule on raw tables, exposed for its unit tests; each sets
 * every group's suppressed flag. k is the minimum group. A line: groups
 * whose whole is published (all members). Cross: industry x prefecture
 * cells (key E08) with the industry and prefecture tables already
 * suppressed. Nested: municipalities (key starts with the prefecture's
 * label) under the prefecture table already suppressed. A group already
 * marked suppressed (by the ledger) stays so; a pinned one (published
 * before over the same members) is never chosen as a complement. Each
 * returns false when a lone hidden part could not be covered because
 * every other part is pinned: the caller then withholds the period. */
bool sd_suppress_line(sd_group_stats *groups, size_t n, int k);
bool sd_suppress_cross(sd_stats_table *tab, int k, const sd_stats_table *industry,
                       const sd_stats_table *prefecture);
bool sd_suppress_nested(sd_stats_table *tab, int k, const sd_stats_table *parent);

/* One member's own answer in a period, with what it may be compared with. */
typedef struct {
    char *member_no;                /* owned */
    char *name;                     /* owned */
    char industry;
    int prefecture;
    char *municipality;             /* owned, may be NULL */
    int size_band;
    int sa_level;
    bool sa_known;                  /* false: the declaration was not given */
    bool basics_done;               /* the 5か条 (Q1-Q5) all done */
    int answers[SD_MAX_QUESTIONS];  /* choice codes; every question present */
    int total;
    int parts[SD_MAX_PARTS];
    bool has_prev;                  /* an answer in an earlier period */
    char prev_period[8];
    int prev_total;
    int prev_parts[SD_MAX_PARTS];
    char seminar_on[11];            /* the day of the latest seminar it attended
                                     * after its previous answer and before
                                     * this one (YYYY-MM-DD), "" for none */
    bool has_rank_industry;         /* only where its industry is published */
    double top_industry;            /* 100 - percentile rank, in its industry */
    bool has_rank_all;              /* only where all members are published */
    double top_all;                 /* 100 - percentile rank, among all */
} sd_company_view;

void sd_company_view_clear(sd_company_view *c);

/* Member numbers with an answer in the period, sorted (only `only` when
 * not NULL; SD_ERR_NO_DATA when that member has none). The caller frees
 * the array with sd_strv_free. */
sd_error sd_period_members(sqlite3 *db, const char *period, const char *only, char ***out, size_t *n, char *err,
                           size_t errlen);

/* Loads one member's answer for pub's period, its previous answer, the
 * seminar it attended between the two and its ranks. A missing or unknown answer code is an error, never a default. */
sd_error sd_company_view_load(sqlite3 *db, const sd_published *pub, const char *member_no, sd_company_view *out,
                              char *err, size_t errlen);

#endif
