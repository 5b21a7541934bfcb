/* style.h - colours and page geometry shared by the PDF reports */
#ifndef SD_STYLE_H
#define SD_STYLE_H

#include "render/pdf.h"

#define SD_MARGIN_L 42.0f
#define SD_MARGIN_R (SD_A4_W - 42.0f)
#define SD_CONTENT_W (SD_MARGIN_R - SD_MARGIN_L)

/* Dark enough to print in black and white; bars carry their numbers too. */
static const sd_rgb SD_INK = {0.10f, 0.10f, 0.12f};
static const sd_rgb SD_MUTED = {0.40f, 0.42f, 0.45f};
static const sd_rgb SD_NAVY = {0.10f, 0.22f, 0.45f};
static const sd_rgb SD_PALE = {0.90f, 0.93f, 0.97f};
static const sd_rgb SD_RULE = {0.75f, 0.78f, 0.82f};
static const sd_rgb SD_BAR = {0.22f, 0.42f, 0.70f};
static const sd_rgb SD_BAR_SELF = {0.85f, 0.45f, 0.10f};
static const sd_rgb SD_TRACK = {0.92f, 0.92f, 0.92f};

/* A section heading with a navy mark at its left; y is the baseline. */
void sd_report_heading(sd_pdf *pdf, float y, const char *text);
/* The rule, "page / pages" and the organisation at the foot of a page. */
void sd_report_footer(sd_pdf *pdf, const char *org_name, int page, int pages, const char *page_word);

/* Draws text as a QR code, size points square, top-left at x, y (leave
 * four modules of white around it). Returns false when it cannot. */
bool sd_pdf_qr(sd_pdf *pdf, float x, float y, float size, const char *text);

/* tmpl with each {name} replaced by its value (n pairs). Caller frees. */
char *sd_fill(const char *tmpl, int n, const char *const *names, const char *const *values);

#endif
