/* values.h - turn the text of one cell into a typed value: answers,
 * industries, places, employee counts, dates, periods, SECURITY ACTION */
#ifndef SD_VALUES_H
#define SD_VALUES_H

#include <stdbool.h>

#include "core/templates.h"

/* Each parser takes raw cell text (it normalises it itself) and returns
 * true with the value in the out-parameters, or false when the text does
 * not hold such a value. None allocates unless said. */

/* Answer words, symbols (○ △ × ？) or points (4 2 0 -1, full-width too). */
bool sd_parse_answer(const sd_templates *t, const char *text, int *choice);

/* Industry letter A-T from a letter, a full name, a short name or synonym. */
bool sd_parse_industry(const sd_templates *t, const char *text, char *letter);

/* Prefecture at the start of text (茨城県, 茨城, 東京都千代田区…). *code gets
 * 1..47 and *rest points into cleaned (the text after the prefecture). */
bool sd_parse_prefecture(const sd_templates *t, const char *cleaned, int *code, const char **rest);

/* Municipality at the start of an address without its prefecture
 * (水戸市笠原町… -> 水戸市, 那珂郡東海村… -> 東海村, 千代田区丸の内 -> 千代田区).
 * Returns a new string, or NULL when none is found. */
char *sd_parse_municipality(const char *cleaned);

/* Employees as a count (25, ２５人, 1,200名) or a band label (6〜20人).
 * *employees is -1 when only the band is known. */
bool sd_parse_employees(const sd_templates *t, const char *text, int *employees, int *band);

/* Dates: 2026-10-15, 2026/10/5, 2026年10月5日, with an optional time after.
 * Writes "YYYY-MM-DD" to out (11 bytes). */
bool sd_parse_date(const char *text, char out[11]);

/* Periods: 2026-10, 2026/10, 202610, 2026年10月. Writes "YYYY-MM" (8 bytes). */
bool sd_parse_period(const char *text, char out[8]);

/* The first YYYY-MM, YYYY_MM, YYYYMM or YYYY年MM月 in a file name. */
bool sd_period_from_name(const char *name, char out[8]);

/* SECURITY ACTION status: 0 none (also empty), 1 ★, 2 ★★. */
bool sd_parse_sa_level(const sd_templates *t, const char *text, int *level);

/* Member number: NFKC, trimmed; only ASCII letters, digits, '-' and '_'
 * are allowed (it becomes a file name). Returns a new string or NULL. */
char *sd_parse_member_no(const char *text);

/* The latest 回答日 accepted: today (UTC, or $SHINDAN_TODAY as
 * YYYY-MM-DD for tests) plus one day. Writes YYYY-MM-DD. */
void sd_latest_answer_date(char out[11]);

/* Removes a postal code (〒310-0011, 3100011) in front of an address, in
 * place. */
void sd_strip_postal_code(char *s);

/* Why a cell that is no answer was refused, when it is a check mark or a
 * dash (decided: neither is read as an answer), else NULL. */
const char *sd_answer_refusal(const char *text);

#endif
