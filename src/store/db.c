/* db.c - open the SQLite database and keep its schema current */
#include "store/db.h"

#include "core/templates.h"
#include "core/platform.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

_Static_assert(SD_MAX_PARTS == 3, "the response table has one column per part: part1..part3 (SD_DB_PARTS)");

/* Migration N brings the schema from version N-1 to N. Never edit a
 * released step: add a new one. */
static const char *const sd_migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE batch ("
    "  id INTEGER PRIMARY KEY,"
    "  source TEXT NOT NULL,"             /* file name as given */
    "  sha256 TEXT NOT NULL UNIQUE,"      /* content hash: re-import is a no-op */
    "  format TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL,"
    "  rows_ok INTEGER NOT NULL DEFAULT 0,"
    "  rows_rejected INTEGER NOT NULL DEFAULT 0,"
    "  rows_replaced INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE company ("
    "  id INTEGER PRIMARY KEY,"
    "  member_no TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  industry TEXT NOT NULL CHECK (industry BETWEEN 'A' AND 'T' AND length(industry) = 1),"
    "  prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),"
    "  municipality TEXT,"
    "  employees INTEGER,"
    "  size_band INTEGER NOT NULL"
    ");"
    /* A response keeps the company's details as they were answered, so a
     * period's figures do not move when a company later changes them. */
    "CREATE TABLE response ("
    "  id INTEGER PRIMARY KEY,"
    "  company_id INTEGER NOT NULL REFERENCES company(id),"
    "  batch_id INTEGER NOT NULL REFERENCES batch(id),"
    "  source_row INTEGER NOT NULL,"
    "  period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),"
    "  answered_on TEXT,"
    "  name TEXT NOT NULL,"
    "  industry TEXT NOT NULL,"
    "  prefecture INTEGER NOT NULL,"
    "  municipality TEXT,"
    "  employees INTEGER,"
    "  size_band INTEGER NOT NULL,"
    "  sa_level INTEGER NOT NULL CHECK (sa_level BETWEEN 0 AND 2),"
    "  total INTEGER NOT NULL,"
    "  part1 INTEGER NOT NULL," /* SD_DB_PARTS: one per part, SD_MAX_PARTS */
    "  part2 INTEGER NOT NULL,"
    "  part3 INTEGER NOT NULL,"
    "  UNIQUE (company_id, period)"
    ");"
    "CREATE INDEX response_period ON response(period, industry);"
    "CREATE TABLE answer ("
    "  response_id INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,"
    "  question INTEGER NOT NULL CHECK (question BETWEEN 1 AND 25),"
    "  choice INTEGER NOT NULL CHECK (choice BETWEEN 0 AND 3),"
    "  points INTEGER NOT NULL,"
    "  PRIMARY KEY (response_id, question)"
    ") WITHOUT ROWID;"
    "CREATE TABLE reject ("
    "  id INTEGER PRIMARY KEY,"
    "  batch_id INTEGER NOT NULL REFERENCES batch(id),"
    "  period TEXT,"                      /* when the row's period was known */
    "  row INTEGER NOT NULL,"             /* 0: the whole file */
    "  column_name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  reason TEXT NOT NULL"
    ");",
    /* 2: whether a response already covers SECURITY ACTION's 5か条 (Q1-Q5
     * all 実施している), so "ready but not declared" is one column read */
    "ALTER TABLE response ADD COLUMN basics_done INTEGER NOT NULL DEFAULT 0"
    "  CHECK (basics_done IN (0, 1));"
    "UPDATE response SET basics_done = sd_five_articles_done((SELECT group_concat(choice) FROM"
    "  (SELECT choice FROM answer WHERE response_id = response.id ORDER BY question)));",
    /* 3: periods whose outputs do not yet reflect what is stored. An import
     * adds its periods in the same transaction as its rows; `run` removes a
     * period once its reports, workbook and rejects list are all written.
     * A batch killed half-way thus leaves its periods here, and the next
     * run writes them again. */
    "CREATE TABLE pending_output ("
    "  period TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]')"
    ") WITHOUT ROWID;"
    "INSERT INTO pending_output SELECT DISTINCT period FROM response;",
    /* 4: whether a response's SECURITY ACTION declaration is known: a file
     * without the column, or an unreadable cell, must not count a declared
     * member as undeclared. Earlier rows were read as 未宣言 when empty. */
    "ALTER TABLE response ADD COLUMN sa_known INTEGER NOT NULL DEFAULT 1 CHECK (sa_known IN (0, 1));",
    /* 5: seminars and who signed up, so kits, effects and members' own
     * reports can refer to them. An attendee row is one line of the list
     * (duplicates left out), in the list's order, with the name as the
     * list wrote it. status: 'number' or 'name' (matched to company_id),
     * 'new' (a member number shindan has no answer for yet: the member is
     * found by member_no once it answers), 'unmatched' (reason says why). */
    "CREATE TABLE seminar ("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  held_on TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
    "  place TEXT,"
    "  source TEXT NOT NULL,"             /* the sign-up list as given */
    "  added_at TEXT NOT NULL"
    ");"
    "CREATE TABLE seminar_attendee ("
    "  seminar_id INTEGER NOT NULL REFERENCES seminar(id) ON DELETE CASCADE,"
    "  list_order INTEGER NOT NULL,"      /* 1.. in the list's order */
    "  source_row INTEGER NOT NULL,"      /* as a spreadsheet shows it */
    "  member_no TEXT,"                   /* as read (upper case), or NULL */
    "  raw_name TEXT NOT NULL,"           /* the name as the list wrote it */
    "  company_id INTEGER REFERENCES company(id),"
    "  status TEXT NOT NULL CHECK (status IN ('number', 'name', 'new', 'unmatched')),"
    "  reason TEXT,"
    "  PRIMARY KEY (seminar_id, list_order),"
    "  CHECK ((company_id IS NOT NULL) = (status IN ('number', 'name')))"
    ") WITHOUT ROWID;"
    "CREATE INDEX seminar_attendee_company ON seminar_attendee(company_id);",
    /* 6 (issue 27, rejects naming the member; self-contained: renumber at a
     * merge, it only needs the reject table of 1): the row's 会員番号 and
     * 事業所名 as read, so rejects.csv says whom to call. Rows stored
     * before keep everything and get "" (not known then). */
    "ALTER TABLE reject ADD COLUMN member_no TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE reject ADD COLUMN company_name TEXT NOT NULL DEFAULT '';",
    /* 7 (issue 28) the publication ledger, store/ledger.h: every member set
     * a published figure was drawn over, so a figure published again over
     * a few more or fewer members can be hidden. Self-contained: keep it
     * the last step, renumbered when another lands before it. */
    "CREATE TABLE publication ("
    "  figure TEXT NOT NULL,"             /* all, industry, ..., effect-attended */
    "  period TEXT NOT NULL,"             /* the period it is about; '' for an effect */
    "  key TEXT NOT NULL,"                /* the group's key; a seminar's id */
    "  members TEXT NOT NULL,"            /* order-free hash of the member set */
    "  n INTEGER NOT NULL,"               /* members in the set */
    "  shown INTEGER NOT NULL CHECK (shown IN (0, 1)),"
    "  output TEXT NOT NULL,"             /* the first output that wrote it */
    "  first_at TEXT NOT NULL,"
    "  PRIMARY KEY (figure, period, key, members)"
    ") WITHOUT ROWID;",
};

