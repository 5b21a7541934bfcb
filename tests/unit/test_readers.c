/* test_readers.c - the row sources on real files: CSV (UTF-8, BOM, CP932,
 * quoting, line ends, chunk boundaries), xlsx (written here with minizip:
 * shared strings, numbers, dates, sparse rows, sheets; and one written by
 * python3-openpyxl) and the per-company form layout */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "scratch.h"
#include "core/limits.h"
#include "core/util.h"
#include "ingest/mapping.h"
#include "ingest/sheet.h"

/* ---- reading every row of a sheet ---- */

typedef struct {
    size_t row_no, n;
    char **cells;
} got_row;

typedef struct {
    got_row *rows;
    size_t n;
} got_rows;

static void got_free(got_rows *g)
{
    for (size_t i = 0; i < g->n; i++) {
        for (size_t c = 0; c < g->rows[i].n; c++)
            free(g->rows[i].cells[c]);
        free(g->rows[i].cells);
    }
    free(g->rows);
    memset(g, 0, sizeof *g);
}

/* Reads the current sheet to its end (copies every row) and checks that
 * the end stays the end. */
static got_rows read_all(sd_sheet *s)
{
    got_rows g = {0};
    sd_row row;
    char err[512] = "";
    sd_error rc;
    while ((rc = sd_sheet_next(s, &row, err, sizeof err)) == SD_OK) {
        g.rows = sd_xrealloc(g.rows, (g.n + 1) * sizeof *g.rows);
        got_row *r = &g.rows[g.n++];
        r->row_no = row.row_no;
        r->n = row.ncells;
        r->cells = sd_xcalloc(row.ncells + 1, sizeof *r->cells);
        for (size_t c = 0; c < row.ncells; c++) {
            assert_non_null(row.cells[c]);
            r->cells[c] = sd_xstrdup(row.cells[c]);
        }
    }
    if (rc != SD_DONE)
        fail_msg("read error %d: %s", rc, err);
    assert_int_equal(sd_sheet_next(s, &row, err, sizeof err), SD_DONE);
    return g;
}

