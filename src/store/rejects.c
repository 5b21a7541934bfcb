/* rejects.c - a period's rejects as plain rows: freeing them */
#include "store/rows.h"

#include <stdlib.h>

void sd_reject_rows_free(sd_reject_rows *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->rows[i].source);
        free(r->rows[i].column);
        free(r->rows[i].value);
        free(r->rows[i].reason);
        free(r->rows[i].member_no);
        free(r->rows[i].name);
    }
    free(r->rows);
    r->rows = NULL;
    r->n = 0;
}
