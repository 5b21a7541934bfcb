/* answer_sheet.c - personal paper answer sheets for a seminar's attendees
 * without an answer: two pages each (one sheet printed on both sides) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "render/kit.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "render/style.h"
#include "stats/aggregate.h"

/* The question table: number, question, then one box per choice. */
#define SD_AS_ROW 26.0f
#define SD_AS_PART 26.0f
#define SD_AS_BOTTOM 790.0f
#define SD_AS_CHOICE_W 58.0f
#define SD_AS_BOX 12.0f /* room for a hand-drawn ○ */
#define SD_AS_X_NO (SD_MARGIN_L + 18)
#define SD_AS_X_Q (SD_MARGIN_L + 26)
#define SD_AS_X_CHOICES (SD_MARGIN_R - SD_NCHOICES * SD_AS_CHOICE_W)
#define SD_AS_Q_W (SD_AS_X_CHOICES - 8 - SD_AS_X_Q)

typedef struct {
    const sd_kit *k;
    int file_pages;
    char why[256]; /* the template text that does not fit */
} sd_sheets_doc;

static void sd_as_footer(sd_pdf *pdf, const sd_templates *t, int page, int file_pages)
{
    char buf[64];
    sd_report_footer(pdf, t->org_name, page, 2, sd_text(t, "company.page"));
    snprintf(buf, sizeof buf, "%s %d / %d", sd_text(t, "seminar.file_page"),
             sd_pdf_page_number(pdf), file_pages);
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text_right(pdf, SD_MARGIN_R, 820, 8, buf);
    sd_pdf_fill_color(pdf, SD_INK);
}

/* The shaded head of the question table; returns the y below it. */
static float sd_as_table_head(sd_pdf *pdf, const sd_templates *t, float y)
{
    sd_pdf_rect(pdf, SD_MARGIN_L, y - 13, SD_CONTENT_W, 19, &SD_NAVY, NULL, 0);
    sd_pdf_fill_color(pdf, (sd_rgb){1, 1, 1});
    sd_pdf_text_right(pdf, SD_AS_X_NO, y, 8.5f, "No.");
    sd_pdf_text(pdf, SD_AS_X_Q, y, 8.5f, sd_text(t, "company.question"));
    for (int c = 0; c < SD_NCHOICES; c++)
        sd_pdf_text_center(pdf, SD_AS_X_CHOICES + SD_AS_CHOICE_W * ((float)c + 0.5f), y, 8.5f,
                           t->choices[c].short_label);
    sd_pdf_fill_color(pdf, SD_INK);
    return y + 8;
}

/* One part's heading and its questions from y (the row tops); returns the
 * y below them, or -1 with why set when a question's text does not fit
 * its two lines. */
static float sd_as_part(sd_pdf *pdf, const sd_templates *t, int p, float y, char *why, size_t whylen)
{
    char buf[256];
    const sd_part *part = &t->parts[p];
    sd_pdf_fill_color(pdf, SD_NAVY);
    snprintf(buf, sizeof buf, "%s（%d〜%d）　%d点満点", part->name, part->first, part->last,
             part->max_points);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, y + 17, SD_CONTENT_W, 9.5f, 6, buf);
    sd_pdf_fill_color(pdf, SD_INK);
    y += SD_AS_PART;
    for (int q = part->first - 1; q < part->last; q++, y += SD_AS_ROW) {
        if ((q - part->first + 1) % 2 == 0)
            sd_pdf_rect(pdf, SD_MARGIN_L, y, SD_CONTENT_W, SD_AS_ROW, &(sd_rgb){0.965f, 0.97f, 0.98f}, NULL,
                        0);
        const char *text = *t->questions[q].text ? t->questions[q].text : t->questions[q].label;
        float size = 8.5f;
        while (size > 6.5f && sd_pdf_paragraph_lines(pdf, SD_AS_Q_W, size, text) > 2)
            size -= 0.5f;
        int lines = sd_pdf_paragraph_lines(pdf, SD_AS_Q_W, size, text);
        if (lines > 2) {
            snprintf(why, whylen, "questionnaire.ini の [q.%d] の text", q + 1);
            return -1;
        }
        /* one line or two, the text sits in the middle of its row, level
         * with the boxes, and the number beside its first line */
        float leading = size + 2.5f;
        float first = y + (SD_AS_ROW - leading * (float)(lines < 1 ? 1 : lines)) / 2 + size * 0.9f;
        snprintf(buf, sizeof buf, "%d", q + 1);
        sd_pdf_text_right(pdf, SD_AS_X_NO, first, 9, buf);
        sd_pdf_paragraph(pdf, SD_AS_X_Q, first, SD_AS_Q_W, size, leading, text);
        for (int c = 0; c < SD_NCHOICES; c++) {
            float bx = SD_AS_X_CHOICES + SD_AS_CHOICE_W * ((float)c + 0.5f) - SD_AS_BOX / 2;
            sd_pdf_rect(pdf, bx, y + (SD_AS_ROW - SD_AS_BOX) / 2, SD_AS_BOX, SD_AS_BOX, &(sd_rgb){1, 1, 1},
                        &SD_INK, 0.7f);
        }
    }
    return y;
}

