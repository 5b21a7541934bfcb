/* handout.c - a seminar's handout: a cover with the seminar's lists, then
 * every attendee's report in the list's order, ready for duplex printing */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "render/kit.h"
#include "render/pdf.h"
#include "render/reports.h"
#include "render/style.h"

/* 2026年10月20日（火） */
static void sd_date_weekday(const char *date, char out[48])
{
    static const char *const days[] = {"日", "月", "火", "水", "木", "金", "土"};
    char label[32];
    sd_date_label(date, label);
    struct tm tm = {0};
    if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
        snprintf(out, 48, "%s", label);
        return;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t when = timegm(&tm);
    struct tm back;
    gmtime_r(&when, &back);
    snprintf(out, 48, "%s（%s）", label, days[back.tm_wday]);
}

bool sd_kit_wants_sheet(const sd_kit *k, const sd_attendee_row *r)
{
    bool member = strcmp(r->status, "unmatched") != 0;
    return member && (k->all || !r->answered);
}

/* ---- the cover ----
 *
 * The cover's pages are counted before anything is drawn (the footers
 * give the cover's and the whole file's page count; the lists give the
 * page each report starts on). Its layout is measured with the font's own
 * widths (a measuring document, sd_pdf_measurer_new) in the count and in
 * both drawing passes alike, so a name wrapped on two lines takes the
 * same room every time.
 *
 * One numbering: every line of the list is named by its row in the
 * list's file ("12 行目"), as seminar add names it; a report by the
 * file's page it starts on, as the footers count them ("通し 5"). */

#define SD_COVER_BOTTOM 790.0f
#define SD_COVER_LINE 14.5f    /* from one entry to the next */
#define SD_COVER_LEADING 12.5f /* a wrapped line to the next */
#define SD_COVER_TEXT 9.0f     /* names and reasons: never smaller */
#define SD_COVER_HEAD 30.0f
#define SD_COVER_COLS_GAP 16.0f
#define SD_COVER_NAME_X 96.0f  /* an entry's name, from its left */
#define SD_COVER_TAIL_W 62.0f  /* the room of what follows the name */

typedef struct {
    sd_pdf *pdf; /* NULL: count the pages only */
    sd_pdf *m;   /* measures the layout, in every pass */
    const sd_kit *k;
    float y;
    int pages;       /* cover pages begun */
    int cover_pages; /* for the footers (known when drawing) */
    int file_pages;
    int first_report; /* the file's page of the first report */
} sd_cover;

static void sd_cover_footer(sd_cover *c)
{
    if (!c->pdf || c->pages == 0)
        return;
    const sd_templates *t = c->k->t;
    char buf[64];
    sd_report_footer(c->pdf, t->org_name, c->pages, c->cover_pages, sd_text(t, "company.page"));
    snprintf(buf, sizeof buf, "%s %d / %d", sd_text(t, "seminar.file_page"),
             sd_pdf_page_number(c->pdf), c->file_pages);
    sd_pdf_fill_color(c->pdf, SD_MUTED);
    sd_pdf_text_right(c->pdf, SD_MARGIN_R, 820, 8, buf);
    sd_pdf_fill_color(c->pdf, SD_INK);
}

/* Ends the page (its footer) and starts the next cover page. */
static void sd_cover_next_page(sd_cover *c)
{
    sd_cover_footer(c);
    c->pages++;
    c->y = 64;
    if (!c->pdf)
        return;
    const sd_templates *t = c->k->t;
    char buf[512];
    sd_pdf_new_page(c->pdf);
    sd_pdf_fill_color(c->pdf, SD_MUTED);
    snprintf(buf, sizeof buf, "%s（%s）", c->k->seminar->title,
             sd_text(t, "seminar.cover_more"));
    sd_pdf_text_fit(c->pdf, SD_MARGIN_L, 40, SD_CONTENT_W, 9, 6, buf);
    sd_pdf_fill_color(c->pdf, SD_INK);
}

/* Room for h more points on the page, else a new page. */
static void sd_cover_need(sd_cover *c, float h)
{
    if (c->y + h > SD_COVER_BOTTOM)
        sd_cover_next_page(c);
}