#define SD_NMIGRATIONS (sizeof sd_migrations / sizeof sd_migrations[0])

sd_error sd_db_error(sqlite3 *db, char *err, size_t errlen)
{
    int code = sqlite3_errcode(db);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return sd_fail(err, errlen, SD_ERR_DB,
                       "データベースは別の shindan が使用中です。終わるのを待ってからやり直してください（%s）",
                       sqlite3_errmsg(db));
    int sys = sqlite3_system_errno(db);
    if (code == SQLITE_FULL)
        return sd_fail(err, errlen, SD_ERR_DB, "ディスクがいっぱいです。空きを作ってからやり直してください（%s）",
                       sqlite3_errmsg(db));
    return sd_fail(err, errlen, SD_ERR_DB, "%s%s%s", sqlite3_errmsg(db), sys ? "、" : "", sys ? strerror(sys) : "");
}

sd_error sd_db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return sd_db_error(db, err, errlen);
    return SD_OK;
}

sd_error sd_db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return sd_db_error(db, err, errlen);
    return SD_OK;
}

/* The statements kept on their connections (sd_db_prepare_kept), until
 * sd_db_close finalizes them: found by connection and SQL text pointer. */
typedef struct {
    sqlite3 *db;
    const char *sql;
    sqlite3_stmt *st;
} sd_kept_stmt;
static sd_kept_stmt *sd_kept;
static size_t sd_nkept, sd_kept_cap;
static pthread_mutex_t sd_kept_lock = PTHREAD_MUTEX_INITIALIZER;

