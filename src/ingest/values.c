/* values.c - parsers for the values a member's answer row holds */
#include "ingest/values.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/limits.h"
#include "core/places.h"
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

/* The choice worth v points, or -1. */
static int sd_choice_for_points(const sd_templates *t, long v)
{
    for (int i = 0; i < SD_NCHOICES; i++)
        if (t->choices[i].points == v)
            return i;
    return -1;
}

/* The choice a normalised key names (a synonym, points, 4点), or -1. */
static int sd_answer_key(const sd_templates *t, char *key)
{
    size_t kl = strlen(key);
    while (kl >= 3 && strcmp(key + kl - 3, "。") == 0)
        key[kl -= 3] = 0;
    if (kl > 3 && strcmp(key + kl - 3, "点") == 0 && (isdigit((unsigned char)key[kl - 4])))
        key[kl -= 3] = 0;
    for (int i = 0; i < SD_NCHOICES; i++)
        if (sd_key_in(t->choices[i].keys, key))
            return i;
    long v;
    return sd_whole_int(key, &v) ? sd_choice_for_points(t, v) : -1;
}

/* The signs staff and Excel put for minus before a number: − ‐ ‑ ‒ – —
 * ﹣ and Excel's accounting △ ▲ (△1 is -1; △ alone is 一部). */
static const char *const sd_minus_signs[] = {"\xe2\x88\x92",
                                             "\xe2\x80\x90",
                                             "\xe2\x80\x91",
                                             "\xe2\x80\x92",
                                             "\xe2\x80\x93",
                                             "\xe2\x80\x94",
                                             "\xef\xb9\xa3",
                                             "△",
                                             "▲"};

/* Points as a number fills the cleaned text: 4, +4, 4.0, -1, −1, △1,
 * 4点, 4.0点. Returns true with the value. */
static bool sd_answer_points(const char *c, long *out)
{
    const char *p = c;
    int sign = 1;
    if (*p == '+' || *p == '-') {
        sign = *p == '-' ? -1 : 1;
        p++;
    } else {
        for (size_t i = 0; i < sizeof sd_minus_signs / sizeof sd_minus_signs[0]; i++)
            if (sd_starts_with(p, sd_minus_signs[i])) {
                sign = -1;
                p += strlen(sd_minus_signs[i]);
                break;
            }
    }
    if (!isdigit((unsigned char)*p))
        return false;
    long v = 0;
    while (isdigit((unsigned char)*p) && v < 1000)
        v = v * 10 + (*p++ - '0');
    if (*p == '.') /* 4.0, 2.00: a whole number written as a decimal */
        for (p++; *p == '0'; p++)
            ;
    if (sd_starts_with(p, "点"))
        p += strlen("点");
    if (*p)
        return false;
    *out = sign * v;
    return true;
}

/* Why a mark with a note in brackets is no answer. */
typedef enum {
    SD_NOTE_FINE = 0,    /* no note, or one that agrees */
    SD_NOTE_CONTRADICTS, /* the note names another answer (×（一部）) */
    SD_NOTE_UNKNOWN      /* the note is no answer the vocabulary knows (○（予定）) */
} sd_note_problem;

/* Reads an answer; *problem says why a mark with a note was refused. A
 * note that agrees is read (実施している(4点), ○（実施）); 一部 on a mark of
 * 実施 (○（一部）, 実施（一部）) is 一部実施, as the note says; any other
 * note refuses the cell, never read as its bare mark. */
static bool sd_answer_read(const sd_templates *t, const char *text, int *choice, sd_note_problem *problem)
{
    *problem = SD_NOTE_FINE;
    char *c = sd_text_clean(text);
    char *key = NULL, *note = NULL;
    bool ok = false;
    long v;
    if (!c || !*c)
        goto cleanup;
    if (sd_answer_points(c, &v)) {
        int points_choice = sd_choice_for_points(t, v);
        if (points_choice >= 0) {
            *choice = points_choice;
            ok = true;
        }
        goto cleanup;
    }
    key = sd_text_key(c);
    if (!key || !*key)
        goto cleanup;
    /* a form's choice text with its points in a note (実施している(4点)),
     * or a mark with a word (○（一部）) */
    size_t n = strlen(key);
    if (n && key[n - 1] == ')') {
        char *open = strrchr(key, '(');
        if (open && open > key) {
            key[n - 1] = '\0';
            note = sd_xstrdup(open + 1);
            *open = '\0';
        }
    }
    int main_choice = sd_answer_key(t, key);
    if (main_choice < 0)
        goto cleanup;
    if (note && *note) {
        int note_choice = sd_answer_key(t, note);
        long nv;
        if (note_choice < 0 && sd_answer_points(note, &nv))
            note_choice = sd_choice_for_points(t, nv);
        if (note_choice < 0) {
            *problem = SD_NOTE_UNKNOWN;
            goto cleanup;
        }
        if (main_choice == SD_CHOICE_DONE && sd_key_in(t->choices[SD_CHOICE_PARTIAL].keys, note))
            main_choice = SD_CHOICE_PARTIAL; /* done, in part (a word: 実施している(2点) disagrees) */
        else if (note_choice != main_choice) {
            *problem = SD_NOTE_CONTRADICTS;
            goto cleanup;
        }
    }
    *choice = main_choice;
    ok = true;
cleanup:
    free(note);
    free(key);
    free(c);
    return ok;
}