/* Row i was read from row_no and holds exactly the cells given. */
static void expect_row_(const got_rows *g, size_t i, size_t row_no, const char *const *cells)
{
    if (i >= g->n)
        fail_msg("row index %zu: only %zu rows were read", i, g->n);
    const got_row *r = &g->rows[i];
    assert_int_equal(r->row_no, row_no);
    size_t n = 0;
    while (cells[n])
        n++;
    if (r->n != n)
        fail_msg("row %zu: %zu cells, expected %zu (first: \"%s\")", row_no, r->n, n,
                 r->n ? r->cells[0] : "");
    for (size_t c = 0; c < n; c++)
        assert_string_equal(r->cells[c], cells[c]);
}
#define EXPECT_ROW(g, i, row_no, ...)                                                                        \
    expect_row_((g), (i), (row_no), (const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_EMPTY_ROW(g, i, row_no) expect_row_((g), (i), (row_no), (const char *const[]){NULL})

static sd_sheet *open_ok(const char *path, sd_encoding enc, const char *sheet_name)
{
    sd_sheet *s = NULL;
    char err[512] = "";
    sd_error rc = sd_sheet_open(path, enc, sheet_name, &s, err, sizeof err);
    if (rc != SD_OK)
        fail_msg("open %s: %d %s", path, rc, err);
    assert_non_null(s);
    return s;
}

/* The error and message sd_sheet_open gives for a file it refuses. */
static sd_error open_fails(const char *path, const char *sheet_name, const char *must_say)
{
    sd_sheet *s = NULL;
    char err[512] = "";
    sd_error rc = sd_sheet_open(path, SD_ENC_AUTO, sheet_name, &s, err, sizeof err);
    assert_int_not_equal(rc, SD_OK);
    assert_null(s);
    if (must_say && !strstr(err, must_say))
        fail_msg("message \"%s\" does not say \"%s\"", err, must_say);
    return rc;
}

/* ---- CSV ---- */

#define FW_TILDE "\xEF\xBD\x9E" /* U+FF5E, CP932 0x8160 (Shift_JIS proper: U+301C) */
#define FW_MINUS "\xEF\xBC\x8D" /* U+FF0D, CP932 0x817C (Shift_JIS proper: U+2212) */

static void test_csv_utf8(void **state)
{
    const char *path = sd_scratch_write_str("a.csv", "会員番号,事業所名,備考\n"
                                                     "K1,髙橋①商店㈱,\n"
                                                     "K2," FW_TILDE FW_MINUS ",x\n");
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    assert_string_equal(sd_sheet_format(s), "CSV (UTF-8)");
    assert_null(sd_sheet_name(s));
    char err[256];
    assert_int_equal(sd_sheet_next_sheet(s, err, sizeof err), SD_DONE);
    got_rows g = read_all(s);
    assert_int_equal(g.n, 3);
    EXPECT_ROW(&g, 0, 1, "会員番号", "事業所名", "備考");
    EXPECT_ROW(&g, 1, 2, "K1", "髙橋①商店㈱", ""); /* the reader does not normalise: mapping does */
    EXPECT_ROW(&g, 2, 3, "K2", FW_TILDE FW_MINUS, "x");
    got_free(&g);
    sd_sheet_free(s);
}

static void test_csv_utf8_bom(void **state)
{
    const char *path = sd_scratch_write_str("bom.csv", "\xEF\xBB\xBF会員番号,事業所名\r\nK1,株式会社一\r\n");
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    assert_string_equal(sd_sheet_format(s), "CSV (UTF-8)");
    got_rows g = read_all(s);
    assert_int_equal(g.n, 2);
    EXPECT_ROW(&g, 0, 1, "会員番号", "事業所名"); /* no BOM in the first cell */
    EXPECT_ROW(&g, 1, 2, "K1", "株式会社一");
    got_free(&g);

    /* read again from the start: the BOM is dropped again */
    char err[256];
    assert_int_equal(sd_sheet_rewind(s, err, sizeof err), SD_OK);
    g = read_all(s);
    assert_int_equal(g.n, 2);
    EXPECT_ROW(&g, 0, 1, "会員番号", "事業所名");
    got_free(&g);
    sd_sheet_free(s);
}

static void test_csv_cp932(void **state)
{
    /* 会員番号,事業所名 / K1,㈱髙橋①商店 (髙 as NEC 0xEEE0) / K2,髙～－ (髙 as IBM
     * 0xFBFC) / K3,壊<0xFF> — as Japanese Excel writes them */
    static const unsigned char bytes[] = {
        0x89, 0xEF, 0x88, 0xF5, 0x94, 0xD4, 0x8D, 0x86, ',',  0x8E, 0x96, 0x8B, 0xC6, 0x8F, 0x8A,
        0x96, 0xBC, '\r', '\n', 'K',  '1',  ',',  0x87, 0x8A, 0xEE, 0xE0, 0x8B, 0xB4, 0x87, 0x40,
        0x8F, 0xA4, 0x93, 0x58, '\r', '\n', 'K',  '2',  ',',  0xFB, 0xFC, 0x81, 0x60, 0x81, 0x7C,
        '\r', '\n', 'K',  '3',  ',',  0x89, 0xF3, 0xFF, ',',  'x',  '\r', '\n'};
    const char *path = sd_scratch_write("cp.csv", bytes, sizeof bytes);
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    assert_string_equal(sd_sheet_format(s), "CSV (CP932)");
    got_rows g = read_all(s);
    assert_int_equal(g.n, 4);
    EXPECT_ROW(&g, 0, 1, "会員番号", "事業所名");
    EXPECT_ROW(&g, 1, 2, "K1", "㈱髙橋①商店");
    EXPECT_ROW(&g, 2, 3, "K2", "髙" FW_TILDE FW_MINUS);
    /* an invalid byte becomes U+FFFD in its own cell; the row goes on */
    EXPECT_ROW(&g, 3, 4, "K3", "壊\xEF\xBF\xBD", "x");
    got_free(&g);
    sd_sheet_free(s);

    /* the same bytes named CP932 read the same */
    sd_sheet *named = NULL;
    char err[256];
    assert_int_equal(sd_csv_open(path, SD_ENC_CP932, &named, err, sizeof err), SD_OK);
    g = read_all(named);
    EXPECT_ROW(&g, 1, 2, "K1", "㈱髙橋①商店");
    got_free(&g);
    sd_sheet_free(named);
}

static void test_csv_quotes_and_line_breaks(void **state)
{
    const char *path = sd_scratch_write_str("q.csv", "a,b,c,d\r\n"
                                                     "K1,\"山田, 太郎\",\"一行目\r\n二行目\",x\r\n"
                                                     "K2,\"say \"\"hi\"\"\",,\r\n"
                                                     "K3\r\n"
                                                     "\r\n"
                                                     "K4,\"\",last\r\n"
                                                     "K5, padded\t,\" kept \",　全角　");
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    got_rows g = read_all(s);
    assert_int_equal(g.n, 7);
    EXPECT_ROW(&g, 0, 1, "a", "b", "c", "d");
    /* a comma and a CRLF inside quotes belong to the cell */
    EXPECT_ROW(&g, 1, 2, "K1", "山田, 太郎", "一行目\r\n二行目", "x");
    /* the record spread over two lines is one row, as Excel shows it */
    EXPECT_ROW(&g, 2, 3, "K2", "say \"hi\"", "", "");
    EXPECT_ROW(&g, 3, 4, "K3");
    EXPECT_EMPTY_ROW(&g, 4, 5); /* a blank line is a row without cells */
    EXPECT_ROW(&g, 5, 6, "K4", "", "last");
    /* libcsv drops spaces and tabs around an unquoted field (not U+3000),
     * and keeps them inside quotes; no newline at the end */
    EXPECT_ROW(&g, 6, 7, "K5", "padded", " kept ", "　全角　");
    got_free(&g);
    sd_sheet_free(s);
}

static void test_csv_line_ends(void **state)
{
    static const char *const files[] = {"h,i\nK1,x\n\nK2,y\n", "h,i\rK1,x\r\rK2,y\r",
                                        "h,i\r\nK1,x\r\n\r\nK2,y\r\n"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        sd_sheet *s = open_ok(sd_scratch_write_str("e.csv", files[f]), SD_ENC_AUTO, NULL);
        got_rows g = read_all(s);
        assert_int_equal(g.n, 4);
        EXPECT_ROW(&g, 0, 1, "h", "i");
        EXPECT_ROW(&g, 1, 2, "K1", "x");
        EXPECT_EMPTY_ROW(&g, 2, 3);
        EXPECT_ROW(&g, 3, 4, "K2", "y");
        got_free(&g);
        sd_sheet_free(s);
    }
}

/* Appends ASCII rows "pNNN,xxx\r\n" until exactly `at` bytes are written. */
static void pad_to(sd_buf *b, size_t at, size_t *rows)
{
    while (b->len < at) {
        size_t left = at - b->len;
        size_t take = left > 80 ? 60 : left;
        if (take < 5) { /* too short for "p,\r\n" + 1: lengthen the last row */
            b->len -= 2;
            for (size_t i = 0; i < take; i++)
                sd_buf_addc(b, 'y');
            sd_buf_adds(b, "\r\n");
            continue;
        }
        sd_buf_adds(b, "p,");
        for (size_t i = 0; i < take - 4; i++)
            sd_buf_addc(b, 'x');
        sd_buf_adds(b, "\r\n");
        (*rows)++;
    }
    assert_int_equal(b->len, at);
}

/* The reader takes 64 KiB at a time: a CP932 character and a CRLF split
 * between two reads must come out whole. */
static void test_csv_chunk_boundaries(void **state)
{
    sd_buf b = {0};
    size_t rows = 1;
    sd_buf_adds(&b, "\x8E\x96\x8B\xC6\x8F\x8A\x96\xBC,x\r\n"); /* 事業所名,x */
    pad_to(&b, 65536 - 4, &rows);
    sd_buf_adds(&b, "K1,\x8B\xB4"); /* 橋: lead byte at 65535, trail byte at 65536 */
    assert_int_equal((unsigned char)b.data[65535], 0x8B);
    sd_buf_adds(&b, "\x87\x8A\r\n"); /* ㈱ */
    size_t k1 = ++rows;
    pad_to(&b, 2 * 65536 - 5, &rows);
    sd_buf_adds(&b, "K2,z\r");            /* CR the last byte of the second read, LF the first of the third */
    sd_buf_adds(&b, "\nK3,\x88\xEA\r\n"); /* 一 */
    size_t k2 = ++rows, k3 = ++rows;
    const char *path = sd_scratch_write("big.csv", b.data, b.len);
    sd_buf_free(&b);

    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    assert_string_equal(sd_sheet_format(s), "CSV (CP932)");
    got_rows g = read_all(s);
    assert_int_equal(g.n, rows);
    EXPECT_ROW(&g, 0, 1, "事業所名", "x");
    EXPECT_ROW(&g, k1 - 1, k1, "K1", "橋㈱");
    EXPECT_ROW(&g, k2 - 1, k2, "K2", "z");
    EXPECT_ROW(&g, k3 - 1, k3, "K3", "一");
    for (size_t i = 0; i < g.n; i++)
        assert_int_equal(g.rows[i].row_no, i + 1); /* no row lost or made up */
    got_free(&g);
    sd_sheet_free(s);
}

/* Without a BOM, valid UTF-8 wins; a UTF-8 file with one broken byte is
 * still UTF-8 (the broken cell is rejected later, cell by cell). */
static void test_csv_encoding_detection(void **state)
{
    sd_buf b = {0};
    sd_buf_adds(&b, "会員番号,事業所名\n");
    for (int i = 0; i < 10; i++)
        sd_buf_printf(&b, "K%d,水戸市笠原町商店\n", i);
    sd_buf_adds(&b, "K99,壊\xFFれ\n");
    sd_sheet *s = open_ok(sd_scratch_write("u.csv", b.data, b.len), SD_ENC_AUTO, NULL);
    sd_buf_free(&b);
    assert_string_equal(sd_sheet_format(s), "CSV (UTF-8)");
    got_rows g = read_all(s);
    assert_int_equal(g.n, 12);
    EXPECT_ROW(&g, 1, 2, "K0", "水戸市笠原町商店");
    EXPECT_ROW(&g, 11, 12, "K99", "壊\xFFれ"); /* kept as read: mapping names it */
    got_free(&g);
    sd_sheet_free(s);

    /* plain ASCII: UTF-8 */
    s = open_ok(sd_scratch_write_str("ascii.csv", "a,b\n1,2\n"), SD_ENC_AUTO, NULL);
    assert_string_equal(sd_sheet_format(s), "CSV (UTF-8)");
    sd_sheet_free(s);

    /* an empty file has no rows */
    s = open_ok(sd_scratch_write_str("empty.csv", ""), SD_ENC_AUTO, NULL);
    g = read_all(s);
    assert_int_equal(g.n, 0);
    sd_sheet_free(s);
}

static void test_open_refuses_what_it_cannot_read(void **state)
{
    assert_int_equal(open_fails(sd_scratch_path("missing.csv"), NULL, NULL), SD_ERR_IO);
    assert_int_equal(open_fails(sd_scratch_write_str("fake.xlsx", "a,b\n1,2\n"), NULL, ".xlsx"),
                     SD_ERR_FORMAT);
    assert_int_equal(open_fails(sd_scratch_write_str("c.csv", "a,b\n"), "Sheet1", "--sheet"), SD_ERR_FORMAT);
    static const unsigned char ole[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    assert_int_equal(open_fails(sd_scratch_write("old.xlsx", ole, sizeof ole), NULL, ".xls"), SD_ERR_FORMAT);
    assert_int_equal(open_fails(sd_scratch_write("trunc.xlsx", "PK\x03\x04\x14\x00", 6), NULL, NULL),
                     SD_ERR_FORMAT);
}

/* ---- xlsx, written here part by part ---- */

typedef struct {
    const char *name, *xml;
} zip_part;

static void write_zip(const char *path, const zip_part *parts, size_t n)
{
    zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_fileinfo zi = {0};
        assert_int_equal(zipOpenNewFileInZip(z, parts[i].name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED,
                                             Z_DEFAULT_COMPRESSION),
                         ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(z, parts[i].xml, (unsigned)strlen(parts[i].xml)), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(z), ZIP_OK);
    }
    assert_int_equal(zipClose(z, NULL), ZIP_OK);
}

#define NS_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static const char ROOT_RELS[] =
    XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
             "</Relationships>";

static const char WB_RELS[] =
    XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId3\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
             "<Relationship Id=\"rId2\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
             "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
             "<Relationship Id=\"rId4\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
             "</Relationships>";

/* cellXfs: 0 General, 1 built-in 14 (date), 2 custom yyyy/mm/dd h:mm,
 * 3 custom #,##0"円" (not a date), 4 custom Japanese era date, 5 built-in
 * 20 h:mm (a time, not a date). The cellStyleXfs before them are no cell
 * formats and must not shift the indexes. */
static const char STYLES[] = XML_HEAD
    "<styleSheet " NS_MAIN "><numFmts count=\"3\">"
    "<numFmt numFmtId=\"176\" formatCode=\"yyyy/mm/dd\\ h:mm\"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"#,##0&quot;円&quot;\"/>"
    "<numFmt numFmtId=\"178\" formatCode=\"[$-ja-JP]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "</numFmts>"
    "<cellStyleXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"6\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" xfId=\"0\"/>"
    "<xf numFmtId=\"176\" xfId=\"0\"/><xf numFmtId=\"177\" xfId=\"0\"/><xf numFmtId=\"178\" xfId=\"0\"/>"
    "<xf numFmtId=\"20\" xfId=\"0\"/></cellXfs></styleSheet>";

/* 0 plain, 1 with furigana (left out), 2 rich-text runs (joined), 3 a
 * number kept as text, 4 escaped markup */
static const char SHARED[] = XML_HEAD
    "<sst " NS_MAIN " count=\"5\" uniqueCount=\"5\">"
    "<si><t>会員番号</t></si>"
    "<si><t>事業所名</t><rPh sb=\"0\" eb=\"4\"><t>ジギョウショメイ</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><r><t>株式会社</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> 太陽</t></r></si>"
    "<si><t>00123</t></si>"
    "<si><t>a&amp;b &lt;c&gt;</t></si>"
    "</sst>";

static const char COVER[] = XML_HEAD "<worksheet " NS_MAIN "><sheetData>"
                                     "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>表紙</t></is></c></row>"
                                     "</sheetData></worksheet>";

/* 2026-10-15 is serial 46310 (1900 system), 44848 (1904 system). */
static const char ANSWERS[] = XML_HEAD
    "<worksheet " NS_MAIN "><dimension ref=\"A1:I6\"/><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>回答日</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
    "<c r=\"C2\" s=\"1\"><v>46310</v></c><c r=\"D2\"><v>4.0000000000000009</v></c>"
    "<c r=\"E2\"><v>0.30000000000000004</v></c><c r=\"F2\" t=\"b\"><v>1</v></c>"
    "<c r=\"G2\" t=\"str\"><f>\"=\"&amp;1</f><v>=1</v></c><c r=\"H2\" s=\"2\"><v>46310.5</v></c>"
    "<c r=\"I2\" t=\"e\"><v>#DIV/0!</v></c></row>"
    /* row 3 is not there; row 4 has only A and D */
    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>4</v></c><c r=\"D4\"><v>-1</v></c></row>"
    "<row r=\"5\" spans=\"1:3\"/>"
    /* no r on the row or its cells: counted on from the last */
    "<row><c t=\"inlineStr\"><is><t>x</t></is></c><c s=\"3\"><v>1200</v></c><c s=\"4\"><v>46310</v></c>"
    "<c s=\"5\"><v>0.5</v></c>"
    "<c t=\"inlineStr\"><is><r><t>山田</t></r><rPh sb=\"0\" eb=\"2\"><t>ヤマダ</t></rPh></is></c>"
    "<c><v>4.0000001</v></c></row>"
    "</sheetData></worksheet>";

static const char *write_workbook(const char *name, bool date1904, const char *sheet2)
{
    char wb[1024];
    snprintf(
        wb, sizeof wb,
        XML_HEAD
        "<workbook " NS_MAIN " xmlns:r=\"" NS_REL "\"><workbookPr date1904=\"%d\"/><sheets>"
        "<sheet name=\"表紙\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"回答\" sheetId=\"2\" r:id=\"rId2\"/>"
        "</sheets></workbook>",
        date1904);
    const zip_part parts[] = {{"_rels/.rels", ROOT_RELS},
                              {"xl/workbook.xml", wb},
                              {"xl/_rels/workbook.xml.rels", WB_RELS},
                              {"xl/styles.xml", STYLES},
                              {"xl/sharedStrings.xml", SHARED},
                              {"xl/worksheets/sheet1.xml", COVER},
                              {"xl/worksheets/sheet2.xml", sheet2}};
    const char *path = sd_scratch_path(name);
    write_zip(path, parts, sizeof parts / sizeof parts[0]);
    return path;
}

static void expect_answers_sheet(const got_rows *g)
{
    assert_int_equal(g->n, 5);
    EXPECT_ROW(g, 0, 1, "会員番号", "事業所名", "回答日");
    EXPECT_ROW(g, 1, 2, "00123", "株式会社 太陽", "2026-10-15", "4", "0.3", "TRUE", "=1",
               "2026-10-15 12:00:00", "#DIV/0!");
    EXPECT_ROW(g, 2, 4, "a&b <c>", "", "", "-1");
    EXPECT_EMPTY_ROW(g, 3, 5);
    EXPECT_ROW(g, 4, 6, "x", "1200", "2026-10-15", "0.5", "山田", "4.0000001");
}

static void test_xlsx_cells(void **state)
{
    const char *path = write_workbook("book.xlsx", false, ANSWERS);
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, "回答");
    assert_string_equal(sd_sheet_format(s), "xlsx");
    assert_string_equal(sd_sheet_name(s), "回答");
    got_rows g = read_all(s);
    expect_answers_sheet(&g);
    got_free(&g);

    char err[256];
    assert_int_equal(sd_sheet_next_sheet(s, err, sizeof err), SD_DONE); /* chosen by name: no moving on */
    assert_int_equal(sd_sheet_rewind(s, err, sizeof err), SD_OK);
    g = read_all(s);
    expect_answers_sheet(&g);
    got_free(&g);
    sd_sheet_free(s);
}

static void test_xlsx_sheets_in_order(void **state)
{
    const char *path = write_workbook("book.xlsx", false, ANSWERS);
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    assert_string_equal(sd_sheet_name(s), "表紙");
    got_rows g = read_all(s);
    assert_int_equal(g.n, 1);
    EXPECT_ROW(&g, 0, 2, "", "表紙");
    got_free(&g);

    char err[256];
    assert_int_equal(sd_sheet_next_sheet(s, err, sizeof err), SD_OK);
    assert_string_equal(sd_sheet_name(s), "回答");
    g = read_all(s);
    expect_answers_sheet(&g);
    got_free(&g);
    assert_int_equal(sd_sheet_next_sheet(s, err, sizeof err), SD_DONE);
    sd_sheet_free(s);

    /* a sheet that is not there: the message lists the ones that are */
    assert_int_equal(open_fails(path, "集計", "「表紙」、「回答」"), SD_ERR_FORMAT);
}

static void test_xlsx_1904_dates(void **state)
{
    static const char sheet[] = XML_HEAD "<worksheet " NS_MAIN "><sheetData><row r=\"1\">"
                                         "<c r=\"A1\" s=\"1\"><v>44848</v></c><c r=\"B1\"><v>44848</v></c>"
                                         "</row></sheetData></worksheet>";
    sd_sheet *s = open_ok(write_workbook("1904.xlsx", true, sheet), SD_ENC_AUTO, "回答");
    got_rows g = read_all(s);
    assert_int_equal(g.n, 1);
    EXPECT_ROW(&g, 0, 1, "2026-10-15", "44848"); /* the unformatted cell stays a number */
    got_free(&g);
    sd_sheet_free(s);
}

static void test_xlsx_refuses_a_dtd(void **state)
{
    static const char sheet[] =
        XML_HEAD "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet " NS_MAIN "><sheetData>"
                 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a;</t></is></c></row>"
                 "</sheetData></worksheet>";
    const char *path = write_workbook("dtd.xlsx", false, sheet);
    sd_sheet *s = NULL;
    char err[512] = "";
    sd_error rc = sd_sheet_open(path, SD_ENC_AUTO, "回答", &s, err, sizeof err);
    if (rc == SD_OK) { /* the sheet may be parsed only when read */
        sd_row row;
        rc = sd_sheet_next(s, &row, err, sizeof err);
        sd_sheet_free(s);
    }
    assert_int_equal(rc, SD_ERR_FORMAT);
    assert_non_null(strstr(err, "DTD"));
}

/* Merged cells read as Excel shows them, down a range's first column: 業種
 * merged down B2:B4, 回答日 (a date) down C2:C4, a merge whose later rows
 * are not in the file (B6:B8), one across D6:F6 (read once, as a label
 * merged over a form's label and value cells must be), one whose top-left
 * cell is empty (G2:G3, a covered cell that kept old text: hidden), a row
 * in a range with nothing of its own (7: stays blank), and
 * H2:I3 (x down column H; I3's leftover 9 hidden). The
 * <mergeCells> come after the rows. */
static const char MERGED[] = XML_HEAD
    "<worksheet " NS_MAIN "><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>業種</t></is></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>回答日</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>K1</t></is></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><t>製造業</t></is></c><c r=\"C2\" s=\"1\"><v>46310</v></c>"
    "<c r=\"H2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>K2</t></is></c><c r=\"B3\" s=\"0\"/>"
    "<c r=\"G3\" t=\"inlineStr\"><is><t>old</t></is></c><c r=\"I3\"><v>9</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>K3</t></is></c></row>"
    "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>K5</t></is></c>"
    "<c r=\"B6\" t=\"inlineStr\"><is><t>建設業</t></is></c><c r=\"D6\"><v>4</v></c></row>"
    "<row r=\"7\"><c r=\"B7\" s=\"0\"/></row>"
    "</sheetData><mergeCells count=\"5\"><mergeCell ref=\"B2:B4\"/><mergeCell ref=\"C2:C4\"/>"
    "<mergeCell ref=\"B6:B8\"/><mergeCell ref=\"D6:F6\"/><mergeCell ref=\"G2:G3\"/>"
    "<mergeCell ref=\"H2:I3\"/></mergeCells>"
    "</worksheet>";

static void test_xlsx_merged_cells(void **state)
{
    sd_sheet *s = open_ok(write_workbook("merged.xlsx", false, MERGED), SD_ENC_AUTO, "回答");
    for (int pass = 0; pass < 2; pass++) { /* and the same after a rewind */
        got_rows g = read_all(s);
        assert_int_equal(g.n, 6);
        EXPECT_ROW(&g, 0, 1, "会員番号", "業種", "回答日");
        EXPECT_ROW(&g, 1, 2, "K1", "製造業", "2026-10-15", "", "", "", "", "x");
        EXPECT_ROW(&g, 2, 3, "K2", "製造業", "2026-10-15", "", "", "", "", "x", "");
        EXPECT_ROW(&g, 3, 4, "K3", "製造業", "2026-10-15");
        EXPECT_ROW(&g, 4, 6, "K5", "建設業", "", "4");
        EXPECT_EMPTY_ROW(&g, 5, 7); /* no value of its own: not made a row of 建設業 alone */
        got_free(&g);
        char err[256];
        assert_int_equal(sd_sheet_rewind(s, err, sizeof err), SD_OK);
    }
    sd_sheet_free(s);
}

/* ---- ods, written here part by part ---- */

#define ODS_NS                                                                                               \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                                    \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                                      \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                                        \
    "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\""
#define ODS_HEAD XML_HEAD "<office:document-content " ODS_NS "><office:body><office:spreadsheet>"
#define ODS_TAIL "</office:spreadsheet></office:body></office:document-content>"
#define OCELL(t) "<table:table-cell office:value-type=\"string\"><text:p>" t "</text:p></table:table-cell>"

/* As LibreOffice writes them: 業種 and 回答日 merged down rows 2-4
 * (covered cells below), a zero-padded number, two paragraphs with a run
 * of spaces and a comment (left out), a row repeated twice with a value
 * repeated over three cells, a million empty rows repeated over 1024
 * columns, then a time of day and a formula's error. */
static const char ODS_CONTENT[] =
    ODS_HEAD
    "<table:table table:name=\"表紙\"><table:table-row>" OCELL("表紙") "</table:table-row></table:table>"
    "<table:table table:name=\"回答\"><table:table-column table:number-columns-repeated=\"1024\"/>"
    "<table:table-header-rows><table:table-row>" OCELL("会員番号") OCELL("業種") OCELL("回答日") OCELL("メモ")
    "</table:table-row></table:table-header-rows>"
    "<table:table-row>" OCELL("K1")
    "<table:table-cell table:number-rows-spanned=\"3\" office:value-type=\"string\"><text:p>製造業</text:p>"
    "</table:table-cell>"
    "<table:table-cell table:number-rows-spanned=\"3\" office:value-type=\"date\" "
    "office:date-value=\"2026-10-15T00:00:00\"><text:p>2026/10/15</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"120\"><text:p>00120</text:p></table:table-cell>"
    "</table:table-row>"
    "<table:table-row>" OCELL("K2") "<table:covered-table-cell/>"
    "<table:covered-table-cell office:value-type=\"string\"><text:p>古い値</text:p></table:covered-table-cell>"
    "<table:table-cell office:value-type=\"string\"><office:annotation><text:p>注記</text:p></office:annotation>"
    "<text:p>a<text:s text:c=\"2\"/>b</text:p><text:p>c</text:p></table:table-cell></table:table-row>"
    "<table:table-row table:number-rows-repeated=\"2\">" OCELL("K3")
    "<table:covered-table-cell table:number-columns-repeated=\"2\"/>"
    "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p>"
    "</table:table-cell>"
    "<table:table-cell table:number-columns-repeated=\"3\" office:value-type=\"string\"><text:p>○</text:p>"
    "</table:table-cell></table:table-row>"
    "<table:table-row table:number-rows-repeated=\"1048000\">"
    "<table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
    "<table:table-row><table:table-cell office:value-type=\"time\" office:time-value=\"PT12H00M00S\">"
    "<text:p>12:00</text:p></table:table-cell>"
    "<table:table-cell table:formula=\"of:=1/0\" office:value-type=\"float\" office:value=\"0\" "
    "calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>"
    "</table:table>" ODS_TAIL;

static const char ODS_MIMETYPE[] = "application/vnd.oasis.opendocument.spreadsheet";

static const char *write_ods(const char *name, const char *content, const char *manifest)
{
    const zip_part parts[] = {{"mimetype", ODS_MIMETYPE},
                              {"content.xml", content},
                              {"META-INF/manifest.xml", manifest ? manifest : "<manifest/>"}};
    const char *path = sd_scratch_path(name);
    write_zip(path, parts, 3);
    return path;
}

static void test_ods_cells(void **state)
{
    const char *path = write_ods("book.ods", ODS_CONTENT, NULL);
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    assert_string_equal(sd_sheet_format(s), "ods");
    assert_string_equal(sd_sheet_name(s), "表紙");
    got_rows g = read_all(s);
    assert_int_equal(g.n, 1);
    EXPECT_ROW(&g, 0, 1, "表紙");
    got_free(&g);
    char err[256];
    assert_int_equal(sd_sheet_next_sheet(s, err, sizeof err), SD_OK);
    assert_string_equal(sd_sheet_name(s), "回答");
    for (int pass = 0; pass < 2; pass++) { /* and again after a rewind */
        g = read_all(s);
        assert_int_equal(g.n, 6);
        EXPECT_ROW(&g, 0, 1, "会員番号", "業種", "回答日", "メモ");
        EXPECT_ROW(&g, 1, 2, "K1", "製造業", "2026-10-15", "00120");
        EXPECT_ROW(&g, 2, 3, "K2", "製造業", "2026-10-15", "a  b\nc");
        EXPECT_ROW(&g, 3, 4, "K3", "製造業", "2026-10-15", "TRUE", "○", "○", "○");
        EXPECT_ROW(&g, 4, 5, "K3", "", "", "TRUE", "○", "○", "○");
        EXPECT_ROW(&g, 5, 1048006, "0.5", "#DIV/0!");
        got_free(&g);
        assert_int_equal(sd_sheet_rewind(s, err, sizeof err), SD_OK);
    }
    assert_int_equal(sd_sheet_next_sheet(s, err, sizeof err), SD_DONE);
    sd_sheet_free(s);

    /* by name; an unknown name lists the sheets */
    s = open_ok(path, SD_ENC_AUTO, "回答");
    g = read_all(s);
    assert_int_equal(g.n, 6);
    got_free(&g);
    sd_sheet_free(s);
    assert_int_equal(open_fails(path, "集計", "「表紙」、「回答」"), SD_ERR_FORMAT);
}

/* A repeated row with values is handed out once per row, within the rows
 * limit; empty rows repeated far past it are no rows at all. */
static void test_ods_repeats_within_limits(void **state)
{
    static const char content[] =
        ODS_HEAD "<table:table table:name=\"S\"><table:table-row table:number-rows-repeated=\"5000000\">"
                 "<table:table-cell table:number-columns-repeated=\"100000\"/></table:table-row>"
                 "<table:table-row table:number-rows-repeated=\"3\">" OCELL("x") "</table:table-row>"
                 "</table:table>" ODS_TAIL;
    long rows = sd_lim.rows;
    sd_lim.rows = 10000000;
    sd_sheet *s = open_ok(write_ods("rep.ods", content, NULL), SD_ENC_AUTO, NULL);
    got_rows g = read_all(s);
    assert_int_equal(g.n, 3);
    EXPECT_ROW(&g, 0, 5000001, "x");
    EXPECT_ROW(&g, 2, 5000003, "x");
    got_free(&g);
    sd_sheet_free(s);

    sd_lim.rows = 5000002; /* the third copy is past it */
    s = open_ok(write_ods("rep.ods", content, NULL), SD_ENC_AUTO, NULL);
    sd_row row;
    char err[256] = "";
    assert_int_equal(sd_sheet_next(s, &row, err, sizeof err), SD_ERR_LIMIT);
    assert_non_null(strstr(err, "行数が上限"));
    sd_sheet_free(s);
    sd_lim.rows = rows;

    static const char wide[] = ODS_HEAD "<table:table table:name=\"S\"><table:table-row>"
                                        "<table:table-cell table:number-columns-repeated=\"5000\" "
                                        "office:value-type=\"string\"><text:p>○</text:p></table:table-cell>"
                                        "</table:table-row></table:table>" ODS_TAIL;
    s = open_ok(write_ods("wide.ods", wide, NULL), SD_ENC_AUTO, NULL);
    assert_int_equal(sd_sheet_next(s, &row, err, sizeof err), SD_ERR_LIMIT);
    assert_non_null(strstr(err, "列が多すぎます"));
    sd_sheet_free(s);
}

static void test_ods_refusals(void **state)
{
    static const char manifest[] =
        XML_HEAD "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
                 "<manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data/>"
                 "</manifest:file-entry></manifest:manifest>";
    assert_int_equal(open_fails(write_ods("locked.ods", ODS_CONTENT, manifest), NULL, "パスワード"),
                     SD_ERR_FORMAT);
    static const char text_doc[] = XML_HEAD "<office:document-content " ODS_NS
                                            "><office:body><office:text/></office:body></office:document-content>";
    assert_int_equal(open_fails(write_ods("letter.ods", text_doc, NULL), NULL, "表計算"), SD_ERR_FORMAT);
    static const char dtd[] = XML_HEAD "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><office:document-content " ODS_NS
                                       "/>";
    assert_int_equal(open_fails(write_ods("dtd.ods", dtd, NULL), NULL, "DTD"), SD_ERR_FORMAT);
}

/* The reader follows the content, and the format shown says when the name
 * says otherwise; a web page saved as .xls is refused naming it. */
static void test_content_decides_the_reader(void **state)
{
    char cmd[1024];
    const char *ods = write_ods("book.ods", ODS_CONTENT, NULL), *as_xlsx = sd_scratch_path("named.xlsx");
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", ods, as_xlsx);
    assert_int_equal(system(cmd), 0);
    sd_sheet *s = open_ok(as_xlsx, SD_ENC_AUTO, NULL);
    assert_non_null(strstr(sd_sheet_format(s), "ods（拡張子と違い"));
    sd_sheet_free(s);

    const char *xlsx = write_workbook("book.xlsx", false, ANSWERS), *as_xls = sd_scratch_path("named.xls");
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", xlsx, as_xls);
    assert_int_equal(system(cmd), 0);
    s = open_ok(as_xls, SD_ENC_AUTO, "回答");
    assert_non_null(strstr(sd_sheet_format(s), "xlsx（拡張子と違い"));
    got_rows g = read_all(s);
    expect_answers_sheet(&g);
    got_free(&g);
    sd_sheet_free(s);

    s = open_ok(sd_scratch_write_str("export.xls", "会員番号,Q1\nK1,実施している\n"), SD_ENC_AUTO, NULL);
    assert_non_null(strstr(sd_sheet_format(s), "CSV（名前は .xls"));
    sd_sheet_free(s);
    assert_int_equal(open_fails(sd_scratch_write_str("page.xls", "<html><table><tr><td>1</td></tr></table>"),
                                NULL, "HTML"),
                     SD_ERR_FORMAT);
    assert_int_equal(open_fails(sd_scratch_write_str("fake.ods", "a,b\n"), NULL, ".ods"), SD_ERR_FORMAT);
}

/* A workbook as python3-openpyxl writes it (skipped when it is missing). */
static void test_xlsx_from_openpyxl(void **state)
{
    const char *path = sd_scratch_path("openpyxl.xlsx");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 - '%s' 2>/dev/null <<'EOF'\n"
             "import sys, datetime\n"
             "from openpyxl import Workbook\n"
             "wb = Workbook()\n"
             "ws = wb.active\n"
             "ws.title = '回答'\n"
             "ws.append(['会員番号', '事業所名', '回答日', 'Q1', 'Q2'])\n"
             "ws.append(['K1', '㈱テスト', datetime.date(2026, 10, 15), 4.0000000000000009, -1])\n"
             "ws['A4'] = 'K3'\n"
             "ws['D4'] = 2\n"
             "wb.save(sys.argv[1])\n"
             "EOF",
             path);
    if (system(cmd) != 0)
        skip(); /* no python3-openpyxl */
    sd_sheet *s = open_ok(path, SD_ENC_AUTO, NULL);
    got_rows g = read_all(s);
    assert_int_equal(g.n, 3);
    EXPECT_ROW(&g, 0, 1, "会員番号", "事業所名", "回答日", "Q1", "Q2");
    EXPECT_ROW(&g, 1, 2, "K1", "㈱テスト", "2026-10-15", "4", "-1");
    EXPECT_ROW(&g, 2, 4, "K3", "", "", "2");
    got_free(&g);
    sd_sheet_free(s);
}