sd_error sd_db_prepare_kept(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen)
{
    *st = NULL;
    pthread_mutex_lock(&sd_kept_lock);
    for (size_t i = 0; i < sd_nkept && !*st; i++)
        if (sd_kept[i].db == db && sd_kept[i].sql == sql)
            *st = sd_kept[i].st;
    pthread_mutex_unlock(&sd_kept_lock);
    if (*st)
        return SD_OK;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return sd_db_error(db, err, errlen);
    pthread_mutex_lock(&sd_kept_lock);
    if (sd_nkept == sd_kept_cap) {
        sd_kept_cap = sd_kept_cap ? 2 * sd_kept_cap : 16;
        sd_kept = sd_xrealloc(sd_kept, sd_kept_cap * sizeof *sd_kept);
    }
    sd_kept[sd_nkept++] = (sd_kept_stmt){db, sql, *st};
    pthread_mutex_unlock(&sd_kept_lock);
    return SD_OK;
}

void sd_db_done(sqlite3_stmt *st)
{
    if (!st)
        return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Finalizes the statements kept on db. */
static void sd_db_drop_kept(sqlite3 *db)
{
    pthread_mutex_lock(&sd_kept_lock);
    size_t k = 0;
    for (size_t i = 0; i < sd_nkept; i++) {
        if (sd_kept[i].db == db)
            sqlite3_finalize(sd_kept[i].st);
        else
            sd_kept[k++] = sd_kept[i];
    }
    sd_nkept = k;
    if (!sd_nkept) {
        free(sd_kept);
        sd_kept = NULL;
        sd_kept_cap = 0;
    }
    pthread_mutex_unlock(&sd_kept_lock);
}

/* sd_five_articles_done(codes): the 5か条 rule of core/templates.c for a
 * response's choice codes in question order, comma-separated, for the
 * migration that fills basics_done. */
static void sd_sql_five_articles(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int answers[SD_MAX_QUESTIONS] = {0}, n = 0;
    const char *codes = (const char *)sqlite3_value_text(argv[0]);
    while (codes && *codes && n < SD_MAX_QUESTIONS) {
        answers[n++] = atoi(codes);
        const char *comma = strchr(codes, ',');
        codes = comma ? comma + 1 : NULL;
    }
    sqlite3_result_int(ctx, sd_five_articles_done(answers, n));
}

static sd_error sd_db_migrate(sqlite3 *db, char *err, size_t errlen)
{
    if (sqlite3_create_function(db, "sd_five_articles_done", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                sd_sql_five_articles, NULL, NULL) != SQLITE_OK)
        return sd_db_error(db, err, errlen);
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "PRAGMA user_version", &st, err, errlen);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    int version = r == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (r != SQLITE_ROW)
        return sd_db_error(db, err, errlen);
    if (version > (int)SD_NMIGRATIONS)
        return sd_fail(err, errlen, SD_ERR_DB_VERSION,
                       "データベースの版 %d はこの shindan（版 %d まで）より新しいものです", version,
                       (int)SD_NMIGRATIONS);
    if (version == (int)SD_NMIGRATIONS)
        return SD_OK;
    if ((rc = sd_db_exec(db, "BEGIN IMMEDIATE", err, errlen)))
        return rc;
    for (size_t v = (size_t)version; v < SD_NMIGRATIONS; v++) {
        if ((rc = sd_db_exec(db, sd_migrations[v], err, errlen)))
            goto rollback;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", (int)SD_NMIGRATIONS);
    if ((rc = sd_db_exec(db, sql, err, errlen)) || (rc = sd_db_exec(db, "COMMIT", err, errlen)))
        goto rollback;
    return SD_OK;
rollback:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Whether the file at db is shindan's: a new empty file, or one whose
 * user_version and tables are ours. Nothing is written before this is
 * known. */
static sd_error sd_db_identify(sqlite3 *db, const char *path, int *version, int *ntables, char *err,
                               size_t errlen)
{
    sqlite3_stmt *st = NULL;
    int r = sqlite3_prepare_v2(db,
                               "SELECT (SELECT user_version FROM pragma_user_version),"
                               " (SELECT count(*) FROM sqlite_master),"
                               " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'batch')",
                               -1, &st, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        int code = sqlite3_errcode(db);
        sd_error rc = code == SQLITE_NOTADB
                          ? sd_fail(err, errlen, SD_ERR_DB_VERSION,
                                    "%s は SQLite のデータベースではありません。何も変えていません", path)
                      : code == SQLITE_CORRUPT
                          ? sd_fail(err, errlen, SD_ERR_DB,
                                    "データベース %s が壊れています。何も書き込まずに止めました。shindan backup "
                                    "で作った複製から戻してください（手順は README の「データベースが壊れたとき」。"
                                    "全体は shindan verify で調べられます）。SQLite の報告: %s",
                                    path, sqlite3_errmsg(db))
                          : sd_fail(err, errlen, SD_ERR_DB, "データベース %s を読めません: %s%s%s", path,
                                    sqlite3_errmsg(db), sqlite3_system_errno(db) ? "、" : "",
                                    sqlite3_system_errno(db) ? strerror(sqlite3_system_errno(db)) : "");
        sqlite3_finalize(st);
        return rc;
    }
    *version = sqlite3_column_int(st, 0);
    *ntables = sqlite3_column_int(st, 1);
    bool has_batch = sqlite3_column_int(st, 2) > 0;
    sqlite3_finalize(st);
    if (*version < 0 || (*version == 0 && *ntables > 0) || (*version > 0 && !has_batch))
        return sd_fail(err, errlen, SD_ERR_DB_VERSION,
                       "%s は shindan のデータベースではありません（版 %d、表 %d 個）。何も変えていません。"
                       "--db で shindan のデータベースを指定してください",
                       path, *version, *ntables);
    return SD_OK;
}

/* Readers that opened the file as it stands (immutable) hold a shared
 * lock on it (sd_lock_file), so no batch starts writing under them; the descriptor
 * lives until sd_db_close. */
#define SD_MAX_READERS 128
static struct {
    sqlite3 *db;
    int fd;
} sd_readers[SD_MAX_READERS];
static pthread_mutex_t sd_readers_lock = PTHREAD_MUTEX_INITIALIZER;

static bool sd_reader_keep(sqlite3 *db, int fd)
{
    bool kept = false;
    pthread_mutex_lock(&sd_readers_lock);
    for (int i = 0; i < SD_MAX_READERS && !kept; i++)
        if (!sd_readers[i].db) {
            sd_readers[i].db = db;
            sd_readers[i].fd = fd;
            kept = true;
        }
    pthread_mutex_unlock(&sd_readers_lock);
    return kept;
}

/* The lock descriptor kept for db, now the caller's to close; -1. */
static int sd_reader_take(sqlite3 *db)
{
    int fd = -1;
    pthread_mutex_lock(&sd_readers_lock);
    for (int i = 0; i < SD_MAX_READERS && fd < 0; i++)
        if (sd_readers[i].db == db) {
            fd = sd_readers[i].fd;
            sd_readers[i].db = NULL;
        }
    pthread_mutex_unlock(&sd_readers_lock);
    return fd;
}

/* Whether the database file alone holds everything (no -wal, or an empty
 * one: every import ends with a checkpoint). */
static bool sd_wal_empty(const char *path)
{
    char *wal = sd_xasprintf("%s-wal", path);
    struct stat st;
    bool empty = stat(wal, &st) != 0 || st.st_size == 0;
    free(wal);
    return empty;
}

/* Opens path for reading as the file stands, creating nothing beside it
 * (no -shm, no -wal: a read-only folder or file works, and nothing a
 * later writer would trip over is left), when no writer can be at work:
 * the caller holds the batch lock, or a shared lock is free. Returns the
 * connection, or NULL to open it the ordinary way. */
static sqlite3 *sd_open_snapshot(const char *path, bool caller_locked)
{
    int fd = -1;
    if (!caller_locked) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || sd_lock_file(fd, false) != 0) {
            if (fd >= 0)
                close(fd);
            return NULL;
        }
    }
    if (!sd_wal_empty(path)) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    sqlite3 *db = NULL;
    char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
    /* a path with ? or # would change the URI: the ordinary way then */
    bool plain = uri && !strpbrk(path, "?#%");
    if (!plain || sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
        (fd >= 0 && !sd_reader_keep(db, fd))) {
        sqlite3_close(db);
        db = NULL;
        if (fd >= 0)
            close(fd);
    }
    sqlite3_free(uri);
    return db;
}

