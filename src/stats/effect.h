/* effect.h - a seminar's effect: the change of the members who attended
 * it, from their last answer before it to their first answer after it
 * (store/seminar.h says when an answer is before or after), beside the
 * same change of the members who did not attend, with the privacy rule of
 * stats/publish.c applied to both:
 *
 *  - a group with fewer than min_group members is suppressed;
 *  - attendees and non-attendees together make up every member compared,
 *    so one hidden group hides the other (the complementary rule);
 *  - another seminar whose attendees (or non-attendees), with the same
 *    answers compared, differ from this one's by fewer than min_group
 *    members would give those few members' change by subtraction: both
 *    groups are then suppressed, in the effect of either seminar;
 *  - this seminar's effect published before over nearly the same members
 *    (the publication ledger, store/ledger.h: the workbook of October
 *    with 5 attendees compared, November's with 6) hides both groups:
 *    the difference would be the sixth attendee's change; the rule is
 *    then SD_EFFECT_NEAR_OTHER with near_seminar this seminar's own id;
 *  - a suppressed group carries no figure at all, not even its n. */
#ifndef SD_STATS_EFFECT_H
#define SD_STATS_EFFECT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/templates.h"
#include "store/ledger.h"
#include "store/seminar.h"

/* One side of the comparison, as published. */
typedef struct {
    bool suppressed;                  /* then every figure below is 0 */
    int n;                            /* members with an answer before and after */
    double mean_change;               /* of the total, points */
    double part_change[SD_MAX_PARTS]; /* per part, points */
    double improved_share;            /* total after > before, 0..1 */
    double ready_before, ready_after; /* share with the 5か条 (Q1-Q5) all done */
    double reached_share;             /* share that had not and then had them done */
} sd_effect_group;

typedef enum {
    SD_EFFECT_SHOWN = 0,  /* both groups published */
    SD_EFFECT_SMALL,      /* a group has fewer than min_group members */
    SD_EFFECT_NEAR_OTHER, /* another seminar's groups differ by too few members */
} sd_effect_rule;

typedef struct {
    sd_effect_group attended, others; /* index-free names: attendees, non-attendees */
    sd_effect_rule rule;              /* why the groups are suppressed, if they are */
    long long near_seminar;           /* SD_EFFECT_NEAR_OTHER: that seminar's id */
    size_t compared;                  /* members with an answer before and after (0: none yet) */
    char first_before[8];             /* the months compared: earliest answer before */
    char last_after[8];               /* and latest answer after ("" when none) */
    /* attendees not compared (sd_seminar_uncompared; batch/seminar.c
     * fills them for effect.pdf, 0 elsewhere): published only beside a
     * published attendees' group, whose n they would otherwise give */
    size_t attended_no_before, attended_no_after;
    long long seminar;                /* the seminar's id, for the ledger */
    sd_member_set members[2];         /* for the ledger: others [0], attendees [1] */
} sd_effect;

/* The raw figures of the pairs whose attended flag is attended (nothing
 * suppressed). */
void sd_effect_group_from(const sd_change_pair *pairs, size_t n, bool attended, int nparts,
                          sd_effect_group *g);

/* Members in exactly one of the two groups (attended flag as given) of a
 * and b, a member counting as the same only with the same two answers. */
size_t sd_effect_difference(const sd_change_pair *a, size_t na, const sd_change_pair *b, size_t nb,
                            bool attended);

/* The privacy rule on raw groups: min_group k; nearest is the smallest
 * non-zero difference to another seminar's groups (0 when none), and
 * near_id that seminar. Sets rule and clears every suppressed figure. */
void sd_effect_suppress(sd_effect *e, int k, size_t nearest, long long near_id);

/* Computes the effect of seminar s with the privacy rule applied (the
 * other seminars in the database are compared with it). Returns SD_OK or
 * SD_ERR_DB. */
sd_error sd_effect_compute(sqlite3 *db, const sd_templates *t, const sd_seminar *s, sd_effect *out, char *err,
                           size_t errlen);

/* The same with only the answers of periods up to upto (YYYY-MM; NULL:
 * every answer), as a batch of that period saw them: a member is compared
 * only when its first answer after the seminar is in or before upto (its
 * first answer after is the earliest, so this is exactly the comparison
 * without the later answers), and the other seminars are compared with it
 * on the same answers. What the workbook of period upto publishes. */
sd_error sd_effect_compute_upto(sqlite3 *db, const sd_templates *t, const sd_seminar *s, const char *upto,
                                sd_effect *out, char *err, size_t errlen);

/* The seminars' effect as a period's batch publishes it: every seminar
 * with a member compared on the answers up to that period (a seminar
 * after the period, or one with no answer after it yet, has none and is
 * left out), each effect sd_effect_compute_upto's, so an older period's
 * workbook made again later says what it said then. */
typedef struct {
    sd_seminar *seminars; /* owned, by date then id */
    sd_effect *effects;   /* owned: effects[i] is seminars[i]'s */
    size_t n;             /* 0: none to publish */
} sd_seminar_effects;

/* Loads the effects of the seminars compared up to period upto into out
 * (owned by the caller: sd_seminar_effects_free). Returns SD_OK or
 * SD_ERR_DB (out then empty). */
sd_error sd_seminar_effects_load(sqlite3 *db, const sd_templates *t, const char *upto,
                                 sd_seminar_effects *out, char *err, size_t errlen);
/* Records every effect of x in the publication ledger as written to
 * output, inside the caller's transaction or its own. Returns SD_OK or
 * SD_ERR_DB. */
sd_error sd_seminar_effects_record(sqlite3 *db, const sd_seminar_effects *x, const char *output, char *err,
                                   size_t errlen);
/* The same for one effect. */
sd_error sd_effect_record(sqlite3 *db, const sd_effect *e, const char *output, char *err, size_t errlen);
/* Frees every seminar and effect and empties x; accepts NULL. */
void sd_seminar_effects_free(sd_seminar_effects *x);

#endif
