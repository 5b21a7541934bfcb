/* attendees.h - a seminar's sign-up list as staff keep it (CSV in UTF-8 or
 * CP932, or xlsx), read into rows, and each row matched to a member: by
 * 会員番号, else by 事業所名 with the company-form words (株式会社, (株),
 * ㈱, 有限会社, (有), ㈲ …), width, case and spaces ignored; of two or
 * more members that name fits, the one that answered under the name
 * exactly as written (width and spaces aside) is taken, with a note
 * naming the others. Never a guess: a name that fits two members (none
 * of them exactly, or several exactly) or none, or a number and a name
 * that disagree, is left unmatched with the reason. No SQL here: the
 * members come in as an sd_member_dir (store/seminar.c fills one). */
#ifndef SD_ATTENDEES_H
#define SD_ATTENDEES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/attendee.h"
#include "core/templates.h"

/* ---- the members a list is matched against ---- */


/* Adds a name a member answered under. The same id again (with the same
 * member number) adds a name to that member; the first name given is the
 * one shown (give the latest first). */
void sd_member_dir_add(sd_member_dir *d, long long id, const char *member_no, const char *name);
/* Builds the lookups; call once after the last add. */
void sd_member_dir_finish(sd_member_dir *d);
void sd_member_dir_free(sd_member_dir *d);
/* The member with that number (compared without regard to case), or NULL. */
const sd_member_entry *sd_member_dir_find(const sd_member_dir *d, const char *member_no);

/* The key two writings of one company share: NFKC, case folded, without
 * spaces and 「・、,.:_」 (sd_text_key), and without the company-form
 * words 株式会社 有限会社 合同会社 合資会社 合名会社 and their bracketed
 * short forms ((株) ㈱ （株） (有) ㈲ …) wherever they stand. Returns a new
 * string ("" when nothing is left), or NULL for invalid UTF-8. */
char *sd_company_key(const char *name);

/* ---- one row matched ---- */


/* Matches one list row (either cell may be NULL or empty). */
void sd_attendee_match(const sd_member_dir *d, const char *member_no_cell, const char *name_cell,
                       sd_match *out);
void sd_match_clear(sd_match *m);

/* ---- the list ---- */

typedef struct {
    size_t row;   /* as a spreadsheet shows it */
    char *number; /* owned: the 会員番号 cell as written, "" when none */
    char *name;   /* owned: the 事業所名 cell as written (trimmed), "" when none */
} sd_list_row;

typedef struct {
    sd_list_row *rows; /* owned */
    size_t n, cap;
    char format[64];   /* "CSV (CP932)", "xlsx" … */
    char columns[512]; /* the columns read: "A列「会員番号」, C列「会社名」" */
} sd_signup_list;

/* Reads the list at path: the first row (of the first 20, on the first
 * sheet that has one) with a 会員番号 or 事業所名 header (columns.ini's
 * names and sentences; a weak name such as No. is never taken for the
 * number: sign-up lists number their lines), then every row that is not
 * blank. Two columns that claim one field equally refuse the file, naming
 * both. Returns SD_OK, or an error with the reason in err: the file
 * cannot be read, or has no such header (the headers seen are named). */
sd_error sd_signup_read(const sd_templates *t, const char *path, sd_signup_list *out, char *err,
                        size_t errlen);
void sd_signup_free(sd_signup_list *l);

/* ---- the whole list matched ---- */


/* Matches every row of list. A row naming a member (or an unknown number,
 * or the same unmatched number and name) already named above is marked a
 * duplicate of it. */
void sd_attendees_match_list(const sd_member_dir *d, const sd_signup_list *list, sd_attendee_list *out);
void sd_attendee_list_free(sd_attendee_list *l);

#endif