/* The height of a part in the table. */
static float sd_as_part_height(const sd_templates *t, int p)
{
    return SD_AS_PART + SD_AS_ROW * (float)(t->parts[p].last - t->parts[p].first + 1);
}

/* A detail of the member: its label, then the value, or a line to write
 * on when shindan does not know it. */
static void sd_as_detail(sd_pdf *pdf, float x, float y, float w, const char *label, const char *value)
{
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text(pdf, x, y, 8.5f, label);
    sd_pdf_fill_color(pdf, SD_INK);
    float lw = 44;
    if (value && *value)
        sd_pdf_text_fit(pdf, x + lw, y, w - lw, 10.5f, 6, value);
    else
        sd_pdf_line(pdf, x + lw, y + 3, x + w - 6, y + 3, SD_MUTED, 0.6f, false);
}

/* "20人", or the size band's label when only that is known. */
static void sd_as_employees(const sd_templates *t, const sd_attendee_row *r, char *out, size_t len)
{
    const sd_size_band *b = sd_size_band_by_id(t, r->size_band);
    if (!r->company_id)
        out[0] = '\0';
    else if (r->employees >= 0)
        snprintf(out, len, "%d人", r->employees);
    else
        snprintf(out, len, "%s", b ? b->label : "");
}

/* Page 1: the member, the details, SECURITY ACTION, and the parts that
 * fit; returns the first part left for page 2 (nparts when none), or -1. */
static int sd_as_page1(sd_pdf *pdf, const sd_kit *k, const sd_attendee_row *r, int file_pages, char *why,
                       size_t whylen)
{
    const sd_templates *t = k->t;
    char buf[640], day[32];
    sd_pdf_new_page(pdf);
    sd_pdf_fill_color(pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s %s", t->org_name, t->org_department);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 40, SD_CONTENT_W - 120, 9, 6, buf);
    sd_pdf_text_right(pdf, SD_MARGIN_R, 40, 9, sd_text(t, "seminar.sheet"));
    sd_pdf_fill_color(pdf, SD_NAVY);
    snprintf(buf, sizeof buf, "%s %s", t->title, sd_text(t, "seminar.sheet"));
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 66, SD_CONTENT_W, 16, 9, buf);
    sd_pdf_line(pdf, SD_MARGIN_L, 76, SD_MARGIN_R, 76, SD_NAVY, 1.2f, false);
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_date_label(k->seminar->held_on, day);
    snprintf(buf, sizeof buf, "%s　%s", day, k->seminar->title);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 93, SD_CONTENT_W, 9, 6, buf);
    sd_pdf_fill_color(pdf, SD_INK);

    /* the member, as shindan knows it */
    sd_pdf_rect(pdf, SD_MARGIN_L, 102, SD_CONTENT_W, 88, NULL, &SD_RULE, 0.8f);
    const char *name = r->name && *r->name ? r->name : r->raw_name;
    sd_as_detail(pdf, SD_MARGIN_L + 10, 122, 200, sd_text(t, "company.member_no"), r->member_no);
    sd_as_detail(pdf, SD_MARGIN_L + 10, 144, SD_CONTENT_W - 20,
                 sd_text(t, "seminar.name"), name);
    const sd_industry *ind = r->company_id ? sd_industry_by_letter(t, r->industry) : NULL;
    char place[256] = "", emp[64];
    if (r->company_id && r->prefecture >= 1 && r->prefecture <= SD_NPREFECTURES)
        snprintf(place, sizeof place, "%s%s", t->prefectures[r->prefecture - 1].name,
                 r->municipality ? r->municipality : "");
    sd_as_employees(t, r, emp, sizeof emp);
    sd_as_detail(pdf, SD_MARGIN_L + 10, 166, 150, sd_text(t, "company.industry"), ind ? ind->name : NULL);
    sd_as_detail(pdf, SD_MARGIN_L + 166, 166, 190, sd_text(t, "company.region"), place);
    sd_as_detail(pdf, SD_MARGIN_L + 362, 166, SD_CONTENT_W - 372,
                 sd_text(t, "seminar.employees"), emp);
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, 183, SD_CONTENT_W - 20, 8, 5.5f,
                    r->company_id ? sd_text(t, "seminar.sheet_details")
                                  : sd_text(t, "seminar.sheet_details_new"));
    sd_pdf_fill_color(pdf, SD_INK);

    /* the day and SECURITY ACTION, to be filled in */
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text(pdf, SD_MARGIN_L + 10, 210, 8.5f, sd_text(t, "seminar.answered_on"));
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_text(pdf, SD_MARGIN_L + 54, 210, 10,
                sd_text(t, "seminar.date_blank"));
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text(pdf, SD_MARGIN_L + 190, 210, 8.5f, "SECURITY ACTION");
    sd_pdf_fill_color(pdf, SD_INK);
    const char *sa[3] = {sd_text(t, "seminar.sa_none"),
                         sd_text(t, "seminar.sa_one"),
                         sd_text(t, "seminar.sa_two")};
    /* each box right before its own word, and a clear gap before the
     * next box, so that a ○ cannot be read as the neighbour's */
    float bx = SD_MARGIN_L + 190 + sd_pdf_text_width(pdf, 8.5f, "SECURITY ACTION") + 10, w[3], words = 0;
    for (int i = 0; i < 3; i++)
        words += w[i] = sd_pdf_text_width(pdf, 8.5f, sa[i]);
    float gap = (SD_MARGIN_R - bx - 3 * 14 - words) / 2;
    if (gap > 18)
        gap = 18;
    for (int i = 0; i < 3; i++) {
        if (gap < 8) /* long words from report.ini: each gets its share */
            w[i] = (SD_MARGIN_R - bx - 3 * 14 - 2 * 8) / 3, gap = 8;
        sd_pdf_rect(pdf, bx, 200, 11, 11, &(sd_rgb){1, 1, 1}, &SD_INK, 0.7f);
        sd_pdf_text_fit(pdf, bx + 14, 210, w[i], 8.5f, 5.5f, sa[i]);
        bx += 14 + w[i] + gap;
    }
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 234, SD_CONTENT_W, 9.5f, 6,
                    sd_text(t, "seminar.sheet_how"));

    float y = sd_as_table_head(pdf, t, 258);
    int p = 0;
    for (; p < t->nparts && y + sd_as_part_height(t, p) <= SD_AS_BOTTOM; p++)
        if ((y = sd_as_part(pdf, t, p, y, why, whylen)) < 0)
            return -1;
    sd_as_footer(pdf, t, 1, file_pages);
    return p;
}

