/* company_report.c - the two-page feedback report a member reads */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/company_layout.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "render/style.h"
#include "rules/plan.h"
#include "rules/round.h"

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
    sd_plan_member m = {c->answers, c->total, c->sa_known, c->sa_level, qs ? rates : NULL};
    sd_plan_make(&rules, &m, plan);
}
/* The first page as it is being laid out: what it shows, where the
 * cursor is and how far the content may go. */
typedef struct {
    sd_pdf *pdf;
    const sd_company_layout *L;
    const sd_published *pub;
    const sd_templates *t;
    const sd_company_view *c;
    const sd_pub_group *gi; /* the member's industry as published, or NULL */
    sd_plan plan;
    char per[32];           /* the period's label */
    float name_dy;          /* how far a name on more lines than one moves what follows down */
    float y;                /* the cursor: the next baseline */
    float limit;            /* where "what to do next" must end */
} sd_page1;

/* A text fitted on one line at its place, origin_y being the cursor its y
 * is measured from (0 when on the page). */
static void sd_cl_fit(sd_pdf *pdf, const sd_cl_text *e, float origin_y, const char *text)
{
    sd_pdf_text_fit(pdf, SD_MARGIN_L + e->x, origin_y + e->y, e->w, e->size, e->min, text);
}

/* The member's name under the title (L->name, L->name_wrap): on one
 * line, shrinking no further than name.min; else on two lines at the
 * largest size down to name_wrap.min; else at that size on as many lines
 * as it takes. Never cut. Returns how far its last baseline is below
 * name.y (0 on one line, and always in the collecting pass, which draws
 * it whole and measures nothing). */
static float sd_p1_name(sd_pdf *pdf, const sd_company_layout *L, const char *name)
{
    const sd_cl_text *e = &L->name;
    const float x = SD_MARGIN_L + e->x;
    float s = e->size;
    while (s > e->min && sd_pdf_text_width(pdf, s, name) > e->w)
        s -= 0.5f;
    if (sd_pdf_text_width(pdf, s, name) <= e->w) {
        sd_pdf_text(pdf, x, e->y, s, name);
        return 0;
    }
    s = L->name_wrap.size;
    while (s > L->name_wrap.min && sd_pdf_paragraph_lines(pdf, e->w, s, name) > 2)
        s -= 0.5f;
    const float leading = s * L->name_leading;
    int lines = sd_pdf_paragraph(pdf, x, e->y, e->w, s, leading, name);
    return leading * (float)(lines > 1 ? lines - 1 : 0);
}

/* A paragraph at its x and width, first baseline y; returns the height it
 * took. */
static float sd_cl_paragraph(sd_pdf *pdf, const sd_cl_text *e, float y, const char *text)
{
    return e->min * (float)sd_pdf_paragraph(pdf, SD_MARGIN_L + e->x, y, e->w, e->size, e->min, text);
}

