/* undated.c - a 回答日 typed without its year (10月4日, 10/4), as staff
 * type it into a monthly file: the year is the period's when that is
 * unambiguous, else the row is refused asking for the year. Applied to a
 * row before the mapping reads it, so the mapping's own date rules (the
 * future, --period's month) hold for the date written out. */
#include "ingest/undated.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

sd_monthday sd_undated_read(const sd_templates *t, const sd_mapping *m, const sd_row *row, const char *period,
                            const char *other, sd_undated *u)
{
    (void)t;
    memset(u, 0, sizeof *u);
    u->col = m->field_col[SD_FIELD_ANSWERED_ON];
    if (u->col < 0 || (size_t)u->col >= row->ncells)
        return u->status;
    u->status = sd_parse_month_day(row->cells[u->col], period, other, u->date, u->why, sizeof u->why);
    if (u->status == SD_MONTHDAY_NONE)
        return u->status;
    if (u->status == SD_MONTHDAY_REFUSED)
        u->date[0] = '\0';
    u->cells = sd_xcalloc(row->ncells + 1, sizeof *u->cells);
    memcpy(u->cells, row->cells, row->ncells * sizeof *u->cells);
    u->cells[u->col] = u->date;
    u->row = *row;
    u->row.cells = u->cells;
    return u->status;
}

void sd_undated_reject(const sd_templates *t, const sd_mapping *m, const sd_row *row, const sd_undated *u,
                       sd_rejects *rejects)
{
    size_t from = rejects->n, r = row->row_no;
    const char *label = (size_t)u->col < m->nheaders && *m->headers[u->col]
                            ? m->headers[u->col]
                            : t->columns[SD_FIELD_ANSWERED_ON].label;
    char *column = NULL;
    if (row->cell_rows) { /* a form: the cell's own row and address */
        r = row->cell_rows[u->col];
        column = sd_xasprintf("%s（%s）", label, row->cell_refs[u->col]);
    }
    sd_rejects_add(rejects, r, column ? column : label, row->cells[u->col], u->why);
    free(column);
    int mc = m->field_col[SD_FIELD_MEMBER_NO], nc = m->field_col[SD_FIELD_NAME];
    sd_rejects_name_member(rejects, from, mc >= 0 && (size_t)mc < row->ncells ? row->cells[mc] : NULL,
                           nc >= 0 && (size_t)nc < row->ncells ? row->cells[nc] : NULL);
}

void sd_undated_free(sd_undated *u)
{
    if (!u)
        return;
    free(u->cells);
    u->cells = NULL;
}