sd_error sd_db_open(const char *path, sd_db_mode mode, sqlite3 **out, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sd_error rc;
    int flags = mode == SD_DB_READ || mode == SD_DB_READ_LOCKED ? SQLITE_OPEN_READONLY
                                   : SQLITE_OPEN_READWRITE | (mode == SD_DB_CREATE ? SQLITE_OPEN_CREATE : 0);
    *out = NULL;
    /* the database holds every member's answers: a new one is created
     * readable by this user only (SQLite gives its -wal and -shm files
     * the same mode) */
    struct stat sb;
    if (mode == SD_DB_CREATE && stat(path, &sb) != 0 && errno == ENOENT) {
        int fd = sd_create_file(path, 0600);
        if (fd < 0)
            return sd_fail(err, errlen, SD_ERR_DB, "データベース %s を作成できません: %s", path, strerror(errno));
        close(fd);
    }
    bool reading = mode == SD_DB_READ || mode == SD_DB_READ_LOCKED;
    if (reading)
        db = sd_open_snapshot(path, mode == SD_DB_READ_LOCKED);
    if (!db && sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        rc = sd_fail(err, errlen, SD_ERR_DB, "%s を開けません: %s", path,
                     db ? sqlite3_errmsg(db) : "メモリ不足");
        sqlite3_close(db);
        return rc;
    }
    sqlite3_busy_timeout(db, 10000);
    int version = 0, ntables = 0;
    if ((rc = sd_db_identify(db, path, &version, &ntables, err, errlen)))
        goto fail;
    if (reading) {
        /* a reader changes nothing: no WAL switch, no migration */
        if (ntables == 0) {
            rc = sd_fail(err, errlen, SD_ERR_NO_DATA, "データベース %s は空です。先に import か run で取り込んでください",
                         path);
            goto fail;
        }
        if (version != (int)SD_NMIGRATIONS) {
            rc = sd_fail(err, errlen, SD_ERR_DB_VERSION,
                         version > (int)SD_NMIGRATIONS
                             ? "データベース %s の版 %d はこの shindan より新しいものです"
                             : "データベース %s の版 %d は古いものです。先に shindan import か run を一度実行して更新してください",
                         path, version);
            goto fail;
        }
        if ((rc = sd_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;", err, errlen)))
            goto fail;
        *out = db;
        return SD_OK;
    }
    if ((rc = sd_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = NORMAL;",
                         err, errlen)) ||
        (rc = sd_db_migrate(db, err, errlen)))
        goto fail;
    *out = db;
    return SD_OK;
fail:
    sd_db_close(db);
    return rc;
}

bool sd_db_writable(const char *path)
{
    if (access(path, W_OK) != 0)
        return false;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? sd_xstrndup(path, (size_t)(slash - path)) : sd_xstrdup(".");
    bool ok = access(*dir ? dir : "/", W_OK | X_OK) == 0;
    free(dir);
    static const char *const beside[] = {"-wal", "-shm"};
    for (size_t i = 0; ok && i < sizeof beside / sizeof beside[0]; i++) {
        char *f = sd_xasprintf("%s%s", path, beside[i]);
        ok = access(f, F_OK) != 0 || access(f, W_OK) == 0;
        free(f);
    }
    return ok;
}

sd_error sd_db_checkpoint(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return SD_OK; /* busy: a reader is still in the log; the next writer folds it in */
    return sd_fail(err, errlen, SD_ERR_DB,
                   "取り込んだ内容をデータベースの本体に書き戻せません（%s）。内容は %s-wal に残っています。"
                   "空きを作ってからもう一度実行してください。%s だけを複製してもバックアップにはなりません"
                   "（shindan backup を使ってください）",
                   sqlite3_errmsg(db), path, path);
}

sd_error sd_db_backup(sqlite3 *src, const char *to, char *err, size_t errlen)
{
    sqlite3 *dst = NULL;
    sd_error rc = SD_OK;
    if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = sd_fail(err, errlen, SD_ERR_DB, "%s を開けません: %s", to, dst ? sqlite3_errmsg(dst) : "メモリ不足");
        goto done;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        rc = sd_fail(err, errlen, SD_ERR_DB, "バックアップを始められません: %s", sqlite3_errmsg(dst));
        goto done;
    }
    int r;
    while ((r = sqlite3_backup_step(b, 256)) == SQLITE_OK || r == SQLITE_BUSY || r == SQLITE_LOCKED)
        if (r != SQLITE_OK)
            sqlite3_sleep(50);
    int fin = sqlite3_backup_finish(b);
    if (r != SQLITE_DONE || fin != SQLITE_OK) {
        rc = sd_fail(err, errlen, SD_ERR_DB, "バックアップに失敗しました: %s", sqlite3_errmsg(dst));
        goto done;
    }
    /* the copy stands alone: no -wal beside it */
    if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        rc = sd_fail(err, errlen, SD_ERR_DB, "バックアップを仕上げられません: %s", sqlite3_errmsg(dst));
done:
    if (dst && sqlite3_close(dst) != SQLITE_OK && !rc)
        rc = sd_fail(err, errlen, SD_ERR_DB, "%s を閉じられません", to);
    return rc;
}