bool sd_parse_answer(const sd_templates *t, const char *text, int *choice)
{
    sd_note_problem problem;
    return sd_answer_read(t, text, choice, &problem);
}

const char *sd_answer_contradiction(const sd_templates *t, const char *text)
{
    sd_note_problem problem;
    int choice;
    sd_answer_read(t, text, &choice, &problem);
    switch (problem) {
    case SD_NOTE_CONTRADICTS:
        return "記号と括弧内の言葉で回答が食い違っています（例: ×（一部））。"
               "「実施している」「一部実施している」「実施していない」「わからない」のどれか一つにしてくださ"
               "い";
    case SD_NOTE_UNKNOWN:
        return "括弧内の言葉が回答として分かりません（例: ○（予定））。記号だけの回答としては読みません。"
               "「実施している」「一部実施している」「実施していない」「わからない」のどれか一つにしてくださ"
               "い";
    default:
        return NULL;
    }
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
                why = "チェック印だけでは回答が分かりません（実施している / 一部実施している / "
                      "実施していない / わからない、または ○△×？で書いてください）";
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0] && !why; i++)
            if (strcmp(key, dashes[i]) == 0)
                why = "線（－）だけでは回答が分かりません（実施していない なら × か 0、分からない なら ？ "
                      "と書いてください）";
    }
    free(key);
    return why;
}

int sd_industry_lookup(const sd_templates *t, const char *text, char *letter, char letters[21])
{
    letters[0] = '\0';
    char *key = sd_text_key(text);
    int n = 0;
    if (!key || !*key)
        goto cleanup;
    /* A letter followed by that industry's own name (E 製造業, E:製造業,
     * e(製造業)); never a letter at the start of a word (e-コマース is no E).
     * A letter alone is one of the industry's own keys. */
    if (key[0] >= 'a' && key[0] <= 't' && key[1]) {
        const sd_industry *ind = sd_industry_by_letter(t, (char)toupper((unsigned char)key[0]));
        char *rest = sd_xstrdup(key + 1);
        char *w = rest;
        for (const char *r = rest; *r; r++)
            if (!strchr("()-=", *r))
                *w++ = *r;
        *w = 0;
        bool own = false;
        for (char **k = ind ? ind->keys : NULL; k && *k && !own; k++)
            own = strcmp(*k, rest) == 0;
        free(rest);
        if (own) {
            letters[0] = ind->letter;
            letters[1] = '\0';
            n = 1;
            goto cleanup;
        }
    }
    n = sd_jsic_lookup(t->industry_words, text, letters);
cleanup:
    if (n == 1)
        *letter = letters[0];
    free(key);
    return n;
}

bool sd_parse_industry(const sd_templates *t, const char *text, char *letter)
{
    char letters[21];
    return sd_industry_lookup(t, text, letter, letters) == 1;
}

#define SD_PLACE_MAX_ROWS 32

/* The candidates of rows[] as 「東京都府中市、広島県府中市」, a designated
 * city's ward named with it, at most eight. */
static char *sd_place_candidates(const sd_templates *t, const size_t *rows, size_t n)
{
    sd_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        const sd_muni *m = sd_places_at(t->places, rows[i]);
        if (i == 8) {
            sd_buf_printf(&b, " ほか %zu か所", n - i);
            break;
        }
        sd_buf_printf(&b, "%s%s%s%s", i ? "、" : "", t->prefectures[m->prefecture - 1].name, m->municipality,
                      m->ward ? m->ward : "");
    }
    return sd_buf_steal(&b);
}

