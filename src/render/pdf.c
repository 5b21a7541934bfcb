/* pdf.c - the libharu glue: per-document font subset, text, wrapping,
 * shapes. The one file that includes libharu, internal headers too (the
 * font definition, encoder and memory stream); everything else draws
 * through render/pdf.h. */
#include "render/pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_version.h>

/* The internals used here (HPDF_Doc's mmgr, HPDF_TTFontDef_Load and
 * SetTagName, HPDF_Doc_RegisterFontDef and RegisterEncoder, the CMap
 * encoder's tables) are laid out as in libharu 2.3.0 and 2.4.x. */
#if !defined(HPDF_VERSION_ID) || HPDF_VERSION_ID < 20300 || HPDF_VERSION_ID >= 20500
#error "src/render/pdf.c was written for libharu 2.3.0 to 2.4.x; check its use of libharu internals before building with another version"
#endif
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>
#include <linebreak.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/output.h"
#include "core/text.h"
#include "core/util.h"

struct sd_pdf {
    bool collecting;      /* first pass: record characters only */
    sd_cpset chars;       /* characters recorded in the first pass, then finished */
    int *widths;          /* widths[k]: chars.cps[k] in thousandths of an em */
    HPDF_Doc doc;         /* second pass */
    HPDF_Page page;       /* current page */
    HPDF_Font font;
    float font_size;      /* size last set on the page, 0 for none */
    int pages;            /* pages begun */
    HPDF_STATUS error;    /* first libharu error */
    HPDF_STATUS detail;
    uint32_t missing;     /* a character drawn in pass 2 but not collected in pass 1 */
    sd_buf enc;           /* text in the document's codes */
};

/* Index of cp among the document's characters; -1 (and the first such
 * character remembered) when pass 1 did not collect it. The subset holds
 * exactly what pass 1 collected: the draw functions make the same calls in
 * both passes, and this keeps it so instead of printing an empty box. */
static long sd_pdf_char(sd_pdf *pdf, uint32_t cp)
{
    long k = sd_cpset_index(&pdf->chars, cp);
    if (k < 0 && !pdf->missing)
        pdf->missing = cp;
    return k;
}

/* Index of the character cp starts, or -1 for a control character or
 * broken byte (not drawn) or a character pass 1 did not collect. */
static long sd_pdf_drawn(sd_pdf *pdf, int32_t cp) { return cp < 0x20 ? -1 : sd_pdf_char(pdf, (uint32_t)cp); }

/* text in the document's two-byte codes, in pdf->enc; what is not drawn
 * is left out. */
static void sd_pdf_encode(sd_pdf *pdf, const char *text)
{
    sd_buf_clear(&pdf->enc);
    for (const char *p = text; *p;) {
        long k = sd_pdf_drawn(pdf, sd_utf8_next(&p));
        if (k < 0)
            continue;
        uint16_t code = sd_font_code((size_t)k);
        char b[2] = {(char)(code >> 8), (char)(code & 0xFF)};
        sd_buf_add(&pdf->enc, b, 2);
    }
}

/* Width of the first len bytes of text in thousandths of an em. */
static long sd_pdf_measure(sd_pdf *pdf, const char *text, size_t len)
{
    long width = 0;
    for (const char *p = text, *end = text + len; p < end && *p;) {
        long k = sd_pdf_drawn(pdf, sd_utf8_next(&p));
        if (k >= 0)
            width += pdf->widths[k];
    }
    return width;
}

static float sd_pdf_points(long width, float size) { return (float)((double)width * size / 1000); }

static void sd_pdf_error_handler(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    sd_pdf *pdf = user;
    if (!pdf->error) {
        pdf->error = error;
        pdf->detail = detail;
    }
}

static pthread_once_t sd_linebreak_once = PTHREAD_ONCE_INIT;

static void sd_pdf_set_size(sd_pdf *pdf, float size)
{
    if (pdf->font_size != size) {
        HPDF_Page_SetFontAndSize(pdf->page, pdf->font, size);
        pdf->font_size = size;
    }
}

bool sd_pdf_collecting(const sd_pdf *pdf) { return pdf->collecting; }
int sd_pdf_page_number(const sd_pdf *pdf) { return pdf->pages; }

