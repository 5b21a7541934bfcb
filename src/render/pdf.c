/* pdf.c - the libharu glue: the document's fonts, text, wrapping, shapes.
 * The one file that includes libharu, internal headers too (documents,
 * dictionaries, pages and streams); everything else draws through
 * render/pdf.h.
 *
 * libharu makes the pages, the drawing operators and the file's structure.
 * The fonts are shindan's own: libharu would parse the TrueType program,
 * rewrite it, and look all 65,536 BMP code points up in a CMap encoder of
 * its own for every document. Here each font is written as PDF objects
 * from what fontsubset.c already made (the program, deflated; each
 * character's glyph and width), and text is written to the page's content
 * stream in the font's own codes. */
#include "render/pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_version.h>

/* The internals used here (HPDF_Doc's mmgr, xref, catalog, root_pages and
 * info; a dictionary's list, stream, filter, write_fn, free_fn and attr;
 * a page's content stream and contents; the cross-reference table's
 * entries; HPDF_Page_GetLocalFontName, HPDF_DictStream_New, HPDF_Xref_Add
 * and HPDF_Obj_WriteValue) are laid out as in libharu 2.3.0 and 2.4.x. */
#if !defined(HPDF_VERSION_ID) || HPDF_VERSION_ID < 20300 || HPDF_VERSION_ID >= 20500
#error "src/render/pdf.c was written for libharu 2.3.0 to 2.4.x; check its use of libharu internals before building with another version"
#endif
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/deflate.h"
#include "core/linebreak.h"
#include "core/output.h"
#include "core/text.h"
#include "core/util.h"

/* A document's fonts: the batch's shared part of the font, when it holds
 * any of the document's characters, and the document's own subset of the
 * rest. */
enum { SD_FONT_SHARED, SD_FONT_OWN, SD_FONTS };
enum { SD_PDF_MASKS = 8 };  /* distinct image masks a document keeps for reuse */
enum { SD_PDF_FORMS = 16 }; /* distinct forms a document keeps for reuse */
static const char *const sd_form_font_names[SD_FONTS] = {"FS", "FO"}; /* a form's fonts */

struct sd_pdf {
    bool collecting;      /* first pass: record characters only */
    const sd_font *measure; /* measures with this font's widths: a measuring-only document
                             * (sd_pdf_measurer_new) and the collecting pass */
    const sd_font *face;    /* the drawing pass's font: widths of what it measures but did not collect */
    sd_cpset chars;       /* characters recorded in the first pass, then finished */
    uint64_t seen[SD_CPSET_SEEN_WORDS]; /* first pass: the BMP characters chars holds, a bit each */
    uint32_t *slots;      /* the drawing pass's index of chars (sd_pdf_index_chars) */
    size_t slot_mask;
    int *widths;          /* widths[k]: chars.cps[k] in thousandths of an em */
    uint16_t *cids;       /* cids[k]: the CID of chars.cps[k] in its font */
    unsigned char *fonts; /* fonts[k]: which font draws chars.cps[k] */
    const sd_font_part *part[SD_FONTS]; /* NULL for a font the document does not use */
    sd_font_part own;     /* the document's own subset */
    HPDF_Dict font[SD_FONTS];
    HPDF_Doc doc;         /* second pass */
    HPDF_Page page;       /* current page */
    int cur_font;         /* font last set on the page, -1 for none */
    float font_size;      /* its size */
    int pages;            /* pages begun */
    HPDF_STATUS error;    /* first libharu error */
    HPDF_STATUS detail;
    uint32_t missing;     /* a character drawn in pass 2 but not collected in pass 1 */
    sd_buf ops;           /* content operators being written */
    sd_buf content;       /* the current page's content, raw */
    sd_output *out;       /* the file being written, as pages end */
    HPDF_Stream_Rec sink; /* libharu's view of it: objects are written through it */
    HPDF_UINT flushed;    /* objects before this one are written or held */
    bool write_failed;    /* a write to the file failed: the output says why */
    struct {
        char *key; /* what the image shows (a QR code's text) */
        HPDF_Dict obj;
    } masks[SD_PDF_MASKS]; /* the document's image masks, each written once */
    size_t nmasks;
    struct {
        char *key; /* what the art is (and where) */
        HPDF_Dict obj;
    } forms[SD_PDF_FORMS]; /* the document's Form XObjects, each drawn once */
    size_t nforms;
    bool in_form;         /* recording a form: fonts by fixed names */
    unsigned form_fonts;  /* the fonts the form being recorded uses, a bit each */
    sd_deflater *z;       /* the document's compressor */
};

/* Builds the drawing pass's index of its characters: an open-addressed
 * table of chars' positions (plus one; 0 is empty), twice their number or
 * more, so a character is found in a probe or two. */
static void sd_pdf_index_chars(sd_pdf *pdf)
{
    size_t size = 64;
    while (size < 2 * pdf->chars.n)
        size *= 2;
    pdf->slots = sd_xcalloc(size, sizeof *pdf->slots);
    pdf->slot_mask = size - 1;
    for (size_t k = 0; k < pdf->chars.n; k++) {
        size_t h = (pdf->chars.cps[k] * 2654435761u) & pdf->slot_mask;
        while (pdf->slots[h])
            h = (h + 1) & pdf->slot_mask;
        pdf->slots[h] = (uint32_t)k + 1;
    }
}

/* Position of cp among the document's characters, or -1. */
static long sd_pdf_find(const sd_pdf *pdf, uint32_t cp)
{
    for (size_t h = (cp * 2654435761u) & pdf->slot_mask; pdf->slots[h]; h = (h + 1) & pdf->slot_mask)
        if (pdf->chars.cps[pdf->slots[h] - 1] == cp)
            return (long)pdf->slots[h] - 1;
    return -1;
}

/* Index of cp among the document's characters; -1 (and the first such
 * character remembered) when pass 1 did not collect it. The subset holds
 * exactly what pass 1 collected: the draw functions make the same calls in
 * both passes, and this keeps it so instead of printing an empty box. */
static long sd_pdf_char(sd_pdf *pdf, uint32_t cp)
{
    long k = sd_pdf_find(pdf, cp);
    if (k < 0 && !pdf->missing)
        pdf->missing = cp;
    return k;
}

/* Index of the character cp starts, or -1 for a control character or
 * broken byte (not drawn) or a character pass 1 did not collect. */
static long sd_pdf_drawn(sd_pdf *pdf, int32_t cp) { return cp < 0x20 ? -1 : sd_pdf_char(pdf, (uint32_t)cp); }

/* Width of the first len bytes of text in thousandths of an em. */
static long sd_pdf_measure(sd_pdf *pdf, const char *text, size_t len)
{
    long width = 0;
    if (pdf->measure) {
        for (const char *p = text, *end = text + len; p < end && *p;) {
            int32_t cp = sd_utf8_next_fast(&p);
            if (cp >= 0x20)
                width += sd_font_advance(pdf->measure, (uint32_t)cp);
        }
        return width;
    }
    /* a text measured but not drawn (a paragraph's lines counted, a size
     * tried) may hold characters pass 1 did not collect */
    for (const char *p = text, *end = text + len; p < end && *p;) {
        int32_t cp = sd_utf8_next_fast(&p);
        if (cp < 0x20)
            continue;
        long k = sd_pdf_find(pdf, (uint32_t)cp);
        width += k >= 0 ? pdf->widths[k] : sd_font_advance(pdf->face, (uint32_t)cp);
    }
    return width;
}

/* What a staff member can do about libharu's error: the codes of a
 * failed allocation, and of an object libharu gave none of (in practice
 * the same), say so. */
