/* fontsubset.c - font discovery (fontconfig) and per-document subsets (hb-subset) */
#include "render/fontsubset.h"

#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "core/util.h"

struct sd_font {
    char *path;      /* file the face came from */
    hb_face_t *face; /* immutable after open */
    hb_font_t *hb;   /* the face at its own scale (font units); immutable */
    unsigned upem;
};

const char *sd_font_path(const sd_font *f) { return f->path; }

static char *sd_font_in_dir(const char *dir)
{
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return NULL;
    char *best = NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 4 && (strcasecmp(e->d_name + n - 4, ".ttf") == 0 || strcasecmp(e->d_name + n - 4, ".otf") == 0)) {
            /* the alphabetically first, so the choice does not depend on
             * the directory's order */
            if (!best || strcmp(e->d_name, strrchr(best, '/') + 1) < 0) {
                free(best);
                best = sd_xasprintf("%s/%s", dir, e->d_name);
            }
        }
    }
    closedir(d);
    return best;
}

static char *sd_font_from_fontconfig(const char *family)
{
    char *result = NULL;
    if (!FcInit())
        return NULL;
    FcPattern *pat = FcNameParse((const FcChar8 *)family);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcChar8 *file = NULL, *fam = NULL;
    if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch &&
        strncasecmp((const char *)fam, "IPAex", 5) == 0)
        result = sd_xstrdup((const char *)file);
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    FcFini(); /* the path is all we keep; release fontconfig's caches */
    return result;
}

sd_error sd_font_open(const char *file, const char *fonts_dir, sd_font **out, char *err, size_t errlen)
{
    *out = NULL;
    char *path = file ? sd_xstrdup(file) : sd_font_in_dir(fonts_dir);
    if (!path)
        path = sd_font_from_fontconfig("IPAexGothic");
    if (!path)
        return sd_fail(err, errlen, SD_ERR_FONT,
                       "日本語フォント（IPAexゴシック）が見つかりません。fonts-ipaexfont を入れるか、fonts/ に .ttf を置いてください");
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        sd_error rc = sd_fail(err, errlen, SD_ERR_FONT, "%s を読めません", path);
        free(path);
        return rc;
    }
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    if (hb_face_get_glyph_count(face) == 0) {
        hb_face_destroy(face);
        sd_error rc = sd_fail(err, errlen, SD_ERR_FONT, "%s はフォントとして読めません", path);
        free(path);
        return rc;
    }
    hb_face_make_immutable(face);
    sd_font *f = sd_xcalloc(1, sizeof *f);
    f->path = path;
    f->face = face;
    f->upem = hb_face_get_upem(face);
    f->hb = hb_font_create(face); /* its scale is the face's units per em */
    hb_font_make_immutable(f->hb);
    *out = f;
    return SD_OK;
}

void sd_font_free(sd_font *f)
{
    if (!f)
        return;
    hb_font_destroy(f->hb);
    hb_face_destroy(f->face);
    free(f->path);
    free(f);
}

void sd_cpset_add(sd_cpset *s, uint32_t cp)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->cps = sd_xrealloc(s->cps, s->cap * sizeof *s->cps);
    }
    s->cps[s->n++] = cp;
}

void sd_cpset_add_utf8(sd_cpset *s, const char *text)
{
    for (const char *p = text; p && *p;) {
        int32_t cp = sd_utf8_next(&p);
        if (cp <= 0x20) /* controls, and the space, which is added once */
            continue;
        sd_cpset_add(s, (uint32_t)cp);
    }
}

static int sd_u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

void sd_cpset_finish(sd_cpset *s)
{
    if (!s->n)
        return;
    qsort(s->cps, s->n, sizeof *s->cps, sd_u32_cmp);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++)
        if (s->cps[i] != s->cps[k - 1])
            s->cps[k++] = s->cps[i];
    s->n = k;
}

long sd_cpset_index(const sd_cpset *s, uint32_t cp)
{
    const uint32_t *hit = s->n ? bsearch(&cp, s->cps, s->n, sizeof cp, sd_u32_cmp) : NULL;
    return hit ? (long)(hit - s->cps) : -1;
}

int sd_font_advance(const sd_font *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->hb, cp, &g))
        g = 0; /* drawn as the missing glyph, so measured as one */
    hb_position_t adv = hb_font_get_glyph_h_advance(f->hb, g);
    /* libharu's own rounding, so both measure a line alike */
    return adv > 0 && f->upem ? (int)((unsigned)adv * 1000u / f->upem) : 0;
}

