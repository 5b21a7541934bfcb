/* layout.c - page elements both PDF reports share: section headings, footers */
#include <stdio.h>
#include <string.h>

#include "core/util.h"

#include "render/reports.h"
#include "render/style.h"

void sd_report_heading(sd_pdf *pdf, float y, const char *text)
{
    sd_pdf_rect(pdf, SD_MARGIN_L, y - 11, 4, 14, &SD_NAVY, NULL, 0);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text(pdf, SD_MARGIN_L + 10, y, 12, text);
    sd_pdf_fill_color(pdf, SD_INK);
}

void sd_report_footer(sd_pdf *pdf, const char *org_name, int page, int pages, const char *page_word)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%d / %d %s", page, pages, page_word);
    sd_pdf_line(pdf, SD_MARGIN_L, 805, SD_MARGIN_R, 805, SD_RULE, 0.5f, false);
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text_center(pdf, SD_A4_W / 2, 820, 8, buf);
    /* the organisation's name left of the page number, however long */
    float half = sd_pdf_text_width(pdf, 8, buf) / 2;
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 820, SD_A4_W / 2 - half - 16 - SD_MARGIN_L, 8, 5, org_name);
    sd_pdf_fill_color(pdf, SD_INK);
}

const char *sd_hidden_reason(const sd_templates *t, int shown, char *out, size_t len)
{
    if (shown >= t->min_group)
        snprintf(out, len, "他の区分から逆算できるため");
    else if (shown > 0)
        snprintf(out, len, "%d社未満", t->min_group);
    else
        snprintf(out, len, "%d社未満、または他の区分から逆算できるため", t->min_group);
    return out;
}

void sd_period_label(const char *period, char out[32])
{
    int y = 0, m = 0;
    if (sscanf(period, "%4d-%2d", &y, &m) == 2)
        snprintf(out, 32, "%d年%d月", y, m);
    else
        snprintf(out, 32, "%s", period);
}

char *sd_fill(const char *tmpl, int n, const char *const *names, const char *const *values)
{
    sd_buf b = {0};
    const char *p = tmpl;
    while (*p) {
        bool hit = false;
        if (*p == '{')
            for (int i = 0; i < n && !hit; i++) {
                size_t len = strlen(names[i]);
                if (strncmp(p + 1, names[i], len) == 0 && p[1 + len] == '}') {
                    sd_buf_adds(&b, values[i]);
                    p += len + 2;
                    hit = true;
                }
            }
        if (!hit)
            sd_buf_addc(&b, *p++);
    }
    return b.data ? sd_buf_steal(&b) : sd_xstrdup("");
}
