/* fontsubset.c - font discovery (core/platform) and per-document subsets (hb-subset) */
#include "render/fontsubset.h"

#include <dirent.h>
#include <stdatomic.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/deflate.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/util.h"

struct sd_font {
    char *path;      /* file the face came from */
    hb_face_t *face; /* immutable after open */
    hb_font_t *hb;   /* the face at its own scale (font units); immutable */
    unsigned upem;
    char *ps_name;           /* PostScript name, safe in a PDF name */
    sd_font_metrics metrics;
    sd_font_part *shared;    /* the batch's common glyphs, or NULL */
    atomic_int *bmp_advance; /* widths of the BMP's characters as first asked, -1 until then
                              * (threads may fill one twice, with the same value) */
    hb_draw_funcs_t *outline; /* sd_outline_*: a glyph's outline as a hash; immutable */
    hb_face_t *glyphs_only;   /* sd_face_glyphs_only: what subsets are made from */
    _Atomic uint64_t *outline_of; /* each glyph's outline hash (sd_outline_key) as first
                                   * drawn, 0 until then (threads may fill one twice) */
    unsigned glyph_count;
};

/* The face's tables but its cmap. hb-subset keeps, for every character
 * its glyphs have in the cmap, the glyphs of that character's variation
 * sequences (IPAex: 社 and a selector give U+FA4C's glyph); a PDF drawing
 * by glyph number never reaches them. Without a cmap, a subset holds the
 * glyphs it is given and their components, nothing else. */
static hb_blob_t *sd_face_table_but_cmap(hb_face_t *face, hb_tag_t tag, void *user)
{
    (void)face;
    return tag == HB_TAG('c', 'm', 'a', 'p') ? hb_blob_get_empty() : hb_face_reference_table(user, tag);
}

static void sd_face_release(void *face) { hb_face_destroy(face); }

/* The face subsets are made from, made once a batch and used by every
 * thread. HarfBuzz loads a face's tables when first used and keeps what it
 * got, an empty one when memory ran out then; and hb-subset 6.0 keeps its
 * own empty object, which the face's release later frees (glibc aborts:
 * "free(): invalid pointer"). So the face's tables are loaded once, when
 * the font is opened, by a first subset (sd_font_open), and no later
 * subset loads one. */
static hb_face_t *sd_face_glyphs_only(hb_face_t *face, unsigned upem, unsigned glyphs)
{
    hb_face_t *only = hb_face_create_for_tables(sd_face_table_but_cmap, hb_face_reference(face), sd_face_release);
    hb_face_set_upem(only, upem);
    hb_face_set_glyph_count(only, glyphs);
    hb_face_make_immutable(only);
    return only;
}

/* ---- a glyph's outline as a hash, to check a subset against its font */

typedef struct {
    uint64_t hash; /* FNV-1a over each segment's kind and points */
    unsigned segments;
} sd_outline;

static void sd_outline_mix(sd_outline *o, int kind, const float *v, int n)
{
    uint64_t h = o->hash ^ (uint64_t)kind;
    h *= 0x100000001b3ULL;
    for (int i = 0; i < n; i++) {
        uint32_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        h = (h ^ bits) * 0x100000001b3ULL;
    }
    o->hash = h;
    o->segments++;
}

static void sd_outline_move(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y, void *user)
{
    (void)df, (void)st, (void)user;
    sd_outline_mix(data, 1, (float[]){x, y}, 2);
}

static void sd_outline_line(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y, void *user)
{
    (void)df, (void)st, (void)user;
    sd_outline_mix(data, 2, (float[]){x, y}, 2);
}

static void sd_outline_quad(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float cx, float cy, float x,
                            float y, void *user)
{
    (void)df, (void)st, (void)user;
    sd_outline_mix(data, 3, (float[]){cx, cy, x, y}, 4);
}