/* A horizontal bar of value out of max, with its text at the right. */
static void sd_bar_row(sd_pdf *pdf, const sd_cl_bars *B, float y, const char *label, double value, double max,
                       const char *value_text, const sd_rgb *colour)
{
    const float bx = SD_MARGIN_L + B->bar_x;
    sd_pdf_text_fit(pdf, SD_MARGIN_L + B->label.x, y, B->label.w, B->label.size, B->label.min, label);
    sd_pdf_rect(pdf, bx, y - B->bar_rise, B->bar_w, B->bar_h, &SD_TRACK, NULL, 0);
    double frac = max > 0 ? value / max : 0;
    if (frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    if (colour)
        sd_pdf_rect(pdf, bx, y - B->bar_rise, (float)(B->bar_w * frac), B->bar_h, colour, NULL, 0);
    sd_pdf_text_right(pdf, SD_MARGIN_R, y, B->value_size, value_text);
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

/* Whether a group's part averages are marked on the parts' bars (and
 * named in their legend): published, and not a small group's (whose part
 * shares are not published). */
static bool sd_part_marked(const sd_pub_group *g)
{
    return g && !g->suppressed && !g->shares_hidden;
}

/* A part's bar with markers for the industry's and all members' averages
 * where those are published. */
static void sd_part_row(sd_pdf *pdf, const sd_cl_bars *B, float y, const char *label, double value, double max,
                        const char *value_text, const sd_pub_group *industry, const sd_pub_group *all, int part)
{
    sd_bar_row(pdf, B, y, label, value, max, value_text, &SD_BAR_SELF);
    const sd_pub_group *marks[2] = {industry, all};
    const sd_rgb colours[2] = {SD_NAVY, SD_MUTED};
    for (int k = 0; k < 2; k++) {
        if (!sd_part_marked(marks[k]) || max <= 0)
            continue;
        double f = marks[k]->part_mean[part] / max;
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        float mx = SD_MARGIN_L + B->bar_x + B->bar_w * (float)f;
        sd_pdf_line(pdf, mx, y - B->mark_rise, mx, y + B->mark_drop, colours[k], B->mark_w[k], k == 1);
    }
}

/* The desk's two lines at the foot of page 1 (*line2 "" when the
 * organisation gives neither phone nor e-mail). Caller frees both. */
static char *sd_contact_lines(const sd_templates *t, char **line2)
{
    const char *names[] = {"org", "desk", "phone", "email"};
    const char *values[] = {t->org_name, t->org_desk, t->org_phone, t->org_email};
    char *contact = sd_fill(sd_text(t, "company.contact"), 4, names, values);
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
    *line2 = sd_buf_steal(&b);
    return contact;
}

/* The consultation desk and the QR codes at the foot of page 1; returns
 * the y where the content above must end. */
static float sd_contact_strip(sd_pdf *pdf, const sd_company_layout *L, const sd_templates *t)
{
    const float top = L->contact_top, qr = L->contact_qr, gap = L->contact_gap;
    char *line2 = NULL, *contact = sd_contact_lines(t, &line2);
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
        sd_pdf_text_center(pdf, x + qr / 2, top + qr + L->qr_label.y, L->qr_label.size, codes[k].label);
        sd_pdf_fill_color(pdf, SD_INK);
        text_right = x - gap;
        x -= qr + 2 * gap;
    }
    const float rule_y = top - L->contact_rule_rise;
    sd_pdf_line(pdf, SD_MARGIN_L, rule_y, SD_MARGIN_R, rule_y, SD_RULE, L->contact_rule_w, false);
    sd_pdf_fill_color(pdf, SD_NAVY);
    const sd_cl_text *c1 = &L->contact, *c2 = &L->contact_line2;
    sd_pdf_text_fit(pdf, SD_MARGIN_L, top + c1->y, text_right - SD_MARGIN_L, c1->size, c1->min, contact);
    sd_pdf_fill_color(pdf, SD_INK);
    if (*line2)
        sd_pdf_text_fit(pdf, SD_MARGIN_L, top + c2->y, text_right - SD_MARGIN_L, c2->size, c2->min, line2);
    free(contact);
    free(line2);
    return top - L->contact_clear;
}

/* The footer of one of the member's two pages; in a file of many
 * members (file_pages > 0) the page's place in the whole file too. */
static void sd_company_footer(sd_pdf *pdf, const sd_templates *t, int page, int file_pages)
{
    sd_report_footer(pdf, t->org_name, page, 2, sd_text(t, "company.page"));
    if (file_pages > 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s %d / %d", sd_text(t, "seminar.file_page"),
                 sd_pdf_page_number(pdf), file_pages);
        const sd_cl_text *e = &sd_company_layout_a4.file_page;
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_right(pdf, SD_MARGIN_R, e->y, e->size, buf);
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
    return sd_fill(sd_text(t, "company.seminar_after"), 2, names, values);
}

/* The head of the page: organisation, period, title, the member. */
static void sd_p1_head(sd_page1 *p)
{
    sd_pdf *pdf = p->pdf;
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    const sd_company_view *c = p->c;
    const sd_industry *ind = sd_industry_by_letter(t, c->industry);
    const sd_prefecture *pref = &t->prefectures[c->prefecture - 1];
    const sd_size_band *size = sd_size_band_by_id(t, c->size_band);
    char buf[512];

    sd_pdf_new_page(pdf);
    sd_pdf_fill_color(pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s %s", t->org_name, t->org_department);
    sd_cl_fit(pdf, &L->org, 0, buf);
    snprintf(buf, sizeof buf, "%s：%s", sd_text(t, "company.period"), p->per);
    sd_pdf_text_right(pdf, SD_MARGIN_R, L->period.y, L->period.size, buf);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_cl_fit(pdf, &L->title, 0, sd_text(t, "company.title"));
    sd_pdf_line(pdf, SD_MARGIN_L, L->title_rule_y, SD_MARGIN_R, L->title_rule_y, SD_NAVY, L->title_rule_w, false);

    sd_pdf_fill_color(pdf, SD_INK);
    p->name_dy = sd_p1_name(pdf, L, c->name);
    snprintf(buf, sizeof buf, "%s %s　%s %s　%s %s%s　%s %s", sd_text(t, "company.member_no"), c->member_no,
             sd_text(t, "company.industry"), ind->short_name, sd_text(t, "company.region"), pref->name,
             c->municipality ? c->municipality : "", sd_text(t, "company.employees"), size ? size->label : "");
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_cl_fit(pdf, &L->details, p->name_dy, buf);
}

/* Question numbers as a member reads them: "Q3", "Q3 と Q11",
 * "Q1、Q3 と Q11" (into out, size bytes). */
static void sd_items_text(const int *items, int n, char *out, size_t size)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), size - strlen(out), "%sQ%d", i == 0 ? "" : i + 1 == n ? " と " : "、",
                 items[i] + 1);
}

