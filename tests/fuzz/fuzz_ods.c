/* fuzz_ods.c - an .ods file of any bytes: the zip layer, the mimetype and
 * manifest checks, and whatever content.xml a mutated package still holds. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_check_file(fuzz_file("2026-10_fuzz.ods", data, size));
    return 0;
}
