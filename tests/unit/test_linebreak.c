/* test_linebreak.c - Japanese paragraphs as the reports wrap them, read
 * back from a real PDF with pdftotext: no line starts with 。、」）, and
 * numbers and Latin words are never split. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "render/fontsubset.h"
#include "render/pdf.h"

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

static void check_width(float width)
{
    char err[512], path[] = "/tmp/shindan-linebreak-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sd_font *font = NULL;
    assert_int_equal(sd_font_open(NULL, "fonts", &font, err, sizeof err), SD_OK);
    doc d = {.width = width};
    sd_pdf_info info = {"linebreak", "test", "test"};
    assert_int_equal(sd_pdf_render(font, &info, draw, &d, path, 0600, err, sizeof err), SD_OK);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
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
    sd_font_free(font);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_line_starts_with_closing_punctuation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
