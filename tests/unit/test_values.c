/* test_values.c - cell parsers: answers, industries, places, sizes, dates */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "helpers.h"
#include "ingest/mapping.h"
#include "ingest/values.h"

static void test_answers_words_symbols_points(void **state)
{
    const sd_templates *t = *state;
    struct {
        const char *text;
        int choice;
    } ok[] = {{"実施している", SD_CHOICE_DONE},
              {"○", SD_CHOICE_DONE},
              {"◎", SD_CHOICE_DONE},
              {"4", SD_CHOICE_DONE},
              {"４", SD_CHOICE_DONE},
              {" 実施 ", SD_CHOICE_DONE},
              {"一部実施している", SD_CHOICE_PARTIAL},
              {"△", SD_CHOICE_PARTIAL},
              {"２", SD_CHOICE_PARTIAL},
              {"実施していない", SD_CHOICE_NONE},
              {"×", SD_CHOICE_NONE},
              {"0", SD_CHOICE_NONE},
              {"わからない", SD_CHOICE_UNKNOWN},
              {"？", SD_CHOICE_UNKNOWN},
              {"?", SD_CHOICE_UNKNOWN},
              {"-1", SD_CHOICE_UNKNOWN},
              {"－１", SD_CHOICE_UNKNOWN},
              {"−1", SD_CHOICE_UNKNOWN}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int c = -9;
        assert_true(sd_parse_answer(t, ok[i].text, &c));
        assert_int_equal(c, ok[i].choice);
    }
    const char *bad[] = {"", "  ", "5", "まる", "3", "1", "実施したい", "4点くらい"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int c;
        assert_false(sd_parse_answer(t, bad[i], &c));
    }
}

static void test_industry_letters_names_short_names(void **state)
{
    const sd_templates *t = *state;
    struct {
        const char *text;
        char letter;
    } ok[] = {{"E", 'E'},
              {"e", 'E'},
              {"Ｅ", 'E'},
              {"製造業", 'E'},
              {"製造", 'E'},
              {"IT", 'G'},
              {"ＩＴ", 'G'},
              {"小売", 'I'},
              {"卸売業，小売業", 'I'},
              {"卸売業、小売業", 'I'},
              {"E 製造業", 'E'},
              {"D:建設業", 'D'},
              {"医療，福祉", 'P'},
              {"分類不能の産業", 'T'}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char l = 0;
        assert_true(sd_parse_industry(t, ok[i].text, &l));
        assert_int_equal(l, ok[i].letter);
    }
    char l;
    assert_false(sd_parse_industry(t, "宇宙開発", &l));
    assert_false(sd_parse_industry(t, "", &l));
    assert_false(sd_parse_industry(t, "Z", &l));
}

/* Every line of tests/fixtures/industry_words_expected.tsv: the word reads
 * as its letter, or is refused (-) or refused naming two letters (?). */
static void test_industry_everyday_words(void **state)
{
    const sd_templates *t = *state;
    FILE *fp = fopen("tests/fixtures/industry_words_expected.tsv", "r");
    assert_non_null(fp);
    char line[256];
    int checked = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = 0;
        char want = tab[1], l = 0, letters[21];
        int n = sd_industry_lookup(t, line, &l, letters);
        if (want == '-' ? n != 0 : want == '?' ? n < 2 : (n != 1 || l != want))
            fail_msg("%s: read as %d letter(s) %s, want %c", line, n, letters, want);
        checked++;
    }
    fclose(fp);
    assert_true(checked > 50);
}

/* Every name of the classification's list reads as its own letter, or,
 * where the name is in two 大分類, is refused naming its letter too. */
static void test_industry_whole_classification(void **state)
{
    const sd_templates *t = *state;
    char *path = sd_xasprintf("%s/jsic.tsv", t->dir);
    FILE *fp = fopen(path, "r");
    free(path);
    assert_non_null(fp);
    char line[512];
    int checked = 0, shared = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '#')
            continue;
        char *letter = strchr(line, '\t');
        char *name = letter ? strchr(letter + 1, '\t') : NULL;
        assert_non_null(name);
        char l = 0, letters[21];
        int n = sd_industry_lookup(t, name + 1, &l, letters);
        if (n == 0 || !strchr(letters, letter[1]))
            fail_msg("%s (%c) read as %s", name + 1, letter[1], letters);
        shared += n > 1;
        checked++;
    }
    fclose(fp);
    assert_true(checked > 1700);
    assert_true(shared < checked / 20);
}

