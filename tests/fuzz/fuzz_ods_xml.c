/* fuzz_ods_xml.c - the content.xml of an .ods: the input is packed with
 * the OpenDocument mimetype into a well-formed zip, so the mutations reach
 * expat and the repeated rows and cells, covered cells, value types and
 * sheets rather than stopping at the zip's checksums. */
#include <zip.h>

#include "fuzz.h"

static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";

static void add(zipFile zf, const char *name, const void *data, size_t len)
{
    if (zipOpenNewFileInZip(zf, name, NULL, NULL, 0, NULL, 0, NULL, 0, 0) != ZIP_OK ||
        zipWriteInFileInZip(zf, data, (unsigned)len) != ZIP_OK || zipCloseFileInZip(zf) != ZIP_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    snprintf(path, sizeof path, "%s/2026-10_fuzz.ods", fuzz_dir());
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    if (!zf)
        abort();
    add(zf, "mimetype", mimetype, sizeof mimetype - 1);
    add(zf, "content.xml", data, size);
    if (zipClose(zf, NULL) != ZIP_OK)
        abort();
    fuzz_check_file(path);
    return 0;
}
