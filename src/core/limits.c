/* limits.c - the defaults of the input limits */
#include "core/limits.h"

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
