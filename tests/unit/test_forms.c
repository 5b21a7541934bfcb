/* test_forms.c - a per-company form is one company's only; a table on its
 * side (labels down a column, one column per company) is read column by
 * column; forms with a margin, merged labels, numbers with their text */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ingest/mapping.h"
#include "ingest/transposed.h"
#include "scratch.h"

static sd_sheet *open_csv(const char *name, const char *text)
{
    sd_sheet *s = NULL;
    char err[512] = "";
    if (sd_sheet_open(sd_scratch_write_str(name, text), SD_ENC_AUTO, NULL, &s, err, sizeof err) != SD_OK)
        fail_msg("open %s: %s", name, err);
    return s;
}

/* Labels down column A, companies in B.. (count of them), answers ○. */
static char *sideways(int companies, bool with_industry)
{
    sd_buf b = {0};
    sd_buf_adds(&b, "回答集計表\n");
    static const char *const labels[] = {"会員番号", "事業所名", "業種", "都道府県", "従業員数"};
    for (size_t i = 0; i < 5; i++) {
        if (i == 2 && !with_industry)
            continue;
        sd_buf_adds(&b, labels[i]);
        for (int c = 0; c < companies; c++) {
            const char *v[] = {"K1", "株式会社一", "製造", "茨城県", "12"};
            if (i == 0)
                sd_buf_printf(&b, ",K%d", c + 1);
            else if (i == 1)
                sd_buf_printf(&b, ",株式会社%d", c + 1);
            else
                sd_buf_printf(&b, ",%s", v[i]);
        }
        sd_buf_adds(&b, "\n");
    }
    for (int q = 1; q <= 25; q++) {
        sd_buf_printf(&b, "Q%d", q);
        for (int c = 0; c < companies; c++)
            sd_buf_adds(&b, c == 1 && q == 3 ? ",△" : ",○");
        sd_buf_adds(&b, "\n");
    }
    return sd_buf_steal(&b);
}

static void test_sideways_table_read_by_column(void **state)
{
    (void)state;
    char *text = sideways(3, true);
    sd_sheet *s = open_csv("side.csv", text);
    free(text);
    sd_turned tr;
    sd_mapping m;
    char err[512] = "";
    assert_int_equal(sd_turned_read(fx.t, s, &tr, &m, err, sizeof err), SD_OK);
    assert_int_equal(tr.n, 3);
    int mr = m.field_col[SD_FIELD_MEMBER_NO], q3 = m.question_col[2];
    assert_string_equal(tr.rows[1].cells[mr], "K2");
    assert_string_equal(tr.rows[1].cell_refs[mr], "C2");
    assert_string_equal(tr.rows[1].cells[q3], "△");
    assert_string_equal(tr.rows[1].cell_refs[q3], "C9");
    assert_int_equal(tr.rows[1].cell_rows[q3], 9);
    /* each column is a company's row: its own details with its own answers */
    sd_record rec;
    sd_rejects rej = {0};
    assert_true(sd_mapping_read_row(fx.t, &m, &tr.rows[1], "2026-10", NULL, &rec, &rej));
    assert_string_equal(rec.member_no, "K2");
    assert_string_equal(rec.name, "株式会社2");
    assert_int_equal(rec.total, 24 * 4 + 2);
    sd_record_clear(&rec);
    sd_rejects_free(&rej);
    char *shown = sd_turned_describe(fx.t, &tr, &m);
    assert_non_null(strstr(shown, "A2「会員番号」→ 会員番号"));
    free(shown);
    sd_mapping_free(&m);
    sd_turned_free(&tr);
    sd_sheet_free(s);
}

/* One company in column B is a form's business, not a sideways table. */
static void test_one_column_is_no_sideways_table(void **state)
{
    (void)state;
    char *text = sideways(1, true);
    sd_sheet *s = open_csv("one.csv", text);
    free(text);
    sd_turned tr;
    sd_mapping m;
    char err[512] = "";
    assert_int_equal(sd_turned_read(fx.t, s, &tr, &m, err, sizeof err), SD_ERR_NO_HEADER);
    sd_sheet_free(s);
}

