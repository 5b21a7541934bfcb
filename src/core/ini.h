/* ini.h - the templates' .ini files read strictly through inih: file and
 * line in every message, long lines, continuation lines, keys written twice */
#ifndef SD_INI_H
#define SD_INI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

struct sd_templates;

/* What a handler is given for every `key = value` (and for every
 * continuation line, as the same key again); inih's ini_handler. Returns
 * nonzero to go on, 0 to stop with the error set in the context. */
typedef int (*sd_ini_handler)(void *user, const char *section, const char *name, const char *value);

/* One .ini file being read; handlers get it as their user pointer. */
typedef struct {
    struct sd_templates *t; /* what the handlers fill (not owned) */
    const char *file;  /* questionnaire.ini, as older messages name it */
    char *path;        /* templates/questionnaire.ini, for the line messages (owned) */
    char *err;         /* the caller's message buffer */
    size_t errlen;
    bool failed;       /* err holds the first problem; reading stops */
    FILE *fp;
    char *buf;         /* the physical line last read (owned) */
    size_t cap;
    int lineno;        /* the line inih is on, as the file counts them */
    bool continuation; /* that line goes on the value of key */
    char key[64];      /* the key an indented line continues */
    int key_line;      /* the line that key was written on */
    int bad_line;      /* the first line that is no `key = value`, or 0 */
    const char *bad_hint;
    char section[64];  /* the section the line is in */
    bool override;     /* a settings file over the templates: a key replaces */
    char **seen;       /* "[section" and "section]key" written so far (owned) */
    int *seen_line;    /* the line each was written on (owned) */
    size_t nseen;
    sd_ini_handler handler; /* the file's own handler, behind sd_ini_dispatch */
    char *long_value;       /* a line longer than inih's buffer: its value (owned) */
} sd_ini_ctx;

/* Reads dir/file with handler h filling t. Returns SD_OK, or
 * SD_ERR_TEMPLATE with the file, the line and the problem in err. */
sd_error sd_ini_load(struct sd_templates *t, const char *dir, const char *file, sd_ini_handler h, char *err,
                     size_t errlen);

/* Reads the .ini file at path (taken over and freed) with handler h; file
 * is the name older messages use, dir the folder "cannot open" names;
 * override marks a settings file read over the templates. Returns as
 * sd_ini_load. */
sd_error sd_ini_load_at(struct sd_templates *t, const char *dir, const char *file, char *path, bool override,
                        sd_ini_handler h, char *err, size_t errlen);

/* Records "file: [section] name: what" (the first problem only) and
 * returns 0, for a handler to return. */
int sd_ini_error(sd_ini_ctx *c, const char *section, const char *name, const char *what);

/* 1 when text is at most SD_TEXT_MAX_CHARS characters; else records an
 * error naming the line the key was written on and returns 0. */
int sd_ini_text_fits(sd_ini_ctx *c, const char *section, const char *name, const char *text);

/* Sets the text *dst (owned by the templates) to v, or appends v without
 * a space to a text already set (a continuation line; Japanese runs on).
 * Returns 0 when the text grows too long. */
int sd_ini_text(sd_ini_ctx *c, const char *section, const char *name, char **dst, const char *v);

/* The items of a|b|c, each normalised with sd_text_key: a new
 * NULL-terminated array (free with sd_strv_free). */
char **sd_ini_keys(const char *list);

/* Appends the normalised items of v (a|b|c) to *list (owned). */
void sd_ini_list_append(char ***list, const char *v);

/* Sets a list of normalised keys (a|b|c). A continuation line adds its
 * items, as if joined with '|'; the key written again replaces the list. */
void sd_ini_list(sd_ini_ctx *c, char ***list, const char *v);

/* A number or a switch takes one line: true, or false with an error
 * recorded for a continuation of it. */
bool sd_ini_one_line(sd_ini_ctx *c, const char *section, const char *name);

#endif
