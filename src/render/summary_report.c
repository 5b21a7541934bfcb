/* summary_report.c - the newsletter pages: the period's figures for all
 * members, by group, SECURITY ACTION and the trend over periods */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "rules/round.h"
#include "render/style.h"

typedef struct {
    const sd_published *pub;
    int pages;
} sd_summary_doc;

/* A table of groups: label, n, mean with a bar, stopping above bottom.
 * Returns the y after it. */
static float sd_group_table(sd_pdf *pdf, const sd_templates *t, float y, const sd_pub_table *tab,
                            float row_h, float size, float bottom)
{
    char buf[128];
    const float cx_n = SD_MARGIN_L + 200, cx_bar = SD_MARGIN_L + 260, bar_w = 190;
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text(pdf, SD_MARGIN_L + 4, y, 8.5f, sd_text(t, "summary.group"));
    sd_pdf_text_right(pdf, cx_n, y, 8.5f, sd_text(t, "summary.n"));
    sd_pdf_text(pdf, cx_bar, y, 8.5f, sd_text(t, "summary.mean"));
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_line(pdf, SD_MARGIN_L, y + 4, SD_MARGIN_R, y + 4, SD_RULE, 0.5f, false);
    /* only shown groups are listed: a hidden group listed where an empty
     * one is not would say it has members (hidden and empty look the same) */
    size_t nshown = 0;
    for (size_t i = 0; i < tab->n; i++)
        nshown += !tab->groups[i].suppressed;
    for (size_t i = 0, row = 0; i < tab->n; i++) {
        const sd_pub_group *g = &tab->groups[i];
        if (g->suppressed)
            continue;
        y += row_h;
        if (y > bottom && row + 1 < nshown) {
            /* no room: the workbook has every group */
            const char *tmpl = sd_text(t, "summary.more_groups"), *at = strstr(tmpl, "{n}");
            if (at)
                snprintf(buf, sizeof buf, "%.*s%zu%s", (int)(at - tmpl), tmpl, nshown - row, at + 3);
            else
                snprintf(buf, sizeof buf, "%s", tmpl);
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text(pdf, SD_MARGIN_L + 4, y, size, buf);
            sd_pdf_fill_color(pdf, SD_INK);
            break;
        }
        row++;
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 4, y, cx_n - SD_MARGIN_L - 40, size, 5.5f, g->label);
        snprintf(buf, sizeof buf, "%d", g->n);
        sd_pdf_text_right(pdf, cx_n, y, size, buf);
        double frac = g->mean > 0 ? g->mean / sd_max_total(t) : 0;
        sd_pdf_rect(pdf, cx_bar, y - size * 0.8f, bar_w, size * 0.8f, &SD_TRACK, NULL, 0);
        sd_pdf_rect(pdf, cx_bar, y - size * 0.8f, bar_w * (float)(frac > 1 ? 1 : frac), size * 0.8f, &SD_BAR,
                    NULL, 0);
        char v[32];
        snprintf(buf, sizeof buf, "%s点", sd_round_text(v, sizeof v, g->mean, g->n, 1));
        sd_pdf_text_right(pdf, SD_MARGIN_R, y, size, buf);
    }
    /* which groups are not listed, beside every such table (always: said
     * only where one is hidden, it would tell that one is) */
    {
        /* drawn from the template itself: through buf (128 bytes) it lost
         * its last words */
        const char *legend = sd_text(t, "summary.dash_legend");
        sd_pdf_fill_color(pdf, SD_MUTED);
        if (sd_pdf_text_width(pdf, 7.5f, legend) <= SD_CONTENT_W - 8)
            sd_pdf_text_right(pdf, SD_MARGIN_R, y + 13, 7.5f, legend);
        else
            sd_pdf_text_fit(pdf, SD_MARGIN_L + 4, y + 13, SD_CONTENT_W - 4, 7.5f, 5.5f, legend);
        sd_pdf_fill_color(pdf, SD_INK);
        y += 10;
    }
    return y + 10;
}