/* The plan's headline: the sentence its situation calls for. Owned:
 * caller frees. */
static char *sd_plan_lead_text(const sd_templates *t, const sd_plan *plan, const sd_company_view *c)
{
    char max[16], kinds[128] = "";
    snprintf(max, sizeof max, "%d", sd_max_total(t));
    bool partial = false, unknown = false;
    for (int i = 0; i < plan->norder; i++) {
        partial |= c->answers[plan->order[i]] == SD_CHOICE_PARTIAL;
        unknown |= c->answers[plan->order[i]] == SD_CHOICE_UNKNOWN;
    }
    snprintf(kinds, sizeof kinds, "%s%s%s%s%s", partial ? "「" : "", partial ? t->choices[SD_CHOICE_PARTIAL].label : "",
             partial ? "」" : "", partial && unknown ? "や" : "", unknown ? "「" : "");
    if (unknown)
        snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s」", t->choices[SD_CHOICE_UNKNOWN].label);
    const char *names[] = {"max", "kinds"};
    const char *values[] = {max, kinds};
    return sd_fill(sd_text(t, sd_plan_lead_key(plan->lead)), 2, names, values);
}

/* "あと8点で「…」に上がります。…": the plan's target, below its headline
 * at y; returns the height it took. */
static float sd_p1_target(sd_page1 *p, float y)
{
    const sd_templates *t = p->t;
    const sd_plan *plan = &p->plan;
    const sd_band *next = plan->next_band < 0 ? NULL : &t->bands[plan->next_band];
    if (!next || plan->need <= 0 || plan->ntarget == 0)
        return 0;
    char points[16], list[128];
    snprintf(points, sizeof points, "%d", plan->need);
    sd_items_text(plan->order, plan->target_named ? plan->ntarget : 0, list, sizeof list);
    const char *names[] = {"points", "band", "items"};
    const char *values[] = {points, next->label, list};
    char *text = sd_fill(sd_text(t, plan->target_named ? "company.target" : "company.target_many"), 3, names, values);
    sd_pdf_fill_color(p->pdf, SD_NAVY);
    float h = sd_cl_paragraph(p->pdf, &p->L->target, y, text);
    sd_pdf_fill_color(p->pdf, SD_INK);
    free(text);
    return h;
}

/* The score box, with the band's words and the target beside it; sets
 * the cursor below whichever ends lower. */
static void sd_p1_score(sd_page1 *p)
{
    sd_pdf *pdf = p->pdf;
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    const sd_band *band = sd_band_for(t, p->c->total);
    const float dy = p->name_dy; /* all of it moves below a long name */
    char buf[512];

    sd_pdf_rect(pdf, SD_MARGIN_L + L->score.x, L->score.y + dy, L->score.w, L->score.h, &SD_PALE, &SD_NAVY,
                L->score_stroke);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text(pdf, SD_MARGIN_L + L->total_label.x, L->total_label.y + dy, L->total_label.size,
                sd_text(t, "company.total"));
    snprintf(buf, sizeof buf, "%d", p->c->total);
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_text(pdf, SD_MARGIN_L + L->total.x, L->total.y + dy, L->total.size, buf);
    float w = sd_pdf_text_width(pdf, L->total.size, buf);
    snprintf(buf, sizeof buf, "/ %d点", sd_max_total(t));
    sd_pdf_text(pdf, SD_MARGIN_L + L->total_max.x + w, L->total_max.y + dy, L->total_max.size, buf);
    snprintf(buf, sizeof buf, "%s：%s", sd_text(t, "company.band"), band ? band->label : "");
    sd_pdf_text(pdf, SD_MARGIN_L + L->band.x, L->band.y + dy, L->band.size, buf);
    float ty = L->meaning.y + dy;
    if (band) {
        ty += sd_cl_paragraph(pdf, &L->meaning, ty, band->meaning) + L->words_gap;
    }
    char *lead = sd_plan_lead_text(t, &p->plan, p->c);
    ty += sd_cl_paragraph(pdf, &L->next, ty, lead) + L->words_gap;
    free(lead);
    ty += sd_p1_target(p, ty);
    /* the band's words flow down; what follows starts below them */
    ty += L->flow_gap;
    p->y = ty + L->parts_push < L->parts_top + dy ? L->parts_top + dy : ty + L->parts_push;
}

/* The markers' legend below the parts' bars, then the note on a part
 * below zero. */
