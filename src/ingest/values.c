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

static void sd_drop_trailing_note(char *s);
static long sd_read_count(const char **p);

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
    /* a form's choice text with a full stop (実施している。) or its points
     * in a note (実施している(4点)); points written as 4点 */
    sd_drop_trailing_note(key);
    size_t kl = strlen(key);
    while (kl >= 3 && strcmp(key + kl - 3, "。") == 0)
        key[kl -= 3] = 0;
    if (kl > 3 && strcmp(key + kl - 3, "点") == 0 && (isdigit((unsigned char)key[kl - 4])))
        key[kl -= 3] = 0;
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

const char *sd_answer_refusal(const char *text)
{
    char *key = sd_text_key(text);
    const char *why = NULL;
    if (key) {
        /* a check mark says "this one" in a choice grid, and may mean done
         * or chosen in one column; a dash may mean none, not asked or not
         * known: neither is read as an answer */
        static const char *const checks[] = {"レ", "✓", "✔", "☑", "v"};
        static const char *const dashes[] = {"ー", "－", "-", "―", "—", "‐", "─", "−"};
        for (size_t i = 0; i < sizeof checks / sizeof checks[0] && !why; i++)
            if (strcmp(key, checks[i]) == 0)
                why = "チェック印だけでは回答が分かりません（実施している / 一部実施している / 実施していない / わからない、または ○△×？で書いてください）";
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0] && !why; i++)
            if (strcmp(key, dashes[i]) == 0)
                why = "線（－）だけでは回答が分かりません（実施していない なら × か 0、分からない なら ？ と書いてください）";
    }
    free(key);
    return why;
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
    /* A letter alone (E), or the letter followed by that industry's own
     * name (E 製造業, E:製造業, e(製造業)); never a letter at the start of
     * a word (e-コマース is no E). */
    if (!ok && key[0] >= 'a' && key[0] <= 't') {
        const sd_industry *ind = sd_industry_by_letter(t, (char)toupper((unsigned char)key[0]));
        char *rest = sd_xstrdup(key + 1);
        /* the brackets and dashes around the name */
        char *w = rest;
        for (const char *r = rest; *r; r++)
            if (!strchr("()-=", *r))
                *w++ = *r;
        *w = 0;
        if (ind && (!*rest || sd_key_in(ind->keys, rest))) {
            *letter = ind->letter;
            ok = true;
        }
        free(rest);
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

/* s with every dash and wave staff type for a range (〜 ～ ~ ー − - ‐ –
 * —) made one "~", in a new string. */
static char *sd_unify_dashes(const char *s)
{
    static const char *const dashes[] = {"〜", "～", "ー", "−", "‐", "–", "—", "―", "-"};
    sd_buf b = {0};
    const char *p = s;
    while (*p) {
        bool hit = false;
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0] && !hit; i++)
            if (sd_starts_with(p, dashes[i])) {
                sd_buf_addc(&b, '~');
                p += strlen(dashes[i]);
                hit = true;
            }
        if (!hit)
            sd_buf_addc(&b, *p++);
    }
    return b.data ? sd_buf_steal(&b) : sd_xstrdup("");
}

/* Removes a note in brackets at the end: 20名(パート含む) -> 20名. */
static void sd_drop_trailing_note(char *s)
{
    size_t n = strlen(s);
    if (n && s[n - 1] == ')') {
        char *open = strrchr(s, '(');
        if (open && open > s) {
            *open = 0;
            while (open > s && open[-1] == ' ')
                *--open = 0;
        }
    }
}

/* Reads digits with optional thousands commas at *p; -1 when none. */
static long sd_read_count(const char **p)
{
    long v = 0;
    int digits = 0;
    for (; **p; (*p)++) {
        if (isdigit((unsigned char)**p)) {
            v = v * 10 + (**p - '0');
            if (++digits > 7)
                return -1;
        } else if (**p != ',' || digits == 0)
            break;
    }
    return digits ? v : -1;
}

static const char *sd_skip_unit(const char *p)
{
    while (*p == ' ')
        p++;
    if (sd_starts_with(p, "人"))
        return p + strlen("人");
    if (sd_starts_with(p, "名"))
        return p + strlen("名");
    return p;
}