/* How many different stored municipalities rows[] name; the first in *first. */
static size_t sd_distinct_munis(const sd_templates *t, const size_t *rows, size_t n, size_t *first)
{
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        const sd_muni *m = sd_places_at(t->places, rows[i]);
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const sd_muni *o = sd_places_at(t->places, rows[j]);
            seen = o->prefecture == m->prefecture && strcmp(o->municipality, m->municipality) == 0;
        }
        if (!seen && distinct++ == 0)
            *first = rows[i];
    }
    return distinct;
}

void sd_place_clear(sd_place *out)
{
    if (!out)
        return;
    free(out->candidates);
    memset(out, 0, sizeof *out);
}

typedef struct {
    int pref;         /* the prefecture named in front, 0 for none */
    const char *rest; /* what follows it */
} sd_reading;

void sd_place_parse(const sd_templates *t, const char *text, int expected, sd_place *out)
{
    memset(out, 0, sizeof *out);
    out->status = SD_PLACE_NONE;
    char *c = sd_text_clean(text);
    if (!c)
        return;
    sd_strip_postal_code(c);
    sd_places_fold(c);
    /* Readings: the whole text, and the text after a prefecture's full or
     * short name at its start. A reading counts only when a municipality
     * follows (or nothing does): 千葉市 is the city, never 千葉 + 市. */
    sd_reading readings[3] = {{0, c}};
    size_t nreadings = 1;
    for (int i = 0; i < SD_NPREFECTURES && nreadings == 1; i++) {
        const sd_prefecture *p = &t->prefectures[i];
        if (sd_starts_with(c, p->name_key))
            readings[nreadings++] = (sd_reading){p->code, c + strlen(p->name_key)};
        if (strcmp(p->name_key, p->short_key) != 0 && sd_starts_with(c, p->short_key))
            readings[nreadings++] = (sd_reading){p->code, c + strlen(p->short_key)};
    }
    size_t found[SD_PLACE_MAX_ROWS], nfound = 0, best_reach = 0;
    int named_pref = 0, conflict = 0;
    bool pref_alone = false;
    for (size_t r = 0; r < nreadings; r++) {
        int pref = readings[r].pref;
        if (pref && expected && pref != expected) {
            conflict = pref;
            continue;
        }
        if (pref && !*readings[r].rest) {
            pref_alone = true;
            named_pref = pref;
            continue;
        }
        if (pref)
            named_pref = pref;
        size_t rows[SD_PLACE_MAX_ROWS], n = 0;
        size_t len =
            sd_places_match(t->places, readings[r].rest, pref ? pref : expected, rows, SD_PLACE_MAX_ROWS, &n);
        /* the reading that reads furthest wins: 山形村山市 is 山形 + 村山市,
         * not 山形村 followed by an address */
        size_t reach = (size_t)(readings[r].rest - c) + len;
        if (!n || reach < best_reach)
            continue;
        if (reach > best_reach)
            nfound = 0;
        best_reach = reach;
        for (size_t i = 0; i < n && nfound < SD_PLACE_MAX_ROWS; i++)
            found[nfound++] = rows[i];
    }
    size_t first = 0;
    size_t distinct = sd_distinct_munis(t, found, nfound, &first);
    if (distinct == 1) {
        const sd_muni *m = sd_places_at(t->places, first);
        out->status = SD_PLACE_FOUND;
        out->prefecture = m->prefecture;
        out->municipality = m->municipality;
    } else if (distinct > 1) {
        out->status = SD_PLACE_AMBIGUOUS;
        /* all of them agree on the prefecture: that much is known */
        int pref = sd_places_at(t->places, found[0])->prefecture;
        for (size_t i = 1; i < nfound && pref; i++)
            if (sd_places_at(t->places, found[i])->prefecture != pref)
                pref = 0;
        out->prefecture = pref ? pref : named_pref;
        out->candidates = sd_place_candidates(t, found, nfound);
    } else if (pref_alone) {
        out->status = SD_PLACE_PREFECTURE;
        out->prefecture = named_pref;
    } else if (named_pref) {
        out->status = SD_PLACE_UNKNOWN;
        out->prefecture = named_pref;
    } else if (conflict) {
        out->status = SD_PLACE_CONFLICT;
        out->prefecture = conflict;
    } else if (expected) {
        /* not in the prefecture expected: is it a municipality elsewhere? */
        size_t rows[SD_PLACE_MAX_ROWS], n = 0;
        sd_places_match(t->places, c, 0, rows, SD_PLACE_MAX_ROWS, &n);
        if (n) {
            out->status = SD_PLACE_ELSEWHERE;
            out->candidates = sd_place_candidates(t, rows, n);
        }
    }
    free(c);
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

/* Kanji numerals made digits, in a new string: 十二 -> 12, 二十五 -> 25,
 * 一千二百 -> 1200, 一 -> 1; a run without 十百千 is read digit by digit
 * (二〇 -> 20). */
static char *sd_kanji_digits(const char *s)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const units[] = {"十", "百", "千"};
    static const int unit_values[] = {10, 100, 1000};
    sd_buf b = {0};
    const char *p = s;
    while (*p) {
        long total = 0, num = -1;
        bool any = false, positional = true, bad = false;
        const char *q = p;
        for (;;) {
            int d = -1, u = -1;
            for (int i = 0; i < 10 && d < 0; i++)
                if (sd_starts_with(q, digits[i]))
                    d = i;
            for (int i = 0; i < 3 && d < 0 && u < 0; i++)
                if (sd_starts_with(q, units[i]))
                    u = i;
            if (d >= 0) {
                if (!positional && num >= 0) { /* 十二三 is no number */
                    bad = true;
                    break;
                }
                num = positional && num >= 0 ? num * 10 + d : d;
                q += strlen(digits[d]);
            } else if (u >= 0) {
                positional = false;
                total += (num > 0 ? num : 1) * unit_values[u];
                num = -1;
                q += strlen(units[u]);
            } else {
                break;
            }
            any = true;
            if (total > 9999999)
                break;
        }
        if (bad) {
            sd_buf_adds(&b, "?"); /* no count reads past this */
            p = q + strlen(q);
        } else if (any) {
            sd_buf_printf(&b, "%ld", total + (num > 0 ? num : 0));
            p = q;
        } else {
            const char *start = p;
            sd_utf8_next(&p);
            sd_buf_add(&b, start, (size_t)(p - start));
        }
    }
    return b.data ? sd_buf_steal(&b) : sd_xstrdup("");
}

