/* company_report.c - the two-page feedback report a member reads */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "render/style.h"

typedef struct {
    const sd_published *pub;
    const sd_company_view *c;
} sd_company_doc;

/* The peers' per-question figures the report may show: its industry's
 * where that is published, else all members' (NULL when neither is). */
static const sd_pub_question *sd_peer_questions(const sd_published *pub, char industry, bool *is_industry)
{
    const sd_pub_question *qi = pub->q_industry[industry - 'A'];
    *is_industry = !qi[0].suppressed;
    if (*is_industry)
        return qi;
    return pub->q_all[0].suppressed ? NULL : pub->q_all;
}

/* A horizontal bar of value out of max, with its text at the right. */
static void sd_bar_row(sd_pdf *pdf, float y, const char *label, double value, double max, const char *value_text,
                       const sd_rgb *colour)
{
    const float bx = SD_MARGIN_L + 150, bw = 260, bh = 11;
    sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, 135, 10, 7, label);
    sd_pdf_rect(pdf, bx, y - 9, bw, bh, &SD_TRACK, NULL, 0);
    double frac = max > 0 ? value / max : 0;
    if (frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    if (colour)
        sd_pdf_rect(pdf, bx, y - 9, (float)(bw * frac), bh, colour, NULL, 0);
    sd_pdf_text_right(pdf, SD_MARGIN_R, y, 10, value_text);
}

static int sd_weak_cmp_rank(int choice)
{
    switch (choice) {
    case SD_CHOICE_NONE:
        return 0;
    case SD_CHOICE_UNKNOWN:
        return 1;
    case SD_CHOICE_PARTIAL:
        return 2;
    default:
        return 3;
    }
}

/* Order of "what to do next": not done, then don't know, then partly;
 * within each, what most peers in the industry already do comes first. */
static void sd_weak_items(const sd_published *pub, const sd_company_view *c, int *order, int *n)
{
    const sd_templates *t = pub->t;
    bool is_industry;
    const sd_pub_question *qs = sd_peer_questions(pub, c->industry, &is_industry);
    *n = 0;
    for (int q = 0; q < t->nquestions; q++)
        if (c->answers[q] != SD_CHOICE_DONE)
            order[(*n)++] = q;
    for (int i = 1; i < *n; i++)
        for (int j = i; j > 0; j--) {
            int a = order[j - 1], b = order[j];
            int ra = sd_weak_cmp_rank(c->answers[a]), rb = sd_weak_cmp_rank(c->answers[b]);
            bool swap = rb < ra || (rb == ra && qs && qs[b].rate > qs[a].rate + 1e-9);
            if (!swap)
                break;
            order[j - 1] = b;
            order[j] = a;
        }
}