static void sd_summary_page_header(sd_pdf *pdf, const sd_templates *t, const char *per)
{
    char buf[256];
    sd_pdf_new_page(pdf);
    sd_pdf_fill_color(pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s %s", t->org_name, t->org_department);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 40, SD_CONTENT_W - 120, 9, 6, buf);
    sd_pdf_text_right(pdf, SD_MARGIN_R, 40, 9, per);
    sd_pdf_fill_color(pdf, SD_NAVY);
    snprintf(buf, sizeof buf, "%s（%s）", sd_text(t, "summary.title"), per);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 68, SD_CONTENT_W, 17, 11, buf);
    sd_pdf_line(pdf, SD_MARGIN_L, 78, SD_MARGIN_R, 78, SD_NAVY, 1.2f, false);
    sd_pdf_fill_color(pdf, SD_INK);
}

/* SECURITY ACTION: the shares declaring nothing, ★ and ★★, and the members
 * who already do the 5か条 (Q1-Q5) but have not declared ★. */
static float sd_sa_section(sd_pdf *pdf, const sd_templates *t, const sd_pub_group *all, float y)
{
    char buf[256];
    static const char *const keys[3] = {"summary.sa_none", "summary.sa_one", "summary.sa_two"};
    sd_report_heading(pdf, y, sd_text(t, "summary.sa"));
    y += 8;
    if (all->sa_known == 0) {
        /* no column, or nothing readable: not 0 % declared, but unknown */
        y += 20;
        sd_pdf_fill_color(pdf, SD_MUTED);
        int lines = sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 20, 10, 14, sd_text(t, "summary.sa_unknown"));
        sd_pdf_fill_color(pdf, SD_INK);
        return y + 14.0f * (float)(lines > 0 ? lines - 1 : 0);
    }
    for (int i = 0; i < 3; i++) {
        y += 20;
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, 150, 10, 6, sd_text(t, keys[i]));
        float bx = SD_MARGIN_L + 170, bwid = 250;
        sd_pdf_rect(pdf, bx, y - 10, bwid, 11, &SD_TRACK, NULL, 0);
        sd_pdf_rect(pdf, bx, y - 10, bwid * (float)all->sa_share[i], 11, i ? &SD_BAR : &SD_RULE, NULL, 0);
        char v[32];
        snprintf(buf, sizeof buf, "%s%%（%d社）", sd_percent_text(v, sizeof v, all->sa_share[i], all->sa_known, 1),
                 (int)(all->sa_share[i] * all->sa_known + 0.5));
        sd_pdf_text_right(pdf, SD_MARGIN_R, y, 10, buf);
    }
    if (all->sa_known < all->n) {
        y += 16;
        const char *tmpl = sd_text(t, "summary.sa_partial"), *at = strstr(tmpl, "{n}");
        if (at)
            snprintf(buf, sizeof buf, "%.*s%d%s", (int)(at - tmpl), tmpl, all->sa_known, at + 3);
        else
            snprintf(buf, sizeof buf, "%s", tmpl);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 20, 8.5f, 6, buf);
        sd_pdf_fill_color(pdf, SD_INK);
    }
    y += 24;
    sd_pdf_rect(pdf, SD_MARGIN_L, y - 13, SD_CONTENT_W, 20, &SD_PALE, NULL, 0);
    char v[32];
    snprintf(buf, sizeof buf, "%s：%d社（%s%%）", sd_text(t, "summary.sa_ready"), all->ready_undeclared,
             sd_percent_text(v, sizeof v, all->ready_undeclared_share, all->sa_known, 1));
    sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 20, 10, 6, buf);
    return y;
}

/* The trend: the mean score per period as a line (last 12 periods), and
 * a table of respondents, mean, median and ★ share beside it; a period
 * suppressed for its few respondents is a gap in the line and a dash. */
