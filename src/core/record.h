/* record.h - what reading an input file yields and the store takes: one
 * member's checked answers (sd_record) or why a row or cell cannot be
 * taken (sd_reject); plain data shared by ingest/, store/ and batch/ */
#ifndef SD_RECORD_H
#define SD_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/templates.h"

/* A row or cell that could not be taken. */
typedef struct {
    size_t row;   /* 1-based row number; 0 for the whole file */
    char *column; /* column label as in the header (or the field name) */
    char *value;  /* the cell's text as read (truncated), may be "" */
    char *reason; /* Japanese reason */
    bool warning; /* an optional cell: the row was still taken without it */
    /* whom the row is about, so staff can call without opening the file:
     * the cells as read (trimmed, never NULL), "" when the row had none or
     * a cell could not be read (bad bytes, control characters) */
    char *member_no; /* the row's 会員番号 cell */
    char *name;      /* the row's 事業所名 cell */
} sd_reject;

typedef struct {
    sd_reject *items; /* owned */
    size_t n, cap;
} sd_rejects;

/* One member's answers, checked and scored. */
typedef struct {
    char *member_no;               /* owned; safe for file names */
    char *name;                    /* owned; NFKC, spaces collapsed */
    char industry;                 /* 'A'..'T' */
    int prefecture;                /* 1..47 */
    char *municipality;            /* owned, may be NULL */
    int employees;                 /* -1 when only the band was given */
    int size_band;                 /* 1.. */
    char answered_on[11];          /* YYYY-MM-DD or "" */
    char period[8];                /* YYYY-MM */
    int sa_level;                  /* 0, 1 (★), 2 (★★) */
    bool sa_known;                 /* false: no SECURITY ACTION column, or its cell unreadable */
    int answers[SD_MAX_QUESTIONS]; /* choice codes */
    int total;                     /* sum of points */
    int part_scores[SD_MAX_PARTS]; /* per part */
    size_t row;                    /* source row number */
} sd_record;

#endif
