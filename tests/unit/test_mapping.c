/* test_mapping.c - a column's role decided with its neighbours: companion
 * columns, a mark-sheet's column per choice, a points column checking its
 * answer, a code column beside its name, a form tool's number offset,
 * per-part numbering and digits inside a title */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "helpers.h"
#include "ingest/mapping.h"
#include "ingest/values.h"

/* The question sentences as a form carries them (worded after the IPA sheet). */
static const char *const texts[25] = {
    "パソコンやスマホなどのOSやソフトウェアは常に最新の状態にしていますか？",
    "パソコンやスマホなどにはウイルス対策ソフトを導入し、ウイルス定義ファイルは最新の状態にしていますか？",
    "パスワードは破られにくい「長く」「複雑な」パスワードを設定していますか？",
    "重要情報に対する適切なアクセス制限を行っていますか？",
    "新たな脅威や攻撃の手口を知り対策を社内共有する仕組みはできていますか？",
    "電子メールの添付ファイルや本文中のURLリンクを介したウイルス感染に気をつけていますか？",
    "電子メールやFAXの宛先の送信ミスを防ぐ取り組みを実施していますか？",
    "重要情報は電子メール本文に書くのではなく、添付するファイルに書いてパスワードなどで保護していますか？",
    "無線LANを安全に使うために適切な暗号化方式を設定するなどの対策をしていますか？",
    "インターネットを介したウイルス感染やSNSへの書き込みなどのトラブルへの対策をしていますか？",
    "パソコンやサーバーのウイルス感染、故障や誤操作による重要情報の消失に備えてバックアップを取得していますか"
    "？",
    "紛失や盗難を防止するため、重要情報が記載された書類や電子媒体は机上に放置せず、書庫などに安全に保管してい"
    "ますか？",
    "重要情報が記載された書類や電子媒体を持ち出す時は、盗難や紛失の対策をしていますか？",
    "離席時にパソコン画面の覗き見や勝手な操作ができないようにしていますか？",
    "関係者以外の事務所への立ち入りを制限していますか？",
    "退社時にノートパソコンや備品を施錠保管するなど盗難防止対策をしていますか？",
    "事務所が無人になる時の施錠忘れ対策を実施していますか？",
    "重要情報が記載された書類や重要なデータが保存された媒体を破棄する時は、復元できないようにしていますか？",
    "従業員に守秘義務を理解してもらい、業務上知り得た情報を外部に漏らさないなどのルールを守らせていますか？",
    "従業員にセキュリティに関する教育や注意喚起を行っていますか？",
    "個人所有の情報機器を業務で利用する場合のセキュリティ対策を明確にしていますか？",
    "重要情報の授受を伴う取引先との契約書には、秘密保持条項を規定していますか？",
    "クラウドサービスやウェブサイトの運用等で利用する外部サービスは、安全・信頼性を把握して選定していますか"
    "？",
    "セキュリティ事故が発生した場合に備え、緊急時の体制整備や対応手順を作成するなど準備をしていますか？",
    "情報セキュリティ対策（上記1～24など）をルール化し、従業員に明示していますか？",
};

/* A header row built cell by cell; the strings are owned by the row. */
typedef struct {
    char *cells[256];
    size_t n;
} hdr;

static void add(hdr *h, const char *cell)
{
    h->cells[h->n++] = sd_xstrdup(cell);
}

/* Q<q><suffix>: Q1, Q1コメント, Q1_実施している */
static void addq(hdr *h, int q, const char *suffix)
{
    h->cells[h->n++] = sd_xasprintf("Q%d%s", q, suffix);
}

/* <n>. <text>: a form tool's numbered item */
static void addn(hdr *h, int n, const char *text)
{
    h->cells[h->n++] = sd_xasprintf("%d. %s", n, text);
}

static void hdr_free(hdr *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->cells[i]);
    h->n = 0;
}

static sd_row as_row(hdr *h, size_t row_no)
{
    return (sd_row){.cells = h->cells, .ncells = h->n, .row_no = row_no};
}

