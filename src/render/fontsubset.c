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
        if (cp < 0x80) /* ASCII is always in the subset */
            continue;
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 256;
            s->cps = sd_xrealloc(s->cps, s->cap * sizeof *s->cps);
        }
        s->cps[s->n++] = (uint32_t)cp;
    }
}

void sd_cpset_free(sd_cpset *s)
{
    if (!s)
        return;
    free(s->cps);
    s->cps = NULL;
    s->n = s->cap = 0;
}

static const char *sd_tmp_dir(void)
{
    if (access("/dev/shm", W_OK) == 0)
        return "/dev/shm";
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

sd_error sd_font_subset_file(const sd_font *f, sd_cpset *set, char **out_path, char *err, size_t errlen)
{
    *out_path = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return sd_fail(err, errlen, SD_ERR_FONT, "フォントの部分集合を作れません（メモリ不足）");
    hb_set_t *uni = hb_subset_input_unicode_set(in);
    hb_set_add_range(uni, 0x20, 0x7E);
    for (size_t i = 0; i < set->n; i++)
        hb_set_add(uni, set->cps[i]);
    /* Hinting is useless in print and doubles the glyph data. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return sd_fail(err, errlen, SD_ERR_FONT, "%s の部分集合を作れません", f->path);
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned int len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    char *path = sd_xasprintf("%s/shindan-font-XXXXXX", sd_tmp_dir());
    int fd = mkstemp(path);
    sd_error rc = SD_OK;
    if (fd < 0) {
        rc = sd_fail(err, errlen, SD_ERR_FONT, "一時ファイル %s を作れません", path);
    } else {
        size_t off = 0;
        while (off < len) {
            ssize_t w = write(fd, data + off, len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        close(fd);
        if (off != len) {
            unlink(path);
            rc = sd_fail(err, errlen, SD_ERR_FONT, "一時ファイル %s に書けません", path);
        }
    }
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    if (rc)
        free(path);
    else
        *out_path = path;
    return rc;
}
