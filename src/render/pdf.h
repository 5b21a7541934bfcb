/* pdf.h - a thin layer over libharu for Japanese A4 documents: one font
 * subset per document, text runs, Japanese line breaking, boxes and bars.
 *
 * A document is drawn twice by the same function: first in a collecting
 * pass that measures with the font's widths as the drawing pass does and
 * records the characters drawn (nothing is drawn), then, with a font
 * subset of exactly those characters loaded, for real. Both passes make
 * the same layout choices, so only what is drawn is embedded.
 * Coordinates are points from the top-left corner of the page. */
#ifndef SD_PDF_H
#define SD_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "render/fontsubset.h"

#define SD_A4_W 595.28f
#define SD_A4_H 841.89f

typedef struct sd_pdf sd_pdf;

typedef struct {
    float r, g, b; /* 0..1 */
} sd_rgb;

typedef struct {
    const char *title;   /* document metadata */
    const char *author;
    const char *subject;
} sd_pdf_info;

/* Draws the whole document on pdf; returns SD_OK or an error. */
typedef sd_error (*sd_pdf_draw_fn)(sd_pdf *pdf, void *data);

/* The benchmark's baseline only: when true, documents embed the whole font
 * file instead of a per-document subset (set before rendering starts). */
extern bool sd_pdf_whole_font;

/* Runs draw twice (collect, then draw with the font: the characters the
 * font's shared part holds from it, the rest from a subset made for the
 * document) and saves the
 * result to path atomically (temporary name, then rename) with the given
 * file mode. Returns SD_OK or an error with detail in err. */
sd_error sd_pdf_render(const sd_font *font, const sd_pdf_info *info, sd_pdf_draw_fn draw, void *data,
                       const char *path, unsigned mode, char *err, size_t errlen);

/* Runs only the collecting pass of draw (measuring with font's widths)
 * and adds the characters the document draws to chars (unfinished): what
 * a batch's shared glyphs are chosen from (sd_font_share). */
sd_error sd_pdf_collect(const sd_font *font, sd_pdf_draw_fn draw, void *data, sd_cpset *chars);

/* A document that only measures, with font's widths as the drawing pass
 * has them: sd_pdf_text_width and sd_pdf_paragraph_lines give the real
 * figures in either pass, for a layout that must be known before drawing
 * (the handout's cover counts its pages first). Nothing may be drawn on
 * it (no pages). Free with sd_pdf_measurer_free (NULL is fine). */
sd_pdf *sd_pdf_measurer_new(const sd_font *font);
void sd_pdf_measurer_free(sd_pdf *pdf);

/* True in the collecting pass: callers may skip expensive work. */
bool sd_pdf_collecting(const sd_pdf *pdf);

void sd_pdf_new_page(sd_pdf *pdf);
int sd_pdf_page_number(const sd_pdf *pdf);

void sd_pdf_fill_color(sd_pdf *pdf, sd_rgb c);
void sd_pdf_text(sd_pdf *pdf, float x, float y, float size, const char *text);
void sd_pdf_text_right(sd_pdf *pdf, float right, float y, float size, const char *text);
void sd_pdf_text_center(sd_pdf *pdf, float cx, float y, float size, const char *text);
/* Draws text on one line within width: shrinks down to min_size, then cuts
 * it with "…". Returns the size used. */
float sd_pdf_text_fit(sd_pdf *pdf, float x, float y, float width, float size, float min_size,
                      const char *text);
/* Width of text at size, in points. */
float sd_pdf_text_width(sd_pdf *pdf, float size, const char *text);
/* Draws a paragraph wrapped at width with Japanese line breaking (UAX #14:
 * no break inside digits or Latin words, 。、」） never start a line).
 * y is the first baseline. Returns the number of lines. */
int sd_pdf_paragraph(sd_pdf *pdf, float x, float y, float width, float size, float leading,
                     const char *text);
/* Lines a paragraph would take (records no characters). */
int sd_pdf_paragraph_lines(sd_pdf *pdf, float width, float size, const char *text);

void sd_pdf_rect(sd_pdf *pdf, float x, float y, float w, float h, const sd_rgb *fill, const sd_rgb *stroke,
                 float line_width);
/* n rectangles (x, y, w, h each, from the top-left) filled with fill. */
void sd_pdf_rects(sd_pdf *pdf, const float *xywh, size_t n, sd_rgb fill);
/* A 1-bit image (w x h samples, rows from the top, each row padded to a
 * whole byte, a set bit painted in c) drawn size points wide at x, y (its
 * top-left corner). The first call with a key writes the image; later ones
 * in the same document draw that same object again. */
void sd_pdf_mask(sd_pdf *pdf, const char *key, int w, int h, const unsigned char *bits, float x, float y,
                 float size, sd_rgb c);
/* Art that repeats in a document (every attendee's page 2 in a handout):
 * the first call with key records what draw draws into a Form XObject,
 * every call places that object, so the document holds it once. The art
 * is drawn where draw puts it (key must tell apart art drawn elsewhere);
 * its colours and fonts stay inside it. In the collecting pass draw runs
 * as it is. */
void sd_pdf_form(sd_pdf *pdf, const char *key, void (*draw)(sd_pdf *, void *), void *data);
void sd_pdf_line(sd_pdf *pdf, float x1, float y1, float x2, float y2, sd_rgb c, float width, bool dashed);

#endif
