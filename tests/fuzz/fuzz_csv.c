/* fuzz_csv.c - a CSV file of any bytes, read the way `shindan check`
 * reads it: encoding detection (UTF-8, BOM, CP932), the header search,
 * the per-company form fallback, the mapping and every value parser. */
#include "fuzz.h"
#include "store/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sd_templates *t = fuzz_templates();
    const char *path = fuzz_file("2026-10_fuzz.csv", data, size);
    sd_import_opts opts = {.dry_run = true};
    sd_import_result res;
    char err[1024];
    sd_import_file(NULL, t, path, &opts, &res, err, sizeof err);
    sd_import_result_free(&res);
    return 0;
}
