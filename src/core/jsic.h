/* jsic.h - the words an industry is written with: the organisation's own
 * (industries.tsv synonyms, industry_words.tsv) and the names of
 * 日本標準産業分類 (jsic.tsv), each leading to a 大分類 letter */
#ifndef SD_JSIC_H
#define SD_JSIC_H

#include <stddef.h>

#include "core/error.h"

typedef struct sd_jsic sd_jsic;

/* Where a word was found: the organisation's words first, then the
 * classification's names; at each, the word as written, then its stem
 * (美容室 as is, 電気工事 as 電気工事業, 訪問介護 as 訪問介護事業). */
typedef enum {
    SD_JSIC_OWN = 0,
    SD_JSIC_OWN_STEM,
    SD_JSIC_NAME,
    SD_JSIC_NAME_STEM,
    SD_JSIC_NSTAGES
} sd_jsic_stage;

sd_jsic *sd_jsic_new(void);
void sd_jsic_free(sd_jsic *j);

/* Adds word (any text; normalised here) for letter at an organisation
 * stage (own) or a classification stage (!own). */
void sd_jsic_add(sd_jsic *j, const char *word, char letter, int own);

/* Loads jsic.tsv (code, letter, name; own = 0) or industry_words.tsv
 * (word, letter, note; own = 1). Returns SD_ERR_TEMPLATE with the file
 * and line in err on a bad line. */
sd_error sd_jsic_load(sd_jsic *j, const char *path, int own, char *err, size_t errlen);

/* Sorts what was added; call once before sd_jsic_lookup. */
void sd_jsic_finish(sd_jsic *j);

/* The letters text leads to at the first stage where it is found, in
 * letters (A-T, sorted, NUL-terminated; 21 bytes). Returns their number:
 * 0 when not found, 1 when found, more when the word fits several. */
int sd_jsic_lookup(const sd_jsic *j, const char *text, char letters[21]);

/* A normalised key and its stems: each usual ending it has taken off (…業,
 * …事業, …店, …屋, …事務所, …会社 …) where two characters or more remain;
 * 電気工事業 gives 電気工事業, 電気工, 電気工事. A new NULL-terminated
 * array (sd_strv_free). */
char **sd_jsic_stems(const char *key);

#endif
