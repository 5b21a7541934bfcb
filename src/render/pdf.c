/* pdf.c - libharu wrapper: per-document font subset, text, wrapping, shapes */
#include "render/pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <linebreak.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"
#include "core/util.h"

struct sd_pdf {
    bool collecting;      /* first pass: record characters only */
    sd_cpset chars;       /* characters recorded in the first pass */
    HPDF_Doc doc;         /* second pass */
    HPDF_Page page;       /* current page */
    HPDF_Font font;
    int pages;            /* pages begun */
    HPDF_STATUS error;    /* first libharu error */
    HPDF_STATUS detail;
    uint32_t missing;     /* a character drawn in pass 2 but not collected in pass 1 */
    uint64_t bmp[1024];   /* the collected characters of the BMP, one bit each */
};

/* The subset holds exactly what pass 1 collected; drawing anything else
 * would print an empty box. The draw functions make the same calls in
 * both passes, and this check (a bit per character) keeps it so. */
static void sd_pdf_check_subset(sd_pdf *pdf, const char *text)
{
    for (const char *p = text; *p && !pdf->missing;) {
        int32_t cp = sd_utf8_next(&p);
        uint32_t u = (uint32_t)cp;
        if (cp <= 0x20)
            continue;
        bool have = u < 0x10000 ? (pdf->bmp[u >> 6] >> (u & 63)) & 1 : sd_cpset_has(&pdf->chars, u);
        if (!have)
            pdf->missing = u;
    }
}

static void sd_pdf_error_handler(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    sd_pdf *pdf = user;
    if (!pdf->error) {
        pdf->error = error;
        pdf->detail = detail;
    }
}

static pthread_once_t sd_linebreak_once = PTHREAD_ONCE_INIT;

bool sd_pdf_collecting(const sd_pdf *pdf) { return pdf->collecting; }
int sd_pdf_page_number(const sd_pdf *pdf) { return pdf->pages; }