static const char *sd_pdf_why(HPDF_STATUS error)
{
    return error == HPDF_OK || error == HPDF_FAILD_TO_ALLOC_MEM || error == HPDF_INVALID_OBJECT
               ? "メモリが足りないようです。ほかのプログラムを閉じてから、もう一度実行してください。"
               : "";
}

static float sd_pdf_points(long width, float size) { return (float)((double)width * size / 1000); }

static void sd_pdf_error_handler(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    sd_pdf *pdf = user;
    /* after libharu's first error its objects are not to be trusted (a
     * failed allocation leaves a page half made): nothing more is drawn,
     * and the render reports the error */
    pdf->page = NULL;
    if (!pdf->error) {
        pdf->error = error;
        pdf->detail = detail;
    }
}

/* A number in a content stream: at most five decimals, no trailing zeros
 * (libharu's own precision, so renderers snap edges as they did). */
static void sd_pdf_num(sd_buf *b, double v)
{
    long m = v < 0 ? -(long)(-v * 100000 + 0.5) : (long)(v * 100000 + 0.5);
    char s[32], *e = s + sizeof s, *p = e;
    bool neg = m < 0;
    unsigned long u = neg ? (unsigned long)-m : (unsigned long)m;
    unsigned long frac = u % 100000, whole = u / 100000;
    if (frac) {
        int digits = 5;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        for (int i = 0; i < digits; i++, frac /= 10)
            *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    do
        *--p = (char)('0' + whole % 10);
    while (whole /= 10);
    if (neg)
        *--p = '-';
    sd_buf_add(b, p, (size_t)(e - p));
}

/* Appends "/Fn size Tf" when font or size differs from the page's last. */
static void sd_pdf_set_font(sd_pdf *pdf, int font, float size)
{
    if ((pdf->cur_font == font && pdf->font_size == size) || (!pdf->in_form && !pdf->page))
        return;
    const char *name =
        pdf->in_form ? sd_form_font_names[font] : HPDF_Page_GetLocalFontName(pdf->page, pdf->font[font]);
    pdf->form_fonts |= 1u << font;
    if (!name) {
        sd_pdf_error_handler(HPDF_INVALID_OBJECT, 0, pdf);
        return;
    }
    sd_buf_addc(&pdf->ops, '/');
    sd_buf_adds(&pdf->ops, name);
    sd_buf_addc(&pdf->ops, ' ');
    sd_pdf_num(&pdf->ops, size);
    sd_buf_adds(&pdf->ops, " Tf\n");
    pdf->cur_font = font;
    pdf->font_size = size;
}

/* Appends pdf->ops to the current page's content. */
static void sd_pdf_emit(sd_pdf *pdf)
{
    sd_buf_add(&pdf->content, pdf->ops.data, pdf->ops.len);
}

/* A real as libharu writes one (HPDF_FToA), so operators written here
 * are the bytes libharu's own would be. */
static void sd_pdf_real(sd_buf *b, float v)
{
    /* the same few colours and coordinates come back hundreds of times a
     * report: each value's text is kept, per thread, in a small table
     * indexed by the float's bits (len 0: an empty slot) */
    static _Thread_local struct {
        uint32_t bits;
        uint8_t len;
        char s[19];
    } seen[256];
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    unsigned h = (bits * 2654435761u) >> 24;
    if (seen[h].len && seen[h].bits == bits) {
        sd_buf_add(b, seen[h].s, seen[h].len);
        return;
    }
    char s[32];
    char *e = HPDF_FToA(s, v, s + sizeof s - 1);
    size_t n = (size_t)(e - s);
    if (n <= sizeof seen[h].s) {
        seen[h].bits = bits;
        seen[h].len = (uint8_t)n;
        memcpy(seen[h].s, s, n);
    }
    sd_buf_add(b, s, n);
}

/* Appends "a b c op\n" with libharu's reals. */
static void sd_pdf_op3(sd_buf *b, float x, float y, float z, const char *op)
{
    sd_pdf_real(b, x);
    sd_buf_addc(b, ' ');
    sd_pdf_real(b, y);
    sd_buf_addc(b, ' ');
    sd_pdf_real(b, z);
    sd_buf_adds(b, op);
}

/* ---- streams that hand libharu bytes held here, without copying ---- */

typedef struct {
    const HPDF_BYTE *data;
    HPDF_UINT len, pos;
    bool owned; /* data is freed with the stream */
} sd_span;

static HPDF_STATUS sd_span_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    sd_span *sp = s->attr;
    HPDF_UINT n = sp->len - sp->pos < *siz ? sp->len - sp->pos : *siz;
    memcpy(ptr, sp->data + sp->pos, n);
    sp->pos += n;
    *siz = n;
    return sp->pos == sp->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS sd_span_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    sd_span *sp = s->attr;
    long to = mode == HPDF_SEEK_CUR ? (long)sp->pos + pos : mode == HPDF_SEEK_END ? (long)sp->len - pos : pos;
    if (to < 0 || to > (long)sp->len)
        return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    sp->pos = (HPDF_UINT)to;
    return HPDF_OK;
}

static HPDF_INT32 sd_span_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((sd_span *)s->attr)->pos;
}
static HPDF_UINT32 sd_span_size(HPDF_Stream s)
{
    return ((sd_span *)s->attr)->len;
}
static void sd_span_free(HPDF_Stream s)
{
    sd_span *sp = s->attr;
    if (sp->owned)
        free((void *)sp->data);
    HPDF_FreeMem(s->mmgr, sp);
}

/* A read-only libharu stream over len bytes at data, which must outlive
 * the stream unless owned (then the stream frees them, with free()); NULL
 * when out of memory. */
static HPDF_Stream sd_span_new(HPDF_MMgr mm, const void *data, size_t len, bool owned)
{
    HPDF_Stream s = HPDF_GetMem(mm, sizeof *s);
    sd_span *sp = s ? HPDF_GetMem(mm, sizeof *sp) : NULL;
    if (!sp) {
        if (s)
            HPDF_FreeMem(mm, s);
        return NULL;
    }
    *sp = (sd_span){data, (HPDF_UINT)len, 0, owned};
    memset(s, 0, sizeof *s);
    s->sig_bytes = HPDF_STREAM_SIG_BYTES;
    s->type = HPDF_STREAM_UNKNOWN;
    s->mmgr = mm;
    s->error = mm->error;
    s->read_fn = sd_span_read; /* no write_fn: libharu asks size_fn for the size */
    s->seek_fn = sd_span_seek;
    s->tell_fn = sd_span_tell;
    s->size_fn = sd_span_size;
    s->free_fn = sd_span_free;
    s->attr = sp;
    return s;
}

/* Makes d's stream the bytes at data (len), in place of the memory stream
 * libharu gave it; owned bytes are d's from here on, even when this fails.
 * False when out of memory. */
static bool sd_pdf_set_stream(HPDF_Dict d, void *data, size_t len, bool owned)
{
    HPDF_Stream s = sd_span_new(d->mmgr, data, len, owned);
    if (!s) {
        if (owned)
            free(data);
        return false;
    }
    HPDF_Stream_Free(d->stream);
    d->stream = s;
    return true;
}

static sd_buf sd_flate_entry;
static HPDF_STATUS sd_pdf_write_raw(HPDF_Dict dict, HPDF_Stream stream);
static void sd_pdf_flush(sd_pdf *pdf);

/* Ends the current page: its content deflated into its stream object, and
 * every object made so far that nothing changes any more written to the
 * file and freed (sd_pdf_flush), so a long document's memory does not
 * grow with its pages. */
