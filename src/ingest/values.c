/* values.c - parsers for the values a member's answer row holds */
#include "ingest/values.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/limits.h"
#include "core/text.h"
#include "core/util.h"

static bool sd_key_in(char **keys, const char *key)
{
    for (char **k = keys; k && *k; k++)
        if (strcmp(*k, key) == 0)
            return true;
    return false;
}

/* Parses an optionally signed integer that fills the whole string. */
static bool sd_whole_int(const char *s, long *out)
{
    char *end;
    if (!*s)
        return false;
    long v = strtol(s, &end, 10);
    if (*end)
        return false;
    *out = v;
    return true;
}

bool sd_parse_answer(const sd_templates *t, const char *text, int *choice)
{
    char *key = sd_text_key(text);
    bool ok = false;
    long v;
    if (!key || !*key)
        goto cleanup;
    /* U+2212 MINUS SIGN and the dashes staff type for "-1" */
    if (sd_starts_with(key, "\xe2\x88\x92")) {
        memmove(key + 1, key + 3, strlen(key + 3) + 1);
        key[0] = '-';
    }
    for (int i = 0; i < SD_NCHOICES && !ok; i++) {
        if (sd_key_in(t->choices[i].keys, key)) {
            *choice = i;
            ok = true;
        }
    }
    if (!ok && sd_whole_int(key, &v)) {
        for (int i = 0; i < SD_NCHOICES && !ok; i++)
            if (t->choices[i].points == v) {
                *choice = i;
                ok = true;
            }
    }
cleanup:
    free(key);
    return ok;
}

bool sd_parse_industry(const sd_templates *t, const char *text, char *letter)
{
    char *key = sd_text_key(text);
    bool ok = false;
    if (!key || !*key)
        goto cleanup;
    for (int i = 0; i < SD_NINDUSTRIES && !ok; i++)
        if (sd_key_in(t->industries[i].keys, key)) {
            *letter = t->industries[i].letter;
            ok = true;
        }
    /* "E 製造業", "E:製造業", "e(製造業)": a letter, then not a letter. */
    if (!ok && key[0] >= 'a' && key[0] <= 't' && !isalpha((unsigned char)key[1])) {
        *letter = (char)toupper((unsigned char)key[0]);
        ok = true;
    }
cleanup:
    free(key);
    return ok;
}

bool sd_parse_prefecture(const sd_templates *t, const char *cleaned, int *code, const char **rest)
{
    /* Full names first, so 京都府 is never read as 京都 + 府. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < SD_NPREFECTURES; i++) {
            const sd_prefecture *p = &t->prefectures[i];
            const char *name = pass == 0 ? p->name : p->short_name;
            if (sd_starts_with(cleaned, name)) {
                *code = p->code;
                if (rest) {
                    *rest = cleaned + strlen(name);
                    while (**rest == ' ')
                        (*rest)++;
                }
                return true;
            }
        }
    }
    return false;
}

/* Byte offset just after the first occurrence of the UTF-8 character ch
 * that ends a name of at least min_cps code points, or 0. */
static size_t sd_end_after(const char *s, const char *ch, size_t min_cps)
{
    size_t cps = 0;
    for (const char *p = s; *p;) {
        bool hit = sd_starts_with(p, ch);
        sd_utf8_next(&p);
        cps++;
        if (hit && cps >= min_cps)
            return (size_t)(p - s);
    }
    return 0;
}

char *sd_parse_municipality(const char *cleaned)
{
    const char *s = cleaned;
    while (*s == ' ')
        s++;
    /* 郡 (county) within the first few characters: the town or village
     * after it is the municipality. */
    size_t gun = sd_end_after(s, "郡", 2);
    if (gun && gun <= 5 * 3) {
        const char *after = s + gun;
        size_t a = sd_end_after(after, "町", 2), b = sd_end_after(after, "村", 2);
        size_t end = (a && b) ? (a < b ? a : b) : (a ? a : b);
        return end ? sd_xstrndup(after, end) : NULL;
    }
    /* A city (市) or a ward of Tokyo (区), whichever ends first; 四日市市
     * and 廿日市市 keep their second 市. Towns and villages otherwise. */
    size_t shi = sd_end_after(s, "市", 2), ku = sd_end_after(s, "区", 2);
    if (shi && sd_starts_with(s + shi, "市"))
        shi += strlen("市");
    size_t end = (shi && ku) ? (shi < ku ? shi : ku) : (shi ? shi : ku);
    if (!end) {
        size_t a = sd_end_after(s, "町", 2), b = sd_end_after(s, "村", 2);
        end = (a && b) ? (a < b ? a : b) : (a ? a : b);
    }
    return end ? sd_xstrndup(s, end) : NULL;
}

bool sd_parse_employees(const sd_templates *t, const char *text, int *employees, int *band)
{
    char *c = sd_text_clean(text);
    bool ok = false;
    if (!c || !*c)
        goto cleanup;
    /* a band label as written in the template (6〜20人, 301人以上) */
    char *key = sd_text_key(c);
    for (int i = 0; i < t->nsize_bands && !ok; i++) {
        char *bk = sd_text_key(t->size_bands[i].label);
        if (bk && key && strcmp(bk, key) == 0) {
            *employees = -1;
            *band = t->size_bands[i].id;
            ok = true;
        }
        free(bk);
    }
    free(key);
    if (ok)
        goto cleanup;
    /* a count: digits with optional thousands commas, then 人/名/人程度 */
    long v = 0;
    const char *p = c;
    int digits = 0;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            v = v * 10 + (*p - '0');
            if (++digits > 7)
                goto cleanup;
        } else if (*p != ',' || digits == 0)
            break;
    }
    if (digits == 0 || v < 1)
        goto cleanup;
    while (*p == ' ')
        p++;
    if (*p && strcmp(p, "人") != 0 && strcmp(p, "名") != 0)
        goto cleanup;
    *employees = (int)v;
    *band = sd_size_band_for(t, (int)v);
    ok = *band > 0;