/* A list's heading, kept on the page with its first entry (first_h high). */
static void sd_cover_heading(sd_cover *c, const char *title, size_t count, bool more, float first_h)
{
    sd_cover_need(c, SD_COVER_HEAD + first_h);
    if (c->pdf) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s（%zu）%s", title, count,
                 more ? sd_text(c->k->t, "seminar.continued") : "");
        sd_report_heading(c->pdf, c->y + 12, buf);
    }
    c->y += SD_COVER_HEAD;
}

/* The name an entry shows: the member's, else the list's, else a dash. */
static const char *sd_entry_name(const sd_attendee_row *r)
{
    const char *name = r->name && *r->name ? r->name : r->raw_name;
    return *name ? name : "—";
}

/* The width of an entry's name in a column w wide. */
static float sd_entry_name_w(float w) { return w - SD_COVER_NAME_X - 4 - SD_COVER_TAIL_W; }

/* How many lines an entry's name takes in a column w wide. */
static int sd_entry_lines(const sd_cover *c, float w, const sd_attendee_row *r)
{
    int n = sd_pdf_paragraph_lines(c->m, sd_entry_name_w(w), SD_COVER_TEXT, sd_entry_name(r));
    return n > 1 ? n : 1;
}

/* One entry of the lists: its row in the list, member number and name
 * (wrapped at the normal size, never cut), and what follows it (the page
 * its report starts on). */
static void sd_cover_entry(sd_cover *c, float x, float w, const sd_attendee_row *r, const char *tail)
{
    if (!c->pdf)
        return;
    char buf[32];
    snprintf(buf, sizeof buf, "%zu 行目", r->row);
    sd_pdf_fill_color(c->pdf, SD_MUTED);
    sd_pdf_text_right(c->pdf, x + 34, c->y, 8, buf);
    sd_pdf_fill_color(c->pdf, SD_INK);
    sd_pdf_text_fit(c->pdf, x + 40, c->y, 52, 8.5f, 6, r->member_no ? r->member_no : "");
    sd_pdf_paragraph(c->pdf, x + SD_COVER_NAME_X, c->y, sd_entry_name_w(w), SD_COVER_TEXT, SD_COVER_LEADING,
                     sd_entry_name(r));
    const float tail_w = SD_COVER_TAIL_W;
    if (tail) {
        sd_pdf_fill_color(c->pdf, SD_MUTED);
        sd_pdf_text_fit(c->pdf, x + w - tail_w, c->y, tail_w, 8, 5.5f, tail);
        sd_pdf_fill_color(c->pdf, SD_INK);
    }
}

typedef enum { SD_LIST_INCLUDED, SD_LIST_NO_ANSWER, SD_LIST_UNMATCHED } sd_cover_list;

static bool sd_in_list(const sd_attendee_row *r, sd_cover_list which)
{
    bool unmatched = strcmp(r->status, "unmatched") == 0;
    switch (which) {
    case SD_LIST_INCLUDED:
        return !unmatched && r->answered;
    case SD_LIST_NO_ANSWER:
        return !unmatched && !r->answered;
    default:
        return unmatched;
    }
}

/* "ありません" under a heading whose list is empty. */
static void sd_cover_none(sd_cover *c)
{
    if (c->pdf) {
        sd_pdf_fill_color(c->pdf, SD_MUTED);
        sd_pdf_text(c->pdf, SD_MARGIN_L + 10, c->y, 9, sd_text(c->k->t, "seminar.none"));
        sd_pdf_fill_color(c->pdf, SD_INK);
    }
    c->y += SD_COVER_LINE;
}

/* What follows entry i of a list: the file's page its report starts on,
 * or that it is a first answer (into tail, "" for nothing). */
static void sd_entry_tail(const sd_cover *c, sd_cover_list which, const int *first_page, size_t i, char *tail,
                          size_t len)
{
    const sd_kit *k = c->k;
    tail[0] = '\0';
    if (which == SD_LIST_INCLUDED)
        snprintf(tail, len, "%s %d", sd_text(k->t, "seminar.file_page"), first_page[i]);
    else if (strcmp(k->rows[i].status, "new") == 0)
        snprintf(tail, len, "%s", sd_text(k->t, "seminar.new_member"));
}

/* A list in one column, for names too long for two: each entry as high as
 * its name's lines. */