static void sd_pdf_end_page(sd_pdf *pdf)
{
    if (!pdf->page)
        return;
    HPDF_PageAttr attr = (HPDF_PageAttr)pdf->page->attr;
    sd_buf z = {0};
    if (pdf->content.len)
        sd_deflate(pdf->z, pdf->content.data, pdf->content.len, &z);
    sd_buf_clear(&pdf->content);
    if (!sd_pdf_set_stream(attr->contents, z.data, z.len, true)) {
        sd_pdf_error_handler(HPDF_FAILD_TO_ALLOC_MEM, 0, pdf);
        return;
    }
    attr->stream = attr->contents->stream;
    attr->contents->filter = HPDF_STREAM_FILTER_NONE;
    attr->contents->attr = &sd_flate_entry;
    attr->contents->write_fn = sd_pdf_write_raw;
    pdf->page = NULL;
    sd_pdf_flush(pdf);
}

bool sd_pdf_collecting(const sd_pdf *pdf) { return pdf->collecting; }
int sd_pdf_page_number(const sd_pdf *pdf) { return pdf->pages; }

void sd_pdf_new_page(sd_pdf *pdf)
{
    pdf->pages++;
    if (pdf->collecting)
        return; /* a handout's pages record the same characters: each is kept once (seen) */
    sd_pdf_end_page(pdf);
    if (pdf->error)
        return; /* no page after libharu's first error */
    pdf->page = HPDF_AddPage(pdf->doc);
    if (!pdf->page)
        return; /* the error handler has the reason */
    HPDF_Page_SetSize(pdf->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    pdf->cur_font = -1;
    pdf->font_size = 0;
}

void sd_pdf_fill_color(sd_pdf *pdf, sd_rgb c)
{
    if (!pdf->collecting && pdf->page)
        sd_pdf_op3(&pdf->content, c.r, c.g, c.b, " rg\n");
}

float sd_pdf_text_width(sd_pdf *pdf, float size, const char *text)
{
    if ((pdf->collecting && !pdf->measure) || !*text)
        return 0;
    return sd_pdf_points(sd_pdf_measure(pdf, text, strlen(text)), size);
}

void sd_pdf_text(sd_pdf *pdf, float x, float y, float size, const char *text)
{
    if (pdf->collecting) {
        sd_cpset_add_utf8_once(&pdf->chars, pdf->seen, text);
        return;
    }
    if (!pdf->page)
        return;
    /* BT, the position, then a run per change of font: each CID's two
     * bytes in a literal string (half the bytes of hex, so less to
     * deflate), the string's delimiters, the backslash and the line ends
     * escaped (a reader turns a bare CR into LF) */
    sd_buf *b = &pdf->ops;
    sd_buf_clear(b);
    bool open = false; /* inside a (...) string */
    for (const char *p = text; *p;) {
        long k = sd_pdf_drawn(pdf, sd_utf8_next_fast(&p));
        if (k < 0)
            continue;
        if (!b->len) {
            sd_buf_adds(b, "BT\n");
            sd_pdf_num(b, x);
            sd_buf_addc(b, ' ');
            sd_pdf_num(b, SD_A4_H - y);
            sd_buf_adds(b, " Td\n");
        }
        int f = pdf->fonts[k];
        if (f != pdf->cur_font || size != pdf->font_size) {
            if (open)
                sd_buf_adds(b, ") Tj\n");
            open = false;
            sd_pdf_set_font(pdf, f, size);
        }
        if (!open)
            sd_buf_addc(b, '(');
        open = true;
        unsigned cid = pdf->cids[k];
        unsigned char two[2] = {(unsigned char)(cid >> 8), (unsigned char)(cid & 0xFF)};
        for (int i = 0; i < 2; i++) {
            switch (two[i]) {
            case '(': case ')': case '\\':
                sd_buf_addc(b, '\\');
                sd_buf_addc(b, (char)two[i]);
                break;
            case '\r':
                sd_buf_adds(b, "\\r");
                break;
            case '\n':
                sd_buf_adds(b, "\\n");
                break;
            default:
                sd_buf_addc(b, (char)two[i]);
            }
        }
    }
    if (!b->len)
        return; /* nothing drawn */
    sd_buf_adds(b, ") Tj\nET\n");
    sd_pdf_emit(pdf);
}

void sd_pdf_text_right(sd_pdf *pdf, float right, float y, float size, const char *text)
{
    sd_pdf_text(pdf, right - sd_pdf_text_width(pdf, size, text), y, size, text);
}

void sd_pdf_text_center(sd_pdf *pdf, float cx, float y, float size, const char *text)
{
    sd_pdf_text(pdf, cx - sd_pdf_text_width(pdf, size, text) / 2, y, size, text);
}

float sd_pdf_text_fit(sd_pdf *pdf, float x, float y, float width, float size, float min_size,
                      const char *text)
{
    if (pdf->collecting && !pdf->measure) {
        sd_cpset_add_utf8_once(&pdf->chars, pdf->seen, text);
        sd_cpset_add_utf8_once(&pdf->chars, pdf->seen, "…");
        return size;
    }
    float s = size;
    long w = sd_pdf_measure(pdf, text, strlen(text));
    while (s > min_size && sd_pdf_points(w, s) > width)
        s -= 0.5f;
    if (sd_pdf_points(w, s) <= width) {
        sd_pdf_text(pdf, x, y, s, text);
        return s;
    }
    /* still too wide: cut on a character boundary and add an ellipsis */
    sd_buf b = {0};
    sd_buf_adds(&b, text);
    while (b.len > 0) {
        size_t cut = b.len - 1;
        while (cut > 0 && ((unsigned char)b.data[cut] & 0xC0) == 0x80)
            cut--;
        b.len = cut;
        b.data[cut] = '\0';
        sd_buf_adds(&b, "…");
        if (sd_pdf_text_width(pdf, s, b.data) <= width)
            break;
        b.len = cut;
        b.data[cut] = '\0';
    }
    sd_pdf_text(pdf, x, y, s, b.data ? b.data : "");
    sd_buf_free(&b);
    return s;
}

/* Calls emit(start, len) for each line of text wrapped at width. */
typedef void (*sd_line_fn)(sd_pdf *pdf, const char *s, size_t len, void *user);

/* One line of a paragraph: its bytes, and where the next begins. */
typedef struct {
    size_t start, n, next;
    bool forced; /* ended by a line break in the text */
} sd_wrap_line;

static size_t sd_utf8_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Width in points of text[a, b). */
static float sd_span_width(sd_pdf *pdf, const char *text, size_t a, size_t b, float size)
{
    while (b > a && text[b - 1] == ' ')
        b--;
    return sd_pdf_points(b > a ? sd_pdf_measure(pdf, text + a, b - a) : 0, size);
}

/* The fewest characters the last line of a paragraph may hold. */
#define SD_WIDOW_MIN 6

static int sd_pdf_wrap(sd_pdf *pdf, float width, float size, const char *text, sd_line_fn emit, void *user)
{
    size_t len = strlen(text);
    if (len == 0)
        return 0;
    char *brks = sd_xmalloc(len);
    sd_linebreaks(text, len, brks);
    sd_wrap_line *lines = NULL;
    size_t nlines = 0, cap = 0;
    size_t start = 0;
    while (start < len) {
        size_t best = 0;      /* end (exclusive) of the longest fitting line */
        size_t last_char = start;
        bool forced = false;
        long all = 0, vis = 0; /* widths of the line so far, and without its trailing spaces */
        size_t cstart = start;
        for (size_t i = start; i < len; i++) {
            if (brks[i] == SD_BREAK_INSIDE)
                continue;
            size_t end = i + 1;
            all += sd_pdf_measure(pdf, text + cstart, end - cstart);
            if (text[cstart] != ' ')
                vis = all;
            cstart = end;
            if (sd_pdf_points(vis, size) > width)
                break;
            last_char = end;
            if (brks[i] == SD_BREAK_MUST) {
                best = end;
                forced = true;
                break;
            }
            if (brks[i] == SD_BREAK_ALLOW || end == len)
                best = end;
        }
        if (best == 0)
            best = last_char > start ? last_char : start + 1; /* no break fits: cut the word */
        while (best < len && (text[best] & 0xC0) == 0x80)
            best++;
        size_t n = best - start;
        while (n > 0 && (text[start + n - 1] == ' ' || text[start + n - 1] == '\n'))
            n--;
        if (nlines == cap) {
            cap = cap ? 2 * cap : 8;
            lines = sd_xrealloc(lines, cap * sizeof *lines);
        }
        size_t next = best;
        if (!forced)
            while (next < len && text[next] == ' ')
                next++;
        lines[nlines++] = (sd_wrap_line){start, n, next, forced};
        start = next;
    }
    /* No widow: a last line of fewer than SD_WIDOW_MIN characters
     * (「です。」 alone) takes characters from the line above, breaking it
     * at the latest allowed place that leaves the last line at least that
     * long and still fitting. */
    if (nlines >= 2 && !lines[nlines - 2].forced) {
        sd_wrap_line *prev = &lines[nlines - 2], *last = &lines[nlines - 1];
        if (sd_utf8_count(text + last->start, last->n) < SD_WIDOW_MIN) {
            size_t end = last->start + last->n;
            for (size_t i = prev->start + prev->n; i > prev->start + 1; i--) {
                size_t cut = i - 1; /* a break allowed after byte cut */
                if (brks[cut] != SD_BREAK_ALLOW)
                    continue;
                size_t tail = cut + 1;
                if (sd_utf8_count(text + tail, end - tail) < SD_WIDOW_MIN)
                    continue;
                if (sd_span_width(pdf, text, tail, end, size) > width)
                    break;
                prev->n = tail - prev->start;
                while (prev->n > 0 && text[prev->start + prev->n - 1] == ' ')
                    prev->n--;
                while (tail < end && text[tail] == ' ')
                    tail++;
                last->start = tail;
                last->n = end - tail;
                break;
            }
        }
    }
    for (size_t i = 0; i < nlines; i++)
        emit(pdf, text + lines[i].start, lines[i].n, user);
    free(lines);
    free(brks);
    return (int)nlines;
}

typedef struct {
    float x, y, size, leading;
} sd_para_pos;

static void sd_emit_draw(sd_pdf *pdf, const char *s, size_t len, void *user)
{
    sd_para_pos *p = user;
    char *line = sd_xstrndup(s, len);
    sd_pdf_text(pdf, p->x, p->y, p->size, line);
    free(line);
    p->y += p->leading;
}

static void sd_emit_none(sd_pdf *pdf, const char *s, size_t len, void *user) {}

int sd_pdf_paragraph(sd_pdf *pdf, float x, float y, float width, float size, float leading,
                     const char *text)
{
    if (pdf->collecting && !pdf->measure) {
        sd_cpset_add_utf8_once(&pdf->chars, pdf->seen, text);
        return 1;
    }
    sd_para_pos pos = {x, y, size, leading};
    return sd_pdf_wrap(pdf, width, size, text, sd_emit_draw, &pos);
}

int sd_pdf_paragraph_lines(sd_pdf *pdf, float width, float size, const char *text)
{
    if (pdf->collecting && !pdf->measure) {
        sd_cpset_add_utf8_once(&pdf->chars, pdf->seen, text);
        return 1;
    }
    return sd_pdf_wrap(pdf, width, size, text, sd_emit_none, NULL);
}

void sd_pdf_rect(sd_pdf *pdf, float x, float y, float w, float h, const sd_rgb *fill, const sd_rgb *stroke,
                 float line_width)
{
    if (pdf->collecting || !pdf->page || w <= 0 || h <= 0)
        return;
    /* the operators libharu's HPDF_Page_* calls wrote, byte for byte */
    sd_buf *b = &pdf->ops;
    sd_buf_clear(b);
    sd_buf_adds(b, "q\n");
    if (fill)
        sd_pdf_op3(b, fill->r, fill->g, fill->b, " rg\n");
    if (stroke) {
        sd_pdf_op3(b, stroke->r, stroke->g, stroke->b, " RG\n");
        sd_pdf_real(b, line_width);
        sd_buf_adds(b, " w\n");
    }
    sd_pdf_real(b, x);
    sd_buf_addc(b, ' ');
    sd_pdf_op3(b, SD_A4_H - y - h, w, h, " re\n");
    sd_buf_adds(b, fill && stroke ? "B\n" : fill ? "f\n" : "S\n");
    sd_buf_adds(b, "Q\n");
    sd_pdf_emit(pdf);
}

void sd_pdf_rects(sd_pdf *pdf, const float *xywh, size_t n, sd_rgb fill)
{
    if (pdf->collecting || !pdf->page || n == 0)
        return;
    /* one colour for all, each rectangle its own path (as libharu drew
     * them, so renderers snap the edges alike), without libharu's save,
     * colour and restore around each */
    sd_buf *b = &pdf->ops;
    sd_buf_clear(b);
    sd_buf_adds(b, "q\n");
    sd_pdf_num(b, fill.r);
    sd_buf_addc(b, ' ');
    sd_pdf_num(b, fill.g);
    sd_buf_addc(b, ' ');
    sd_pdf_num(b, fill.b);
    sd_buf_adds(b, " rg\n");
    for (size_t i = 0; i < n; i++, xywh += 4) {
        sd_pdf_num(b, xywh[0]);
        sd_buf_addc(b, ' ');
        sd_pdf_num(b, SD_A4_H - xywh[1] - xywh[3]);
        sd_buf_addc(b, ' ');
        sd_pdf_num(b, xywh[2]);
        sd_buf_addc(b, ' ');
        sd_pdf_num(b, xywh[3]);
        sd_buf_adds(b, " re f\n");
    }
    sd_buf_adds(b, "Q\n");
    sd_pdf_emit(pdf);
}

void sd_pdf_line(sd_pdf *pdf, float x1, float y1, float x2, float y2, sd_rgb c, float width, bool dashed)
{
    if (pdf->collecting || !pdf->page)
        return;
    sd_buf *b = &pdf->ops;
    sd_buf_clear(b);
    sd_buf_adds(b, "q\n");
    sd_pdf_op3(b, c.r, c.g, c.b, " RG\n");
    sd_pdf_real(b, width);
    sd_buf_adds(b, " w\n");
    if (dashed)
        sd_buf_adds(b, "[3 2 ] 0 d\n");
    sd_pdf_real(b, x1);
    sd_buf_addc(b, ' ');
    sd_pdf_real(b, SD_A4_H - y1);
    sd_buf_adds(b, " m\n");
    sd_pdf_real(b, x2);
    sd_buf_addc(b, ' ');
    sd_pdf_real(b, SD_A4_H - y2);
    sd_buf_adds(b, " l\nS\nQ\n");
    sd_pdf_emit(pdf);
}

static HPDF_Dict sd_pdf_stream(sd_pdf *pdf, void *data, size_t len, bool deflated, bool owned);

/* The image object of a mask: the one the document already holds under
 * key, else a new one (kept for reuse while there is room). NULL with the
 * error recorded. */
static HPDF_Dict sd_pdf_mask_object(sd_pdf *pdf, const char *key, int w, int h, const unsigned char *bits)
{
    for (size_t i = 0; i < pdf->nmasks; i++)
        if (strcmp(pdf->masks[i].key, key) == 0)
            return pdf->masks[i].obj;
    /* stored as they are: a QR code's bits do not deflate (165 bytes
     * would become 176), and deflating them cost a report 3% of its time */
    size_t len = (size_t)((w + 7) / 8) * (size_t)h;
    HPDF_Dict d = sd_pdf_stream(pdf, memcpy(sd_xmalloc(len), bits, len), len, false, true);
    if (!d)
        return NULL;
    HPDF_Array decode = HPDF_Array_New(pdf->doc->mmgr);
    HPDF_STATUS st = HPDF_Dict_AddName(d, "Type", "XObject");
    st |= HPDF_Dict_AddName(d, "Subtype", "Image");
    st |= HPDF_Dict_AddNumber(d, "Width", w);
    st |= HPDF_Dict_AddNumber(d, "Height", h);
    st |= HPDF_Dict_Add(d, "ImageMask", HPDF_Boolean_New(pdf->doc->mmgr, HPDF_TRUE));
    st |= HPDF_Dict_AddNumber(d, "BitsPerComponent", 1);
    /* a set bit paints (the default paints a clear one) */
    st |=
        decode ? HPDF_Array_AddNumber(decode, 1) | HPDF_Array_AddNumber(decode, 0) : HPDF_FAILD_TO_ALLOC_MEM;
    st |= HPDF_Dict_Add(d, "Decode", decode);
    if (st != HPDF_OK)
        return NULL;
    if (pdf->nmasks < SD_PDF_MASKS) {
        pdf->masks[pdf->nmasks].key = sd_xstrdup(key);
        pdf->masks[pdf->nmasks++].obj = d;
    }
    return d;
}

void sd_pdf_mask(sd_pdf *pdf, const char *key, int w, int h, const unsigned char *bits, float x, float y,
                 float size, sd_rgb c)
{
    if (pdf->collecting || !pdf->page || w <= 0 || h <= 0)
        return;
    HPDF_Dict img = sd_pdf_mask_object(pdf, key, w, h, bits);
    const char *name = img && pdf->page ? HPDF_Page_GetXObjectName(pdf->page, img) : NULL;
    if (!name) {
        sd_pdf_error_handler(HPDF_INVALID_OBJECT, 0, pdf);
        return;
    }
    sd_buf *b = &pdf->ops;
    sd_buf_clear(b);
    sd_buf_adds(b, "q\n");
    sd_pdf_num(b, c.r);
    sd_buf_addc(b, ' ');
    sd_pdf_num(b, c.g);
    sd_buf_addc(b, ' ');
    sd_pdf_num(b, c.b);
    sd_buf_adds(b, " rg\n");
    sd_pdf_num(b, size);
    sd_buf_adds(b, " 0 0 ");
    sd_pdf_num(b, size * (float)h / (float)w);
    sd_buf_addc(b, ' ');
    sd_pdf_num(b, x);
    sd_buf_addc(b, ' ');
    sd_pdf_num(b, SD_A4_H - y - size * (float)h / (float)w);
    sd_buf_adds(b, " cm\n/");
    sd_buf_adds(b, name);
    sd_buf_adds(b, " Do\nQ\n");
    sd_pdf_emit(pdf);
}

/* Records what draw draws into a new Form XObject (NULL with the error
 * recorded). */
static HPDF_Dict sd_pdf_form_record(sd_pdf *pdf, void (*draw)(sd_pdf *, void *), void *data)
{
    sd_buf page_content = pdf->content;
    int cur_font = pdf->cur_font;
    float font_size = pdf->font_size;
    pdf->content = (sd_buf){0};
    pdf->cur_font = -1;
    pdf->in_form = true;
    pdf->form_fonts = 0;
    draw(pdf, data);
    pdf->in_form = false;
    sd_buf z = {0};
    sd_deflate(pdf->z, pdf->content.data ? pdf->content.data : "", pdf->content.len, &z);
    sd_buf_free(&pdf->content);
    pdf->content = page_content;
    pdf->cur_font = cur_font;
    pdf->font_size = font_size;

    HPDF_MMgr mm = pdf->doc->mmgr;
    HPDF_Dict d = sd_pdf_stream(pdf, z.data, z.len, true, true);
    HPDF_Array bbox = HPDF_Array_New(mm);
    HPDF_Dict res = HPDF_Dict_New(mm), fonts = HPDF_Dict_New(mm);
    if (!d || !bbox || !res || !fonts)
        return NULL;
    HPDF_STATUS st = HPDF_Dict_AddName(d, "Type", "XObject");
    st |= HPDF_Dict_AddName(d, "Subtype", "Form");
    st |= HPDF_Array_AddNumber(bbox, 0) | HPDF_Array_AddNumber(bbox, 0);
    st |= HPDF_Array_AddReal(bbox, SD_A4_W) | HPDF_Array_AddReal(bbox, SD_A4_H);
    st |= HPDF_Dict_Add(d, "BBox", bbox);
    for (int f = 0; f < SD_FONTS; f++)
        if (pdf->form_fonts & (1u << f))
            st |= HPDF_Dict_Add(fonts, sd_form_font_names[f], pdf->font[f]);
    st |= HPDF_Dict_Add(res, "Font", fonts);
    st |= HPDF_Dict_Add(d, "Resources", res);
    return st == HPDF_OK ? d : NULL;
}

void sd_pdf_form(sd_pdf *pdf, const char *key, void (*draw)(sd_pdf *, void *), void *data)
{
    if (pdf->collecting) {
        draw(pdf, data); /* its characters */
        return;
    }
    if (!pdf->page)
        return;
    HPDF_Dict form = NULL;
    for (size_t i = 0; i < pdf->nforms && !form; i++)
        if (strcmp(pdf->forms[i].key, key) == 0)
            form = pdf->forms[i].obj;
    if (!form && pdf->nforms == SD_PDF_FORMS) {
        draw(pdf, data); /* no room to keep another: drawn on the page */
        return;
    }
    if (!form) {
        if (!(form = sd_pdf_form_record(pdf, draw, data))) {
            sd_pdf_error_handler(HPDF_INVALID_OBJECT, 0, pdf);
            return;
        }
        pdf->forms[pdf->nforms].key = sd_xstrdup(key);
        pdf->forms[pdf->nforms++].obj = form;
    }
    const char *name = pdf->page ? HPDF_Page_GetXObjectName(pdf->page, form) : NULL;
    if (!name) {
        sd_pdf_error_handler(HPDF_INVALID_OBJECT, 0, pdf);
        return;
    }
    sd_buf *b = &pdf->ops;
    sd_buf_clear(b);
    sd_buf_adds(b, "q\n/");
    sd_buf_adds(b, name);
    sd_buf_adds(b, " Do\nQ\n");
    sd_pdf_emit(pdf);
}

bool sd_pdf_whole_font;

/* ---- the document's fonts, as PDF objects ---- */

/* A dictionary's write_fn: its attr (an sd_buf) written as it is, after
 * the entries libharu knows. */
static HPDF_STATUS sd_pdf_write_raw(HPDF_Dict dict, HPDF_Stream stream)
{
    const sd_buf *b = dict->attr;
    return b && b->len ? HPDF_Stream_Write(stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len) : HPDF_OK;
}

/* Streams hold bytes deflated by shindan: libharu is told to add no filter
 * of its own, and the entry is written with the dictionary. */
static sd_buf sd_flate_entry = {"/Filter /FlateDecode\n", 21, 0};

/* A new stream object of data (len bytes, deflated or not as said,
 * written from where they are: owned bytes become the object's, freed
 * with it, even on failure; others must outlive the document), or NULL
 * with the error recorded. */
static HPDF_Dict sd_pdf_stream(sd_pdf *pdf, void *data, size_t len, bool deflated, bool owned)
{
    HPDF_Dict d = HPDF_DictStream_New(pdf->doc->mmgr, pdf->doc->xref);
    if (!d) {
        if (owned)
            free(data);
        return NULL;
    }
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->attr = deflated ? &sd_flate_entry : NULL;
    d->write_fn = sd_pdf_write_raw;
    if (!sd_pdf_set_stream(d, data, len, owned))
        return NULL;
    return d;
}

/* A new indirect dictionary, or NULL. */
static HPDF_Dict sd_pdf_object(sd_pdf *pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->doc->mmgr);
    if (d && HPDF_Xref_Add(pdf->doc->xref, d) != HPDF_OK)
        return NULL; /* the xref freed it */
    return d;
}