static void sd_p1_legend(sd_page1 *p, bool negative)
{
    sd_pdf *pdf = p->pdf;
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    float x = SD_MARGIN_L + L->legend.x;
    bool shown_any = false;
    const char *keys[2] = {"company.marker_industry", "company.marker_all"};
    const sd_pub_group *marks[2] = {p->gi, &p->pub->all};
    const sd_rgb colours[2] = {SD_NAVY, SD_MUTED};
    for (int k = 0; k < 2; k++) {
        if (!sd_part_marked(marks[k]))
            continue;
        sd_pdf_line(pdf, x, p->y - L->legend_rise, x, p->y - L->legend_drop, colours[k], L->bars.mark_w[k], k == 1);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text(pdf, x + L->legend_pad, p->y - L->legend_drop, L->legend.size, sd_text(t, keys[k]));
        sd_pdf_fill_color(pdf, SD_INK);
        x += L->legend_space + sd_pdf_text_width(pdf, L->legend.size, sd_text(t, keys[k])) + L->legend_gap;
        shown_any = true;
    }
    if (shown_any)
        p->y += L->legend_after;
    if (negative) {
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_cl_fit(pdf, &L->negative, p->y, sd_text(t, "company.negative_part"));
        sd_pdf_fill_color(pdf, SD_INK);
        p->y += L->negative_pitch;
    }
}

/* The parts, with the industry's and all members' averages marked. */
static void sd_p1_parts(sd_page1 *p)
{
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    const sd_company_view *c = p->c;
    char buf[512], label[160];
    sd_report_heading(p->pdf, p->y, sd_text(t, "company.parts"));
    p->y += L->heading_gap;
    bool negative = false;
    for (int k = 0; k < t->nparts; k++, p->y += L->bars.pitch) {
        snprintf(buf, sizeof buf, "%d / %d点", c->parts[k], t->parts[k].max_points);
        snprintf(label, sizeof label, "%s（%d〜%d）", t->parts[k].name, t->parts[k].first, t->parts[k].last);
        sd_part_row(p->pdf, &L->bars, p->y, label, c->parts[k], t->parts[k].max_points, buf, p->gi, &p->pub->all, k);
        negative |= c->parts[k] < 0;
    }
    sd_p1_legend(p, negative);
}

/* Where the company stands: percentile ranks, only among groups that are
 * published, worded naturally at both ends. */
static void sd_p1_rank(sd_page1 *p)
{
    const sd_templates *t = p->t;
    const sd_company_view *c = p->c;
    if (!c->has_rank_all)
        return;
    char buf[512], ra[32], ri[32];
    sd_rank_text(t, c->top_all, ra, sizeof ra);
    if (c->has_rank_industry) {
        sd_rank_text(t, c->top_industry, ri, sizeof ri);
        snprintf(buf, sizeof buf, "%s%s、%s%s", sd_text(t, "company.rank_industry"), ri, sd_text(t, "company.rank_all"),
                 ra);
    } else {
        snprintf(buf, sizeof buf, "%s%s", sd_text(t, "company.rank_all"), ra);
    }
    sd_pdf_fill_color(p->pdf, SD_MUTED);
    sd_pdf_text(p->pdf, SD_MARGIN_L + p->L->rank.x, p->y - p->L->rank.y, p->L->rank.size, buf);
    sd_pdf_fill_color(p->pdf, SD_INK);
    p->y += p->L->rank_pitch;
}

/* The member beside its industry, its prefecture and all members. */
static void sd_p1_comparison(sd_page1 *p)
{
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    const sd_company_view *c = p->c;
    char buf[512], key[8];
    p->y += L->section_gap;
    sd_report_heading(p->pdf, p->y, sd_text(t, "company.comparison"));
    p->y += L->heading_gap;
    snprintf(key, sizeof key, "%02d", c->prefecture);
    const sd_pub_group *gp = sd_pub_find(sd_published_table(p->pub, SD_BY_PREFECTURE), key);
    struct {
        const char *label;
        const sd_pub_group *g;
    } rows[] = {{sd_industry_by_letter(t, c->industry)->short_name, p->gi},
                {t->prefectures[c->prefecture - 1].name, gp},
                {sd_text(t, "company.all_members"), &p->pub->all}};
    snprintf(buf, sizeof buf, "%d点", c->total);
    sd_bar_row(p->pdf, &L->bars, p->y, sd_text(t, "company.you"), c->total, sd_max_total(t), buf, &SD_BAR_SELF);
    p->y += L->bars.pitch;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, p->y += L->bars.pitch) {
        if (rows[i].g && !rows[i].g->suppressed) {
            char mean[32];
            snprintf(buf, sizeof buf, "%s点（%d社）", sd_round_text(mean, sizeof mean, rows[i].g->mean, rows[i].g->n, 1),
                     rows[i].g->n);
            sd_bar_row(p->pdf, &L->bars, p->y, rows[i].label, rows[i].g->mean, sd_max_total(t), buf, &SD_BAR);
        } else {
            sd_bar_row(p->pdf, &L->bars, p->y, rows[i].label, 0, 1, sd_text(t, "company.suppressed"), NULL);
        }
    }
    sd_p1_rank(p);
}

