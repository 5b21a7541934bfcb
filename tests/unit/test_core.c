/* test_core.c - error strings, templates checks, limits, header mapping, scoring, quantiles */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/util.h"
#include "ingest/mapping.h"
#include "stats/aggregate.h"

static void test_every_error_has_a_message(void **state)
{
    for (int e = 0; e < SD_ERR_COUNT; e++) {
        const char *m = sd_strerror((sd_error)e);
        assert_non_null(m);
        assert_string_not_equal(m, "不明なエラーです");
    }
    assert_string_equal(sd_strerror(SD_ERR_COUNT), "不明なエラーです");
}

static void test_questionnaire_is_consistent(void **state)
{
    const sd_templates *t = *state;
    assert_int_equal(t->nquestions, 25);
    assert_int_equal(t->nparts, 3);
    assert_int_equal(t->parts[0].max_points, 20);
    assert_int_equal(t->parts[1].max_points, 52);
    assert_int_equal(t->parts[2].max_points, 28);
    assert_int_equal(sd_max_total(t), 100);
    assert_int_equal(sd_min_total(t), -25);
    assert_string_equal(sd_band_for(t, 100)->label, t->bands[0].label);
    assert_int_equal(sd_band_index(t, 99), 1);
    assert_int_equal(sd_band_index(t, 70), 1);
    assert_int_equal(sd_band_index(t, 69), 2);
    assert_int_equal(sd_band_index(t, 50), 2);
    assert_int_equal(sd_band_index(t, 49), 3);
    assert_int_equal(sd_band_index(t, -25), 3);
    assert_int_equal(sd_band_index(t, 101), -1);
}

