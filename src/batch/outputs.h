/* outputs.h - a period's outputs: company PDFs (a worker pool), the
 * summary PDF, the workbook and the rejects list */
#ifndef SD_OUTPUTS_H
#define SD_OUTPUTS_H

#include <sqlite3.h>

#include "batch/batch.h"
#include "core/templates.h"
#include "render/fontsubset.h"
#include "stats/effect.h"
#include "stats/publish.h"

/* Each returns an exit status and prints its own messages. No folder is
 * made for a period that has no answers. */
int sd_outputs_reports(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period);
int sd_outputs_excel(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period);
int sd_outputs_rejects(sqlite3 *db, const sd_opts *o, const char *period);
/* The batch's glyph cache for the company reports of members (in member
 * order): the characters three quarters of a sample of their reports use,
 * shared through font (sd_font_share). Fewer than 8 reports share none. */
sd_error sd_outputs_share_glyphs(sqlite3 *db, const sd_published *pub, sd_font *font, char **members,
                                 size_t nmembers, char *err, size_t errlen);
/* Records in the publication ledger what output drew: pub's figures and
 * the seminars' effects (either may be NULL), through a connection of its
 * own that may write. Returns SD_OK or SD_ERR_DB with a message in err. */
sd_error sd_outputs_record(const sd_opts *o, const sd_published *pub, const sd_seminar_effects *effects,
                           const char *output, char *err, size_t errlen);
/* The same for one seminar's effect, as effect.pdf drew it. */
sd_error sd_outputs_record_effect(const sd_opts *o, const sd_effect *e, char *err, size_t errlen);
/* Syncs the period's folders to disk (run before it leaves pending). */
int sd_outputs_sync(const sd_opts *o, const char *period);

/* --timings: one "phase<TAB>seconds<TAB>items" line. */
double sd_now(void);
void sd_timing(const sd_opts *o, const char *phase, double since, size_t items);

#endif
