/* attendee.h - a sign-up list matched to members, as plain types: what
 * ingest/attendees.c makes (reading and matching a list) and store/seminar.c
 * keeps, shared here so that the store needs nothing of ingest/. */
#ifndef SD_ATTENDEE_H
#define SD_ATTENDEE_H

#include <stddef.h>

/* One member a list is matched against, with the names it answered under. */
typedef struct {
    long long id;    /* company id */
    char *member_no; /* owned, upper case as stored */
    char *name;      /* owned: the name it answered under last */
    char **keys;     /* owned: sd_company_key of every name it answered
                      * under, NULL-terminated, no repeats */
    size_t nkeys;
    char **names;    /* owned: every name it answered under, NFKC and
                      * without spaces, NULL-terminated, no repeats: a
                      * list's name written so beats a key's match */
    size_t nnames;
} sd_member_entry;

typedef struct {
    sd_member_entry *items; /* owned; sorted by member_no after finish */
    size_t n, cap;
    struct sd_name_ref *by_key; /* owned: (key, entry) sorted by key */
    size_t nrefs;
} sd_member_dir;

/* How one line of a list was matched. */
typedef enum {
    SD_MATCH_NUMBER = 0, /* its 会員番号 is a member's */
    SD_MATCH_NAME,       /* no number; its name is exactly one member's */
    SD_MATCH_NEW,        /* a well-formed number shindan has no answer for,
                          * and a name that is no other member's */
    SD_MATCH_NONE,       /* unmatched: reason says why */
} sd_match_kind;

typedef struct {
    sd_match_kind kind;
    const sd_member_entry *member; /* NUMBER and NAME; points into the dir */
    char *member_no;               /* owned: the number as read (upper
                                    * case), NULL when none or unreadable */
    char reason[512];              /* NONE: why, in Japanese; NUMBER: a
                                    * note when the list's name is not the
                                    * member's, else "" */
} sd_match;

/* The whole list matched. */
typedef struct {
    size_t row;           /* source row */
    size_t dup_of;        /* 0, or the row of the earlier line naming the same
                           * member (then it is counted once: not stored) */
    const char *raw_name; /* the list's own name cell (points into the list) */
    sd_match m;
} sd_attendee;

typedef struct {
    sd_attendee *items; /* owned, in the list's order */
    size_t n;
    size_t by_number, by_name, new_members, unmatched, duplicates; /* counts, duplicates apart */
} sd_attendee_list;

#endif
