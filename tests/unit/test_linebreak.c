/* test_linebreak.c - Japanese text as the reports draw it, read back from
 * a real PDF with pdftotext: no line starts with 。、」）, numbers and Latin
 * words are never split, and every character comes back as drawn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render_helpers.h"

static const char para[] =
    "パスワードは長く複雑にし、使い回しはしないでください。「重要な情報」は暗号化して送り、"
    "SECURITY ACTION の二つ星を宣言した事業所は 12345678 社を超えました（2026年10月）。"
    "ウイルス対策ソフトを入れ、定義ファイルを常に最新にしておきましょう。Windows Update も忘れずに。";

typedef struct {
    float width;
    int lines;
} doc;

static sd_error draw(sd_pdf *pdf, void *data)
{
    doc *d = data;
    sd_pdf_new_page(pdf);
    d->lines = sd_pdf_paragraph(pdf, 50, 100, d->width, 10, 14, para);
    return SD_OK;
}

/* Renders a document into a temporary file (its name left in path) and
 * returns pdftotext's reading of it, poppler's warnings included. */
static FILE *render_and_read(sd_pdf_draw_fn draw_fn, void *data, char path[static 32])
{
    sd_test_render(draw_fn, data, "text", path);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>&1", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    return p;
}

static void check_width(float width)
{
    char path[32];
    doc d = {.width = width};
    FILE *p = render_and_read(draw, &d, path);
    char line[1024], all[4096] = "";
    int n = 0;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n\f")] = 0;
        if (!*line)
            continue;
        n++;
        for (const char *const *bad = (const char *const[]){"。", "、", "」", "）", NULL}; *bad; bad++)
            if (strncmp(line, *bad, strlen(*bad)) == 0)
                fail_msg("width %.0f: a line starts with %s: %s", width, *bad, line);
        strncat(all, line, sizeof all - strlen(all) - 2);
        strcat(all, "|");
    }
    pclose(p);
    unlink(path);
    assert_true(n > 3); /* it did wrap */
    for (const char *const *word = (const char *const[]){"SECURITY", "ACTION", "12345678", "2026", "Windows", NULL};
         *word; word++)
        if (!strstr(all, *word))
            fail_msg("width %.0f: \"%s\" was split: %s", width, *word, all);
}

static void test_no_line_starts_with_closing_punctuation(void **state)
{
    (void)state;
    for (float w = 90; w <= 250; w += 23)
        check_width(w);
}

/* More characters than one lead byte of the document's codes holds (255),
 * a character outside the BMP and a variant kanji: pdftotext must give
 * back exactly what was drawn, through the PDF's ToUnicode map, and
 * poppler must not complain about that map. */
typedef struct {
    char lines[8][512];
    int n;
} text_doc;

static sd_error draw_lines(sd_pdf *pdf, void *data)
{
    text_doc *d = data;
    sd_pdf_new_page(pdf);
    for (int i = 0; i < d->n; i++)
        sd_pdf_text(pdf, 40, 60 + 20 * (float)i, 9, d->lines[i]);
    return SD_OK;
}

static void put_utf8(char *s, unsigned cp)
{
    size_t n = strlen(s);
    if (cp < 0x80) {
        s[n++] = (char)cp;
    } else if (cp < 0x10000) {
        s[n++] = (char)(0xE0 | cp >> 12);
        s[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
        s[n++] = (char)(0x80 | (cp & 0x3F));
    } else {
        s[n++] = (char)(0xF0 | cp >> 18);
        s[n++] = (char)(0x80 | (cp >> 12 & 0x3F));
        s[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
        s[n++] = (char)(0x80 | (cp & 0x3F));
    }
    s[n] = 0;
}

static void test_every_character_comes_back(void **state)
{
    (void)state;
    text_doc d = {.n = 0};
    static const unsigned ranges[][2] = {{0x21, 0x7E}, {0x3041, 0x3093}, {0x30A1, 0x30F6}, {0xFF01, 0xFF5E}};
    int count = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
        for (unsigned cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            if (count % 60 == 0)
                d.n++;
            put_utf8(d.lines[d.n - 1], cp);
            count++;
        }
    assert_true(count > 255);
    strcat(d.lines[d.n++], "株式会社髙橋𠀋製作所 100点");
    char path[32];
    FILE *p = render_and_read(draw_lines, &d, path);
    char line[2048];
    int i = 0;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n\f")] = 0;
        if (!*line)
            continue;
        if (i >= d.n)
            fail_msg("unexpected line: %s", line);
        if (strcmp(line, d.lines[i]) != 0)
            fail_msg("line %d came back as\n  %s\ninstead of\n  %s", i + 1, line, d.lines[i]);
        i++;
    }
    pclose(p);
    assert_int_equal(i, d.n);
    unlink(path);
}

/* What a layout measures but does not draw is not collected for the
 * font: a paragraph only counted, a size tried, the ellipsis of a text
 * that fits. A text cut to its width collects the ellipsis, not what was
 * cut off. */
static sd_error draw_measured(sd_pdf *pdf, void *data)
{
    (void)data;
    sd_pdf_new_page(pdf);
    sd_pdf_paragraph_lines(pdf, 200, 10, "鬱蒼");                       /* counted only */
    sd_pdf_text_fit(pdf, 40, 60, 300, 10, 8, "情報");                   /* fits */
    sd_pdf_text_fit(pdf, 40, 80, 25, 10, 10, "安全対策を忘れずに確認"); /* cut */
    return SD_OK;
}

static void test_only_drawn_characters_are_collected(void **state)
{
    (void)state;
    char err[512];
    sd_font *font = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &font, err, sizeof err), SD_OK);
    sd_cpset chars = {0};
    assert_int_equal(sd_pdf_collect(font, draw_measured, NULL, &chars), SD_OK);
    sd_cpset_finish(&chars);
    assert_true(sd_cpset_index(&chars, 0x60C5 /* 情 */) >= 0);
    assert_true(sd_cpset_index(&chars, 0x5B89 /* 安 */) >= 0);
    assert_true(sd_cpset_index(&chars, 0x2026 /* … */) >= 0);
    assert_int_equal(sd_cpset_index(&chars, 0x9B31 /* 鬱: only counted */), -1);
    assert_int_equal(sd_cpset_index(&chars, 0x8A8D /* 認: cut off */), -1);
    sd_cpset_free(&chars);
    /* the drawing pass draws exactly what was collected */
    char path[32];
    FILE *p = render_and_read(draw_measured, NULL, path);
    char line[256], all[1024] = "";
    while (fgets(line, sizeof line, p))
        strncat(all, line, sizeof all - strlen(all) - 1);
    pclose(p);
    unlink(path);
    assert_non_null(strstr(all, "情報"));
    assert_non_null(strstr(all, "…"));
    assert_null(strstr(all, "鬱"));
    sd_font_free(font);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_line_starts_with_closing_punctuation),
        cmocka_unit_test(test_every_character_comes_back),
        cmocka_unit_test(test_only_drawn_characters_are_collected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