void sd_cpset_free(sd_cpset *s)
{
    if (!s)
        return;
    free(s->cps);
    s->cps = NULL;
    s->n = s->cap = 0;
}

/* ---- a cmap and tables libharu can use as they are ----
 *
 * A document's text reaches libharu in two-byte codes of its own
 * (sd_font_code): the k-th character of the document has code k, with
 * neither byte zero. libharu finds each code's glyph through the font's
 * cmap, so the subset's cmap is rewritten to map codes, not Unicode, to
 * glyphs: one segment per document, read once per code. The PDF's
 * ToUnicode map (pdf.c) turns codes back into text. */

static void sd_put16(sd_buf *b, unsigned v)
{
    char c[2] = {(char)(v >> 8), (char)v};
    sd_buf_add(b, c, 2);
}

static void sd_put32(sd_buf *b, uint32_t v)
{
    sd_put16(b, v >> 16);
    sd_put16(b, v & 0xFFFF);
}

static uint32_t sd_get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t sd_table_sum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += sd_get32(p + i);
    if (i < len) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, len - i);
        sum += sd_get32(last);
    }
    return sum;
}

/* Format 4 cmap of one segment: codes first..last (first = code 0), the
 * glyph of code c in gids[sd_font_index(c)], 0 between the blocks of 255. */
static void sd_build_cmap(const uint16_t *gids, size_t n, sd_buf *out)
{
    unsigned first = sd_font_code(0), last = sd_font_code(n - 1);
    size_t array = last - first + 1;
    sd_put16(out, 0);  /* cmap version */
    sd_put16(out, 1);  /* one encoding record */
    sd_put16(out, 3);  /* Windows */
    sd_put16(out, 1);  /* Unicode BMP, as libharu expects */
    sd_put32(out, 12); /* subtable offset */
    sd_put16(out, 4);
    sd_put16(out, (unsigned)(16 + 8 * 2 + 2 * array));
    sd_put16(out, 0);
    sd_put16(out, 4); /* segCountX2: the segment and the closing one */
    sd_put16(out, 4); /* searchRange */
    sd_put16(out, 1); /* entrySelector */
    sd_put16(out, 0); /* rangeShift */
    sd_put16(out, last);
    sd_put16(out, 0xFFFF);
    sd_put16(out, 0); /* reservedPad */
    sd_put16(out, first);
    sd_put16(out, 0xFFFF);
    sd_put16(out, 0); /* idDelta */
    sd_put16(out, 1);
    sd_put16(out, 4); /* idRangeOffset: bytes from here to glyphIdArray */
    sd_put16(out, 0);
    for (unsigned c = first; c <= last; c++) {
        long k = sd_font_index(c);
        sd_put16(out, k >= 0 && (size_t)k < n ? gids[k] : 0);
    }
}

typedef struct {
    uint32_t tag;
    const unsigned char *data;
    size_t len;
} sd_table;

static int sd_table_cmp(const void *a, const void *b)
{
    uint32_t x = ((const sd_table *)a)->tag, y = ((const sd_table *)b)->tag;
    return (x > y) - (x < y);
}

#define SD_TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* libharu 2.3.0 fails to save a document (HPDF_INVALID_OBJECT) whenever
 * the font it rewrites ends in an empty table at a multiple of 4,096
 * bytes: it seeks to the last table's offset, and its memory stream has
 * no block there. It always writes 'prep' last, and a subset without
 * hinting has it empty. A prep of PUSHB 0, POP does nothing and keeps the
 * last table from being empty. */
static const unsigned char sd_noop_prep[] = {0xB0, 0x00, 0x21};

/* The font file `data` with its cmap replaced by cmap and a prep that does
 * nothing; false when the file is not a TrueType font as expected. */