/* Page 2: the parts left, how points count, where to hand the sheet in.
 * Returns false with why set when it does not fit. */
static bool sd_as_page2(sd_pdf *pdf, const sd_kit *k, const sd_attendee_row *r, int from_part, int file_pages,
                        char *why, size_t whylen)
{
    const sd_templates *t = k->t;
    char buf[640];
    sd_pdf_new_page(pdf);
    sd_pdf_fill_color(pdf, SD_MUTED);
    const char *name = r->name && *r->name ? r->name : r->raw_name;
    snprintf(buf, sizeof buf, "%s %s　%s", sd_text(t, "company.member_no"), r->member_no ? r->member_no : "",
             name);
    sd_pdf_text_fit(pdf, SD_MARGIN_L, 40, SD_CONTENT_W - 120, 9, 6, buf);
    sd_pdf_text_right(pdf, SD_MARGIN_R, 40, 9, sd_text(t, "seminar.sheet"));
    sd_pdf_fill_color(pdf, SD_INK);
    float y = 64;
    if (from_part < t->nparts) {
        y = sd_as_table_head(pdf, t, 70);
        for (int p = from_part; p < t->nparts; p++) {
            if (!sd_pdf_collecting(pdf) && y + sd_as_part_height(t, p) > SD_AS_BOTTOM) {
                snprintf(why, whylen, "questionnaire.ini の設問（1 人 2 ページに収まりません）");
                return false;
            }
            if ((y = sd_as_part(pdf, t, p, y, why, whylen)) < 0)
                return false;
        }
        y += 24;
    }

    /* how points count */
    sd_report_heading(pdf, y + 12, sd_text(t, "seminar.points_title"));
    y += 32;
    sd_buf b = {0};
    for (int c = 0; c < SD_NCHOICES; c++)
        sd_buf_printf(&b, "%s%s %d点", c ? "、" : "", t->choices[c].label, t->choices[c].points);
    sd_buf_printf(&b, "。%d項目の合計が総合点です（%d〜%d点）。", t->nquestions, sd_min_total(t),
                  sd_max_total(t));
    for (int i = 0; i < t->nbands; i++) {
        char band[96];
        sd_band_name(t, i, band, sizeof band);
        sd_buf_printf(&b, "%s%s", i ? "、" : "判定：", band);
    }
    sd_buf_printf(
        &b, "。%s",
        sd_text(t, "seminar.points_five"));
    y += 14.0f * (float)sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9.5f, 14, b.data);
    sd_buf_free(&b);
    y += 8;
    sd_pdf_rect(pdf, SD_MARGIN_L + 10, y, 220, 30, NULL, &SD_RULE, 0.8f);
    sd_pdf_fill_color(pdf, SD_MUTED);
    sd_pdf_text(pdf, SD_MARGIN_L + 20, y + 19, 9,
                sd_text(t, "seminar.points_total"));
    sd_pdf_fill_color(pdf, SD_INK);
    sd_pdf_text_right(pdf, SD_MARGIN_L + 222, y + 19, 10, "点");
    y += 60;

    /* where to hand it in */
    sd_report_heading(pdf, y, sd_text(t, "seminar.hand_in_title"));
    y += 22;
    snprintf(buf, sizeof buf, "%s %s%s%s", t->org_name, t->org_department, *t->org_desk ? "　" : "",
             t->org_desk);
    sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 11, 6, buf);
    y += 18;
    if (*t->org_phone || *t->org_email) {
        snprintf(buf, sizeof buf, "%s%s%s%s", *t->org_phone ? "TEL " : "", t->org_phone,
                 *t->org_phone && *t->org_email ? "　" : "", t->org_email);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 10.5f, 6, buf);
        y += 18;
    }
    const char *names[] = {"org"};
    const char *values[] = {t->org_name};
    char *how = sd_fill(sd_text(t, "seminar.hand_in"),
                        1, names, values);
    y += 14.0f * (float)sd_pdf_paragraph(pdf, SD_MARGIN_L + 10, y, SD_CONTENT_W - 10, 9.5f, 14, how);
    free(how);
    if (!sd_pdf_collecting(pdf) && y > SD_AS_BOTTOM) {
        snprintf(why, whylen, "report.ini の seminar.* の文章");
        return false;
    }
    sd_as_footer(pdf, t, 2, file_pages);
    return true;
}

