/* undated.h - a row whose 回答日 is typed without its year (10月4日):
 * the year from the period, or the row refused asking for it */
#ifndef SD_UNDATED_H
#define SD_UNDATED_H

#include "ingest/mapping.h"
#include "ingest/values.h"

typedef struct {
    sd_monthday status; /* NONE: the row is read as it is */
    sd_row row;         /* READ, REFUSED: the row to read instead */
    char **cells;       /* owned array; the cells borrowed, but date */
    char date[11];      /* READ: the full date; REFUSED: "" (the cell emptied) */
    int col;            /* the 回答日 column */
    char why[512];      /* REFUSED: why, to write the year */
} sd_undated;

/* Looks at row's 回答日 (m's column). period and other as for
 * sd_parse_month_day. Returns u->status; for READ and REFUSED u->row is
 * row with the date written out, or emptied (the reject then comes from
 * sd_undated_reject). Free with sd_undated_free. */
sd_monthday sd_undated_read(const sd_templates *t, const sd_mapping *m, const sd_row *row, const char *period,
                            const char *other, sd_undated *u);

/* Adds the refusal of a REFUSED row to rejects: the cell as typed, its
 * column (and address on a form), why; the member named as the row names
 * them. */
void sd_undated_reject(const sd_templates *t, const sd_mapping *m, const sd_row *row, const sd_undated *u,
                       sd_rejects *rejects);

void sd_undated_free(sd_undated *u);

#endif