static float sd_trend_section(sd_pdf *pdf, const sd_templates *t, const sd_pub_table *tr, float y)
{
    char buf[128];
    sd_report_heading(pdf, y, sd_text(t, "summary.trend"));
    y += 20;
    size_t first = tr->n > 12 ? tr->n - 12 : 0, n = tr->n - first;
    /* chart: 0..max points on the y axis, one step per period */
    const float cx = SD_MARGIN_L + 40, cw = 180, ch = 120, top = y, base = y + ch;
    float maxp = (float)sd_max_total(t);
    sd_pdf_fill_color(pdf, SD_MUTED);
    for (int k = 0; k <= 4; k++) {
        float v = maxp * (float)k / 4, gy = base - ch * (float)k / 4;
        sd_pdf_line(pdf, cx, gy, cx + cw, gy, SD_TRACK, 0.5f, false);
        snprintf(buf, sizeof buf, "%.0f", v);
        sd_pdf_text_right(pdf, cx - 4, gy + 3, 7.5f, buf);
    }
    float step = n > 1 ? cw / (float)(n - 1) : 0;
    float px = 0, py = 0;
    bool have_prev = false;
    for (size_t i = 0; i < n; i++) {
        const sd_pub_group *g = &tr->groups[first + i];
        float x = n > 1 ? cx + step * (float)i : cx + cw / 2;
        if (!g->suppressed) {
            float v = base - ch * (float)(g->mean / maxp);
            if (have_prev)
                sd_pdf_line(pdf, px, py, x, v, SD_BAR, 1.5f, false);
            sd_pdf_rect(pdf, x - 2.5f, v - 2.5f, 5, 5, &SD_BAR, NULL, 0);
            px = x;
            py = v;
        }
        have_prev = !g->suppressed;
        if (n <= 4 || i == 0 || i == n - 1) {
            char label[32];
            sd_period_label(g->key, label);
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text_center(pdf, x, base + 12, 7.5f, label);
        }
    }
    sd_pdf_fill_color(pdf, SD_INK);
    /* table */
    const float tx = SD_MARGIN_L + 260;
    float ty = top;
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text(pdf, tx, ty, 8.5f, sd_text(t, "summary.period"));
    sd_pdf_text_right(pdf, tx + 110, ty, 8.5f, sd_text(t, "summary.n"));
    sd_pdf_text_right(pdf, tx + 160, ty, 8.5f, sd_text(t, "summary.mean"));
    sd_pdf_text_right(pdf, tx + 210, ty, 8.5f, sd_text(t, "summary.median"));
    sd_pdf_text_right(pdf, SD_MARGIN_R, ty, 8.5f, sd_text(t, "summary.sa_declared"));
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_line(pdf, tx, ty + 4, SD_MARGIN_R, ty + 4, SD_RULE, 0.5f, false);
    for (size_t i = 0; i < n; i++) {
        const sd_pub_group *g = &tr->groups[first + i];
        char label[32];
        sd_period_label(g->key, label);
        ty += 14;
        sd_pdf_text(pdf, tx, ty, 9, label);
        if (g->suppressed) {
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text_right(pdf, tx + 110, ty, 9, "—");
            sd_pdf_text_right(pdf, SD_MARGIN_R, ty, 9, "—");
            sd_pdf_fill_color(pdf, SD_INK);
            continue;
        }
        snprintf(buf, sizeof buf, "%d", g->n);
        sd_pdf_text_right(pdf, tx + 110, ty, 9, buf);
        sd_pdf_text_right(pdf, tx + 160, ty, 9, sd_round_text(buf, sizeof buf, g->mean, g->n, 1));
        /* a median of large groups only */
        sd_pdf_text_right(pdf, tx + 210, ty, 9, g->order_hidden ? "—" : sd_round_text(buf, sizeof buf, g->median, 2, 1));
        char v[32];
        if (g->sa_known)
            snprintf(buf, sizeof buf, "%s%%",
                     sd_percent_text(v, sizeof v, g->sa_share[1] + g->sa_share[2], g->sa_known, 1));
        else
            snprintf(buf, sizeof buf, "—");
        sd_pdf_text_right(pdf, SD_MARGIN_R, ty, 9, buf);
    }
    return (ty > base + 14 ? ty : base + 14);
}