/* Adds the part as a Type 0 font (Identity-H) over a CIDFontType2 with
 * its program, CIDToGIDMap and ToUnicode map into pdf->font[which]. */
static bool sd_pdf_add_font(sd_pdf *pdf, const sd_font *font, const sd_font_part *part, int which)
{
    char base[96];
    snprintf(base, sizeof base, "%s+%s", part->tag, sd_font_name(font));
    const sd_font_metrics *m = sd_font_get_metrics(font);

    /* the font program, deflated when the part was made */
    HPDF_Dict file = sd_pdf_stream(pdf, part->program.data, part->program.len, true, false);
    if (!file || HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)part->program_len) != HPDF_OK)
        return false;

    /* the maps, deflated when the part was made */
    HPDF_Dict cidmap =
        part->identity ? NULL : sd_pdf_stream(pdf, part->cidmap.data, part->cidmap.len, true, false);
    HPDF_Dict tounicode = sd_pdf_stream(pdf, part->tounicode.data, part->tounicode.len, true, false);
    if ((!cidmap && !part->identity) || !tounicode)
        return false;

    HPDF_MMgr mm = pdf->doc->mmgr;
    HPDF_Dict desc = sd_pdf_object(pdf);
    HPDF_Array bbox = HPDF_Array_New(mm);
    if (!desc || !bbox)
        return false;
    HPDF_STATUS st = HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    st |= HPDF_Dict_AddName(desc, "FontName", base);
    st |= HPDF_Dict_AddNumber(desc, "Flags", 4); /* symbolic: glyphs are found by CID */
    for (int i = 0; i < 4; i++)
        st |= HPDF_Array_AddNumber(bbox, m->bbox[i]);
    st |= HPDF_Dict_Add(desc, "FontBBox", bbox);
    st |= HPDF_Dict_AddNumber(desc, "ItalicAngle", 0);
    st |= HPDF_Dict_AddNumber(desc, "Ascent", m->ascent);
    st |= HPDF_Dict_AddNumber(desc, "Descent", m->descent);
    st |= HPDF_Dict_AddNumber(desc, "CapHeight", m->cap_height);
    st |= HPDF_Dict_AddNumber(desc, "StemV", 80);
    st |= HPDF_Dict_Add(desc, "FontFile2", file);

    HPDF_Dict cid = sd_pdf_object(pdf);
    HPDF_Dict info = HPDF_Dict_New(mm);
    if (!cid || !info)
        return false;
    st |= HPDF_Dict_AddName(cid, "Type", "Font");
    st |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    st |= HPDF_Dict_AddName(cid, "BaseFont", base);
    st |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    st |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    st |= HPDF_Dict_AddNumber(info, "Supplement", 0);
    st |= HPDF_Dict_Add(cid, "CIDSystemInfo", info);
    st |= HPDF_Dict_Add(cid, "FontDescriptor", desc);
    st |= HPDF_Dict_AddNumber(cid, "DW", 1000);
    st |= part->identity ? HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity")
                         : HPDF_Dict_Add(cid, "CIDToGIDMap", cidmap);
    cid->attr = (void *)&part->widths; /* only read */
    cid->write_fn = sd_pdf_write_raw;

    HPDF_Dict type0 = sd_pdf_object(pdf);
    HPDF_Array desc_fonts = HPDF_Array_New(mm);
    if (!type0 || !desc_fonts)
        return false;
    st |= HPDF_Dict_AddName(type0, "Type", "Font");
    st |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(type0, "BaseFont", base);
    st |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    st |= HPDF_Array_Add(desc_fonts, cid);
    st |= HPDF_Dict_Add(type0, "DescendantFonts", desc_fonts);
    st |= HPDF_Dict_Add(type0, "ToUnicode", tounicode);
    pdf->font[which] = type0;
    return st == HPDF_OK;
}

