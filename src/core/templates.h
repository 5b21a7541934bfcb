/* templates.h - the questionnaire, classifications, column names, report
 * texts and settings, loaded from templates/ and checked for consistency */
#ifndef SD_TEMPLATES_H
#define SD_TEMPLATES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalogue.h"
#include "core/columns.h"
#include "core/error.h"
#include "core/jsic.h"
#include "core/places.h"
#include "rules/band.h"
#include "rules/five.h"

#define SD_MAX_QUESTIONS 25
#define SD_MAX_PARTS 3
#define SD_NCHOICES 4
#define SD_MAX_BANDS 8
#define SD_NINDUSTRIES 20
#define SD_NPREFECTURES 47
#define SD_MAX_SIZE_BANDS 8
/* The longest text one template key may hold, in characters (a kanji is
 * one), once its continuation lines are joined: a template line holds 198
 * bytes (about 66 kanji; inih's buffer), so a longer text goes on in
 * indented lines below its key, and a text longer than this is refused as
 * a mistake (a paragraph pasted twice) rather than printed over a page. */
#define SD_TEXT_MAX_CHARS 1000
typedef struct {
    const char *code; /* "done", "partial", "none", "unknown" (static) */
    char *label;      /* 実施している */
    char *short_label;/* 実施 */
    char *mark;       /* ○ */
    int points;       /* 4, 2, 0, -1 */
    char **keys;      /* normalised synonyms (sd_text_key), NULL-terminated */
} sd_choice;

typedef struct {
    char *name;     /* 基本的対策 */
    int first;      /* first question number */
    int last;       /* last question number */
    int max_points; /* 4 x questions */
} sd_part;

typedef struct {
    int part;        /* 0-based part index */
    char *label;     /* short label */
    char *advice;    /* what to do */
    char *text;      /* the question as a form asks it, for matching headers */
    char **aliases;  /* normalised short forms a header may be (OS更新) */
} sd_question;

typedef struct {
    char letter;      /* 'A'..'T' */
    char *name;       /* 製造業 */
    char *short_name; /* for narrow tables */
    char **keys;      /* normalised synonyms, NULL-terminated */
} sd_industry;

typedef struct {
    int code;         /* JIS X 0401: 1..47 */
    char *name;       /* 茨城県 */
    char *short_name; /* 茨城 */
    char *name_key;   /* name and short name folded as places are matched */
    char *short_key;  /* (sd_places_fold), made once at load */
} sd_prefecture;

/* Spreadsheet fields a column can map to. */
typedef enum {
    SD_FIELD_MEMBER_NO = 0,
    SD_FIELD_NAME,
    SD_FIELD_INDUSTRY,
    SD_FIELD_PREFECTURE,
    SD_FIELD_MUNICIPALITY,
    SD_FIELD_ADDRESS,
    SD_FIELD_EMPLOYEES,
    SD_FIELD_ANSWERED_ON,
    SD_FIELD_SA_LEVEL,
    SD_FIELD_COUNT
} sd_field;

typedef struct {
    char *label;     /* the name used in messages (会員番号) */
    bool required;   /* file is refused without it */
    char **keys;     /* normalised synonyms: the header is exactly one */
    char **keywords; /* normalised: a header asking in a sentence contains one */
    char **weak;     /* normalised: taken only when nothing better claims the field */
} sd_column;

/* Where a per-company form keeps its details and answers (form.ini). */
typedef struct {
    int number_col;   /* 0-based column holding the question number */
    int answer_col;   /* 0-based column holding the answer */
    int detail_reach; /* columns right of a detail label searched for its value */
    int max_rows;     /* rows read at most */
} sd_form;

typedef struct sd_templates {
    char *dir;                               /* where they were loaded from */
    char *title;                             /* questionnaire title */
    int nquestions;                          /* 25 */
    int nparts;                              /* 3 */
    sd_part parts[SD_MAX_PARTS];
    sd_choice choices[SD_NCHOICES];
    int nbands;
    sd_band bands[SD_MAX_BANDS];             /* best first */
    sd_question questions[SD_MAX_QUESTIONS]; /* index = number - 1 */
    sd_industry industries[SD_NINDUSTRIES];
    sd_jsic *industry_words;                 /* industries.tsv, industry_words.tsv, jsic.tsv */
    sd_prefecture prefectures[SD_NPREFECTURES];
    sd_places *places;                       /* municipalities.tsv */
    int nsize_bands;
    sd_size_band size_bands[SD_MAX_SIZE_BANDS];
    sd_column columns[SD_FIELD_COUNT];
    char **question_prefixes;                /* normalised: q, 問, 設問 */
    char **part_prefixes;                    /* normalised: part, パート (then a number) */
    char **form_meta;                        /* normalised: form tools' own columns (ID, 名前) */
    sd_catalogue texts;                      /* report.ini */
    char *org_name;                          /* organisation for headers */
    char *org_department;
    char *org_desk;                          /* 担当窓口, "" when not set */
    char *org_phone;
    char *org_email;
    char *org_web;
    int min_group;                           /* privacy threshold k */
    bool group_readable;                     /* [output] group_readable: share outputs with the group */
    char *settings_path;                     /* the settings file read over shindan.ini, or NULL */
    char **sa_keys[3];                       /* SECURITY ACTION 0, ★, ★★ */
    sd_form form;                            /* per-company form layout (form.ini) */
} sd_templates;

/* Loads every template file from dir and checks them. Returns SD_OK and a
 * new sd_templates in *out (free with sd_templates_free), or an error with
 * the file, line and problem in err. */
sd_error sd_templates_load(const char *dir, sd_templates **out, char *err, size_t errlen);
void sd_templates_free(sd_templates *t);

/* The settings file (the organisation's own shindan.ini, apart from the
 * templates): explicit (--config), else $SHINDAN_CONFIG, else the first
 * that exists of ./shindan.ini, $XDG_CONFIG_HOME/shindan/shindan.ini (or
 * ~/.config/shindan/shindan.ini) and /etc/shindan/shindan.ini. An explicit
 * path or $SHINDAN_CONFIG is returned whether it exists or not; an empty
 * $SHINDAN_CONFIG means none. Returns a new string, or NULL for none. */
char *sd_settings_find(const char *explicit_path);

/* Reads the settings file path over t: every key it sets replaces the
 * templates' shindan.ini value ([organisation], [privacy],
 * [security_action], [limits], [output]); the same strict reading. */
sd_error sd_templates_apply_settings(sd_templates *t, const char *path, char *err, size_t errlen);

/* Finds the template directory: explicit, $SHINDAN_TEMPLATES, ./templates,
 * the program's own (../templates, ../share/shindan/templates beside the
 * binary), then the compiled-in data directory. Returns a static or given
 * string, or NULL when none holds questionnaire.ini. */
const char *sd_templates_find(const char *explicit_dir);

/* Lookups; each returns NULL when nothing matches (the bands, the totals
 * and the size bands: rules/band.h). */
const sd_industry *sd_industry_by_letter(const sd_templates *t, char letter);
const sd_prefecture *sd_prefecture_by_name(const sd_templates *t, const char *name);
const sd_size_band *sd_size_band_by_id(const sd_templates *t, int id);

/* The organisation fields of shindan.ini's [organisation], in order, with
 * their Japanese names (for `shindan init`). */
#define SD_ORG_NFIELDS 6
extern const char *const sd_org_keys[SD_ORG_NFIELDS];
extern const char *const sd_org_labels[SD_ORG_NFIELDS];
/* The placeholder name the templates ship with. */
#define SD_ORG_PLACEHOLDER "○○商工会議所"

#endif