/* A word the organisation adds is read before the classification's names,
 * and a word it leaves out stays refused. */
static void test_industry_words_staff_add(void **state)
{
    (void)state;
    sd_jsic *j = sd_jsic_new();
    sd_jsic_add(j, "美容業", 'N', 0);
    sd_jsic_add(j, "農業協同組合", 'J', 0);
    sd_jsic_add(j, "農業協同組合", 'Q', 0);
    sd_jsic_add(j, "農協", 'Q', 1);
    sd_jsic_finish(j);
    char letters[21];
    assert_int_equal(sd_jsic_lookup(j, "美容", letters), 1);
    assert_string_equal(letters, "N");
    assert_int_equal(sd_jsic_lookup(j, "美容室", letters), 0);
    assert_int_equal(sd_jsic_lookup(j, "農業協同組合", letters), 2);
    assert_string_equal(letters, "JQ");
    assert_int_equal(sd_jsic_lookup(j, "ＪＡ農協", letters), 0);
    assert_int_equal(sd_jsic_lookup(j, "農協", letters), 1);
    sd_jsic_free(j);
    char **s = sd_jsic_stems("社会保険労務士事務所");
    assert_string_equal(s[0], "社会保険労務士事務所");
    assert_string_equal(s[1], "社会保険労務士");
    assert_null(s[2]);
    sd_strv_free(s);
    s = sd_jsic_stems("酒屋"); /* one character would be left: kept whole */
    assert_string_equal(s[0], "酒屋");
    assert_null(s[1]);
    sd_strv_free(s);
}

/* Points as offices and Excel write them, and marks whose note says
 * another answer. */
static void test_answers_points_and_contradicting_notes(void **state)
{
    const sd_templates *t = *state;
    struct {
        const char *text;
        int choice;
    } ok[] = {{"4.0", SD_CHOICE_DONE},
              {"2.0", SD_CHOICE_PARTIAL},
              {"0.0", SD_CHOICE_NONE},
              {"-1.0", SD_CHOICE_UNKNOWN},
              {"\xe2\x80\x90"
               "1",
               SD_CHOICE_UNKNOWN}, /* ‐1 */
              {"\xe2\x80\x92"
               "1",
               SD_CHOICE_UNKNOWN}, /* ‒1 */
              {"－１", SD_CHOICE_UNKNOWN},
              {"△1", SD_CHOICE_UNKNOWN},
              {"▲1", SD_CHOICE_UNKNOWN},
              {"△", SD_CHOICE_PARTIAL},
              {"+4", SD_CHOICE_DONE},
              {"４．０", SD_CHOICE_DONE},
              {"4点", SD_CHOICE_DONE},
              {"4.0点", SD_CHOICE_DONE},
              {"実施している(4点)", SD_CHOICE_DONE},
              {"○（実施）", SD_CHOICE_DONE},
              {"×（未実施）", SD_CHOICE_NONE},
              /* a mark of 実施 noted 一部: done in part, never 実施 */
              {"○（一部）", SD_CHOICE_PARTIAL},
              {"◎(一部実施)", SD_CHOICE_PARTIAL},
              {"実施（一部）", SD_CHOICE_PARTIAL},
              {"△（一部）", SD_CHOICE_PARTIAL}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int c = -9;
        if (!sd_parse_answer(t, ok[i].text, &c) || c != ok[i].choice)
            fail_msg("%s: read as %d, want %d", ok[i].text, c, ok[i].choice);
    }
    /* a note that names another answer, or that is no answer at all: the
     * cell is refused, never read as its bare mark */
    const char *bad[] = {"4.5",       "△2",
                         "×（一部）", "実施している(2点)",
                         "△（実施）", "×（わからない）",
                         "4..0",      "○（確認済み）",
                         "○（予定）", "△（検討中）"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int c = -9;
        if (sd_parse_answer(t, bad[i], &c))
            fail_msg("%s: read as %d, want a refusal", bad[i], c);
    }
    assert_null(sd_answer_contradiction(t, "○（一部）"));
    assert_non_null(sd_answer_contradiction(t, "×（一部）"));
    assert_non_null(strstr(sd_answer_contradiction(t, "×（一部）"), "食い違"));
    assert_non_null(strstr(sd_answer_contradiction(t, "○（予定）"), "括弧内の言葉が回答として分かりません"));
    assert_null(sd_answer_contradiction(t, "○"));
    assert_null(sd_answer_contradiction(t, "まる"));
}