/* Decides which font draws each character (the shared part when it holds
 * it), makes the document's own subset of the rest and adds the fonts. */
static sd_error sd_pdf_load_fonts(sd_pdf *pdf, const sd_font *font, char *err, size_t errlen)
{
    const sd_font_part *shared = sd_pdf_whole_font ? NULL : sd_font_shared(font);
    size_t n = pdf->chars.n;
    pdf->cids = sd_xcalloc(n, sizeof *pdf->cids);
    pdf->fonts = sd_xcalloc(n, 1);
    sd_cpset rest = {0}; /* in the document's order: finished */
    for (size_t k = 0; k < n; k++) {
        long cid = sd_font_part_cid(shared, pdf->chars.cps[k]);
        if (cid > 0) {
            pdf->fonts[k] = SD_FONT_SHARED;
            pdf->part[SD_FONT_SHARED] = shared;
            pdf->cids[k] = (uint16_t)cid;
        } else {
            pdf->fonts[k] = SD_FONT_OWN;
            sd_cpset_add(&rest, pdf->chars.cps[k]);
        }
    }
    sd_error rc = SD_OK;
    if (rest.n && !(rc = sd_font_part_make(font, &rest, sd_pdf_whole_font, 1, &pdf->own, err, errlen)))
        pdf->part[SD_FONT_OWN] = &pdf->own;
    sd_cpset_free(&rest);
    if (rc)
        return rc;
    for (size_t k = 0; k < n; k++)
        if (pdf->fonts[k] == SD_FONT_OWN)
            pdf->cids[k] = (uint16_t)sd_font_part_cid(&pdf->own, pdf->chars.cps[k]);
    for (int f = 0; f < SD_FONTS; f++)
        if (pdf->part[f] && !sd_pdf_add_font(pdf, font, pdf->part[f], f))
            return sd_fail(err, errlen, SD_ERR_PDF, "PDF にフォントを書けません（%slibharu のエラー 0x%04X）",
                           sd_pdf_why(pdf->error), (unsigned)pdf->error);
    return SD_OK;
}