/* The band distribution over the last periods: one stacked bar each. */
static float sd_band_trend_section(sd_pdf *pdf, const sd_templates *t, const sd_pub_table *tr, float y)
{
    static const sd_rgb colours[] = {{0.18f, 0.49f, 0.20f}, {0.22f, 0.42f, 0.70f}, {0.98f, 0.66f, 0.15f},
                                     {0.78f, 0.16f, 0.16f}, {0.6f, 0.6f, 0.6f}, {0.4f, 0.4f, 0.4f}};
    const int ncol = (int)(sizeof colours / sizeof colours[0]);
    char buf[96];
    sd_report_heading(pdf, y, sd_text(t, "summary.band_trend"));
    y += 18;
    /* legend */
    float lx = SD_MARGIN_L + 10;
    for (int b = 0; b < t->nbands; b++) {
        sd_band_name(t, b, buf, sizeof buf);
        sd_pdf_rect(pdf, lx, y - 7, 8, 8, &colours[b % ncol], NULL, 0);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text(pdf, lx + 11, y, 8, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        lx += 11 + sd_pdf_text_width(pdf, 8, buf) + 14;
    }
    size_t first = tr->n > 6 ? tr->n - 6 : 0;
    const float bx = SD_MARGIN_L + 80, bw = SD_CONTENT_W - 80;
    for (size_t i = first; i < tr->n; i++) {
        const sd_pub_group *g = &tr->groups[i];
        y += 18;
        char label[32];
        sd_period_label(g->key, label);
        sd_pdf_text(pdf, SD_MARGIN_L + 10, y, 9, label);
        if (g->suppressed || g->shares_hidden) {
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text(pdf, bx, y, 9, "—");
            sd_pdf_fill_color(pdf, SD_INK);
            continue;
        }
        float x = bx;
        for (int b = 0; b < t->nbands; b++) {
            float w = bw * (float)g->band_share[b];
            if (w <= 0)
                continue;
            sd_pdf_rect(pdf, x, y - 10, w, 12, &colours[b % ncol], NULL, 0);
            if (w > 30) {
                char v[32];
                snprintf(buf, sizeof buf, "%s%%", sd_percent_text(v, sizeof v, g->band_share[b], g->n, 0));
                sd_pdf_fill_color(pdf, (sd_rgb){1, 1, 1});
                sd_pdf_text_center(pdf, x + w / 2, y - 0.5f, 7.5f, buf);
                sd_pdf_fill_color(pdf, SD_INK);
            }
            x += w;
        }
    }
    return y;
}

static int sd_rate_cmp_ctx_q(const sd_pub_question *q, int a, int b) { return q[a].rate < q[b].rate ? -1 : q[a].rate > q[b].rate; }

static sd_error sd_summary_draw(sd_pdf *pdf, void *data)
{
    sd_summary_doc *d = data;
    const sd_published *pub = d->pub;
    const sd_pub_group *all = &pub->all;
    const sd_templates *t = pub->t;
    char per[32], buf[256];
    sd_period_label(pub->period, per);

    if (all->suppressed) {
        /* too few respondents for any figure: one page that says so */
        sd_summary_page_header(pdf, t, per);
        sd_pdf_fill_color(pdf, SD_MUTED);
        snprintf(buf, sizeof buf, "%s（%d社未満）", sd_text(t, "summary.suppressed_note"), t->min_group);
        sd_pdf_paragraph(pdf, SD_MARGIN_L, 110, SD_CONTENT_W, 11, 16, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        sd_report_footer(pdf, t->org_name, sd_pdf_page_number(pdf), d->pages, sd_text(t, "summary.page"));
        return SD_OK;
    }

    /* page 1: overview, bands, industries */
    sd_summary_page_header(pdf, t, per);
    float y = 104;
    sd_report_heading(pdf, y, sd_text(t, "summary.overview"));
    y += 14;
    struct {
        const char *label;
        char value[32];
    } boxes[3];
    boxes[0].label = sd_text(t, "summary.respondents");
    snprintf(boxes[0].value, sizeof boxes[0].value, "%d社", all->n);
    boxes[1].label = sd_text(t, "summary.mean");
    char v[32];
    snprintf(boxes[1].value, sizeof boxes[1].value, "%s点", sd_round_text(v, sizeof v, all->mean, all->n, 1));
    boxes[2].label = sd_text(t, "summary.median");
    if (all->order_hidden)
        snprintf(boxes[2].value, sizeof boxes[2].value, "—");
    else
        snprintf(boxes[2].value, sizeof boxes[2].value, "%s点", sd_round_text(v, sizeof v, all->median, 2, 1));
    float bw = (SD_CONTENT_W - 20) / 3;
    for (int i = 0; i < 3; i++) {
        float x = SD_MARGIN_L + (float)i * (bw + 10);
        sd_pdf_rect(pdf, x, y, bw, 56, &SD_PALE, NULL, 0);
        sd_pdf_fill_color(pdf, SD_NAVY);
        sd_pdf_text(pdf, x + 10, y + 16, 9.5f, boxes[i].label);
        sd_pdf_fill_color(pdf, SD_INK);
        sd_pdf_text_right(pdf, x + bw - 10, y + 46, 22, boxes[i].value);
    }
    y += 86;
    sd_report_heading(pdf, y, sd_text(t, "summary.bands"));
    y += 8;
    for (int b = 0; b < t->nbands; b++) {
        y += 20;
        sd_band_name(t, b, buf, sizeof buf);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, 150, 10, 6, buf);
        if (all->shares_hidden) {
            /* a small whole: its bands are not published (a 0 % bar would
             * read as none) */
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text_right(pdf, SD_MARGIN_R, y, 10, "—");
            sd_pdf_fill_color(pdf, SD_INK);
            continue;
        }
        float bx = SD_MARGIN_L + 170, bwid = 250;
        sd_pdf_rect(pdf, bx, y - 10, bwid, 11, &SD_TRACK, NULL, 0);
        sd_pdf_rect(pdf, bx, y - 10, bwid * (float)all->band_share[b], 11, &SD_BAR, NULL, 0);
        snprintf(buf, sizeof buf, "%s%%（%d社）", sd_percent_text(v, sizeof v, all->band_share[b], all->n, 1),
                 (int)(all->band_share[b] * all->n + 0.5));
        sd_pdf_text_right(pdf, SD_MARGIN_R, y, 10, buf);
    }
    if (all->shares_hidden) {
        char note[160];
        snprintf(note, sizeof note, "回答数が%d社未満のため、判定の分布は出していません", 2 * t->min_group);
        y += 16;
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 20, 8.5f, 6, note);
        sd_pdf_fill_color(pdf, SD_INK);
    }
    y += 34;
    sd_report_heading(pdf, y, sd_text(t, "summary.by_industry"));
    y += 20;
    y = sd_group_table(pdf, t, y, sd_published_table(pub, SD_BY_INDUSTRY), 16.5f, 9.5f, 780);
    sd_report_footer(pdf, t->org_name, sd_pdf_page_number(pdf), d->pages, sd_text(t, "summary.page"));

    /* page 2: regions, sizes, questions, method */
    sd_summary_page_header(pdf, t, per);
    y = 104;
    sd_report_heading(pdf, y, sd_text(t, "summary.by_region"));
    y += 20;
    y = sd_group_table(pdf, t, y, sd_published_table(pub, SD_BY_PREFECTURE), 14, 9, 330);
    y += 14;
    sd_report_heading(pdf, y, sd_text(t, "summary.by_size"));
    y += 20;
    y = sd_group_table(pdf, t, y, sd_published_table(pub, SD_BY_SIZE), 14, 9, 460);
    y += 14;
    sd_report_heading(pdf, y, sd_text(t, "summary.by_question"));
    y += 6;
    int order[SD_MAX_QUESTIONS];
    for (int q = 0; q < t->nquestions; q++)
        order[q] = q;
    for (int i = 1; i < t->nquestions; i++)
        for (int j = i; j > 0 && sd_rate_cmp_ctx_q(pub->q_all, order[j], order[j - 1]) < 0; j--) {
            int tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    int show = t->nquestions >= 10 ? 5 : t->nquestions / 2;
    for (int k = 0; k < 2 * show; k++) {
        int q = k < show ? order[k] : order[t->nquestions - 1 - (k - show)];
        y += 16;
        snprintf(buf, sizeof buf, "Q%d %s", q + 1, t->questions[q].label);
        sd_pdf_fill_color(pdf, k < show ? SD_BAR_SELF : SD_NAVY);
        sd_pdf_text(pdf, SD_MARGIN_L + 4, y, 8, sd_text(t, k < show ? "summary.low" : "summary.high"));
        sd_pdf_fill_color(pdf, SD_INK);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 30, y, 278, 9.5f, 6, buf);
        float bx = SD_MARGIN_L + 318, bwid = 90;
        sd_pdf_rect(pdf, bx, y - 8, bwid, 8, &SD_TRACK, NULL, 0);
        /* a small chamber's rate near 0 % or 100 % is a bound: its words
         * and no bar (rules/bound.h) */
        if (pub->q_all[q].rate_bound.kind != SD_SHARE_EXACT) {
            snprintf(buf, sizeof buf, "%s %s", sd_text(t, "summary.rate"),
                     sd_share_bound_text(pub->q_all[q].rate_bound, v, sizeof v));
        } else {
            sd_pdf_rect(pdf, bx, y - 8, bwid * (float)pub->q_all[q].rate, 8, &SD_BAR, NULL, 0);
            snprintf(buf, sizeof buf, "%s %s%%", sd_text(t, "summary.rate"),
                     sd_percent_text(v, sizeof v, pub->q_all[q].rate, pub->q_all[q].n, 1));
        }
        sd_pdf_text_right(pdf, SD_MARGIN_R, y, 9, buf);
    }
    sd_report_footer(pdf, t->org_name, sd_pdf_page_number(pdf), d->pages, sd_text(t, "summary.page"));

    /* page 3: SECURITY ACTION, the trend, method */
    sd_summary_page_header(pdf, t, per);
    y = sd_sa_section(pdf, t, all, 104);
    y = sd_trend_section(pdf, t, sd_published_table(pub, SD_BY_PERIOD), y + 30);
    y = sd_band_trend_section(pdf, t, sd_published_table(pub, SD_BY_PERIOD), y + 30);
    y += 26;
    sd_pdf_fill_color(pdf, SD_MUTED);
    int lines = sd_pdf_paragraph(pdf, SD_MARGIN_L, y, SD_CONTENT_W, 8.5f, 12.5f, sd_text(t, "summary.method"));
    y += 12.5f * (float)lines;
    snprintf(buf, sizeof buf, "%s（%d社未満）", sd_text(t, "summary.suppressed_note"), t->min_group);
    sd_pdf_paragraph(pdf, SD_MARGIN_L, y, SD_CONTENT_W, 8.5f, 12.5f, buf);
    sd_pdf_fill_color(pdf, SD_INK);
    sd_report_footer(pdf, t->org_name, sd_pdf_page_number(pdf), d->pages, sd_text(t, "summary.page"));
    return SD_OK;
}

sd_error sd_summary_report_write(const sd_published *pub, const sd_font *font, const char *path, char *err,
                                 size_t errlen)
{
    sd_summary_doc d = {.pub = pub, .pages = pub->all.suppressed ? 1 : 3};
    const sd_templates *t = pub->t;
    char per[32];
    sd_period_label(pub->period, per);
    char *title = sd_xasprintf("%s（%s）", sd_text(t, "summary.title"), per);
    sd_pdf_info info = {title, t->org_name, t->title};
    sd_error rc = sd_pdf_render(font, &info, sd_summary_draw, &d, path, 0644, err, errlen);
    free(title);
    return rc;
}
