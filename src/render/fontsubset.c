/* fontsubset.c - font discovery (fontconfig) and per-document subsets (hb-subset) */
#include "render/fontsubset.h"

#include <dirent.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/text.h"
#include "core/util.h"

struct sd_font {
    char *path;      /* file the face came from */
    hb_face_t *face; /* immutable after open */
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
    *out = f;
    return SD_OK;
}

void sd_font_free(sd_font *f)
{
    if (!f)
        return;
    hb_face_destroy(f->face);
    free(f->path);
    free(f);
}

void sd_cpset_add_utf8(sd_cpset *s, const char *text)
{
    for (const char *p = text; p && *p;) {
        int32_t cp = sd_utf8_next(&p);
        if (cp <= 0x20) /* controls; the space is always in the subset */
            continue;
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 256;
            s->cps = sd_xrealloc(s->cps, s->cap * sizeof *s->cps);
        }
        s->cps[s->n++] = (uint32_t)cp;
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

bool sd_cpset_has(const sd_cpset *s, uint32_t cp)
{
    return s->n && bsearch(&cp, s->cps, s->n, sizeof cp, sd_u32_cmp);
}

void sd_cpset_free(sd_cpset *s)
{
    if (!s)
        return;
    free(s->cps);
    s->cps = NULL;
    s->n = s->cap = 0;
}

/* An anonymous file: memfd where the kernel has it, else a temporary
 * file unlinked at once. Either way nothing is left on disk. */
static int sd_anon_file(void)
{
    int fd = memfd_create("shindan-font", MFD_CLOEXEC);
    if (fd >= 0)
        return fd;
    const char *t = getenv("TMPDIR");
    char *path = sd_xasprintf("%s/shindan-font-XXXXXX", t && *t ? t : "/tmp");
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    free(path);
    return fd;
}

void sd_font_file_close(sd_font_file *ff)
{
    if (ff->fd >= 0)
        close(ff->fd);
    ff->fd = -1;
    ff->path[0] = 0;
}

/* ---- a cmap libharu can read fast ----
 *
 * libharu builds a font's CIDToGIDMap by looking up every one of the
 * 65,536 BMP code points in the font's format 4 cmap, scanning its segments
 * one by one; a subset's cmap has a segment per run of consecutive code
 * points (hundreds for a Japanese page), and that scan was most of a
 * report's time. The subset's cmap is therefore replaced with one of a few
 * wide segments whose glyph ids sit in glyphIdArray (zero for the code
 * points in between), which maps the same characters to the same glyphs. */

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

typedef struct {
    uint32_t start, end;
} sd_seg;

/* Format 4 cmap for the code points cps[0..n) (sorted, BMP) mapped to gids. */
static void sd_build_cmap(const uint32_t *cps, const uint16_t *gids, size_t n, sd_buf *out)
{
    /* Runs of code points closer than the gap share a segment: fewer
     * segments make libharu's scan short, wider ones a longer glyphIdArray
     * for it to read. 256 measured best on report pages (4.9 ms against
     * 5.3 ms for 4096 and 7.7 ms for one segment per run); the smaller gaps
     * are the fallback should the array outgrow format 4's 16-bit length. */
    static const uint32_t gaps[] = {256, 64, 16, 1};
    sd_seg *segs = sd_xcalloc(n + 1, sizeof *segs);
    size_t nseg = 0, array = 0;
    for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
        nseg = 0;
        array = 0;
        for (size_t i = 0; i < n; i++) {
            if (nseg && cps[i] - segs[nseg - 1].end <= gaps[g])
                segs[nseg - 1].end = cps[i];
            else
                segs[nseg++] = (sd_seg){cps[i], cps[i]};
        }
        for (size_t k = 0; k < nseg; k++)
            array += segs[k].end - segs[k].start + 1;
        if (16 + 8 * (nseg + 1) + 2 * array < 65000)
            break;
    }
    size_t segcount = nseg + 1; /* and the closing 0xFFFF segment */
    unsigned search = 1, selector = 0;
    while (search * 2 <= segcount) {
        search *= 2;
        selector++;
    }
    search *= 2;
    size_t length = 16 + 8 * segcount + 2 * array;
    sd_put16(out, 0);  /* cmap version */
    sd_put16(out, 1);  /* one encoding record */
    sd_put16(out, 3);  /* Windows */
    sd_put16(out, 1);  /* Unicode BMP */
    sd_put32(out, 12); /* subtable offset */
    sd_put16(out, 4);
    sd_put16(out, (unsigned)length);
    sd_put16(out, 0);
    sd_put16(out, (unsigned)(segcount * 2));
    sd_put16(out, search);
    sd_put16(out, selector);
    sd_put16(out, (unsigned)(segcount * 2 - search));
    for (size_t k = 0; k < nseg; k++)
        sd_put16(out, segs[k].end);
    sd_put16(out, 0xFFFF);
    sd_put16(out, 0); /* reservedPad */
    for (size_t k = 0; k < nseg; k++)
        sd_put16(out, segs[k].start);
    sd_put16(out, 0xFFFF);
    for (size_t k = 0; k < nseg; k++)
        sd_put16(out, 0); /* idDelta */
    sd_put16(out, 1);
    size_t before = 0;
    for (size_t k = 0; k < nseg; k++) {
        /* bytes from this idRangeOffset entry to the segment's glyph ids */
        sd_put16(out, (unsigned)(2 * (segcount - k + before)));
        before += segs[k].end - segs[k].start + 1;
    }
    sd_put16(out, 0);
    size_t i = 0;
    for (size_t k = 0; k < nseg; k++)
        for (uint32_t cp = segs[k].start; cp <= segs[k].end; cp++) {
            if (i < n && cps[i] == cp)
                sd_put16(out, gids[i++]);
            else
                sd_put16(out, 0);
        }
    free(segs);
}