/* Removes every occurrence of each word, in place; where that would join
 * two numbers (正社員 12名 パート 8名) a + stands between them instead. */
static void sd_remove_words(char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t wl = strlen(words[i]);
        for (char *hit; (hit = strstr(s, words[i]));) {
            *hit = '\x01';
            memmove(hit + 1, hit + wl, strlen(hit + wl) + 1);
        }
    }
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r != '\x01') {
            *w++ = *r;
            continue;
        }
        while (r[1] == '\x01')
            r++;
        if (w > s && isdigit((unsigned char)w[-1]) && isdigit((unsigned char)r[1]))
            *w++ = '+'; /* one byte: never longer than what it replaces */
    }
    *w = '\0';
}

/* The words around a headcount that say who is counted or how exactly:
 * taken off, leaving the number (longest first where one holds another). */
static const char *const sd_headcount_words[] = {"役員を含む", "役員含む",
                                                 "役員含め",   "役員込み",
                                                 "役員込",     "代表者を含む",
                                                 "代表者含む", "代表者含め",
                                                 "家族従業員", "常時雇用する従業員",
                                                 "常時雇用",   "常時使用",
                                                 "常時",       "正社員",
                                                 "正職員",     "従業員数",
                                                 "従業員",     "社員数",
                                                 "社員",       "職員",
                                                 "スタッフ",   "家族",
                                                 "代表者",     "代表",
                                                 "社長",       "本人",
                                                 "自分",       "およそ",
                                                 "おおよそ",   "概ね",
                                                 "大体",       "だいたい",
                                                 "約",         "合計",
                                                 "総数",       "計",
                                                 "現在",       "のみ",
                                                 "だけ",       "程度",
                                                 "くらい",     "ぐらい",
                                                 "前後",       "ほど",
                                                 "位",         "人数",
                                                 "人",         "名",
                                                 "で",         "は",
                                                 "が",         "(",
                                                 ")",          ":",
                                                 "。",         " "};

/* Others counted beside the first: 正社員12名・パート8名. */
static const char *const sd_headcount_others[] = {
    "パートタイマー", "パート", "アルバイト", "派遣", "契約社員", "契約", "嘱託", "臨時", "非常勤"};

/* A size band's label as written in the template (6〜20人, 301人以上),
 * u with its dashes unified: true with *band (and *employees -1). */