/* Headcounts as members write them. */
static void test_employees_words_around_the_number(void **state)
{
    const sd_templates *t = *state;
    struct {
        const char *text;
        int employees, band;
    } ok[] = {{"役員含め12名", 12, 2},
              {"家族3人", 3, 1},
              {"代表者1名のみ", 1, 1},
              {"常時雇用 25名", 25, 3},
              {"十二名", 12, 2},
              {"二十五名", 25, 3},
              {"百二十名", 120, 5},
              {"一千二百名", 1200, 6},
              {"代表者のみ", 1, 1},
              {"本人だけ", 1, 1},
              {"一人", 1, 1},
              {"正社員 30名", 30, 3},
              {"約20人", 20, 2},
              {"20人程度", 20, 2},
              {"従業員数: 15名", 15, 2},
              {"3名（役員含む）", 3, 1},
              {"5人以下", -1, 1},
              {"301人以上", -1, 6},
              {"10〜20人", -1, 2},
              {"正社員12名・パート8名", -1, 2},
              {"正社員 12名 パート 8名", -1, 2}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int e = -9, b = -9;
        if (!sd_parse_employees(t, ok[i].text, &e, &b) || e != ok[i].employees || b != ok[i].band)
            fail_msg("%s: read as %d (band %d), want %d (band %d)", ok[i].text, e, b, ok[i].employees,
                     ok[i].band);
    }
    const char *bad[] = {"十二三名", "20代", "1 200名", "多数", "パート8名・正社員", "50人未満", "300人以上"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int e = -9, b = -9;
        if (sd_parse_employees(t, bad[i], &e, &b))
            fail_msg("%s: read as %d (band %d), want a refusal", bad[i], e, b);
    }
    char why[512];
    int e, b;
    assert_false(sd_parse_employees_why(t, "10〜30人", &e, &b, why, sizeof why));
    assert_non_null(strstr(why, "20 人以下か 21 人以上か"));
    assert_false(sd_parse_employees_why(t, "正社員18名、パート8名", &e, &b, why, sizeof why));
    assert_non_null(strstr(why, "18 人と合計の 26 人"));
}

/* The place as stored for text: "pref|municipality", "pref|" without one,
 * or the status number when neither prefecture nor municipality reads. */
static char *place_of(const sd_templates *t, const char *text, int expected, sd_place_status *status)
{
    sd_place pl;
    sd_place_parse(t, text, expected, &pl);
    char *s = sd_xasprintf("%d|%s", pl.prefecture, pl.municipality ? pl.municipality : "");
    if (status)
        *status = pl.status;
    sd_place_clear(&pl);
    return s;
}

#define assert_place(t, text, expected, want)                                                                \
    do {                                                                                                     \
        char *got_ = place_of(t, text, expected, NULL);                                                      \
        if (strcmp(got_, want) != 0)                                                                         \
            fail_msg("%s (expected %d): got %s, want %s", text, expected, got_, want);                       \
        free(got_);                                                                                          \
    } while (0)