static void sd_outline_cubic(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                             float c2y, float x, float y, void *user)
{
    (void)df, (void)st, (void)user;
    sd_outline_mix(data, 4, (float[]){c1x, c1y, c2x, c2y, x, y}, 6);
}

static void sd_outline_close(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, void *user)
{
    (void)df, (void)st, (void)user;
    sd_outline_mix(data, 5, NULL, 0);
}

static hb_draw_funcs_t *sd_outline_funcs(void)
{
    hb_draw_funcs_t *df = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(df, sd_outline_move, NULL, NULL);
    hb_draw_funcs_set_line_to_func(df, sd_outline_line, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(df, sd_outline_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(df, sd_outline_cubic, NULL, NULL);
    hb_draw_funcs_set_close_path_func(df, sd_outline_close, NULL, NULL);
    hb_draw_funcs_make_immutable(df);
    return df;
}

static sd_outline sd_outline_draw(const sd_font *f, hb_font_t *font, hb_codepoint_t glyph)
{
    sd_outline o = {0xcbf29ce484222325ULL, 0};
    hb_font_get_glyph_shape(font, glyph, f->outline, &o);
    return o;
}

/* A glyph's outline as one number, its segments' count folded in; never 0. */
static uint64_t sd_outline_fold(sd_outline o)
{
    uint64_t key = (o.hash ^ o.segments) * 0x100000001b3ULL;
    return key ? key : 1;
}

static uint64_t sd_outline_key(const sd_font *f, hb_font_t *font, hb_codepoint_t glyph)
{
    return sd_outline_fold(sd_outline_draw(f, font, glyph));
}

/* The same for the font's own glyph, drawn once a batch. An empty outline
 * is not kept: drawing allocates, and one that failed must not stand for
 * the glyph in every later subset. */
static uint64_t sd_font_outline_key(const sd_font *f, hb_codepoint_t glyph)
{
    if (glyph >= f->glyph_count)
        return sd_outline_key(f, f->hb, glyph);
    uint64_t key = atomic_load_explicit(&f->outline_of[glyph], memory_order_relaxed);
    if (!key) {
        sd_outline o = sd_outline_draw(f, f->hb, glyph);
        key = sd_outline_fold(o);
        if (o.segments)
            atomic_store_explicit(&f->outline_of[glyph], key, memory_order_relaxed);
    }
    return key;
}

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

/* The face's PostScript name with only the characters a PDF name may
 * hold unescaped; "Font" when it has none. */
static char *sd_font_ps_name(hb_face_t *face)
{
    char name[64];
    unsigned len = sizeof name;
    if (!hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, name))
        name[0] = '\0';
    sd_buf b = {0};
    for (const char *p = name; *p; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
            sd_buf_addc(&b, *p);
    if (!b.len)
        sd_buf_adds(&b, "Font");
    return sd_buf_steal(&b);
}

static int sd_int16_at(hb_blob_t *blob, unsigned off)
{
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(blob, &len);
    return off + 2 <= len ? (int16_t)(p[off] << 8 | p[off + 1]) : 0;
}

/* The font descriptor's figures, in thousandths of an em. */
static void sd_font_read_metrics(sd_font *f)
{
    sd_font_metrics *m = &f->metrics;
    int upem = f->upem ? (int)f->upem : 1000;
    hb_position_t v;
    if (hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v))
        m->ascent = v * 1000 / upem;
    if (hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v))
        m->descent = v * 1000 / upem;
    m->cap_height = hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v > 0 ? v * 1000 / upem
                                                                                                 : m->ascent;
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    for (int i = 0; i < 4; i++) /* xMin yMin xMax yMax */
        m->bbox[i] = sd_int16_at(head, 36 + 2 * (unsigned)i) * 1000 / upem;
    hb_blob_destroy(head);
}

const char *sd_font_name(const sd_font *f) { return f->ps_name; }
const sd_font_metrics *sd_font_get_metrics(const sd_font *f) { return &f->metrics; }

