/* session.h - what a command opens before its work: the templates, and the
 * database (locked when the command writes to it or to the outputs), for
 * the commands in commands.c and seminar.c alike */
#ifndef SD_SESSION_H
#define SD_SESSION_H

#include <sqlite3.h>
#include <stdbool.h>

#include "batch/batch.h"
#include "core/templates.h"
#include "store/db.h"

/* A session: templates, and the database opened (and locked when it is
 * written to). */
typedef struct {
    sd_templates *t;
    sqlite3 *db;
    int lock_fd;
} sd_session;

/* Loads the templates and opens the database in mode, taking the batch
 * lock when lock is set (one writer at a time; a second one refuses at
 * once). Returns an exit status with the message printed; close the
 * session with sd_session_close either way. */
int sd_session_open(const sd_opts *o, sd_db_mode mode, bool lock, sd_session *s);
/* Checks the database for damage (PRAGMA quick_check) before outputs are
 * written from it; prints what was found. Returns an exit status. */
int sd_session_verify(const sd_opts *o, sd_session *s);
/* Folds the write-ahead log into the database file after a write. */
int sd_checkpoint(const sd_opts *o, sd_session *s);
void sd_session_close(sd_session *s);

#endif