/* The committed LibreOffice workbook holds source.csv (numbers as numbers,
 * the rest as shared strings): every cell reads the same from both. */
static void test_xlsx_from_libreoffice_matches_its_csv(void **state)
{
    sd_sheet *x = open_ok("tests/fixtures/xlsx/libreoffice.xlsx", SD_ENC_AUTO, NULL);
    sd_sheet *c = open_ok("tests/fixtures/xlsx/source.csv", SD_ENC_AUTO, NULL);
    got_rows gx = read_all(x), gc = read_all(c);
    assert_true(gc.n > 10);
    size_t padded = 0, formulas = 0;
    assert_int_equal(gx.n, gc.n);
    for (size_t i = 0; i < gc.n; i++) {
        assert_int_equal(gx.rows[i].row_no, gc.rows[i].row_no);
        assert_int_equal(gx.rows[i].n, gc.rows[i].n);
        for (size_t k = 0; k < gc.rows[i].n; k++) {
            /* libcsv drops spaces around an unquoted field; the workbook
             * keeps them (mapping trims both alike) */
            const char *v = gx.rows[i].cells[k];
            size_t len = strlen(v);
            if (gc.rows[i].cells[k][0] == '=') {
                /* LibreOffice made =HYPERLINK("x") a formula when it read the
                 * CSV; the reader gives the formula's cached value */
                formulas++;
                assert_string_equal(v, "x");
                continue;
            }
            while (*v == ' ')
                v++, len--;
            while (len > 0 && v[len - 1] == ' ')
                len--;
            padded += len != strlen(gx.rows[i].cells[k]);
            if (strlen(gc.rows[i].cells[k]) != len || strncmp(v, gc.rows[i].cells[k], len) != 0)
                fail_msg("row %zu cell %zu: xlsx \"%s\", csv \"%s\"", gc.rows[i].row_no, k + 1,
                         gx.rows[i].cells[k], gc.rows[i].cells[k]);
        }
    }
    assert_true(padded > 0); /* the fixture does have such cells */
    assert_int_equal(formulas, 1);
    got_free(&gx);
    got_free(&gc);
    sd_sheet_free(x);
    sd_sheet_free(c);
}