sd_error sd_font_open(const char *file, const char *fonts_dir, sd_font **out, char *err, size_t errlen)
{
    *out = NULL;
    char *path = file ? sd_xstrdup(file) : sd_font_in_dir(fonts_dir);
    if (!path)
        path = sd_system_font("IPAexGothic");
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
    f->ps_name = sd_font_ps_name(face);
    sd_font_read_metrics(f);
    f->outline = sd_outline_funcs();
    f->glyph_count = hb_face_get_glyph_count(face);
    f->outline_of = sd_xcalloc(f->glyph_count, sizeof *f->outline_of);
    f->glyphs_only = sd_face_glyphs_only(face, f->upem, f->glyph_count);
    f->bmp_advance = sd_xmalloc(65536 * sizeof *f->bmp_advance);
    for (size_t i = 0; i < 65536; i++)
        atomic_init(&f->bmp_advance[i], -1);
    /* The tables the font's own glyphs are read from (cmap, metrics,
     * outlines) are loaded now, once, and checked on a glyph everyone's
     * font has: HarfBuzz keeps a table it could not load as an empty one,
     * and every subset is checked against these. Then a first subset
     * loads the tables every later one reads. */
    hb_codepoint_t a;
    if (!hb_font_get_nominal_glyph(f->hb, 'A', &a) || hb_font_get_glyph_h_advance(f->hb, a) <= 0 ||
        sd_outline_draw(f, f->hb, a).segments == 0) {
        sd_error rc = sd_fail(err, errlen, SD_ERR_FONT, "%s の字形を読めません", path);
        sd_font_free(f);
        return rc;
    }
    sd_cpset first = {0};
    sd_cpset_add(&first, 'A');
    sd_cpset_finish(&first);
    sd_font_part part;
    sd_error rc = sd_font_part_make(f, &first, false, 1, &part, err, errlen);
    sd_cpset_free(&first);
    sd_font_part_free(&part);
    if (rc) {
        /* a table may have failed to load: that face is not released
         * (see sd_face_glyphs_only), the rest is */
        f->glyphs_only = NULL;
        sd_font_free(f);
        return rc;
    }
    *out = f;
    return SD_OK;
}

void sd_font_free(sd_font *f)
{
    if (!f)
        return;
    sd_font_part_free(f->shared);
    free(f->shared);
    hb_font_destroy(f->hb);
    hb_face_destroy(f->face);
    hb_draw_funcs_destroy(f->outline);
    hb_face_destroy(f->glyphs_only);
    free(f->outline_of);
    free(f->bmp_advance);
    free(f->ps_name);
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

void sd_cpset_add_utf8_once(sd_cpset *s, uint64_t seen[SD_CPSET_SEEN_WORDS], const char *text)
{
    for (const char *p = text; p && *p;) {
        int32_t cp = sd_utf8_next_fast(&p);
        if (cp <= 0x20) /* controls, and the space, which is added once */
            continue;
        if (seen && cp <= 0xFFFF) {
            uint64_t bit = (uint64_t)1 << (cp & 63);
            if (seen[cp >> 6] & bit)
                continue;
            seen[cp >> 6] |= bit;
        }
        sd_cpset_add(s, (uint32_t)cp);
    }
}

void sd_cpset_add_utf8(sd_cpset *s, const char *text) { sd_cpset_add_utf8_once(s, NULL, text); }

/* Sorts n code points with a radix sort, a byte a pass (a pass whose
 * byte is the same in every key is skipped): a
 * report's first pass records thousands of characters, repeats included,
 * and qsort's comparison calls cost more than its drawing. */
static void sd_u32_sort(uint32_t *v, size_t n)
{
    if (n < 2)
        return;
    uint32_t *tmp = sd_xmalloc(n * sizeof *tmp), *from = v, *to = tmp;
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[(from[i] >> shift & 0xFF) + 1]++;
        if (count[(from[0] >> shift & 0xFF) + 1] == n)
            continue; /* every key has the same byte here */
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            to[count[from[i] >> shift & 0xFF]++] = from[i];
        uint32_t *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
    free(tmp);
}

void sd_cpset_sort(sd_cpset *s)
{
    sd_u32_sort(s->cps, s->n);
}

void sd_cpset_finish(sd_cpset *s)
{
    if (!s->n)
        return;
    sd_cpset_sort(s);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++)
        if (s->cps[i] != s->cps[k - 1])
            s->cps[k++] = s->cps[i];
    s->n = k;
}