static void sd_cover_one_column(sd_cover *c, sd_cover_list which, const char *title, const size_t *idx, size_t n,
                                const int *first_page)
{
    const sd_kit *k = c->k;
    for (size_t j = 0; j < n; j++) {
        const sd_attendee_row *r = &k->rows[idx[j]];
        float h = SD_COVER_LINE + SD_COVER_LEADING * (float)(sd_entry_lines(c, SD_CONTENT_W, r) - 1);
        if (c->y + h > SD_COVER_BOTTOM) {
            sd_cover_next_page(c);
            sd_cover_heading(c, title, n, true, h);
        }
        char tail[64];
        sd_entry_tail(c, which, first_page, idx[j], tail, sizeof tail);
        sd_cover_entry(c, SD_MARGIN_L, SD_CONTENT_W, r, tail[0] ? tail : NULL);
        c->y += h;
    }
}

/* A list in two columns when every name fits on one line of a column (on
 * each page the entries that fit go down the left column, then the
 * right), else in one column where long names wrap. */
static void sd_cover_two_columns(sd_cover *c, sd_cover_list which, const char *title)
{
    const sd_kit *k = c->k;
    size_t *idx = sd_xcalloc(k->nrows ? k->nrows : 1, sizeof *idx), n = 0, report = 0;
    int *first_page = sd_xcalloc(k->nrows ? k->nrows : 1, sizeof *first_page);
    for (size_t i = 0; i < k->nrows; i++) {
        if (sd_in_list(&k->rows[i], SD_LIST_INCLUDED))
            first_page[i] = c->first_report + 2 * (int)report++;
        if (sd_in_list(&k->rows[i], which))
            idx[n++] = i;
    }
    const float colw = (SD_CONTENT_W - SD_COVER_COLS_GAP) / 2;
    bool two = true;
    for (size_t j = 0; j < n && two; j++)
        two = sd_entry_lines(c, colw, &k->rows[idx[j]]) == 1;
    float first_h = SD_COVER_LINE;
    if (!two)
        first_h += SD_COVER_LEADING * (float)(sd_entry_lines(c, SD_CONTENT_W, &k->rows[idx[0]]) - 1);
    sd_cover_heading(c, title, n, false, first_h);
    if (n == 0)
        sd_cover_none(c);
    if (!two)
        sd_cover_one_column(c, which, title, idx, n, first_page);
    size_t done = two ? 0 : n;
    while (done < n) {
        int rows = (int)((SD_COVER_BOTTOM - c->y) / SD_COVER_LINE);
        if (rows < 1) {
            sd_cover_next_page(c);
            sd_cover_heading(c, title, n, true, SD_COVER_LINE);
            continue;
        }
        size_t take = n - done < (size_t)rows * 2 ? n - done : (size_t)rows * 2;
        size_t left = (take + 1) / 2;
        float y0 = c->y;
        for (size_t j = 0; j < take; j++) {
            const sd_attendee_row *r = &k->rows[idx[done + j]];
            char tail[64];
            sd_entry_tail(c, which, first_page, idx[done + j], tail, sizeof tail);
            c->y = y0 + SD_COVER_LINE * (float)(j < left ? j : j - left);
            sd_cover_entry(c, SD_MARGIN_L + (j < left ? 0 : colw + SD_COVER_COLS_GAP), colw, r,
                           tail[0] ? tail : NULL);
        }
        c->y = y0 + SD_COVER_LINE * (float)left;
        done += take;
        if (done < n) {
            sd_cover_next_page(c);
            sd_cover_heading(c, title, n, true, SD_COVER_LINE);
        }
    }
    c->y += 8;
    free(idx);
    free(first_page);
}

/* The lines not matched: the list's row, name and number, then why
 * below, both at the normal size and wrapped (never cut); each kept
 * whole on a page. */