static void details(hdr *h)
{
    const char *d[] = {"会員番号", "事業所名", "業種", "都道府県", "従業員数"};
    for (size_t i = 0; i < 5; i++)
        add(h, d[i]);
}

static void test_companions_are_never_answers(void **state)
{
    const sd_templates *t = *state;
    sd_col_match m = sd_header_classify(t, "Q1コメント");
    assert_int_equal(m.kind, SD_COL_COMPANION);
    assert_int_equal(m.question, 1);
    m = sd_header_classify(t, "問12 備考");
    assert_int_equal(m.kind, SD_COL_COMPANION);
    m = sd_header_classify(t, "Q25点");
    assert_int_equal(m.kind, SD_COL_POINTS);
    assert_int_equal(m.question, 25);
    m = sd_header_classify(t, "Q3_一部実施");
    assert_int_equal(m.kind, SD_COL_CHOICE);
    assert_int_equal(m.question, 3);
    assert_int_equal(m.choice, SD_CHOICE_PARTIAL);
    /* SurveyMonkey's expanded choices: the question's sentence [a choice] */
    m = sd_header_classify(
        t, "パソコンやスマホなどのOSやソフトウェアは常に最新の状態にしていますか？ [一部実施している]");
    assert_int_equal(m.kind, SD_COL_CHOICE);
    assert_int_equal(m.question, 1);
    assert_int_equal(m.choice, SD_CHOICE_PARTIAL);
    assert_int_equal(sd_header_classify(t, "判定").kind, SD_COL_COMPANION);
    assert_int_equal(sd_header_classify(t, "合計").kind, SD_COL_COMPANION);
    assert_int_equal(sd_header_classify(t, "基本的対策計").kind, SD_COL_COMPANION);
    /* a code column of its field */
    m = sd_header_classify(t, "業種コード");
    assert_int_equal(m.kind, SD_COL_FIELD);
    assert_int_equal(m.field, SD_FIELD_INDUSTRY);
    assert_true(m.code);
    assert_false(sd_header_classify(t, "会員コード").code); /* the member's own number */

    /* Q1 and Q1コメント, Q1点 beside it: one answer column, one points column */
    hdr h = {0};
    details(&h);
    for (int q = 1; q <= 25; q++) {
        addq(&h, q, "");
        addq(&h, q, "コメント");
    }
    for (int q = 1; q <= 25; q++)
        addq(&h, q, "点");
    add(&h, "判定");
    sd_row row = as_row(&h, 1);
    sd_mapping map;
    char err[2048];
    assert_int_equal(sd_mapping_from_header(t, &row, &map, err, sizeof err), SD_OK);
    assert_int_equal(map.question_col[0], 5);
    assert_int_equal(map.question_col[24], 5 + 48);
    assert_int_equal(map.points_col[0], 55);
    char *text = sd_mapping_describe(t, &map);
    assert_non_null(strstr(text, "G列「Q1コメント」→（読みません: Q1 に添えた列です"));
    assert_non_null(strstr(text, "「Q1点」→ Q1 の点数（回答と照合します）"));
    free(text);

    /* a row whose Q2 points disagree with its answer: rejected naming both */
    char *cells[256] = {"K1", "常陸商事", "製造", "茨城県", "12"};
    for (int q = 0; q < 25; q++) {
        cells[5 + 2 * q] = "実施している";
        cells[6 + 2 * q] = "";
        cells[55 + q] = "4";
    }
    cells[80] = "要改善";
    sd_row data = {.cells = cells, .ncells = h.n, .row_no = 2};
    sd_record rec;
    sd_rejects rj = {0};
    assert_true(sd_mapping_read_row(t, &map, &data, "2026-10", NULL, &rec, &rj));
    assert_int_equal(rec.total, 100);
    sd_record_clear(&rec);
    cells[56] = "2";
    assert_false(sd_mapping_read_row(t, &map, &data, "2026-10", NULL, &rec, &rj));
    assert_int_equal(rj.n, 1);
    assert_non_null(strstr(rj.items[0].reason, "H列「Q2」"));
    assert_non_null(strstr(rj.items[0].reason, "BE列「Q2点」は「2」"));
    sd_rejects_free(&rj);
    sd_mapping_free(&map);
    hdr_free(&h);

    /* points alone are the answers */
    details(&h);
    for (int q = 1; q <= 25; q++)
        addq(&h, q, "点");
    row = as_row(&h, 1);
    assert_int_equal(sd_mapping_from_header(t, &row, &map, err, sizeof err), SD_OK);
    assert_int_equal(map.question_col[3], 8);
    sd_mapping_free(&map);
    hdr_free(&h);
}

