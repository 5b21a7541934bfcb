/* test_xlsx_rows.c - rows written into a package libxlsxwriter made
 * (render/xlsx_rows.c): every other entry kept, the rows in the frame's
 * place, values escaped as Excel reads them, and a count that does not
 * match the frame or the rows refused, never a short or long sheet */
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "render/xlsx_rows.h"
#include "scratch.h"

/* A package of two sheets, the second a frame of rows data rows (header,
 * a blank cell in its last row); returns the frame's style index. */
static int make_frame(const char *path, long long rows)
{
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = fx.dir};
    lxw_workbook *wb = workbook_new_opt(path, &o);
    assert_non_null(wb);
    lxw_format *integer = workbook_add_format(wb);
    format_set_num_format(integer, "0");
    lxw_worksheet *first = workbook_add_worksheet(wb, "概要");
    worksheet_write_string(first, 0, 0, "概要", NULL);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "回答明細");
    worksheet_write_string(ws, 0, 0, "会員番号", NULL);
    worksheet_write_string(ws, 0, 1, "点", NULL);
    if (rows > 0)
        worksheet_write_blank(ws, (lxw_row_t)rows, 1, integer);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, 1);
    int style = lxw_format_get_xf_index(integer);
    assert_int_equal(ws->index + 1, 2);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    return style;
}

/* The text of part in the package at path (malloc'd), or NULL. */
static char *read_part(const char *path, const char *part)
{
    unzFile z = unzOpen64(path);
    if (!z)
        return NULL;
    char *text = NULL;
    unz_file_info64 info;
    if (unzLocateFile(z, part, 1) == UNZ_OK && unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) == UNZ_OK &&
        unzOpenCurrentFile(z) == UNZ_OK) {
        text = calloc(1, (size_t)info.uncompressed_size + 1);
        int got = unzReadCurrentFile(z, text, (unsigned)info.uncompressed_size);
        if (got != (int)info.uncompressed_size || unzCloseCurrentFile(z) != UNZ_OK) { /* CRC checked */
            free(text);
            text = NULL;
        }
    }
    unzClose(z);
    return text;
}

static int count_entries(const char *path)
{
    unzFile z = unzOpen64(path);
    unz_global_info64 g;
    assert_non_null(z);
    assert_int_equal(unzGetGlobalInfo64(z, &g), UNZ_OK);
    unzClose(z);
    return (int)g.number_entry;
}

static void test_rows_in_the_frame(void **state)
{
    (void)state;
    char from[512], to[512], err[512];
    snprintf(from, sizeof from, "%s", sd_scratch_path("frame.xlsx"));
    snprintf(to, sizeof to, "%s", sd_scratch_path("book.xlsx"));
    int style = make_frame(from, 3);
    sd_xrows_part part = {.sheet = 2, .rows = 3};
    sd_xrows *x = NULL;
    assert_int_equal(sd_xrows_open(from, to, "book.xlsx", &part, 1, &x, err, sizeof err), SD_OK);
    const char *names[] = {"A&B <株> 商会", " 前に空白", "制御\x01文字", "_x0041_ のまま", NULL};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sd_xrows_row(x, err, sizeof err), SD_OK);
        sd_xrows_text(x, names[i]);
        sd_xrows_int(x, i == 2 ? -7 : 100 + i, style);
    }
    /* an empty value is an empty cell: the row's next value stays in its column */
    sd_xrows_text(x, names[3]);
    sd_xrows_text(x, NULL);
    assert_int_equal(sd_xrows_close(x, err, sizeof err), SD_OK);

    assert_int_equal(count_entries(to), count_entries(from));
    char *frame = read_part(from, "xl/worksheets/sheet2.xml");
    char *sheet = read_part(to, "xl/worksheets/sheet2.xml");
    assert_non_null(frame);
    assert_non_null(sheet);
    /* the frame as libxlsxwriter made it, up to its header row and from its end */
    const char *head_end = strstr(strstr(frame, "<sheetData>"), "</row>") + 6;
    assert_memory_equal(sheet, frame, (size_t)(head_end - frame));
    assert_non_null(strstr(sheet, strstr(frame, "</sheetData>")));
    assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:B4\"/>"));
    char want[2048];
    snprintf(want, sizeof want,
             "<row r=\"2\"><c t=\"inlineStr\"><is><t>A&amp;B &lt;株&gt; 商会</t></is></c><c s=\"%d\"><v>100</v></c></row>"
             "<row r=\"3\"><c t=\"inlineStr\"><is><t xml:space=\"preserve\"> 前に空白</t></is></c><c s=\"%d\"><v>101</v></c></row>"
             "<row r=\"4\"><c t=\"inlineStr\"><is><t>制御_x0001_文字</t></is></c><c s=\"%d\"><v>-7</v></c>"
             "<c t=\"inlineStr\"><is><t>_x005F_x0041_ のまま</t></is></c><c/></row></sheetData>",
             style, style, style);
    assert_non_null(strstr(sheet, want));
    /* the other sheet is copied as it was */
    char *a = read_part(from, "xl/worksheets/sheet1.xml"), *b = read_part(to, "xl/worksheets/sheet1.xml");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    free(a), free(b), free(frame), free(sheet);
}

