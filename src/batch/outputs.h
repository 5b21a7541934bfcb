/* outputs.h - a period's outputs: company PDFs (a worker pool), the
 * summary PDF, the workbook and the rejects list */
#ifndef SD_OUTPUTS_H
#define SD_OUTPUTS_H

#include <sqlite3.h>

#include "batch/batch.h"
#include "core/templates.h"

/* Each returns an exit status and prints its own messages. No folder is
 * made for a period that has no answers. */
int sd_outputs_reports(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period);
int sd_outputs_excel(sqlite3 *db, const sd_templates *t, const sd_opts *o, const char *period);
int sd_outputs_rejects(sqlite3 *db, const sd_opts *o, const char *period);
/* Syncs the period's folders to disk (run before it leaves pending). */
int sd_outputs_sync(const sd_opts *o, const char *period);

/* --timings: one "phase<TAB>seconds<TAB>items" line. */
double sd_now(void);
void sd_timing(const sd_opts *o, const char *phase, double since, size_t items);

#endif