static void test_places_as_members_write_them(void **state)
{
    const sd_templates *t = *state;
    /* a city that shares its prefecture's name keeps it */
    assert_place(t, "千葉市中央区", 12, "12|千葉市");
    assert_place(t, "千葉県千葉市中央区", 0, "12|千葉市");
    assert_place(t, "千葉市中央区", 0, "12|千葉市");
    assert_place(t, "栃木市", 9, "9|栃木市");
    assert_place(t, "静岡県静岡市葵区追手町", 0, "22|静岡市");
    assert_place(t, "京都市", 0, "26|京都市");
    assert_place(t, "京都府京都市", 0, "26|京都市");
    assert_place(t, "大阪市北区", 27, "27|大阪市");
    assert_place(t, "鹿児島市", 46, "46|鹿児島市");
    /* a prefecture alone, short or full */
    assert_place(t, "茨城", 0, "8|");
    assert_place(t, "茨城県", 0, "8|");
    assert_place(t, "北海道", 0, "1|");
    assert_place(t, "東京都", 0, "13|");
    /* without a prefecture, a name unique in Japan */
    assert_place(t, "つくば市", 0, "8|つくば市");
    assert_place(t, "土浦市", 0, "8|土浦市");
    assert_place(t, "宇都宮市", 0, "9|宇都宮市");
    assert_place(t, "那珂郡東海村", 0, "8|東海村");
    assert_place(t, "東海村", 0, "8|東海村");
    assert_place(t, "さいたま市大宮区", 0, "11|さいたま市");
    assert_place(t, "〒305-0031 つくば市吾妻", 0, "8|つくば市");
    assert_place(t, "〒305-0031　茨城県つくば市吾妻1-2-3", 0, "8|つくば市");
    assert_place(t, "大阪狭山市", 0, "27|大阪狭山市");
    assert_place(t, "東京都千代田区丸の内1", 0, "13|千代田区");
    assert_place(t, "三宅島三宅村", 0, "13|三宅村");
    /* spellings folded, the official name stored */
    assert_place(t, "竜ヶ崎市", 0, "8|龍ケ崎市");
    assert_place(t, "茨城県 龍ケ崎市", 0, "8|龍ケ崎市");
    assert_place(t, "塩釜市", 0, "4|塩竈市");
    assert_place(t, "茅ケ崎市", 0, "14|茅ヶ崎市");
    /* a ward alone, where its prefecture makes it one city */
    assert_place(t, "中区", 14, "14|横浜市");
    /* ambiguous: refused with the candidates */
    sd_place pl;
    sd_place_parse(t, "府中市", 0, &pl);
    assert_int_equal(pl.status, SD_PLACE_AMBIGUOUS);
    assert_int_equal(pl.prefecture, 0);
    assert_non_null(strstr(pl.candidates, "東京都府中市"));
    assert_non_null(strstr(pl.candidates, "広島県府中市"));
    sd_place_clear(&pl);
    sd_place_parse(t, "伊達市", 0, &pl);
    assert_int_equal(pl.status, SD_PLACE_AMBIGUOUS);
    assert_non_null(strstr(pl.candidates, "北海道伊達市"));
    assert_non_null(strstr(pl.candidates, "福島県伊達市"));
    sd_place_clear(&pl);
    sd_place_parse(t, "北区", 27, &pl);
    assert_int_equal(pl.status, SD_PLACE_AMBIGUOUS);
    assert_int_equal(pl.prefecture, 27);
    assert_non_null(strstr(pl.candidates, "大阪府大阪市北区"));
    assert_non_null(strstr(pl.candidates, "大阪府堺市北区"));
    sd_place_clear(&pl);
    assert_place(t, "府中市", 13, "13|府中市");
    assert_place(t, "東京都府中市", 0, "13|府中市");
    /* elsewhere, in conflict, unknown */
    sd_place_status st;
    free(place_of(t, "つくば市", 12, &st));
    assert_int_equal(st, SD_PLACE_ELSEWHERE);
    free(place_of(t, "茨城県水戸市", 12, &st));
    assert_int_equal(st, SD_PLACE_CONFLICT);
    free(place_of(t, "茨城県水戸", 0, &st));
    assert_int_equal(st, SD_PLACE_UNKNOWN);
    free(place_of(t, "市中央区", 12, &st));
    assert_int_equal(st, SD_PLACE_NONE);
    free(place_of(t, "1-2-3", 0, &st));
    assert_int_equal(st, SD_PLACE_NONE);
}

/* Every line of the municipality list, written the ways members write it,
 * comes back as the list's own municipality: with its prefecture (full and
 * short name) in one cell, in two cells, with its 郡, a ward with its city;
 * and alone exactly when its name is unique in Japan. */
