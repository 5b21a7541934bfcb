/* db.h - the SQLite store: open, pragmas, schema migrations */
#ifndef SD_DB_H
#define SD_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define SD_DB_SCHEMA_VERSION 1

/* Opens (creating when asked) the database at path, turns on foreign keys,
 * WAL and a busy timeout, and migrates the schema to the current version.
 * Returns SD_OK and the handle in *out (close with sd_db_close), or an
 * error with detail in err; SD_ERR_DB_VERSION for a newer schema. */
sd_error sd_db_open(const char *path, bool create, sqlite3 **out, char *err, size_t errlen);
void sd_db_close(sqlite3 *db);

/* Runs SQL without results. Returns SD_OK or SD_ERR_DB with the message. */
sd_error sd_db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* Prepares one statement. Returns SD_OK or SD_ERR_DB with the message. */
sd_error sd_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen);

/* Turns the last SQLite error into our code, keeping its message; a busy
 * database gets a message that names the likely cause. */
sd_error sd_db_error(sqlite3 *db, char *err, size_t errlen);

/* The newest period with responses, written to out (8 bytes). Returns
 * SD_OK, SD_ERR_NO_DATA when the database holds none, or SD_ERR_DB. */
sd_error sd_db_latest_period(sqlite3 *db, char out[8], char *err, size_t errlen);

/* The current time as "YYYY-MM-DD HH:MM:SS" UTC, or SOURCE_DATE_EPOCH's
 * when that is set (reproducible runs). */
void sd_db_now(char out[20]);

#endif