/* The font file `data` with its cmap replaced by cmap; NULL when the file
 * is not a TrueType font as expected. */
static char *sd_replace_cmap(const unsigned char *data, size_t len, const sd_buf *cmap, size_t *out_len)
{
    if (len < 12)
        return NULL;
    unsigned ntables = (unsigned)data[4] << 8 | data[5];
    if (12 + 16 * (size_t)ntables > len)
        return NULL;
    typedef struct {
        uint32_t tag, offset, length;
    } rec;
    rec *recs = sd_xcalloc(ntables + 1, sizeof *recs);
    bool have_cmap = false;
    for (unsigned i = 0; i < ntables; i++) {
        const unsigned char *r = data + 12 + 16 * i;
        recs[i] = (rec){sd_get32(r), sd_get32(r + 8), sd_get32(r + 12)};
        if ((uint64_t)recs[i].offset + recs[i].length > len) {
            free(recs);
            return NULL;
        }
        have_cmap |= recs[i].tag == 0x636D6170; /* 'cmap' */
    }
    if (!have_cmap) {
        free(recs);
        return NULL;
    }
    sd_buf out = {0};
    sd_buf_add(&out, (const char *)data, 12);
    size_t offset = 12 + 16 * (size_t)ntables;
    size_t head_at = 0;
    /* directory first (same order: hb-subset sorts by tag), then tables */
    for (unsigned i = 0; i < ntables; i++) {
        bool is_cmap = recs[i].tag == 0x636D6170;
        const unsigned char *t = is_cmap ? (const unsigned char *)cmap->data : data + recs[i].offset;
        size_t tlen = is_cmap ? cmap->len : recs[i].length;
        uint32_t sum = sd_table_sum(t, tlen);
        if (recs[i].tag == 0x68656164 && tlen >= 12) { /* 'head': sum without checkSumAdjustment */
            sum -= sd_get32(t + 8);
            head_at = offset;
        }
        sd_put32(&out, recs[i].tag);
        sd_put32(&out, sum);
        sd_put32(&out, (uint32_t)offset);
        sd_put32(&out, (uint32_t)tlen);
        offset += (tlen + 3) & ~(size_t)3;
    }
    for (unsigned i = 0; i < ntables; i++) {
        bool is_cmap = recs[i].tag == 0x636D6170;
        const char *t = is_cmap ? cmap->data : (const char *)data + recs[i].offset;
        size_t tlen = is_cmap ? cmap->len : recs[i].length;
        sd_buf_add(&out, t, tlen);
        static const char pad[4] = {0};
        sd_buf_add(&out, pad, ((tlen + 3) & ~(size_t)3) - tlen);
    }
    if (head_at) { /* checkSumAdjustment over the whole file */
        unsigned char *h = (unsigned char *)out.data + head_at + 8;
        memset(h, 0, 4);
        uint32_t adj = 0xB1B0AFBAu - sd_table_sum((const unsigned char *)out.data, out.len);
        h[0] = (unsigned char)(adj >> 24), h[1] = (unsigned char)(adj >> 16), h[2] = (unsigned char)(adj >> 8),
        h[3] = (unsigned char)adj;
    }
    free(recs);
    *out_len = out.len;
    return sd_buf_steal(&out);
}

