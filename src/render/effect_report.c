/* effect_report.c - effect.pdf: what changed after a seminar, for those
 * who attended beside those who did not (published figures only) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/kit.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "render/style.h"
#include "rules/round.h"

typedef struct {
    const sd_templates *t;
    const sd_seminar *s;
    const sd_effect *e;
    char why[128];
} sd_effect_doc;

/* +5.2点, ▲1.3点 (decreases as the accounting convention writes them),
 * a mean of n whole-number changes rounded by the one rule. */
static void sd_change_text(double v, int n, char *out, size_t len)
{
    long long u = sd_round_units(v, n, 1);
    char num[32];
    sd_round_text(num, sizeof num, fabs(v), n, 1);
    snprintf(out, len, "%s%s点", u > 0 ? "+" : u < 0 ? "▲" : "±", num);
}

/* A share of n members, as a percentage at a tenth. */
static void sd_share_text(double v, int n, char *out, size_t len)
{
    char num[32];
    snprintf(out, len, "%s%%", sd_percent_text(num, sizeof num, v, n, 1));
}

/* One row of the table: its label and each group's cell (a dash when the
 * group is suppressed). */
static void sd_effect_row(sd_pdf *pdf, float y, bool shade, const char *label, const sd_effect_group *g[2],
                          const char *const cells[2])
{
    const float c1 = SD_MARGIN_L + 330, c2 = SD_MARGIN_R;
    if (shade)
        sd_pdf_rect(pdf, SD_MARGIN_L, y - 14, SD_CONTENT_W, 21, &(sd_rgb){0.965f, 0.97f, 0.98f}, NULL, 0);
    sd_pdf_text_fit(pdf, SD_MARGIN_L + 8, y, 220, 10, 6, label);
    const float right[2] = {c1, c2};
    for (int i = 0; i < 2; i++) {
        if (g[i]->suppressed) {
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text_right(pdf, right[i] - 8, y, 10, "—");
            sd_pdf_fill_color(pdf, SD_INK);
        } else {
            sd_pdf_text_right(pdf, right[i] - 8, y, 10, cells[i]);
        }
    }
}

/* The mean change of the total as two bars from a zero line. */
static float sd_effect_chart(sd_pdf *pdf, const sd_templates *t, float y, const sd_effect *e,
                             const char *labels[2])
{
    const sd_effect_group *g[2] = {&e->attended, &e->others};
    double scale = 5;
    for (int i = 0; i < 2; i++)
        if (!g[i]->suppressed && fabs(g[i]->mean_change) > scale)
            scale = fabs(g[i]->mean_change);
    const float zero = SD_MARGIN_L + 150 + 150, half = 140;
    sd_report_heading(pdf, y, sd_text(t, "seminar.effect_chart"));
    y += 26;
    for (int i = 0; i < 2; i++, y += 24) {
        char buf[32];
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, 140, 10, 6, labels[i]);
        sd_pdf_rect(pdf, zero - half, y - 10, 2 * half, 13, &SD_TRACK, NULL, 0);
        if (g[i]->suppressed) {
            sd_pdf_fill_color(pdf, SD_MUTED);
            sd_pdf_text_right(pdf, SD_MARGIN_R, y, 9.5f, "—");
            sd_pdf_fill_color(pdf, SD_INK);
            continue;
        }
        float w = (float)(half * fabs(g[i]->mean_change) / scale);
        sd_pdf_rect(pdf, g[i]->mean_change < 0 ? zero - w : zero, y - 10, w, 13,
                    i == 0 ? &SD_BAR_SELF : &SD_BAR, NULL, 0);
        sd_change_text(g[i]->mean_change, g[i]->n, buf, sizeof buf);
        sd_pdf_text_right(pdf, SD_MARGIN_R, y, 10, buf);
    }
    sd_pdf_line(pdf, zero, y - 2 * 24 - 14, zero, y - 24 + 6, SD_INK, 0.8f, false);
    return y;
}

