/* batch.h - the subcommands behind the command line: the monthly run
 * (imports, then every pending period's outputs through a worker pool),
 * import, check, report, excel, stats and the seminar kit. main.c parses
 * the options into sd_opts and calls one of these; each returns a process
 * exit status. */
#ifndef SD_BATCH_H
#define SD_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "ingest/sheet.h"

enum {
    SD_EXIT_OK = 0,       /* done; rejected rows (if any) are listed */
    SD_EXIT_FAIL = 1,     /* a file, the database or an output failed */
    SD_EXIT_USAGE = 2,    /* wrong command line */
    SD_EXIT_REJECTS = 3,  /* check found problems, or --strict refused a file */
};

#define SD_DEFAULT_DB "shindan.db"

/* The command line, parsed. */
typedef struct {
    const char *db_path;
    const char *templates;   /* --templates, or NULL */
    const char *config;      /* --config: the settings file, or NULL */
    const char *period;      /* --period (YYYY-MM), or NULL */
    const char *out_dir;
    const char *input_dir;
    const char *font;
    const char *by;
    const char *format;
    const char *sheet;
    const char *member;
    const char *to;          /* backup: the copy */
    const char *title;       /* seminar add: the seminar's title */
    const char *date;        /* seminar add: its day, YYYY-MM-DD */
    const char *place;       /* seminar add: where it is held, or NULL */
    long long seminar;       /* seminar: --seminar ID, 0 for the latest */
    bool all;                /* seminar kit: answer sheets for everyone */
    const char *org[6];      /* init: name, department, desk, phone, email, web */
    sd_encoding encoding;
    bool strict;
    bool details;
    bool no_suppress;
    bool quiet;
    bool group_readable;     /* --group-readable: outputs readable by the group */
    int jobs;                /* 0: one per CPU */
    char **args;             /* files and folders (import, check) */
    int nargs;
    FILE *timings;           /* --timings, or NULL */
} sd_opts;

/* The program's name in messages. */
extern const char *sd_prog;

int sd_cmd_run(const sd_opts *o);
int sd_cmd_import(const sd_opts *o);
int sd_cmd_check(const sd_opts *o);
int sd_cmd_report(const sd_opts *o);
int sd_cmd_excel(const sd_opts *o);
int sd_cmd_stats(const sd_opts *o);
int sd_cmd_backup(const sd_opts *o);
int sd_cmd_verify(const sd_opts *o);
int sd_cmd_init(const sd_opts *o);
/* seminar add|kit|effect|list: the subcommand is the first argument. */
int sd_cmd_seminar(const sd_opts *o);

/* Misuse of the command line: the message and a hint on stderr; returns
 * SD_EXIT_USAGE. */
int sd_misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