/* The subset's bytes with a cmap libharu scans quickly; NULL to keep them. */
static char *sd_fast_cmap(hb_face_t *sub, const char *data, size_t len, size_t *out_len)
{
    hb_set_t *cps = hb_set_create();
    hb_face_collect_unicodes(sub, cps);
    hb_font_t *font = hb_font_create(sub);
    size_t n = 0, cap = hb_set_get_population(cps);
    uint32_t *cp = sd_xcalloc(cap + 1, sizeof *cp);
    uint16_t *gid = sd_xcalloc(cap + 1, sizeof *gid);
    for (hb_codepoint_t u = HB_SET_VALUE_INVALID; hb_set_next(cps, &u);) {
        hb_codepoint_t g;
        if (u >= 0xFFFF || !hb_font_get_nominal_glyph(font, u, &g) || g > 0xFFFF)
            continue;
        cp[n] = u;
        gid[n++] = (uint16_t)g;
    }
    sd_buf cmap = {0};
    char *result = NULL;
    if (n > 0) {
        sd_build_cmap(cp, gid, n, &cmap);
        result = sd_replace_cmap((const unsigned char *)data, len, &cmap, out_len);
    }
    sd_buf_free(&cmap);
    free(cp);
    free(gid);
    hb_font_destroy(font);
    hb_set_destroy(cps);
    return result;
}

sd_error sd_font_subset_file(const sd_font *f, sd_cpset *set, bool fast, sd_font_file *out, char *err,
                             size_t errlen)
{
    out->fd = -1;
    out->path[0] = 0;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return sd_fail(err, errlen, SD_ERR_FONT, "フォントの部分集合を作れません（メモリ不足）");
    hb_set_t *uni = hb_subset_input_unicode_set(in);
    hb_set_add(uni, 0x20); /* the space; everything else was collected */
    for (size_t i = 0; i < set->n; i++)
        hb_set_add(uni, set->cps[i]);
    /* Hinting is useless in print and doubles the glyph data. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return sd_fail(err, errlen, SD_ERR_FONT, "%s の部分集合を作れません", f->path);
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned int blen = 0;
    const char *data = hb_blob_get_data(blob, &blen);
    size_t len = blen;
    char *fast_font = fast ? sd_fast_cmap(sub, data, len, &len) : NULL;
    if (fast_font)
        data = fast_font;
    else
        len = blen;
    int fd = sd_anon_file();
    sd_error rc = SD_OK;
    if (fd < 0) {
        rc = sd_fail(err, errlen, SD_ERR_FONT, "フォントの一時ファイルを作れません");
    } else {
        size_t off = 0;
        while (off < len) {
            ssize_t w = write(fd, data + off, len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        if (off != len) {
            close(fd);
            rc = sd_fail(err, errlen, SD_ERR_FONT, "フォントの一時ファイルに書けません");
        } else {
            out->fd = fd;
            snprintf(out->path, sizeof out->path, "/proc/self/fd/%d", fd);
        }
    }
    free(fast_font);
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    return rc;
}