/* The page's top: the organisation, the seminar, its day and place and
 * the counts of its list. */
static void sd_effect_head(sd_pdf *pdf, const sd_templates *t, const sd_seminar *s)
{
    char buf[768], day[32];
    sd_pdf_new_page(pdf);
    sd_pdf_fill_color(pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s %s", t->org_name, t->org_department);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 40, SD_CONTENT_W - 120, 9, 6, buf);
    sd_pdf_text_right(pdf, SD_MARGIN_R, 40, 9, sd_text(t, "seminar.effect_title"));
    sd_pdf_fill_color(pdf, SD_NAVY);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 70, SD_CONTENT_W, 18, 9, s->title);
    sd_pdf_line(pdf, SD_MARGIN_L, 80, SD_MARGIN_R, 80, SD_NAVY, 1.2f, false);
    sd_pdf_fill_color(pdf, SD_INK);
    sd_date_label(s->held_on, day);
    snprintf(buf, sizeof buf, "%s　%s%s%s%s", sd_text(t, "seminar.date"), day,
             s->place ? "　" : "", s->place ? sd_text(t, "seminar.place") : "",
             s->place ? s->place : "");
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 102, SD_CONTENT_W, 10.5f, 6, buf);
    sd_pdf_fill_color(pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s %zu 行：%s %zu（%s %zu）、%s %zu",
             sd_text(t, "seminar.list"), s->listed,
             sd_text(t, "seminar.effect_matched"), s->matched + s->new_members,
             sd_text(t, "seminar.new_member"), s->new_members,
             sd_text(t, "seminar.count_unmatched"), s->unmatched);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 120, SD_CONTENT_W, 9, 6, buf);
    sd_pdf_fill_color(pdf, SD_INK);
}

/* How the answers are compared, and the months compared when there are
 * any. Returns the y below. */
static float sd_effect_method(sd_pdf *pdf, const sd_templates *t, const sd_effect *e, float y)
{
    char buf[768], from[32], to[32];
    sd_report_heading(pdf, y, sd_text(t, "seminar.effect_method_title"));
    y += 22;
    if (e->first_before[0]) {
        sd_period_label(e->first_before, from);
        sd_period_label(e->last_after, to);
    } else {
        from[0] = to[0] = '\0';
    }
    const char *names[] = {"from", "to"};
    const char *values[] = {from, to};
    char *method = sd_fill(
        sd_text(t, "seminar.effect_method"),
        2, names, values);
    y += 14.5f * (float)sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9.5f, 14.5f, method);
    free(method);
    if (e->compared > 0) {
        snprintf(buf, sizeof buf, "%s：%s〜%s", sd_text(t, "seminar.effect_months"),
                 from, to);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9, 6, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        y += 14;
    }
    y += 16;
    return y;
}

/* The table of both groups' figures, a dash for a suppressed group.
 * Returns the y below. */