/* ---- the per-company form ---- */

static const char FORM_HEAD[] = "自己診断シート,,,,\n"
                                "会員番号,,K7,,\n"
                                "事業所名,,,,有限会社　様式商事\n"
                                "業種,製造,,,\n"
                                "所在地,茨城県水戸市笠原町1,,,\n"
                                "従業員数,,,12人,\n"
                                ",,,,\n"
                                "設問,内容,,回答,\n";

static void test_form_layout(void **state)
{
    const sd_templates *t = fx.t;
    sd_buf b = {0};
    sd_buf_adds(&b, FORM_HEAD);
    for (int q = 1; q <= 25; q++) /* questions from row 9: 1, Q2, 問3 … */
        sd_buf_printf(&b, "%s%d,項目の説明,,%s,\n",
                      q % 3 == 1   ? ""
                      : q % 3 == 2 ? "Q"
                                   : "問",
                      q, q == 7 ? "△" : "○");
    sd_sheet *s = open_ok(sd_scratch_write("form.csv", b.data, b.len), SD_ENC_AUTO, NULL);
    sd_buf_free(&b);

    sd_form_rows f;
    char err[512] = "";
    sd_error rc = sd_form_read(t, s, &f, err, sizeof err);
    if (rc != SD_OK)
        fail_msg("form: %d %s", rc, err);
    assert_int_equal(f.n, 5 + 25);
    struct {
        const char *header, *value, *ref;
        size_t row;
    } want[] = {{"会員番号", "K7", "C2", 2},   {"事業所名", "有限会社　様式商事", "E3", 3},
                {"業種", "製造", "B4", 4},     {"所在地", "茨城県水戸市笠原町1", "B5", 5},
                {"従業員数", "12人", "D6", 6}, {"Q1", "○", "D9", 9},
                {"Q7", "△", "D15", 15},        {"Q25", "○", "D33", 33}};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        size_t i = 0;
        while (i < f.n && strcmp(f.header.cells[i], want[w].header) != 0)
            i++;
        if (i == f.n)
            fail_msg("form has no %s", want[w].header);
        assert_string_equal(f.data.cells[i], want[w].value);
        assert_string_equal(f.data.cell_refs[i], want[w].ref);
        assert_int_equal(f.data.cell_rows[i], want[w].row);
    }
    assert_int_equal(f.data.row_no, 2); /* the member number's row */

    /* gathered, it maps and scores like a table row */
    sd_mapping m;
    assert_int_equal(sd_mapping_from_header(t, &f.header, &m, err, sizeof err), SD_OK);
    sd_record rec;
    sd_rejects rej = {0};
    assert_true(sd_mapping_read_row(t, &m, &f.data, "2026-10", NULL, &rec, &rej));
    assert_string_equal(rec.member_no, "K7");
    assert_int_equal(rec.total, 24 * 4 + 2);
    assert_int_equal(rec.employees, 12);
    assert_int_equal(rej.n, 0);
    sd_record_clear(&rec);
    sd_mapping_free(&m);
    sd_form_rows_free(&f);
    sd_sheet_free(s);
}

