/* fuzz_csv.c - a CSV file of any bytes, read the way `shindan check`
 * reads it: encoding detection (UTF-8, BOM, CP932), the header search,
 * the per-company form fallback, the mapping and every value parser. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_check_file(fuzz_file("2026-10_fuzz.csv", data, size));
    return 0;
}