static float sd_effect_table(sd_pdf *pdf, const sd_templates *t, const sd_effect *e, const char *labels[2],
                             float y)
{
    const sd_effect_group *g[2] = {&e->attended, &e->others};
    sd_report_heading(pdf, y, sd_text(t, "seminar.effect_table"));
    y += 24;
    sd_pdf_rect(pdf, SD_MARGIN_L, y - 14, SD_CONTENT_W, 21, &SD_NAVY, NULL, 0);
    sd_pdf_fill_color(pdf, (sd_rgb){1, 1, 1});
    sd_pdf_text(pdf, SD_MARGIN_L + 8, y, 9.5f, sd_text(t, "company.question"));
    sd_pdf_text_right(pdf, SD_MARGIN_L + 322, y, 9.5f, labels[0]);
    sd_pdf_text_right(pdf, SD_MARGIN_R - 8, y, 9.5f, labels[1]);
    sd_pdf_fill_color(pdf, SD_INK);
    y += 24;
    int row = 0;
    char a[96], b[96];
    const char *cells[2] = {a, b};
#define SD_ROW(label)                                                                                        \
    do {                                                                                                     \
        sd_effect_row(pdf, y, row++ % 2 == 1, (label), g, cells);                                            \
        y += 21;                                                                                             \
    } while (0)
    snprintf(a, sizeof a, "%d社", g[0]->n);
    snprintf(b, sizeof b, "%d社", g[1]->n);
    SD_ROW(sd_text(t, "seminar.effect_n"));
    sd_change_text(g[0]->mean_change, g[0]->n, a, sizeof a);
    sd_change_text(g[1]->mean_change, g[1]->n, b, sizeof b);
    SD_ROW(sd_text(t, "seminar.effect_total"));
    for (int p = 0; p < t->nparts; p++) {
        char label[192];
        snprintf(label, sizeof label, "%s（%d〜%d）%s", t->parts[p].name, t->parts[p].first, t->parts[p].last,
                 sd_text(t, "seminar.effect_part"));
        sd_change_text(g[0]->part_change[p], g[0]->n, a, sizeof a);
        sd_change_text(g[1]->part_change[p], g[1]->n, b, sizeof b);
        SD_ROW(label);
    }
    sd_share_text(g[0]->improved_share, g[0]->n, a, sizeof a);
    sd_share_text(g[1]->improved_share, g[1]->n, b, sizeof b);
    SD_ROW(sd_text(t, "seminar.effect_improved"));
    char x[32], z[32];
    sd_share_text(g[0]->ready_before, g[0]->n, x, sizeof x);
    sd_share_text(g[0]->ready_after, g[0]->n, z, sizeof z);
    snprintf(a, sizeof a, "%s → %s", x, z);
    sd_share_text(g[1]->ready_before, g[1]->n, x, sizeof x);
    sd_share_text(g[1]->ready_after, g[1]->n, z, sizeof z);
    snprintf(b, sizeof b, "%s → %s", x, z);
    SD_ROW(sd_text(t, "seminar.effect_ready"));
    sd_share_text(g[0]->reached_share, g[0]->n, a, sizeof a);
    sd_share_text(g[1]->reached_share, g[1]->n, b, sizeof b);
    SD_ROW(sd_text(t, "seminar.effect_reached"));
#undef SD_ROW
    return y;
}

/* Why the figures are not shown, when they are not. Returns the y below. */
static float sd_effect_note(sd_pdf *pdf, const sd_templates *t, const sd_effect *e, float y)
{
    if (e->rule != SD_EFFECT_SHOWN) {
        char k[16], other[32];
        snprintf(k, sizeof k, "%d", t->min_group);
        snprintf(other, sizeof other, "%lld", e->near_seminar);
        const char *kn[] = {"k", "seminar"};
        const char *kv[] = {k, other};
        char *note = sd_fill(
            e->rule == SD_EFFECT_SMALL
                ? sd_text(t, "seminar.effect_small")
                : sd_text(t, "seminar.effect_near"),
            2, kn, kv);
        sd_pdf_fill_color(pdf, SD_BAR_SELF);
        y += 14.5f * (float)sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9.5f, 14.5f, note);
        sd_pdf_fill_color(pdf, SD_INK);
        free(note);
        y += 10;
    }
    return y;
}

/* The attendees the table leaves out and why: no answer before the
 * seminar, or none after it yet. Their counts only beside a published
 * attendees' group (with the list's count they would give a hidden n).
 * Returns the y below. */
