/* company_report.c - the two-page feedback report a member reads */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "render/style.h"
#include "rules/plan.h"

typedef struct {
    const sd_published *pub;
    const sd_company_view *c;
    char why[256]; /* a template text too long for the page */
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

/* The member's plan from the questionnaire and the peers' figures the
 * report may show (the report only draws it). */
static void sd_company_plan(const sd_published *pub, const sd_company_view *c, sd_plan *plan)
{
    sd_plan_rules rules;
    sd_plan_rules_from_templates(&rules, pub->t);
    bool is_industry;
    const sd_pub_question *qs = sd_peer_questions(pub, c->industry, &is_industry);
    double rates[SD_MAX_QUESTIONS];
    for (int q = 0; qs && q < pub->t->nquestions; q++)
        rates[q] = qs[q].rate;
    sd_plan_member m = {c->answers, c->total, c->sa_known, c->sa_level, c->basics_done, qs ? rates : NULL};
    sd_plan_make(&rules, &m, plan);
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

/* "上位 12%" or, past the middle, "下位 8%": never 上位 100%. */
static void sd_rank_text(const sd_templates *t, double top, char *out, size_t len)
{
    if (top <= 50) {
        int p = (int)(top + 0.5);
        snprintf(out, len, "%s %d%%", sd_text(t, "company.rank_top"), p < 1 ? 1 : p);
    } else {
        int p = (int)(100 - top + 0.5);
        snprintf(out, len, "%s %d%%", sd_text(t, "company.rank_bottom"), p < 1 ? 1 : p);
    }
}

/* A part's bar with markers for the industry's and all members' averages
 * where those are published. */
static void sd_part_row(sd_pdf *pdf, float y, const char *label, double value, double max, const char *value_text,
                        const sd_pub_group *industry, const sd_pub_group *all, int part)
{
    const float bx = SD_MARGIN_L + 150, bw = 260;
    sd_bar_row(pdf, y, label, value, max, value_text, &SD_BAR_SELF);
    const sd_pub_group *marks[2] = {industry, all};
    const sd_rgb colours[2] = {SD_NAVY, SD_MUTED};
    for (int k = 0; k < 2; k++) {
        if (!marks[k] || marks[k]->suppressed || max <= 0)
            continue;
        double f = marks[k]->part_mean[part] / max;
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        float mx = bx + bw * (float)f;
        sd_pdf_line(pdf, mx, y - 12, mx, y + 4, colours[k], k ? 1.2f : 2.0f, k == 1);
    }
}

/* The consultation desk and the QR codes at the foot of page 1; returns
 * the y where the content above must end. */
static float sd_contact_strip(sd_pdf *pdf, const sd_templates *t)
{
    const float top = 742, qr = 44, gap = 10;
    char *contact = NULL, *line2 = NULL;
    const char *names[] = {"org", "desk", "phone", "email"};
    const char *values[] = {t->org_name, t->org_desk, t->org_phone, t->org_email};
    contact = sd_fill(sd_text(t, "company.contact"), 4, names, values);
    /* without a desk, "{org} {desk}へ" would keep a stray space */
    char *stray = strstr(contact, " へ");
    if (stray)
        memmove(stray, stray + 1, strlen(stray + 1) + 1);
    sd_buf b = {0};
    if (*t->org_phone) {
        char *p = sd_fill(sd_text(t, "company.contact_phone"), 4, names, values);
        sd_buf_adds(&b, p);
        free(p);
    }
    if (*t->org_email) {
        char *e = sd_fill(sd_text(t, "company.contact_email"), 4, names, values);
        sd_buf_printf(&b, "%s%s", b.len ? "　" : "", e);
        free(e);
    }
    line2 = sd_buf_steal(&b);
    /* the QR codes: the chamber's page, IPA's 5か条 */
    struct {
        const char *url, *label;
    } codes[2] = {{t->org_web, sd_text(t, "company.qr_desk")},
                  {sd_text(t, "company.url_five_articles"), sd_text(t, "company.qr_five_articles")}};
    float x = SD_MARGIN_R - qr;
    float text_right = SD_MARGIN_R;
    for (int k = 1; k >= 0; k--) {
        if (!codes[k].url || !*codes[k].url)
            continue;
        sd_pdf_qr(pdf, x, top, qr, codes[k].url);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_center(pdf, x + qr / 2, top + qr + 9, 6.5f, codes[k].label);
        sd_pdf_fill_color(pdf, SD_INK);
        text_right = x - gap;
        x -= qr + 2 * gap;
    }
    sd_pdf_line(pdf, SD_MARGIN_L, top - 8, SD_MARGIN_R, top - 8, SD_RULE, 0.5f, false);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, top + 12, text_right - SD_MARGIN_L, 10, 6.5f, contact);
    sd_pdf_fill_color(pdf, SD_INK);
    if (*line2)
        sd_pdf_text_fit(pdf, SD_MARGIN_L, top + 28, text_right - SD_MARGIN_L, 9.5f, 6.5f, line2);
    free(contact);
    free(line2);
    return top - 16;
}

/* The footer of one of the member's two pages; in a file of many
 * members (file_pages > 0) the page's place in the whole file too. */
static void sd_company_footer(sd_pdf *pdf, const sd_templates *t, int page, int file_pages)
{
    sd_report_footer(pdf, t->org_name, page, 2, sd_text(t, "company.page"));
    if (file_pages > 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s %d / %d", sd_text_default(t, "seminar.file_page", "通し"),
                 sd_pdf_page_number(pdf), file_pages);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_right(pdf, SD_MARGIN_R, 820, 8, buf);
        sd_pdf_fill_color(pdf, SD_INK);
    }
}