/* Copies templates/ to a temporary folder with one file replaced. */
static char *sd_broken_templates(const char *file, const char *content)
{
    char tmpl[] = "/tmp/shindan-tpl-XXXXXX";
    char *dir = sd_xstrdup(mkdtemp(tmpl));
    char *cmd = sd_xasprintf("cp templates/* %s/", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *path = sd_xasprintf("%s/%s", dir, file);
    FILE *fp = fopen(path, "w");
    fputs(content, fp);
    fclose(fp);
    free(path);
    return dir;
}

static void sd_remove_dir(char *dir)
{
    char *cmd = sd_xasprintf("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

static void test_templates_refuse_gaps_in_bands(void **state)
{
    /* read the real questionnaire and cut band 3 out of it */
    FILE *fp = fopen("templates/questionnaire.ini", "r");
    sd_buf b = {0};
    char line[1024];
    bool skip = false;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '[')
            skip = strncmp(line, "[band.3]", 8) == 0;
        if (!skip)
            sd_buf_adds(&b, line);
    }
    fclose(fp);
    char *dir = sd_broken_templates("questionnaire.ini", b.data);
    sd_buf_free(&b);
    sd_templates *t = NULL;
    char err[512];
    assert_int_equal(sd_templates_load(dir, &t, err, sizeof err), SD_ERR_TEMPLATE);
    assert_null(t);
    assert_non_null(strstr(err, "band"));
    sd_remove_dir(dir);
}

static void test_templates_refuse_missing_text(void **state)
{
    char *dir = sd_broken_templates("report.ini", "[company]\ntitle = x\n");
    sd_templates *t = NULL;
    char err[512];
    assert_int_equal(sd_templates_load(dir, &t, err, sizeof err), SD_ERR_TEMPLATE);
    assert_non_null(strstr(err, "report.ini"));
    sd_remove_dir(dir);
}

static void test_column_letters_round_trip(void **state)
{
    (void)state;
    char out[16];
    size_t cols[] = {0, 3, 25, 26, 27, 701, 702, 16383};
    const char *want[] = {"A", "D", "Z", "AA", "AB", "ZZ", "AAA", "XFD"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        sd_column_letters(cols[i], out);
        assert_string_equal(out, want[i]);
        assert_int_equal(sd_column_index(out), (int)cols[i]);
    }
}

/* shindan.ini [limits] names and units, and the two refusals. */
static void test_limits_are_set_by_name(void **state)
{
    sd_limits saved = sd_lim;
    assert_null(sd_limits_set("file_mb", 3));
    assert_int_equal(sd_lim.file_bytes, 3LL * 1024 * 1024);
    assert_null(sd_limits_set("cell_kb", 2));
    assert_int_equal(sd_lim.cell_bytes, 2048);
    assert_null(sd_limits_set("detail_rows", (int)SD_EXCEL_DATA_ROWS));
    assert_int_equal(sd_lim.detail_rows, SD_EXCEL_DATA_ROWS);
    assert_non_null(strstr(sd_limits_set("detail_rows", (int)SD_EXCEL_DATA_ROWS + 1), "1048575"));
    assert_int_equal(sd_lim.detail_rows, SD_EXCEL_DATA_ROWS);
    assert_non_null(strstr(sd_limits_set("file_gb", 1), "file_mb"));
    sd_lim = saved;
}

static void test_header_questions(void **state)
{
    const sd_templates *t = *state;
    assert_int_equal(sd_header_question(t, "Q1"), 1);
    assert_int_equal(sd_header_question(t, "Ｑ２５"), 25);
    assert_int_equal(sd_header_question(t, "問3"), 3);
    assert_int_equal(sd_header_question(t, "設問 12"), 12);
    assert_int_equal(sd_header_question(t, "1. パソコンやスマホなどのOSは最新ですか"), 1);
    assert_int_equal(sd_header_question(t, "問7 メールの誤送信"), 7);
    assert_int_equal(sd_header_question(t, "Q26"), 0);
    assert_int_equal(sd_header_question(t, "2026年"), 0);
    assert_int_equal(sd_header_question(t, "従業員数"), 0);
}

static void test_mapping_and_scoring(void **state)
{
    const sd_templates *t = *state;
    char *hdr[33] = {"会員ＮＯ", "会社名", "業種", "所在地", "従業員数"};
    char qbuf[25][8];
    for (int q = 0; q < 25; q++) {
        snprintf(qbuf[q], sizeof qbuf[q], "Q%d", q + 1);
        hdr[5 + q] = qbuf[q];
    }
    sd_row head = {.cells = hdr, .ncells = 30, .row_no = 1};
    sd_mapping m = {0};
    char err[256];
    assert_int_equal(sd_mapping_from_header(t, &head, &m, err, sizeof err), SD_OK);
    assert_int_equal(m.field_col[SD_FIELD_MEMBER_NO], 0);
    assert_int_equal(m.field_col[SD_FIELD_ADDRESS], 3);
    assert_int_equal(m.question_col[24], 29);

    char *cells[30] = {"A-1", "㈱ テスト 商事", "製造", "茨城県那珂郡東海村村松", "12"};
    const char *ans[] = {"○", "△", "×", "？"};
    for (int q = 0; q < 25; q++)
        cells[5 + q] = (char *)ans[q % 4];
    sd_row row = {.cells = cells, .ncells = 30, .row_no = 7};
    sd_record rec;
    sd_rejects rj = {0};
    assert_true(sd_mapping_read_row(t, &m, &row, "2026-10", NULL, &rec, &rj));
    assert_string_equal(rec.name, "(株) テスト 商事");
    assert_int_equal(rec.industry, 'E');
    assert_int_equal(rec.prefecture, 8);
    assert_string_equal(rec.municipality, "東海村");
    /* 7 x 4 + 6 x 2 + 6 x 0 + 6 x -1 = 34; part 1 is Q1-5: 4 + 2 + 0 - 1 + 4 */
    assert_int_equal(rec.total, 34);
    assert_int_equal(rec.part_scores[0], 9);
    assert_int_equal(rec.part_scores[0] + rec.part_scores[1] + rec.part_scores[2], 34);
    sd_record_clear(&rec);

    cells[2] = "宇宙";
    cells[7] = "";
    cells[8] = "まる";
    row.row_no = 8;
    assert_false(sd_mapping_read_row(t, &m, &row, "2026-10", NULL, &rec, &rj));
    assert_int_equal(rj.n, 3); /* every bad cell is named, not just the first */
    assert_int_equal(rj.items[0].row, 8);
    assert_string_equal(rj.items[0].column, "業種");
    assert_string_equal(rj.items[1].column, "Q3");
    assert_string_equal(rj.items[2].value, "まる");
    sd_rejects_free(&rj);
    sd_mapping_free(&m);

    hdr[0] = "番号なし";
    assert_int_equal(sd_mapping_from_header(t, &head, &m, err, sizeof err), SD_ERR_NO_HEADER);
    assert_non_null(strstr(err, "会員番号"));
}

static void test_quantiles_interpolate(void **state)
{
    int one[] = {42};
    assert_true(sd_quantile(one, 1, 0.5) == 42.0);
    int even[] = {10, 20, 30, 40};
    assert_true(sd_quantile(even, 4, 0.5) == 25.0);
    assert_true(sd_quantile(even, 4, 0.25) == 17.5);
    assert_true(sd_quantile(even, 4, 0.75) == 32.5);
    int ties[] = {-25, -25, -25, 100};
    assert_true(sd_quantile(ties, 4, 0.5) == -25.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_error_has_a_message),
        cmocka_unit_test(test_questionnaire_is_consistent),
        cmocka_unit_test(test_templates_refuse_gaps_in_bands),
        cmocka_unit_test(test_templates_refuse_missing_text),
        cmocka_unit_test(test_column_letters_round_trip),
        cmocka_unit_test(test_limits_are_set_by_name),
        cmocka_unit_test(test_header_questions),
        cmocka_unit_test(test_mapping_and_scoring),
        cmocka_unit_test(test_quantiles_interpolate),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