static void test_places_whole_list(void **state)
{
    const sd_templates *t = *state;
    size_t n = sd_places_count(t->places);
    assert_true(n > 1900);
    size_t unique = 0, ambiguous = 0;
    for (size_t i = 0; i < n; i++) {
        const sd_muni *m = sd_places_at(t->places, i);
        const sd_prefecture *p = &t->prefectures[m->prefecture - 1];
        char *name = sd_xasprintf("%s%s", m->municipality, m->ward ? m->ward : "");
        char *want = sd_xasprintf("%d|%s", m->prefecture, m->municipality);
        char *full = sd_xasprintf("%s%s", p->name, name);
        char *brief = sd_xasprintf("%s%s", p->short_name, name);
        char *spaced = sd_xasprintf("%s %s1-2-3", p->name, name);
        assert_place(t, full, 0, want);
        assert_place(t, brief, 0, want);
        assert_place(t, spaced, 0, want);
        assert_place(t, name, m->prefecture, want);
        assert_place(t, full, m->prefecture, want);
        if (m->area) {
            char *with_area = sd_xasprintf("%s%s%s", p->name, m->area, name);
            assert_place(t, with_area, 0, want);
            free(with_area);
            with_area = sd_xasprintf("%s%s", m->area, name);
            assert_place(t, with_area, m->prefecture, want);
            free(with_area);
        }
        /* alone: found when no other municipality has the name */
        size_t others = 0;
        for (size_t j = 0; j < n; j++) {
            const sd_muni *o = sd_places_at(t->places, j);
            if (j == i || (o->prefecture == m->prefecture && strcmp(o->municipality, m->municipality) == 0))
                continue;
            /* another municipality of that name, or a ward of that name */
            if (m->ward ? o->ward && strcmp(o->municipality, m->municipality) == 0 &&
                              strcmp(o->ward, m->ward) == 0
                        : (!o->ward && strcmp(o->municipality, m->municipality) == 0) ||
                              (o->ward && strcmp(o->ward, m->municipality) == 0))
                others++;
        }
        sd_place_status st;
        char *got = place_of(t, name, 0, &st);
        if (others == 0) {
            if (strcmp(got, want) != 0)
                fail_msg("%s alone: got %s, want %s", name, got, want);
            unique++;
        } else {
            if (st != SD_PLACE_AMBIGUOUS)
                fail_msg("%s alone is in %zu places but read as %s", name, others + 1, got);
            ambiguous++;
        }
        free(got);
        free(name);
        free(want);
        free(full);
        free(brief);
        free(spaced);
    }
    assert_true(unique > 1800);
    assert_true(ambiguous > 20);
}

/* The folding of spellings never makes two municipalities of one
 * prefecture one name. */
static void test_places_fold_keeps_names_apart(void **state)
{
    const sd_templates *t = *state;
    size_t n = sd_places_count(t->places);
    for (size_t i = 0; i < n; i++) {
        const sd_muni *a = sd_places_at(t->places, i);
        if (a->ward)
            continue;
        char *fa = sd_xstrdup(a->municipality);
        sd_places_fold(fa);
        for (size_t j = i + 1; j < n; j++) {
            const sd_muni *b = sd_places_at(t->places, j);
            if (b->ward || b->prefecture != a->prefecture)
                continue;
            char *fb = sd_xstrdup(b->municipality);
            sd_places_fold(fb);
            if (strcmp(fa, fb) == 0)
                fail_msg("%s and %s fold to one name", a->municipality, b->municipality);
            free(fb);
        }
        free(fa);
    }
}