static sd_error sd_sheets_draw(sd_pdf *pdf, void *data)
{
    sd_sheets_doc *doc = data;
    const sd_kit *k = doc->k;
    int people = 0;
    for (size_t i = 0; i < k->nrows; i++) {
        const sd_attendee_row *r = &k->rows[i];
        if (!sd_kit_wants_sheet(k, r))
            continue;
        people++;
        int next = sd_as_page1(pdf, k, r, doc->file_pages, doc->why, sizeof doc->why);
        if (next < 0 || !sd_as_page2(pdf, k, r, next, doc->file_pages, doc->why, sizeof doc->why))
            return SD_ERR_TEMPLATE;
    }
    if (people == 0) {
        const sd_templates *t = k->t;
        sd_pdf_new_page(pdf);
        sd_pdf_fill_color(pdf, SD_NAVY);
        sd_pdf_text_fit(pdf, SD_MARGIN_L, 66, SD_CONTENT_W, 16, 9, k->seminar->title);
        sd_pdf_fill_color(pdf, SD_INK);
        sd_pdf_paragraph(
            pdf, SD_MARGIN_L, 100, SD_CONTENT_W, 10.5f, 16,
            sd_text(t, "seminar.sheet_nobody"));
        sd_report_footer(pdf, t->org_name, 1, 1, sd_text(t, "company.page"));
    }
    return SD_OK;
}

sd_error sd_answer_sheets_write(const sd_kit *k, const sd_font *font, const char *path, char *err,
                                size_t errlen)
{
    sd_sheets_doc doc = {.k = k};
    for (size_t i = 0; i < k->nrows; i++)
        doc.file_pages += 2 * sd_kit_wants_sheet(k, &k->rows[i]);
    char *title = sd_xasprintf("%s %s", k->t->title, sd_text(k->t, "seminar.sheet"));
    char *subject = sd_xasprintf("%s %s", k->seminar->held_on, k->seminar->title);
    sd_pdf_info info = {title, k->t->org_name, subject};
    sd_error rc = sd_pdf_render(font, &info, sd_sheets_draw, &doc, path, 0600, err, errlen);
    if (rc == SD_ERR_TEMPLATE && doc.why[0])
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE,
                     "回答用紙に収まりません。文章が長すぎます: %s を短くしてください", doc.why);
    free(title);
    free(subject);
    return rc;
}