static void test_mark_sheet_one_mark_per_question(void **state)
{
    const sd_templates *t = *state;
    const char *choices[] = {"実施している", "一部実施", "実施していない", "わからない"};
    hdr h = {0};
    details(&h);
    for (int q = 1; q <= 25; q++)
        for (int k = 0; k < 4; k++) {
            char sfx[64];
            snprintf(sfx, sizeof sfx, "_%s", choices[k]);
            addq(&h, q, sfx);
        }
    sd_row row = as_row(&h, 1);
    sd_mapping map;
    char err[2048];
    assert_int_equal(sd_mapping_from_header(t, &row, &map, err, sizeof err), SD_OK);
    assert_int_equal(map.question_col[0], -1);
    assert_int_equal(map.choice_col[0][3], 8);

    char *cells[256] = {"K1", "常陸商事", "製造", "茨城県", "12"};
    for (int i = 5; i < 105; i++)
        cells[i] = "";
    for (int q = 0; q < 25; q++)
        cells[5 + 4 * q + q % 4] = "○";
    sd_row data = {.cells = cells, .ncells = h.n, .row_no = 2};
    sd_record rec;
    sd_rejects rj = {0};
    assert_true(sd_mapping_read_row(t, &map, &data, "2026-10", NULL, &rec, &rj));
    assert_int_equal(rec.answers[1], SD_CHOICE_PARTIAL);
    assert_int_equal(rec.answers[3], SD_CHOICE_UNKNOWN);
    sd_record_clear(&rec);
    cells[5 + 4 * 2 + 2] = "";  /* Q3 unmarked */
    cells[5 + 4 * 8 + 1] = "○"; /* Q9 marked twice */
    assert_false(sd_mapping_read_row(t, &map, &data, "2026-10", NULL, &rec, &rj));
    assert_int_equal(rj.n, 2);
    assert_non_null(strstr(rj.items[0].reason, "Q3 は選択肢のどの列にも印がありません"));
    assert_non_null(strstr(rj.items[1].reason, "Q9 は "));
    assert_non_null(strstr(rj.items[1].reason, "2 か所に印があります"));
    sd_rejects_free(&rj);
    sd_mapping_free(&map);

    /* a choice column missing: refused saying which */
    free(h.cells[h.n - 1]);
    h.n--;
    row = as_row(&h, 1);
    assert_int_equal(sd_mapping_from_header(t, &row, &map, err, sizeof err), SD_ERR_NO_HEADER);
    assert_non_null(strstr(err, "Q25 の選択肢ごとの列に 「わからない」 の列がありません"));
    hdr_free(&h);
}

