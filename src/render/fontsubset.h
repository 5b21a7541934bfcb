/* fontsubset.h - the Japanese font, loaded once, and a subset of it per
 * document (HarfBuzz hb-subset), so libharu embeds only what is used */
#ifndef SD_FONTSUBSET_H
#define SD_FONTSUBSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/util.h"

typedef struct sd_font sd_font;

/* Opens the font: the given file, else the first .ttf/.otf in fonts_dir,
 * else IPAexGothic found through fontconfig. Returns SD_OK and *out (free
 * with sd_font_free) or SD_ERR_FONT with detail in err. The face is
 * read-only afterwards and may be shared between threads. */
sd_error sd_font_open(const char *file, const char *fonts_dir, sd_font **out, char *err, size_t errlen);
void sd_font_free(sd_font *f);
const char *sd_font_path(const sd_font *f);

/* Width of cp in thousandths of an em, truncated as libharu truncates
 * it; a character the font lacks measures as its missing glyph. */
int sd_font_advance(const sd_font *f, uint32_t cp);

/* A set of code points a document uses. */
typedef struct {
    uint32_t *cps; /* as added; sorted and unique after sd_cpset_finish; owned */
    size_t n, cap;
} sd_cpset;

void sd_cpset_add(sd_cpset *s, uint32_t cp);
/* Adds the characters of text above the space (controls are not drawn). */
void sd_cpset_add_utf8(sd_cpset *s, const char *text);
/* Sorts the set and drops repeats; then it may be searched. */
void sd_cpset_finish(sd_cpset *s);
/* Position of cp in a finished set, or -1. */
long sd_cpset_index(const sd_cpset *s, uint32_t cp);
void sd_cpset_free(sd_cpset *s);

/* A document's character codes. Its k-th character (in a finished set) is
 * drawn with the two-byte code sd_font_code(k): 255 codes per lead byte,
 * neither byte zero, so encoded text is still a C string; the codes are
 * also the PDF's CIDs, and the highest stays small. */
#define SD_FONT_MAX_CODES (255u * 200u)
static inline uint16_t sd_font_code(size_t k) { return (uint16_t)((k / 255 + 1) << 8 | (k % 255 + 1)); }
/* The k of a code, or -1 for a value no sd_font_code gives. */
static inline long sd_font_index(unsigned code)
{
    unsigned hi = code >> 8, lo = code & 0xFF;
    return hi >= 1 && lo >= 1 && code <= 0xFFFF ? (long)((hi - 1) * 255 + (lo - 1)) : -1;
}

/* Appends to out a TrueType subset of f holding the characters of set (a
 * finished set), its cmap mapping sd_font_code(k) to the glyph of
 * set->cps[k] (libharu looks glyphs up by the document's codes). Returns
 * SD_OK, or SD_ERR_FONT with detail in err. */
sd_error sd_font_subset(const sd_font *f, const sd_cpset *set, sd_buf *out, char *err, size_t errlen);

#endif