static void sd_cover_unmatched(sd_cover *c, const char *title)
{
    const sd_kit *k = c->k;
    const float head_w = SD_CONTENT_W - 10, why_w = SD_CONTENT_W - 24;
    size_t n = 0;
    float first_h = SD_COVER_LINE;
    for (size_t i = 0; i < k->nrows; i++)
        n += sd_in_list(&k->rows[i], SD_LIST_UNMATCHED);
    bool first = true;
    for (size_t i = 0; i < k->nrows; i++) {
        const sd_attendee_row *r = &k->rows[i];
        if (!sd_in_list(r, SD_LIST_UNMATCHED))
            continue;
        char *head = sd_xasprintf("%zu 行目　%s%s%s", r->row, *r->raw_name ? r->raw_name : "—",
                                  r->member_no ? "　" : "", r->member_no ? r->member_no : "");
        const char *why = r->reason ? r->reason : "";
        int lines = sd_pdf_paragraph_lines(c->m, head_w, SD_COVER_TEXT, head);
        int why_lines = *why ? sd_pdf_paragraph_lines(c->m, why_w, SD_COVER_TEXT, why) : 0;
        lines = lines > 1 ? lines : 1;
        /* from the first baseline to the last, then to the next entry */
        float body = SD_COVER_LEADING * (float)(lines - 1 + why_lines);
        float h = body + 2 * SD_COVER_LINE + 2 - SD_COVER_LEADING;
        if (first) {
            sd_cover_heading(c, title, n, false, body + SD_COVER_LINE);
            first = false;
        } else if (c->y + body + SD_COVER_LINE > SD_COVER_BOTTOM) {
            sd_cover_next_page(c);
            sd_cover_heading(c, title, n, true, body + SD_COVER_LINE);
        }
        if (c->pdf) {
            sd_pdf_paragraph(c->pdf, SD_MARGIN_L + 10, c->y, head_w, SD_COVER_TEXT, SD_COVER_LEADING, head);
            sd_pdf_fill_color(c->pdf, SD_BAR_SELF);
            if (*why)
                sd_pdf_paragraph(c->pdf, SD_MARGIN_L + 24, c->y + SD_COVER_LEADING * (float)lines, why_w,
                                 SD_COVER_TEXT, SD_COVER_LEADING, why);
            sd_pdf_fill_color(c->pdf, SD_INK);
        }
        free(head);
        c->y += h;
    }
    if (first) {
        sd_cover_heading(c, title, n, false, first_h);
        sd_cover_none(c);
    }
}

/* Draws the cover (or, with c->pdf NULL, counts its pages). */
static void sd_cover_draw(sd_cover *c)
{
    const sd_kit *k = c->k;
    const sd_templates *t = k->t;
    const sd_seminar *s = k->seminar;
    size_t included = 0, no_answer = 0, unmatched = 0, sheets = 0;
    for (size_t i = 0; i < k->nrows; i++) {
        included += sd_in_list(&k->rows[i], SD_LIST_INCLUDED);
        no_answer += sd_in_list(&k->rows[i], SD_LIST_NO_ANSWER);
        unmatched += sd_in_list(&k->rows[i], SD_LIST_UNMATCHED);
        sheets += sd_kit_wants_sheet(k, &k->rows[i]);
    }
    c->pages = 1;
    if (c->pdf) {
        sd_pdf *pdf = c->pdf;
        char buf[768], day[48], per[32];
        sd_pdf_new_page(pdf);
        sd_pdf_fill_color(pdf, SD_MUTED);
        snprintf(buf, sizeof buf, "%s %s", t->org_name, t->org_department);
        sd_pdf_text_fit(pdf, SD_MARGIN_L, 40, SD_CONTENT_W - 120, 9, 6, buf);
        sd_pdf_text_right(pdf, SD_MARGIN_R, 40, 9,
                          sd_text(t, "seminar.handout_title"));
        sd_pdf_fill_color(pdf, SD_NAVY);
        sd_pdf_text_fit(pdf, SD_MARGIN_L, 70, SD_CONTENT_W, 18, 9, s->title);
        sd_pdf_line(pdf, SD_MARGIN_L, 80, SD_MARGIN_R, 80, SD_NAVY, 1.2f, false);
        sd_pdf_fill_color(pdf, SD_INK);
        sd_date_weekday(s->held_on, day);
        snprintf(buf, sizeof buf, "%s　%s%s%s%s", sd_text(t, "seminar.date"), day,
                 s->place ? "　" : "", s->place ? sd_text(t, "seminar.place") : "",
                 s->place ? s->place : "");
        sd_pdf_text_fit(pdf, SD_MARGIN_L, 102, SD_CONTENT_W, 10.5f, 6, buf);
        if (k->period) {
            sd_period_label(k->period, per);
            snprintf(buf, sizeof buf, "%s　%s（%s）", sd_text(t, "seminar.period"),
                     per, sd_text(t, "seminar.period_rule"));
        } else {
            snprintf(
                buf, sizeof buf, "%s",
                sd_text(t, "seminar.no_period"));
        }
        sd_pdf_text_fit(pdf, SD_MARGIN_L, 120, SD_CONTENT_W, 10.5f, 6, buf);
        sd_pdf_fill_color(pdf, SD_MUTED);
        /* the list's file by its own name: the folder it sat in says nothing */
        const char *slash = strrchr(s->source, '/');
        snprintf(buf, sizeof buf, "%s　%s（%zu 行）", sd_text(t, "seminar.list"),
                 slash ? slash + 1 : s->source, k->nrows);
        sd_pdf_text_fit(pdf, SD_MARGIN_L, 138, SD_CONTENT_W, 9, 6, buf);
        sd_pdf_fill_color(pdf, SD_INK);
        sd_pdf_rect(pdf, SD_MARGIN_L, 150, SD_CONTENT_W, 34, &SD_PALE, NULL, 0);
        snprintf(buf, sizeof buf, "%s %zu　%s %zu（%s %zu）　%s %zu",
                 sd_text(t, "seminar.count_included"), included,
                 sd_text(t, "seminar.count_no_answer"), no_answer,
                 sd_text(t, "seminar.count_sheets"), sheets,
                 sd_text(t, "seminar.count_unmatched"), unmatched);
        sd_pdf_text_fit(pdf, SD_MARGIN_L + 10, 172, SD_CONTENT_W - 20, 11, 7, buf);
    }
    c->y = 214;
    sd_cover_two_columns(c, SD_LIST_INCLUDED,
                         sd_text(t, "seminar.list_included"));
    sd_cover_two_columns(
        c, SD_LIST_NO_ANSWER,
        sd_text(t, "seminar.list_no_answer"));
    sd_cover_unmatched(c, sd_text(t, "seminar.list_unmatched"));
    sd_cover_footer(c);
}