static bool sd_employees_band_label(const sd_templates *t, const char *u, int *employees, int *band)
{
    bool ok = false;
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
    return ok;
}

/* Several counts (12+8, 正社員12名・パート8名: first lo, p at the
 * separator after it; others: a word for staff other than the first was
 * seen): true with the band when the first and the total fall in the same
 * one; else false, with why when it can say. */
static bool sd_employees_several(const sd_templates *t, long lo, const char *p, bool others, int *employees,
                                 int *band, char *why, size_t whylen)
{
    long total = lo;
    while (*p) {
        if (strchr("+,/&", *p))
            p++;
        else if (sd_starts_with(p, "、") || sd_starts_with(p, "・") || sd_starts_with(p, "と"))
            p += 3;
        else
            break;
        long more = sd_read_count(&p);
        if (more < 0)
            return false;
        total += more;
    }
    if (*p || !others)
        return false;
    int b1 = sd_size_band_for(t, (int)lo), b2 = sd_size_band_for(t, (int)(total > 9999999 ? 9999999 : total));
    if (b1 > 0 && b1 == b2) {
        *employees = -1;
        *band = b1;
        return true;
    }
    if (why && whylen)
        snprintf(why, whylen,
                 "人数が複数書かれていて、最初の %ld 人と合計の %ld 人とで規模の区分が変わります。"
                 "従業員数を合計などの一つの数で書いてください",
                 lo, total);
    return false;
}

/* A count (lo == hi) or a range lo..hi (hi -1: no upper end): true with
 * the count and its band, or with a band alone when the range lies inside
 * one; else false, with why when the range crosses a band boundary. */
static bool sd_employees_range(const sd_templates *t, long lo, long hi, int *employees, int *band, char *why,
                               size_t whylen)
{
    if (hi == lo) {
        *employees = (int)lo;
        *band = sd_size_band_for(t, (int)lo);
        return *band > 0;
    }
    /* a range (10~20, 5以下, 301以上): a size band when it lies inside one */
    int b1 = sd_size_band_for(t, (int)lo);
    int b2 = hi < 0 ? t->size_bands[t->nsize_bands - 1].id : sd_size_band_for(t, (int)hi);
    if (b1 > 0 && b1 == b2) {
        *employees = -1;
        *band = b1;
        return true;
    }
    if (b1 > 0 && b2 > 0 && why && whylen) {
        const sd_size_band *sb = sd_size_band_by_id(t, b1);
        snprintf(why, whylen,
                 "人数に幅があるため、規模の区分（%d 人以下か %d 人以上か）が決まりません。"
                 "従業員数を一つの数で書いてください",
                 sb->max, sb->max + 1);
    }
    return false;
}

bool sd_parse_employees_why(const sd_templates *t, const char *text, int *employees, int *band, char *why,
                            size_t whylen)
{
    char *c = sd_text_clean(text);
    char *u = NULL, *k = NULL;
    bool ok = false;
    if (why && whylen)
        why[0] = '\0';
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
    if ((ok = sd_employees_band_label(t, u, employees, band)))
        goto cleanup;
    /* the words around the number go, kanji numerals become digits */
    k = sd_kanji_digits(c);
    bool alone = (strstr(k, "代表者") || strstr(k, "本人") || strstr(k, "社長") || strstr(k, "自分")) &&
                 (strstr(k, "のみ") || strstr(k, "だけ") || strstr(k, "1人") || strstr(k, "1名"));
    bool others = false;
    for (size_t i = 0; i < sizeof sd_headcount_others / sizeof sd_headcount_others[0]; i++)
        others = others || strstr(k, sd_headcount_others[i]);
    sd_remove_words(k, sd_headcount_others, sizeof sd_headcount_others / sizeof sd_headcount_others[0]);
    sd_remove_words(k, sd_headcount_words, sizeof sd_headcount_words / sizeof sd_headcount_words[0]);
    if (!*k && alone) {
        /* 代表者のみ, 本人だけ: one person */
        *employees = 1;
        *band = sd_size_band_for(t, 1);
        ok = *band > 0;
        goto cleanup;
    }
    /* the dashes of a range made one, now that パート's ー is gone */
    char *ranged = sd_unify_dashes(k);
    free(k);
    k = ranged;
    const char *p = k;
    long lo = sd_read_count(&p);
    if (lo < 1)
        goto cleanup;
    long hi = lo;
    if (*p == '~') {
        p++;
        hi = sd_read_count(&p);
        if (hi < lo)
            goto cleanup;
    } else if (sd_starts_with(p, "以下") || sd_starts_with(p, "以内")) {
        p += strlen("以下");
        lo = 1;
    } else if (sd_starts_with(p, "未満")) {
        p += strlen("未満");
        hi = lo - 1;
        lo = 1;
        if (hi < 1)
            goto cleanup;
    } else if (sd_starts_with(p, "以上")) {
        p += strlen("以上");
        hi = -1;
    } else if ((*p && strchr("+,/&", *p)) || sd_starts_with(p, "、") || sd_starts_with(p, "・") ||
               sd_starts_with(p, "と")) {
        /* several counts: the first and the total must give one band */
        ok = sd_employees_several(t, lo, p, others, employees, band, why, whylen);
        goto cleanup;
    }
    if (*p)
        goto cleanup;
    ok = sd_employees_range(t, lo, hi, employees, band, why, whylen);
cleanup:
    free(k);
    free(u);
    free(c);
    return ok;
}