long sd_cpset_index(const sd_cpset *s, uint32_t cp)
{
    size_t lo = 0, hi = s->n; /* cp, if present, is in [lo, hi) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->cps[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->cps[lo] == cp ? (long)lo : -1;
}

/* The width of cp from the font's tables. */
static int sd_font_advance_of(const sd_font *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->hb, cp, &g))
        g = 0; /* drawn as the missing glyph, so measured as one */
    hb_position_t adv = hb_font_get_glyph_h_advance(f->hb, g);
    /* libharu's own rounding, so both measure a line alike */
    return adv > 0 && f->upem ? (int)((unsigned)adv * 1000u / f->upem) : 0;
}

int sd_font_advance(const sd_font *f, uint32_t cp)
{
    /* measuring looks the same few hundred characters up thousands of
     * times a report: each BMP character's width is kept once found */
    if (cp > 0xFFFF)
        return sd_font_advance_of(f, cp);
    int w = atomic_load_explicit(&f->bmp_advance[cp], memory_order_relaxed);
    if (w < 0) {
        w = sd_font_advance_of(f, cp);
        atomic_store_explicit(&f->bmp_advance[cp], w, memory_order_relaxed);
    }
    return w;
}

void sd_cpset_add_all(sd_cpset *s, const sd_cpset *from)
{
    for (size_t i = 0; i < from->n; i++)
        sd_cpset_add(s, from->cps[i]);
}

void sd_cpset_free(sd_cpset *s)
{
    if (!s)
        return;
    free(s->cps);
    s->cps = NULL;
    s->n = s->cap = 0;
}


/* ---- the pieces of the font a document embeds ----
 *
 * A document's font is written by render/pdf.c, not by libharu: a CID
 * font whose CID k + 1 is the part's k-th character, mapped to its glyph
 * in the part's program (CIDToGIDMap). The program is a HarfBuzz subset
 * (hb-subset, without hinting: print has no use for it) or, for the
 * benchmark's baseline, the whole font file; it is deflated here once,
 * so a batch's shared part costs nothing per document. */

/* A subset's tag in the font's name: six capitals from the characters, so
 * that parts with different characters are named differently. */
static void sd_part_tag(const sd_cpset *chars, char tag[7])
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

/* The part's character indexes in the order of their CIDs (caller frees). */
static size_t *sd_part_by_cid(const sd_font_part *part)
{
    size_t n = part->chars.n;
    size_t *order = sd_xmalloc((n ? n : 1) * sizeof *order);
    if (!part->identity) {
        for (size_t k = 0; k < n; k++)
            order[k] = k;
        return order;
    }
    /* CID and index, both below 65,536, sorted as one key */
    uint32_t *keys = sd_xmalloc((n ? n : 1) * sizeof *keys);
    for (size_t k = 0; k < n; k++)
        keys[k] = (uint32_t)part->cids[k] << 16 | (uint32_t)k;
    sd_u32_sort(keys, n);
    for (size_t j = 0; j < n; j++)
        order[j] = keys[j] & 0xFFFF;
    free(keys);
    return order;
}

/* Appends v (below 65,536) as four capital hex digits, as "%04X" would. */
static void sd_hex4(sd_buf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    char h[4] = {hex[v >> 12 & 15], hex[v >> 8 & 15], hex[v >> 4 & 15], hex[v & 15]};
    sd_buf_add(b, h, 4);
}

