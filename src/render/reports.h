/* reports.h - the documents made from a period's published figures:
 * company PDFs, the summary PDF, the workbook and the rejects list.
 * Nothing here runs SQL or applies the privacy rule: the caller
 * (batch/outputs.c) loads the figures from stats/ (publish.h, effect.h)
 * and the rows from store/ (rejects.h) and hands them over as plain data;
 * only the details sheet's answer rows stream, through a source. */
#ifndef SD_REPORTS_H
#define SD_REPORTS_H

#include <stdbool.h>
#include <stdio.h>

#include "core/templates.h"
#include "render/fontsubset.h"
#include "render/pdf.h"
#include "rules/round.h" /* the one rounding rule every document prints by */
#include "stats/effect.h"
#include "stats/publish.h"
#include "store/rows.h"

/* Writes the company report (2 pages) to path. */
sd_error sd_company_report_write(const sd_published *pub, const sd_font *font, const sd_company_view *c,
                                 const char *path, char *err, size_t errlen);

/* Adds the characters the company report draws with font to chars
 * (unfinished); none for a report whose page the template texts overflow
 * (sd_company_report_write refuses it, naming them). */
sd_error sd_company_report_chars(const sd_published *pub, const sd_font *font, const sd_company_view *c,
                                 sd_cpset *chars);

/* Draws the member's two report pages on pdf (a document of its own, or
 * one member among many in a seminar's handout, then file_pages > 0 is
 * the whole file's page count and each footer gives the page's place in
 * it too). Returns SD_OK, or SD_ERR_TEMPLATE with the template text that
 * is too long for page 1 in why. */
sd_error sd_company_pages(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, int file_pages, char *why,
                          size_t whylen);

/* Writes the newsletter summary to path. */
sd_error sd_summary_report_write(const sd_published *pub, const sd_font *font, const char *path, char *err,
                                 size_t errlen);

/* What the workbook draws besides pub, loaded by the caller and only read
 * here. */
typedef struct {
    const sd_seminar_effects *seminars; /* セミナーの効果 (no sheet when it has none) */
    bool details;                       /* the private workbook (0600): the two below */
    sd_detail_source answers;           /* 回答明細, streamed (details only) */
    const sd_reject_rows *rejects;      /* 取込エラー (details only) */
} sd_workbook_rows;

/* Writes the analysts' workbook to path. With rows->details (pub's kind is
 * then SD_VIEW_DETAILS) the per-answer and rejects sheets are added: they
 * quote members' own cells, so never in the workbook that leaves the
 * office. Returns SD_OK, the answers source's error, SD_ERR_XLSX or
 * SD_ERR_IO. */
sd_error sd_workbook_write(const sd_published *pub, const sd_workbook_rows *rows, const char *path, char *err,
                           size_t errlen);

/* Writes the period's rejects list (UTF-8 with BOM, CRLF) to path. */
sd_error sd_rejects_csv_write(const sd_reject_rows *rejects, const char *path, char *err, size_t errlen);

/* Prints `stats` for one grouping name (see sd_grouping_parse, plus
 * question, question-industry) as a table or CSV on out. raw gives min
 * and max (--no-suppress). Returns SD_OK, or SD_ERR_IO when out fails. */
sd_error sd_stats_print(FILE *out, const sd_published *pub, const char *by, bool csv, char *err, size_t errlen);
/* For staff, on a stream of their own (stderr), never in what is printed
 * for publication: why figures of grouping by are hidden where the reason
 * is the publication ledger (the period withheld after a late answer, or
 * a group within fewer than min_group members of an earlier release);
 * nothing when none is. */
void sd_stats_notes(FILE *out, const sd_published *pub, const char *by);

/* A CSV field, quoted; a leading = + - @ gets a ' so a spreadsheet never
 * runs member text as a formula. */
void sd_csv_quoted(FILE *fp, const char *s);

/* Why a suppressed group shows no figure, as truthfully as the view can
 * tell: shown is the count still published beside it (a score band's; 0
 * when none is). A count of at least min_group means the group was hidden
 * only so that a smaller one cannot be found by subtraction; with no count
 * either reason may hold and both are named. Writes e.g. "5社未満" or
 * "他の区分から逆算できるため" into out and returns it. */
const char *sd_hidden_reason(const sd_templates *t, int shown, char *out, size_t len);

/* "令和" is avoided: periods print as 2026年10月. Writes into out (32 bytes). */
void sd_period_label(const char *period, char out[32]);
/* A day as 2026年10月20日 (from YYYY-MM-DD), into out (32 bytes). */
void sd_date_label(const char *date, char out[32]);

#endif