void sd_pdf_new_page(sd_pdf *pdf)
{
    pdf->pages++;
    if (pdf->collecting)
        return;
    pdf->page = HPDF_AddPage(pdf->doc);
    HPDF_Page_SetSize(pdf->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    pdf->font_size = 0;
    sd_pdf_set_size(pdf, 10);
}

void sd_pdf_fill_color(sd_pdf *pdf, sd_rgb c)
{
    if (!pdf->collecting)
        HPDF_Page_SetRGBFill(pdf->page, c.r, c.g, c.b);
}

float sd_pdf_text_width(sd_pdf *pdf, float size, const char *text)
{
    if (pdf->collecting || !*text)
        return 0;
    return sd_pdf_points(sd_pdf_measure(pdf, text, strlen(text)), size);
}

void sd_pdf_text(sd_pdf *pdf, float x, float y, float size, const char *text)
{
    if (pdf->collecting) {
        sd_cpset_add_utf8(&pdf->chars, text);
        return;
    }
    sd_pdf_encode(pdf, text);
    if (!pdf->enc.len)
        return;
    HPDF_Page_BeginText(pdf->page);
    sd_pdf_set_size(pdf, size);
    HPDF_Page_TextOut(pdf->page, x, SD_A4_H - y, pdf->enc.data);
    HPDF_Page_EndText(pdf->page);
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
    if (pdf->collecting) {
        sd_cpset_add_utf8(&pdf->chars, text);
        sd_cpset_add_utf8(&pdf->chars, "…");
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

static int sd_pdf_wrap(sd_pdf *pdf, float width, float size, const char *text, sd_line_fn emit, void *user)
{
    size_t len = strlen(text);
    if (len == 0)
        return 0;
    pthread_once(&sd_linebreak_once, init_linebreak);
    char *brks = sd_xmalloc(len);
    set_linebreaks_utf8((const utf8_t *)text, len, "ja", brks);
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
            if (brks[i] == LINEBREAK_INSIDEACHAR)
                continue;
            size_t end = i + 1;
            all += sd_pdf_measure(pdf, text + cstart, end - cstart);
            if (text[cstart] != ' ')
                vis = all;
            cstart = end;
            if (sd_pdf_points(vis, size) > width)
                break;
            last_char = end;
            if (brks[i] == LINEBREAK_MUSTBREAK) {
                best = end;
                forced = true;
                break;
            }
            if (brks[i] == LINEBREAK_ALLOWBREAK || end == len)
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
    /* No widow: a last line of one or two characters (「す。」) takes
     * characters from the line above, breaking it at the latest allowed
     * place that leaves the last line at least three and still fitting. */
    if (nlines >= 2 && !lines[nlines - 2].forced) {
        sd_wrap_line *prev = &lines[nlines - 2], *last = &lines[nlines - 1];
        if (sd_utf8_count(text + last->start, last->n) <= 2) {
            size_t end = last->start + last->n;
            for (size_t i = prev->start + prev->n; i > prev->start + 1; i--) {
                size_t cut = i - 1; /* a break allowed after byte cut */
                if (brks[cut] != LINEBREAK_ALLOWBREAK)
                    continue;
                size_t tail = cut + 1;
                if (sd_utf8_count(text + tail, end - tail) < 3)
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
    if (pdf->collecting) {
        sd_cpset_add_utf8(&pdf->chars, text);
        return 1;
    }
    sd_para_pos pos = {x, y, size, leading};
    return sd_pdf_wrap(pdf, width, size, text, sd_emit_draw, &pos);
}

int sd_pdf_paragraph_lines(sd_pdf *pdf, float width, float size, const char *text)
{
    if (pdf->collecting) {
        sd_cpset_add_utf8(&pdf->chars, text);
        return 1;
    }
    return sd_pdf_wrap(pdf, width, size, text, sd_emit_none, NULL);
}

void sd_pdf_rect(sd_pdf *pdf, float x, float y, float w, float h, const sd_rgb *fill, const sd_rgb *stroke,
                 float line_width)
{
    if (pdf->collecting || w <= 0 || h <= 0)
        return;
    HPDF_Page_GSave(pdf->page);
    if (fill)
        HPDF_Page_SetRGBFill(pdf->page, fill->r, fill->g, fill->b);
    if (stroke) {
        HPDF_Page_SetRGBStroke(pdf->page, stroke->r, stroke->g, stroke->b);
        HPDF_Page_SetLineWidth(pdf->page, line_width);
    }
    HPDF_Page_Rectangle(pdf->page, x, SD_A4_H - y - h, w, h);
    if (fill && stroke)
        HPDF_Page_FillStroke(pdf->page);
    else if (fill)
        HPDF_Page_Fill(pdf->page);
    else
        HPDF_Page_Stroke(pdf->page);
    HPDF_Page_GRestore(pdf->page);
}

void sd_pdf_line(sd_pdf *pdf, float x1, float y1, float x2, float y2, sd_rgb c, float width, bool dashed)
{
    if (pdf->collecting)
        return;
    HPDF_Page_GSave(pdf->page);
    HPDF_Page_SetRGBStroke(pdf->page, c.r, c.g, c.b);
    HPDF_Page_SetLineWidth(pdf->page, width);
    if (dashed) {
#if HPDF_VERSION_ID >= 20400
        HPDF_REAL pat[] = {3, 2}; /* 2.4 takes the pattern as reals */
#else
        HPDF_UINT16 pat[] = {3, 2};
#endif
        HPDF_Page_SetDash(pdf->page, pat, 2, 0);
    }
    HPDF_Page_MoveTo(pdf->page, x1, SD_A4_H - y1);
    HPDF_Page_LineTo(pdf->page, x2, SD_A4_H - y2);
    HPDF_Page_Stroke(pdf->page);
    HPDF_Page_GRestore(pdf->page);
}

bool sd_pdf_whole_font;

/* ---- libharu, below its public API ----
 *
 * libharu's UTF-8 encoding makes every code point a CID, so for each
 * document it looks up all 65,536 BMP code points in the font and writes
 * and compresses a 128 KB CIDToGIDMap; that was a third of a report's
 * time. A document here has its own encoding instead: its k-th character
 * is the two-byte code sd_font_code(k), which is also its CID, so the map
 * has a few hundred entries. The structures used (encoder, font and
 * document records, memory streams) are libharu 2.3.0's installed
 * headers; the test suite reads every report back with poppler and qpdf. */

static HPDF_STATUS sd_enc_init(HPDF_Encoder e)
{
    (void)e;
    return HPDF_OK; /* set up by sd_pdf_encoder before it is registered */
}

static HPDF_BOOL sd_enc_two_bytes(HPDF_Encoder e, HPDF_BYTE b)
{
    (void)e, (void)b;
    return HPDF_TRUE; /* every character is a lead byte and a trail byte */
}

#define SD_ENCODING "shindan"

/* The document's encoding: code sd_font_code(k) is CID code, and libharu
 * finds its glyph by looking code up in the subset's cmap (which maps the
 * codes), or, with the whole font, by the character itself. One more
 * code than characters: libharu leaves the highest CID out of the map. */
static HPDF_Encoder sd_pdf_encoder(sd_pdf *pdf, bool whole)
{
    char name[] = SD_ENCODING;
    HPDF_Encoder e = HPDF_CMapEncoder_New(pdf->doc->mmgr, name, sd_enc_init);
    if (!e)
        return NULL;
    if (HPDF_CMapEncoder_InitAttr(e) != HPDF_OK) {
        HPDF_Encoder_Free(e);
        return NULL;
    }
    HPDF_CMapEncoderAttr a = e->attr;
    a->is_lead_byte_fn = sd_enc_two_bytes;
    a->is_trial_byte_fn = sd_enc_two_bytes;
    snprintf(a->registry, sizeof a->registry, "Adobe");
    snprintf(a->ordering, sizeof a->ordering, "Identity-H"); /* makes libharu use Identity-H */
    a->suppliment = 0;
    a->writing_mode = HPDF_WMODE_HORIZONTAL;
    HPDF_CidRange_Rec all = {0x0000, 0xFFFF, 0};
    HPDF_CMapEncoder_AddCodeSpaceRange(e, all);
    for (size_t k = 0; k <= pdf->chars.n; k++) {
        uint16_t code = sd_font_code(k);
        uint32_t cp = k < pdf->chars.n ? pdf->chars.cps[k] : 0;
        /* libharu's tables are indexed [low byte][high byte] */
        a->cid_map[code & 0xFF][code >> 8] = code;
        a->unicode_map[code & 0xFF][code >> 8] = !whole ? code : cp < 0x10000 ? (HPDF_UNICODE)cp : 0;
    }
    e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
    return e;
}

/* cp as UTF-16 code units in u; returns how many (1, or 2 for a
 * surrogate pair). */
static int sd_utf16(uint32_t cp, unsigned u[2])
{
    if (cp < 0x10000) {
        u[0] = cp;
        return 1;
    }
    u[0] = 0xD800 + ((cp - 0x10000) >> 10);
    u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
    return 2;
}

/* Replaces the ToUnicode map libharu wrote (CID ranges, which readers
 * reject) with one from the document's codes to its characters. */
static void sd_pdf_to_unicode(sd_pdf *pdf)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)pdf->font->attr;
    HPDF_Dict cmap = fa->cmap_stream;
    if (!cmap) {
        sd_pdf_error_handler(HPDF_INVALID_OBJECT, 0, pdf);
        return;
    }
    static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        HPDF_Dict_RemoveElement(cmap, keys[i]);
    HPDF_MemStream_FreeData(cmap->stream);
    sd_buf b = {0};
    sd_buf_adds(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t k = 0; k < pdf->chars.n; k += 100) {
        size_t n = pdf->chars.n - k < 100 ? pdf->chars.n - k : 100;
        sd_buf_printf(&b, "%zu beginbfchar\n", n);
        for (size_t j = k; j < k + n; j++) {
            unsigned u[2];
            sd_buf_printf(&b, "<%04X> <", sd_font_code(j));
            for (int i = 0, nu = sd_utf16(pdf->chars.cps[j], u); i < nu; i++)
                sd_buf_printf(&b, "%04X", u[i]);
            sd_buf_adds(&b, ">\n");
        }
        sd_buf_adds(&b, "endbfchar\n");
    }
    sd_buf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    sd_buf_free(&b);
}

/* A document-information entry as a UTF-16 text string (libharu would
 * need its UTF-8 encoder, and its 256 KB of tables, for that). */
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

/* A subset's tag in the font's name: six capitals from the characters, so
 * that documents with different subsets name them differently. */
static void sd_pdf_tag(const sd_cpset *chars, char tag[7])
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < chars->n; i++) {
        h ^= chars->cps[i];
        h *= 1099511628211ull;
    }
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
}

/* Loads the subset (or the whole font) into the document and selects it
 * with the document's encoding. */
static sd_error sd_pdf_load_font(sd_pdf *pdf, const sd_font *font, const sd_buf *subset, char *err, size_t errlen)
{
    HPDF_Encoder enc = sd_pdf_encoder(pdf, sd_pdf_whole_font);
    if (!enc || HPDF_Doc_RegisterEncoder(pdf->doc, enc) != HPDF_OK)
        return sd_fail(err, errlen, SD_ERR_PDF, "PDF の文字コード表を作れません（エラー 0x%04X）",
                       (unsigned)pdf->error);
    const char *name = NULL;
    if (sd_pdf_whole_font) {
        name = HPDF_LoadTTFontFromFile(pdf->doc, sd_font_path(font), HPDF_TRUE);
    } else {
        HPDF_MMgr mmgr = pdf->doc->mmgr;
        HPDF_Stream s = HPDF_MemStream_New(mmgr, (HPDF_UINT)subset->len);
        if (s && HPDF_Stream_Write(s, (const HPDF_BYTE *)subset->data, (HPDF_UINT)subset->len) == HPDF_OK &&
            HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) == HPDF_OK) {
            HPDF_FontDef def = HPDF_TTFontDef_Load(mmgr, s, HPDF_TRUE); /* owns s from here */
            s = NULL;
            if (def) {
                char tag[7];
                sd_pdf_tag(&pdf->chars, tag);
                HPDF_TTFontDef_SetTagName(def, tag);
                if (HPDF_Doc_RegisterFontDef(pdf->doc, def) == HPDF_OK)
                    name = def->base_font;
            }
        }
        if (s)
            HPDF_Stream_Free(s);
    }
    pdf->font = name ? HPDF_GetFont(pdf->doc, name, SD_ENCODING) : NULL;
    if (!pdf->font)
        return sd_fail(err, errlen, SD_ERR_FONT, "libharu がフォント %s を読めません（エラー 0x%04X）",
                       sd_font_path(font), (unsigned)pdf->error);
    sd_pdf_to_unicode(pdf);
    return SD_OK;
}

sd_error sd_pdf_render(const sd_font *font, const sd_pdf_info *info, sd_pdf_draw_fn draw, void *data,
                       const char *path, unsigned mode, char *err, size_t errlen)
{
    sd_pdf pdf = {.collecting = true};
    sd_buf subset = {0};
    sd_output *out = NULL;
    sd_error rc;

    /* Pass 1: which characters does the document use? */
    if ((rc = draw(&pdf, data)))
        goto cleanup;
    sd_cpset_add(&pdf.chars, ' ');
    sd_cpset_finish(&pdf.chars);
    pdf.widths = sd_xcalloc(pdf.chars.n, sizeof *pdf.widths);
    for (size_t k = 0; k < pdf.chars.n; k++)
        pdf.widths[k] = sd_font_advance(font, pdf.chars.cps[k]);
    if (!sd_pdf_whole_font && (rc = sd_font_subset(font, &pdf.chars, &subset, err, errlen)))
        goto cleanup;

    /* Pass 2: draw with the subset. */
    pdf.collecting = false;
    pdf.pages = 0;
    pdf.doc = HPDF_New(sd_pdf_error_handler, &pdf);
    if (!pdf.doc) {
        rc = sd_fail(err, errlen, SD_ERR_NOMEM, "PDF を作成できません（メモリ不足）");
        goto cleanup;
    }
    HPDF_SetCompressionMode(pdf.doc, HPDF_COMP_ALL);
    if ((rc = sd_pdf_load_font(&pdf, font, &subset, err, errlen)))
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
    if (pdf.error) {
        rc = sd_fail(err, errlen, SD_ERR_PDF, "libharu のエラー 0x%04X（詳細 %u）", (unsigned)pdf.error,
                     (unsigned)pdf.detail);
        goto cleanup;
    }
    /* saved to libharu's memory stream, then copied through our own
     * checked output: libharu does not check its own fclose */
    if (HPDF_SaveToStream(pdf.doc) != HPDF_OK) {
        rc = sd_fail(err, errlen, SD_ERR_PDF, "%s を保存できません（libharu のエラー 0x%04X）", path,
                     (unsigned)pdf.error);
        goto cleanup;
    }
    if ((rc = sd_output_open(path, mode, &out, err, errlen)))
        goto cleanup;
    FILE *fp = sd_output_stream(out);
    HPDF_ResetStream(pdf.doc);
    for (;;) {
        HPDF_BYTE chunk[16384];
        HPDF_UINT32 len = sizeof chunk;
        HPDF_STATUS st = HPDF_ReadFromStream(pdf.doc, chunk, &len);
        if (len > 0 && fwrite(chunk, 1, len, fp) != len)
            break; /* the stream's error is reported at commit */
        if (st == HPDF_STREAM_EOF)
            break;
        if (st != HPDF_OK) {
            rc = sd_fail(err, errlen, SD_ERR_PDF, "%s を保存できません（libharu のエラー 0x%04X）", path,
                         (unsigned)st);
            goto cleanup;
        }
    }
    rc = sd_output_commit(out, err, errlen);
    out = NULL;
cleanup:
    if (pdf.doc)
        HPDF_Free(pdf.doc);
    sd_output_abort(out);
    sd_buf_free(&subset);
    sd_buf_free(&pdf.enc);
    free(pdf.widths);
    sd_cpset_free(&pdf.chars);
    return rc;
}