void sd_pdf_new_page(sd_pdf *pdf)
{
    pdf->pages++;
    if (pdf->collecting)
        return;
    pdf->page = HPDF_AddPage(pdf->doc);
    HPDF_Page_SetSize(pdf->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    HPDF_Page_SetFontAndSize(pdf->page, pdf->font, 10);
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
    HPDF_Page_SetFontAndSize(pdf->page, pdf->font, size);
    return HPDF_Page_TextWidth(pdf->page, text);
}

void sd_pdf_text(sd_pdf *pdf, float x, float y, float size, const char *text)
{
    if (pdf->collecting) {
        sd_cpset_add_utf8(&pdf->chars, text);
        return;
    }
    if (!*text)
        return;
    sd_pdf_check_subset(pdf, text);
    HPDF_Page_BeginText(pdf->page);
    HPDF_Page_SetFontAndSize(pdf->page, pdf->font, size);
    HPDF_Page_TextOut(pdf->page, x, SD_A4_H - y, text);
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
    while (s > min_size && sd_pdf_text_width(pdf, s, text) > width)
        s -= 0.5f;
    if (sd_pdf_text_width(pdf, s, text) <= width) {
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

static int sd_pdf_wrap(sd_pdf *pdf, float width, float size, const char *text, sd_line_fn emit, void *user)
{
    size_t len = strlen(text);
    if (len == 0)
        return 0;
    pthread_once(&sd_linebreak_once, init_linebreak);
    char *brks = sd_xmalloc(len);
    set_linebreaks_utf8((const utf8_t *)text, len, "ja", brks);
    char *line = sd_xmalloc(len + 1);
    int lines = 0;
    size_t start = 0;
    while (start < len) {
        size_t best = 0;     /* end (exclusive) of the longest fitting line */
        size_t last_char = start;
        bool forced = false;
        for (size_t i = start; i < len; i++) {
            if (brks[i] == LINEBREAK_INSIDEACHAR)
                continue;
            size_t end = i + 1;
            memcpy(line, text + start, end - start);
            line[end - start] = '\0';
            /* trailing spaces do not count against the width */
            size_t vis = end - start;
            while (vis > 0 && line[vis - 1] == ' ')
                vis--;
            line[vis] = '\0';
            bool fits = sd_pdf_text_width(pdf, size, line) <= width;
            if (!fits)
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
        emit(pdf, text + start, n, user);
        lines++;
        start = best;
        if (!forced)
            while (start < len && text[start] == ' ')
                start++;
    }
    free(line);
    free(brks);
    return lines;
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
        HPDF_UINT16 pat[] = {3, 2};
        HPDF_Page_SetDash(pdf->page, pat, 2, 0);
    }
    HPDF_Page_MoveTo(pdf->page, x1, SD_A4_H - y1);
    HPDF_Page_LineTo(pdf->page, x2, SD_A4_H - y2);
    HPDF_Page_Stroke(pdf->page);
    HPDF_Page_GRestore(pdf->page);
}

bool sd_pdf_whole_font;

sd_error sd_pdf_render(const sd_font *font, const sd_pdf_info *info, sd_pdf_draw_fn draw, void *data,
                       const char *path, unsigned mode, char *err, size_t errlen)
{
    sd_pdf pdf = {.collecting = true};
    sd_font_file subset = {.fd = -1};
    char *tmp_path = NULL;
    sd_error rc;

    /* Pass 1: which characters does the document use? */
    if ((rc = draw(&pdf, data)))
        goto cleanup;
    sd_cpset_add_utf8(&pdf.chars, info->title);
    sd_cpset_finish(&pdf.chars);
    for (size_t i = 0; i < pdf.chars.n && pdf.chars.cps[i] < 0x10000; i++)
        pdf.bmp[pdf.chars.cps[i] >> 6] |= (uint64_t)1 << (pdf.chars.cps[i] & 63);
    /* Pass 2: draw with the subset. libharu 2.3.0 now and then fails to
     * save a document (HPDF_INVALID_OBJECT) for reasons inside it that
     * depend on the font's tables; the document is then drawn again with
     * the subset as HarfBuzz made it, which has so far always saved. */
    for (int attempt = 0; attempt < 2; attempt++) {
        bool fast = attempt == 0;
        if (pdf.doc) {
            HPDF_Free(pdf.doc);
            pdf.doc = NULL;
        }
        sd_font_file_close(&subset);
        pdf.error = pdf.detail = 0;
        pdf.missing = 0;
        if (!sd_pdf_whole_font && (rc = sd_font_subset_file(font, &pdf.chars, fast, &subset, err, errlen)))
            goto cleanup;
        pdf.collecting = false;
        pdf.pages = 0;
        pdf.page = NULL;
        pdf.doc = HPDF_New(sd_pdf_error_handler, &pdf);
        if (!pdf.doc) {
            rc = sd_fail(err, errlen, SD_ERR_NOMEM, "PDF を作成できません（メモリ不足）");
            goto cleanup;
        }
        HPDF_SetCompressionMode(pdf.doc, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(pdf.doc);
        HPDF_SetCurrentEncoder(pdf.doc, "UTF-8");
        const char *file = sd_pdf_whole_font ? sd_font_path(font) : subset.path;
        const char *name = HPDF_LoadTTFontFromFile(pdf.doc, file, HPDF_TRUE);
        pdf.font = name ? HPDF_GetFont(pdf.doc, name, "UTF-8") : NULL;
        if (!pdf.font) {
            rc = sd_fail(err, errlen, SD_ERR_FONT, "libharu がフォント %s を読めません（エラー 0x%04X）",
                         sd_font_path(font), (unsigned)pdf.error);
            goto cleanup;
        }
        HPDF_SetInfoAttr(pdf.doc, HPDF_INFO_TITLE, info->title);
        if (info->author && *info->author)
            HPDF_SetInfoAttr(pdf.doc, HPDF_INFO_AUTHOR, info->author);
        if (info->subject && *info->subject)
            HPDF_SetInfoAttr(pdf.doc, HPDF_INFO_SUBJECT, info->subject);
        HPDF_SetInfoAttr(pdf.doc, HPDF_INFO_CREATOR, "shindan " SD_VERSION);
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
            if (fast)
                continue;
            goto cleanup;
        }
        if (!tmp_path)
            tmp_path = sd_xasprintf("%s.tmp", path);
        /* created first with its final mode; libharu then writes into it */
        int fd = sd_create_file(tmp_path, mode);
        if (fd < 0) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s を作成できません: %s", tmp_path, strerror(errno));
            goto cleanup;
        }
        close(fd);
        if (HPDF_SaveToFile(pdf.doc, tmp_path) != HPDF_OK) {
            rc = sd_fail(err, errlen, SD_ERR_IO, "%s に書き込めません（libharu のエラー 0x%04X）", tmp_path,
                         (unsigned)pdf.error);
            unlink(tmp_path);
            if (fast)
                continue;
            goto cleanup;
        }
        rc = SD_OK;
        break;
    }
    if (rc)
        goto cleanup;
    if (rename(tmp_path, path) != 0) {
        rc = sd_fail(err, errlen, SD_ERR_IO, "%s を作成できません", path);
        goto cleanup;
    }
cleanup:
    if (pdf.doc)
        HPDF_Free(pdf.doc);
    if (tmp_path) {
        unlink(tmp_path); /* no-op after a successful rename */
        free(tmp_path);
    }
    sd_font_file_close(&subset);
    sd_cpset_free(&pdf.chars);
    return rc;
}
