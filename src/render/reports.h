/* reports.h - the period's figures loaded once, and the documents made
 * from them: company PDFs, the summary PDF and the workbook */
#ifndef SD_REPORTS_H
#define SD_REPORTS_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/templates.h"
#include "render/fontsubset.h"
#include "stats/aggregate.h"

/* Everything a period's documents share. */
typedef struct {
    sqlite3 *db;
    const sd_templates *t;
    char period[8];                                        /* YYYY-MM */
    sd_group_stats all;                                    /* all members */
    sd_stats_table by_industry;                            /* unsuppressed */
    sd_stats_table by_prefecture;                          /* unsuppressed */
    sd_question_stats q_all[SD_MAX_QUESTIONS];
    sd_question_stats q_industry[SD_NINDUSTRIES][SD_MAX_QUESTIONS];
    sd_totals totals;                                      /* for percentile ranks */
} sd_period_ctx;

/* Loads the period's figures. Returns SD_OK, SD_ERR_NO_DATA when the
 * period has no responses, or SD_ERR_DB. Free with sd_period_ctx_free. */
sd_error sd_period_ctx_load(sqlite3 *db, const sd_templates *t, const char *period, sd_period_ctx *ctx,
                            char *err, size_t errlen);
void sd_period_ctx_free(sd_period_ctx *ctx);

/* One company's answer in the period, and its previous one. */
typedef struct {
    char member_no[40];
    char *name;                     /* owned */
    char industry;
    int prefecture;
    char *municipality;             /* owned, may be NULL */
    int size_band;
    int sa_level;
    int answers[SD_MAX_QUESTIONS];
    int total;
    int parts[SD_MAX_PARTS];
    bool has_prev;                  /* an answer in an earlier period */
    char prev_period[8];
    int prev_total;
    int prev_parts[SD_MAX_PARTS];
} sd_company_answer;

void sd_company_answer_clear(sd_company_answer *c);

/* Member numbers with an answer in the period, sorted (only `only` when
 * not NULL). The caller frees the array with sd_strv_free. */
sd_error sd_period_members(sqlite3 *db, const char *period, const char *only, char ***out, size_t *n, char *err,
                           size_t errlen);

/* Loads one company's answer for the period. */
sd_error sd_company_answer_load(sqlite3 *db, const sd_templates *t, const char *period, const char *member_no,
                                sd_company_answer *out, char *err, size_t errlen);

/* Writes the company report (2 pages) to path. */
sd_error sd_company_report_write(const sd_period_ctx *ctx, const sd_font *font, const sd_company_answer *c,
                                 const char *path, char *err, size_t errlen);

/* Writes the newsletter summary to path. */
sd_error sd_summary_report_write(const sd_period_ctx *ctx, const sd_font *font, const char *path, char *err,
                                 size_t errlen);

/* Writes the analysts' workbook to path; details adds the per-answer sheet. */
sd_error sd_workbook_write(const sd_period_ctx *ctx, bool details, const char *path, char *err, size_t errlen);

/* "令和" is avoided: periods print as 2026年10月. Writes into out (32 bytes). */
void sd_period_label(const char *period, char out[32]);

#endif