static void test_code_beside_name_row_by_row(void **state)
{
    const sd_templates *t = *state;
    hdr h = {0};
    add(&h, "会員番号");
    add(&h, "事業所名");
    add(&h, "業種コード");
    add(&h, "業種");
    add(&h, "都道府県");
    add(&h, "従業員数");
    for (int q = 1; q <= 25; q++)
        addq(&h, q, "");
    sd_row row = as_row(&h, 1);
    sd_mapping map;
    char err[2048];
    assert_int_equal(sd_mapping_from_header(t, &row, &map, err, sizeof err), SD_OK);
    assert_int_equal(map.field_col[SD_FIELD_INDUSTRY], 3);
    assert_int_equal(map.code_col[SD_FIELD_INDUSTRY], 2);

    char *cells[31] = {"K1", "常陸商事", "09", "製造業", "茨城県", "12"};
    for (int q = 0; q < 25; q++)
        cells[6 + q] = "○";
    sd_row data = {.cells = cells, .ncells = 31, .row_no = 2};
    sd_record rec;
    sd_rejects rj = {0};
    assert_true(sd_mapping_read_row(t, &map, &data, "2026-10", NULL, &rec, &rj));
    assert_int_equal(rec.industry, 'E');
    sd_record_clear(&rec);
    cells[3] = "#N/A";
    assert_false(sd_mapping_read_row(t, &map, &data, "2026-10", NULL, &rec, &rj));
    assert_int_equal(rj.n, 1);
    assert_non_null(strstr(rj.items[0].reason, "D列「業種」が「#N/A」、C列「業種コード」が「09」"));
    sd_rejects_clear(&rj);
    cells[3] = "小売業";
    assert_false(sd_mapping_read_row(t, &map, &data, "2026-10", NULL, &rec, &rj));
    assert_non_null(strstr(rj.items[0].reason, "一致しません"));
    sd_rejects_free(&rj);
    sd_mapping_free(&map);
    hdr_free(&h);
}

static void test_form_tool_offset_confirmed_by_texts(void **state)
{
    const sd_templates *t = *state;
    const char *d[] = {"会員番号", "貴社名", "業種", "所在地", "従業員数"};
    hdr h = {0};
    add(&h, "ID");
    for (int i = 0; i < 5; i++)
        addn(&h, i + 1, d[i]);
    for (int q = 0; q < 25; q++)
        addn(&h, q + 6, texts[q]);
    sd_row row = as_row(&h, 1);
    sd_mapping map;
    char err[2048];
    assert_int_equal(sd_mapping_from_header(t, &row, &map, err, sizeof err), SD_OK);
    assert_int_equal(map.field_col[SD_FIELD_MEMBER_NO], 1);
    assert_int_equal(map.question_col[0], 6);
    assert_int_equal(map.question_col[24], 30);
    sd_mapping_free(&map);

    /* one column whose number disagrees otherwise: no offset, refused */
    free(h.cells[10]);
    h.cells[10] = sd_xasprintf("%d. %s", 12, texts[4]); /* Q5's text numbered 12 */
    row = as_row(&h, 1);
    assert_int_equal(sd_mapping_from_header(t, &row, &map, err, sizeof err), SD_ERR_NO_HEADER);
    assert_non_null(strstr(err, "番号は Q"));
    hdr_free(&h);
}

static void test_numbers_per_part_and_inside_titles(void **state)
{
    const sd_templates *t = *state;
    assert_int_equal(sd_header_question(t, "1-1"), 1);
    assert_int_equal(sd_header_question(t, "1-5"), 5);
    assert_int_equal(sd_header_question(t, "2-1"), 6);
    assert_int_equal(sd_header_question(t, "2-13"), 18);
    assert_int_equal(sd_header_question(t, "3-7"), 25);
    assert_int_equal(sd_header_question(t, "Q3-7"), 25);
    assert_int_equal(sd_header_question(t, "1-6"), 0); /* part 1 has five questions */
    /* the title's 5 is no question: the grid's item decides */
    assert_int_equal(
        sd_header_question(t, "5分でできる！情報セキュリティ自社診断 [1. "
                              "パソコンやスマホなどのOSやソフトウェアは常に最新の状態にしていますか？]"),
        1);
    assert_int_equal(sd_header_question(t, "5分でできる！情報セキュリティ自社診断 [12]"), 12);
    /* number and text in one cell, on two lines */
    assert_int_equal(
        sd_header_question(
            t, "問9\n無線LANを安全に使うために適切な暗号化方式を設定するなどの対策をしていますか？"),
        9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_companions_are_never_answers),
        cmocka_unit_test(test_mark_sheet_one_mark_per_question),
        cmocka_unit_test(test_code_beside_name_row_by_row),
        cmocka_unit_test(test_form_tool_offset_confirmed_by_texts),
        cmocka_unit_test(test_numbers_per_part_and_inside_titles),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
