/* db.h - the SQLite store: open, pragmas, schema migrations */
#ifndef SD_DB_H
#define SD_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define SD_DB_SCHEMA_VERSION 1

typedef enum {
    SD_DB_READ = 0, /* read only: changes nothing, not even the journal mode;
                     * when no batch is writing, opened as the file stands,
                     * so nothing is created beside it */
    SD_DB_READ_LOCKED, /* the same, for a caller that holds the batch lock */
    SD_DB_WRITE,    /* an existing database, migrated to the current schema */
    SD_DB_CREATE,   /* the same, created (mode 0600) when missing */
} sd_db_mode;

/* Opens the database at path. A file that is not shindan's (tables but no
 * schema version of ours, a negative version) is refused before anything
 * is written. For writing: foreign keys, WAL, a busy timeout, and the
 * schema migrated. For reading: query_only, and the schema must be the
 * current one. Returns SD_OK and the handle in *out (close with
 * sd_db_close), or an error with detail in err: SD_ERR_DB_VERSION for a
 * foreign, newer or (reading) older schema, SD_ERR_NO_DATA for an empty
 * file opened for reading. */
sd_error sd_db_open(const char *path, sd_db_mode mode, sqlite3 **out, char *err, size_t errlen);

/* Whether this process could write the database at path without
 * creating or changing anything to find out: the file, its folder (the
 * -wal and -shm files are made there) and any -wal or -shm present are
 * writable. A read-only file, folder or file system says false. */
bool sd_db_writable(const char *path);

/* Folds the write-ahead log into the database file after an import, so
 * the .db file alone holds everything. A reader still in the log is not
 * an error; a failed write (a full disk) is, with the advice that the
 * data is safe in the -wal file. */
sd_error sd_db_checkpoint(sqlite3 *db, const char *path, char *err, size_t errlen);

/* Copies the database consistently (SQLite's online backup) into the file
 * `to`, which must exist (empty). */
sd_error sd_db_backup(sqlite3 *src, const char *to, char *err, size_t errlen);
void sd_db_close(sqlite3 *db);

/* Runs SQL without results. Returns SD_OK or SD_ERR_DB with the message. */
sd_error sd_db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* Prepares one statement. Returns SD_OK or SD_ERR_DB with the message. */
sd_error sd_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen);

/* Prepares sql on db once: later calls with the same text (the same
 * pointer: a literal) on the same connection return the same statement,
 * which a report's loader runs for every member. The statement belongs to
 * the connection until sd_db_close; the caller ends each use with
 * sd_db_done (reset, bindings cleared), never sqlite3_finalize, and never
 * uses the same text twice at once. Returns SD_OK or SD_ERR_DB. */
sd_error sd_db_prepare_kept(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen);
void sd_db_done(sqlite3_stmt *st);

/* Turns the last SQLite error into our code, keeping its message; a busy
 * database gets a message that names the likely cause. */
sd_error sd_db_error(sqlite3 *db, char *err, size_t errlen);

/* The newest period with responses, written to out (8 bytes). Returns
 * SD_OK, SD_ERR_NO_DATA when the database holds none, or SD_ERR_DB. */
sd_error sd_db_latest_period(sqlite3 *db, char out[8], char *err, size_t errlen);

/* The current time as "YYYY-MM-DD HH:MM:SS" UTC, or SOURCE_DATE_EPOCH's
 * when that is set (reproducible runs). */
void sd_db_now(char out[20]);

/* Checks the database file for damage before outputs are written from it:
 * PRAGMA quick_check (full: integrity_check, which also compares every
 * index with its table, and foreign_key_check). Returns SD_OK when sound,
 * else SD_ERR_DB with what SQLite found (the first few problems) in err. */
sd_error sd_db_verify(sqlite3 *db, const char *path, bool full, char *err, size_t errlen);

/* The response table's part scores, one column per part of the
 * questionnaire (SD_MAX_PARTS of them), as a list for a SELECT or an
 * INSERT: SD_DB_PARTS("r.") is "r.part1, r.part2, r.part3". Only this file
 * and db.c (the schema) name them; everything else asks here, reading or
 * binding SD_MAX_PARTS values in a row. */
#define SD_DB_PARTS(alias) alias "part1, " alias "part2, " alias "part3"

#endif
