/* fontsubset.h - the Japanese font, loaded once, and a subset of it per
 * document (HarfBuzz hb-subset), so libharu embeds only what is used */
#ifndef SD_FONTSUBSET_H
#define SD_FONTSUBSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct sd_font sd_font;

/* Opens the font: the given file, else the first .ttf/.otf in fonts_dir,
 * else IPAexGothic found through fontconfig. Returns SD_OK and *out (free
 * with sd_font_free) or SD_ERR_FONT with detail in err. The face is
 * read-only afterwards and may be shared between threads. */
sd_error sd_font_open(const char *file, const char *fonts_dir, sd_font **out, char *err, size_t errlen);
void sd_font_free(sd_font *f);
const char *sd_font_path(const sd_font *f);

/* A set of code points a document uses. */
typedef struct {
    uint32_t *cps; /* as added; sorted and unique after sd_cpset_finish; owned */
    size_t n, cap;
} sd_cpset;

void sd_cpset_add_utf8(sd_cpset *s, const char *text);
/* Sorts the set and drops repeats; then sd_cpset_has may be asked. */
void sd_cpset_finish(sd_cpset *s);
bool sd_cpset_has(const sd_cpset *s, uint32_t cp);
void sd_cpset_free(sd_cpset *s);

/* A subset held in an anonymous in-memory file: it has no name on disk,
 * so a killed batch leaves nothing behind; path (/proc/self/fd/N) is what
 * libharu opens. */
typedef struct {
    int fd;
    char path[32];
} sd_font_file;

/* Writes a TrueType subset holding the code points of set (plus ASCII) to
 * out; with fast, its cmap is rewritten into few wide segments that
 * libharu reads quickly. Returns SD_OK (close out with sd_font_file_close)
 * or SD_ERR_FONT. */
sd_error sd_font_subset_file(const sd_font *f, sd_cpset *set, bool fast, sd_font_file *out, char *err,
                             size_t errlen);
void sd_font_file_close(sd_font_file *ff);

#endif