/* ---- the file, written as the pages end ----
 *
 * libharu would hold every object until HPDF_SaveToStream: a handout of
 * 300 attendees kept 600 pages' dictionaries (each entry with a 128-byte
 * name) and contents, 14 KB an attendee. Here each object is written, in
 * libharu's own syntax (HPDF_Obj_WriteValue) and at its place in the
 * cross-reference table, as soon as nothing will change it: at the end
 * of every page, all objects made since the last. Only the catalog, the
 * page tree and the document information wait for the end. A written
 * object is then freed (a page is emptied, all but its header, which the
 * page tree's references still read); the fonts, image masks and forms
 * that later pages draw again stay whole. A page then leaves about 330
 * bytes behind instead of 6 KB (test_pdf_pages). */

/* libharu writes through this stream straight into the checked output (no
 * copy of the file in memory); a failed write is libharu's error and the
 * output's at its commit. */
static HPDF_STATUS sd_pdf_file_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
    return fwrite(ptr, 1, siz, (FILE *)s->attr) == siz ? HPDF_OK
                                                       : HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
}

/* Starts the file: header and the binary marker. Returns HPDF_OK or the
 * error. */
static HPDF_STATUS sd_pdf_begin_file(sd_pdf *pdf)
{
    static const char *const headers[] = {"%PDF-1.2\n", "%PDF-1.3\n", "%PDF-1.4\n",
                                          "%PDF-1.5\n", "%PDF-1.6\n", "%PDF-1.7\n"};
    HPDF_Doc doc = pdf->doc;
    unsigned v = (unsigned)doc->pdf_version;
    if (v >= sizeof headers / sizeof *headers)
        return HPDF_INVALID_DOCUMENT;
    pdf->sink = (HPDF_Stream_Rec){.sig_bytes = HPDF_STREAM_SIG_BYTES,
                                  .type = HPDF_STREAM_CALLBACK,
                                  .mmgr = doc->mmgr,
                                  .error = &doc->error,
                                  .write_fn = sd_pdf_file_write,
                                  .attr = sd_output_stream(pdf->out)};
    HPDF_STATUS st = HPDF_Stream_WriteStr(&pdf->sink, headers[v]);
    /* binary bytes, as libharu marks its files */
    if (st == HPDF_OK)
        st = HPDF_Stream_WriteStr(&pdf->sink, "%\267\276\255\252\n");
    pdf->flushed = 1; /* entry 0 is the free list's head */
    return st;
}