static float sd_effect_uncompared(sd_pdf *pdf, const sd_templates *t, const sd_effect *e, float y)
{
    char *text = NULL;
    if (e->attended.suppressed) {
        text = sd_xstrdup(sd_text(t, "seminar.effect_uncompared_hidden"));
    } else if (e->attended_no_before + e->attended_no_after == 0) {
        text = sd_xstrdup(sd_text(t, "seminar.effect_uncompared_none"));
    } else {
        const char *nn[] = {"n"};
        char nb[24], na[24];
        snprintf(nb, sizeof nb, "%zu", e->attended_no_before);
        snprintf(na, sizeof na, "%zu", e->attended_no_after);
        const char *vb[] = {nb}, *va[] = {na};
        char *before = e->attended_no_before ? sd_fill(sd_text(t, "seminar.effect_no_before"), 1, nn, vb) : NULL;
        char *after = e->attended_no_after ? sd_fill(sd_text(t, "seminar.effect_no_after"), 1, nn, va) : NULL;
        char *who = before && after ? sd_xasprintf("%s%s%s", before, sd_text(t, "seminar.effect_and"), after)
                                    : sd_xstrdup(before ? before : after);
        const char *wn[] = {"who"};
        const char *wv[] = {who};
        text = sd_fill(sd_text(t, "seminar.effect_uncompared"), 1, wn, wv);
        free(before);
        free(after);
        free(who);
    }
    sd_pdf_fill_color(pdf, SD_MUTED);
    y += 14.5f * (float)sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9.5f, 14.5f, text);
    sd_pdf_fill_color(pdf, SD_INK);
    free(text);
    return y + 6;
}

/* How to read the difference: who attended chose to, so the two groups
 * may differ from the start. Returns the y below. */
static float sd_effect_caveat(sd_pdf *pdf, const sd_templates *t, float y)
{
    sd_report_heading(pdf, y, sd_text(t, "seminar.effect_caveat_title"));
    y += 22;
    y += 14.5f * (float)sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9.5f, 14.5f,
                                         sd_text(t, "seminar.effect_self_selected"));
    return y;
}

static sd_error sd_effect_draw(sd_pdf *pdf, void *data)
{
    sd_effect_doc *doc = data;
    const sd_templates *t = doc->t;
    const sd_effect *e = doc->e;
    sd_effect_head(pdf, t, doc->s);
    float y = sd_effect_method(pdf, t, e, 150);

    if (e->compared == 0) {
        sd_pdf_fill_color(pdf, SD_NAVY);
        sd_pdf_paragraph(
            pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 11, 17,
            sd_text(t, "seminar.effect_none"));
        sd_pdf_fill_color(pdf, SD_INK);
        sd_report_footer(pdf, t->org_name, 1, 1, sd_text(t, "company.page"));
        return SD_OK;
    }

    const char *labels[2] = {sd_text(t, "seminar.attended"),
                             sd_text(t, "seminar.not_attended")};
    y = sd_effect_table(pdf, t, e, labels, y);
    y += 10;
    y = sd_effect_uncompared(pdf, t, e, y);
    y = sd_effect_note(pdf, t, e, y);
    y += 20;
    y = sd_effect_chart(pdf, t, y, e, labels);
    y += 30;
    y = sd_effect_caveat(pdf, t, y);
    if (!sd_pdf_collecting(pdf) && y > 790) {
        snprintf(doc->why, sizeof doc->why, "report.ini の seminar.effect_* の文章");
        return SD_ERR_TEMPLATE;
    }
    sd_report_footer(pdf, t->org_name, 1, 1, sd_text(t, "company.page"));
    return SD_OK;
}

sd_error sd_effect_report_write(const sd_templates *t, const sd_seminar *s, const sd_effect *e,
                                const sd_font *font, const char *path, char *err, size_t errlen)
{
    sd_effect_doc doc = {t, s, e, ""};
    char *title =
        sd_xasprintf("%s %s", sd_text(t, "seminar.effect_title"), s->title);
    char *subject = sd_xasprintf("%s %s", s->held_on, s->title);
    sd_pdf_info info = {title, t->org_name, subject};
    sd_error rc = sd_pdf_render(font, &info, sd_effect_draw, &doc, path, 0644, err, errlen);
    if (rc == SD_ERR_TEMPLATE && doc.why[0])
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE,
                     "effect.pdf に収まりません。文章が長すぎます: %s を短くしてください", doc.why);
    free(title);
    free(subject);
    return rc;
}