bool sd_parse_employees(const sd_templates *t, const char *text, int *employees, int *band)
{
    char *c = sd_text_clean(text);
    char *u = NULL;
    bool ok = false;
    if (!c || !*c)
        goto cleanup;
    /* the common case first: a plain count (25, 1,200) */
    if (strspn(c, "0123456789,") == strlen(c) && isdigit((unsigned char)c[0])) {
        const char *q = c;
        long v = sd_read_count(&q);
        if (v >= 1 && !*q) {
            *employees = (int)v;
            *band = sd_size_band_for(t, (int)v);
            ok = *band > 0;
        }
        goto cleanup;
    }
    sd_drop_trailing_note(c);
    u = sd_unify_dashes(c);
    /* a band label as written in the template (6〜20人, 301人以上), with
     * any of the dashes staff type */
    char *key = sd_text_key(u);
    for (int i = 0; i < t->nsize_bands && !ok; i++) {
        char *label = sd_unify_dashes(t->size_bands[i].label);
        char *bk = sd_text_key(label);
        free(label);
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
    /* 約20人, 20人程度, 20名くらい: the count typed */
    const char *p = u;
    if (sd_starts_with(p, "約"))
        p += strlen("約");
    else if (sd_starts_with(p, "およそ"))
        p += strlen("およそ");
    long lo = sd_read_count(&p);
    if (lo < 1)
        goto cleanup;
    p = sd_skip_unit(p);
    if (*p == '~') {
        /* a range, 10~20人: taken as a size band when it lies inside one */
        p++;
        long hi = sd_read_count(&p);
        p = sd_skip_unit(p);
        if (hi < lo || *p)
            goto cleanup;
        int b1 = sd_size_band_for(t, (int)lo), b2 = sd_size_band_for(t, (int)hi);
        if (b1 <= 0 || b1 != b2)
            goto cleanup;
        *employees = -1;
        *band = b1;
        ok = true;
        goto cleanup;
    }
    static const char *const approx[] = {"程度", "くらい", "ぐらい", "前後", "ほど", ""};
    bool tail_ok = false;
    for (size_t i = 0; i < sizeof approx / sizeof approx[0] && !tail_ok; i++)
        tail_ok = strcmp(p, approx[i]) == 0;
    if (!tail_ok)
        goto cleanup;
    *employees = (int)lo;
    *band = sd_size_band_for(t, (int)lo);
    ok = *band > 0;
cleanup:
    free(u);
    free(c);
    return ok;
}

void sd_strip_postal_code(char *s)
{
    if (!s)
        return;
    char *p = s;
    if (sd_starts_with(p, "〒"))
        p += strlen("〒");
    while (*p == ' ')
        p++;
    /* 310-0011 or 3100011 */
    const char *q = p;
    int digits = 0;
    while (isdigit((unsigned char)*q) || (*q == '-' && digits == 3))
        digits += isdigit((unsigned char)*q++) ? 1 : 0;
    if (digits == 7 && (q - p == 7 || q - p == 8)) {
        while (*q == ' ')
            q++;
        memmove(s, q, strlen(q) + 1);
    } else if (p != s && sd_starts_with(s, "〒")) {
        memmove(s, p, strlen(p) + 1);
    }
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

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long sd_days(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void sd_civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 令和8年, R8, 平成31年, H31 (令和元年 is 1): the Western year, with the
 * length read in *n; 0 when c starts with no era. */
static int sd_era_year(const char *c, int *n)
{
    static const struct {
        const char *name;
        int base;
    } eras[] = {{"令和", 2018}, {"R", 2018}, {"r", 2018}, {"平成", 1988}, {"H", 1988}, {"h", 1988}};
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        if (!sd_starts_with(c, eras[i].name))
            continue;
        const char *p = c + strlen(eras[i].name);
        int y = 0, k = 0;
        if (sd_starts_with(p, "元")) {
            y = 1;
            k = (int)strlen("元");
        } else if (sscanf(p, "%2d%n", &y, &k) != 1 || y < 1) {
            return 0;
        }
        *n = (int)(p - c) + k;
        return eras[i].base + y;
    }
    return 0;
}

/* Reads a time (9:05, 14:03:22, 午後 2:03:22) and a zone (Z, UTC, GMT+9,
 * +09:00) after a date; returns the day offset the zone makes in Japan
 * time (-1, 0, +1), 0 when there is no zone. false on what is no time. */
static bool sd_time_offset(const char *p, int *day_shift)
{
    *day_shift = 0;
    while (*p == ' ' || *p == 'T' || *p == 't')
        p++;
    if (!*p)
        return true;
    bool pm = false, am = false;
    if (sd_starts_with(p, "午後")) {
        pm = true;
        p += strlen("午後");
    } else if (sd_starts_with(p, "午前")) {
        am = true;
        p += strlen("午前");
    }
    while (*p == ' ')
        p++;
    int h = 0, mi = 0, se = 0, n = 0;
    if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2)
        return false;
    p += n;
    if (sscanf(p, ":%2d%n", &se, &n) == 1)
        p += n;
    if (*p == '.') /* fractions of a second */
        while (*++p && isdigit((unsigned char)*p))
            ;
    while (*p == ' ')
        p++;
    if (sd_starts_with(p, "午後")) {
        pm = true;
        p += strlen("午後");
    } else if (sd_starts_with(p, "午前")) {
        am = true;
        p += strlen("午前");
    } else if (sd_starts_with(p, "PM") || sd_starts_with(p, "pm")) {
        pm = true;
        p += 2;
    } else if (sd_starts_with(p, "AM") || sd_starts_with(p, "am")) {
        am = true;
        p += 2;
    }
    if (h > 23 || mi > 59 || se > 60 || ((pm || am) && (h < 1 || h > 12)))
        return false;
    if (pm && h != 12)
        h += 12;
    if (am && h == 12)
        h = 0;
    while (*p == ' ')
        p++;
    if (!*p || sd_starts_with(p, "JST") || sd_starts_with(p, "jst"))
        return true;
    /* a zone: minutes east of UTC */
    int zone;
    if (*p == 'Z' || *p == 'z') {
        zone = 0;
        p++;
    } else {
        if (sd_starts_with(p, "GMT") || sd_starts_with(p, "UTC") || sd_starts_with(p, "gmt") ||
            sd_starts_with(p, "utc"))
            p += 3;
        if (!*p) {
            zone = 0;
        } else {
            int sign = *p == '-' ? -1 : *p == '+' ? 1 : 0;
            if (!sign)
                return false;
            p++;
            int zh = 0, zm = 0;
            if (sscanf(p, "%2d:%2d%n", &zh, &zm, &n) == 2 || sscanf(p, "%2d%2d%n", &zh, &zm, &n) == 2 ||
                sscanf(p, "%2d%n", &zh, &n) == 1)
                p += n;
            else
                return false;
            zone = sign * (zh * 60 + zm);
        }
    }
    if (*p)
        return false;
    /* the local time in Japan (UTC+9) */
    int minutes = h * 60 + mi - zone + 9 * 60;
    *day_shift = minutes < 0 ? -1 : minutes >= 24 * 60 ? 1 : 0;
    return true;
}

bool sd_parse_date(const char *text, char out[11])
{
    char *c = sd_text_clean(text);
    int y = 0, m = 0, d = 0, n = 0;
    bool ok = false;
    if (!c)
        return false;
    /* a weekday in brackets after the date: 2026/10/01(木) */
    char *wd = strchr(c, '(');
    if (wd) {
        char *close = strchr(wd, ')');
        if (close && close - wd <= 1 + 3 * 2) /* (木) or (木曜) */
            memmove(wd, close + 1, strlen(close + 1) + 1);
    }
    int era_len = 0, ey = sd_era_year(c, &era_len);
    const char *p = c + era_len;
    if (ey) {
        int k = 0;
        if ((sscanf(p, "年%2d月%2d日%n", &m, &d, &k) == 2 || sscanf(p, ".%2d.%2d%n", &m, &d, &k) == 2 ||
             sscanf(p, "/%2d/%2d%n", &m, &d, &k) == 2 || sscanf(p, "-%2d-%2d%n", &m, &d, &k) == 2)) {
            y = ey;
            n = era_len + k;
        }
    } else if (sscanf(c, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 || sscanf(c, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 ||
               sscanf(c, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3 ||
               sscanf(c, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3) {
        /* n set */
    } else {
        /* an Excel serial day number (a date column's General cell, or CSV) */
        char *end;
        double serial = strtod(c, &end);
        if (end != c && !*end && serial >= 36526 && serial < 73051) {
            long z = (long)serial - 25569; /* 1899-12-30 is serial 0; 1970-01-01 is 25569 */
            sd_civil(z, &y, &m, &d);
            n = (int)strlen(c);
        }
    }
    int shift = 0;
    if (y && sd_valid_ymd(y, m, d) && sd_time_offset(c + n, &shift)) {
        if (shift)
            sd_civil(sd_days(y, m, d) + shift, &y, &m, &d);
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
    sd_drop_trailing_note(key);
    for (size_t kl = strlen(key); kl >= 3 && strcmp(key + kl - 3, "。") == 0; kl -= 3)
        key[kl - 3] = 0;
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