typedef struct {
    const sd_kit *k;
    int cover_pages;
    int file_pages;
    sd_pdf *m; /* measures the cover's layout */
    char why[256];
} sd_handout_doc;

static sd_error sd_handout_draw(sd_pdf *pdf, void *data)
{
    sd_handout_doc *doc = data;
    const sd_kit *k = doc->k;
    int padded = doc->cover_pages + doc->cover_pages % 2;
    sd_cover c = {.pdf = pdf,
                  .m = doc->m,
                  .k = k,
                  .cover_pages = doc->cover_pages,
                  .file_pages = doc->file_pages,
                  .first_report = padded + 1};
    sd_cover_draw(&c);
    if (padded > doc->cover_pages) {
        /* the back of the cover's last sheet, so the first report starts
         * on a sheet of its own */
        sd_pdf_new_page(pdf);
        sd_pdf_fill_color(pdf, SD_MUTED);
        sd_pdf_text_center(
            pdf, SD_A4_W / 2, SD_A4_H / 2, 9,
            sd_text(k->t, "seminar.blank_page"));
        sd_pdf_fill_color(pdf, SD_INK);
    }
    for (size_t i = 0; i < k->nviews; i++) {
        sd_error rc = sd_company_pages(pdf, k->pub, &k->views[i], doc->file_pages, doc->why, sizeof doc->why);
        if (rc)
            return rc;
    }
    return SD_OK;
}

sd_error sd_handout_write(const sd_kit *k, const sd_font *font, const char *path, char *err, size_t errlen)
{
    sd_pdf *m = sd_pdf_measurer_new(font);
    sd_cover count = {.m = m, .k = k};
    sd_cover_draw(&count);
    sd_handout_doc doc = {.k = k, .cover_pages = count.pages, .m = m};
    doc.file_pages = doc.cover_pages + doc.cover_pages % 2 + 2 * (int)k->nviews;
    char *subject = sd_xasprintf("%s %s", k->seminar->held_on, k->seminar->title);
    sd_pdf_info info = {subject, k->t->org_name,
                        sd_text(k->t, "seminar.handout_title")};
    sd_error rc = sd_pdf_render(font, &info, sd_handout_draw, &doc, path, 0600, err, errlen);
    if (rc == SD_ERR_TEMPLATE && doc.why[0])
        rc = sd_fail(err, errlen, SD_ERR_TEMPLATE,
                     "報告書の 1 ページ目に収まりません。文章が長すぎます: %s を短くしてください", doc.why);
    free(subject);
    sd_pdf_measurer_free(m);
    return rc;
}