void sd_db_close(sqlite3 *db)
{
    if (!db)
        return;
    int fd = sd_reader_take(db);
    sd_db_drop_kept(db);
    sqlite3_close(db);
    if (fd >= 0)
        close(fd); /* the shared lock goes after the connection */
}

sd_error sd_db_latest_period(sqlite3 *db, char out[8], char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db, "SELECT max(period) FROM response", &st, err, errlen);
    if (rc)
        return rc;
    rc = SD_ERR_NO_DATA;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        snprintf(out, 8, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = SD_OK;
    } else if (r != SQLITE_ROW && r != SQLITE_DONE) {
        rc = sd_db_error(db, err, errlen);
    }
    sqlite3_finalize(st);
    return rc;
}

void sd_db_now(char out[20])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

sd_error sd_db_verify(sqlite3 *db, const char *path, bool full, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    const char *sql = full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)";
    sd_buf found = {0};
    int problems = 0;
    int r = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    while (r == SQLITE_OK || r == SQLITE_ROW) {
        if ((r = sqlite3_step(st)) != SQLITE_ROW)
            break;
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && strcmp(line, "ok") != 0 && problems++ < 3)
            sd_buf_printf(&found, "%s%s", found.len ? "; " : "", line);
    }
    bool failed = r != SQLITE_DONE;
    sqlite3_finalize(st);
    st = NULL;
    if (!failed && full && !problems) {
        r = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL);
        while ((r == SQLITE_OK || r == SQLITE_ROW) && (r = sqlite3_step(st)) == SQLITE_ROW)
            if (problems++ < 3)
                sd_buf_printf(&found, "%s表 %s の %lld 行目が %s を指していません", found.len ? "; " : "",
                              (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                              (const char *)sqlite3_column_text(st, 2));
        failed = r != SQLITE_DONE;
        sqlite3_finalize(st);
    }
    sd_error rc = SD_OK;
    /* the instructions first: SQLite's own report (English, possibly
     * long) goes last, its first problem only */
    char first[200];
    snprintf(first, sizeof first, "%s", found.len ? found.data : sqlite3_errmsg(db));
    first[strcspn(first, ";")] = '\0';
    if (failed || problems)
        rc = sd_fail(err, errlen, SD_ERR_DB,
                     "データベース %s が壊れています。何も書き込まずに止めました。shindan backup で作った複製から"
                     "戻してください（手順は README の「データベースが壊れたとき」%s）。SQLite の報告: %s%s",
                     path, full ? "" : "。全体は shindan verify で調べられます", first,
                     problems > 1 ? " ほか" : "");
    sd_buf_free(&found);
    return rc;
}
