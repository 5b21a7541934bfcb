/* seminar.h - seminars and their attendees in the store: registering a
 * matched sign-up list, reading a seminar back with who is on it, and the
 * answers before and after a seminar's day that its effect compares.
 *
 * When an answer counts as before or after a seminar held on day D: an
 * answer dated (回答日) on or before D is before it (nothing has changed
 * yet on the day itself), one dated after D is after it. An answer
 * without a 回答日 is placed by its month: wholly before D's day, or
 * wholly after it; an undated answer in D's own month is neither. */
#ifndef SD_STORE_SEMINAR_H
#define SD_STORE_SEMINAR_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/templates.h"
#include "core/attendee.h"

/* One seminar as stored, with the counts of its list. */
typedef struct {
    long long id;
    char held_on[11];   /* YYYY-MM-DD */
    char *title;        /* owned */
    char *place;        /* owned, NULL when not given */
    char *source;       /* owned: the list's file as given */
    size_t listed;      /* list lines stored (duplicates left out) */
    size_t matched;     /* matched to a member by number or name */
    size_t new_members; /* numbers shindan had no answer for when added */
    size_t unmatched;
} sd_seminar;

void sd_seminar_clear(sd_seminar *s);
void sd_seminars_free(sd_seminar *v, size_t n);

/* Calls each for every member shindan knows with every name it answered
 * under (its own latest name first, then one call per answer), in company
 * id order. Returns SD_OK or SD_ERR_DB. */
typedef void (*sd_member_name_fn)(void *ctx, long long id, const char *member_no, const char *name);
sd_error sd_seminar_members(sqlite3 *db, sd_member_name_fn each, void *ctx, char *err, size_t errlen);

/* The seminar with id, or the latest (by date, then id) when id is 0.
 * Returns SD_OK, SD_ERR_NO_DATA (no such seminar, or none at all; err
 * says which) or SD_ERR_DB. */
sd_error sd_seminar_get(sqlite3 *db, long long id, sd_seminar *out, char *err, size_t errlen);

/* Every seminar, by date then id. The caller frees with sd_seminars_free. */
sd_error sd_seminar_list(sqlite3 *db, sd_seminar **out, size_t *n, char *err, size_t errlen);

/* The id of a seminar with this title and date, or 0. */
sd_error sd_seminar_find(sqlite3 *db, const char *title, const char *held_on, long long *id, char *err,
                         size_t errlen);

typedef struct {
    const char *title;
    const char *held_on; /* YYYY-MM-DD */
    const char *place;   /* may be NULL */
    const char *source;
} sd_seminar_new;

/* Stores a seminar and its matched list (duplicates left out) in one
 * transaction. With replace != 0 that seminar's details are updated
 * (title, date; place when given) and its list replaced. Returns SD_OK
 * with the seminar's id, SD_ERR_NO_DATA when replace names no seminar,
 * or SD_ERR_DB (nothing stored). */
sd_error sd_seminar_store(sqlite3 *db, const sd_seminar_new *s, const sd_attendee_list *list,
                          long long replace, long long *id, char *err, size_t errlen);

/* One stored line of a seminar's list, with what shindan knows now. */
typedef struct {
    int list_order;       /* 1.. */
    size_t row;           /* the list's row */
    char status[12];      /* number, name, new, unmatched */
    char *member_no;      /* owned: the member's number, or the list's; may be NULL */
    char *raw_name;       /* owned: as the list wrote it */
    char *reason;         /* owned: why unmatched (or a note); may be NULL */
    long long company_id; /* 0: no member (yet): unmatched, or new and not answered since */
    bool answered;        /* the member has an answer in the period asked about */
    /* the member's latest stored details (company_id != 0) */
    char *name; /* owned */
    char industry;
    int prefecture;
    char *municipality; /* owned, may be NULL */
    int employees;      /* -1 when only the size band is known */
    int size_band;
} sd_attendee_row;

/* The lines of seminar_id in the list's order; answered against period
 * (NULL: never). A 'new' line is joined to the member of that number when
 * one has answered since. The caller frees with sd_attendee_rows_free. */
sd_error sd_seminar_attendees(sqlite3 *db, long long seminar_id, const char *period, sd_attendee_row **out,
                              size_t *n, char *err, size_t errlen);
void sd_attendee_rows_free(sd_attendee_row *v, size_t n);

/* The newest period with answers on or before date's month, into out (8
 * bytes). SD_ERR_NO_DATA when there is none. */
sd_error sd_period_on_or_before(sqlite3 *db, const char *date, char out[8], char *err, size_t errlen);

/* One member's last answer before a seminar and first answer after it. */
typedef struct {
    long long company_id;
    bool attended;                 /* on the seminar's list (matched) */
    long long before_id, after_id; /* response ids */
    char before_period[8], after_period[8];
    int before_total, after_total;
    int before_parts[SD_MAX_PARTS], after_parts[SD_MAX_PARTS];
    bool before_basics, after_basics; /* the 5か条 (Q1-Q5) all done */
} sd_change_pair;

typedef sd_error (*sd_pair_fn)(void *ctx, const sd_change_pair *p, char *err, size_t errlen);

/* Calls fn for every member with an answer before and one after the
 * seminar seminar_id held on held_on, by company id. Returns SD_OK, fn's
 * error, or SD_ERR_DB. */
sd_error sd_seminar_pairs_each(sqlite3 *db, long long seminar_id, const char *held_on, sd_pair_fn fn,
                               void *ctx, char *err, size_t errlen);

/* The attendees of seminar seminar_id held on held_on that its effect
 * cannot compare, each member once: *no_before those without an answer
 * before the seminar (a 'new' line not answered since among them),
 * *no_after those with one before but none after it yet. Returns SD_OK
 * or SD_ERR_DB. */
sd_error sd_seminar_uncompared(sqlite3 *db, long long seminar_id, const char *held_on, size_t *no_before,
                               size_t *no_after, char *err, size_t errlen);

/* The latest seminar the member (company_id, or a 'new' line with its
 * number) attended after its answer prev_response_id and before its
 * answer cur_response_id, as YYYY-MM-DD in out (11 bytes; "" when none). */
sd_error sd_seminar_attended_between(sqlite3 *db, long long company_id, const char *member_no,
                                     long long prev_response_id, long long cur_response_id, char out[11],
                                     char *err, size_t errlen);

#endif
