/* fuzz_xlsx.c - an .xlsx file of any bytes: the zip layer (minizip), the
 * OLE sniffing, and whatever XML a mutated archive still holds. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_check_file(fuzz_file("2026-10_fuzz.xlsx", data, size));
    return 0;
}