/* The change since the last diagnosis, with the seminar attended
 * between on the same line (page 1 has no height to spare). */
static void sd_p1_change(sd_page1 *p)
{
    sd_pdf *pdf = p->pdf;
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    const sd_company_view *c = p->c;
    const float x0 = SD_MARGIN_L + L->change.x;
    char buf[512];
    p->y += L->section_gap;
    sd_report_heading(pdf, p->y, sd_text(t, "company.change"));
    p->y += L->change_gap;
    if (!c->has_prev) {
        sd_pdf_text(pdf, x0, p->y, L->change.size, sd_text(t, "company.change_first"));
        return;
    }
    char prev[32];
    sd_period_label(c->prev_period, prev);
    int d = c->total - c->prev_total;
    snprintf(buf, sizeof buf, "%s %d点 → %s %d点（%s%d点）", prev, c->prev_total, p->per, c->total,
             d > 0 ? "+" : d < 0 ? "▲" : "±", d < 0 ? -d : d);
    sd_pdf_text(pdf, x0, p->y, L->change.size, buf);
    if (c->seminar_on[0]) {
        char *line = sd_seminar_line(t, c);
        float x = x0 + sd_pdf_text_width(pdf, L->change.size, buf) + L->seminar_gap;
        sd_pdf_fill_color(pdf, SD_NAVY);
        sd_pdf_text_fit(pdf, x, p->y, SD_MARGIN_R - x, L->change.size, L->seminar_min, line);
        sd_pdf_fill_color(pdf, SD_INK);
        free(line);
    }
}

/* The SECURITY ACTION box's height for its sentence at width. */
static float sd_sa_box_height(sd_pdf *pdf, const sd_company_layout *L, const char *sa)
{
    int lines = sd_pdf_paragraph_lines(pdf, L->sa_text.w, L->sa_text.size, sa);
    float h = L->sa_base + L->sa_text.min * (float)(lines > 1 ? lines : 1);
    return h < L->sa_qr + L->sa_qr_pad ? L->sa_qr + L->sa_qr_pad : h;
}

/* SECURITY ACTION, with the way to IPA's page, in a box at box_y. */
static void sd_sa_box(sd_pdf *pdf, const sd_company_layout *L, const sd_templates *t, float box_y, float box_h,
                      const char *sa)
{
    sd_pdf_rect(pdf, SD_MARGIN_L, box_y, SD_CONTENT_W, box_h, &SD_PALE, NULL, 0);
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text(pdf, SD_MARGIN_L + L->sa_title.x, box_y + L->sa_title.y, L->sa_title.size,
                sd_text(t, "company.sa_title"));
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_paragraph(pdf, SD_MARGIN_L + L->sa_text.x, box_y + L->sa_text.y, L->sa_text.w, L->sa_text.size,
                     L->sa_text.min, sa);
    const float qr = L->sa_qr, frame = L->sa_qr_frame;
    float qx = SD_MARGIN_R - L->sa_qr_inset - qr;
    sd_pdf_rect(pdf, qx - frame, box_y + (L->sa_qr_top - frame), qr + 2 * frame, qr + 2 * frame, &(sd_rgb){1, 1, 1},
                NULL, 0);
    sd_pdf_qr(pdf, qx, box_y + L->sa_qr_top, qr, sd_text(t, "company.url_security_action"));
}

/* One item of "what to do next": its title, and its advice unless
 * titles_only; returns the height it took. */
static float sd_p1_item(sd_page1 *p, int q, bool titles_only, float advice_h)
{
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    int choice = p->c->answers[q];
    bool unknown = choice == SD_CHOICE_UNKNOWN;
    char buf[512];
    snprintf(buf, sizeof buf, "Q%d %s（%s）%s%s", q + 1, t->questions[q].label, t->choices[choice].label,
             unknown ? "　" : "", unknown ? sd_text(t, "company.unknown_check") : "");
    sd_pdf_fill_color(p->pdf, SD_NAVY);
    sd_cl_fit(p->pdf, &L->item, p->y, buf);
    sd_pdf_fill_color(p->pdf, SD_INK);
    if (titles_only)
        return L->title_pitch;
    sd_cl_paragraph(p->pdf, &L->advice, p->y + L->advice.y, t->questions[q].advice);
    return advice_h;
}

/* "What to do next", in the plan's order: its first nlist items, each
 * with its advice, as many as fit above the limit. The items the target
 * line names are never left out: one that no longer fits with its advice
 * keeps its title. Returns SD_OK, or SD_ERR_TEMPLATE with the template
 * texts that leave no room even for the heading in why. */
