/* texts.c - report.ini texts with a default (keys added after an
 * organisation copied its templates), and days as a reader writes them */
#include <stdio.h>

#include "render/reports.h"

const char *sd_text_default(const sd_templates *t, const char *key, const char *fallback)
{
    const char *s = sd_text(t, key);
    return *s ? s : fallback;
}

void sd_date_label(const char *date, char out[32])
{
    int y = 0, m = 0, d = 0;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3)
        snprintf(out, 32, "%d年%d月%d日", y, m, d);
    else
        snprintf(out, 32, "%s", date);
}
