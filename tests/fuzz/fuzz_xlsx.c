/* fuzz_xlsx.c - an .xlsx file of any bytes: the zip layer (minizip), the
 * OLE sniffing, and whatever XML a mutated archive still holds. */
#include "fuzz.h"
#include "store/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sd_templates *t = fuzz_templates();
    const char *path = fuzz_file("2026-10_fuzz.xlsx", data, size);
    sd_import_opts opts = {.dry_run = true};
    sd_import_result res;
    char err[1024];
    sd_import_file(NULL, t, path, &opts, &res, err, sizeof err);
    sd_import_result_free(&res);
    return 0;
}