static sd_error sd_p1_next_steps(sd_page1 *p, char *why, size_t whylen)
{
    sd_pdf *pdf = p->pdf;
    const sd_company_layout *L = p->L;
    const sd_templates *t = p->t;
    const sd_plan *plan = &p->plan;
    p->y += L->steps_gap;
    if (p->y + L->steps_heading_gap + L->title_pitch > p->limit)
        return sd_fail(why, whylen, SD_ERR_TEMPLATE, "%s",
                       "report.ini の company.sa_* か company.lead_*、questionnaire.ini の [band] の meaning");
    sd_report_heading(pdf, p->y, sd_text(t, "company.next_steps"));
    p->y += L->steps_heading_gap;
    if (plan->norder == 0) {
        sd_pdf_text(pdf, SD_MARGIN_L + L->weak_none.x, p->y, L->weak_none.size, sd_text(t, "company.weak_none"));
        p->y += L->weak_none_pitch;
    }
    int named = plan->target_named ? plan->ntarget : 0;
    for (int i = 0; i < plan->nlist; i++) {
        int q = plan->order[i];
        int lines = sd_pdf_paragraph_lines(pdf, L->advice.w, L->advice.size, t->questions[q].advice);
        float h = L->advice.y + L->advice.min * (float)(lines > 0 ? lines : 1) + L->item_pad;
        bool with_advice = p->y + h <= p->limit;
        if (!with_advice && (i >= named || p->y + L->title_pitch > p->limit))
            break; /* as many as fit */
        p->y += sd_p1_item(p, q, !with_advice, h);
    }
    return SD_OK;
}

/* The SECURITY ACTION step's sentence, with the 5か条 items not done.
 * Owned: caller frees. */
static char *sd_sa_text(const sd_templates *t, const sd_plan *plan)
{
    char items[128];
    sd_items_text(plan->sa_items, plan->nsa_items, items, sizeof items);
    const char *names[] = {"items"};
    const char *values[] = {items};
    return sd_fill(sd_text(t, sd_sa_step_key(plan->sa)), 1, names, values);
}

/* Draws page 1 from its layout, the same walk in the collecting and the
 * drawing pass. Returns SD_OK, or SD_ERR_TEMPLATE with the template text
 * that makes the page overflow in why (then nothing may be drawn over
 * anything: the batch stops). */
static sd_error sd_company_page1(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, int file_pages,
                                 char *why, size_t whylen)
{
    sd_page1 p = {.pdf = pdf, .L = &sd_company_layout_a4, .pub = pub, .t = pub->t, .c = c};
    const sd_templates *t = pub->t;
    char key[8];
    sd_period_label(pub->period, p.per);
    snprintf(key, sizeof key, "%c", c->industry);
    p.gi = sd_pub_find(sd_published_table(pub, SD_BY_INDUSTRY), key);
    sd_company_plan(pub, c, &p.plan);

    sd_p1_head(&p);
    sd_p1_score(&p);
    sd_p1_parts(&p);
    sd_p1_comparison(&p);
    sd_p1_change(&p);

    /* the foot of the page: the desk and the QR codes; the SECURITY ACTION
     * box above it; "what to do next" takes what fits between */
    float bottom = sd_contact_strip(pdf, p.L, t);
    char *sa = sd_sa_text(t, &p.plan);
    float box_h = sd_sa_box_height(pdf, p.L, sa);
    float box_y = bottom - box_h;
    p.limit = box_y - p.L->sa_clear;
    sd_error rc = sd_p1_next_steps(&p, why, whylen);
    if (rc == SD_OK)
        sd_sa_box(pdf, p.L, t, box_y, box_h, sa);
    free(sa);
    if (rc)
        return rc;
    sd_company_footer(pdf, t, 1, file_pages);
    return SD_OK;
}

/* What of page 2 is drawn: the art every member's page 2 shares (the
 * columns' band and heads, stripes, numbers, questions, legend), the
 * member's own (name, answers, points, rates, part titles, footer), or
 * both. */
enum { SD_P2_ART = 1, SD_P2_OWN = 2, SD_P2_ALL = 3 };

/* One answer's row on page 2 at baseline y: number, item, answer,
 * points, and the industry's rate where published (the note that it is
 * not, on the part's first row). */
