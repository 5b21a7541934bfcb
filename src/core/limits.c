/* limits.c - the input limits: their defaults and the settings that change them */
#include "core/limits.h"

#include <stddef.h>
#include <string.h>

sd_limits sd_lim = {
    .file_bytes = 512LL * 1024 * 1024,
    .inflated_bytes = 2048LL * 1024 * 1024,
    .zip_ratio = 200,
    .cell_bytes = 64 * 1024,
    .columns = 1024,
    .rows = 2000000,
    .shared_strings = 5000000,
    .detail_rows = SD_EXCEL_DATA_ROWS,
};

const char *sd_limits_set(const char *name, int v)
{
    if (strcmp(name, "file_mb") == 0)
        sd_lim.file_bytes = (long long)v * 1024 * 1024;
    else if (strcmp(name, "inflated_mb") == 0)
        sd_lim.inflated_bytes = (long long)v * 1024 * 1024;
    else if (strcmp(name, "zip_ratio") == 0)
        sd_lim.zip_ratio = v;
    else if (strcmp(name, "cell_kb") == 0)
        sd_lim.cell_bytes = (long)v * 1024;
    else if (strcmp(name, "columns") == 0)
        sd_lim.columns = v;
    else if (strcmp(name, "rows") == 0)
        sd_lim.rows = v;
    else if (strcmp(name, "shared_strings") == 0)
        sd_lim.shared_strings = v;
    else if (strcmp(name, "detail_rows") == 0 && v <= SD_EXCEL_DATA_ROWS)
        sd_lim.detail_rows = v;
    else if (strcmp(name, "detail_rows") == 0)
        return "Excel の 1 シートに入る 1048575 行までにしてください";
    else
        return "file_mb, inflated_mb, zip_ratio, cell_kb, columns, rows, shared_strings, detail_rows のいずれかです";
    return NULL;
}