/* A sheet of several companies is never read as one company's form. */
static void test_form_of_two_companies_refused(void **state)
{
    (void)state;
    char *text = sideways(2, false);
    sd_sheet *s = open_csv("two.csv", text);
    free(text);
    sd_form_rows f;
    char err[2048] = "";
    assert_int_equal(sd_form_read(fx.t, s, &f, err, sizeof err), SD_ERR_NO_HEADER);
    if (!strstr(err, "1 社分の様式として読めません") || !strstr(err, "B2「K1」") ||
        !strstr(err, "C2「K2」") || !strstr(err, "業種"))
        fail_msg("%s", err);
    sd_form_rows_free(&f);
    sd_sheet_free(s);

    /* a second company's block under the first */
    sd_buf b = {0};
    for (int k = 0; k < 2; k++) {
        sd_buf_printf(
            &b, "会員番号,K%d,,\n事業所名,株式会社%d,,\n業種,製造,,\n所在地,茨城県水戸市,,\n従業員数,3,,\n",
            k + 1, k + 1);
        for (int q = 1; q <= 25; q++)
            sd_buf_printf(&b, "%d,項目,,○\n", q);
    }
    s = open_csv("block.csv", b.data);
    sd_buf_free(&b);
    assert_int_equal(sd_form_read(fx.t, s, &f, err, sizeof err), SD_ERR_NO_HEADER);
    if (!strstr(err, "会員番号が 2 か所にあります"))
        fail_msg("%s", err);
    sd_form_rows_free(&f);
    sd_sheet_free(s);
}

/* A margin column, a label merged over eight cells (its value nine columns
 * right), the number and the question's text in one cell. */
static void test_form_with_margin_and_merged_labels(void **state)
{
    (void)state;
    sd_buf b = {0};
    sd_buf_adds(&b, ",情報セキュリティ自社診断 回答票\n");
    static const char *const details[][2] = {{"会員番号", "K9"},
                                             {"事業所名", "株式会社九"},
                                             {"業種", "製造業"},
                                             {"所在地", "茨城県水戸市"},
                                             {"従業員数", "9名"}};
    for (size_t i = 0; i < 5; i++)
        sd_buf_printf(&b, ",%s,,,,,,,,%s\n", details[i][0], details[i][1]);
    static const char *const texts[] = {
        "パソコンやスマホなどのOSやソフトウェアは常に最新の状態にしていますか？",
        "パソコンやスマホなどにはウイルス対策ソフトを導入し、ウイルス定義ファイルは"
        "最新の状態にしていますか？"};
    for (int q = 1; q <= 25; q++)
        sd_buf_printf(&b, ",\"%d. %s\",,,%s\n", q, q <= 2 ? texts[q - 1] : "", q == 2 ? "○（一部）" : "○");
    sd_sheet *s = open_csv("margin.csv", b.data);
    sd_buf_free(&b);
    sd_form_rows f;
    char err[2048] = "";
    sd_error rc = sd_form_read(fx.t, s, &f, err, sizeof err);
    if (rc != SD_OK)
        fail_msg("%s", err);
    bool seen_no = false, seen_q2 = false;
    for (size_t i = 0; i < f.n; i++) {
        if (strcmp(f.header.cells[i], "会員番号") == 0) {
            assert_string_equal(f.data.cells[i], "K9");
            assert_string_equal(f.data.cell_refs[i], "J2");
            seen_no = true;
        } else if (strcmp(f.header.cells[i], "Q2") == 0) {
            assert_string_equal(f.data.cells[i], "○（一部）");
            assert_string_equal(f.data.cell_refs[i], "E8");
            seen_q2 = true;
        }
    }
    assert_true(seen_no && seen_q2);
    sd_form_rows_free(&f);
    sd_sheet_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        SD_SCRATCH_TEST(test_sideways_table_read_by_column),
        SD_SCRATCH_TEST(test_one_column_is_no_sideways_table),
        SD_SCRATCH_TEST(test_form_of_two_companies_refused),
        SD_SCRATCH_TEST(test_form_with_margin_and_merged_labels),
    };
    return cmocka_run_group_tests(tests, sd_scratch_group_setup, sd_scratch_group_teardown);
}