cleanup:
    free(c);
    return ok;
}

static bool sd_valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

bool sd_parse_date(const char *text, char out[11])
{
    char *c = sd_text_clean(text);
    int y, m, d, n = 0;
    bool ok = false;
    if (!c)
        return false;
    if ((sscanf(c, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(c, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(c, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3 ||
         sscanf(c, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3) &&
        (c[n] == '\0' || c[n] == ' ' || c[n] == 'T') && sd_valid_ymd(y, m, d)) {
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
        ok = true;
    }
    free(c);
    return ok;
}

bool sd_parse_period(const char *text, char out[8])
{
    char *c = sd_text_clean(text);
    int y, m, n = 0;
    bool ok = false;
    if (!c)
        return false;
    if ((sscanf(c, "%4d-%2d%n", &y, &m, &n) == 2 || sscanf(c, "%4d/%2d%n", &y, &m, &n) == 2 ||
         sscanf(c, "%4d年%2d月%n", &y, &m, &n) == 2 ||
         (strlen(c) == 6 && sscanf(c, "%4d%2d%n", &y, &m, &n) == 2)) &&
        c[n] == '\0' && sd_valid_ymd(y, m, 1)) {
        snprintf(out, 8, "%04d-%02d", y, m);
        ok = true;
    }
    free(c);
    return ok;
}

bool sd_period_from_name(const char *name, char out[8])
{
    char *c = sd_text_clean(name);
    bool ok = false;
    if (!c)
        return false;
    for (const char *p = c; *p && !ok; p++) {
        if (!isdigit((unsigned char)*p) || (p > c && isdigit((unsigned char)p[-1])))
            continue;
        int y, m, n = 0;
        if ((sscanf(p, "%4d-%2d%n", &y, &m, &n) == 2 || sscanf(p, "%4d_%2d%n", &y, &m, &n) == 2 ||
             sscanf(p, "%4d年%2d月%n", &y, &m, &n) == 2 || sscanf(p, "%4d.%2d%n", &y, &m, &n) == 2) &&
            n >= 6 && !isdigit((unsigned char)p[n]) && sd_valid_ymd(y, m, 1)) {
            ok = true;
        } else if (sscanf(p, "%4d%2d%n", &y, &m, &n) == 2 && n == 6 &&
                   !isdigit((unsigned char)p[n]) && sd_valid_ymd(y, m, 1)) {
            ok = true;
        }
        if (ok)
            snprintf(out, 8, "%04d-%02d", y, m);
    }
    free(c);
    return ok;
}

bool sd_parse_sa_level(const sd_templates *t, const char *text, int *level)
{
    char *key = sd_text_key(text);
    bool ok = false;
    if (!key)
        return false;
    if (!*key) {
        *level = 0;
        ok = true;
    }
    for (int i = 2; i >= 0 && !ok; i--)
        if (sd_key_in(t->sa_keys[i], key)) {
            *level = i;
            ok = true;
        }
    free(key);
    return ok;
}

char *sd_parse_member_no(const char *text)
{
    char *c = sd_text_clean(text);
    if (!c || !*c || strlen(c) > SD_LIMIT_MEMBER_NO)
        goto bad;
    for (const char *p = c; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            goto bad;
    if (c[0] == '-')
        goto bad;
    /* identity ignores case: M00001 and m00001 are one member (their PDFs
     * would collide on a case-insensitive share otherwise) */
    for (char *p = c; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return c;
bad:
    free(c);
    return NULL;
}

void sd_latest_answer_date(char out[11])
{
    const char *pinned = getenv("SHINDAN_TODAY");
    char today[11];
    if (pinned && sd_parse_date(pinned, today)) {
        struct tm tm = {0};
        sscanf(today, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        time_t t = timegm(&tm) + 86400;
        gmtime_r(&t, &tm);
        strftime(out, 11, "%Y-%m-%d", &tm);
        return;
    }
    /* a day's margin: Japan is ahead of UTC */
    time_t t = time(NULL) + 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}
