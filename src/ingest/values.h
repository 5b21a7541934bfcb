/* values.h - turn the text of one cell into a typed value: answers,
 * industries, places, employee counts, dates, periods, SECURITY ACTION */
#ifndef SD_VALUES_H
#define SD_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/templates.h"

/* Each parser takes raw cell text (it normalises it itself) and returns
 * true with the value in the out-parameters, or false when the text does
 * not hold such a value. None allocates unless said. */

/* Answer words, symbols (○ △ × ？) or points (4 2 0 -1, 4.0, −1, ‐1, △1 as
 * Excel's accounting minus, full-width too). A mark whose note in brackets
 * names another answer (○（一部）) is no answer. */
bool sd_parse_answer(const sd_templates *t, const char *text, int *choice);

/* Why text is refused when its mark and its note disagree, else NULL. */
const char *sd_answer_contradiction(const sd_templates *t, const char *text);

/* Industry letter A-T from a letter (E, E 製造業), the organisation's
 * words (industries.tsv, industry_words.tsv) or a name of 日本標準産業分類
 * (jsic.tsv), each as written or with its usual ending (…業, …店, …事務所).
 * Returns the number of letters the text fits, in letters (sorted, 21
 * bytes): 1 and *letter set when read, 0 when unknown, more when the word
 * fits several 大分類 (then it is refused naming them). */
int sd_industry_lookup(const sd_templates *t, const char *text, char *letter, char letters[21]);

/* sd_industry_lookup that is true when exactly one letter fits. */
bool sd_parse_industry(const sd_templates *t, const char *text, char *letter);

typedef enum {
    SD_PLACE_FOUND = 0,  /* one municipality (and so its prefecture) */
    SD_PLACE_PREFECTURE, /* a prefecture alone */
    SD_PLACE_UNKNOWN,    /* a prefecture, then words that are no municipality of it */
    SD_PLACE_AMBIGUOUS,  /* a name several municipalities have: candidates */
    SD_PLACE_ELSEWHERE,  /* a municipality, but not of the prefecture expected */
    SD_PLACE_CONFLICT,   /* a prefecture other than the one expected */
    SD_PLACE_NONE        /* neither a prefecture nor a municipality */
} sd_place_status;

typedef struct {
    sd_place_status status;
    int prefecture;           /* 1..47, 0 when not known */
    const char *municipality; /* official name as stored (a ward's city), or NULL */
    char *candidates;         /* AMBIGUOUS, ELSEWHERE: 東京都府中市、広島県府中市; owned */
} sd_place;

/* Reads a place as members write it (千葉県千葉市中央区…, 千葉市, 茨城,
 * つくば市吾妻, 那珂郡東海村, 〒305-0031 つくば市…) against the list of
 * municipalities. expected is the prefecture another column gave, 0 for
 * none: the municipality is then looked for in it only. A prefecture's name
 * is taken off the front only when what follows reads, so 千葉市 is never
 * 千葉 + 市. The stored level: a designated city's ward is its city, and a
 * 郡 is dropped (the town or village is the municipality). Clear *out with
 * sd_place_clear. */
void sd_place_parse(const sd_templates *t, const char *text, int expected, sd_place *out);
void sd_place_clear(sd_place *out);

/* Employees as a count (25, ２５人, 1,200名, 十二名, 役員含め12名, 家族3人,
 * 代表者のみ, 約20人, 20人程度), a band label (6〜20人) or a range inside
 * one band (10〜20人, 5人以下). *employees is -1 when only the band is
 * known. Several counts (正社員12名・パート8名) give the band when the
 * first and the total fall in the same band; else the text is refused. */
bool sd_parse_employees(const sd_templates *t, const char *text, int *employees, int *band);

/* sd_parse_employees that, on a refusal it can explain (a range across a
 * band boundary, counts that disagree), writes why into why (Japanese). */
bool sd_parse_employees_why(const sd_templates *t, const char *text, int *employees, int *band, char *why,
                            size_t whylen);

/* Dates: 2026-10-15, 2026/10/5, 2026年10月5日, 20261005 (a real date
 * only), 令和8年10月5日, an Excel serial day, with an optional time after.
 * Writes "YYYY-MM-DD" to out (11 bytes). */
bool sd_parse_date(const char *text, char out[11]);

/* A 回答日 typed without its year: 10月4日, 10/4, 10/04(土), a time after. */
typedef enum {
    SD_MONTHDAY_NONE = 0, /* the text is no month and day without a year */
    SD_MONTHDAY_READ,     /* out holds YYYY-MM-DD */
    SD_MONTHDAY_REFUSED   /* its year is not known: why says to write it */
} sd_monthday;

/* Reads a month and day without a year. The year is period's (YYYY-MM:
 * --period, else the month the sheet's or the file's name gives; NULL
 * for none) when the month is not after period's month: a December
 * answer in a January file is refused, never moved to the year before.
 * other, when not NULL, is a second month named (the file's, beside the
 * sheet's) whose year must agree. why gets the Japanese reason. */
sd_monthday sd_parse_month_day(const char *text, const char *period, const char *other, char out[11],
                               char *why, size_t whylen);

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