static void test_employees_counts_and_bands(void **state)
{
    const sd_templates *t = *state;
    int e, b;
    assert_true(sd_parse_employees(t, "25", &e, &b));
    assert_int_equal(e, 25);
    assert_int_equal(b, 3);
    assert_true(sd_parse_employees(t, "２５人", &e, &b));
    assert_int_equal(e, 25);
    assert_true(sd_parse_employees(t, "1,200名", &e, &b));
    assert_int_equal(e, 1200);
    assert_int_equal(b, 6);
    assert_true(sd_parse_employees(t, "5", &e, &b));
    assert_int_equal(b, 1);
    assert_true(sd_parse_employees(t, "6", &e, &b));
    assert_int_equal(b, 2);
    assert_true(sd_parse_employees(t, "6〜20人", &e, &b));
    assert_int_equal(e, -1);
    assert_int_equal(b, 2);
    assert_false(sd_parse_employees(t, "たくさん", &e, &b));
    assert_false(sd_parse_employees(t, "0", &e, &b));
    assert_false(sd_parse_employees(t, "-3", &e, &b));
    /* approximate counts as offices type them are the count */
    assert_true(sd_parse_employees(t, "12人くらい", &e, &b));
    assert_int_equal(e, 12);
    assert_true(sd_parse_employees(t, "約20人", &e, &b));
    assert_int_equal(e, 20);
    assert_true(sd_parse_employees(t, "20名（パート含む）", &e, &b));
    assert_int_equal(e, 20);
    /* a range inside one size band is that band; across two, refused */
    assert_true(sd_parse_employees(t, "10～20人", &e, &b));
    assert_int_equal(e, -1);
    assert_int_equal(b, 2);
    assert_true(sd_parse_employees(t, "10ー20", &e, &b));
    assert_int_equal(b, 2);
    assert_false(sd_parse_employees(t, "10〜40人", &e, &b));
    assert_false(sd_parse_employees(t, "12人以上いる", &e, &b));
}

static void test_dates_and_periods(void **state)
{
    char d[11], p[8];
    assert_true(sd_parse_date("2026/10/5", d));
    assert_string_equal(d, "2026-10-05");
    assert_true(sd_parse_date("2026-10-15 09:30:00", d));
    assert_string_equal(d, "2026-10-15");
    assert_true(sd_parse_date("２０２６年１０月１日", d));
    assert_string_equal(d, "2026-10-01");
    assert_true(sd_parse_date("2028/02/29", d));
    assert_false(sd_parse_date("2026/02/29", d));
    assert_false(sd_parse_date("2026/13/40", d));
    assert_false(sd_parse_date("昨日", d));
    assert_true(sd_parse_period("2026-10", p));
    assert_string_equal(p, "2026-10");
    assert_true(sd_parse_period("202610", p));
    assert_true(sd_parse_period("2026年9月", p));
    assert_string_equal(p, "2026-09");
    assert_false(sd_parse_period("2026-13", p));
    assert_false(sd_parse_period("2026-10-01", p));
    assert_true(sd_period_from_name("2026-09_会員回答.csv", p));
    assert_string_equal(p, "2026-09");
    assert_true(sd_period_from_name("回答_202611.csv", p));
    assert_string_equal(p, "2026-11");
    assert_true(sd_period_from_name("令和8年 2026年10月分.csv", p));
    assert_string_equal(p, "2026-10");
    assert_false(sd_period_from_name("answers.csv", p));
    assert_false(sd_period_from_name("no1234567.csv", p));
}

static void test_member_numbers_are_safe_file_names(void **state)
{
    char *m = sd_parse_member_no(" Ｍ００１２ ");
    assert_string_equal(m, "M0012");
    free(m);
    assert_null(sd_parse_member_no("../etc/passwd"));
    assert_null(sd_parse_member_no("a/b"));
    assert_null(sd_parse_member_no("=1+1"));
    assert_null(sd_parse_member_no("-rf"));
    assert_null(sd_parse_member_no(""));
    assert_null(sd_parse_member_no("123456789012345678901234567890123"));
}

static void test_dates_as_offices_type_them(void **state)
{
    char d[11];
    struct {
        const char *in, *out;
    } ok[] = {{"令和8年10月1日", "2026-10-01"},
              {"R8.10.2", "2026-10-02"},
              {"令和元年5月1日", "2019-05-01"},
              {"2026/10/01(木)", "2026-10-01"},
              {"2026/10/05 2:03:22 午後 GMT+9", "2026-10-05"},
              {"2026-10-31T23:30:00Z", "2026-11-01"}, /* 08:30 on the 1st in Japan */
              {"46296", "2026-10-01"},
              {"2026年10月15日", "2026-10-15"}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_true(sd_parse_date(ok[i].in, d));
        assert_string_equal(d, ok[i].out);
    }
    assert_false(sd_parse_date("2026/13/40", d));
    assert_false(sd_parse_date("R8.2.30", d));
    assert_false(sd_parse_date("123", d));
    /* yyyymmdd from a business system: a real date only */
    assert_true(sd_parse_date("20261005", d));
    assert_string_equal(d, "2026-10-05");
    assert_false(sd_parse_date("20261305", d));
    assert_false(sd_parse_date("20260230", d));
    assert_false(sd_parse_date("202610051", d));
    /* ="…" as exports keep zeros: the text inside */
    assert_true(sd_parse_date("=\"2026/10/05\"", d));
    assert_string_equal(d, "2026-10-05");
}

