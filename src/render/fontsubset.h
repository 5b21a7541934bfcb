/* fontsubset.h - the Japanese font, loaded once, and the pieces of it a
 * document embeds: a subset of the characters it uses (HarfBuzz
 * hb-subset), and a batch's shared part of the characters nearly every
 * report uses, made once */
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
/* The same, adding a BMP character only when its bit in seen (a bit per
 * BMP character, all clear at first) is clear, and setting it: a
 * document's first pass records thousands of characters, nearly all
 * repeats. */
#define SD_CPSET_SEEN_WORDS (0x10000 / 64)
void sd_cpset_add_utf8_once(sd_cpset *s, uint64_t seen[SD_CPSET_SEEN_WORDS], const char *text);
/* Sorts the set, keeping repeats (to count them). */
void sd_cpset_sort(sd_cpset *s);
/* Sorts the set and drops repeats; then it may be searched. */
void sd_cpset_finish(sd_cpset *s);
/* Position of cp in a finished set, or -1. */
long sd_cpset_index(const sd_cpset *s, uint32_t cp);
void sd_cpset_free(sd_cpset *s);

/* Appends the characters of from (a finished set) to s. */
void sd_cpset_add_all(sd_cpset *s, const sd_cpset *from);

/* The face's PostScript name (letters, digits and '-' only). */
const char *sd_font_name(const sd_font *f);

/* What a PDF font descriptor says of the face, in thousandths of an em. */
typedef struct {
    int ascent, descent, cap_height;
    int bbox[4]; /* xMin yMin xMax yMax */
} sd_font_metrics;
const sd_font_metrics *sd_font_get_metrics(const sd_font *f);

/* A piece of the font for a PDF: characters, each one's glyph in the
 * font program, the program (TrueType, deflated in zlib's format) and the
 * font's maps and widths, ready to write. A character's CID is its glyph
 * (the CIDToGIDMap is /Identity, no stream) when every character has a
 * glyph of its own; else the part's k-th character is CID k + 1 and the
 * map is written out. */
typedef struct {
    sd_cpset chars;      /* finished */
    uint16_t *gids;      /* gids[k]: glyph of chars.cps[k] in the program, 0 when the font lacks it */
    uint16_t *cids;      /* cids[k]: the CID of chars.cps[k] */
    bool identity;       /* CID = glyph: no cidmap */
    sd_buf program;      /* the font program, deflated */
    size_t program_len;  /* its length before deflating */
    sd_buf cidmap;       /* the CIDToGIDMap (CID -> glyph, 2 bytes each), deflated; empty with identity */
    sd_buf tounicode;    /* the ToUnicode CMap (CID -> character), deflated */
    sd_buf widths;       /* the CIDFont's /W entry, as PDF text */
    char tag[7];         /* the subset's tag, from its characters */
} sd_font_part;

/* At most this many characters in one part (CIDs are 16 bits, 0 is .notdef). */
#define SD_FONT_MAX_CHARS 65534u

/* Makes the part of f holding chars (a finished set): a subset, or with
 * whole the whole font file (the benchmark's baseline), deflated at level
 * (1..12). Returns SD_OK, or SD_ERR_FONT with detail in err. */
sd_error sd_font_part_make(const sd_font *f, const sd_cpset *chars, bool whole, int level, sd_font_part *out,
                           char *err, size_t errlen);
void sd_font_part_free(sd_font_part *p);
/* The CID of cp in p, or -1 when p (possibly NULL) lacks it. */
long sd_font_part_cid(const sd_font_part *p, uint32_t cp);

/* The batch's glyph cache: makes the shared part of chars, which every
 * later document embeds as it is for the characters it holds, subsetting
 * only the rest. Call before threads share f. */
sd_error sd_font_share(sd_font *f, const sd_cpset *chars, char *err, size_t errlen);
const sd_font_part *sd_font_shared(const sd_font *f);

#endif
