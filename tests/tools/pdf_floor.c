/* pdf_floor.c - benchmark tool: the cost of an empty A4 document with the
 * font set-up of a real report, the floor a report cannot go below: its
 * characters all in the batch's shared part (the glyph cache at its best:
 * the font objects are written, nothing is subset), and, without the
 * cache, all subset for the document.
 *
 * usage: pdf_floor TEXTFILE N OUTDIR
 *   TEXTFILE  the text of a report (pdftotext)
 *   prints "floor_ms_median <ms>", "floor_ms_mean <ms>" (shared) and
 *   "floor_unshared_ms_median <ms>", "floor_unshared_ms_mean <ms>"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/pdf.h"

typedef struct {
    const char *text;
} floor_doc;

static sd_error draw(sd_pdf *pdf, void *data)
{
    const floor_doc *d = data;
    sd_pdf_new_page(pdf);
    if (sd_pdf_collecting(pdf))
        sd_pdf_text(pdf, 0, 0, 10, d->text); /* characters for the subset only */
    return SD_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: pdf_floor TEXTFILE N OUTDIR\n");
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 1;
    }
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    int count = atoi(argv[2]);
    if (count < 1)
        count = 1;
    char err[512];
    sd_font *font = NULL;
    if (sd_font_open(NULL, "fonts", &font, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double *ms = calloc((size_t)count, sizeof *ms);
    floor_doc d = {text};
    sd_pdf_info info = {"floor", "bench", "empty"};
    for (int shared = 0; shared < 2; shared++) {
        if (shared) {
            sd_cpset chars = {0};
            sd_cpset_add_utf8(&chars, text);
            sd_cpset_add(&chars, ' ');
            sd_cpset_finish(&chars);
            if (sd_font_share(font, &chars, err, sizeof err)) {
                fprintf(stderr, "%s\n", err);
                return 1;
            }
            sd_cpset_free(&chars);
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/floor-%d.pdf", argv[3], i % 16);
            struct timespec a, b;
            clock_gettime(CLOCK_MONOTONIC, &a);
            if (sd_pdf_render(font, &info, draw, &d, path, 0600, err, sizeof err)) {
                fprintf(stderr, "%s\n", err);
                return 1;
            }
            clock_gettime(CLOCK_MONOTONIC, &b);
            ms[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
            sum += ms[i];
        }
        qsort(ms, (size_t)count, sizeof *ms, cmp_double);
        const char *name = shared ? "floor" : "floor_unshared";
        printf("%s_ms_median %.3f\n%s_ms_mean %.3f\n", name, ms[count / 2], name, sum / count);
    }
    free(ms);
    sd_font_free(font);
    return 0;
}