static void test_form_without_member_number(void **state)
{
    sd_sheet *s =
        open_ok(sd_scratch_write_str("nf.csv", "メモ,,,\n1,項目,,○\n2,項目,,○\n"), SD_ENC_AUTO, NULL);
    sd_form_rows f;
    char err[512] = "";
    assert_int_equal(sd_form_read(fx.t, s, &f, err, sizeof err), SD_ERR_NO_HEADER);
    assert_non_null(strstr(err, "会員番号の欄がありません"));
    assert_non_null(strstr(err, "設問番号はあります"));
    sd_form_rows_free(&f);
    sd_sheet_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        SD_SCRATCH_TEST(test_csv_utf8),
        SD_SCRATCH_TEST(test_csv_utf8_bom),
        SD_SCRATCH_TEST(test_csv_cp932),
        SD_SCRATCH_TEST(test_csv_quotes_and_line_breaks),
        SD_SCRATCH_TEST(test_csv_line_ends),
        SD_SCRATCH_TEST(test_csv_chunk_boundaries),
        SD_SCRATCH_TEST(test_csv_encoding_detection),
        SD_SCRATCH_TEST(test_open_refuses_what_it_cannot_read),
        SD_SCRATCH_TEST(test_xlsx_cells),
        SD_SCRATCH_TEST(test_xlsx_sheets_in_order),
        SD_SCRATCH_TEST(test_xlsx_1904_dates),
        SD_SCRATCH_TEST(test_xlsx_refuses_a_dtd),
        SD_SCRATCH_TEST(test_xlsx_merged_cells),
        SD_SCRATCH_TEST(test_ods_cells),
        SD_SCRATCH_TEST(test_ods_repeats_within_limits),
        SD_SCRATCH_TEST(test_ods_refusals),
        SD_SCRATCH_TEST(test_content_decides_the_reader),
        SD_SCRATCH_TEST(test_xlsx_from_openpyxl),
        SD_SCRATCH_TEST(test_xlsx_from_libreoffice_matches_its_csv),
        SD_SCRATCH_TEST(test_form_layout),
        SD_SCRATCH_TEST(test_form_without_member_number),
    };
    return cmocka_run_group_tests(tests, sd_scratch_group_setup, sd_scratch_group_teardown);
}