static void sd_p2_row(sd_pdf *pdf, const sd_templates *t, const sd_company_view *c, const sd_pub_question *qs,
                      int part, int q, float y, unsigned what)
{
    const sd_company_layout2 *L = &sd_company_layout_a4.p2;
    const float cx_no = SD_MARGIN_L + L->col_no, cx_item = SD_MARGIN_L + L->col_item,
                cx_ans = SD_MARGIN_L + L->col_answer, cx_pts = SD_MARGIN_L + L->col_points,
                cx_rate = SD_MARGIN_L + L->col_rate;
    char buf[256];
    if (what & SD_P2_ART) {
        if ((q % 2) == 0)
            sd_pdf_rect(pdf, SD_MARGIN_L, y - L->row_rise, SD_CONTENT_W, L->row_pitch, &L->stripe, NULL, 0);
        sd_pdf_text_right(pdf, cx_no + L->number_w, y, L->row_size, sd_int_text(buf, sizeof buf, q + 1));
        sd_pdf_text_fit(pdf, cx_item, y, cx_ans - cx_item - L->item_gap, L->row_size, L->row_min,
                        t->questions[q].label);
    }
    if (!(what & SD_P2_OWN))
        return;
    const sd_choice *ch = &t->choices[c->answers[q]];
    size_t nm = strlen(ch->mark), nl = strlen(ch->label); /* "%s %s", by the hundred */
    if (nm + 1 + nl < sizeof buf) {
        memcpy(buf, ch->mark, nm);
        buf[nm] = ' ';
        memcpy(buf + nm + 1, ch->label, nl + 1);
    } else
        snprintf(buf, sizeof buf, "%s %s", ch->mark, ch->label);
    if (c->answers[q] != SD_CHOICE_DONE)
        sd_pdf_fill_color(pdf, c->answers[q] == SD_CHOICE_PARTIAL ? SD_INK : SD_BAR_SELF);
    sd_pdf_text_fit(pdf, cx_ans, y, cx_pts - cx_ans - L->answer_gap, L->row_size, L->row_min, buf);
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_text_right(pdf, cx_pts + L->points_w, y, L->row_size, sd_int_text(buf, sizeof buf, ch->points));
    if (!qs[0].suppressed) {
        float bw = SD_MARGIN_R - cx_rate - L->rate_bar_right;
        sd_pdf_rect(pdf, cx_rate, y - L->rate_bar_rise, bw, L->rate_bar_h, &SD_TRACK, NULL, 0);
        if (qs[q].rate_bound.kind != SD_SHARE_EXACT) /* a small industry's 「8割以上」: words, no bar */
            sd_share_bound_text(qs[q].rate_bound, buf, sizeof buf);
        else {
            sd_pdf_rect(pdf, cx_rate, y - L->rate_bar_rise, bw * (float)qs[q].rate, L->rate_bar_h, &SD_BAR, NULL, 0);
            sd_percent_text(buf, sizeof buf - 1, qs[q].rate, qs[q].n, 0);
            strcat(buf, "%");
        }
        sd_pdf_text_right(pdf, SD_MARGIN_R, y, L->rate_size, buf);
    } else if (q == t->parts[part].first - 1) {
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_fit(pdf, cx_rate, y, SD_MARGIN_R - cx_rate, L->suppressed.size, L->suppressed.min,
                        sd_text(t, "company.suppressed"));
        sd_pdf_fill_color(pdf, SD_INK);
    }
}

/* Page 2 from the table's top y (below the member's name) on: the art,
 * the member's own, or both (what); both draw in the order of a page
 * drawn whole, and each sets the colours it draws in. */
static void sd_p2_table(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, float y,
                        unsigned what)
{
    const sd_company_layout2 *L = &sd_company_layout_a4.p2;
    const sd_templates *t = pub->t;
    const sd_pub_question *qs = c ? pub->q_industry[c->industry - 'A'] : NULL;
    char buf[1024];
    const float cx_no = SD_MARGIN_L + L->col_no, cx_item = SD_MARGIN_L + L->col_item,
                cx_ans = SD_MARGIN_L + L->col_answer, cx_pts = SD_MARGIN_L + L->col_points,
                cx_rate = SD_MARGIN_L + L->col_rate;
    if (what & SD_P2_ART) {
        sd_pdf_rect(pdf, SD_MARGIN_L, y - L->head_rise, SD_CONTENT_W, L->head_h, &SD_NAVY, NULL, 0);
        sd_pdf_fill_color(pdf, (sd_rgb){1, 1, 1});
        sd_pdf_text(pdf, cx_no, y, L->head_size, "No.");
        sd_pdf_text(pdf, cx_item, y, L->head_size, sd_text(t, "company.question"));
        sd_pdf_text(pdf, cx_ans, y, L->head_size, sd_text(t, "company.answer"));
        sd_pdf_text_right(pdf, cx_pts + L->points_w, y, L->head_size, sd_text(t, "company.points"));
    }
    if (what & SD_P2_OWN) {
        if (!(what & SD_P2_ART))
            sd_pdf_fill_color(pdf, (sd_rgb){1, 1, 1});
        const sd_industry *ind = sd_industry_by_letter(t, c->industry);
        snprintf(buf, sizeof buf, "%s（%s）", sd_text(t, "company.industry_rate"), ind->short_name);
        sd_pdf_text_fit(pdf, cx_rate, y, SD_MARGIN_R - cx_rate, L->head_size, L->head_min, buf);
    }
    sd_pdf_fill_color(pdf, SD_INK);
    y += L->head_after;
    for (int p = 0; p < t->nparts; p++) {
        y += p == 0 ? L->part_first : L->part_gap; /* clear of the shaded row above */
        if (what & SD_P2_OWN) {
            sd_pdf_fill_color(pdf, SD_NAVY);
            snprintf(buf, sizeof buf, "%s（%d〜%d）　%d / %d点", t->parts[p].name, t->parts[p].first,
                     t->parts[p].last, c->parts[p], t->parts[p].max_points);
            sd_pdf_text(pdf, SD_MARGIN_L, y, L->part_size, buf);
            sd_pdf_fill_color(pdf, SD_INK);
        }
        y += L->part_after;
        for (int q = t->parts[p].first - 1; q < t->parts[p].last; q++) {
            y += L->row_pitch;
            sd_p2_row(pdf, t, c, qs, p, q, y, what);
        }
    }
    if (what & SD_P2_ART) {
        y += L->legend_gap;
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_buf legend = {0};
        for (int i = 0; i < SD_NCHOICES; i++)
            sd_buf_printf(&legend, "%s%s %s（%d点）", i ? "　" : "", t->choices[i].mark, t->choices[i].label,
                          t->choices[i].points);
        sd_cl_fit(pdf, &L->legend, y, legend.data);
        sd_buf_free(&legend);
        sd_pdf_fill_color(pdf, SD_INK);
    }
}