static void sd_company_page1(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c)
{
    const sd_templates *t = pub->t;
    char buf[512], per[32];
    sd_period_label(pub->period, per);
    const sd_industry *ind = sd_industry_by_letter(t, c->industry);
    const sd_prefecture *pref = &t->prefectures[c->prefecture - 1];
    const sd_size_band *size = sd_size_band_by_id(t, c->size_band);

    sd_pdf_new_page(pdf);
    sd_pdf_fill_color(pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s %s", t->org_name, t->org_department);
    sd_pdf_text(pdf, SD_MARGIN_L, 40, 9, buf);
    snprintf(buf, sizeof buf, "%s：%s", sd_text(t, "company.period"), per);
    sd_pdf_text_right(pdf, SD_MARGIN_R, 40, 9, buf);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 68, SD_CONTENT_W, 18, 12, sd_text(t, "company.title"));
    sd_pdf_line(pdf, SD_MARGIN_L, 78, SD_MARGIN_R, 78, SD_NAVY, 1.2f, false);

    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 102, SD_CONTENT_W, 16, 8, c->name);
    snprintf(buf, sizeof buf, "%s %s　%s %s　%s %s%s　%s %s", sd_text(t, "company.member_no"), c->member_no,
             sd_text(t, "company.industry"), ind->name, sd_text(t, "company.region"), pref->name,
             c->municipality ? c->municipality : "", sd_text(t, "company.employees"), size ? size->label : "");
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 120, SD_CONTENT_W, 9.5f, 6, buf);

    /* score box */
    const sd_band *band = sd_band_for(t, c->total);
    sd_pdf_rect(pdf, SD_MARGIN_L, 134, 190, 104, &SD_PALE, &SD_NAVY, 1);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text(pdf, SD_MARGIN_L + 12, 154, 11, sd_text(t, "company.total"));
    snprintf(buf, sizeof buf, "%d", c->total);
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_text(pdf, SD_MARGIN_L + 12, 198, 40, buf);
    float w = sd_pdf_text_width(pdf, 40, buf);
    snprintf(buf, sizeof buf, "/ %d点", sd_max_total(t));
    sd_pdf_text(pdf, SD_MARGIN_L + 16 + w, 198, 12, buf);
    snprintf(buf, sizeof buf, "%s：%s", sd_text(t, "company.band"), band ? band->label : "");
    sd_pdf_text(pdf, SD_MARGIN_L + 12, 226, 12, buf);
    if (band) {
        sd_pdf_paragraph(pdf, SD_MARGIN_L + 205, 152, SD_CONTENT_W - 205, 11, 16, band->meaning);
        sd_pdf_paragraph(pdf, SD_MARGIN_L + 205, 190, SD_CONTENT_W - 205, 10, 15, band->next);
    }

    /* parts */
    float y = 268;
    sd_report_heading(pdf, y, sd_text(t, "company.parts"));
    y += 22;
    for (int p = 0; p < t->nparts; p++, y += 19) {
        snprintf(buf, sizeof buf, "%d / %d点", c->parts[p], t->parts[p].max_points);
        char label[160];
        snprintf(label, sizeof label, "%s（%d〜%d）", t->parts[p].name, t->parts[p].first, t->parts[p].last);
        sd_bar_row(pdf, y, label, c->parts[p], t->parts[p].max_points, buf, &SD_BAR_SELF);
    }

    /* comparison */
    y += 12;
    sd_report_heading(pdf, y, sd_text(t, "company.comparison"));
    y += 22;
    char key[8];
    snprintf(key, sizeof key, "%c", c->industry);
    const sd_pub_group *gi = sd_pub_find(sd_published_table(pub, SD_BY_INDUSTRY), key);
    snprintf(key, sizeof key, "%02d", c->prefecture);
    const sd_pub_group *gp = sd_pub_find(sd_published_table(pub, SD_BY_PREFECTURE), key);
    struct {
        const char *label;
        const sd_pub_group *g;
    } rows[] = {{ind->name, gi}, {pref->name, gp}, {sd_text(t, "company.all_members"), &pub->all}};
    snprintf(buf, sizeof buf, "%d点", c->total);
    sd_bar_row(pdf, y, sd_text(t, "company.you"), c->total, sd_max_total(t), buf, &SD_BAR_SELF);
    y += 19;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, y += 19) {
        if (rows[i].g && !rows[i].g->suppressed) {
            snprintf(buf, sizeof buf, "%.1f点（%d社）", rows[i].g->mean, rows[i].g->n);
            sd_bar_row(pdf, y, rows[i].label, rows[i].g->mean, sd_max_total(t), buf, &SD_BAR);
        } else {
            sd_bar_row(pdf, y, rows[i].label, 0, 1, sd_text(t, "company.suppressed"), NULL);
        }
    }

    /* where the company stands: percentile ranks, as "top x %", only
     * among groups that are published */
    if (c->has_rank_all) {
        if (c->has_rank_industry)
            snprintf(buf, sizeof buf, "%s %.0f%%、%s %.0f%%", sd_text(t, "company.rank_industry"), c->top_industry,
                     sd_text(t, "company.rank_all"), c->top_all);
        else
            snprintf(buf, sizeof buf, "%s %.0f%%", sd_text(t, "company.rank_all"), c->top_all);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text(pdf, SD_MARGIN_L + 10, y - 3, 9, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        y += 12;
    }

    /* change since the last diagnosis */
    y += 12;
    sd_report_heading(pdf, y, sd_text(t, "company.change"));
    y += 20;
    if (c->has_prev) {
        char prev[32];
        sd_period_label(c->prev_period, prev);
        int d = c->total - c->prev_total;
        snprintf(buf, sizeof buf, "%s %d点 → %s %d点（%s%d点）", prev, c->prev_total, per, c->total,
                 d > 0 ? "+" : d < 0 ? "▲" : "±", d < 0 ? -d : d);
        sd_pdf_text(pdf, SD_MARGIN_L + 10, y, 10.5f, buf);
    } else {
        sd_pdf_text(pdf, SD_MARGIN_L + 10, y, 10.5f, sd_text(t, "company.change_first"));
    }

    /* what to do next */
    y += 30;
    sd_report_heading(pdf, y, sd_text(t, "company.next_steps"));
    y += 20;
    int order[SD_MAX_QUESTIONS], nweak;
    sd_weak_items(pub, c, order, &nweak);
    bool any_unknown = false;
    for (int q = 0; q < t->nquestions; q++)
        any_unknown |= c->answers[q] == SD_CHOICE_UNKNOWN;
    if (nweak == 0) {
        sd_pdf_text(pdf, SD_MARGIN_L + 10, y, 10, sd_text(t, "company.weak_none"));
        y += 18;
    }
    for (int i = 0; i < nweak && i < 4; i++) {
        int q = order[i];
        snprintf(buf, sizeof buf, "Q%d %s（%s）", q + 1, t->questions[q].label, t->choices[c->answers[q]].label);
        sd_pdf_fill_color(pdf, SD_NAVY);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 10.5f, 7, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        int lines = sd_pdf_paragraph(pdf, SD_MARGIN_L + 22, y + 15, SD_CONTENT_W - 22, 9.5f, 13,
                                     t->questions[q].advice);
        y += 15 + 13.0f * (float)lines + 6;
    }
    if (any_unknown) {
        sd_pdf_fill_color(pdf, SD_BAR_SELF);
        int lines = sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9.5f, 13,
                                     sd_text(t, "company.unknown_note"));
        sd_pdf_fill_color(pdf, SD_INK);
        y += 13.0f * (float)lines + 4;
    }

    /* SECURITY ACTION */
    bool basics_done = c->basics_done;
    const char *sa = !c->sa_known       ? sd_text(t, "company.sa_unknown")
                     : c->sa_level >= 2  ? sd_text(t, "company.sa_done")
                     : c->sa_level == 1 ? sd_text(t, "company.sa_two")
                     : basics_done      ? sd_text(t, "company.sa_one")
                                        : sd_text(t, "company.sa_basics");
    float box_y = y + 6 > 730 ? 730 : y + 6;
    int lines = sd_pdf_paragraph_lines(pdf, SD_CONTENT_W - 24, 10, sa);
    float box_h = 28 + 15.0f * (float)(lines > 0 ? lines : 1);
    sd_pdf_rect(pdf, SD_MARGIN_L, box_y, SD_CONTENT_W, box_h, &SD_PALE, NULL, 0);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text(pdf, SD_MARGIN_L + 12, box_y + 17, 11, sd_text(t, "company.sa_title"));
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_paragraph(pdf, SD_MARGIN_L + 12, box_y + 34, SD_CONTENT_W - 24, 10, 15, sa);
    sd_report_footer(pdf, t->org_name, sd_pdf_page_number(pdf), 2, sd_text(t, "company.page"));
}

