/* test_pdf_pages.c - a long document is written as its pages end: the
 * memory in use does not grow with the pages, the image masks and forms
 * every page draws again are still one object each, and the file reads
 * back whole (qpdf --check, pdftotext, pdfimages). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render_helpers.h"

enum { PAGES = 400, EARLY = 40 };

typedef struct {
    size_t heap_early, heap_late; /* bytes in use as page EARLY and page PAGES begin */
} doc;

static const unsigned char bits[] = {0xF0, 0x90, 0x90, 0xF0}; /* a 4 x 4 mask */

static void art(sd_pdf *pdf, void *data)
{
    (void)data;
    sd_pdf_text(pdf, 40, 40, 12, "毎ページの枠");
}

static sd_error draw(sd_pdf *pdf, void *data)
{
    doc *d = data;
    for (int i = 1; i <= PAGES; i++) {
        if (!sd_pdf_collecting(pdf) && (i == EARLY || i == PAGES)) {
            size_t used = mallinfo2().uordblks;
            *(i == EARLY ? &d->heap_early : &d->heap_late) = used;
        }
        sd_pdf_new_page(pdf);
        char line[64];
        snprintf(line, sizeof line, "参加者 %d 番のページ", i);
        sd_pdf_text(pdf, 50, 100, 11, line);
        sd_pdf_paragraph(pdf, 50, 140, 300, 10, 14,
                         "パスワードは長く複雑にし、使い回しはしないでください。ウイルス対策ソフトを入れ、"
                         "定義ファイルを常に最新にしておきましょう。");
        sd_pdf_mask(pdf, "same code", 4, 4, bits, 400, 700, 40, (sd_rgb){0, 0, 0});
        sd_pdf_form(pdf, "frame", art, NULL);
    }
    return SD_OK;
}

static char path[32];

static void render(doc *d) { sd_test_render(draw, d, "pages", path); }

static int lines_of(const char *cmd, const char *needle)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, p))
        n += strstr(line, needle) != NULL;
    assert_int_equal(pclose(p), 0);
    return n;
}

/* The number a command prints. */
static int number_of(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int n = -1;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    assert_int_equal(pclose(p), 0);
    return n;
}

static void test_memory_does_not_grow_with_pages(void **state)
{
    (void)state;
    if (!sd_test_glibc_malloc())
        skip(); /* the allocator in use is not the one mallinfo2 counts */
    doc d = {0};
    render(&d);
    unlink(path);
    assert_true(d.heap_early > 0 && d.heap_late > 0);
    long grown = (long)d.heap_late - (long)d.heap_early;
    /* a written page leaves its number in the cross-reference table and
     * an empty dictionary (about 300 bytes); kept whole it was 7 KB */
    long per_page = grown / (PAGES - EARLY);
    if (per_page > 512)
        fail_msg("memory in use grew by %ld bytes over %d pages (%ld a page)", grown, PAGES - EARLY,
                 per_page);
}

static void test_the_file_reads_back_whole(void **state)
{
    (void)state;
    doc d = {0};
    render(&d);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
    assert_int_equal(lines_of(cmd, "No syntax or stream encoding errors"), 1);
    snprintf(cmd, sizeof cmd, "qpdf --show-npages '%s'", path);
    assert_int_equal(number_of(cmd), PAGES);
    /* the font embedded, as a subset, with its ToUnicode map */
    snprintf(cmd, sizeof cmd, "pdffonts '%s' | awk 'NR > 2' | wc -l", path);
    int fonts = number_of(cmd);
    assert_true(fonts >= 1);
    snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", path);
    assert_int_equal(lines_of(cmd, "CID TrueType      Identity-H       yes yes yes"), fonts);
    /* every page's own text, in order, and the form's on every page */
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>&1", path);
    FILE *p = popen(cmd, "r");
    char line[512];
    int next = 1, frames = 0;
    while (fgets(line, sizeof line, p)) {
        int k;
        if (sscanf(line + (line[0] == '\f'), "参加者 %d 番", &k) == 1) { /* a page begins with a form feed */
            assert_int_equal(k, next);
            next++;
        }
        frames += strstr(line, "毎ページの枠") != NULL;
    }
    assert_int_equal(pclose(p), 0);
    assert_int_equal(next, PAGES + 1);
    assert_int_equal(frames, PAGES);
    /* the mask drawn on every page is one image object */
    snprintf(cmd, sizeof cmd, "pdfimages -list '%s' | awk 'NR > 2' | wc -l", path);
    assert_int_equal(number_of(cmd), PAGES);
    snprintf(cmd, sizeof cmd, "pdfimages -list '%s' | awk 'NR > 2 { print $11 }' | sort -u | wc -l", path);
    assert_int_equal(number_of(cmd), 1);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_does_not_grow_with_pages),
        cmocka_unit_test(test_the_file_reads_back_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