/* Object i (entry e) as HPDF_Xref_WriteToStream writes it, its offset in
 * the entry. */
static HPDF_STATUS sd_pdf_write_object(sd_pdf *pdf, HPDF_UINT i, HPDF_XrefEntry e)
{
    HPDF_Stream s = &pdf->sink;
    char head[32];
    snprintf(head, sizeof head, "%u %u obj\n", (unsigned)i, (unsigned)e->gen_no);
    e->byte_offset = s->size;
    HPDF_STATUS st = HPDF_Stream_WriteStr(s, head);
    if (st == HPDF_OK)
        st = HPDF_Obj_WriteValue(e->obj, s, NULL);
    if (st == HPDF_OK)
        st = HPDF_Stream_WriteStr(s, "\nendobj\n");
    return st;
}

/* Whether obj waits for the end: what later pages change. */
static bool sd_pdf_held(const sd_pdf *pdf, const void *obj)
{
    HPDF_Doc doc = pdf->doc;
    return obj == doc->catalog || obj == doc->root_pages || obj == doc->cur_pages || obj == doc->info;
}

/* Whether later pages may name obj again (so it stays whole). */
static bool sd_pdf_reused(const sd_pdf *pdf, const void *obj)
{
    for (int f = 0; f < SD_FONTS; f++)
        if (obj == pdf->font[f])
            return true;
    for (size_t i = 0; i < pdf->nmasks; i++)
        if (obj == pdf->masks[i].obj)
            return true;
    for (size_t i = 0; i < pdf->nforms; i++)
        if (obj == pdf->forms[i].obj)
            return true;
    return false;
}

/* Empties a written dictionary: its entries, its stream (and the bytes a
 * span owns), a page's state; what stays is its header (the object's
 * number, which references to it write) and an empty list, which
 * libharu's HPDF_Free frees as it would any dictionary. */
static void sd_pdf_shed(HPDF_Dict d)
{
    if (d->free_fn)
        d->free_fn(d); /* a page's graphics state and attributes */
    d->free_fn = NULL;
    d->attr = NULL;
    d->before_write_fn = NULL;
    d->write_fn = NULL;
    d->after_write_fn = NULL;
    for (HPDF_UINT i = 0; i < d->list->count; i++) {
        HPDF_DictElement el = HPDF_List_ItemAt(d->list, i);
        if (el) {
            HPDF_Obj_Free(d->mmgr, el->value); /* direct values; a reference frees only itself */
            HPDF_FreeMem(d->mmgr, el);
        }
    }
    HPDF_List_Clear(d->list);
    if (d->stream)
        HPDF_Stream_Free(d->stream);
    d->stream = NULL;
}

/* Writes every object made since the last flush that nothing changes any
 * more, and frees those no later page names: a page is emptied (the page
 * tree reads its number at the end), anything else is freed whole, its
 * entry keeping only its offset. What names a freed object was made in
 * the same batch (a page its contents, a font its program) and is written
 * by then: it is freed too or, for the fonts, masks and forms kept for
 * later pages, never written again. After libharu's first error nothing
 * more is written (the render fails and removes the file). */
static void sd_pdf_flush(sd_pdf *pdf)
{
    if (pdf->error)
        return;
    HPDF_STATUS st = pdf->flushed ? HPDF_OK : sd_pdf_begin_file(pdf);
    HPDF_Xref xref = pdf->doc->xref;
    for (HPDF_UINT i = pdf->flushed; st == HPDF_OK && i < xref->entries->count; i++) {
        HPDF_XrefEntry e = HPDF_Xref_GetEntry(xref, i);
        if (e->obj && !sd_pdf_held(pdf, e->obj))
            st = sd_pdf_write_object(pdf, i, e);
    }
    /* freed only when all are written: an object names ones made before it */
    for (HPDF_UINT i = pdf->flushed; st == HPDF_OK && i < xref->entries->count; i++) {
        HPDF_XrefEntry e = HPDF_Xref_GetEntry(xref, i);
        if (!e->obj || sd_pdf_held(pdf, e->obj) || sd_pdf_reused(pdf, e->obj))
            continue;
        HPDF_Obj_Header *h = e->obj;
        if (h->obj_class == (HPDF_OCLASS_DICT | HPDF_OSUBCLASS_PAGE)) {
            sd_pdf_shed(e->obj); /* the page tree's Kids name it until the end */
        } else {
            HPDF_Obj_ForceFree(pdf->doc->mmgr, e->obj); /* only written objects name it */
            e->obj = NULL;
        }
    }
    if (st == HPDF_FILE_IO_ERROR)
        pdf->write_failed = true;
    if (st != HPDF_OK)
        sd_pdf_error_handler(st, 0, pdf); /* nothing more is drawn */
    pdf->flushed = xref->entries->count;
}

/* Ends the file: the objects held for the end, the cross-reference table
 * and the trailer, in libharu's syntax. Returns HPDF_OK or libharu's
 * error. */
