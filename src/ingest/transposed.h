/* transposed.h - a table on its side: the labels (会員番号, 事業所名 …,
 * Q1 … Q25) down one column, one column per company */
#ifndef SD_TRANSPOSED_H
#define SD_TRANSPOSED_H

#include <stddef.h>

#include "ingest/mapping.h"

typedef struct {
    sd_row header;    /* the label column's cells, one per sheet row */
    sd_row *rows;     /* one per company column; each cell with its address */
    size_t n;         /* companies */
    size_t label_col; /* 0-based column of the labels */
    /* owned storage */
    char **hcells;
    size_t *cell_rows;
    char ***cells, ***refs;
} sd_turned;

/* Reads the current sheet (up to form.ini's max_rows) and, when it is a
 * table on its side, fills out and map: one column (of the first four)
 * whose cells, read as a header, map as a table's would, and two or more
 * columns right of it that each hold a member number and answers in the
 * same column (a per-company form, its details and answers in different
 * columns, is not one). Returns SD_OK (free out with sd_turned_free, map
 * with sd_mapping_free), SD_ERR_NO_HEADER when the sheet is not such a
 * table (nothing to free), or a read error in err. */
sd_error sd_turned_read(const sd_templates *t, sd_sheet *s, sd_turned *out, sd_mapping *map, char *err,
                        size_t errlen);

/* The mapping as `check` prints it, each label named by its cell (A3
 * 「会員番号」→ 会員番号), after a line saying the layout. Caller frees. */
char *sd_turned_describe(const sd_templates *t, const sd_turned *tr, const sd_mapping *m);

/* Frees what sd_turned_read filled; accepts a zeroed one. */
void sd_turned_free(sd_turned *tr);

#endif
