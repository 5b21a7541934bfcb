/* catalogue.h - the texts of report.ini: every label and sentence a
 * member or staff reads, each key checked present when the templates load */
#ifndef SD_CATALOGUE_H
#define SD_CATALOGUE_H

#include <stddef.h>

#include "core/error.h"

struct sd_templates;

typedef struct {
    char *key;   /* "company.title" (owned) */
    char *value; /* text (owned) */
} sd_text_entry;

/* The texts of report.ini. */
typedef struct {
    sd_text_entry *entries; /* sorted by key once finished (owned) */
    size_t n;
} sd_catalogue;

/* The report.ini handler for sd_ini_load (user: its sd_ini_ctx): adds
 * section.name to the templates' catalogue; a continuation line (or the
 * key again, straight after) goes on the text. Returns 0 when the text
 * grows too long. */
int sd_catalogue_handler(void *user, const char *section, const char *name, const char *value);

/* Sorts the catalogue and checks that it holds every key the program
 * looks up. Returns SD_OK, or SD_ERR_TEMPLATE naming the first key
 * missing in err. */
sd_error sd_catalogue_finish(sd_catalogue *cat, char *err, size_t errlen);

/* The text of key, or "" when the catalogue has none. */
const char *sd_catalogue_get(const sd_catalogue *cat, const char *key);

/* Frees the entries and empties cat; cat itself is not freed. */
void sd_catalogue_clear(sd_catalogue *cat);

/* Report text for key from report.ini; "" when missing (the loader
 * refuses a report.ini without the keys the program uses). */
const char *sd_text(const struct sd_templates *t, const char *key);

#endif