bool sd_parse_employees(const sd_templates *t, const char *text, int *employees, int *band)
{
    return sd_parse_employees_why(t, text, employees, band, NULL, 0);
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
    } else if (sscanf(c, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 ||
               sscanf(c, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 ||
               sscanf(c, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3 ||
               sscanf(c, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3) {
        /* n set */
    } else if (strspn(c, "0123456789") == 8 && (!c[8] || c[8] == ' ' || c[8] == 'T')) {
        /* yyyymmdd, as business systems write a date (20261005); a real
         * date only (sd_valid_ymd below), never a number read as one */
        sscanf(c, "%4d%2d%2d", &y, &m, &d);
        n = 8;
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

sd_monthday sd_parse_month_day(const char *text, const char *period, const char *other, char out[11],
                               char *why, size_t whylen)
{
    char *c = sd_text_clean(text);
    sd_monthday result = SD_MONTHDAY_NONE;
    int m = 0, d = 0, n = 0, shift = 0;
    if (why && whylen)
        why[0] = '\0';
    if (!c || !isdigit((unsigned char)c[0]))
        goto cleanup;
    char *wd = strchr(c, '(');
    if (wd) {
        char *close = strchr(wd, ')');
        if (close && close - wd <= 1 + 3 * 2) /* (土) or (土曜) */
            memmove(wd, close + 1, strlen(close + 1) + 1);
    }
    if (!((sscanf(c, "%2d月%2d日%n", &m, &d, &n) == 2 || sscanf(c, "%2d/%2d%n", &m, &d, &n) == 2) &&
          sd_valid_ymd(2000, m, d) && sd_time_offset(c + n, &shift)))
        goto cleanup;
    result = SD_MONTHDAY_REFUSED;
    int py = 0, pm = 0, oy = 0, om = 0;
    if (!period || sscanf(period, "%4d-%2d", &py, &pm) != 2) {
        snprintf(
            why, whylen,
            "回答日「%s」に年がありません。年を付けて書くか（例: 2026/%d/%d）、--period で診断月を指定して"
            "ください",
            c, m, d);
    } else if (other && sscanf(other, "%4d-%2d", &oy, &om) == 2 && oy != py) {
        snprintf(
            why, whylen,
            "回答日「%s」に年がありません。シート名の年月（%.7s）とファイル名の年月（%.7s）で年が違うため、"
            "年が決まりません。年を付けて書いてください（例: %d/%d/%d）",
            c, period, other, py, m, d);
    } else if (m > pm) {
        /* a month after the period's in its year: the previous year's,
         * or a slip; which one is not for us to decide */
        snprintf(why, whylen,
                 "回答日「%s」に年がありません。診断月（%d 年 %d 月）より後の月なので、前の年の回答かどうか"
                 "決められません。年を付けて書いてください（例: %d/%d/%d）",
                 c, py, pm, py - 1, m, d);
    } else if (!sd_valid_ymd(py, m, d)) {
        snprintf(why, whylen, "回答日「%s」は %d 年にない日付です。年を付けて正しい日付を書いてください", c,
                 py);
    } else {
        int y = py;
        if (shift)
            sd_civil(sd_days(y, m, d) + shift, &y, &m, &d);
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
        result = SD_MONTHDAY_READ;
    }
cleanup:
    free(c);
    return result;
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
        } else if (sscanf(p, "%4d%2d%n", &y, &m, &n) == 2 && n == 6 && !isdigit((unsigned char)p[n]) &&
                   sd_valid_ymd(y, m, 1)) {
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