typedef struct {
    const sd_published *pub;
    float y;
} sd_p2_art_data;

static void sd_p2_art(sd_pdf *pdf, void *data)
{
    const sd_p2_art_data *a = data;
    sd_p2_table(pdf, a->pub, NULL, a->y, SD_P2_ART);
}

/* Page 2: the member's 25 answers. In a file of many members (file_pages
 * > 0) the art they all share is one object, placed on each page. */
static void sd_company_page2(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, int file_pages)
{
    const sd_company_layout2 *L = &sd_company_layout_a4.p2;
    const sd_templates *t = pub->t;
    char buf[1024]; /* a name of 200 characters whole */

    sd_pdf_new_page(pdf);
    sd_report_heading(pdf, L->heading.y, sd_text(t, "company.answers"));
    sd_pdf_fill_color(pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s %s　%s", sd_text(t, "company.member_no"), c->member_no, c->name);
    /* on one line when it fits; else wrapped at the same size, never cut,
     * and the table moves down by the extra lines (the page has room) */
    const sd_cl_text *m = &L->member;
    float y = L->head_y;
    if (sd_pdf_text_width(pdf, m->size, buf) <= m->w) {
        sd_pdf_text(pdf, SD_MARGIN_L + m->x, m->y, m->size, buf);
    } else {
        int lines = sd_pdf_paragraph(pdf, SD_MARGIN_L + m->x, m->y, m->w, m->size, m->min, buf);
        y += m->min * (float)(lines > 1 ? lines - 1 : 0);
    }
    if (file_pages > 0) {
        /* one object per place the table starts at (a long name moves it) */
        char key[48];
        snprintf(key, sizeof key, "company.p2@%.3f", y);
        sd_p2_art_data art = {pub, y};
        sd_pdf_form(pdf, key, sd_p2_art, &art);
        sd_p2_table(pdf, pub, c, y, SD_P2_OWN);
    } else {
        sd_p2_table(pdf, pub, c, y, SD_P2_ALL);
    }
    sd_company_footer(pdf, t, 2, file_pages);
}

sd_error sd_company_pages(sd_pdf *pdf, const sd_published *pub, const sd_company_view *c, int file_pages, char *why,
                          size_t whylen)
{
    sd_error rc = sd_company_page1(pdf, pub, c, file_pages, why, whylen);
    if (rc)
        return rc;
    sd_company_page2(pdf, pub, c, file_pages);
    return SD_OK;
}

static sd_error sd_company_draw(sd_pdf *pdf, void *data)
{
    sd_company_doc *doc = data;
    return sd_company_pages(pdf, doc->pub, doc->c, 0, doc->why, sizeof doc->why);
}

sd_error sd_company_report_chars(const sd_published *pub, const sd_font *font, const sd_company_view *c,
                                 sd_cpset *chars)
{
    sd_company_doc doc = {pub, c, ""};
    sd_error rc = sd_pdf_collect(font, sd_company_draw, &doc, chars);
    /* a page the template texts overflow (the collecting pass measures as
     * the drawing pass does) adds nothing: writing that report refuses it
     * with the text to shorten named */
    return rc == SD_ERR_TEMPLATE ? SD_OK : rc;
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