static HPDF_STATUS sd_pdf_finish_file(sd_pdf *pdf)
{
    HPDF_Doc doc = pdf->doc;
    HPDF_Stream s = &pdf->sink;
    HPDF_Xref xref = doc->xref;
    HPDF_STATUS st = pdf->flushed ? HPDF_OK : sd_pdf_begin_file(pdf);
    for (HPDF_UINT i = 1; st == HPDF_OK && i < xref->entries->count; i++) {
        HPDF_XrefEntry e = HPDF_Xref_GetEntry(xref, i);
        if (e->obj && !e->byte_offset) /* unwritten (no object starts at 0: the header is there) */
            st = sd_pdf_write_object(pdf, i, e);
    }
    if (st != HPDF_OK)
        return st;
    HPDF_UINT addr = s->size;
    char line[32];
    snprintf(line, sizeof line, "xref\n0 %u\n", (unsigned)xref->entries->count);
    st = HPDF_Stream_WriteStr(s, line);
    for (HPDF_UINT i = 0; st == HPDF_OK && i < xref->entries->count; i++) {
        HPDF_XrefEntry e = HPDF_Xref_GetEntry(xref, i);
        snprintf(line, sizeof line, "%010u %05u %c\r\n", (unsigned)e->byte_offset, (unsigned)e->gen_no,
                 e->entry_typ);
        st = HPDF_Stream_WriteStr(s, line);
    }
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(xref->trailer, "Root", doc->catalog);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(xref->trailer, "Info", doc->info);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(xref->trailer, "Size", (HPDF_INT32)xref->entries->count);
    if (st == HPDF_OK)
        st = HPDF_Stream_WriteStr(s, "trailer\n");
    if (st == HPDF_OK)
        st = HPDF_Dict_Write(xref->trailer, s, NULL);
    if (st == HPDF_OK) {
        snprintf(line, sizeof line, "\nstartxref\n%u\n%%%%EOF\n", (unsigned)addr);
        st = HPDF_Stream_WriteStr(s, line);
    }
    return st;
}

/* A document-information entry as a UTF-16 text string. */
static void sd_pdf_info_text(sd_pdf *pdf, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    sd_buf u = {0};
    sd_buf_add(&u, "\xFE\xFF", 2);
    for (const char *p = value; *p;) {
        int32_t cp = sd_utf8_next(&p);
        if (cp < 0x20)
            continue;
        unsigned units[2];
        for (int i = 0, nu = sd_utf16((uint32_t)cp, units); i < nu; i++) {
            char be[2] = {(char)(units[i] >> 8), (char)(units[i] & 0xFF)};
            sd_buf_add(&u, be, 2);
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(pdf->doc->mmgr, (HPDF_BYTE *)u.data, (HPDF_UINT)u.len);
    if (!bin || HPDF_Dict_Add(pdf->doc->info, key, bin) != HPDF_OK)
        sd_pdf_error_handler(HPDF_INVALID_OBJECT, 0, pdf);
    sd_buf_free(&u);
}

sd_pdf *sd_pdf_measurer_new(const sd_font *font)
{
    sd_pdf *pdf = sd_xcalloc(1, sizeof *pdf);
    pdf->measure = font;
    pdf->cur_font = -1;
    return pdf;
}

void sd_pdf_measurer_free(sd_pdf *pdf) { free(pdf); }

sd_error sd_pdf_collect(const sd_font *font, sd_pdf_draw_fn draw, void *data, sd_cpset *chars)
{
    sd_pdf pdf = {.collecting = true, .measure = font};
    sd_error rc = draw(&pdf, data);
    if (!rc)
        sd_cpset_add_all(chars, &pdf.chars);
    sd_cpset_free(&pdf.chars);
    return rc;
}

sd_error sd_pdf_render(const sd_font *font, const sd_pdf_info *info, sd_pdf_draw_fn draw, void *data,
                       const char *path, unsigned mode, char *err, size_t errlen)
{
    /* pass 1 measures with the font's own widths, as pass 2 does, so it
     * records only what pass 2 draws: a text fitted or cut, a paragraph's
     * lines, a layout choice made on widths */
    sd_pdf pdf = {.collecting = true, .measure = font, .cur_font = -1};
    sd_error rc;

    /* Pass 1: which characters does the document use? */
    if ((rc = draw(&pdf, data)))
        goto cleanup;
    sd_cpset_add(&pdf.chars, ' ');
    sd_cpset_finish(&pdf.chars);
    sd_pdf_index_chars(&pdf);
    pdf.widths = sd_xcalloc(pdf.chars.n, sizeof *pdf.widths);
    for (size_t k = 0; k < pdf.chars.n; k++)
        pdf.widths[k] = sd_font_advance(font, pdf.chars.cps[k]);

    /* Pass 2: draw with the document's fonts. */
    pdf.collecting = false;
    pdf.measure = NULL;
    pdf.face = font;
    pdf.pages = 0;
    pdf.z = sd_deflater_new(6); /* page contents: 0.4 KB a report smaller than level 3, and 3x faster than zlib */
    pdf.doc = HPDF_New(sd_pdf_error_handler, &pdf);
    if (!pdf.doc) {
        rc = sd_fail(err, errlen, SD_ERR_NOMEM, "PDF を作成できません（メモリ不足）");
        goto cleanup;
    }
    HPDF_SetCompressionMode(pdf.doc, HPDF_COMP_NONE); /* streams are deflated here */
    /* the file is written as pages end; a failure removes it */
    if ((rc = sd_output_open(path, mode, &pdf.out, err, errlen)))
        goto cleanup;
    if ((rc = sd_pdf_load_fonts(&pdf, font, err, errlen)))
        goto cleanup;
    HPDF_SetInfoAttr(pdf.doc, HPDF_INFO_CREATOR, "shindan " SD_VERSION);
    sd_pdf_info_text(&pdf, "Title", info->title);
    sd_pdf_info_text(&pdf, "Author", info->author);
    sd_pdf_info_text(&pdf, "Subject", info->subject);
    if ((rc = draw(&pdf, data)))
        goto cleanup;
    if (pdf.missing) {
        rc = sd_fail(err, errlen, SD_ERR_PDF, "内部エラー: 文字 U+%04X がフォントの部分集合にありません",
                     (unsigned)pdf.missing);
        goto cleanup;
    }
    if (!pdf.error)
        sd_pdf_end_page(&pdf);
    if (pdf.write_failed) { /* the output names the file and the reason (a full disk) */
        rc = sd_output_commit(pdf.out, err, errlen);
        pdf.out = NULL;
        if (!rc)
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s を書けません", path);
        goto cleanup;
    }
    if (pdf.error) {
        rc = sd_fail(err, errlen, SD_ERR_PDF, "%slibharu のエラー 0x%04X（詳細 %u）", sd_pdf_why(pdf.error),
                     (unsigned)pdf.error, (unsigned)pdf.detail);
        goto cleanup;
    }
    /* the rest of libharu's objects, into our own checked output (libharu
     * does not check its own fclose) */
    HPDF_STATUS st = sd_pdf_finish_file(&pdf);
    if (st != HPDF_OK && st != HPDF_FILE_IO_ERROR) { /* a write error is the output's, at its commit */
        rc = sd_fail(err, errlen, SD_ERR_PDF, "%s を保存できません（%slibharu のエラー 0x%04X）", path,
                     sd_pdf_why(st), (unsigned)st);
        goto cleanup;
    }
    rc = sd_output_commit(pdf.out, err, errlen);
    pdf.out = NULL;
cleanup:
    if (pdf.doc)
        HPDF_Free(pdf.doc);
    sd_output_abort(pdf.out);
    sd_deflater_free(pdf.z);
    sd_font_part_free(&pdf.own);
    sd_buf_free(&pdf.ops);
    sd_buf_free(&pdf.content);
    for (size_t i = 0; i < pdf.nmasks; i++)
        free(pdf.masks[i].key);
    for (size_t i = 0; i < pdf.nforms; i++)
        free(pdf.forms[i].key);
    free(pdf.cids);
    free(pdf.fonts);
    free(pdf.slots);
    free(pdf.widths);
    sd_cpset_free(&pdf.chars);
    return rc;
}
