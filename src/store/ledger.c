/* ledger.c - the publication ledger (store/ledger.h) */
#include "store/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

/* splitmix64's finaliser: a good 64-bit mix of one word */
static uint64_t sd_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

void sd_member_set_add(sd_member_set *s, const long long *v, int nv)
{
    uint64_t h1 = 0x9e3779b97f4a7c15ULL, h2 = 0x243f6a8885a308d3ULL;
    for (int i = 0; i < nv; i++) {
        h1 = sd_mix(h1 ^ (uint64_t)v[i]);
        h2 = sd_mix(h2 + (uint64_t)v[i] * 0xff51afd7ed558ccdULL);
    }
    s->a += h1;
    s->b += h2;
    s->n++;
}

void sd_member_set_hex(const sd_member_set *s, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)s->a, (unsigned long long)s->b);
}

sd_error sd_ledger_lookup(sqlite3 *db, const char *figure, const char *period, const char *key,
                          const sd_member_set *s, int k, sd_ledger_state *out, char *err, size_t errlen)
{
    *out = SD_LEDGER_NEW;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT members, n, shown FROM publication"
                           " WHERE figure = ?1 AND period = ?2 AND key = ?3",
                           -1, &st, NULL) != SQLITE_OK) {
        /* no ledger table: a database no batch of this version wrote yet */
        if (strstr(sqlite3_errmsg(db), "no such table"))
            return SD_OK;
        return sd_db_error(db, err, errlen);
    }
    char hex[33];
    sd_member_set_hex(s, hex);
    sqlite3_bind_text(st, 1, figure, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
    bool near = false;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        if (m && strcmp(m, hex) == 0) {
            *out = sqlite3_column_int(st, 2) ? SD_LEDGER_SHOWN : SD_LEDGER_HIDDEN;
            break;
        }
        int d = sqlite3_column_int(st, 1) - s->n;
        if (d < k && -d < k)
            near = true;
    }
    sd_error rc = r == SQLITE_ROW || r == SQLITE_DONE ? SD_OK : sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    if (!rc && *out == SD_LEDGER_NEW && near)
        *out = SD_LEDGER_NEAR;
    return rc;
}

sd_error sd_ledger_record(sqlite3 *db, const char *output, const char *figure, const char *period, const char *key,
                          const sd_member_set *s, bool shown, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    sd_error rc = sd_db_prepare(db,
                                "INSERT OR IGNORE INTO publication(figure, period, key, members, n, shown, output,"
                                " first_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                &st, err, errlen);
    if (rc)
        return rc;
    char hex[33], now[20];
    sd_member_set_hex(s, hex);
    sd_db_now(now);
    sqlite3_bind_text(st, 1, figure, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, hex, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, s->n);
    sqlite3_bind_int(st, 6, shown ? 1 : 0);
    sqlite3_bind_text(st, 7, output, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = sd_db_error(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sd_error sd_ledger_begin(sqlite3 *db, char *err, size_t errlen)
{
    return sd_db_exec(db, "BEGIN IMMEDIATE", err, errlen);
}

sd_error sd_ledger_commit(sqlite3 *db, char *err, size_t errlen) { return sd_db_exec(db, "COMMIT", err, errlen); }

void sd_ledger_rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}
