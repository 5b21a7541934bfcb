/* texts.c - days as a reader writes them */
#include <stdio.h>

#include "render/reports.h"

void sd_date_label(const char *date, char out[32])
{
    int y = 0, m = 0, d = 0;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3)
        snprintf(out, 32, "%d年%d月%d日", y, m, d);
    else
        snprintf(out, 32, "%s", date);
}
