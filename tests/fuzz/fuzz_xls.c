/* fuzz_xls.c - an .xls file of any bytes: the OLE sniffing and libfreexl's
 * compound file and BIFF parsing as the xls reader drives it. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_check_file(fuzz_file("2026-10_fuzz.xls", data, size));
    return 0;
}