/* "2026年10月20日のセミナー受講後 +12点": the seminar the member attended
 * between its previous answer and this one. Caller frees. */
static char *sd_seminar_line(const sd_templates *t, const sd_company_view *c)
{
    char day[32], change[32];
    sd_date_label(c->seminar_on, day);
    int d = c->total - c->prev_total;
    snprintf(change, sizeof change, "%s%d点", d > 0 ? "+" : d < 0 ? "▲" : "±", d < 0 ? -d : d);
    const char *names[] = {"date", "change"};
    const char *values[] = {day, change};
    return sd_fill(sd_text_default(t, "company.seminar_after", "{date}のセミナー受講後 {change}"), 2, names, values);
}

/* Draws page 1. Returns NULL, or the template text that makes the page
 * overflow (then nothing may be drawn over anything: the batch stops). */
static const char *sd_company_page1(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, int file_pages)
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
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 40, SD_CONTENT_W - 150, 9, 6, buf);
    snprintf(buf, sizeof buf, "%s：%s", sd_text(t, "company.period"), per);
    sd_pdf_text_right(pdf, SD_MARGIN_R, 40, 9, buf);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 68, SD_CONTENT_W, 18, 12, sd_text(t, "company.title"));
    sd_pdf_line(pdf, SD_MARGIN_L, 78, SD_MARGIN_R, 78, SD_NAVY, 1.2f, false);

    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 102, SD_CONTENT_W, 16, 8, c->name);
    snprintf(buf, sizeof buf, "%s %s　%s %s　%s %s%s　%s %s", sd_text(t, "company.member_no"), c->member_no,
             sd_text(t, "company.industry"), ind->short_name, sd_text(t, "company.region"), pref->name,
             c->municipality ? c->municipality : "", sd_text(t, "company.employees"), size ? size->label : "");
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 120, SD_CONTENT_W, 9.5f, 6, buf);

    /* score box; the band's words and the next target beside it */
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
    float ty = 152;
    const float tx = SD_MARGIN_L + 205, tw = SD_CONTENT_W - 205;
    if (band) {
        ty += 16.0f * (float)sd_pdf_paragraph(pdf, tx, ty, tw, 11, 16, band->meaning) + 4;
        ty += 15.0f * (float)sd_pdf_paragraph(pdf, tx, ty, tw, 10, 15, band->next) + 4;
    }
    sd_plan plan;
    sd_company_plan(pub, c, &plan);
    {
        const sd_band *next = plan.next_band < 0 ? NULL : &t->bands[plan.next_band];
        const int *items = plan.target, nitems = plan.ntarget, need = plan.need;
        if (next && need > 0) {
            char points[16], list[128] = "";
            snprintf(points, sizeof points, "%d", need);
            for (int i = 0; i < nitems && nitems <= 3; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%sQ%d",
                         i == 0 ? "" : i + 1 == nitems ? " と " : "、", items[i] + 1);
            const char *names[] = {"points", "band", "items"};
            const char *values[] = {points, next->label, list};
            char *text = sd_fill(sd_text(t, nitems <= 3 ? "company.target" : "company.target_many"), 3, names, values);
            sd_pdf_fill_color(pdf, SD_NAVY);
            ty += 15.0f * (float)sd_pdf_paragraph(pdf, tx, ty, tw, 10, 15, text);
            sd_pdf_fill_color(pdf, SD_INK);
            free(text);
        }
    }

    /* the band's words flow down; what follows starts below them */
    ty += 15;
    /* parts, with the industry's and all members' averages marked */
    char key[8];
    snprintf(key, sizeof key, "%c", c->industry);
    const sd_pub_group *gi = sd_pub_find(sd_published_table(pub, SD_BY_INDUSTRY), key);
    float y = sd_pdf_collecting(pdf) || ty + 20 < 268 ? 268 : ty + 20;
    sd_report_heading(pdf, y, sd_text(t, "company.parts"));
    y += 22;
    bool negative = false;
    for (int p = 0; p < t->nparts; p++, y += 19) {
        snprintf(buf, sizeof buf, "%d / %d点", c->parts[p], t->parts[p].max_points);
        char label[160];
        snprintf(label, sizeof label, "%s（%d〜%d）", t->parts[p].name, t->parts[p].first, t->parts[p].last);
        sd_part_row(pdf, y, label, c->parts[p], t->parts[p].max_points, buf, gi, &pub->all, p);
        negative |= c->parts[p] < 0;
    }
    {
        /* the legend of the markers */
        const float lx = SD_MARGIN_L + 150;
        float x = lx;
        bool shown_any = false;
        const char *keys[2] = {"company.marker_industry", "company.marker_all"};
        const sd_pub_group *marks[2] = {gi, &pub->all};
        const sd_rgb colours[2] = {SD_NAVY, SD_MUTED};
        for (int k = 0; k < 2; k++) {
            if (!marks[k] || marks[k]->suppressed)
                continue;
            sd_pdf_line(pdf, x, y - 10, x, y - 2, colours[k], k ? 1.2f : 2.0f, k == 1);
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text(pdf, x + 5, y - 2, 8, sd_text(t, keys[k]));
            sd_pdf_fill_color(pdf, SD_INK);
            x += 12 + sd_pdf_text_width(pdf, 8, sd_text(t, keys[k])) + 14;
            shown_any = true;
        }
        if (shown_any || sd_pdf_collecting(pdf))
            y += 6;
        if (negative) {
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y + 8, SD_CONTENT_W - 10, 8.5f, 6, sd_text(t, "company.negative_part"));
            sd_pdf_fill_color(pdf, SD_INK);
            y += 14;
        }
    }

    /* comparison */
    y += 12;
    sd_report_heading(pdf, y, sd_text(t, "company.comparison"));
    y += 22;
    snprintf(key, sizeof key, "%02d", c->prefecture);
    const sd_pub_group *gp = sd_pub_find(sd_published_table(pub, SD_BY_PREFECTURE), key);
    struct {
        const char *label;
        const sd_pub_group *g;
    } rows[] = {{ind->short_name, gi}, {pref->name, gp}, {sd_text(t, "company.all_members"), &pub->all}};
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

    /* where the company stands: percentile ranks, only among groups that
     * are published, worded naturally at both ends */
    if (c->has_rank_all) {
        char ra[32], ri[32];
        sd_rank_text(t, c->top_all, ra, sizeof ra);
        if (c->has_rank_industry) {
            sd_rank_text(t, c->top_industry, ri, sizeof ri);
            snprintf(buf, sizeof buf, "%s%s、%s%s", sd_text(t, "company.rank_industry"), ri,
                     sd_text(t, "company.rank_all"), ra);
        } else {
            snprintf(buf, sizeof buf, "%s%s", sd_text(t, "company.rank_all"), ra);
        }
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
        if (c->seminar_on[0]) {
            /* on the same line: page 1 has no height to spare */
            char *line = sd_seminar_line(t, c);
            float x = SD_MARGIN_L + 10 + sd_pdf_text_width(pdf, 10.5f, buf) + 16;
            sd_pdf_fill_color(pdf, SD_NAVY);
            sd_pdf_text_fit(pdf, x, y, SD_MARGIN_R - x, 10.5f, 7, line);
            sd_pdf_fill_color(pdf, SD_INK);
            free(line);
        }
    } else {
        sd_pdf_text(pdf, SD_MARGIN_L + 10, y, 10.5f, sd_text(t, "company.change_first"));
    }

    /* the foot of the page: the desk and the QR codes; the SECURITY ACTION
     * box above it; "what to do next" takes what fits between */
    float bottom = sd_contact_strip(pdf, t);
    const char *sa = sd_text(t, sd_sa_step_key(plan.sa));
    const float sa_qr = 40, sa_tw = SD_CONTENT_W - 24 - sa_qr - 12;
    int sa_lines = sd_pdf_paragraph_lines(pdf, sa_tw, 10, sa);
    float box_h = 30 + 15.0f * (float)(sa_lines > 1 ? sa_lines : 1);
    if (box_h < sa_qr + 16)
        box_h = sa_qr + 16;
    float box_y = bottom - box_h;

    y += 30;
    const float limit = box_y - 10;
    if (!sd_pdf_collecting(pdf) && y + 20 + 15 > limit)
        return band && (strlen(band->meaning) + strlen(band->next) > 200)
                   ? "questionnaire.ini の [band] の meaning と next"
                   : "report.ini の company.sa_* か、questionnaire.ini の [band] の meaning と next";
    sd_report_heading(pdf, y, sd_text(t, "company.next_steps"));
    y += 20;
    const int *order = plan.order, nweak = plan.norder, max_items = plan.max_items;
    if (plan.unknown_first) {
        /* mostly わからない: first find out where the company stands */
        sd_pdf_fill_color(pdf, SD_BAR_SELF);
        int lines = sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 10, 14, sd_text(t, "company.unknown_first"));
        sd_pdf_fill_color(pdf, SD_INK);
        y += 14.0f * (float)(lines > 0 ? lines : 1) + 6;
    }
    if (nweak == 0) {
        sd_pdf_text(pdf, SD_MARGIN_L + 10, y, 10, sd_text(t, "company.weak_none"));
        y += 18;
    }
    /* each item with its advice while it fits; then, so that no basic item
     * not done is left out, the rest of the list as titles only */
    bool titles_only = false;
    /* the collecting pass draws every item the real pass might */
    for (int i = 0; i < nweak && i < max_items + (titles_only || sd_pdf_collecting(pdf) ? 2 : 0); i++) {
        int q = order[i];
        bool unknown = c->answers[q] == SD_CHOICE_UNKNOWN;
        snprintf(buf, sizeof buf, "Q%d %s（%s）%s%s", q + 1, t->questions[q].label, t->choices[c->answers[q]].label,
                 unknown ? "　" : "", unknown ? sd_text(t, "company.unknown_check") : "");
        int lines = sd_pdf_paragraph_lines(pdf, SD_CONTENT_W - 22, 9, t->questions[q].advice);
        float h = 14 + 12.5f * (float)(lines > 0 ? lines : 1) + 5;
        if (!sd_pdf_collecting(pdf) && !titles_only && y + h > limit)
            titles_only = true;
        if (!sd_pdf_collecting(pdf) && titles_only && y + 15 > limit)
            break; /* as many as fit */
        sd_pdf_fill_color(pdf, SD_NAVY);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 10.5f, 7, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        if (titles_only) {
            y += 15;
            continue;
        }
        sd_pdf_paragraph(pdf, SD_MARGIN_L + 22, y + 14, SD_CONTENT_W - 22, 9, 12.5f, t->questions[q].advice);
        y += h;
    }

    /* SECURITY ACTION, with the way to IPA's page */
    sd_pdf_rect(pdf, SD_MARGIN_L, box_y, SD_CONTENT_W, box_h, &SD_PALE, NULL, 0);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text(pdf, SD_MARGIN_L + 12, box_y + 17, 11, sd_text(t, "company.sa_title"));
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_paragraph(pdf, SD_MARGIN_L + 12, box_y + 34, sa_tw, 10, 15, sa);
    float qx = SD_MARGIN_R - 10 - sa_qr;
    sd_pdf_rect(pdf, qx - 3, box_y + 5, sa_qr + 6, sa_qr + 6, &(sd_rgb){1, 1, 1}, NULL, 0);
    sd_pdf_qr(pdf, qx, box_y + 8, sa_qr, sd_text(t, "company.url_security_action"));
    sd_company_footer(pdf, t, 1, file_pages);
    return NULL;
}