static void sd_company_page2(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c)
{
    const sd_templates *t = pub->t;
    const sd_pub_question *qs = pub->q_industry[c->industry - 'A'];
    const sd_industry *ind = sd_industry_by_letter(t, c->industry);
    char buf[256];
    /* column x positions */
    const float cx_no = SD_MARGIN_L + 4, cx_item = SD_MARGIN_L + 34, cx_ans = SD_MARGIN_L + 290,
                cx_pts = SD_MARGIN_L + 392, cx_rate = SD_MARGIN_L + 408;

    sd_pdf_new_page(pdf);
    sd_report_heading(pdf, 48, sd_text(t, "company.answers"));
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text_fit(pdf, SD_MARGIN_L + 200, 48, SD_CONTENT_W - 200, 9, 6, c->name);
    float y = 74;
    sd_pdf_rect(pdf, SD_MARGIN_L, y - 13, SD_CONTENT_W, 19, &SD_NAVY, NULL, 0);
    sd_pdf_fill_color(pdf, (sd_rgb){1, 1, 1});
    sd_pdf_text(pdf, cx_no, y, 9, "No.");
    sd_pdf_text(pdf, cx_item, y, 9, sd_text(t, "company.question"));
    sd_pdf_text(pdf, cx_ans, y, 9, sd_text(t, "company.answer"));
    sd_pdf_text_right(pdf, cx_pts + 8, y, 9, sd_text(t, "company.points"));
    snprintf(buf, sizeof buf, "%s（%s）", sd_text(t, "company.industry_rate"), ind->short_name);
    sd_pdf_text_fit(pdf, cx_rate, y, SD_MARGIN_R - cx_rate, 9, 6, buf);
    sd_pdf_fill_color(pdf, SD_INK);
    y += 8;
    bool industry_shown = !qs[0].suppressed;
    for (int p = 0; p < t->nparts; p++) {
        y += p == 0 ? 16 : 28; /* clear of the shaded row above */
        sd_pdf_fill_color(pdf, SD_NAVY);
        snprintf(buf, sizeof buf, "%s（%d〜%d）　%d / %d点", t->parts[p].name, t->parts[p].first,
                 t->parts[p].last, c->parts[p], t->parts[p].max_points);
        sd_pdf_text(pdf, SD_MARGIN_L, y, 10, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        y += 6;
        for (int q = t->parts[p].first - 1; q < t->parts[p].last; q++) {
            y += 21;
            if ((q % 2) == 0)
                sd_pdf_rect(pdf, SD_MARGIN_L, y - 14, SD_CONTENT_W, 21, &(sd_rgb){0.965f, 0.97f, 0.98f}, NULL, 0);
            const sd_choice *ch = &t->choices[c->answers[q]];
            snprintf(buf, sizeof buf, "%d", q + 1);
            sd_pdf_text_right(pdf, cx_no + 16, y, 9.5f, buf);
            sd_pdf_text_fit(pdf, cx_item, y, cx_ans - cx_item - 8, 9.5f, 6.5f, t->questions[q].label);
            snprintf(buf, sizeof buf, "%s %s", ch->mark, ch->label);
            if (c->answers[q] != SD_CHOICE_DONE)
                sd_pdf_fill_color(pdf, c->answers[q] == SD_CHOICE_PARTIAL ? SD_INK : SD_BAR_SELF);
            sd_pdf_text_fit(pdf, cx_ans, y, cx_pts - cx_ans - 14, 9.5f, 6.5f, buf);
            sd_pdf_fill_color(pdf, SD_INK);
            snprintf(buf, sizeof buf, "%d", ch->points);
            sd_pdf_text_right(pdf, cx_pts + 8, y, 9.5f, buf);
            if (industry_shown) {
                float bw = SD_MARGIN_R - cx_rate - 40;
                sd_pdf_rect(pdf, cx_rate, y - 8, bw, 8, &SD_TRACK, NULL, 0);
                sd_pdf_rect(pdf, cx_rate, y - 8, bw * (float)qs[q].rate, 8, &SD_BAR, NULL, 0);
                snprintf(buf, sizeof buf, "%.0f%%", qs[q].rate * 100);
                sd_pdf_text_right(pdf, SD_MARGIN_R, y, 9, buf);
            } else if (q == t->parts[p].first - 1) {
                sd_pdf_fill_color(pdf, SD_MUTED);
                sd_pdf_text_fit(pdf, cx_rate, y, SD_MARGIN_R - cx_rate, 8, 5, sd_text(t, "company.suppressed"));
                sd_pdf_fill_color(pdf, SD_INK);
            }
        }
    }
    y += 26;
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_buf legend = {0};
    for (int i = 0; i < SD_NCHOICES; i++)
        sd_buf_printf(&legend, "%s%s %s（%d点）", i ? "　" : "", t->choices[i].mark, t->choices[i].label,
                      t->choices[i].points);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, y, SD_CONTENT_W, 8.5f, 6, legend.data);
    sd_buf_free(&legend);
    sd_pdf_fill_color(pdf, SD_INK);
    sd_report_footer(pdf, t->org_name, sd_pdf_page_number(pdf), 2, sd_text(t, "company.page"));
}

static sd_error sd_company_draw(sd_pdf *pdf, void *data)
{
    sd_company_doc *doc = data;
    sd_company_page1(pdf, doc->pub, doc->c);
    sd_company_page2(pdf, doc->pub, doc->c);
    return SD_OK;
}

sd_error sd_company_report_write(const sd_published *pub, const sd_font *font, const sd_company_view *c,
                                 const char *path, char *err, size_t errlen)
{
    sd_company_doc doc = {pub, c};
    char per[32];
    sd_period_label(pub->period, per);
    char *title = sd_xasprintf("%s %s", sd_text(pub->t, "company.title"), c->name);
    char *subject = sd_xasprintf("%s %s", pub->t->title, per);
    sd_pdf_info info = {title, pub->t->org_name, subject};
    sd_error rc = sd_pdf_render(font, &info, sd_company_draw, &doc, path, 0600, err, errlen);
    free(title);
    free(subject);
    return rc;
}