/* A 回答日 without its year takes the period's only when unambiguous. */
static void test_dates_without_a_year(void **state)
{
    (void)state;
    char d[11], why[512];
    assert_int_equal(sd_parse_month_day("10月4日", "2026-10", NULL, d, why, sizeof why), SD_MONTHDAY_READ);
    assert_string_equal(d, "2026-10-04");
    assert_int_equal(sd_parse_month_day("10/4", "2026-10", NULL, d, why, sizeof why), SD_MONTHDAY_READ);
    assert_string_equal(d, "2026-10-04");
    assert_int_equal(sd_parse_month_day("９月３０日(水)", "2026-10", "2026-10", d, why, sizeof why),
                     SD_MONTHDAY_READ);
    assert_string_equal(d, "2026-09-30");
    /* a December answer in a January file: never moved to the year before */
    assert_int_equal(sd_parse_month_day("12月28日", "2027-01", NULL, d, why, sizeof why),
                     SD_MONTHDAY_REFUSED);
    assert_non_null(strstr(why, "年を付けて"));
    /* no month known, or the sheet and the file disagree on the year */
    assert_int_equal(sd_parse_month_day("10月4日", NULL, NULL, d, why, sizeof why), SD_MONTHDAY_REFUSED);
    assert_non_null(strstr(why, "--period"));
    assert_int_equal(sd_parse_month_day("10月4日", "2026-10", "2025-10", d, why, sizeof why),
                     SD_MONTHDAY_REFUSED);
    assert_non_null(strstr(why, "年が決まりません"));
    /* 2/29 in a year without it */
    assert_int_equal(sd_parse_month_day("2月29日", "2026-03", NULL, d, why, sizeof why), SD_MONTHDAY_REFUSED);
    /* full dates and what is no date are not this parser's */
    assert_int_equal(sd_parse_month_day("2026/10/4", "2026-10", NULL, d, why, sizeof why), SD_MONTHDAY_NONE);
    assert_int_equal(sd_parse_month_day("13/4", "2026-10", NULL, d, why, sizeof why), SD_MONTHDAY_NONE);
    assert_int_equal(sd_parse_month_day("10/4/2026", "2026-10", NULL, d, why, sizeof why), SD_MONTHDAY_NONE);
}

/* ="00120": a business system's way of keeping zeros, read as its text. */
static void test_formula_text_unwrapped(void **state)
{
    const sd_templates *t = *state;
    char *no = sd_parse_member_no("=\"00120\"");
    assert_non_null(no);
    assert_string_equal(no, "00120");
    free(no);
    no = sd_parse_member_no("=\"00\"&A2");
    assert_null(no);
    int e = 0, b = 0;
    assert_true(sd_parse_employees(t, "=\"12\"", &e, &b));
    assert_int_equal(e, 12);
    char c = 0;
    assert_true(sd_parse_industry(t, "=\"製造\"", &c));
    assert_int_equal(c, 'E');
}

static void test_industry_letter_never_inside_a_word(void **state)
{
    const sd_templates *t = *state;
    char c = 0;
    assert_true(sd_parse_industry(t, "E", &c));
    assert_int_equal(c, 'E');
    assert_true(sd_parse_industry(t, "E 製造業", &c));
    assert_true(sd_parse_industry(t, "e(製造業)", &c));
    assert_false(sd_parse_industry(t, "e-コマース", &c));
    assert_false(sd_parse_industry(t, "Ｅコマース", &c));
    assert_false(sd_parse_industry(t, "E 小売業", &c)); /* the letter and the name disagree */
}