static void sd_company_page2(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, int file_pages)
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
    snprintf(buf, sizeof buf, "%s %s　%s", sd_text(t, "company.member_no"), c->member_no, c->name);
    sd_pdf_text_fit(pdf, SD_MARGIN_L + 160, 48, SD_CONTENT_W - 160, 9, 6, buf);
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
    sd_company_footer(pdf, t, 2, file_pages);
}

sd_error sd_company_pages(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, int file_pages, char *why,
                          size_t whylen)
{
    const char *too_long = sd_company_page1(pdf, pub, c, file_pages);
    if (too_long) {
        snprintf(why, whylen, "%s", too_long);
        return SD_ERR_TEMPLATE;
    }
    sd_company_page2(pdf, pub, c, file_pages);
    return SD_OK;
}

static sd_error sd_company_draw(sd_pdf *pdf, void *data)
{
    sd_company_doc *doc = data;
    return sd_company_pages(pdf, doc->pub, doc->c, 0, doc->why, sizeof doc->why);
}

sd_error sd_company_report_chars(const sd_published *pub, const sd_company_view *c, sd_cpset *chars)
{
    sd_company_doc doc = {pub, c, ""};
    return sd_pdf_collect(sd_company_draw, &doc, chars);
}

sd_error sd_company_report_write(const sd_published *pub, const sd_font *font, const sd_company_view *c,
                                 const char *path, char *err, size_t errlen)
{
    sd_company_doc doc = {pub, c, ""};
    char per[32];
    sd_period_label(pub->period, per);
    char *title = sd_xasprintf("%s %s", sd_text(pub->t, "company.title"), c->name);
    char *subject = sd_xasprintf("%s %s", pub->t->title, per);
    sd_pdf_info info = {title, pub->t->org_name, subject};
    sd_error rc = sd_pdf_render(font, &info, sd_company_draw, &doc, path, 0600, err, errlen);
    if (rc == SD_ERR_TEMPLATE && doc.why[0])
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE,
                     "報告書の 1 ページ目に収まりません。文章が長すぎます: %s を短くしてください", doc.why);
    free(title);
    free(subject);
    return rc;
}
