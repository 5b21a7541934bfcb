/* report_timing.c - benchmark tool: each company report of a period timed
 * on its own, on one thread, written the way `shindan report` writes it;
 * then the same reports with the whole font embedded instead of a subset
 * (the baseline: what a report costs without subsetting). Reports use
 * the batch's glyph cache, made first as the batch makes it (its time is
 * printed as share_ms). Prints medians and means of time and size.
 *
 * usage: report_timing DB PERIOD OUTDIR [N [M [F]]]
 *   N: at most N reports with subsets (default all), M: at most M with the
 *   whole font (default 50: each costs about 20 times more), F: at most F
 *   reports for the floor (default 200)
 *   prints "<mode>_ms_median", "<mode>_ms_mean", "<mode>_kb_mean" for mode
 *   subset and whole (KB of 1,024 bytes), "subset_bytes_median" (the
 *   written files), "floor_font_bytes_median" and "floor_share" (the font
 *   floor's median as a share of the same reports' median file)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "batch/outputs.h"
#include "core/templates.h"
#include "core/util.h"
#include "render/fontsubset.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "store/db.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: report_timing DB PERIOD OUTDIR [N [M]]\n");
        return 2;
    }
    char err[1024];
    sqlite3 *db = NULL;
    sd_templates *t = NULL;
    sd_font *font = NULL;
    sd_published ctx;
    char **members = NULL;
    size_t n = 0;
    if (sd_templates_load(sd_templates_find(NULL), &t, err, sizeof err) ||
        sd_db_open(argv[1], SD_DB_READ, &db, err, sizeof err) || sd_font_open(NULL, "fonts", &font, err, sizeof err) ||
        sd_published_load(db, t, argv[2], SD_VIEW_PUBLISHED, &ctx, err, sizeof err) ||
        sd_period_members(db, argv[2], NULL, &members, &n, err, sizeof err)) {
        fprintf(stderr, "report_timing: %s\n", err);
        return 1;
    }
    size_t all = n;
    if (argc > 4 && (size_t)atol(argv[4]) < all)
        all = (size_t)atol(argv[4]);
    size_t some = argc > 5 ? (size_t)atol(argv[5]) : 50;
    /* the batch's glyph cache, made as `shindan report` makes it */
    double s0 = now_ms();
    if (sd_outputs_share_glyphs(db, &ctx, font, members, n, err, sizeof err)) {
        fprintf(stderr, "report_timing: %s\n", err);
        return 1;
    }
    printf("share_ms %.3f\n", now_ms() - s0);
    double *ms = calloc(all ? all : 1, sizeof *ms);
    double *sizes = calloc(all ? all : 1, sizeof *sizes);
    for (int whole = 0; whole < 2; whole++) {
        sd_pdf_whole_font = whole;
        n = whole ? (some < all ? some : all) : all;
        const char *mode = whole ? "whole" : "subset";
        double sum = 0, bytes = 0;
        for (size_t i = 0; i < n; i++) {
            sd_company_view c;
            char *path = sd_xasprintf("%s/%s-%s.pdf", argv[3], mode, members[i]);
            double a = now_ms();
            if (sd_company_view_load(db, &ctx, members[i], &c, err, sizeof err) ||
                sd_company_report_write(&ctx, font, &c, path, err, sizeof err)) {
                fprintf(stderr, "report_timing: %s: %s\n", members[i], err);
                return 1;
            }
            ms[i] = now_ms() - a;
            sum += ms[i];
            struct stat st;
            if (stat(path, &st) == 0) {
                bytes += (double)st.st_size;
                sizes[i] = (double)st.st_size;
            }
            sd_company_view_clear(&c);
            free(path);
        }
        qsort(ms, n, sizeof *ms, cmp_double);
        printf("%s_ms_median %.3f\n%s_ms_mean %.3f\n%s_kb_mean %.1f\n", mode, n ? ms[n / 2] : 0, mode,
               n ? sum / (double)n : 0, mode, n ? bytes / (double)n / 1024 : 0);
        if (!whole) {
            qsort(sizes, n, sizeof *sizes, cmp_double);
            printf("subset_bytes_median %.0f\n", n ? sizes[n / 2] : 0);
        }
    }
    /* the size floor of the first f reports */
    size_t f = argc > 6 ? (size_t)atol(argv[6]) : 200;
    if (f > all)
        f = all;
    double *floor = calloc(f ? f : 1, sizeof *floor);
    for (size_t i = 0; i < f; i++) {
        sd_company_view c;
        sd_cpset chars = {0};
        sd_font_part part;
        if (sd_company_view_load(db, &ctx, members[i], &c, err, sizeof err)) {
            fprintf(stderr, "report_timing: %s: %s\n", members[i], err);
            return 1;
        }
        if (sd_company_report_chars(&ctx, font, &c, &chars)) {
            fprintf(stderr, "report_timing: %s: its characters could not be collected\n", members[i]);
            return 1;
        }
        sd_cpset_add(&chars, ' '); /* as a document adds it */
        sd_cpset_finish(&chars);
        if (sd_font_part_make(font, &chars, false, 12, &part, err, sizeof err)) {
            fprintf(stderr, "report_timing: %s: %s\n", members[i], err);
            return 1;
        }
        floor[i] = (double)(part.program.len + part.tounicode.len + part.widths.len);
        sd_font_part_free(&part);
        sd_cpset_free(&chars);
        sd_company_view_clear(&c);
        char *path = sd_xasprintf("%s/subset-%s.pdf", argv[3], members[i]);
        struct stat st;
        sizes[i] = stat(path, &st) == 0 ? (double)st.st_size : 0;
        free(path);
    }
    qsort(floor, f, sizeof *floor, cmp_double);
    qsort(sizes, f, sizeof *sizes, cmp_double);
    printf("floor_font_bytes_median %.0f\nfloor_share %.3f\n", f ? floor[f / 2] : 0,
           f && sizes[f / 2] > 0 ? floor[f / 2] / sizes[f / 2] : 0);
    free(floor);
    free(sizes);
    free(ms);
    sd_strv_free(members);
    sd_published_free(&ctx);
    sd_font_free(font);
    sd_db_close(db);
    sd_templates_free(t);
    return 0;
}
