/* fuzz_xlsx_xml.c - the XML of a workbook: the input is split at NUL bytes
 * (which XML cannot hold) into the worksheet, the shared strings, the
 * styles and the workbook part, and packed into a well-formed zip, so the
 * mutations reach expat and the cell, string, date and sheet handling
 * rather than stopping at the zip's checksums. */
#include <string.h>
#include <zip.h>

#include "fuzz.h"

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "</Types>";
static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char book_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "styles\" Target=\"styles.xml\"/></Relationships>";
static const char default_book[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"回答\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static void add(zipFile zf, const char *name, const void *data, size_t len)
{
    if (zipOpenNewFileInZip(zf, name, NULL, NULL, 0, NULL, 0, NULL, 0, 0) != ZIP_OK ||
        zipWriteInFileInZip(zf, data, (unsigned)len) != ZIP_OK || zipCloseFileInZip(zf) != ZIP_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* parts: sheet1, sharedStrings, styles, workbook (the last two optional) */
    const uint8_t *part[4] = {0};
    size_t len[4] = {0};
    int nparts = 0;
    const uint8_t *p = data, *end = data + size;
    while (nparts < 4) {
        const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
        part[nparts] = p;
        len[nparts] = (size_t)((nul ? nul : end) - p);
        nparts++;
        if (!nul)
            break;
        p = nul + 1;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/2026-10_fuzz.xlsx", fuzz_dir());
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    if (!zf)
        abort();
    add(zf, "[Content_Types].xml", content_types, sizeof content_types - 1);
    add(zf, "_rels/.rels", root_rels, sizeof root_rels - 1);
    add(zf, "xl/_rels/workbook.xml.rels", book_rels, sizeof book_rels - 1);
    if (nparts > 3)
        add(zf, "xl/workbook.xml", part[3], len[3]);
    else
        add(zf, "xl/workbook.xml", default_book, sizeof default_book - 1);
    add(zf, "xl/worksheets/sheet1.xml", part[0], len[0]);
    if (nparts > 1)
        add(zf, "xl/sharedStrings.xml", part[1], len[1]);
    if (nparts > 2)
        add(zf, "xl/styles.xml", part[2], len[2]);
    if (zipClose(zf, NULL) != ZIP_OK)
        abort();

    fuzz_check_file(path);
    return 0;
}