static bool sd_rebuild_font(const unsigned char *data, size_t len, const sd_buf *cmap, sd_buf *out)
{
    if (len < 12)
        return false;
    unsigned ntables = (unsigned)data[4] << 8 | data[5];
    if (12 + 16 * (size_t)ntables > len)
        return false;
    sd_table *t = sd_xcalloc(ntables + 2, sizeof *t);
    size_t n = 0;
    bool have_cmap = false, have_prep = false;
    for (unsigned i = 0; i < ntables; i++) {
        const unsigned char *r = data + 12 + 16 * i;
        uint32_t tag = sd_get32(r), off = sd_get32(r + 8), tlen = sd_get32(r + 12);
        if ((uint64_t)off + tlen > len) {
            free(t);
            return false;
        }
        t[n] = (sd_table){tag, data + off, tlen};
        if (tag == SD_TAG('c', 'm', 'a', 'p')) {
            t[n] = (sd_table){tag, (const unsigned char *)cmap->data, cmap->len};
            have_cmap = true;
        } else if (tag == SD_TAG('p', 'r', 'e', 'p')) {
            t[n] = (sd_table){tag, sd_noop_prep, sizeof sd_noop_prep};
            have_prep = true;
        }
        n++;
    }
    if (!have_cmap) {
        free(t);
        return false;
    }
    if (!have_prep)
        t[n++] = (sd_table){SD_TAG('p', 'r', 'e', 'p'), sd_noop_prep, sizeof sd_noop_prep};
    qsort(t, n, sizeof *t, sd_table_cmp);
    unsigned search = 1, selector = 0;
    while (search * 2 <= n) {
        search *= 2;
        selector++;
    }
    sd_buf_add(out, (const char *)data, 4); /* sfnt version */
    sd_put16(out, (unsigned)n);
    sd_put16(out, search * 16);
    sd_put16(out, selector);
    sd_put16(out, (unsigned)(n * 16 - search * 16));
    size_t offset = 12 + 16 * n, head_at = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t sum = sd_table_sum(t[i].data, t[i].len);
        if (t[i].tag == SD_TAG('h', 'e', 'a', 'd') && t[i].len >= 12) { /* without checkSumAdjustment */
            sum -= sd_get32(t[i].data + 8);
            head_at = offset;
        }
        sd_put32(out, t[i].tag);
        sd_put32(out, sum);
        sd_put32(out, (uint32_t)offset);
        sd_put32(out, (uint32_t)t[i].len);
        offset += (t[i].len + 3) & ~(size_t)3;
    }
    for (size_t i = 0; i < n; i++) {
        static const char pad[4] = {0};
        sd_buf_add(out, (const char *)t[i].data, t[i].len);
        sd_buf_add(out, pad, ((t[i].len + 3) & ~(size_t)3) - t[i].len);
    }
    if (head_at) { /* checkSumAdjustment over the whole file */
        unsigned char *h = (unsigned char *)out->data + head_at + 8;
        memset(h, 0, 4);
        uint32_t adj = 0xB1B0AFBAu - sd_table_sum((const unsigned char *)out->data, out->len);
        h[0] = (unsigned char)(adj >> 24), h[1] = (unsigned char)(adj >> 16), h[2] = (unsigned char)(adj >> 8),
        h[3] = (unsigned char)adj;
    }
    free(t);
    return true;
}

sd_error sd_font_subset(const sd_font *f, const sd_cpset *set, sd_buf *out, char *err, size_t errlen)
{
    if (set->n == 0 || set->n > SD_FONT_MAX_CODES)
        return sd_fail(err, errlen, SD_ERR_FONT, "文書の文字数（%zu 種）がフォントの部分集合の上限を超えています",
                       set->n);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return sd_fail(err, errlen, SD_ERR_FONT, "フォントの部分集合を作れません（メモリ不足）");
    hb_set_t *uni = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < set->n; i++)
        hb_set_add(uni, set->cps[i]);
    /* Hinting is useless in print and doubles the glyph data. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return sd_fail(err, errlen, SD_ERR_FONT, "%s の部分集合を作れません", f->path);
    hb_font_t *sfont = hb_font_create(sub);
    uint16_t *gids = sd_xcalloc(set->n, sizeof *gids);
    for (size_t k = 0; k < set->n; k++) {
        hb_codepoint_t g = 0;
        if (hb_font_get_nominal_glyph(sfont, set->cps[k], &g) && g <= 0xFFFF)
            gids[k] = (uint16_t)g; /* else 0: the font lacks it, drawn as missing */
    }
    sd_buf cmap = {0};
    sd_build_cmap(gids, set->n, &cmap);
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned int blen = 0;
    const char *data = hb_blob_get_data(blob, &blen);
    sd_error rc = SD_OK;
    if (!sd_rebuild_font((const unsigned char *)data, blen, &cmap, out))
        rc = sd_fail(err, errlen, SD_ERR_FONT, "%s の部分集合が TrueType として読めません", f->path);
    hb_blob_destroy(blob);
    sd_buf_free(&cmap);
    free(gids);
    hb_font_destroy(sfont);
    hb_face_destroy(sub);
    return rc;
}
