/* text.c - Unicode normalisation (utf8proc) and small UTF-8 helpers */
#include "core/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iconv.h>
#include <utf8proc.h>

#include "core/util.h"

static char *sd_nfkc(const char *s, utf8proc_option_t extra)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_COMPAT | extra);
    if (n < 0)
        return NULL;
    return (char *)out;
}

static bool sd_is_ws(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0 ||
           cp == 0xFEFF || cp == 0x200B;
}

/* A spreadsheet formula that only yields a text, ="00120", as business
 * systems export codes to keep their leading zeros: its text, in place
 * ("" inside stands for one "). Anything else is left as it is. */
static void sd_unwrap_formula_text(char *s)
{
    size_t n = strlen(s);
    if (n < 3 || s[0] != '=' || s[1] != '"' || s[n - 1] != '"')
        return;
    const char *end = s + n - 1;
    for (const char *p = s + 2; p < end; p++)
        if (*p == '"' && (p + 1 >= end || *++p != '"'))
            return; /* a quote that closes early: ="a"&B2 is no single text */
    char *w = s;
    for (const char *p = s + 2; p < end; p++) {
        if (*p == '"')
            p++;
        *w++ = *p;
    }
    *w = '\0';
}

char *sd_text_clean(const char *s)
{
    char *n = sd_nfkc(s ? s : "", 0);
    if (!n)
        return NULL;
    sd_unwrap_formula_text(n);
    sd_buf b = {0};
    bool pending_space = false;
    const char *p = n;
    while (*p) {
        const char *start = p;
        int32_t cp = sd_utf8_next(&p);
        if (sd_is_ws(cp)) {
            pending_space = b.len > 0;
            continue;
        }
        if (pending_space)
            sd_buf_addc(&b, ' ');
        pending_space = false;
        sd_buf_add(&b, start, (size_t)(p - start));
    }
    free(n);
    return sd_buf_steal(&b);
}

char *sd_text_key(const char *s)
{
    char *n = sd_nfkc(s ? s : "", UTF8PROC_CASEFOLD);
    if (!n)
        return NULL;
    sd_unwrap_formula_text(n);
    sd_buf b = {0};
    const char *p = n;
    while (*p) {
        const char *start = p;
        int32_t cp = sd_utf8_next(&p);
        if (sd_is_ws(cp) || cp == 0x30FB /* ・ */ || cp == 0x3001 /* 、 */ || cp == ',' || cp == '.' ||
            cp == ':' || cp == '_')
            continue;
        sd_buf_add(&b, start, (size_t)(p - start));
    }
    free(n);
    return sd_buf_steal(&b);
}

bool sd_text_valid(const char *s)
{
    const char *p = s;
    while (*p) {
        int32_t cp = sd_utf8_next(&p);
        if (cp < 0 || cp == 0xFFFD)
            return false;
    }
    return true;
}

static bool sd_is_control(int32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\r' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
}

int32_t sd_text_control(const char *s)
{
    for (const char *p = s; *p;) {
        int32_t cp = sd_utf8_next(&p);
        if (cp >= 0 && sd_is_control(cp))
            return cp;
    }
    return 0;
}

bool sd_name_has_control(const char *s)
{
    for (const char *p = s; *p;) {
        int32_t cp = sd_utf8_next(&p);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0 && sd_is_control(cp)))
            return true;
    }
    return false;
}

char *sd_text_visible(const char *s)
{
    sd_buf b = {0};
    for (const char *p = s; *p;) {
        const char *start = p;
        int32_t cp = sd_utf8_next(&p);
        if (cp == '\t' || cp == '\r' || cp == '\n') {
            sd_buf_addc(&b, ' ');
        } else if (cp < 0) {
            char hex[16];
            snprintf(hex, sizeof hex, "<%02X>", (unsigned char)*start);
            sd_buf_adds(&b, hex);
        } else if (sd_is_control(cp)) {
            char hex[16];
            snprintf(hex, sizeof hex, "<U+%04X>", (unsigned)cp);
            sd_buf_adds(&b, hex);
        } else {
            sd_buf_add(&b, start, (size_t)(p - start));
        }
    }
    char *out = sd_buf_steal(&b);
    return out ? out : sd_xstrdup("");
}

int32_t sd_utf8_next(const char **p)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)*p, -1, &cp);
    if (n <= 0) {
        (*p)++;
        return -1;
    }
    *p += n;
    return cp;
}

size_t sd_utf8_len(const char *s)
{
    size_t n = 0;
    while (*s) {
        sd_utf8_next(&s);
        n++;
    }
    return n;
}

size_t sd_utf8_put(char *out, int32_t cp)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

bool sd_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t sd_text_width(const char *s)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
        if (len <= 0) {
            p++;
            w++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        p += len;
    }
    return w;
}

void sd_text_pad(FILE *out, const char *s, size_t width)
{
    fputs(s, out);
    for (size_t w = sd_text_width(s); w < width; w++)
        fputc(' ', out);
}

int sd_utf16(uint32_t cp, unsigned u[2])
{
    if (cp < 0x10000) {
        u[0] = cp;
        return 1;
    }
    u[0] = 0xD800 + ((cp - 0x10000) >> 10);
    u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
    return 2;
}

/* Whether s converts from CP932 (Windows' Shift_JIS) without error. */
static bool sd_reads_as_cp932(const char *s)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1)
        return false;
    char out[256];
    char *in = (char *)s;
    size_t inleft = strlen(s);
    bool ok = true;
    while (inleft && ok) {
        char *o = out;
        size_t oleft = sizeof out;
        if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG)
            ok = false;
    }
    iconv_close(cd);
    return ok;
}

const char *sd_template_line_problem(const char *line, const char *path, int lineno, char *buf, size_t len)
{
    if (sd_text_valid(line))
        return NULL;
    if (sd_reads_as_cp932(line))
        snprintf(buf, len,
                 "%s は Shift_JIS（メモ帳では「ANSI」）で保存されているようです（%d 行目で判明）。"
                 "メモ帳の「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください",
                 path, lineno);
    else
        snprintf(buf, len, "%s の %d 行目に UTF-8 として読めない文字があります。UTF-8 で保存し直してください", path,
                 lineno);
    return buf;
}

const char *sd_skip_bom(const char *s)
{
    return strncmp(s, "\xEF\xBB\xBF", 3) == 0 ? s + 3 : s;
}