/* The ToUnicode CMap of a part: each CID's character, one entry each, 100
 * to a block. (Ranges would be smaller for kana and digits in a row, but
 * Ghostscript 10's text extraction misreads them.) */
static void sd_part_to_unicode(const sd_font_part *part, sd_buf *b)
{
    sd_buf_adds(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    const sd_cpset *chars = &part->chars;
    size_t *order = sd_part_by_cid(part);
    for (size_t k = 0; k < chars->n; k += 100) {
        size_t n = chars->n - k < 100 ? chars->n - k : 100;
        sd_buf_printf(b, "%zu beginbfchar\n", n);
        for (size_t j = k; j < k + n; j++) {
            unsigned u[2];
            sd_buf_addc(b, '<');
            sd_hex4(b, part->cids[order[j]]);
            sd_buf_adds(b, "> <");
            for (int i = 0, nu = sd_utf16(chars->cps[order[j]], u); i < nu; i++)
                sd_hex4(b, u[i]);
            sd_buf_adds(b, ">\n");
        }
        sd_buf_adds(b, "endbfchar\n");
    }
    free(order);
    sd_buf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The CIDFont's /W entry: widths other than the default 1000, in runs of
 * consecutive CIDs. */
static void sd_part_widths(const sd_font *font, const sd_font_part *part, sd_buf *b)
{
    sd_buf_adds(b, "/W [");
    bool open = false;
    size_t *order = sd_part_by_cid(part);
    long last = -2; /* the CID last written */
    for (size_t j = 0; j < part->chars.n; j++) {
        size_t k = order[j];
        long cid = part->cids[k];
        int w = sd_font_advance(font, part->chars.cps[k]);
        if (open && (w == 1000 || cid != last + 1)) {
            sd_buf_addc(b, ']');
            open = false;
        }
        if (w == 1000)
            continue;
        if (!open)
            sd_buf_printf(b, " %ld [", cid);
        else
            sd_buf_addc(b, ' ');
        sd_buf_printf(b, "%d", w);
        open = true;
        last = cid;
    }
    if (open)
        sd_buf_addc(b, ']');
    sd_buf_adds(b, " ]\n");
    free(order);
}

/* The tables a CID font's program does without. */
static const char *const sd_dropped[] = {"cmap", "name", "post", "OS/2", "GSUB", "GPOS", "GDEF",
                                         "BASE", "JSTF", "vhea", "vmtx", "VORG", "kern", "gasp"};
enum { SD_DROPPED = sizeof sd_dropped / sizeof *sd_dropped };

/* Whether every character the font has got its own glyph in the subset,
 * drawn as the font draws it and with its advance, and the dropped tables
 * are gone. hb-subset does not always notice a failed allocation: a set
 * it could not make is an empty one, and the subset then lacks the glyphs
 * it was to hold (all of them, or a component a composite glyph draws),
 * or keeps every table, while the plan passes for good. The report would
 * print blanks or half characters where its text is. */
static bool sd_subset_complete(const sd_font *f, size_t nchars, const hb_codepoint_t *in_font, const uint16_t *gids,
                               hb_face_t *sub)
{
    unsigned n = hb_face_get_glyph_count(sub);
    if (n == 0)
        return false;
    bool ok = hb_face_get_upem(sub) == f->upem;
    /* a drop list it could not copy is an empty one, every table kept */
    for (size_t i = 0; i < SD_DROPPED && ok; i++) {
        hb_blob_t *t = hb_face_reference_table(sub, hb_tag_from_string(sd_dropped[i], 4));
        ok = hb_blob_get_length(t) == 0;
        hb_blob_destroy(t);
    }
    hb_font_t *font = hb_font_create(sub); /* at the face's units, as f->hb */
    for (size_t k = 0; k < nchars && ok; k++) {
        hb_codepoint_t g = in_font[k];
        if (g == HB_MAP_VALUE_INVALID)
            continue; /* the font lacks it: drawn as missing either way */
        if (gids[k] == 0 || gids[k] >= n ||
            hb_font_get_glyph_h_advance(f->hb, g) != hb_font_get_glyph_h_advance(font, gids[k])) {
            ok = false;
            break;
        }
        ok = sd_font_outline_key(f, g) == sd_outline_key(f, font, gids[k]);
    }
    hb_font_destroy(font);
    return ok;
}

sd_error sd_font_part_make(const sd_font *f, const sd_cpset *chars, bool whole, int level, sd_font_part *out,
                           char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (chars->n == 0)
        return sd_fail(err, errlen, SD_ERR_FONT, "フォントの部分集合に入れる文字がありません");
    if (chars->n > SD_FONT_MAX_CHARS)
        return sd_fail(err, errlen, SD_ERR_FONT, "文書の文字数（%zu 種）がフォントの部分集合の上限（%u 種）を超えています",
                       chars->n, SD_FONT_MAX_CHARS);
    hb_face_t *face = NULL;
    out->gids = sd_xcalloc(chars->n, sizeof *out->gids);
    /* each character's glyph in the font, HB_MAP_VALUE_INVALID when it
     * has none (drawn as missing, glyph 0) */
    hb_codepoint_t *in_font = sd_xmalloc(chars->n * sizeof *in_font);
    for (size_t k = 0; k < chars->n; k++)
        if (!hb_font_get_nominal_glyph(f->hb, chars->cps[k], &in_font[k]))
            in_font[k] = HB_MAP_VALUE_INVALID;
    if (whole) {
        face = hb_face_reference(f->face);
        for (size_t k = 0; k < chars->n; k++)
            if (in_font[k] <= 0xFFFF)
                out->gids[k] = (uint16_t)in_font[k];
    } else {
        hb_subset_input_t *in = hb_subset_input_create_or_fail();
        if (!in) {
            free(in_font);
            sd_font_part_free(out);
            return sd_fail(err, errlen, SD_ERR_FONT, "フォントの部分集合を作れません（メモリ不足）");
        }
        /* the characters' own glyphs, given by number to the face
         * without its cmap (sd_face_table_but_cmap) */
        hb_set_t *glyphs = hb_subset_input_glyph_set(in);
        for (size_t k = 0; k < chars->n; k++)
            if (in_font[k] != HB_MAP_VALUE_INVALID)
                hb_set_add(glyphs, in_font[k]);
        /* Hinting is useless in print and doubles the glyph data; a CID
         * font's glyphs are found through the CIDToGIDMap, so the program
         * needs no cmap, and the PDF names the font itself. */
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
        for (size_t i = 0; i < SD_DROPPED; i++)
            hb_set_add(drop, hb_tag_from_string(sd_dropped[i], 4));
        /* a set whose allocation failed silently lacks members: a subset
         * without some glyphs, or keeping tables it should drop */
        hb_subset_plan_t *plan = hb_set_allocation_successful(glyphs) && hb_set_allocation_successful(drop)
                                     ? hb_subset_plan_create_or_fail(f->glyphs_only, in)
                                     : NULL;
        hb_subset_input_destroy(in);
        if (plan) {
            const hb_map_t *old_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
            for (size_t k = 0; k < chars->n; k++) {
                hb_codepoint_t g = in_font[k] == HB_MAP_VALUE_INVALID ? HB_MAP_VALUE_INVALID
                                                                      : hb_map_get(old_new, in_font[k]);
                if (g != HB_MAP_VALUE_INVALID && g <= 0xFFFF)
                    out->gids[k] = (uint16_t)g; /* else 0: the font lacks it, drawn as missing */
            }
            face = hb_subset_plan_execute_or_fail(plan);
            hb_subset_plan_destroy(plan);
        }
        if (face && !sd_subset_complete(f, chars->n, in_font, out->gids, face)) {
            hb_face_destroy(face);
            face = NULL;
        }
        if (!face) {
            free(in_font);
            sd_font_part_free(out);
            return sd_fail(err, errlen, SD_ERR_FONT, "%s の部分集合を作れません（メモリ不足か、フォントが壊れています）",
                           f->path);
        }
    }
    free(in_font);
    hb_blob_t *blob = hb_face_reference_blob(face);
    unsigned int blen = 0;
    const char *data = hb_blob_get_data(blob, &blen);
    sd_error rc = SD_OK;
    if (blen < 12) {
        rc = sd_fail(err, errlen, SD_ERR_FONT, "%s の部分集合が空です", f->path);
    } else {
        sd_deflater *z = sd_deflater_new(level);
        sd_deflate(z, data, blen, &out->program);
        out->program_len = blen;
        sd_cpset_add_all(&out->chars, chars);
        sd_part_tag(&out->chars, out->tag);
        /* CID = glyph when every character has a glyph of its own (a
         * subset's glyphs are numbered from 1, the font file's are unique
         * per character unless it lacks some), so no map is written */
        out->cids = sd_xcalloc(chars->n, sizeof *out->cids);
        uint32_t *sorted = sd_xmalloc(chars->n * sizeof *sorted);
        for (size_t k = 0; k < chars->n; k++)
            sorted[k] = out->gids[k];
        sd_u32_sort(sorted, chars->n);
        out->identity = sorted[0] != 0;
        for (size_t k = 1; k < chars->n && out->identity; k++)
            out->identity = sorted[k] != sorted[k - 1];
        free(sorted);
        for (size_t k = 0; k < chars->n; k++)
            out->cids[k] = out->identity ? out->gids[k] : (uint16_t)(k + 1);
        sd_buf text = {0};
        if (!out->identity) {
            /* CID k + 1 -> its glyph, two bytes each from CID 0 (.notdef) */
            sd_buf_add(&text, "\0\0", 2);
            for (size_t k = 0; k < chars->n; k++) {
                char g[2] = {(char)(out->gids[k] >> 8), (char)(out->gids[k] & 0xFF)};
                sd_buf_add(&text, g, 2);
            }
            sd_deflate(z, text.data, text.len, &out->cidmap);
            sd_buf_clear(&text);
        }
        sd_part_to_unicode(out, &text);
        sd_deflate(z, text.data, text.len, &out->tounicode);
        sd_buf_free(&text);
        sd_part_widths(f, out, &out->widths);
        sd_deflater_free(z);
    }
    hb_blob_destroy(blob);
    hb_face_destroy(face);
    if (rc)
        sd_font_part_free(out);
    return rc;
}

void sd_font_part_free(sd_font_part *p)
{
    if (!p)
        return;
    sd_cpset_free(&p->chars);
    sd_buf_free(&p->program);
    sd_buf_free(&p->cidmap);
    sd_buf_free(&p->tounicode);
    sd_buf_free(&p->widths);
    free(p->gids);
    free(p->cids);
    memset(p, 0, sizeof *p);
}

long sd_font_part_cid(const sd_font_part *p, uint32_t cp)
{
    long k = p ? sd_cpset_index(&p->chars, cp) : -1;
    return k < 0 ? -1 : p->cids[k];
}

sd_error sd_font_share(sd_font *f, const sd_cpset *chars, char *err, size_t errlen)
{
    sd_font_part *p = sd_xcalloc(1, sizeof *p);
    sd_error rc = sd_font_part_make(f, chars, false, 12, p, err, errlen); /* once a batch: the smallest */
    if (rc) {
        free(p);
        return rc;
    }
    sd_font_part_free(f->shared);
    free(f->shared);
    f->shared = p;
    return SD_OK;
}

const sd_font_part *sd_font_shared(const sd_font *f) { return f->shared; }