static void test_counts_must_match(void **state)
{
    (void)state;
    char from[512], to[512], err[512];
    snprintf(from, sizeof from, "%s", sd_scratch_path("frame.xlsx"));
    snprintf(to, sizeof to, "%s", sd_scratch_path("book.xlsx"));
    make_frame(from, 2);
    sd_xrows *x = NULL;

    /* a frame of another size than the rows counted */
    sd_xrows_part wrong = {.sheet = 2, .rows = 3};
    assert_int_equal(sd_xrows_open(from, to, "book.xlsx", &wrong, 1, &x, err, sizeof err), SD_ERR_XLSX);
    assert_non_null(strstr(err, "4 行目"));
    assert_null(x);
    /* a sheet that is not in the package */
    sd_xrows_part missing = {.sheet = 5, .rows = 2};
    assert_int_equal(sd_xrows_open(from, to, "book.xlsx", &missing, 1, &x, err, sizeof err), SD_ERR_XLSX);

    /* more rows than counted */
    sd_xrows_part part = {.sheet = 2, .rows = 2};
    assert_int_equal(sd_xrows_open(from, to, "book.xlsx", &part, 1, &x, err, sizeof err), SD_OK);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(sd_xrows_row(x, err, sizeof err), SD_OK);
        sd_xrows_text(x, "M1");
    }
    assert_int_equal(sd_xrows_row(x, err, sizeof err), SD_ERR_XLSX);
    assert_non_null(strstr(err, "多く"));
    sd_xrows_abort(x);

    /* fewer */
    assert_int_equal(sd_xrows_open(from, to, "book.xlsx", &part, 1, &x, err, sizeof err), SD_OK);
    assert_int_equal(sd_xrows_row(x, err, sizeof err), SD_OK);
    assert_int_equal(sd_xrows_close(x, err, sizeof err), SD_ERR_XLSX);
    assert_non_null(strstr(err, "少なく"));
}

/* A package that is not one (a damaged staging file) is refused. */
static void test_damaged_package(void **state)
{
    (void)state;
    char err[512];
    const char *from = sd_scratch_write_str("frame.xlsx", "PK\x03\x04 not a zip");
    sd_xrows_part part = {.sheet = 2, .rows = 1};
    sd_xrows *x = NULL;
    assert_int_equal(sd_xrows_open(from, sd_scratch_path("book.xlsx"), "book.xlsx", &part, 1, &x, err, sizeof err),
                     SD_ERR_XLSX);
    assert_null(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        SD_SCRATCH_TEST(test_rows_in_the_frame),
        SD_SCRATCH_TEST(test_counts_must_match),
        SD_SCRATCH_TEST(test_damaged_package),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
