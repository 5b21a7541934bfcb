/* places.h - the list of municipalities (templates/municipalities.tsv) and
 * the longest-name lookup that reading a place (ingest/values.c) is built on */
#ifndef SD_PLACES_H
#define SD_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef struct {
    char code[7];       /* 全国地方公共団体コード, 6 digits */
    int prefecture;     /* 1..47 */
    char *municipality; /* the official name stored: a ward's city */
    char *ward;         /* a designated city's ward, or NULL */
    char *area;         /* 郡 or island written before the name, or NULL */
} sd_muni;

typedef struct sd_places sd_places;

/* Loads path (code, prefecture, municipality, ward, area per line). Returns
 * SD_OK and a new list in *out (free with sd_places_free), or
 * SD_ERR_TEMPLATE with the file and line in err. */
sd_error sd_places_load(const char *path, sd_places **out, char *err, size_t errlen);
void sd_places_free(sd_places *p);

/* The list's lines, in file order (for tests and the data check). */
size_t sd_places_count(const sd_places *p);
const sd_muni *sd_places_at(const sd_places *p, size_t i);

/* Folds text for matching, in place: spaces dropped, and the spellings of
 * one name made one (ヶ ヵ -> ケ, 竜 -> 龍, 竈 -> 釜, 檜 -> 桧 …; each pair has
 * the same UTF-8 length). Names and cells are folded alike. */
void sd_places_fold(char *s);

/* The longest name in the list that folded starts with (a municipality,
 * with or without its 郡; a designated city with its ward; a ward alone),
 * among the municipalities of prefecture pref (0: of all). Writes up to
 * max line indexes of the lines it names to rows and their number to
 * *nrows; returns the name's length in bytes, 0 when none starts it. */
size_t sd_places_match(const sd_places *p, const char *folded, int pref, size_t *rows, size_t max,
                       size_t *nrows);

#endif
