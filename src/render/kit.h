/* kit.h - a seminar's documents: the organiser's handout (a cover and
 * every attendee's report in one file for printing), paper answer sheets
 * for the attendees without an answer, the input file their answers are
 * typed into (xlsx and CSV, in the layout shindan imports), and the
 * seminar's effect afterwards. Like every renderer, nothing here runs SQL
 * or applies the privacy rule: batch/seminar.c loads the rows from
 * store/seminar.h and the figures from stats/ and hands them over. */
#ifndef SD_KIT_H
#define SD_KIT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/templates.h"
#include "render/fontsubset.h"
#include "stats/effect.h"
#include "stats/publish.h"
#include "store/seminar.h"

/* What the kit's documents are made from. */
typedef struct {
    const sd_templates *t;
    const sd_seminar *seminar;
    const char *period;          /* the period of the reports, NULL when none */
    const sd_published *pub;     /* its view (NULL with period) */
    const sd_attendee_row *rows; /* the stored list, in its order */
    size_t nrows;
    const sd_company_view *views; /* each row with an answer in period, in list order */
    size_t nviews;
    bool all; /* answer sheets for every member on the list */
} sd_kit;

/* Whether a line of the list gets an answer sheet (and a row in the input
 * file): a member (matched, or a number shindan has no answer for yet)
 * without an answer in the period, or any member with all. */
bool sd_kit_wants_sheet(const sd_kit *k, const sd_attendee_row *r);

/* handout.pdf: a cover (the seminar, its counts, and three lists: the
 * reports included with the page each starts on, the members without an
 * answer, the lines not matched), a blank back page when the cover ends
 * on a front, then every view's two pages in list order, so each member
 * starts on a new sheet printed on both sides. One font subset for the
 * whole file. Mode 0600 (members' reports). */
sd_error sd_handout_write(const sd_kit *k, const sd_font *font, const char *path, char *err, size_t errlen);

/* answer_sheets.pdf: two pages per member wanting a sheet (number, name
 * and stored details printed; the questions by part with four boxes; how
 * points count; where to hand it in), or one page saying nobody needs
 * one. Mode 0600. */
sd_error sd_answer_sheets_write(const sd_kit *k, const sd_font *font, const char *path, char *err,
                                size_t errlen);

/* answer_input.xlsx and answer_input.csv: the header shindan imports
 * (会員番号 … SECURITY ACTION, Q1…) and a row per member wanting a sheet,
 * its stored details filled in, 回答日, SECURITY ACTION and the answers
 * empty (the xlsx offers the answer words as a list on those cells). The
 * CSV is UTF-8 with a BOM and CRLF, as Excel reads it. Mode 0600. */
sd_error sd_answer_input_xlsx_write(const sd_kit *k, const char *path, char *err, size_t errlen);
sd_error sd_answer_input_csv_write(const sd_kit *k, const char *path, char *err, size_t errlen);

/* effect.pdf: the attendees' change beside the non-attendees' (published
 * figures only), or why there is none yet. Mode 0644. */
sd_error sd_effect_report_write(const sd_templates *t, const sd_seminar *s, const sd_effect *e,
                                const sd_font *font, const char *path, char *err, size_t errlen);

#endif
