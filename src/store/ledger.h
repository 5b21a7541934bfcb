/* ledger.h - the publication ledger: which member sets each published
 * figure was computed over, so a figure published again over a few more
 * or fewer members cannot give those members away by subtraction.
 *
 * A figure is (figure, period, key): the grouping ("all", "industry",
 * "effect-attended", ...), the period it is about ("" for a seminar's
 * effect) and the group's key. For each one the ledger keeps every member
 * set it was drawn over, as an order-free hash and a count (the members
 * themselves stay in the response table), and whether it was shown or
 * hidden. stats/publish.c and stats/effect.c consult it before applying
 * the rule; batch/ records what it wrote. */
#ifndef SD_STORE_LEDGER_H
#define SD_STORE_LEDGER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

/* A set of members as the ledger compares it: two 64-bit sums of a hash
 * of each element (so the order of adding does not matter) and the count. */
typedef struct {
    uint64_t a, b; /* sums of two independent hashes of each element */
    int n;         /* elements */
} sd_member_set;

/* Adds one element, described by nv integers (a response's id and the
 * figures it contributes, or a seminar pair's ids). */
void sd_member_set_add(sd_member_set *s, const long long *v, int nv);
/* The set as 32 hex digits (out: 33 bytes). */
void sd_member_set_hex(const sd_member_set *s, char out[33]);

typedef enum {
    SD_LEDGER_NEW = 0,   /* never published: the usual rule decides */
    SD_LEDGER_SHOWN,     /* these very members were published before: the
                          * figure is public already and stays shown */
    SD_LEDGER_HIDDEN,    /* these very members were hidden before: stays hidden */
    SD_LEDGER_NEAR,      /* another set of this figure is on record whose
                          * count differs by fewer than k: hidden */
} sd_ledger_state;

/* What the ledger says about figure (figure, period, key) over set s with
 * minimum group k. Two different sets whose counts differ by fewer than k
 * may differ by as few members (a replaced answer: by one), so any such
 * pair counts as near. A database without the ledger table (opened read-
 * only before migration) says SD_LEDGER_NEW. Returns SD_OK or SD_ERR_DB. */
sd_error sd_ledger_lookup(sqlite3 *db, const char *figure, const char *period, const char *key,
                          const sd_member_set *s, int k, sd_ledger_state *out, char *err, size_t errlen);

/* Records that output wrote figure (figure, period, key) over s, shown or
 * hidden; the first record of a set stays. Call inside the caller's
 * transaction (sd_ledger_begin / sd_ledger_commit). Returns SD_OK or
 * SD_ERR_DB. */
sd_error sd_ledger_record(sqlite3 *db, const char *output, const char *figure, const char *period, const char *key,
                          const sd_member_set *s, bool shown, char *err, size_t errlen);
sd_error sd_ledger_begin(sqlite3 *db, char *err, size_t errlen);
sd_error sd_ledger_commit(sqlite3 *db, char *err, size_t errlen);
/* Rolls back after a failed record; accepts a database with none open. */
void sd_ledger_rollback(sqlite3 *db);

#endif