static void test_answers_as_forms_word_them(void **state)
{
    const sd_templates *t = *state;
    int c = -1;
    assert_true(sd_parse_answer(t, "実施している。", &c));
    assert_int_equal(c, SD_CHOICE_DONE);
    assert_true(sd_parse_answer(t, "2点", &c));
    assert_int_equal(c, SD_CHOICE_PARTIAL);
    assert_false(sd_parse_answer(t, "ー", &c));
    assert_non_null(sd_answer_refusal("－"));
    assert_false(sd_parse_answer(t, "レ", &c));
    assert_non_null(sd_answer_refusal("✓"));
}

static void test_headers_are_never_guessed(void **state)
{
    const sd_templates *t = *state;
    /* numbered, with the question's own text */
    assert_int_equal(
        sd_header_question(
            t, "1. パソコンやスマホなど情報機器のOSやソフトウェアは常に最新の状態にしていますか？"),
        1);
    assert_int_equal(
        sd_header_question(
            t, "【基本的対策】(3) パスワードは破られにくい「長く」「複雑な」パスワードを設定していますか"),
        3);
    assert_int_equal(sd_header_question(t, "⑪バックアップ"), 11);
    /* a Google grid row */
    assert_int_equal(
        sd_header_question(t, "次の項目について当てはまるものを選んでください [無線LANを暗号化して使う]"), 9);
    /* unnumbered sentence */
    assert_int_equal(sd_header_question(t, "従業員に守秘義務を課していますか"), 19);
    /* a number inside a longer header is no question */
    assert_int_equal(sd_header_question(t, "1つ星"), 0);
    assert_int_equal(sd_header_question(t, "5か条"), 0);
    assert_int_equal(sd_header_question(t, "3月の前回点数"), 0);
    /* a number whose text is another question's: ambiguous, not taken */
    sd_col_match m = sd_header_classify(t, "4. 無線LANを安全に使うために適切な暗号化方式を設定していますか");
    assert_int_equal(m.kind, SD_COL_AMBIGUOUS);
    /* fields asked in sentences; a form tool's own columns */
    assert_int_equal(sd_header_field(t, "貴社名（正式名称）を入力してください"), SD_FIELD_NAME);
    assert_int_equal(sd_header_field(t, "従業員数（パート・アルバイトを含む）"), SD_FIELD_EMPLOYEES);
    assert_int_equal(sd_header_classify(t, "名前").kind, SD_COL_FORM_TOOL);
    assert_int_equal(sd_header_classify(t, "No.").strength, 1); /* weak: never beats 会員番号 */
}

static void test_security_action_levels(void **state)
{
    const sd_templates *t = *state;
    int l = -1;
    assert_true(sd_parse_sa_level(t, "★★", &l));
    assert_int_equal(l, 2);
    assert_true(sd_parse_sa_level(t, "一つ星", &l));
    assert_int_equal(l, 1);
    assert_true(sd_parse_sa_level(t, "", &l));
    assert_int_equal(l, 0);
    assert_true(sd_parse_sa_level(t, "未宣言", &l));
    assert_int_equal(l, 0);
    assert_false(sd_parse_sa_level(t, "認定済み", &l));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_words_symbols_points),
        cmocka_unit_test(test_industry_letters_names_short_names),
        cmocka_unit_test(test_industry_everyday_words),
        cmocka_unit_test(test_industry_whole_classification),
        cmocka_unit_test(test_industry_words_staff_add),
        cmocka_unit_test(test_places_as_members_write_them),
        cmocka_unit_test(test_places_whole_list),
        cmocka_unit_test(test_places_fold_keeps_names_apart),
        cmocka_unit_test(test_employees_counts_and_bands),
        cmocka_unit_test(test_employees_words_around_the_number),
        cmocka_unit_test(test_answers_points_and_contradicting_notes),
        cmocka_unit_test(test_dates_and_periods),
        cmocka_unit_test(test_member_numbers_are_safe_file_names),
        cmocka_unit_test(test_security_action_levels),
        cmocka_unit_test(test_dates_as_offices_type_them),
        cmocka_unit_test(test_dates_without_a_year),
        cmocka_unit_test(test_formula_text_unwrapped),
        cmocka_unit_test(test_industry_letter_never_inside_a_word),
        cmocka_unit_test(test_answers_as_forms_word_them),
        cmocka_unit_test(test_headers_are_never_guessed),
    };
    return cmocka_run_group_tests(tests, sd_setup_templates, sd_teardown_templates);
}
